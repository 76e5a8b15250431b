//! Layer 2: fragments → [`Api`]. Decides every type, every name and every documentation string.
//!
//! Types are deduplicated structurally across all fragments: two schemas that describe the same
//! values (same shape, same constraints, same title, same documentation of their parts) become
//! one type wherever they occur. A schema's own `description` belongs to the place that uses it
//! (the field, the parameter), not to the type, so the same enum documented differently in two
//! operations is still one type.
//!
//! Names are chosen after every type is known, from ranked sources: a configured override, then
//! the schema's `title`, then the shortest suffix of the property path that no other type needs,
//! then the operation-qualified path; a numeric suffix only when all of those collide.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::config::Config;
use crate::docs::html_to_markdown;
use crate::error::{Diagnostic, Error, Location};
use crate::ir::{
    Api, Body, BodyFormat, EnumDef, Field, NewtypeDef, OneOfDef, OneOfVariant, Operation,
    OperationSchemas, Param, PathPart, Reply, StructDef, TypeDef, TypeId, TypeKind, TypeRef, Usage,
    Variant,
};
use crate::naming::{
    RESERVED_TYPE_NAMES, camel_ident, dedupe_in_order, is_type_ident, singular, snake_ident,
};
use crate::parse::{
    Fragment, MediaType, ObjectSchema, Parameter, Response, Schema, SchemaKind, StringSchema,
};
use crate::spec::{ParameterLocation, PropertyBounds};

/// Lowers parsed fragments, which must be sorted by `operationId`, into the IR.
///
/// # Errors
/// The first construct that cannot be lowered, with its location.
pub fn lower(fragments: &[Fragment], config: &Config, base_url: &str) -> Result<Api, Error> {
    let base_url = base_url.trim_end_matches('/');
    let mut lowerer = Lowerer {
        config,
        base_url,
        markdown: MarkdownCache::default(),
        drafts: Vec::new(),
        index: HashMap::new(),
    };
    let mut operations = Vec::with_capacity(fragments.len());
    for fragment in fragments {
        operations.push(lowerer.operation(fragment)?);
    }
    check_method_names(&operations, fragments)?;
    let names = assign_names(&lowerer.drafts, config)?;
    name_params_types(&mut operations, &names);
    let variant_names: Vec<Vec<String>> = lowerer
        .drafts
        .iter()
        .map(|draft| match &draft.kind {
            TypeKind::OneOf(one_of) => one_of_variant_names(one_of, &names),
            _ => Vec::new(),
        })
        .collect();
    let types = lowerer
        .drafts
        .into_iter()
        .zip(names)
        .zip(variant_names)
        .map(|((draft, name), variant_names)| draft.finish(name, variant_names))
        .collect();
    Ok(Api {
        base_url: base_url.to_owned(),
        operations,
        types,
    })
}

/// Variant names for a `oneOf`: the name of each alternative's type (`Cat(Cat)`), or what it is
/// (`String(String)`, `StringList(Vec<String>)`), numbered where two alternatives would share one.
fn one_of_variant_names(one_of: &OneOfDef, type_names: &[String]) -> Vec<String> {
    fn describe(ty: &TypeRef, type_names: &[String]) -> String {
        match ty {
            TypeRef::Named(id) => type_names[id.0].clone(),
            TypeRef::String(_) => "String".to_owned(),
            TypeRef::Integer(_) => "Integer".to_owned(),
            TypeRef::Number(_) => "Number".to_owned(),
            TypeRef::Boolean => "Boolean".to_owned(),
            TypeRef::Array(items, _) => format!("{}List", describe(items, type_names)),
            TypeRef::Nullable(inner) => describe(inner, type_names),
            TypeRef::MapOf(..) | TypeRef::Map(_) => "Map".to_owned(),
            TypeRef::Any => "Value".to_owned(),
        }
    }
    let mut names: Vec<String> = one_of
        .variants
        .iter()
        .map(|variant| describe(&variant.ty, type_names))
        .collect();
    dedupe_in_order(&mut names, &[]);
    names
}

/// Names the struct of each operation's query and header parameters `<Operation>Params`, clear
/// of every type name.
fn name_params_types(operations: &mut [Operation], type_names: &[String]) {
    let wanted: Vec<usize> = (0..operations.len())
        .filter(|index| {
            operations[*index]
                .params
                .iter()
                .any(|param| param.location != ParameterLocation::Path)
        })
        .collect();
    let mut names: Vec<String> = wanted
        .iter()
        .map(|index| format!("{}Params", camel_ident(&operations[*index].operation_id)))
        .collect();
    let mut taken: Vec<&str> = type_names.iter().map(String::as_str).collect();
    taken.extend_from_slice(RESERVED_TYPE_NAMES);
    dedupe_in_order(&mut names, &taken);
    for (index, name) in wanted.into_iter().zip(names) {
        operations[index].params_type = Some(name);
    }
}

/// Structural identity of a type. Child types appear as already-deduplicated [`TypeRef`]s, so
/// comparing keys is shallow.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[allow(
    clippy::large_enum_variant,
    reason = "one per generated type, as a map key; boxing would only add indirection"
)]
enum TypeKey {
    Struct {
        title: Option<String>,
        fields: Vec<FieldKey>,
        closed: bool,
        additional: Option<TypeRef>,
        bounds: PropertyBounds,
        forms: Option<TypeRef>,
        /// An untitled request body or reply belongs to its operation: two operations that
        /// happen to return the same shape still get a `…Response` each, named after them.
        operation_root: Option<String>,
    },
    Enum {
        title: Option<String>,
        values: Vec<String>,
    },
    OneOf {
        title: Option<String>,
        variants: Vec<TypeRef>,
    },
    /// Constrained strings that look alike (every 20-character ID) are told apart by their
    /// title, or failing that their property name: `item_id` and `api_call_id` are different
    /// kinds of ID even though both are 20 characters.
    Newtype {
        identity: String,
        constraints: StringSchema,
    },
}

/// What makes a property part of its object's identity: everything but the derived names and
/// docs, which are computed once per type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "mirrors JSON Schema's independent boolean keywords"
)]
struct FieldKey {
    wire_name: String,
    required: bool,
    ty: TypeRef,
    description: Option<String>,
    deprecated: bool,
    default: Option<String>,
    read_only: bool,
    write_only: bool,
}

