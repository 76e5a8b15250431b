//! The normalised schema read into a tree of nodes, each knowing what its instances may be.

use std::sync::Arc;

use jsonschema::Validator;
use serde_json::{Map, Number, Value};

use crate::Direction;
use crate::json::{child, integer, same};
use crate::normalise::{
    ORIGIN, Problem, implied_type, integer_format, intersect_types, type_names,
};

/// A set of JSON types. `NUMBER` allows every number, integers included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Types(u8);

impl Types {
    pub const NULL: Self = Self(1);
    pub const BOOLEAN: Self = Self(2);
    pub const INTEGER: Self = Self(4);
    pub const NUMBER: Self = Self(8);
    pub const STRING: Self = Self(16);
    pub const ARRAY: Self = Self(32);
    pub const OBJECT: Self = Self(64);
    pub const NONE: Self = Self(0);
    pub const ALL: Self = Self(127);

    /// Every single type, in the order instances of several types are listed (null last, so
    /// that a nullable schema's first instance is not `null`).
    pub const EACH: [Self; 7] = [
        Self::OBJECT,
        Self::ARRAY,
        Self::STRING,
        Self::INTEGER,
        Self::NUMBER,
        Self::BOOLEAN,
        Self::NULL,
    ];

    pub fn contains(self, other: Self) -> bool {
        self.0 & other.0 == other.0 && other.0 != 0
    }

    pub fn union(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    fn named(name: &str) -> Self {
        match name {
            "null" => Self::NULL,
            "boolean" => Self::BOOLEAN,
            "integer" => Self::INTEGER,
            "number" => Self::NUMBER,
            "string" => Self::STRING,
            "array" => Self::ARRAY,
            "object" => Self::OBJECT,
            _ => Self::NONE,
        }
    }

    /// The type of a value, an integral number being an integer.
    pub fn of(value: &Value) -> Self {
        match value {
            Value::Null => Self::NULL,
            Value::Bool(_) => Self::BOOLEAN,
            Value::Number(number) if is_integral(number) => Self::INTEGER,
            Value::Number(_) => Self::NUMBER,
            Value::String(_) => Self::STRING,
            Value::Array(_) => Self::ARRAY,
            Value::Object(_) => Self::OBJECT,
        }
    }

    /// Whether a value of this set's types may be `value` (an integer is a number).
    pub fn allows(self, value: &Value) -> bool {
        let kind = Self::of(value);
        self.contains(kind) || (kind == Self::INTEGER && self.contains(Self::NUMBER))
    }
}

/// Whether a number is an integer in JSON Schema's sense (`1.0` is).
pub(crate) fn is_integral(number: &Number) -> bool {
    integer(number).is_some() || number.as_f64().is_some_and(|float| float.fract() == 0.0)
}

/// What a string may be.
#[derive(Clone, Debug, Default)]
pub(crate) struct Strings {
    pub min_length: u64,
    pub max_length: Option<u64>,
    pub format: Option<String>,
    pub pattern: Option<String>,
}

/// What a number may be, as written (after normalisation).
#[derive(Clone, Debug, Default)]
pub(crate) struct Numbers {
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub exclusive_minimum: Option<f64>,
    pub exclusive_maximum: Option<f64>,
    pub multiple_of: Option<f64>,
    /// The declared integer bounds exactly (floats lose precision near `u64::MAX`).
    pub integer_minimum: Option<i128>,
    pub integer_maximum: Option<i128>,
}

/// What an array may be.
#[derive(Clone, Debug, Default)]
pub(crate) struct Arrays {
    /// `None`: any items.
    pub items: Option<Box<Node>>,
    pub min_items: u64,
    pub max_items: Option<u64>,
    pub unique: bool,
    /// `contains`, combined with `items`: what one item at least must be.
    pub contains: Option<Box<Node>>,
    /// `prefixItems`: the schemas of the first items, each at its position; `items` then
    /// applies to the items after them.
    pub prefix: Vec<Node>,
}

/// What an object may hold beside the properties it lists.
#[derive(Clone, Debug, Default)]
pub(crate) enum Additional {
    /// No `additionalProperties`: other properties are allowed, and carry no meaning the
    /// generator keeps.
    #[default]
    Unspecified,
    /// `additionalProperties: true` or `{}`: other properties of any value, kept.
    Any,
    /// `additionalProperties: false`.
    Forbidden,
    /// `additionalProperties` as a schema.
    Schema(Box<Node>),
}

/// What an object may be.
#[derive(Clone, Debug, Default)]
pub(crate) struct Objects {
    /// Listed properties, in schema order, without those the direction never carries
    /// (`readOnly` in requests, `writeOnly` in replies).
    pub properties: Vec<(String, Node)>,
    pub required: Vec<String>,
    pub additional: Additional,
    pub min_properties: u64,
    pub max_properties: Option<u64>,
    /// `propertyNames`.
    pub names: Option<Box<Node>>,
}

/// `oneOf` or `anyOf`, each alternative already combined with the keywords beside it.
#[derive(Clone, Debug)]
pub(crate) struct Choice {
    pub keyword: &'static str,
    pub alternatives: Vec<Node>,
}

/// One schema, read.
#[derive(Clone)]
pub(crate) struct Node {
    /// Pointer in the schema as written.
    pub origin: String,
    /// The normalised schema of this node (for its validator).
    pub schema: Value,
    pub types: Types,
    /// `enum`/`const`: the values allowed, those that satisfy the rest of the schema.
    pub values: Option<Vec<Value>>,
    pub strings: Strings,
    pub numbers: Numbers,
    pub arrays: Arrays,
    pub objects: Objects,
    pub choice: Option<Choice>,
    /// Checks candidate instances where generation is not exact (choices, patterns, …).
    pub filter: Option<Arc<Validator>>,
}

impl std::fmt::Debug for Node {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("Node")
            .field("origin", &self.origin)
            .field("types", &self.types)
            .finish_non_exhaustive()
    }
}

