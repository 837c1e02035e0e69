//! Relaxation audio: what a track is (the API's view), how an uploaded file is recognised by its
//! bytes (never by its name or `Content-Type`), how long it plays, and which bytes an HTTP `Range`
//! header asks for. Pure, so every rule is tested here.
//!
//! Decisions:
//! - Accepted: MP3 (MPEG-1/2/2.5 Layer III, with or without an ID3v2 tag) and AAC in an MP4/M4A
//!   container. Every phone browser plays both. Anything else is refused with a plain sentence.
//! - An MP3 is only believed when its first frames chain: each frame header must sit exactly where
//!   the previous frame ends. A PNG or a text file renamed `.mp3` never does.
//! - The duration of an MP3 is the sum of its frames' samples (exact for CBR and VBR alike); of an
//!   MP4, the `mvhd` box's duration over its timescale.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::diary::medication::word_enum;

/// Uploads longer than this are refused.
pub const MAX_MINUTES: u64 = 60;
pub const MAX_BYTES: u64 = 60 * 1024 * 1024;
pub const MAX_TITLE_CHARS: usize = 80;
pub const MAX_DESCRIPTION_CHARS: usize = 300;
pub const MAX_TRANSCRIPT_CHARS: usize = 20_000;

word_enum!(
    /// What a track is for; the Relax screen groups by it.
    TrackKind, TRACK_KIND_WORDS {
        Breathing => "breathing", Flare => "flare", BodyScan => "body_scan",
        MuscleRelaxation => "muscle_relaxation", Bedtime => "bedtime", SleepSound => "sleep_sound", Other => "other",
    }
);

/// The words for [`TrackKind`], for messages.
pub const TRACK_KINDS: &[&str] = TRACK_KIND_WORDS;

impl TrackKind {
    pub fn label(self) -> &'static str {
        match self {
            Self::Breathing => "Breathing",
            Self::Flare => "For a flare",
            Self::BodyScan => "Body scan",
            Self::MuscleRelaxation => "Muscle relaxation",
            Self::Bedtime => "Bedtime",
            Self::SleepSound => "Sounds for sleep",
            Self::Other => "Other",
        }
    }

    /// Bedtime tracks offer a sleep timer.
    pub fn is_for_sleep(self) -> bool {
        matches!(self, Self::Bedtime | Self::SleepSound)
    }
}

/// A track as `GET /api/relaxation/tracks` lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrackView {
    pub id: Uuid,
    pub title: String,
    pub description: String,
    /// Whole minutes, rounded to the nearest (at least 1).
    pub minutes: u32,
    pub duration_ms: u64,
    pub kind: TrackKind,
    pub has_words: bool,
    /// The file's size, for "Keep on this phone (4.1 MB)".
    pub bytes: u64,
    /// `audio/mpeg` or `audio/mp4`.
    pub media_type: String,
    pub audio_url: String,
    pub transcript_url: String,
    /// Made by Even Keel (`true`) or uploaded by the practice.
    pub shipped: bool,
}

impl TrackView {
    pub fn audio_url(id: Uuid) -> String {
        format!("/api/relaxation/tracks/{id}/audio")
    }

    pub fn transcript_url(id: Uuid) -> String {
        format!("/api/relaxation/tracks/{id}/transcript")
    }

    pub fn minutes_of(duration_ms: u64) -> u32 {
        ((duration_ms + 30_000) / 60_000).max(1) as u32
    }
}

/// What the bytes of an accepted file are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AudioFormat {
    Mp3,
    Mp4,
}

impl AudioFormat {
    pub fn media_type(self) -> &'static str {
        match self {
            Self::Mp3 => "audio/mpeg",
            Self::Mp4 => "audio/mp4",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AudioInfo {
    pub format: AudioFormat,
    pub duration_ms: u64,
}

/// Why an upload was refused. Each reads as a sentence for the person uploading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AudioError {
    Empty,
    NotAudio,
    /// An MP4 without a sound track's length, or an MP3 that ends before its first frames.
    Unreadable,
    TooLong {
        minutes: u64,
    },
    TooBig {
        bytes: u64,
    },
}

impl std::fmt::Display for AudioError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Empty => write!(f, "The file is empty."),
            Self::NotAudio => write!(
                f,
                "This file isn't audio that phones can play. Please upload an MP3, or AAC audio in an M4A file."
            ),
            Self::Unreadable => write!(f, "This audio file seems to be damaged: its length can't be read."),
            Self::TooLong { minutes } => {
                write!(f, "This track is {minutes} minutes long; tracks can be at most {MAX_MINUTES} minutes.")
            }
            Self::TooBig { bytes } => write!(
                f,
                "This file is {:.0} MB; tracks can be at most {} MB.",
                *bytes as f64 / (1024.0 * 1024.0),
                MAX_BYTES / (1024 * 1024)
            ),
        }
    }
}

