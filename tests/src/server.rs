//! The real `evenkeel` binary, started for one test on a fresh database and a free port.

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

use crate::postgres::TestDatabase;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Where the server keeps its state, so it can be restarted on the same data.
pub struct ServerHome {
    pub dir: tempfile::TempDir,
    pub database_url: String,
    _postgres: Option<TestDatabase>,
}

impl ServerHome {
    pub fn new(backend: Backend) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let (database_url, postgres) = match backend {
            Backend::Sqlite => (format!("sqlite://{}", dir.path().join("evenkeel.db").display()), None),
            Backend::Postgres => {
                let db = TestDatabase::create();
                (db.url.clone(), Some(db))
            }
        };
        Self { dir, database_url, _postgres: postgres }
    }

    /// Another instance's home on the same database (the first home keeps ownership of it).
    pub fn sharing_database_of(other: &ServerHome) -> Self {
        Self { dir: tempfile::tempdir().expect("temp dir"), database_url: other.database_url.clone(), _postgres: None }
    }

    /// Writes the signing key this instance will use (instances of one deployment share it).
    pub fn write_key(&self, key: &[u8]) {
        use base64::Engine;
        let encoded = base64::engine::general_purpose::STANDARD.encode(key);
        std::fs::write(self.dir.path().join("secret.key"), encoded).expect("write the key file");
    }
}

pub struct TestServer {
    child: Child,
    pub base_url: String,
    pub home: ServerHome,
    /// Everything the server printed on stdout before it was ready (e.g. demo credentials).
    pub startup_output: String,
}

pub fn binary() -> PathBuf {
    let path = std::env::var_os("EVENKEEL_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::workspace_root().join("target/release/evenkeel"));
    assert!(
        path.exists(),
        "{} is missing: build it first with `cargo build --release -p evenkeel-server` (scripts/test.sh does)",
        path.display()
    );
    path
}

/// The built app served by the tests that need it.
/// The built app the servers serve: `dist/`, or `EVENKEEL_TEST_DIST` (e.g. `dist-bench`, the build
/// with the Patterns timing page).
pub fn dist() -> PathBuf {
    crate::workspace_root().join(std::env::var("EVENKEEL_TEST_DIST").unwrap_or_else(|_| "dist".into()))
}

impl TestServer {
    pub async fn start(backend: Backend) -> Self {
        Self::start_in(ServerHome::new(backend), &[]).await
    }

    pub async fn start_with_args(backend: Backend, args: &[&str]) -> Self {
        Self::start_in(ServerHome::new(backend), args).await
    }

    /// Starts the server on an existing home (same database and key), e.g. after a crash.
    pub async fn start_in(home: ServerHome, args: &[&str]) -> Self {
        Self::launch(home, args, "127.0.0.1:0").await
    }

    /// Starts the server again on an existing home *and on the port it had* (`base_url` of the
    /// earlier run), e.g. so a browser's IndexedDB and cookies — kept per origin — still apply.
    pub async fn restart_on_same_port(home: ServerHome, base_url: &str) -> Self {
        let port =
            base_url.rsplit(':').next().and_then(|p| p.trim_end_matches('/').parse::<u16>().ok()).expect("a port");
        Self::launch(home, &[], &format!("127.0.0.1:{port}")).await
    }

    async fn launch(home: ServerHome, args: &[&str], addr: &str) -> Self {
        let mut cmd = Command::new(binary());
        cmd.arg("serve")
            .args(args)
            .env("EVENKEEL_ADDR", addr)
            .env("DATABASE_URL", &home.database_url)
            .env("EVENKEEL_DIST", dist())
            .env("EVENKEEL_SECRET_KEY_FILE", home.dir.path().join("secret.key"))
            .env("EVENKEEL_WORKERS", "2")
            // Tests sign up many people from one address; the cap itself is tested with its flag.
            .env("EVENKEEL_SIGNUPS_PER_HOUR", "100000")
            // Push on, to the tests' own receiver on this machine, checked every second.
            .env("EVENKEEL_PUSH_CONTACT", "mailto:tests@evenkeel.example")
            .env("EVENKEEL_PUSH_ALLOW_LOCALHOST", "true")
            .env("EVENKEEL_PUSH_TICK_SECS", "1")
            .env("RUST_LOG", "warn,tracing_actix_web=error")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            // Its own process group, so stopping it never touches the test runner.
            .process_group(0);
        let mut child = cmd.spawn().expect("start evenkeel");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        let mut startup_output = String::new();
        let base_url = tokio::time::timeout(Duration::from_secs(60), async {
            while let Some(line) = lines.next_line().await.expect("read stdout") {
                if let Some(url) = line.strip_prefix("listening on ") {
                    return url.trim().to_owned();
                }
                startup_output.push_str(&line);
                startup_output.push('\n');
            }
            panic!("evenkeel exited before listening; output:\n{startup_output}");
        })
        .await
        .expect("evenkeel did not start within 60 s");
        // Keep draining stdout so the server never blocks on a full pipe.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Self { child, base_url, home, startup_output }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }

    pub fn pid(&self) -> i32 {
        self.child.id().map(|id| id as i32).unwrap_or_default()
    }

    fn signal(&self, signal: &str) {
        let _ = std::process::Command::new("kill").args(["-s", signal, &self.pid().to_string()]).status();
    }

    /// SIGTERM, then wait for a graceful exit; returns the exit status.
    pub async fn stop(mut self) -> (std::process::ExitStatus, ServerHome) {
        self.signal("TERM");
        let status = tokio::time::timeout(Duration::from_secs(30), self.child.wait())
            .await
            .expect("server did not stop within 30 s of SIGTERM")
            .expect("wait");
        (status, self.home)
    }

    /// SIGKILL: the process dies at once, mid-request if need be.
    pub async fn kill(mut self) -> ServerHome {
        self.signal("KILL");
        let _ = self.child.wait().await;
        self.home
    }
}
