//! Lowering schemas into named types and type references.
//!
//! One rule per quirk, applied wherever the construct appears:
//! - `nullable` (also next to `$ref`, via the `allOf` wrapper the loader makes) marks the use
//!   site nullable; nullable enums drop `null` from their values.
//! - `allOf` extensions are flattened into one struct; a lone `allOf: [$ref]` is the target.
//! - unions: required-only branches (an "at least one of these keys" rule) are ignored; a
//!   single branch is unwrapped; object branches sharing a property whose enum values are
//!   disjoint (or a `discriminator`) become a tagged union; other object unions become an
//!   untagged enum in requests (the caller picks the branch) and one merged struct in responses
//!   (the decoder cannot pick); scalar/array unions become small untagged enums.
//! - `integer` + `date-time`/`timestamp` is Unix seconds; `id`/`*_id` accept strings and numbers;
//!   maps of anything but objects hold JSON values; schemas with no type are JSON values.
use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, AnySchema, Discriminator, IntegerFormat, ReferenceOr, Schema, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};

use super::docs;
use super::names::{self, Namespace};
use super::verbs;
use crate::error::{pointer_token, Error, Result};
use crate::ir::{
    EnumVariant, Field, StringEnum, Struct, TaggedUnion, TaggedVariant, TypeDef, TypeKind, TypeRef,
    UntaggedUnion, UntaggedVariant, Usage, Warning,
};
use crate::load::Domain;

const SCHEMA_PREFIX: &str = "#/components/schemas/";
const MAX_DEPTH: usize = 32;
/// Names longer than this are shortened when the rules can.
const MAX_NAME: usize = 40;

/// A schema position: a `$ref` or an inline schema.
#[derive(Debug, Clone, Copy)]
pub enum Node<'a> {
    /// `$ref` to a component schema.
    Ref(&'a str),
    /// An inline schema.
    Inline(&'a Schema),
}

impl<'a> Node<'a> {
    /// From a `ReferenceOr<Schema>`.
    pub fn of(schema: &'a ReferenceOr<Schema>) -> Self {
        match schema {
            ReferenceOr::Reference { reference } => Node::Ref(reference),
            ReferenceOr::Item(schema) => Node::Inline(schema),
        }
    }

    /// From a `ReferenceOr<Box<Schema>>`.
    pub fn of_boxed(schema: &'a ReferenceOr<Box<Schema>>) -> Self {
        match schema {
            ReferenceOr::Reference { reference } => Node::Ref(reference),
            ReferenceOr::Item(schema) => Node::Inline(schema),
        }
    }
}

/// Where a schema is being lowered: pointer for errors, a name for any type it needs, its
/// direction, and the property/parameter name it is the value of (for the id rule).
#[derive(Debug, Clone)]
pub struct Ctx {
    /// JSON pointer of the schema.
    pub pointer: String,
    /// Name for a type defined here: its owner's name and its own piece.
    pub name: String,
    /// The last piece of `name` (the whole name for a root).
    segment: String,
    /// The name of the root this context descends from (a component, a body, a response).
    root: String,
    /// A name that wins when free (a union branch's title).
    preferred: Option<String>,
    /// Direction of the enclosing type or operation part.
    pub usage: Usage,
    /// Property or parameter name whose value this is.
    pub wire: Option<String>,
    /// Inside a `multipart/form-data` body, where `format: binary` strings are files.
    pub form: bool,
}

impl Ctx {
    /// A schema with a name of its own (a component, a body, a response, a parameter).
    pub fn root(pointer: String, name: String, usage: Usage, wire: Option<String>) -> Ctx {
        Ctx {
            pointer,
            segment: name.clone(),
            root: name.clone(),
            preferred: None,
            name,
            usage,
            wire,
            form: false,
        }
    }

    /// This context inside a `multipart/form-data` body.
    pub fn in_form(mut self) -> Ctx {
        self.form = true;
        self
    }

    fn child(&self, pointer: &[&str], piece: &str, wire: Option<&str>) -> Ctx {
        let mut child_pointer = self.pointer.clone();
        for token in pointer {
            child_pointer.push('/');
            child_pointer.push_str(&pointer_token(token));
        }
        let mut child = self.clone();
        child.pointer = child_pointer;
        child.wire = wire.map(str::to_owned);
        child.preferred = None;
        let piece = names::camel(piece);
        if !piece.is_empty() {
            child.name = format!("{}{piece}", self.name);
            child.segment = piece;
        }
        child
    }

    /// The items of the list this context names: `ObjectMappings` -> `ObjectMapping`.
    fn items(&self, wire: Option<&str>) -> Ctx {
        let singular = names::camel(&verbs::singular(&heck::ToSnakeCase::to_snake_case(
            self.segment.as_str(),
        )));
        let mut child = self.child(&["items"], "", wire);
        if singular != self.segment && !singular.is_empty() {
            child.name = format!("{}{singular}", self.owner_name());
            child.segment = singular;
        } else {
            child = self.child(&["items"], "Item", wire);
        }
        child
    }

    /// `name` without its own piece.
    fn owner_name(&self) -> &str {
        self.name
            .strip_suffix(self.segment.as_str())
            .unwrap_or(&self.name)
    }

    /// Names for a type defined here, best first: its title when it has one; the full name
    /// (owner and piece), or for a long one its root's name and its own piece; then a form
    /// that cannot clash with a component's name.
    pub fn candidates(&self) -> Vec<String> {
        let mut out: Vec<String> = self.preferred.iter().cloned().collect();
        let rooted = format!("{}{}", self.root, self.segment);
        if self.name.len() > MAX_NAME && rooted.len() < self.name.len() && self.segment != self.root
        {
            out.push(rooted);
        }
        out.push(self.name.clone());
        if self.segment != self.name {
            out.push(format!("{}Object{}", self.owner_name(), self.segment));
        }
        out.dedup();
        out
    }

    /// Types that can arrive in a response (or are not used at all) decode leniently; only
    /// request-only types keep required fields required.
    fn lenient(&self) -> bool {
        self.usage.response || !self.usage.request
    }
}

/// A lowered schema.
#[derive(Debug, Clone)]
pub struct Lowered {
    /// The type.
    pub ty: TypeRef,
    /// Whether `null` is allowed.
    pub nullable: bool,
}

enum Shape {
    Ref(TypeRef),
    Def(TypeKind),
}

/// Properties and required names gathered from an object schema and its `allOf` members.
#[derive(Debug, Clone, Default)]
struct ObjectParts<'a> {
    properties: Vec<(String, Node<'a>, String)>,
    required: BTreeSet<String>,
    additional: Option<&'a AdditionalProperties>,
}

impl<'a> ObjectParts<'a> {
    fn insert(&mut self, name: &str, node: Node<'a>, pointer: String) {
        match self.properties.iter_mut().find(|(n, _, _)| n == name) {
            Some(slot) => *slot = (name.to_owned(), node, pointer),
            None => self.properties.push((name.to_owned(), node, pointer)),
        }
    }

    fn extend(&mut self, other: &ObjectParts<'a>) {
        for (name, node, pointer) in &other.properties {
            self.insert(name, *node, pointer.clone());
        }
        self.required.extend(other.required.iter().cloned());
        self.additional = self.additional.or(other.additional);
    }

    fn node(&self, name: &str) -> Option<Node<'a>> {
        self.properties
            .iter()
            .find(|(n, _, _)| n == name)
            .map(|(_, node, _)| *node)
    }
}

