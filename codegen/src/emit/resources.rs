//! Resources: a handler per resource (`client.contacts()`), a method per operation returning a
//! request builder, and the builder itself (setters, `send`, `.await`, pagination).
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::tokens::{argument, docs, ident, init, type_of, Scope};
use crate::ir::{
    HttpMethod, Operation, PageStyle, Pagination, Param, PathSegment, PositionTarget, QueryStyle,
    Resource, ResponseKind, SearchBody, TypeRef,
};

/// Tokens of one resource module.
pub fn module(resource: &Resource) -> TokenStream {
    let handler = ident(&resource.handler);
    let doc = docs(&resource.docs);
    let methods = resource
        .operations
        .iter()
        .map(|op| handler_method(resource, op));
    let builders = resource.operations.iter().map(|op| builder(resource, op));
    let imports = imports(resource);
    quote! {
        #imports

        #doc
        #[derive(Debug, Clone)]
        pub struct #handler {
            client: Client,
        }

        impl #handler {
            pub(crate) fn new(client: Client) -> Self {
                Self { client }
            }
            #(#methods)*
        }

        #(#builders)*
    }
}

/// The module's imports: only what its operations use.
fn imports(resource: &Resource) -> TokenStream {
    let ops = &resource.operations;
    let uses_models = ops.iter().any(|op| {
        let params = op
            .path_params
            .iter()
            .chain(&op.query_params)
            .chain(&op.header_params);
        let response = match &op.response {
            ResponseKind::Json(ty) => ty.mentions_named(),
            _ => false,
        };
        params
            .map(|p| &p.ty)
            .chain(&op.body)
            .any(TypeRef::mentions_named)
            || response
    });
    let pages = ops
        .iter()
        .any(|op| op.pagination.is_some() && matches!(op.response, ResponseKind::Json(_)));
    let paths = ops.iter().any(|op| !op.path_params.is_empty());
    let responses = ops
        .iter()
        .any(|op| !matches!(op.response, ResponseKind::Download));
    let models = uses_models.then(|| {
        quote!(
            use crate::models;
        )
    });
    let pagination = pages.then(|| {
        quote!(
            use crate::pagination::{PagePosition, PageStyle, Paginate};
        )
    });
    let path_segment = paths.then(|| {
        quote!(
            use crate::path_segment;
        )
    });
    let response = responses.then(|| quote!(Response,));
    quote! {
        #models
        #pagination
        #path_segment
        use crate::{CallOptions, Client, Request, RequestOptions, #response Result};
    }
}

fn http_method(method: HttpMethod) -> TokenStream {
    match method {
        HttpMethod::Get => quote!(crate::Method::GET),
        HttpMethod::Post => quote!(crate::Method::POST),
        HttpMethod::Put => quote!(crate::Method::PUT),
        HttpMethod::Patch => quote!(crate::Method::PATCH),
        HttpMethod::Delete => quote!(crate::Method::DELETE),
    }
}

fn method_line(op: &Operation) -> String {
    let verb = match op.http {
        HttpMethod::Get => "GET",
        HttpMethod::Post => "POST",
        HttpMethod::Put => "PUT",
        HttpMethod::Patch => "PATCH",
        HttpMethod::Delete => "DELETE",
    };
    format!("`{verb} {}` (operation `{}`).", op.path, op.id)
}

fn handler_method(resource: &Resource, op: &Operation) -> TokenStream {
    let method = ident(&op.method);
    let builder = ident(&op.builder);
    let mut lines = op.docs.clone();
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.push(method_line(op));
    let doc = docs(&lines);
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for param in op.positional() {
        let name = ident(&param.ident);
        let (ty, into) = argument(&param.ty, Scope::Resources);
        args.push(quote!(#name: #ty));
        inits.push(init(&name, into));
    }
    for param in op
        .query_params
        .iter()
        .chain(&op.header_params)
        .filter(|p| !op.is_positional(p))
    {
        let name = ident(&param.ident);
        inits.push(quote!(#name: None));
    }
    if op.search.is_some() {
        args.push(quote!(query: impl Into<crate::search::Query>));
        inits.push(quote!(body: crate::search::SearchRequest::new(query)));
    } else if let Some(body) = &op.body {
        // The body keeps its concrete type, so that `serde_json::from_value(..)` can infer it.
        let ty = type_of(body, Scope::Resources);
        args.push(quote!(body: #ty));
        inits.push(quote!(body));
    }
    let _ = resource;
    quote! {
        #doc
        pub fn #method(&self, #(#args),*) -> #builder {
            #builder { client: self.client.clone(), #(#inits,)* options: RequestOptions::default() }
        }
    }
}

fn output_type(op: &Operation) -> TokenStream {
    match &op.response {
        ResponseKind::Json(ty) => type_of(ty, Scope::Resources),
        ResponseKind::ByStatus(bodies) => {
            let name = ident(&bodies.name);
            quote!(#name)
        }
        ResponseKind::Empty => quote!(()),
        ResponseKind::Text => quote!(String),
        ResponseKind::Download => quote!(crate::Download),
    }
}

fn builder(resource: &Resource, op: &Operation) -> TokenStream {
    let name = ident(&op.builder);
    let handler = &resource.handler;
    let mut lines = vec![format!(
        "Request builder for [`{handler}::{}`]: {}",
        op.method,
        method_line(op)
    )];
    lines.push(String::new());
    lines.push(
        "Set optional parameters with its methods, then `.await` it (or call `send_with_response`).".to_owned(),
    );
    let doc = docs(&lines);
    let fields = builder_fields(op);
    let setters = op
        .query_params
        .iter()
        .chain(&op.header_params)
        .filter(|p| !op.is_positional(p))
        .map(setter);
    let search = op.search.map(search_setters);
    let senders = senders(op);
    let start = pending_start(op);
    let request = request_fn(op);
    let output = output_type(op);
    let paginate = op.pagination.as_ref().map(|p| paginate(op, p));
    let by_status = status_enum(op);
    quote! {
        #doc
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is awaited or sent"]
        pub struct #name {
            client: Client,
            #(#fields)*
            options: RequestOptions,
        }

        impl #name {
            #(#setters)*
            #search
            #senders
            #request
        }

        impl CallOptions for #name {
            fn options_mut(&mut self) -> &mut RequestOptions {
                &mut self.options
            }
        }

        // `#[inline]` on everything that names the response type: an operation's decoding is
        // then compiled in the app that awaits it, and only for the operations the app uses.
        impl std::future::IntoFuture for #name {
            type Output = Result<#output>;
            type IntoFuture = crate::Pending<#output>;

            #[inline]
            fn into_future(self) -> Self::IntoFuture {
                crate::Pending::#start
            }
        }

        #paginate
        #by_status
    }
}

/// The enum of an operation whose success statuses carry different bodies: a variant per
/// status, decoded by the status the API answered with (an undeclared 2xx as the first).
fn status_enum(op: &Operation) -> TokenStream {
    let ResponseKind::ByStatus(bodies) = &op.response else {
        return quote!();
    };
    let name = ident(&bodies.name);
    let doc = docs(&[format!(
        "What [`{}`] returns: the body's type depends on the success status.",
        op.builder
    )]);
    let variants = bodies.variants.iter().map(|v| {
        let (variant, ty) = (ident(&v.ident), type_of(&v.ty, Scope::Resources));
        let doc = docs(&[format!("The body of a `{}` response.", v.status)]);
        quote!(#doc #variant(#ty),)
    });
    let mut arms: Vec<TokenStream> = bodies
        .variants
        .iter()
        .skip(1)
        .map(|v| {
            let status = proc_macro2::Literal::u16_unsuffixed(v.status);
            let variant = ident(&v.ident);
            quote!(#status => exchange.decode_as(Self::#variant),)
        })
        .collect();
    if let Some(first) = bodies.variants.first() {
        let variant = ident(&first.ident);
        arms.push(quote!(_ => exchange.decode_as(Self::#variant),));
    }
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, serde::Serialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#variants)*
        }

        impl #name {
            #[inline]
            fn decode_response(exchange: crate::Exchange) -> Result<Response<Self>> {
                match exchange.status() {
                    #(#arms)*
                }
            }

            #[inline]
            fn decode(exchange: crate::Exchange) -> Result<Self> {
                Self::decode_response(exchange).map(Response::into_inner)
            }
        }
    }
}

/// Page size, cursor and sort of a search, like a listing's.
fn search_setters(search: SearchBody) -> TokenStream {
    let sort = search.sort.then(|| {
        quote! {
            /// Sorts the results by `field`.
            pub fn sort(mut self, field: impl Into<String>, order: crate::search::SortOrder) -> Self {
                self.body = self.body.sort(field, order);
                self
            }
        }
    });
    quote! {
        /// Results per page (Intercom's default is 50, its maximum 150).
        pub fn per_page(mut self, per_page: u32) -> Self {
            self.body = self.body.per_page(per_page);
            self
        }
        /// Starts after this cursor (`pages.next.starting_after` of the previous page).
        pub fn starting_after(mut self, cursor: impl Into<String>) -> Self {
            self.body = self.body.starting_after(cursor);
            self
        }
        #sort
        /// Replaces the whole search body (query, pagination and sort).
        pub fn body(mut self, body: crate::search::SearchRequest) -> Self {
            self.body = body;
            self
        }
    }
}

fn builder_fields(op: &Operation) -> Vec<TokenStream> {
    let mut fields = Vec::new();
    for param in op
        .path_params
        .iter()
        .chain(&op.query_params)
        .chain(&op.header_params)
    {
        let name = ident(&param.ident);
        let ty = type_of(&param.ty, Scope::Resources);
        if op.is_positional(param) {
            fields.push(quote!(#name: #ty,));
        } else {
            fields.push(quote!(#name: Option<#ty>,));
        }
    }
    if let Some(body) = &op.body {
        let ty = type_of(body, Scope::Resources);
        fields.push(quote!(body: #ty,));
    }
    fields
}

fn setter(param: &Param) -> TokenStream {
    let name = ident(&param.ident);
    let (ty, into) = argument(&param.ty, Scope::Resources);
    let value = if into {
        quote!(#name.into())
    } else {
        quote!(#name)
    };
    let mut lines = param.docs.clone();
    if lines.is_empty() {
        lines.push(format!("Sets `{}`.", param.wire));
    }
    let doc = docs(&lines);
    quote! {
        #doc
        pub fn #name(mut self, #name: #ty) -> Self {
            self.#name = Some(#value);
            self
        }
    }
}

/// `send_with_response()`: the value with the response's metadata (downloads are their own
/// response). All sending happens in the runtime's one executor; this only picks how the
/// outcome becomes a value.
fn senders(op: &Operation) -> TokenStream {
    let output = output_type(op);
    let start = match &op.response {
        ResponseKind::Download => return quote!(),
        ResponseKind::Json(_) => quote!(json_response(self.request())),
        ResponseKind::ByStatus(bodies) => {
            let name = ident(&bodies.name);
            quote!(json_with(self.request(), #name::decode_response))
        }
        ResponseKind::Text => quote!(text_response(self.request())),
        ResponseKind::Empty => quote!(empty_response(self.request())),
    };
    quote! {
        /// Sends the request; the value comes with the status, headers, raw body, rate-limit
        /// state and the values that did not fit their type.
        #[inline]
        pub fn send_with_response(self) -> crate::Pending<Response<#output>> {
            crate::Pending::#start
        }
    }
}

/// How `.await` turns the outcome into the builder's output.
fn pending_start(op: &Operation) -> TokenStream {
    match &op.response {
        ResponseKind::Download => quote!(download(self.request())),
        ResponseKind::Json(_) => quote!(json(self.request())),
        ResponseKind::ByStatus(bodies) => {
            let name = ident(&bodies.name);
            quote!(json_with(self.request(), #name::decode))
        }
        ResponseKind::Text => quote!(text(self.request())),
        ResponseKind::Empty => quote!(empty(self.request())),
    }
}

fn path_expression(op: &Operation) -> TokenStream {
    let mut format = String::new();
    let mut args = Vec::new();
    for segment in &op.segments {
        match segment {
            PathSegment::Literal(text) => format.push_str(text),
            PathSegment::Param(i) => {
                format.push_str("{}");
                let name = ident(&op.path_params[*i].ident);
                args.push(quote!(path_segment(&self.#name)));
            }
        }
    }
    if args.is_empty() {
        quote!(#format.to_owned())
    } else {
        quote!(format!(#format, #(#args),*))
    }
}

fn query_statements(op: &Operation) -> Vec<TokenStream> {
    let mut statements = Vec::new();
    for param in &op.query_params {
        let name = ident(&param.ident);
        let wire = &param.wire;
        let push = |value: TokenStream| match param.style {
            QueryStyle::Single => {
                quote!(request = request.query(#wire, crate::wire::query_value(#value));)
            }
            QueryStyle::Comma => {
                quote!(request = request.query(#wire, crate::wire::query_list(#value));)
            }
            QueryStyle::Repeat => quote! {
                for item in #value {
                    request = request.query(#wire, crate::wire::query_value(item));
                }
            },
            QueryStyle::Exploded => quote! {
                for (name, text) in crate::wire::exploded_query(#value) {
                    request = request.query(name, text);
                }
            },
        };
        if op.is_positional(param) {
            statements.push(push(quote!(&self.#name)));
        } else {
            let inner = push(quote!(value));
            statements.push(quote!(if let Some(value) = &self.#name { #inner }));
        }
    }
    for param in &op.header_params {
        let name = ident(&param.ident);
        let wire = &param.wire;
        if op.is_positional(param) {
            statements.push(
                quote!(request = request.header(#wire, crate::wire::query_value(&self.#name));),
            );
        } else {
            statements.push(quote!(if let Some(value) = &self.#name { request = request.header(#wire, crate::wire::query_value(value)); }));
        }
    }
    if op.body.is_some() {
        statements.push(if op.search.is_some() {
            quote!(request = request.search_body(&self.body);)
        } else if op.multipart {
            quote!(request = request.multipart(crate::multipart::Form::from(&self.body));)
        } else {
            quote!(request = request.json(&self.body);)
        });
    }
    statements
}

fn request_fn(op: &Operation) -> TokenStream {
    let method = http_method(op.http);
    let path = path_expression(op);
    let (id, template) = (&op.id, &op.path);
    let base = quote! {
        self.client.request(#method, #path).operation(#id, #template).options(self.options.clone())
    };
    let statements = query_statements(op);
    let body = if statements.is_empty() {
        base
    } else {
        quote! {
            let mut request = #base;
            #(#statements)*
            request
        }
    };
    quote! {
        /// The runtime request this builder describes (for inspection or raw sending).
        #[inline]
        pub fn request(&self) -> Request {
            #body
        }
    }
}

fn paginate(op: &Operation, pagination: &Pagination) -> TokenStream {
    let name = ident(&op.builder);
    let ResponseKind::Json(page) = &op.response else {
        return quote!();
    };
    let page = type_of(page, Scope::Resources);
    let item = type_of(&pagination.item, Scope::Resources);
    let items = ident(&pagination.items_field);
    let (style, variant, binding): (Ident, Ident, TokenStream) = match pagination.style {
        PageStyle::QueryCursor => (
            format_ident!("QueryCursor"),
            format_ident!("StartingAfter"),
            quote!(cursor),
        ),
        PageStyle::BodyCursor => (
            format_ident!("BodyCursor"),
            format_ident!("StartingAfter"),
            quote!(cursor),
        ),
        PageStyle::PageNumber => (
            format_ident!("PageNumber"),
            format_ident!("Page"),
            quote!(page),
        ),
        PageStyle::Scroll => (
            format_ident!("Scroll"),
            format_ident!("Scroll"),
            quote!(cursor),
        ),
        PageStyle::OpaqueCursor => (
            format_ident!("OpaqueCursor"),
            format_ident!("Cursor"),
            quote!(cursor),
        ),
    };
    let assign = position_assignment(&pagination.position, &binding);
    quote! {
        impl Paginate for #name {
            type Page = #page;
            type Item = #item;
            const STYLE: PageStyle = PageStyle::#style;

            fn set_position(&mut self, position: &PagePosition) {
                if let PagePosition::#variant(#binding) = position {
                    #assign
                }
            }

            fn to_request(&self) -> Request {
                self.request()
            }

            #[inline]
            fn send_page(request: Request) -> crate::Pending<Response<#page>> {
                crate::Pending::json_response(request)
            }

            fn into_items(page: Self::Page) -> Vec<Self::Item> {
                page.#items.unwrap_or_default()
            }
        }
    }
}

/// The value of the position converted to the target's type.
fn position_value(ty: &TypeRef, binding: &TokenStream) -> TokenStream {
    match ty {
        TypeRef::Integer => quote!(i64::from(*#binding)),
        TypeRef::Id | TypeRef::NumericId => quote!(crate::Id::from(#binding.as_str())),
        _ => quote!(#binding.clone()),
    }
}

fn position_assignment(target: &PositionTarget, binding: &TokenStream) -> TokenStream {
    match target {
        PositionTarget::Query { ident: field, ty } => {
            let field = ident(field);
            let value = position_value(ty, binding);
            quote!(self.#field = Some(#value);)
        }
        PositionTarget::Body { path, ty } => {
            let value = position_value(ty, binding);
            let mut place = quote!(self.body);
            let mut statements = Vec::new();
            for (i, step) in path.iter().enumerate() {
                let field = ident(&step.ident);
                let last = i + 1 == path.len();
                if last {
                    let value = if step.optional {
                        quote!(Some(#value))
                    } else {
                        value.clone()
                    };
                    statements.push(quote!(#place.#field = #value;));
                } else {
                    let local = format_ident!("step{}", i);
                    if step.optional {
                        statements.push(quote!(let #local = #place.#field.get_or_insert_with(Default::default);));
                    } else {
                        statements.push(quote!(let #local = &mut #place.#field;));
                    }
                    place = quote!(#local);
                }
            }
            quote!(#(#statements)*)
        }
    }
}
