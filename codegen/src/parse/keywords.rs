//! The keywords each kind of schema honours, and reading them: booleans, strings, numbers,
//! enums, arrays and objects. Each reader first refuses every keyword it does not honour.

use serde_json::{Map, Number, Value};

use super::values::{Keywords, kind_of};
use super::{NumericSchema, ObjectSchema, Parser, Schema, SchemaKind, StringSchema};
use crate::error::Location;
use crate::spec::{ItemBounds, PropertyBounds};

/// The keywords every schema honours, whatever its kind; `schema` reads them, and keeps the
/// [`SERVER_CHECKED`] ones (and `enum`/`const` where its kind does not read them) as rules.
const COMMON: [&str; 22] = [
    "title",
    "description",
    "deprecated",
    "type",
    "nullable",
    "default",
    "readOnly",
    "writeOnly",
    "enum",
    "const",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "minContains",
    "maxContains",
    "dependentRequired",
    "dependentSchemas",
    "dependencies",
    "unevaluatedProperties",
    "unevaluatedItems",
];

/// Keywords that change which values are valid and that the generated client does not check:
/// kept with the schema ([`Schema::rules`]) and written into the docs as checked by the server,
/// never dropped silently.
pub(super) const SERVER_CHECKED: [&str; 12] = [
    "not",
    "if",
    "then",
    "else",
    "contains",
    "minContains",
    "maxContains",
    "dependentRequired",
    "dependentSchemas",
    "dependencies",
    "unevaluatedProperties",
    "unevaluatedItems",
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
const ARRAY_KEYWORDS: &[&str] = &[
    "items",
    "prefixItems",
    "minItems",
    "maxItems",
    "uniqueItems",
];

/// Keywords JSON Schema applies to objects only.
pub(super) const OBJECT_ONLY: [&str; 7] = [
    "properties",
    "patternProperties",
    "required",
    "additionalProperties",
    "minProperties",
    "maxProperties",
    "propertyNames",
];

/// Keywords JSON Schema applies to strings only.
const STRING_ONLY: [&str; 3] = ["minLength", "maxLength", "pattern"];

/// Keywords JSON Schema applies to numbers only.
const NUMBER_ONLY: [&str; 5] = [
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
];

/// Keywords JSON Schema applies to arrays only.
const ARRAY_ONLY: [&str; 5] = [
    "items",
    "prefixItems",
    "minItems",
    "maxItems",
    "uniqueItems",
];

/// The kinds whose own keywords do nothing on a schema of another type.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    String,
    Number,
    Array,
    Object,
    /// Booleans (and anything else) have no keywords of their own.
    Other,
}

/// The keywords of the other kinds than `kind`: a schema whose `type` rules out their kind of
/// value is not changed by them (`uniqueItems` on a string parameter, written by generators
/// that copy an array's keywords to its items), so they are accepted and not read.
fn foreign(kind: Kind) -> impl Iterator<Item = &'static str> {
    [
        (Kind::String, &STRING_ONLY[..]),
        (Kind::Number, &NUMBER_ONLY[..]),
        (Kind::Array, &ARRAY_ONLY[..]),
        (Kind::Object, &OBJECT_ONLY[..]),
    ]
    .into_iter()
    .filter(move |(own, _)| *own != kind)
    .flat_map(|(_, keywords)| keywords.iter().copied())
}

/// The keywords a schema honours: the common ones, its own, and, for a schema of a kind, the
/// other kinds' own keywords, which do nothing there. Asked key by key: every schema node asks,
/// and building the list for each was a tenth of reading the schemas.
#[derive(Clone, Copy)]
pub(super) struct Honoured<'a> {
    kind: Option<Kind>,
    own: &'a [&'static str],
    more: &'a [&'static str],
}

impl Honoured<'_> {
    /// Whether a schema of this kind honours (or, for a foreign keyword, accepts) `key`.
    pub(super) fn honours(&self, key: &str) -> bool {
        COMMON.contains(&key)
            || self.own.contains(&key)
            || self.more.contains(&key)
            || self.kind.is_some_and(|kind| {
                foreign(kind).any(|keyword| keyword == key)
                // Formats are defined for strings and numbers; on a value of another type JSON
                // Schema says `format` asserts nothing (`"format": "date"` on an object, copied
                // there by a generator).
                    || (!matches!(kind, Kind::String | Kind::Number) && key == "format")
            })
    }
}

