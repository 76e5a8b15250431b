//! Layer 2's output: the generated crate as data. Every decision is already made here — each
//! type's and field's final name, integer widths, which fields are optional and how they are
//! (de)serialised, how each parameter is passed and encoded, every argument's name, the default
//! error body, the final text of every doc comment. Emission walks this model and turns it into
//! tokens; it decides nothing.
//!
//! The model is self-contained: it imports nothing from the parse layer, only the shared OpenAPI
//! vocabulary of [`crate::spec`]. Every constraint read from the fragments is kept (lengths,
//! bounds, formats, enum values, `additionalProperties: false`, descriptions, the exact JSON of
//! each operation's schemas), even where today's emitter does not use it, so that later consumers
//! (schema derivation, semver reports) read the IR and never the fragments again.

use std::fmt;

use serde_json::Number;

use crate::error::Location;
use crate::spec::{ItemBounds, Method, ParameterLocation, PropertyBounds};

/// The name every generated method body binds its request to while building it. Lower keeps
/// arguments clear of it; emission binds it. One name, so the two cannot drift.
pub const REQUEST_BINDING: &str = "request";

/// The name every generated method body binds the request's path to, likewise.
pub const PATH_BINDING: &str = "path";

/// The module of `types` that holds the types operations of several resources use (and those
/// of operations in no resource): always compiled.
pub const SHARED_MODULE: &str = "common";

/// A group of operations ([`crate::Grouping`]): a module of `types` holding the types only its
/// operations use, and a Cargo feature, on by default, that compiles its operations and types.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resource {
    /// The module's name (`ai_voice_agents`): `types::ai_voice_agents`, and the file of each
    /// per-resource part of the crate (`src/operations/ai_voice_agents.rs`, …).
    pub module: String,
    /// The Cargo feature, kebab-case (`ai-voice-agents`); never one of the runtime's.
    pub feature: String,
    /// The module's documentation, Markdown.
    pub docs: String,
    /// The documentation of the `impl Client` block of its operations' methods, Markdown.
    pub methods_docs: String,
}

/// Where a type is declared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Module {
    /// In [`SHARED_MODULE`], always compiled.
    Shared,
    /// In the module of the resource at this index of [`Api::resources`].
    Resource(usize),
}

/// The whole API: operations sorted by `operationId`, and the types they use.
#[derive(Clone, Debug)]
pub struct Api {
    /// The base URL the operations' paths are relative to, without a trailing `/`.
    pub base_url: String,
    /// Servers other than the base URL that some operations are called on, sorted by URL;
    /// indexed by [`Operation::server`].
    pub servers: Vec<Server>,
    /// Sorted by `operationId`.
    pub operations: Vec<Operation>,
    /// Indexed by [`TypeId`]; names are unique, also among the operations' parameter structs.
    pub types: Vec<TypeDef>,
    /// The groups of operations, sorted by module name; indexed by [`Operation::resource`] and
    /// [`Module::Resource`].
    pub resources: Vec<Resource>,
    /// The error body type of `Error` without a type parameter: the one every operation
    /// declares, or [`TypeRef::Any`] when they disagree or declare none.
    pub default_error: TypeRef,
    /// The crate root's documentation, Markdown.
    pub crate_docs: String,
    /// The operations the configuration left out ([`crate::Config::excluded_operations`]), by
    /// `operationId`: reported on every run and listed in the crate docs.
    pub skipped: Vec<SkippedOperation>,
}

/// An operation deliberately left out of the generated crate.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct SkippedOperation {
    /// Its `operationId`.
    pub operation_id: String,
    /// The file it was read from.
    pub file: String,
}

impl Api {
    /// The type behind `id`.
    #[must_use]
    pub fn get(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }

    /// Whether some enum keeps values the spec does not list (a catch-all variant holding the
    /// runtime's `UnknownValue`): only then is that type public in the crate.
    #[must_use]
    pub fn keeps_unknown_values(&self) -> bool {
        self.types.iter().any(|definition| {
            matches!(&definition.kind, TypeKind::Enum(enumeration) if enumeration.catch_all.is_some())
        })
    }

    /// Whether some choice keeps forms the spec does not list (an unknown variant holding the
    /// runtime's `UnknownForm`): only then is that type public in the crate.
    #[must_use]
    pub fn keeps_unknown_forms(&self) -> bool {
        self.types.iter().any(|definition| {
            matches!(&definition.kind, TypeKind::OneOf(one_of) if one_of.unknown.is_some())
        })
    }

    /// Whether some operation declares `3XX` replies, so returns the runtime's `Outcome`
    /// (holding a `Redirect`): only then are those types public in the crate.
    #[must_use]
    pub fn has_redirects(&self) -> bool {
        self.operations
            .iter()
            .any(|operation| operation.redirects.is_some())
    }

    /// Whether some operation switches protocols, so returns the runtime's `Upgrade`: only
    /// then is that type public in the crate.
    #[must_use]
    pub fn has_upgrades(&self) -> bool {
        self.operations
            .iter()
            .any(|operation| operation.success == Reply::Upgrade)
    }

    /// Whether some operation takes a multipart body, whose files are the runtime's
    /// `FilePart`s and whose parts a caller may list in its `Multipart`: only then are those
    /// types public in the crate.
    #[must_use]
    pub fn has_multipart_bodies(&self) -> bool {
        self.operations.iter().any(|operation| {
            operation.body.as_ref().is_some_and(|body| {
                matches!(
                    &body.kind,
                    BodyKind::Argument(argument) if matches!(
                        argument.format,
                        BodyFormat::Multipart { .. } | BodyFormat::MultipartParts
                    )
                )
            })
        })
    }

    /// The type named `name`, if there is one.
    #[must_use]
    pub fn type_named(&self, name: &str) -> Option<&TypeDef> {
        self.types.iter().find(|definition| definition.name == name)
    }

    /// Whether decoding values of `ty` as a request's (the runtime's `strict::decode_request`)
    /// refuses everything the schema refuses: every struct in it is decoded strictly then
    /// (types met in requests are; those met in replies only are not), and no rule in it is
    /// left to the server ([`ServerRule`]).
    ///
    /// A list's `minItems`/`maxItems` is checked by the struct whose field it is; a list
    /// anywhere else (a whole body, the items of a list, the values of a map) is a `Vec` that
    /// takes any number of items. Likewise the bounds of integers and numbers
    /// ([`TypeRef::value_checks`]) are checked by the struct whose field holds them, through
    /// lists, maps and tuples; anywhere else (a whole body, a choice's form, a flattened map's
    /// values) an `i64` or `f64` takes any value.
    #[must_use]
    pub fn decodes_strictly(&self, ty: &TypeRef) -> bool {
        self.decodes_strictly_where(ty, Held::ALONE)
    }