/// Where a schema was met, for naming and documentation.
#[derive(Clone, Debug)]
struct Context {
    /// The name of the root type (`TriggerAiVoiceAgentRequest`) or, for parameters, the
    /// operation's name, which qualifies a path name when nothing shorter is unique.
    root: String,
    /// Property names from the root, array items named by the singular of their property.
    words: Vec<String>,
    /// The same path as overrides spell it: `operationId`, role, property names, `items`.
    override_path: Vec<String>,
    usage: Usage,
    /// A sentence about the root's role, e.g. "The request body of `TriggerAIVoiceAgent`."
    role: Option<Role>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum RoleKind {
    RequestBody,
    Success,
    ErrorReply,
}

#[derive(Clone, Debug)]
struct Role {
    kind: RoleKind,
    operation_id: String,
}

impl Context {
    fn child(&self, property: &str) -> Self {
        let mut child = self.clone();
        child.words.push(property.to_owned());
        child.override_path.push(property.to_owned());
        child.role = None;
        child
    }

    fn items(&self) -> Self {
        let mut child = self.clone();
        match child.words.last_mut() {
            Some(last) => *last = singular(last),
            None => child.words.push("item".to_owned()),
        }
        child.override_path.push("items".to_owned());
        child.role = None;
        child
    }
}

/// A type before naming: what it is, and everything learnt about it from each occurrence.
struct Draft {
    kind: TypeKind,
    /// The property paths it occurs at, each with the root of its first occurrence, for naming.
    hints: BTreeMap<Vec<String>, String>,
    /// The configured name overrides whose path matches an occurrence, by index.
    overrides: BTreeSet<usize>,
    title: Option<String>,
    /// Distinct descriptions of the places that use it.
    descriptions: BTreeSet<String>,
    roles: BTreeMap<RoleKind, BTreeSet<String>>,
    usage: Usage,
    origins: BTreeSet<Location>,
}

/// Candidate names for a type met at `words` below `root`, from the shortest suffix of the
/// property path to the operation-qualified path.
fn path_candidates(words: &[String], root: &str) -> Vec<String> {
    if words.is_empty() {
        return vec![root.to_owned()];
    }
    let mut candidates: Vec<String> = (1..=words.len())
        .map(|take| camel_ident(&words[words.len() - take..].join("_")))
        .collect();
    candidates.push(format!("{root}{}", camel_ident(&words.join("_"))));
    candidates
}

impl Draft {
    fn finish(self, name: String, variant_names: Vec<String>) -> TypeDef {
        let docs = self.docs(&name);
        let mut kind = self.kind;
        if let TypeKind::OneOf(one_of) = &mut kind {
            for (variant, rust_name) in one_of.variants.iter_mut().zip(variant_names) {
                variant.rust_name = rust_name;
            }
        }
        if let TypeKind::Enum(definition) = &mut kind
            && self.usage.response
        {
            let taken: Vec<&str> = definition
                .variants
                .iter()
                .map(|variant| variant.rust_name.as_str())
                .collect();
            // `Unknown` reads best; an enum that lists `unknown` itself gets `Unlisted`.
            let mut catch_all = vec![
                ["Unknown", "Unlisted"]
                    .into_iter()
                    .find(|name| !taken.contains(name))
                    .unwrap_or("Unlisted")
                    .to_owned(),
            ];
            dedupe_in_order(&mut catch_all, &taken);
            definition.catch_all = catch_all.pop();
        }
        TypeDef {
            name,
            docs,
            kind,
            usage: self.usage,
            origins: self.origins.into_iter().collect(),
        }
    }

    fn docs(&self, name: &str) -> String {
        let mut paragraphs = Vec::new();
        for (role, operations) in &self.roles {
            let list = english_list(operations.iter().map(|id| format!("`{id}`")).collect());
            paragraphs.push(match role {
                RoleKind::RequestBody => format!("The request body of {list}."),
                RoleKind::Success => format!("The successful reply of {list}."),
                RoleKind::ErrorReply => format!("The error reply of {list}."),
            });
        }
        let described: Vec<&String> = self
            .descriptions
            .iter()
            .filter(|text| !text.trim().is_empty())
            .collect();
        if let [description] = described.as_slice() {
            let markdown = html_to_markdown(description);
            if !markdown.is_empty() {
                paragraphs.push(markdown);
            }
        }
        if paragraphs.is_empty() {
            if let Some(title) = &self.title {
                paragraphs.push(format!("{}.", html_to_markdown(title)));
            } else {
                let property = self
                    .hints
                    .keys()
                    .next()
                    .and_then(|words| words.last())
                    .map_or_else(|| name.to_owned(), Clone::clone);
                paragraphs.push(match &self.kind {
                    TypeKind::Struct(_) => format!("The `{property}` object."),
                    TypeKind::Enum(_) => format!("The values of `{property}`."),
                    TypeKind::Newtype(_) => format!("A `{property}` value."),
                    TypeKind::OneOf(_) => format!("One of the forms of `{property}`."),
                });
            }
        }
        paragraphs.join("\n\n")
    }
}

fn english_list(mut items: Vec<String>) -> String {
    match items.len() {
        0 => String::new(),
        1 => items.remove(0),
        _ => {
            let last = items.pop().unwrap_or_default();
            format!("{} and {last}", items.join(", "))
        }
    }
}

/// Descriptions converted to Markdown, each once: inlined schemas repeat the same descriptions
/// in every operation that uses them.
#[derive(Default)]
struct MarkdownCache(HashMap<String, String>);

impl MarkdownCache {
    fn convert(&mut self, html: &str) -> String {
        if let Some(markdown) = self.0.get(html) {
            return markdown.clone();
        }
        let markdown = html_to_markdown(html);
        self.0.insert(html.to_owned(), markdown.clone());
        markdown
    }
}

struct Lowerer<'c> {
    config: &'c Config,
    base_url: &'c str,
    markdown: MarkdownCache,
    drafts: Vec<Draft>,
    index: HashMap<TypeKey, TypeId>,
}

fn diagnostic(location: &Location, operation_id: &str, message: impl Into<String>) -> Diagnostic {
    Diagnostic {
        location: location.clone(),
        operation_id: Some(operation_id.to_owned()),
        message: message.into(),
    }
}

/// How a media type travels: JSON as its type; text as a string; forms and multipart are not
/// supported; anything else as bytes.
fn body_format(media_type: &str) -> Option<BodyFormat> {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if essence == "application/json" || essence.ends_with("+json") {
        Some(BodyFormat::Json)
    } else if essence.starts_with("text/")
        || essence == "application/xml"
        || essence.ends_with("+xml")
    {
        Some(BodyFormat::Text)
    } else if essence.starts_with("multipart/") || essence == "application/x-www-form-urlencoded" {
        None
    } else {
        Some(BodyFormat::Bytes)
    }
}

