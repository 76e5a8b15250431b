//! Random valid instances: a proptest strategy built from each node.

use proptest::collection::{btree_map, vec};
use proptest::prelude::{Just, any, prop_oneof};
use proptest::sample::{select, subsequence};
use proptest::strategy::{BoxedStrategy, Strategy, Union};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::{Map, Value};

use crate::edges::format_examples;
use crate::json::{number_from_f64, number_from_i128, same};
use crate::model::{Additional, Node, Types};

/// Random strings are at most this much longer than `minLength`.
const LONGER: usize = 24;
/// Random arrays have at most this many items more than `minItems`.
const MORE_ITEMS: usize = 4;

/// A runner for one instance: deterministic for (`seed`, `index`), with its own budget of
/// rejected candidates.
pub(crate) fn runner(seed: u64, index: u64) -> TestRunner {
    let mut bytes = [0_u8; 16];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    bytes[8..].copy_from_slice(&(index ^ 0x5eed_5eed_5eed_5eed).to_le_bytes());
    let config = Config {
        max_local_rejects: 4_096,
        failure_persistence: None,
        ..Config::default()
    };
    // XorShift, not ChaCha: unoptimised (the dev profile), ChaCha costs most of the run.
    TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::XorShift, &bytes))
}

/// No value at all: every candidate is rejected.
fn never() -> BoxedStrategy<Value> {
    Just(Value::Null)
        .prop_filter("no value is allowed here", |_| false)
        .boxed()
}

fn union(parts: Vec<BoxedStrategy<Value>>) -> BoxedStrategy<Value> {
    if parts.is_empty() {
        never()
    } else {
        Union::new(parts).boxed()
    }
}

/// The strategy of valid instances of `node`.
pub(crate) fn strategy(node: &Node, unlisted_properties: bool) -> BoxedStrategy<Value> {
    let strategy = if let Some(values) = &node.values {
        if values.is_empty() {
            never()
        } else {
            select(values.clone()).boxed()
        }
    } else if let Some(choice) = &node.choice {
        union(
            choice
                .alternatives
                .iter()
                .map(|alternative| strategy(alternative, unlisted_properties))
                .collect(),
        )
    } else if node.types == Types::ALL {
        any_value()
    } else {
        union(
            Types::EACH
                .into_iter()
                .filter(|kind| node.types.contains(*kind))
                .map(|kind| typed(node, kind, unlisted_properties))
                .collect(),
        )
    };
    match &node.filter {
        Some(validator) => {
            let validator = validator.clone();
            strategy
                .prop_filter("valid against the schema", move |value| {
                    validator.is_valid(value)
                })
                .boxed()
        }
        None => strategy,
    }
}

fn typed(node: &Node, kind: Types, unlisted_properties: bool) -> BoxedStrategy<Value> {
    match kind {
        Types::NULL => Just(Value::Null).boxed(),
        Types::BOOLEAN => any::<bool>().prop_map(Value::Bool).boxed(),
        Types::INTEGER => integer(node),
        Types::NUMBER => number(node),
        Types::STRING => string(node),
        Types::ARRAY => array(node, unlisted_properties),
        Types::OBJECT => object(node, unlisted_properties),
        _ => never(),
    }
}

/// Any JSON value, small.
pub(crate) fn any_value() -> BoxedStrategy<Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-1_000_i64..1_000).prop_map(Value::from),
        (-1e6..1e6_f64).prop_map(|float| number_from_f64(float).unwrap_or(Value::Null)),
        "[a-z é]{0,8}".prop_map(Value::String),
    ];
    leaf.prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..3).prop_map(Value::Array),
            btree_map("[a-z]{1,6}", inner, 0..3)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
    .boxed()
}

fn integer(node: &Node) -> BoxedStrategy<Value> {
    let Some((low, high, step)) = node.numbers.integer_range() else {
        return never();
    };
    let (first, last) = (low / step, high / step);
    let near = 16;
    let mut parts: Vec<BoxedStrategy<i128>> = vec![
        Just(first).boxed(),
        Just(last).boxed(),
        (first..=last.min(first + near)).boxed(),
        ((last - near).max(first)..=last).boxed(),
        (first..=last).boxed(),
    ];
    if first <= 0 && 0 <= last {
        parts.push(((-near).max(first)..=near.min(last)).boxed());
    }
    Union::new(parts)
        .prop_map(move |multiple| number_from_i128(multiple * step).unwrap_or(Value::Null))
        .boxed()
}