    /// [`Api::decodes_strictly`] for a value whose list count and scalar bounds are checked by
    /// what holds it, or not ([`Held`]).
    fn decodes_strictly_where(&self, ty: &TypeRef, held: Held) -> bool {
        let mut pending = vec![(ty, held)];
        let mut seen = std::collections::BTreeSet::new();
        while let Some((ty, held)) = pending.pop() {
            match ty {
                TypeRef::Named(id) => {
                    if !seen.insert(*id) {
                        continue;
                    }
                    let strict = match &self.get(*id).kind {
                        TypeKind::Struct(structure) => {
                            pending.extend(
                                structure
                                    .fields
                                    .iter()
                                    .map(|field| (&field.ty, Held::BY_FIELD)),
                            );
                            pending.extend(
                                structure
                                    .additional
                                    .iter()
                                    .map(|field| (&field.ty, Held::ALONE)),
                            );
                            pending.extend(
                                structure.forms.iter().map(|field| (&field.ty, Held::ALONE)),
                            );
                            structure.decoding != Decoding::Lenient
                                && structure.server_checked.is_empty()
                                && structure
                                    .fields
                                    .iter()
                                    .all(|field| field.server_checked.is_empty())
                        }
                        // Catch-alls refuse what they would keep when a request's value is
                        // decoded, and checked strings check.
                        TypeKind::Enum(_) | TypeKind::Newtype(_) => true,
                        TypeKind::OneOf(one_of) => {
                            pending.extend(
                                one_of
                                    .variants
                                    .iter()
                                    .map(|variant| (&variant.ty, Held::ALONE)),
                            );
                            // A value several forms accept is taken by the first.
                            one_of.overlap != Overlap::Unchecked
                        }
                        TypeKind::ByStatus(_) => false,
                    };
                    if !strict {
                        return false;
                    }
                }
                TypeRef::Array(inner, _) => {
                    if !held.count && ty.item_bounds().is_some() {
                        return false;
                    }
                    pending.push((inner, held.inside()));
                }
                TypeRef::Tuple(positions) => {
                    pending.extend(positions.iter().map(|position| (position, held.inside())));
                }
                TypeRef::Nullable(inner) => pending.push((inner, held)),
                TypeRef::MapOf(inner, _) => pending.push((inner, held.inside())),
                TypeRef::Integer(_) | TypeRef::Number(_) => {
                    if !held.scalars && !ty.value_checks().is_empty() {
                        return false;
                    }
                }
                TypeRef::String(_)
                | TypeRef::Boolean
                | TypeRef::Map(_)
                | TypeRef::Any
                | TypeRef::File => {}
            }
        }
        true
    }

    /// The places of `schema`, as JSON pointers into it, where values of `ty` (generated from
    /// it) are read leniently although they are a request's: types also met in replies are read
    /// as replies are (see [`Api::decodes_strictly`]). Empty when `ty` refuses everything the
    /// schema refuses; `[""]` when the generator cannot name a narrower place than the whole.
    ///
    /// Pointers name the deepest node the schema and the type agree on: a property, an array's
    /// items, a map's values. Where the type was merged from several parts (`allOf`, choices)
    /// the node holding them is named.
    ///
    /// `schema` is JSON text, as [`OperationSchemas`] keeps it; it is read only when `ty` is
    /// not strict throughout. Text that is not JSON (never the IR's own) names the whole.
    #[must_use]
    pub fn lenient_parts(&self, ty: &TypeRef, schema: &str) -> Vec<String> {
        if self.decodes_strictly_where(ty, Held::ALONE) {
            return Vec::new();
        }
        let Ok(schema) = serde_json::from_str::<serde_json::Value>(schema) else {
            return vec![String::new()];
        };
        let mut parts = Vec::new();
        self.collect_lenient_parts(ty, Held::ALONE, Some(&schema), String::new(), &mut parts);
        parts
    }

    fn collect_lenient_parts(
        &self,
        ty: &TypeRef,
        held: Held,
        schema: Option<&serde_json::Value>,
        pointer: String,
        parts: &mut Vec<String>,
    ) {
        if self.decodes_strictly_where(ty, held) {
            return;
        }
        let below = |key: &str| schema.and_then(|schema| schema.get(key));
        // RFC 6901: `~` and `/` in a token are escaped.
        let child = |tokens: &[&str]| {
            tokens.iter().fold(pointer.clone(), |pointer, token| {
                format!("{pointer}/{}", token.replace('~', "~0").replace('/', "~1"))
            })
        };
        match ty {
            TypeRef::Named(id) => match &self.get(*id).kind {
                TypeKind::Struct(structure) if structure.decoding != Decoding::Lenient => {
                    let properties = below("properties");
                    // Rules only the server checks are not refused by the type either.
                    let mut whole =
                        structure.forms.is_some() || !structure.server_checked.is_empty();
                    for field in &structure.fields {
                        let property =
                            properties.and_then(|properties| properties.get(&field.wire_name));
                        if !field.server_checked.is_empty() {
                            match property {
                                Some(_) => parts.push(child(&["properties", &field.wire_name])),
                                None => whole = true,
                            }
                            continue;
                        }
                        match property {
                            Some(property) => self.collect_lenient_parts(
                                &field.ty,
                                Held::BY_FIELD,
                                Some(property),
                                child(&["properties", &field.wire_name]),
                                parts,
                            ),
                            // Declared in a part the type merges: not a place of its own.
                            None => {
                                whole |= !self.decodes_strictly_where(&field.ty, Held::BY_FIELD);
                            }
                        }
                    }
                    if let Some(additional) = &structure.additional {
                        self.collect_lenient_parts(
                            &additional.ty,
                            Held::ALONE,
                            below("additionalProperties"),
                            child(&["additionalProperties"]),
                            parts,
                        );
                    }
                    if whole {
                        parts.push(pointer);
                    }
                }
                _ => parts.push(pointer),
            },
            TypeRef::Array(inner, _) => {
                if !held.count && ty.item_bounds().is_some() {
                    // Its count is not the type's to check: the list is a place of its own.
                    parts.push(pointer.clone());
                }
                self.collect_lenient_parts(
                    inner,
                    held.inside(),
                    below("items"),
                    child(&["items"]),
                    parts,
                );
            }
            TypeRef::MapOf(inner, _) => self.collect_lenient_parts(
                inner,
                held.inside(),
                below("additionalProperties"),
                child(&["additionalProperties"]),
                parts,
            ),
            TypeRef::Nullable(inner) => {
                self.collect_lenient_parts(inner, held, schema, pointer, parts);
            }
            _ => parts.push(pointer),
        }
    }

    /// Whether any operation writes a parameter into its path through the percent-encoder.
    #[must_use]
    pub fn encodes_path_segments(&self) -> bool {
        self.operations.iter().any(Operation::encodes_path_segments)
    }

    /// The module's name: the resource's, or [`SHARED_MODULE`].
    #[must_use]
    pub fn module_name(&self, module: Module) -> &str {
        match module {
            Module::Shared => SHARED_MODULE,
            Module::Resource(index) => &self.resources[index].module,
        }
    }

    /// The module of an operation's own items (its parameters struct, its method).
    #[must_use]
    pub fn operation_module(operation: &Operation) -> Module {
        operation.resource.map_or(Module::Shared, Module::Resource)
    }
}