/// All named types, built while lowering.
pub struct TypeSpace<'a> {
    components: &'a IndexMap<String, ReferenceOr<Schema>>,
    domain: &'a Domain,
    component_names: BTreeMap<String, String>,
    usage: &'a BTreeMap<String, Usage>,
    names: Namespace,
    /// The named types defined so far.
    pub types: BTreeMap<String, TypeDef>,
    /// Names the rules propose for each type defined inline, best first (the final names are
    /// chosen once every type is known, see [`super::naming`]).
    pub candidates: BTreeMap<String, Vec<String>>,
    /// One schema node, one type: what each inline node lowered to, by pointer and direction.
    lowered: BTreeMap<(String, bool), Lowered>,
    /// Properties merged into a component by an `allOf` extension, with their nodes.
    extensions: BTreeMap<(String, String), Node<'a>>,
    /// What was worked around while lowering.
    pub warnings: Vec<Warning>,
}

impl<'a> TypeSpace<'a> {
    /// A type space whose component names are reserved up front, so that inline types can
    /// never take a component's name.
    pub fn new(
        components: &'a IndexMap<String, ReferenceOr<Schema>>,
        usage: &'a BTreeMap<String, Usage>,
        domain: &'a Domain,
    ) -> Self {
        let mut names = Namespace::default();
        let component_names = components
            .keys()
            .map(|key| (key.clone(), names.unique(&names::component_type_name(key))))
            .collect();
        TypeSpace {
            components,
            domain,
            component_names,
            usage,
            names,
            types: BTreeMap::new(),
            candidates: BTreeMap::new(),
            lowered: BTreeMap::new(),
            extensions: BTreeMap::new(),
            warnings: Vec::new(),
        }
    }

    /// The component names, by component key.
    pub fn component_names(&self) -> &BTreeMap<String, String> {
        &self.component_names
    }

    /// Define the named type of every component schema.
    pub fn define_components(&mut self) -> Result<()> {
        for (key, schema) in self.components {
            let pointer = format!("{SCHEMA_PREFIX}{}", pointer_token(key));
            let name = self.component_names[key].clone();
            let usage = self.usage.get(key).copied().unwrap_or_default();
            let ctx = Ctx::root(pointer.clone(), name.clone(), usage, None);
            let runtime = crate::load::RUNTIME_TYPES.contains(&name.as_str());
            let (kind, docs) = match Node::of(schema) {
                // A component named like a runtime type is that type (`custom_attributes`).
                _ if runtime => (TypeKind::Alias(TypeRef::Runtime(name.clone())), Vec::new()),
                Node::Ref(reference) => (
                    TypeKind::Alias(self.reference(reference, &pointer)?.ty),
                    vec![],
                ),
                Node::Inline(schema) => {
                    let kind = match self.shape(schema, &ctx, 0)? {
                        Shape::Def(kind) => kind,
                        Shape::Ref(ty) => TypeKind::Alias(ty),
                    };
                    (kind, schema_docs(schema))
                }
            };
            self.types.insert(
                name.clone(),
                TypeDef {
                    name,
                    module: String::new(),
                    pointer,
                    docs,
                    kind,
                    usage,
                    merged: Vec::new(),
                },
            );
        }
        Ok(())
    }

    /// Lower a schema at `ctx`, defining any named type it needs.
    pub fn lower(&mut self, node: Node<'a>, ctx: &Ctx) -> Result<Lowered> {
        self.lower_at(node, ctx, 0)
    }

    fn lower_at(&mut self, node: Node<'a>, ctx: &Ctx, depth: usize) -> Result<Lowered> {
        if depth > MAX_DEPTH {
            return Err(Error::spec(&ctx.pointer, "schema nesting too deep"));
        }
        match node {
            Node::Ref(reference) => self.reference(reference, &ctx.pointer),
            Node::Inline(schema) => {
                let key = (ctx.pointer.clone(), ctx.lenient());
                if let Some(done) = self.lowered.get(&key) {
                    return Ok(done.clone());
                }
                let nullable = schema.schema_data.nullable || has_null_enum(schema);
                let ty = match self.shape(schema, ctx, depth)? {
                    Shape::Ref(ty) => ty,
                    Shape::Def(kind) => {
                        TypeRef::Named(self.register(ctx, kind, schema_docs(schema)))
                    }
                };
                let nullable = nullable || self.wrapper_nullable(schema);
                let lowered = Lowered { ty, nullable };
                self.lowered.insert(key, lowered.clone());
                Ok(lowered)
            }
        }
    }

    /// Name a type defined at `ctx`.
    fn register(&mut self, ctx: &Ctx, kind: TypeKind, docs: Vec<String>) -> String {
        let name = self.names.unique(&ctx.name);
        self.candidates.insert(name.clone(), ctx.candidates());
        let def = TypeDef {
            name: name.clone(),
            module: String::new(),
            pointer: ctx.pointer.clone(),
            docs,
            kind,
            usage: ctx.usage,
            merged: Vec::new(),
        };
        self.types.insert(name.clone(), def);
        name
    }

    fn reference(&self, reference: &str, pointer: &str) -> Result<Lowered> {
        let (key, schema) = self.resolve(reference, pointer)?;
        let nullable = match schema {
            ReferenceOr::Item(schema) => schema.schema_data.nullable,
            ReferenceOr::Reference { .. } => false,
        };
        Ok(Lowered {
            ty: TypeRef::Named(self.component_names[key].clone()),
            nullable,
        })
    }