impl std::error::Error for AudioError {}

/// Recognises an upload by its bytes and checks its size and length.
pub fn inspect(bytes: &[u8]) -> Result<AudioInfo, AudioError> {
    if bytes.is_empty() {
        return Err(AudioError::Empty);
    }
    if bytes.len() as u64 > MAX_BYTES {
        return Err(AudioError::TooBig { bytes: bytes.len() as u64 });
    }
    let info = if is_mp4(bytes) {
        AudioInfo { format: AudioFormat::Mp4, duration_ms: mp4_duration_ms(bytes).ok_or(AudioError::Unreadable)? }
    } else {
        AudioInfo { format: AudioFormat::Mp3, duration_ms: mp3_duration_ms(bytes)? }
    };
    if info.duration_ms > MAX_MINUTES * 60_000 {
        return Err(AudioError::TooLong { minutes: info.duration_ms.div_ceil(60_000) });
    }
    Ok(info)
}

// ---- MP3 ----

/// Frames that must chain, one after another, before a file is believed to be MP3.
const FRAMES_TO_TRUST: usize = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FrameHeader {
    length: usize,
    samples: u32,
    sample_rate: u32,
}

/// Reads a Layer III frame header at the start of `b`.
fn frame_header(b: &[u8]) -> Option<FrameHeader> {
    let h = u32::from_be_bytes([*b.first()?, *b.get(1)?, *b.get(2)?, *b.get(3)?]);
    if h >> 21 != 0x7FF {
        return None;
    }
    let version = (h >> 19) & 3; // 0: MPEG 2.5, 2: MPEG 2, 3: MPEG 1
    let layer = (h >> 17) & 3; // 1: Layer III
    let bitrate_index = ((h >> 12) & 0xF) as usize;
    let rate_index = ((h >> 10) & 3) as usize;
    let padding = (h >> 9) & 1;
    if version == 1 || layer != 1 || bitrate_index == 0 || bitrate_index == 15 || rate_index == 3 {
        return None;
    }
    const MPEG1_KBPS: [u32; 15] = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
    const MPEG2_KBPS: [u32; 15] = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
    const RATES: [u32; 3] = [44_100, 48_000, 32_000];
    let (kbps, sample_rate, samples) = match version {
        3 => (MPEG1_KBPS[bitrate_index], RATES[rate_index], 1152),
        2 => (MPEG2_KBPS[bitrate_index], RATES[rate_index] / 2, 576),
        _ => (MPEG2_KBPS[bitrate_index], RATES[rate_index] / 4, 576),
    };
    let length = (samples / 8 * kbps * 1000 / sample_rate + padding) as usize;
    Some(FrameHeader { length, samples, sample_rate })
}

/// Where the audio starts: after an ID3v2 tag, if there is one.
fn skip_id3(b: &[u8]) -> usize {
    if b.len() >= 10 && &b[..3] == b"ID3" {
        let size = b[6..10].iter().fold(0usize, |acc, byte| (acc << 7) | usize::from(byte & 0x7F));
        let footer = if b[5] & 0x10 != 0 { 10 } else { 0 };
        10 + size + footer
    } else {
        0
    }
}

fn mp3_duration_ms(b: &[u8]) -> Result<u64, AudioError> {
    let mut at = skip_id3(b);
    // Some encoders pad between the tag and the first frame with zeros.
    while b.get(at) == Some(&0) {
        at += 1;
    }
    let mut frames = 0usize;
    let mut micros = 0u64;
    while let Some(frame) = b.get(at..).and_then(frame_header) {
        if at + frame.length > b.len() {
            break; // a last frame cut short still counts as the end of the sound
        }
        micros += u64::from(frame.samples) * 1_000_000 / u64::from(frame.sample_rate);
        frames += 1;
        at += frame.length;
    }
    if frames < FRAMES_TO_TRUST {
        return Err(if frames == 0 { AudioError::NotAudio } else { AudioError::Unreadable });
    }
    Ok(micros / 1000)
}

// ---- MP4 / M4A ----

fn is_mp4(b: &[u8]) -> bool {
    b.len() >= 12 && &b[4..8] == b"ftyp"
}

/// The boxes directly inside `b`: (type, contents).
fn boxes(b: &[u8]) -> impl Iterator<Item = ([u8; 4], &[u8])> {
    let mut at = 0usize;
    std::iter::from_fn(move || {
        let header = b.get(at..at + 8)?;
        let size = u32::from_be_bytes([header[0], header[1], header[2], header[3]]) as usize;
        let kind = [header[4], header[5], header[6], header[7]];
        let (start, end) = match size {
            0 => (at + 8, b.len()),
            1 => {
                let large = b.get(at + 8..at + 16)?;
                let n = u64::from_be_bytes(large.try_into().ok()?) as usize;
                (at + 16, at.checked_add(n)?)
            }
            n if n >= 8 => (at + 8, at.checked_add(n)?),
            _ => return None,
        };
        let body = b.get(start..end)?;
        at = end;
        Some((kind, body))
    })
}