/// Picks the media type a body is sent as, preferring JSON, then text, then bytes. GET
/// fragments of some APIs declare an empty form body that must not be sent; such a body is
/// dropped rather than refused.
fn choose_body_media<'f>(
    content: &'f [MediaType],
    id: &str,
) -> Result<Option<(&'f MediaType, BodyFormat)>, Diagnostic> {
    let sendable = content.iter().filter(|media| {
        let empty_form = media.media_type == "application/x-www-form-urlencoded"
            && media.schema.as_ref().is_none_or(|schema| {
                matches!(&schema.kind, SchemaKind::Object(object) if object.properties.is_empty())
            });
        !empty_form
    });
    preferred_media(sendable, "request bodies", id)
}

/// The body a reply carries, preferring JSON, then text, then bytes; `None` for no body.
fn reply_media<'r>(
    response: &'r Response,
    id: &str,
) -> Result<Option<(&'r MediaType, BodyFormat)>, Diagnostic> {
    preferred_media(response.content.iter(), "replies", id)
}

/// The best of `content`: JSON, then text, then bytes; a media type that cannot be handled
/// (forms, multipart) refuses the whole.
fn preferred_media<'m>(
    content: impl Iterator<Item = &'m MediaType>,
    what: &str,
    id: &str,
) -> Result<Option<(&'m MediaType, BodyFormat)>, Diagnostic> {
    let rank = |format: BodyFormat| match format {
        BodyFormat::Json => 0,
        BodyFormat::Text => 1,
        BodyFormat::Bytes => 2,
    };
    let mut chosen: Option<(&MediaType, BodyFormat)> = None;
    for media in content {
        let Some(format) = body_format(&media.media_type) else {
            return Err(diagnostic(
                &media.location,
                id,
                format!(
                    "{what} of type `{}` are not supported by this generator",
                    media.media_type
                ),
            ));
        };
        if chosen.is_none_or(|(_, best)| rank(format) < rank(best)) {
            chosen = Some((media, format));
        }
    }
    Ok(chosen)
}

/// Path parameters are required; query parameters are form style; header parameters simple.
/// Other styles (`deepObject`, `pipeDelimited`, …) and cookies are refused where they are.
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
        ParameterLocation::Query if !matches!(style, "" | "form") => Some(format!(
            "`style: {style}` is not supported for query parameters by this generator (only `form`)"
        )),
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

/// The method's documentation: summary, then description, as Markdown.
fn operation_docs(fragment: &Fragment) -> String {
    let paragraphs: Vec<String> = [&fragment.summary, &fragment.description]
        .into_iter()
        .filter_map(|text| text.as_deref().map(html_to_markdown))
        .filter(|markdown| !markdown.is_empty())
        .collect();
    if paragraphs.is_empty() {
        format!("Calls `{}`.", fragment.operation_id)
    } else {
        paragraphs.join("\n\n")
    }
}

