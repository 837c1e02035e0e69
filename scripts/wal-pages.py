#!/usr/bin/env python3
"""Which tables and indexes a SQLite database's write-ahead log holds pages of, per commit.

Usage: scripts/wal-pages.py PATH/TO/evenkeel.db   (while the server runs, or after)

Reads the frames of the log's current run (those whose salts match the log's header) and names
each frame's page from the database's `dbstat` table, read-only. Every commit writes each page it
changed as one 4 KiB frame, so frames per commit is what a sync costs the disk (BENCHMARKS.md,
Sync)."""
import collections
import sqlite3
import struct
import sys

database = sys.argv[1]
with open(database + "-wal", "rb") as f:
    log = f.read()
_, _, page_size, _, salt1, salt2, _, _ = struct.unpack(">8I", log[:32])
frames, commits, offset = [], 0, 32
while offset + 24 + page_size <= len(log):
    page, size_after_commit, s1, s2 = struct.unpack(">4I", log[offset : offset + 16])
    if (s1, s2) != (salt1, salt2):
        break
    frames.append(page)
    commits += size_after_commit != 0
    offset += 24 + page_size
owner = {1: "page 1 (header and schema)"}
with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as conn:
    for name, page in conn.execute("SELECT name, pageno FROM dbstat"):
        owner.setdefault(page, name)
per = max(commits, 1)
print(f"{len(frames)} frames in {commits} commits: {len(frames) / per:.1f} frames per commit")
for name, n in collections.Counter(owner.get(p, "?") for p in frames).most_common():
    print(f"  {name:40} {n / per:6.2f}")
