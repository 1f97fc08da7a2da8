//! The intermediate model: what the SDK contains, with every naming and shape decision made.
//! It knows nothing about tokens; the emitter only reads it.
use std::collections::{BTreeMap, BTreeSet};

/// The whole SDK.
#[derive(Debug, Clone)]
pub struct Api {
    /// Intercom API version, e.g. `2.16`.
    pub version: String,
    /// sha256 of the upstream description.
    pub sha256: String,
    /// Every named type, keyed by its Rust name.
    pub types: BTreeMap<String, TypeDef>,
    /// Resources (first tag of each operation), keyed by module name.
    pub resources: BTreeMap<String, Resource>,
    /// What the generator repaired or could not name by its rules, for the maintainer.
    pub warnings: Vec<Warning>,
    /// The cargo features that compile each part of the generated code.
    pub features: Features,
}

/// Cargo features of the SDK: one per resource, so that an app compiles only the resources it
/// calls and the types they reach. Decided in [`crate::normalise::layout`].
#[derive(Debug, Clone, Default)]
pub struct Features {
    /// The feature of each resource, by module name (`data_export` -> `data-export`).
    pub resources: BTreeMap<String, String>,
    /// For each named type, the features of the resources whose operations reach it (and of
    /// the runtime modules that decode it); empty when none does (the type is compiled only with
    /// [`FULL_FEATURE`]).
    pub types: BTreeMap<String, BTreeSet<String>>,
    /// The runtime's optional modules this description has every model of: [`FULL_FEATURE`]
    /// enables them with every resource.
    pub runtime: Vec<String>,
}

/// The feature that enables every resource (and the runtime's optional modules).
pub const FULL_FEATURE: &str = "full";

impl Features {
    /// The features that compile the type `name` (empty: only [`FULL_FEATURE`]).
    pub fn of_type(&self, name: &str) -> &BTreeSet<String> {
        static NONE: BTreeSet<String> = BTreeSet::new();
        self.types.get(name).unwrap_or(&NONE)
    }

    /// The feature of the resource module `module`, if it is one.
    pub fn of_resource(&self, module: &str) -> Option<&str> {
        self.resources.get(module).map(String::as_str)
    }
}

/// Something in the description the generator worked around, at a JSON pointer.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    /// RFC 6901 pointer into the (patched) description.
    pub pointer: String,
    /// What was done there.
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.pointer, self.message)
    }
}

/// Documentation lines (already sanitised for rustdoc).
pub type Docs = Vec<String>;

/// Which directions a type travels in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    /// Reachable from a request body or parameter.
    pub request: bool,
    /// Reachable from a response body.
    pub response: bool,
}

/// The runtime's file type, for `format: binary` strings of a multipart body.
pub const FILE_PART: &str = "multipart::FilePart";

/// The runtime type of an object's `type` property declared as a plain string.
pub const OBJECT_TYPE: &str = "ObjectType";

/// A named type.
#[derive(Debug, Clone)]
pub struct TypeDef {
    /// Rust name (UpperCamelCase, unique).
    pub name: String,
    /// The models module it lives in (a resource module name, or `shared`).
    pub module: String,
    /// Where it comes from.
    pub pointer: String,
    /// Documentation.
    pub docs: Docs,
    /// Its shape.
    pub kind: TypeKind,
    /// Which directions it travels in (from the operations that reach it).
    pub usage: Usage,
    /// Pointers of identical schemas merged into this type.
    pub merged: Vec<String>,
}

/// The shape of a named type.
#[derive(Debug, Clone)]
pub enum TypeKind {
    /// An object with known fields; unknown fields are kept in `extra`.
    Struct(Struct),
    /// A string enum, open: unknown values decode into a catch-all variant.
    Enum(StringEnum),
    /// A union whose branch is chosen by the string value of one property.
    Tagged(TaggedUnion),
    /// A union tried branch by branch, most specific first, then a catch-all.
    Untagged(UntaggedUnion),
    /// Another name for a type.
    Alias(TypeRef),
}

/// Fields of an object.
#[derive(Debug, Clone)]
pub struct Struct {
    /// Declared fields, in spec order.
    pub fields: Vec<Field>,
    /// Rust name of the field that keeps unknown properties.
    pub extra: String,
    /// Whether every field has a default (derive `Default`).
    pub default: bool,
    /// Decoded field by field (types that can arrive in a response): a value that does not fit
    /// its field leaves it `None` and is reported, instead of failing the whole body.
    pub lenient: bool,
    /// For a list object (`type: list` or `*.list` with one array property): the index in
    /// `fields` of its items, which a bare JSON array also fills.
    pub list_field: Option<usize>,
    /// A `multipart/form-data` body: its fields become form fields, its
    /// `multipart::FilePart` fields file parts; it is never serialised as JSON.
    pub form: bool,
}

