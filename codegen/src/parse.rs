//! Layer 1: JSON text → a fragment model in which every node knows its file and JSON pointer.
//!
//! This layer checks the *shape* of a fragment (which keys exist, which types they have) and
//! refuses every JSON Schema or OpenAPI keyword the later layers do not honour. Refusing is the
//! point: a keyword that changes what values are valid but is silently dropped would give a
//! client that is wrong without anyone noticing. Pure annotations (`example`, `externalDocs`,
//! `x-…` extensions) are accepted and not kept.

use std::sync::Arc;

use serde_json::{Map, Number, Value};

use crate::error::{Diagnostic, Location};
use crate::spec::{ItemBounds, Method, ParameterLocation, PropertyBounds};

/// One operation fragment, as read.
#[derive(Clone, Debug)]
pub struct Fragment {
    /// The document root.
    pub location: Location,
    /// The `operationId`, exactly as written.
    pub operation_id: String,
    /// The HTTP method.
    pub method: Method,
    /// The full URL template, e.g. `https://api.revcent.com/v2/ai_voice_agents/{ai_voice_agent_id}`.
    pub url: String,
    /// `summary`, if any.
    pub summary: Option<String>,
    /// `description` (HTML), if any.
    pub description: Option<String>,
    /// `deprecated: true` on the operation.
    pub deprecated: bool,
    /// `parameters`, in spec order.
    pub parameters: Vec<Parameter>,
    /// `requestBody`, if any.
    pub request_body: Option<RequestBody>,
    /// `responses`, in spec order.
    pub responses: Vec<Response>,
}

/// One entry of `parameters`.
#[derive(Clone, Debug)]
pub struct Parameter {
    /// Where the parameter object is.
    pub location: Location,
    /// `name`, as sent on the wire.
    pub name: String,
    /// `in`.
    pub r#in: ParameterLocation,
    /// `description`, if any.
    pub description: Option<String>,
    /// `required`.
    pub required: bool,
    /// `deprecated`.
    pub deprecated: bool,
    /// `style`, if given.
    pub style: Option<String>,
    /// `explode`, if given.
    pub explode: Option<bool>,
    /// `schema`.
    pub schema: Schema,
    /// `schema` exactly as written.
    pub raw_schema: schemars::Schema,
}

/// `requestBody`.
#[derive(Clone, Debug)]
pub struct RequestBody {
    /// Where the request body object is.
    pub location: Location,
    /// `description`, if any.
    pub description: Option<String>,
    /// `required` (OpenAPI's default is `false`).
    pub required: bool,
    /// `content`, in spec order.
    pub content: Vec<MediaType>,
}

/// One entry of a `content` map.
#[derive(Clone, Debug)]
pub struct MediaType {
    /// Where the media type object is.
    pub location: Location,
    /// The media type, e.g. `application/json`.
    pub media_type: String,
    /// `schema`, if any.
    pub schema: Option<Schema>,
    /// `schema` exactly as written, for consumers that need the JSON Schema itself.
    pub raw_schema: Option<schemars::Schema>,
}

/// One entry of `responses`.
#[derive(Clone, Debug)]
pub struct Response {
    /// Where the response object is.
    pub location: Location,
    /// The status key: `200`, `2XX` or `default`.
    pub status: String,
    /// `description`, if any.
    pub description: Option<String>,
    /// `content`, in spec order.
    pub content: Vec<MediaType>,
}

/// A JSON Schema node, with every keyword the generator honours.
#[derive(Clone, Debug)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "mirrors JSON Schema's independent boolean keywords"
)]
pub struct Schema {
    /// Where the schema object is.
    pub location: Location,
    /// `title`, if any.
    pub title: Option<String>,
    /// `description`, if any.
    pub description: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// `null` is also a valid value: `nullable: true` (OpenAPI 3.0), `"null"` in a `type` array
    /// or in `enum` (3.1), or a `{"type": "null"}` alternative of `oneOf`/`anyOf`.
    pub nullable: bool,
    /// `default`, exactly as written.
    pub default: Option<Value>,
    /// `readOnly: true`: sent by the server, never by clients.
    pub read_only: bool,
    /// `writeOnly: true`: sent by clients, never by the server.
    pub write_only: bool,
    /// What kind of values the schema describes.
    pub kind: SchemaKind,
}

impl Schema {
    /// A schema at `location` with no keyword but what `kind` says: a part or anchor the
    /// generator derives rather than reads.
    #[must_use]
    pub fn bare(location: Location, kind: SchemaKind) -> Self {
        Self {
            location,
            title: None,
            description: None,
            deprecated: false,
            nullable: false,
            default: None,
            read_only: false,
            write_only: false,
            kind,
        }
    }
}

/// The value space of a [`Schema`].
#[derive(Clone, Debug)]
pub enum SchemaKind {
    /// `type: string`.
    String(StringSchema),
    /// `type: integer`.
    Integer(NumericSchema),
    /// `type: number`.
    Number(NumericSchema),
    /// `type: boolean`.
    Boolean,
    /// `type: array`.
    Array(Box<Schema>, ItemBounds),
    /// `type: object`.
    Object(ObjectSchema),
    /// `allOf`: a value valid against every part.
    AllOf(Vec<Schema>),
    /// `oneOf` or `anyOf`: a value valid against one of the alternatives.
    OneOf(Vec<Schema>),
    /// `type: null`: only `null`.
    Null,
    /// `{}`: any JSON value.
    Any,
}

