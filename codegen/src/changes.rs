//! What a spec change does to code that depends on the generated client: the public API of two
//! IRs compared (never their text), each difference classified by the semantic-versioning bump
//! it needs.
//!
//! Classification follows what the emitted crate lets downstream code write (see the crate docs
//! emitted by `lower::describe`): every generated enum and choice is `#[non_exhaustive]`, so a
//! `match` on one has a `_` arm and a new value or form is additive. Every struct is
//! `#[non_exhaustive]` too: downstream code cannot write a struct literal or an exhaustive
//! pattern of one, only build request values with `new(required fields…)` and the `with_…`
//! setters (or assignment), and read fields by name. So a new optional field, and any new field
//! of a struct that is only received, is additive; a new required field of a struct sent in
//! requests is a new argument of its `new`, and breaking, as is a struct losing `Default`.
//! Anything that removes or retypes a name downstream code may use is breaking. A constraint
//! that changes
//! which values are valid leaves every signature as it was: the client's checks move, the
//! server's verdict on the same values moved with the spec already.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use crate::emit;
use crate::ir::{
    Api, Field, NumericConstraints, Operation, Presence, Sending, StringConstraints, StructDef,
    TypeDef, TypeKind, TypeRef,
};
use crate::spec::ItemBounds;

/// How far a change reaches into downstream code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Behaviour only: every signature stays, downstream code compiles unchanged.
    Patch,
    /// Additive: new names, which downstream code that compiled still compiles with.
    Minor,
    /// Breaking: some downstream code that compiled no longer compiles.
    Major,
}

impl Severity {
    /// `major`, `minor` or `patch`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Patch => "patch",
            Self::Minor => "minor",
            Self::Major => "major",
        }
    }
}

/// What kind of difference a [`Change`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    /// A client method appeared.
    OperationAdded,
    /// A client method is gone.
    OperationRemoved,
    /// An operation is sent with another method, to another path or server.
    RouteChanged,
    /// A method takes other arguments.
    RequestShapeChanged,
    /// A method returns another type.
    ReplyShapeChanged,
    /// A type appeared.
    TypeAdded,
    /// A type is gone.
    TypeRemoved,
    /// A type has the same structure under another name.
    TypeRenamed,
    /// A type is declared in another module of `types` (it is still re-exported as
    /// `types::Name`, but its module path changed, and so did the feature that compiles it).
    TypeMoved,
    /// An operation is compiled by another resource's feature.
    FeatureChanged,
    /// A type is now another kind of type (a struct became an enum), or lost or gained its
    /// constructor.
    TypeReshaped,
    /// A struct field appeared.
    FieldAdded,
    /// A struct field is gone.
    FieldRemoved,
    /// A field, or a choice's form, holds another Rust type.
    FieldTypeChanged,
    /// A field that could be left out must now be given.
    FieldRequired,
    /// A field that had to be given may now be left out.
    FieldOptional,
    /// A required request field now allows one value, which `new` sets instead of taking it.
    FieldFixed,
    /// A required request field that allowed one value allows more: a new argument of `new`.
    FieldNoLongerFixed,
    /// An enum value, or a choice's form, appeared.
    EnumValueAdded,
    /// An enum value, or a choice's form, is gone.
    EnumValueRemoved,
    /// Fewer values are valid.
    ConstraintTightened,
    /// More values are valid.
    ConstraintLoosened,
}

impl ChangeKind {
    /// How the report names it.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::OperationAdded => "operation added",
            Self::OperationRemoved => "operation removed",
            Self::RouteChanged => "route changed",
            Self::RequestShapeChanged => "request shape changed",
            Self::ReplyShapeChanged => "reply shape changed",
            Self::TypeAdded => "type added",
            Self::TypeRemoved => "type removed",
            Self::TypeRenamed => "type renamed",
            Self::TypeMoved => "type moved",
            Self::FeatureChanged => "feature changed",
            Self::TypeReshaped => "type reshaped",
            Self::FieldAdded => "field added",
            Self::FieldRemoved => "field removed",
            Self::FieldTypeChanged => "field type changed",
            Self::FieldRequired => "field turned required",
            Self::FieldOptional => "field turned optional",
            Self::FieldFixed => "field fixed to one value",
            Self::FieldNoLongerFixed => "field no longer fixed",
            Self::EnumValueAdded => "enum value added",
            Self::EnumValueRemoved => "enum value removed",
            Self::ConstraintTightened => "constraint tightened",
            Self::ConstraintLoosened => "constraint loosened",
        }
    }
}

/// One difference in the client's public API.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Change {
    /// What changed, in Rust terms (`` `Widget.color` ``, `` `Client::get_widget` ``).
    pub subject: String,
    /// What kind of change it is.
    pub kind: ChangeKind,
    /// What it does to downstream code.
    pub severity: Severity,
    /// Why, for a person: the old and new forms, and what downstream code notices.
    pub why: String,
}

/// Every difference between two versions of a client's public API, in a fixed order
/// (operations by `operationId`, then types by name).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChangeReport {
    /// The differences.
    pub changes: Vec<Change>,
}

