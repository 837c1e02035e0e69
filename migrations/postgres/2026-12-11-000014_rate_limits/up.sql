-- Rate-limit counters shared by every instance (issue 14): one row per limit, key and window.
-- The key (an address or an account's email) is stored only as a SHA-256 hash. Rows older than
-- the previous window are swept when a key's new window starts.
CREATE TABLE rate_limit_counts (
    bucket TEXT NOT NULL,
    key_hash TEXT NOT NULL,
    -- Seconds since the epoch divided by the window's length: which window this row counts.
    window_start BIGINT NOT NULL,
    hits INTEGER NOT NULL,
    PRIMARY KEY (bucket, key_hash, window_start)
);
CREATE INDEX rate_limit_counts_age ON rate_limit_counts(bucket, window_start);