/// What checks a value beside its Rust type, for [`Api::decodes_strictly`]: the struct whose
/// field holds it checks a list's item count (the field's own list only) and the scalar
/// bounds of [`TypeRef::value_checks`] (anywhere in the field's value).
#[derive(Clone, Copy, Debug)]
struct Held {
    /// The item count of the value, if it is a list.
    count: bool,
    /// The bounds of the integers and numbers it holds.
    scalars: bool,
}

impl Held {
    /// The value of a struct's field.
    const BY_FIELD: Self = Self {
        count: true,
        scalars: true,
    };
    /// A value nothing checks beside its type: a whole body, a choice's form, a flattened
    /// map's values.
    const ALONE: Self = Self {
        count: false,
        scalars: false,
    };

    /// What holds the items, values and positions of a value so held.
    fn inside(self) -> Self {
        Self {
            count: false,
            scalars: self.scalars,
        }
    }
}

/// A server other than the base URL, on which some operations are called (an upload host).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Server {
    /// Its URL as the fragments give it (scheme and authority), without a trailing `/`: the
    /// client's default for it, and the name the builder overrides it by.
    pub url: String,
    /// Whether requests to it carry the credential: only when the configuration names its host.
    pub credentialed: bool,
}

/// Index of a [`TypeDef`] in [`Api::types`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub usize);

/// Keywords that most schemas leave out, held out of line and only when a schema says any:
/// every field, parameter and variant holds a [`TypeRef`], which is 24 bytes this way and was
/// 136 with every keyword inline (a tenth of the memory of lowering a large API). It reads as
/// the keywords themselves (`Deref`), the defaults when there are none, and compares, orders
/// and hashes as they do.
#[derive(Clone)]
pub struct Sparse<T: Usual>(Option<Box<T>>);

/// A type whose default value is the usual one, held by [`Sparse`] as no allocation at all.
pub trait Usual: PartialEq + Sized + 'static {
    /// The default value, for [`Sparse`] to lend.
    fn usual() -> &'static Self;
}

macro_rules! usual {
    ($($keywords:ty => $value:expr),* $(,)?) => {$(
        impl Usual for $keywords {
            fn usual() -> &'static Self {
                static USUAL: $keywords = $value;
                &USUAL
            }
        }
    )*};
}

usual! {
    StringConstraints => StringConstraints {
        format: None,
        min_length: None,
        max_length: None,
        pattern: None,
    },
    NumericConstraints => NumericConstraints {
        format: None,
        minimum: None,
        maximum: None,
        exclusive_minimum: None,
        exclusive_maximum: None,
        multiple_of: None,
        allowed: None,
    },
    ItemBounds => ItemBounds {
        min_items: None,
        max_items: None,
        unique: false,
    },
    PropertyBounds => PropertyBounds {
        min: None,
        max: None,
        names: None,
    },
}

impl<T: Usual> Sparse<T> {
    /// `keywords`, allocated only when they are not the usual ones.
    pub fn new(keywords: T) -> Self {
        Self((keywords != *T::usual()).then(|| Box::new(keywords)))
    }
}

impl<T: Usual> From<T> for Sparse<T> {
    fn from(keywords: T) -> Self {
        Self::new(keywords)
    }
}

impl<T: Usual> Default for Sparse<T> {
    fn default() -> Self {
        Self(None)
    }
}

impl<T: Usual> std::ops::Deref for Sparse<T> {
    type Target = T;

    fn deref(&self) -> &T {
        match &self.0 {
            Some(keywords) => keywords,
            None => T::usual(),
        }
    }
}

impl<T: Usual + fmt::Debug> fmt::Debug for Sparse<T> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).fmt(formatter)
    }
}

impl<T: Usual> PartialEq for Sparse<T> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl<T: Usual + Eq> Eq for Sparse<T> {}

impl<T: Usual + std::hash::Hash> std::hash::Hash for Sparse<T> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (**self).hash(state);
    }
}

impl<T: Usual + PartialOrd> PartialOrd for Sparse<T> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        (**self).partial_cmp(&**other)
    }
}

impl<T: Usual + Ord> Ord for Sparse<T> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (**self).cmp(&**other)
    }
}

/// The type of a value at one place: a named type or an inline one.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TypeRef {
    /// A generated struct, enum or newtype.
    Named(TypeId),
    /// An unconstrained string (its format and pattern are documented, not checked).
    String(Sparse<StringConstraints>),
    /// An integer of the width its format asks for; its bounds and listed values are kept.
    Integer(IntegerType),
    /// A number (always `f64`: JSON numbers are decimal, and `f32` loses cents above 100 000).
    Number(Sparse<NumericConstraints>),
    /// `true` or `false`.
    Boolean,
    /// A list.
    Array(Box<TypeRef>, Sparse<ItemBounds>),
    /// A list of a fixed number of items, each of its own type (`prefixItems`): a Rust tuple.
    Tuple(Vec<TypeRef>),
    /// `null` or a value of the inner type.
    Nullable(Box<TypeRef>),
    /// An object whose properties are all of one type (`additionalProperties` as a schema).
    MapOf(Box<TypeRef>, Sparse<PropertyBounds>),
    /// An object with no declared properties that accepts any: a JSON map.
    Map(Sparse<PropertyBounds>),
    /// Any JSON value.
    Any,
    /// A file sent as a part of a `multipart/form-data` body (the runtime's `FilePart`: bytes,
    /// file name, media type): a `format: binary` string that is a property of such a body, or
    /// an item of one.
    File,
}

impl TypeRef {
    /// Adds to `ids` the generated types this type holds, directly or in lists, tuples, maps
    /// and `Option`s (not the types those hold in turn).
    pub fn named_types(&self, ids: &mut Vec<TypeId>) {
        match self {
            Self::Named(id) => ids.push(*id),
            Self::Array(inner, _) | Self::Nullable(inner) | Self::MapOf(inner, _) => {
                inner.named_types(ids);
            }
            Self::Tuple(positions) => {
                for position in positions {
                    position.named_types(ids);
                }
            }
            Self::String(_)
            | Self::Integer(_)
            | Self::Number(_)
            | Self::Boolean
            | Self::Map(_)
            | Self::Any
            | Self::File => {}
        }
    }

    /// The bounds and listed values of every integer and number a value of this type holds:
    /// itself, and through `null`, list items, map values and tuple positions, grouped by
    /// place in walk order. Named types are not entered: a struct checks its own fields. The
    /// one reading of which scalar rules a value carries, for fields, parameters and bodies
    /// alike. (`multipleOf` is documented and left to the server.)
    #[must_use]
    pub fn value_checks(&self) -> Vec<ValueCheck> {
        let mut checks = Vec::new();
        self.collect_value_checks(&mut Vec::new(), &mut checks);
        checks
    }

