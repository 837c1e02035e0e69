use clap::{Parser, Subcommand};
use evenkeel_domain::api::Role;
use evenkeel_server::auth::password;
use evenkeel_server::config::{DatabaseArgs, ServeArgs};
use evenkeel_server::{accounts, db, staff, startup};

/// Even Keel: self-management diaries for people living with chronic pain.
#[derive(Parser)]
#[command(version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server (API and app).
    Serve(ServeArgs),
    /// Practice staff accounts.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Print the OpenAPI document.
    Openapi,
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create a project worker account; prints a one-time password.
    CreateWorker(StaffArgs),
    /// Create a practice admin account; prints a one-time password.
    CreateAdmin(StaffArgs),
    /// Deactivate a project worker: sign-in refused, sessions ended, their links revoked.
    DeactivateWorker(DeactivateArgs),
}

#[derive(clap::Args)]
struct DeactivateArgs {
    #[arg(long)]
    email: String,
    #[command(flatten)]
    database: DatabaseArgs,
}

#[derive(clap::Args)]
struct StaffArgs {
    #[arg(long)]
    email: String,
    #[arg(long)]
    name: String,
    #[command(flatten)]
    database: DatabaseArgs,
}

fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,actix_server=warn,tracing_actix_web=error".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    match Cli::parse().command {
        Command::Serve(args) => {
            with_two_malloc_arenas();
            actix_web::rt::System::new().block_on(startup::serve(args))
        }
        Command::Admin(AdminCommand::CreateWorker(args)) => create_staff(args, Role::Worker),
        Command::Admin(AdminCommand::CreateAdmin(args)) => create_staff(args, Role::Admin),
        Command::Admin(AdminCommand::DeactivateWorker(args)) => {
            let pool = db::connect(&db::DatabaseUrl::parse(&args.database.database_url)?, 2)?;
            staff::deactivate_worker_by_email(&mut *pool.get()?, &args.email)
                .map_err(|e| anyhow::anyhow!("{}", e.message))?;
            println!("Deactivated the worker account {}; their links are revoked.", args.email.trim());
            Ok(())
        }
        Command::Openapi => {
            println!("{}", startup::openapi_document().to_pretty_json()?);
            Ok(())
        }
    }
}

/// glibc's malloc gives busy threads arenas of their own, up to 8 per core, and keeps what was
/// freed in each; freeing a mapped block also raises the size below which it stops mapping, so
/// after the first sign-up every 19 MiB argon2 buffer came from, and stayed in, the arena of the
/// thread that hashed. Under sixteen phones syncing, with sign-ups, the server went from 49 to
/// 411-465 MB in ten minutes and kept it when idle, while its live heap (valgrind massif) went back
/// to a few MiB after each burst: memory freed but kept, not a leak (issue 14, item 16;
/// BENCHMARKS.md). With two arenas and a fixed 128 KiB mmap threshold it stayed at 67-83 MB. glibc
/// reads these only from the environment at process start, so `serve` starts itself again with
/// them set: exec keeps the process id, the arguments and the open descriptors. A value the
/// operator set is kept (e.g. `MALLOC_ARENA_MAX=0` for glibc's default); elsewhere than glibc this
/// does nothing.
fn with_two_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
        use std::os::unix::process::CommandExt;
        let mut args = std::env::args_os();
        // The same program (even if its file was replaced since), under the same name in `ps`.
        let mut again = std::process::Command::new("/proc/self/exe");
        again.arg0(args.next().unwrap_or_default()).args(args).env("MALLOC_ARENA_MAX", "2");
        if std::env::var_os("MALLOC_MMAP_THRESHOLD_").is_none() {
            again.env("MALLOC_MMAP_THRESHOLD_", "131072");
        }
        // `exec` returns only if it failed; then the server runs with glibc's defaults.
        let error = again.exec();
        tracing::warn!(%error, "could not restart with MALLOC_ARENA_MAX=2; memory may grow under load");
    }
}

fn create_staff(args: StaffArgs, role: Role) -> anyhow::Result<()> {
    let url = db::DatabaseUrl::parse(&args.database.database_url)?;
    let pool = db::connect(&url, 2)?;
    let (user, one_time) =
        accounts::create_staff(&mut *pool.get()?, &password::Turn::outside_requests(), &args.email, &args.name, role)
            .map_err(|e| anyhow::anyhow!("{}", e.body().message))?;
    println!("Created {} account for {} <{}>.", role.as_str(), user.display_name, user.email);
    println!("One-time password (shown only now; they choose their own after signing in): {one_time}");
    Ok(())
}
