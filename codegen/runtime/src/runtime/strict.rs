//! Decoding of request types, which must accept exactly what the spec allows: the values a
//! request carries are checked when they are built, and values decoded into a request type (a
//! request read from JSON, a dynamic call) are checked the same way. Reply types stay lenient.
//!
//! A type met in requests and in replies is read leniently, as replies are, except when a value
//! is decoded as a request's through [`decode_request`] (as [`Client::call`] does): then it
//! refuses what a type met in requests only refuses. Decoding is synchronous, so a flag of the
//! decoding thread says which of the two is under way.
//!
//! [`Client::call`]: super::Client::call

use std::cell::Cell;

use serde::de::DeserializeOwned;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer};

thread_local! {
    /// Whether this thread is decoding a request's value ([`decode_request`]).
    static AS_REQUEST: Cell<bool> = const { Cell::new(false) };
}

/// Whether the value being decoded is a request's, decoded through [`decode_request`]: types
/// also met in replies then apply every rule of the spec.
#[allow(
    dead_code,
    reason = "called by generated types; not every API has types met on both sides"
)]
pub(crate) fn as_request() -> bool {
    AS_REQUEST.get()
}

/// Decodes `value` as a request's value: every type in it refuses what the spec does, those also
/// met in replies included. The error says where, below `value`, decoding stopped.
pub(crate) fn decode_request<T: DeserializeOwned>(
    value: serde_json::Value,
) -> Result<T, serde_path_to_error::Error<serde_json::Error>> {
    /// Puts the flag back as it was, even if decoding panics.
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            AS_REQUEST.set(self.0);
        }
    }
    let _restore = Restore(AS_REQUEST.replace(true));
    serde_path_to_error::deserialize(value)
}

/// How an error found below a strictly decoded object says where: `at `path`: message`.
const AT: &str = "at `";
const AT_END: &str = "`: ";

/// Decodes the properties of a strictly decoded object (already checked against its
/// [`ObjectRules`]) with the type's derived code, `decode`; an error found below the object
/// starts with where (`at `items[0].name`: …`), which [`located`] reads back.
#[allow(
    dead_code,
    reason = "used by generated request types; not every API has them"
)]
pub(crate) fn fields<T, E: serde::de::Error>(
    object: serde_json::Map<String, serde_json::Value>,
    decode: impl FnOnce(
        serde_path_to_error::Deserializer<'_, '_, serde_json::Value>,
    ) -> Result<T, serde_json::Error>,
) -> Result<T, E> {
    let mut track = serde_path_to_error::Track::new();
    let decoded = decode(serde_path_to_error::Deserializer::new(
        serde_json::Value::Object(object),
        &mut track,
    ));
    decoded.map_err(|error| {
        let path = track.path().to_string();
        let message = error.to_string();
        if path == "." {
            return E::custom(message);
        }
        // An object inside this one has said where below itself: one path from here.
        match message
            .strip_prefix(AT)
            .and_then(|rest| rest.split_once(AT_END))
        {
            Some((below, rest)) => E::custom(format!("{AT}{}{AT_END}{rest}", join(&path, below))),
            None => E::custom(format!("{AT}{path}{AT_END}{message}")),
        }
    })
}

/// The place and message of an error [`fields`] located: the path below the value decoded and
/// what was wrong there; `None` when the message does not say where.
pub(crate) fn located(message: &str) -> Option<(&str, &str)> {
    message.strip_prefix(AT)?.split_once(AT_END)
}

/// `below` read from the place `path`: `a` and `b` make `a.b`, `a` and `[0]` make `a[0]`.
pub(crate) fn join(path: &str, below: &str) -> String {
    // serde_path_to_error writes the place of the value itself as `.`.
    let (path, below) = (
        if path == "." { "" } else { path },
        if below == "." { "" } else { below },
    );
    match (path, below) {
        ("", below) => below.to_owned(),
        (path, "") => path.to_owned(),
        (path, below) if below.starts_with('[') => format!("{path}{below}"),
        (path, below) => format!("{path}.{below}"),
    }
}