    fn collect_value_checks(&self, at: &mut Vec<Step>, checks: &mut Vec<ValueCheck>) {
        fn below(step: Step, inner: &TypeRef, at: &mut Vec<Step>, checks: &mut Vec<ValueCheck>) {
            at.push(step);
            inner.collect_value_checks(at, checks);
            at.pop();
        }
        let rules: Vec<ScalarRule> = match self {
            Self::Integer(integer) => [
                integer.constraints.integer_range().map(ScalarRule::Range),
                integer.constraints.integer_values().map(ScalarRule::Listed),
            ]
            .into_iter()
            .flatten()
            .collect(),
            Self::Number(constraints) => constraints
                .number_range()
                .map(ScalarRule::NumberRange)
                .into_iter()
                .collect(),
            Self::Nullable(inner) => return below(Step::NotNull, inner, at, checks),
            Self::Array(inner, _) => return below(Step::Item, inner, at, checks),
            Self::MapOf(inner, _) => return below(Step::Value, inner, at, checks),
            Self::Tuple(positions) => {
                for (index, position) in positions.iter().enumerate() {
                    below(Step::Position(index), position, at, checks);
                }
                return;
            }
            Self::Named(_)
            | Self::String(_)
            | Self::Boolean
            | Self::Map(_)
            | Self::Any
            | Self::File => return,
        };
        if !rules.is_empty() {
            checks.push(ValueCheck {
                at: at.clone(),
                rules,
            });
        }
    }

    /// The `minItems`/`maxItems` of a list, or of a nullable list, when it has either: the
    /// count a request's value is checked against before it is sent.
    #[must_use]
    pub fn item_bounds(&self) -> Option<ItemBounds> {
        let bounds = match self {
            Self::Array(_, bounds) => **bounds,
            Self::Nullable(inner) => return inner.item_bounds(),
            _ => return None,
        };
        (bounds.min_items.is_some() || bounds.max_items.is_some()).then_some(bounds)
    }
}

/// The Rust integer a schema's values fit in, from its `format`: `int8` … `int64` and
/// `uint8` … `uint64` name theirs; every other integer, Unix times included (dates after 2038),
/// is an `i64`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IntegerKind {
    /// `i8`
    I8,
    /// `i16`
    I16,
    /// `i32`
    I32,
    /// `i64`
    I64,
    /// `u8`
    U8,
    /// `u16`
    U16,
    /// `u32`
    U32,
    /// `u64`
    U64,
}

impl IntegerKind {
    /// The Rust type's name.
    #[must_use]
    pub fn rust_name(self) -> &'static str {
        match self {
            Self::I8 => "i8",
            Self::I16 => "i16",
            Self::I32 => "i32",
            Self::I64 => "i64",
            Self::U8 => "u8",
            Self::U16 => "u16",
            Self::U32 => "u32",
            Self::U64 => "u64",
        }
    }
}

/// An integer type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct IntegerType {
    /// Its Rust type.
    pub kind: IntegerKind,
    /// What the schema says of its values.
    pub constraints: Sparse<NumericConstraints>,
}

/// Keywords of a string schema that are not an `enum` (enums are [`EnumDef`] types).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StringConstraints {
    /// `format`, if any (`date-time`, `email`, …).
    pub format: Option<String>,
    /// `minLength`.
    pub min_length: Option<u64>,
    /// `maxLength`.
    pub max_length: Option<u64>,
    /// `pattern`, an ECMA-262 regular expression.
    pub pattern: Option<String>,
}

/// Keywords of an integer or number schema.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct NumericConstraints {
    /// `format`, if any (`int32`, `unix-time`, `double`, …).
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
    /// `enum` (or `const`), in spec order, `null` left out: documented, the value stays a number.
    pub allowed: Option<Vec<Number>>,
}

impl NumericConstraints {
    /// `minimum`/`maximum` of an integer as inclusive bounds, if it has any that are integers
    /// (for integers an exclusive bound is the next inclusive one).
    #[must_use]
    pub fn integer_range(&self) -> Option<IntegerRange> {
        let min = whole(self.minimum.as_ref())
            .or_else(|| whole(self.exclusive_minimum.as_ref()).map(|bound| bound + 1));
        let max = whole(self.maximum.as_ref())
            .or_else(|| whole(self.exclusive_maximum.as_ref()).map(|bound| bound - 1));
        (min.is_some() || max.is_some()).then_some(IntegerRange { min, max })
    }

    /// The values of an integer `enum`, when it lists any.
    #[must_use]
    pub fn integer_values(&self) -> Option<Vec<i128>> {
        let values = self.allowed.as_ref()?;
        Some(
            values
                .iter()
                .filter_map(|number| whole(Some(number)))
                .collect(),
        )
    }

    /// A number's bounds, the tighter of `minimum` and `exclusiveMinimum` (and of the maxima)
    /// where both are given; `None` without any.
    #[must_use]
    pub fn number_range(&self) -> Option<NumberRange> {
        let bound = |inclusive: &Option<Number>, exclusive: &Option<Number>, lower: bool| {
            let inclusive = inclusive
                .as_ref()
                .and_then(|value| Some((value.as_f64()?, value, false)));
            let exclusive = exclusive
                .as_ref()
                .and_then(|value| Some((value.as_f64()?, value, true)));
            match (inclusive, exclusive) {
                (Some(a), Some(b)) => {
                    // At an equal value the exclusive bound is the tighter.
                    let a_tighter = if lower { a.0 > b.0 } else { a.0 < b.0 };
                    Some(if a_tighter { a } else { b })
                }
                (a, b) => a.or(b),
            }
            .map(|(_, value, exclusive)| (value.clone(), exclusive))
        };
        let range = NumberRange {
            min: bound(&self.minimum, &self.exclusive_minimum, true),
            max: bound(&self.maximum, &self.exclusive_maximum, false),
        };
        (range.min.is_some() || range.max.is_some()).then_some(range)
    }
}

/// A JSON number as an integer wide enough for every Rust integer, if it is a whole one.
fn whole(number: Option<&Number>) -> Option<i128> {
    let number = number?;
    number
        .as_i64()
        .map(i128::from)
        .or_else(|| number.as_u64().map(i128::from))
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
    /// The final documentation, Markdown; never empty.
    pub docs: String,
    /// What it is.
    pub kind: TypeKind,
    /// Where its values travel.
    pub usage: Usage,
    /// Every place in the fragments where this schema occurs, sorted.
    pub origins: Vec<Location>,
    /// The module it is declared in: its resource's when only that resource's operations use
    /// it (through any field or variant), else the shared one.
    pub module: Module,
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
    /// The error bodies of an operation whose error replies differ by status: told apart by the
    /// status of the reply, never by trying bodies.
    ByStatus(ByStatusDef),
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

/// Sets of property names of which a value carries one in full: the alternatives of a `oneOf`
/// or `anyOf` that only list `required` names.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct RequiredSets {
    /// By wire name, in spec order; empty when the object has no such alternatives.
    pub sets: Vec<Vec<String>>,
    /// `oneOf`: a value carries exactly one of the sets in full; `anyOf`: at least one.
    pub exclusive: bool,
}

