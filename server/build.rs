//! Works out the facts of the relaxation tracks built into the server (length, checksum, format)
//! once, here, rather than at every start: reading 17 MB of audio at start-up kept all of it in the
//! server's memory (RSS) for as long as it ran, although a track is read only when someone plays it.

use std::fmt::Write as _;
use std::path::Path;

use sha2::Digest;

fn main() {
    let audio = Path::new(env!("CARGO_MANIFEST_DIR")).join("../public/audio");
    println!("cargo::rerun-if-changed={}", audio.display());
    let manifest = std::fs::read_to_string(audio.join("tracks.json")).expect("public/audio/tracks.json");
    let tracks: Vec<serde_json::Value> = serde_json::from_str(&manifest).expect("tracks.json is a list");

    let mut out = String::from("/// Each shipped track's facts, worked out by `build.rs` from its bytes.\n");
    writeln!(out, "pub const FACTS: [Facts; {}] = [", tracks.len()).ok();
    for track in &tracks {
        let slug = track["slug"].as_str().expect("every track has a slug");
        let bytes = std::fs::read(audio.join(format!("{slug}.mp3"))).unwrap_or_else(|e| panic!("{slug}.mp3: {e}"));
        let info = evenkeel_domain::audio::inspect(&bytes).unwrap_or_else(|e| panic!("{slug}.mp3: {e}"));
        let sha256: String = sha2::Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
        writeln!(
            out,
            "    Facts {{ slug: {slug:?}, media_type: {:?}, duration_ms: {}, byte_size: {}, sha256: {sha256:?} }},",
            info.format.media_type(),
            info.duration_ms,
            bytes.len(),
        )
        .ok();
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("shipped_facts.rs");
    std::fs::write(dest, out).expect("write shipped_facts.rs");
}