fn mp4_duration_ms(b: &[u8]) -> Option<u64> {
    let (_, moov) = boxes(b).find(|(k, _)| k == b"moov")?;
    // Only a file with a sound track is audio.
    let has_sound = boxes(moov)
        .filter(|(k, _)| k == b"trak")
        .any(|(_, trak)| find_path(trak, &[b"mdia", b"hdlr"]).is_some_and(|h| h.get(8..12) == Some(b"soun")));
    if !has_sound {
        return None;
    }
    let (_, mvhd) = boxes(moov).find(|(k, _)| k == b"mvhd")?;
    let (timescale, duration) = match mvhd.first()? {
        0 => (be32(mvhd, 12)?, u64::from(be32(mvhd, 16)?)),
        1 => (be32(mvhd, 20)?, u64::from_be_bytes(mvhd.get(24..32)?.try_into().ok()?)),
        _ => return None,
    };
    (timescale > 0).then(|| duration.saturating_mul(1000) / u64::from(timescale))
}

fn find_path<'a>(b: &'a [u8], path: &[&[u8; 4]]) -> Option<&'a [u8]> {
    let (first, rest) = path.split_first()?;
    let (_, body) = boxes(b).find(|(k, _)| k == *first)?;
    if rest.is_empty() { Some(body) } else { find_path(body, rest) }
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

// ---- HTTP Range ----

/// What a `Range` header asks of a file of `len` bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeAsk {
    /// No usable range: send the whole file with 200 (RFC 9110 lets a server ignore a range it
    /// does not understand, such as several ranges at once).
    Whole,
    /// Bytes `start..=end`, sent with 206.
    Part { start: u64, end: u64 },
    /// Nothing of the file is in the range: 416.
    Unsatisfiable,
}

