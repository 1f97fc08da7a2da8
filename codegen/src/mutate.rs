//! Test tooling: seeded mutations of a description (delete a node, change a type, dangling and
//! self `$ref`s, odd names, odd enums, `allOf` in `oneOf`, colliding operationIds, path
//! parameters missing from their template, OpenAPI 3.1 type lists). The robustness test and
//! `cargo xtask mutants` feed the mutants to the generator: each must end in output or in an
//! error whose pointer exists, never in a panic or a hang.
use serde_json::{json, Map, Value};

use crate::error::pointer_token;

/// A small deterministic generator (SplitMix64): the same seed gives the same mutants.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The next number.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        usize::try_from(self.next_u64() % n as u64).unwrap_or(0)
    }

    /// One of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }
}

/// Names that are not identifiers, or become none, or collide.
pub const ODD_NAMES: &[&str] = &[
    "",
    "__",
    "_",
    "type",
    "self",
    "Self",
    "crate",
    "super",
    "fn",
    "1st",
    "2.16",
    "ünïcödé",
    "日本",
    "٣",
    "a-b",
    "a b",
    "$",
    "@id",
    "Contacts",
    "contacts",
    "CONTACTS",
    "request",
    "models",
    "Error",
];

/// Places in a description that mutations aim at (JSON pointers without the leading `#`).
#[derive(Debug, Clone, Default)]
pub struct Targets {
    /// Every schema object.
    pub schemas: Vec<String>,
    /// Component schema keys.
    pub components: Vec<String>,
    /// Every operation.
    pub operations: Vec<String>,
    /// Every object holding a `$ref`.
    pub refs: Vec<String>,
    /// Every `oneOf`/`anyOf` list.
    pub unions: Vec<String>,
    /// Every `properties` object.
    pub properties: Vec<String>,
    /// Every `enum` list.
    pub enums: Vec<String>,
    /// Every object anywhere in `paths` and `components` (for deletions).
    pub nodes: Vec<String>,
}

const METHODS: &[&str] = &["get", "put", "post", "delete", "patch"];
const SCHEMA_LISTS: &[&str] = &["allOf", "oneOf", "anyOf"];

/// Find the targets of `document`.
pub fn targets(document: &Value) -> Targets {
    let mut t = Targets::default();
    if let Some(schemas) = document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    {
        for (key, schema) in schemas {
            t.components.push(key.clone());
            walk_schema(
                schema,
                format!("/components/schemas/{}", pointer_token(key)),
                &mut t,
            );
        }
    }
    for (path, item) in document
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        for method in METHODS {
            if let Some(op) = item.get(*method) {
                let pointer = format!("/paths/{}/{method}", pointer_token(path));
                collect_operation(op, &pointer, &mut t);
                t.operations.push(pointer);
            }
        }
    }
    for root in ["/paths", "/components"] {
        collect_nodes(document.pointer(root), root.to_owned(), &mut t.nodes);
    }
    t
}

fn collect_operation(op: &Value, pointer: &str, t: &mut Targets) {
    for (i, parameter) in op
        .get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        if let Some(schema) = parameter.get("schema") {
            walk_schema(schema, format!("{pointer}/parameters/{i}/schema"), t);
        }
    }
    let bodies = op
        .pointer("/requestBody/content")
        .into_iter()
        .map(|c| (c, format!("{pointer}/requestBody/content")))
        .chain(
            op.get("responses")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .filter_map(|(code, r)| {
                    Some((
                        r.get("content")?,
                        format!("{pointer}/responses/{}/content", pointer_token(code)),
                    ))
                }),
        );
    for (content, at) in bodies {
        for (media, m) in content.as_object().into_iter().flatten() {
            if let Some(schema) = m.get("schema") {
                walk_schema(schema, format!("{at}/{}/schema", pointer_token(media)), t);
            }
        }
    }
}

fn walk_schema(schema: &Value, pointer: String, t: &mut Targets) {
    let Some(map) = schema.as_object() else {
        return;
    };
    if map.contains_key("$ref") {
        t.refs.push(pointer.clone());
    }
    if map.get("enum").is_some_and(Value::is_array) {
        t.enums.push(format!("{pointer}/enum"));
    }
    if let Some(properties) = map.get("properties").and_then(Value::as_object) {
        t.properties.push(format!("{pointer}/properties"));
        for (name, property) in properties {
            walk_schema(
                property,
                format!("{pointer}/properties/{}", pointer_token(name)),
                t,
            );
        }
    }
    for list in SCHEMA_LISTS {
        if let Some(members) = map.get(*list).and_then(Value::as_array) {
            if *list != "allOf" {
                t.unions.push(format!("{pointer}/{list}"));
            }
            for (i, member) in members.iter().enumerate() {
                walk_schema(member, format!("{pointer}/{list}/{i}"), t);
            }
        }
    }
    for child in ["items", "additionalProperties", "not"] {
        if let Some(node) = map.get(child) {
            walk_schema(node, format!("{pointer}/{child}"), t);
        }
    }
    t.schemas.push(pointer);
}

