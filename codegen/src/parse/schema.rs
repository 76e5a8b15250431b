//! Reading one schema node: the keywords every schema may have, its type, and which kind of
//! value it describes, including the combinators (`oneOf`/`anyOf`, `allOf`).

use std::sync::Arc;

use serde_json::{Map, Value};

use super::keywords::{
    Kind, OBJECT_ONLY, SERVER_CHECKED, with_common, with_common_and, with_common_and_foreign,
};
use super::values::{Keywords, kind_of};
use super::{Choice, ObjectSchema, Parser, Schema, SchemaKind};
use crate::error::Location;

/// A JSON Schema type. `type` (or what the other keywords imply) is read into one of these once,
/// so that the kind of a schema is decided by an exhaustive match, not by comparing names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum JsonType {
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

    /// Whether `value` is of this type; a whole number is also a `number`.
    fn holds(self, value: &Value) -> bool {
        let of = Self::of(value);
        of == self || (of == Self::Integer && self == Self::Number)
    }
}

/// What `type` declares: the one type it names besides `null`, and whether it names `null` too.
#[derive(Clone, Copy)]
struct DeclaredType {
    json_type: JsonType,
    or_null: bool,
}

impl Parser {
    /// Reads a `schema` of a parameter or media type, and keeps it as written beside what was
    /// read (the fragment's raw schema).
    ///
    /// The value is the parser's own, taken out of the document: it is walked by reference, then
    /// moved whole into the raw schema, so the JSON of large inlined schemas is never copied and
    /// the raw schema is exactly what the fragment wrote. Keeping it cannot fail: any JSON object
    /// or boolean is a JSON Schema, and any other value is refused here as everywhere else.
    pub(super) fn schema_as_written(
        &mut self,
        value: Value,
        location: &Location,
    ) -> Option<(Schema, Arc<schemars::Schema>)> {
        if let Value::Bool(accepts) = value {
            let schema = self.schema(&value, location)?;
            return Some((schema, Arc::new(schemars::Schema::from(accepts))));
        }
        let object = self.owned_object(value, location, "a schema")?;
        let schema = self.schema_object(&object, location)?;
        Some((schema, Arc::new(schemars::Schema::from(object))))
    }

    /// Reads a schema inside another one, which stays in its parent's raw schema. A boolean
    /// schema (JSON Schema, OpenAPI 3.1) is `true`, any value, or `false`, none.
    pub(super) fn schema(&mut self, value: &Value, location: &Location) -> Option<Schema> {
        match value {
            Value::Bool(true) => return Some(Schema::bare(location.clone(), SchemaKind::Any)),
            Value::Bool(false) => {
                return Some(Schema::bare(location.clone(), SchemaKind::Nothing));
            }
            _ => {}
        }
        let object = self.object(value, location, "a schema")?;
        self.schema_object(object, location)
    }