/// A version bump: which number of `major.minor.patch` a release raises.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bump {
    /// The version before.
    pub from: semver::Version,
    /// The version after.
    pub to: semver::Version,
}

impl ChangeReport {
    /// The widest change, `None` when nothing changed.
    #[must_use]
    pub fn severity(&self) -> Option<Severity> {
        self.changes.iter().map(|change| change.severity).max()
    }

    /// The version that follows `current` given this report, as Cargo reads versions: a `0.x`
    /// crate's compatible range is its minor version, so a breaking change raises the minor
    /// version and any other change the patch version; from `1.0.0` on, major, minor and patch
    /// are raised as their names say. `None` when nothing changed.
    ///
    /// # Errors
    /// When `current` is not a semantic version (`0.1.0`).
    pub fn bump(&self, current: &str) -> Result<Option<Bump>, String> {
        let from = semver::Version::parse(current)
            .map_err(|error| format!("`{current}` is not a version such as 0.1.0: {error}"))?;
        let Some(severity) = self.severity() else {
            return Ok(None);
        };
        let mut to = semver::Version::new(from.major, from.minor, from.patch);
        match (severity, from.major) {
            (Severity::Major, 0) => {
                to.minor += 1;
                to.patch = 0;
            }
            (Severity::Major, _) => {
                to.major += 1;
                to.minor = 0;
                to.patch = 0;
            }
            (Severity::Minor, major) if major > 0 => {
                to.minor += 1;
                to.patch = 0;
            }
            (Severity::Minor | Severity::Patch, _) => to.patch += 1,
        }
        Ok(Some(Bump { from, to }))
    }

    /// The closing sentence: the bump this report implies for version `current`.
    fn conclusion(&self, current: &str) -> String {
        match (self.severity(), self.bump(current)) {
            (None, _) => "No change to the public API.".to_owned(),
            (Some(severity), Ok(Some(bump))) => {
                let rule = match (severity, bump.from.major) {
                    (Severity::Major, 0) => "breaking; a 0.x crate raises its minor version",
                    (Severity::Major, _) => "breaking",
                    (_, 0) => "compatible; a 0.x crate raises its patch version",
                    (Severity::Minor, _) => "additive",
                    (Severity::Patch, _) => "behaviour only",
                };
                format!(
                    "Implied bump: {} ({rule}): {} → {}",
                    severity.as_str(),
                    bump.from,
                    bump.to
                )
            }
            (Some(severity), Ok(None) | Err(_)) => {
                format!("Implied bump: {}", severity.as_str())
            }
        }
    }

    /// The report as terminal text: one line per change, then the implied bump of `current`;
    /// one line when nothing changed.
    #[must_use]
    pub fn to_text(&self, current: &str) -> String {
        let mut text = String::new();
        for change in &self.changes {
            let _ = writeln!(
                text,
                "  {:<5}  {} {}: {}",
                change.severity.as_str(),
                change.kind.label(),
                change.subject,
                change.why
            );
        }
        text.push_str(&self.conclusion(current));
        text.push('\n');
        text
    }

    /// The report as Markdown, for a changelog or a pull request: a table of the changes and
    /// the implied bump of `current`.
    #[must_use]
    pub fn to_markdown(&self, current: &str) -> String {
        let mut text = String::from("## Changes to the client's public API\n\n");
        if !self.changes.is_empty() {
            text.push_str("| Bump | Change | Item | Why |\n|---|---|---|---|\n");
            for change in &self.changes {
                let _ = writeln!(
                    text,
                    "| {} | {} | {} | {} |",
                    change.severity.as_str(),
                    change.kind.label(),
                    change.subject,
                    change.why.replace('|', "\\|")
                );
            }
            text.push('\n');
        }
        let _ = writeln!(text, "**{}**", self.conclusion(current));
        text
    }
}

/// Compares the public API of `old` with that of `new`.
#[must_use]
pub fn changes(old: &Api, new: &Api) -> ChangeReport {
    let mut report = Vec::new();
    compare_operations(old, new, &mut report);
    compare_types(old, new, &mut report);
    ChangeReport { changes: report }
}

fn change(
    report: &mut Vec<Change>,
    subject: String,
    kind: ChangeKind,
    severity: Severity,
    why: String,
) {
    report.push(Change {
        subject,
        kind,
        severity,
        why,
    });
}

/// A Rust type as the emitted code writes it, spaced for reading.
fn rust_type(api: &Api, ty: &TypeRef) -> String {
    tidy(&emit::type_tokens_text(api, ty))
}

/// Token text (`Vec < types :: X >`) as Rust is written (`Vec<types::X>`).
fn tidy(tokens: &str) -> String {
    let mut text = String::new();
    for word in tokens.split_whitespace() {
        let glue = matches!(word, "::" | "<" | ">" | "," | ":" | ")" | "]" | ">>")
            || text.ends_with("::")
            || text.ends_with('<')
            || text.ends_with('&')
            || text.ends_with('(')
            || text.ends_with('[')
            || text.is_empty();
        if !glue {
            text.push(' ');
        }
        text.push_str(word);
    }
    text
}

