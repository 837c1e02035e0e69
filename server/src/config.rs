//! Configuration from flags and environment variables (a flag wins over its variable).

use std::path::PathBuf;

#[derive(Debug, Clone, clap::Args)]
pub struct DatabaseArgs {
    /// DATABASE_URL: `sqlite://path/to/file.db` (embedded default) or `postgres://user@host/db`.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://data/evenkeel.db")]
    pub database_url: String,
    /// EVENKEEL_DB_POOL_SIZE: database connections per server instance (default: 4 on SQLite, 8 on
    /// PostgreSQL; see `DatabaseUrl::default_pool_size`).
    #[arg(long, env = "EVENKEEL_DB_POOL_SIZE")]
    pub db_pool_size: Option<u32>,
}

#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    /// EVENKEEL_ADDR: address to listen on; port 0 picks a free port (printed at start).
    #[arg(long, env = "EVENKEEL_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: String,
    /// EVENKEEL_PUBLIC_ORIGIN: the address people use to reach the app, scheme and host only (e.g.
    /// `https://evenkeel.practice.example`). When it is `https://`, every response carries HSTS.
    #[arg(long, env = "EVENKEEL_PUBLIC_ORIGIN", value_parser = crate::security::PublicOrigin::parse)]
    pub public_origin: Option<crate::security::PublicOrigin>,
    /// EVENKEEL_TRUSTED_PROXIES: the load balancers or reverse proxies in front of the server
    /// (CIDRs or addresses, comma-separated, e.g. `10.0.0.0/8`). Only from these is the client's
    /// address taken from the forwarding header; from anyone else the header is ignored.
    #[arg(long, env = "EVENKEEL_TRUSTED_PROXIES", default_value = "", value_parser = crate::client_address::TrustedProxies::parse)]
    pub trusted_proxies: crate::client_address::TrustedProxies,
    /// EVENKEEL_FORWARDED_HEADER: the header those proxies write the client's address in,
    /// `x-forwarded-for` (default) or `forwarded`. The other one is never read.
    #[arg(long, env = "EVENKEEL_FORWARDED_HEADER", value_enum, default_value_t)]
    pub forwarded_header: crate::client_address::ForwardedHeader,
    /// EVENKEEL_SIGNUPS_PER_HOUR: how many accounts one client address may create in an hour
    /// (each costs the server a password hash).
    #[arg(long, env = "EVENKEEL_SIGNUPS_PER_HOUR", default_value_t = 20)]
    pub signups_per_hour: u32,
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// EVENKEEL_DIST: the built app (`dist/`, from `scripts/build-app.sh`) served at `/`.
    #[arg(long, env = "EVENKEEL_DIST", default_value = "dist")]
    pub dist: PathBuf,
    /// EVENKEEL_SECRET_KEY_FILE: the token signing key, shared by all instances; created (0600) if absent.
    #[arg(long, env = "EVENKEEL_SECRET_KEY_FILE", default_value = "data/secret.key")]
    pub secret_key_file: PathBuf,
    /// EVENKEEL_REFRESH_REUSE_GRACE_SECS: how long a just-used refresh token may come back without
    /// counting as stolen (another tab of the app, or a retry after a lost answer).
    #[arg(long, env = "EVENKEEL_REFRESH_REUSE_GRACE_SECS", default_value_t = 60)]
    pub refresh_reuse_grace_secs: u32,
    /// EVENKEEL_WORKERS: HTTP worker threads (default: one per CPU core).
    #[arg(long, env = "EVENKEEL_WORKERS")]
    pub workers: Option<usize>,
    /// EVENKEEL_SERVER_TIMING: answer each sync with a `Server-Timing` header giving where its time
    /// went (for the benchmarks; off by default).
    #[arg(long = "server-timing", env = "EVENKEEL_SERVER_TIMING", default_value_t = false, action = clap::ArgAction::Set)]
    pub server_timing: bool,
    #[command(flatten)]
    pub push: PushArgs,
    #[command(flatten)]
    pub mail: crate::mail::MailArgs,
    /// Seed demo accounts (patient, carer, worker) and print their sign-in details.
    #[arg(long)]
    pub demo: bool,
}

/// Web push reminders.
#[derive(Debug, Clone, clap::Args)]
pub struct PushArgs {
    /// EVENKEEL_PUSH: send reminders by web push (`true`/`false`). When on, EVENKEEL_PUSH_CONTACT
    /// must be set.
    #[arg(long = "push", env = "EVENKEEL_PUSH", default_value_t = true, action = clap::ArgAction::Set)]
    pub enabled: bool,
    /// EVENKEEL_PUSH_CONTACT: the `sub` of the VAPID claim, a `mailto:` or `https:` address where
    /// push services can reach whoever runs this server (Apple refuses anything else).
    #[arg(long = "push-contact", env = "EVENKEEL_PUSH_CONTACT")]
    pub contact: Option<String>,
    /// EVENKEEL_PUSH_ALLOW_LOCALHOST: accept `http://127.0.0.1` and `http://localhost` push
    /// endpoints (for tests only; real push services are `https:`).
    #[arg(long = "push-allow-localhost", env = "EVENKEEL_PUSH_ALLOW_LOCALHOST", default_value_t = false, action = clap::ArgAction::Set)]
    pub allow_localhost: bool,
    /// EVENKEEL_PUSH_TICK_SECS: how often each instance looks for due reminders.
    #[arg(long = "push-tick-secs", env = "EVENKEEL_PUSH_TICK_SECS", default_value_t = 10)]
    pub tick_secs: u64,
}
