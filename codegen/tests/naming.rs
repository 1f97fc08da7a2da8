//! The domain rules of the normaliser on small specs: one type per Intercom object (allOf
//! extensions reuse their component, identical types merge), names a person would choose
//! (branch names, no numbered names, the project's rename table) and one verb per action.
use codegen::ir::{Api, ResponseKind, TypeKind, TypeRef};
use codegen::load::{self, Domain, SpecText};

/// Normalise `yaml` with the domain tables `domain` (YAML of `spec/domain.yaml`'s shape).
fn normalise(yaml: &str, domain: &str) -> Api {
    let text = SpecText {
        text: yaml.to_owned(),
        sha256: "0".repeat(64),
        origin: "fixture".into(),
    };
    let mut spec = load::parse(&text, &[]).expect("fixture parses");
    spec.domain = Domain::parse("domain fixture", domain).expect("valid tables");
    codegen::normalise::normalise(&spec).expect("fixture normalises")
}

fn method<'a>(api: &'a Api, resource: &str, id: &str) -> &'a codegen::ir::Operation {
    api.resources[resource]
        .operations
        .iter()
        .find(|op| op.id == id)
        .unwrap_or_else(|| panic!("no operation {id}"))
}

fn returns(api: &Api, resource: &str, id: &str) -> TypeRef {
    match &method(api, resource, id).response {
        ResponseKind::Json(ty) => ty.clone(),
        other => panic!("{id} returns {other:?}"),
    }
}

fn field_names(api: &Api, name: &str) -> Vec<String> {
    match &api.types[name].kind {
        TypeKind::Struct(s) => s.fields.iter().map(|f| f.wire.clone()).collect(),
        other => panic!("{name} is {other:?}"),
    }
}

