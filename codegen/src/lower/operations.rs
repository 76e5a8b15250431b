//! Fragments → operations: parameters (how each is passed and encoded), the request body, the
//! success reply and the error body, with every schema lowered through the [`TypeSpace`].

use std::ops::Range;
use std::sync::Arc;

use super::describe;
use super::diagnostic;
use super::paths::{PathSlot, split_fixed_query, split_path, split_server};
use super::table::{json_text, json_text_and_properties};
use super::types::{Context, Parts, Role, RoleKind, TypeSpace};
use crate::docs::html_to_markdown;
use crate::error::{Diagnostic, Location};
use crate::ir::{
    Body, BodyArgument, BodyFormat, BodyKind, HeaderEncoding, MultipartField, Operation,
    OperationSchemas, PATH_BINDING, Param, ParamsStruct, PartEncoding, PathPart, PathValue,
    QueryEncoding, QueryValue, REQUEST_BINDING, Redirects, Reply, ResponseSchema, Sending, Server,
    StatusMatch, TableEntry, TypeRef, Usage, ValueText,
};
use crate::naming::{camel_ident, dedupe_in_order, snake_ident};
use crate::parse::{Encoding, Fragment, MediaType, Parameter, Response, Schema, SchemaKind};
use crate::spec::{Method, ParameterLocation};

/// The method argument that takes the parameters struct.
const PARAMS_ARGUMENT: &str = "params";
/// The method argument that takes the request body.
const BODY_ARGUMENT: &str = "body";

/// An operation before type names are chosen: everything but what needs them (its parameters
/// struct's name, and the docs that link to it).
pub(super) struct OperationDraft {
    pub operation_id: String,
    pub fn_name: String,
    method: Method,
    server: Option<usize>,
    path: Vec<PathPart>,
    pub path_template: String,
    fixed_query: Vec<(String, String)>,
    /// The operation's own docs (summary, description), before the route and arguments.
    summary: String,
    deprecated: bool,
    params: Vec<Param>,
    body: Option<Body>,
    success: Reply,
    redirects: Option<Redirects>,
    pub error: TypeRef,
    pub location: Location,
    schemas: OperationSchemas,
    table: TableEntry,
}

impl OperationDraft {
    /// Whether the operation has query or header parameters, passed as one struct.
    pub fn has_params_struct(&self) -> bool {
        self.params
            .iter()
            .any(|param| param.location != ParameterLocation::Path)
    }

    /// The finished operation, in the resource at index `resource`, its parameters struct named
    /// `params_type`.
    pub fn finish(
        self,
        resource: Option<usize>,
        params_type: Option<String>,
        api_name: &str,
        base_url: &str,
        servers: &[Server],
    ) -> Operation {
        let mut argument_docs: Vec<String> = self
            .params
            .iter()
            .filter(|param| param.location == ParameterLocation::Path)
            .map(|param| describe::argument_doc(&param.rust_name, &param.wire_name, &param.docs))
            .collect();
        let params_struct = params_type.map(|name| {
            argument_docs.push(describe::params_argument_doc(PARAMS_ARGUMENT, &name));
            ParamsStruct {
                docs: describe::params_struct_docs(&self.fn_name, &self.operation_id),
                argument: PARAMS_ARGUMENT.to_owned(),
                derives_default: self
                    .params
                    .iter()
                    .filter(|param| param.location != ParameterLocation::Path)
                    .all(|param| !param.required),
                name,
            }
        });
        if let Some(Body {
            media_type,
            kind: BodyKind::Argument(argument),
        }) = &self.body
        {
            argument_docs.push(describe::body_argument_doc(
                &argument.name,
                media_type,
                argument.required,
            ));
        }
        let server = self
            .server
            .and_then(|index| servers.get(index))
            .map(|server| (server.url.as_str(), server.credentialed));
        let docs = describe::method_docs(
            &self.summary,
            self.method,
            &self.path_template,
            &self.operation_id,
            &argument_docs,
            api_name,
            &describe::reply_docs(&self.success, self.redirects.as_ref(), server, base_url),
        );
        Operation {
            operation_id: self.operation_id,
            fn_name: self.fn_name,
            resource,
            method: self.method,
            server: self.server,
            path: self.path,
            path_template: self.path_template,
            fixed_query: self.fixed_query,
            docs,
            deprecated: self.deprecated,
            params: self.params,
            params_struct,
            body: self.body,
            success: self.success,
            redirects: self.redirects,
            error: self.error,
            location: self.location,
            schemas: self.schemas,
            table: self.table,
            // Recognised once the reply's type is finished (`pages::recognise`).
            pages: None,
        }
    }
}

/// How a media type travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum MediaKind {
    Json,
    /// `application/x-www-form-urlencoded`: request bodies only.
    Form,
    /// `multipart/form-data`: request bodies only.
    Multipart,
    Text,
    Bytes,
}

impl MediaKind {
    /// JSON as its type; forms and `multipart/form-data` as theirs (in requests); text as a
    /// string; other multipart types (`mixed`, `related`: parts without names) are not
    /// supported; anything else as bytes.
    fn of(media_type: &str) -> Option<Self> {
        let essence = media_type
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        if essence == "application/json" || essence.ends_with("+json") {
            Some(Self::Json)
        } else if essence.starts_with("text/")
            || essence == "application/xml"
            || essence.ends_with("+xml")
        {
            Some(Self::Text)
        } else if essence == "application/x-www-form-urlencoded" {
            Some(Self::Form)
        } else if essence == "multipart/form-data" {
            Some(Self::Multipart)
        } else if essence.starts_with("multipart/") {
            None
        } else {
            Some(Self::Bytes)
        }
    }

    /// Preference when several are offered: JSON (the one every type round-trips through),
    /// then a form (still typed), then multipart (typed where it names its parts), then text,
    /// then bytes.
    fn rank(self) -> u8 {
        match self {
            Self::Json => 0,
            Self::Form => 1,
            Self::Multipart => 2,
            Self::Text => 3,
            Self::Bytes => 4,
        }
    }
}