/// A choice between types.
#[derive(Clone, Debug)]
pub struct OneOfDef {
    /// In spec order.
    pub variants: Vec<OneOfVariant>,
    /// Whether a value may match several forms (`anyOf`) or must match exactly one (`oneOf`),
    /// and when decoding counts them. Otherwise decoding takes the first form that accepts it.
    pub overlap: Overlap,
    /// For choices met in replies, the last variant, which keeps a value in none of the forms
    /// whole (APIs add forms before their specs do); it cannot be built.
    pub unknown: Option<CatchAll>,
    /// When every form is one scalar (`oneOf: [integer, string]`), how each variant's value is
    /// written as text, in variant order: the choice then implements `Display`, which is how it
    /// travels as a path, query, header or form value (the unknown form, if any, as
    /// `UnknownForm` displays). `None` for choices of objects, lists or other choices.
    pub text: Option<Vec<ValueText>>,
}

/// What a choice makes of a value that several of its forms accept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Overlap {
    /// It is valid: an `anyOf` (a `type` array is one), or the replies of several statuses.
    Allowed,
    /// A `oneOf` whose forms no value can match together: forms of different JSON types, or
    /// objects told apart by a tag.
    Impossible,
    /// A `oneOf` met in requests only: decoding counts the forms a value matches and refuses it
    /// when more than one does.
    Refused,
    /// A `oneOf` met in requests and replies: counted as [`Overlap::Refused`] when decoded as a
    /// request's value (the runtime's `strict::decode_request`), read as replies are otherwise.
    RefusedAsRequest,
    /// A `oneOf` whose forms are not counted: it is met in replies only, which are read
    /// leniently, or the type of one of its forms accepts values the form's schema refuses (a
    /// `pattern`, a bound left to the server), so counting would refuse values the spec allows.
    Unchecked,
}

impl Overlap {
    /// Whether the spec says `oneOf`: a valid value matches exactly one form.
    #[must_use]
    pub fn is_exclusive(self) -> bool {
        self != Self::Allowed
    }
}

/// The variant of an enum or a choice that keeps what the spec does not list, received from
/// the API; it cannot be built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CatchAll {
    /// The variant's name, unique in its type.
    pub rust_name: String,
    /// Its documentation.
    pub docs: String,
}

/// Error bodies told apart by the reply's status.
#[derive(Clone, Debug)]
pub struct ByStatusDef {
    /// One per distinct body type, in the order the fragment declares their statuses.
    pub variants: Vec<StatusVariant>,
}

/// The body a [`ByStatusDef`] reads for some statuses.
#[derive(Clone, Debug)]
pub struct StatusVariant {
    /// The Rust variant name, from the body's type.
    pub rust_name: String,
    /// The body's type.
    pub ty: TypeRef,
    /// The statuses that carry it; a status written exactly wins over a class, which wins over
    /// `default`.
    pub statuses: Vec<StatusMatch>,
    /// The variant's documentation.
    pub docs: String,
}

/// A response key of the fragment, as the statuses it stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StatusMatch {
    /// One status (`404`).
    Exact(u16),
    /// A class (`4XX`): the hundreds digit.
    Class(u16),
    /// `default`: every status no other key names.
    Default,
}

/// One alternative of a [`OneOfDef`].
#[derive(Clone, Debug)]
pub struct OneOfVariant {
    /// The Rust variant name, from the alternative's type.
    pub rust_name: String,
    /// The alternative's type.
    pub ty: TypeRef,
    /// The variant's documentation.
    pub docs: String,
}

/// An object type.
#[derive(Clone, Debug)]
pub struct StructDef {
    /// In spec order.
    pub fields: Vec<Field>,
    /// `additionalProperties: false`.
    pub closed: bool,
    /// The properties not listed, when `additionalProperties` is a schema: a flattened map of
    /// values of [`FlattenedField::ty`].
    pub additional: Option<FlattenedField>,
    /// `minProperties`, `maxProperties` and `propertyNames`.
    pub bounds: PropertyBounds,
    /// The forms a `oneOf`/`anyOf` beside the properties allows, read from the same object.
    pub forms: Option<FlattenedField>,
    /// Every field may be left out, so an empty value exists (`Default`).
    pub derives_default: bool,
    /// Sets of property names of which a value carries one set in full (`oneOf`/`anyOf` parts
    /// that only list `required` names).
    pub required_sets: RequiredSets,
    /// How values are decoded.
    pub decoding: Decoding,
    /// Rules of the object's own schema (and its `allOf` parts) that the client does not
    /// check: documented as checked by the server.
    pub server_checked: Vec<ServerRule>,
    /// Properties whose schema is `false`: a value never has them. They are no field; a type
    /// that refuses unknown properties refuses them too.
    pub absent: Vec<String>,
}

/// How a struct's values are decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decoding {
    /// As serde derives it: unknown properties ignored. For types met in replies, which are
    /// read leniently.
    Lenient,
    /// Only what the schema allows: a JSON object, without properties beyond `only` when that
    /// is given, carrying one of the required sets; the required sets are also checked when a
    /// value is encoded. For types met in requests only.
    Strict {
        /// The properties listed, when the schema allows no others and nothing is flattened.
        only: Option<Vec<String>>,
        /// For each required set, the Rust names of the optional fields it needs present; `None`
        /// when a set names a property that is no field, so encoding cannot check it.
        set_fields: Option<Vec<Vec<String>>>,
    },
    /// As [`Decoding::Lenient`], except for a value decoded as a request's (the runtime's
    /// `strict::decode_request`, which `Client::call` uses), which is decoded as
    /// [`Decoding::Strict`] decodes; encoding checks nothing. For types met in requests and in
    /// replies.
    StrictAsRequest {
        /// The properties listed, when the schema allows no others and nothing is flattened.
        only: Option<Vec<String>>,
    },
}

/// A field whose properties sit beside the struct's own (`#[serde(flatten)]`).
#[derive(Clone, Debug)]
pub struct FlattenedField {
    /// The Rust field name, unique in the struct.
    pub rust_name: String,
    /// For forms, the choice's type; for additional properties, the type of each value.
    pub ty: TypeRef,
    /// Its documentation.
    pub docs: String,
}

/// How a field is present in values and on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Presence {
    /// Always there: a plain value.
    Required,
    /// May be left out: an `Option`, omitted when `None`. Decoding a present `null`: `strict`
    /// reads it as a value of the type, which refuses it unless the type is any JSON (request
    /// types, and values of any JSON, where `null` is a value); otherwise it reads as absent
    /// (replies, read leniently).
    Optional {
        /// Whether a present field is always `Some`.
        strict: bool,
    },
    /// May be left out or be `null`, which are different requests: `Option<Option<T>>`, omitted
    /// when `None`, `null` when `Some(None)`.
    OptionalNullable,
    /// Only the server sends it (`readOnly`) and the type is also sent in requests: an `Option`
    /// that is read but never written.
    ReceivedOnly,
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
    /// The value's type, before [`Field::presence`] wraps it.
    pub ty: TypeRef,
    /// How it is present.
    pub presence: Presence,
    /// The final documentation; never empty.
    pub docs: String,
    /// The bounds and listed values of every integer and number the value holds, itself or
    /// through lists, maps, tuples and `null` ([`TypeRef::value_checks`]): checked when a
    /// value of a type met in requests only is encoded or decoded (of a type also met in
    /// replies, when decoded as a request's value).
    pub checks: Vec<ValueCheck>,
    /// Listed in `required`.
    pub required: bool,
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
    /// Rules of its schema (and of its items' or values' schemas) that the client does not
    /// check: documented as checked by the server.
    pub server_checked: Vec<ServerRule>,
    /// The one value the spec allows, for a required field of a type sent in requests: `new`
    /// sets it rather than taking it as an argument. `None` for every other field.
    pub fixed: Option<FixedValue>,
}

