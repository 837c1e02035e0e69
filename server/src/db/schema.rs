//! The portable schema shared by SQLite and PostgreSQL: only Text, Bool, Integer/BigInt, Binary and
//! Timestamp (UTC `NaiveDateTime`), the types diesel's `MultiConnection` covers. Kept by hand, in
//! step with `migrations/sqlite` and `migrations/postgres` (the migration test compares them).

diesel::table! {
    users (id) {
        id -> Text,
        email -> Text,
        password_hash -> Text,
        display_name -> Text,
        role -> Text,
        time_zone -> Text,
        must_change_password -> Bool,
        deactivated_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        text_size -> Text,
        theme -> Text,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> Text,
        user_id -> Text,
        family_id -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
        device -> Text,
        revoked_reason -> Nullable<Text>,
    }
}

diesel::joinable!(refresh_tokens -> users (user_id));

diesel::table! {
    account_tokens (id) {
        id -> Text,
        user_id -> Text,
        purpose -> Text,
        secret_hash -> Text,
        new_email -> Nullable<Text>,
        issued_by -> Nullable<Text>,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}
diesel::table! {
    rate_limit_counts (bucket, key_hash, window_start) {
        bucket -> Text,
        key_hash -> Text,
        window_start -> BigInt,
        hits -> Integer,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    users,
    refresh_tokens,
    account_tokens,
    entries,
    sync_counters,
    care_links,
    invites,
    audit_log,
    care_notes,
    session_notes,
    audio_tracks,
    audio_chunks,
    relax_suggestions,
    push_vapid_keys,
    push_subscriptions,
    reminders,
    reminder_settings,
    goals,
    goal_history,
    goal_checkins,
    plan_summaries,
    pacing_plans,
    pacing_changes,
    services,
    referrals,
    referral_changes,
    exercise_plans,
    exercise_days,
    medicine_plan_versions,
    contact_requests
);

diesel::table! {
    entries (id) {
        id -> Text,
        patient_id -> Text,
        author_id -> Text,
        kind -> Text,
        recorded_at -> Timestamp,
        tz_offset_min -> Integer,
        data -> Nullable<Text>,
        ome_mg -> Nullable<Double>,
        ome_table_version -> Nullable<Text>,
        client_updated_at -> Timestamp,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        rev -> BigInt,
    }
}

diesel::table! {
    sync_counters (patient_id) {
        patient_id -> Text,
        rev -> BigInt,
    }
}

diesel::joinable!(sync_counters -> users (patient_id));

diesel::table! {
    care_links (id) {
        id -> Text,
        patient_id -> Text,
        member_id -> Text,
        relation -> Text,
        scopes -> Text,
        state -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    invites (id) {
        id -> Text,
        code_hash -> Text,
        purpose -> Text,
        created_by -> Text,
        relation -> Text,
        scopes -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        used_by -> Nullable<Text>,
    }
}

diesel::table! {
    audit_log (id) {
        id -> Text,
        actor_id -> Text,
        patient_id -> Text,
        scope -> Text,
        action -> Text,
        endpoint -> Text,
        at -> Timestamp,
    }
}

diesel::table! {
    care_notes (id) {
        id -> Text,
        patient_id -> Text,
        author_id -> Text,
        text -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    session_notes (id) {
        id -> Text,
        patient_id -> Text,
        author_id -> Text,
        session_date -> Text,
        text -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    daily_rollups (patient_id, day) {
        patient_id -> Text,
        day -> Text,
        entries -> Integer,
        pain_mean -> Nullable<Double>,
        doses -> Integer,
        withdrawal_doses -> Integer,
        ome_mg -> Nullable<Double>,
        ome_complete -> Bool,
        active_minutes -> Integer,
        rest_minutes -> Integer,
        stress_mean -> Nullable<Double>,
        screen_phq2 -> Nullable<Integer>,
        screen_gad2 -> Nullable<Integer>,
        screen_positive -> Nullable<Bool>,
        last_entry_at -> Nullable<Timestamp>,
        last_tz_offset_min -> Integer,
    }
}

diesel::table! {
    audio_tracks (id) {
        id -> Text,
        title -> Text,
        description -> Text,
        kind -> Text,
        has_words -> Bool,
        transcript -> Text,
        media_type -> Text,
        duration_ms -> BigInt,
        byte_size -> BigInt,
        chunk_size -> Integer,
        sha256 -> Text,
        shipped -> Bool,
        uploaded_by -> Nullable<Text>,
        created_at -> Timestamp,
        retired_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    audio_chunks (track_id, seq) {
        track_id -> Text,
        seq -> Integer,
        bytes -> Binary,
    }
}

diesel::table! {
    relax_suggestions (id) {
        id -> Text,
        patient_id -> Text,
        worker_id -> Text,
        item_kind -> Text,
        item_id -> Text,
        created_at -> Timestamp,
        dismissed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    push_vapid_keys (id) {
        id -> Integer,
        private_key -> Text,
        public_key -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    push_subscriptions (id) {
        id -> Text,
        user_id -> Text,
        endpoint -> Text,
        p256dh -> Text,
        auth -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    reminders (id) {
        id -> Text,
        user_id -> Text,
        kind -> Text,
        local_time -> Text,
        weekdays -> Integer,
        medication_id -> Nullable<Text>,
        paused -> Bool,
        next_fire_at -> Nullable<Timestamp>,
        last_due_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    reminder_settings (user_id) {
        user_id -> Text,
        quiet_start -> Text,
        quiet_end -> Text,
        updated_at -> Timestamp,
    }
}
diesel::joinable!(reminders -> users (user_id));

diesel::table! {
    goals (id) {
        id -> Text,
        patient_id -> Text,
        author_id -> Text,
        status -> Text,
        what -> Text,
        why -> Text,
        first_step -> Text,
        days_per_week -> Integer,
        review_on -> Nullable<Text>,
        client_updated_at -> Timestamp,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    goal_history (id) {
        id -> Text,
        goal_id -> Text,
        patient_id -> Text,
        changed_by -> Text,
        status -> Text,
        what -> Text,
        why -> Text,
        first_step -> Text,
        days_per_week -> Integer,
        review_on -> Nullable<Text>,
        changed_at -> Timestamp,
    }
}

diesel::table! {
    goal_checkins (goal_id, week_start) {
        goal_id -> Text,
        week_start -> Text,
        patient_id -> Text,
        outcome -> Text,
        note -> Text,
        client_updated_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    plan_summaries (id) {
        id -> Text,
        patient_id -> Text,
        author_id -> Text,
        session_date -> Text,
        talked_about -> Text,
        agreed -> Text,
        next_session -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    pacing_plans (id) {
        id -> Text,
        patient_id -> Text,
        author_id -> Text,
        activity -> Text,
        unit -> Text,
        tries -> Text,
        increase_pct -> Integer,
        level -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    pacing_changes (id) {
        id -> Text,
        plan_id -> Text,
        patient_id -> Text,
        changed_by -> Text,
        action -> Text,
        level -> Integer,
        changed_at -> Timestamp,
    }
}

diesel::table! {
    services (id) {
        id -> Text,
        name -> Text,
        offers -> Text,
        category -> Text,
        times -> Text,
        place -> Text,
        online -> Bool,
        contact -> Text,
        cost -> Text,
        needs_referral -> Bool,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        retired_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    referrals (id) {
        id -> Text,
        patient_id -> Text,
        service_id -> Text,
        author_id -> Text,
        status -> Text,
        waiting_since -> Nullable<Text>,
        response -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    referral_changes (id) {
        id -> Text,
        referral_id -> Text,
        patient_id -> Text,
        changed_by -> Text,
        status -> Text,
        waiting_since -> Nullable<Text>,
        changed_at -> Timestamp,
    }
}

diesel::table! {
    exercise_plans (id) {
        id -> Text,
        patient_id -> Text,
        author_id -> Text,
        title -> Text,
        exercises -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    exercise_days (plan_id, day) {
        plan_id -> Text,
        day -> Text,
        patient_id -> Text,
        done -> Text,
        pain_before -> Nullable<Integer>,
        pain_after -> Nullable<Integer>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    medicine_plan_versions (id) {
        id -> Text,
        patient_id -> Text,
        version -> Integer,
        prescriber -> Text,
        agreed_on -> Text,
        steps -> Text,
        review_dates -> Text,
        reason -> Text,
        author_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    contact_requests (id) {
        id -> Text,
        patient_id -> Text,
        reason -> Text,
        note -> Text,
        good_times -> Text,
        sent_at -> Timestamp,
        received_at -> Timestamp,
        seen_at -> Nullable<Timestamp>,
        reply -> Nullable<Text>,
        worker_id -> Nullable<Text>,
        closed_at -> Nullable<Timestamp>,
    }
}