fn collect_nodes(node: Option<&Value>, pointer: String, out: &mut Vec<String>) {
    let Some(map) = node.and_then(Value::as_object) else {
        return;
    };
    for (key, value) in map {
        if key == "examples" || key == "example" {
            continue;
        }
        let child = format!("{pointer}/{}", pointer_token(key));
        collect_nodes(Some(value), child.clone(), out);
        out.push(child);
    }
}

/// The kinds of mutation, in the order [`mutate`] numbers them.
pub const KINDS: &[&str] = &[
    "delete a node",
    "change a type",
    "dangling $ref",
    "self $ref",
    "odd property name",
    "odd component name",
    "odd tag",
    "odd operationId",
    "odd enum",
    "allOf in oneOf",
    "colliding operationIds",
    "path parameter missing from the template",
    "type list with null",
    "self-referencing oneOf",
];

/// The next mutant of `base`: one to three mutations, with what they did.
pub fn mutant(base: &Value, targets: &Targets, rng: &mut Rng) -> (String, Value) {
    let mut document = base.clone();
    let what: Vec<String> = (0..1 + rng.below(3))
        .filter_map(|_| mutate(&mut document, targets, rng))
        .collect();
    (what.join("; "), document)
}

/// Apply one random mutation; what was done (`None` when its target is gone).
pub fn mutate(document: &mut Value, t: &Targets, rng: &mut Rng) -> Option<String> {
    let kind = rng.below(KINDS.len());
    let done = match kind {
        0 => delete_node(document, t, rng),
        1 => change_type(document, t, rng),
        2 => dangling_ref(document, t, rng),
        3 => self_ref(document, t, rng),
        4 => odd_property(document, t, rng),
        5 => odd_component(document, t, rng),
        6 => odd_tag(document, t, rng),
        7 => odd_operation_id(document, t, rng),
        8 => odd_enum(document, t, rng),
        9 => all_of_in_one_of(document, t, rng),
        10 => colliding_ids(document, t, rng),
        11 => stray_path_parameter(document, t, rng),
        12 => type_list(document, t, rng),
        _ => self_union(document, t, rng),
    };
    done.map(|at| format!("{}: {at}", KINDS[kind]))
}

fn object_at<'a>(document: &'a mut Value, pointer: &str) -> Option<&'a mut Map<String, Value>> {
    document.pointer_mut(pointer)?.as_object_mut()
}

fn split(pointer: &str) -> Option<(&str, String)> {
    let (parent, last) = pointer.rsplit_once('/')?;
    Some((parent, last.replace("~1", "/").replace("~0", "~")))
}

fn delete_node(document: &mut Value, t: &Targets, rng: &mut Rng) -> Option<String> {
    let pointer = rng.pick(&t.nodes)?;
    let (parent, key) = split(pointer)?;
    object_at(document, parent)?.remove(&key)?;
    Some(pointer.clone())
}

fn change_type(document: &mut Value, t: &Targets, rng: &mut Rng) -> Option<String> {
    let pointer = rng.pick(&t.schemas)?;
    let types = [
        json!("string"),
        json!("integer"),
        json!("number"),
        json!("boolean"),
        json!("array"),
        json!("object"),
        json!("null"),
        json!("nonsense"),
        json!(7),
    ];
    let ty = rng.pick(&types)?.clone();
    object_at(document, pointer)?.insert("type".into(), ty.clone());
    Some(format!("{pointer} type {ty}"))
}

fn dangling_ref(document: &mut Value, t: &Targets, rng: &mut Rng) -> Option<String> {
    let pointer = rng.pick(&t.refs)?;
    let target = rng.pick(&[
        "#/components/schemas/nowhere",
        "#/components/responses/x",
        "other.yaml#/x",
        "#",
    ])?;
    object_at(document, pointer)?.insert("$ref".into(), json!(target));
    Some(format!("{pointer} -> {target}"))
}

