//! The tracks Even Keel makes (`scripts/make-audio.sh`), built into the server: every instance
//! serves the same bytes without a shared disk, and a new build brings its tracks with it. Their
//! rows are kept in step at start-up ([`super::sync_shipped`]), so listing and retiring treat them
//! like uploads.

use serde::Deserialize;

/// `public/audio/tracks.json`: what each track is.
#[derive(Debug, Deserialize)]
pub struct Manifest {
    pub id: uuid::Uuid,
    pub slug: String,
    pub title: String,
    pub description: String,
    pub kind: String,
    pub has_words: bool,
}

pub const MANIFEST: &str = include_str!("../../../public/audio/tracks.json");

macro_rules! track {
    ($slug:literal) => {
        (
            $slug,
            include_bytes!(concat!("../../../public/audio/", $slug, ".mp3")).as_slice(),
            include_str!(concat!("../../../public/audio/scripts/", $slug, ".txt")),
        )
    };
}

/// (slug, MP3 bytes, script) of every shipped track.
pub const FILES: [(&str, &[u8], &str); 6] = [
    track!("relaxed-breathing"),
    track!("for-a-flare"),
    track!("body-scan"),
    track!("muscle-relaxation"),
    track!("bedtime-wind-down"),
    track!("breathing-tones"),
];

/// What `build.rs` worked out from a shipped track's bytes, so that start-up never reads them: every
/// page of a track read once stays in the server's memory (RSS) for as long as it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facts {
    pub slug: &'static str,
    pub media_type: &'static str,
    pub duration_ms: u64,
    pub byte_size: u64,
    pub sha256: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/shipped_facts.rs"));

/// The facts of the shipped track `slug`.
pub fn facts(slug: &str) -> Option<&'static Facts> {
    FACTS.iter().find(|f| f.slug == slug)
}

/// The MP3 bytes of a shipped track.
pub fn bytes(slug: &str) -> Option<&'static [u8]> {
    FILES.iter().find(|(s, _, _)| *s == slug).map(|(_, bytes, _)| *bytes)
}

/// `tracks.json`, read once (every audio request of a shipped track looks its bytes up by id).
pub fn manifest() -> anyhow::Result<&'static [Manifest]> {
    static PARSED: std::sync::LazyLock<Result<Vec<Manifest>, String>> =
        std::sync::LazyLock::new(|| serde_json::from_str(MANIFEST).map_err(|e| e.to_string()));
    PARSED.as_deref().map_err(|e| anyhow::anyhow!("public/audio/tracks.json: {e}"))
}

/// The MP3 bytes of the shipped track with this id.
pub fn bytes_of(id: &str) -> Option<&'static [u8]> {
    let slug = &manifest().ok()?.iter().find(|t| t.id.to_string() == id)?.slug;
    bytes(slug)
}

/// A script's words as a transcript: pauses left out, and the lines of a count ("{1} Two.") run
/// together into one paragraph.
pub fn transcript(script: &str) -> String {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut counting = false;
    for line in script.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if line.starts_with('[') && line.ends_with(']') {
            counting = false;
            continue;
        }
        match line.strip_prefix('{').and_then(|rest| rest.split_once('}')) {
            Some((_, words)) => {
                match paragraphs.last_mut() {
                    Some(last) if counting => {
                        last.push(' ');
                        last.push_str(words.trim());
                    }
                    _ => paragraphs.push(words.trim().to_owned()),
                }
                counting = true;
            }
            None => {
                paragraphs.push(line.to_owned());
                counting = false;
            }
        }
    }
    paragraphs.join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_transcript_leaves_out_pauses_and_joins_a_count() {
        let script = "Hello.\n[3]\n{1} Breathe in.\n{1} Two.\n{1} Three.\n[0.5]\n{1} And out.\n{1} Two.\nWell done.\n";
        assert_eq!(transcript(script), "Hello.\n\nBreathe in. Two. Three.\n\nAnd out. Two.\n\nWell done.");
    }

    #[test]
    fn every_track_in_the_manifest_is_built_in_with_its_words() {
        let manifest = self::manifest().unwrap();
        assert_eq!(manifest.len(), FILES.len());
        for track in manifest {
            let bytes = bytes(&track.slug).unwrap_or_else(|| panic!("{} is built in", track.slug));
            let info = evenkeel_domain::audio::inspect(bytes).unwrap();
            assert!(info.duration_ms > 2 * 60_000, "{}: {} ms", track.slug, info.duration_ms);
            assert!(evenkeel_domain::audio::TrackKind::parse(&track.kind).is_some(), "{}", track.kind);
        }
    }

    #[test]
    fn the_facts_worked_out_at_build_time_are_those_of_the_bytes_built_in() {
        assert_eq!(FACTS.len(), FILES.len());
        for (slug, bytes, _) in FILES {
            let info = evenkeel_domain::audio::inspect(bytes).unwrap();
            let sha256 = super::super::hex_sha256(bytes);
            let built = facts(slug).unwrap_or_else(|| panic!("{slug} has its facts"));
            assert_eq!(
                (built.media_type, built.duration_ms, built.byte_size, built.sha256),
                (info.format.media_type(), info.duration_ms, bytes.len() as u64, sha256.as_str()),
                "{slug}"
            );
        }
    }
}
