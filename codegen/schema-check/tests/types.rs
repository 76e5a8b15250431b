//! The checker on hand-written types: types that mean what their schema means pass; types that
//! do not are reported, at the right place.

use schema_check::{Case, Config, FailureKind, Invalid, Report, check_with, round_trip, run};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Value, json};

/// A type that holds any value.
#[allow(clippy::unnecessary_wraps, reason = "the signature of a round trip")]
fn anything(value: Value) -> Result<Value, String> {
    Ok(value)
}

/// Deserialises a present field (even `null`) as `Some`, so that absent and `null` differ.
#[allow(
    clippy::option_option,
    reason = "absent and null are different requests"
)]
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(deserializer).map(Some)
}

/// Deserialises a field that may be left out but not `null`.
#[allow(
    clippy::unnecessary_wraps,
    reason = "the field is an `Option`: `None` when left out"
)]
fn not_null<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    T::deserialize(deserializer).map(Some)
}

/// A string of 1 to 8 characters.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
struct Name(String);

impl TryFrom<String> for Name {
    type Error = String;
    fn try_from(value: String) -> Result<Self, String> {
        let length = value.chars().count();
        if (1..=8).contains(&length) {
            Ok(Self(value))
        } else {
            Err(format!("{length} characters, not 1 to 8"))
        }
    }
}

impl From<Name> for String {
    fn from(name: Name) -> Self {
        name.0
    }
}

/// A tag of at most 3 characters.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
struct Tag(String);

impl TryFrom<String> for Tag {
    type Error = String;
    fn try_from(value: String) -> Result<Self, String> {
        if value.chars().count() <= 3 {
            Ok(Self(value))
        } else {
            Err("more than 3 characters".to_owned())
        }
    }
}

impl From<Tag> for String {
    fn from(tag: Tag) -> Self {
        tag.0
    }
}

/// At most two tags.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(try_from = "Vec<Tag>", into = "Vec<Tag>")]
struct Tags(Vec<Tag>);

impl TryFrom<Vec<Tag>> for Tags {
    type Error = String;
    fn try_from(value: Vec<Tag>) -> Result<Self, String> {
        if value.len() <= 2 {
            Ok(Self(value))
        } else {
            Err("more than 2 tags".to_owned())
        }
    }
}

impl From<Tags> for Vec<Tag> {
    fn from(tags: Tags) -> Self {
        tags.0
    }
}

/// A number above 0.
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
#[serde(try_from = "f64", into = "f64")]
struct Positive(f64);

impl TryFrom<f64> for Positive {
    type Error = String;
    fn try_from(value: f64) -> Result<Self, String> {
        if value > 0.0 {
            Ok(Self(value))
        } else {
            Err(format!("{value} is not above 0"))
        }
    }
}

impl From<Positive> for f64 {
    fn from(positive: Positive) -> Self {
        positive.0
    }
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Kind {
    Cat,
    Dog,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum PersonTag {
    Person,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum CompanyTag {
    Company,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Person {
    kind: PersonTag,
    name: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Company {
    kind: CompanyTag,
    registration: String,
}

/// Told apart by the exact tag: a `Person` never takes a company's tag.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(untagged)]
enum Owner {
    Person(Person),
    Company(Company),
}

/// A strict request type: everything its schema says is checked on decoding.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Pet {
    name: Name,
    kind: Kind,
    count: u64,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    #[allow(
        clippy::option_option,
        reason = "absent and null are different requests"
    )]
    weight: Option<Option<Positive>>,
    #[serde(
        default,
        deserialize_with = "not_null",
        skip_serializing_if = "Option::is_none"
    )]
    tags: Option<Tags>,
    #[serde(
        default,
        deserialize_with = "not_null",
        skip_serializing_if = "Option::is_none"
    )]
    owner: Option<Owner>,
}