/// Picks the media type a body is sent as, preferring JSON, then a form, then text, then bytes. GET
/// fragments of some APIs declare an empty form body that must not be sent; such a body is
/// dropped rather than refused.
fn choose_body_media<'f>(
    content: &'f [MediaType],
    id: &str,
) -> Result<Option<(&'f MediaType, MediaKind)>, Diagnostic> {
    let sendable = content.iter().filter(|media| {
        let empty_form = media.media_type == "application/x-www-form-urlencoded"
            && media.schema.as_ref().is_none_or(|schema| {
                matches!(&schema.kind, SchemaKind::Object(object) if object.properties.is_empty())
            });
        !empty_form
    });
    preferred_media(sendable, "request bodies", id, true)
}

/// The body a reply carries, preferring JSON, then text, then bytes; `None` for no body.
fn reply_media<'r>(
    response: &'r Response,
    id: &str,
) -> Result<Option<(&'r MediaType, MediaKind)>, Diagnostic> {
    preferred_media(response.content.iter(), "replies", id, false)
}

/// The best of `content`. A media type that cannot be handled (multipart other than
/// `form-data`, and forms unless `forms` says they can be sent) is passed over when another is
/// offered, and refuses the whole only when it is all there is.
fn preferred_media<'m>(
    content: impl Iterator<Item = &'m MediaType>,
    what: &str,
    id: &str,
    forms: bool,
) -> Result<Option<(&'m MediaType, MediaKind)>, Diagnostic> {
    let mut chosen: Option<(&MediaType, MediaKind)> = None;
    let mut unhandled: Option<&MediaType> = None;
    for media in content {
        let handled = MediaKind::of(&media.media_type)
            .filter(|kind| forms || !matches!(kind, MediaKind::Form | MediaKind::Multipart));
        let Some(kind) = handled else {
            unhandled = unhandled.or(Some(media));
            continue;
        };
        if chosen.is_none_or(|(_, best)| kind.rank() < best.rank()) {
            chosen = Some((media, kind));
        }
    }
    match (chosen, unhandled) {
        (None, Some(media)) => Err(diagnostic(
            &media.location,
            id,
            format!(
                "{what} of type `{}` are not supported by this generator",
                media.media_type
            ),
        )),
        (chosen, _) => Ok(chosen),
    }
}

/// Path parameters are required; query parameters are form style or `deepObject` (which must
/// explode); header parameters simple. Other styles (`pipeDelimited`, …) and cookies are
/// refused where they are.
fn check_parameter_style(parameter: &Parameter, id: &str) -> Result<(), Diagnostic> {
    let style = parameter.style.as_deref().unwrap_or_default();
    let location = parameter.r#in.as_str();
    let problem = match parameter.r#in {
        ParameterLocation::Path if !parameter.required => {
            Some("a path parameter must say `required: true`".to_owned())
        }
        ParameterLocation::Path | ParameterLocation::Header if !matches!(style, "" | "simple") => {
            Some(format!(
                "`style: {style}` is not supported for {location} parameters by this generator (only `simple`)"
            ))
        }
        ParameterLocation::Query if !matches!(style, "" | "form" | "deepObject") => Some(format!(
            "`style: {style}` is not supported for query parameters by this generator (only `form` and `deepObject`)"
        )),
        ParameterLocation::Query if style == "deepObject" && parameter.explode == Some(false) => {
            Some("`style: deepObject` with `explode: false` has no defined form".to_owned())
        }
        ParameterLocation::Cookie => {
            Some("cookie parameters are not supported by this generator".to_owned())
        }
        _ => None,
    };
    match problem {
        Some(message) => Err(diagnostic(&parameter.location, id, message)),
        None => Ok(()),
    }
}

/// An operation's description and summary as Markdown, and its schemas as JSON text. They need
/// nothing of the type space, so they are written beside lowering, on the thread that parsed
/// the fragment: lowering is the one step that must run on one thread, and writing the schemas'
/// texts was a fifth of it.
pub(super) struct OperationTexts {
    /// The description, converted once since the method's docs and the table say it alike. Not
    /// through the cache: an operation's description is its own.
    description: String,
    summary: Option<String>,
    /// Every schema of its parameters, request bodies and responses, as [`RawSchemas::text`]
    /// writes it.
    schemas: WrittenSchemas,
}

impl OperationTexts {
    pub(super) fn of(fragment: &Fragment) -> Self {
        let mut schemas = WrittenSchemas::default();
        for parameter in &fragment.parameters {
            schemas.write(&parameter.raw_schema, false);
        }
        let bodies = fragment
            .request_body
            .iter()
            .map(|body| (&body.content, true));
        let responses = fragment
            .responses
            .iter()
            .map(|response| (&response.content, false));
        for (content, body) in bodies.chain(responses) {
            for schema in content.iter().filter_map(|media| media.raw_schema.as_ref()) {
                schemas.write(schema, body);
            }
        }
        Self {
            description: fragment
                .description
                .as_deref()
                .map(html_to_markdown)
                .unwrap_or_default(),
            summary: fragment.summary.as_deref().map(html_to_markdown),
            schemas,
        }
    }
}

/// Schemas as JSON text, each beside the schema it was written from; a request body's with the
/// spans of its properties ([`json_text_and_properties`]).
#[derive(Default)]
pub(super) struct WrittenSchemas {
    written: Vec<Written>,
}

/// One schema of [`WrittenSchemas`].
struct Written {
    schema: Arc<schemars::Schema>,
    /// Whether it is a request body's, written with its properties' spans.
    body: bool,
    text: String,
    spans: Vec<Range<usize>>,
}

impl WrittenSchemas {
    fn write(&mut self, schema: &Arc<schemars::Schema>, body: bool) {
        if self.position(schema, body).is_none() {
            self.written.push(Self::written(schema, body));
        }
    }

    fn written(schema: &Arc<schemars::Schema>, body: bool) -> Written {
        let (text, spans) = if body {
            json_text_and_properties(schema.as_value())
        } else {
            (super::kept(json_text(schema.as_value())), Vec::new())
        };
        Written {
            schema: Arc::clone(schema),
            body,
            text,
            spans,
        }
    }

    fn position(&self, schema: &Arc<schemars::Schema>, body: bool) -> Option<usize> {
        self.written
            .iter()
            .position(|written| written.body == body && Arc::ptr_eq(&written.schema, schema))
    }

