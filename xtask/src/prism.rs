//! Stoplight Prism mock servers for the end-to-end tests.
//!
//! Prism (`@stoplight/prism-cli`, pinned to 5.14.2 in `tests/prism/package.json`; 5.15+ needs
//! Node >= 24) is installed with `npm ci` from the committed lock file and run as
//! `node_modules/.bin/prism` directly, never through npx. `prism mock SPEC -h 127.0.0.1 -p 0`
//! picks a free port and prints `Prism is listening on http://127.0.0.1:PORT` once it is ready
//! (3-8 s, ~240 MB of memory); with `-v warn` or stricter it would not print it, so the verbosity
//! is left alone. Its output is drained into a log file by two threads. A server is stopped with
//! SIGTERM (`kill -TERM PID`, no libc), then SIGKILL after 5 s, and reaped; `Drop` does this, so a
//! server is stopped on every path out of the code that started it, panics included.
//!
//! Only std is used.

use std::fmt;
use std::fs::{self, File};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStderr, ChildStdout, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// Version of `@stoplight/prism-cli` that `tests/prism/package.json` pins.
pub const PRISM_VERSION: &str = "5.14.2";
/// Oldest Node.js major version Prism 5.14.2 runs on.
pub const MIN_NODE_MAJOR: u32 = 20;
/// How long `start` waits for Prism to print its listening line.
pub const START_TIMEOUT: Duration = Duration::from_secs(60);
/// How long `stop` waits after SIGTERM before sending SIGKILL.
pub const STOP_GRACE: Duration = Duration::from_secs(5);

const LISTENING: &str = "Prism is listening on ";

/// Installs Prism under `prism_dir` (the directory holding `package.json` and
/// `package-lock.json`) with `npm ci` unless the pinned version is already there, and returns
/// the path of the `prism` executable (`prism_dir/node_modules/.bin/prism`).
///
/// Fails with a message saying what to install when `node` (>= 20) or `npm` is missing.
pub fn ensure_installed(prism_dir: &Path) -> Result<PathBuf, String> {
    let node = tool_version("node")?;
    let major = parse_node_major(&node).ok_or_else(|| {
        format!("could not read the Node.js version from `node --version` output {node:?}")
    })?;
    if major < MIN_NODE_MAJOR {
        return Err(format!(
            "Node.js >= {MIN_NODE_MAJOR} is required for the end-to-end tests (Stoplight Prism \
             {PRISM_VERSION}), found {node}"
        ));
    }
    let bin = prism_bin(prism_dir);
    if bin.exists() && installed_version(prism_dir).as_deref() == Some(PRISM_VERSION) {
        return Ok(bin);
    }
    if !prism_dir.join("package-lock.json").is_file() {
        return Err(format!(
            "{} has no package-lock.json: cannot install Stoplight Prism",
            prism_dir.display()
        ));
    }
    tool_version("npm")?;
    eprintln!(
        "xtask: installing Stoplight Prism {PRISM_VERSION} with `npm ci` in {}",
        prism_dir.display()
    );
    let status = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(prism_dir)
        .stdin(Stdio::null())
        .status()
        .map_err(|e| format!("could not run `npm ci` in {}: {e}", prism_dir.display()))?;
    if !status.success() {
        return Err(format!(
            "`npm ci` in {} failed ({status})",
            prism_dir.display()
        ));
    }
    match installed_version(prism_dir) {
        Some(v) if v == PRISM_VERSION && bin.exists() => Ok(bin),
        Some(v) => Err(format!(
            "`npm ci` installed @stoplight/prism-cli {v}, expected {PRISM_VERSION}: check {}",
            prism_dir.join("package-lock.json").display()
        )),
        None => Err(format!(
            "`npm ci` succeeded but {} is missing",
            bin.display()
        )),
    }
}

/// `prism_dir/node_modules/.bin/prism`.
pub fn prism_bin(prism_dir: &Path) -> PathBuf {
    prism_dir.join("node_modules").join(".bin").join("prism")
}

/// The version of the installed `@stoplight/prism-cli`, if any.
fn installed_version(prism_dir: &Path) -> Option<String> {
    let manifest = prism_dir.join("node_modules/@stoplight/prism-cli/package.json");
    parse_package_version(&fs::read_to_string(manifest).ok()?)
}