/// A present optional field is `Some` of what it holds; `null` is refused unless the field's
/// type accepts it (any JSON value does). An absent field is `None` through `#[serde(default)]`.
#[allow(
    dead_code,
    reason = "called by generated types; not every API has optional request fields"
)]
#[allow(
    clippy::unnecessary_wraps,
    reason = "serde's `deserialize_with` expects the field's own type"
)]
pub(crate) fn present<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    T::deserialize(deserializer).map(Some)
}

/// A required nullable field: `null` is `None`. Given as `deserialize_with`, it makes serde
/// refuse the field's absence, which it otherwise reads as `None` for any `Option`.
#[allow(
    dead_code,
    reason = "called by generated types; not every API has required nullable request fields"
)]
pub(crate) fn nullable<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    Option::<T>::deserialize(deserializer)
}

/// What a request object may hold besides its types' own checks.
#[allow(
    dead_code,
    reason = "used by generated request types; not every API has them"
)]
pub(crate) struct ObjectRules {
    /// The type's name, for messages.
    pub(crate) type_name: &'static str,
    /// The properties it lists, when it allows no others (`additionalProperties: false`).
    pub(crate) only: Option<&'static [&'static str]>,
    /// Sets of properties of which it carries one in full; empty for no such rule.
    pub(crate) one_of_sets: &'static [&'static [&'static str]],
    /// Whether it carries exactly one of [`Self::one_of_sets`] in full (`oneOf`), not at least
    /// one (`anyOf`).
    pub(crate) one_set_only: bool,
    /// Bounded integers.
    pub(crate) ranges: &'static [IntegerBounds],
    /// Bounded numbers.
    pub(crate) number_ranges: &'static [NumberBounds],
    /// Integers that may only hold the values listed (`enum` of integers).
    pub(crate) listed: &'static [ListedIntegers],
    /// List properties with bounds on their number of items: name, `minItems`, `maxItems`.
    pub(crate) counts: &'static [(&'static str, Option<u64>, Option<u64>)],
    /// Required properties whose type takes `null`, which must still be present. (A type met in
    /// requests only has serde ask for them; one also met in replies reads their absence as
    /// `null`, except as a request's value.)
    pub(crate) present: &'static [&'static str],
    /// Optional properties whose type does not take `null`. (A type met in requests only refuses
    /// `null` in the field's own decoding; one also met in replies reads it as absent, except as
    /// a request's value.)
    pub(crate) not_null: &'static [&'static str],
}

/// A bound of a number, and whether it is exclusive (`exclusiveMinimum`, `exclusiveMaximum`).
pub(crate) type NumberBound = (f64, bool);

/// Bounded integers of a property: its name, the steps from its value to them (none for the
/// value itself), least and greatest value allowed.
pub(crate) type IntegerBounds = (&'static str, &'static [Step], Option<i128>, Option<i128>);

/// Bounded numbers of a property: its name, the steps from its value to them, least and
/// greatest value allowed, each with whether it is exclusive.
pub(crate) type NumberBounds = (
    &'static str,
    &'static [Step],
    Option<NumberBound>,
    Option<NumberBound>,
);

/// Integers of a property that may only hold the values listed (`enum` of integers): its
/// name, the steps from its value to them, the values.
pub(crate) type ListedIntegers = (&'static str, &'static [Step], &'static [i128]);

/// One step from a property's value to the scalars a rule of [`ObjectRules`] applies to.
#[allow(
    dead_code,
    reason = "named by generated request types; not every API has every shape"
)]
#[derive(Clone, Copy, Debug)]
pub(crate) enum Step {
    /// The value, unless it is `null`.
    NotNull,
    /// Each item of a list.
    Item,
    /// Each value of a map.
    Value,
    /// The item at this position of a tuple.
    Position(usize),
}

