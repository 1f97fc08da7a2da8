//! What changes for SDK users between two descriptions (`cargo xtask spec-diff OLD NEW`):
//! operations (methods) added, removed or renamed, their arguments; types added, removed or
//! renamed; fields added, removed, retyped or made (non-)optional; enum values and union
//! branches added or removed. Each change says whether it breaks code written against the
//! old SDK. Operations are matched by operationId (then by method and path), types by their
//! Rust name (then by the schema they come from).
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::{self, Write as _};

use crate::ir::{Api, Operation, Resource, ResponseKind, TypeDef, TypeKind, TypeRef};

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    /// Breaks code written against the old SDK.
    pub breaking: bool,
    /// `operation` or `type`.
    pub area: &'static str,
    /// What changed, in SDK terms.
    pub text: String,
}

/// Every change between two SDKs.
#[derive(Debug, Clone)]
pub struct Report {
    /// The old API version.
    pub old: String,
    /// The new API version.
    pub new: String,
    /// The changes, operations first.
    pub changes: Vec<Change>,
}

impl Report {
    /// How many changes break code.
    pub fn breaking(&self) -> usize {
        self.changes.iter().filter(|c| c.breaking).count()
    }

    fn count(&self, area: &str, prefix: &str) -> usize {
        self.changes
            .iter()
            .filter(|c| c.area == area && c.text.starts_with(prefix))
            .count()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "spec-diff {} -> {}: operations +{} -{} ~{} renamed; types +{} -{} ~{} renamed; \
             {} changes, {} breaking",
            self.old,
            self.new,
            self.count("operation", "added"),
            self.count("operation", "removed"),
            self.count("operation", "renamed"),
            self.count("type", "added"),
            self.count("type", "removed"),
            self.count("type", "renamed"),
            self.changes.len(),
            self.breaking()
        )?;
        for area in ["operation", "type"] {
            writeln!(f, "\n{area}s:")?;
            for change in self.changes.iter().filter(|c| c.area == area) {
                let mark = if change.breaking { "BREAKING " } else { "" };
                writeln!(f, "  - {mark}{}", change.text)?;
            }
        }
        Ok(())
    }
}

/// Compare two models.
pub fn diff(old: &Api, new: &Api) -> Report {
    let mut changes = operations(old, new);
    changes.extend(types(old, new));
    Report {
        old: old.version.clone(),
        new: new.version.clone(),
        changes,
    }
}

fn push(out: &mut Vec<Change>, area: &'static str, breaking: bool, text: String) {
    out.push(Change {
        breaking,
        area,
        text,
    });
}

type Ops<'a> = BTreeMap<&'a str, (&'a Resource, &'a Operation)>;

fn operations_of(api: &Api) -> Ops<'_> {
    api.resources
        .values()
        .flat_map(|r| r.operations.iter().map(move |op| (op.id.as_str(), (r, op))))
        .collect()
}

fn call(resource: &Resource, op: &Operation) -> String {
    format!("{}().{}", resource.accessor, op.method)
}

/// `/contacts/{contact_id}` and `/contacts/{id}` are the same endpoint.
fn route(op: &Operation) -> String {
    let mut out = format!("{:?} ", op.http);
    let mut in_param = false;
    for c in op.path.chars() {
        match c {
            '{' => {
                in_param = true;
                out.push('{');
            }
            '}' => {
                in_param = false;
                out.push('}');
            }
            _ if in_param => {}
            _ => out.push(c),
        }
    }
    out
}

fn operations(old: &Api, new: &Api) -> Vec<Change> {
    let (before, after) = (operations_of(old), operations_of(new));
    let mut out = Vec::new();
    let added: Vec<&str> = after
        .keys()
        .filter(|id| !before.contains_key(*id))
        .copied()
        .collect();
    let mut renamed_to = BTreeSet::new();
    for (id, (resource, op)) in &before {
        if let Some((new_resource, new_op)) = after.get(id) {
            compare_operation((resource, op), (new_resource, new_op), &mut out);
            continue;
        }
        let same_route = added
            .iter()
            .find(|a| !renamed_to.contains(*a) && route(after[*a].1) == route(op));
        match same_route {
            Some(other) => {
                renamed_to.insert(*other);
                let (new_resource, new_op) = after[other];
                let (was, is) = (call(resource, op), call(new_resource, new_op));
                push(
                    &mut out,
                    "operation",
                    was != is,
                    format!("renamed operationId {id} -> {other}: {was} -> {is}"),
                );
                compare_operation((resource, op), (new_resource, new_op), &mut out);
            }
            None => push(
                &mut out,
                "operation",
                true,
                format!("removed {} ({} {})", call(resource, op), id, op.path),
            ),
        }
    }
    for id in added.iter().filter(|a| !renamed_to.contains(*a)) {
        let (resource, op) = after[id];
        push(
            &mut out,
            "operation",
            false,
            format!(
                "added {} ({id} {:?} {})",
                call(resource, op),
                op.http,
                op.path
            ),
        );
    }
    out
}