impl Node {
    /// Whether `value` is valid for this node's local filter (always, without one).
    pub fn accepts(&self, value: &Value) -> bool {
        self.filter
            .as_ref()
            .is_none_or(|validator| validator.is_valid(value))
    }

    /// The listed property `name`.
    pub fn property(&self, name: &str) -> Option<&Node> {
        self.objects
            .properties
            .iter()
            .find(|(listed, _)| listed == name)
            .map(|(_, node)| node)
    }
}

/// Keywords that constrain values and that generation does not follow: instances are filtered
/// by the validator where they appear.
const FILTERED: [&str; 9] = [
    "not",
    "if",
    "contains",
    "patternProperties",
    "dependentRequired",
    "dependentSchemas",
    "dependencies",
    "unevaluatedProperties",
    "uniqueItems",
];

/// Compiles a (normalised) schema the way every validator of this crate is compiled.
pub(crate) fn compile(schema: &Value) -> Result<Validator, String> {
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(schema)
        .map_err(|error| error.to_string())
}

/// Reads the schema tree.
pub(crate) struct Reader {
    pub direction: Direction,
    pub problems: Vec<Problem>,
}

impl Reader {
    pub fn node(&mut self, schema: &Value) -> Node {
        let object = match schema {
            Value::Object(object) => object.clone(),
            Value::Bool(true) => Map::new(),
            _ => {
                let mut never = Map::new();
                never.insert("not".to_owned(), Value::Object(Map::new()));
                never
            }
        };
        let origin = object
            .get(ORIGIN)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let mut node = Node {
            origin,
            schema: Value::Object(object.clone()),
            types: Types::ALL,
            values: None,
            strings: Strings::default(),
            numbers: Numbers::default(),
            arrays: Arrays::default(),
            objects: Objects::default(),
            choice: None,
            filter: None,
        };
        if schema == &Value::Bool(false) {
            node.types = Types::NONE;
            return node;
        }
        node.types = match object.get("type") {
            Some(value) => type_names(value)
                .iter()
                .fold(Types::NONE, |types, name| types.union(Types::named(name))),
            None => implied_type(&object).map_or(Types::ALL, Types::named),
        };
        node.strings = strings(&object);
        node.numbers = numbers(&object);
        self.arrays(&object, &mut node);
        self.objects(&object, &mut node);
        let chosen = self.choice(&object, &mut node);
        let filtered = chosen
            || FILTERED.iter().any(|key| object.contains_key(*key))
            || node.strings.pattern.is_some()
            || (node.strings.format.is_some()
                && (node.strings.min_length > 0 || node.strings.max_length.is_some()))
            || node.numbers.multiple_of.is_some()
            || node.objects.names.is_some()
            || node.objects.min_properties > 0
            || node.objects.max_properties.is_some();
        if filtered || object.contains_key("enum") || object.contains_key("const") {
            self.validate(&object, &mut node, filtered);
        }
        node
    }