    fn resolve(
        &self,
        reference: &str,
        pointer: &str,
    ) -> Result<(&'a String, &'a ReferenceOr<Schema>)> {
        reference
            .strip_prefix(SCHEMA_PREFIX)
            .and_then(|key| self.components.get_key_value(key))
            .ok_or_else(|| {
                Error::spec(
                    pointer,
                    format!("$ref {reference} does not resolve to a component schema"),
                )
            })
    }

    /// The schema behind a node, following `$ref`s.
    fn resolve_node(
        &self,
        node: Node<'a>,
        pointer: &str,
        depth: usize,
    ) -> Result<(&'a Schema, Option<&'a str>)> {
        match node {
            Node::Inline(schema) => Ok((schema, None)),
            Node::Ref(reference) => {
                if depth > MAX_DEPTH {
                    return Err(Error::spec(pointer, "$ref chain too long"));
                }
                let (key, target) = self.resolve(reference, pointer)?;
                match Node::of(target) {
                    Node::Inline(schema) => Ok((schema, Some(key.as_str()))),
                    next => self.resolve_node(next, pointer, depth + 1),
                }
            }
        }
    }

    /// `allOf: [$ref]` with `nullable: true` marks the target nullable here.
    fn wrapper_nullable(&self, schema: &Schema) -> bool {
        match &schema.schema_kind {
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => schema.schema_data.nullable,
            _ => false,
        }
    }

    fn shape(&mut self, schema: &'a Schema, ctx: &Ctx, depth: usize) -> Result<Shape> {
        match &schema.schema_kind {
            SchemaKind::Type(ty) => self.typed_shape(ty, ctx, depth),
            SchemaKind::AllOf { all_of } => {
                let wrapper = is_wrapper(schema);
                self.all_of_shape((all_of, wrapper), None, ctx, depth)
            }
            SchemaKind::OneOf { one_of } => self.union_shape(
                one_of,
                "oneOf",
                schema.schema_data.discriminator.as_ref(),
                None,
                ctx,
                depth,
            ),
            SchemaKind::AnyOf { any_of } => self.union_shape(
                any_of,
                "anyOf",
                schema.schema_data.discriminator.as_ref(),
                None,
                ctx,
                depth,
            ),
            SchemaKind::Not { .. } => Ok(Shape::Ref(TypeRef::Json)),
            SchemaKind::Any(any) => {
                let discriminator = schema.schema_data.discriminator.as_ref();
                self.any_shape((any, is_wrapper(schema)), discriminator, ctx, depth)
            }
        }
    }

    fn typed_shape(&mut self, ty: &'a Type, ctx: &Ctx, depth: usize) -> Result<Shape> {
        Ok(match ty {
            Type::String(s) => {
                let values: Vec<String> = s.enumeration.iter().flatten().cloned().collect();
                let binary = matches!(
                    s.format,
                    VariantOrUnknownOrEmpty::Item(StringFormat::Binary)
                );
                if !values.is_empty() {
                    Shape::Def(enum_kind(&values))
                } else if binary && ctx.form {
                    Shape::Ref(file_part())
                } else {
                    Shape::Ref(scalar_string(ctx))
                }
            }
            Type::Integer(i) => Shape::Ref(integer(&i.format, ctx)),
            Type::Number(_) => Shape::Ref(TypeRef::Number),
            Type::Boolean(_) => Shape::Ref(TypeRef::Boolean),
            Type::Array(a) => Shape::Ref(self.array(a.items.as_ref(), ctx, depth)?),
            Type::Object(o) => {
                let mut parts = ObjectParts::default();
                for (name, node) in &o.properties {
                    parts.insert(
                        name,
                        Node::of_boxed(node),
                        property_pointer(&ctx.pointer, name),
                    );
                }
                parts.required.extend(o.required.iter().cloned());
                parts.additional = o.additional_properties.as_ref();
                self.object_shape(&parts, ctx, depth)?
            }
        })
    }

