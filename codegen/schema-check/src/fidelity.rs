//! Schema fidelity: the JSON Schema a generated crate derives from its Rust types
//! (`impl schemars::JsonSchema`) compared with the fragment's own, after normalising only what
//! carries no meaning.
//!
//! Both sides are first read as [`check`](crate::check) reads a fragment (OpenAPI 3.0 spellings
//! made 2020-12 ones, `allOf` merged as the generator merges it, integer formats as bounds,
//! `required` of `readOnly` properties dropped in requests and of `writeOnly` ones in replies),
//! then made canonical:
//! - `$ref`s into the derived schema's `$defs` are inlined; `$schema`, `$defs`, `$id`, … go;
//! - annotations go: `title`, `description`, `examples`, `example`, `default`, `deprecated`,
//!   `readOnly`, `writeOnly`, `discriminator`, `externalDocs`, `xml`, `$comment` and every
//!   `x-…` key. Docs are not meaning here: the generated docs carry them, and no JSON Schema
//!   validator reads them;
//! - `format: binary` goes once the `type` it implies is made explicit: it says how a string
//!   travels outside JSON (a multipart file's bytes), not which JSON strings are valid;
//! - a schema without `type` whose keywords are all of one kind (`properties`, `items`,
//!   `maxLength`, …) has that `type`: the generator reads it so;
//! - `true` is `{}`; `additionalProperties: {}`, `properties: {}` and `required: []` go; so
//!   does a `maxItems` that `prefixItems` with `items: false` already imply;
//! - `type` is a sorted list; `const: v` is `enum: [v]`; `enum` and `required` are sorted sets;
//! - `null` is one spelling: an `anyOf` of one schema and `{"type": "null"}` is that schema
//!   with `"null"` added to its `type` (and to its `enum`), nested `anyOf`s of `anyOf`s are
//!   flattened, and alternatives are sorted. A `{"type": "null"}` alternative of a `oneOf` is
//!   the same `null` beside a `oneOf` of the others (which take no `null` once normalised, since
//!   `nullable` is spelt as a `null` alternative), and a `oneOf` of one alternative is that
//!   alternative. `oneOf` stays `oneOf` otherwise: a value that several alternatives accept is
//!   valid for `anyOf` only, and the generated types refuse it where the spec says `oneOf`.
//!
//! Every other difference is real and reported with its JSON pointer.

use std::fmt::Write as _;

use serde_json::{Map, Value};

use crate::Direction;
use crate::json::{child, same_number};
use crate::normalise::normalise;

/// Keywords that describe and do not constrain: dropped before comparing.
const ANNOTATIONS: [&str; 12] = [
    "title",
    "description",
    "examples",
    "example",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
    "discriminator",
    "externalDocs",
    "xml",
    "$comment",
];

/// One place where the two schemas differ.
#[derive(Clone, Debug, PartialEq)]
pub struct Difference {
    /// JSON pointer into the canonical schemas (for properties, the fragment's own path).
    pub pointer: String,
    /// What the fragment has there, if anything.
    pub spec: Option<Value>,
    /// What the types' schema has there, if anything.
    pub derived: Option<Value>,
}

impl std::fmt::Display for Difference {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let show = |value: &Option<Value>| {
            value.as_ref().map_or_else(
                || "nothing".to_owned(),
                |value| crate::json::brief(value, 200),
            )
        };
        write!(
            formatter,
            "at `{}`: the spec has {}, the types have {}",
            if self.pointer.is_empty() {
                "/"
            } else {
                &self.pointer
            },
            show(&self.spec),
            show(&self.derived)
        )
    }
}

/// `schema` with every `$ref` to `#/$defs/NAME` replaced by `definitions[NAME]`, itself
/// resolved; a reference met again inside itself is left as it is.
#[must_use]
pub fn inline_refs(schema: &Value, definitions: &Map<String, Value>) -> Value {
    inline(schema, definitions, &mut Vec::new())
}

