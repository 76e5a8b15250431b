//! Reading one schema node: the keywords every schema may have, its type, and which kind of
//! value it describes, including the combinators (`oneOf`/`anyOf`, `allOf`).

use serde_json::{Map, Value};

use super::keywords::{ARRAY_KEYWORDS, NUMBER_KEYWORDS, OBJECT_ONLY, STRING_KEYWORDS};
use super::values::kind_of;
use super::{Parser, Schema, SchemaKind};
use crate::error::Location;

/// A JSON Schema type. `type` (or what the other keywords imply) is read into one of these once,
/// so that the kind of a schema is decided by an exhaustive match, not by comparing names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum JsonType {
    Null,
    Boolean,
    Integer,
    Number,
    String,
    Array,
    Object,
}

impl JsonType {
    /// The type a `type` keyword names, `None` for a name JSON Schema does not define.
    fn named(name: &str) -> Option<Self> {
        Some(match name {
            "null" => Self::Null,
            "boolean" => Self::Boolean,
            "integer" => Self::Integer,
            "number" => Self::Number,
            "string" => Self::String,
            "array" => Self::Array,
            "object" => Self::Object,
            _ => return None,
        })
    }

    /// The type of a value, as an `enum` or `const` implies it: `Integer` for whole numbers, so
    /// that `enum: [1, 2]` is an integer schema.
    fn of(value: &Value) -> Self {
        match value {
            Value::Null => Self::Null,
            Value::Bool(_) => Self::Boolean,
            Value::Number(number) if number.is_i64() || number.is_u64() => Self::Integer,
            Value::Number(_) => Self::Number,
            Value::String(_) => Self::String,
            Value::Array(_) => Self::Array,
            Value::Object(_) => Self::Object,
        }
    }
}

/// What `type` declares: the one type it names besides `null`, and whether it names `null` too.
#[derive(Clone, Copy)]
struct DeclaredType {
    json_type: JsonType,
    or_null: bool,
}

impl Parser {
    pub(super) fn schema(&mut self, value: &Value, location: &Location) -> Option<Schema> {
        let object = self.object(value, location, "a schema")?;
        let title = self.string(object, "title", location);
        let description = self.string(object, "description", location);
        let deprecated = self
            .boolean(object, "deprecated", location)
            .unwrap_or(false);
        let read_only = self.boolean(object, "readOnly", location).unwrap_or(false);
        let write_only = self.boolean(object, "writeOnly", location).unwrap_or(false);
        let mut nullable = self.boolean(object, "nullable", location).unwrap_or(false);
        let declared = match object.get("type") {
            None => None,
            Some(value) => Some(self.declared_type(value, location)?),
        };
        nullable |= declared.is_some_and(|declared| declared.or_null);
        nullable |= matches!(object.get("enum"), Some(Value::Array(values)) if values.contains(&Value::Null));
        let declared = declared.map(|declared| declared.json_type);
        let mut kind = self.schema_kind(object, location, declared)?;
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
    pub(super) fn schema_kind(
        &mut self,
        object: &Map<String, Value>,
        location: &Location,
        declared: Option<JsonType>,
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
            Some(JsonType::Null) => {
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
            Some(JsonType::String) => {
                self.refuse_unknown_keys(
                    object,
                    location,
                    "a string schema",
                    &not_object(STRING_KEYWORDS),
                );
                Some(SchemaKind::String(self.string_schema(object, location)))
            }
            Some(json_type @ (JsonType::Integer | JsonType::Number)) => {
                let integer = json_type == JsonType::Integer;
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
            Some(JsonType::Boolean) => {
                self.refuse_unknown_keys(object, location, "a boolean schema", &not_object(&[]));
                Some(SchemaKind::Boolean)
            }
            Some(JsonType::Array) => {
                self.refuse_unknown_keys(
                    object,
                    location,
                    "an array schema",
                    &not_object(ARRAY_KEYWORDS),
                );
                self.array(object, location)
            }
            Some(JsonType::Object) => self.object_kind(object, location, &with),
        }
    }

    /// What `type` declares: a name, or an array of names of which all but `null` are one type
    /// (`["string", "null"]` is a nullable string).
    fn declared_type(&mut self, value: &Value, location: &Location) -> Option<DeclaredType> {
        let (name, or_null) = match value {
            Value::String(name) => (name.as_str(), false),
            Value::Array(entries) if entries.iter().all(Value::is_string) => {
                let types: Vec<&str> = entries
                    .iter()
                    .filter_map(Value::as_str)
                    .filter(|name| *name != "null")
                    .collect();
                let or_null = types.len() < entries.len();
                match types.as_slice() {
                    [] if !entries.is_empty() => ("null", or_null),
                    [one] => (*one, or_null),
                    _ => {
                        self.report(
                            &location.child("type"),
                            "a `type` array allowing several non-null types is not supported by this generator (use `oneOf`)",
                        );
                        return None;
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
                return None;
            }
        };
        let Some(json_type) = JsonType::named(name) else {
            self.report(
                &location.child("type"),
                format!("`type: {name}` is not supported by this generator"),
            );
            return None;
        };
        Some(DeclaredType { json_type, or_null })
    }

    pub(super) fn one_of(
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
    pub(super) fn alternatives(
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
    pub(super) fn object_kind(
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
    pub(super) fn object_with_forms(
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
    pub(super) fn object_with_all_of(
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

    pub(super) fn all_of(
        &mut self,
        object: &Map<String, Value>,
        location: &Location,
    ) -> Option<SchemaKind> {
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
}

/// The type a schema without `type` implies by its other keywords, as APIs write them
/// (`properties` alone for an object, `items` alone for an array).
fn implied_type(object: &Map<String, Value>) -> Option<JsonType> {
    if ["allOf", "oneOf", "anyOf"]
        .iter()
        .any(|key| object.contains_key(*key))
    {
        None
    } else if ["properties", "required", "additionalProperties"]
        .iter()
        .any(|key| object.contains_key(*key))
    {
        Some(JsonType::Object)
    } else if object.contains_key("items") {
        Some(JsonType::Array)
    } else if let Some(value) = object.get("const") {
        Some(JsonType::of(value))
    } else if let Some(Value::Array(values)) = object.get("enum") {
        values
            .iter()
            .find(|value| !value.is_null())
            .map(JsonType::of)
    } else {
        None
    }
}
