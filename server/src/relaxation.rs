//! Relaxation tracks: the list a patient chooses from, a practice's uploads (checked by their
//! bytes, stored in the database in chunks), retiring, and reading any part of a track's bytes for
//! a Range request. Tracks hold no health data, so listing needs only a signed-in person and no
//! audit row; the audio and transcript URLs answer without a token (an `<audio>` element cannot
//! send one), at unguessable ids.

pub mod shipped;
pub mod suggestions;

use actix_web::web::Bytes;
use evenkeel_domain::api::Role;
use evenkeel_domain::audio::{self, AudioError, TrackKind, TrackView};
use evenkeel_domain::error::ErrorCode;
use sha2::Digest;
use uuid::Uuid;

use crate::access::active_user;
use crate::auth::caller::Caller;
use crate::db::audio_tracks::{self, CHUNK_BYTES, TrackRow};
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult};

/// Puts this build's shipped tracks in the table (at start-up; idempotent, safe with several
/// instances starting at once).
pub fn sync_shipped(conn: &mut DbConn) -> anyhow::Result<()> {
    let manifest = shipped::manifest()?;
    // The tracks' bytes are not read here: their facts were worked out when the server was built.
    for (slug, _, script) in shipped::FILES {
        let track = manifest
            .iter()
            .find(|t| t.slug == slug)
            .ok_or_else(|| anyhow::anyhow!("{slug} is not in public/audio/tracks.json"))?;
        let facts = shipped::facts(slug).ok_or_else(|| anyhow::anyhow!("build.rs worked out no facts for {slug}"))?;
        let row = TrackRow {
            id: track.id.to_string(),
            title: track.title.clone(),
            description: track.description.clone(),
            kind: track.kind.clone(),
            has_words: track.has_words,
            transcript: shipped::transcript(script),
            media_type: facts.media_type.to_owned(),
            duration_ms: facts.duration_ms as i64,
            byte_size: facts.byte_size as i64,
            chunk_size: 0,
            sha256: facts.sha256.to_owned(),
            shipped: true,
            uploaded_by: None,
            created_at: db::now(),
            retired_at: None,
        };
        audio_tracks::sync_shipped(conn, &row)?;
    }
    Ok(())
}

fn hex_sha256(bytes: &[u8]) -> String {
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

pub fn view(row: &TrackRow) -> AppResult<TrackView> {
    let id = Uuid::parse_str(&row.id).map_err(AppError::internal)?;
    let duration_ms = u64::try_from(row.duration_ms).unwrap_or(0);
    Ok(TrackView {
        id,
        title: row.title.clone(),
        description: row.description.clone(),
        minutes: TrackView::minutes_of(duration_ms),
        duration_ms,
        kind: TrackKind::parse(&row.kind).unwrap_or(TrackKind::Other),
        has_words: row.has_words,
        bytes: u64::try_from(row.byte_size).unwrap_or(0),
        media_type: row.media_type.clone(),
        audio_url: TrackView::audio_url(id),
        transcript_url: TrackView::transcript_url(id),
        shipped: row.shipped,
    })
}

/// Every track not retired, for any signed-in person.
pub fn list(conn: &mut DbConn, caller: &Caller) -> AppResult<Vec<TrackView>> {
    active_user(conn, caller)?;
    audio_tracks::listed(conn)?.iter().map(view).collect()
}

/// The words sent with an upload, checked before the file is read.
#[derive(Debug, Default)]
pub struct UploadText {
    pub title: String,
    pub description: String,
    pub transcript: String,
    pub kind: Option<String>,
    pub has_words: Option<String>,
}

fn field(value: &str, label: &str, max: usize, needed: bool) -> AppResult<String> {
    let value = value.trim();
    if needed && value.is_empty() {
        return Err(AppError::invalid_input(format!("{label} is needed.")));
    }
    if value.chars().count() > max {
        return Err(AppError::invalid_input(format!("{label} can be at most {max} characters.")));
    }
    Ok(value.to_owned())
}

/// Who may upload: a project worker or a practice admin.
pub fn may_upload(conn: &mut DbConn, caller: &Caller) -> AppResult<()> {
    let user = active_user(conn, caller)?;
    if user.role == Role::Worker.as_str() || user.role == Role::Admin.as_str() {
        Ok(())
    } else {
        Err(AppError::new(ErrorCode::Forbidden, "Only the practice's project workers and admins can add tracks."))
    }
}

/// Checks and stores an upload. Nothing is stored unless every check passes.
pub fn upload(conn: &mut DbConn, caller: &Caller, text: &UploadText, bytes: &[u8]) -> AppResult<TrackView> {
    may_upload(conn, caller)?;
    let title = field(&text.title, "A title", audio::MAX_TITLE_CHARS, true)?;
    let description = field(&text.description, "The description", audio::MAX_DESCRIPTION_CHARS, false)?;
    let transcript = field(&text.transcript, "The transcript", audio::MAX_TRANSCRIPT_CHARS, true)?;
    let kind = match text.kind.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
        None => TrackKind::Other,
        Some(k) => TrackKind::parse(k).ok_or_else(|| {
            AppError::invalid_input(format!("The kind of track must be one of: {}.", audio::TRACK_KINDS.join(", ")))
        })?,
    };
    let has_words = match text.has_words.as_deref().map(str::trim) {
        None | Some("") | Some("true") => true,
        Some("false") => false,
        Some(_) => return Err(AppError::invalid_input("Whether the track has words must be true or false.")),
    };
    let info = audio::inspect(bytes).map_err(refusal)?;
    let row = TrackRow {
        id: Uuid::new_v4().to_string(),
        title,
        description,
        kind: kind.as_str().to_owned(),
        has_words,
        transcript,
        media_type: info.format.media_type().to_owned(),
        duration_ms: info.duration_ms as i64,
        byte_size: bytes.len() as i64,
        chunk_size: CHUNK_BYTES as i32,
        sha256: hex_sha256(bytes),
        shipped: false,
        uploaded_by: Some(caller.user_id.clone()),
        created_at: db::now(),
        retired_at: None,
    };
    audio_tracks::insert_upload(conn, &row, bytes)?;
    view(&row)
}