/// Runs `TOOL --version`; a missing tool is reported as the Node.js requirement it is.
fn tool_version(tool: &str) -> Result<String, String> {
    let out = Command::new(tool)
        .arg("--version")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| {
            format!(
                "Node.js >= {MIN_NODE_MAJOR} with npm is required for the end-to-end tests \
                 (they run the Stoplight Prism mock server): could not run `{tool} --version`: {e}"
            )
        })?;
    if !out.status.success() {
        return Err(format!("`{tool} --version` failed ({})", out.status));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// `v20.20.2` -> 20.
fn parse_node_major(version: &str) -> Option<u32> {
    let v = version.trim();
    let v = v.strip_prefix('v').unwrap_or(v);
    v.split('.').next()?.parse().ok()
}

/// The top-level `"version"` of a package.json (the first `"version"` key: npm writes it before
/// any nested object that could hold another one).
fn parse_package_version(package_json: &str) -> Option<String> {
    let rest = &package_json[package_json.find("\"version\"")? + "\"version\"".len()..];
    let rest = rest
        .trim_start()
        .strip_prefix(':')?
        .trim_start()
        .strip_prefix('"')?;
    Some(rest[..rest.find('"')?].to_string())
}

/// How Prism answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PrismMode {
    /// With the spec's examples (`Prefer: example=NAME` picks one).
    Static,
    /// With random data that conforms to the schemas (`-d --seed N`: the same seed and the same
    /// sequence of requests give the same answers).
    Dynamic { seed: u64 },
}

impl fmt::Display for PrismMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PrismMode::Static => f.write_str("static"),
            PrismMode::Dynamic { seed } => write!(f, "dynamic (seed {seed})"),
        }
    }
}

/// A running `prism mock` process. Dropping it stops it.
pub struct PrismServer {
    url: String,
    mode: PrismMode,
    log_path: PathBuf,
    child: Option<Child>,
    drained: Option<Receiver<()>>,
}

impl fmt::Debug for PrismServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PrismServer")
            .field("url", &self.url)
            .field("mode", &self.mode)
            .field("pid", &self.pid())
            .field("log_path", &self.log_path)
            .finish()
    }
}

/// A spawned Prism that has not printed its listening line yet. `server.url` is empty until
/// then; dropping it stops the process like any `PrismServer`.
struct Starting {
    server: PrismServer,
    listening: Receiver<String>,
}

impl PrismServer {
    /// Starts `prism mock SPEC -h 127.0.0.1 -p 0` (plus `-d --seed N` in dynamic mode), writes
    /// its output to `log` (created or truncated) and waits up to [`START_TIMEOUT`] for it to
    /// listen. On failure the process is stopped and the error quotes the end of the log.
    #[cfg(test)]
    pub fn start(
        prism_bin: &Path,
        spec: &Path,
        mode: PrismMode,
        log: &Path,
    ) -> Result<PrismServer, String> {
        Starting::spawn(prism_bin, spec, mode, log)?.wait(START_TIMEOUT)
    }

    /// Starts several servers at once (they boot in parallel) and waits for all of them; if one
    /// fails, the others are stopped. `servers` holds (mode, log file) pairs.
    pub fn start_all(
        prism_bin: &Path,
        spec: &Path,
        servers: &[(PrismMode, &Path)],
    ) -> Result<Vec<PrismServer>, String> {
        let mut starting = Vec::with_capacity(servers.len());
        for (mode, log) in servers {
            // On error, the already spawned ones are dropped (and killed) here.
            starting.push(Starting::spawn(prism_bin, spec, *mode, log)?);
        }
        let deadline = Instant::now() + START_TIMEOUT;
        let mut started = Vec::with_capacity(starting.len());
        let mut first_error = None;
        for s in starting {
            if first_error.is_some() {
                drop(s);
                continue;
            }
            match s.wait(deadline.saturating_duration_since(Instant::now())) {
                Ok(server) => started.push(server),
                Err(e) => first_error = Some(e),
            }
        }
        match first_error {
            Some(e) => Err(e), // `started` is dropped: those servers are stopped.
            None => Ok(started),
        }
    }

    /// Base URL, e.g. `http://127.0.0.1:41234` (no trailing slash).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Static or dynamic (with its seed).
    pub fn mode(&self) -> PrismMode {
        self.mode
    }

    /// The file Prism's stdout and stderr go to.
    pub fn log_path(&self) -> &Path {
        &self.log_path
    }