    /// `oneOf`/`anyOf`: each alternative combined with the keywords beside it. Whether there is
    /// one.
    fn choice(&mut self, object: &Map<String, Value>, node: &mut Node) -> bool {
        let Some(keyword) = ["oneOf", "anyOf"]
            .into_iter()
            .find(|keyword| object.contains_key(*keyword))
        else {
            return false;
        };
        let mut base = object.clone();
        let Some(Value::Array(alternatives)) = base.remove(keyword) else {
            return false;
        };
        base.remove(ORIGIN);
        let base = Value::Object(base);
        let alternatives: Vec<Node> = alternatives
            .iter()
            .map(|alternative| self.node(&conjoin(&base, alternative)))
            .collect();
        if object.get("type").is_none() && implied_type(object).is_none() {
            node.types = alternatives.iter().fold(Types::NONE, |types, alternative| {
                types.union(alternative.types)
            });
        }
        node.choice = Some(Choice {
            keyword,
            alternatives,
        });
        true
    }

    /// The node's validator: keeps the enum values the rest of the schema allows, and becomes
    /// the node's filter when generation is not exact (`filtered`).
    fn validate(&mut self, object: &Map<String, Value>, node: &mut Node, filtered: bool) {
        let validator = match compile(&node.schema) {
            Ok(validator) => validator,
            Err(error) => {
                self.problems.push(Problem {
                    pointer: node.origin.clone(),
                    message: format!("the schema does not compile: {error}"),
                });
                return;
            }
        };
        if let Some(values) = object
            .get("enum")
            .and_then(Value::as_array)
            .cloned()
            .or_else(|| object.get("const").map(|value| vec![value.clone()]))
        {
            let mut kept: Vec<Value> = Vec::new();
            for value in values {
                if validator.is_valid(&value) && !kept.iter().any(|seen| same(seen, &value)) {
                    kept.push(value);
                }
            }
            node.types = kept
                .iter()
                .fold(Types::NONE, |types, value| types.union(Types::of(value)));
            node.values = Some(kept);
        }
        if filtered {
            node.filter = Some(Arc::new(validator));
        }
    }

    fn arrays(&mut self, object: &Map<String, Value>, node: &mut Node) {
        node.arrays = Arrays {
            items: object.get("items").map(|items| Box::new(self.node(items))),
            min_items: length(object, "minItems").unwrap_or(0),
            max_items: length(object, "maxItems"),
            unique: object.get("uniqueItems") == Some(&Value::Bool(true)),
            contains: object.get("contains").map(|contains| {
                let items = object.get("items").unwrap_or(&Value::Bool(true));
                Box::new(self.node(&conjoin(items, contains)))
            }),
            prefix: match object.get("prefixItems") {
                Some(Value::Array(prefix)) => prefix.iter().map(|item| self.node(item)).collect(),
                _ => Vec::new(),
            },
        };
    }