/// One field of a struct.
#[derive(Debug, Clone)]
pub struct Field {
    /// JSON property name.
    pub wire: String,
    /// Rust identifier (may be raw, e.g. `r#type`).
    pub ident: String,
    /// Type of the value (without the `Option` the field may add).
    pub ty: TypeRef,
    /// Wrapped in `Option` (absent or null decode to `None`).
    pub optional: bool,
    /// `None` is left out when serialising (false for required-but-nullable request fields).
    pub skip_none: bool,
    /// Boxed to break a recursive cycle.
    pub boxed: bool,
    /// Required with exactly one legal value (a constant `type` tag): set by the constructor,
    /// never one of its arguments.
    pub fixed: bool,
    /// A list of models decoded field by field (lenient structs): each item is filled where it
    /// ends up in the list instead of being built aside and moved in, since a model can be
    /// over a kilobyte and every move copies all of it.
    pub models_in_place: bool,
    /// Documentation.
    pub docs: Docs,
}

/// An open string enum.
#[derive(Debug, Clone)]
pub struct StringEnum {
    /// Known values.
    pub variants: Vec<EnumVariant>,
    /// Name of the catch-all variant holding unknown values.
    pub unknown: String,
}

/// One known enum value.
#[derive(Debug, Clone)]
pub struct EnumVariant {
    /// Rust variant name.
    pub ident: String,
    /// Wire value.
    pub value: String,
}

/// A union discriminated by a property.
#[derive(Debug, Clone)]
pub struct TaggedUnion {
    /// JSON property holding the tag.
    pub property: String,
    /// Branches; each keeps the tag inside its own type.
    pub variants: Vec<TaggedVariant>,
    /// Name of the catch-all variant holding any other value as JSON.
    pub unknown: String,
}

/// One branch of a tagged union.
#[derive(Debug, Clone)]
pub struct TaggedVariant {
    /// Rust variant name.
    pub ident: String,
    /// Tag values that select this branch.
    pub tags: Vec<String>,
    /// Payload type.
    pub ty: TypeRef,
}

/// A union without a tag.
#[derive(Debug, Clone)]
pub struct UntaggedUnion {
    /// Branches in the order they are tried.
    pub variants: Vec<UntaggedVariant>,
    /// The only branch that is a field-by-field decoded object, if there is exactly one: when
    /// no branch fits exactly, a lenient decode takes an object value as this branch.
    pub object_branch: Option<usize>,
    /// Name of the last-resort variant holding any JSON value.
    pub other: String,
}

/// One branch of an untagged union.
#[derive(Debug, Clone)]
pub struct UntaggedVariant {
    /// Rust variant name.
    pub ident: String,
    /// Payload type.
    pub ty: TypeRef,
}

/// A reference to a type, as used by fields, parameters and bodies.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum TypeRef {
    /// A named type of [`Api::types`].
    Named(String),
    /// `String`.
    String,
    /// An identifier: `String`, decoded from a JSON string or number, sent as a string.
    Id,
    /// An identifier the spec declares as an integer: decoded like [`TypeRef::Id`], sent as a
    /// JSON number when it is one.
    NumericId,
    /// `i64`.
    Integer,
    /// Unix timestamp in seconds (`i64`).
    Timestamp,
    /// `f64`.
    Number,
    /// `bool`.
    Boolean,
    /// Any JSON value.
    Json,
    /// A JSON object with unknown keys.
    Object,
    /// `Vec<T>`.
    Array(Box<TypeRef>),
    /// `Option<T>`: only for array items the spec declares nullable.
    Nullable(Box<TypeRef>),
    /// A map from string keys to `T`.
    Map(Box<TypeRef>),
    /// A hand-written type of the runtime (`NextPage`, `Avatar`) for values Intercom sends in
    /// several shapes.
    Runtime(String),
}

impl TypeRef {
    /// Whether a named type appears in this reference.
    pub fn mentions_named(&self) -> bool {
        self.named().is_some()
    }

    /// The runtime type this reference contains, if any.
    pub fn runtime(&self) -> Option<&str> {
        match self {
            TypeRef::Runtime(name) => Some(name),
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                inner.runtime()
            }
            _ => None,
        }
    }

    /// Renames the named types this reference contains, by `map` (old name -> new name).
    pub fn rename(&mut self, map: &BTreeMap<String, String>) {
        match self {
            TypeRef::Named(name) => {
                if let Some(new) = map.get(name) {
                    name.clone_from(new);
                }
            }
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                inner.rename(map)
            }
            _ => {}
        }
    }

    /// The named type this reference contains, if any.
    pub fn named(&self) -> Option<&str> {
        match self {
            TypeRef::Named(name) => Some(name),
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => inner.named(),
            _ => None,
        }
    }
}

