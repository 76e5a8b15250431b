//! Mutations of valid instances: invalid ones for requests, unknown values for replies.
//!
//! A mutation replaces the value at one place of an instance. Whether an "invalid" mutation
//! really is invalid is for the validator to say: the caller keeps only those it rejects.

use serde_json::{Map, Value, json};

use crate::Invalid;
use crate::json::{child, number_from_f64, number_from_i128, same};
use crate::model::{Additional, Node, Types, compile};
use crate::normalise::as_written;

/// What a mutation tries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Kind {
    /// A value the schema rejects, of this kind.
    Invalid(Invalid),
    /// A string-enum value the schema does not list.
    UnknownEnumValue,
    /// A property the object does not list.
    UnknownProperty,
}

/// One mutation of one instance.
#[derive(Clone, Debug)]
pub(crate) struct Mutation {
    pub kind: Kind,
    /// Pointer in the schema as written of the keyword broken (or of the node).
    pub schema: String,
    /// Pointer in the instance of the value replaced (of the property, for properties).
    pub at: String,
    /// What was done.
    pub what: String,
    /// Where to put `value`, and what.
    pub replace_at: String,
    pub value: Value,
}

impl Mutation {
    /// The instance with this mutation applied.
    pub fn apply(&self, instance: &Value) -> Value {
        let mut mutated = instance.clone();
        if let Some(target) = mutated.pointer_mut(&self.replace_at) {
            *target = self.value.clone();
        }
        mutated
    }

    /// Identifies a mutation across instances: the same thing done at the same place of the
    /// schema is tried once.
    pub fn key(&self) -> (Kind, String, String) {
        (self.kind, self.schema.clone(), self.what.clone())
    }
}

/// Where a visited value is.
#[derive(Clone, Copy)]
struct Place<'place> {
    /// Its instance pointer.
    at: &'place str,
    /// Whether it is the value of an optional property.
    optional: bool,
}

/// Calls `visit` with every node and the value it describes, down the instance.
fn walk<'node>(
    node: &'node Node,
    value: &Value,
    place: Place<'_>,
    visit: &mut dyn FnMut(&'node Node, &Value, Place<'_>),
) {
    visit(node, value, place);
    if let Some(choice) = &node.choice {
        for alternative in &choice.alternatives {
            if alternative.types.allows(value) {
                walk(alternative, value, place, visit);
            }
        }
        return;
    }
    match value {
        Value::Object(map) => {
            for (name, item) in map {
                let at = child(place.at, name);
                let here = Place {
                    at: &at,
                    optional: !node.objects.required.contains(name),
                };
                if let Some(property) = node.property(name) {
                    walk(property, item, here, visit);
                } else if let Additional::Schema(schema) = &node.objects.additional {
                    walk(schema, item, here, visit);
                }
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate().take(3) {
                // A position `prefixItems` names has its own schema; the rest follow `items`.
                let Some(schema) = node
                    .arrays
                    .prefix
                    .get(index)
                    .or(node.arrays.items.as_deref())
                else {
                    continue;
                };
                let at = child(place.at, index);
                let here = Place {
                    at: &at,
                    optional: false,
                };
                walk(schema, item, here, visit);
            }
        }
        _ => {}
    }
}

const ROOT: Place<'static> = Place {
    at: "",
    optional: false,
};

/// Every mutation of `instance` of the given kinds that might make it invalid.
pub(crate) fn invalid(root: &Node, instance: &Value, kinds: &[Invalid], out: &mut Vec<Mutation>) {
    walk(root, instance, ROOT, &mut |node, value, place| {
        for kind in kinds {
            local_invalid(node, value, place, *kind, out);
        }
    });
}

