-- One row per patient and local day (YYYY-MM-DD, the patient's wall-clock day) with that day's totals,
-- recomputed inside the sync transaction for the days a batch touches. The caseload reads the last
-- fortnight of these rows for every linked patient instead of rescanning their entries. Only what
-- the caseload needs is kept (the charts of one patient come from the pattern engine).
CREATE TABLE daily_rollups (
    patient_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    day TEXT NOT NULL,
    entries INTEGER NOT NULL,
    pain_mean DOUBLE PRECISION,
    doses INTEGER NOT NULL,
    withdrawal_doses INTEGER NOT NULL,
    ome_mg DOUBLE PRECISION,
    ome_complete BOOLEAN NOT NULL,
    active_minutes INTEGER NOT NULL,
    rest_minutes INTEGER NOT NULL,
    stress_mean DOUBLE PRECISION,
    screen_phq2 INTEGER,
    screen_gad2 INTEGER,
    screen_positive BOOLEAN,
    last_entry_at TIMESTAMP,
    last_tz_offset_min INTEGER NOT NULL,
    PRIMARY KEY (patient_id, day)
);
