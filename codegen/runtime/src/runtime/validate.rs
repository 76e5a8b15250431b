//! Checks behind the generated newtypes, enums and parameters (`minLength`, `maxLength`,
//! `minimum`, `maximum`, `enum`).

use std::fmt;

/// A value rejected by a type's constraints (for example an ID of the wrong length), before any
/// request was sent.
///
/// The message names the type, what it expects and what it was given, but never the value
/// itself for strings, which may be secrets or very long; only their length. Integers out of
/// range are shown, since they are neither.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidValue {
    type_name: &'static str,
    /// Where below the named value the checked one is (`[2]`, `.key`, `[0][1]`); empty for
    /// the value itself.
    place: String,
    /// Boxed: the `i128` bounds would otherwise make every `Result` that may hold an `Error`
    /// large, for a value that exists only when something was refused.
    problem: Box<Problem>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Problem {
    Length {
        min: Option<u64>,
        max: Option<u64>,
        got: u64,
    },
    Range {
        min: Option<i128>,
        max: Option<i128>,
        got: i128,
    },
    /// A number outside its bounds, each given with whether it is exclusive. The numbers are
    /// kept as their bits (`f64::to_bits`), so that the error stays `Eq`.
    NumberRange {
        min: Option<(u64, bool)>,
        max: Option<(u64, bool)>,
        got: u64,
    },
    /// A string that is not one of an enum's values; only its length is kept.
    NotListed { got: u64 },
    /// An integer that is not one of an integer enum's values.
    NotListedInteger { got: i128 },
    /// A list with too few or too many items (`minItems`, `maxItems`).
    Count {
        min: Option<u64>,
        max: Option<u64>,
        got: u64,
    },
}

impl InvalidValue {
    /// `value` is not one of the values the enum `type_name` lists.
    #[allow(
        dead_code,
        reason = "called by generated enums; not every API has string enums"
    )]
    pub(crate) fn not_listed(type_name: &'static str, value: &str) -> Self {
        Self::new(
            type_name,
            Problem::NotListed {
                got: char_count(value),
            },
        )
    }

    fn new(type_name: &'static str, problem: Problem) -> Self {
        Self {
            type_name,
            place: String::new(),
            problem: Box::new(problem),
        }
    }

    /// The same problem, found at `place` below the value named (`[2]` for a list's item,
    /// `.key` for a map's value), which the message then names: `invalid scores[2]: …`.
    #[must_use]
    #[allow(
        dead_code,
        reason = "called by generated code; not every API has bounded items"
    )]
    pub(crate) fn at(mut self, place: &str) -> Self {
        self.place.insert_str(0, place);
        self
    }

    /// The name of the type, parameter or property whose constraint was violated.
    #[must_use]
    pub fn type_name(&self) -> &'static str {
        self.type_name
    }

    /// Where below [`Self::type_name`] the value that was refused is: `[2]` for the third item
    /// of a list, `.key` for a map's value, `[0][1]` for a position of a tuple in a list; empty
    /// when it is the named value itself.
    #[must_use]
    pub fn place(&self) -> &str {
        &self.place
    }
}

/// `usize` to `u64` cannot truncate on any supported target; saturate rather than assume.
fn char_count(value: &str) -> u64 {
    u64::try_from(value.chars().count()).unwrap_or(u64::MAX)
}

fn characters(n: u64) -> &'static str {
    if n == 1 { "character" } else { "characters" }
}

impl fmt::Display for InvalidValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid {}{}: expected ", self.type_name, self.place)?;
        match *self.problem {
            Problem::Length { min, max, got } => {
                match (min, max) {
                    (Some(min), Some(max)) if min == max => {
                        write!(f, "exactly {min} {}", characters(min))?;
                    }
                    (Some(min), Some(max)) => write!(f, "{min} to {max} characters")?,
                    (Some(min), None) => write!(f, "at least {min} {}", characters(min))?,
                    (None, Some(max)) => write!(f, "at most {max} {}", characters(max))?,
                    (None, None) => f.write_str("any length")?,
                }
                write!(f, ", got {got}")
            }
            Problem::Range { min, max, got } => {
                match (min, max) {
                    (Some(min), Some(max)) => write!(f, "an integer from {min} to {max}")?,
                    (Some(min), None) => write!(f, "an integer of at least {min}")?,
                    (None, Some(max)) => write!(f, "an integer of at most {max}")?,
                    (None, None) => f.write_str("any integer")?,
                }
                write!(f, ", got {got}")
            }
            Problem::NumberRange { min, max, got } => {
                f.write_str("a number")?;
                if let Some((min, exclusive)) = min {
                    let word = if exclusive { "above" } else { "of at least" };
                    write!(f, " {word} {}", f64::from_bits(min))?;
                }
                if let Some((max, exclusive)) = max {
                    let joint = if min.is_some() { " and" } else { "" };
                    let word = if exclusive { "below" } else { "of at most" };
                    write!(f, "{joint} {word} {}", f64::from_bits(max))?;
                }
                write!(f, ", got {}", f64::from_bits(got))
            }
            Problem::NotListed { got } => write!(
                f,
                "one of the values the spec lists, got a {got}-{} value that is not one of them",
                characters(got).trim_end_matches('s')
            ),
            Problem::NotListedInteger { got } => {
                write!(f, "one of the integers the spec lists, got {got}")
            }
            Problem::Count { min, max, got } => {
                match (min, max) {
                    (Some(min), Some(max)) if min == max => write!(f, "exactly {min} items")?,
                    (Some(min), Some(max)) => write!(f, "{min} to {max} items")?,
                    (Some(min), None) => write!(f, "at least {min} items")?,
                    (None, Some(max)) => write!(f, "at most {max} items")?,
                    (None, None) => f.write_str("any number of items")?,
                }
                write!(f, ", got {got}")
            }
        }
    }
}

