//! Lowering operations: resources from the first tag, method names by the verb rule
//! ([`super::verbs`]), parameters, bodies and success responses.
use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{
    OpenAPI, Parameter, ParameterData, ParameterSchemaOrContent, PathItem, ReferenceOr, StatusCode,
};

use super::docs;
use super::names::{self, Namespace};
use super::schema::{Ctx, Node, TypeSpace};
use super::verbs::{self, Naming, Noun, OperationInfo};
use crate::error::{pointer_token, Error, Result};
use crate::ir::{
    HttpMethod, Operation, Param, PathSegment, QueryStyle, Resource, ResponseKind, StatusBodies,
    StatusBody, TypeKind, TypeRef, Usage, Warning,
};
use crate::load::Domain;

/// Header parameters the runtime sets for every call.
/// Request media types the SDK sends.
const JSON: &str = "application/json";
const MULTIPART: &str = "multipart/form-data";

const RUNTIME_HEADERS: &[&str] = &["intercom-version", "accept"];
/// Builder fields that parameters must not take.
const BUILDER_FIELDS: &[&str] = &["client", "options", "body"];
/// Names a resource module already uses (the runtime items it imports): no handler or builder
/// may take them.
const RESOURCE_SCOPE: &[&str] = &[
    "CallOptions",
    "Client",
    "Request",
    "RequestOptions",
    "Response",
    "Result",
    "Download",
    "Error",
    "Id",
    "Value",
];
/// Methods of the runtime's `Client` that a resource accessor must not shadow.
const CLIENT_METHODS: &[&str] = &[
    "new",
    "builder",
    "base_url",
    "intercom_version",
    "timeout",
    "retry_policy",
    "last_rate_limit",
    "request",
    "clone",
];

/// Lower every operation of the document into resources: first every operation is named (the
/// verb rule needs all operations of a resource), then lowered with its builder's name.
pub fn lower<'a>(
    openapi: &'a OpenAPI,
    space: &mut TypeSpace<'a>,
    domain: &Domain,
    warnings: &mut Vec<Warning>,
) -> Result<BTreeMap<String, Resource>> {
    let mut found: Vec<Found<'a>> = Vec::new();
    for (path, item) in &openapi.paths.paths {
        let pointer = format!("#/paths/{}", pointer_token(path));
        let ReferenceOr::Item(item) = item else {
            warnings.push(Warning {
                pointer,
                message: "$ref path items are not supported; its operations are left out".into(),
            });
            continue;
        };
        for (method, op) in item.iter() {
            if http_method(method).is_none() {
                warnings.push(Warning {
                    pointer: format!("{pointer}/{method}"),
                    message: format!("HTTP method {method} is not supported; left out"),
                });
                continue;
            }
            let tag = op
                .tags
                .first()
                .cloned()
                .unwrap_or_else(|| "Misc".to_owned());
            let op_pointer = format!("{pointer}/{method}");
            let (id, synthesised_id) = match &op.operation_id {
                // operationIds are unique (OpenAPI): a second one is renamed, as if absent.
                Some(id) if found.iter().any(|f| f.id == *id) => {
                    let own = synthesise_id(method, path);
                    warnings.push(Warning {
                        pointer: format!("{op_pointer}/operationId"),
                        message: format!(
                            "operationId {id} is taken by another operation; read as {own}"
                        ),
                    });
                    (own, true)
                }
                Some(id) => (id.clone(), false),
                None => (synthesise_id(method, path), true),
            };
            found.push(Found {
                module: names::snake_ident(&tag),
                tag,
                path,
                method,
                item,
                op,
                pointer: op_pointer,
                id,
                synthesised_id,
                naming: None,
            });
        }
    }
    name_operations(&mut found, domain, warnings);
    let mut resources: BTreeMap<String, Resource> = BTreeMap::new();
    let lowering = OperationLowering { openapi };
    for op in &found {
        let resource = resources
            .entry(op.module.clone())
            .or_insert_with(|| new_resource(openapi, &op.tag, &op.module));
        let lowered = lowering.operation(space, op, warnings)?;
        resource.operations.push(lowered);
    }
    unique_builders(&mut resources, &found, warnings);
    Ok(resources)
}