fn compare_operations(old: &Api, new: &Api, report: &mut Vec<Change>) {
    let old_operations: BTreeMap<&str, &Operation> = old
        .operations
        .iter()
        .map(|operation| (operation.operation_id.as_str(), operation))
        .collect();
    let new_operations: BTreeMap<&str, &Operation> = new
        .operations
        .iter()
        .map(|operation| (operation.operation_id.as_str(), operation))
        .collect();
    let ids: BTreeSet<&str> = old_operations
        .keys()
        .chain(new_operations.keys())
        .copied()
        .collect();
    for id in ids {
        match (old_operations.get(id), new_operations.get(id)) {
            (Some(before), None) => change(
                report,
                format!("`Client::{}`", before.fn_name),
                ChangeKind::OperationRemoved,
                Severity::Major,
                format!("`{id}` is gone; code that calls the method no longer compiles"),
            ),
            (None, Some(after)) => change(
                report,
                format!("`Client::{}`", after.fn_name),
                ChangeKind::OperationAdded,
                Severity::Minor,
                format!("`{id}` is new; a new method breaks no caller"),
            ),
            (Some(before), Some(after)) => compare_operation(old, before, new, after, report),
            (None, None) => {}
        }
    }
}

/// An operation compiled by another feature: a crate that enables only the old one loses it.
fn compare_feature(
    old: &Api,
    before: &Operation,
    new: &Api,
    after: &Operation,
    subject: &str,
    report: &mut Vec<Change>,
) {
    let feature = |api: &Api, operation: &Operation| {
        operation.resource.map_or_else(
            || "no feature (always compiled)".to_owned(),
            |index| format!("feature `{}`", api.resources[index].feature),
        )
    };
    let (old_feature, new_feature) = (feature(old, before), feature(new, after));
    if old_feature != new_feature {
        change(
            report,
            subject.to_owned(),
            ChangeKind::FeatureChanged,
            Severity::Major,
            format!(
                "compiled with {new_feature}, was {old_feature}; a crate that enables only the \
                 old one no longer has the method"
            ),
        );
    }
}

fn compare_operation(
    old: &Api,
    before: &Operation,
    new: &Api,
    after: &Operation,
    report: &mut Vec<Change>,
) {
    let subject = format!("`Client::{}`", after.fn_name);
    if before.fn_name != after.fn_name {
        change(
            report,
            subject.clone(),
            ChangeKind::OperationRemoved,
            Severity::Major,
            format!(
                "`{}` is now called `{}`; callers of the old name no longer compile",
                before.fn_name, after.fn_name
            ),
        );
        return;
    }
    let route = |api: &Api, operation: &Operation| {
        let server = operation
            .server
            .and_then(|index| api.servers.get(index))
            .map_or(api.base_url.as_str(), |server| server.url.as_str())
            .to_owned();
        format!(
            "{} {server}{}",
            operation.method.as_str(),
            operation.path_template
        )
    };
    compare_feature(old, before, new, after, &subject, report);
    let (old_route, new_route) = (route(old, before), route(new, after));
    if old_route != new_route {
        change(
            report,
            subject.clone(),
            ChangeKind::RouteChanged,
            Severity::Patch,
            format!("sent as `{new_route}`, was `{old_route}`; the signature is unchanged"),
        );
    }
    let (old_signature, new_signature) = (
        emit::signature_text(old, before),
        emit::signature_text(new, after),
    );
    match (old_signature, new_signature) {
        (Some((old_inputs, old_output)), Some((new_inputs, new_output))) => {
            let (old_inputs, new_inputs): (Vec<String>, Vec<String>) = (
                old_inputs.iter().map(|input| tidy(input)).collect(),
                new_inputs.iter().map(|input| tidy(input)).collect(),
            );
            if old_inputs != new_inputs {
                change(
                    report,
                    subject.clone(),
                    ChangeKind::RequestShapeChanged,
                    Severity::Major,
                    format!(
                        "takes `({})`, took `({})`; calls written for the old arguments no \
                         longer compile",
                        new_inputs.join(", "),
                        old_inputs.join(", ")
                    ),
                );
            }
            let (old_output, new_output) = (tidy(&old_output), tidy(&new_output));
            if old_output != new_output {
                change(
                    report,
                    subject.clone(),
                    ChangeKind::ReplyShapeChanged,
                    Severity::Major,
                    format!(
                        "returns `{new_output}`, returned `{old_output}`; code that reads the \
                         old reply no longer compiles"
                    ),
                );
            }
        }
        // Only a generator bug makes a method's tokens unparsable, and emitting reports it.
        _ => change(
            report,
            subject.clone(),
            ChangeKind::RequestShapeChanged,
            Severity::Major,
            "its signature could not be read, so it is assumed to have changed".to_owned(),
        ),
    }
    compare_params_structs(old, before, new, after, report);
}