const RESPONSE_EXTENSIONS: &str = r##"
openapi: 3.0.1
info: {title: t, version: "1"}
paths:
  /widgets/{widget_id}:
    get:
      operationId: ShowWidget
      tags: [Widgets]
      parameters: [{name: widget_id, in: path, required: true, schema: {type: string}}]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                allOf: [{$ref: "#/components/schemas/widget"}]
                properties: {enabled_push: {type: boolean, description: Push is on.}}
    put:
      operationId: UpdateWidget
      tags: [Widgets]
      parameters: [{name: widget_id, in: path, required: true, schema: {type: string}}]
      requestBody:
        content:
          application/json:
            schema:
              allOf: [{$ref: "#/components/schemas/update_widget_request"}]
              properties: {notify: {type: boolean}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                allOf: [{$ref: "#/components/schemas/widget"}]
                properties: {enabled_push: {type: boolean, description: Push is on.}}
  /widgets:
    post:
      operationId: createWidget
      tags: [Widgets]
      requestBody:
        content:
          application/json:
            schema:
              allOf: [{$ref: "#/components/schemas/update_widget_request"}]
              required: [token]
              properties: {token: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/widget"}
components:
  schemas:
    widget:
      type: object
      properties:
        id: {type: string}
        state: {type: string, enum: [open, closed]}
        type: {type: string, enum: [widget]}
        size: {type: object, properties: {w: {type: integer}, h: {type: integer}}}
    widget_summary:
      type: object
      properties:
        id: {type: string}
        state: {type: string, enum: [closed, open]}
        type: {type: string, enum: [widget]}
        size: {type: object, properties: {w: {type: integer}, h: {type: integer}}}
    update_widget_request:
      type: object
      properties: {name: {type: string}}
"##;

#[test]
fn a_component_plus_optional_extras_is_the_component() {
    let api = normalise(RESPONSE_EXTENSIONS, "{}");
    let widget = TypeRef::Named("Widget".into());
    assert_eq!(returns(&api, "widgets", "ShowWidget"), widget);
    assert_eq!(returns(&api, "widgets", "UpdateWidget"), widget);
    assert_eq!(
        field_names(&api, "Widget"),
        ["id", "size", "state", "type", "enabled_push"],
        "the extra property becomes an optional field of the component, once"
    );
    let update = method(&api, "widgets", "UpdateWidget");
    assert_eq!(
        update.body,
        Some(TypeRef::Named("UpdateWidgetRequest".into()))
    );
    assert_eq!(field_names(&api, "UpdateWidgetRequest"), ["name", "notify"]);
    // A required extra cannot be added to a shared request type: the body keeps its own,
    // named after the operation's builder.
    let create = method(&api, "widgets", "createWidget");
    assert_eq!(
        create.body,
        Some(TypeRef::Named("CreateWidgetRequest".into()))
    );
    assert!(
        api.types
            .keys()
            .all(|n| !n.ends_with(|c: char| c.is_ascii_digit())),
        "{:?}",
        api.types.keys()
    );
}

#[test]
fn identical_types_merge_and_enums_of_one_concept_are_shared() {
    let api = normalise(RESPONSE_EXTENSIONS, "{}");
    let field_type = |owner: &str, wire: &str| match &api.types[owner].kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .find(|f| f.wire == wire)
            .map(|f| f.ty.clone()),
        _ => None,
    };
    assert_eq!(
        field_type("Widget", "size"),
        field_type("WidgetSummary", "size"),
        "two identical inline objects are one type"
    );
    assert_eq!(
        field_type("Widget", "size"),
        Some(TypeRef::Named("WidgetSize".into()))
    );
    assert_eq!(
        field_type("WidgetSummary", "state"),
        Some(TypeRef::Named("WidgetState".into())),
        "the same values for the same property: one enum, the shorter name"
    );
    assert_eq!(
        field_type("WidgetSummary", "type"),
        Some(TypeRef::Named("WidgetSummaryType".into())),
        "a constant tag stays each object's own"
    );
    assert!(!api.types.contains_key("WidgetSummaryState"));
}

const UNIONS: &str = r##"
openapi: 3.0.1
info: {title: t, version: "1"}
paths:
  /searches:
    post:
      operationId: searchThings
      tags: [Things]
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/search_request"}
      responses: {"200": {description: ok}}
components:
  schemas:
    search_request:
      type: object
      properties:
        query:
          oneOf:
            - title: Single filter search request
              type: object
              required: [field, operator]
              properties: {field: {type: string}, operator: {type: string}}
            - title: multiple filter search request
              type: object
              required: [operator, value]
              properties: {operator: {type: string}, value: {type: array, items: {type: string}}}
        customer:
          oneOf:
            - {title: user_id query parameter, type: object, required: [user_id], properties: {user_id: {type: string}}}
            - {title: Email, type: object, required: [email], properties: {email: {type: string}}}
"##;

#[test]
fn union_branches_are_named_by_title_or_key_never_by_position() {
    let api = normalise(UNIONS, "{}");
    let union = |name: &str| match &api.types[name].kind {
        TypeKind::Untagged(u) => u
            .variants
            .iter()
            .map(|v| (v.ident.clone(), v.ty.named().unwrap_or_default().to_owned()))
            .collect::<Vec<_>>(),
        other => panic!("{name} is {other:?}"),
    };
    assert_eq!(
        union("SearchRequestQuery"),
        [
            (
                "SingleFilterSearchRequest".to_owned(),
                "SingleFilterSearchRequest".to_owned()
            ),
            (
                "MultipleFilterSearchRequest".to_owned(),
                "MultipleFilterSearchRequest".to_owned()
            ),
        ],
        "a title that names a type names the branch and its type"
    );
    assert_eq!(
        union("SearchRequestCustomer"),
        [
            (
                "UserId".to_owned(),
                "SearchRequestCustomerUserId".to_owned()
            ),
            ("Email".to_owned(), "SearchRequestCustomerEmail".to_owned()),
        ],
        "a title that spells out the distinguishing key is the key"
    );
    assert!(api.types.keys().all(|n| !n.contains("Variant")));
}

fn ops(entries: &[(&str, &str, &str)]) -> String {
    let mut yaml = String::from("openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths:\n");
    for (id, method, path) in entries {
        yaml.push_str(&format!(
            "  {path}:\n    {method}:\n      operationId: {id}\n      tags: [Companies]\n      responses: {{'200': {{description: ok}}}}\n"
        ));
    }
    yaml
}

#[test]
fn one_verb_per_action_and_clashes_reported_then_resolved_by_the_table() {
    let yaml = ops(&[
        ("retrieveCompany", "get", "/companies"),
        ("RetrieveACompanyById", "get", "/companies/{company_id}"),
        ("listTagsForACompany", "get", "/companies/{company_id}/tags"),
        ("scrollOverAllCompanies", "get", "/companies/scroll"),
    ])
    .replace("/companies/{company_id}:\n    get:\n      operationId: RetrieveACompanyById", "/companies/{company_id}:\n    parameters: [{name: company_id, in: path, required: true, schema: {type: string}}]\n    get:\n      operationId: RetrieveACompanyById")
    .replace("/companies/{company_id}/tags:\n    get:", "/companies/{company_id}/tags:\n    parameters: [{name: company_id, in: path, required: true, schema: {type: string}}]\n    get:");
    let api = normalise(&yaml, "{}");
    let names = |api: &Api| -> std::collections::BTreeMap<String, String> {
        api.resources["companies"]
            .operations
            .iter()
            .map(|op| (op.id.clone(), op.method.clone()))
            .collect()
    };
    let expected: std::collections::BTreeMap<String, String> = [
        ("retrieveCompany", "retrieve_company"),
        ("RetrieveACompanyById", "get"),
        ("listTagsForACompany", "list_tags"),
        ("scrollOverAllCompanies", "scroll"),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_owned(), b.to_owned()))
    .collect();
    assert_eq!(
        names(&api),
        expected,
        "the item read by id wins `get`; the other falls back to its operationId"
    );
    assert_eq!(api.warnings.len(), 1, "{:?}", api.warnings);
    assert_eq!(
        api.warnings[0].pointer,
        "#/paths/~1companies/get/operationId"
    );
    let table = "methods:\n  - {operation: retrieveCompany, method: find, reason: looks companies up by name}\n";
    let api = normalise(&yaml, table);
    assert_eq!(names(&api)["retrieveCompany"], "find");
    assert!(api.warnings.is_empty(), "{:?}", api.warnings);
    let builders: std::collections::BTreeSet<&str> = api.resources["companies"]
        .operations
        .iter()
        .map(|op| op.builder.as_str())
        .collect();
    assert_eq!(
        builders,
        [
            "FindCompany",
            "GetCompany",
            "ListCompanyTags",
            "ScrollCompanies"
        ]
        .into()
    );
}

