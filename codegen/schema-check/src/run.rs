//! One run: every case, every kind of instance, every failure recorded.

use std::collections::HashSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Instant;

use jsonschema::Validator;
use proptest::strategy::{Strategy, ValueTree};
use serde_json::Value;

use crate::edges::{self, Context, Instance};
use crate::json::{brief, child, first_difference, stable_hash};
use crate::model::{Node, Reader, compile, schema_pointer_for};
use crate::mutate::{self, Kind, Mutation};
use crate::normalise::{ORIGIN, as_written, normalise};
use crate::random;
use crate::report::{Failure, FailureKind, Outcome, Report, Summary};
use crate::{Case, Config, Direction};

/// How many validation errors a failure quotes.
const QUOTED_ERRORS: usize = 5;

pub(crate) fn run(config: &Config, cases: &[Case]) -> Report {
    let start = Instant::now();
    let mut summary = Summary {
        cases: cases.len(),
        ..Summary::default()
    };
    let mut failures = Vec::new();
    for case in cases {
        CaseRun {
            config,
            case,
            summary: &mut summary,
            failures: &mut failures,
        }
        .run();
    }
    summary.failed_instances = failures.len();
    let mut report = Report {
        summary,
        failures,
        listed_problems: config.listed_problems,
    };
    report.summary.problems = report.problems().len();
    report.summary.elapsed = start.elapsed();
    report
}

/// The schema as the instances see it.
struct Checked {
    normalised: Value,
    validator: Validator,
    root: Node,
}

struct CaseRun<'run> {
    config: &'run Config,
    case: &'run Case,
    summary: &'run mut Summary,
    failures: &'run mut Vec<Failure>,
}