/// The fields of an operation's parameters struct, which callers build with `new`.
fn compare_params_structs(
    old: &Api,
    before: &Operation,
    new: &Api,
    after: &Operation,
    report: &mut Vec<Change>,
) {
    let old_params = before.params_struct.as_ref().map(|params| &params.name);
    let new_params = after.params_struct.as_ref().map(|params| &params.name);
    if let (Some(old_name), Some(new_name)) = (old_params, new_params)
        && old_name == new_name
    {
        let members = |api: &Api, operation: &Operation| -> Vec<Member> {
            operation
                .params
                .iter()
                .filter(|param| !matches!(param.sending, Sending::Path(_)))
                .map(|param| Member {
                    rust_name: param.rust_name.clone(),
                    rust_type: if param.required {
                        rust_type(api, &param.ty)
                    } else {
                        format!("Option<{}>", rust_type(api, &param.ty))
                    },
                    required: param.required,
                    constructor_argument: param.required,
                    constraints: constraints_of(&param.ty),
                })
                .collect()
        };
        compare_members(
            new_name,
            &members(old, before),
            &members(new, after),
            true,
            report,
        );
        if let (Some(old_params), Some(new_params)) = (&before.params_struct, &after.params_struct)
        {
            compare_default(
                new_name,
                old_params.derives_default,
                new_params.derives_default,
                report,
            );
        }
    }
}

/// A struct that implements `Default` only while every field is optional: losing it breaks
/// `T::default()` downstream.
fn compare_default(owner: &str, before: bool, after: bool, report: &mut Vec<Change>) {
    match (before, after) {
        (true, false) => change(
            report,
            format!("`{owner}`"),
            ChangeKind::TypeReshaped,
            Severity::Major,
            format!(
                "no longer implements `Default` (a field is now required); code that calls \
                 `{owner}::default()` no longer compiles"
            ),
        ),
        (false, true) => change(
            report,
            format!("`{owner}`"),
            ChangeKind::TypeReshaped,
            Severity::Minor,
            format!(
                "now implements `Default` (every field is optional): `{owner}::default()` is new"
            ),
        ),
        _ => {}
    }
}

/// A struct field, or a parameters struct's field, as downstream code sees it.
struct Member {
    rust_name: String,
    /// With the `Option`s its presence adds.
    rust_type: String,
    /// Must be given.
    required: bool,
    /// An argument of the struct's `new`.
    constructor_argument: bool,
    constraints: Vec<Constraint>,
}

fn field_member(api: &Api, field: &Field, constructed: bool) -> Member {
    let inner = rust_type(api, &field.ty);
    let rust_type = match field.presence {
        Presence::Required => inner,
        Presence::Optional { .. } | Presence::ReceivedOnly => format!("Option<{inner}>"),
        Presence::OptionalNullable => format!("Option<Option<{inner}>>"),
    };
    let required = field.presence == Presence::Required;
    Member {
        rust_name: field.rust_name.clone(),
        rust_type,
        required,
        // A field the spec fixes to one value is set by `new`, not given to it.
        constructor_argument: constructed && required && field.fixed.is_none(),
        constraints: constraints_of(&field.ty),
    }
}

/// Compares the fields of the struct `owner`; `constructed` when it has a `new`.
fn compare_members(
    owner: &str,
    old: &[Member],
    new: &[Member],
    constructed: bool,
    report: &mut Vec<Change>,
) {
    let old_by_name: BTreeMap<&str, &Member> = old
        .iter()
        .map(|member| (member.rust_name.as_str(), member))
        .collect();
    let new_by_name: BTreeMap<&str, &Member> = new
        .iter()
        .map(|member| (member.rust_name.as_str(), member))
        .collect();
    for before in old {
        let subject = format!("`{owner}.{}`", before.rust_name);
        let Some(after) = new_by_name.get(before.rust_name.as_str()) else {
            change(
                report,
                subject,
                ChangeKind::FieldRemoved,
                Severity::Major,
                "code that reads or sets it no longer compiles".to_owned(),
            );
            continue;
        };
        if before.required != after.required {
            let (kind, what) = if after.required {
                (ChangeKind::FieldRequired, "required")
            } else {
                (ChangeKind::FieldOptional, "optional")
            };
            let argument = if constructed {
                format!(" and `{owner}::new` takes other arguments")
            } else {
                String::new()
            };
            change(
                report,
                subject.clone(),
                kind,
                Severity::Major,
                format!(
                    "now {what}: `{}`, was `{}`{argument}; code that reads or sets it no longer \
                     compiles",
                    after.rust_type, before.rust_type
                ),
            );
        } else if before.constructor_argument != after.constructor_argument {
            fixed_changed(owner, subject.clone(), after.constructor_argument, report);
        } else if before.rust_type != after.rust_type {
            change(
                report,
                subject.clone(),
                ChangeKind::FieldTypeChanged,
                Severity::Major,
                format!(
                    "`{}`, was `{}`; code that reads or sets it no longer compiles",
                    after.rust_type, before.rust_type
                ),
            );
        } else {
            compare_constraints(&subject, &before.constraints, &after.constraints, report);
        }
    }
    for after in new {
        if old_by_name.contains_key(after.rust_name.as_str()) {
            continue;
        }
        let subject = format!("`{owner}.{}`", after.rust_name);
        // `#[non_exhaustive]` leaves downstream code no struct literal or exhaustive pattern
        // that a new field could break: only `new`'s arguments can.
        let (severity, why) = if after.constructor_argument {
            (
                Severity::Major,
                format!(
                    "required `{}`: `{owner}::new` takes it as a new argument; calls of the old \
                     `new` no longer compile",
                    after.rust_type
                ),
            )
        } else if constructed {
            (
                Severity::Minor,
                format!(
                    "`{}`, not an argument of `{owner}::new`: the struct is \
                     `#[non_exhaustive]`, so code that builds it with `new` and the `with_…` \
                     setters keeps compiling",
                    after.rust_type
                ),
            )
        } else {
            (
                Severity::Minor,
                format!(
                    "`{}`; `{owner}` is only received and `#[non_exhaustive]`, so code that reads \
                     its fields keeps compiling",
                    after.rust_type
                ),
            )
        };
        change(report, subject, ChangeKind::FieldAdded, severity, why);
    }
}

