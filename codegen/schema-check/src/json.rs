//! JSON helpers: pointers, equality that ignores what carries no meaning, short renderings.

use serde_json::{Number, Value};

/// `pointer` extended by one reference token, escaped as RFC 6901 says.
pub(crate) fn child(pointer: &str, token: impl std::fmt::Display) -> String {
    let token = token.to_string().replace('~', "~0").replace('/', "~1");
    format!("{pointer}/{token}")
}

/// Whether two JSON values mean the same: object keys in any order, numbers by value (`1` and
/// `1.0` are one number).
pub(crate) fn same(left: &Value, right: &Value) -> bool {
    first_difference(left, right).is_none()
}

/// The pointer (relative to both values) of the first place where `left` and `right` differ in
/// meaning, if they do. Object keys are visited in sorted order, so the answer is deterministic.
pub(crate) fn first_difference(left: &Value, right: &Value) -> Option<String> {
    difference_at(left, right, "")
}

fn difference_at(left: &Value, right: &Value, at: &str) -> Option<String> {
    match (left, right) {
        (Value::Object(left), Value::Object(right)) => {
            let mut keys: Vec<&String> = left.keys().chain(right.keys()).collect();
            keys.sort();
            keys.dedup();
            keys.into_iter().find_map(|key| {
                let here = child(at, key);
                match (left.get(key), right.get(key)) {
                    (Some(left), Some(right)) => difference_at(left, right, &here),
                    _ => Some(here),
                }
            })
        }
        (Value::Array(left), Value::Array(right)) => {
            let found = left
                .iter()
                .zip(right)
                .enumerate()
                .find_map(|(index, (left, right))| difference_at(left, right, &child(at, index)));
            match found {
                Some(found) => Some(found),
                None if left.len() != right.len() => Some(child(at, left.len().min(right.len()))),
                None => None,
            }
        }
        (Value::Number(left), Value::Number(right)) => {
            (!same_number(left, right)).then(|| at.to_owned())
        }
        _ => (left != right).then(|| at.to_owned()),
    }
}

/// Whether two JSON numbers have the same value, exactly (no rounding through `f64` when both
/// are integers, or when an integer meets an integral float).
pub(crate) fn same_number(left: &Number, right: &Number) -> bool {
    match (integer(left), integer(right)) {
        (Some(left), Some(right)) => left == right,
        (Some(whole), None) => float_equals_integer(right, whole),
        (None, Some(whole)) => float_equals_integer(left, whole),
        (None, None) => left.as_f64() == right.as_f64(),
    }
}

/// The value of a number held as an integer (not as a float).
pub(crate) fn integer(number: &Number) -> Option<i128> {
    number
        .as_i64()
        .map(i128::from)
        .or_else(|| number.as_u64().map(i128::from))
}

fn float_equals_integer(float: &Number, whole: i128) -> bool {
    let Some(float) = float.as_f64() else {
        return false;
    };
    // Every i128 the JSON numbers here can hold (|n| < 2^64) is well inside f64's range, and an
    // integral float below 2^64 in magnitude converts to i128 exactly.
    #[allow(
        clippy::cast_possible_truncation,
        reason = "checked integral and below 2^64 in magnitude first"
    )]
    let exact = float.fract() == 0.0 && float.abs() < 18_446_744_073_709_551_616.0;
    #[allow(
        clippy::cast_possible_truncation,
        reason = "checked integral and below 2^64 in magnitude first"
    )]
    let converted = float as i128;
    exact && converted == whole
}

/// The JSON number for an integer, if JSON numbers (without arbitrary precision) can hold it.
pub(crate) fn number_from_i128(value: i128) -> Option<Value> {
    if let Ok(small) = i64::try_from(value) {
        Some(Value::from(small))
    } else {
        u64::try_from(value).ok().map(Value::from)
    }
}

/// The JSON number for a float; `None` for NaN and infinities, which JSON cannot hold.
pub(crate) fn number_from_f64(value: f64) -> Option<Value> {
    Number::from_f64(value).map(Value::Number)
}

/// Compact JSON, cut after `limit` characters with a note of how much was left out.
pub(crate) fn brief(value: &Value, limit: usize) -> String {
    let text = value.to_string();
    let length = text.chars().count();
    if length <= limit {
        return text;
    }
    let kept: String = text.chars().take(limit).collect();
    format!("{kept}… ({} more characters)", length - limit)
}

/// A stable 64-bit hash (FNV-1a) of `text`, for seeds that do not change between Rust versions.
pub(crate) fn stable_hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn key_order_and_number_spelling_do_not_matter() {
        assert!(same(
            &json!({"a": 1, "b": [1.0, {"c": 2}]}),
            &json!({"b": [1, {"c": 2.0}], "a": 1.0})
        ));
        assert!(same(&json!(u64::MAX), &json!(u64::MAX)));
        assert!(same(&json!(-0.0), &json!(0)));
    }

    #[test]
    fn the_first_difference_is_located() {
        assert_eq!(
            first_difference(&json!({"a": {"b": [1, 2]}}), &json!({"a": {"b": [1, 3]}})),
            Some("/a/b/1".to_owned())
        );
        assert_eq!(
            first_difference(&json!({"a": 1, "b~/": 2}), &json!({"a": 1})),
            Some("/b~0~1".to_owned())
        );
        assert_eq!(
            first_difference(&json!([1]), &json!([1, 2])),
            Some("/1".to_owned())
        );
        assert_eq!(
            first_difference(&json!("1"), &json!(1)),
            Some(String::new())
        );
    }

    #[test]
    fn integers_are_compared_exactly() {
        // 2^53 + 1 is not an f64: comparing through f64 would call these equal.
        assert!(!same(
            &json!(9_007_199_254_740_993_i64),
            &json!(9_007_199_254_740_992.0)
        ));
        assert!(!same(&json!(u64::MAX), &json!(i64::MAX)));
        assert!(!same(&json!(1.5), &json!(1)));
        assert!(same(&json!(1e3), &json!(1000)));
    }

    #[test]
    fn long_values_are_cut() {
        let text = brief(&json!("abcdefghij"), 5);
        assert_eq!(text, "\"abcd… (7 more characters)");
    }
}