/// Calls `check` on each value that `steps` lead to from `value`, with its place below
/// `value` (`[2]`, `.key`; empty for `value` itself). A value of another shape than the steps
/// expect leads nowhere: the field's own decoding refuses it.
fn each_at<E>(
    value: &serde_json::Value,
    steps: &[Step],
    place: &mut String,
    check: &mut dyn FnMut(&serde_json::Value, &str) -> Result<(), E>,
) -> Result<(), E> {
    let Some((step, rest)) = steps.split_first() else {
        return check(value, place);
    };
    let mut below = |value: &serde_json::Value, name: &str, place: &mut String| {
        let length = place.len();
        place.push_str(name);
        let checked = each_at(value, rest, place, check);
        place.truncate(length);
        checked
    };
    match (step, value) {
        (Step::NotNull, serde_json::Value::Null) => Ok(()),
        (Step::NotNull, value) => below(value, "", place),
        (Step::Item, serde_json::Value::Array(items)) => {
            for (index, item) in items.iter().enumerate() {
                below(item, &format!("[{index}]"), place)?;
            }
            Ok(())
        }
        (Step::Value, serde_json::Value::Object(values)) => {
            for (key, value) in values {
                below(value, &format!(".{key}"), place)?;
            }
            Ok(())
        }
        (Step::Position(index), serde_json::Value::Array(items)) => match items.get(*index) {
            Some(item) => below(item, &format!("[{index}]"), place),
            None => Ok(()),
        },
        _ => Ok(()),
    }
}

/// A JSON integer as an `i128`, which holds every Rust integer.
fn integer(value: &serde_json::Value) -> Option<i128> {
    value
        .as_i64()
        .map(i128::from)
        .or_else(|| value.as_u64().map(i128::from))
}

/// Reads a request object: a JSON object (an array is refused, though serde would read one
/// positionally), without properties the spec does not allow, carrying one of its required
/// sets. The object is then decoded by the type's derived implementation.
#[allow(
    dead_code,
    reason = "used by generated request types; not every API has them"
)]
pub(crate) fn object<'de, D: Deserializer<'de>>(
    deserializer: D,
    rules: &ObjectRules,
) -> Result<serde_json::Map<String, serde_json::Value>, D::Error> {
    let object = serde_json::Map::<String, serde_json::Value>::deserialize(deserializer)?;
    if let Some(only) = rules.only
        && let Some(unknown) = object.keys().find(|key| !only.contains(&key.as_str()))
    {
        return Err(D::Error::custom(format!(
            "{} does not allow the property `{unknown}`",
            rules.type_name
        )));
    }
    if !rules.one_of_sets.is_empty() {
        let carried = rules
            .one_of_sets
            .iter()
            .filter(|set| set.iter().all(|name| object.contains_key(*name)))
            .count();
        if carried == 0 || (rules.one_set_only && carried > 1) {
            return Err(D::Error::custom(missing_sets(rules)));
        }
    }
    let mut place = String::new();
    for (name, steps, min, max) in rules.ranges {
        if let Some(value) = object.get(*name) {
            each_at(value, steps, &mut place, &mut |value, place| {
                let Some(value) = integer(value) else {
                    return Ok(());
                };
                super::check_range(name, value, *min, *max)
                    .map_err(|problem| D::Error::custom(problem.at(place)))
            })?;
        }
    }
    for (name, steps, min, max) in rules.number_ranges {
        if let Some(value) = object.get(*name) {
            each_at(value, steps, &mut place, &mut |value, place| {
                let Some(value) = value.as_f64() else {
                    return Ok(());
                };
                super::check_number_range(name, value, *min, *max)
                    .map_err(|problem| D::Error::custom(problem.at(place)))
            })?;
        }
    }
    for (name, min, max) in rules.counts {
        if let Some(items) = object.get(*name).and_then(serde_json::Value::as_array) {
            super::check_count(name, items.len(), *min, *max).map_err(D::Error::custom)?;
        }
    }
    if let Some(missing) = rules
        .present
        .iter()
        .find(|name| !object.contains_key(**name))
    {
        return Err(D::Error::missing_field(missing));
    }
    if let Some(null) = rules
        .not_null
        .iter()
        .find(|name| object.get(**name).is_some_and(serde_json::Value::is_null))
    {
        return Err(D::Error::custom(format!(
            "`{null}` may be left out but not be `null`"
        )));
    }
    for (name, steps, listed) in rules.listed {
        if let Some(value) = object.get(*name) {
            each_at(value, steps, &mut place, &mut |value, place| {
                if value.is_null() || integer(value).is_some_and(|value| listed.contains(&value)) {
                    return Ok(());
                }
                Err(D::Error::custom(format!(
                    "{value} is not one of the values the spec lists for `{name}{place}`"
                )))
            })?;
        }
    }
    Ok(object)
}