/// A required field of a constructed struct that the spec fixed to one value and no longer
/// does (`now_argument`), or the reverse: `new` gains or loses it as an argument.
fn fixed_changed(owner: &str, subject: String, now_argument: bool, report: &mut Vec<Change>) {
    let (kind, why) = if now_argument {
        (
            ChangeKind::FieldNoLongerFixed,
            format!(
                "the spec now allows it more than one value: `{owner}::new` takes it as a new \
                 argument; calls of the old `new` no longer compile"
            ),
        )
    } else {
        (
            ChangeKind::FieldFixed,
            format!(
                "the spec now allows it one value, which `{owner}::new` sets: `new` no longer \
                 takes it, and calls that pass it no longer compile"
            ),
        )
    };
    change(report, subject, kind, Severity::Major, why);
}

/// One bound on the values at a place, named as the spec names it.
#[derive(Clone, Debug)]
struct Constraint {
    keyword: &'static str,
    /// Lower bounds tighten as they rise; upper bounds as they fall; sets as they shrink.
    direction: Direction,
    value: Option<String>,
    /// The value as a number, for bounds; as a sorted list, for sets.
    number: Option<f64>,
    set: Option<BTreeSet<String>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Direction {
    Lower,
    Upper,
    /// A set of allowed values.
    Set,
    /// Present or absent, or changed in a way that cannot be ordered (`pattern`, `format`):
    /// absent → present tightens, present → absent loosens, a change tightens.
    Rule,
}

fn bound(keyword: &'static str, direction: Direction, value: Option<String>) -> Constraint {
    let number = value.as_deref().and_then(|value| value.parse::<f64>().ok());
    Constraint {
        keyword,
        direction,
        value,
        number,
        set: None,
    }
}

/// The bounds of the values at a place. (A field's `range` and `listed` are read from the same
/// keywords, so they are not counted again.)
fn constraints_of(ty: &TypeRef) -> Vec<Constraint> {
    let mut constraints = Vec::new();
    type_constraints(ty, &mut constraints);
    constraints
}

/// The bounds inline types carry (named types are compared as types of their own).
fn type_constraints(ty: &TypeRef, constraints: &mut Vec<Constraint>) {
    match ty {
        TypeRef::String(strings) => string_constraints(strings, constraints),
        TypeRef::Integer(integer) => numeric_constraints(&integer.constraints, constraints),
        TypeRef::Number(numbers) => numeric_constraints(numbers, constraints),
        TypeRef::Array(items, bounds) => {
            item_constraints(**bounds, constraints);
            type_constraints(items, constraints);
        }
        TypeRef::Nullable(inner) | TypeRef::MapOf(inner, _) => {
            type_constraints(inner, constraints);
        }
        TypeRef::Tuple(positions) => {
            for position in positions {
                type_constraints(position, constraints);
            }
        }
        TypeRef::Named(_) | TypeRef::Boolean | TypeRef::Map(_) | TypeRef::Any | TypeRef::File => {}
    }
}

fn string_constraints(strings: &StringConstraints, constraints: &mut Vec<Constraint>) {
    let text = |value: Option<u64>| value.map(|value| value.to_string());
    constraints.push(bound(
        "minLength",
        Direction::Lower,
        text(strings.min_length),
    ));
    constraints.push(bound(
        "maxLength",
        Direction::Upper,
        text(strings.max_length),
    ));
    constraints.push(bound("pattern", Direction::Rule, strings.pattern.clone()));
    constraints.push(bound("format", Direction::Rule, strings.format.clone()));
}

fn numeric_constraints(numbers: &NumericConstraints, constraints: &mut Vec<Constraint>) {
    let text = |value: &Option<serde_json::Number>| value.as_ref().map(ToString::to_string);
    constraints.push(bound("minimum", Direction::Lower, text(&numbers.minimum)));
    constraints.push(bound("maximum", Direction::Upper, text(&numbers.maximum)));
    constraints.push(bound(
        "exclusiveMinimum",
        Direction::Lower,
        text(&numbers.exclusive_minimum),
    ));
    constraints.push(bound(
        "exclusiveMaximum",
        Direction::Upper,
        text(&numbers.exclusive_maximum),
    ));
    if let Some(allowed) = &numbers.allowed {
        let set: BTreeSet<String> = allowed.iter().map(ToString::to_string).collect();
        constraints.push(Constraint {
            keyword: "enum",
            direction: Direction::Set,
            value: Some(set.iter().cloned().collect::<Vec<_>>().join(", ")),
            number: None,
            set: Some(set),
        });
    }
    constraints.push(bound(
        "multipleOf",
        Direction::Rule,
        text(&numbers.multiple_of),
    ));
}

fn item_constraints(bounds: ItemBounds, constraints: &mut Vec<Constraint>) {
    let text = |value: Option<u64>| value.map(|value| value.to_string());
    constraints.push(bound("minItems", Direction::Lower, text(bounds.min_items)));
    constraints.push(bound("maxItems", Direction::Upper, text(bounds.max_items)));
    constraints.push(bound(
        "uniqueItems",
        Direction::Rule,
        bounds.unique.then(|| "true".to_owned()),
    ));
}

/// Reports each bound that moved. Constraints change which values the client and the server
/// accept, never a signature: a patch. (A value a tightened request bound now refuses was one
/// the new spec says the server refuses too; the client only says so before sending.)
fn compare_constraints(
    subject: &str,
    old: &[Constraint],
    new: &[Constraint],
    report: &mut Vec<Change>,
) {
    for after in new {
        let before = old
            .iter()
            .find(|before| before.keyword == after.keyword && before.direction == after.direction);
        let before_value = before.and_then(|before| before.value.clone());
        if before_value == after.value {
            continue;
        }
        let tightened = match (before, after.direction) {
            (Some(before), Direction::Lower | Direction::Upper) => {
                match (before.number, after.number) {
                    (None, _) => true,
                    (Some(_), None) => false,
                    (Some(old), Some(new)) => (after.direction == Direction::Lower) == (new > old),
                }
            }
            (Some(before), Direction::Set) => match (&before.set, &after.set) {
                (Some(old), Some(new)) => !new.is_superset(old),
                (None, _) => true,
                (Some(_), None) => false,
            },
            (Some(_), Direction::Rule) | (None, _) => after.value.is_some(),
        };
        let show = |value: &Option<String>| value.clone().unwrap_or_else(|| "none".to_owned());
        let (kind, what) = if tightened {
            (ChangeKind::ConstraintTightened, "fewer values are valid")
        } else {
            (ChangeKind::ConstraintLoosened, "more values are valid")
        };
        change(
            report,
            subject.to_owned(),
            kind,
            Severity::Patch,
            format!(
                "`{}` {}, was {}: {what}; every signature stays as it was",
                after.keyword,
                show(&after.value),
                show(&before_value)
            ),
        );
    }
}

/// A type's structure without its name, for telling a rename from a removal and an addition.
fn structure(api: &Api, definition: &TypeDef) -> String {
    match &definition.kind {
        TypeKind::Struct(structure) => {
            let fields: Vec<String> = structure
                .fields
                .iter()
                .map(|field| {
                    format!(
                        "{}:{}:{}",
                        field.wire_name,
                        field_member(api, field, false).rust_type,
                        field.rust_name
                    )
                })
                .collect();
            let flattened: Vec<String> = structure
                .forms
                .iter()
                .chain(&structure.additional)
                .map(|field| format!("{}:{}", field.rust_name, rust_type(api, &field.ty)))
                .collect();
            format!("struct {fields:?} {flattened:?}")
        }
        TypeKind::Enum(enumeration) => {
            let values: Vec<&str> = enumeration
                .variants
                .iter()
                .map(|variant| variant.wire.as_str())
                .collect();
            format!("enum {values:?}")
        }
        TypeKind::Newtype(newtype) => format!("newtype {:?}", newtype.constraints),
        TypeKind::OneOf(one_of) => {
            let variants: Vec<String> = one_of
                .variants
                .iter()
                .map(|variant| format!("{}:{}", variant.rust_name, rust_type(api, &variant.ty)))
                .collect();
            format!("choice {variants:?}")
        }
        TypeKind::ByStatus(by_status) => {
            let variants: Vec<String> = by_status
                .variants
                .iter()
                .map(|variant| format!("{}:{}", variant.rust_name, rust_type(api, &variant.ty)))
                .collect();
            format!("by status {variants:?}")
        }
    }
}

/// What kind of type `definition` is, in words.
fn kind_name(definition: &TypeDef) -> &'static str {
    match &definition.kind {
        TypeKind::Struct(_) => "a struct",
        TypeKind::Enum(_) => "an enum",
        TypeKind::Newtype(_) => "a checked string",
        TypeKind::OneOf(_) => "a choice",
        TypeKind::ByStatus(_) => "a choice of error bodies",
    }
}