fn number(node: &Node) -> BoxedStrategy<Value> {
    let Some((low, high)) = node.numbers.number_range() else {
        return never();
    };
    let clamp = move |float: f64| number_from_f64(float.clamp(low, high)).unwrap_or(Value::Null);
    if let Some(step) = node.numbers.multiple_of {
        let first = (low / step).ceil().max(-1e9);
        let last = (high / step).floor().min(1e9);
        if first > last {
            return never();
        }
        #[allow(
            clippy::cast_possible_truncation,
            reason = "clamped to ±1e9 above, well inside i64"
        )]
        let (first, last) = (first as i64, last as i64);
        return (first..=last)
            .prop_map(move |multiple| {
                #[allow(clippy::cast_precision_loss, reason = "|multiple| ≤ 1e9 is exact")]
                let multiple = multiple as f64;
                number_from_f64(multiple * step).unwrap_or(Value::Null)
            })
            .boxed();
    }
    let mut parts: Vec<BoxedStrategy<Value>> = vec![
        Just(number_from_f64(low).unwrap_or(Value::Null)).boxed(),
        Just(number_from_f64(high).unwrap_or(Value::Null)).boxed(),
        (-1_000.0..1_000.0_f64).prop_map(clamp).boxed(),
        (proptest::num::f64::NORMAL
            | proptest::num::f64::SUBNORMAL
            | proptest::num::f64::ZERO
            | proptest::num::f64::POSITIVE
            | proptest::num::f64::NEGATIVE)
            .prop_map(clamp)
            .boxed(),
    ];
    // Integral numbers written as integers: a number type must read them.
    let first = low.ceil().max(-1e6);
    let last = high.floor().min(1e6);
    if first <= last {
        #[allow(
            clippy::cast_possible_truncation,
            reason = "integral and within ±1e6, exact in i64"
        )]
        let (first, last) = (first as i64, last as i64);
        parts.push((first..=last).prop_map(Value::from).boxed());
    }
    if (high - low).is_finite() && low < high {
        parts.push(
            (low..=high)
                .prop_map(move |float| number_from_f64(float).unwrap_or(Value::Null))
                .boxed(),
        );
    }
    Union::new(parts).boxed()
}

/// A mix of characters: mostly plain, some that need escaping, some beyond ASCII.
fn character() -> BoxedStrategy<char> {
    prop_oneof![
        8 => proptest::char::range('a', 'z'),
        2 => proptest::char::range('A', 'Z'),
        2 => proptest::char::range('0', '9'),
        2 => select(vec![' ', '-', '_', '.', '"', '\\', '/', '\n', '\t', '\u{0}', '\u{7f}']),
        1 => select(vec!['é', 'ß', '漢', '字', '😀', '\u{2028}', '\u{feff}']),
        1 => any::<char>(),
    ]
    .boxed()
}

/// A regular expression for each string format this crate knows, giving valid values.
fn format_regex(format: &str) -> Option<&'static str> {
    Some(match format {
        "date-time" => {
            "(19[7-9][0-9]|20[0-9][0-9])-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,6})?(Z|[+-](0[0-9]|1[0-3]):[0-5][0-9])"
        }
        "date" => "(19[7-9][0-9]|20[0-9][0-9])-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])",
        "time" => {
            "([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,6})?(Z|[+-]0[0-9]:[0-5][0-9])"
        }
        "email" => {
            "[a-z0-9]{1,12}(\\.[a-z0-9]{1,8})?(\\+[a-z0-9]{1,6})?@[a-z][a-z0-9]{0,10}\\.(com|org|net|example)"
        }
        "uri" => {
            "https?://[a-z][a-z0-9]{0,10}\\.(com|org|example)(/[a-zA-Z0-9_-]{1,8}){0,3}(\\?[a-z]{1,5}=[a-z0-9]{1,5})?"
        }
        "uri-reference" => "(https://[a-z]{1,8}\\.com)?(/[a-z0-9]{1,8}){1,3}",
        "uuid" => "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        "hostname" => "[a-z]([a-z0-9-]{0,10}[a-z0-9])?(\\.[a-z]{2,6}){0,2}",
        "ipv4" => {
            "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}"
        }
        _ => return None,
    })
}

