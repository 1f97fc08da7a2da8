//! Decoding speed of a full page of contacts into the generated types, as a ratio to decoding
//! the same bytes into `serde_json::Value` (the baseline, measured in the same run): a page that
//! fits its types (the strict fast path), and the same page with one value per contact that does
//! not fit (the field-by-field fallback, which keeps those values as mismatches).
//!
//! Each contact also carries a property the description does not declare: it is kept, as JSON
//! text, in the contact's `extra` (`intercom_api::Extra`), so the figures include that cost.
//!
//! `cargo bench -p intercom-api --bench decode` prints one line per measurement.
use std::hint::black_box;
use std::time::{Duration, Instant};

use intercom_api::decode;
use intercom_api::models::ContactList;
use serde_json::{json, Value};

/// A page of `count` contacts shaped like the API's (150 is the largest page size); with
/// `misfit`, each contact's `email` is an object where the description declares a string.
fn page(count: usize, misfit: bool) -> Vec<u8> {
    let contacts: Vec<Value> = (0..count)
        .map(|i| {
            json!({
                "type": "contact", "id": format!("6762f0cd1bb69f9f2193{i:04x}"), "workspace_id": "abc123",
                "external_id": i, "role": if i % 3 == 0 { "lead" } else { "user" },
                "email": if misfit { json!({"address": format!("user{i}@example.com")}) } else { json!(format!("user{i}@example.com")) },
                "phone": null, "name": format!("User {i}"),
                "avatar": null, "owner_id": 991267464, "has_hard_bounced": false, "marked_email_as_spam": false,
                "unsubscribed_from_emails": false, "created_at": 1734537000 + i, "updated_at": 1734537500,
                "signed_up_at": 1734537000, "last_seen_at": null, "browser": "chrome", "os": "macOS",
                "custom_attributes": {"plan": "pro", "seats": i, "vip": i % 2 == 0},
                "tags": {"type": "list", "data": [{"type": "tag", "id": "7", "url": "/tags/7"}], "url": "/contacts/x/tags", "total_count": 1, "has_more": false},
                "notes": {"type": "list", "data": [], "url": "/contacts/x/notes", "total_count": 0, "has_more": false},
                "companies": {"type": "list", "data": [], "url": "/contacts/x/companies", "total_count": 0, "has_more": false},
                "location": {"type": "location", "country": "Ireland", "region": "Dublin", "city": "Dublin"},
                "social_profiles": {"type": "list", "data": []},
                "a_field_from_the_future": {"nested": [1, 2, 3]}
            })
        })
        .collect();
    let body = json!({
        "type": "list", "data": contacts, "total_count": count,
        "pages": {"type": "pages", "page": 1, "per_page": count, "total_pages": 1, "next": null}
    });
    serde_json::to_vec(&body).expect("serialisable")
}

/// Median time of one call of each function, over `rounds` rounds of `iterations` calls; the
/// functions take turns within each round (in a rotating order), so that a change of machine
/// load hits them all alike.
fn measure(rounds: usize, iterations: usize, fs: &mut [&mut dyn FnMut()]) -> Vec<Duration> {
    let mut samples = vec![Vec::with_capacity(rounds); fs.len()];
    for round in 0..rounds {
        for k in 0..fs.len() {
            let i = (round + k) % fs.len();
            let started = Instant::now();
            for _ in 0..iterations {
                (fs[i])();
            }
            samples[i].push(started.elapsed() / iterations as u32);
        }
    }
    samples
        .into_iter()
        .map(|mut s| {
            s.sort();
            s[s.len() / 2]
        })
        .collect()
}

fn main() {
    let bytes = page(150, false);
    let misfits = page(150, true);
    let mut value = || {
        black_box(serde_json::from_slice::<Value>(black_box(&bytes)).expect("valid JSON"));
    };
    let mut typed = || {
        let decoded = decode::from_slice::<ContactList>(black_box(&bytes)).expect("decodes");
        assert!(decoded.mismatches.is_empty());
        black_box(decoded);
    };
    let mut degraded = || {
        let decoded = decode::from_slice::<ContactList>(black_box(&misfits)).expect("decodes");
        assert_eq!(decoded.mismatches.len(), 150);
        black_box(decoded);
    };
    let first = decode::from_slice::<ContactList>(&bytes).expect("decodes");
    let kept = first
        .value
        .data
        .as_ref()
        .and_then(|data| data[0].extra.get("a_field_from_the_future"));
    assert_eq!(
        kept,
        Some(json!({"nested": [1, 2, 3]})),
        "undeclared properties are kept"
    );
    let times = measure(30, 20, &mut [&mut value, &mut typed, &mut degraded]);
    let (baseline, typed, degraded) = (times[0], times[1], times[2]);
    let kib = bytes.len() as f64 / 1024.0;
    let ratio = |d: Duration| d.as_secs_f64() / baseline.as_secs_f64();
    println!("decode 150 contacts ({kib:.0} KiB): serde_json::Value (baseline) {baseline:?}");
    println!(
        "  typed ContactList, every value fits:        {typed:?} = {:.2}x baseline",
        ratio(typed)
    );
    println!(
        "  typed ContactList, one misfit per contact:  {degraded:?} = {:.2}x baseline",
        ratio(degraded)
    );
}