/// Keywords of a string schema.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StringSchema {
    /// `format`, if any (`date-time`, `email`, …).
    pub format: Option<String>,
    /// `minLength`.
    pub min_length: Option<u64>,
    /// `maxLength`.
    pub max_length: Option<u64>,
    /// `enum` (or `const`), in spec order, `null` left out (it makes the schema nullable).
    pub enum_values: Option<Vec<String>>,
    /// `pattern`, an ECMA-262 regular expression.
    pub pattern: Option<String>,
}

/// Keywords of an integer or number schema.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct NumericSchema {
    /// `format`, if any (`int32`, `unix-time`, `float`, …).
    pub format: Option<String>,
    /// `minimum`, exactly as written.
    pub minimum: Option<Number>,
    /// `maximum`, exactly as written.
    pub maximum: Option<Number>,
    /// `exclusiveMinimum` as a number (3.1), or the `minimum` it made exclusive (3.0).
    pub exclusive_minimum: Option<Number>,
    /// `exclusiveMaximum` as a number (3.1), or the `maximum` it made exclusive (3.0).
    pub exclusive_maximum: Option<Number>,
    /// `multipleOf`.
    pub multiple_of: Option<Number>,
    /// `enum` (or `const`), in spec order, `null` left out.
    pub enum_values: Option<Vec<Number>>,
}

/// Keywords of an object schema.
#[derive(Clone, Debug)]
pub struct ObjectSchema {
    /// `properties`, in spec order.
    pub properties: Vec<(String, Schema)>,
    /// `required`, in spec order.
    pub required: Vec<String>,
    /// `additionalProperties: false`.
    pub closed: bool,
    /// `additionalProperties` given as a schema: the type of every property not listed.
    pub additional: Option<Box<Schema>>,
    /// `minProperties`, `maxProperties` and `propertyNames`.
    pub bounds: PropertyBounds,
    /// A `oneOf`/`anyOf` beside the properties: the object also has one of these forms.
    pub forms: Option<Vec<Schema>>,
}

/// Parses one fragment file. Every problem in the file is reported, not only the first.
///
/// # Errors
/// The file is not JSON, or not an operation fragment this generator supports; each diagnostic
/// names the JSON pointer of the offending node.
pub fn parse_fragment(file: &str, text: &str) -> Result<Fragment, Vec<Diagnostic>> {
    let root = Location::root(Arc::from(file));
    let mut value: Value = serde_json::from_str(text).map_err(|error| {
        vec![Diagnostic {
            location: root.clone(),
            operation_id: None,
            message: format!("not valid JSON: {error}"),
        }]
    })?;
    let mut parser = Parser {
        diagnostics: Vec::new(),
        operation_id: value
            .get("operationId")
            .and_then(Value::as_str)
            .map(str::to_owned),
    };
    let fragment = parser.fragment(&value, &root);
    match fragment {
        Some(mut fragment) if parser.diagnostics.is_empty() => {
            keep_raw_schemas(&mut fragment, &mut value);
            Ok(fragment)
        }
        _ => Err(parser.diagnostics),
    }
}

/// Moves each parameter's and media type's `schema` out of the parsed document into the
/// fragment, verbatim. Moving rather than cloning keeps large inlined APIs cheap.
fn keep_raw_schemas(fragment: &mut Fragment, document: &mut Value) {
    let mut take = |location: &Location| {
        document
            .pointer_mut(&format!("{}/schema", location.pointer))
            .map(Value::take)
            .and_then(|schema| schemars::Schema::try_from(schema).ok())
    };
    for parameter in &mut fragment.parameters {
        if let Some(schema) = take(&parameter.location) {
            parameter.raw_schema = schema;
        }
    }
    let bodies = fragment
        .request_body
        .iter_mut()
        .flat_map(|body| body.content.iter_mut());
    let replies = fragment
        .responses
        .iter_mut()
        .flat_map(|response| response.content.iter_mut());
    for media in bodies.chain(replies) {
        media.raw_schema = take(&media.location);
    }
}

struct Parser {
    diagnostics: Vec<Diagnostic>,
    operation_id: Option<String>,
}

/// Annotation keywords that never change which values are valid; accepted and dropped.
const ANNOTATIONS: &[&str] = &[
    "example",
    "examples",
    "externalDocs",
    "xml",
    "$comment",
    // A hint for choosing among `oneOf` forms, which the generated code does by shape.
    "discriminator",
    // Left behind by inlining `$ref`s; nothing refers to them any more.
    "$id",
    "$schema",
    "$anchor",
    "$dynamicAnchor",
    "$recursiveAnchor",
    "$defs",
    "definitions",
];

/// The keywords a string schema honours, besides the common ones.
const STRING_KEYWORDS: &[&str] = &[
    "format",
    "minLength",
    "maxLength",
    "enum",
    "const",
    "pattern",
];

/// The keywords an integer or number schema honours, besides the common ones.
const NUMBER_KEYWORDS: &[&str] = &[
    "format",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "enum",
    "const",
];