/// What a schema of `kind` honours: the common keywords, `own`, and the other kinds' own
/// keywords, which do nothing there.
pub(super) fn with_common_and_foreign<'a>(kind: Kind, own: &'a [&'static str]) -> Honoured<'a> {
    Honoured {
        kind: Some(kind),
        own,
        more: &[],
    }
}

/// The common keywords and `own`: what a schema honours.
pub(super) fn with_common<'a>(own: &'a [&'static str]) -> Honoured<'a> {
    with_common_and(own, &[])
}

/// The common keywords, `own` and `more`.
pub(super) fn with_common_and<'a>(
    own: &'a [&'static str],
    more: &'a [&'static str],
) -> Honoured<'a> {
    Honoured {
        kind: None,
        own,
        more,
    }
}

impl Parser {
    /// The keywords of a string schema.
    pub(super) fn string_schema(
        &mut self,
        object: &Map<String, Value>,
        location: &Location,
    ) -> StringSchema {
        self.refuse_unhonoured_keys(
            object,
            location,
            "a string schema",
            &with_common_and_foreign(Kind::String, STRING_KEYWORDS),
        );
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

    /// The keywords of an integer schema (`integer`), or of a number schema.
    pub(super) fn numeric_schema(
        &mut self,
        object: &Map<String, Value>,
        location: &Location,
        integer: bool,
    ) -> NumericSchema {
        let what = if integer {
            "an integer schema"
        } else {
            "a number schema"
        };
        self.refuse_unhonoured_keys(
            object,
            location,
            what,
            &with_common_and_foreign(Kind::Number, NUMBER_KEYWORDS),
        );
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
        match object.keyword(key)? {
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

    /// `items`, and the bounds on the items as a whole.
    pub(super) fn array(
        &mut self,
        object: &Map<String, Value>,
        location: &Location,
    ) -> Option<SchemaKind> {
        self.refuse_unhonoured_keys(
            object,
            location,
            "an array schema",
            &with_common_and_foreign(Kind::Array, ARRAY_KEYWORDS),
        );
        let bounds = ItemBounds {
            min_items: self.length(object, "minItems", location),
            max_items: self.length(object, "maxItems", location),
            unique: self
                .boolean(object, "uniqueItems", location)
                .unwrap_or(false),
        };
        // Without `items`, every item may be any value. With `prefixItems`, the first items
        // each have a schema of their own and `items` only applies to the rest. When there is no
        // rest (`items: false`) and every position must be there (`minItems`), the array is a
        // tuple. Otherwise the items are any values, and both keywords are rules the server
        // checks (`schema` keeps them).
        let items = if object.has("prefixItems") {
            let positions = self.schema_array(object, "prefixItems", location)?;
            if is_tuple(object, &bounds, positions.len()) {
                return Some(SchemaKind::Tuple(positions));
            }
            Schema::bare(location.child("items"), SchemaKind::Any)
        } else {
            match object.keyword("items") {
                Some(items) => self.schema(items, &location.child("items"))?,
                None => Schema::bare(location.child("items"), SchemaKind::Any),
            }
        };
        Some(SchemaKind::Array(Box::new(items), bounds))
    }

    /// `enum`, or `const` as a one-value enum. `null` among the values is left out: it makes the
    /// schema nullable, which `schema` records. A value listed twice is kept once: `enum` is a
    /// set, and a second variant for the same value could never be decoded.
    fn enum_values<T: PartialEq>(
        &mut self,
        object: &Map<String, Value>,
        location: &Location,
        read: impl Fn(&Value) -> Option<T>,
        expected: &str,
    ) -> Option<Vec<T>> {
        let (key, values) = match (object.keyword("const"), object.keyword("enum")) {
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
                Some(read_value) if read_values.contains(&read_value) => {}
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

    /// The object keywords of a schema, whatever combinator stands beside them.
    pub(super) fn object_schema(
        &mut self,
        object: &Map<String, Value>,
        location: &Location,
    ) -> Option<ObjectSchema> {
        let properties = self.properties(object, location)?;
        let required = self.required_names(object, location)?;
        let (closed, additional) = self.additional_properties(object, location)?;
        let pattern_properties = self.pattern_properties(object, location)?;
        let bounds = PropertyBounds {
            min: self.length(object, "minProperties", location),
            max: self.length(object, "maxProperties", location),
            names: object.keyword("propertyNames").map(ToString::to_string),
        };
        Some(ObjectSchema {
            properties,
            required,
            closed,
            additional,
            pattern_properties,
            bounds,
            forms: None,
        })
    }

    /// `patternProperties`, in spec order: each pattern with the schema of the properties whose
    /// names match it.
    fn pattern_properties(
        &mut self,
        object: &Map<String, Value>,
        location: &Location,
    ) -> Option<Vec<(String, Schema)>> {
        let Some(value) = object.keyword("patternProperties") else {
            return Some(Vec::new());
        };
        let patterns_location = location.child("patternProperties");
        let map = self.object(value, &patterns_location, "`patternProperties`")?;
        let patterns: Vec<(String, Schema)> = map
            .iter()
            .filter_map(|(pattern, schema)| {
                let schema = self.schema(schema, &patterns_location.child(pattern))?;
                Some((pattern.clone(), schema))
            })
            .collect();
        (patterns.len() == map.len()).then_some(patterns)
    }

    /// `properties`, in spec order. Every property is read, so that the problems of all of them
    /// are reported, before any problem gives up on the object.
    fn properties(
        &mut self,
        object: &Map<String, Value>,
        location: &Location,
    ) -> Option<Vec<(String, Schema)>> {
        let Some(value) = object.keyword("properties") else {
            return Some(Vec::new());
        };
        let properties_location = location.child("properties");
        let map = self.object(value, &properties_location, "`properties`")?;
        let properties: Vec<(String, Schema)> = map
            .iter()
            .filter_map(|(name, schema)| {
                let schema = self.schema(schema, &properties_location.child(name))?;
                Some((name.clone(), schema))
            })
            .collect();
        (properties.len() == map.len()).then_some(properties)
    }

    /// `required`, in spec order, each name once. A name that is not a string is reported and
    /// skipped; only a `required` that is not an array gives up on the object.
    fn required_names(
        &mut self,
        object: &Map<String, Value>,
        location: &Location,
    ) -> Option<Vec<String>> {
        let mut required: Vec<String> = Vec::new();
        let Some(value) = object.keyword("required") else {
            return Some(required);
        };
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
        Some(required)
    }

    /// `additionalProperties`: whether the object is closed (`false`), and the schema of the
    /// properties it does not list (a schema). `true` and no keyword are the same: open.
    fn additional_properties(
        &mut self,
        object: &Map<String, Value>,
        location: &Location,
    ) -> Option<(bool, Option<Box<Schema>>)> {
        Some(match object.keyword("additionalProperties") {
            None => (false, None),
            // Saying `true` asks for the unknown properties: they are kept, as `{}` keeps them.
            Some(Value::Bool(true)) => (
                false,
                Some(Box::new(Schema::bare(
                    location.child("additionalProperties"),
                    SchemaKind::Any,
                ))),
            ),
            Some(Value::Bool(false)) => (true, None),
            Some(schema) => {
                let schema = self.schema(schema, &location.child("additionalProperties"))?;
                (false, Some(Box::new(schema)))
            }
        })
    }
}

/// Whether an array with `positions` schemas in `prefixItems` holds exactly those positions:
/// no other item (`items: false`), none left out (`minItems` of at least as many), and its
/// `maxItems`, if any, allows them all.
fn is_tuple(object: &Map<String, Value>, bounds: &ItemBounds, positions: usize) -> bool {
    let positions = positions as u64;
    object.keyword("items") == Some(&Value::Bool(false))
        && bounds.min_items.is_some_and(|min| min == positions)
        && bounds.max_items.is_none_or(|max| max >= positions)
        && !bounds.unique
}
