use clap::{Parser, Subcommand};
use evenkeel_domain::api::Role;
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
        Command::Serve(args) => actix_web::rt::System::new().block_on(startup::serve(args)),
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

fn create_staff(args: StaffArgs, role: Role) -> anyhow::Result<()> {
    let url = db::DatabaseUrl::parse(&args.database.database_url)?;
    let pool = db::connect(&url, 2)?;
    let (user, one_time) = accounts::create_staff(&mut *pool.get()?, &args.email, &args.name, role)
        .map_err(|e| anyhow::anyhow!("{}", e.body().message))?;
    println!("Created {} account for {} <{}>.", role.as_str(), user.display_name, user.email);
    println!("One-time password (shown only now; they choose their own after signing in): {one_time}");
    Ok(())
}
