DROP TABLE sync_counters;
DROP TABLE entries;