/// An ECMA-262 pattern as a regular expression proptest can generate from: unanchored (a
/// full match of the rest is a match of the whole), and with `\d`, `\w`, `\s` as ASCII classes
/// (proptest's are Unicode; JSON Schema's are not).
pub(crate) fn generable_pattern(pattern: &str) -> String {
    let pattern = pattern.strip_prefix('^').unwrap_or(pattern);
    let pattern = match pattern.strip_suffix('$') {
        Some(rest) if !rest.ends_with('\\') || rest.ends_with("\\\\") => rest,
        _ => pattern,
    };
    let mut out = String::with_capacity(pattern.len());
    let mut characters = pattern.chars();
    while let Some(character) = characters.next() {
        if character != '\\' {
            out.push(character);
            continue;
        }
        match characters.next() {
            Some('d') => out.push_str("[0-9]"),
            Some('D') => out.push_str("[^0-9]"),
            Some('w') => out.push_str("[A-Za-z0-9_]"),
            Some('W') => out.push_str("[^A-Za-z0-9_]"),
            Some('s') => out.push_str("[ \\t\\n\\r]"),
            Some('S') => out.push_str("[^ \\t\\n\\r]"),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

fn string(node: &Node) -> BoxedStrategy<Value> {
    let strings = &node.strings;
    let min = usize::try_from(strings.min_length).unwrap_or(usize::MAX);
    let max = strings
        .max_length
        .map_or(usize::MAX, |max| usize::try_from(max).unwrap_or(usize::MAX));
    if min > max {
        return never();
    }
    if let Some(pattern) = &strings.pattern
        && let Ok(strategy) = proptest::string::string_regex(&generable_pattern(pattern))
    {
        return strategy.prop_map(Value::String).boxed();
    }
    if let Some(format) = strings.format.as_deref() {
        if let Some(regex) = format_regex(format)
            && let Ok(strategy) = proptest::string::string_regex(regex)
        {
            return strategy.prop_map(Value::String).boxed();
        }
        if let Some(examples) = format_examples(format) {
            return select(examples.to_vec())
                .prop_map(|example| Value::String(example.to_owned()))
                .boxed();
        }
    }
    vec(character(), min..=max.min(min.saturating_add(LONGER)))
        .prop_map(|characters| Value::String(characters.into_iter().collect()))
        .boxed()
}

fn array(node: &Node, unlisted_properties: bool) -> BoxedStrategy<Value> {
    let arrays = &node.arrays;
    let min = usize::try_from(arrays.min_items).unwrap_or(usize::MAX);
    let max = arrays
        .max_items
        .map_or(usize::MAX, |max| usize::try_from(max).unwrap_or(usize::MAX))
        .min(min.saturating_add(MORE_ITEMS));
    if min > max {
        return never();
    }
    if !arrays.prefix.is_empty() {
        return tuple(node, min, max, unlisted_properties);
    }
    if arrays.unique
        && let Some(values) = arrays.items.as_ref().and_then(|items| items.values.clone())
    {
        // Distinct enum values: a shuffled selection.
        if values.len() < min {
            return never();
        }
        return subsequence(values.clone(), min..=max.min(values.len()))
            .prop_shuffle()
            .prop_map(Value::Array)
            .boxed();
    }
    let items = match &arrays.items {
        Some(items) => strategy(items, unlisted_properties),
        None => any_value(),
    };
    let unique = arrays.unique;
    // `contains`: one item drawn from what it asks for, after the others.
    let items = match &arrays.contains {
        Some(contains) if max >= 1 => (
            vec(items, min.saturating_sub(1)..=max - 1),
            strategy(contains, unlisted_properties),
        )
            .prop_map(|(mut items, contained)| {
                items.push(contained);
                items
            })
            .boxed(),
        Some(_) => return never(),
        None => vec(items, min..=max).boxed(),
    };
    items
        .prop_map(move |items| {
            if !unique {
                return Value::Array(items);
            }
            let mut kept: Vec<Value> = Vec::with_capacity(items.len());
            for item in items {
                if !kept.iter().any(|seen| same(seen, &item)) {
                    kept.push(item);
                }
            }
            Value::Array(kept)
        })
        .boxed()
}

/// An array with `prefixItems`: an item for each position, then items of `items` (none where
/// `items` is `false`), within `minItems`/`maxItems`.
fn tuple(node: &Node, min: usize, max: usize, unlisted_properties: bool) -> BoxedStrategy<Value> {
    let arrays = &node.arrays;
    let prefix: Vec<BoxedStrategy<Value>> = arrays
        .prefix
        .iter()
        .map(|item| strategy(item, unlisted_properties))
        .collect();
    let length = prefix.len();
    let rest_max = match &arrays.items {
        Some(items) if items.types == Types::NONE => 0,
        _ => max.saturating_sub(length).min(MORE_ITEMS),
    };
    let rest_min = min.saturating_sub(length);
    if rest_min > rest_max {
        return never();
    }
    let rest = match &arrays.items {
        Some(items) => strategy(items, unlisted_properties),
        None => any_value(),
    };
    (prefix, vec(rest, rest_min..=rest_max))
        .prop_map(move |(mut items, rest)| {
            items.extend(rest);
            Value::Array(items)
        })
        .boxed()
}

fn object(node: &Node, unlisted_properties: bool) -> BoxedStrategy<Value> {
    let objects = &node.objects;
    let properties: Vec<BoxedStrategy<Option<(String, Value)>>> = objects
        .properties
        .iter()
        .map(|(name, property)| {
            let name = name.clone();
            // A property whose schema allows no value (`false`) is always left out.
            if property.types == Types::NONE && !objects.required.contains(&name) {
                return Just(None).boxed();
            }
            let value = strategy(property, unlisted_properties);
            if objects.required.contains(&name) {
                value
                    .prop_map(move |value| Some((name.clone(), value)))
                    .boxed()
            } else {
                proptest::option::weighted(0.5, value)
                    .prop_map(move |value| value.map(|value| (name.clone(), value)))
                    .boxed()
            }
        })
        .collect();
    let names = match &objects.names {
        Some(names) => strategy(names, unlisted_properties)
            .prop_filter_map("property names are strings", |name| {
                name.as_str().map(str::to_owned)
            })
            .boxed(),
        None => "[a-z][a-z0-9_]{0,8}".boxed(),
    };
    let unlisted: BoxedStrategy<Vec<(String, Value)>> = match &objects.additional {
        Additional::Schema(schema) => {
            vec((names, strategy(schema, unlisted_properties)), 0..=2).boxed()
        }
        Additional::Any => vec((names, any_value()), 0..=2).boxed(),
        Additional::Unspecified if unlisted_properties => vec((names, any_value()), 0..=2).boxed(),
        Additional::Unspecified | Additional::Forbidden => Just(Vec::new()).boxed(),
    };
    let listed: Vec<String> = node
        .schema
        .get("properties")
        .and_then(Value::as_object)
        .map(|properties| properties.keys().cloned().collect())
        .unwrap_or_default();
    (properties, unlisted)
        .prop_map(move |(properties, unlisted)| {
            let mut map = Map::new();
            for (name, value) in properties.into_iter().flatten() {
                map.insert(name, value);
            }
            for (name, value) in unlisted {
                if !listed.contains(&name) && !map.contains_key(&name) {
                    map.insert(name, value);
                }
            }
            Value::Object(map)
        })
        .boxed()
}

#[cfg(test)]
mod tests {
    use super::generable_pattern;

    #[test]
    fn patterns_lose_their_anchors_and_unicode_classes() {
        assert_eq!(generable_pattern("^[A-Z]{3}$"), "[A-Z]{3}");
        assert_eq!(generable_pattern("^\\d+\\.\\w$"), "[0-9]+\\.[A-Za-z0-9_]");
        assert_eq!(generable_pattern("a\\$"), "a\\$");
        assert_eq!(generable_pattern("a\\\\$"), "a\\\\");
    }
}