/// The message for an object that carries none of its required sets.
#[allow(
    dead_code,
    reason = "used by generated request types; not every API has them"
)]
pub(crate) fn missing_sets(rules: &ObjectRules) -> String {
    let sets: Vec<String> = rules
        .one_of_sets
        .iter()
        .map(|set| set.join(" and "))
        .collect();
    let how_many = if rules.one_set_only {
        "exactly one"
    } else {
        "one"
    };
    format!(
        "{} must carry {how_many} of these sets of properties: {}",
        rules.type_name,
        sets.join("; ")
    )
}

/// One form of a choice: its name, for messages, and how a value is decoded as that form.
pub(crate) type Form<T> = (
    &'static str,
    fn(&serde_json::Value) -> serde_json::Result<T>,
);

/// Decodes a value of a `oneOf` that must match exactly one of its `forms`: a value that
/// several forms accept is refused, as one that none accepts is.
#[allow(
    dead_code,
    reason = "used by generated choices whose forms may overlap; not every API has them"
)]
pub(crate) fn exactly_one<T, E: serde::de::Error>(
    type_name: &str,
    value: &serde_json::Value,
    forms: &[Form<T>],
) -> Result<T, E> {
    let mut chosen = None;
    let mut accepting = Vec::new();
    for (name, decode) in forms {
        if let Ok(form) = decode(value) {
            accepting.push(format!("`{name}`"));
            chosen.get_or_insert(form);
        }
    }
    match chosen {
        Some(form) if accepting.len() == 1 => Ok(form),
        Some(_) => Err(E::custom(format!(
            "the value fits more than one form of {type_name} ({}), and the spec's `oneOf` \
             allows exactly one",
            accepting.join(" and ")
        ))),
        None => {
            let names: Vec<String> = forms.iter().map(|(name, _)| format!("`{name}`")).collect();
            Err(E::custom(format!(
                "the value fits none of the forms of {type_name} ({})",
                names.join(", ")
            )))
        }
    }
}

/// The deserializer a struct that serde's derived code reads leniently is given: the same as
/// `D`, except that a JSON array is refused. serde's derived code also reads a struct from an
/// array, field by field in order; no schema the generator reads allows that, and a reply so
/// shaped is not the reply the spec describes.
#[allow(
    dead_code,
    reason = "used by generated types read leniently; not every API has them"
)]
pub(crate) struct ObjectOnly<D>(pub(crate) D);

impl<'de, D: Deserializer<'de>> Deserializer<'de> for ObjectOnly<D> {
    type Error = D::Error;

    fn deserialize_any<V: serde::de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_any(MapOnly(visitor))
    }

    fn deserialize_struct<V: serde::de::Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_struct(name, fields, MapOnly(visitor))
    }

    // Derived code asks for a struct, or with flattened fields for a map: both are objects.
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

/// The visitor of derived code, taking a JSON object only: everything else is refused with the
/// visitor's own "expected struct …".
#[allow(
    dead_code,
    reason = "made by `ObjectOnly`, which generated types read leniently use"
)]
struct MapOnly<V>(V);

impl<'de, V: serde::de::Visitor<'de>> serde::de::Visitor<'de> for MapOnly<V> {
    type Value = V::Value;

    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.expecting(formatter)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.0.visit_map(map)
    }
}