    /// The text of `schema` and its properties' spans: taken if it was written, else written
    /// now (lowering chooses its schemas among those [`OperationTexts::of`] writes, so that is
    /// only a schema met twice).
    fn take(&mut self, schema: &Arc<schemars::Schema>, body: bool) -> (String, Vec<Range<usize>>) {
        let written = match self.position(schema, body) {
            Some(position) => self.written.swap_remove(position),
            None => Self::written(schema, body),
        };
        (written.text, written.spans)
    }
}

/// Lowers one fragment, or says every problem with it: its parameters, path, request body and
/// replies are lowered independently, so that each part that fails reports. `texts` are the
/// fragment's, [`OperationTexts::of`].
pub(super) fn operation(
    types: &mut TypeSpace,
    fragment: &Fragment,
    texts: OperationTexts,
    base_url: &str,
    servers: &[Server],
) -> Result<OperationDraft, Vec<Diagnostic>> {
    let id = fragment.operation_id.as_str();
    let type_root = camel_ident(id);
    let mut problems = Vec::new();
    let server_and_path = split_server(fragment, base_url, servers)
        .map(|(server, path_template)| (server, path_template.to_owned()));
    let (server, path_template) = match collect(server_and_path, &mut problems) {
        Some((server, path_template)) => (server, Some(path_template)),
        None => (None, None),
    };
    let parameters = parameters(types, fragment, &type_root).map_err(|mut found| {
        problems.append(&mut found);
    });
    // The path is checked against the parameters, so only once all of them are known.
    let path = match (&path_template, &parameters) {
        (Some(path_template), Ok((params, _))) => {
            let path = split_fixed_query(path_template, fragment).and_then(|(path_only, fixed)| {
                let slots: Vec<PathSlot> = params
                    .iter()
                    .map(|param| PathSlot {
                        wire_name: &param.wire_name,
                        location: param.location,
                    })
                    .collect();
                Ok((split_path(path_only, &slots, fragment)?, fixed))
            });
            collect(path, &mut problems)
        }
        _ => None,
    };
    let body = collect(request_body(types, fragment, &type_root), &mut problems);
    let mut response_schemas = Vec::new();
    let replies = responses(types, fragment, &type_root, &mut response_schemas);
    let replies = collect(replies, &mut problems);
    let (
        Some(path_template),
        Ok((params, parameter_schemas)),
        Some((path, fixed_query)),
        Some((body, request_body_schema)),
        Some((success, redirects, error)),
    ) = (path_template, parameters, path, body, replies)
    else {
        return Err(problems);
    };
    let schemas = RawSchemas {
        parameters: parameter_schemas,
        request_body: request_body_schema,
        responses: response_schemas,
    };
    let OperationTexts {
        description,
        summary,
        schemas: mut written,
    } = texts;
    let summary = describe::operation_summary(summary.as_deref(), Some(&description));
    let (texts, body_properties) = schemas.text(&mut written);
    let table = super::table::entry(
        fragment,
        description,
        &params,
        body.as_ref(),
        &schemas,
        &texts,
        &body_properties,
    );
    drop(schemas);
    let schemas = texts;
    Ok(OperationDraft {
        operation_id: id.to_owned(),
        fn_name: snake_ident(id),
        method: fragment.method,
        server,
        path,
        path_template,
        fixed_query,
        summary,
        deprecated: fragment.deprecated,
        params,
        body,
        success,
        redirects,
        error,
        location: fragment.location.clone(),
        schemas,
        table,
    })
}

/// An operation's schemas as the fragment holds them, while it is lowered: the table entry is
/// computed from these values and their text ([`RawSchemas::text`]), which the IR keeps, so
/// that the values go with their fragment, dropped once it is lowered.
pub(super) struct RawSchemas {
    /// Each parameter's `schema`, by wire name, in spec order.
    pub parameters: Vec<(String, Arc<schemars::Schema>)>,
    /// The request body's schema.
    pub request_body: Option<Arc<schemars::Schema>>,
    /// Each JSON response body's schema, in spec order.
    pub responses: Vec<RawResponse>,
}

/// One response's JSON body schema, as the fragment holds it, and the type that reads it.
pub(super) struct RawResponse {
    /// The status key as written.
    pub status: String,
    /// The body's schema.
    pub schema: Arc<schemars::Schema>,
    /// The type its values decode into.
    pub body_type: TypeRef,
}

impl RawSchemas {
    /// The IR's copy: each schema as compact JSON text, which emit writes as it is (and the
    /// table entry is written from), and where each of the request body's `properties` is in
    /// its text.
    fn text(&self, written: &mut WrittenSchemas) -> (OperationSchemas, Vec<Range<usize>>) {
        let (request_body, body_properties) = self
            .request_body
            .as_ref()
            .map(|schema| written.take(schema, true))
            .unzip();
        let mut text = |schema: &Arc<schemars::Schema>| written.take(schema, false).0;
        let texts = OperationSchemas {
            parameters: self
                .parameters
                .iter()
                .map(|(name, schema)| (name.clone(), text(schema)))
                .collect(),
            request_body,
            responses: self
                .responses
                .iter()
                .map(|response| ResponseSchema {
                    status: response.status.clone(),
                    schema: text(&response.schema),
                    body_type: response.body_type.clone(),
                })
                .collect(),
        };
        (texts, body_properties.unwrap_or_default())
    }
}

/// The value of `result`, or `None` with its problem added to `problems`.
fn collect<T>(result: Result<T, Diagnostic>, problems: &mut Vec<Diagnostic>) -> Option<T> {
    result.map_err(|problem| problems.push(problem)).ok()
}

