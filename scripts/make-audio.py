#!/usr/bin/env python3
"""Makes the relaxation tracks that ship with Even Keel, from the words in public/audio/scripts/.

    scripts/make-audio.sh        (installs the Debian tools, then runs this)

Each spoken track: every line of its script is spoken by Festival's HTS voice (cmu_us_slt_arctic_hts,
Debian's festvox-us-slt-hts: the most natural voice Debian offers without downloading a model) at
0.85 speed; a line "[N]" is N seconds of quiet; a second of quiet follows each spoken line, except
a line "{N} words", which takes exactly N seconds (for counts: one a second). The
speech is mixed over a quiet bed of soft, low noise (sox), brought to -16 LUFS integrated loudness
(ffmpeg's EBU R128 loudnorm, two passes, true peak -1.5 dBTP, loudness range up to 30 LU so the long pauses do not switch it to dynamic compression) and encoded as mono MP3, 48 kbit/s
CBR at 32 kHz (every phone browser plays MP3; CBR keeps seeking exact). The breathing-tones track
has no words: a tone that rises for 5 s and falls for 5 s, thirty times, over the same bed.

Reproducible: sox runs with -R (repeatable noise), ffmpeg writes bit-exact files with no tags, so
the same tools make the same bytes. The outputs are committed (public/audio/*.mp3); run this only
after changing a script or tracks.json.
"""

import json
import pathlib
import re
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
AUDIO = ROOT / "public" / "audio"
RATE = 32000
GAP_AFTER_LINE = 1.0
BED_GAIN_DB = -34  # the bed sits well under the voice: there, not noticed
PAUSE = re.compile(r"^\[(\d+(?:\.\d+)?)\]$")
TIMED = re.compile(r"^\{(\d+(?:\.\d+)?)\}\s*(.+)$")


def run(*args, capture=False):
    result = subprocess.run(args, check=True, text=True, capture_output=capture)
    return result.stderr if capture else None


def speak(text, out):
    script = out.with_suffix(".txt")
    script.write_text(text + "\n")
    run(
        "text2wave",
        "-eval", "(voice_cmu_us_slt_arctic_hts)",
        "-eval", '(set! hts_engine_params (append hts_engine_params (list (list "-r" 0.85))))',
        str(script), "-o", str(out),
    )


def silence(seconds, out):
    run("sox", "-R", "-n", "-r", str(RATE), "-c", "1", "-b", "16", str(out), "trim", "0", f"{seconds}")


def seconds_of(path):
    return float(subprocess.run(["soxi", "-D", str(path)], check=True, text=True, capture_output=True).stdout)


def spoken(script, work):
    """The voice alone: every line spoken or paused, one WAV."""
    parts = []
    for n, line in enumerate(l.strip() for l in script.read_text().splitlines()):
        if not line:
            continue
        piece = work / f"{n:03}.wav"
        pause = PAUSE.match(line)
        if pause:
            silence(pause.group(1), piece)
        else:
            timed = TIMED.match(line)
            raw = work / f"{n:03}-raw.wav"
            speak(timed.group(2) if timed else line, raw)
            # A timed line fills exactly its slot (a count of one a second); others get a pause after.
            gap = max(0.0, float(timed.group(1)) - seconds_of(raw)) if timed else GAP_AFTER_LINE
            run("sox", "-R", str(raw), "-r", str(RATE), "-c", "1", "-b", "16", str(piece), "pad", "0", f"{gap}")
        parts.append(str(piece))
    voice = work / "voice.wav"
    run("sox", "-R", *parts, str(voice), "pad", "2", "0")
    return voice


def tones(work):
    """Thirty breaths of 5 s in (a rising tone) and 5 s out (a falling one), no words."""
    rise, fall = work / "rise.wav", work / "fall.wav"
    for out, sweep in ((rise, "196-247"), (fall, "247-196")):
        run("sox", "-R", "-n", "-r", str(RATE), "-c", "1", "-b", "16", str(out),
            "synth", "5", "sine", sweep, "fade", "h", "1.2", "5", "1.2", "gain", "-12")
    voice = work / "voice.wav"
    run("sox", "-R", *([str(rise), str(fall)] * 30), str(voice), "pad", "2", "2")
    return voice


def with_bed(voice, work):
    """The voice over soft low noise that fades in and out."""
    length = seconds_of(voice)
    bed = work / "bed.wav"
    run("sox", "-R", "-n", "-r", str(RATE), "-c", "1", "-b", "16", str(bed),
        "synth", f"{length}", "brownnoise", "lowpass", "500", "gain", "-n", f"{BED_GAIN_DB}",
        "fade", "t", "3", f"{length}", "4")
    mixed = work / "mixed.wav"
    run("sox", "-R", "-m", str(voice), str(bed), str(mixed))
    return mixed


def loudnorm(mixed, out):
    """Two-pass EBU R128 normalisation to -16 LUFS, then MP3. Returns the measured loudness."""
    target = "I=-16:TP=-1.5:LRA=30"
    first = run("ffmpeg", "-hide_banner", "-nostats", "-i", str(mixed), "-af", f"loudnorm={target}:print_format=json",
                "-f", "null", "-", capture=True)
    m = json.loads(first[first.rindex("{"):first.rindex("}") + 1])
    measured = (f"loudnorm={target}:measured_I={m['input_i']}:measured_TP={m['input_tp']}:measured_LRA={m['input_lra']}"
                f":measured_thresh={m['input_thresh']}:offset={m['target_offset']}:linear=true")
    run("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-i", str(mixed), "-af", measured,
        "-ar", str(RATE), "-ac", "1", "-c:a", "libmp3lame", "-b:a", "48k", "-map_metadata", "-1",
        "-write_xing", "0", "-id3v2_version", "0", "-fflags", "+bitexact", "-flags:a", "+bitexact", str(out))
    check = run("ffmpeg", "-hide_banner", "-nostats", "-i", str(out), "-af", "ebur128", "-f", "null", "-", capture=True)
    return float(re.findall(r"I:\s+(-?\d+\.\d+) LUFS", check)[-1])


def main():
    only = set(sys.argv[1:])
    for track in json.loads((AUDIO / "tracks.json").read_text()):
        slug = track["slug"]
        if only and slug not in only:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            work = pathlib.Path(tmp)
            voice = spoken(AUDIO / "scripts" / f"{slug}.txt", work) if track["has_words"] else tones(work)
            out = AUDIO / f"{slug}.mp3"
            lufs = loudnorm(with_bed(voice, work), out)
            print(f"{slug}: {seconds_of(voice) / 60:.1f} min, {out.stat().st_size / 1e6:.2f} MB, {lufs:.1f} LUFS")


if __name__ == "__main__":
    main()
