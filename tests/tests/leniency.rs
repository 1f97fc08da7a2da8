//! Properties that keep real Intercom traffic decoding: a null in any field of any response,
//! unknown properties anywhere, and enum values the SDK has never seen.
use intercom_tests::registry::{decode_response, round_trip_enum, round_trip_response, ENUMS};
use intercom_tests::{equivalent, examples, Example};
use proptest::prelude::*;
use serde_json::{json, Value};

fn response_examples() -> Vec<(Example, u16)> {
    let spec = intercom_tests::spec();
    examples(&spec.document)
        .into_iter()
        .filter_map(|e| Some((e.clone(), e.status?)))
        .filter(|(e, status)| decode_response(&e.operation, *status, e.value.clone()).is_some())
        .collect()
}

/// JSON pointers of every object member below `value`.
fn member_pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let pointer = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
                out.push(pointer.clone());
                member_pointers(child, pointer, out);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                member_pointers(item, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn null_in_any_field_of_any_response_decodes() {
    let mut checked = 0;
    let mut failures = Vec::new();
    for (example, status) in response_examples() {
        let mut pointers = Vec::new();
        member_pointers(&example.value, String::new(), &mut pointers);
        for pointer in pointers {
            let mut value = example.value.clone();
            if let Some(slot) = value.pointer_mut(&pointer) {
                *slot = Value::Null;
            }
            checked += 1;
            if let Some(Err(e)) = decode_response(&example.operation, status, value) {
                failures.push(format!(
                    "{} {status} {:?} with {pointer} = null: {e}",
                    example.operation, example.name
                ));
            }
        }
    }
    println!(
        "null in one field: {}/{checked} responses decoded",
        checked - failures.len()
    );
    assert!(checked > 5_000, "only {checked} mutations");
    assert!(
        failures.is_empty(),
        "{} failed:\n{}",
        failures.len(),
        failures[..failures.len().min(30)].join("\n")
    );
}

fn inject_unknown(value: &mut Value) -> usize {
    match value {
        Value::Object(map) => {
            let nested: usize = map.values_mut().map(inject_unknown).sum();
            map.insert(
                "x_field_from_the_future".into(),
                json!({"nested": [1, "two", null], "flag": true}),
            );
            nested + 1
        }
        Value::Array(items) => items.iter_mut().map(inject_unknown).sum(),
        _ => 0,
    }
}

#[test]
fn unknown_fields_anywhere_survive_a_round_trip() {
    let mut objects = 0;
    let mut failures = Vec::new();
    for (example, status) in response_examples() {
        let mut value = example.value.clone();
        objects += inject_unknown(&mut value);
        match round_trip_response(&example.operation, status, value.clone()) {
            Some(Ok(encoded)) => {
                if let Err(e) = equivalent(&value, &encoded, "$") {
                    failures.push(format!(
                        "{} {status} {:?}: {e}",
                        example.operation, example.name
                    ));
                }
            }
            Some(Err(e)) => failures.push(format!(
                "{} {status} {:?}: {e}",
                example.operation, example.name
            )),
            None => {}
        }
    }
    println!(
        "unknown fields: {objects} objects extended, {} examples failed",
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{}",
        failures[..failures.len().min(30)].join("\n")
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn any_enum_value_round_trips(index in 0..ENUMS.len(), text in "[a-zA-Z0-9_.!=<>~^$ -]{0,24}") {
        let name = ENUMS[index];
        let encoded = round_trip_enum(name, json!(text)).expect("registered enum");
        prop_assert_eq!(encoded, Ok(json!(text)), "enum {}", name);
    }
}

#[test]
fn enums_accept_numbers_and_keep_them_as_text() {
    for name in ENUMS {
        let encoded = round_trip_enum(name, json!(7)).expect("registered enum");
        assert_eq!(encoded, Ok(json!("7")), "enum {name}");
    }
}