#[allow(
    clippy::type_complexity,
    reason = "a private pair of what is lowered and what is kept verbatim"
)]
fn parameters(
    types: &mut TypeSpace,
    fragment: &Fragment,
    type_root: &str,
) -> Result<(Vec<Param>, Vec<(String, Arc<schemars::Schema>)>), Vec<Diagnostic>> {
    let id = fragment.operation_id.as_str();
    let mut params = Vec::new();
    let mut schemas = Vec::new();
    // Each parameter is lowered on its own, so that every bad one reports.
    let mut problems = Vec::new();
    for parameter in &fragment.parameters {
        if let Some(param) = collect(param(types, parameter, type_root, id), &mut problems) {
            params.push(param);
            schemas.push((parameter.name.clone(), parameter.raw_schema.clone()));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut rust_names: Vec<String> = params.iter().map(|param| param.rust_name.clone()).collect();
    // Every parameter becomes an argument or a field beside the `params` and `body` arguments,
    // in a method body that binds the request and its path.
    dedupe_in_order(
        &mut rust_names,
        &[
            BODY_ARGUMENT,
            PARAMS_ARGUMENT,
            REQUEST_BINDING,
            PATH_BINDING,
        ],
    );
    for (param, rust_name) in params.iter_mut().zip(rust_names) {
        param.rust_name = rust_name;
    }
    Ok((params, schemas))
}

/// One parameter: its type, how it is sent, its docs and the bounds checked before sending.
fn param(
    types: &mut TypeSpace,
    parameter: &Parameter,
    type_root: &str,
    id: &str,
) -> Result<Param, Diagnostic> {
    check_parameter_style(parameter, id)?;
    let name: Arc<str> = Arc::from(parameter.name.as_str());
    let context = Context {
        root: Arc::from(type_root),
        words: vec![Arc::clone(&name)],
        override_path: vec![Arc::from(id), Arc::from("parameters"), name],
        usage: Usage {
            request: true,
            response: false,
        },
        role: None,
        parts: Parts::Outside,
    };
    let mut ty = types.schema(&parameter.schema, &context, id)?;
    // A query or header cannot carry `null`: leaving the parameter out says it.
    if parameter.r#in != ParameterLocation::Path
        && let TypeRef::Nullable(inner) = ty
    {
        ty = *inner;
    }
    let sending = sending(types, parameter, &ty, id)?;
    let description = parameter
        .description
        .as_deref()
        .map(|html| types.markdown.convert(html))
        .unwrap_or_default();
    // Path parameters are documented in the method's argument list, the others as fields.
    let docs = match sending {
        Sending::Path(_) => description,
        _ => describe::param_docs(&description, &parameter.name, &ty, sending),
    };
    let checks = ty.value_checks();
    Ok(Param {
        wire_name: parameter.name.clone(),
        rust_name: snake_ident(&parameter.name),
        location: parameter.r#in,
        required: parameter.required,
        ty,
        docs,
        deprecated: parameter.deprecated,
        sending,
        checks,
    })
}

/// How a parameter of type `ty` is passed and sent, or why it cannot be: path and header values
/// are one string-like value; query values may also be lists of them, and objects (sent as JSON).
fn sending(
    types: &TypeSpace,
    parameter: &Parameter,
    ty: &TypeRef,
    id: &str,
) -> Result<Sending, Diagnostic> {
    // A scalar (a choice of scalars included) is sent as text; any other named type (an
    // object, a choice of objects) as JSON.
    let query_value = |ty: &TypeRef| {
        if let Some(text) = types.value_text(ty) {
            Some(QueryValue::Text(text))
        } else if matches!(ty, TypeRef::Named(_)) {
            Some(QueryValue::Json)
        } else {
            None
        }
    };
    let scalar = |ty: &TypeRef| types.value_text(ty);
    // A schema that says nothing of its values (`{}`, `true`, an array without `items`, an
    // object without properties) is a JSON value, which the style writes as it is when sent.
    let untyped = match ty {
        TypeRef::Any | TypeRef::Map(_) => true,
        TypeRef::Array(items, _) => **items == TypeRef::Any,
        _ => false,
    };
    let explode = parameter.explode.unwrap_or(true);
    let decided = match parameter.r#in {
        ParameterLocation::Path => scalar(ty).map(|text| {
            Sending::Path(match (ty, text) {
                (TypeRef::String(_), _) => PathValue::Text,
                (TypeRef::Named(_), ValueText::AsStr) => PathValue::StringLike,
                // Only choices are named types written as they display.
                (TypeRef::Named(_), ValueText::Display) => PathValue::Choice,
                _ => PathValue::Display,
            })
        }),
        // A header list is one comma-separated value (`style: simple`).
        ParameterLocation::Header if untyped => Some(Sending::Header(HeaderEncoding::Value {
            explode: parameter.explode.unwrap_or(false),
        })),
        ParameterLocation::Header => match ty {
            TypeRef::Array(items, _) => scalar(items).map(HeaderEncoding::Joined),
            other => scalar(other).map(HeaderEncoding::Single),
        }
        .map(Sending::Header),
        // Any value spreads into bracketed pairs; only `null` has none, refused when sent.
        ParameterLocation::Query if parameter.style.as_deref() == Some("deepObject") => {
            Some(Sending::Query(QueryEncoding::Deep))
        }
        ParameterLocation::Query if untyped => {
            Some(Sending::Query(QueryEncoding::Value { explode }))
        }
        ParameterLocation::Query => match ty {
            TypeRef::Array(items, _) if explode => query_value(items).map(QueryEncoding::EachItem),
            TypeRef::Array(items, _) => scalar(items).map(QueryEncoding::Joined),
            other => query_value(other).map(QueryEncoding::Single),
        }
        .map(Sending::Query),
        ParameterLocation::Cookie => None,
    };
    decided.ok_or_else(|| {
        diagnostic(
            &parameter.schema.location,
            id,
            format!(
                "a {} parameter of this type is not supported by this generator (path values must be one string, number, boolean or enum, or a `oneOf`/`anyOf` of those; header values may also be lists of them or any JSON value; query values may also be objects, lists of them and any JSON value)",
                parameter.r#in.as_str()
            ),
        )
    })
}

fn request_body(
    types: &mut TypeSpace,
    fragment: &Fragment,
    type_root: &str,
) -> Result<(Option<Body>, Option<Arc<schemars::Schema>>), Diagnostic> {
    let id = fragment.operation_id.as_str();
    let Some(request_body) = &fragment.request_body else {
        return Ok((None, None));
    };
    let Some((media, kind)) = choose_body_media(&request_body.content, id)? else {
        return Ok((None, None));
    };
    let argument = |format: BodyFormat| {
        // A struct body checks its own fields; a bare list or scalar is checked by the method.
        let checks = match &format {
            BodyFormat::Json(ty) | BodyFormat::Form { ty, .. } => ty.value_checks(),
            _ => Vec::new(),
        };
        BodyKind::Argument(BodyArgument {
            name: BODY_ARGUMENT.to_owned(),
            required: request_body.required,
            format,
            checks,
        })
    };
    let body = |kind: BodyKind| Body {
        media_type: media.media_type.clone(),
        kind,
    };
    let raw_schema = media.raw_schema.clone();
    let format = match kind {
        MediaKind::Form => form_format(types, media, type_root, id)?,
        MediaKind::Multipart => multipart_format(types, media, type_root, id)?,
        MediaKind::Text => BodyFormat::Text,
        MediaKind::Bytes => BodyFormat::Bytes,
        MediaKind::Json => {
            let schema = media.schema.as_ref().ok_or_else(|| {
                diagnostic(&media.location, id, "a JSON request body needs a `schema`")
            })?;
            if let SchemaKind::Object(object) = &schema.kind
                && object.properties.is_empty()
                && object.closed
            {
                return Ok((Some(body(BodyKind::EmptyObject)), raw_schema));
            }
            BodyFormat::Json(types.schema(schema, &body_context(type_root, id), id)?)
        }
    };
    Ok((Some(body(argument(format))), raw_schema))
}

/// Where a request body's type is rooted: `<Op>Request`, sent, never received.
fn body_context(type_root: &str, id: &str) -> Context {
    Context::root(
        &format!("{type_root}Request"),
        &[id, "request"],
        Usage {
            request: true,
            response: false,
        },
        Some(Role {
            kind: RoleKind::RequestBody,
            operation_id: id.to_owned(),
        }),
    )
}

/// A form body: an object whose every property is one scalar or a list of scalars, which
/// OpenAPI's form defaults (`style: form`, `explode: true`) write as one pair per value, or is
/// named in the body's `encoding` with `style: deepObject`, which spreads any value into
/// bracketed pairs. Other shapes are refused where they are: a nested object without
/// `deepObject` would be spread into the form beside the body's own properties, a list of lists
/// or objects has no form encoding, and `null` cannot be written at all.
fn form_format(
    types: &mut TypeSpace,
    media: &MediaType,
    type_root: &str,
    id: &str,
) -> Result<BodyFormat, Diagnostic> {
    let schema = media
        .schema
        .as_ref()
        .ok_or_else(|| diagnostic(&media.location, id, "a form request body needs a `schema`"))?;
    let ty = types.schema(schema, &body_context(type_root, id), id)?;
    let Some((fields, open)) = types.struct_fields(&ty) else {
        return Err(diagnostic(
            &schema.location,
            id,
            "a form request body must be an object with `properties`",
        ));
    };
    if open {
        return Err(diagnostic(
            &schema.location,
            id,
            "a form request body with `additionalProperties` or `oneOf`/`anyOf` forms is not supported by this generator: list its fields in `properties`",
        ));
    }
    let names: Vec<&str> = fields
        .iter()
        .map(|field| field.wire_name.as_str())
        .collect();
    let deep_object = form_deep_object(media, &names, id)?;
    for field in fields {
        if deep_object.contains(&field.wire_name) {
            continue;
        }
        let sendable = match &field.ty {
            TypeRef::Array(items, _) => types.value_text(items).is_some(),
            other => types.value_text(other).is_some(),
        };
        if !sendable {
            // The property itself where the body lists it; the body where it comes from `allOf`.
            let declared = match &schema.kind {
                SchemaKind::Object(object) => object
                    .properties
                    .iter()
                    .find(|(name, _)| *name == field.wire_name),
                _ => None,
            };
            let location = declared.map_or(&schema.location, |(_, property)| &property.location);
            return Err(diagnostic(
                location,
                id,
                format!(
                    "the form field `{}` is not supported by this generator: a form (`application/x-www-form-urlencoded`) carries strings, numbers, booleans, enums, choices of those and lists of them, never `null`, unless the body's `encoding` gives the field `style: deepObject`; send JSON or multipart for other shapes",
                    field.wire_name
                ),
            ));
        }
    }
    Ok(BodyFormat::Form { ty, deep_object })
}

/// A `multipart/form-data` body. An object names its parts: each property is one part, or one
/// per item of a list, written as OpenAPI's defaults say (a `format: binary` string is a file
/// sent as `application/octet-stream`, a scalar is text, anything else JSON) unless its
/// `encoding` gives `style: deepObject` (Stripe's nested fields: bracketed text parts, as in a
/// form) or a `contentType`. A string whose schema says nothing of its text is a file part too
/// (`TypeSpace::string`), text unless the caller names a file, since an upload's description
/// may leave `format: binary` off. A schema that names no parts (Jira's attachments: one binary
/// string) leaves them to the caller.
fn multipart_format(
    types: &mut TypeSpace,
    media: &MediaType,
    type_root: &str,
    id: &str,
) -> Result<BodyFormat, Diagnostic> {
    let schema = media.schema.as_ref().ok_or_else(|| {
        diagnostic(
            &media.location,
            id,
            "a multipart request body needs a `schema`",
        )
    })?;
    if !matches!(schema.kind, SchemaKind::Object(_) | SchemaKind::AllOf(_)) {
        if let Some(encoding) = media.encoding.first() {
            return Err(diagnostic(
                &encoding.location,
                id,
                format!(
                    "the `encoding` of `{}` names a part, but the multipart body's schema is not an object with properties",
                    encoding.property
                ),
            ));
        }
        return Ok(BodyFormat::MultipartParts);
    }
    let mut context = body_context(type_root, id);
    // A part the `encoding` declares text is text, whatever its schema leaves unsaid.
    let text = media
        .encoding
        .iter()
        .filter(|encoding| {
            part_content_type(encoding).is_some_and(|content_type| {
                content_type
                    .get(..5)
                    .is_some_and(|kind| kind.eq_ignore_ascii_case("text/"))
            })
        })
        .map(|encoding| encoding.property.clone())
        .collect();
    context.parts = Parts::Body { text };
    let ty = types.schema(schema, &context, id)?;
    let Some((fields, open)) = types.struct_fields(&ty) else {
        return Ok(BodyFormat::MultipartParts);
    };
    if open {
        return Err(diagnostic(
            &schema.location,
            id,
            "a multipart request body with `additionalProperties` or `oneOf`/`anyOf` forms is not supported by this generator: list its parts in `properties`",
        ));
    }
    let names: Vec<&str> = fields
        .iter()
        .map(|field| field.wire_name.as_str())
        .collect();
    let encodings = part_encodings(media, &names, id)?;
    let binary = binary_parts(schema);
    let parts = fields
        .iter()
        .map(|field| {
            let (deep, content_type) = encodings
                .iter()
                .find(|(name, _, _)| *name == field.wire_name)
                .map_or((false, None), |(_, deep, content_type)| {
                    (*deep, content_type.clone())
                });
            let json_type = content_type
                .as_deref()
                .is_some_and(|content_type| MediaKind::of(content_type) == Some(MediaKind::Json));
            let mut content_type = content_type;
            let encoding = if deep {
                PartEncoding::Deep
            } else if holds_files(&field.ty) {
                // OpenAPI's default for `format: binary`; a file part the schema leaves
                // unsaid is text by default, unless the caller names a file (see the runtime).
                if binary.contains(&field.wire_name) {
                    content_type.get_or_insert_with(|| "application/octet-stream".to_owned());
                }
                PartEncoding::File
            } else if !json_type && part_text(types, &field.ty) {
                PartEncoding::Text
            } else {
                PartEncoding::Json
            };
            MultipartField {
                wire_name: field.wire_name.clone(),
                encoding,
                content_type,
            }
        })
        .collect();
    Ok(BodyFormat::Multipart { ty, parts })
}

/// The properties of a multipart body whose schema (or its items' schema) says
/// `format: binary`, in every object part of an `allOf` too.
fn binary_parts(schema: &Schema) -> Vec<String> {
    fn binary(schema: &Schema) -> bool {
        match &schema.kind {
            SchemaKind::String(string) => string.format.as_deref() == Some("binary"),
            SchemaKind::Array(items, _) => binary(items),
            _ => false,
        }
    }
    match &schema.kind {
        SchemaKind::Object(object) => object
            .properties
            .iter()
            .filter(|(_, property)| binary(property))
            .map(|(name, _)| name.clone())
            .collect(),
        SchemaKind::AllOf(parts) => parts.iter().flat_map(binary_parts).collect(),
        _ => Vec::new(),
    }
}

/// Whether a part's value is files: one, an optional one, or a list of them.
fn holds_files(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::File => true,
        TypeRef::Nullable(inner) | TypeRef::Array(inner, _) => holds_files(inner),
        _ => false,
    }
}