/// The keywords an array schema honours, besides the common ones.
const ARRAY_KEYWORDS: &[&str] = &["items", "minItems", "maxItems", "uniqueItems"];

/// Object keywords, which JSON Schema applies to objects only: on a schema of another type they
/// change nothing, so they are accepted there and not read.
const OBJECT_ONLY: [&str; 6] = [
    "properties",
    "required",
    "additionalProperties",
    "minProperties",
    "maxProperties",
    "propertyNames",
];

impl Parser {
    fn report(&mut self, location: &Location, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic {
            location: location.clone(),
            operation_id: self.operation_id.clone(),
            message: message.into(),
        });
    }

    fn object<'v>(
        &mut self,
        value: &'v Value,
        location: &Location,
        what: &str,
    ) -> Option<&'v Map<String, Value>> {
        let object = value.as_object();
        if object.is_none() {
            self.report(
                location,
                format!("{what} must be a JSON object, found {}", kind_of(value)),
            );
        }
        object
    }

    /// Reports every key of `object` that is not in `known`, an annotation or an extension.
    fn refuse_unknown_keys(
        &mut self,
        object: &Map<String, Value>,
        location: &Location,
        what: &str,
        known: &[&str],
    ) {
        for key in object.keys() {
            if !known.contains(&key.as_str())
                && !ANNOTATIONS.contains(&key.as_str())
                && !key.starts_with("x-")
            {
                self.report(
                    &location.child(key),
                    format!("`{key}` in {what} is not supported by this generator"),
                );
            }
        }
    }

    fn string(
        &mut self,
        object: &Map<String, Value>,
        key: &str,
        location: &Location,
    ) -> Option<String> {
        match object.get(key) {
            None => None,
            Some(Value::String(text)) => Some(text.clone()),
            Some(other) => {
                self.report(
                    &location.child(key),
                    format!("`{key}` must be a string, found {}", kind_of(other)),
                );
                None
            }
        }
    }

    fn required_string(
        &mut self,
        object: &Map<String, Value>,
        key: &str,
        location: &Location,
        what: &str,
    ) -> Option<String> {
        if !object.contains_key(key) {
            self.report(location, format!("{what} has no `{key}`"));
            return None;
        }
        self.string(object, key, location)
    }

    fn boolean(
        &mut self,
        object: &Map<String, Value>,
        key: &str,
        location: &Location,
    ) -> Option<bool> {
        match object.get(key) {
            None => None,
            Some(Value::Bool(flag)) => Some(*flag),
            Some(other) => {
                self.report(
                    &location.child(key),
                    format!("`{key}` must be true or false, found {}", kind_of(other)),
                );
                None
            }
        }
    }

    fn length(
        &mut self,
        object: &Map<String, Value>,
        key: &str,
        location: &Location,
    ) -> Option<u64> {
        let value = object.get(key)?;
        let length = value.as_u64();
        if length.is_none() {
            self.report(
                &location.child(key),
                format!("`{key}` must be a non-negative integer, found {value}"),
            );
        }
        length
    }

    fn number(
        &mut self,
        object: &Map<String, Value>,
        key: &str,
        location: &Location,
    ) -> Option<Number> {
        match object.get(key)? {
            Value::Number(number) => Some(number.clone()),
            other => {
                self.report(
                    &location.child(key),
                    format!("`{key}` must be a number, found {}", kind_of(other)),
                );
                None
            }
        }
    }

    fn fragment(&mut self, value: &Value, root: &Location) -> Option<Fragment> {
        let object = self.object(value, root, "an operation fragment")?;
        self.refuse_unknown_keys(
            object,
            root,
            "an operation fragment",
            &[
                "method",
                "path",
                "summary",
                "description",
                "operationId",
                "parameters",
                "requestBody",
                "responses",
                "deprecated",
                "tags",
            ],
        );
        let operation_id = self.required_string(object, "operationId", root, "the fragment");
        let method_text = self.required_string(object, "method", root, "the fragment");
        let method = method_text.and_then(|text| {
            let method = Method::parse(&text);
            if method.is_none() {
                self.report(
                    &root.child("method"),
                    format!("`{text}` is not an HTTP method this generator supports"),
                );
            }
            method
        });
        let url = self.required_string(object, "path", root, "the fragment");
        let summary = self.string(object, "summary", root);
        let description = self.string(object, "description", root);
        let deprecated = self.boolean(object, "deprecated", root).unwrap_or(false);

        let parameters = match object.get("parameters") {
            None => Vec::new(),
            Some(Value::Array(items)) => {
                let location = root.child("parameters");
                items
                    .iter()
                    .enumerate()
                    .filter_map(|(index, item)| self.parameter(item, &location.child(index)))
                    .collect()
            }
            Some(other) => {
                self.report(
                    &root.child("parameters"),
                    format!("`parameters` must be an array, found {}", kind_of(other)),
                );
                Vec::new()
            }
        };
        let request_body = object
            .get("requestBody")
            .and_then(|body| self.request_body(body, &root.child("requestBody")));
        let responses = match object.get("responses") {
            None => {
                self.report(root, "the fragment has no `responses`");
                Vec::new()
            }
            Some(value) => self.responses(value, &root.child("responses")),
        };
        Some(Fragment {
            location: root.clone(),
            operation_id: operation_id?,
            method: method?,
            url: url?,
            summary,
            description,
            deprecated,
            parameters,
            request_body,
            responses,
        })
    }

    fn parameter(&mut self, value: &Value, location: &Location) -> Option<Parameter> {
        let object = self.object(value, location, "a parameter")?;
        self.refuse_unknown_keys(
            object,
            location,
            "a parameter",
            &[
                "name",
                "in",
                "description",
                "required",
                "deprecated",
                "style",
                "explode",
                "schema",
            ],
        );
        let name = self.required_string(object, "name", location, "the parameter");
        let r#in = match self
            .required_string(object, "in", location, "the parameter")?
            .as_str()
        {
            "path" => ParameterLocation::Path,
            "query" => ParameterLocation::Query,
            "header" => ParameterLocation::Header,
            "cookie" => ParameterLocation::Cookie,
            other => {
                self.report(
                    &location.child("in"),
                    format!(
                        "`in: {other}` is not a parameter location (path, query, header, cookie)"
                    ),
                );
                return None;
            }
        };
        let description = self.string(object, "description", location);
        let required = self.boolean(object, "required", location).unwrap_or(false);
        let deprecated = self
            .boolean(object, "deprecated", location)
            .unwrap_or(false);
        let style = self.string(object, "style", location);
        let explode = self.boolean(object, "explode", location);
        let schema = if let Some(schema) = object.get("schema") {
            self.schema(schema, &location.child("schema"))
        } else {
            self.report(location, "the parameter has no `schema`");
            None
        };
        Some(Parameter {
            location: location.clone(),
            name: name?,
            r#in,
            description,
            required,
            deprecated,
            style,
            explode,
            schema: schema?,
            raw_schema: schemars::Schema::default(),
        })
    }

    fn content(&mut self, value: &Value, location: &Location) -> Vec<MediaType> {
        let Some(object) = self.object(value, location, "`content`") else {
            return Vec::new();
        };
        let mut content = Vec::new();
        for (media_type, entry) in object {
            let entry_location = location.child(media_type);
            let Some(entry_object) = self.object(entry, &entry_location, "a media type") else {
                continue;
            };
            self.refuse_unknown_keys(
                entry_object,
                &entry_location,
                "a media type",
                &["schema", "encoding"],
            );
            if let Some(encoding) = entry_object.get("encoding")
                && encoding.as_object().is_none_or(|map| !map.is_empty())
            {
                self.report(
                    &entry_location.child("encoding"),
                    "a non-empty `encoding` is not supported by this generator",
                );
            }
            let schema = entry_object
                .get("schema")
                .and_then(|schema| self.schema(schema, &entry_location.child("schema")));
            content.push(MediaType {
                location: entry_location,
                media_type: media_type.clone(),
                schema,
                raw_schema: None,
            });
        }
        content
    }

    fn request_body(&mut self, value: &Value, location: &Location) -> Option<RequestBody> {
        let object = self.object(value, location, "`requestBody`")?;
        self.refuse_unknown_keys(
            object,
            location,
            "`requestBody`",
            &["content", "required", "description"],
        );
        let content = if let Some(content) = object.get("content") {
            self.content(content, &location.child("content"))
        } else {
            self.report(location, "`requestBody` has no `content`");
            Vec::new()
        };
        Some(RequestBody {
            location: location.clone(),
            description: self.string(object, "description", location),
            required: self.boolean(object, "required", location).unwrap_or(false),
            content,
        })
    }

    fn responses(&mut self, value: &Value, location: &Location) -> Vec<Response> {
        let Some(object) = self.object(value, location, "`responses`") else {
            return Vec::new();
        };
        let mut responses = Vec::new();
        for (status, entry) in object {
            let entry_location = location.child(status);
            let Some(entry_object) = self.object(entry, &entry_location, "a response") else {
                continue;
            };
            // Response headers and links are not exposed by the client, so they are accepted
            // and not read.
            self.refuse_unknown_keys(
                entry_object,
                &entry_location,
                "a response",
                &["description", "content", "headers", "links"],
            );
            let content = entry_object
                .get("content")
                .map(|content| self.content(content, &entry_location.child("content")))
                .unwrap_or_default();
            responses.push(Response {
                description: self.string(entry_object, "description", &entry_location),
                location: entry_location,
                status: status.clone(),
                content,
            });
        }
        responses
    }

    fn schema(&mut self, value: &Value, location: &Location) -> Option<Schema> {
        let object = self.object(value, location, "a schema")?;
        let title = self.string(object, "title", location);
        let description = self.string(object, "description", location);
        let deprecated = self
            .boolean(object, "deprecated", location)
            .unwrap_or(false);
        let read_only = self.boolean(object, "readOnly", location).unwrap_or(false);
        let write_only = self.boolean(object, "writeOnly", location).unwrap_or(false);
        let mut nullable = self.boolean(object, "nullable", location).unwrap_or(false);
        nullable |= matches!(object.get("type"), Some(Value::Array(types)) if types.iter().any(|name| name == "null"));
        nullable |= matches!(object.get("enum"), Some(Value::Array(values)) if values.contains(&Value::Null));
        let mut kind = self.schema_kind(object, location)?;
        if let SchemaKind::OneOf(alternatives) = &mut kind {
            let before = alternatives.len();
            alternatives.retain(|alternative| !matches!(alternative.kind, SchemaKind::Null));
            nullable |= alternatives.len() < before;
            if alternatives.len() == 1 {
                let only = alternatives.remove(0);
                nullable |= only.nullable;
                kind = only.kind;
            }
        }
        Some(Schema {
            location: location.clone(),
            title,
            description,
            deprecated,
            nullable,
            default: object.get("default").cloned(),
            read_only,
            write_only,
            kind,
        })
    }

    /// Decides what a schema describes. `type` may be missing when `properties`, `items`,
    /// `enum` or `allOf` says it; keys come in any order.
    fn schema_kind(
        &mut self,
        object: &Map<String, Value>,
        location: &Location,
    ) -> Option<SchemaKind> {
        const COMMON: [&str; 8] = [
            "title",
            "description",
            "deprecated",
            "type",
            "nullable",
            "default",
            "readOnly",
            "writeOnly",
        ];
        let declared = match object.get("type") {
            None => None,
            Some(value) => Some(self.declared_type(value, location)?),
        };
        let inferred = declared.or_else(|| implied_type(object));
        let with = |extra: &[&'static str]| -> Vec<&'static str> {
            COMMON.iter().chain(extra).copied().collect()
        };
        let not_object = |extra: &[&'static str]| -> Vec<&'static str> {
            COMMON
                .iter()
                .chain(extra)
                .chain(&OBJECT_ONLY)
                .copied()
                .collect()
        };
        match inferred {
            None if (object.contains_key("oneOf") || object.contains_key("anyOf"))
                && OBJECT_ONLY.iter().any(|key| object.contains_key(*key)) =>
            {
                self.object_with_forms(object, location, &with)
            }
            None if object.contains_key("oneOf") || object.contains_key("anyOf") => {
                self.one_of(object, location, &with)
            }
            Some("null") => {
                self.refuse_unknown_keys(object, location, "a null schema", &with(&[]));
                Some(SchemaKind::Null)
            }
            None if object.contains_key("allOf")
                && OBJECT_ONLY.iter().any(|key| object.contains_key(*key)) =>
            {
                self.object_kind(object, location, &with)
            }
            None if object.contains_key("allOf") => {
                self.refuse_unknown_keys(object, location, "an `allOf` schema", &with(&["allOf"]));
                self.all_of(object, location)
            }
            None => {
                self.refuse_unknown_keys(object, location, "a schema without `type`", &with(&[]));
                Some(SchemaKind::Any)
            }
            Some("string") => {
                self.refuse_unknown_keys(
                    object,
                    location,
                    "a string schema",
                    &not_object(STRING_KEYWORDS),
                );
                Some(SchemaKind::String(self.string_schema(object, location)))
            }
            Some(name @ ("integer" | "number")) => {
                let integer = name == "integer";
                let what = if integer {
                    "an integer schema"
                } else {
                    "a number schema"
                };
                self.refuse_unknown_keys(object, location, what, &not_object(NUMBER_KEYWORDS));
                let numeric = self.numeric_schema(object, location, integer);
                Some(if integer {
                    SchemaKind::Integer(numeric)
                } else {
                    SchemaKind::Number(numeric)
                })
            }
            Some("boolean") => {
                self.refuse_unknown_keys(object, location, "a boolean schema", &not_object(&[]));
                Some(SchemaKind::Boolean)
            }
            Some("array") => {
                self.refuse_unknown_keys(
                    object,
                    location,
                    "an array schema",
                    &not_object(ARRAY_KEYWORDS),
                );
                self.array(object, location)
            }
            Some("object") => self.object_kind(object, location, &with),
            Some(other) => {
                self.report(
                    &location.child("type"),
                    format!("`type: {other}` is not supported by this generator"),
                );
                None
            }
        }
    }

    fn string_schema(&mut self, object: &Map<String, Value>, location: &Location) -> StringSchema {
        let min_length = self.length(object, "minLength", location);
        let max_length = self.length(object, "maxLength", location);
        if let (Some(min), Some(max)) = (min_length, max_length)
            && min > max
        {
            self.report(
                location,
                format!("`minLength` {min} is greater than `maxLength` {max}"),
            );
        }
        let enum_values = self.enum_values(
            object,
            location,
            |value| value.as_str().map(str::to_owned),
            "strings",
        );
        StringSchema {
            format: self.string(object, "format", location),
            min_length,
            max_length,
            enum_values,
            pattern: self.string(object, "pattern", location),
        }
    }

    fn numeric_schema(
        &mut self,
        object: &Map<String, Value>,
        location: &Location,
        integer: bool,
    ) -> NumericSchema {
        let enum_values = self.enum_values(
            object,
            location,
            |value| match value {
                Value::Number(number) if !integer || number.is_i64() || number.is_u64() => {
                    Some(number.clone())
                }
                _ => None,
            },
            if integer { "integers" } else { "numbers" },
        );
        let mut minimum = self.number(object, "minimum", location);
        let mut maximum = self.number(object, "maximum", location);
        let exclusive_minimum =
            self.exclusive_bound(object, "exclusiveMinimum", &mut minimum, location);
        let exclusive_maximum =
            self.exclusive_bound(object, "exclusiveMaximum", &mut maximum, location);
        NumericSchema {
            format: self.string(object, "format", location),
            minimum,
            maximum,
            exclusive_minimum,
            exclusive_maximum,
            multiple_of: self.number(object, "multipleOf", location),
            enum_values,
        }
    }

    /// `exclusiveMinimum`/`exclusiveMaximum`: a number (3.1), or `true` making the inclusive
    /// bound exclusive (3.0).
    fn exclusive_bound(
        &mut self,
        object: &Map<String, Value>,
        key: &str,
        inclusive: &mut Option<Number>,
        location: &Location,
    ) -> Option<Number> {
        match object.get(key)? {
            Value::Bool(true) => inclusive.take(),
            Value::Bool(false) => None,
            Value::Number(number) => Some(number.clone()),
            other => {
                self.report(
                    &location.child(key),
                    format!(
                        "`{key}` must be a number or a boolean, found {}",
                        kind_of(other)
                    ),
                );
                None
            }
        }
    }

    /// The type `type` names: a name, or an array of names of which all but `null` are one type
    /// (`["string", "null"]` is a nullable string; `schema` records the `null`).
    fn declared_type<'v>(&mut self, value: &'v Value, location: &Location) -> Option<&'v str> {
        match value {
            Value::String(name) => Some(name.as_str()),
            Value::Array(entries) if entries.iter().all(Value::is_string) => {
                let types: Vec<&str> = entries
                    .iter()
                    .filter_map(Value::as_str)
                    .filter(|name| *name != "null")
                    .collect();
                match types.as_slice() {
                    [] if !entries.is_empty() => Some("null"),
                    [one] => Some(*one),
                    _ => {
                        self.report(
                            &location.child("type"),
                            "a `type` array allowing several non-null types is not supported by this generator (use `oneOf`)",
                        );
                        None
                    }
                }
            }
            other => {
                self.report(
                    &location.child("type"),
                    format!(
                        "`type` must be a type name or an array of them, found {}",
                        kind_of(other)
                    ),
                );
                None
            }
        }
    }

    fn array(&mut self, object: &Map<String, Value>, location: &Location) -> Option<SchemaKind> {
        let Some(items) = object.get("items") else {
            self.report(
                location,
                "an array schema without `items` is not supported by this generator",
            );
            return None;
        };
        let bounds = ItemBounds {
            min_items: self.length(object, "minItems", location),
            max_items: self.length(object, "maxItems", location),
            unique: self
                .boolean(object, "uniqueItems", location)
                .unwrap_or(false),
        };
        self.schema(items, &location.child("items"))
            .map(|items| SchemaKind::Array(Box::new(items), bounds))
    }

    fn one_of(
        &mut self,
        object: &Map<String, Value>,
        location: &Location,
        with: &dyn Fn(&[&'static str]) -> Vec<&'static str>,
    ) -> Option<SchemaKind> {
        let keyword = if object.contains_key("oneOf") {
            "oneOf"
        } else {
            "anyOf"
        };
        self.refuse_unknown_keys(
            object,
            location,
            &format!("a `{keyword}` schema"),
            &with(&["oneOf", "anyOf", "discriminator"]),
        );
        self.alternatives(object, location)
    }

    /// The alternatives of a `oneOf` or `anyOf`.
    fn alternatives(
        &mut self,
        object: &Map<String, Value>,
        location: &Location,
    ) -> Option<SchemaKind> {
        let keyword = if object.contains_key("oneOf") {
            "oneOf"
        } else {
            "anyOf"
        };
        if object.contains_key("oneOf") && object.contains_key("anyOf") {
            self.report(
                location,
                "`oneOf` and `anyOf` together are not supported by this generator",
            );
            return None;
        }
        let alternatives_location = location.child(keyword);
        let Some(Value::Array(alternatives)) = object.get(keyword) else {
            self.report(
                &alternatives_location,
                format!("`{keyword}` must be an array of schemas"),
            );
            return None;
        };
        if alternatives.is_empty() {
            self.report(
                &alternatives_location,
                format!("`{keyword}` must not be empty"),
            );
            return None;
        }
        let parsed: Vec<Schema> = alternatives
            .iter()
            .enumerate()
            .filter_map(|(index, alternative)| {
                self.schema(alternative, &alternatives_location.child(index))
            })
            .collect();
        (parsed.len() == alternatives.len()).then_some(SchemaKind::OneOf(parsed))
    }

    /// An object, possibly with `oneOf`/`anyOf` or `allOf` beside its own properties.
    fn object_kind(
        &mut self,
        object: &Map<String, Value>,
        location: &Location,
        with: &dyn Fn(&[&'static str]) -> Vec<&'static str>,
    ) -> Option<SchemaKind> {
        if object.contains_key("oneOf") || object.contains_key("anyOf") {
            return self.object_with_forms(object, location, with);
        }
        if object.contains_key("allOf") {
            self.refuse_unknown_keys(
                object,
                location,
                "an object schema with `allOf`",
                &with(&[&OBJECT_ONLY[..], &["allOf"]].concat()),
            );
            return self.object_with_all_of(object, location);
        }
        self.refuse_unknown_keys(object, location, "an object schema", &with(&OBJECT_ONLY));
        self.object_schema(object, location).map(SchemaKind::Object)
    }

    /// An object that has `oneOf`/`anyOf` beside its own properties: it has them, and one of the
    /// forms.
    fn object_with_forms(
        &mut self,
        object: &Map<String, Value>,
        location: &Location,
        with: &dyn Fn(&[&'static str]) -> Vec<&'static str>,
    ) -> Option<SchemaKind> {
        self.refuse_unknown_keys(
            object,
            location,
            "an object schema with `oneOf`/`anyOf`",
            &with(&[&OBJECT_ONLY[..], &["oneOf", "anyOf"]].concat()),
        );
        let mut own = self.object_schema(object, location);
        let SchemaKind::OneOf(forms) = self.alternatives(object, location)? else {
            return None;
        };
        if let Some(own) = &mut own {
            own.forms = Some(forms);
        }
        own.map(SchemaKind::Object)
    }

    /// An object that has `allOf` beside its own properties: its own part is one more part.
    fn object_with_all_of(
        &mut self,
        object: &Map<String, Value>,
        location: &Location,
    ) -> Option<SchemaKind> {
        let own = self.object_schema(object, location);
        let SchemaKind::AllOf(mut parts) = self.all_of(object, location)? else {
            return None;
        };
        parts.push(Schema::bare(location.clone(), SchemaKind::Object(own?)));
        Some(SchemaKind::AllOf(parts))
    }

    fn all_of(&mut self, object: &Map<String, Value>, location: &Location) -> Option<SchemaKind> {
        let parts_location = location.child("allOf");
        let Some(Value::Array(parts)) = object.get("allOf") else {
            self.report(&parts_location, "`allOf` must be an array of schemas");
            return None;
        };
        if parts.is_empty() {
            self.report(&parts_location, "`allOf` must not be empty");
            return None;
        }
        let parsed: Vec<Schema> = parts
            .iter()
            .enumerate()
            .filter_map(|(index, part)| self.schema(part, &parts_location.child(index)))
            .collect();
        (parsed.len() == parts.len()).then_some(SchemaKind::AllOf(parsed))
    }

    /// `enum`, or `const` as a one-value enum. `null` among the values is left out: it makes the
    /// schema nullable, which `schema` records.
    fn enum_values<T>(
        &mut self,
        object: &Map<String, Value>,
        location: &Location,
        read: impl Fn(&Value) -> Option<T>,
        expected: &str,
    ) -> Option<Vec<T>> {
        let (key, values) = match (object.get("const"), object.get("enum")) {
            (Some(value), _) => ("const", std::slice::from_ref(value)),
            (None, Some(Value::Array(values))) if !values.is_empty() => ("enum", values.as_slice()),
            (None, Some(_)) => {
                self.report(&location.child("enum"), "`enum` must be a non-empty array");
                return None;
            }
            (None, None) => return None,
        };
        let key_location = location.child(key);
        let mut read_values = Vec::with_capacity(values.len());
        for (index, value) in values.iter().enumerate() {
            if value.is_null() {
                continue;
            }
            match read(value) {
                Some(read_value) => read_values.push(read_value),
                None => self.report(
                    &if key == "enum" {
                        key_location.child(index)
                    } else {
                        key_location.clone()
                    },
                    format!("this `{key}` holds {expected}, but this value is {value}"),
                ),
            }
        }
        (!read_values.is_empty()).then_some(read_values)
    }

    fn object_schema(
        &mut self,
        object: &Map<String, Value>,
        location: &Location,
    ) -> Option<ObjectSchema> {
        let mut properties = Vec::new();
        if let Some(value) = object.get("properties") {
            let properties_location = location.child("properties");
            let map = self.object(value, &properties_location, "`properties`")?;
            for (name, schema) in map {
                if let Some(schema) = self.schema(schema, &properties_location.child(name)) {
                    properties.push((name.clone(), schema));
                }
            }
            if properties.len() != map.len() {
                return None;
            }
        }
        let mut required = Vec::new();
        if let Some(value) = object.get("required") {
            let required_location = location.child("required");
            let Value::Array(names) = value else {
                self.report(
                    &required_location,
                    "`required` must be an array of property names",
                );
                return None;
            };
            for (index, name) in names.iter().enumerate() {
                match name.as_str() {
                    // A name `properties` does not list is still required: it may be declared by
                    // another `allOf` part, or be any value.
                    Some(name) => {
                        if !required.iter().any(|existing| existing == name) {
                            required.push(name.to_owned());
                        }
                    }
                    None => self.report(
                        &required_location.child(index),
                        format!("`required` must hold property names, found {name}"),
                    ),
                }
            }
        }
        let (closed, additional) = match object.get("additionalProperties") {
            None | Some(Value::Bool(true)) => (false, None),
            Some(Value::Bool(false)) => (true, None),
            Some(schema) => {
                let schema = self.schema(schema, &location.child("additionalProperties"))?;
                (false, Some(Box::new(schema)))
            }
        };
        let bounds = PropertyBounds {
            min: self.length(object, "minProperties", location),
            max: self.length(object, "maxProperties", location),
            names: object.get("propertyNames").map(ToString::to_string),
        };
        Some(ObjectSchema {
            properties,
            required,
            closed,
            additional,
            bounds,
            forms: None,
        })
    }
}

/// The type a schema without `type` implies by its other keywords, as APIs write them
/// (`properties` alone for an object, `items` alone for an array).
fn implied_type(object: &Map<String, Value>) -> Option<&'static str> {
    if ["allOf", "oneOf", "anyOf"]
        .iter()
        .any(|key| object.contains_key(*key))
    {
        None
    } else if ["properties", "required", "additionalProperties"]
        .iter()
        .any(|key| object.contains_key(*key))
    {
        Some("object")
    } else if object.contains_key("items") {
        Some("array")
    } else if let Some(value) = object.get("const") {
        Some(json_type(value))
    } else if let Some(Value::Array(values)) = object.get("enum") {
        values.iter().find(|value| !value.is_null()).map(json_type)
    } else {
        None
    }
}

/// The JSON Schema type name of a value (`integer` for whole numbers).
fn json_type(value: &Value) -> &'static str {
    match value {
        Value::String(_) => "string",
        Value::Number(number) if number.is_i64() || number.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::Bool(_) => "boolean",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
        Value::Null => "null",
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<String> {
        parse_fragment("f.json", text)
            .err()
            .unwrap_or_default()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    const MINIMAL: &str =
        r#"{"method":"POST","path":"https://x.test/v1/a","operationId":"A","responses":{}}"#;

    #[test]
    fn a_minimal_fragment_parses() {
        let fragment = parse_fragment("f.json", MINIMAL).expect("parses");
        assert_eq!(fragment.operation_id, "A");
        assert_eq!(fragment.method, Method::Post);
    }

    #[test]
    fn text_that_is_not_json_is_refused_with_the_position() {
        let problems = problems("{\"method\": ");
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].starts_with("f.json#: not valid JSON: EOF while parsing"),
            "{problems:?}"
        );
    }

    #[test]
    fn missing_required_keys_are_all_reported() {
        assert_eq!(
            problems(r#"{"responses":{}}"#),
            [
                "f.json#: the fragment has no `operationId`",
                "f.json#: the fragment has no `method`",
                "f.json#: the fragment has no `path`",
            ]
        );
    }

    #[test]
    fn unsupported_keywords_are_refused_where_they_are() {
        let text = r#"{"method":"GET","path":"https://x.test/v1/a","operationId":"A","responses":{"200":{"content":{"application/json":{"schema":{"type":"object","properties":{"a":{"type":"object","patternProperties":{"^x":{"type":"string"}}},"b":{"not":{}}}}}}}}}"#;
        assert_eq!(
            problems(text),
            [
                "f.json#/responses/200/content/application~1json/schema/properties/a/patternProperties (operation A): `patternProperties` in an object schema is not supported by this generator",
                "f.json#/responses/200/content/application~1json/schema/properties/b/not (operation A): `not` in a schema without `type` is not supported by this generator",
            ]
        );
    }

    #[test]
    fn type_is_inferred_from_properties_items_and_enum() {
        let text = r#"{"method":"POST","path":"https://x.test/v1/a","operationId":"A","requestBody":{"content":{"application/json":{"schema":{"properties":{"list":{"items":{"enum":["a","b"]}}}}}}},"responses":{}}"#;
        let fragment = parse_fragment("f.json", text).expect("parses");
        let body = fragment.request_body.expect("body");
        let Some(SchemaKind::Object(object)) = body.content[0].schema.as_ref().map(|s| &s.kind)
        else {
            panic!("object expected");
        };
        let SchemaKind::Array(items, _) = &object.properties[0].1.kind else {
            panic!("array expected");
        };
        assert!(
            matches!(&items.kind, SchemaKind::String(s) if s.enum_values == Some(vec!["a".into(), "b".into()]))
        );
    }

    #[test]
    fn required_names_may_be_declared_elsewhere() {
        // In an `allOf` part, `required` may name a property another part declares.
        let text = r#"{"method":"POST","path":"https://x.test/v1/a","operationId":"A","requestBody":{"content":{"application/json":{"schema":{"type":"object","properties":{},"required":["elsewhere"]}}}},"responses":{}}"#;
        let fragment = parse_fragment("f.json", text).expect("parses");
        let body = fragment.request_body.expect("body");
        let Some(SchemaKind::Object(object)) = body.content[0].schema.as_ref().map(|s| &s.kind)
        else {
            panic!("object expected");
        };
        assert_eq!(object.required, ["elsewhere"]);
    }

    #[test]
    fn enum_values_must_match_the_type() {
        let text = r#"{"method":"POST","path":"https://x.test/v1/a","operationId":"A","parameters":[{"in":"path","name":"p","required":true,"schema":{"type":"string","enum":["a",1]}}],"responses":{}}"#;
        assert_eq!(
            problems(text),
            [
                "f.json#/parameters/0/schema/enum/1 (operation A): this `enum` holds strings, but this value is 1"
            ]
        );
    }
}
