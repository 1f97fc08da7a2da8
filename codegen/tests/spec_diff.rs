//! `spec-diff`: what changes for SDK users between two descriptions, on small fixtures (one
//! change of each kind) and on Intercom's own 2.15 -> 2.16 bump.
use codegen::diff::{diff, Report};
use codegen::ir::Api;
use codegen::load::{self, SpecText};

fn api(paths: &str, schemas: &str) -> Api {
    let yaml = format!(
        "openapi: 3.0.1\ninfo: {{title: t, version: '1'}}\npaths:\n{paths}\ncomponents:\n  schemas:\n{schemas}\n"
    );
    let text = SpecText {
        text: yaml,
        sha256: String::new(),
        origin: "fixture".into(),
    };
    let spec = load::parse(&text, &[]).expect("fixture parses");
    codegen::normalise::normalise(&spec).expect("fixture normalises")
}

const OLD_PATHS: &str = "
  /things/{thing_id}:
    get:
      operationId: getThing
      tags: [Things]
      parameters: [{name: thing_id, in: path, required: true, schema: {type: string}}]
      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/thing'}}}}}
  /gone:
    get:
      operationId: listGone
      tags: [Gone]
      responses: {'200': {description: ok}}";

const OLD_SCHEMAS: &str = "
    thing:
      type: object
      properties:
        name: {type: string}
        size: {type: integer}
        state: {type: string, enum: [open, closed]}
    old_thing: {type: object, properties: {a: {type: string}}}";

fn texts(report: &Report) -> Vec<String> {
    report
        .changes
        .iter()
        .map(|c| format!("{}{}", if c.breaking { "! " } else { "" }, c.text))
        .collect()
}

#[test]
fn each_kind_of_change_is_listed_and_flagged() {
    let old = api(OLD_PATHS, OLD_SCHEMAS);
    let new_paths = OLD_PATHS
        .replace("getThing", "fetchThing")
        .replace("/gone:", "/fresh:")
        .replace("listGone", "listFresh")
        .replace("[Gone]", "[Fresh]");
    let new_schemas = "
    thing:
      type: object
      required: [id]
      properties:
        name: {type: string}
        size: {type: string}
        state: {type: string, enum: [open, archived]}
        id: {type: string}
        note: {type: string}
    new_thing: {type: object, properties: {a: {type: string}}}";
    let report = diff(&old, &api(&new_paths, new_schemas));
    let texts = texts(&report);
    for expected in [
        "renamed operationId getThing -> fetchThing: things().get -> things().get",
        "! removed gone().list (listGone /gone)",
        "added fresh().list (listFresh Get /fresh)",
        "! Thing: field size changed type Option<i64> -> Option<String>",
        "Thing: added field note: Option<String>",
        "ThingState: added value \"archived\": Archived",
        "! ThingState: removed value \"closed\": Closed",
        "! removed OldThing (#/components/schemas/old_thing)",
        "added NewThing (#/components/schemas/new_thing)",
    ] {
        assert!(
            texts.iter().any(|t| t == expected),
            "missing {expected:?} in {texts:#?}"
        );
    }
    assert_eq!(report.breaking(), 4, "{texts:#?}");
    assert!(report
        .to_string()
        .starts_with("spec-diff 1 -> 1: operations +1 -1 ~1 renamed"));
}

#[test]
fn intercom_2_15_to_2_16() {
    let root = codegen::workspace::root();
    let dir = std::env::var(codegen::load::SPEC_DIR_ENV).unwrap_or_else(|_| {
        panic!(
            "set {} (the test diffs 2.15 and 2.16)",
            codegen::load::SPEC_DIR_ENV
        )
    });
    let load = |version: &str| {
        let path =
            std::path::Path::new(&dir).join(format!("descriptions/{version}/api.intercom.io.yaml"));
        let inputs = codegen::workspace::Inputs {
            spec: Some(path),
            ..Default::default()
        };
        let spec = codegen::workspace::load_spec_with(&root, &inputs).expect("loads");
        codegen::normalise::normalise(&spec).expect("normalises")
    };
    let report = diff(&load("2.15"), &load("2.16"));
    let summary = report.to_string();
    println!("{}", summary.lines().next().unwrap_or_default());
    let texts = texts(&report);
    let added = texts
        .iter()
        .filter(|t| t.starts_with("added ") && t.contains("()."))
        .count();
    assert_eq!(added, 69, "operations added");
    assert!(
        !texts
            .iter()
            .any(|t| t.starts_with("! removed ") && t.contains("().")),
        "no operation removed"
    );
    assert!(
        texts
            .iter()
            .any(|t| t == "! tags().create: returns TagBasic -> TagCreateResponse"),
        "{summary}"
    );
    assert!(
        texts.iter().any(|t| t.starts_with("! renamed operationId getCustomObjectInstancesByExternalId -> listCustomObjectInstances")),
        "{summary}"
    );
    assert!(report.breaking() > 0 && report.breaking() < 50, "{summary}");
}
