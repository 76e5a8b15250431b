//! The fragment model: what [`parse_fragment`](super::parse_fragment) returns and the later
//! layers read. Every node keeps its [`Location`] so that they can report problems where they are.

use std::sync::Arc;

use serde_json::{Number, Value};

use crate::error::Location;
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
    /// `tags`, in spec order.
    pub tags: Vec<String>,
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
    /// `schema` exactly as written; shared with the IR, which keeps it, rather than copied.
    pub raw_schema: Arc<schemars::Schema>,
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
    /// `schema` exactly as written, for consumers that need the JSON Schema itself; shared
    /// with the IR, which keeps it, rather than copied.
    pub raw_schema: Option<Arc<schemars::Schema>>,
    /// `encoding`: how each named property of a form or multipart body is written, in spec
    /// order.
    pub encoding: Vec<Encoding>,
}

/// One entry of a media type's `encoding` map.
#[derive(Clone, Debug)]
pub struct Encoding {
    /// Where the encoding object is.
    pub location: Location,
    /// The property it applies to (the map's key).
    pub property: String,
    /// `contentType`, if given.
    pub content_type: Option<String>,
    /// `style`, if given.
    pub style: Option<String>,
    /// `explode`, if given.
    pub explode: Option<bool>,
    /// `allowReserved`, if given.
    pub allow_reserved: Option<bool>,
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
    /// Keywords that change which values are valid and that the client does not check (`not`,
    /// `if`/`then`/`else`, `contains`, `dependentRequired`, …, and `enum`/`const` on a kind that
    /// does not read them), in spec order, each with its value as written: the server checks
    /// them, the generated docs say so.
    pub rules: Vec<(String, Value)>,
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
            rules: Vec::new(),
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
    /// `type: array` of a fixed number of items, each with its own schema: `prefixItems` with
    /// `items: false` and a `minItems` of as many.
    Tuple(Vec<Schema>),
    /// `type: object`.
    Object(ObjectSchema),
    /// `allOf`: a value valid against every part.
    AllOf(Vec<Schema>),
    /// `oneOf` or `anyOf`: a value valid against one of the alternatives.
    OneOf(Choice),
    /// `type: null`: only `null`.
    Null,
    /// `{}` or `true`: any JSON value.
    Any,
    /// `false`: no value at all (a property that must be absent, an array that must be empty).
    Nothing,
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
    /// `patternProperties`, in spec order: a pattern of property names, and their schema.
    pub pattern_properties: Vec<(String, Schema)>,
    /// `minProperties`, `maxProperties` and `propertyNames`.
    pub bounds: PropertyBounds,
    /// A `oneOf`/`anyOf` beside the properties: the object also has one of these forms.
    pub forms: Option<Choice>,
}

/// The alternatives of a `oneOf` or an `anyOf`.
#[derive(Clone, Debug)]
pub struct Choice {
    /// In spec order, never empty.
    pub alternatives: Vec<Schema>,
    /// `oneOf`: a valid value matches exactly one alternative. `anyOf` (and a `type` array, which
    /// means one) is satisfied by any number.
    pub exclusive: bool,
}