/// The one value a field may hold (an `enum` of one value, or `const`), as `new` sets it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum FixedValue {
    /// The one listed variant of the field's enum type, by its Rust name.
    Variant(String),
    /// The one value of an integer `enum`.
    Integer(i128),
}

/// A keyword that changes which values are valid and that the generated client does not check
/// (`not`, `if`/`then`/`else`, `contains`, `dependentRequired`, an `enum` of any JSON values,
/// …): kept here and in the docs, where it is said to be checked by the server.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ServerRule {
    /// Where below the documented place the keyword stands: empty for the place itself, else
    /// words such as `each item`.
    pub at: String,
    /// The keyword, e.g. `not`.
    pub keyword: String,
    /// Its value, as compact JSON.
    pub value: String,
}

/// A string enum type.
#[derive(Clone, Debug)]
pub struct EnumDef {
    /// In spec order.
    pub variants: Vec<Variant>,
    /// The variant that keeps values the spec does not list, for enums that occur in replies
    /// (servers add values before specs do); `None` for request-only enums and for tags.
    pub catch_all: Option<CatchAll>,
}

/// One enum value.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Variant {
    /// The value on the wire.
    pub wire: String,
    /// The Rust variant name, unique in the enum.
    pub rust_name: String,
    /// The variant's documentation.
    pub docs: String,
}

/// A constrained string type.
#[derive(Clone, Debug)]
pub struct NewtypeDef {
    /// The constraints (`minLength`, `maxLength`, `format`).
    pub constraints: StringConstraints,
    /// The documentation of its checking constructor.
    pub constructor_docs: String,
    /// Decoding checks the constraints too (types met in requests only); otherwise values are
    /// received as they are.
    pub checked_on_decode: bool,
}

/// One operation, ready to emit.
#[derive(Clone, Debug)]
pub struct Operation {
    /// `operationId` as written.
    pub operation_id: String,
    /// The client method's name.
    pub fn_name: String,
    /// The index in [`Api::resources`] of its resource, whose feature compiles it; `None`: in no
    /// resource, always compiled.
    pub resource: Option<usize>,
    /// HTTP method.
    pub method: Method,
    /// The index in [`Api::servers`] of the server the operation is called on, when its
    /// fragment names another than the base URL; its path is below that server.
    pub server: Option<usize>,
    /// The path below the base URL (or [`Operation::server`]), split at parameters.
    pub path: Vec<PathPart>,
    /// The path template below the base URL (or [`Operation::server`]), as written (`/ai_voice_agents/{id}`), with any
    /// fixed query.
    pub path_template: String,
    /// Query pairs written into the path template itself (`/responses?beta=true`), always sent.
    pub fixed_query: Vec<(String, String)>,
    /// The method's final documentation: the operation's, its route, arguments and errors.
    pub docs: String,
    /// `deprecated: true` on the operation.
    pub deprecated: bool,
    /// Parameters in spec order.
    pub params: Vec<Param>,
    /// The struct that holds the query and header parameters, if there are any.
    pub params_struct: Option<ParamsStruct>,
    /// The request body, if the operation sends one.
    pub body: Option<Body>,
    /// What a successful reply carries.
    pub success: Reply,
    /// The `3XX` replies the operation declares: outcomes beside the success that the caller
    /// matches on, never followed. `None` when it declares none.
    pub redirects: Option<Redirects>,
    /// The type of the error replies' JSON bodies (4XX, 5XX, `default`): one type, a choice of
    /// the declared ones, or [`TypeRef::Any`] when none is declared.
    pub error: TypeRef,
    /// Where the fragment is.
    pub location: Location,
    /// The JSON Schemas of the operation exactly as the fragment wrote them.
    pub schemas: OperationSchemas,
    /// Its entry in the generated operation table, and how a dynamic call's JSON input is
    /// split back into its arguments.
    pub table: TableEntry,
    /// For a list operation of the page/limit/`results` shape, the method that walks its
    /// pages; `None` for every other operation.
    pub pages: Option<Pages>,
}

/// A list operation's pages, walked by a second method that returns a stream of the items:
/// it asks for the page the parameters name, then the next, and stops after a page with fewer
/// items than the limit (or none); an error ends the stream. Recognised by `lower::pages` in an
/// operation whose only argument is its parameters struct, with integer `page` and `limit`
/// query parameters and a JSON reply object whose `results` is a list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pages {
    /// The method's name (`<operation's method>_stream`), taken by no other method.
    pub fn_name: String,
    /// Its documentation.
    pub docs: String,
    /// The parameters struct's field holding the page number.
    pub page_field: String,
    /// Whether that field is required (a plain integer) rather than an `Option`, which when
    /// `None` leaves the first page to the server (page 1).
    pub page_required: bool,
    /// The parameters struct's field holding the page size.
    pub limit_field: String,
    /// Whether that field is required rather than an `Option`, which when `None` leaves the
    /// size to the server: only an empty page then ends the walk.
    pub limit_required: bool,
    /// The reply struct's field holding the page's items.
    pub results_field: String,
    /// Whether that field is required rather than an `Option`, which when `None` is a page
    /// without items.
    pub results_required: bool,
    /// The type of one item.
    pub item: TypeRef,
}

impl Operation {
    /// Whether it writes a parameter into its path through the percent-encoder.
    #[must_use]
    pub fn encodes_path_segments(&self) -> bool {
        self.params.iter().any(
            |param| matches!(param.sending, Sending::Path(value) if value.is_percent_encoded()),
        )
    }
}

/// What the generated operation table says of one operation, beside its id, method and path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableEntry {
    /// The `summary` as written, else the `operationId`: one line, plain text.
    pub summary: String,
    /// The `description` as Markdown (empty when there is none).
    pub description: String,
    /// Whether the method is safe (`GET`, `HEAD`, `OPTIONS`): calling it changes nothing on
    /// the server. Every other operation is taken to have side effects.
    pub read_only: bool,
    /// The input's JSON Schema as compact JSON: one object whose properties are the
    /// parameters and the body's properties (see [`CallInput`]), each property's schema copied
    /// verbatim from the fragment.
    pub input_schema: String,
    /// The successful reply's JSON Schema as compact JSON, verbatim: the one `2XX` JSON body's
    /// schema, an `anyOf` of them when several differ, `None` when no success has a JSON body.
    pub output_schema: Option<String>,
    /// Where each argument is found in the input object.
    pub input: CallInput,
}

