//! Builds and runs the HTTP server.

use actix_web::middleware::Compress;
use actix_web::{App, HttpServer, web};
use anyhow::Context;
use tokio::signal::unix::{SignalKind, signal};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa_actix_web::AppExt;

use crate::auth::rate_limit::{CodeLimits, LoginLimits, SyncLimits};
use crate::auth::refresh::ReuseGrace;
use crate::auth::secret_key;
use crate::auth::tokens::TokenKeys;
use crate::config::ServeArgs;
use std::sync::Arc;
use std::time::Duration;

use crate::db::{self, DatabaseUrl, DbPool};
use crate::push::sender::Sender;
use crate::push::vapid::Vapid;
use crate::push::{PushService, scheduler};
use crate::routes::{self, openapi::OpenApiJson};
use crate::{demo, security, static_files};

/// The OpenAPI document for the routes `routes::api_scope` registers.
pub fn openapi_document() -> utoipa::openapi::OpenApi {
    let (_, mut doc) = App::new().into_utoipa_app().service(routes::api_scope()).split_for_parts();
    doc.info.title = "Even Keel API".into();
    doc.info.version = env!("CARGO_PKG_VERSION").into();
    doc.info.description = Some("Self-management diaries for people living with chronic pain.".into());
    doc.info.contact = None;
    doc.info.license = Some(utoipa::openapi::License::new(env!("CARGO_PKG_LICENSE")));
    let components = doc.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        "bearer",
        SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build()),
    );
    routes::openapi::document_shared_answers(&mut doc);
    routes::openapi::refine_schemas(&mut doc);
    doc
}