    fn schema_object(
        &mut self,
        object: &Map<String, Value>,
        location: &Location,
    ) -> Option<Schema> {
        if let Some(choice) = type_union_as_choice(object) {
            return self.schema_object(&choice, location);
        }
        let title = self.string(object, "title", location);
        let description = self.string(object, "description", location);
        let deprecated = self
            .boolean(object, "deprecated", location)
            .unwrap_or(false);
        let read_only = self.boolean(object, "readOnly", location).unwrap_or(false);
        let write_only = self.boolean(object, "writeOnly", location).unwrap_or(false);
        let mut nullable = self.boolean(object, "nullable", location).unwrap_or(false);
        let declared = match object.keyword("type") {
            None => None,
            Some(value) => Some(self.declared_type(value, location)?),
        };
        nullable |= declared.is_some_and(|declared| declared.or_null);
        // `null` among the values allows it only where no `type` refuses it: `{"type": "string",
        // "enum": ["a", null]}` takes "a" alone, as JSON Schema reads it.
        nullable |= declared.is_none()
            && matches!(object.keyword("enum"), Some(Value::Array(values)) if values.contains(&Value::Null));
        let declared = declared.map(|declared| declared.json_type);
        let mut kind = self.schema_kind(object, location, declared)?;
        // A `{"type": "null"}` alternative is how 3.1 writes "or null": it makes the value
        // nullable rather than being a variant, and a choice left with one alternative is none.
        if let SchemaKind::OneOf(Choice { alternatives, .. }) = &mut kind {
            let before = alternatives.len();
            alternatives.retain(|alternative| !matches!(alternative.kind, SchemaKind::Null));
            nullable |= alternatives.len() < before;
            if alternatives.len() == 1 {
                let only = alternatives.remove(0);
                nullable |= only.nullable;
                kind = only.kind;
            }
        }
        let reads_enum = matches!(
            kind,
            SchemaKind::String(_) | SchemaKind::Integer(_) | SchemaKind::Number(_)
        );
        // Which keys of this kind's own are rules the client leaves to the server: the names'
        // patterns of an object, the positions of an array's first items.
        let kind_rules: &[&str] = match kind {
            // With patterns, `additionalProperties: false` refuses the names no pattern matches:
            // the map keeps every name, so that refusal is the server's too.
            SchemaKind::Object(_) | SchemaKind::AllOf(_)
                if object.has("patternProperties")
                    && object.keyword("additionalProperties") == Some(&Value::Bool(false)) =>
            {
                &["patternProperties", "additionalProperties"]
            }
            SchemaKind::Object(_) | SchemaKind::AllOf(_) => &["patternProperties"],
            SchemaKind::Array(..) if object.has("prefixItems") => &["prefixItems", "items"],
            _ => &[],
        };
        let rules = object
            .iter()
            .filter(|(key, _)| {
                SERVER_CHECKED.contains(&key.as_str())
                    || kind_rules.contains(&key.as_str())
                    || (!reads_enum && matches!(key.as_str(), "enum" | "const"))
            })
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect();
        Some(Schema {
            location: location.clone(),
            title,
            description,
            deprecated,
            nullable,
            default: object.keyword("default").cloned(),
            read_only,
            write_only,
            kind,
            rules,
        })
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
                    // Several types are read as a choice before this (`type_union_as_choice`).
                    _ => {
                        self.report(
                            &location.child("type"),
                            "an empty `type` array allows no value: name at least one type",
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

    /// Decides what a schema describes: by its declared type, else by the type its other
    /// keywords imply, else by its combinator. Keys come in any order.
    fn schema_kind(
        &mut self,
        object: &Map<String, Value>,
        location: &Location,
        declared: Option<JsonType>,
    ) -> Option<SchemaKind> {
        let Some(json_type) = declared.or_else(|| implied_type(object)) else {
            return self.untyped_kind(object, location);
        };
        // Each kind refuses the keywords it does not honour before reading the others; `null`
        // and `boolean` have none of their own to read.
        match json_type {
            JsonType::Null => {
                self.refuse_unhonoured_keys(object, location, "a null schema", &with_common(&[]));
                Some(SchemaKind::Null)
            }
            JsonType::Boolean => {
                let honoured = with_common_and_foreign(Kind::Other, &[]);
                self.refuse_unhonoured_keys(object, location, "a boolean schema", &honoured);
                Some(SchemaKind::Boolean)
            }
            JsonType::Integer => Some(SchemaKind::Integer(
                self.numeric_schema(object, location, true),
            )),
            JsonType::Number => Some(SchemaKind::Number(
                self.numeric_schema(object, location, false),
            )),
            JsonType::String => Some(SchemaKind::String(self.string_schema(object, location))),
            JsonType::Array => self.array(object, location),
            JsonType::Object => self.object_kind(object, location),
        }
    }

    /// A schema with no type, declared or implied: a choice, an `allOf`, or any value.
    fn untyped_kind(
        &mut self,
        object: &Map<String, Value>,
        location: &Location,
    ) -> Option<SchemaKind> {
        let choice = choice_keyword(object);
        let combined = choice.is_some() || object.has("allOf");
        // Object keywords beside a combinator say what `type: object` would: specs leave the
        // type out of an object whose `allOf` or `oneOf` adds to its own properties.
        if combined && OBJECT_ONLY.iter().any(|key| object.has(key)) {
            return self.object_kind(object, location);
        }
        if let Some(keyword) = choice {
            return self.one_of(object, location, keyword);
        }
        if object.has("allOf") {
            self.refuse_unhonoured_keys(
                object,
                location,
                "an `allOf` schema",
                &with_common(&["allOf"]),
            );
            return self
                .schema_array(object, "allOf", location)
                .map(SchemaKind::AllOf);
        }
        self.refuse_unhonoured_keys(
            object,
            location,
            "a schema without `type`",
            &with_common(&[]),
        );
        Some(SchemaKind::Any)
    }

    /// A `oneOf` or `anyOf` (`keyword`) with nothing beside it.
    fn one_of(
        &mut self,
        object: &Map<String, Value>,
        location: &Location,
        keyword: &str,
    ) -> Option<SchemaKind> {
        self.refuse_unhonoured_keys(
            object,
            location,
            &format!("a `{keyword}` schema"),
            &with_common(&["oneOf", "anyOf"]),
        );
        self.alternatives(object, location, keyword)
            .map(SchemaKind::OneOf)
    }

    /// An object, possibly with `oneOf`/`anyOf` or `allOf` beside its own properties.
    fn object_kind(
        &mut self,
        object: &Map<String, Value>,
        location: &Location,
    ) -> Option<SchemaKind> {
        if let Some(keyword) = choice_keyword(object) {
            return self.object_with_forms(object, location, keyword);
        }
        if object.has("allOf") {
            return self.object_with_all_of(object, location);
        }
        self.refuse_unhonoured_keys(
            object,
            location,
            "an object schema",
            &with_common_and_foreign(Kind::Object, &OBJECT_ONLY),
        );
        self.object_schema(object, location).map(SchemaKind::Object)
    }

    /// An object that has `oneOf`/`anyOf` (`keyword`) beside its own properties: it has them,
    /// and one of the forms.
    fn object_with_forms(
        &mut self,
        object: &Map<String, Value>,
        location: &Location,
        keyword: &str,
    ) -> Option<SchemaKind> {
        self.refuse_unhonoured_keys(
            object,
            location,
            "an object schema with `oneOf`/`anyOf`",
            &with_common_and(&OBJECT_ONLY, &["oneOf", "anyOf"]),
        );
        let own = self.object_schema(object, location);
        let forms = self.alternatives(object, location, keyword)?;
        own.map(|own| {
            SchemaKind::Object(ObjectSchema {
                forms: Some(forms),
                ..own
            })
        })
    }

    /// An object that has `allOf` beside its own properties: its own part is one more part.
    fn object_with_all_of(
        &mut self,
        object: &Map<String, Value>,
        location: &Location,
    ) -> Option<SchemaKind> {
        self.refuse_unhonoured_keys(
            object,
            location,
            "an object schema with `allOf`",
            &with_common_and(&OBJECT_ONLY, &["allOf"]),
        );
        let own = self.object_schema(object, location);
        let mut parts = self.schema_array(object, "allOf", location)?;
        parts.push(Schema::bare(location.clone(), SchemaKind::Object(own?)));
        Some(SchemaKind::AllOf(parts))
    }

    /// The alternatives of the choice `keyword` (see [`choice_keyword`]).
    fn alternatives(
        &mut self,
        object: &Map<String, Value>,
        location: &Location,
        keyword: &str,
    ) -> Option<Choice> {
        if object.has("oneOf") && object.has("anyOf") {
            self.report(
                location,
                "`oneOf` and `anyOf` together are not supported by this generator",
            );
            return None;
        }
        self.schema_array(object, keyword, location)
            .map(|alternatives| Choice {
                alternatives,
                exclusive: keyword == "oneOf",
            })
    }

    /// The value of `keyword`, a non-empty array of schemas. Every schema is read, so that the
    /// problems of all of them are reported, before any problem gives up on the whole.
    pub(super) fn schema_array(
        &mut self,
        object: &Map<String, Value>,
        keyword: &str,
        location: &Location,
    ) -> Option<Vec<Schema>> {
        let array_location = location.child(keyword);
        let Some(Value::Array(items)) = object.keyword(keyword) else {
            self.report(
                &array_location,
                format!("`{keyword}` must be an array of schemas"),
            );
            return None;
        };
        if items.is_empty() {
            self.report(&array_location, format!("`{keyword}` must not be empty"));
            return None;
        }
        let schemas: Vec<Schema> = items
            .iter()
            .enumerate()
            .filter_map(|(index, item)| self.schema(item, &array_location.child(index)))
            .collect();
        (schemas.len() == items.len()).then_some(schemas)
    }
}

/// What stays on the choice a `type` array is read as, rather than going to each alternative.
const ON_THE_CHOICE: [&str; 8] = [
    "title",
    "description",
    "deprecated",
    "nullable",
    "default",
    "readOnly",
    "writeOnly",
    "type",
];

/// A `type` array of several non-null types (`["integer", "string"]`) read as the `anyOf` it
/// means (a value of `["integer", "number"]` is both): one alternative per type, each with the keywords that apply to its type (and the
/// `enum` values of its type), the annotations and the rules the client leaves to the server
/// staying on the choice. `None` for any other schema.
fn type_union_as_choice(object: &Map<String, Value>) -> Option<Map<String, Value>> {
    let Some(Value::Array(entries)) = object.keyword("type") else {
        return None;
    };
    let names: Vec<&str> = entries.iter().filter_map(Value::as_str).collect();
    let types: Vec<&str> = names
        .iter()
        .copied()
        .filter(|name| *name != "null")
        .collect();
    if names.len() != entries.len() || types.len() < 2 {
        return None;
    }
    let mut choice = Map::new();
    let mut alternatives = Vec::new();
    for (key, value) in object {
        if (ON_THE_CHOICE.contains(&key.as_str()) || SERVER_CHECKED.contains(&key.as_str()))
            && key != "type"
        {
            choice.insert(key.clone(), value.clone());
        }
    }
    for name in &types {
        let mut alternative = Map::new();
        alternative.insert("type".to_owned(), Value::from(*name));
        let mut listed_none = false;
        for (key, value) in object {
            if ON_THE_CHOICE.contains(&key.as_str()) || SERVER_CHECKED.contains(&key.as_str()) {
                continue;
            }
            let value = match (key.as_str(), value) {
                ("enum", Value::Array(values)) => {
                    let own: Vec<Value> = values
                        .iter()
                        .filter(|value| {
                            JsonType::named(name).is_some_and(|named| named.holds(value))
                        })
                        .cloned()
                        .collect();
                    listed_none = own.is_empty();
                    Value::Array(own)
                }
                _ => value.clone(),
            };
            alternative.insert(key.clone(), value);
        }
        // An `enum` that lists no value of this type rules the type out.
        if !listed_none {
            alternatives.push(Value::Object(alternative));
        }
    }
    if names.len() > types.len() {
        choice.insert("nullable".to_owned(), Value::Bool(true));
    }
    choice.insert("anyOf".to_owned(), Value::Array(alternatives));
    Some(choice)
}

/// The keyword of a schema's choice: `oneOf`, else `anyOf`, else none. Having both is refused
/// where the alternatives are read, after the keys beside them are checked.
fn choice_keyword(object: &Map<String, Value>) -> Option<&'static str> {
    ["oneOf", "anyOf"]
        .into_iter()
        .find(|keyword| object.has(keyword))
}

/// The type a schema without `type` implies by its other keywords, as APIs write them
/// (`properties` alone for an object, `items` alone for an array, `minLength` for a string, …,
/// as `schema-check` reads them too), else by its `const` or the values of its `enum` when they
/// share a type (integers among numbers make numbers). Values of several types imply none: the
/// schema is any JSON value, its `enum` a rule the server checks.
fn implied_type(object: &Map<String, Value>) -> Option<JsonType> {
    let has = |keys: &[&str]| keys.iter().any(|key| object.has(key));
    if has(&["allOf", "oneOf", "anyOf"]) {
        None
    } else if has(&OBJECT_ONLY) {
        Some(JsonType::Object)
    } else if has(&[
        "items",
        "prefixItems",
        "minItems",
        "maxItems",
        "uniqueItems",
    ]) {
        Some(JsonType::Array)
    } else if has(&["minLength", "maxLength", "pattern"]) {
        Some(JsonType::String)
    } else if let Some(value) = object.keyword("const") {
        Some(JsonType::of(value))
    } else if let Some(Value::Array(values)) = object.keyword("enum") {
        values
            .iter()
            .filter(|value| !value.is_null())
            .map(JsonType::of)
            .try_fold(None, |shared: Option<JsonType>, json_type| {
                Some(Some(match (shared, json_type) {
                    (None, json_type) => json_type,
                    (Some(JsonType::Integer | JsonType::Number), JsonType::Number)
                    | (Some(JsonType::Number), JsonType::Integer) => JsonType::Number,
                    (Some(shared), json_type) if shared == json_type => shared,
                    _ => return None,
                }))
            })
            .flatten()
    } else if let Some(format) = object.keyword("format").and_then(Value::as_str) {
        Some(if INTEGER_FORMATS.contains(&format) {
            JsonType::Integer
        } else {
            JsonType::String
        })
    } else if has(&[
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
    ]) {
        Some(JsonType::Number)
    } else {
        None
    }
}

/// The formats that name an integer type: a schema with one of them and no `type` is an integer.
const INTEGER_FORMATS: [&str; 8] = [
    "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
];
