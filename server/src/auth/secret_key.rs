//! The JWT signing key: read from a file shared by every server instance, created on first start
//! with owner-only permissions if it does not exist.
//!
//! Several instances may start at once on one fresh key path. Each writes its own candidate key to a
//! temp file beside the final one, syncs it, then hard-links it into place: a link never replaces an
//! existing file, so exactly one instance wins and the others read the winner's key. The final path
//! only ever appears complete, so no instance can read it empty or half written.

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rand::RngCore;

const KEY_BYTES: usize = 64;

pub fn load_or_create(path: &Path) -> anyhow::Result<Vec<u8>> {
    if path.exists() {
        return read(path);
    }
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut key = vec![0u8; KEY_BYTES];
    rand::rngs::OsRng.fill_bytes(&mut key);

    let temp = dir.join(temp_name(path));
    if let Err(e) = write_synced(&temp, STANDARD.encode(&key).as_bytes()) {
        let _ = std::fs::remove_file(&temp);
        return Err(e).with_context(|| format!("writing the secret key to {}", path.display()));
    }
    let linked = std::fs::hard_link(&temp, path);
    let _ = std::fs::remove_file(&temp);
    match linked {
        Ok(()) => {
            sync_dir(dir).with_context(|| format!("syncing the directory {}", dir.display()))?;
            tracing::info!(path = %path.display(), "created a new signing key");
            Ok(key)
        }
        // Another instance linked its key first: use that one.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => read(path),
        Err(e) => Err(e).with_context(|| format!("creating the secret key file {}", path.display())),
    }
}

/// A name no other process picks: the key file's name, this process and a random number.
fn temp_name(path: &Path) -> String {
    let file = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    format!(".{file}.{}.{:016x}.tmp", std::process::id(), rand::rngs::OsRng.next_u64())
}

/// Writes a new owner-only file and waits until its bytes are on disk.
fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Makes the new link survive a power cut (the directory entry is the directory's data).
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    std::fs::File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

fn read(path: &Path) -> anyhow::Result<Vec<u8>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading the secret key file {}", path.display()))?;
    let key = STANDARD
        .decode(text.trim())
        .with_context(|| format!("the secret key file {} is not base64", path.display()))?;
    anyhow::ensure!(key.len() >= 32, "the secret key in {} is shorter than 32 bytes", path.display());
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_created_once_with_owner_only_permissions_then_reused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys/secret.key");
        let first = load_or_create(&path).unwrap();
        let second = load_or_create(&path).unwrap();
        assert_eq!(first, second);
        assert_eq!(first.len(), KEY_BYTES);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn instances_racing_on_a_fresh_path_all_get_the_same_key_and_leave_no_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys/secret.key");
        let start = std::sync::Barrier::new(8);
        let keys: Vec<Vec<u8>> = std::thread::scope(|s| {
            let racers: Vec<_> = (0..8)
                .map(|_| {
                    s.spawn(|| {
                        start.wait();
                        load_or_create(&path).unwrap()
                    })
                })
                .collect();
            racers.into_iter().map(|r| r.join().unwrap()).collect()
        });
        assert!(keys.iter().all(|k| k == &keys[0] && k.len() == KEY_BYTES));
        assert_eq!(read(&path).unwrap(), keys[0]);
        let names: Vec<_> =
            std::fs::read_dir(dir.path().join("keys")).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["secret.key"]);
    }
}
