//! `CustomAttributes`: lossless JSON, `null` handling, typed accessors and setters.

use intercom_api::CustomAttributes;
use serde::Deserialize;
use serde_json::{json, Map, Value};

fn every_json_type() -> Value {
    json!({
        "plan": "pro",
        "seats": 12,
        "big": u64::MAX,
        "negative": -7,
        "ratio": 0.75,
        "churned": false,
        "cancelled_at": null,
        "tags": ["a", 1, null, {"x": true}],
        "address": {"city": "Dublin", "geo": [53.35, -6.26]},
        "empty_object": {},
        "empty_list": []
    })
}

#[test]
fn round_trips_every_json_type_unchanged() {
    let attrs: CustomAttributes = serde_json::from_value(every_json_type()).unwrap();
    assert_eq!(attrs.len(), 11);
    // `Value` equality ignores key order, whichever map serde_json was built with.
    assert_eq!(serde_json::to_value(&attrs).unwrap(), every_json_type());
    let text = serde_json::to_string(&attrs).unwrap();
    let again: CustomAttributes = serde_json::from_str(&text).unwrap();
    assert_eq!(again, attrs);
    assert_eq!(attrs.get_value("big"), Some(&json!(u64::MAX)));
    assert_eq!(attrs.get_value("cancelled_at"), Some(&Value::Null));
}