/// Whether downstream code builds values of a struct with `new`: structs sent in requests.
fn constructed(definition: &TypeDef) -> bool {
    matches!(definition.kind, TypeKind::Struct(_)) && definition.usage.request
}

fn compare_types(old: &Api, new: &Api, report: &mut Vec<Change>) {
    let old_types: BTreeMap<&str, &TypeDef> = old
        .types
        .iter()
        .map(|definition| (definition.name.as_str(), definition))
        .collect();
    let new_types: BTreeMap<&str, &TypeDef> = new
        .types
        .iter()
        .map(|definition| (definition.name.as_str(), definition))
        .collect();
    let mut added: Vec<&str> = new_types
        .keys()
        .filter(|name| !old_types.contains_key(*name))
        .copied()
        .collect();
    let mut lines = Vec::new();
    for (name, before) in &old_types {
        if let Some(after) = new_types.get(name) {
            compare_type(old, before, new, after, &mut lines);
            continue;
        }
        let shape = structure(old, before);
        let renamed = added
            .iter()
            .position(|candidate| structure(new, new_types[candidate]) == shape);
        if let Some(index) = renamed {
            let new_name = added.remove(index);
            change(
                &mut lines,
                format!("`{name}`"),
                ChangeKind::TypeRenamed,
                Severity::Major,
                format!(
                    "now `{new_name}`, with the same structure; code that names `{name}` no \
                     longer compiles"
                ),
            );
        } else {
            change(
                &mut lines,
                format!("`{name}`"),
                ChangeKind::TypeRemoved,
                Severity::Major,
                format!(
                    "{} no longer in the API; code that names it no longer compiles",
                    kind_name(before)
                ),
            );
        }
    }
    for name in added {
        change(
            &mut lines,
            format!("`{name}`"),
            ChangeKind::TypeAdded,
            Severity::Minor,
            format!("{}; a new name breaks no code", kind_name(new_types[name])),
        );
    }
    lines.sort_by(|a, b| a.subject.cmp(&b.subject));
    report.append(&mut lines);
}

