//! The normaliser's rules on small specs, one quirk at a time, asserted on the model.
use codegen::ir::{Api, Field, ResponseKind, Struct, TypeKind, TypeRef};
use codegen::load::{self, SpecText};

/// A spec with `schemas` as components, used by one request body (`Req`) and one response (`Res`).
fn api(schemas: &str) -> Api {
    let template = r##"
openapi: 3.0.1
info: {title: t, version: "9.9"}
paths:
  /things/{thing_id}:
    post:
      operationId: createThing
      tags: [Things]
      parameters:
        - {name: thing_id, in: path, required: true, schema: {type: integer}}
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Req"}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Res"}
components:
  schemas:
SCHEMAS
"##;
    let yaml = template.replace("SCHEMAS", schemas);
    normalised(&yaml)
}

/// The model of a whole spec given as YAML.
fn normalised(yaml: &str) -> Api {
    let text = SpecText {
        text: yaml.to_owned(),
        sha256: "0".repeat(64),
        origin: "fixture".into(),
    };
    let spec = load::parse(&text, &[]).expect("fixture parses");
    codegen::normalise::normalise(&spec).expect("fixture normalises")
}

fn kind<'a>(api: &'a Api, name: &str) -> &'a TypeKind {
    &api.types
        .get(name)
        .unwrap_or_else(|| panic!("no type {name}; have {:?}", api.types.keys()))
        .kind
}

fn structure<'a>(api: &'a Api, name: &str) -> &'a Struct {
    match kind(api, name) {
        TypeKind::Struct(s) => s,
        other => panic!("{name} is not a struct: {other:?}"),
    }
}

fn field<'a>(api: &'a Api, name: &str, wire: &str) -> &'a Field {
    structure(api, name)
        .fields
        .iter()
        .find(|f| f.wire == wire)
        .unwrap_or_else(|| panic!("{name}.{wire}"))
}