    fn objects(&mut self, object: &Map<String, Value>, node: &mut Node) {
        let skipped = match self.direction {
            Direction::Request => "readOnly",
            Direction::Reply => "writeOnly",
        };
        let mut properties = Vec::new();
        let mut left_out = Vec::new();
        if let Some(Value::Object(listed)) = object.get("properties") {
            for (name, schema) in listed {
                if schema.get(skipped) == Some(&Value::Bool(true)) {
                    left_out.push(name.clone());
                } else {
                    properties.push((name.clone(), self.node(schema)));
                }
            }
        }
        let required: Vec<String> = object
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .filter(|name| !left_out.iter().any(|left| left == name))
            .map(str::to_owned)
            .collect();
        let additional = match object.get("additionalProperties") {
            None => Additional::Unspecified,
            Some(Value::Bool(false)) => Additional::Forbidden,
            Some(Value::Bool(true)) => Additional::Any,
            Some(Value::Object(schema))
                if schema.keys().all(|key| key == ORIGIN || !constrains(key)) =>
            {
                Additional::Any
            }
            Some(schema) => Additional::Schema(Box::new(self.node(schema))),
        };
        // A required name that `properties` does not list still needs a value: one the
        // unlisted properties may take.
        for name in &required {
            if properties.iter().any(|(listed, _)| listed == name) {
                continue;
            }
            let mut property = match &additional {
                Additional::Schema(schema) => (**schema).clone(),
                _ => self.node(&Value::Bool(true)),
            };
            property.origin = child(&node.origin, "required");
            properties.push((name.clone(), property));
        }
        node.objects = Objects {
            properties,
            required,
            additional,
            min_properties: length(object, "minProperties").unwrap_or(0),
            max_properties: length(object, "maxProperties"),
            names: object
                .get("propertyNames")
                .map(|names| Box::new(self.node(names))),
        };
    }
}

/// The string keywords.
fn strings(object: &Map<String, Value>) -> Strings {
    Strings {
        min_length: length(object, "minLength").unwrap_or(0),
        max_length: length(object, "maxLength"),
        format: object
            .get("format")
            .and_then(Value::as_str)
            .filter(|format| integer_format(format).is_none())
            .map(str::to_owned),
        pattern: object
            .get("pattern")
            .and_then(Value::as_str)
            .map(str::to_owned),
    }
}

/// The numeric keywords.
fn numbers(object: &Map<String, Value>) -> Numbers {
    let float = |key: &str| object.get(key).and_then(Value::as_f64);
    let exact = |key: &str| {
        object.get(key).and_then(|value| match value {
            Value::Number(number) => integer(number),
            _ => None,
        })
    };
    Numbers {
        minimum: float("minimum"),
        maximum: float("maximum"),
        exclusive_minimum: float("exclusiveMinimum"),
        exclusive_maximum: float("exclusiveMaximum"),
        multiple_of: float("multipleOf").filter(|step| *step > 0.0),
        integer_minimum: exact("minimum"),
        integer_maximum: exact("maximum"),
    }
}

/// Whether a keyword can change which values are valid (as opposed to an annotation).
fn constrains(key: &str) -> bool {
    !matches!(
        key,
        "title"
            | "description"
            | "default"
            | "example"
            | "examples"
            | "deprecated"
            | "readOnly"
            | "writeOnly"
            | "discriminator"
            | "xml"
            | "externalDocs"
            | "$comment"
            | "$anchor"
            | "$recursiveAnchor"
            | "$dynamicAnchor"
            | "$id"
            | "$schema"
    ) && !key.starts_with("x-")
}

fn length(object: &Map<String, Value>, key: &str) -> Option<u64> {
    object.get(key).and_then(|value| {
        value.as_u64().or_else(|| {
            value
                .as_f64()
                .filter(|float| *float >= 0.0)
                .map(float_to_u64)
        })
    })
}

#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "a length written as a float: saturating is what is meant"
)]
fn float_to_u64(float: f64) -> u64 {
    float as u64
}