/// An operation found in the document, before lowering.
struct Found<'a> {
    module: String,
    tag: String,
    path: &'a str,
    method: &'a str,
    item: &'a PathItem,
    op: &'a openapiv3::Operation,
    pointer: String,
    id: String,
    synthesised_id: bool,
    naming: Option<Naming>,
}

/// Method and builder names of every operation, by resource.
fn name_operations(found: &mut [Found<'_>], domain: &Domain, warnings: &mut Vec<Warning>) {
    let modules: BTreeSet<String> = found.iter().map(|f| f.module.clone()).collect();
    for module in &modules {
        let own = Noun::of(module);
        let others: Vec<Noun> = modules
            .iter()
            .filter(|m| *m != module)
            .map(|m| Noun::of(m))
            .collect();
        let indexes: Vec<usize> = (0..found.len())
            .filter(|&i| found[i].module == *module)
            .collect();
        let infos: Vec<OperationInfo> = indexes
            .iter()
            .map(|&i| OperationInfo {
                id: found[i].id.clone(),
                http: found[i].method.to_owned(),
                path: found[i].path.to_owned(),
            })
            .collect();
        let table = |id: &str| domain.method_of(id).map(str::to_owned);
        let (namings, clashes) = verbs::name_resource(&own, &others, &infos, &table);
        for (&i, naming) in indexes.iter().zip(namings) {
            found[i].naming = Some(naming);
        }
        for (at, message) in clashes {
            warnings.push(Warning {
                pointer: format!("{}/operationId", found[indexes[at]].pointer),
                message,
            });
        }
    }
}

/// Builder types live in their resource's module next to its handler: two operations whose
/// names differ only in case or separators would define one twice.
fn unique_builders(
    resources: &mut BTreeMap<String, Resource>,
    found: &[Found<'_>],
    warnings: &mut Vec<Warning>,
) {
    for resource in resources.values_mut() {
        let mut taken = Namespace::default();
        taken.reserve(&resource.handler);
        RESOURCE_SCOPE.iter().for_each(|name| {
            taken.reserve(name);
        });
        for op in &mut resource.operations {
            let builder = taken.unique(&op.builder);
            if builder == op.builder {
                continue;
            }
            let pointer = found
                .iter()
                .find(|f| f.id == op.id && f.path == op.path)
                .map_or_else(|| "#/paths".to_owned(), |f| f.pointer.clone());
            warnings.push(Warning {
                pointer,
                message: format!(
                    "request builder `{}` is taken in its resource; named `{builder}`",
                    op.builder
                ),
            });
            op.builder = builder;
        }
    }
}

fn new_resource(openapi: &OpenAPI, tag: &str, module: &str) -> Resource {
    let description = openapi
        .tags
        .iter()
        .find(|t| t.name == tag)
        .and_then(|t| t.description.as_deref());
    let mut docs = vec![format!("Operations on {tag}.")];
    let described = docs::lines(description);
    if !described.is_empty() {
        docs.push(String::new());
        docs.extend(described);
    }
    let accessor = if CLIENT_METHODS.contains(&module) {
        format!("{module}_api")
    } else {
        module.to_owned()
    };
    let handler = names::camel_or(tag, "Misc");
    let handler = if RESOURCE_SCOPE.contains(&handler.as_str()) {
        format!("{handler}Resource")
    } else {
        handler
    };
    Resource {
        module: module.to_owned(),
        handler,
        accessor,
        tag: tag.to_owned(),
        docs,
        operations: Vec::new(),
    }
}

struct OperationLowering<'a> {
    openapi: &'a OpenAPI,
}

impl<'a> OperationLowering<'a> {
    fn operation(
        &self,
        space: &mut TypeSpace<'a>,
        found: &Found<'a>,
        warnings: &mut Vec<Warning>,
    ) -> Result<Operation> {
        let (path, item, op, pointer) = (found.path, found.item, found.op, found.pointer.as_str());
        let naming = found.naming.clone().unwrap_or_else(|| Naming {
            method: names::snake_ident(&found.id),
            builder: names::camel(&found.id),
        });
        let builder = naming.builder.clone();
        let http = http_method(found.method).ok_or_else(|| {
            Error::spec(
                pointer,
                format!("HTTP method {} is not supported", found.method),
            )
        })?;
        let mut idents = Namespace::default();
        BUILDER_FIELDS.iter().for_each(|f| {
            idents.reserve(f);
        });
        let (mut path_params, mut query_params, mut header_params) =
            (Vec::new(), Vec::new(), Vec::new());
        let item_pointer = pointer.rsplit_once('/').map_or(pointer, |(p, _)| p);
        let declared = merged_parameters(
            (&item.parameters, item_pointer),
            (&op.parameters, pointer),
            warnings,
        );
        let declared = place_path_variables(path, declared, pointer, warnings);
        for Declared {
            data,
            name,
            location,
            style,
            pointer: param_pointer,
        } in declared
        {
            let param = match data {
                Some(data) => {
                    self.parameter(space, data, &builder, &param_pointer, &mut idents, style)?
                }
                None => template_param(name, &mut idents),
            };
            let name = param.wire.clone();
            match location {
                Location::Path => path_params.push(param),
                Location::Query => query_params.push(param),
                Location::Header
                    if !RUNTIME_HEADERS.contains(&name.to_ascii_lowercase().as_str()) =>
                {
                    header_params.push(param)
                }
                Location::Header => {}
            }
        }
        let segments = path_segments(path, &path_params, pointer)?;
        let body = self.body(space, op, &builder, pointer, warnings)?;
        let multipart = body.as_ref().is_some_and(|(_, multipart)| *multipart);
        let body = body.map(|(ty, _)| ty);
        let (response, success) = self.response(space, op, &builder, pointer)?;
        let responses = self.all_responses(space, op, &builder, pointer, (&response, success))?;
        let response = by_status(response, &responses, &builder);
        let mut op_docs = docs::joined(op.summary.as_deref(), op.description.as_deref());
        if op.deprecated {
            op_docs.insert(0, "**Deprecated.**".to_owned());
        }
        Ok(Operation {
            id: found.id.clone(),
            synthesised_id: found.synthesised_id,
            method: naming.method,
            builder,
            http,
            path: path.to_owned(),
            segments,
            docs: op_docs,
            path_params,
            query_params,
            header_params,
            body,
            response,
            responses,
            pagination: None,
            search: None,
            multipart,
        })
    }

    fn parameter(
        &self,
        space: &mut TypeSpace<'a>,
        data: &'a ParameterData,
        builder: &str,
        pointer: &str,
        idents: &mut Namespace,
        style: QueryStyle,
    ) -> Result<Param> {
        let ParameterSchemaOrContent::Schema(schema) = &data.format else {
            return Err(Error::spec(
                pointer,
                "parameters with `content` are not supported",
            ));
        };
        let ctx = Ctx::root(
            format!("{pointer}/schema"),
            format!("{builder}{}", names::camel(&data.name)),
            Usage {
                request: true,
                response: false,
            },
            Some(data.name.clone()),
        );
        let ty = space.lower(Node::of(schema), &ctx)?.ty;
        let style = match (&ty, style) {
            (TypeRef::Array(_), QueryStyle::Comma) => QueryStyle::Comma,
            (TypeRef::Array(_), _) => QueryStyle::Repeat,
            (TypeRef::Object, QueryStyle::Exploded) => QueryStyle::Exploded,
            (TypeRef::Named(name), QueryStyle::Exploded) if !is_enum(space, name) => {
                QueryStyle::Exploded
            }
            _ => QueryStyle::Single,
        };
        Ok(Param {
            wire: data.name.clone(),
            ident: idents.unique(&names::snake_ident(&data.name)),
            ty,
            required: data.required,
            style,
            docs: docs::lines(data.description.as_deref()),
        })
    }

    /// The request body's type, and whether it is sent as `multipart/form-data` (a JSON body
    /// wins when both are declared).
    fn body(
        &self,
        space: &mut TypeSpace<'a>,
        op: &'a openapiv3::Operation,
        builder: &str,
        pointer: &str,
        warnings: &mut Vec<Warning>,
    ) -> Result<Option<(TypeRef, bool)>> {
        let Some(body) = &op.request_body else {
            return Ok(None);
        };
        let body_pointer = format!("{pointer}/requestBody");
        let ReferenceOr::Item(body) = body else {
            warnings.push(Warning {
                pointer: body_pointer,
                message: "$ref request bodies are not supported; the body is any JSON value".into(),
            });
            return Ok(Some((TypeRef::Json, false)));
        };
        if body.content.is_empty() {
            return Ok(None);
        }
        let (media_type, multipart) = if body.content.contains_key(JSON) {
            (JSON, false)
        } else if body.content.contains_key(MULTIPART) {
            (MULTIPART, true)
        } else {
            // The body is the JSON value nearest to what the description declares, and the
            // maintainer is told.
            let types: Vec<&String> = body.content.keys().collect();
            warnings.push(Warning {
                pointer: format!("{body_pointer}/content"),
                message: format!(
                    "request media types {types:?} are not supported; the body is any JSON value"
                ),
            });
            return Ok(Some((TypeRef::Json, false)));
        };
        let Some(schema) = body.content.get(media_type).and_then(|m| m.schema.as_ref()) else {
            return Ok(Some((TypeRef::Json, false)));
        };
        let schema_pointer = format!(
            "{body_pointer}/content/{}/schema",
            media_type.replace('/', "~1")
        );
        let mut ctx = Ctx::root(
            schema_pointer.clone(),
            format!("{builder}Request"),
            Usage {
                request: true,
                response: false,
            },
            None,
        );
        if multipart {
            ctx = ctx.in_form();
        }
        let ty = space.lower(Node::of(schema), &ctx)?.ty;
        if !multipart {
            return Ok(Some((ty, false)));
        }
        let form = match &ty {
            TypeRef::Named(name) => space
                .types
                .get_mut(name)
                .and_then(|def| match &mut def.kind {
                    TypeKind::Struct(s) => Some(s),
                    _ => None,
                }),
            _ => None,
        };
        match form {
            Some(form) => {
                form.form = true;
                Ok(Some((ty, true)))
            }
            None => {
                warnings.push(Warning {
                    pointer: schema_pointer,
                    message: "a multipart body that is not an object; sent as JSON".into(),
                });
                Ok(Some((ty, false)))
            }
        }
    }

    /// The first 2xx response decides (with its status); no 2xx but a redirect means the
    /// content is elsewhere (followed and streamed); no success at all gives a JSON value.
    fn response(
        &self,
        space: &mut TypeSpace<'a>,
        op: &'a openapiv3::Operation,
        builder: &str,
        pointer: &str,
    ) -> Result<(ResponseKind, Option<u16>)> {
        let kind = self.success_kind(space, op, builder, pointer)?;
        Ok((kind, first_success(op)))
    }

    fn success_kind(
        &self,
        space: &mut TypeSpace<'a>,
        op: &'a openapiv3::Operation,
        builder: &str,
        pointer: &str,
    ) -> Result<ResponseKind> {
        let mut codes: Vec<(u16, &ReferenceOr<openapiv3::Response>)> = op
            .responses
            .responses
            .iter()
            .map(|(code, r)| match code {
                StatusCode::Code(c) => (*c, r),
                StatusCode::Range(class) => (class * 100, r),
            })
            .collect();
        codes.sort_by_key(|(c, _)| *c);
        let Some((code, response)) = codes.iter().find(|(c, _)| (200..300).contains(c)) else {
            let redirect = codes.iter().any(|(c, _)| (300..400).contains(c));
            return Ok(if redirect {
                ResponseKind::Download
            } else {
                ResponseKind::Json(TypeRef::Json)
            });
        };
        let (response, response_pointer) = match response {
            ReferenceOr::Item(r) => (r, format!("{pointer}/responses/{code}")),
            ReferenceOr::Reference { reference } => self.shared_response(reference, pointer)?,
        };
        if response.content.is_empty() {
            return Ok(ResponseKind::Empty);
        }
        if let Some(media) = response.content.get("application/json") {
            let Some(schema) = &media.schema else {
                return Ok(ResponseKind::Json(TypeRef::Json));
            };
            let ctx = Ctx::root(
                format!("{response_pointer}/content/application~1json/schema"),
                format!("{builder}Response"),
                Usage {
                    request: false,
                    response: true,
                },
                None,
            );
            return Ok(ResponseKind::Json(space.lower(Node::of(schema), &ctx)?.ty));
        }
        if response.content.contains_key("text/plain") {
            return Ok(ResponseKind::Text);
        }
        Ok(ResponseKind::Download)
    }

    /// JSON bodies of every status, each with its own type (the first success is already
    /// lowered as `success`).
    fn all_responses(
        &self,
        space: &mut TypeSpace<'a>,
        op: &'a openapiv3::Operation,
        builder: &str,
        pointer: &str,
        success: (&ResponseKind, Option<u16>),
    ) -> Result<Vec<(u16, TypeRef)>> {
        let mut out = Vec::new();
        for (code, response) in &op.responses.responses {
            let StatusCode::Code(code) = code else {
                continue;
            };
            if let (ResponseKind::Json(ty), Some(first)) = success {
                if *code == first {
                    out.push((*code, ty.clone()));
                    continue;
                }
            }
            let (response, response_pointer) = match response {
                ReferenceOr::Item(r) => (r, format!("{pointer}/responses/{code}")),
                ReferenceOr::Reference { reference } => self.shared_response(reference, pointer)?,
            };
            let Some(schema) = response
                .content
                .get("application/json")
                .and_then(|m| m.schema.as_ref())
            else {
                continue;
            };
            let ctx = Ctx::root(
                format!("{response_pointer}/content/application~1json/schema"),
                format!("{builder}{}", status_name(*code)),
                Usage {
                    request: false,
                    response: true,
                },
                None,
            );
            out.push((*code, space.lower(Node::of(schema), &ctx)?.ty));
        }
        Ok(out)
    }

    fn shared_response(
        &self,
        reference: &str,
        pointer: &str,
    ) -> Result<(&'a openapiv3::Response, String)> {
        let name = reference.strip_prefix("#/components/responses/");
        let found = name.and_then(|n| self.openapi.components.as_ref()?.responses.get(n));
        match (name, found) {
            (Some(name), Some(ReferenceOr::Item(response))) => Ok((
                response,
                format!("#/components/responses/{}", pointer_token(name)),
            )),
            _ => Err(Error::spec(
                pointer,
                format!("response $ref {reference} does not resolve"),
            )),
        }
    }
}

/// The name piece of a response with status `code` (its reason phrase).
/// When the success statuses carry JSON bodies of different types, the operation returns an
/// enum with one variant per status, so that each keeps its type.
fn by_status(response: ResponseKind, responses: &[(u16, TypeRef)], builder: &str) -> ResponseKind {
    let successes: Vec<&(u16, TypeRef)> = responses
        .iter()
        .filter(|(status, _)| (200..300).contains(status))
        .collect();
    let distinct = successes.windows(2).any(|pair| pair[0].1 != pair[1].1);
    if !matches!(response, ResponseKind::Json(_)) || !distinct {
        return response;
    }
    let variants = successes
        .into_iter()
        .map(|(status, ty)| StatusBody {
            status: *status,
            ident: success_name(*status),
            ty: ty.clone(),
        })
        .collect();
    ResponseKind::ByStatus(StatusBodies {
        name: format!("{builder}Response"),
        variants,
    })
}

/// The variant name of a success status.
fn success_name(code: u16) -> String {
    const REASONS: &[(u16, &str)] = &[
        (200, "Ok"),
        (201, "Created"),
        (202, "Accepted"),
        (203, "NonAuthoritative"),
        (206, "PartialContent"),
    ];
    REASONS
        .iter()
        .find(|(c, _)| *c == code)
        .map_or_else(|| format!("Status{code}"), |(_, name)| (*name).to_owned())
}

fn status_name(code: u16) -> String {
    const REASONS: &[(u16, &str)] = &[
        (400, "BadRequest"),
        (401, "Unauthorized"),
        (403, "Forbidden"),
        (404, "NotFound"),
        (405, "MethodNotAllowed"),
        (409, "Conflict"),
        (410, "Gone"),
        (412, "PreconditionFailed"),
        (413, "PayloadTooLarge"),
        (415, "UnsupportedMediaType"),
        (422, "UnprocessableEntity"),
        (429, "TooManyRequests"),
        (500, "ServerError"),
        (502, "BadGateway"),
        (503, "Unavailable"),
        (504, "GatewayTimeout"),
    ];
    let class = match code / 100 {
        2 => "Response",
        3 => "Redirect",
        4 => "ClientError",
        _ => "ServerError",
    };
    REASONS
        .iter()
        .find(|(c, _)| *c == code)
        .map_or(class, |(_, reason)| reason)
        .to_owned()
}

/// The status of the response that decides what a success returns.
fn first_success(op: &openapiv3::Operation) -> Option<u16> {
    op.responses
        .responses
        .keys()
        .map(|code| match code {
            StatusCode::Code(c) => *c,
            StatusCode::Range(class) => class * 100,
        })
        .filter(|c| (200..300).contains(c))
        .min()
}

fn is_enum(space: &TypeSpace<'_>, name: &str) -> bool {
    matches!(
        space.types.get(name).map(|t| &t.kind),
        Some(TypeKind::Enum(_))
    )
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Location {
    Path,
    Query,
    Header,
}

/// A parameter as declared, with its pointer (`.../parameters/<index>`). `data` is `None` for a
/// path template variable the description does not declare (its pointer is the operation's).
struct Declared<'a> {
    data: Option<&'a ParameterData>,
    name: String,
    location: Location,
    style: QueryStyle,
    pointer: String,
}

/// Path-item parameters, then the operation's (which win on the same name and location).
/// What the SDK cannot send (`$ref` and cookie parameters) is left out with a warning.
fn merged_parameters<'a>(
    item: (&'a [ReferenceOr<Parameter>], &str),
    op: (&'a [ReferenceOr<Parameter>], &str),
    warnings: &mut Vec<Warning>,
) -> Vec<Declared<'a>> {
    let mut merged: Vec<Declared<'a>> = Vec::new();
    let listed = |(list, owner): (&'a [ReferenceOr<Parameter>], &str)| {
        let owner = owner.to_owned();
        list.iter()
            .enumerate()
            .map(move |(i, p)| (p, format!("{owner}/parameters/{i}")))
    };
    for (parameter, pointer) in listed(item).chain(listed(op)) {
        let ReferenceOr::Item(parameter) = parameter else {
            warnings.push(Warning {
                pointer,
                message: "$ref parameters are not supported; left out".into(),
            });
            continue;
        };
        let (data, location, style) = match parameter {
            Parameter::Path { parameter_data, .. } => {
                (parameter_data, Location::Path, QueryStyle::Single)
            }
            Parameter::Header { parameter_data, .. } => {
                (parameter_data, Location::Header, QueryStyle::Single)
            }
            Parameter::Query {
                parameter_data,
                style,
                ..
            } => {
                let explode = parameter_data
                    .explode
                    .unwrap_or(matches!(style, openapiv3::QueryStyle::Form));
                let style = if explode {
                    QueryStyle::Exploded
                } else {
                    QueryStyle::Comma
                };
                (parameter_data, Location::Query, style)
            }
            Parameter::Cookie { parameter_data, .. } => {
                warnings.push(Warning {
                    pointer,
                    message: format!(
                        "cookie parameter {} is not supported; left out",
                        parameter_data.name
                    ),
                });
                continue;
            }
        };
        merged.retain(|d| !(d.name == data.name && d.location == location));
        merged.push(Declared {
            data: Some(data),
            name: data.name.clone(),
            location,
            style,
            pointer,
        });
    }
    merged
}

/// The variables of a path template, in order.
fn template_variables(path: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(end) = rest[start..].find('}').map(|e| start + e) else {
            break;
        };
        out.push(&rest[start + 1..end]);
        rest = &rest[end + 1..];
    }
    out
}

