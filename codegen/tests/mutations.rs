//! Robustness: the pinned description, mutated with a fixed seed (see `codegen::mutate`), never
//! makes the generator panic or hang, and every mutant ends in generated files or an error,
//! with every pointer (of the error and of each warning) naming a node of the mutant.
//!
//! `MUTANTS` (default 1000) and `MUTATION_SEED` change the run. The pipeline runs in-process,
//! writing nothing; each run is bounded by [`TIMEOUT`]. Whether a sample of the outputs
//! compiles is `cargo xtask mutants --compile N` (a build takes a minute per mutant).
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use codegen::mutate::{self, Outcome, Rng};
use serde_json::Value;

/// Longest time one mutant may take (a release generator takes about a second).
const TIMEOUT: Duration = Duration::from_secs(60);

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn pinned_document() -> Value {
    let root = codegen::workspace::root();
    let (text, _) = codegen::workspace::read_inputs(&root, None)
        .unwrap_or_else(|e| panic!("cannot read the pinned description: {e}"));
    codegen::load::to_json(&text.text, &text.origin).expect("the pinned description is YAML")
}

#[derive(Default)]
struct Tally {
    generated: usize,
    errors: usize,
    /// The first error of each kind (message without its pointer).
    kinds: std::collections::BTreeMap<String, String>,
    panics: Vec<String>,
    hangs: Vec<String>,
    bad_pointers: Vec<String>,
}

#[test]
fn mutants_end_in_output_or_an_error_at_a_real_pointer() {
    let started = Instant::now();
    let (count, seed) = (setting("MUTANTS", 1000), setting("MUTATION_SEED", 20_160));
    let base = pinned_document();
    let targets = mutate::targets(&base);
    let mut rng = Rng::new(seed);
    let mut tally = Tally::default();
    let workers = thread::available_parallelism().map_or(2, |n| n.get());
    let mut batch = Vec::new();
    for index in 0..count {
        let (what, document) = mutate::mutant(&base, &targets, &mut rng);
        batch.push((index, what, document));
        if batch.len() == workers || index + 1 == count {
            run_batch(std::mem::take(&mut batch), &mut tally);
        }
    }
    println!(
        "mutants: {count} (seed {seed}), {} generated, {} errors, {} panics, {} hangs, {} bad pointers, in {:.0?}",
        tally.generated,
        tally.errors,
        tally.panics.len(),
        tally.hangs.len(),
        tally.bad_pointers.len(),
        started.elapsed()
    );
    for example in tally.kinds.values() {
        println!("  error: {example}");
    }
    assert!(
        tally.panics.is_empty(),
        "panics:\n{}",
        tally.panics.join("\n")
    );
    assert!(tally.hangs.is_empty(), "hangs:\n{}", tally.hangs.join("\n"));
    assert!(
        tally.bad_pointers.is_empty(),
        "pointers that do not exist:\n{}",
        tally.bad_pointers.join("\n")
    );
    assert!(
        tally.generated > count as usize / 2,
        "most mutants must still generate"
    );
}

/// Run mutants side by side, each on its own thread with a deadline.
fn run_batch(batch: Vec<(u64, String, Value)>, tally: &mut Tally) {
    let mut pending = Vec::new();
    for (index, what, document) in batch {
        let (send, receive) = mpsc::channel();
        let input = document.clone();
        thread::spawn(move || {
            let outcome = std::panic::catch_unwind(|| mutate::generate(document));
            let _ = send.send(outcome);
        });
        pending.push((index, what, input, receive, Instant::now()));
    }
    for (index, what, input, receive, started) in pending {
        let left = TIMEOUT.saturating_sub(started.elapsed());
        let label = format!("mutant {index} ({what})");
        match receive.recv_timeout(left) {
            Err(_) => tally.hangs.push(label),
            Ok(Err(panic)) => {
                let message = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_default();
                tally.panics.push(format!("{label}: {message}"));
            }
            Ok(Ok(outcome)) => {
                let missing = mutate::missing_pointers(&input, &outcome);
                tally
                    .bad_pointers
                    .extend(missing.iter().map(|m| format!("{label}: {m}")));
                match outcome {
                    Outcome::Generated(..) => tally.generated += 1,
                    Outcome::Failed(error) => {
                        tally.errors += 1;
                        let text = error.to_string();
                        let kind = text.split_once(": ").map_or(text.as_str(), |(_, m)| m);
                        let kind: String = kind.chars().take(60).collect();
                        tally
                            .kinds
                            .entry(kind)
                            .or_insert(format!("{label}: {text}"));
                    }
                }
            }
        }
    }
}
