//! The pinned description's download: a plain HTTPS GET with `ureq` (rustls), so that a
//! machine without `curl` can fetch it.
use std::io::Read;
use std::time::Duration;

/// Largest description accepted (2.16 is about 2 MB).
const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// The body of `url`, or why not.
pub fn fetch(url: &str) -> Result<Vec<u8>, String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(120)))
        .build()
        .into();
    let response = agent.get(url).call().map_err(|e| e.to_string())?;
    let mut body = Vec::new();
    response
        .into_body()
        .into_reader()
        .take(MAX_BYTES)
        .read_to_end(&mut body)
        .map_err(|e| e.to_string())?;
    Ok(body)
}