/// Every lenient-reading mutation of `instance`: unknown string-enum values, unknown
/// properties.
pub(crate) fn lenient(root: &Node, instance: &Value, out: &mut Vec<Mutation>) {
    walk(root, instance, ROOT, &mut |node, value, place| {
        let at = place.at;
        let string_enum = node
            .values
            .as_ref()
            .is_some_and(|values| !values.is_empty() && values.iter().all(Value::is_string));
        if string_enum && value.is_string() {
            out.push(Mutation {
                kind: Kind::UnknownEnumValue,
                schema: child(&node.origin, "enum"),
                at: at.to_owned(),
                what: "a string the enum does not list".to_owned(),
                replace_at: at.to_owned(),
                value: json!("a-value-this-schema-does-not-list"),
            });
        }
        if let Value::Object(map) = value
            && matches!(
                node.objects.additional,
                Additional::Forbidden | Additional::Unspecified
            )
            && node.choice.is_none()
        {
            let name = unlisted_name(node, map);
            let mut mutated = map.clone();
            mutated.insert(name.clone(), json!({"added": ["by", "a newer server", 1]}));
            out.push(Mutation {
                kind: Kind::UnknownProperty,
                schema: node.origin.clone(),
                at: child(at, &name),
                what: format!("a property the schema does not list (`{name}`)"),
                replace_at: at.to_owned(),
                value: Value::Object(mutated),
            });
        }
    });
}

fn unlisted_name(node: &Node, map: &Map<String, Value>) -> String {
    [
        "property_not_in_the_schema",
        "another_property_not_in_the_schema",
    ]
    .into_iter()
    .find(|name| node.property(name).is_none() && !map.contains_key(*name))
    .unwrap_or("yet_another_property_not_in_the_schema")
    .to_owned()
}

/// A value of the single type `kind`.
fn sample(kind: Types) -> Value {
    match kind {
        Types::NULL => Value::Null,
        Types::BOOLEAN => json!(true),
        Types::INTEGER => json!(7),
        Types::NUMBER => json!(2.5),
        Types::STRING => json!("text"),
        Types::ARRAY => json!([]),
        _ => json!({}),
    }
}

fn keyword(node: &Node, name: &str) -> String {
    if node.schema.get(name).is_some() {
        child(&node.origin, as_written(&node.schema, name))
    } else {
        node.origin.clone()
    }
}