fn compare_type(old: &Api, before: &TypeDef, new: &Api, after: &TypeDef, report: &mut Vec<Change>) {
    let name = after.name.as_str();
    let subject = format!("`{name}`");
    let (old_module, new_module) = (
        old.module_name(before.module),
        new.module_name(after.module),
    );
    if old_module != new_module {
        change(
            report,
            subject.clone(),
            ChangeKind::TypeMoved,
            Severity::Major,
            format!(
                "now `types::{new_module}::{name}`, was `types::{old_module}::{name}`; \
                 `types::{name}` still names it, but code that names the old module, or builds \
                 with only the features that compiled it there, no longer compiles"
            ),
        );
    }
    match (&before.kind, &after.kind) {
        (TypeKind::Struct(old_struct), TypeKind::Struct(new_struct)) => {
            compare_structs(old, before, old_struct, new, after, new_struct, report);
        }
        (TypeKind::Enum(old_enum), TypeKind::Enum(new_enum)) => {
            let old_values: Vec<(&str, &str)> = old_enum
                .variants
                .iter()
                .map(|variant| (variant.wire.as_str(), variant.rust_name.as_str()))
                .collect();
            let new_values: Vec<(&str, &str)> = new_enum
                .variants
                .iter()
                .map(|variant| (variant.wire.as_str(), variant.rust_name.as_str()))
                .collect();
            compare_variants(name, &old_values, &new_values, "value", report);
        }
        (TypeKind::Newtype(old_newtype), TypeKind::Newtype(new_newtype)) => {
            let (mut before, mut after) = (Vec::new(), Vec::new());
            string_constraints(&old_newtype.constraints, &mut before);
            string_constraints(&new_newtype.constraints, &mut after);
            compare_constraints(&subject, &before, &after, report);
        }
        (TypeKind::OneOf(old_choice), TypeKind::OneOf(new_choice)) => {
            let forms = |api: &Api, choice: &crate::ir::OneOfDef| -> Vec<(String, String)> {
                choice
                    .variants
                    .iter()
                    .map(|variant| (variant.rust_name.clone(), rust_type(api, &variant.ty)))
                    .collect()
            };
            compare_forms(
                name,
                &forms(old, old_choice),
                &forms(new, new_choice),
                report,
            );
        }
        (TypeKind::ByStatus(old_choice), TypeKind::ByStatus(new_choice)) => {
            let forms = |api: &Api, choice: &crate::ir::ByStatusDef| -> Vec<(String, String)> {
                choice
                    .variants
                    .iter()
                    .map(|variant| (variant.rust_name.clone(), rust_type(api, &variant.ty)))
                    .collect()
            };
            compare_forms(
                name,
                &forms(old, old_choice),
                &forms(new, new_choice),
                report,
            );
        }
        _ => change(
            report,
            subject,
            ChangeKind::TypeReshaped,
            Severity::Major,
            format!(
                "now {}, was {}; code that builds or reads it no longer compiles",
                kind_name(after),
                kind_name(before)
            ),
        ),
    }
}