impl CaseRun<'_> {
    fn schema_problem(&mut self, pointer: String, message: String) {
        self.failures.push(Failure {
            case: self.case.name.to_owned(),
            kind: FailureKind::Schema,
            schema_pointer: pointer,
            instance_pointer: String::new(),
            derived: String::new(),
            instance: Value::Null,
            outcome: Outcome::NotCalled,
            detail: message,
        });
    }

    fn prepare(&mut self) -> Option<Checked> {
        let normalised = match normalise(&self.case.schema, self.case.direction) {
            Ok(normalised) => normalised,
            Err(problems) => {
                for problem in problems {
                    self.schema_problem(problem.pointer, problem.message);
                }
                return None;
            }
        };
        let validator = match compile(&normalised) {
            Ok(validator) => validator,
            Err(error) => {
                self.schema_problem(
                    String::new(),
                    format!("the schema does not compile: {error}"),
                );
                return None;
            }
        };
        let mut reader = Reader {
            direction: self.case.direction,
            problems: Vec::new(),
        };
        let root = reader.node(&normalised);
        if !reader.problems.is_empty() {
            for problem in reader.problems {
                self.schema_problem(problem.pointer, problem.message);
            }
            return None;
        }
        Some(Checked {
            normalised,
            validator,
            root,
        })
    }

    fn run(mut self) {
        let Some(checked) = self.prepare() else {
            return;
        };
        let seed = self.config.seed ^ stable_hash(self.case.name);
        let mut context = Context {
            seed,
            unlisted_properties: self.config.unlisted_properties,
            problems: Vec::new(),
        };
        let edges = edges::edges(&checked.root, &mut context);
        let mut reported = HashSet::new();
        for problem in context.problems {
            if reported.insert(problem.pointer.clone()) {
                self.schema_problem(problem.pointer, problem.message);
            }
        }
        for instance in &edges {
            self.summary.edge_instances += 1;
            if let Some(failure) = self.valid(&checked, instance) {
                self.failures.push(failure);
            }
        }
        self.random(&checked, seed);
        match self.case.direction {
            Direction::Reply => self.lenient(&checked, &edges),
            Direction::Request if self.case.reject_invalid => self.invalid(&checked, &edges),
            Direction::Request => {}
        }
    }

    fn random(&mut self, checked: &Checked, seed: u64) {
        let strategy = random::strategy(&checked.root, self.config.unlisted_properties);
        for index in 0..self.config.random_instances {
            let mut runner = random::runner(seed, u64::from(index));
            let mut tree = match strategy.new_tree(&mut runner) {
                Ok(tree) => tree,
                Err(reason) => {
                    self.schema_problem(
                        checked.root.origin.clone(),
                        format!("no random instance could be drawn: {reason}"),
                    );
                    return;
                }
            };
            self.summary.random_instances += 1;
            let what = format!("random instance {index} (seed {seed})");
            let instance = Instance {
                value: tree.current(),
                schema: checked.root.origin.clone(),
                at: String::new(),
                what: what.clone(),
            };
            let Some(failure) = self.valid(checked, &instance) else {
                continue;
            };
            // Simplify while it fails the same way, as proptest shrinks.
            let kind = failure.kind;
            let mut smallest = failure;
            let fails = |value: Value| {
                let instance = Instance {
                    value,
                    schema: checked.root.origin.clone(),
                    at: String::new(),
                    what: format!("{what}, simplified"),
                };
                self.valid(checked, &instance)
                    .filter(|failure| failure.kind == kind)
            };
            if tree.simplify() {
                for _ in 0..self.config.shrink_steps {
                    if let Some(failure) = fails(tree.current()) {
                        smallest = failure;
                        if !tree.simplify() {
                            break;
                        }
                    } else if !tree.complicate() {
                        break;
                    }
                }
            }
            self.failures.push(smallest);
        }
    }

    /// Calls the round trip, catching a panic.
    fn round_trip(&self, value: &Value) -> Outcome {
        let round_trip = self.case.round_trip;
        let value = value.clone();
        match catch_unwind(AssertUnwindSafe(move || round_trip(value))) {
            Ok(Ok(value)) => Outcome::Returned(value),
            Ok(Err(error)) => Outcome::Error(error),
            Err(panic) => Outcome::Panicked(
                panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|text| (*text).to_owned()))
                    .unwrap_or_else(|| "(not a string)".to_owned()),
            ),
        }
    }

    fn failure(
        &self,
        kind: FailureKind,
        instance: &Instance,
        outcome: Outcome,
        detail: String,
    ) -> Failure {
        Failure {
            case: self.case.name.to_owned(),
            kind,
            schema_pointer: instance.schema.clone(),
            instance_pointer: instance.at.clone(),
            derived: instance.what.clone(),
            instance: instance.value.clone(),
            outcome,
            detail,
        }
    }

    /// The failure of a valid instance, if it fails.
    fn valid(&self, checked: &Checked, instance: &Instance) -> Option<Failure> {
        if !checked.validator.is_valid(&instance.value) {
            let (schema, at, detail) = errors(checked, &instance.value);
            let mut failure = self.failure(
                FailureKind::GeneratedInvalid,
                instance,
                Outcome::NotCalled,
                detail,
            );
            failure.schema_pointer = schema;
            failure.instance_pointer = at;
            return Some(failure);
        }
        let returned = match self.round_trip(&instance.value) {
            Outcome::Returned(returned) => returned,
            outcome => {
                return Some(self.failure(
                    FailureKind::ValidRejected,
                    instance,
                    outcome,
                    String::new(),
                ));
            }
        };
        if let Some(at) = first_difference(&instance.value, &returned) {
            let show = |value: &Value| {
                value
                    .pointer(&at)
                    .map_or_else(|| "nothing".to_owned(), |value| brief(value, 200))
            };
            let detail = format!(
                "at {}: sent {}, came back {}",
                if at.is_empty() { "the root" } else { &at },
                show(&instance.value),
                show(&returned)
            );
            let mut failure = self.failure(
                FailureKind::Changed,
                instance,
                Outcome::Returned(returned),
                detail,
            );
            failure.schema_pointer = schema_pointer_for(&checked.root, &instance.value, &at);
            failure.instance_pointer = at;
            return Some(failure);
        }
        if !checked.validator.is_valid(&returned) {
            let (schema, at, detail) = errors(checked, &returned);
            let mut failure = self.failure(
                FailureKind::ResultInvalid,
                instance,
                Outcome::Returned(returned),
                detail,
            );
            failure.schema_pointer = schema;
            failure.instance_pointer = at;
            return Some(failure);
        }
        None
    }

    fn lenient(&mut self, checked: &Checked, edges: &[Instance]) {
        let mut tried = HashSet::new();
        for edge in edges {
            let mut mutations = Vec::new();
            mutate::lenient(&checked.root, &edge.value, &mut mutations);
            for mutation in mutations {
                if !tried.insert(mutation.key()) {
                    continue;
                }
                self.summary.lenient_instances += 1;
                let instance = mutated(&mutation, &edge.value);
                let outcome = self.round_trip(&instance.value);
                if !matches!(outcome, Outcome::Returned(_)) {
                    let failure =
                        self.failure(FailureKind::NotLenient, &instance, outcome, String::new());
                    self.failures.push(failure);
                }
            }
        }
    }

    fn invalid(&mut self, checked: &Checked, edges: &[Instance]) {
        let mut tried = HashSet::new();
        for edge in edges {
            let mut mutations = Vec::new();
            mutate::invalid(
                &checked.root,
                &edge.value,
                &self.config.invalid,
                &mut mutations,
            );
            for mutation in mutations {
                if tried.contains(&mutation.key()) || self.case.is_lenient_at(&mutation.schema) {
                    continue;
                }
                let instance = mutated(&mutation, &edge.value);
                // Only what the schema rejects is invalid; try the next instance otherwise.
                if checked.validator.is_valid(&instance.value) {
                    continue;
                }
                tried.insert(mutation.key());
                self.summary.invalid_instances += 1;
                let outcome = self.round_trip(&instance.value);
                if let Outcome::Returned(_) = outcome {
                    let Kind::Invalid(kind) = mutation.kind else {
                        continue;
                    };
                    let (_, _, errors) = errors(checked, &instance.value);
                    let detail = format!("{kind:?}; the schema says:\n{errors}");
                    let failure =
                        self.failure(FailureKind::InvalidAccepted, &instance, outcome, detail);
                    self.failures.push(failure);
                }
            }
        }
    }
}