impl TypeKind {
    /// Every type reference of this definition.
    pub fn refs_mut(&mut self) -> Vec<&mut TypeRef> {
        match self {
            TypeKind::Struct(s) => s.fields.iter_mut().map(|f| &mut f.ty).collect(),
            TypeKind::Tagged(u) => u.variants.iter_mut().map(|v| &mut v.ty).collect(),
            TypeKind::Untagged(u) => u.variants.iter_mut().map(|v| &mut v.ty).collect(),
            TypeKind::Alias(ty) => vec![ty],
            TypeKind::Enum(_) => Vec::new(),
        }
    }
}

impl Operation {
    /// Parameters passed positionally: path parameters in template order, then required query
    /// and header parameters.
    pub fn positional(&self) -> Vec<&Param> {
        let in_path = self.segments.iter().filter_map(|s| match s {
            PathSegment::Param(i) => self.path_params.get(*i),
            PathSegment::Literal(_) => None,
        });
        let required = self
            .query_params
            .iter()
            .chain(&self.header_params)
            .filter(|p| p.required);
        in_path.chain(required).collect()
    }

    /// Whether `param` (one of this operation's) is passed positionally.
    pub fn is_positional(&self, param: &Param) -> bool {
        self.path_params.iter().any(|p| std::ptr::eq(p, param)) || param.required
    }

    /// Every type reference of this operation: parameters, body and responses.
    pub fn refs_mut(&mut self) -> Vec<&mut TypeRef> {
        let mut refs: Vec<&mut TypeRef> = self
            .path_params
            .iter_mut()
            .chain(&mut self.query_params)
            .chain(&mut self.header_params)
            .map(|p| &mut p.ty)
            .collect();
        refs.extend(self.body.as_mut());
        if let ResponseKind::Json(ty) = &mut self.response {
            refs.push(ty);
        }
        refs.extend(self.responses.iter_mut().map(|(_, ty)| ty));
        if let Some(pagination) = &mut self.pagination {
            refs.push(&mut pagination.item);
        }
        refs
    }
}

/// Renames types everywhere in the model (definitions and references), by `map`.
pub fn rename_types(
    types: &mut BTreeMap<String, TypeDef>,
    resources: &mut BTreeMap<String, Resource>,
    map: &BTreeMap<String, String>,
) {
    if map.is_empty() {
        return;
    }
    let old = std::mem::take(types);
    for (name, mut def) in old {
        let name = map.get(&name).cloned().unwrap_or(name);
        def.name.clone_from(&name);
        def.kind.refs_mut().into_iter().for_each(|r| r.rename(map));
        types.insert(name, def);
    }
    for op in resources.values_mut().flat_map(|r| &mut r.operations) {
        op.refs_mut().into_iter().for_each(|r| r.rename(map));
    }
}

/// A resource: one handler (`client.contacts()`) and its operations.
#[derive(Debug, Clone)]
pub struct Resource {
    /// Module name (`contacts`).
    pub module: String,
    /// Handler type name (`Contacts`).
    pub handler: String,
    /// Accessor method on the client (`contacts`).
    pub accessor: String,
    /// The tag's name in the spec (`Contacts`).
    pub tag: String,
    /// Documentation from the tag.
    pub docs: Docs,
    /// Operations, in spec order.
    pub operations: Vec<Operation>,
}

/// HTTP methods used by the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpMethod {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// PATCH
    Patch,
    /// DELETE
    Delete,
}

/// One operation: a method on its resource's handler and a request builder.
#[derive(Debug, Clone)]
pub struct Operation {
    /// operationId (or the synthesised one).
    pub id: String,
    /// Whether `id` was synthesised (the spec has none).
    pub synthesised_id: bool,
    /// Method name on the handler (`list`).
    pub method: String,
    /// Request builder type name (`ListContacts`).
    pub builder: String,
    /// HTTP method.
    pub http: HttpMethod,
    /// Path template as in the spec (`/contacts/{contact_id}`).
    pub path: String,
    /// The path split into literal text and parameters.
    pub segments: Vec<PathSegment>,
    /// Documentation.
    pub docs: Docs,
    /// Path parameters, positional arguments in template order.
    pub path_params: Vec<Param>,
    /// Query parameters (builder setters).
    pub query_params: Vec<Param>,
    /// Header parameters (builder setters).
    pub header_params: Vec<Param>,
    /// Request body, a positional argument after the path parameters.
    pub body: Option<TypeRef>,
    /// What a success returns.
    pub response: ResponseKind,
    /// Every JSON response body the spec declares, by status (errors included).
    pub responses: Vec<(u16, TypeRef)>,
    /// How the operation pages, when it does.
    pub pagination: Option<Pagination>,
    /// Set when the body is Intercom's search body: the operation takes a `search::Query`.
    pub search: Option<SearchBody>,
    /// The body is sent as `multipart/form-data` (its type is a [`Struct::form`]).
    pub multipart: bool,
}