#[allow(
    clippy::too_many_lines,
    reason = "one arm per kind of mutation reads best side by side"
)]
fn local_invalid(
    node: &Node,
    value: &Value,
    place: Place<'_>,
    kind: Invalid,
    out: &mut Vec<Mutation>,
) {
    let at = place.at;
    let mut push = |schema: String, what: String, replacement: Value| {
        out.push(Mutation {
            kind: Kind::Invalid(kind),
            schema,
            at: at.to_owned(),
            what,
            replace_at: at.to_owned(),
            value: replacement,
        });
    };
    match kind {
        Invalid::WrongType => {
            for other in Types::EACH {
                let allowed = node.types.contains(other)
                    || (other == Types::INTEGER && node.types.contains(Types::NUMBER));
                // `null` for an optional property is a kind of its own.
                if !(allowed || other == Types::NULL && place.optional) {
                    let replacement = sample(other);
                    push(
                        keyword(node, "type"),
                        format!("{replacement} where the type does not allow it"),
                        replacement,
                    );
                }
            }
        }
        Invalid::NullForOptional => {
            if place.optional && !node.types.contains(Types::NULL) {
                push(
                    keyword(node, "type"),
                    "null for an optional property that is not nullable".to_owned(),
                    Value::Null,
                );
            }
        }
        Invalid::NotInEnum => {
            let Some(values) = &node.values else {
                return;
            };
            let candidates = [
                json!("a-value-this-schema-does-not-list"),
                json!(0),
                json!(987_654_321),
                json!(0.5),
                json!(true),
                json!(false),
            ];
            for candidate in candidates {
                if node.types.allows(&candidate)
                    && !values.iter().any(|listed| same(listed, &candidate))
                {
                    let name = if node.schema.get("const").is_some() {
                        "const"
                    } else {
                        "enum"
                    };
                    push(
                        keyword(node, name),
                        format!("{candidate}, which the {name} does not list"),
                        candidate,
                    );
                }
            }
        }
        Invalid::OutOfRange => {
            let Value::Number(_) = value else {
                return;
            };
            let numbers = &node.numbers;
            let integers = !node.types.contains(Types::NUMBER);
            if integers {
                if let Some(lower) = numbers.integer_lower()
                    && let Some(below) = number_from_i128(lower - 1)
                {
                    let name = if numbers.exclusive_minimum.is_some() && numbers.minimum.is_none() {
                        "exclusiveMinimum"
                    } else {
                        "minimum"
                    };
                    push(
                        keyword(node, name),
                        format!("{below}, below the lowest integer allowed"),
                        below,
                    );
                }
                if let Some(upper) = numbers.integer_upper()
                    && let Some(above) = number_from_i128(upper + 1)
                {
                    let name = if numbers.exclusive_maximum.is_some() && numbers.maximum.is_none() {
                        "exclusiveMaximum"
                    } else {
                        "maximum"
                    };
                    push(
                        keyword(node, name),
                        format!("{above}, above the highest integer allowed"),
                        above,
                    );
                }
            } else {
                for (name, bound, offset) in [
                    ("minimum", numbers.minimum, -1.0),
                    ("exclusiveMinimum", numbers.exclusive_minimum, 0.0),
                    ("maximum", numbers.maximum, 1.0),
                    ("exclusiveMaximum", numbers.exclusive_maximum, 0.0),
                ] {
                    if let Some(bound) = bound
                        && let Some(outside) = number_from_f64(bound + offset)
                    {
                        push(
                            keyword(node, name),
                            format!("{outside}, outside {name} {bound}"),
                            outside,
                        );
                    }
                }
            }
        }
        Invalid::Length => {
            let Value::String(text) = value else {
                return;
            };
            let strings = &node.strings;
            if strings.min_length > 0 {
                let shorter: String = text
                    .chars()
                    .take(usize::try_from(strings.min_length - 1).unwrap_or(usize::MAX))
                    .collect();
                push(
                    keyword(node, "minLength"),
                    format!(
                        "{} characters, below minLength {}",
                        strings.min_length - 1,
                        strings.min_length
                    ),
                    Value::String(shorter),
                );
            }
            if let Some(max) = strings.max_length
                && max < 100_000
            {
                let mut longer: String = text.clone();
                let wanted = usize::try_from(max + 1).unwrap_or(usize::MAX);
                while longer.chars().count() < wanted {
                    longer.push('x');
                }
                let longer: String = longer.chars().take(wanted).collect();
                push(
                    keyword(node, "maxLength"),
                    format!("{} characters, above maxLength {max}", max + 1),
                    Value::String(longer),
                );
            }
        }
        Invalid::ItemCount => {
            let Value::Array(items) = value else {
                return;
            };
            let arrays = &node.arrays;
            if arrays.min_items > 0 {
                let fewer: Vec<Value> = items
                    .iter()
                    .take(usize::try_from(arrays.min_items - 1).unwrap_or(usize::MAX))
                    .cloned()
                    .collect();
                push(
                    keyword(node, "minItems"),
                    format!(
                        "{} items, below minItems {}",
                        arrays.min_items - 1,
                        arrays.min_items
                    ),
                    Value::Array(fewer),
                );
            }
            if let Some(max) = arrays.max_items
                && max < 1_000
                && let Some(first) = items.first()
            {
                let mut more = items.clone();
                while (more.len() as u64) <= max {
                    more.push(first.clone());
                }
                push(
                    keyword(node, "maxItems"),
                    format!("{} items, above maxItems {max}", max + 1),
                    Value::Array(more),
                );
            }
        }
        Invalid::UniqueItems => {
            let Value::Array(items) = value else {
                return;
            };
            if node.arrays.unique
                && let Some(first) = items.first()
            {
                let mut repeated = items.clone();
                repeated.push(first.clone());
                push(
                    keyword(node, "uniqueItems"),
                    "an item repeated".to_owned(),
                    Value::Array(repeated),
                );
            }
        }
        Invalid::MultipleOf => {
            if let (Some(step), Some(number)) = (node.numbers.multiple_of, value.as_f64())
                && let Some(off) = number_from_f64(number + step / 2.0)
            {
                push(
                    keyword(node, "multipleOf"),
                    format!("{off}, not a multiple of {step}"),
                    off,
                );
            }
        }
        Invalid::Pattern => {
            if value.is_string() && node.strings.pattern.is_some() {
                for candidate in ["", "~", " ", "0", "A", "not matching: ~!@#"] {
                    push(
                        keyword(node, "pattern"),
                        format!("{candidate:?}, which may not match the pattern"),
                        json!(candidate),
                    );
                }
            }
        }
        Invalid::Format => {
            if value.is_string()
                && let Some(format) = node.strings.format.as_deref()
                && crate::edges::format_examples(format).is_some()
            {
                push(
                    keyword(node, "format"),
                    format!("a string that is not a {format}"),
                    json!(format!("not a {format}")),
                );
            }
        }
        Invalid::MissingRequired => {
            let Value::Object(map) = value else {
                return;
            };
            for name in &node.objects.required {
                if map.contains_key(name) {
                    let mut fewer = map.clone();
                    fewer.remove(name);
                    out.push(Mutation {
                        kind: Kind::Invalid(kind),
                        schema: keyword(node, "required"),
                        at: child(at, name),
                        what: format!("required property `{name}` left out"),
                        replace_at: at.to_owned(),
                        value: Value::Object(fewer),
                    });
                }
            }
        }
        Invalid::UnknownProperty => {
            let Value::Object(map) = value else {
                return;
            };
            if matches!(node.objects.additional, Additional::Forbidden) {
                let name = unlisted_name(node, map);
                let mut more = map.clone();
                more.insert(name.clone(), json!("unexpected"));
                out.push(Mutation {
                    kind: Kind::Invalid(kind),
                    schema: keyword(node, "additionalProperties"),
                    at: child(at, &name),
                    what: format!("a property the schema does not list (`{name}`)"),
                    replace_at: at.to_owned(),
                    value: Value::Object(more),
                });
            }
        }
        Invalid::SeveralForms => several_forms(node, value, &mut push),
        Invalid::PropertyCount => {
            let Value::Object(map) = value else {
                return;
            };
            let objects = &node.objects;
            if objects.min_properties > 0 {
                let fewer: Map<String, Value> = map
                    .iter()
                    .take(usize::try_from(objects.min_properties - 1).unwrap_or(usize::MAX))
                    .map(|(name, item)| (name.clone(), item.clone()))
                    .collect();
                push(
                    keyword(node, "minProperties"),
                    format!("fewer than minProperties {}", objects.min_properties),
                    Value::Object(fewer),
                );
            }
            if let Some(max) = objects.max_properties
                && max < 1_000
            {
                let mut more = map.clone();
                let mut index = 0;
                while (more.len() as u64) <= max {
                    more.insert(format!("extra_{index}"), json!(index));
                    index += 1;
                }
                push(
                    keyword(node, "maxProperties"),
                    format!("more than maxProperties {max}"),
                    Value::Object(more),
                );
            }
        }
    }
}

