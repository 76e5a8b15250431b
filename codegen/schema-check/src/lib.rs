//! Proves that a Rust type means what its JSON Schema means, by round trips of instances
//! derived from the schema.
//!
//! A generated crate calls [`check`] from a `#[cfg(test)]` module with one [`Case`] per body or
//! reply type, each holding the schema the type was generated from:
//!
//! ```
//! # #[derive(serde::Deserialize, serde::Serialize)]
//! # #[serde(deny_unknown_fields)]
//! # struct Pet { name: String, age: u8 }
//! use schema_check::{Case, check, round_trip};
//!
//! let schema = serde_json::json!({
//!     "type": "object",
//!     "additionalProperties": false,
//!     "required": ["name", "age"],
//!     "properties": {
//!         "name": {"type": "string"},
//!         "age": {"type": "integer", "format": "uint8"}
//!     }
//! });
//! check(&[Case::request("CreatePet: request body", schema, round_trip::<Pet>)]);
//! ```
//!
//! For each case, [`check`]:
//! 1. derives valid instances from the schema: a deterministic set of edge instances (every
//!    alternative of every choice, every optional property present and absent, every enum
//!    value, boundary lengths, counts and bounds) and random ones (proptest strategies built
//!    from the schema). Each must validate against the schema (`jsonschema`); one that does
//!    not is reported as a bug of this crate.
//! 2. requires the round trip (decode into the Rust type, encode again) of every valid
//!    instance to succeed and to give back an equal value, key order and the spelling of
//!    numbers aside, that itself validates.
//! 3. for replies, requires instances with unknown string-enum values and unknown properties
//!    to decode (clients read replies leniently); what comes back is not compared.
//! 4. for requests (unless [`Case::accepting_invalid`]), requires mutations of valid instances
//!    that the schema rejects (wrong type, `null` for a property that is not nullable,
//!    missing required property, out of range or length, not in the enum, unknown property of
//!    a closed object; see [`Invalid::DEFAULT`]) to be rejected.
//!
//! Every failure of the run is reported, with the case, the pointers in the schema and in the
//! instance, the instance and what came back; see [`Report`].
//!
//! # What the schema is read as
//! The schema is the fragment's as written, OpenAPI 3.0 or 3.1. `nullable: true` adds `null`;
//! boolean `exclusiveMinimum`/`exclusiveMaximum` make the bound exclusive; integer formats
//! (`int8` … `uint64`) bound the value; `allOf` is merged as the generator merges it (a
//! property declared again takes the later declaration; closed only when every object part
//! is). `readOnly` properties are left out of requests and `writeOnly` ones out of replies,
//! as the property's own keywords say (those of its `allOf` parts are not read). A closed
//! object's `required` name that `properties` does not list is read as listed, of any value
//! (literally no value would be valid; the generator reads it so). `additionalProperties:
//! false` beside a `oneOf`/`anyOf` of forms with properties closes the object over its own
//! properties and the chosen form's (each such form gets the object's properties, the form's
//! own declaration of one of them giving way, and is closed), as the generator reads it. A
//! schema without `type` takes the type its keywords imply (`properties` → object, …); `{}` is
//! any value. Annotations (`description`, `example`, `x-…`, `discriminator`, …) are ignored.
//! `$ref` is refused: fragments inline every schema. `items` as an array (draft 4 tuples) is
//! refused; `prefixItems` is read.
//!
//! # What instances are tried
//! - Integers: the bounds (inclusive, exclusive, of the format), their neighbours, 0 and ±1
//!   (multiples of an integral `multipleOf`); a side without a bound ends at the end of `i64`
//!   (the generator's integer), so `2^63` is tried only where the format says `uint64`.
//! - Numbers: `f64` values (the bounds, or the next float inside an exclusive bound, fractions,
//!   the largest finite values) and integral numbers written as integers (`7`), which a number
//!   type must read; decimal literals that `f64` cannot hold are not tried.
//! - Strings: `minLength`, `maxLength` (up to 100 000), escaped, control and non-ASCII
//!   characters (lengths count code points); for `date-time`, `date`, `time`, `email`, `uri`,
//!   `uri-reference`, `uuid`, `hostname`, `ipv4`, `ipv6`, valid values in their usual spelling
//!   (lower-case UUIDs); other formats are plain strings.
//! - `pattern`: strings generated from the pattern itself (proptest's regex strategy, with
//!   `^`/`$` removed and `\d`, `\w`, `\s` made ASCII as in ECMA-262), then filtered by the
//!   validator. A pattern that cannot be generated from (look-around, back-references) falls
//!   back to plain strings, filtered: usually reported as "no valid instance … was found".
//! - Objects: only the required properties, every property, each optional property alone, each
//!   edge of each property, unlisted properties where `additionalProperties` allows them
//!   (without the keyword, only with [`Config::unlisted_properties`]), `minProperties` and
//!   `maxProperties` filled.
//! - Choices: every alternative, combined with the keywords beside it; for `oneOf`, only values
//!   no other alternative accepts. An alternative no value can take alone is reported.
//! - `contains`: arrays holding an instance of it (with `items`) among the others.
//! - `prefixItems`: each position's edges and values, then items of `items` (none where it is
//!   `false`) up to `minItems`/`maxItems`.
//! - Keywords generation does not follow (`not`, `if`, `patternProperties`, …)
//!   filter the values tried at their node.