impl Lowerer<'_> {
    fn operation(&mut self, fragment: &Fragment) -> Result<Operation, Diagnostic> {
        let id = fragment.operation_id.as_str();
        let type_root = camel_ident(id);
        let base = self.base_url;
        let path_template = fragment
            .url
            .strip_prefix(base)
            .filter(|rest| rest.is_empty() || rest.starts_with('/'))
            .ok_or_else(|| {
                diagnostic(
                    &fragment.location.child("path"),
                    id,
                    format!(
                        "`{}` is not under the configured base URL `{}`",
                        fragment.url, self.base_url
                    ),
                )
            })?
            .to_owned();
        let (params, parameter_schemas) = self.parameters(fragment, &type_root)?;
        let (path_only, fixed_query) = split_fixed_query(&path_template, fragment)?;
        let path = split_path(path_only, &params, fragment)?;
        let (body, request_body_schema) = self.request_body(fragment, &type_root)?;
        let mut response_schemas = Vec::new();
        let (success, error) = self.responses(fragment, &type_root, &mut response_schemas)?;
        Ok(Operation {
            operation_id: id.to_owned(),
            fn_name: snake_ident(id),
            method: fragment.method,
            path,
            path_template,
            fixed_query,
            docs: operation_docs(fragment),
            deprecated: fragment.deprecated,
            params,
            params_type: None,
            body,
            success,
            error,
            location: fragment.location.clone(),
            schemas: OperationSchemas {
                parameters: parameter_schemas,
                request_body: request_body_schema,
                responses: response_schemas,
            },
        })
    }

    #[allow(
        clippy::type_complexity,
        reason = "a private pair of what is lowered and what is kept verbatim"
    )]
    fn parameters(
        &mut self,
        fragment: &Fragment,
        type_root: &str,
    ) -> Result<(Vec<Param>, Vec<(String, schemars::Schema)>), Diagnostic> {
        let id = fragment.operation_id.as_str();
        let mut params = Vec::new();
        let mut schemas = Vec::new();
        for parameter in &fragment.parameters {
            check_parameter_style(parameter, id)?;
            let context = Context {
                root: type_root.to_owned(),
                words: vec![parameter.name.clone()],
                override_path: vec![
                    id.to_owned(),
                    "parameters".to_owned(),
                    parameter.name.clone(),
                ],
                usage: Usage {
                    request: true,
                    response: false,
                },
                role: None,
            };
            let mut ty = self.schema(&parameter.schema, &context, id)?;
            // A query or header cannot carry `null`: leaving the parameter out says it.
            if parameter.r#in != ParameterLocation::Path
                && let TypeRef::Nullable(inner) = ty
            {
                ty = *inner;
            }
            self.check_parameter_type(parameter, &ty, id)?;
            schemas.push((parameter.name.clone(), parameter.raw_schema.clone()));
            params.push(Param {
                wire_name: parameter.name.clone(),
                rust_name: snake_ident(&parameter.name),
                location: parameter.r#in,
                required: parameter.required,
                ty,
                docs: parameter
                    .description
                    .as_deref()
                    .map(|html| self.markdown.convert(html))
                    .unwrap_or_default(),
                explode: parameter.explode.unwrap_or(true),
                deprecated: parameter.deprecated,
            });
        }
        let mut rust_names: Vec<String> =
            params.iter().map(|param| param.rust_name.clone()).collect();
        dedupe_in_order(&mut rust_names, &["body", "params", "request", "path"]);
        for (param, rust_name) in params.iter_mut().zip(rust_names) {
            param.rust_name = rust_name;
        }
        Ok((params, schemas))
    }

    fn request_body(
        &mut self,
        fragment: &Fragment,
        type_root: &str,
    ) -> Result<(Option<Body>, Option<schemars::Schema>), Diagnostic> {
        let id = fragment.operation_id.as_str();
        let Some(request_body) = &fragment.request_body else {
            return Ok((None, None));
        };
        let Some((media, format)) = choose_body_media(&request_body.content, id)? else {
            return Ok((None, None));
        };
        if format != BodyFormat::Json {
            let body = Body {
                ty: None,
                required: request_body.required,
                media_type: media.media_type.clone(),
                format,
            };
            return Ok((Some(body), media.raw_schema.clone()));
        }
        let schema = media.schema.as_ref().ok_or_else(|| {
            diagnostic(&media.location, id, "a JSON request body needs a `schema`")
        })?;
        if let SchemaKind::Object(object) = &schema.kind
            && object.properties.is_empty()
            && object.closed
        {
            let body = Body {
                ty: None,
                required: request_body.required,
                media_type: media.media_type.clone(),
                format,
            };
            return Ok((Some(body), media.raw_schema.clone()));
        }
        let context = Context {
            root: format!("{type_root}Request"),
            words: Vec::new(),
            override_path: vec![id.to_owned(), "request".to_owned()],
            usage: Usage {
                request: true,
                response: false,
            },
            role: Some(Role {
                kind: RoleKind::RequestBody,
                operation_id: id.to_owned(),
            }),
        };
        let ty = self.schema(schema, &context, id)?;
        let body = Body {
            ty: Some(ty),
            required: request_body.required,
            media_type: media.media_type.clone(),
            format,
        };
        Ok((Some(body), media.raw_schema.clone()))
    }

    /// The success reply and the error body type. Every 2XX is a success; 4XX, 5XX and
    /// `default` are errors; other statuses are refused.
    fn responses(
        &mut self,
        fragment: &Fragment,
        type_root: &str,
        schemas: &mut Vec<(String, schemars::Schema)>,
    ) -> Result<(Reply, Option<TypeRef>), Diagnostic> {
        let id = fragment.operation_id.as_str();
        let (mut successes, mut errors) = (Vec::new(), Vec::new());
        for response in &fragment.responses {
            match response.status.chars().next() {
                Some('2') => successes.push(response),
                Some('4' | '5') => errors.push(response),
                _ if response.status == "default" => errors.push(response),
                _ => {
                    return Err(diagnostic(
                        &response.location,
                        id,
                        format!(
                            "a `{}` response is not supported by this generator (only 2XX, 4XX, 5XX and `default`)",
                            response.status
                        ),
                    ));
                }
            }
        }
        if successes.is_empty() {
            return Err(diagnostic(
                &fragment.location.child("responses"),
                id,
                "the operation declares no 2XX response",
            ));
        }
        let success = self.success_reply(&successes, type_root, id, schemas)?;
        let error = self.error_type(&errors, type_root, id, schemas)?;
        Ok((success, error))
    }

    /// One JSON type for all 2XX bodies (a choice when they differ, `Option` when some reply
    /// has no body), or text or bytes when that is what every success carries.
    fn success_reply(
        &mut self,
        successes: &[&Response],
        type_root: &str,
        id: &str,
        schemas: &mut Vec<(String, schemars::Schema)>,
    ) -> Result<Reply, Diagnostic> {
        let mut chosen = Vec::with_capacity(successes.len());
        for response in successes {
            chosen.push((*response, reply_media(response, id)?));
        }
        let raw: Vec<(&MediaType, BodyFormat)> = chosen
            .iter()
            .filter_map(|(_, media)| *media)
            .filter(|(_, format)| *format != BodyFormat::Json)
            .collect();
        if let Some((media, format)) = raw.first() {
            if chosen
                .iter()
                .any(|(_, other)| other.is_some_and(|(_, other)| other != *format))
            {
                return Err(diagnostic(
                    &successes[0].location,
                    id,
                    "success replies that mix JSON, text and bytes are not supported by this generator",
                ));
            }
            return Ok(Reply {
                format: *format,
                ty: None,
                media_type: media.media_type.clone(),
            });
        }
        let several = successes.len() > 1;
        let mut types = Vec::new();
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
            let ty = self.reply_body(response, media, &root, RoleKind::Success, id, schemas)?;
            if !types.contains(&ty) {
                types.push(ty);
            }
        }
        let location = &successes[0].location;
        let root = format!("{type_root}Response");
        let ty = self.choice(types, location, &root, RoleKind::Success, id);
        let ty = match ty {
            // An empty body reads as JSON `null`.
            Some(ty) if some_empty && !matches!(ty, TypeRef::Nullable(_)) => {
                Some(TypeRef::Nullable(Box::new(ty)))
            }
            other => other,
        };
        Ok(Reply {
            format: BodyFormat::Json,
            ty,
            media_type: "application/json".to_owned(),
        })
    }

    /// The type of the JSON error bodies: one type, or a choice of the declared ones. Error
    /// replies without a JSON body are not typed; the runtime reports them as unexpected.
    fn error_type(
        &mut self,
        errors: &[&Response],
        type_root: &str,
        id: &str,
        schemas: &mut Vec<(String, schemars::Schema)>,
    ) -> Result<Option<TypeRef>, Diagnostic> {
        let mut json_errors = Vec::new();
        for response in errors {
            if let Some((media, BodyFormat::Json)) = reply_media(response, id)? {
                json_errors.push((*response, media));
            }
        }
        let several = json_errors.len() > 1;
        let mut distinct = Vec::new();
        for (response, media) in &json_errors {
            let root = if several {
                format!("{type_root}Error{}", camel_ident(&response.status))
            } else {
                format!("{type_root}Error")
            };
            let ty = self.reply_body(response, media, &root, RoleKind::ErrorReply, id, schemas)?;
            if !distinct.contains(&ty) {
                distinct.push(ty);
            }
        }
        let Some((first, _)) = json_errors.first() else {
            return Ok(None);
        };
        let root = format!("{type_root}Error");
        Ok(self.choice(distinct, &first.location, &root, RoleKind::ErrorReply, id))
    }

    /// The type of one reply's JSON body.
    fn reply_body(
        &mut self,
        response: &Response,
        media: &MediaType,
        root: &str,
        role: RoleKind,
        id: &str,
        schemas: &mut Vec<(String, schemars::Schema)>,
    ) -> Result<TypeRef, Diagnostic> {
        let Some(schema) = &media.schema else {
            return Ok(TypeRef::Any);
        };
        if let Some(raw) = &media.raw_schema {
            schemas.push((response.status.clone(), raw.clone()));
        }
        let role_name = if role == RoleKind::Success {
            "response"
        } else {
            "error"
        };
        let context = Context {
            root: root.to_owned(),
            words: Vec::new(),
            override_path: vec![id.to_owned(), role_name.to_owned()],
            usage: Usage {
                request: false,
                response: true,
            },
            role: Some(Role {
                kind: role,
                operation_id: id.to_owned(),
            }),
        };
        self.schema(schema, &context, id)
    }

    /// No type, the one type, or a choice between the types of several replies (`root`).
    fn choice(
        &mut self,
        mut types: Vec<TypeRef>,
        location: &Location,
        root: &str,
        role: RoleKind,
        id: &str,
    ) -> Option<TypeRef> {
        if types.len() < 2 {
            return types.pop();
        }
        let schema = Schema::bare(location.clone(), SchemaKind::Any);
        let context = Context {
            root: root.to_owned(),
            words: Vec::new(),
            override_path: vec![id.to_owned(), root.to_owned()],
            usage: Usage {
                request: false,
                response: true,
            },
            role: Some(Role {
                kind: role,
                operation_id: id.to_owned(),
            }),
        };
        let key = TypeKey::OneOf {
            title: None,
            variants: types.clone(),
        };
        let build = |_: &mut MarkdownCache| {
            TypeKind::OneOf(OneOfDef {
                variants: types
                    .into_iter()
                    .map(|ty| OneOfVariant {
                        rust_name: String::new(),
                        ty,
                    })
                    .collect(),
            })
        };
        Some(TypeRef::Named(self.intern(key, build, &schema, &context)))
    }

    /// What a parameter's value may be: path and header values are one string-like value; query
    /// values may also be lists of them, and objects (sent as JSON).
    fn check_parameter_type(
        &self,
        parameter: &Parameter,
        ty: &TypeRef,
        id: &str,
    ) -> Result<(), Diagnostic> {
        let scalar = |ty: &TypeRef| match ty {
            TypeRef::String(_) | TypeRef::Integer(_) | TypeRef::Number(_) | TypeRef::Boolean => {
                true
            }
            TypeRef::Named(named) => self.drafts[named.0].kind.is_string_like(),
            _ => false,
        };
        let query_item = |ty: &TypeRef| scalar(ty) || matches!(ty, TypeRef::Named(_));
        let allowed = match parameter.r#in {
            ParameterLocation::Path => scalar(ty),
            // A header list is one comma-separated value (`style: simple`).
            ParameterLocation::Header => match ty {
                TypeRef::Array(items, _) => scalar(items),
                other => scalar(other),
            },
            ParameterLocation::Query => match ty {
                TypeRef::Array(items, _) => {
                    query_item(items) && (parameter.explode.unwrap_or(true) || scalar(items))
                }
                other => query_item(other),
            },
            ParameterLocation::Cookie => false,
        };
        if allowed {
            Ok(())
        } else {
            Err(diagnostic(
                &parameter.schema.location,
                id,
                format!(
                    "a {} parameter of this type is not supported by this generator (path and header values must be one string, number, boolean or enum; query values may also be objects and lists of them)",
                    parameter.r#in.as_str()
                ),
            ))
        }
    }

    fn schema(
        &mut self,
        schema: &Schema,
        context: &Context,
        id: &str,
    ) -> Result<TypeRef, Diagnostic> {
        let ty = match &schema.kind {
            SchemaKind::String(string) => self.string(schema, string, context),
            SchemaKind::Integer(numeric) => TypeRef::Integer(numeric.clone()),
            SchemaKind::Number(numeric) => TypeRef::Number(numeric.clone()),
            SchemaKind::Boolean => TypeRef::Boolean,
            SchemaKind::Any => TypeRef::Any,
            SchemaKind::Null => TypeRef::Nullable(Box::new(TypeRef::Any)),
            SchemaKind::Array(items, bounds) => {
                let items = self.schema(items, &context.items(), id)?;
                TypeRef::Array(Box::new(items), *bounds)
            }
            SchemaKind::Object(object) => self.object(schema, object, context, id)?,
            SchemaKind::AllOf(parts) => {
                let merged = merge_all_of(parts, id)?;
                let ty = self.object(schema, &merged, context, id)?;
                // `allOf: [{...}, {"nullable": true}]` is how 3.0 specs make a reference nullable.
                let nullable_part = parts
                    .iter()
                    .any(|part| part.nullable && matches!(part.kind, SchemaKind::Any));
                if nullable_part {
                    TypeRef::Nullable(Box::new(ty))
                } else {
                    ty
                }
            }
            SchemaKind::OneOf(alternatives) => self.one_of(schema, alternatives, context, id)?,
        };
        Ok(if schema.nullable && !matches!(ty, TypeRef::Nullable(_)) {
            TypeRef::Nullable(Box::new(ty))
        } else {
            ty
        })
    }

    /// The choice of forms of an object with `oneOf`/`anyOf` beside its properties, anchored
    /// where the alternatives are and untitled: the choice is not the object.
    fn forms(
        &mut self,
        object: &Schema,
        alternatives: &[Schema],
        context: &Context,
        id: &str,
    ) -> Result<TypeRef, Diagnostic> {
        let location = alternatives.first().map_or_else(
            || object.location.clone(),
            |first| Location {
                file: first.location.file.clone(),
                pointer: first
                    .location
                    .pointer
                    .rsplit_once('/')
                    .map_or("", |(parent, _)| parent)
                    .to_owned(),
            },
        );
        self.one_of(
            &Schema::bare(location, SchemaKind::Any),
            alternatives,
            &context.child("form"),
            id,
        )
    }

    /// One enum type for a `oneOf`/`anyOf`; its variants are named after their types once every
    /// type has its name.
    fn one_of(
        &mut self,
        schema: &Schema,
        alternatives: &[Schema],
        context: &Context,
        id: &str,
    ) -> Result<TypeRef, Diagnostic> {
        let mut variants = Vec::with_capacity(alternatives.len());
        for (index, alternative) in alternatives.iter().enumerate() {
            let word = alternative
                .title
                .clone()
                .unwrap_or_else(|| format!("variant_{}", index + 1));
            variants.push(self.schema(alternative, &context.child(&word), id)?);
        }
        let key = TypeKey::OneOf {
            title: schema.title.clone(),
            variants: variants.clone(),
        };
        let build = |_: &mut MarkdownCache| {
            TypeKind::OneOf(OneOfDef {
                variants: variants
                    .into_iter()
                    .map(|ty| OneOfVariant {
                        rust_name: String::new(),
                        ty,
                    })
                    .collect(),
            })
        };
        Ok(TypeRef::Named(self.intern(key, build, schema, context)))
    }

    fn string(&mut self, schema: &Schema, string: &StringSchema, context: &Context) -> TypeRef {
        if let Some(values) = &string.enum_values {
            let key = TypeKey::Enum {
                title: schema.title.clone(),
                values: values.clone(),
            };
            let build = |_: &mut MarkdownCache| {
                let mut names: Vec<String> =
                    values.iter().map(|value| camel_ident(value)).collect();
                dedupe_in_order(&mut names, &[]);
                let variants = values
                    .iter()
                    .zip(names)
                    .map(|(wire, rust_name)| Variant {
                        wire: wire.clone(),
                        rust_name,
                    })
                    .collect();
                TypeKind::Enum(EnumDef {
                    variants,
                    catch_all: None,
                })
            };
            return TypeRef::Named(self.intern(key, build, schema, context));
        }
        if string.min_length.is_some() || string.max_length.is_some() {
            let identity = schema
                .title
                .clone()
                .or_else(|| context.words.last().cloned())
                .unwrap_or_default();
            let key = TypeKey::Newtype {
                identity,
                constraints: string.clone(),
            };
            let build = |_: &mut MarkdownCache| {
                TypeKind::Newtype(NewtypeDef {
                    constraints: string.clone(),
                })
            };
            return TypeRef::Named(self.intern(key, build, schema, context));
        }
        TypeRef::String(string.clone())
    }

    fn object(
        &mut self,
        schema: &Schema,
        object: &ObjectSchema,
        context: &Context,
        id: &str,
    ) -> Result<TypeRef, Diagnostic> {
        let additional = match &object.additional {
            Some(additional) => {
                Some(self.schema(additional, &context.child("additional_property"), id)?)
            }
            None => None,
        };
        if object.properties.is_empty()
            && object.required.is_empty()
            && object.forms.is_none()
            && !object.closed
        {
            return Ok(additional.map_or_else(
                || TypeRef::Map(object.bounds.clone()),
                |ty| TypeRef::MapOf(Box::new(ty), object.bounds.clone()),
            ));
        }
        let forms = match &object.forms {
            Some(alternatives) => Some(self.forms(schema, alternatives, context, id)?),
            None => None,
        };
        let mut fields = Vec::with_capacity(object.properties.len());
        for (wire_name, property) in &object.properties {
            let ty = self.schema(property, &context.child(wire_name), id)?;
            fields.push(FieldKey {
                wire_name: wire_name.clone(),
                required: object.required.contains(wire_name),
                ty,
                description: property.description.clone(),
                deprecated: property.deprecated,
                default: property.default.as_ref().map(ToString::to_string),
                read_only: property.read_only,
                write_only: property.write_only,
            });
        }
        fields.extend(undescribed_required(object));
        let operation_root =
            (context.words.is_empty() && schema.title.is_none()).then(|| context.root.clone());
        let key = TypeKey::Struct {
            title: schema.title.clone(),
            fields: fields.clone(),
            closed: object.closed,
            additional: additional.clone(),
            bounds: object.bounds.clone(),
            forms: forms.clone(),
            operation_root,
        };
        let build = |markdown: &mut MarkdownCache| {
            let mut rust_names: Vec<String> = fields
                .iter()
                .map(|field| snake_ident(&field.wire_name))
                .collect();
            dedupe_in_order(&mut rust_names, &[]);
            let fields = fields
                .into_iter()
                .zip(rust_names)
                .map(|(field, rust_name)| Field {
                    docs: field
                        .description
                        .as_deref()
                        .map(|html| markdown.convert(html))
                        .unwrap_or_default(),
                    wire_name: field.wire_name,
                    rust_name,
                    required: field.required,
                    ty: field.ty,
                    description: field.description,
                    deprecated: field.deprecated,
                    default: field.default,
                    read_only: field.read_only,
                    write_only: field.write_only,
                })
                .collect();
            TypeKind::Struct(StructDef {
                fields,
                closed: object.closed,
                additional,
                bounds: object.bounds.clone(),
                forms,
            })
        };
        Ok(TypeRef::Named(self.intern(key, build, schema, context)))
    }

    /// Finds or creates the type for `key`, and records this occurrence. `build` runs only for a
    /// type not seen before: an inlined schema repeated across hundreds of operations is built
    /// (names, docs) once.
    fn intern(
        &mut self,
        key: TypeKey,
        build: impl FnOnce(&mut MarkdownCache) -> TypeKind,
        schema: &Schema,
        context: &Context,
    ) -> TypeId {
        let id = if let Some(id) = self.index.get(&key) {
            *id
        } else {
            let id = TypeId(self.drafts.len());
            let kind = build(&mut self.markdown);
            self.drafts.push(Draft {
                kind,
                hints: BTreeMap::new(),
                overrides: BTreeSet::new(),
                title: schema.title.clone(),
                descriptions: BTreeSet::new(),
                roles: BTreeMap::new(),
                usage: Usage::default(),
                origins: BTreeSet::new(),
            });
            self.index.insert(key, id);
            id
        };
        let draft = &mut self.drafts[id.0];
        // Occurrences at the same property path suggest the same names (only the rarely needed
        // operation-qualified fallback differs; the first operation's is kept).
        if !draft.hints.contains_key(&context.words) {
            draft
                .hints
                .insert(context.words.clone(), context.root.clone());
        }
        for (rule, name_override) in self.config.name_overrides.iter().enumerate() {
            let suffix = name_override.path.split('.');
            let path = context.override_path.iter().rev();
            let wanted = suffix.clone().count();
            if wanted <= context.override_path.len()
                && suffix.rev().zip(path).all(|(want, got)| want == got)
            {
                draft.overrides.insert(rule);
            }
        }
        if let Some(description) = &schema.description {
            draft.descriptions.insert(description.clone());
        }
        if let Some(role) = &context.role {
            draft
                .roles
                .entry(role.kind)
                .or_default()
                .insert(role.operation_id.clone());
        }
        draft.usage.request |= context.usage.request;
        draft.usage.response |= context.usage.response;
        draft.origins.insert(schema.location.clone());
        id
    }
}