/// Reads `bytes=a-b`, `bytes=a-` and `bytes=-n` (RFC 9110 §14.1.2).
pub fn range_ask(header: Option<&str>, len: u64) -> RangeAsk {
    let Some(spec) = header.and_then(|h| h.trim().strip_prefix("bytes=")) else { return RangeAsk::Whole };
    if spec.contains(',') {
        return RangeAsk::Whole;
    }
    let Some((first, last)) = spec.trim().split_once('-') else { return RangeAsk::Whole };
    let (first, last) = (first.trim(), last.trim());
    let number = |s: &str| s.parse::<u64>().ok();
    match (number(first), number(last)) {
        // bytes=-n: the last n bytes.
        (None, Some(n)) if first.is_empty() => {
            if n == 0 || len == 0 {
                RangeAsk::Unsatisfiable
            } else {
                RangeAsk::Part { start: len.saturating_sub(n), end: len - 1 }
            }
        }
        (Some(start), _) if start >= len => RangeAsk::Unsatisfiable,
        (Some(start), None) if last.is_empty() => RangeAsk::Part { start, end: len - 1 },
        (Some(start), Some(end)) if end >= start => RangeAsk::Part { start, end: end.min(len - 1) },
        _ => RangeAsk::Whole,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A CBR MPEG-1 Layer III stream: `frames` frames at 128 kbit/s, 44.1 kHz (417 or 418 bytes).
    pub(crate) fn mp3(frames: usize) -> Vec<u8> {
        let mut out = Vec::new();
        for i in 0..frames {
            // 0xFFFB: sync, MPEG-1, Layer III, no CRC. 0x90: 128 kbit/s, 44.1 kHz, padding from bit 1.
            let padded = i % 3 != 0;
            let header = [0xFF, 0xFB, if padded { 0x92 } else { 0x90 }, 0x64];
            let length = 1152 / 8 * 128_000 / 44_100 + usize::from(padded);
            out.extend_from_slice(&header);
            out.resize(out.len() + length - 4, 0x55);
        }
        out
    }

    fn mp4(timescale: u32, duration: u32, handler: &[u8; 4]) -> Vec<u8> {
        fn wrap(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
            let mut b = ((body.len() + 8) as u32).to_be_bytes().to_vec();
            b.extend_from_slice(kind);
            b.extend_from_slice(body);
            b
        }
        let mut mvhd = vec![0u8; 12];
        mvhd.extend_from_slice(&timescale.to_be_bytes());
        mvhd.extend_from_slice(&duration.to_be_bytes());
        mvhd.resize(100, 0);
        let mut hdlr = vec![0u8; 8];
        hdlr.extend_from_slice(handler);
        hdlr.resize(24, 0);
        let trak = wrap(b"trak", &wrap(b"mdia", &wrap(b"hdlr", &hdlr)));
        let moov = wrap(b"moov", &[wrap(b"mvhd", &mvhd), trak].concat());
        [wrap(b"ftyp", b"M4A \0\0\0\0isomM4A "), wrap(b"mdat", &[0u8; 64]), moov].concat()
    }

    #[test]
    fn an_mp3_is_recognised_and_timed_by_its_frames() {
        // 1000 frames × 1152 samples at 44.1 kHz = 26.12 s.
        let info = inspect(&mp3(1000)).unwrap();
        assert_eq!(info.format, AudioFormat::Mp3);
        assert_eq!(info.duration_ms, 26_122);
    }

    #[test]
    fn an_id3_tag_before_the_frames_is_skipped() {
        let mut tagged = b"ID3\x04\x00\x00\x00\x00\x01\x00".to_vec(); // a 128-byte tag (syncsafe 0x0100)
        tagged.resize(10 + 128, 0x20);
        tagged.extend(mp3(100));
        assert_eq!(inspect(&tagged).unwrap().duration_ms, 2_612);
    }

    #[test]
    fn other_files_are_refused_with_a_sentence() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".repeat(40);
        assert_eq!(inspect(&png), Err(AudioError::NotAudio));
        assert_eq!(inspect(b"Just some text, named track.mp3"), Err(AudioError::NotAudio));
        assert_eq!(inspect(b""), Err(AudioError::Empty));
        // A sync word by chance, but no chain of frames after it.
        let mut lucky = vec![0xFF, 0xFB, 0x90, 0x64];
        lucky.extend(b"not really".repeat(100));
        assert_eq!(inspect(&lucky), Err(AudioError::Unreadable));
        assert_eq!(
            AudioError::NotAudio.to_string(),
            "This file isn't audio that phones can play. Please upload an MP3, or AAC audio in an M4A file."
        );
    }

    #[test]
    fn too_long_and_too_big_are_refused() {
        // 61 minutes at 44.1 kHz: 140,085 frames (about 58 MB at 128 kbit/s, under the size limit).
        let long = mp3(61 * 60 * 44_100 / 1152 + 1);
        assert_eq!(inspect(&long), Err(AudioError::TooLong { minutes: 61 }));
        assert_eq!(
            AudioError::TooLong { minutes: 61 }.to_string(),
            "This track is 61 minutes long; tracks can be at most 60 minutes."
        );
        let big = vec![0u8; MAX_BYTES as usize + 1];
        assert!(matches!(inspect(&big), Err(AudioError::TooBig { .. })));
        assert_eq!(
            AudioError::TooBig { bytes: 70 * 1024 * 1024 }.to_string(),
            "This file is 70 MB; tracks can be at most 60 MB."
        );
    }

    #[test]
    fn an_m4a_is_timed_by_its_movie_header_and_must_hold_sound() {
        let info = inspect(&mp4(44_100, 44_100 * 90, b"soun")).unwrap();
        assert_eq!((info.format, info.duration_ms), (AudioFormat::Mp4, 90_000));
        assert_eq!(inspect(&mp4(600, 600 * 90, b"vide")), Err(AudioError::Unreadable));
    }

    #[test]
    fn ranges() {
        let len = 1000;
        assert_eq!(range_ask(None, len), RangeAsk::Whole);
        assert_eq!(range_ask(Some("bytes=0-1"), len), RangeAsk::Part { start: 0, end: 1 });
        assert_eq!(range_ask(Some("bytes=400-599"), len), RangeAsk::Part { start: 400, end: 599 });
        assert_eq!(range_ask(Some("bytes=900-"), len), RangeAsk::Part { start: 900, end: 999 });
        assert_eq!(range_ask(Some("bytes=900-5000"), len), RangeAsk::Part { start: 900, end: 999 });
        assert_eq!(range_ask(Some("bytes=-500"), len), RangeAsk::Part { start: 500, end: 999 });
        assert_eq!(range_ask(Some("bytes=-5000"), len), RangeAsk::Part { start: 0, end: 999 });
        assert_eq!(range_ask(Some("bytes=1000-"), len), RangeAsk::Unsatisfiable);
        assert_eq!(range_ask(Some("bytes=-0"), len), RangeAsk::Unsatisfiable);
        assert_eq!(range_ask(Some("bytes=0-1,5-6"), len), RangeAsk::Whole);
        assert_eq!(range_ask(Some("bytes=5-1"), len), RangeAsk::Whole);
        assert_eq!(range_ask(Some("items=0-1"), len), RangeAsk::Whole);
    }

    #[test]
    fn minutes_are_rounded_and_at_least_one() {
        assert_eq!(TrackView::minutes_of(20_000), 1);
        assert_eq!(TrackView::minutes_of(150_000), 3);
        assert_eq!(TrackView::minutes_of(690_000), 12);
    }
}