    /// Process id of the node process, while it runs.
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    /// Stops the server: SIGTERM, up to [`STOP_GRACE`] to exit, then SIGKILL; reaps it and
    /// waits (briefly) for the rest of its output to reach the log. Idempotent.
    pub fn stop(&mut self) -> Result<Option<ExitStatus>, String> {
        let Some(child) = self.child.take() else {
            return Ok(None);
        };
        let status = terminate(child)?;
        if let Some(drained) = self.drained.take() {
            wait_drained(&drained, Duration::from_secs(2));
        }
        Ok(Some(status))
    }
}

impl Drop for PrismServer {
    fn drop(&mut self) {
        if let Err(e) = self.stop() {
            eprintln!("xtask: stopping Prism ({}): {e}", self.log_path.display());
        }
    }
}

impl Starting {
    fn spawn(
        prism_bin: &Path,
        spec: &Path,
        mode: PrismMode,
        log: &Path,
    ) -> Result<Starting, String> {
        if !prism_bin.exists() {
            return Err(format!(
                "{} does not exist (run prism::ensure_installed first)",
                prism_bin.display()
            ));
        }
        if !spec.is_file() {
            return Err(format!("mock spec {} does not exist", spec.display()));
        }
        if let Some(dir) = log.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs::create_dir_all(dir)
                .map_err(|e| format!("could not create {}: {e}", dir.display()))?;
        }
        let file =
            File::create(log).map_err(|e| format!("could not create {}: {e}", log.display()))?;
        let file = Arc::new(Mutex::new(file));

        let mut cmd = Command::new(prism_bin);
        cmd.arg("mock")
            .arg(spec)
            .args(["-h", "127.0.0.1", "-p", "0"]);
        if let PrismMode::Dynamic { seed } = mode {
            cmd.arg("-d").arg("--seed").arg(seed.to_string());
        }
        // Plain output whatever the environment says (it is parsed and kept in a log file).
        cmd.env("NO_COLOR", "1").env("FORCE_COLOR", "0");
        cmd.stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd
            .spawn()
            .map_err(|e| format!("could not run {}: {e}", prism_bin.display()))?;

        let (listening_tx, listening) = mpsc::channel();
        let (drained_tx, drained) = mpsc::channel();
        let stdout: Option<ChildStdout> = child.stdout.take();
        let stderr: Option<ChildStderr> = child.stderr.take();
        let mut spawn_error = None;
        if let Some(out) = stdout {
            if let Err(e) = drain(
                out,
                Arc::clone(&file),
                Some(listening_tx),
                drained_tx.clone(),
            ) {
                spawn_error = Some(e);
            }
        }
        if let Some(err) = stderr {
            if let Err(e) = drain(err, file, None, drained_tx) {
                spawn_error = Some(e);
            }
        }
        let server = PrismServer {
            url: String::new(),
            mode,
            log_path: log.to_path_buf(),
            child: Some(child),
            drained: Some(drained),
        };
        let starting = Starting { server, listening };
        match spawn_error {
            Some(e) => Err(e), // `starting` is dropped: the process is killed.
            None => Ok(starting),
        }
    }

    fn wait(self, timeout: Duration) -> Result<PrismServer, String> {
        let Starting {
            mut server,
            listening,
        } = self;
        match listening.recv_timeout(timeout) {
            Ok(url) => {
                server.url = url;
                Ok(server)
            }
            Err(e) => {
                let why = match e {
                    RecvTimeoutError::Timeout => {
                        format!("did not print {LISTENING:?} within {} s", timeout.as_secs())
                    }
                    RecvTimeoutError::Disconnected => {
                        match server.child.as_mut().map(Child::try_wait) {
                            Some(Ok(Some(status))) => format!("exited ({status}) before listening"),
                            _ => "closed its output before listening".to_string(),
                        }
                    }
                };
                let (mode, log_path) = (server.mode, server.log_path.clone());
                drop(server); // stops the process and lets the log be completed
                Err(format!(
                    "Prism ({mode}) {why}; end of {}:\n{}",
                    log_path.display(),
                    log_tail(&log_path, 25)
                ))
            }
        }
    }
}