/// An OpenAPI 3.0 schema (`nullable`, boolean `exclusiveMinimum`) for [`Pet`].
fn pet_schema() -> Value {
    json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["name", "kind", "count"],
        "properties": {
            "name": {"type": "string", "minLength": 1, "maxLength": 8, "description": "Its name."},
            "kind": {"type": "string", "enum": ["cat", "dog"]},
            "count": {"type": "integer", "format": "uint64"},
            "weight": {"type": "number", "minimum": 0, "exclusiveMinimum": true, "nullable": true},
            "tags": {"type": "array", "maxItems": 2, "items": {"type": "string", "maxLength": 3}},
            "owner": {
                "oneOf": [
                    {"title": "Person", "type": "object", "additionalProperties": false,
                     "required": ["kind", "name"],
                     "properties": {"kind": {"type": "string", "enum": ["person"]},
                                    "name": {"type": "string"}}},
                    {"title": "Company", "type": "object", "additionalProperties": false,
                     "required": ["kind", "registration"],
                     "properties": {"kind": {"type": "string", "enum": ["company"]},
                                    "registration": {"type": "string"}}}
                ],
                "discriminator": {"propertyName": "kind"},
                "x-origin": "hand-written"
            }
        }
    })
}

fn config() -> Config {
    Config {
        random_instances: 64,
        ..Config::default()
    }
}

/// The case's failures of `kind`, as "schema pointer | instance pointer" lines.
fn places(report: &Report, kind: FailureKind) -> Vec<String> {
    report
        .failures
        .iter()
        .filter(|failure| failure.kind == kind)
        .map(|failure| format!("{} | {}", failure.schema_pointer, failure.instance_pointer))
        .collect()
}

#[test]
fn a_strict_request_type_that_means_its_schema_passes() {
    let summary = check_with(
        &config(),
        &[Case::request(
            "Pet: request body",
            pet_schema(),
            round_trip::<Pet>,
        )],
    );
    assert_eq!(summary.cases, 1);
    assert_eq!(summary.random_instances, 64);
    assert!(summary.edge_instances >= 20, "{summary}");
    assert!(summary.invalid_instances >= 20, "{summary}");
    assert_eq!(summary.failed_instances, 0);
}

#[test]
fn every_kind_of_invalid_instance_is_tried_and_rejected() {
    let report = run(
        &config(),
        &[Case::request(
            "Pet: request body",
            pet_schema(),
            round_trip::<Pet>,
        )],
    );
    assert!(report.failures.is_empty(), "{report}");
    // The same case with a type that accepts anything shows which mutations were tried.
    let report = run(
        &config(),
        &[Case::request("Pet: as any value", pet_schema(), anything)],
    );
    let accepted = places(&report, FailureKind::InvalidAccepted);
    for expected in [
        "/type | ",
        "/required | /name",
        "/additionalProperties | /property_not_in_the_schema",
        "/properties/name/minLength | /name",
        "/properties/name/maxLength | /name",
        "/properties/kind/enum | /kind",
        "/properties/count/type | /count",
        "/properties/count/format | /count",
        "/properties/weight/exclusiveMinimum | /weight",
        "/properties/tags/maxItems | /tags",
        "/properties/tags/items/maxLength | /tags/0",
        "/properties/owner/oneOf/1/properties/kind/enum | /owner/kind",
        "/properties/owner/oneOf/0/required | /owner/name",
        "/properties/tags/type | /tags",
        "/properties/owner | /owner",
    ] {
        assert!(
            accepted.iter().any(|place| place == expected),
            "no invalid instance at {expected}; tried:\n{}",
            accepted.join("\n")
        );
    }
    // `count` is a uint64: 2^64 is not a JSON number here, so only -1 is out of range.
    assert!(
        !accepted
            .iter()
            .any(|place| place == "/properties/count/maximum | /count")
    );
}