/// Two schemas together, read loosely: what a value valid against both is likely to look like.
/// Generation starts from it, and the node's validator decides. Listed properties are united
/// (each property's schemas combined), bounds tightened, types and enums intersected; where
/// two keywords cannot be combined, the first is kept.
pub(crate) fn conjoin(left: &Value, right: &Value) -> Value {
    match (left, right) {
        (Value::Bool(false), _) | (_, Value::Bool(false)) => Value::Bool(false),
        (Value::Bool(true), other) | (other, Value::Bool(true)) => other.clone(),
        (Value::Object(left), Value::Object(right)) => {
            let mut out = left.clone();
            for (key, value) in right {
                let combined = match out.get(key) {
                    None => value.clone(),
                    Some(existing) => conjoin_keyword(key, existing, value),
                };
                out.insert(key.clone(), combined);
            }
            // The alternative's place names the combination.
            if let Some(origin) = right.get(ORIGIN) {
                out.insert(ORIGIN.to_owned(), origin.clone());
            }
            Value::Object(out)
        }
        (left, _) => left.clone(),
    }
}

/// One keyword of two schemas together (see [`conjoin`]).
pub(crate) fn conjoin_keyword(key: &str, left: &Value, right: &Value) -> Value {
    let numbers = left.as_f64().zip(right.as_f64());
    match key {
        "properties" => {
            let (Value::Object(left), Value::Object(right)) = (left, right) else {
                return left.clone();
            };
            let mut out = left.clone();
            for (name, schema) in right {
                let combined = match out.get(name) {
                    Some(existing) => conjoin(existing, schema),
                    None => schema.clone(),
                };
                out.insert(name.clone(), combined);
            }
            Value::Object(out)
        }
        "required" => {
            let mut out = left.as_array().cloned().unwrap_or_default();
            for name in right.as_array().into_iter().flatten() {
                if !out.contains(name) {
                    out.push(name.clone());
                }
            }
            Value::Array(out)
        }
        "type" => intersect_types(left, right),
        "enum" => {
            let right = right.as_array().cloned().unwrap_or_default();
            Value::Array(
                left.as_array()
                    .into_iter()
                    .flatten()
                    .filter(|value| right.iter().any(|other| same(value, other)))
                    .cloned()
                    .collect(),
            )
        }
        "items" | "additionalProperties" | "propertyNames" => conjoin(left, right),
        "minimum" | "exclusiveMinimum" | "minLength" | "minItems" | "minProperties" => {
            match numbers {
                Some((a, b)) if b > a => right.clone(),
                _ => left.clone(),
            }
        }
        "maximum" | "exclusiveMaximum" | "maxLength" | "maxItems" | "maxProperties" => {
            match numbers {
                Some((a, b)) if b < a => right.clone(),
                _ => left.clone(),
            }
        }
        "uniqueItems" | "nullable" => {
            Value::Bool(left == &Value::Bool(true) || right == &Value::Bool(true))
        }
        _ => left.clone(),
    }
}

/// The place in the schema that describes the value at `pointer` of `instance`: the deepest
/// node reached by following the pointer through properties and items (into the alternative
/// of a choice that lists the next property, or that allows the value).
pub(crate) fn schema_pointer_for(node: &Node, instance: &Value, pointer: &str) -> String {
    let mut node = node;
    let mut value = instance;
    let mut at = node.origin.clone();
    let tokens: Vec<String> = pointer
        .split('/')
        .skip(1)
        .map(|token| token.replace("~1", "/").replace("~0", "~"))
        .collect();
    for token in tokens {
        if let Some(choice) = &node.choice {
            let chosen = choice.alternatives.iter().find(|alternative| {
                alternative.property(&token).is_some()
                    && alternative.types.allows(value)
                    && alternative.accepts(value)
            });
            let chosen = chosen.or_else(|| {
                choice
                    .alternatives
                    .iter()
                    .find(|alternative| alternative.property(&token).is_some())
            });
            match chosen {
                Some(alternative) => node = alternative,
                None => return at,
            }
        }
        let next = match value {
            Value::Object(map) => {
                let Some(next_value) = map.get(&token) else {
                    return child(&node.origin, &token);
                };
                value = next_value;
                match (node.property(&token), &node.objects.additional) {
                    (Some(property), _) => property,
                    (None, Additional::Schema(schema)) => schema,
                    (None, _) => return child(&child(&node.origin, "properties"), &token),
                }
            }
            Value::Array(items) => {
                let Some(next_value) = token
                    .parse::<usize>()
                    .ok()
                    .and_then(|index| items.get(index))
                else {
                    return node.origin.clone();
                };
                value = next_value;
                match &node.arrays.items {
                    Some(items) => items,
                    None => return child(&node.origin, "items"),
                }
            }
            _ => return at,
        };
        node = next;
        at.clone_from(&node.origin);
    }
    at
}