/// Every template variable becomes exactly one path parameter: one declared in the query (or
/// a header) is moved to the path, one not declared at all is a string; a path parameter the
/// template lacks is left out. Each repair is a warning.
fn place_path_variables<'a>(
    path: &str,
    mut declared: Vec<Declared<'a>>,
    pointer: &str,
    warnings: &mut Vec<Warning>,
) -> Vec<Declared<'a>> {
    let variables = template_variables(path);
    declared.retain(|d| {
        let stray = d.location == Location::Path && !variables.contains(&d.name.as_str());
        if stray {
            warnings.push(Warning {
                pointer: d.pointer.clone(),
                message: format!(
                    "path parameter {} is not in the path template; left out",
                    d.name
                ),
            });
        }
        !stray
    });
    for variable in variables {
        let named = |d: &Declared<'_>| d.name == variable;
        if declared
            .iter()
            .any(|d| named(d) && d.location == Location::Path)
        {
            continue;
        }
        match declared.iter_mut().find(|d| named(d)) {
            Some(misplaced) => {
                warnings.push(Warning {
                    pointer: format!("{}/in", misplaced.pointer),
                    message: format!(
                        "{{{variable}}} is in the path template but declared elsewhere; \
                         used as the path parameter"
                    ),
                });
                misplaced.location = Location::Path;
                misplaced.style = QueryStyle::Single;
            }
            None => {
                warnings.push(Warning {
                    pointer: pointer.to_owned(),
                    message: format!(
                        "path template variable {{{variable}}} is not declared; a string \
                         path parameter"
                    ),
                });
                declared.push(Declared {
                    data: None,
                    name: variable.to_owned(),
                    location: Location::Path,
                    style: QueryStyle::Single,
                    pointer: pointer.to_owned(),
                });
            }
        }
    }
    declared
}