/// The answer for a refused file.
pub fn refusal(e: AudioError) -> AppError {
    let code = match e {
        AudioError::TooBig { .. } => ErrorCode::PayloadTooLarge,
        AudioError::NotAudio => ErrorCode::UnsupportedMediaType,
        AudioError::Empty | AudioError::Unreadable | AudioError::TooLong { .. } => ErrorCode::InvalidInput,
    };
    AppError::new(code, e.to_string())
}

/// Retires a track (admins only): it leaves the list; minutes logged with it keep its id, and its
/// audio still answers for anyone who kept it.
pub fn retire(conn: &mut DbConn, caller: &Caller, id: &str) -> AppResult<()> {
    let user = active_user(conn, caller)?;
    if user.role != Role::Admin.as_str() {
        return Err(AppError::new(ErrorCode::Forbidden, "Only practice admins can retire tracks."));
    }
    if audio_tracks::retire(conn, id, db::now())? {
        Ok(())
    } else {
        Err(AppError::new(ErrorCode::NotFound, "We couldn't find that track, or it was already retired."))
    }
}

/// A track by id, retired or not.
pub fn find(conn: &mut DbConn, id: &str) -> AppResult<TrackRow> {
    audio_tracks::find(conn, id)?.ok_or_else(|| AppError::new(ErrorCode::NotFound, "We couldn't find that track."))
}

/// Bytes `start..=end` of a track (a shipped track's are a view of the server's own copy).
pub fn read(conn: &mut DbConn, track: &TrackRow, start: u64, end: u64) -> AppResult<Bytes> {
    if track.shipped {
        let bytes = shipped::bytes_of(&track.id).ok_or_else(AppError::not_found)?;
        return Ok(Bytes::from_static(bytes.get(start as usize..=end as usize).ok_or_else(AppError::not_found)?));
    }
    let size = u64::try_from(track.chunk_size).ok().filter(|s| *s > 0).ok_or_else(AppError::not_found)?;
    let (first, last) = ((start / size) as i32, (end / size) as i32);
    let chunks = audio_tracks::chunks(conn, &track.id, first, last)?;
    let mut joined = Vec::with_capacity((end - start + 1) as usize);
    for chunk in chunks {
        joined.extend_from_slice(&chunk);
    }
    let skip = (start - u64::from(first as u32) * size) as usize;
    let wanted = skip..skip + (end - start + 1) as usize;
    if joined.len() < wanted.end {
        return Err(AppError::internal(anyhow::anyhow!(
            "track {} is missing stored chunks {first}..={last}",
            track.id
        )));
    }
    Ok(Bytes::from(joined).slice(wanted))
}