#[test]
fn a_request_type_may_be_let_off_rejecting_invalid_instances() {
    /// Reads anything of the right shape: no length checks, unknown fields ignored.
    #[derive(Serialize, Deserialize)]
    struct Loose {
        name: String,
    }
    let schema = json!({
        "type": "object", "additionalProperties": false, "required": ["name"],
        "properties": {"name": {"type": "string", "maxLength": 4}}
    });
    let strict = run(
        &config(),
        &[Case::request("Loose", schema.clone(), round_trip::<Loose>)],
    );
    let accepted = places(&strict, FailureKind::InvalidAccepted);
    assert!(accepted.contains(&"/properties/name/maxLength | /name".to_owned()));
    assert!(accepted.contains(&"/additionalProperties | /property_not_in_the_schema".to_owned()));
    // Everything else about the type is right.
    assert_eq!(accepted.len(), strict.failures.len(), "{strict}");

    let lenient = run(
        &config(),
        &[Case::request("Loose", schema, round_trip::<Loose>).accepting_invalid()],
    );
    assert!(lenient.failures.is_empty(), "{lenient}");
    assert_eq!(lenient.summary.invalid_instances, 0);
}

#[test]
fn a_request_type_may_be_let_off_at_named_places_only() {
    /// Closed and checked at the top; its `owner` is read leniently (no length check).
    #[derive(Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Body {
        name: Name,
        owner: Owner,
    }
    #[derive(Serialize, Deserialize)]
    struct Owner {
        id: String,
    }
    let schema = json!({
        "type": "object", "additionalProperties": false, "required": ["name", "owner"],
        "properties": {
            "name": {"type": "string", "minLength": 1, "maxLength": 8},
            "owner": {
                "type": "object", "additionalProperties": false, "required": ["id"],
                "properties": {"id": {"type": "string", "maxLength": 4}}
            }
        }
    });
    let strict = run(
        &config(),
        &[Case::request("Body", schema.clone(), round_trip::<Body>)],
    );
    let accepted = places(&strict, FailureKind::InvalidAccepted);
    assert!(accepted.contains(&"/properties/owner/properties/id/maxLength | /owner/id".to_owned()));

    let narrow = run(
        &config(),
        &[Case::request("Body", schema.clone(), round_trip::<Body>)
            .lenient_at(&["/properties/owner"])],
    );
    assert!(narrow.failures.is_empty(), "{narrow}");
    // The rest is still held to the schema: `name`'s lengths, the top's unknown properties.
    assert!(narrow.summary.invalid_instances >= 3, "{}", narrow.summary);

    // A place is a whole token: `/properties/own` does not let off `/properties/owner`.
    let prefix = run(
        &config(),
        &[Case::request("Body", schema, round_trip::<Body>).lenient_at(&["/properties/own"])],
    );
    assert!(!prefix.failures.is_empty());
}

#[test]
fn a_signed_integer_for_a_uint64_is_reported() {
    #[derive(Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Counter {
        count: i64,
    }
    let schema = json!({
        "type": "object", "additionalProperties": false, "required": ["count"],
        "properties": {"count": {"type": "integer", "format": "uint64"}}
    });
    let report = run(
        &config(),
        &[Case::request("Counter", schema, round_trip::<Counter>)],
    );
    let failure = report
        .failures
        .iter()
        .find(|failure| failure.kind == FailureKind::ValidRejected)
        .unwrap_or_else(|| panic!("u64::MAX should not fit an i64:\n{report}"));
    assert_eq!(failure.schema_pointer, "/properties/count");
    assert_eq!(failure.instance_pointer, "/count");
    assert_eq!(failure.instance, json!({"count": u64::MAX}));
    // And -1 is accepted although the format forbids it.
    assert!(report.has(
        "Counter",
        FailureKind::InvalidAccepted,
        "/properties/count/format"
    ));
    let text = report.to_string();
    assert!(
        text.contains("[Counter] a valid instance fails the round trip"),
        "{text}"
    );
    assert!(text.contains("schema:    #/properties/count"), "{text}");
    assert!(text.contains("18446744073709551615"), "{text}");
}