/// How the one JSON object a dynamic call takes maps onto an operation's arguments.
///
/// Parameters (path, query, header) keep their wire names; a parameter whose name an earlier
/// one already took (OpenAPI allows `id` in the query and `id` in a header) is named
/// `<in>_<name>` instead (`header_id`), with `_` appended until it is free. The body's
/// properties join them ([`BodyInput::Merged`]) when the body is a JSON or form object that
/// lists `properties` and nothing that spans them (`allOf`, `oneOf`, `anyOf`, `not`,
/// `patternProperties`, …), and none of its names is a parameter's; otherwise (a name occurs
/// in both, or the body is a list, text, bytes or a choice) the whole body is the one property
/// `body` (with `_` appended until free): no name is ever silently shadowed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallInput {
    /// For each of [`Operation::params`], in order, its property name in the input.
    pub params: Vec<String>,
    /// Where the body is.
    pub body: BodyInput,
}

/// Where a dynamic call finds the request body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BodyInput {
    /// The operation takes no body from the caller.
    None,
    /// Every property of the input that is not a parameter's is the body's.
    Merged,
    /// The body is the value of this one property.
    Whole(String),
}

/// A piece of a path template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathPart {
    /// Literal text, already valid in a URL path, as it follows the base URL.
    Literal(String),
    /// The value of `params[index]`, written as its [`Sending::Path`] says.
    Param(usize),
}

/// An operation parameter.
#[derive(Clone, Debug)]
pub struct Param {
    /// The name on the wire.
    pub wire_name: String,
    /// The Rust name: the method argument of a path parameter, the field of the parameters
    /// struct otherwise.
    pub rust_name: String,
    /// Where it goes.
    pub location: ParameterLocation,
    /// `required`.
    pub required: bool,
    /// The value's type.
    pub ty: TypeRef,
    /// The final documentation of the parameters struct's field (path parameters are documented
    /// in the method's argument list).
    pub docs: String,
    /// `deprecated: true` on the parameter.
    pub deprecated: bool,
    /// How its value reaches the request.
    pub sending: Sending,
    /// The bounds and listed values of every integer and number the value holds, itself or
    /// as list items ([`TypeRef::value_checks`]), checked before anything is sent.
    pub checks: Vec<ValueCheck>,
}

/// Inclusive bounds of an integer (exclusive bounds already turned inclusive), wide enough for
/// every Rust integer it can be.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct IntegerRange {
    /// The smallest value allowed.
    pub min: Option<i128>,
    /// The largest value allowed.
    pub max: Option<i128>,
}

/// Bounds of a number, as the spec writes them; a bound is exclusive where it says so.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct NumberRange {
    /// The lowest value, and whether it is itself refused (`exclusiveMinimum`).
    pub min: Option<(Number, bool)>,
    /// The highest value, and whether it is itself refused (`exclusiveMaximum`).
    pub max: Option<(Number, bool)>,
}

/// The rules of the scalars at one place inside a value: the place as the steps that lead
/// there from the value, and what each scalar found there must be. A value of a list holds
/// one scalar per item, so a rule applies to each.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ValueCheck {
    /// From the value to the scalars, outermost first; empty for the value itself.
    pub at: Vec<Step>,
    /// What each scalar there must be; never empty.
    pub rules: Vec<ScalarRule>,
}

/// One step from a value to the values it holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Step {
    /// The value, unless it is `null` (a Rust `Option`).
    NotNull,
    /// Each item of a list, named by its index (`[2]`).
    Item,
    /// Each value of a map, named by its key (`.key`).
    Value,
    /// The item at this position of a tuple (`prefixItems`), named by it (`[1]`).
    Position(usize),
}

/// What an integer or a number must be.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ScalarRule {
    /// An integer within these bounds.
    Range(IntegerRange),
    /// An integer among the values of its `enum`.
    Listed(Vec<i128>),
    /// A number within these bounds.
    NumberRange(NumberRange),
}

/// How a parameter's value reaches the request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sending {
    /// A method argument written into the path.
    Path(PathValue),
    /// A field of the parameters struct sent in the query string.
    Query(QueryEncoding),
    /// A field of the parameters struct sent as a header.
    Header(HeaderEncoding),
}

/// How a path parameter is taken and written into the path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathValue {
    /// A plain string: taken as `&str`, percent-encoded.
    Text,
    /// An enum or a constrained string: taken by reference, its `as_str()` percent-encoded.
    StringLike,
    /// A number or boolean: taken by value and written as it displays (digits, `.`, `-`,
    /// `true`), which needs no encoding.
    Display,
    /// A choice of scalars ([`OneOfDef::text`]): taken by reference, its `to_string()`
    /// percent-encoded, since one of its forms may be any string.
    Choice,
}

impl PathValue {
    /// Whether the value goes through the percent-encoder: the one rule that both the call and
    /// the import of the encoder follow.
    #[must_use]
    pub fn is_percent_encoded(self) -> bool {
        match self {
            Self::Text | Self::StringLike | Self::Choice => true,
            Self::Display => false,
        }
    }
}

/// The text of one value: borrowed from a string-like value, or formatted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueText {
    /// `value.as_str()`: strings, enums and constrained strings.
    AsStr,
    /// `value.to_string()`: numbers, booleans and choices of scalars.
    Display,
}

/// How one query value is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueryValue {
    /// As its text.
    Text(ValueText),
    /// As compact JSON (objects and choices of forms, which OpenAPI's form style leaves
    /// undefined).
    Json,
}

/// How a query parameter is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueryEncoding {
    /// One `name=value` pair.
    Single(QueryValue),
    /// A list as one `name=value` pair per item (`explode: true`, the form-style default).
    EachItem(QueryValue),
    /// A list as one `name=a,b,c` pair.
    Joined(ValueText),
    /// Any JSON value (`{}`, `true`, an array without `items`, a free-form object), written as
    /// form style says when it is sent (the runtime's `Request::query_value`): a scalar as its
    /// text, a list one pair per item (`explode`) or comma-joined, an object as compact JSON
    /// (as typed objects are), `null` not at all.
    Value {
        /// `explode` (form style's default: `true`).
        explode: bool,
    },
    /// `style: deepObject`: the value spread into bracketed pairs (`name[field]=value`, at any
    /// depth, list items as `name[0]`, `name[1]`, …), as the runtime's `Request::query_deep`
    /// writes them; a scalar is one plain `name=value` pair.
    Deep,
}

/// How a header parameter is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeaderEncoding {
    /// One value.
    Single(ValueText),
    /// A list, comma-separated (`style: simple`).
    Joined(ValueText),
    /// Any JSON value, written as `style: simple` says when it is sent (the runtime's
    /// `Request::header_value`): a scalar as its text, a list comma-joined, an object as
    /// `key,value,…` (or `key=value,…` with `explode`), `null` as no header.
    Value {
        /// `explode` (simple style's default: `false`).
        explode: bool,
    },
}

/// The struct of an operation's query and header parameters, passed as one argument. Its
/// fields are the operation's [`Param`]s that are not in the path, in spec order.
#[derive(Clone, Debug)]
pub struct ParamsStruct {
    /// The type's name, unique among all types.
    pub name: String,
    /// The type's documentation.
    pub docs: String,
    /// The method argument that takes it.
    pub argument: String,
    /// Every parameter is optional, so an empty value exists (`Default`).
    pub derives_default: bool,
}