fn self_ref(document: &mut Value, t: &Targets, rng: &mut Rng) -> Option<String> {
    let key = rng.pick(&t.components)?;
    let reference = format!("#/components/schemas/{}", pointer_token(key));
    let schema = object_at(
        document,
        &format!("/components/schemas/{}", pointer_token(key)),
    )?;
    let shape = rng.below(3);
    match shape {
        0 => *schema = Map::from_iter([("$ref".to_owned(), json!(reference))]),
        1 => *schema = Map::from_iter([("allOf".to_owned(), json!([{"$ref": reference}]))]),
        _ => {
            let properties = schema.entry("properties").or_insert_with(|| json!({}));
            properties
                .as_object_mut()?
                .insert("me".into(), json!({"$ref": reference}));
        }
    }
    Some(format!("{key} shape {shape}"))
}

fn rename_key(map: &mut Map<String, Value>, from: &str, to: &str) -> bool {
    match map.remove(from) {
        Some(value) => {
            map.insert(to.to_owned(), value);
            true
        }
        None => false,
    }
}

fn odd_property(document: &mut Value, t: &Targets, rng: &mut Rng) -> Option<String> {
    let pointer = rng.pick(&t.properties)?;
    let name = *rng.pick(ODD_NAMES)?;
    let properties = object_at(document, pointer)?;
    let keys: Vec<String> = properties.keys().cloned().collect();
    let from = rng.pick(&keys)?;
    rename_key(properties, from, name).then(|| format!("{pointer}/{from} -> {name:?}"))
}

fn odd_component(document: &mut Value, t: &Targets, rng: &mut Rng) -> Option<String> {
    let key = rng.pick(&t.components)?;
    let name = *rng.pick(ODD_NAMES)?;
    let schemas = object_at(document, "/components/schemas")?;
    rename_key(schemas, key, name).then(|| format!("{key} -> {name:?} (its $refs dangle)"))
}

fn odd_tag(document: &mut Value, t: &Targets, rng: &mut Rng) -> Option<String> {
    let pointer = rng.pick(&t.operations)?;
    let name = *rng.pick(ODD_NAMES)?;
    object_at(document, pointer)?.insert("tags".into(), json!([name]));
    Some(format!("{pointer} tag {name:?}"))
}

fn odd_operation_id(document: &mut Value, t: &Targets, rng: &mut Rng) -> Option<String> {
    let pointer = rng.pick(&t.operations)?;
    let name = *rng.pick(ODD_NAMES)?;
    object_at(document, pointer)?.insert("operationId".into(), json!(name));
    Some(format!("{pointer} operationId {name:?}"))
}

fn odd_enum(document: &mut Value, t: &Targets, rng: &mut Rng) -> Option<String> {
    let pointer = rng.pick(&t.enums)?;
    let values = [
        json!([]),
        json!([1, 2, 3]),
        json!(["a", "a", "A"]),
        json!([null]),
        json!(["", "__", "1", "type"]),
        json!([true, false]),
        json!(["ünï", "日本"]),
    ];
    let value = rng.pick(&values)?.clone();
    *document.pointer_mut(pointer)? = value.clone();
    Some(format!("{pointer} = {value}"))
}

fn all_of_in_one_of(document: &mut Value, t: &Targets, rng: &mut Rng) -> Option<String> {
    let pointer = rng.pick(&t.unions)?;
    let members = document.pointer_mut(pointer)?.as_array_mut()?;
    let i = rng.below(members.len());
    let branch = members.get_mut(i)?;
    let extra = json!({"type": "object", "properties": {"extra_field": {"type": "string"}}});
    *branch = json!({"allOf": [branch.take(), extra]});
    Some(format!("{pointer}/{i}"))
}

fn colliding_ids(document: &mut Value, t: &Targets, rng: &mut Rng) -> Option<String> {
    let (a, b) = (rng.pick(&t.operations)?, rng.pick(&t.operations)?);
    let id = document
        .pointer(&format!("{a}/operationId"))?
        .as_str()?
        .to_owned();
    let tags = document
        .pointer(&format!("{a}/tags"))
        .cloned()
        .unwrap_or(json!([]));
    let twin = match rng.below(3) {
        0 => id.clone(),
        1 => heck::ToSnakeCase::to_snake_case(id.as_str()),
        _ => heck::ToUpperCamelCase::to_upper_camel_case(id.as_str()),
    };
    let other = object_at(document, b)?;
    other.insert("operationId".into(), json!(twin));
    other.insert("tags".into(), tags);
    Some(format!("{b} operationId {twin:?} like {a}"))
}