/// A string path parameter for an undeclared template variable.
fn template_param(wire: String, idents: &mut Namespace) -> Param {
    Param {
        ident: idents.unique(&names::snake_ident(&wire)),
        wire,
        ty: TypeRef::String,
        required: true,
        style: QueryStyle::Single,
        docs: Vec::new(),
    }
}

fn path_segments(path: &str, params: &[Param], pointer: &str) -> Result<Vec<PathSegment>> {
    let mut segments = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let end = rest[start..]
            .find('}')
            .map(|e| start + e)
            .ok_or_else(|| Error::spec(pointer, "unclosed { in path"))?;
        if start > 0 {
            segments.push(PathSegment::Literal(rest[..start].to_owned()));
        }
        let name = &rest[start + 1..end];
        let index = params.iter().position(|p| p.wire == name).ok_or_else(|| {
            Error::spec(
                pointer,
                format!("path template variable {{{name}}} is not declared as a path parameter"),
            )
        })?;
        segments.push(PathSegment::Param(index));
        rest = &rest[end + 1..];
    }
    if !rest.is_empty() {
        segments.push(PathSegment::Literal(rest.to_owned()));
    }
    Ok(segments)
}

fn http_method(method: &str) -> Option<HttpMethod> {
    Some(match method {
        "get" => HttpMethod::Get,
        "post" => HttpMethod::Post,
        "put" => HttpMethod::Put,
        "patch" => HttpMethod::Patch,
        "delete" => HttpMethod::Delete,
        _ => return None,
    })
}

/// `GET /export/reporting_data/{job_identifier}` -> `getExportReportingDataByJobIdentifier`.
pub fn synthesise_id(method: &str, path: &str) -> String {
    let mut words = vec![method.to_owned()];
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(param) => {
                words.push("by".to_owned());
                words.push(param.to_owned());
            }
            None => words.push(segment.to_owned()),
        }
    }
    heck::ToLowerCamelCase::to_lower_camel_case(words.join("_").as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthesised_ids() {
        assert_eq!(
            synthesise_id("get", "/export/reporting_data/{job_identifier}"),
            "getExportReportingDataByJobIdentifier"
        );
        assert_eq!(
            synthesise_id("post", "/export/reporting_data/enqueue"),
            "postExportReportingDataEnqueue"
        );
    }
}