/// Fields for names that are required but described by no part of the schema: present, with
/// any value.
fn undescribed_required(object: &ObjectSchema) -> Vec<FieldKey> {
    object
        .required
        .iter()
        .filter(|name| {
            !object
                .properties
                .iter()
                .any(|(property, _)| property == *name)
        })
        .map(|name| FieldKey {
            wire_name: name.clone(),
            required: true,
            ty: TypeRef::Any,
            description: None,
            deprecated: false,
            default: None,
            read_only: false,
            write_only: false,
        })
        .collect()
}

/// Merges the object parts of an `allOf` into one object: the union of their properties. Parts
/// that each forbid extra properties are meant as one object by the APIs that write them, so
/// validating them separately would reject every value.
fn merge_all_of(parts: &[Schema], id: &str) -> Result<ObjectSchema, Diagnostic> {
    let mut merged = ObjectSchema {
        properties: Vec::new(),
        required: Vec::new(),
        closed: true,
        additional: None,
        bounds: PropertyBounds::default(),
        forms: None,
    };
    for part in parts {
        let object = match &part.kind {
            SchemaKind::Object(object) => object.clone(),
            SchemaKind::AllOf(inner) => merge_all_of(inner, id)?,
            // A part of annotations only (`{"nullable": true}`, a description) adds no property.
            SchemaKind::Any => continue,
            SchemaKind::OneOf(alternatives) => ObjectSchema {
                properties: Vec::new(),
                required: Vec::new(),
                closed: false,
                additional: None,
                bounds: PropertyBounds::default(),
                forms: Some(alternatives.clone()),
            },
            _ => {
                return Err(diagnostic(
                    &part.location,
                    id,
                    "`allOf` parts other than objects and `oneOf`/`anyOf` are not supported by this generator",
                ));
            }
        };
        if let Some(additional) = object.additional {
            return Err(diagnostic(
                &additional.location,
                id,
                "`additionalProperties` as a schema inside `allOf` is not supported by this generator",
            ));
        }
        if let Some(forms) = object.forms {
            if merged.forms.is_some() {
                return Err(diagnostic(
                    &part.location,
                    id,
                    "two `oneOf`/`anyOf` among the parts of one `allOf` are not supported by this generator",
                ));
            }
            merged.forms = Some(forms);
        }
        for (name, schema) in object.properties {
            // A later part that declares a property again refines it (specs write a base, then
            // the specific object); its declaration is the one kept.
            match merged
                .properties
                .iter_mut()
                .find(|(existing, _)| *existing == name)
            {
                Some(existing) => existing.1 = schema,
                None => merged.properties.push((name, schema)),
            }
        }
        for name in object.required {
            if !merged.required.contains(&name) {
                merged.required.push(name);
            }
        }
        merged.closed &= object.closed;
        // Every part's bounds hold, so the tightest of each does.
        merged.bounds.min = merged.bounds.min.max(object.bounds.min);
        merged.bounds.max = match (merged.bounds.max, object.bounds.max) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        merged.bounds.names = merged.bounds.names.or(object.bounds.names);
    }
    Ok(merged)
}

