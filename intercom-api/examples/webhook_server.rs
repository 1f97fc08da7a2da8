//! A webhook endpoint with axum: checks `X-Hub-Signature` on the raw body, answers at once and
//! leaves the work to a background task.
//!
//! ```sh
//! INTERCOM_CLIENT_SECRET=... cargo run -p intercom-api --example webhook_server
//! ```
//!
//! then set the app's webhook URL (Developer Hub, Webhooks) to this server's
//! `/intercom/webhooks`, e.g. through a tunnel. `WEBHOOK_ADDR` changes the listening address
//! (default `127.0.0.1:3000`).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use intercom_api::webhooks::{self, Notification, WebhookError, SIGNATURE_HEADER};
use tokio::sync::mpsc;

#[derive(Clone)]
struct App {
    client_secret: Arc<str>,
    queue: mpsc::Sender<Notification>,
}

/// Intercom expects an answer within a few seconds, so the handler only verifies, parses and
/// queues; it never waits for the work itself.
async fn receive(State(app): State<App>, headers: HeaderMap, body: Bytes) -> StatusCode {
    // `Bytes` is the body exactly as received: the signature covers these bytes.
    let signature = headers
        .get(SIGNATURE_HEADER)
        .and_then(|value| value.to_str().ok());
    match webhooks::verify_and_parse(signature, &body, &app.client_secret) {
        Ok(notification) => {
            tracing::info!(topic = %notification.topic, id = ?notification.id, "received");
            // A full queue means the worker is behind: a 503 makes Intercom retry later
            // instead of this request waiting.
            match app.queue.try_send(notification) {
                Ok(()) => StatusCode::OK,
                Err(_) => StatusCode::SERVICE_UNAVAILABLE,
            }
        }
        Err(WebhookError::Signature(error)) => {
            tracing::warn!(%error, "rejected a delivery");
            StatusCode::UNAUTHORIZED
        }
        Err(error) => {
            tracing::warn!(%error, "signed but not a notification");
            StatusCode::BAD_REQUEST
        }
    }
}

/// The slow part: whatever the app does with a notification.
async fn work(mut queue: mpsc::Receiver<Notification>) {
    while let Some(notification) = queue.recv().await {
        let item = notification.item();
        tracing::info!(topic = %notification.topic, item = item.kind(), "processing");
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt().init();
    let client_secret = std::env::var("INTERCOM_CLIENT_SECRET")
        .map_err(|_| "set INTERCOM_CLIENT_SECRET to the app's client secret")?;
    let addr = std::env::var("WEBHOOK_ADDR").unwrap_or_else(|_| "127.0.0.1:3000".to_owned());

    let (queue, jobs) = mpsc::channel(1024);
    tokio::spawn(work(jobs));
    let app = App {
        client_secret: client_secret.into(),
        queue,
    };
    let router = Router::new()
        .route("/intercom/webhooks", post(receive))
        .with_state(app);

    let listener = tokio::net::TcpListener::bind(&addr).await?;
    tracing::info!("listening on http://{addr}/intercom/webhooks");
    axum::serve(listener, router).await?;
    Ok(())
}