pub async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    // Checked before anything else, so a missing contact is the first and only thing said.
    let push_contact = if args.push.enabled { Some(crate::push::contact(&args.push)?) } else { None };
    let url = DatabaseUrl::parse(&args.database.database_url)?;
    let pool_size = args.database.db_pool_size.unwrap_or_else(|| url.default_pool_size());
    let pool = {
        let url = url.clone();
        web::block(move || db::connect(&url, pool_size)).await??
    };
    tracing::info!(backend = url.backend_name(), "database ready, migrations applied");

    {
        let pool = pool.clone();
        web::block(move || crate::relaxation::sync_shipped(&mut *pool.get()?)).await??;
    }

    if args.demo {
        let pool = pool.clone();
        web::block(move || demo::seed(&mut *pool.get()?)).await??;
    }

    let push = web::Data::new(start_push(&pool, &args, push_contact).await?);

    let secret = secret_key::load_or_create(&args.secret_key_file)?;
    let keys = web::Data::new(TokenKeys::new(&secret));
    let reuse_grace = web::Data::new(ReuseGrace(chrono::Duration::seconds(i64::from(args.refresh_reuse_grace_secs))));
    let limits = web::Data::new(LoginLimits::default());
    let code_limits = web::Data::new(CodeLimits::default());
    crate::timing::enable(args.server_timing);
    let signup_limits = web::Data::new(crate::auth::rate_limit::SignUpLimits::new(args.signups_per_hour));
    let sync_limits = web::Data::new(SyncLimits::default());
    let recovery_limits = web::Data::new(crate::auth::rate_limit::RecoveryLimits::default());
    let mailer = web::Data::new(crate::mail::Mailer::from_args(&args.mail, args.public_origin.as_ref())?);
    let pool = web::Data::new(pool);
    let forwarding = web::Data::new(crate::client_address::Forwarding {
        proxies: args.trusted_proxies.clone(),
        header: args.forwarded_header,
    });
    let openapi = web::Data::new(OpenApiJson(openapi_document().to_json()?));

    let pages = static_files::pages(&args.dist);
    if pages.is_empty() {
        tracing::warn!(dist = %args.dist.display(), "no built app found; serving the API only");
    }
    let csp = security::content_security_policy(&pages);
    let dist = args.dist.clone();
    let public_origin = args.public_origin.clone();
    let has_dist = dist.is_dir();

    let mut server = HttpServer::new(move || {
        let (app, _) = App::new()
            .into_utoipa_app()
            .app_data(pool.clone())
            .app_data(keys.clone())
            .app_data(reuse_grace.clone())
            .app_data(limits.clone())
            .app_data(code_limits.clone())
            .app_data(signup_limits.clone())
            .app_data(sync_limits.clone())
            .app_data(recovery_limits.clone())
            .app_data(mailer.clone())
            .app_data(openapi.clone())
            .app_data(forwarding.clone())
            .app_data(push.clone())
            .service(routes::api_scope())
            .split_for_parts();
        app.configure(|cfg| {
            if has_dist {
                static_files::configure(cfg, &dist);
            }
        })
        .wrap(security::headers(&csp, public_origin.as_ref()))
        .wrap_fn(|req, srv| {
            let fut = actix_web::dev::Service::call(srv, req);
            async move {
                let mut res = fut.await?;
                static_files::set_cache_control(&mut res);
                Ok(res)
            }
        })
        .wrap(Compress::default())
        .wrap(tracing_actix_web::TracingLogger::default())
    })
    .shutdown_timeout(10);
    let workers = args.workers.unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get())).max(1);
    // Each worker's blocking pool, where `web::block` runs diesel and argon2, is capped at its share
    // of the database pool (issue 14, item 16): every job there takes a pooled connection, so a
    // thread beyond the share could only wait for one, holding its stack and spreading allocations
    // over more malloc arenas. actix's default is 512 threads divided by the cores: under sixteen
    // phones syncing the server ran 30 threads, with this 18.
    server = server.workers(workers).worker_max_blocking_threads((pool_size as usize).div_ceil(workers).max(2));
    let server = server.bind(&args.addr).with_context(|| format!("cannot listen on {}", args.addr))?;
    let addrs = server.addrs();
    // Graceful stop on SIGTERM and SIGINT: stop accepting, finish requests in flight. The handlers
    // are ours and installed before readiness is announced, so a SIGTERM sent right after the
    // announcement is always a graceful stop (actix's own handlers start later, on first poll).
    let running = server.disable_signals().run();
    let handle = running.handle();
    let mut terminate = signal(SignalKind::terminate()).context("installing the SIGTERM handler")?;
    let mut interrupt = signal(SignalKind::interrupt()).context("installing the SIGINT handler")?;
    actix_web::rt::spawn(async move {
        tokio::select! {
            _ = terminate.recv() => tracing::info!("SIGTERM: stopping gracefully"),
            _ = interrupt.recv() => tracing::info!("SIGINT: stopping gracefully"),
        }
        handle.stop(true).await;
    });
    for addr in addrs {
        // Tests and scripts read this line to learn the port when EVENKEEL_ADDR ends in :0.
        println!("listening on http://{addr}");
    }
    tracing::info!("ready");
    running.await?;
    tracing::info!("stopped");
    Ok(())
}

/// The VAPID keys (made on first start) and the scheduler thread, when push is on.
async fn start_push(pool: &DbPool, args: &ServeArgs, contact: Option<String>) -> anyhow::Result<PushService> {
    let allow_localhost = args.push.allow_localhost;
    let Some(contact) = contact else {
        tracing::info!("push reminders are off (EVENKEEL_PUSH=false)");
        return Ok(PushService { sender: None, allow_localhost });
    };
    let vapid = {
        let pool = pool.clone();
        web::block(move || Vapid::load_or_create(&mut *pool.get()?, contact)).await??
    };
    let sender = Arc::new(Sender::new(vapid)?);
    scheduler::start(pool.clone(), sender.clone(), Duration::from_secs(args.push.tick_secs.max(1)))?;
    tracing::info!(tick_secs = args.push.tick_secs, "push reminders are on");
    Ok(PushService { sender: Some(sender), allow_localhost })
}