/// `float` rounded up to an integer, saturating far beyond any JSON integer.
#[allow(
    clippy::cast_possible_truncation,
    reason = "clamped to ±1e30 first, well inside i128"
)]
fn ceil_i128(float: f64) -> i128 {
    float.ceil().clamp(-1e30, 1e30) as i128
}

/// `float` rounded down to an integer, saturating far beyond any JSON integer.
#[allow(
    clippy::cast_possible_truncation,
    reason = "clamped to ±1e30 first, well inside i128"
)]
fn floor_i128(float: f64) -> i128 {
    float.floor().clamp(-1e30, 1e30) as i128
}

impl Numbers {
    /// The step of an integral `multipleOf` (1 without one, or with a fractional one, which
    /// the node's validator checks instead).
    pub fn integer_step(&self) -> i128 {
        self.multiple_of
            .filter(|step| step.fract() == 0.0 && *step >= 1.0 && *step < 1e18)
            .map_or(1, ceil_i128)
    }

    /// The lowest integer the bounds allow, if they say.
    pub fn integer_lower(&self) -> Option<i128> {
        let inclusive = self.integer_minimum.or_else(|| self.minimum.map(ceil_i128));
        let exclusive = self.exclusive_minimum.map(|bound| floor_i128(bound) + 1);
        match (inclusive, exclusive) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        }
    }

    /// The highest integer the bounds allow, if they say.
    pub fn integer_upper(&self) -> Option<i128> {
        let inclusive = self
            .integer_maximum
            .or_else(|| self.maximum.map(floor_i128));
        let exclusive = self.exclusive_maximum.map(|bound| ceil_i128(bound) - 1);
        match (inclusive, exclusive) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// The integers generation draws from: the bounds, each unbounded side ending at the end of
    /// `i64` (of `u64` above a lower bound past `i64`), both ends multiples of the step; and the
    /// step.
    pub fn integer_range(&self) -> Option<(i128, i128, i128)> {
        let step = self.integer_step();
        let low = self.integer_lower().unwrap_or(i128::from(i64::MIN));
        let high = self
            .integer_upper()
            .unwrap_or(if low > i128::from(i64::MAX) {
                i128::from(u64::MAX)
            } else {
                i128::from(i64::MAX)
            });
        let low = low.div_euclid(step) * step + if low.rem_euclid(step) == 0 { 0 } else { step };
        let high = high.div_euclid(step) * step;
        (low <= high).then_some((low, high, step))
    }

    /// The floats generation draws from (inclusive, exclusive bounds moved to the next float).
    pub fn number_range(&self) -> Option<(f64, f64)> {
        let mut low = -f64::MAX;
        let mut high = f64::MAX;
        if let Some(bound) = self.minimum {
            low = low.max(bound);
        }
        if let Some(bound) = self.exclusive_minimum {
            low = low.max(bound.next_up());
        }
        if let Some(bound) = self.maximum {
            high = high.min(bound);
        }
        if let Some(bound) = self.exclusive_maximum {
            high = high.min(bound.next_down());
        }
        (low <= high).then_some((low, high))
    }
}