#[test]
fn null_decodes_as_empty_and_empty_encodes_as_an_object() {
    let attrs: CustomAttributes = serde_json::from_str("null").unwrap();
    assert!(attrs.is_empty());
    assert_eq!(attrs, CustomAttributes::new());
    assert_eq!(serde_json::to_value(&attrs).unwrap(), json!({}));

    #[derive(Deserialize)]
    struct Contact {
        custom_attributes: CustomAttributes,
    }
    let contact: Contact = serde_json::from_str(r#"{"custom_attributes": null}"#).unwrap();
    assert!(contact.custom_attributes.is_empty());

    assert!(serde_json::from_str::<CustomAttributes>("[1]").is_err());
    assert!(serde_json::from_str::<CustomAttributes>(r#""text""#).is_err());
}

#[test]
fn typed_accessors_read_their_type_only() {
    let attrs: CustomAttributes = serde_json::from_value(every_json_type()).unwrap();
    assert_eq!(attrs.get_str("plan"), Some("pro"));
    assert_eq!(attrs.get_str("seats"), None);
    assert_eq!(attrs.get_str("missing"), None);
    assert_eq!(attrs.get_bool("churned"), Some(false));
    assert_eq!(attrs.get_bool("plan"), None);
    assert_eq!(attrs.get_f64("ratio"), Some(0.75));
    assert_eq!(attrs.get_f64("seats"), Some(12.0));
    assert_eq!(attrs.get_f64("churned"), None);
    assert_eq!(attrs.get_i64("seats"), Some(12));
    assert_eq!(attrs.get_i64("negative"), Some(-7));
    assert_eq!(attrs.get_i64("ratio"), None);
    assert_eq!(attrs.get_i64("big"), None, "out of i64 range");
    assert_eq!(attrs.get_i64("cancelled_at"), None);
    assert!(attrs.contains("cancelled_at"));
    assert!(!attrs.contains("missing"));
}

#[test]
fn get_i64_accepts_what_intercom_sends_for_numbers() {
    let attrs: CustomAttributes = serde_json::from_value(json!({
        "whole_float": 49.0,
        "string": "49",
        "padded": " 1700000000 ",
        "string_float": "49.0",
        "fraction": 49.5,
        "string_fraction": "49.5",
        "word": "forty-nine",
        "huge_float": 1e300,
        "infinite": "inf",
        "number_string": "4.5"
    }))
    .unwrap();
    assert_eq!(attrs.get_i64("whole_float"), Some(49));
    assert_eq!(attrs.get_i64("string"), Some(49));
    assert_eq!(attrs.get_i64("padded"), Some(1_700_000_000));
    assert_eq!(attrs.get_i64("string_float"), Some(49));
    assert_eq!(attrs.get_i64("fraction"), None);
    assert_eq!(attrs.get_i64("string_fraction"), None);
    assert_eq!(attrs.get_i64("word"), None);
    assert_eq!(attrs.get_i64("huge_float"), None);
    assert_eq!(attrs.get_i64("infinite"), None);
    assert_eq!(attrs.get_f64("number_string"), Some(4.5));
    assert_eq!(attrs.get_f64("infinite"), None);
}

#[test]
fn get_decodes_into_any_type() {
    #[derive(Debug, PartialEq, Deserialize)]
    struct Address {
        city: String,
        geo: (f64, f64),
    }
    let attrs: CustomAttributes = serde_json::from_value(every_json_type()).unwrap();
    let address: Address = attrs.get("address").unwrap().unwrap();
    assert_eq!(
        address,
        Address {
            city: "Dublin".into(),
            geo: (53.35, -6.26)
        }
    );
    assert_eq!(attrs.get::<u32>("seats").unwrap().unwrap(), 12);
    assert!(attrs.get::<u32>("plan").unwrap().is_err());
    assert!(attrs.get::<String>("missing").is_none());
    assert!(
        attrs.get::<String>("cancelled_at").is_none(),
        "null is absent"
    );
}

#[test]
fn setters_build_request_bodies() {
    let mut attrs = CustomAttributes::new()
        .with("plan", "pro")
        .with("seats", 3)
        .with("cancelled_at", None::<i64>);
    assert_eq!(attrs.insert("plan", "enterprise"), Some(json!("pro")));
    assert_eq!(attrs.insert("ratio", 0.5), None);
    assert_eq!(attrs.remove("seats"), Some(json!(3)));
    assert_eq!(attrs.remove("seats"), None);
    assert_eq!(
        serde_json::to_value(&attrs).unwrap(),
        json!({"plan": "enterprise", "cancelled_at": null, "ratio": 0.5})
    );
}

#[test]
fn converts_to_and_from_maps_and_iterators() {
    let attrs: CustomAttributes = [("a", json!(1)), ("b", json!("two"))].into_iter().collect();
    assert_eq!(attrs.get_i64("a"), Some(1));

    let mut names: Vec<&String> = attrs.iter().map(|(name, _)| name).collect();
    names.sort();
    assert_eq!(names, ["a", "b"]);
    assert_eq!((&attrs).into_iter().count(), 2);

    let map: Map<String, Value> = attrs.clone().into();
    assert_eq!(CustomAttributes::from(map.clone()), attrs);
    assert_eq!(Value::from(attrs.clone()), Value::Object(map));

    let mut owned: Vec<(String, Value)> = attrs.into_iter().collect();
    owned.sort_by(|x, y| x.0.cmp(&y.0));
    assert_eq!(
        owned,
        [("a".to_owned(), json!(1)), ("b".to_owned(), json!("two"))]
    );

    let mut extended = CustomAttributes::new();
    extended.extend([("x", true)]);
    assert_eq!(extended.get_bool("x"), Some(true));
}

#[test]
fn decoded_text_is_read_then_edited_like_a_map() {
    // Kept as text when decoded, parsed on first read; edits after a read keep both sides.
    let body = br#"{"plan": "pro", "seats": "7", "tags": ["a"]}"#;
    let mut attrs: CustomAttributes = serde_json::from_slice(body).unwrap();
    let untouched = attrs.clone();
    assert_eq!(attrs.get_str("plan"), Some("pro"));
    assert_eq!(attrs.get_i64("seats"), Some(7));
    assert_eq!(attrs.insert("plan", "enterprise"), Some(json!("pro")));
    assert_eq!(attrs.remove("tags"), Some(json!(["a"])));
    assert_eq!(attrs.get_str("plan"), Some("enterprise"));
    assert_eq!(
        serde_json::to_value(&attrs).unwrap(),
        json!({"plan": "enterprise", "seats": "7"})
    );
    // The clone taken before any read still holds what was sent.
    assert_eq!(
        serde_json::to_value(&untouched).unwrap(),
        json!({"plan": "pro", "seats": "7", "tags": ["a"]})
    );
    // Equality compares contents, whichever form each side is in.
    let built: CustomAttributes = [("seats", json!("7")), ("plan", json!("enterprise"))]
        .into_iter()
        .collect();
    assert_eq!(attrs, built);
    let map: Map<String, Value> = attrs.into();
    assert_eq!(map.len(), 2);
}

#[test]
fn a_value_that_is_not_an_object_does_not_decode() {
    for text in [r#""pro""#, "[1]", "3"] {
        assert!(
            serde_json::from_str::<CustomAttributes>(text).is_err(),
            "{text}"
        );
    }
}