fn compare_operation(
    (resource, old): (&Resource, &Operation),
    (new_resource, new): (&Resource, &Operation),
    out: &mut Vec<Change>,
) {
    let name = call(new_resource, new);
    let was = call(resource, old);
    if was != name && old.id == new.id {
        push(
            out,
            "operation",
            true,
            format!("renamed method {was} -> {name} ({})", new.id),
        );
    }
    let arguments = |op: &Operation| -> Vec<String> {
        let mut args: Vec<String> = op.positional().iter().map(|p| show(&p.ty)).collect();
        args.extend(op.body.as_ref().map(show));
        args
    };
    let (before, after) = (arguments(old), arguments(new));
    if before != after {
        let text = format!(
            "{name}: arguments ({}) -> ({})",
            before.join(", "),
            after.join(", ")
        );
        push(out, "operation", true, text);
    }
    let setters = |op: &Operation| -> BTreeMap<String, String> {
        op.query_params
            .iter()
            .chain(&op.header_params)
            .filter(|p| !op.is_positional(p))
            .map(|p| (p.ident.clone(), show(&p.ty)))
            .collect()
    };
    compare_members(
        &name,
        "option",
        &setters(old),
        &setters(new),
        false,
        out,
        "operation",
    );
    let (was, is) = (response(&old.response), response(&new.response));
    if was != is {
        push(
            out,
            "operation",
            true,
            format!("{name}: returns {was} -> {is}"),
        );
    }
}

fn response(kind: &ResponseKind) -> String {
    match kind {
        ResponseKind::Json(ty) => show(ty),
        ResponseKind::ByStatus(bodies) => {
            let each: Vec<String> = bodies
                .variants
                .iter()
                .map(|v| format!("{} {}", v.status, show(&v.ty)))
                .collect();
            format!("{} ({})", bodies.name, each.join(" | "))
        }
        ResponseKind::Empty => "()".to_owned(),
        ResponseKind::Text => "String".to_owned(),
        ResponseKind::Download => "Download".to_owned(),
    }
}

/// Members (fields, setters, variants) by name: added ones break when `added_breaks`.
fn compare_members(
    owner: &str,
    what: &str,
    before: &BTreeMap<String, String>,
    after: &BTreeMap<String, String>,
    added_breaks: bool,
    out: &mut Vec<Change>,
    area: &'static str,
) {
    for (name, ty) in after {
        match before.get(name) {
            None => push(
                out,
                area,
                added_breaks,
                format!("{owner}: added {what} {name}: {ty}"),
            ),
            Some(old) if old != ty => push(
                out,
                area,
                true,
                format!("{owner}: {what} {name} changed type {old} -> {ty}"),
            ),
            Some(_) => {}
        }
    }
    for (name, ty) in before.iter().filter(|(n, _)| !after.contains_key(*n)) {
        push(
            out,
            area,
            true,
            format!("{owner}: removed {what} {name}: {ty}"),
        );
    }
}

fn types(old: &Api, new: &Api) -> Vec<Change> {
    let mut out = Vec::new();
    let by_pointer = |api: &Api| -> BTreeMap<String, String> {
        api.types
            .values()
            .flat_map(|d| {
                std::iter::once(&d.pointer)
                    .chain(&d.merged)
                    .map(|p| (p.clone(), d.name.clone()))
            })
            .collect()
    };
    let new_by_pointer = by_pointer(new);
    let mut renamed_to = BTreeSet::new();
    for (name, def) in &old.types {
        if let Some(new_def) = new.types.get(name) {
            compare_type(def, new_def, &mut out);
            continue;
        }
        let renamed = new_by_pointer
            .get(&def.pointer)
            .filter(|n| !old.types.contains_key(*n));
        match renamed {
            Some(new_name) => {
                renamed_to.insert(new_name.clone());
                push(
                    &mut out,
                    "type",
                    true,
                    format!("renamed {name} -> {new_name} ({})", def.pointer),
                );
                compare_type(def, &new.types[new_name], &mut out);
            }
            None => push(
                &mut out,
                "type",
                true,
                format!("removed {name} ({})", def.pointer),
            ),
        }
    }
    for (name, def) in &new.types {
        if !old.types.contains_key(name) && !renamed_to.contains(name) {
            push(
                &mut out,
                "type",
                false,
                format!("added {name} ({})", def.pointer),
            );
        }
    }
    out
}