impl std::error::Error for InvalidValue {}

/// Checks a list of `count` items against `minItems`/`maxItems`.
#[allow(
    dead_code,
    reason = "called by generated request types; not every API has bounded lists"
)]
pub(crate) fn check_count(
    type_name: &'static str,
    count: usize,
    min: Option<u64>,
    max: Option<u64>,
) -> Result<(), InvalidValue> {
    let got = u64::try_from(count).unwrap_or(u64::MAX);
    if min.is_some_and(|min| got < min) || max.is_some_and(|max| got > max) {
        return Err(InvalidValue::new(
            type_name,
            Problem::Count { min, max, got },
        ));
    }
    Ok(())
}

/// Checks `value`'s length against `minLength`/`maxLength`, counted in Unicode scalar values
/// (`char`s) as JSON Schema counts them, not in bytes.
#[allow(
    dead_code,
    reason = "called by generated newtypes; not every API has length limits"
)]
pub(crate) fn check_length(
    type_name: &'static str,
    value: &str,
    min: Option<u64>,
    max: Option<u64>,
) -> Result<(), InvalidValue> {
    let got = char_count(value);
    if min.is_some_and(|min| got < min) || max.is_some_and(|max| got > max) {
        return Err(InvalidValue::new(
            type_name,
            Problem::Length { min, max, got },
        ));
    }
    Ok(())
}

/// Checks an integer against inclusive `minimum`/`maximum` bounds (for integers, an
/// `exclusiveMinimum` of `n` is a `minimum` of `n + 1`, and likewise for maxima).
#[allow(
    dead_code,
    reason = "called by generated operations; not every API has bounded integers"
)]
pub(crate) fn check_range(
    type_name: &'static str,
    value: i128,
    min: Option<i128>,
    max: Option<i128>,
) -> Result<(), InvalidValue> {
    if min.is_some_and(|min| value < min) || max.is_some_and(|max| value > max) {
        return Err(InvalidValue::new(
            type_name,
            Problem::Range {
                min,
                max,
                got: value,
            },
        ));
    }
    Ok(())
}

/// Checks a number against its bounds, each with whether it is exclusive (`exclusiveMinimum`,
/// `exclusiveMaximum`).
#[allow(
    dead_code,
    reason = "called by generated types; not every API has bounded numbers"
)]
pub(crate) fn check_number_range(
    type_name: &'static str,
    value: f64,
    min: Option<(f64, bool)>,
    max: Option<(f64, bool)>,
) -> Result<(), InvalidValue> {
    // Exact comparisons: a bound is a value the spec wrote, and JSON Schema compares exactly.
    let below =
        min.is_some_and(|(min, exclusive)| if exclusive { value <= min } else { value < min });
    let above =
        max.is_some_and(|(max, exclusive)| if exclusive { value >= max } else { value > max });
    if below || above || value.is_nan() {
        return Err(InvalidValue::new(
            type_name,
            Problem::NumberRange {
                min: min.map(|(min, exclusive)| (min.to_bits(), exclusive)),
                max: max.map(|(max, exclusive)| (max.to_bits(), exclusive)),
                got: value.to_bits(),
            },
        ));
    }
    Ok(())
}

/// Checks that an integer is one of the values the spec lists (`enum` of integers), before
/// anything is sent.
///
/// # Errors
/// [`InvalidValue`] naming the parameter or property, and the value given.
#[allow(
    dead_code,
    reason = "called by generated operations and types; not every API has integer enums"
)]
pub(crate) fn check_listed(
    type_name: &'static str,
    value: i128,
    listed: &[i128],
) -> Result<(), InvalidValue> {
    if listed.contains(&value) {
        Ok(())
    } else {
        Err(InvalidValue::new(
            type_name,
            Problem::NotListedInteger { got: value },
        ))
    }
}
