//! Shows that streaming a listing keeps one page in memory: peak RSS (Linux `VmHWM`) after
//! streaming 10k and then 100k items from a local HTTP server, and, as a control, after
//! collecting 100k items into a `Vec`.
//!
//! Run with `cargo run --release -p intercom-api --example pagination_memory`.

use futures_util::TryStreamExt;
use intercom_api::pagination::{PagePosition, PageStyle, Paginate, PaginateExt};
use intercom_api::{Client, Pending, Request, Response};
use reqwest::Method;
use serde::Deserialize;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Intercom's maximum `per_page` for contacts.
const PER_PAGE: usize = 150;

/// Serves `GET /contacts?total=N&starting_after=K` like Intercom's cursor pagination, over
/// a minimal keep-alive HTTP/1.1 server. (A mock library would keep every request it saw,
/// which would hide whether the client's memory grows.)
async fn serve(listener: TcpListener) {
    while let Ok((stream, _)) = listener.accept().await {
        tokio::spawn(serve_connection(stream));
    }
}

async fn serve_connection(mut stream: TcpStream) -> std::io::Result<()> {
    let mut head = Vec::with_capacity(1024);
    let mut buffer = [0u8; 1024];
    loop {
        let read = stream.read(&mut buffer).await?;
        if read == 0 {
            return Ok(());
        }
        head.extend_from_slice(&buffer[..read]);
        let Some(end) = head.windows(4).position(|w| w == b"\r\n\r\n") else {
            continue;
        };
        let request_line = String::from_utf8_lossy(&head[..end])
            .lines()
            .next()
            .unwrap_or_default()
            .to_owned();
        head.drain(..end + 4);
        let body = page_body(&request_line);
        let response_head = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
            body.len()
        );
        stream.write_all(response_head.as_bytes()).await?;
        stream.write_all(&body).await?;
    }
}

/// One page for a request line such as `GET /contacts?total=10&starting_after=5 HTTP/1.1`.
fn page_body(request_line: &str) -> Vec<u8> {
    let target = request_line.split(' ').nth(1).unwrap_or_default();
    let query = target.split_once('?').map(|(_, q)| q).unwrap_or_default();
    let param = |name: &str| {
        url::form_urlencoded::parse(query.as_bytes())
            .find(|(k, _)| k == name)
            .and_then(|(_, v)| v.parse::<usize>().ok())
    };
    let total = param("total").unwrap_or(0);
    let start = param("starting_after").unwrap_or(0);
    let end = (start + PER_PAGE).min(total);
    let data: Vec<_> = (start..end).map(contact).collect();
    let next = (end < total)
        .then(|| json!({"page": end / PER_PAGE + 1, "starting_after": end.to_string()}));
    let page = json!({
        "type": "list",
        "data": data,
        "total_count": total,
        "pages": {"type": "pages", "next": next, "per_page": PER_PAGE, "total_pages": total.div_ceil(PER_PAGE)}
    });
    serde_json::to_vec(&page).unwrap_or_default()
}

fn contact(n: usize) -> serde_json::Value {
    json!({
        "type": "contact",
        "id": format!("{n:024x}"),
        "workspace_id": "ecahpwf5",
        "role": "user",
        "email": format!("user{n}@example.com"),
        "name": format!("User Number {n}"),
        "created_at": 1_700_000_000 + n,
        "custom_attributes": {"plan": "pro", "seats": n % 50}
    })
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)] // Fields are read only through Debug; they make the items realistic.
struct Contact {
    id: String,
    email: Option<String>,
    name: Option<String>,
    created_at: Option<i64>,
    custom_attributes: serde_json::Map<String, serde_json::Value>,
}

#[derive(Deserialize)]
struct ContactList {
    data: Vec<Contact>,
}

#[derive(Clone)]
struct ListContacts {
    client: Client,
    total: usize,
    starting_after: Option<String>,
}

impl Paginate for ListContacts {
    type Page = ContactList;
    type Item = Contact;
    const STYLE: PageStyle = PageStyle::QueryCursor;

    fn set_position(&mut self, position: &PagePosition) {
        if let PagePosition::StartingAfter(cursor) = position {
            self.starting_after = Some(cursor.clone());
        }
    }

    fn to_request(&self) -> Request {
        let request = self
            .client
            .request(Method::GET, "/contacts")
            .query("per_page", PER_PAGE.to_string())
            .query("total", self.total.to_string());
        match &self.starting_after {
            Some(cursor) => request.query("starting_after", cursor.clone()),
            None => request,
        }
    }

    fn send_page(request: Request) -> Pending<Response<ContactList>> {
        Pending::json_response(request)
    }

    fn into_items(page: ContactList) -> Vec<Contact> {
        page.data
    }
}

/// Peak resident set size of this process so far, in KiB (Linux only).
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn report(label: &str) {
    match peak_rss_kib() {
        Some(kib) => println!("{label:<36} peak RSS {:>8.1} MiB", kib as f64 / 1024.0),
        None => println!("{label:<36} peak RSS unavailable (no /proc/self/status)"),
    }
}

async fn stream_count(client: &Client, total: usize) -> intercom_api::Result<usize> {
    let list = ListContacts {
        client: client.clone(),
        total,
        starting_after: None,
    };
    list.items()
        .try_fold(0, |count, _contact| async move { Ok(count + 1) })
        .await
}

#[tokio::main]
async fn main() -> intercom_api::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let base_url = format!("http://{}", listener.local_addr()?);
    tokio::spawn(serve(listener));
    let client = Client::builder()
        .token("example-token")
        .base_url(base_url)
        .build()?;

    assert_eq!(stream_count(&client, PER_PAGE).await?, PER_PAGE);
    report("after one page (baseline)");
    // Item counts to stream, from the command line (default: 10000 100000).
    let mut totals: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    if totals.is_empty() {
        totals = vec![10_000, 100_000];
    }
    for total in totals {
        let count = stream_count(&client, total).await?;
        assert_eq!(count, total);
        report(&format!("after streaming {total} items"));
    }
    let list = ListContacts {
        client: client.clone(),
        total: 100_000,
        starting_after: None,
    };
    let all = list.collect_all().await?;
    report(&format!("control: {} items collected in a Vec", all.len()));
    Ok(())
}