/// Whether a part's value is written as text: a scalar (a choice of scalars included), or a list
/// of them, one part per item.
fn part_text(types: &TypeSpace, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Nullable(inner) | TypeRef::Array(inner, _) => part_text(types, inner),
        other => types.value_text(other).is_some(),
    }
}

/// What a multipart body's `encoding` says of each part it names: whether it is spread as
/// `style: deepObject`, and its `contentType` when that names one media type (a list or a
/// wildcard says which types the server accepts, not which one is sent, so the part keeps its
/// default). `style: form` with `explode: true` changes nothing; other styles and
/// `explode: false` are refused where they are written. `allowReserved` applies to forms only.
fn part_encodings(
    media: &MediaType,
    properties: &[&str],
    id: &str,
) -> Result<Vec<(String, bool, Option<String>)>, Diagnostic> {
    let mut encodings = Vec::new();
    for encoding in &media.encoding {
        let refuse = |key: &str, message: String| {
            Err(diagnostic(&encoding.location.child(key), id, message))
        };
        if !properties.contains(&encoding.property.as_str()) {
            return Err(diagnostic(
                &encoding.location,
                id,
                format!(
                    "the `encoding` of `{}` names no property of the multipart body",
                    encoding.property
                ),
            ));
        }
        let deep = match (encoding.style.as_deref(), encoding.explode) {
            (None | Some("form"), None | Some(true)) => false,
            (Some("deepObject"), None | Some(true)) => true,
            (Some("deepObject"), Some(false)) => {
                return refuse(
                    "explode",
                    "`style: deepObject` with `explode: false` has no defined form".to_owned(),
                );
            }
            (None | Some("form"), Some(false)) => {
                return refuse(
                    "explode",
                    "`explode: false` in a multipart body's `encoding` is not supported by this generator".to_owned(),
                );
            }
            (Some(style), _) => {
                return refuse(
                    "style",
                    format!(
                        "`style: {style}` in a multipart body's `encoding` is not supported by this generator (only `form` and `deepObject`)"
                    ),
                );
            }
        };
        let content_type = part_content_type(encoding).map(str::to_owned);
        encodings.push((encoding.property.clone(), deep, content_type));
    }
    Ok(encodings)
}