mod edges;
mod json;
mod model;
mod mutate;
mod normalise;
mod random;
mod report;
mod run;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

pub mod fidelity;

pub use report::{Failure, FailureKind, Outcome, Problem, Report, Summary};

/// Which way a type's values travel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Sent by the client: read strictly (instances the schema rejects must be rejected).
    Request,
    /// Received by the client: read leniently (unknown enum values and properties decode).
    Reply,
}

/// Decodes a JSON value into a Rust type and encodes it again; `Err` carries the reason.
pub type RoundTrip = fn(Value) -> Result<Value, String>;

/// One generated type and the schema it was generated from.
#[derive(Clone, Debug)]
pub struct Case {
    /// What the type is, for reports: `"TriggerAIVoiceAgent: request body"`.
    pub name: &'static str,
    /// The fragment's schema exactly as written (OpenAPI 3.0 or 3.1 flavour).
    pub schema: Value,
    /// Whether the type is sent or received.
    pub direction: Direction,
    /// Decodes the value into the Rust type, then encodes it again: usually
    /// [`round_trip::<T>`](round_trip).
    pub round_trip: RoundTrip,
    /// For requests: whether instances the schema rejects must be rejected by the type.
    pub reject_invalid: bool,
    /// For requests: the places of the schema (JSON pointers into it) whose values the type
    /// reads leniently, so that what the schema rejects at or below them need not be rejected.
    pub lenient: &'static [&'static str],
}

impl Case {
    /// A request body type: strict, invalid instances must be rejected.
    #[must_use]
    pub fn request(name: &'static str, schema: Value, round_trip: RoundTrip) -> Self {
        Self {
            name,
            schema,
            direction: Direction::Request,
            round_trip,
            reject_invalid: true,
            lenient: &[],
        }
    }

    /// A reply body type: lenient, unknown enum values and properties must decode.
    #[must_use]
    pub fn reply(name: &'static str, schema: Value, round_trip: RoundTrip) -> Self {
        Self {
            name,
            schema,
            direction: Direction::Reply,
            round_trip,
            reject_invalid: false,
            lenient: &[],
        }
    }

    /// Does not require this request type to reject the instances its schema rejects.
    #[must_use]
    pub fn accepting_invalid(self) -> Self {
        Self {
            reject_invalid: false,
            ..self
        }
    }

    /// Does not require this request type to reject what its schema rejects at or below the
    /// schema nodes at `pointers` (JSON pointers into [`Case::schema`]); everywhere else it must.
    /// For request types that hold types also met in replies, which read leniently.
    #[must_use]
    pub fn lenient_at(self, pointers: &'static [&'static str]) -> Self {
        Self {
            lenient: pointers,
            ..self
        }
    }

    /// Whether a broken keyword at `schema_pointer` is at or below a lenient place.
    pub(crate) fn is_lenient_at(&self, schema_pointer: &str) -> bool {
        self.lenient.iter().any(|place| {
            schema_pointer
                .strip_prefix(place)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        })
    }
}

/// The round trip of type `T` as a client makes it: JSON text decoded into `T`, `T` encoded
/// into JSON text, read back as a value.
///
/// # Errors
/// The decoding or encoding error, saying which.
#[allow(
    clippy::needless_pass_by_value,
    reason = "the signature of `RoundTrip`, which takes the instance"
)]
pub fn round_trip<T: DeserializeOwned + Serialize>(value: Value) -> Result<Value, String> {
    let text = value.to_string();
    let typed: T = serde_json::from_str(&text).map_err(|error| format!("decoding: {error}"))?;
    let encoded = serde_json::to_string(&typed).map_err(|error| format!("encoding: {error}"))?;
    serde_json::from_str(&encoded)
        .map_err(|error| format!("the encoding is not JSON ({error}): {encoded}"))
}

