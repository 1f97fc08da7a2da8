//! Helpers shared by the runtime tests.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use intercom_api::{Client, ClientBuilder};
use wiremock::MockServer;

/// A token that must never show up in output.
pub const TOKEN: &str = "tok_SECRET_a1b2c3";

/// Waits the client asked for, recorded instead of slept.
#[derive(Clone, Default)]
pub struct Sleeps(Arc<Mutex<Vec<Duration>>>);

impl Sleeps {
    pub fn all(&self) -> Vec<Duration> {
        self.0.lock().unwrap().clone()
    }
}

/// A builder pointed at `server` whose waits are recorded and skipped.
pub fn builder(server: &MockServer) -> (ClientBuilder, Sleeps) {
    let sleeps = Sleeps::default();
    let record = sleeps.clone();
    let builder = Client::builder()
        .token(TOKEN)
        .base_url(format!("{}/", server.uri()))
        .sleeper(move |d| {
            record.0.lock().unwrap().push(d);
            async {}
        });
    (builder, sleeps)
}

/// A client pointed at `server` with recorded waits.
pub fn client(server: &MockServer) -> (Client, Sleeps) {
    let (builder, sleeps) = builder(server);
    (builder.build().unwrap(), sleeps)
}

/// How many requests the server received.
pub async fn received(server: &MockServer) -> usize {
    server.received_requests().await.unwrap_or_default().len()
}

/// Now plus `secs`, in Unix seconds.
pub fn unix_in(secs: u64) -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + secs
}