const TYPE_CLASH: &str = r##"
openapi: 3.0.1
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    ticket:
      type: object
      properties:
        type: {type: string, enum: [ticket]}
        ticket_type: {$ref: "#/components/schemas/ticket_type"}
    ticket_type: {type: object, properties: {id: {type: string}}}
    ticket_object_type: {type: object, properties: {name: {type: string}}}
"##;

#[test]
fn names_that_rules_cannot_resolve_are_reported_then_taken_from_the_table() {
    let api = normalise(TYPE_CLASH, "{}");
    let pointer = "#/components/schemas/ticket/properties/type";
    let (name, def) = api
        .types
        .iter()
        .find(|(_, d)| d.pointer == pointer)
        .expect("the tag enum");
    assert_eq!(
        name, "TicketType2",
        "every name the rules propose is a component's"
    );
    assert_eq!(api.warnings.len(), 1, "{:?}", api.warnings);
    assert_eq!(api.warnings[0].pointer, pointer);
    assert!(
        api.warnings[0]
            .message
            .contains("#/components/schemas/ticket_type"),
        "both pointers: {}",
        api.warnings[0].message
    );
    assert!(matches!(def.kind, TypeKind::Enum(_)));
    let table = format!("types:\n  - {{pointer: '{pointer}', name: TicketTag, reason: clash}}\n");
    let api = normalise(TYPE_CLASH, &table);
    assert!(api.types.contains_key("TicketTag"));
    assert!(api.warnings.is_empty(), "{:?}", api.warnings);
}