#[test]
fn a_struct_missing_a_field_is_reported_where_the_field_is() {
    /// Forgets `note`, and ignores it when it comes.
    #[derive(Serialize, Deserialize)]
    struct Reply {
        id: String,
    }
    let schema = json!({
        "type": "object", "required": ["id"],
        "properties": {"id": {"type": "string"}, "note": {"type": "string"}}
    });
    let report = run(
        &config(),
        &[Case::reply("Reply", schema, round_trip::<Reply>)],
    );
    assert!(
        report.has("Reply", FailureKind::Changed, "/properties/note"),
        "{report}"
    );
    let failure = report
        .failures
        .iter()
        .find(|failure| failure.kind == FailureKind::Changed)
        .expect("a change");
    assert_eq!(failure.instance_pointer, "/note");
    assert!(
        failure.detail.contains("came back nothing"),
        "{}",
        failure.detail
    );
    // Unknown properties of replies are read, as they should be.
    assert!(
        !report
            .failures
            .iter()
            .any(|failure| failure.kind == FailureKind::NotLenient)
    );
}

/// The tag of a running job, with a catch-all that accepts any tag: the defect of issue 9.
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum LooseState {
    Running(RunningTag),
    Unknown(String),
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum RunningTag {
    Running,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum FailedTag {
    Failed,
}

#[derive(Serialize, Deserialize)]
struct Running {
    state: LooseState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    progress: Option<f64>,
}

#[derive(Serialize, Deserialize)]
struct Failed {
    state: FailedTag,
    error_info: ErrorInfo,
}

#[derive(Serialize, Deserialize)]
struct ErrorInfo {
    message: String,
}

#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum Job {
    Running(Running),
    Failed(Failed),
}

fn job_schema() -> Value {
    json!({"oneOf": [
        {"title": "Running Job", "type": "object", "required": ["state"],
         "properties": {"state": {"type": "string", "enum": ["running"]},
                        "progress": {"type": "number"}}},
        {"title": "Failed Job", "type": "object", "required": ["state", "error_info"],
         "properties": {"state": {"type": "string", "enum": ["failed"]},
                        "error_info": {"type": "object", "required": ["message"],
                                       "properties": {"message": {"type": "string"}}}}}
    ]})
}

#[test]
fn a_choice_whose_tag_has_a_catch_all_is_reported() {
    let report = run(
        &config(),
        &[Case::reply(
            "GetJob: 200 reply",
            job_schema(),
            round_trip::<Job>,
        )],
    );
    // `{"state": "failed", "error_info": …}` is read as a running job: `error_info` is lost.
    let failure = report
        .failures
        .iter()
        .find(|failure| failure.kind == FailureKind::Changed)
        .unwrap_or_else(|| panic!("the failed job should come back changed:\n{report}"));
    assert_eq!(failure.schema_pointer, "/oneOf/1/properties/error_info");
    assert_eq!(failure.instance_pointer, "/error_info");
    assert_eq!(failure.instance["state"], json!("failed"));
}

#[test]
fn the_same_choice_with_exact_tags_passes() {
    #[derive(Serialize, Deserialize)]
    struct ExactRunning {
        state: RunningTag,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        progress: Option<f64>,
    }
    /// Exact tags, and an explicit unknown variant keeping the whole value (replies only).
    #[derive(Serialize, Deserialize)]
    #[serde(untagged)]
    enum ExactJob {
        Running(ExactRunning),
        Failed(Failed),
        Unknown(Value),
    }
    check_with(
        &config(),
        &[Case::reply(
            "GetJob: 200 reply",
            job_schema(),
            round_trip::<ExactJob>,
        )],
    );
}

#[test]
fn a_reply_enum_without_a_catch_all_is_reported() {
    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "lowercase")]
    enum Status {
        Ok,
        Partial,
    }
    #[derive(Serialize, Deserialize)]
    struct Reply {
        status: Status,
    }
    let schema = json!({"type": "object", "required": ["status"], "additionalProperties": false,
                        "properties": {"status": {"type": "string", "enum": ["ok", "partial"]}}});
    let report = run(
        &config(),
        &[Case::reply("Status", schema, round_trip::<Reply>)],
    );
    assert!(
        report.has("Status", FailureKind::NotLenient, "/properties/status/enum"),
        "{report}"
    );
    // The unknown property of a closed object is read all the same: replies are lenient.
    assert!(
        !report.has("Status", FailureKind::NotLenient, ""),
        "{report}"
    );
    assert_eq!(report.problems().len(), 1, "{report}");
}