    /// A schema that `openapiv3` could not classify: no `type`, or a composition with siblings.
    fn any_shape(
        &mut self,
        (any, wrapper): (&'a AnySchema, bool),
        discriminator: Option<&'a Discriminator>,
        ctx: &Ctx,
        depth: usize,
    ) -> Result<Shape> {
        let siblings = any_parts(any, &ctx.pointer);
        if !any.all_of.is_empty() {
            return self.all_of_shape((&any.all_of, wrapper), Some(siblings), ctx, depth);
        }
        let (keyword, union) = if any.one_of.is_empty() {
            ("anyOf", &any.any_of)
        } else {
            ("oneOf", &any.one_of)
        };
        if !union.is_empty() {
            let siblings = (!siblings.properties.is_empty()).then_some(siblings);
            return self.union_shape(union, keyword, discriminator, siblings, ctx, depth);
        }
        let values: Vec<String> = any
            .enumeration
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect();
        if !values.is_empty() {
            return Ok(Shape::Def(enum_kind(&values)));
        }
        match any.typ.as_deref() {
            Some("string") if ctx.form && any.format.as_deref() == Some("binary") => {
                Ok(Shape::Ref(file_part()))
            }
            Some("string") => Ok(Shape::Ref(scalar_string(ctx))),
            Some("integer") => Ok(Shape::Ref(integer_from_name(any.format.as_deref(), ctx))),
            Some("number") => Ok(Shape::Ref(TypeRef::Number)),
            Some("boolean") => Ok(Shape::Ref(TypeRef::Boolean)),
            Some("array") => Ok(Shape::Ref(self.array(any.items.as_ref(), ctx, depth)?)),
            Some("object") => self.object_shape(&siblings, ctx, depth),
            _ if !siblings.properties.is_empty() => self.object_shape(&siblings, ctx, depth),
            _ => Ok(Shape::Ref(TypeRef::Json)),
        }
    }

    fn array(
        &mut self,
        items: Option<&'a ReferenceOr<Box<Schema>>>,
        ctx: &Ctx,
        depth: usize,
    ) -> Result<TypeRef> {
        let Some(items) = items else {
            return Ok(TypeRef::Array(Box::new(TypeRef::Json)));
        };
        // `*_ids` lists hold ids, whatever their declared scalar type.
        let wire = ctx
            .wire
            .as_deref()
            .and_then(|w| w.strip_suffix('s'))
            .filter(|w| is_id_name(w));
        let item_ctx = ctx.items(wire);
        let node = Node::of_boxed(items);
        let lowered = self.lower_at(node, &item_ctx, depth + 1)?;
        // Items declared nullable in place can be null (`reactions: [null]`); a nullable
        // component used as an item type says nothing about the list.
        let item = match (node, lowered.nullable) {
            (Node::Inline(_), true) => TypeRef::Nullable(Box::new(lowered.ty)),
            _ => lowered.ty,
        };
        Ok(TypeRef::Array(Box::new(item)))
    }

    fn object_shape(&mut self, parts: &ObjectParts<'a>, ctx: &Ctx, depth: usize) -> Result<Shape> {
        if parts.properties.is_empty() {
            return Ok(Shape::Ref(self.map(parts.additional, ctx, depth)?));
        }
        Ok(Shape::Def(TypeKind::Struct(
            self.structure(parts, ctx, depth)?,
        )))
    }

    fn map(
        &mut self,
        additional: Option<&'a AdditionalProperties>,
        ctx: &Ctx,
        depth: usize,
    ) -> Result<TypeRef> {
        // A bare `type: object` promises nothing about its value (the API sends strings for some
        // of them), so it is any JSON; `additionalProperties: true` is a real map.
        let value = match additional {
            Some(AdditionalProperties::Schema(value)) => value,
            Some(AdditionalProperties::Any(true)) => return Ok(TypeRef::Object),
            _ => return Ok(TypeRef::Json),
        };
        let node = Node::of(value);
        // Values declared as scalars carry numbers, booleans and nulls on the wire (custom
        // attributes, metadata): only object values keep a type.
        let (schema, _) = self.resolve_node(node, &ctx.pointer, depth)?;
        if !self.is_object(schema, &ctx.pointer, depth)? {
            return Ok(TypeRef::Map(Box::new(TypeRef::Json)));
        }
        let value_ctx = ctx.child(&["additionalProperties"], "Value", None);
        Ok(TypeRef::Map(Box::new(
            self.lower_at(node, &value_ctx, depth + 1)?.ty,
        )))
    }

    fn structure(&mut self, parts: &ObjectParts<'a>, ctx: &Ctx, depth: usize) -> Result<Struct> {
        let mut idents = Namespace::default();
        let mut fields = Vec::with_capacity(parts.properties.len());
        let pages = ctx.lenient() && self.is_pages_object(parts, ctx, depth)?;
        for (wire, node, pointer) in &parts.properties {
            let mut field_ctx = self.owner_ctx(pointer, ctx).child(&[], wire, Some(wire));
            field_ctx.pointer = pointer.clone();
            let lowered = match self.runtime_shape(wire, pages, ctx) {
                Some(ty) => Lowered { ty, nullable: true },
                None => self.lower_at(*node, &field_ctx, depth + 1)?,
            };
            let required = parts.required.contains(wire);
            let docs = match node {
                Node::Inline(schema) => schema_docs(schema),
                Node::Ref(_) => Vec::new(),
            };
            let ty = lowered.ty;
            fields.push(Field {
                wire: wire.clone(),
                ident: idents.unique(&names::snake_ident(wire)),
                ty: ty.clone(),
                optional: ctx.lenient() || !required || lowered.nullable,
                skip_none: ctx.lenient() || !required,
                boxed: false,
                fixed: false,
                models_in_place: false,
                docs,
            });
        }
        let extra = idents.unique("extra");
        Ok(Struct {
            fields,
            extra,
            default: false,
            lenient: ctx.lenient(),
            list_field: None,
            form: false,
        })
    }

    /// Where a property's types are named from: the component that declares it when an `allOf`
    /// brought it from there (so it has one type and one name wherever it is used), else the
    /// object being built.
    fn owner_ctx(&self, property_pointer: &str, ctx: &Ctx) -> Ctx {
        let owner = property_pointer
            .rsplit_once("/properties/")
            .map_or("", |(owner, _)| owner);
        let component = owner
            .strip_prefix(SCHEMA_PREFIX)
            .filter(|key| !key.contains('/'))
            .and_then(|key| {
                self.component_names
                    .get(&key.replace("~1", "/").replace("~0", "~"))
            });
        match component {
            Some(name) if owner != ctx.pointer => {
                Ctx::root(owner.to_owned(), name.clone(), ctx.usage, None)
            }
            _ => ctx.clone(),
        }
    }

    /// A property Intercom sends in several shapes gets the runtime type that takes them all,
    /// in types that can arrive in a response: `next` of a pages object (a cursor object on
    /// some lists, a URL on others) and the properties of the domain's shape table.
    fn runtime_shape(&self, wire: &str, in_pages: bool, ctx: &Ctx) -> Option<TypeRef> {
        if in_pages && wire == "next" && ctx.lenient() {
            return Some(TypeRef::Runtime("NextPage".to_owned()));
        }
        self.domain
            .shape_of(wire, ctx.lenient())
            .map(|name| TypeRef::Runtime(name.to_owned()))
    }

    /// Pagination metadata: the value of a `pages` property, or an object typed `pages`.
    fn is_pages_object(&self, parts: &ObjectParts<'a>, ctx: &Ctx, depth: usize) -> Result<bool> {
        if ctx.wire.as_deref() == Some("pages") {
            return Ok(true);
        }
        let tags = self.enum_values(parts, "type", &ctx.pointer, depth)?;
        Ok(tags.is_some_and(|t| t == ["pages"]))
    }

    fn all_of_shape(
        &mut self,
        (members, wrapper): (&'a [ReferenceOr<Schema>], bool),
        siblings: Option<ObjectParts<'a>>,
        ctx: &Ctx,
        depth: usize,
    ) -> Result<Shape> {
        let has_siblings = siblings.as_ref().is_some_and(|s| !s.properties.is_empty());
        if let ([only], false) = (members, has_siblings) {
            // `allOf: [$ref]` is the target itself (nullability is read by the caller).
            let mut member_ctx = ctx.child(&["allOf", "0"], "", ctx.wire.as_deref());
            if wrapper {
                member_ctx.pointer.clone_from(&ctx.pointer);
            }
            return Ok(Shape::Ref(
                self.lower_at(Node::of(only), &member_ctx, depth + 1)?.ty,
            ));
        }
        if let Some(extended) = self.extend_component(members, siblings.as_ref(), ctx, depth)? {
            return Ok(Shape::Ref(extended));
        }
        let mut parts = ObjectParts::default();
        for (i, member) in members.iter().enumerate() {
            let pointer = format!("{}/allOf/{i}", ctx.pointer);
            if !self.collect_parts(Node::of(member), &pointer, &mut parts, depth + 1)? {
                return Err(Error::spec(pointer, "allOf member is not an object"));
            }
        }
        if let Some(siblings) = siblings {
            parts.extend(&siblings);
        }
        self.object_shape(&parts, ctx, depth)
    }

    /// `allOf: [$ref C, {more properties}]` outside the components (a response or a body that
    /// is "a C, plus a field or two") is C itself: the extra properties become optional fields
    /// of C, so that every operation returning a contact returns `Contact`. It applies when the
    /// extra properties are optional, new to C (or declared identically), and C is an object
    /// decoded the same way; otherwise the schema keeps a type of its own.
    fn extend_component(
        &mut self,
        members: &'a [ReferenceOr<Schema>],
        siblings: Option<&ObjectParts<'a>>,
        ctx: &Ctx,
        depth: usize,
    ) -> Result<Option<TypeRef>> {
        let is_component = ctx
            .pointer
            .strip_prefix(SCHEMA_PREFIX)
            .is_some_and(|key| !key.contains('/'));
        let refs: Vec<&str> = members
            .iter()
            .filter_map(|m| match m {
                ReferenceOr::Reference { reference } => Some(reference.as_str()),
                ReferenceOr::Item(_) => None,
            })
            .collect();
        let [reference] = refs.as_slice() else {
            return Ok(None);
        };
        if is_component {
            return Ok(None);
        }
        let mut extra = siblings.cloned().unwrap_or_default();
        for (i, member) in members.iter().enumerate() {
            if let ReferenceOr::Item(_) = member {
                let pointer = format!("{}/allOf/{i}", ctx.pointer);
                if !self.collect_parts(Node::of(member), &pointer, &mut extra, depth + 1)? {
                    return Ok(None);
                }
            }
        }
        let (key, _) = self.resolve(reference, &ctx.pointer)?;
        let name = self.component_names[key].clone();
        let mut own = ObjectParts::default();
        self.collect_parts(Node::Ref(reference), &ctx.pointer, &mut own, depth + 1)?;
        let Some(TypeKind::Struct(target)) = self.types.get(&name).map(|t| &t.kind) else {
            return Ok(None);
        };
        let strict_required = !ctx.lenient()
            && !extra
                .required
                .is_disjoint(&extra.properties.iter().map(|p| p.0.clone()).collect());
        if target.lenient != ctx.lenient() || strict_required {
            return Ok(None);
        }
        let mut new = ObjectParts::default();
        for (wire, node, pointer) in &extra.properties {
            let known = own
                .node(wire)
                .or_else(|| self.extensions.get(&(name.clone(), wire.clone())).copied());
            match known {
                Some(existing) if same_node(existing, *node) => {}
                Some(_) => return Ok(None),
                None => new.insert(wire, *node, pointer.clone()),
            }
        }
        let usage = self.usage.get(key).copied().unwrap_or_default();
        let owner = Ctx::root(
            format!("{SCHEMA_PREFIX}{}", pointer_token(key)),
            name.clone(),
            usage,
            None,
        );
        let added = self.structure(&new, &owner, depth + 1)?.fields;
        let Some(TypeKind::Struct(target)) = self.types.get_mut(&name).map(|t| &mut t.kind) else {
            return Ok(None);
        };
        let clash = added
            .iter()
            .any(|f| f.ident == target.extra || target.fields.iter().any(|t| t.ident == f.ident));
        if clash {
            return Ok(None);
        }
        target.fields.extend(added);
        for (wire, node, _) in &new.properties {
            self.extensions.insert((name.clone(), wire.clone()), *node);
        }
        Ok(Some(TypeRef::Named(name)))
    }

    /// Gather properties of an object schema, following `$ref`s and `allOf`. False when the
    /// schema is not an object.
    fn collect_parts(
        &self,
        node: Node<'a>,
        pointer: &str,
        parts: &mut ObjectParts<'a>,
        depth: usize,
    ) -> Result<bool> {
        if depth > MAX_DEPTH {
            return Err(Error::spec(pointer, "allOf nesting too deep"));
        }
        let (schema, key) = self.resolve_node(node, pointer, depth)?;
        let pointer = key.map_or_else(
            || pointer.to_owned(),
            |k| format!("{SCHEMA_PREFIX}{}", pointer_token(k)),
        );
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => {
                for (name, node) in &o.properties {
                    parts.insert(name, Node::of_boxed(node), property_pointer(&pointer, name));
                }
                parts.required.extend(o.required.iter().cloned());
                parts.additional = parts.additional.or(o.additional_properties.as_ref());
                Ok(true)
            }
            SchemaKind::AllOf { all_of } => {
                let members = (all_of.as_slice(), is_wrapper(schema));
                self.collect_members(members, &pointer, parts, depth)
            }
            SchemaKind::Any(any) if any.one_of.is_empty() && any.any_of.is_empty() => {
                let members = (any.all_of.as_slice(), is_wrapper(schema));
                let is_object = self.collect_members(members, &pointer, parts, depth)?;
                parts.extend(&any_parts(any, &pointer));
                Ok(is_object || !any.properties.is_empty() || any.typ.as_deref() == Some("object"))
            }
            _ => Ok(false),
        }
    }

    /// The members of an `allOf`; a wrapper's only member is at the wrapper's own pointer.
    fn collect_members(
        &self,
        (members, wrapper): (&'a [ReferenceOr<Schema>], bool),
        pointer: &str,
        parts: &mut ObjectParts<'a>,
        depth: usize,
    ) -> Result<bool> {
        let mut all = true;
        for (i, member) in members.iter().enumerate() {
            let at = if wrapper {
                pointer.to_owned()
            } else {
                format!("{pointer}/allOf/{i}")
            };
            all &= self.collect_parts(Node::of(member), &at, parts, depth + 1)?;
        }
        Ok(all)
    }

    fn is_object(&self, schema: &'a Schema, pointer: &str, depth: usize) -> Result<bool> {
        let mut parts = ObjectParts::default();
        Ok(
            self.collect_parts(Node::Inline(schema), pointer, &mut parts, depth + 1)?
                && !parts.properties.is_empty(),
        )
    }

    fn union_shape(
        &mut self,
        branches: &'a [ReferenceOr<Schema>],
        keyword: &str,
        discriminator: Option<&'a Discriminator>,
        siblings: Option<ObjectParts<'a>>,
        ctx: &Ctx,
        depth: usize,
    ) -> Result<Shape> {
        // Branch pointers are `<union>/<keyword>/<i>`; the union's own name stays.
        let union_ctx = ctx.child(&[keyword], "", ctx.wire.as_deref());
        let ctx = &union_ctx;
        let branches: Vec<(usize, Node<'a>)> = branches
            .iter()
            .enumerate()
            .map(|(i, b)| (i, Node::of(b)))
            .filter(|(_, node)| !is_required_only(node))
            .collect();
        match (branches.as_slice(), &siblings) {
            ([], Some(siblings)) => return self.object_shape(siblings, ctx, depth),
            ([], None) => return Ok(Shape::Ref(TypeRef::Json)),
            ([(i, only)], None) => {
                let branch_ctx = ctx.child(&[&i.to_string()], "", ctx.wire.as_deref());
                return Ok(Shape::Ref(self.lower_at(*only, &branch_ctx, depth + 1)?.ty));
            }
            _ => {}
        }
        let mut objects = Vec::with_capacity(branches.len());
        for (i, node) in &branches {
            let mut parts = ObjectParts::default();
            let pointer = format!("{}/{i}", ctx.pointer);
            if self.collect_parts(*node, &pointer, &mut parts, depth + 1)?
                && !parts.properties.is_empty()
            {
                if let Some(siblings) = &siblings {
                    let mut merged = siblings.clone();
                    merged.extend(&parts);
                    parts = merged;
                }
                objects.push(parts);
            }
        }
        if objects.len() < branches.len() {
            return self.scalar_union(&branches, ctx, depth);
        }
        let distributed = siblings.is_some();
        if let Some(tags) =
            self.find_tag(&branches, &objects, discriminator, &ctx.pointer, depth)?
        {
            return self.tagged_union(&branches, &objects, tags, distributed, ctx, depth);
        }
        if ctx.lenient() {
            return self.merged_union(&objects, ctx, depth);
        }
        self.object_union(&branches, &objects, distributed, ctx, depth)
    }

    /// A property present in every branch as an enum, with disjoint values per branch.
    fn find_tag(
        &mut self,
        branches: &[(usize, Node<'a>)],
        objects: &[ObjectParts<'a>],
        discriminator: Option<&'a Discriminator>,
        pointer: &str,
        depth: usize,
    ) -> Result<Option<(String, Vec<Vec<String>>)>> {
        if let Some(d) = discriminator {
            let mut tags = Vec::with_capacity(branches.len());
            for ((_, node), parts) in branches.iter().zip(objects) {
                let mapped: Vec<String> = match node {
                    Node::Ref(r) => d
                        .mapping
                        .iter()
                        .filter(|(_, target)| target == r)
                        .map(|(k, _)| k.clone())
                        .collect(),
                    Node::Inline(_) => Vec::new(),
                };
                let values = if mapped.is_empty() {
                    self.enum_values(parts, &d.property_name, pointer, depth)?
                        .unwrap_or_default()
                } else {
                    mapped
                };
                tags.push(values);
            }
            if tags.iter().all(|t| !t.is_empty()) {
                return Ok(Some((d.property_name.clone(), tags)));
            }
            let at = pointer.rsplit_once('/').map_or(pointer, |(owner, _)| owner);
            self.warnings.push(Warning {
                pointer: format!("{at}/discriminator"),
                message: format!(
                    "discriminator {} has no value for a branch; ignored",
                    d.property_name
                ),
            });
        }
        let Some(first) = objects.first() else {
            return Ok(None);
        };
        'candidates: for (property, _, _) in &first.properties {
            let mut tags: Vec<Vec<String>> = Vec::with_capacity(objects.len());
            let mut seen = BTreeSet::new();
            for parts in objects {
                let Some(values) = self.enum_values(parts, property, pointer, depth)? else {
                    continue 'candidates;
                };
                if values.iter().any(|v| !seen.insert(v.clone())) {
                    continue 'candidates;
                }
                tags.push(values);
            }
            return Ok(Some((property.clone(), tags)));
        }
        Ok(None)
    }

    fn enum_values(
        &self,
        parts: &ObjectParts<'a>,
        property: &str,
        pointer: &str,
        depth: usize,
    ) -> Result<Option<Vec<String>>> {
        let Some(node) = parts.node(property) else {
            return Ok(None);
        };
        let (schema, _) = self.resolve_node(node, pointer, depth)?;
        let schema = match &schema.schema_kind {
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => {
                self.resolve_node(Node::of(&all_of[0]), pointer, depth)?.0
            }
            _ => schema,
        };
        let values: Vec<String> = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => s.enumeration.iter().flatten().cloned().collect(),
            SchemaKind::Any(any) => any
                .enumeration
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
            _ => Vec::new(),
        };
        Ok((!values.is_empty()).then_some(values))
    }

    fn tagged_union(
        &mut self,
        branches: &[(usize, Node<'a>)],
        objects: &[ObjectParts<'a>],
        (property, tags): (String, Vec<Vec<String>>),
        distributed: bool,
        ctx: &Ctx,
        depth: usize,
    ) -> Result<Shape> {
        let mut idents = Namespace::default();
        let mut variants = Vec::with_capacity(branches.len());
        let zipped = branches.iter().zip(objects).zip(tags).enumerate();
        for (position, (((i, node), parts), tags)) in zipped {
            // `objects` lists only the branches that were kept: index it by position.
            let preferred = self.branch_name(*node, Some(&tags), objects, position, &ctx.name);
            let ident = idents.unique(&preferred);
            let ty = self.branch_type(*node, parts, distributed, &ident, *i, ctx, depth)?;
            variants.push(TaggedVariant { ident, tags, ty });
        }
        let unknown = idents.unique("Unknown");
        Ok(Shape::Def(TypeKind::Tagged(TaggedUnion {
            property,
            variants,
            unknown,
        })))
    }

    /// Request-side object union without a tag: the caller picks the branch; decoding tries the
    /// branch with the most required properties first.
    fn object_union(
        &mut self,
        branches: &[(usize, Node<'a>)],
        objects: &[ObjectParts<'a>],
        distributed: bool,
        ctx: &Ctx,
        depth: usize,
    ) -> Result<Shape> {
        let mut order: Vec<usize> = (0..branches.len()).collect();
        order.sort_by_key(|&b| {
            (
                std::cmp::Reverse(objects[b].required.len()),
                std::cmp::Reverse(objects[b].properties.len()),
                b,
            )
        });
        let mut idents = Namespace::default();
        let mut variants = Vec::with_capacity(order.len());
        for b in order {
            let (i, node) = branches[b];
            let preferred = self.branch_name(node, None, objects, b, &ctx.name);
            let ident = idents.unique(&preferred);
            let ty = self.branch_type(node, &objects[b], distributed, &ident, i, ctx, depth)?;
            variants.push(UntaggedVariant { ident, ty });
        }
        let other = idents.unique("Other");
        Ok(Shape::Def(TypeKind::Untagged(UntaggedUnion {
            variants,
            object_branch: None,
            other,
        })))
    }

    /// Response-side object union without a tag: one struct with every branch's properties.
    /// A property declared differently by two branches becomes a JSON value.
    fn merged_union(
        &mut self,
        objects: &[ObjectParts<'a>],
        ctx: &Ctx,
        depth: usize,
    ) -> Result<Shape> {
        let mut merged = ObjectParts::default();
        let mut conflicting = BTreeSet::new();
        for parts in objects {
            for (name, node, pointer) in &parts.properties {
                if let Some(existing) = merged.node(name) {
                    if !same_node(existing, *node) {
                        conflicting.insert(name.clone());
                    }
                }
                merged.insert(name, *node, pointer.clone());
            }
        }
        let mut shape = self.structure(&merged, ctx, depth)?;
        for field in &mut shape.fields {
            if conflicting.contains(&field.wire) {
                field.ty = TypeRef::Json;
            }
        }
        Ok(Shape::Def(TypeKind::Struct(shape)))
    }

    /// Unions with scalar or array branches: tried in order integer, number, boolean, string,
    /// array, object, then any JSON.
    fn scalar_union(
        &mut self,
        branches: &[(usize, Node<'a>)],
        ctx: &Ctx,
        depth: usize,
    ) -> Result<Shape> {
        let mut lowered = Vec::with_capacity(branches.len());
        for (i, node) in branches {
            let branch_ctx = ctx.child(&[&i.to_string()], kind_word(*node), None);
            let ty = self.lower_at(*node, &branch_ctx, depth + 1)?.ty;
            if !lowered.contains(&ty) {
                lowered.push(ty);
            }
        }
        lowered.sort_by_key(|ty| self.try_rank(ty));
        let mut idents = Namespace::default();
        let variants = lowered
            .into_iter()
            .map(|ty| UntaggedVariant {
                ident: idents.unique(&self.kind_name(&ty, &ctx.name)),
                ty,
            })
            .collect();
        let other = idents.unique("Other");
        Ok(Shape::Def(TypeKind::Untagged(UntaggedUnion {
            variants,
            object_branch: None,
            other,
        })))
    }

    #[allow(clippy::too_many_arguments)]
    fn branch_type(
        &mut self,
        node: Node<'a>,
        parts: &ObjectParts<'a>,
        distributed: bool,
        ident: &str,
        index: usize,
        ctx: &Ctx,
        depth: usize,
    ) -> Result<TypeRef> {
        if let (Node::Ref(reference), false) = (node, distributed) {
            return Ok(self.reference(reference, &ctx.pointer)?.ty);
        }
        let mut branch_ctx = ctx.child(&[&index.to_string()], ident, None);
        // The title names the type too when it named the branch (not just its key).
        branch_ctx.preferred = title(node).filter(|t| names_a_type(t) && t.ends_with(ident));
        let shape = self.structure(parts, &branch_ctx, depth + 1)?;
        let docs = match node {
            Node::Inline(schema) => schema_docs(schema),
            Node::Ref(_) => Vec::new(),
        };
        Ok(TypeRef::Named(self.register(
            &branch_ctx,
            TypeKind::Struct(shape),
            docs,
        )))
    }

    /// A union branch's name: its component's, its title, its tag, the property only it
    /// requires, or its first property.
    fn branch_name(
        &self,
        node: Node<'a>,
        tags: Option<&[String]>,
        objects: &[ObjectParts<'a>],
        index: usize,
        union_name: &str,
    ) -> String {
        if let Node::Ref(reference) = node {
            return self.variant_from_ref(reference, union_name);
        }
        if let Some([single]) = tags {
            return names::variant_name(single);
        }
        let key = distinguishing_key(objects, index);
        if let Some(title) = title(node) {
            // A title that only spells out the key ("user_id query parameter") is the key.
            let says_key = key
                .as_ref()
                .is_some_and(|k| names::snake_ident(&title).contains(&names::snake_ident(k)));
            if !says_key {
                return title
                    .strip_prefix(union_name)
                    .filter(|rest| rest.starts_with(|c: char| c.is_ascii_uppercase()))
                    .map_or(title.clone(), str::to_owned);
            }
        }
        key.or_else(|| objects.get(index)?.properties.first().map(|p| p.0.clone()))
            .map_or_else(
                || "Object".to_owned(),
                |key| names::camel_or(&key, "Object"),
            )
    }

    /// A branch that is a component is named by what its name adds to the union's:
    /// `AdminReplyConversationRequest` in `ReplyConversationRequest` is `Admin`.
    fn variant_from_ref(&self, reference: &str, union_name: &str) -> String {
        let name = reference
            .strip_prefix(SCHEMA_PREFIX)
            .map_or_else(|| "Branch".to_owned(), |key| names::camel_or(key, "Branch"));
        names::distinct_part(&name, union_name)
    }

    fn kind_name(&self, ty: &TypeRef, union_name: &str) -> String {
        match ty {
            TypeRef::Named(name) => name
                .strip_prefix(union_name)
                .filter(|r| r.starts_with(|c: char| c.is_ascii_uppercase()))
                .unwrap_or(name)
                .to_owned(),
            TypeRef::String | TypeRef::Id | TypeRef::NumericId => "String".into(),
            TypeRef::Integer => "Integer".into(),
            TypeRef::Timestamp => "Timestamp".into(),
            TypeRef::Number => "Number".into(),
            TypeRef::Boolean => "Boolean".into(),
            TypeRef::Json => "Json".into(),
            TypeRef::Object => "Object".into(),
            TypeRef::Map(_) => "Map".into(),
            TypeRef::Array(item) => format!("{}List", self.kind_name(item, union_name)),
            TypeRef::Nullable(inner) => self.kind_name(inner, union_name),
            TypeRef::Runtime(name) => name.clone(),
        }
    }

    /// Order in which untagged branches are tried: the pickiest first.
    fn try_rank(&self, ty: &TypeRef) -> u8 {
        match ty {
            TypeRef::Integer | TypeRef::Timestamp => 0,
            TypeRef::Number => 1,
            TypeRef::Boolean => 2,
            TypeRef::String | TypeRef::Id | TypeRef::NumericId => 3,
            TypeRef::Array(_) | TypeRef::Nullable(_) => 4,
            TypeRef::Named(name) => match self.types.get(name).map(|t| &t.kind) {
                Some(TypeKind::Enum(_)) => 3,
                _ => 5,
            },
            TypeRef::Map(_) | TypeRef::Object | TypeRef::Runtime(_) => 6,
            TypeRef::Json => 7,
        }
    }
}

/// Whether the loader made this `allOf: [$ref]` out of a `$ref` with siblings.
fn is_wrapper(schema: &Schema) -> bool {
    schema
        .schema_data
        .extensions
        .contains_key(crate::load::WRAPPER_MARK)
}

/// The `title` of an inline schema, as a type name.
fn title(node: Node<'_>) -> Option<String> {
    let Node::Inline(schema) = node else {
        return None;
    };
    let title = schema.schema_data.title.as_deref()?.trim();
    let name = names::camel(title);
    (!name.is_empty()).then_some(name)
}

/// Whether a branch's title names a type on its own ("Single filter search request") rather
/// than what tells the branch apart ("Email", "User ID"): several words and some length.
fn names_a_type(title: &str) -> bool {
    let words = title.chars().filter(char::is_ascii_uppercase).count();
    words >= 3 && title.len() >= 20
}

/// The name piece of a scalar union's branch, from its declared type.
fn kind_word(node: Node<'_>) -> &'static str {
    let Node::Inline(schema) = node else {
        return "Object";
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(_)) => "Text",
        SchemaKind::Type(Type::Integer(_)) => "Integer",
        SchemaKind::Type(Type::Number(_)) => "Number",
        SchemaKind::Type(Type::Boolean(_)) => "Boolean",
        SchemaKind::Type(Type::Array(_)) => "List",
        SchemaKind::Any(any) if any.typ.as_deref() == Some("array") => "List",
        _ => "Object",
    }
}

fn schema_docs(schema: &Schema) -> Vec<String> {
    let data = &schema.schema_data;
    docs::lines(
        data.description
            .as_deref()
            .filter(|d| !d.trim().is_empty())
            .or(data.title.as_deref()),
    )
}

fn property_pointer(parent: &str, name: &str) -> String {
    format!("{parent}/properties/{}", pointer_token(name))
}

fn any_parts<'a>(any: &'a AnySchema, pointer: &str) -> ObjectParts<'a> {
    let mut parts = ObjectParts::default();
    for (name, node) in &any.properties {
        parts.insert(name, Node::of_boxed(node), property_pointer(pointer, name));
    }
    parts.required.extend(any.required.iter().cloned());
    parts.additional = any.additional_properties.as_ref();
    parts
}

/// A branch that only lists required keys ("at least one of"): a validation rule, not a type.
fn is_required_only(node: &Node<'_>) -> bool {
    let Node::Inline(schema) = node else {
        return false;
    };
    let SchemaKind::Any(any) = &schema.schema_kind else {
        return false;
    };
    any.properties.is_empty()
        && any.typ.is_none()
        && any.all_of.is_empty()
        && any.one_of.is_empty()
        && any.any_of.is_empty()
        && any.enumeration.is_empty()
        && any.items.is_none()
        && any.additional_properties.is_none()
}

fn has_null_enum(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => s.enumeration.iter().any(Option::is_none),
        SchemaKind::Any(any) => any.enumeration.iter().any(serde_json::Value::is_null),
        _ => false,
    }
}

fn same_node(a: Node<'_>, b: Node<'_>) -> bool {
    match (a, b) {
        (Node::Ref(x), Node::Ref(y)) => x == y,
        (Node::Inline(x), Node::Inline(y)) => x == y,
        _ => false,
    }
}

fn distinguishing_key(objects: &[ObjectParts<'_>], branch: usize) -> Option<String> {
    objects[branch]
        .required
        .iter()
        .find(|key| {
            objects
                .iter()
                .enumerate()
                .all(|(i, o)| i == branch || !o.required.contains(*key))
        })
        .cloned()
}

fn is_id_name(name: &str) -> bool {
    name == "id" || name.ends_with("_id")
}

fn file_part() -> TypeRef {
    TypeRef::Runtime(crate::ir::FILE_PART.to_owned())
}

/// A plain string, unless its name says what it is: an id, or the object type Intercom puts
/// in every object's `type` property (a runtime type that decodes without allocating).
fn scalar_string(ctx: &Ctx) -> TypeRef {
    if ctx.wire.as_deref().is_some_and(is_id_name) {
        TypeRef::Id
    } else if ctx.wire.as_deref() == Some("type") && ctx.pointer.ends_with("/properties/type") {
        TypeRef::Runtime(crate::ir::OBJECT_TYPE.to_owned())
    } else {
        TypeRef::String
    }
}

fn integer(format: &VariantOrUnknownOrEmpty<IntegerFormat>, ctx: &Ctx) -> TypeRef {
    let name = match format {
        VariantOrUnknownOrEmpty::Unknown(name) => Some(name.as_str()),
        _ => None,
    };
    integer_from_name(name, ctx)
}

fn integer_from_name(format: Option<&str>, ctx: &Ctx) -> TypeRef {
    if ctx.wire.as_deref().is_some_and(is_id_name) {
        TypeRef::NumericId
    } else if matches!(format, Some("date-time" | "timestamp")) {
        TypeRef::Timestamp
    } else {
        TypeRef::Integer
    }
}

fn enum_kind(values: &[String]) -> TypeKind {
    let mut idents = Namespace::default();
    let mut variants = Vec::with_capacity(values.len());
    for value in values {
        if variants.iter().any(|v: &EnumVariant| &v.value == value) {
            continue;
        }
        variants.push(EnumVariant {
            ident: idents.unique(&names::variant_name(value)),
            value: value.clone(),
        });
    }
    let unknown = idents.unique("Unknown");
    TypeKind::Enum(StringEnum { variants, unknown })
}
