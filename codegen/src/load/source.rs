//! Finding the pinned description: `--spec PATH`, then `$INTERCOM_OPENAPI_DIR`, then a verified
//! copy in a git-ignored cache, downloaded by the caller's [`Fetch`] (the xtask has an HTTP
//! client; the generator itself never touches the network).
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::lock::Lock;
use crate::error::{Error, Result};

/// The environment variable naming a checkout laid out like the upstream repository.
pub const SPEC_DIR_ENV: &str = "INTERCOM_OPENAPI_DIR";
/// The environment variable naming one description file, as `--spec` does (`cargo xtask test
/// --spec PATH` hands its file to the test processes this way).
pub const SPEC_FILE_ENV: &str = "INTERCOM_OPENAPI_SPEC";

/// The YAML text of the description and where it came from.
#[derive(Debug, Clone)]
pub struct SpecText {
    /// The YAML.
    pub text: String,
    /// Its sha256, lowercase hex.
    pub sha256: String,
    /// Where it was read from (for messages).
    pub origin: String,
}

/// Downloads a URL's body.
pub type Fetch = fn(&str) -> std::result::Result<Vec<u8>, String>;

/// How to look for the description.
#[derive(Debug, Clone, Default)]
pub struct SourceOptions {
    /// An explicit file (`--spec`): used as is, its hash is not required to match the lock.
    pub explicit: Option<PathBuf>,
    /// A checkout laid out like upstream (normally `$INTERCOM_OPENAPI_DIR`).
    pub spec_dir: Option<PathBuf>,
    /// Where a downloaded copy is kept.
    pub cache_dir: Option<PathBuf>,
    /// How to download the pinned file into the cache; `None` disables downloading.
    pub fetch: Option<Fetch>,
}

impl SourceOptions {
    /// Options from the environment: `$INTERCOM_OPENAPI_SPEC`, `$INTERCOM_OPENAPI_DIR` and a
    /// cache under `spec/.cache`.
    pub fn from_env(workspace_root: &Path) -> Self {
        SourceOptions {
            explicit: std::env::var_os(SPEC_FILE_ENV)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from),
            spec_dir: std::env::var_os(SPEC_DIR_ENV).map(PathBuf::from),
            cache_dir: Some(workspace_root.join("spec").join(".cache")),
            fetch: None,
        }
    }
}

/// Resolve and read the pinned description.
pub fn read_spec(lock: &Lock, options: &SourceOptions) -> Result<SpecText> {
    if let Some(path) = &options.explicit {
        return read_file(path);
    }
    if let Some(dir) = &options.spec_dir {
        let path = dir.join(&lock.path);
        let spec = read_file(&path).map_err(|_| Error::Source(not_in_dir(lock, dir, &path)))?;
        return verified(
            spec,
            lock,
            &format!("set {SPEC_DIR_ENV} to a checkout at commit {}", lock.commit),
        );
    }
    let Some(cache) = &options.cache_dir else {
        return Err(Error::Source(missing_message(lock)));
    };
    let cached = cache.join(format!("{}.yaml", lock.sha256));
    if cached.exists() {
        return verified(read_file(&cached)?, lock, "delete the cached copy");
    }
    let Some(fetch) = options.fetch else {
        return Err(Error::Source(missing_message(lock)));
    };
    download(lock, fetch, &cached)?;
    verified(read_file(&cached)?, lock, "check the lock file")
}

/// `$INTERCOM_OPENAPI_DIR` is set but does not hold the pinned file: say which and why.
fn not_in_dir(lock: &Lock, dir: &Path, path: &Path) -> String {
    let why = if dir.is_dir() {
        format!("it has no {}", lock.path)
    } else {
        "it does not exist".to_owned()
    };
    format!(
        "{SPEC_DIR_ENV} is {} but {why} ({} not found). Set {SPEC_DIR_ENV} to a checkout of {} \
         at commit {} (e.g. ../shared/intercom-openapi), unset it to download the pinned file, \
         or pass --spec PATH.",
        dir.display(),
        path.display(),
        lock.repository,
        lock.commit
    )
}

fn read_file(path: &Path) -> Result<SpecText> {
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_owned(),
        source,
    })?;
    let sha256 = hex(&Sha256::digest(&bytes));
    let text = String::from_utf8(bytes)
        .map_err(|_| Error::Source(format!("{} is not UTF-8", path.display())))?;
    Ok(SpecText {
        text,
        sha256,
        origin: path.display().to_string(),
    })
}

fn verified(spec: SpecText, lock: &Lock, hint: &str) -> Result<SpecText> {
    if spec.sha256 == lock.sha256 {
        return Ok(spec);
    }
    Err(Error::Source(format!(
        "{} has sha256 {} but spec/lock.toml pins {} (Intercom API {}, commit {}); {hint}",
        spec.origin, spec.sha256, lock.sha256, lock.api_version, lock.commit
    )))
}