/// Values that two alternatives of a `oneOf` node accept, made from `value` (which one of them
/// accepts): an object given the other's required properties too, an integer where one
/// alternative takes numbers and another integers.
fn several_forms(node: &Node, value: &Value, push: &mut impl FnMut(String, String, Value)) {
    let Some(choice) = node
        .choice
        .as_ref()
        .filter(|choice| choice.keyword == "oneOf")
    else {
        return;
    };
    let validators: Vec<_> = choice
        .alternatives
        .iter()
        .map(|alternative| compile(&alternative.schema).ok())
        .collect();
    let fits = |index: usize, candidate: &Value| {
        validators[index]
            .as_ref()
            .is_some_and(|validator| validator.is_valid(candidate))
    };
    for (index, alternative) in choice.alternatives.iter().enumerate() {
        let mut candidates = vec![json!(7)];
        if let Value::Object(map) = value {
            let mut merged = map.clone();
            for name in &alternative.objects.required {
                if merged.contains_key(name) {
                    continue;
                }
                let filler = alternative
                    .property(name)
                    .map_or(json!("text"), |property| {
                        property
                            .values
                            .as_ref()
                            .and_then(|values| values.first().cloned())
                            .unwrap_or_else(|| {
                                Types::EACH
                                    .into_iter()
                                    .find(|kind| property.types.contains(*kind))
                                    .map_or(json!("text"), sample)
                            })
                    });
                merged.insert(name.clone(), filler);
            }
            candidates.push(Value::Object(merged));
        }
        for candidate in candidates {
            let Some(other) = (0..choice.alternatives.len())
                .find(|other| *other != index && fits(*other, &candidate))
            else {
                continue;
            };
            if fits(index, &candidate) {
                push(
                    keyword(node, "oneOf"),
                    format!("{candidate}, which alternatives {other} and {index} both accept"),
                    candidate,
                );
            }
        }
    }
}