#[test]
fn an_f32_for_a_number_is_reported() {
    #[derive(Serialize, Deserialize)]
    struct Price {
        amount: f32,
    }
    let schema = json!({"type": "object", "required": ["amount"],
                        "properties": {"amount": {"type": "number"}}});
    let report = run(
        &config(),
        &[Case::reply("Price", schema, round_trip::<Price>)],
    );
    assert!(
        report.has("Price", FailureKind::Changed, "/properties/amount")
            || report.has("Price", FailureKind::ValidRejected, "/properties/amount"),
        "{report}"
    );
}

#[test]
fn a_panicking_round_trip_is_reported_not_fatal() {
    fn panics(_: Value) -> Result<Value, String> {
        panic!("deliberately");
    }
    let config = Config {
        random_instances: 4,
        shrink_steps: 4,
        ..Config::default()
    };
    let report = run(
        &config,
        &[Case::reply("Panics", json!({"type": "boolean"}), panics)],
    );
    assert!(
        report
            .failures
            .iter()
            .all(|failure| failure.outcome
                == schema_check::Outcome::Panicked("deliberately".to_owned())),
        "{report}"
    );
    assert_eq!(report.failures.len(), 2 + 4);
}

#[test]
#[should_panic(expected = "[Counter] a valid instance fails the round trip")]
fn check_panics_with_the_report() {
    #[derive(Serialize, Deserialize)]
    struct Counter {
        count: u8,
    }
    let schema = json!({"type": "object", "required": ["count"],
                        "properties": {"count": {"type": "integer", "minimum": 0, "maximum": 1000}}});
    check_with(
        &config(),
        &[Case::reply("Counter", schema, round_trip::<Counter>)],
    );
}

#[test]
fn every_failure_of_the_run_is_listed_up_to_the_cap() {
    #[derive(Serialize, Deserialize)]
    struct Nothing {}
    let properties: serde_json::Map<String, Value> = (0..30)
        .map(|index| (format!("p{index:02}"), json!({"type": "integer"})))
        .collect();
    let schema = json!({"type": "object", "properties": properties});
    let config = Config {
        listed_problems: 5,
        random_instances: 0,
        ..Config::default()
    };
    let report = run(
        &config,
        &[Case::reply("Nothing", schema, round_trip::<Nothing>)],
    );
    assert_eq!(report.problems().len(), 30, "{report}");
    let text = report.to_string();
    assert!(text.contains("found 30 problems"), "{text}");
    assert!(text.contains("… and 25 more problems:"), "{text}");
    assert!(text.contains("at #/properties/p29 ("), "{text}");
    assert_eq!(text.matches("     sent:").count(), 5, "{text}");
}

#[test]
fn invalid_kinds_beyond_the_default_are_switched_on_by_configuration() {
    let schema = json!({
        "type": "object", "additionalProperties": false, "maxProperties": 3,
        "properties": {
            "code": {"type": "string", "pattern": "^[A-Z]{3}$"},
            "when": {"type": "string", "format": "date-time"},
            "step": {"type": "number", "multipleOf": 0.5},
            "set": {"type": "array", "uniqueItems": true, "items": {"type": "integer"}}
        }
    });
    let report = run(
        &config(),
        &[Case::request("Extra", schema.clone(), anything)],
    );
    assert!(!report.has(
        "Extra",
        FailureKind::InvalidAccepted,
        "/properties/code/pattern"
    ));
    let config = Config {
        invalid: Invalid::ALL.to_vec(),
        ..config()
    };
    let report = run(&config, &[Case::request("Extra", schema, anything)]);
    for pointer in [
        "/properties/code/pattern",
        "/properties/when/format",
        "/properties/step/multipleOf",
        "/properties/set/uniqueItems",
        "/maxProperties",
    ] {
        assert!(
            report.has("Extra", FailureKind::InvalidAccepted, pointer),
            "{pointer}:\n{report}"
        );
    }
}