fn mutated(mutation: &Mutation, instance: &Value) -> Instance {
    Instance {
        value: mutation.apply(instance),
        schema: mutation.schema.clone(),
        at: mutation.at.clone(),
        what: mutation.what.clone(),
    }
}

/// The validation errors of `value`: the first error's schema pointer (as written) and
/// instance pointer, and up to [`QUOTED_ERRORS`] errors as text.
fn errors(checked: &Checked, value: &Value) -> (String, String, String) {
    let mut schema = String::new();
    let mut at = String::new();
    let mut lines = Vec::new();
    for (index, error) in checked.validator.iter_errors(value).enumerate() {
        let written = origin_of(&checked.normalised, error.schema_path().as_str());
        if index == 0 {
            schema.clone_from(&written);
            error.instance_path().as_str().clone_into(&mut at);
        }
        if index < QUOTED_ERRORS {
            lines.push(format!(
                "{} (instance {}, schema #{written})",
                error,
                if error.instance_path().as_str().is_empty() {
                    "root"
                } else {
                    error.instance_path().as_str()
                }
            ));
        } else {
            lines.push("…".to_owned());
            break;
        }
    }
    (schema, at, lines.join("\n"))
}

/// A pointer into the normalised schema, as a pointer into the schema as written: the nearest
/// node's origin, and the rest of the path.
fn origin_of(normalised: &Value, pointer: &str) -> String {
    let mut current = Some(normalised);
    let mut origin = normalised
        .get(ORIGIN)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let mut rest: Vec<String> = Vec::new();
    for token in pointer.split('/').skip(1) {
        let unescaped = token.replace("~1", "/").replace("~0", "~");
        current = current.and_then(|value| match value {
            Value::Object(map) => map.get(&unescaped),
            Value::Array(items) => unescaped
                .parse::<usize>()
                .ok()
                .and_then(|index| items.get(index)),
            _ => None,
        });
        match current
            .and_then(|value| value.get(ORIGIN))
            .and_then(Value::as_str)
        {
            Some(found) => {
                found.clone_into(&mut origin);
                rest.clear();
            }
            None => rest.push(unescaped),
        }
    }
    // The node the rest starts from names a bound an integer format gave as that format.
    let node = pointer
        .rsplit_once('/')
        .and_then(|(parent, _)| normalised.pointer(parent));
    if let ([keyword], Some(node)) = (rest.as_slice(), node) {
        return child(&origin, as_written(node, keyword));
    }
    rest.iter()
        .fold(origin, |pointer, token| child(&pointer, token))
}
