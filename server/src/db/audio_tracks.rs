//! Relaxation tracks and, for uploads, their bytes in chunks (see the migration
//! `2026-12-06-000006_relaxation`). Shipped tracks have a row and no chunks: their bytes are built
//! into the server.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::{audio_chunks, audio_tracks};

/// Bytes per stored chunk: a range read of a phone's usual 64 KiB–1 MiB touches one to five rows.
pub const CHUNK_BYTES: usize = 256 * 1024;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = audio_tracks)]
pub struct TrackRow {
    pub id: String,
    pub title: String,
    pub description: String,
    pub kind: String,
    pub has_words: bool,
    pub transcript: String,
    pub media_type: String,
    pub duration_ms: i64,
    pub byte_size: i64,
    pub chunk_size: i32,
    pub sha256: String,
    pub shipped: bool,
    pub uploaded_by: Option<String>,
    pub created_at: NaiveDateTime,
    pub retired_at: Option<NaiveDateTime>,
}

#[derive(Insertable)]
#[diesel(table_name = audio_chunks)]
struct Chunk<'a> {
    track_id: &'a str,
    seq: i32,
    bytes: &'a [u8],
}

/// Stores an upload: its row and its bytes, in one transaction so a half-stored track never exists.
pub fn insert_upload(conn: &mut DbConn, track: &TrackRow, bytes: &[u8]) -> QueryResult<()> {
    super::write_transaction(conn, |conn| {
        diesel::insert_into(audio_tracks::table).values(track).execute(conn)?;
        for (seq, piece) in bytes.chunks(CHUNK_BYTES).enumerate() {
            let chunk = Chunk { track_id: &track.id, seq: seq as i32, bytes: piece };
            diesel::insert_into(audio_chunks::table).values(&chunk).execute(conn)?;
        }
        Ok(())
    })
}

/// Makes a shipped track's row match this build: added when missing, its words and checksum
/// updated when the track was remade. A retired shipped track stays retired.
pub fn sync_shipped(conn: &mut DbConn, track: &TrackRow) -> QueryResult<()> {
    if find(conn, &track.id)?.is_none() {
        // Several instances may start at once: whoever inserts second finds the row there.
        return match diesel::insert_into(audio_tracks::table).values(track).execute(conn) {
            Ok(_)
            | Err(diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)) => {
                Ok(())
            }
            Err(e) => Err(e),
        };
    }
    diesel::update(audio_tracks::table.find(&track.id))
        .set((
            audio_tracks::title.eq(&track.title),
            audio_tracks::description.eq(&track.description),
            audio_tracks::kind.eq(&track.kind),
            audio_tracks::has_words.eq(track.has_words),
            audio_tracks::transcript.eq(&track.transcript),
            audio_tracks::duration_ms.eq(track.duration_ms),
            audio_tracks::byte_size.eq(track.byte_size),
            audio_tracks::sha256.eq(&track.sha256),
        ))
        .execute(conn)?;
    Ok(())
}

/// The tracks a patient can choose from: not retired, Even Keel's own first, then by title.
pub fn listed(conn: &mut DbConn) -> QueryResult<Vec<TrackRow>> {
    audio_tracks::table
        .filter(audio_tracks::retired_at.is_null())
        .order((audio_tracks::shipped.desc(), audio_tracks::created_at.asc(), audio_tracks::title.asc()))
        .select(TrackRow::as_select())
        .load(conn)
}

/// One track, retired or not.
pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<TrackRow>> {
    audio_tracks::table.find(id).select(TrackRow::as_select()).first(conn).optional()
}

/// The stored chunks `first..=last` of an upload, in order.
pub fn chunks(conn: &mut DbConn, id: &str, first: i32, last: i32) -> QueryResult<Vec<Vec<u8>>> {
    audio_chunks::table
        .filter(audio_chunks::track_id.eq(id))
        .filter(audio_chunks::seq.between(first, last))
        .order(audio_chunks::seq.asc())
        .select(audio_chunks::bytes)
        .load(conn)
}

/// Retires a track; `false` when there is no such track or it was already retired.
pub fn retire(conn: &mut DbConn, id: &str, at: NaiveDateTime) -> QueryResult<bool> {
    let changed = diesel::update(audio_tracks::table.find(id).filter(audio_tracks::retired_at.is_null()))
        .set(audio_tracks::retired_at.eq(at))
        .execute(conn)?;
    Ok(changed == 1)
}

/// How many chunks are stored for a track (for tests and checks).
pub fn chunk_count(conn: &mut DbConn, id: &str) -> QueryResult<i64> {
    audio_chunks::table.filter(audio_chunks::track_id.eq(id)).count().get_result(conn)
}