/// Copies `pipe` line by line into `file` on a thread. When `listening` is given, the URL of the
/// first listening line is sent on it. Sends on `drained` when the pipe is closed.
fn drain<R: Read + Send + 'static>(
    pipe: R,
    file: Arc<Mutex<File>>,
    mut listening: Option<Sender<String>>,
    drained: Sender<()>,
) -> Result<(), String> {
    thread::Builder::new()
        .name("prism-log".into())
        .spawn(move || {
            let mut reader = BufReader::new(pipe);
            let mut buf = Vec::new();
            loop {
                buf.clear();
                match reader.read_until(b'\n', &mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {}
                }
                {
                    let mut f = file.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
                    let _ = f.write_all(&buf);
                    if !buf.ends_with(b"\n") {
                        let _ = f.write_all(b"\n");
                    }
                    let _ = f.flush();
                }
                if listening.is_some() {
                    if let Some(url) = parse_listening_line(&String::from_utf8_lossy(&buf)) {
                        if let Some(tx) = listening.take() {
                            let _ = tx.send(url);
                        }
                    }
                }
            }
            let _ = drained.send(());
        })
        .map(|_detached| ())
        .map_err(|e| format!("could not start a thread to read Prism's output: {e}"))
}

/// Waits until both output threads have finished, at most `timeout` in all.
fn wait_drained(drained: &Receiver<()>, timeout: Duration) {
    let deadline = Instant::now() + timeout;
    for _ in 0..2 {
        if drained
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .is_err()
        {
            return;
        }
    }
}

/// `... Prism is listening on http://127.0.0.1:4010` -> `http://127.0.0.1:4010`.
fn parse_listening_line(line: &str) -> Option<String> {
    let line = strip_ansi(line);
    let rest = &line[line.find(LISTENING)? + LISTENING.len()..];
    let url = rest.split_whitespace().next()?.trim_end_matches('/');
    (url.starts_with("http://") || url.starts_with("https://")).then(|| url.to_string())
}