/// The `3XX` replies of an operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Redirects {
    /// The declared keys (`304`, `302`, `3XX`), in the fragment's order. `304` is "not
    /// modified"; every other is a redirect whose `Location` the caller gets.
    pub statuses: Vec<StatusMatch>,
    /// The type of the JSON bodies they declare, if any declares one (`Option` when only some
    /// do).
    pub body: Option<TypeRef>,
}

/// What a successful reply carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reply {
    /// JSON of this type; `None` when no success reply has a body.
    Json(Option<TypeRef>),
    /// Text (`text/plain`, XML, …) as a string, asked for with this media type.
    Text(String),
    /// Anything else (`application/octet-stream`, images, PDF, …) as bytes, asked for with this
    /// media type.
    Bytes(String),
    /// The reply as it arrived (status, headers, bytes), for an operation that declares no
    /// `2XX`: every reply but a `4XX` or `5XX` one.
    Raw,
    /// The connection, switched to another protocol, for an operation whose only success is
    /// `101 Switching Protocols`; the protocol is asked for in its `Upgrade` header parameter.
    Upgrade,
}

/// A request body.
#[derive(Clone, Debug)]
pub struct Body {
    /// The media type it is sent as.
    pub media_type: String,
    /// What the caller passes, if anything.
    pub kind: BodyKind,
}

/// What a request body is made of.
#[derive(Clone, Debug)]
#[allow(
    clippy::large_enum_variant,
    reason = "one per operation with a body; boxing would only add indirection"
)]
pub enum BodyKind {
    /// An object that allows no properties at all: always sent as `{}`, not asked of the
    /// caller.
    EmptyObject,
    /// A value passed by the caller.
    Argument(BodyArgument),
}

/// A request body the caller passes.
#[derive(Clone, Debug)]
pub struct BodyArgument {
    /// The method argument's name.
    pub name: String,
    /// `requestBody.required`; an optional body is an `Option`, `None` sending none.
    pub required: bool,
    /// How it travels.
    pub format: BodyFormat,
    /// The bounds and listed values of the integers and numbers a bare JSON or form body
    /// holds, itself or as list items ([`TypeRef::value_checks`]): checked by the method before
    /// anything is sent, as a bare list's item count is. Empty for a struct, which checks its
    /// own fields.
    pub checks: Vec<ValueCheck>,
}

/// How a body travels.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BodyFormat {
    /// JSON, a value of this type.
    Json(TypeRef),
    /// A form (`application/x-www-form-urlencoded`), a value of a struct type: sent as OpenAPI's
    /// form defaults say (`style: form`, `explode: true`), one `name=value` pair per property and
    /// per list item, except the properties whose `encoding` says `style: deepObject`, which are
    /// spread into bracketed pairs (the runtime's `Request::form_body`).
    Form {
        /// The body's type, whose every property not in `deep_object` is a scalar or a list of
        /// scalars.
        ty: TypeRef,
        /// The wire names of the properties sent as `style: deepObject`, in spec order.
        deep_object: Vec<String>,
    },
    /// `multipart/form-data` whose schema is an object: a value of its struct type, each
    /// property one part, or one part per item of a list (the runtime's `Multipart`).
    Multipart {
        /// The body's type.
        ty: TypeRef,
        /// How each property is written, in spec order.
        parts: Vec<MultipartField>,
    },
    /// `multipart/form-data` whose schema names no parts (not an object): the runtime's
    /// `Multipart`, whose parts the caller lists.
    MultipartParts,
    /// Text, as a string.
    Text,
    /// Bytes.
    Bytes,
}

/// How one property of a multipart body becomes parts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MultipartField {
    /// The property's name, which is the part's name.
    pub wire_name: String,
    /// How its value is written.
    pub encoding: PartEncoding,
    /// The part's default `Content-Type`: the body's `encoding`'s, if it names one media type,
    /// else `application/octet-stream` for a `format: binary` file. A file part without one is
    /// sent as the runtime decides from the file (a named file as `application/octet-stream`,
    /// else as text), since a plain string part may carry a file or text.
    pub content_type: Option<String>,
}

/// How a multipart property's value is written (OpenAPI's defaults: a file, a scalar as text,
/// an object as JSON).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartEncoding {
    /// Files (`TypeRef::File`), one part each.
    File,
    /// A scalar, or a list of them: one text part per value.
    Text,
    /// An object or any other value: one JSON part per value (per item of a list).
    Json,
    /// `style: deepObject` in the body's `encoding`: text parts with bracketed names, as a
    /// form's deep objects are spread.
    Deep,
}

/// The JSON Schemas of one operation, verbatim, as compact JSON text (`serde_json`'s writing
/// of the fragment's value, keys in the fragment's order). Text rather than `serde_json`
/// values: a value takes 4–5 times its JSON's bytes, and the IR of a large inlined API is held
/// until its last file is emitted (see ARCHITECTURE.md, "Speed of generation").
#[derive(Clone, Debug, Default)]
pub struct OperationSchemas {
    /// Each parameter's `schema`, by wire name, in spec order.
    pub parameters: Vec<(String, String)>,
    /// The request body's schema.
    pub request_body: Option<String>,
    /// Each JSON response body's schema, in spec order.
    pub responses: Vec<ResponseSchema>,
}

/// The schema of one response's JSON body, and the Rust type that reads it.
#[derive(Clone, Debug)]
pub struct ResponseSchema {
    /// The status key as written: `200`, `4XX`, `default`.
    pub status: String,
    /// The body's schema, verbatim, as compact JSON text (like the others).
    pub schema: String,
    /// The type its values decode into (a form of the success type, or the error body for this
    /// status).
    pub body_type: TypeRef,
}

#[cfg(test)]
mod tests {
    use super::{NumericConstraints, Sparse, StringConstraints, TypeRef};
    use crate::spec::ItemBounds;

    /// Held out of line, keywords still read, compare and order as themselves, whichever
    /// value is the usual one.
    #[test]
    fn sparse_keywords_behave_as_the_keywords() {
        let pattern = StringConstraints {
            pattern: Some("^a".to_owned()),
            ..StringConstraints::default()
        };
        let usual: Sparse<StringConstraints> = StringConstraints::default().into();
        let unusual: Sparse<StringConstraints> = pattern.clone().into();
        assert_eq!(*usual, StringConstraints::default());
        assert_eq!(*unusual, pattern);
        assert_eq!(usual, Sparse::default());
        assert_ne!(usual, unusual);
        assert_eq!(
            usual.cmp(&unusual),
            StringConstraints::default().cmp(&pattern)
        );
        assert_eq!(format!("{unusual:?}"), format!("{pattern:?}"));
        let bounds = ItemBounds {
            min_items: Some(1),
            ..ItemBounds::default()
        };
        assert_eq!(*Sparse::new(bounds), bounds);
        let minimum = NumericConstraints {
            minimum: Some(1.into()),
            ..NumericConstraints::default()
        };
        assert_eq!(*Sparse::new(minimum.clone()), minimum);
    }

    /// Every field, parameter and variant holds a type: its size is most of theirs.
    #[test]
    fn a_type_reference_stays_small() {
        assert!(size_of::<TypeRef>() <= 32, "{}", size_of::<TypeRef>());
    }
}