/// `name=value` pairs of a query, in order.
type QueryPairs = Vec<(String, String)>;

/// Splits a fixed query written into the path template (`/responses?beta=true`) from the path.
/// Its pairs are sent with every call; a variable in it is not supported.
fn split_fixed_query<'t>(
    template: &'t str,
    fragment: &Fragment,
) -> Result<(&'t str, QueryPairs), Diagnostic> {
    let Some((path, query)) = template.split_once('?') else {
        return Ok((template, Vec::new()));
    };
    if query.contains(['{', '}', '#']) {
        return Err(diagnostic(
            &fragment.location.child("path"),
            &fragment.operation_id,
            format!(
                "the query written into the path `{template}` must be fixed text (no variables, no `#`)"
            ),
        ));
    }
    let pairs = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (name.to_owned(), value.to_owned())
        })
        .collect();
    Ok((path, pairs))
}

/// Splits the path below the base URL at its `{parameters}`, checking that template and
/// parameters match one to one.
fn split_path(
    template: &str,
    params: &[Param],
    fragment: &Fragment,
) -> Result<Vec<PathPart>, Diagnostic> {
    let id = fragment.operation_id.as_str();
    let at = fragment.location.child("path");
    let mut parts = Vec::new();
    let mut used = vec![false; params.len()];
    let mut rest = template;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return Err(diagnostic(
                &at,
                id,
                format!("unbalanced `}}` in the path `{template}`"),
            ));
        }
        let close = rest[open..]
            .find('}')
            .map(|offset| open + offset)
            .ok_or_else(|| {
                diagnostic(&at, id, format!("unclosed `{{` in the path `{template}`"))
            })?;
        if open > 0 {
            parts.push(PathPart::Literal(rest[..open].to_owned()));
        }
        let name = &rest[open + 1..close];
        let index = params
            .iter()
            .position(|param| param.wire_name == name && param.location == ParameterLocation::Path)
            .ok_or_else(|| {
                diagnostic(
                    &at,
                    id,
                    format!("the path variable `{{{name}}}` has no path parameter of that name"),
                )
            })?;
        used[index] = true;
        parts.push(PathPart::Param(index));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        parts.push(PathPart::Literal(rest.to_owned()));
    }
    for (index, param) in params.iter().enumerate() {
        if param.location == ParameterLocation::Path && !used[index] {
            let position = fragment
                .parameters
                .iter()
                .position(|parameter| parameter.name == param.wire_name)
                .unwrap_or(index);
            return Err(diagnostic(
                &fragment.location.child("parameters").child(position),
                id,
                format!(
                    "the path parameter `{}` does not appear in the path `{template}`",
                    param.wire_name
                ),
            ));
        }
    }
    for part in &parts {
        if let PathPart::Literal(text) = part
            && let Some(bad) = text.chars().find(|character| !is_path_char(*character))
        {
            return Err(diagnostic(
                &at,
                id,
                format!(
                    "the path `{template}` contains `{bad}`, which is not allowed in a URL path"
                ),
            ));
        }
    }
    Ok(parts)
}