/// Removes ANSI CSI escape sequences (colours), in case colours are forced on.
fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            chars.next();
            for c in chars.by_ref() {
                if ('@'..='~').contains(&c) {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// SIGTERM (through `kill -TERM`), up to [`STOP_GRACE`] to exit, then SIGKILL; always reaps.
fn terminate(mut child: Child) -> Result<ExitStatus, String> {
    if let Ok(Some(status)) = child.try_wait() {
        return Ok(status);
    }
    let pid = child.id().to_string();
    let termed = Command::new("kill")
        .args(["-TERM", &pid])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if termed {
        let deadline = Instant::now() + STOP_GRACE;
        while Instant::now() < deadline {
            match child.try_wait() {
                Ok(Some(status)) => return Ok(status),
                Ok(None) => thread::sleep(Duration::from_millis(50)),
                Err(_) => break,
            }
        }
    }
    // Still running after the grace period (or SIGTERM could not be sent): SIGKILL.
    if let Err(e) = child.kill() {
        if let Ok(Some(status)) = child.try_wait() {
            return Ok(status);
        }
        return Err(format!("could not kill Prism (pid {pid}): {e}"));
    }
    child
        .wait()
        .map_err(|e| format!("could not reap Prism (pid {pid}): {e}"))
}

/// The last `n` lines of a file, for error messages.
fn log_tail(path: &Path, n: usize) -> String {
    match fs::read(path) {
        Ok(bytes) => {
            let text = String::from_utf8_lossy(&bytes);
            let lines: Vec<&str> = text.lines().collect();
            lines[lines.len().saturating_sub(n)..].join("\n")
        }
        Err(e) => format!("(could not read the log: {e})"),
    }
}

/// Environment variable carrying the static server's URL to `cargo test`.
pub const STATIC_URL_VAR: &str = "PRISM_STATIC_URL";
/// Environment variable carrying the dynamic server's URL to `cargo test`.
pub const DYNAMIC_URL_VAR: &str = "PRISM_DYNAMIC_URL";

/// Starts a static and a seeded dynamic Prism on `mock_spec` (in parallel), runs `command` with
/// [`STATIC_URL_VAR`] and [`DYNAMIC_URL_VAR`] set to their URLs, and stops both servers whatever
/// happens. Logs go to `log_dir/prism-static.log` and `log_dir/prism-dynamic.log`.
///
/// `prism_bin` comes from [`ensure_installed`]; `mock_spec` is the description with the overrides
/// and `tests/prism/mock-patches.yaml` applied.
pub fn run_with_servers(
    prism_bin: &Path,
    mock_spec: &Path,
    seed: u64,
    log_dir: &Path,
    command: &mut Command,
) -> Result<ExitStatus, String> {
    let static_log = log_dir.join("prism-static.log");
    let dynamic_log = log_dir.join("prism-dynamic.log");
    let started = Instant::now();
    let servers = PrismServer::start_all(
        prism_bin,
        mock_spec,
        &[
            (PrismMode::Static, &static_log),
            (PrismMode::Dynamic { seed }, &dynamic_log),
        ],
    )?;
    let (stat, dynamic) = match servers.as_slice() {
        [s, d] => (s, d),
        _ => return Err("expected two Prism servers".to_string()),
    };
    eprintln!(
        "xtask: Prism ready in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    for server in &servers {
        eprintln!(
            "xtask: Prism {:?} at {} (log {})",
            server.mode(),
            server.url(),
            server.log_path().display()
        );
    }
    command
        .env(STATIC_URL_VAR, stat.url())
        .env(DYNAMIC_URL_VAR, dynamic.url());
    let status = command
        .status()
        .map_err(|e| format!("could not run {command:?}: {e}"));
    drop(servers); // stop both before reporting
    status
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpStream;

    #[test]
    fn parses_the_listening_line() {
        let line =
            "[4:53:39 PM] › [CLI] ▶  start     Prism is listening on http://127.0.0.1:33123\n";
        assert_eq!(
            parse_listening_line(line).as_deref(),
            Some("http://127.0.0.1:33123")
        );
        let coloured = "\u{1b}[90m[4:53:39 PM]\u{1b}[39m › [CLI] \u{1b}[32m▶  start\u{1b}[39m     \
                        Prism is listening on \u{1b}[4mhttp://127.0.0.1:4010/\u{1b}[24m";
        assert_eq!(
            parse_listening_line(coloured).as_deref(),
            Some("http://127.0.0.1:4010")
        );
        assert_eq!(
            parse_listening_line("[CLI] …  awaiting  Starting Prism…"),
            None
        );
        assert_eq!(parse_listening_line("Prism is listening on "), None);
    }

    #[test]
    fn parses_versions() {
        assert_eq!(parse_node_major("v20.20.2\n"), Some(20));
        assert_eq!(parse_node_major("24.0.0"), Some(24));
        assert_eq!(parse_node_major("garbage"), None);
        let pkg = r#"{
  "name": "@stoplight/prism-cli",
  "version": "5.14.2",
  "dependencies": { "x": { "version": "1.0.0" } }
}"#;
        assert_eq!(parse_package_version(pkg).as_deref(), Some("5.14.2"));
        assert_eq!(parse_package_version("{}"), None);
    }

    #[test]
    fn the_committed_package_pins_prism() {
        let dir = prism_dir();
        let pkg = fs::read_to_string(dir.join("package.json")).expect("tests/prism/package.json");
        assert!(
            pkg.contains(&format!("\"@stoplight/prism-cli\": \"{PRISM_VERSION}\"")),
            "tests/prism/package.json must pin @stoplight/prism-cli to exactly {PRISM_VERSION}"
        );
        let lock = fs::read_to_string(dir.join("package-lock.json")).expect("package-lock.json");
        assert!(lock.contains(&format!(
            "\"node_modules/@stoplight/prism-cli\": {{\n      \"version\": \"{PRISM_VERSION}\""
        )));
    }

    fn prism_dir() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/prism")
    }

    /// Needs Node.js >= 20 and npm (it runs `npm ci` when Prism is not installed yet, once for all
    /// the tests of this module). It fails, with the reason, when they are missing: it is never
    /// skipped.
    fn installed_prism() -> PathBuf {
        static INSTALLED: std::sync::OnceLock<Result<PathBuf, String>> = std::sync::OnceLock::new();
        match INSTALLED.get_or_init(|| ensure_installed(&prism_dir())) {
            Ok(bin) => bin.clone(),
            Err(e) => panic!("this test needs Stoplight Prism: {e}"),
        }
    }

    const SPEC: &str = r#"openapi: 3.0.3
info: {title: prism.rs test, version: "1"}
paths:
  /ping/{id}:
    get:
      operationId: ping
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                required: [pong]
                properties: {pong: {type: integer, minimum: 1, maximum: 1000000}}
              example: {pong: 42}
"#;

    fn get(url: &str, path: &str) -> String {
        let addr = url.strip_prefix("http://").expect("http URL");
        let mut stream = TcpStream::connect(addr).expect("connect to Prism");
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .expect("timeout");
        write!(stream, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nAccept: application/json\r\nConnection: close\r\n\r\n")
            .expect("send request");
        let mut response = String::new();
        stream.read_to_string(&mut response).expect("read response");
        response
    }

    fn is_running(pid: u32) -> bool {
        Path::new(&format!("/proc/{pid}")).exists()
            && !fs::read_to_string(format!("/proc/{pid}/stat"))
                .map(|s| s.contains(") Z "))
                .unwrap_or(true)
    }

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-prism-{name}-{}", std::process::id()));
        fs::create_dir_all(&dir).expect("temp dir");
        dir
    }

    #[test]
    fn serves_static_and_dynamic_and_stops() {
        let bin = installed_prism();
        let dir = temp_dir("serve");
        let spec = dir.join("spec.yaml");
        fs::write(&spec, SPEC).expect("write spec");
        let (static_log, dynamic_log) = (dir.join("static.log"), dir.join("dynamic.log"));
        let servers = PrismServer::start_all(
            &bin,
            &spec,
            &[
                (PrismMode::Static, &static_log),
                (PrismMode::Dynamic { seed: 7 }, &dynamic_log),
            ],
        )
        .expect("start Prism");
        let [stat, dynamic] = servers.as_slice() else {
            panic!("two servers")
        };
        assert!(
            stat.url().starts_with("http://127.0.0.1:"),
            "{}",
            stat.url()
        );
        assert_ne!(stat.url(), dynamic.url());

        let r = get(stat.url(), "/ping/1");
        assert!(r.starts_with("HTTP/1.1 200"), "{r}");
        assert!(r.ends_with(r#"{"pong":42}"#), "{r}");
        assert!(!r.to_ascii_lowercase().contains("sl-violations"), "{r}");
        // Request validation is on: a non-integer path parameter is rejected.
        let r = get(stat.url(), "/ping/abc");
        assert!(r.starts_with("HTTP/1.1 4"), "{r}");
        let r = get(dynamic.url(), "/ping/1");
        assert!(
            r.starts_with("HTTP/1.1 200") && r.contains("\"pong\":"),
            "{r}"
        );

        let pids: Vec<u32> = servers.iter().filter_map(PrismServer::pid).collect();
        assert_eq!(pids.len(), 2);
        assert!(pids.iter().all(|&p| is_running(p)));
        drop(servers);
        assert!(
            pids.iter().all(|&p| !is_running(p)),
            "Prism still running after drop"
        );
        let log = fs::read_to_string(&static_log).expect("static log");
        assert!(log.contains(LISTENING), "{log}");
        assert!(log.contains("/ping/abc"), "requests are logged: {log}");
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn reports_a_broken_spec_with_the_log() {
        let bin = installed_prism();
        let dir = temp_dir("broken");
        let spec = dir.join("spec.yaml");
        fs::write(&spec, "openapi: 3.0.3\ninfo: [not, an, object\n").expect("write spec");
        let log = dir.join("prism.log");
        let err = PrismServer::start(&bin, &spec, PrismMode::Static, &log).expect_err("must fail");
        assert!(err.contains("before listening"), "{err}");
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn run_with_servers_exports_the_urls() {
        let bin = installed_prism();
        let dir = temp_dir("run");
        let spec = dir.join("spec.yaml");
        fs::write(&spec, SPEC).expect("write spec");
        let out = dir.join("env.txt");
        let mut cmd = Command::new("sh");
        cmd.arg("-c").arg(format!(
            "echo \"${STATIC_URL_VAR} ${DYNAMIC_URL_VAR}\" > '{}'",
            out.display()
        ));
        let status = run_with_servers(&bin, &spec, 1, &dir, &mut cmd).expect("run");
        assert!(status.success());
        let urls = fs::read_to_string(&out).expect("env.txt");
        let urls: Vec<&str> = urls.split_whitespace().collect();
        assert_eq!(urls.len(), 2, "{urls:?}");
        assert!(
            urls.iter().all(|u| u.starts_with("http://127.0.0.1:")),
            "{urls:?}"
        );
        assert!(dir.join("prism-static.log").is_file() && dir.join("prism-dynamic.log").is_file());
        let _ = fs::remove_dir_all(&dir);
    }
}