/// Enum values by wire value: `(wire, Rust variant)`.
fn compare_variants(
    owner: &str,
    old: &[(&str, &str)],
    new: &[(&str, &str)],
    what: &str,
    report: &mut Vec<Change>,
) {
    for (wire, variant) in old {
        match new.iter().find(|(new_wire, _)| new_wire == wire) {
            None => change(
                report,
                format!("`{owner}::{variant}`"),
                ChangeKind::EnumValueRemoved,
                Severity::Major,
                format!("the {what} `{wire}` is gone; code that names it no longer compiles"),
            ),
            Some((_, new_variant)) if new_variant != variant => change(
                report,
                format!("`{owner}::{variant}`"),
                ChangeKind::EnumValueRemoved,
                Severity::Major,
                format!(
                    "the {what} `{wire}` is now `{owner}::{new_variant}`; code that names the \
                     old variant no longer compiles"
                ),
            ),
            Some(_) => {}
        }
    }
    for (wire, variant) in new {
        if !old.iter().any(|(old_wire, _)| old_wire == wire) {
            change(
                report,
                format!("`{owner}::{variant}`"),
                ChangeKind::EnumValueAdded,
                Severity::Minor,
                format!(
                    "the {what} `{wire}` is new; the enum is `#[non_exhaustive]`, so every \
                     `match` on it already has a `_` arm"
                ),
            );
        }
    }
}

/// A choice's forms by variant name: `(variant, Rust type)`.
fn compare_forms(
    owner: &str,
    old: &[(String, String)],
    new: &[(String, String)],
    report: &mut Vec<Change>,
) {
    for (variant, ty) in old {
        match new.iter().find(|(new_variant, _)| new_variant == variant) {
            None => change(
                report,
                format!("`{owner}::{variant}`"),
                ChangeKind::EnumValueRemoved,
                Severity::Major,
                format!(
                    "the form `{variant}({ty})` is gone; code that names it no longer compiles"
                ),
            ),
            Some((_, new_ty)) if new_ty != ty => change(
                report,
                format!("`{owner}::{variant}`"),
                ChangeKind::FieldTypeChanged,
                Severity::Major,
                format!(
                    "holds `{new_ty}`, held `{ty}`; code that builds or reads it no longer compiles"
                ),
            ),
            Some(_) => {}
        }
    }
    for (variant, ty) in new {
        if !old.iter().any(|(old_variant, _)| old_variant == variant) {
            change(
                report,
                format!("`{owner}::{variant}`"),
                ChangeKind::EnumValueAdded,
                Severity::Minor,
                format!(
                    "the form `{variant}({ty})` is new; the choice is `#[non_exhaustive]`, so \
                     every `match` on it already has a `_` arm"
                ),
            );
        }
    }
}

fn compare_structs(
    old: &Api,
    before: &TypeDef,
    old_struct: &StructDef,
    new: &Api,
    after: &TypeDef,
    new_struct: &StructDef,
    report: &mut Vec<Change>,
) {
    let name = after.name.as_str();
    let subject = format!("`{name}`");
    match (constructed(before), constructed(after)) {
        (true, false) => change(
            report,
            subject.clone(),
            ChangeKind::TypeReshaped,
            Severity::Major,
            format!(
                "no longer sent in requests, so `{name}::new` is gone; its callers no \
                 longer compile"
            ),
        ),
        (false, true) => change(
            report,
            subject.clone(),
            ChangeKind::TypeReshaped,
            Severity::Minor,
            format!("now also sent in requests: `{name}::new` is new"),
        ),
        _ => {}
    }
    let is_constructed = constructed(before) && constructed(after);
    let members = |api: &Api, structure: &StructDef| -> Vec<Member> {
        let mut members: Vec<Member> = structure
            .fields
            .iter()
            .map(|field| field_member(api, field, constructed(after)))
            .collect();
        // Flattened choices are `new`'s arguments too; flattened maps start empty.
        if let Some(forms) = &structure.forms {
            members.push(Member {
                rust_name: forms.rust_name.clone(),
                rust_type: rust_type(api, &forms.ty),
                required: true,
                constructor_argument: constructed(after),
                constraints: Vec::new(),
            });
        }
        if let Some(additional) = &structure.additional {
            members.push(Member {
                rust_name: additional.rust_name.clone(),
                rust_type: format!(
                    "std::collections::BTreeMap<String, {}>",
                    rust_type(api, &additional.ty)
                ),
                required: true,
                constructor_argument: false,
                constraints: Vec::new(),
            });
        }
        members
    };
    compare_members(
        name,
        &members(old, old_struct),
        &members(new, new_struct),
        is_constructed,
        report,
    );
    compare_default(
        name,
        old_struct.derives_default,
        new_struct.derives_default,
        report,
    );
    if old_struct.closed != new_struct.closed {
        let (kind, what) = if new_struct.closed {
            (
                ChangeKind::ConstraintTightened,
                "now refuses properties it does not list",
            )
        } else {
            (
                ChangeKind::ConstraintLoosened,
                "now allows properties it does not list",
            )
        };
        change(
            report,
            subject,
            kind,
            Severity::Patch,
            format!("`additionalProperties`: {what}; every signature stays as it was"),
        );
    }
}