/// The one media type an `encoding` entry's `contentType` names, if it names one: a list or a
/// wildcard says which types the server accepts, not which one is sent.
fn part_content_type(encoding: &Encoding) -> Option<&str> {
    encoding
        .content_type
        .as_deref()
        .map(str::trim)
        .filter(|content_type| !content_type.contains([',', '*']) && !content_type.is_empty())
}

/// The properties of a form body that its `encoding` sends as `style: deepObject`, in spec
/// order. `style: form` with `explode: true` (the default) changes nothing; anything else a
/// form's `encoding` can say (`explode: false`, the delimited styles, `contentType`,
/// `allowReserved: true`) and an entry naming no property are refused where they are written.
fn form_deep_object(
    media: &MediaType,
    properties: &[&str],
    id: &str,
) -> Result<Vec<String>, Diagnostic> {
    let mut deep_object = Vec::new();
    for encoding in &media.encoding {
        let refuse = |key: &str, message: String| {
            Err(diagnostic(&encoding.location.child(key), id, message))
        };
        if !properties.contains(&encoding.property.as_str()) {
            return Err(diagnostic(
                &encoding.location,
                id,
                format!(
                    "the `encoding` of `{}` names no property of the form body",
                    encoding.property
                ),
            ));
        }
        if encoding.content_type.is_some() {
            return refuse(
                "contentType",
                "`contentType` in the `encoding` of a form field is not supported by this generator (it applies to multipart parts)".to_owned(),
            );
        }
        if encoding.allow_reserved == Some(true) {
            return refuse(
                "allowReserved",
                "`allowReserved: true` is not supported by this generator: form values are always percent-encoded".to_owned(),
            );
        }
        match (encoding.style.as_deref(), encoding.explode) {
            (None | Some("form"), None | Some(true)) => {}
            (Some("deepObject"), None | Some(true)) => deep_object.push(encoding.property.clone()),
            (Some("deepObject"), Some(false)) => {
                return refuse(
                    "explode",
                    "`style: deepObject` with `explode: false` has no defined form".to_owned(),
                );
            }
            (None | Some("form"), Some(false)) => {
                return refuse(
                    "explode",
                    "`explode: false` in a form body's `encoding` is not supported by this generator".to_owned(),
                );
            }
            (Some(style), _) => {
                return refuse(
                    "style",
                    format!(
                        "`style: {style}` in a form body's `encoding` is not supported by this generator (only `form` and `deepObject`)"
                    ),
                );
            }
        }
    }
    Ok(deep_object)
}

