#!/usr/bin/env bash
# Remakes the relaxation tracks that ship with the app (public/audio/*.mp3) from their scripts.
# The tracks are committed, so neither of the README's commands needs this; run it after changing
# public/audio/scripts/ or public/audio/tracks.json. Installs Debian's Festival with its HTS voice,
# sox and ffmpeg when they are missing. Optional arguments: the slugs of the tracks to remake.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v text2wave >/dev/null || need+=(festival)
[ -d /usr/share/festival/voices/us/cmu_us_slt_arctic_hts ] || need+=(festvox-us-slt-hts)
command -v sox >/dev/null || need+=(sox)
command -v ffmpeg >/dev/null || need+=(ffmpeg)
if [ ${#need[@]} -gt 0 ]; then
  echo "==> installing ${need[*]} (Debian)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
exec python3 scripts/make-audio.py "$@"