fn download(lock: &Lock, fetch: Fetch, target: &Path) -> Result<()> {
    let url = lock.download_url();
    let dir = target.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|source| Error::Read {
        path: dir.to_owned(),
        source,
    })?;
    let bytes = fetch(&url).map_err(|e| {
        Error::Source(format!(
            "could not download {url}: {e}. {}",
            missing_message(lock)
        ))
    })?;
    let partial = target.with_extension("part");
    std::fs::write(&partial, bytes)
        .and_then(|()| std::fs::rename(&partial, target))
        .map_err(|source| Error::Read {
            path: target.to_owned(),
            source,
        })
}

fn missing_message(lock: &Lock) -> String {
    format!(
        "The Intercom OpenAPI description {} (API {}) was not found. Set {SPEC_DIR_ENV} to a \
         checkout of {} at commit {} (e.g. ../shared/intercom-openapi), or pass --spec PATH.",
        lock.path, lock.api_version, lock.repository, lock.commit
    )
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lock(sha256: &str) -> Lock {
        Lock {
            api_version: "9.9".into(),
            repository: "https://github.com/intercom/Intercom-OpenAPI".into(),
            commit: "abc".into(),
            path: "descriptions/9.9/api.yaml".into(),
            sha256: sha256.into(),
        }
    }

    fn checkout(name: &str, contents: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("codegen-source-{name}-{}", std::process::id()));
        let file = dir.join("descriptions/9.9/api.yaml");
        std::fs::create_dir_all(file.parent().expect("has a parent")).expect("temp dir");
        std::fs::write(&file, contents).expect("write");
        dir
    }

    #[test]
    fn reads_a_verified_checkout() {
        let dir = checkout("ok", "openapi: 3.0.1\n");
        let sha = hex(&Sha256::digest(b"openapi: 3.0.1\n"));
        let options = SourceOptions {
            spec_dir: Some(dir),
            ..SourceOptions::default()
        };
        let spec = read_spec(&lock(&sha), &options).expect("verified");
        assert_eq!(spec.text, "openapi: 3.0.1\n");
        assert_eq!(spec.sha256, sha);
    }

    #[test]
    fn a_wrong_hash_says_what_was_expected() {
        let dir = checkout("bad", "tampered\n");
        let options = SourceOptions {
            spec_dir: Some(dir),
            ..SourceOptions::default()
        };
        let error = read_spec(&lock(&"0".repeat(64)), &options)
            .expect_err("hash mismatch")
            .to_string();
        assert!(
            error.contains(&"0".repeat(64)) && error.contains("commit abc"),
            "{error}"
        );
        assert!(error.contains(SPEC_DIR_ENV), "{error}");
    }

    #[test]
    fn a_spec_dir_without_the_file_says_so_and_what_to_set() {
        let missing = std::env::temp_dir().join("codegen-source-nowhere");
        let options = SourceOptions {
            spec_dir: Some(missing.clone()),
            ..SourceOptions::default()
        };
        let error = read_spec(&lock("x"), &options)
            .expect_err("missing")
            .to_string();
        assert!(error.contains("does not exist"), "{error}");
        assert!(error.contains(&missing.display().to_string()), "{error}");
        assert!(
            error.contains(SPEC_DIR_ENV) && error.contains("commit abc"),
            "{error}"
        );
        let empty = checkout("empty", "x");
        std::fs::remove_file(empty.join("descriptions/9.9/api.yaml")).expect("remove");
        let options = SourceOptions {
            spec_dir: Some(empty),
            ..SourceOptions::default()
        };
        let error = read_spec(&lock("x"), &options)
            .expect_err("missing")
            .to_string();
        assert!(
            error.contains("it has no descriptions/9.9/api.yaml"),
            "{error}"
        );
    }

    #[test]
    fn a_download_is_cached_and_verified() {
        let cache = std::env::temp_dir().join(format!("codegen-cache-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&cache);
        let sha = hex(&Sha256::digest(b"openapi: 3.0.1\n"));
        let options = SourceOptions {
            cache_dir: Some(cache.clone()),
            fetch: Some(|_| Ok(b"openapi: 3.0.1\n".to_vec())),
            ..SourceOptions::default()
        };
        let spec = read_spec(&lock(&sha), &options).expect("downloaded");
        assert_eq!(spec.sha256, sha);
        assert!(cache.join(format!("{sha}.yaml")).is_file());
        let failing = SourceOptions {
            cache_dir: Some(std::env::temp_dir().join("codegen-cache-empty")),
            fetch: Some(|_| Err("offline".to_owned())),
            ..SourceOptions::default()
        };
        let error = read_spec(&lock("y"), &failing)
            .expect_err("offline")
            .to_string();
        assert!(
            error.contains("offline") && error.contains(SPEC_DIR_ENV),
            "{error}"
        );
    }

    #[test]
    fn nothing_to_read_says_what_to_set() {
        let error = read_spec(&lock("x"), &SourceOptions::default())
            .expect_err("no source")
            .to_string();
        assert!(
            error.contains(SPEC_DIR_ENV) && error.contains("--spec"),
            "{error}"
        );
    }

    #[test]
    fn download_url_points_at_the_pinned_commit() {
        assert_eq!(
            lock("x").download_url(),
            "https://raw.githubusercontent.com/intercom/Intercom-OpenAPI/abc/descriptions/9.9/api.yaml"
        );
    }
}
