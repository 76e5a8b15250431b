//! Layer 2's output: operations and types whose names are final and whose types are
//! deduplicated. Emission only walks this model; it makes no naming or typing decisions.
//!
//! Every constraint read from the fragments is kept here (lengths, bounds, formats, enum values,
//! `additionalProperties: false`, descriptions, the exact JSON of each operation's schemas), even
//! where today's emitter does not use it, so that later consumers (schema derivation, semver
//! reports) read the IR and never the fragments again.

use crate::error::Location;
use crate::parse::{NumericSchema, StringSchema};
use crate::spec::{ItemBounds, Method, ParameterLocation, PropertyBounds};

/// The whole API: operations sorted by `operationId`, and the types they use.
#[derive(Clone, Debug)]
pub struct Api {
    /// The base URL the operations' paths are relative to, without a trailing `/`.
    pub base_url: String,
    /// Sorted by `operationId`.
    pub operations: Vec<Operation>,
    /// Indexed by [`TypeId`]; names are unique.
    pub types: Vec<TypeDef>,
}

impl Api {
    /// The type behind `id`.
    #[must_use]
    pub fn get(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }

    /// The type named `name`, if there is one.
    #[must_use]
    pub fn type_named(&self, name: &str) -> Option<&TypeDef> {
        self.types.iter().find(|definition| definition.name == name)
    }
}

/// Index of a [`TypeDef`] in [`Api::types`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub usize);

/// The type of a value at one place: a named type or an inline one.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TypeRef {
    /// A generated struct, enum or newtype.
    Named(TypeId),
    /// An unconstrained string (formats are annotations and kept here).
    String(StringSchema),
    /// An integer; `enum` values here are documented, not enforced.
    Integer(NumericSchema),
    /// A number.
    Number(NumericSchema),
    /// `true` or `false`.
    Boolean,
    /// A list.
    Array(Box<TypeRef>, ItemBounds),
    /// `null` or a value of the inner type.
    Nullable(Box<TypeRef>),
    /// An object whose properties are all of one type (`additionalProperties` as a schema).
    MapOf(Box<TypeRef>, PropertyBounds),
    /// An object with no declared properties that accepts any: a JSON map.
    Map(PropertyBounds),
    /// Any JSON value.
    Any,
}

/// Which direction a type's values travel; decides how strict deserialisation is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Usage {
    /// Part of some request.
    pub request: bool,
    /// Part of some reply.
    pub response: bool,
}

/// A generated type.
#[derive(Clone, Debug)]
pub struct TypeDef {
    /// The final Rust name, unique in the crate.
    pub name: String,
    /// Markdown documentation; never empty.
    pub docs: String,
    /// What it is.
    pub kind: TypeKind,
    /// Where its values travel.
    pub usage: Usage,
    /// Every place in the fragments where this schema occurs, sorted.
    pub origins: Vec<Location>,
}

impl TypeKind {
    /// Whether values of this type are one string on the wire (enums and constrained strings),
    /// rather than a JSON object or a choice of forms: what fits in a path, a header or a plain
    /// query value.
    #[must_use]
    pub fn is_string_like(&self) -> bool {
        matches!(self, Self::Enum(_) | Self::Newtype(_))
    }
}

/// The shape of a generated type.
#[derive(Clone, Debug)]
#[allow(
    clippy::large_enum_variant,
    reason = "one per generated type, stored in a Vec; boxing would only add indirection"
)]
pub enum TypeKind {
    /// An object with declared properties.
    Struct(StructDef),
    /// A string `enum`.
    Enum(EnumDef),
    /// A string with length constraints, validated when built.
    Newtype(NewtypeDef),
    /// `oneOf`/`anyOf`: one of several types, told apart by trying each in order.
    OneOf(OneOfDef),
}

/// A choice between types.
#[derive(Clone, Debug)]
pub struct OneOfDef {
    /// In spec order.
    pub variants: Vec<OneOfVariant>,
}

/// One alternative of a [`OneOfDef`].
#[derive(Clone, Debug)]
pub struct OneOfVariant {
    /// The Rust variant name, from the alternative's type.
    pub rust_name: String,
    /// The alternative's type.
    pub ty: TypeRef,
}

/// An object type.
#[derive(Clone, Debug)]
pub struct StructDef {
    /// In spec order.
    pub fields: Vec<Field>,
    /// `additionalProperties: false`.
    pub closed: bool,
    /// The type of properties not listed, when `additionalProperties` is a schema.
    pub additional: Option<TypeRef>,
    /// `minProperties`, `maxProperties` and `propertyNames`.
    pub bounds: PropertyBounds,
    /// The forms a `oneOf`/`anyOf` beside the properties allows, read from the same object.
    pub forms: Option<TypeRef>,
}

