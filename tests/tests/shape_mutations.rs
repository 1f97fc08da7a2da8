//! Property: a value of the wrong JSON type anywhere in a response never loses the response.
//!
//! Every 2xx response example of the pinned description is mutated several times, each time
//! replacing one value (at a random depth) with a value of another JSON type (string, number,
//! boolean, object, array or null), and decoded as the client decodes it. Each mutant must
//! decode; the values that did not fit must be reported at the replaced path (or inside it);
//! and re-encoding the model plus the reported values must give the mutant back, except where
//! the SDK read the new value as a known widening of the declared type (a number for an id, a
//! numeric string for an integer, a bare array for a list object, ...), which must then be
//! confined to the replaced path.
use intercom_tests::registry::lenient_response;
use intercom_tests::{equivalent, examples};
use serde_json::{json, Map, Value};

/// Mutants per example; the seed is fixed so that every run checks the same mutants.
const MUTANTS_PER_EXAMPLE: usize = 20;
const SEED: u64 = 0x005e_ed1e_57f1_e1d5;

#[test]
fn every_response_survives_a_value_of_another_shape() {
    let spec = intercom_tests::spec();
    let mut rng = Rng(SEED);
    let (mut mutants, mut decoded, mut reported, mut widened) = (0, 0, 0, 0);
    let mut failures = Vec::new();
    for example in examples(&spec.document) {
        let Some(status @ 200..=299) = example.status else {
            continue;
        };
        let paths = value_paths(&example.value);
        if paths.is_empty() {
            continue;
        }
        for _ in 0..MUTANTS_PER_EXAMPLE {
            let path = &paths[rng.below(paths.len())];
            let mut mutant = example.value.clone();
            let Some(slot) = mutant.pointer_mut(path) else {
                continue;
            };
            *slot = other_shape(slot, &mut rng);
            let bytes = serde_json::to_vec(&mutant).expect("encodes");
            let Some(result) = lenient_response(&example.operation, status, &bytes) else {
                break;
            };
            mutants += 1;
            let context = format!(
                "{} {status} {:?} at {path}",
                example.operation, example.name
            );
            let (encoded, mismatches) = match result {
                Ok(outcome) => outcome,
                Err(error) => {
                    failures.push(format!("{context}: did not decode: {error}"));
                    continue;
                }
            };
            decoded += 1;
            reported += mismatches.len();
            if let Some(stray) = mismatches.iter().find(|m| !within(&m.path, path)) {
                failures.push(format!("{context}: mismatch reported at {}", stray.path));
                continue;
            }
            let mut restored = encoded;
            intercom_api::decode::restore(&mut restored, &mismatches);
            match check(&mutant, &restored, path) {
                Ok(Outcome::Same) => {}
                Ok(Outcome::Widened) => widened += 1,
                Err(e) => failures.push(format!("{context}: {e}")),
            }
        }
    }
    println!(
        "shape mutations: {decoded}/{mutants} decoded, {reported} mismatches reported ({widened} read as a widened type)"
    );
    assert!(mutants > 2_000, "too few mutants: {mutants}");
    assert!(reported > 500, "too few values reported: {reported}");
    assert!(
        failures.is_empty(),
        "{} of {mutants} mutants failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

enum Outcome {
    /// Model plus mismatches give the mutant back.
    Same,
    /// The replaced value was read as a widened type (the rest is unchanged).
    Widened,
}

fn check(mutant: &Value, restored: &Value, path: &str) -> Result<Outcome, String> {
    let (mutant, restored) = (without_null_items(mutant), without_null_items(restored));
    if equivalent(&mutant, &restored, "$").is_ok() {
        return Ok(Outcome::Same);
    }
    let (mut a, mut b) = (mutant.clone(), restored.clone());
    let (at_a, at_b) = (
        take(&mut a, path).unwrap_or(Value::Null),
        take(&mut b, path).unwrap_or(Value::Null),
    );
    equivalent(&a, &b, "$").map_err(|e| format!("changed outside the replaced value: {e}"))?;
    if widening(&at_a, &at_b) {
        Ok(Outcome::Widened)
    } else {
        Err(format!("sent {at_a}, kept {at_b}"))
    }
}

/// Known widenings: the typed value re-encodes in the declared form.
fn widening(sent: &Value, kept: &Value) -> bool {
    match (sent, kept) {
        // An open enum or an id keeps a scalar as its text.
        (Value::Bool(b), Value::String(s)) => b.to_string() == *s,
        (Value::Number(n), Value::String(s)) => n.to_string() == *s,
        // An integer given as a float without fraction.
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        // A list object given as a bare array of its items: each item is in its list, or kept
        // as a mismatch (restored under its index, as the object is not an array).
        (Value::Array(items), Value::Object(list)) => {
            let mut kept: Vec<&Value> = list
                .values()
                .filter_map(Value::as_array)
                .flatten()
                .collect();
            kept.extend((0..items.len()).filter_map(|i| list.get(&i.to_string())));
            kept.len() == items.len() && items.iter().all(|item| kept.contains(&item))
        }
        _ => false,
    }
}

/// Whether pointer `path` is `parent` or inside it.
fn within(path: &str, parent: &str) -> bool {
    path == parent
        || path
            .strip_prefix(parent)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// Removes and returns the value at `path`, leaving a null in its place.
fn take(value: &mut Value, path: &str) -> Option<Value> {
    value.pointer_mut(path).map(Value::take)
}

/// Null list items carry nothing; the SDK drops them.
fn without_null_items(value: &Value) -> Value {
    match value {
        Value::Array(items) => Value::Array(
            items
                .iter()
                .filter(|v| !v.is_null())
                .map(without_null_items)
                .collect(),
        ),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), without_null_items(v)))
                .collect::<Map<_, _>>(),
        ),
        other => other.clone(),
    }
}

/// JSON Pointers of every value below the root.
fn value_paths(value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    collect(value, &mut String::new(), &mut out);
    out
}

fn collect(value: &Value, prefix: &mut String, out: &mut Vec<String>) {
    let children: Vec<(String, &Value)> = match value {
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| (k.replace('~', "~0").replace('/', "~1"), v))
            .collect(),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (i.to_string(), v))
            .collect(),
        _ => return,
    };
    for (token, child) in children {
        let len = prefix.len();
        prefix.push('/');
        prefix.push_str(&token);
        out.push(prefix.clone());
        collect(child, prefix, out);
        prefix.truncate(len);
    }
}

/// A value of a JSON type other than `current`'s.
fn other_shape(current: &Value, rng: &mut Rng) -> Value {
    let candidates = [
        json!("mutated"),
        json!(12345.5),
        json!(7),
        json!(true),
        json!({"mutated": true}),
        json!(["mutated"]),
        Value::Null,
    ];
    let kind = |v: &Value| match v {
        Value::Null => 0,
        Value::Bool(_) => 1,
        Value::Number(_) => 2,
        Value::String(_) => 3,
        Value::Array(_) => 4,
        Value::Object(_) => 5,
    };
    let others: Vec<&Value> = candidates
        .iter()
        .filter(|c| kind(c) != kind(current))
        .collect();
    others[rng.below(others.len())].clone()
}

/// A small deterministic generator (xorshift64*), so that runs are reproducible.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n.max(1)
    }
}
