//! Cargo features: one per resource, each type gated by the features of the resources that
//! reach it, the runtime's own needs, and the feature list the generator keeps in the SDK's
//! manifest.
use std::collections::BTreeSet;

use codegen::emit::{FEATURES_REGION, SDK_MANIFEST};
use codegen::ir::Api;
use codegen::load::{self, SpecText};
use codegen::normalise::layout::{RUNTIME_FEATURES, SHARED_MODULE};
use codegen::workspace::{self, Drift};
use codegen::GeneratedFile;

/// `/contacts` and `/tags` both return a `thing`; each also has a type of its own; `orphan`
/// is used by no operation; the `Webhooks` tag collides with a hand-written feature.
const SPEC: &str = r#"openapi: 3.0.1
info: {title: t, version: '9.9'}
paths:
  /contacts:
    get:
      operationId: listContacts
      tags: [Contacts]
      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/contact_list'}}}}}
  /tags:
    get:
      operationId: listTags
      tags: [Tags]
      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/tag_list'}}}}}
  /data_exports:
    get:
      operationId: listDataExports
      tags: [Data Export]
      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/tag_list'}}}}}
  /hooks:
    get:
      operationId: listHooks
      tags: [Webhooks]
      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/hook'}}}}}
components:
  schemas:
    thing: {type: object, properties: {id: {type: string}}}
    contact_list: {type: object, properties: {data: {type: array, items: {$ref: '#/components/schemas/thing'}}, mine: {type: string}}}
    tag_list: {type: object, properties: {data: {type: array, items: {$ref: '#/components/schemas/thing'}}, total: {type: integer}}}
    hook: {type: object, properties: {url: {type: string}}}
    orphan: {type: object, properties: {x: {type: string}}}
"#;

fn spec() -> load::Spec {
    let text = SpecText {
        text: SPEC.to_owned(),
        sha256: String::new(),
        origin: "fixture".into(),
    };
    load::parse(&text, &[]).expect("fixture parses")
}

fn api() -> Api {
    codegen::normalise::normalise(&spec()).expect("normalises")
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

fn file<'a>(files: &'a [GeneratedFile], path: &str) -> &'a str {
    let path = format!("{}/{path}", codegen::emit::SDK_DIR);
    files
        .iter()
        .find(|f| f.path == path)
        .map(|f| f.contents.as_str())
        .unwrap_or_else(|| panic!("{path} is not generated"))
}

#[test]
fn a_type_takes_the_features_of_every_resource_that_reaches_it() {
    let api = api();
    let features = &api.features;
    assert_eq!(features.of_resource("contacts"), Some("contacts"));
    assert_eq!(features.of_resource("data_export"), Some("data-export"));
    assert_eq!(
        features.of_type("Thing"),
        &set(&["contacts", "data-export", "tags"])
    );
    assert_eq!(features.of_type("TagList"), &set(&["data-export", "tags"]));
    assert_eq!(features.of_type("ContactList"), &set(&["contacts"]));
    assert!(features.of_type("Orphan").is_empty());
    assert_eq!(api.types["Thing"].module, SHARED_MODULE);
    assert_eq!(api.types["ContactList"].module, "contacts");
    assert_eq!(api.types["Orphan"].module, SHARED_MODULE);
}

#[test]
fn a_resource_named_like_a_hand_written_feature_gets_a_suffix() {
    let api = api();
    assert_eq!(
        api.features.of_resource("webhooks"),
        Some("webhooks-resource")
    );
}

#[test]
fn the_emitter_prints_the_gates() {
    let (files, _) = codegen::generate_with_warnings(&spec()).expect("generates");
    let shared = file(&files, "models/shared.rs");
    let thing = r#"#[cfg(any(feature = "contacts", feature = "data-export", feature = "tags"))]"#;
    // The struct and each of its impls carry the gate, after the docs.
    assert!(shared.contains(&format!("{thing}\n#[derive(")), "{shared}");
    assert!(
        shared.contains(&format!("{thing}\nimpl crate::decode::Object for Thing")),
        "{shared}"
    );
    assert!(
        shared.contains("#[cfg(feature = \"full\")]\n#[derive("),
        "the orphan is compiled only by `full`: {shared}"
    );
    // A resource's own models module is gated as a whole, its types are not.
    let contacts = file(&files, "models/contacts.rs");
    assert!(!contacts.contains("#[cfg("), "{contacts}");
    let models = file(&files, "models/mod.rs");
    assert!(
        models.contains("#[cfg(feature = \"contacts\")]\nmod contacts;"),
        "{models}"
    );
    assert!(
        models.contains("#[cfg(feature = \"contacts\")]\npub use self::contacts::*;"),
        "{models}"
    );
    let resources = file(&files, "resources/mod.rs");
    assert!(
        resources.contains("#[cfg(feature = \"data-export\")]\npub mod data_export;"),
        "{resources}"
    );
    assert!(
        resources.contains("#[cfg(feature = \"tags\")]\n    pub fn tags(&self)"),
        "{resources}"
    );
}