/// One property of an object type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "mirrors JSON Schema's independent boolean keywords"
)]
pub struct Field {
    /// The JSON property name.
    pub wire_name: String,
    /// The Rust field name, unique in the struct.
    pub rust_name: String,
    /// Listed in `required`.
    pub required: bool,
    /// The value's type.
    pub ty: TypeRef,
    /// Markdown documentation; may be empty.
    pub docs: String,
    /// The `description` exactly as written, if any.
    pub description: Option<String>,
    /// `deprecated: true` on the property's schema.
    pub deprecated: bool,
    /// `default`, as JSON text.
    pub default: Option<String>,
    /// `readOnly: true`: only the server sends it.
    pub read_only: bool,
    /// `writeOnly: true`: only clients send it.
    pub write_only: bool,
}

/// A string enum type.
#[derive(Clone, Debug)]
pub struct EnumDef {
    /// In spec order.
    pub variants: Vec<Variant>,
    /// The name of the variant that keeps values the spec does not list, for enums that occur
    /// in replies (servers add values before specs do); `None` for request-only enums.
    pub catch_all: Option<String>,
}

/// One enum value.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Variant {
    /// The value on the wire.
    pub wire: String,
    /// The Rust variant name, unique in the enum.
    pub rust_name: String,
}

/// A constrained string type.
#[derive(Clone, Debug)]
pub struct NewtypeDef {
    /// The constraints (`minLength`, `maxLength`, `format`).
    pub constraints: StringSchema,
}

/// One operation, ready to emit.
#[derive(Clone, Debug)]
pub struct Operation {
    /// `operationId` as written.
    pub operation_id: String,
    /// The client method's name.
    pub fn_name: String,
    /// HTTP method.
    pub method: Method,
    /// The path below the base URL, split at parameters.
    pub path: Vec<PathPart>,
    /// The path template below the base URL, as written (`/ai_voice_agents/{id}`), with any
    /// fixed query.
    pub path_template: String,
    /// Query pairs written into the path template itself (`/responses?beta=true`), always sent.
    pub fixed_query: Vec<(String, String)>,
    /// Markdown documentation from `summary` and `description`; never empty.
    pub docs: String,
    /// `deprecated: true` on the operation.
    pub deprecated: bool,
    /// Parameters in spec order.
    pub params: Vec<Param>,
    /// The name of the struct that holds the query and header parameters, if there are any.
    pub params_type: Option<String>,
    /// The JSON request body, if the operation sends one.
    pub body: Option<Body>,
    /// What a successful reply carries.
    pub success: Reply,
    /// The type of the error replies' JSON bodies (4XX, 5XX, `default`); one type, or a choice
    /// of the declared ones. `None` when the fragment declares none.
    pub error: Option<TypeRef>,
    /// Where the fragment is.
    pub location: Location,
    /// The JSON Schemas of the operation exactly as the fragment wrote them.
    pub schemas: OperationSchemas,
}

/// A piece of a path template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathPart {
    /// Literal text, already valid in a URL path.
    Literal(String),
    /// The value of `params[index]`, percent-encoded at run time.
    Param(usize),
}

/// An operation parameter.
#[derive(Clone, Debug)]
pub struct Param {
    /// The name on the wire.
    pub wire_name: String,
    /// The Rust argument name.
    pub rust_name: String,
    /// Where it goes.
    pub location: ParameterLocation,
    /// `required`.
    pub required: bool,
    /// The value's type.
    pub ty: TypeRef,
    /// Markdown documentation; may be empty.
    pub docs: String,
    /// For arrays: one `name=value` pair per item (`explode: true`, the form-style default)
    /// rather than one comma-separated value.
    pub explode: bool,
    /// `deprecated: true` on the parameter.
    pub deprecated: bool,
}

/// How a body travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyFormat {
    /// JSON, as the body's type.
    Json,
    /// Text (`text/plain`, XML, …), as a string.
    Text,
    /// Anything else (`application/octet-stream`, images, PDF, …), as bytes.
    Bytes,
}

/// What a successful reply carries.
#[derive(Clone, Debug)]
pub struct Reply {
    /// How it travels.
    pub format: BodyFormat,
    /// For JSON: the body's type, `None` when no success reply has a body.
    pub ty: Option<TypeRef>,
    /// The media type asked for with `Accept`.
    pub media_type: String,
}

/// A request body.
#[derive(Clone, Debug)]
pub struct Body {
    /// Its type; `None` for an object that allows no properties at all, which is always sent
    /// as `{}` and so is not asked of the caller.
    pub ty: Option<TypeRef>,
    /// `requestBody.required`.
    pub required: bool,
    /// The media type it is sent as.
    pub media_type: String,
    /// How it travels; `ty` is for JSON only.
    pub format: BodyFormat,
}

/// The JSON Schemas of one operation, verbatim.
#[derive(Clone, Debug, Default)]
pub struct OperationSchemas {
    /// Each parameter's `schema`, by wire name, in spec order.
    pub parameters: Vec<(String, schemars::Schema)>,
    /// The request body's schema.
    pub request_body: Option<schemars::Schema>,
    /// Each response's schema, by status key, in spec order.
    pub responses: Vec<(String, schemars::Schema)>,
}