/// A kind of invalid instance, made by mutating a valid one where the schema says it must not
/// be so.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Invalid {
    /// A value of a type the schema does not allow (`null` where it is not nullable, …).
    WrongType,
    /// A `required` property left out.
    MissingRequired,
    /// A value outside `enum`/`const`.
    NotInEnum,
    /// A number outside `minimum`/`maximum`/`exclusiveMinimum`/`exclusiveMaximum` or the range
    /// of its integer format.
    OutOfRange,
    /// A string shorter than `minLength` or longer than `maxLength`.
    Length,
    /// An array with fewer items than `minItems` or more than `maxItems`.
    ItemCount,
    /// A property that an object with `additionalProperties: false` does not list.
    UnknownProperty,
    /// An array repeating an item where `uniqueItems` is set.
    UniqueItems,
    /// A number that is not a `multipleOf`.
    MultipleOf,
    /// A string that does not match `pattern`.
    Pattern,
    /// A string that is not of its `format` (`date-time`, `email`, `uri`, `uuid`, …).
    Format,
    /// An object with fewer properties than `minProperties` or more than `maxProperties`.
    PropertyCount,
    /// A value that two alternatives of a `oneOf` accept.
    SeveralForms,
    /// `null` for an optional property that is not nullable. Apart from [`Self::WrongType`]
    /// because serde's derive reads it as the property left out (`Option<T>` is `None` either
    /// way), so that a type may be let off this one alone.
    NullForOptional,
}

impl Invalid {
    /// What a request type must reject by default: values of the wrong shape, and values
    /// outside what the type's fields can hold. Not by default: the keywords the generator
    /// documents rather than checks (`uniqueItems`, `multipleOf`, `pattern`, `format`,
    /// `minProperties`/`maxProperties`).
    pub const DEFAULT: [Self; 9] = [
        Self::WrongType,
        Self::NullForOptional,
        Self::MissingRequired,
        Self::NotInEnum,
        Self::OutOfRange,
        Self::Length,
        Self::ItemCount,
        Self::UnknownProperty,
        Self::SeveralForms,
    ];

    /// Every kind, for types that check every keyword.
    pub const ALL: [Self; 14] = [
        Self::WrongType,
        Self::MissingRequired,
        Self::NotInEnum,
        Self::OutOfRange,
        Self::Length,
        Self::ItemCount,
        Self::UnknownProperty,
        Self::UniqueItems,
        Self::MultipleOf,
        Self::Pattern,
        Self::Format,
        Self::PropertyCount,
        Self::NullForOptional,
        Self::SeveralForms,
    ];
}

/// How much to try, and how to report.
#[derive(Clone, Debug)]
pub struct Config {
    /// Random instances per case, besides the edge instances. Default 32.
    pub random_instances: u32,
    /// Seeds the random instances (each case's seed also depends on its name). Default 0.
    pub seed: u64,
    /// What request types must reject. Default [`Invalid::DEFAULT`].
    pub invalid: Vec<Invalid>,
    /// Whether valid instances carry properties an object does not list when it does not say
    /// `additionalProperties` at all. JSON Schema allows them; the generator reads such an
    /// object as not keeping them, so by default they are tried only as unknown properties of
    /// replies. Default `false`.
    pub unlisted_properties: bool,
    /// How many simplification steps to spend on a failing random instance. Default 256.
    pub shrink_steps: u32,
    /// How many problems a report lists in full; the rest are counted. Default 25.
    pub listed_problems: usize,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            random_instances: 32,
            seed: 0,
            invalid: Invalid::DEFAULT.to_vec(),
            unlisted_properties: false,
            shrink_steps: 256,
            listed_problems: 25,
        }
    }
}

impl Config {
    /// The default configuration, with `SCHEMA_CHECK_RANDOM` (random instances per case) and
    /// `SCHEMA_CHECK_SEED` taken from the environment when set, to search deeper or elsewhere
    /// without changing code.
    #[must_use]
    pub fn from_env() -> Self {
        let mut config = Self::default();
        let read = |name: &str| {
            std::env::var(name)
                .ok()
                .and_then(|value| value.trim().parse::<u64>().ok())
        };
        if let Some(random) = read("SCHEMA_CHECK_RANDOM") {
            config.random_instances = u32::try_from(random).unwrap_or(u32::MAX);
        }
        if let Some(seed) = read("SCHEMA_CHECK_SEED") {
            config.seed = seed;
        }
        config
    }
}

/// Checks every case with [`Config::from_env`]; prints the summary to standard error and
/// returns it.
///
/// # Panics
/// With the full report when any case fails.
#[allow(
    clippy::must_use_candidate,
    reason = "called for its panic; the summary is there to quote"
)]
pub fn check(cases: &[Case]) -> Summary {
    check_with(&Config::from_env(), cases)
}

/// Checks every case with `config`; prints the summary to standard error and returns it.
///
/// # Panics
/// With the full report when any case fails.
#[allow(
    clippy::must_use_candidate,
    reason = "called for its panic; the summary is there to quote"
)]
pub fn check_with(config: &Config, cases: &[Case]) -> Summary {
    let report = run(config, cases);
    assert!(report.failures.is_empty(), "{report}");
    eprintln!("{}", report.summary);
    report.summary
}

/// Checks every case with `config` and returns the report, failures included, without
/// panicking.
#[must_use]
pub fn run(config: &Config, cases: &[Case]) -> Report {
    run::run(config, cases)
}