fn inline(schema: &Value, definitions: &Map<String, Value>, open: &mut Vec<String>) -> Value {
    match schema {
        Value::Object(object) => {
            let target = object
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|reference| reference.strip_prefix("#/$defs/"))
                .filter(|name| !open.iter().any(|open| open == name));
            let mut out = Map::new();
            if let Some(name) = target
                && let Some(Value::Object(definition)) = definitions.get(name)
            {
                open.push(name.to_owned());
                if let Value::Object(resolved) =
                    inline(&Value::Object(definition.clone()), definitions, open)
                {
                    out = resolved;
                }
                open.pop();
            }
            for (key, value) in object {
                if key == "$ref" && target.is_some() {
                    continue;
                }
                out.insert(key.clone(), inline(value, definitions, open));
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|item| inline(item, definitions, open))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// The dynamic call's input as the types say it: the parameters' object, with the body's
/// properties merged into it (`merged`, when the call input merges them: its properties, its
/// `required` when the body is required, its `additionalProperties` replacing the
/// parameters') — the rule `ir::CallInput` documents.
#[must_use]
pub fn merged_input(parameters: Value, body: &Value, body_required: bool) -> Value {
    let Value::Object(mut input) = parameters else {
        return parameters;
    };
    let Value::Object(body) = body else {
        return Value::Object(input);
    };
    if let Some(Value::Object(properties)) = body.get("properties")
        && let Some(Value::Object(into)) = input.get_mut("properties")
    {
        into.extend(properties.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    if body_required && let Some(Value::Array(names)) = body.get("required") {
        match input.get_mut("required") {
            Some(Value::Array(into)) => into.extend(names.iter().cloned()),
            _ => {
                input.insert("required".to_owned(), Value::Array(names.clone()));
            }
        }
    }
    match body.get("additionalProperties") {
        Some(additional) => {
            input.insert("additionalProperties".to_owned(), additional.clone());
        }
        None => {
            input.remove("additionalProperties");
        }
    }
    Value::Object(input)
}

/// Every difference in meaning between the fragment's schema `spec` and the schema `derived`
/// from the Rust types (its `$ref`s resolved in `definitions`), for values travelling in
/// `direction`; empty when they mean the same. `parameters` names the properties of an input
/// object that are parameters: their `null` is not compared, since a parameter that is `null`
/// is a parameter not sent (the dynamic call reads `null` as absent, and neither a path, a
/// query nor a header can carry a JSON `null`).
#[must_use]
pub fn differences(
    spec: &Value,
    derived: &Value,
    definitions: &Map<String, Value>,
    direction: Direction,
    parameters: &[&str],
) -> Vec<Difference> {
    let read = |schema: &Value| match normalise(schema, direction) {
        Ok(normalised) => {
            let mut canonical = canonical(&normalised);
            if let Some(Value::Object(properties)) = canonical.get_mut("properties") {
                for name in parameters {
                    if let Some(property) = properties.get_mut(*name) {
                        *property = without_null(property);
                    }
                }
            }
            Ok(canonical)
        }
        Err(problems) => Err(problems
            .into_iter()
            .map(|problem| format!("{}: {}", problem.pointer, problem.message))
            .collect::<Vec<_>>()
            .join("; ")),
    };
    match (read(spec), read(&inline_refs(derived, definitions))) {
        (Ok(spec), Ok(derived)) => {
            let mut found = Vec::new();
            diff(&spec, &derived, "", &mut found);
            found
        }
        (spec, derived) => vec![Difference {
            pointer: String::new(),
            spec: Some(spec.map_or_else(Value::String, |_| Value::String("readable".into()))),
            derived: Some(derived.map_or_else(Value::String, |_| Value::String("readable".into()))),
        }],
    }
}

/// A canonical schema without `null` among its values.
fn without_null(schema: &Value) -> Value {
    let Value::Object(object) = schema else {
        return schema.clone();
    };
    let mut out = object.clone();
    if let Some(Value::Array(types)) = out.get_mut("type") {
        types.retain(|ty| ty != "null");
    }
    if let Some(Value::Array(values)) = out.get_mut("enum") {
        values.retain(|value| !value.is_null());
    }
    if let Some(Value::Array(alternatives)) = out.get_mut("anyOf") {
        alternatives.retain(|alternative| !is_null_schema(alternative));
    }
    canonical(&Value::Object(out))
}

/// One comparison: what it is (`input`, `output`), which way its values travel, the
/// fragment's schema, the types' schema, and the input properties that are parameters.
pub type Comparison<'a> = (&'a str, Direction, Value, Value, &'a [&'a str]);

/// Panics, listing every difference with its pointer, unless each comparison's two schemas
/// mean the same; `name` is the operation, for the message.
///
/// # Panics
/// When a schema derived from the types differs from the spec's.
pub fn assert_same(name: &str, comparisons: &[Comparison], definitions: &Map<String, Value>) {
    let mut report = String::new();
    for (what, direction, spec, derived, parameters) in comparisons {
        for difference in differences(spec, derived, definitions, *direction, parameters) {
            // Writing into a `String` cannot fail.
            let _ = writeln!(report, "{name} {what} {difference}");
        }
    }
    assert!(
        report.is_empty(),
        "the types' JSON Schema differs from the spec's:\n{report}"
    );
}

/// The canonical form of a normalised schema (see the module docs).
#[must_use]
pub fn canonical(schema: &Value) -> Value {
    let object = match schema {
        Value::Bool(true) => return Value::Object(Map::new()),
        Value::Object(object) => object,
        other => return other.clone(),
    };
    let mut out = Map::new();
    for (key, value) in object {
        if ANNOTATIONS.contains(&key.as_str()) || key.starts_with("x-") || key.starts_with('$') {
            continue;
        }
        let value = match key.as_str() {
            "properties" | "patternProperties" | "dependentSchemas" | "$defs" => match value {
                Value::Object(map) => Value::Object(
                    map.iter()
                        .map(|(name, schema)| (name.clone(), canonical(schema)))
                        .collect(),
                ),
                other => other.clone(),
            },
            "allOf" | "anyOf" | "oneOf" | "prefixItems" => match value {
                Value::Array(items) => Value::Array(items.iter().map(canonical).collect()),
                other => other.clone(),
            },
            "items"
            | "additionalProperties"
            | "not"
            | "if"
            | "then"
            | "else"
            | "contains"
            | "propertyNames"
            | "unevaluatedProperties" => canonical(value),
            _ => value.clone(),
        };
        let (key, value) = match (key.as_str(), value) {
            ("oneOf", Value::Array(alternatives)) => exclusive_choice(alternatives),
            (key, value) => (key, value),
        };
        let key = match key {
            "const" => {
                out.insert("enum".to_owned(), Value::Array(vec![value]));
                continue;
            }
            key => key,
        };
        if key == "anyOf"
            && let (Some(Value::Array(before)), Value::Array(more)) = (out.get_mut("anyOf"), &value)
        {
            // `oneOf` and `anyOf` side by side: both must hold.
            let both = vec![
                Value::Object(Map::from_iter([(
                    "anyOf".to_owned(),
                    Value::Array(before.clone()),
                )])),
                Value::Object(Map::from_iter([(
                    "anyOf".to_owned(),
                    Value::Array(more.clone()),
                )])),
            ];
            out.remove("anyOf");
            push_all_of(&mut out, both);
            continue;
        }
        out.insert(key.to_owned(), value);
    }
    implied_type(&mut out);
    // `format: binary` says how a string travels outside JSON (as a multipart file's bytes),
    // not which JSON strings are valid; the generator makes a multipart string a file with or
    // without it (ARCHITECTURE.md, "Bodies"), so the types' schema cannot say which was written.
    if out.get("format").and_then(Value::as_str) == Some("binary") {
        out.remove("format");
    }
    implied_max_items(&mut out);
    tidy(&mut out);
    split_kinds(&mut out);
    fold_choices(&mut out);
    tidy(&mut out);
    Value::Object(out)
}

/// The JSON type of a value, as `type` names it.
fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(number) if number.is_i64() || number.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// The keywords JSON Schema applies to one kind of value only.
const KIND_KEYWORDS: [(&str, &[&str]); 4] = [
    (
        "object",
        &[
            "properties",
            "additionalProperties",
            "required",
            "minProperties",
            "maxProperties",
            "propertyNames",
            "patternProperties",
            "dependentRequired",
            "dependentSchemas",
            "unevaluatedProperties",
        ],
    ),
    (
        "array",
        &[
            "items",
            "prefixItems",
            "minItems",
            "maxItems",
            "uniqueItems",
            "contains",
            "minContains",
            "maxContains",
        ],
    ),
    ("string", &["minLength", "maxLength", "pattern"]),
    (
        "number",
        &[
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
        ],
    ),
];

/// Whether `keyword` applies to values of `kind` (`integer` is a `number`).
fn applies(keyword: &str, kind: &str) -> bool {
    let kind = if kind == "integer" { "number" } else { kind };
    KIND_KEYWORDS
        .iter()
        .all(|(owner, keywords)| *owner == kind || !keywords.contains(&keyword))
}

/// `type` as the generator reads it (ARCHITECTURE.md, "Schemas JSON Schema allows"), so that
/// only what it decides differently is reported:
/// - an `enum` limits `type` to the kinds of its values (`integer` within `number`), and
///   without `type` it has those (`null` among them makes the value nullable); a value of a
///   kind `type` refuses is left out of the `enum`;
/// - without `type` and `enum`, keywords of one kind imply it (`properties` → object,
///   `maxLength` → string), and a `format` alone an integer (`int32`, …), a number (`float`,
///   `double`) or a string.
fn implied_type(out: &mut Map<String, Value>) {
    if let Some(Value::Array(values)) = out.get("enum") {
        let mut kinds: Vec<&str> = values.iter().map(kind_of).collect();
        if kinds.contains(&"number") {
            kinds.retain(|kind| *kind != "integer");
        }
        let declared: Option<Vec<String>> = out.get("type").map(|ty| match ty {
            Value::String(one) => vec![one.clone()],
            Value::Array(many) => many
                .iter()
                .filter_map(|t| t.as_str().map(str::to_owned))
                .collect(),
            _ => Vec::new(),
        });
        let allowed = |kind: &str| {
            declared.as_ref().is_none_or(|declared| {
                declared
                    .iter()
                    .any(|d| d == kind || (d == "number" && kind == "integer"))
            })
        };
        let kept: Vec<Value> = kinds
            .iter()
            .filter(|kind| allowed(kind))
            .map(|kind| {
                // An integer among a declared `number` stays a number.
                let widened = declared.as_ref().is_some_and(|declared| {
                    *kind == "integer" && !declared.iter().any(|d| d == "integer")
                });
                Value::from(if widened { "number" } else { *kind })
            })
            .collect();
        out.insert("type".to_owned(), Value::Array(kept));
        // A value its `type` refuses is no value of the schema (`null` listed beside
        // `"type": "string"`).
        if let Some(Value::Array(values)) = out.get_mut("enum") {
            values.retain(|value| allowed(kind_of(value)));
        }
        return;
    }
    if out.contains_key("type") || out.contains_key("anyOf") || out.contains_key("allOf") {
        return;
    }
    let implied: Vec<&str> = KIND_KEYWORDS
        .iter()
        .filter(|(_, keywords)| keywords.iter().any(|keyword| out.contains_key(*keyword)))
        .map(|(kind, _)| *kind)
        .collect();
    let kind = match (
        implied.as_slice(),
        out.get("format").and_then(Value::as_str),
    ) {
        ([kind], _) => *kind,
        ([], Some(format)) if format.starts_with("int") || format.starts_with("uint") => "integer",
        ([], Some("float" | "double")) => "number",
        ([], Some(_)) => "string",
        _ => return,
    };
    out.insert("type".to_owned(), Value::Array(vec![Value::from(kind)]));
}

/// A `type` of several kinds as the `anyOf` it means: one alternative per kind with that
/// kind's keywords and `enum` values (`null` staying a kind of its own); and keywords of
/// other kinds than the one `type` names dropped, as JSON Schema ignores them.
fn split_kinds(out: &mut Map<String, Value>) {
    let Some(Value::Array(types)) = out.get("type") else {
        return;
    };
    let kinds: Vec<String> = types
        .iter()
        .filter_map(|t| t.as_str().map(str::to_owned))
        .collect();
    let real: Vec<&String> = kinds.iter().filter(|kind| *kind != "null").collect();
    if real.len() <= 1 {
        if let Some(kind) = real.first() {
            out.retain(|keyword, _| applies(keyword, kind));
        }
        return;
    }
    let mut alternatives = Vec::new();
    for kind in &kinds {
        let mut alternative = Map::new();
        alternative.insert(
            "type".to_owned(),
            Value::Array(vec![Value::from(kind.as_str())]),
        );
        for (keyword, value) in out.iter() {
            let own = KIND_KEYWORDS
                .iter()
                .any(|(_, keywords)| keywords.contains(&keyword.as_str()))
                || keyword == "format";
            let formatted = matches!(kind.as_str(), "string" | "integer" | "number");
            if own && applies(keyword, kind) && (keyword != "format" || formatted) {
                alternative.insert(keyword.clone(), value.clone());
            }
        }
        if let Some(Value::Array(values)) = out.get("enum") {
            let mine: Vec<Value> = values
                .iter()
                .filter(|value| {
                    let of = kind_of(value);
                    of == kind || (kind == "number" && of == "integer")
                })
                .cloned()
                .collect();
            alternative.insert("enum".to_owned(), Value::Array(mine));
        }
        alternatives.push(Value::Object(alternative));
    }
    out.retain(|keyword, _| {
        keyword != "type"
            && keyword != "enum"
            && keyword != "format"
            && !KIND_KEYWORDS
                .iter()
                .any(|(_, keywords)| keywords.contains(&keyword.as_str()))
    });
    out.insert("anyOf".to_owned(), Value::Array(alternatives));
}

fn push_all_of(out: &mut Map<String, Value>, parts: Vec<Value>) {
    match out.get_mut("allOf") {
        Some(Value::Array(existing)) => existing.extend(parts),
        _ => {
            out.insert("allOf".to_owned(), Value::Array(parts));
        }
    }
}

/// Sets as sorted lists; empty and trivially true keywords dropped.
fn tidy(out: &mut Map<String, Value>) {
    if let Some(Value::String(single)) = out.get("type") {
        let single = single.clone();
        out.insert("type".to_owned(), Value::Array(vec![Value::String(single)]));
    }
    for key in ["type", "enum", "required"] {
        if let Some(Value::Array(items)) = out.get_mut(key) {
            sort_set(items);
            if items.is_empty() && key != "enum" {
                out.remove(key);
            }
        }
    }
    if out
        .get("properties")
        .is_some_and(|properties| properties.as_object().is_some_and(Map::is_empty))
    {
        out.remove("properties");
    }
    for key in ["additionalProperties", "items"] {
        if out
            .get(key)
            .is_some_and(|schema| schema.as_object().is_some_and(Map::is_empty))
        {
            out.remove(key);
        }
    }
    // A property that may be anything is no constraint where other properties are allowed.
    if !out.contains_key("additionalProperties")
        && let Some(Value::Object(properties)) = out.get_mut("properties")
    {
        properties.retain(|_, schema| !schema.as_object().is_some_and(Map::is_empty));
        if properties.is_empty() {
            out.remove("properties");
        }
    }
}

/// Sorted and deduplicated by their text with object keys sorted, so that neither the order of
/// the items nor that of their keys matters.
fn sort_set(items: &mut Vec<Value>) {
    items.sort_by_cached_key(sorted_text);
    items.dedup_by(|a, b| sorted_text(a) == sorted_text(b));
}

fn sorted_text(value: &Value) -> String {
    match value {
        Value::Object(object) => {
            let mut entries: Vec<(&String, String)> = object
                .iter()
                .map(|(key, value)| (key, sorted_text(value)))
                .collect();
            entries.sort();
            let inner: Vec<String> = entries
                .into_iter()
                .map(|(key, value)| format!("{}:{value}", Value::from(key.as_str())))
                .collect();
            format!("{{{}}}", inner.join(","))
        }
        Value::Array(items) => {
            format!(
                "[{}]",
                items.iter().map(sorted_text).collect::<Vec<_>>().join(",")
            )
        }
        other => other.to_string(),
    }
}

fn is_null_schema(schema: &Value) -> bool {
    schema.as_object().is_some_and(|object| {
        object.len() == 1
            && object.get("type").is_some_and(|ty| {
                ty == "null"
                    || ty
                        .as_array()
                        .is_some_and(|types| types == &[Value::from("null")])
            })
    })
}

/// Drops a `maxItems` that says no more than `prefixItems` with `items: false` does: no item
/// beyond the positions it lists.
fn implied_max_items(out: &mut Map<String, Value>) {
    let (Some(Value::Array(positions)), Some(Value::Bool(false))) =
        (out.get("prefixItems"), out.get("items"))
    else {
        return;
    };
    let positions = positions.len() as u64;
    if out
        .get("maxItems")
        .and_then(Value::as_u64)
        .is_some_and(|max| max >= positions)
    {
        out.remove("maxItems");
    }
}

/// A canonical `oneOf`'s keyword and value: `null` among its alternatives, or a single
/// alternative, makes it an `anyOf` (see the module docs); its alternatives are a set.
fn exclusive_choice(mut alternatives: Vec<Value>) -> (&'static str, Value) {
    let before = alternatives.len();
    alternatives.retain(|alternative| !is_null_schema(alternative));
    let null = alternatives.len() < before;
    if alternatives.len() < 2 {
        if null {
            alternatives.push(serde_json::json!({"type": ["null"]}));
        }
        return ("anyOf", Value::Array(alternatives));
    }
    sort_set(&mut alternatives);
    if null {
        let choice = Value::Object(Map::from_iter([(
            "oneOf".to_owned(),
            Value::Array(alternatives),
        )]));
        return (
            "anyOf",
            Value::Array(vec![choice, serde_json::json!({"type": ["null"]})]),
        );
    }
    ("oneOf", Value::Array(alternatives))
}

/// `anyOf`s of `anyOf`s flattened, alternatives sorted, and `null` as one spelling.
fn fold_choices(out: &mut Map<String, Value>) {
    let Some(Value::Array(alternatives)) = out.remove("anyOf") else {
        return;
    };
    let mut flat = Vec::new();
    for alternative in alternatives {
        match alternative {
            Value::Object(object) if object.len() == 1 && object.contains_key("anyOf") => {
                if let Some(Value::Array(inner)) = object.get("anyOf") {
                    flat.extend(inner.iter().cloned());
                }
            }
            other => flat.push(other),
        }
    }
    let null = flat.iter().any(is_null_schema);
    let others: Vec<Value> = flat
        .iter()
        .filter(|a| !is_null_schema(a))
        .cloned()
        .collect();
    if null && let [Value::Object(only)] = others.as_slice() {
        let mut only = only.clone();
        add_null(&mut only);
        if only.keys().all(|key| !out.contains_key(key)) {
            for (key, value) in only {
                out.insert(key, value);
            }
            return;
        }
        out.insert("anyOf".to_owned(), Value::Array(vec![Value::Object(only)]));
        return;
    }
    if !null
        && let [Value::Object(only)] = others.as_slice()
        && only.keys().all(|key| !out.contains_key(key))
    {
        for (key, value) in only.clone() {
            out.insert(key, value);
        }
        return;
    }
    let mut flat = flat;
    sort_set(&mut flat);
    out.insert("anyOf".to_owned(), Value::Array(flat));
}

/// `schema` accepting `null` as well.
fn add_null(schema: &mut Map<String, Value>) {
    if schema.is_empty() {
        return;
    }
    if let Some(Value::Array(types)) = schema.get_mut("type") {
        types.push(Value::from("null"));
        sort_set(types);
    } else if schema.contains_key("anyOf") {
        if let Some(Value::Array(alternatives)) = schema.get_mut("anyOf") {
            alternatives.push(serde_json::json!({"type": ["null"]}));
            sort_set(alternatives);
        }
        return;
    } else {
        let inner = std::mem::take(schema);
        schema.insert(
            "anyOf".to_owned(),
            Value::Array(vec![
                Value::Object(inner),
                serde_json::json!({"type": ["null"]}),
            ]),
        );
        return;
    }
    if let Some(Value::Array(values)) = schema.get_mut("enum") {
        values.push(Value::Null);
        sort_set(values);
    }
}

fn diff(spec: &Value, derived: &Value, at: &str, found: &mut Vec<Difference>) {
    match (spec, derived) {
        (Value::Object(left), Value::Object(right)) => {
            let mut keys: Vec<&String> = left.keys().chain(right.keys()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                let here = child(at, key);
                match (left.get(key), right.get(key)) {
                    (Some(left), Some(right)) => diff(left, right, &here, found),
                    (left, right) => found.push(Difference {
                        pointer: here,
                        spec: left.cloned(),
                        derived: right.cloned(),
                    }),
                }
            }
        }
        // Sets of scalars (`type`, `enum`, `required`) are one value: reported whole.
        (Value::Array(left), Value::Array(right))
            if left.len() == right.len()
                && !left
                    .iter()
                    .chain(right)
                    .all(|item| !item.is_object() && !item.is_array()) =>
        {
            for (index, (left, right)) in left.iter().zip(right).enumerate() {
                diff(left, right, &child(at, index), found);
            }
        }
        (Value::Number(left), Value::Number(right)) if same_number(left, right) => {}
        (left, right) if left == right => {}
        (left, right) => found.push(Difference {
            pointer: at.to_owned(),
            spec: Some(left.clone()),
            derived: Some(right.clone()),
        }),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Map, Value, json};

    use super::{Difference, differences};
    use crate::Direction;

    /// The fragment's schema of the tests: an ID, an enum, a count, a list.
    fn spec() -> Value {
        json!({
            "type": "object",
            "additionalProperties": false,
            "required": ["id"],
            "properties": {
                "id": {"type": "string", "minLength": 20, "maxLength": 20, "description": "An ID."},
                "mode": {"type": "string", "enum": ["on", "off", "auto"]},
                "count": {"type": "integer", "format": "int32", "minimum": 1},
                "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 3},
                "note": {"type": "string", "nullable": true}
            }
        })
    }

    /// The same schema as the types would give it: other key order, `$ref`s into `$defs`,
    /// `null` spelled as an `anyOf`, no descriptions.
    fn derived() -> (Value, Map<String, Value>) {
        let definitions = json!({
            "Id": {"type": "string", "maxLength": 20, "minLength": 20},
            "Mode": {"enum": ["auto", "off", "on"], "type": "string"}
        });
        let schema = json!({
            "properties": {
                "tags": {"maxItems": 3, "items": {"type": "string"}, "type": "array"},
                "note": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                "count": {"minimum": 1, "type": "integer", "format": "int32"},
                "mode": {"$ref": "#/$defs/Mode"},
                "id": {"$ref": "#/$defs/Id"}
            },
            "required": ["id"],
            "type": "object",
            "additionalProperties": false,
            "$schema": "https://json-schema.org/draft/2020-12/schema"
        });
        let Value::Object(definitions) = definitions else {
            unreachable!("an object literal")
        };
        (schema, definitions)
    }

    fn compare(derived: &Value, definitions: &Map<String, Value>) -> Vec<Difference> {
        differences(&spec(), derived, definitions, Direction::Request, &[])
    }

    #[test]
    fn the_same_meaning_spelled_differently_is_no_difference() {
        let (schema, definitions) = derived();
        assert_eq!(compare(&schema, &definitions), Vec::new());
    }

    #[test]
    fn format_binary_is_no_difference_but_another_format_is() {
        let spec = json!({"type": "string"});
        let file = json!({"type": "string", "format": "binary"});
        let none = Map::new();
        let same = differences(&spec, &file, &none, Direction::Request, &[]);
        assert_eq!(same, Vec::new());
        // Alone, it still implies a string: the rest of the meaning stays.
        let alone = differences(
            &json!({"format": "binary"}),
            &spec,
            &none,
            Direction::Request,
            &[],
        );
        assert_eq!(alone, Vec::new());
        let dated = json!({"type": "string", "format": "date"});
        let found = differences(&dated, &file, &none, Direction::Request, &[]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].pointer, "/format");
    }

    #[test]
    fn a_dropped_constraint_is_reported_at_its_pointer() {
        let (mut schema, definitions) = derived();
        schema["properties"]["tags"]
            .as_object_mut()
            .map(|tags| tags.remove("maxItems"));
        let found = compare(&schema, &definitions);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].pointer, "/properties/tags/maxItems");
        assert_eq!(found[0].spec, Some(json!(3)));
        assert_eq!(found[0].derived, None);
        assert_eq!(
            found[0].to_string(),
            "at `/properties/tags/maxItems`: the spec has 3, the types have nothing"
        );
    }

    #[test]
    fn a_missing_enum_value_is_reported_at_its_pointer() {
        let (schema, mut definitions) = derived();
        definitions["Mode"]["enum"] = json!(["on", "off"]);
        let found = compare(&schema, &definitions);
        assert!(!found.is_empty());
        assert!(
            found
                .iter()
                .all(|difference| difference.pointer.starts_with("/properties/mode/enum")),
            "{found:?}"
        );
    }

    #[test]
    fn a_wrong_type_is_reported_at_its_pointer() {
        let (mut schema, definitions) = derived();
        schema["properties"]["count"] = json!({"type": "string"});
        let found = compare(&schema, &definitions);
        let pointers: Vec<&str> = found.iter().map(|found| found.pointer.as_str()).collect();
        assert!(pointers.contains(&"/properties/count/type"), "{found:?}");
    }

    #[test]
    fn a_lost_null_and_a_lost_length_are_reported() {
        let (mut schema, mut definitions) = derived();
        schema["properties"]["note"] = json!({"type": "string"});
        definitions["Id"] = json!({"type": "string"});
        let pointers: Vec<String> = compare(&schema, &definitions)
            .into_iter()
            .map(|found| found.pointer)
            .collect();
        assert_eq!(
            pointers,
            [
                "/properties/id/maxLength",
                "/properties/id/minLength",
                "/properties/note/type",
            ]
        );
    }

    #[test]
    fn a_parameter_null_is_its_absence() {
        let spec = json!({"type": "object", "properties": {"after": {"type": ["string", "null"]}}});
        let derived = json!({"type": "object", "properties": {"after": {"type": "string"}}});
        let none = Map::new();
        assert!(differences(&spec, &derived, &none, Direction::Request, &["after"]).is_empty());
        assert!(!differences(&spec, &derived, &none, Direction::Request, &[]).is_empty());
    }

    #[test]
    fn one_of_is_not_any_of_except_where_it_only_spells_null() {
        let none = Map::new();
        let forms = json!([
            {"type": "object", "required": ["name"]},
            {"type": "object", "required": ["tag"]}
        ]);
        let compare = |spec: Value, derived: Value| {
            differences(&spec, &derived, &none, Direction::Request, &[])
        };
        let found = compare(json!({"oneOf": forms}), json!({"anyOf": forms}));
        let pointers: Vec<&str> = found.iter().map(|found| found.pointer.as_str()).collect();
        assert_eq!(pointers, ["/anyOf", "/oneOf"], "{found:?}");
        assert!(
            compare(
                json!({"oneOf": forms}),
                json!({"oneOf": [forms[1], forms[0]]})
            )
            .is_empty()
        );
        // `null` matches only its own alternative: a `oneOf` with it is the others or `null`.
        assert!(
            compare(
                json!({"oneOf": [{"type": "string"}, {"type": "null"}]}),
                json!({"anyOf": [{"type": "string"}, {"type": "null"}]})
            )
            .is_empty()
        );
        assert!(
            compare(
                json!({"oneOf": [forms[0], forms[1], {"type": "null"}]}),
                json!({"anyOf": [{"oneOf": forms}, {"type": "null"}]})
            )
            .is_empty()
        );
        assert!(
            compare(
                json!({"oneOf": [{"type": "string"}]}),
                json!({"type": "string"})
            )
            .is_empty()
        );
    }
}