/// RFC 3986 `pchar` and `/`, so literal path text can be sent as written.
fn is_path_char(character: char) -> bool {
    character.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@/%".contains(character)
}

/// Two operations must not map to one method name.
fn check_method_names(operations: &[Operation], fragments: &[Fragment]) -> Result<(), Error> {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (index, operation) in operations.iter().enumerate() {
        if let Some(previous) = seen.insert(&operation.fn_name, index) {
            return Err(diagnostic(
                &fragments[index].location.child("operationId"),
                &operation.operation_id,
                format!(
                    "operationId `{}` and `{}` ({}) both become the method `{}`",
                    operation.operation_id,
                    operations[previous].operation_id,
                    fragments[previous].location.file,
                    operation.fn_name
                ),
            )
            .into());
        }
    }
    Ok(())
}

/// Chooses every type's name; see the module docs for the ranking.
fn assign_names(drafts: &[Draft], config: &Config) -> Result<Vec<String>, Error> {
    let (candidates, pinned) = name_candidates(drafts, config)?;
    resolve_names(drafts, &candidates, &pinned)
}

fn configuration_error(message: String) -> Error {
    Diagnostic {
        location: Location::root("<configuration>".into()),
        operation_id: None,
        message,
    }
    .into()
}

/// How many of a type's property paths its name candidates come from.
const NAMING_PATHS: usize = 32;