/// An operation taking Intercom's search body (`{query, pagination, sort}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchBody {
    /// The body accepts a `sort` (contacts).
    pub sort: bool,
}

/// A piece of a path template.
#[derive(Debug, Clone)]
pub enum PathSegment {
    /// Literal text.
    Literal(String),
    /// The path parameter with this index in [`Operation::path_params`].
    Param(usize),
}

/// How a query parameter is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    /// `name=value`.
    Single,
    /// `name=a,b,c` (`style: form, explode: false`).
    Comma,
    /// `name=a&name=b` (`style: form, explode: true`).
    Repeat,
    /// An object whose properties become parameters (`style: form, explode: true`).
    Exploded,
}

/// One parameter.
#[derive(Debug, Clone)]
pub struct Param {
    /// Name on the wire.
    pub wire: String,
    /// Rust identifier.
    pub ident: String,
    /// Type.
    pub ty: TypeRef,
    /// Required by the spec (path parameters always are).
    pub required: bool,
    /// Serialisation of query values.
    pub style: QueryStyle,
    /// Documentation.
    pub docs: Docs,
}

/// What an operation returns on success.
#[derive(Debug, Clone)]
pub enum ResponseKind {
    /// A JSON body of this type.
    Json(TypeRef),
    /// JSON bodies whose type depends on the success status: an enum with one variant each.
    ByStatus(StatusBodies),
    /// No body (or one that carries nothing).
    Empty,
    /// A `text/plain` body.
    Text,
    /// Raw bytes, streamed.
    Download,
}

impl ResponseKind {
    /// The JSON body types a success can have.
    pub fn json_types(&self) -> Vec<&TypeRef> {
        match self {
            ResponseKind::Json(ty) => vec![ty],
            ResponseKind::ByStatus(bodies) => bodies.variants.iter().map(|v| &v.ty).collect(),
            ResponseKind::Empty | ResponseKind::Text | ResponseKind::Download => Vec::new(),
        }
    }
}

/// The success bodies of an operation whose statuses carry different types.
#[derive(Debug, Clone)]
pub struct StatusBodies {
    /// Name of the generated enum (in the resource's module).
    pub name: String,
    /// One variant per status, in status order; the first also takes an undeclared 2xx.
    pub variants: Vec<StatusBody>,
}

/// One success status and its body type.
#[derive(Debug, Clone)]
pub struct StatusBody {
    /// HTTP status.
    pub status: u16,
    /// Variant name (`Ok`, `Created`, `Accepted`, or `Status206`).
    pub ident: String,
    /// Body type.
    pub ty: TypeRef,
}

/// Where the page position goes and where the items are.
#[derive(Debug, Clone)]
pub struct Pagination {
    /// The paging family.
    pub style: PageStyle,
    /// Where the position is written.
    pub position: PositionTarget,
    /// Rust identifier of the response field holding the items.
    pub items_field: String,
    /// Type of one item.
    pub item: TypeRef,
}

/// Paging families of the Intercom API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageStyle {
    /// `starting_after` query parameter, next cursor in `pages.next`.
    QueryCursor,
    /// `pagination.starting_after` in the POST body.
    BodyCursor,
    /// `page` numbers.
    PageNumber,
    /// `scroll_param`.
    Scroll,
    /// `cursor` query parameter, `next_cursor` + `has_more` in the body.
    OpaqueCursor,
}

/// The builder field the position is written to.
#[derive(Debug, Clone)]
pub enum PositionTarget {
    /// A query parameter (Rust identifier of the builder field) and its type.
    Query {
        /// Builder field.
        ident: String,
        /// Its type (`String` cursor or integer page).
        ty: TypeRef,
    },
    /// A field of the body: path of Rust identifiers from the body root, e.g. `pagination.starting_after`.
    Body {
        /// Field path; all but the last are optional structs.
        path: Vec<BodyStep>,
        /// Type of the last field.
        ty: TypeRef,
    },
}

/// One step into the body when writing a page position.
#[derive(Debug, Clone)]
pub struct BodyStep {
    /// Field identifier.
    pub ident: String,
    /// Named type of the struct this step enters (None for the last step).
    pub ty: Option<String>,
    /// Whether the field is an `Option`.
    pub optional: bool,
}