/// The success reply, the declared `3XX` outcomes and the error body type. Every 2XX is a
/// success, every 3XX an outcome the caller matches on; 4XX, 5XX and `default` are errors. An
/// operation without a 2XX answers with the raw reply, one whose only success is `101` with the
/// upgraded connection; other 1XX statuses are refused.
#[allow(
    clippy::type_complexity,
    reason = "a private triple of the three parts of a reply"
)]
fn responses(
    types: &mut TypeSpace,
    fragment: &Fragment,
    type_root: &str,
    schemas: &mut Vec<RawResponse>,
) -> Result<(Reply, Option<Redirects>, TypeRef), Diagnostic> {
    let id = fragment.operation_id.as_str();
    let (mut successes, mut redirects, mut errors, mut switching) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for response in &fragment.responses {
        match response.status.chars().next() {
            Some('2') => successes.push(response),
            Some('3') => redirects.push(response),
            Some('4' | '5') => errors.push(response),
            _ if response.status == "default" => errors.push(response),
            _ if response.status == "101" => switching.push(response),
            _ => {
                return Err(diagnostic(
                    &response.location,
                    id,
                    format!(
                        "a `{}` response is not supported by this generator (only 101, 2XX, 3XX, 4XX, 5XX and `default`)",
                        response.status
                    ),
                ));
            }
        }
    }
    if let Some(switch) = switching.first() {
        if !successes.is_empty() || !redirects.is_empty() {
            return Err(diagnostic(
                &switch.location,
                id,
                "a `101` response beside 2XX or 3XX responses is not supported by this generator: the method returns either the switched connection or a reply, so declare `101` as the only success",
            ));
        }
        let asks_for_protocol = fragment.parameters.iter().any(|parameter| {
            parameter.r#in == ParameterLocation::Header
                && parameter.name.eq_ignore_ascii_case("upgrade")
        });
        if !asks_for_protocol {
            return Err(diagnostic(
                &switch.location,
                id,
                "a `101 Switching Protocols` operation must declare an `Upgrade` header parameter naming the protocol it asks for (and any header its handshake needs): the client sends only what the fragment declares",
            ));
        }
        let error = error_type(types, &errors, type_root, id, schemas)?;
        return Ok((Reply::Upgrade, None, error));
    }
    if successes.is_empty() {
        // Without a 2XX the spec says nothing about a successful reply; its 3XX replies are
        // handed over whole like any other.
        let error = error_type(types, &errors, type_root, id, schemas)?;
        return Ok((Reply::Raw, None, error));
    }
    let success = success_reply(types, &successes, type_root, id, schemas)?;
    let redirects = redirect_replies(types, &redirects, type_root, id, schemas)?;
    let error = error_type(types, &errors, type_root, id, schemas)?;
    Ok((success, redirects, error))
}

/// The declared 3XX replies: their statuses, and one JSON type for the bodies they declare (a
/// choice when they differ, `Option` when some have none). A `304` never has a body; text or
/// bytes beside a redirect (an HTML note) are not read: its `Location` is what counts.
fn redirect_replies(
    types: &mut TypeSpace,
    redirects: &[&Response],
    type_root: &str,
    id: &str,
    schemas: &mut Vec<RawResponse>,
) -> Result<Option<Redirects>, Diagnostic> {
    let Some(first) = redirects.first() else {
        return Ok(None);
    };
    let several = redirects
        .iter()
        .filter(|response| response.status != "304")
        .count()
        > 1;
    let (mut statuses, mut distinct, mut some_empty) = (Vec::new(), Vec::new(), false);
    for response in redirects {
        let status = status_match(response, id)?;
        statuses.push(status);
        if status == StatusMatch::Exact(304) {
            continue;
        }
        let Some((media, MediaKind::Json)) = reply_media(response, id)? else {
            some_empty = true;
            continue;
        };
        let root = if several {
            format!(
                "{type_root}Redirect{}",
                response.status.to_ascii_lowercase()
            )
        } else {
            format!("{type_root}Redirect")
        };
        let ty = reply_body(
            types,
            response,
            media,
            &root,
            RoleKind::Redirect,
            id,
            schemas,
        )?;
        if !distinct.contains(&ty) {
            distinct.push(ty);
        }
    }
    let context = reply_context(&format!("{type_root}Redirect"), RoleKind::Redirect, id);
    let body = types
        .choice(distinct, &first.location, &context)
        .map(|ty| match ty {
            ty if some_empty && !matches!(ty, TypeRef::Nullable(_)) => {
                TypeRef::Nullable(Box::new(ty))
            }
            ty => ty,
        });
    Ok(Some(Redirects { statuses, body }))
}