fn compare_type(old: &TypeDef, new: &TypeDef, out: &mut Vec<Change>) {
    let name = new.name.as_str();
    match (&old.kind, &new.kind) {
        (TypeKind::Struct(a), TypeKind::Struct(b)) => {
            let fields = |s: &crate::ir::Struct| -> BTreeMap<String, String> {
                s.fields
                    .iter()
                    .map(|f| {
                        let ty = show(&f.ty);
                        let ty = if f.optional {
                            format!("Option<{ty}>")
                        } else {
                            ty
                        };
                        (f.wire.clone(), ty)
                    })
                    .collect()
            };
            // A new required field breaks every constructor call; an optional one does not.
            let (before, after) = (fields(a), fields(b));
            for (wire, ty) in &after {
                if !before.contains_key(wire) && !ty.starts_with("Option<") {
                    push(
                        out,
                        "type",
                        true,
                        format!("{name}: added required field {wire}: {ty}"),
                    );
                }
            }
            let optional_after: BTreeMap<String, String> = after
                .into_iter()
                .filter(|(w, t)| before.contains_key(w) || t.starts_with("Option<"))
                .collect();
            compare_members(name, "field", &before, &optional_after, false, out, "type");
        }
        (TypeKind::Enum(a), TypeKind::Enum(b)) => {
            let values = |e: &crate::ir::StringEnum| -> BTreeMap<String, String> {
                e.variants
                    .iter()
                    .map(|v| (format!("{:?}", v.value), v.ident.clone()))
                    .collect()
            };
            compare_members(name, "value", &values(a), &values(b), false, out, "type");
        }
        (TypeKind::Tagged(a), TypeKind::Tagged(b)) => {
            let variants = |u: &crate::ir::TaggedUnion| -> BTreeMap<String, String> {
                u.variants
                    .iter()
                    .map(|v| (v.ident.clone(), show(&v.ty)))
                    .collect()
            };
            compare_members(
                name,
                "variant",
                &variants(a),
                &variants(b),
                false,
                out,
                "type",
            );
        }
        (TypeKind::Untagged(a), TypeKind::Untagged(b)) => {
            let variants = |u: &crate::ir::UntaggedUnion| -> BTreeMap<String, String> {
                u.variants
                    .iter()
                    .map(|v| (v.ident.clone(), show(&v.ty)))
                    .collect()
            };
            compare_members(
                name,
                "variant",
                &variants(a),
                &variants(b),
                false,
                out,
                "type",
            );
        }
        (TypeKind::Alias(a), TypeKind::Alias(b)) if a != b => {
            push(
                out,
                "type",
                true,
                format!("{name}: now {} (was {})", show(b), show(a)),
            );
        }
        (TypeKind::Alias(_), TypeKind::Alias(_)) => {}
        (a, b) => push(
            out,
            "type",
            true,
            format!("{name}: now {} (was {})", kind_word(b), kind_word(a)),
        ),
    }
}

fn kind_word(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct(_) => "a struct",
        TypeKind::Enum(_) => "a string enum",
        TypeKind::Tagged(_) => "a tagged union",
        TypeKind::Untagged(_) => "an untagged union",
        TypeKind::Alias(_) => "an alias",
    }
}

/// A type reference as SDK users write it.
pub fn show(ty: &TypeRef) -> String {
    let mut out = String::new();
    write_type(ty, &mut out);
    out
}

fn write_type(ty: &TypeRef, out: &mut String) {
    let _ = match ty {
        TypeRef::Named(name) | TypeRef::Runtime(name) => write!(out, "{name}"),
        TypeRef::String => write!(out, "String"),
        TypeRef::Id | TypeRef::NumericId => write!(out, "Id"),
        TypeRef::Integer | TypeRef::Timestamp => write!(out, "i64"),
        TypeRef::Number => write!(out, "f64"),
        TypeRef::Boolean => write!(out, "bool"),
        TypeRef::Json => write!(out, "Value"),
        TypeRef::Object => write!(out, "Map<String, Value>"),
        TypeRef::Array(inner) | TypeRef::Nullable(inner) | TypeRef::Map(inner) => {
            let wrapper = match ty {
                TypeRef::Array(_) => "Vec<",
                TypeRef::Nullable(_) => "Option<",
                _ => "BTreeMap<String, ",
            };
            out.push_str(wrapper);
            write_type(inner, out);
            write!(out, ">")
        }
    };
}
