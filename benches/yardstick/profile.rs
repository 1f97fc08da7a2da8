//! Decodes the yardstick's 150-contact page N times with one decoder only, so that callgrind,
//! cachegrind or perf see one side at a time (the yardstick's own binary interleaves them).
//! Not used by the scripts; see docs/performance.md for how to build and run it.
//!
//! Usage: profile value|ours|progenitor [N]   (N = 20; N = 0 measures everything but decoding)
use std::hint::black_box;
use std::time::Instant;

use runtime_bench::ours;

/// Decodes `$page` into `$type` (the crate has no direct `serde` dependency to name the bound).
macro_rules! decode {
    ($type:ty, $page:expr) => {{
        let value: $type = serde_json::from_slice(black_box($page)).expect("the page decodes");
        black_box(value);
    }};
}

fn main() {
    let side = std::env::args().nth(1).unwrap_or_default();
    let n: usize = std::env::args()
        .nth(2)
        .map_or(Ok(20), |text| text.parse())
        .expect("N is a number of decodes");
    let page = runtime_bench::page(150, false);
    let started = Instant::now();
    for _ in 0..n {
        match side.as_str() {
            "value" => decode!(serde_json::Value, &page),
            "ours" => decode!(ours::ContactPage, &page),
            "progenitor" => decode!(progenitor_intercom::types::ContactList, &page),
            _ => {
                eprintln!("usage: profile value|ours|progenitor [N]");
                std::process::exit(2);
            }
        }
    }
    if n > 0 {
        let micros = started.elapsed().as_secs_f64() * 1e6 / n as f64;
        println!("{side}: {n} decodes, {micros:.1} us each");
    }
}