/// One JSON type for all 2XX bodies (a choice when they differ, `Option` when some reply has no
/// body), or text or bytes when that is what every success carries.
fn success_reply(
    types: &mut TypeSpace,
    successes: &[&Response],
    type_root: &str,
    id: &str,
    schemas: &mut Vec<RawResponse>,
) -> Result<Reply, Diagnostic> {
    let mut chosen = Vec::with_capacity(successes.len());
    for response in successes {
        chosen.push((*response, reply_media(response, id)?));
    }
    let raw: Vec<(&MediaType, MediaKind)> = chosen
        .iter()
        .filter_map(|(_, media)| *media)
        .filter(|(_, kind)| *kind != MediaKind::Json)
        .collect();
    if let Some((media, kind)) = raw.first() {
        if chosen
            .iter()
            .any(|(_, other)| other.is_some_and(|(_, other)| other != *kind))
        {
            return Err(diagnostic(
                &successes[0].location,
                id,
                "success replies that mix JSON, text and bytes are not supported by this generator",
            ));
        }
        let media_type = media.media_type.clone();
        return Ok(if *kind == MediaKind::Text {
            Reply::Text(media_type)
        } else {
            Reply::Bytes(media_type)
        });
    }
    let several = successes.len() > 1;
    let mut distinct = Vec::new();
    let mut some_empty = false;
    for (response, media) in chosen {
        let Some((media, _)) = media else {
            some_empty = true;
            continue;
        };
        let root = if several {
            format!("{type_root}Response{}", response.status)
        } else {
            format!("{type_root}Response")
        };
        let ty = reply_body(
            types,
            response,
            media,
            &root,
            RoleKind::Success,
            id,
            schemas,
        )?;
        if !distinct.contains(&ty) {
            distinct.push(ty);
        }
    }
    let context = reply_context(&format!("{type_root}Response"), RoleKind::Success, id);
    let ty = types.choice(distinct, &successes[0].location, &context);
    Ok(Reply::Json(match ty {
        // An empty body reads as JSON `null`.
        Some(ty) if some_empty && !matches!(ty, TypeRef::Nullable(_)) => {
            Some(TypeRef::Nullable(Box::new(ty)))
        }
        other => other,
    }))
}

/// The type of the JSON error bodies: the one type every error status carries, or a type that
/// reads the body by status when they differ; any JSON when none is declared. Error replies
/// without a JSON body are not typed; the runtime reports them as unexpected.
fn error_type(
    types: &mut TypeSpace,
    errors: &[&Response],
    type_root: &str,
    id: &str,
    schemas: &mut Vec<RawResponse>,
) -> Result<TypeRef, Diagnostic> {
    let mut json_errors = Vec::new();
    for response in errors {
        if let Some((media, MediaKind::Json)) = reply_media(response, id)? {
            json_errors.push((*response, media));
        }
    }
    let several = json_errors.len() > 1;
    let mut by_type: Vec<(TypeRef, Vec<StatusMatch>)> = Vec::new();
    for (response, media) in &json_errors {
        let status = status_match(response, id)?;
        let root = if several {
            // `404`, `4xx`, `Default`: a status reads as itself, not as a word.
            let status = if response.status.starts_with(|c: char| c.is_ascii_digit()) {
                response.status.to_ascii_lowercase()
            } else {
                camel_ident(&response.status)
            };
            format!("{type_root}Error{status}")
        } else {
            format!("{type_root}Error")
        };
        let ty = reply_body(
            types,
            response,
            media,
            &root,
            RoleKind::ErrorReply,
            id,
            schemas,
        )?;
        match by_type.iter_mut().find(|(known, _)| *known == ty) {
            Some((_, statuses)) => statuses.push(status),
            None => by_type.push((ty, vec![status])),
        }
    }
    Ok(match by_type.len() {
        0 => TypeRef::Any,
        1 => by_type.remove(0).0,
        _ => {
            let context = reply_context(&format!("{type_root}Error"), RoleKind::ErrorReply, id);
            types.by_status(by_type, &json_errors[0].0.location, &context)
        }
    })
}

/// The statuses an error response key stands for: `404`, `4XX` or `default`.
fn status_match(response: &Response, id: &str) -> Result<StatusMatch, Diagnostic> {
    let key = response.status.as_str();
    if key == "default" {
        return Ok(StatusMatch::Default);
    }
    if let Ok(status) = key.parse::<u16>()
        && (100..=599).contains(&status)
    {
        return Ok(StatusMatch::Exact(status));
    }
    match key.as_bytes() {
        [class @ b'1'..=b'5', b'X' | b'x', b'X' | b'x'] => {
            Ok(StatusMatch::Class(u16::from(class - b'0')))
        }
        _ => Err(diagnostic(
            &response.location,
            id,
            format!("`{key}` is not a status code, a class such as `4XX`, or `default`"),
        )),
    }
}

/// The context of a reply type rooted at `root`: received, never sent.
fn reply_context(root: &str, role: RoleKind, id: &str) -> Context {
    Context::root(
        root,
        &[id, root],
        Usage {
            request: false,
            response: true,
        },
        Some(Role {
            kind: role,
            operation_id: id.to_owned(),
        }),
    )
}

/// The type of one reply's JSON body.
fn reply_body(
    types: &mut TypeSpace,
    response: &Response,
    media: &MediaType,
    root: &str,
    role: RoleKind,
    id: &str,
    schemas: &mut Vec<RawResponse>,
) -> Result<TypeRef, Diagnostic> {
    let Some(schema) = &media.schema else {
        return Ok(TypeRef::Any);
    };
    let role_name = match role {
        RoleKind::Success | RoleKind::RequestBody => "response",
        RoleKind::Redirect => "redirect",
        RoleKind::ErrorReply => "error",
    };
    let context = Context::root(
        root,
        &[id, role_name],
        Usage {
            request: false,
            response: true,
        },
        Some(Role {
            kind: role,
            operation_id: id.to_owned(),
        }),
    );
    let ty = types.schema(schema, &context, id)?;
    if let Some(raw) = &media.raw_schema {
        schemas.push(RawResponse {
            status: response.status.clone(),
            schema: raw.clone(),
            body_type: ty.clone(),
        });
    }
    Ok(ty)
}
