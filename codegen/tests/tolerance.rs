//! Tolerant generation: each upstream defect and each construct the SDK cannot express yet
//! becomes the most faithful type, with a warning at a pointer of the input; names that are
//! no identifiers still make identifiers; a standalone crate carries the description's version.
use codegen::ir::{Api, ResponseKind, TypeKind, TypeRef};
use codegen::load::{self, SpecText};

fn spec(paths: &str) -> load::Spec {
    let yaml = format!(
        "openapi: 3.0.1\ninfo: {{title: t, version: '9.9'}}\npaths:\n{paths}\ncomponents:\n  schemas:\n    thing: {{type: object, properties: {{a: {{type: string}}}}}}\n"
    );
    let text = SpecText {
        text: yaml,
        sha256: String::new(),
        origin: "fixture".into(),
    };
    load::parse(&text, &[]).expect("fixture parses")
}

fn api(paths: &str) -> Api {
    codegen::normalise::normalise(&spec(paths)).expect("normalises")
}

fn warned(api: &Api, pointer: &str) -> String {
    api.warnings
        .iter()
        .find(|w| w.pointer == pointer)
        .map(|w| w.message.clone())
        .unwrap_or_else(|| panic!("no warning at {pointer}: {:?}", api.warnings))
}

const RESPONSE: &str = "responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/thing'}}}}}";

#[test]
fn a_path_variable_declared_in_the_query_is_a_path_parameter() {
    let api = api(&format!(
        "  /jobs/{{job_id}}:\n    get:\n      operationId: getJob\n      tags: [Jobs]\n      parameters: [{{name: Intercom-Version, in: header, schema: {{type: string}}}}, {{name: job_id, in: query, schema: {{type: string}}}}]\n      {RESPONSE}\n"
    ));
    let op = &api.resources["jobs"].operations[0];
    assert_eq!(op.path_params.len(), 1);
    assert_eq!(op.path_params[0].wire, "job_id");
    assert!(op.query_params.is_empty());
    let message = warned(&api, "#/paths/~1jobs~1{job_id}/get/parameters/1/in");
    assert!(message.contains("{job_id}"), "{message}");
}

#[test]
fn stray_and_missing_path_parameters_are_repaired() {
    let api = api(&format!(
        "  /a/{{x}}:\n    get:\n      operationId: getA\n      tags: [A]\n      parameters: [{{name: ghost, in: path, required: true, schema: {{type: string}}}}]\n      {RESPONSE}\n"
    ));
    let op = &api.resources["a"].operations[0];
    let wires: Vec<&str> = op.path_params.iter().map(|p| p.wire.as_str()).collect();
    assert_eq!(wires, ["x"]);
    assert_eq!(op.path_params[0].ty, TypeRef::String);
    warned(&api, "#/paths/~1a~1{x}/get/parameters/0");
    warned(&api, "#/paths/~1a~1{x}/get");
}

#[test]
fn a_multipart_body_is_a_form_and_each_success_keeps_its_type() {
    let api = api("  /upload:\n    post:\n      operationId: upload\n      tags: [Files]\n      requestBody: {content: {multipart/form-data: {schema: {type: object, properties: {file: {type: string, format: binary}}}}}}\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/thing'}}}}\n        '202': {description: queued, content: {application/json: {schema: {type: object, properties: {job: {type: string}}}}}}\n");
    let op = &api.resources["files"].operations[0];
    assert!(op.multipart);
    let Some(TypeRef::Named(form)) = &op.body else {
        panic!("a form type: {:?}", op.body)
    };
    let TypeKind::Struct(form) = &api.types[form].kind else {
        panic!("{form} is a struct")
    };
    assert!(form.form);
    assert!(api.warnings.is_empty(), "{:?}", api.warnings);
    let ResponseKind::ByStatus(bodies) = &op.response else {
        panic!("one type per status: {:?}", op.response)
    };
    let statuses: Vec<(u16, bool)> = bodies
        .variants
        .iter()
        .map(|v| (v.status, v.ty == TypeRef::Named("Thing".into())))
        .collect();
    assert_eq!(statuses, [(200, true), (202, false)], "{:?}", op.responses);
    assert_eq!(op.responses.len(), 2);
}

#[test]
fn names_that_are_no_identifiers_still_generate() {
    let spec = spec(&format!(
        "  /a:\n    get:\n      operationId: listA\n      tags: ['__']\n      {RESPONSE}\n  /b:\n    get:\n      operationId: list_a\n      tags: ['__']\n      {RESPONSE}\n  /c:\n    get:\n      operationId: ListA\n      tags: ['request']\n      {RESPONSE}\n"
    ));
    let (files, _) = codegen::generate_with_warnings(&spec).expect("generates");
    let api = codegen::normalise::normalise(&spec).expect("normalises");
    let resource = &api.resources["value"];
    assert_eq!(resource.handler, "Misc");
    let builders: Vec<&str> = resource
        .operations
        .iter()
        .map(|o| o.builder.as_str())
        .collect();
    assert_eq!(builders.len(), 2);
    assert_ne!(builders[0], builders[1], "two builders in one module");
    assert_eq!(
        api.resources["request"].accessor, "request_api",
        "Client::request stays"
    );
    assert_eq!(
        api.resources["request"].handler, "RequestResource",
        "the runtime's Request stays"
    );
    let root = files
        .iter()
        .find(|f| f.path.ends_with("generated/mod.rs"))
        .expect("root module");
    assert!(root
        .contents
        .contains("pub const API_VERSION: &str = \"9.9\";"));
}

#[test]
fn a_standalone_crate_holds_the_runtime_the_generated_code_and_the_examples_check() {
    let spec = spec(&format!(
        "  /a:\n    get:\n      operationId: listA\n      tags: [A]\n      {RESPONSE}\n"
    ));
    let (files, _) = codegen::generate_with_warnings(&spec).expect("generates");
    let root = codegen::workspace::root();
    let out = codegen::standalone::files(&root, &files, &[]).expect("crate files");
    let path = |p: &str| {
        out.iter()
            .find(|f| f.path == p)
            .map(|f| f.contents.as_str())
    };
    assert!(path("src/lib.rs").is_some_and(|lib| lib.contains("../include/README.md")));
    assert!(path("include/README.md").is_some());
    assert!(path("src/generated/mod.rs").is_some_and(|m| m.contains("\"9.9\"")));
    assert!(path("examples/spec_examples/registry.rs").is_some());
    assert!(path("examples/spec_examples/main.rs").is_some());
    assert_eq!(path("examples/spec_examples/examples.json"), Some("[]"));
    assert!(path("Cargo.lock").is_some());
    assert!(path("Cargo.toml").is_some_and(|m| !m.contains("workspace = true")));
}