fn stray_path_parameter(document: &mut Value, t: &Targets, rng: &mut Rng) -> Option<String> {
    let pointer = rng.pick(&t.operations)?;
    let op = object_at(document, pointer)?;
    let parameters = op.entry("parameters").or_insert_with(|| json!([]));
    let list = parameters.as_array_mut()?;
    if rng.below(2) == 0 {
        list.push(
            json!({"name": "ghost", "in": "path", "required": true, "schema": {"type": "string"}}),
        );
        return Some(format!("{pointer} + path parameter ghost"));
    }
    let before = list.len();
    list.retain(|p| p.get("in").and_then(Value::as_str) != Some("path"));
    (list.len() < before).then(|| format!("{pointer} - its path parameters"))
}

fn type_list(document: &mut Value, t: &Targets, rng: &mut Rng) -> Option<String> {
    let pointer = rng.pick(&t.schemas)?;
    let schema = object_at(document, pointer)?;
    let ty = schema
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("string")
        .to_owned();
    schema.insert("type".into(), json!([ty, "null"]));
    Some(format!("{pointer} type [{ty}, null]"))
}

fn self_union(document: &mut Value, t: &Targets, rng: &mut Rng) -> Option<String> {
    let key = rng.pick(&t.components)?;
    let reference = format!("#/components/schemas/{}", pointer_token(key));
    let schema = object_at(
        document,
        &format!("/components/schemas/{}", pointer_token(key)),
    )?;
    let original = Value::Object(std::mem::take(schema));
    let union = if rng.below(2) == 0 {
        json!([{"$ref": reference}, original])
    } else {
        json!([{"type": "array", "items": {"$ref": reference}}, {"$ref": reference}, {"type": "string"}])
    };
    schema.insert("oneOf".into(), union);
    Some(format!("{key} oneOf with itself"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_mutants() {
        let doc = json!({
            "paths": {"/a/{id}": {"get": {"operationId": "getA", "tags": ["A"],
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/a"}}}}}}}},
            "components": {"schemas": {"a": {"type": "object", "properties": {"x": {"type": "string", "enum": ["p"]}}}}}
        });
        let t = targets(&doc);
        assert_eq!(t.components, ["a"]);
        assert!(!t.refs.is_empty() && !t.enums.is_empty() && !t.properties.is_empty());
        let run = |seed| {
            let mut rng = Rng::new(seed);
            (0..20)
                .map(|_| {
                    let mut d = doc.clone();
                    (mutate(&mut d, &t, &mut rng), d)
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(run(7), run(7));
        assert!(run(7).iter().any(|(what, d)| what.is_some() && *d != doc));
    }
}

/// What the generator made of a mutant.
#[derive(Debug)]
pub enum Outcome {
    /// Files, with the warnings.
    Generated(Vec<crate::GeneratedFile>, Vec<crate::ir::Warning>),
    /// An error.
    Failed(crate::Error),
}

/// The whole pipeline on `document` (as if after the overrides), in memory.
pub fn generate(document: Value) -> Outcome {
    let run = || -> crate::Result<(Vec<crate::GeneratedFile>, Vec<crate::ir::Warning>)> {
        let spec = crate::load::parse_document(document, "mutant", Vec::new())?;
        crate::generate_with_warnings(&spec)
    };
    match run() {
        Ok((files, warnings)) => Outcome::Generated(files, warnings),
        Err(error) => Outcome::Failed(error),
    }
}

/// Pointers of `outcome` (warnings, or the error) that do not exist in `input`; an error
/// without a pointer counts as one.
pub fn missing_pointers(input: &Value, outcome: &Outcome) -> Vec<String> {
    let exists = |p: &str| {
        p == "#"
            || p.strip_prefix('#')
                .is_some_and(|p| input.pointer(p).is_some())
    };
    match outcome {
        Outcome::Generated(_, warnings) => warnings
            .iter()
            .filter(|w| !exists(&w.pointer))
            .map(ToString::to_string)
            .collect(),
        Outcome::Failed(crate::Error::Spec { pointer, message }) if !exists(pointer) => {
            vec![format!("{pointer}: {message}")]
        }
        Outcome::Failed(crate::Error::Spec { .. }) => Vec::new(),
        Outcome::Failed(other) => vec![format!("error without a pointer: {other}")],
    }
}