#[test]
fn the_manifest_lists_one_feature_per_resource_and_full() {
    let (files, _) = codegen::generate_with_warnings(&spec()).expect("generates");
    let manifest = files
        .iter()
        .find(|f| f.path == SDK_MANIFEST)
        .expect("the manifest's features are generated");
    assert_eq!(manifest.region, Some(FEATURES_REGION));
    let table: toml::Table = manifest.contents.parse().expect("valid TOML");
    let names: BTreeSet<&str> = table.keys().map(String::as_str).collect();
    let expected: BTreeSet<&str> = [
        "contacts",
        "data-export",
        "tags",
        "webhooks-resource",
        "full",
    ]
    .into();
    assert_eq!(names, expected);
    let full: BTreeSet<&str> = table["full"]
        .as_array()
        .expect("full is a list")
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    // The fixture has none of the models the webhooks module decodes: `full` leaves it out.
    let every: BTreeSet<&str> = [
        "contacts",
        "data-export",
        "tags",
        "webhooks-resource",
        "identity",
        "oauth",
    ]
    .into();
    assert_eq!(full, every);
}

/// The committed manifest's generated features are those of the committed resource modules.
#[test]
fn the_sdk_manifest_has_a_feature_per_resource_module() {
    let root = workspace::root();
    let manifest = std::fs::read_to_string(root.join(SDK_MANIFEST)).expect("manifest");
    let region = FEATURES_REGION
        .extract(&manifest)
        .expect("the manifest has the generated features' markers");
    let table: toml::Table = region.parse().expect("valid TOML");
    let resources = root.join(codegen::emit::SDK_DIR).join("resources");
    let mut modules: BTreeSet<String> = std::fs::read_dir(&resources)
        .expect("resources")
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            e.file_name()
                .to_str()?
                .strip_suffix(".rs")
                .map(str::to_owned)
        })
        .filter(|m| m != "mod")
        .map(|m| m.replace('_', "-"))
        .collect();
    assert!(modules.len() > 30, "{modules:?}");
    let mut features: BTreeSet<String> = table.keys().cloned().collect();
    assert!(features.remove("full"));
    assert_eq!(features, modules);
    let full: BTreeSet<String> = table["full"]
        .as_array()
        .expect("full is a list")
        .iter()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect();
    modules.extend(["webhooks", "identity", "oauth"].map(String::from));
    assert_eq!(full, modules);
}

/// The models the generator gates behind `webhooks` are those the webhooks module imports.
#[test]
fn runtime_models_match_the_webhooks_imports() {
    let source =
        std::fs::read_to_string(workspace::root().join("intercom-api/src/webhooks/mod.rs"))
            .expect("webhooks module");
    let imports = source
        .lines()
        .find_map(|l| l.strip_prefix("use crate::models::{"))
        .and_then(|l| l.strip_suffix("};"))
        .expect("one `use crate::models::{..};` line");
    let imported: BTreeSet<&str> = imports.split(',').map(str::trim).collect();
    let declared: BTreeSet<&str> = RUNTIME_FEATURES
        .iter()
        .find(|(feature, _)| *feature == "webhooks")
        .map(|(_, models)| models.iter().copied().collect())
        .unwrap_or_default();
    assert_eq!(imported, declared);
}

#[test]
fn only_the_part_between_the_markers_is_checked_and_written() {
    let dir = std::env::temp_dir().join(format!("codegen-features-{}", std::process::id()));
    let manifest = dir.join(SDK_MANIFEST);
    std::fs::create_dir_all(manifest.parent().expect("parent")).expect("temp dir");
    let before = "[features]\nmine = []\n# BEGIN generated features\nold = []\n# END generated features\n\n[dev-dependencies]\n";
    std::fs::write(&manifest, before).expect("write");
    let generated = GeneratedFile {
        path: SDK_MANIFEST.to_owned(),
        contents: "new = []\nfull = [\"new\"]\n".to_owned(),
        region: Some(FEATURES_REGION),
    };
    let drift = workspace::check(&dir, std::slice::from_ref(&generated)).expect("check");
    assert!(
        matches!(drift.as_slice(), [Drift::Changed { path, .. }] if path == SDK_MANIFEST),
        "{drift:?}"
    );
    assert_eq!(
        workspace::write(&dir, std::slice::from_ref(&generated)).expect("write"),
        1
    );
    let after = std::fs::read_to_string(&manifest).expect("read");
    assert_eq!(
        after,
        "[features]\nmine = []\n# BEGIN generated features\nnew = []\nfull = [\"new\"]\n# END generated features\n\n[dev-dependencies]\n"
    );
    assert!(workspace::check(&dir, std::slice::from_ref(&generated))
        .expect("check")
        .is_empty());
    std::fs::write(&manifest, "[features]\n").expect("write");
    let drift = workspace::check(&dir, std::slice::from_ref(&generated)).expect("check");
    assert_eq!(drift, [Drift::Markers(SDK_MANIFEST.to_owned())]);
    assert!(workspace::write(&dir, std::slice::from_ref(&generated)).is_err());
    let _ = std::fs::remove_dir_all(&dir);
}