#[test]
fn nullable_next_to_ref_and_required_fields_by_direction() {
    let api = api(r##"
    Target: {type: object, properties: {x: {type: string}}}
    Req:
      type: object
      required: [plain, maybe]
      properties:
        plain: {$ref: "#/components/schemas/Target"}
        maybe: {$ref: "#/components/schemas/Target", nullable: true, description: kept}
    Res:
      type: object
      required: [plain]
      properties:
        plain: {$ref: "#/components/schemas/Target"}
"##);
    let plain = field(&api, "Req", "plain");
    assert!(
        !plain.optional,
        "required in a request-only type stays required"
    );
    let maybe = field(&api, "Req", "maybe");
    assert!(
        maybe.optional && !maybe.skip_none,
        "required but nullable: Option, sent as null"
    );
    assert_eq!(maybe.docs, ["kept"]);
    assert_eq!(maybe.ty, TypeRef::Named("Target".into()));
    assert!(
        field(&api, "Res", "plain").optional,
        "response fields are always optional"
    );
    assert!(structure(&api, "Res").default);
}

#[test]
fn all_of_extensions_flatten_into_one_struct() {
    let api = api(r##"
    Base: {type: object, required: [id], properties: {id: {type: string}, kind: {type: string, enum: [a, b]}}}
    Req:
      allOf:
        - $ref: "#/components/schemas/Base"
        - type: object
          properties: {extra: {type: integer}, kind: {type: string, enum: [a]}}
    Res: {allOf: [{$ref: "#/components/schemas/Base"}], nullable: true}
"##);
    let wires: Vec<&str> = structure(&api, "Req")
        .fields
        .iter()
        .map(|f| f.wire.as_str())
        .collect();
    assert_eq!(wires, ["id", "kind", "extra"]);
    assert!(
        !field(&api, "Req", "id").optional,
        "required carried over from the base"
    );
    assert_eq!(
        structure(&api, "Req").extra,
        "extra2",
        "the keep-unknown field avoids a declared name"
    );
    assert!(matches!(kind(&api, "Res"), TypeKind::Alias(TypeRef::Named(n)) if n == "Base"));
}

#[test]
fn implicit_and_explicit_discriminators_make_tagged_unions() {
    let api = api(r##"
    Cat: {type: object, properties: {type: {type: string, enum: [cat]}, lives: {type: integer}}}
    Dog: {type: object, properties: {type: {type: string, enum: [dog, puppy]}, bark: {type: string}}}
    Req: {oneOf: [{$ref: "#/components/schemas/Cat"}, {$ref: "#/components/schemas/Dog"}]}
    Res:
      oneOf: [{$ref: "#/components/schemas/Cat"}, {$ref: "#/components/schemas/Dog"}]
      discriminator:
        propertyName: type
        mapping: {cat: "#/components/schemas/Cat", dog: "#/components/schemas/Dog", hound: "#/components/schemas/Dog"}
"##);
    let TypeKind::Tagged(implicit) = kind(&api, "Req") else {
        panic!("Req is not tagged")
    };
    assert_eq!(implicit.property, "type");
    let tags: Vec<_> = implicit
        .variants
        .iter()
        .map(|v| (v.ident.as_str(), v.tags.clone()))
        .collect();
    assert_eq!(
        tags,
        [
            ("Cat", vec!["cat".to_owned()]),
            ("Dog", vec!["dog".to_owned(), "puppy".to_owned()])
        ]
    );
    let TypeKind::Tagged(explicit) = kind(&api, "Res") else {
        panic!("Res is not tagged")
    };
    assert_eq!(
        explicit.variants[1].tags,
        ["dog", "hound"],
        "several tag values map to one schema"
    );
    assert_eq!(explicit.unknown, "Unknown");
}

#[test]
fn untagged_object_unions_depend_on_direction() {
    let api = api(r##"
    ById: {type: object, required: [id], properties: {id: {type: string}}}
    ByEmail: {type: object, required: [email, name], properties: {email: {type: string}, name: {type: string}}}
    Req: {oneOf: [{$ref: "#/components/schemas/ById"}, {$ref: "#/components/schemas/ByEmail"}]}
    Res: {anyOf: [{$ref: "#/components/schemas/ById"}, {$ref: "#/components/schemas/ByEmail"}]}
"##);
    let TypeKind::Untagged(request) = kind(&api, "Req") else {
        panic!("Req is not untagged")
    };
    let order: Vec<&str> = request.variants.iter().map(|v| v.ident.as_str()).collect();
    assert_eq!(order, ["ByEmail", "ById"], "most required properties first");
    let merged: Vec<&str> = structure(&api, "Res")
        .fields
        .iter()
        .map(|f| f.wire.as_str())
        .collect();
    assert_eq!(
        merged,
        ["id", "email", "name"],
        "a response union without a tag is one struct"
    );
}

#[test]
fn scalar_unions_enums_ids_and_timestamps() {
    let api = api(r##"
    Req:
      type: object
      properties:
        when: {oneOf: [{type: string, format: date-time}, {type: integer}]}
        op: {type: string, enum: ["=", "!=", "2.16", "pt-BR", null], nullable: true}
        admin_id: {type: integer}
        tag_ids: {type: array, items: {type: integer}}
        created_at: {type: integer, format: date-time}
        loose: {type: object}
        reactions: {type: array, items: {type: string, nullable: true}}
    Res: {type: object, properties: {any: {}}}
"##);
    let TypeRef::Named(when) = &field(&api, "Req", "when").ty else {
        panic!("named union")
    };
    let TypeKind::Untagged(union) = kind(&api, when) else {
        panic!("untagged")
    };
    let variants: Vec<_> = union
        .variants
        .iter()
        .map(|v| (v.ident.as_str(), v.ty.clone()))
        .collect();
    assert_eq!(
        variants,
        [("Integer", TypeRef::Integer), ("String", TypeRef::String)]
    );
    let TypeRef::Named(op) = &field(&api, "Req", "op").ty else {
        panic!("named enum")
    };
    let TypeKind::Enum(values) = kind(&api, op) else {
        panic!("enum")
    };
    let idents: Vec<&str> = values.variants.iter().map(|v| v.ident.as_str()).collect();
    assert_eq!(
        idents,
        ["Eq", "Ne", "V2_16", "PtBr"],
        "null is not a variant"
    );
    assert!(field(&api, "Req", "op").optional);
    assert_eq!(
        field(&api, "Req", "admin_id").ty,
        TypeRef::NumericId,
        "an integer id goes out as a number"
    );
    assert_eq!(
        field(&api, "Req", "tag_ids").ty,
        TypeRef::Array(Box::new(TypeRef::NumericId))
    );
    assert_eq!(field(&api, "Req", "created_at").ty, TypeRef::Timestamp);
    assert_eq!(field(&api, "Req", "loose").ty, TypeRef::Json);
    assert_eq!(
        field(&api, "Req", "reactions").ty,
        TypeRef::Array(Box::new(TypeRef::Nullable(Box::new(TypeRef::String))))
    );
    assert_eq!(field(&api, "Res", "any").ty, TypeRef::Json);
}

#[test]
fn recursion_is_boxed_only_without_indirection() {
    let api = api(r##"
    Node: {type: object, properties: {next: {$ref: "#/components/schemas/Node"}, children: {type: array, items: {$ref: "#/components/schemas/Node"}}}}
    Req: {$ref: "#/components/schemas/Node"}
    Res: {type: object, properties: {root: {$ref: "#/components/schemas/Node"}}}
"##);
    assert!(field(&api, "Node", "next").boxed);
    assert!(!field(&api, "Node", "children").boxed);
}

#[test]
fn required_only_branches_and_operation_shape() {
    let api = api(r##"
    Req:
      type: object
      properties: {email: {type: string}, user_id: {type: string}}
      anyOf: [{required: [email]}, {required: [user_id]}]
    Res: {type: object, properties: {ok: {type: boolean}}}
"##);
    assert_eq!(
        structure(&api, "Req").fields.len(),
        2,
        "an at-least-one-of rule is not a type"
    );
    let resource = &api.resources["things"];
    let op = &resource.operations[0];
    assert_eq!(
        (
            resource.handler.as_str(),
            op.method.as_str(),
            op.builder.as_str()
        ),
        ("Things", "create", "CreateThing")
    );
    assert_eq!(
        op.path_params[0].ty,
        TypeRef::NumericId,
        "`*_id` path parameters are ids"
    );
}

#[test]
fn a_dangling_ref_is_any_json_with_a_warning_at_its_pointer() {
    let yaml = "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {type: object, properties: {b: {$ref: '#/components/schemas/Missing'}}}\n";
    let api = normalised(yaml);
    assert_eq!(field(&api, "A", "b").ty, TypeRef::Json);
    let warning = &api.warnings[0];
    assert_eq!(warning.pointer, "#/components/schemas/A/properties/b/$ref");
    assert!(
        warning.message.contains("#/components/schemas/Missing"),
        "{warning}"
    );
}

#[test]
fn a_multipart_body_is_a_form_with_file_parts() {
    let yaml = r##"
openapi: 3.0.1
info: {title: t, version: "1"}
paths:
  /uploads:
    post:
      operationId: createUpload
      tags: [Uploads]
      requestBody:
        content:
          multipart/form-data:
            schema:
              type: object
              required: [file]
              properties:
                file: {type: string, format: binary}
                attachments: {type: array, items: {type: string, format: binary}}
                note: {type: string}
                encoded: {type: string, format: byte}
      responses:
        "200": {description: ok}
"##;
    let api = normalised(yaml);
    let op = &api
        .resources
        .values()
        .next()
        .expect("a resource")
        .operations[0];
    assert!(op.multipart);
    let Some(TypeRef::Named(body)) = &op.body else {
        panic!("a named body: {:?}", op.body)
    };
    assert!(structure(&api, body).form);
    let file = TypeRef::Runtime(codegen::ir::FILE_PART.to_owned());
    assert_eq!(field(&api, body, "file").ty, file);
    assert!(!field(&api, body, "file").optional);
    assert_eq!(
        field(&api, body, "attachments").ty,
        TypeRef::Array(Box::new(file))
    );
    assert_eq!(field(&api, body, "note").ty, TypeRef::String);
    assert_eq!(field(&api, body, "encoded").ty, TypeRef::String);
    assert!(api.warnings.is_empty(), "{:?}", api.warnings);
}

#[test]
fn binary_strings_outside_a_form_stay_strings() {
    let api = api("    Req: {type: object, properties: {file: {type: string, format: binary}}}\n    Res: {type: object}\n");
    assert_eq!(field(&api, "Req", "file").ty, TypeRef::String);
    assert!(!structure(&api, "Req").form);
}

#[test]
fn response_lists_without_a_type_tag_get_one() {
    let api = api("    Req: {type: object}\n    Res: {type: object, properties: {tags: {$ref: '#/components/schemas/Tags'}, other: {$ref: '#/components/schemas/Other'}}}\n    Tags: {type: object, properties: {data: {type: array, items: {type: string}}, url: {type: string}, total_count: {type: integer}}}\n    Other: {type: object, properties: {data: {type: array, items: {type: string}}, name: {type: string}}}\n");
    let tag = field(&api, "Tags", "type");
    assert!(tag.optional);
    let TypeRef::Named(tag_type) = &tag.ty else {
        panic!("a named tag type: {:?}", tag.ty)
    };
    let TypeKind::Enum(values) = kind(&api, tag_type) else {
        panic!("{tag_type} is an enum")
    };
    assert_eq!(values.variants[0].value, "list");
    // The tag makes it a list object: a bare array of its items also decodes.
    assert_eq!(structure(&api, "Tags").list_field, Some(1));
    // Something besides list metadata: not a list object, left as declared.
    assert!(structure(&api, "Other")
        .fields
        .iter()
        .all(|f| f.wire != "type"));
}

#[test]
fn success_statuses_with_different_bodies_keep_each_type() {
    let yaml = r##"
openapi: 3.0.1
info: {title: t, version: "1"}
paths:
  /uploads:
    post:
      operationId: createUpload
      tags: [Uploads]
      responses:
        "200":
          description: part stored
          content: {application/json: {schema: {$ref: "#/components/schemas/Part"}}}
        "202":
          description: sync started
          content: {application/json: {schema: {$ref: "#/components/schemas/Started"}}}
  /parts:
    get:
      operationId: listParts
      tags: [Uploads]
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {$ref: "#/components/schemas/Part"}}}
        "201":
          description: same body
          content: {application/json: {schema: {$ref: "#/components/schemas/Part"}}}
components:
  schemas:
    Part: {type: object, properties: {next_part_number: {type: integer}}}
    Started: {type: object, properties: {status: {type: string}}}
"##;
    let api = normalised(yaml);
    let ops = &api
        .resources
        .values()
        .next()
        .expect("a resource")
        .operations;
    let upload = ops
        .iter()
        .find(|op| op.id == "createUpload")
        .expect("createUpload");
    let ResponseKind::ByStatus(bodies) = &upload.response else {
        panic!("one type per status: {:?}", upload.response)
    };
    let variants: Vec<(u16, &str, &TypeRef)> = bodies
        .variants
        .iter()
        .map(|v| (v.status, v.ident.as_str(), &v.ty))
        .collect();
    let named = |n: &str| TypeRef::Named(n.to_owned());
    assert_eq!(
        variants,
        [
            (200, "Ok", &named("Part")),
            (202, "Accepted", &named("Started"))
        ]
    );
    // The same body for every success: one type.
    let list = ops
        .iter()
        .find(|op| op.id == "listParts")
        .expect("listParts");
    assert!(matches!(&list.response, ResponseKind::Json(ty) if *ty == named("Part")));
}

#[test]
fn a_plain_string_type_property_is_the_object_type() {
    let api = api(r##"
    Req:
      type: object
      properties:
        type: {type: string, example: contact}
        role: {type: string}
    Res:
      type: object
      properties:
        type: {type: string, enum: [user, lead]}
        item:
          type: object
          properties:
            type: {type: string}
            kind: {type: string}
"##);
    let object_type = TypeRef::Runtime(codegen::ir::OBJECT_TYPE.to_owned());
    assert_eq!(field(&api, "Req", "type").ty, object_type);
    assert_eq!(field(&api, "Req", "role").ty, TypeRef::String);
    assert!(
        matches!(field(&api, "Res", "type").ty, TypeRef::Named(_)),
        "listed values stay an enum"
    );
    let TypeRef::Named(item) = &field(&api, "Res", "item").ty else {
        panic!("named item")
    };
    assert_eq!(field(&api, item, "type").ty, object_type);
    assert_eq!(field(&api, item, "kind").ty, TypeRef::String);
}

#[test]
fn lists_of_response_models_are_filled_in_place() {
    let api = api(r##"
    Req:
      type: object
      properties:
        parts:
          type: array
          items: {type: object, properties: {name: {type: string}}}
    Res:
      type: object
      properties:
        items:
          type: array
          items: {$ref: "#/components/schemas/Item"}
        maybe:
          type: array
          items: {$ref: "#/components/schemas/Item", nullable: true}
        names: {type: array, items: {type: string}}
        counts: {type: array, items: {type: integer}}
    Item:
      type: object
      properties:
        name: {type: string}
"##);
    assert!(field(&api, "Res", "items").models_in_place);
    for wire in ["maybe", "names", "counts"] {
        assert!(!field(&api, "Res", wire).models_in_place, "{wire}");
    }
    // Request-only models derive serde's `Deserialize`; only the runtime's objects fill in place.
    assert!(!field(&api, "Req", "parts").models_in_place);
}