/// Each type's names in order of preference, and whether its first name is an override that
/// must not be given up.
fn name_candidates(
    drafts: &[Draft],
    config: &Config,
) -> Result<(Vec<Vec<String>>, Vec<bool>), Error> {
    let mut pinned = vec![false; drafts.len()];
    let mut candidates: Vec<Vec<String>> = Vec::with_capacity(drafts.len());
    let mut override_used = vec![false; config.name_overrides.len()];
    for name_override in &config.name_overrides {
        if !is_type_ident(&name_override.name)
            || RESERVED_TYPE_NAMES.contains(&name_override.name.as_str())
        {
            return Err(configuration_error(format!(
                "the name override `{}` → `{}` is not a usable type name (UpperCamelCase ASCII, not a keyword or a name the client reserves)",
                name_override.path, name_override.name
            )));
        }
    }
    for (index, draft) in drafts.iter().enumerate() {
        let mut list = Vec::new();
        for rule in &draft.overrides {
            override_used[*rule] = true;
        }
        if let Some(rule) = draft.overrides.first() {
            list.push(config.name_overrides[*rule].name.clone());
            pinned[index] = true;
        }
        if let Some(title) = &draft.title {
            list.push(camel_ident(title));
        }
        // A type met at thousands of paths (an ID in every reply) is named from its first paths
        // in path order: the names come from the first few levels, which they already offer.
        let per_hint: Vec<Vec<String>> = draft
            .hints
            .iter()
            .take(NAMING_PATHS)
            .map(|(words, root)| path_candidates(words, root))
            .collect();
        let mut seen: HashSet<String> = list.iter().cloned().collect();
        let longest = per_hint.iter().map(Vec::len).max().unwrap_or(0);
        for level in 0..longest {
            for hint_candidates in &per_hint {
                if let Some(candidate) = hint_candidates.get(level)
                    && seen.insert(candidate.clone())
                {
                    list.push(candidate.clone());
                }
            }
        }
        candidates.push(list);
    }
    if let Some(rule) = override_used.iter().position(|used| !used) {
        return Err(configuration_error(format!(
            "the name override `{}` → `{}` matches no schema",
            config.name_overrides[rule].path, config.name_overrides[rule].name
        )));
    }
    Ok((candidates, pinned))
}

/// Gives every type its first candidate, then moves types that collide to later candidates
/// until every name is unique.
fn resolve_names(
    drafts: &[Draft],
    candidates: &[Vec<String>],
    pinned: &[bool],
) -> Result<Vec<String>, Error> {
    let mut choice = vec![0usize; drafts.len()];
    let mut numbered: Vec<Option<String>> = vec![None; drafts.len()];
    let current = |index: usize, choice: &[usize], numbered: &[Option<String>]| -> String {
        numbered[index]
            .clone()
            .unwrap_or_else(|| candidates[index][choice[index]].clone())
    };
    // Each round moves at least one type to a later candidate, so this terminates; the bound
    // turns a bug into an error instead of a hang.
    for _round in 0..drafts.len() * 8 + 16 {
        let mut by_name: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for index in 0..drafts.len() {
            by_name
                .entry(current(index, &choice, &numbered))
                .or_default()
                .push(index);
        }
        let collisions: Vec<(String, Vec<usize>)> = by_name
            .into_iter()
            .filter(|(name, members)| {
                members.len() > 1 || RESERVED_TYPE_NAMES.contains(&name.as_str())
            })
            .collect();
        if collisions.is_empty() {
            return Ok((0..drafts.len())
                .map(|index| current(index, &choice, &numbered))
                .collect());
        }
        for (name, members) in collisions {
            let pinned_members: Vec<usize> = members
                .iter()
                .copied()
                .filter(|index| pinned[*index])
                .collect();
            if pinned_members.len() > 1 {
                let places: Vec<String> = pinned_members
                    .iter()
                    .filter_map(|index| drafts[*index].origins.first().map(ToString::to_string))
                    .collect();
                return Err(configuration_error(format!(
                    "the name override `{name}` applies to different schemas: {}",
                    places.join(", ")
                )));
            }
            let movable: Vec<usize> = members
                .iter()
                .copied()
                .filter(|index| !pinned[*index] && numbered[*index].is_none())
                .collect();
            let can_advance: Vec<usize> = movable
                .iter()
                .copied()
                .filter(|index| choice[*index] + 1 < candidates[*index].len())
                .collect();
            if can_advance.is_empty() {
                // Out of names: the first keeps it, the others are numbered.
                let keep_first = usize::from(
                    pinned_members.is_empty() && !RESERVED_TYPE_NAMES.contains(&name.as_str()),
                );
                let mut taken: BTreeSet<String> = (0..drafts.len())
                    .map(|index| current(index, &choice, &numbered))
                    .collect();
                for index in members
                    .iter()
                    .copied()
                    .filter(|index| !pinned[*index])
                    .skip(keep_first)
                {
                    let mut counter = 2;
                    while taken.contains(&format!("{name}{counter}")) {
                        counter += 1;
                    }
                    let numbered_name = format!("{name}{counter}");
                    taken.insert(numbered_name.clone());
                    numbered[index] = Some(numbered_name);
                }
            } else {
                // Everyone in the collision moves on, so no type wins a short name by being first.
                for index in can_advance {
                    choice[index] += 1;
                }
            }
        }
    }
    Err(configuration_error(
        "type names could not be made unique; this is a bug in the generator".to_owned(),
    ))
}
