//! What a run found: every failure, grouped into problems, and the figures.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use serde_json::Value;

use crate::json::brief;

/// How long a rendered instance may be in a report before it is cut.
const INSTANCE_LIMIT: usize = 1_500;

/// What went wrong with one instance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FailureKind {
    /// The schema cannot be checked: a refused keyword, a schema that does not compile, or a
    /// part of it no instance can take.
    Schema,
    /// An instance derived as valid is rejected by the schema: a bug of this crate.
    GeneratedInvalid,
    /// A valid instance did not make the round trip: decoding or encoding failed.
    ValidRejected,
    /// A valid instance came back different.
    Changed,
    /// What came back from a valid instance is rejected by the schema.
    ResultInvalid,
    /// A request type accepted an instance its schema rejects.
    InvalidAccepted,
    /// A reply type rejected an instance with an unknown enum value or property.
    NotLenient,
}

impl FailureKind {
    /// A sentence saying what the failure is.
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            Self::Schema => "the schema cannot be checked",
            Self::GeneratedInvalid => {
                "schema-check derived an instance its own schema rejects (a bug of schema-check)"
            }
            Self::ValidRejected => "a valid instance fails the round trip",
            Self::Changed => "a valid instance comes back changed",
            Self::ResultInvalid => "what comes back from a valid instance is invalid",
            Self::InvalidAccepted => "a request type accepts an instance its schema rejects",
            Self::NotLenient => {
                "a reply type rejects an unknown enum value or property (replies are read leniently)"
            }
        }
    }
}

/// What the round trip did with an instance.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// It gave back this value.
    Returned(Value),
    /// It failed with this error.
    Error(String),
    /// It panicked with this message.
    Panicked(String),
    /// It was not called (a problem of the schema, or of an instance before the call).
    NotCalled,
}

impl fmt::Display for Outcome {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Returned(value) => write!(formatter, "{}", brief(value, INSTANCE_LIMIT)),
            Self::Error(error) => write!(formatter, "error: {error}"),
            Self::Panicked(message) => write!(formatter, "panic: {message}"),
            Self::NotCalled => write!(formatter, "(not called)"),
        }
    }
}

/// One instance that failed, or one problem of a schema.
#[derive(Clone, Debug)]
pub struct Failure {
    /// The case's name.
    pub case: String,
    /// What went wrong.
    pub kind: FailureKind,
    /// Where in the schema as written (a JSON pointer, `""` for its root).
    pub schema_pointer: String,
    /// Where in the instance (a JSON pointer, `""` for its root).
    pub instance_pointer: String,
    /// How the instance was derived: `"enum value \"cedar\""`, `"random instance 7"`, ….
    pub derived: String,
    /// The instance given to the round trip.
    pub instance: Value,
    /// What came back.
    pub outcome: Outcome,
    /// More: the difference, the validation errors, the schema problem.
    pub detail: String,
}

impl fmt::Display for Failure {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(formatter, "[{}] {}", self.case, self.kind.describe())?;
        writeln!(formatter, "     schema:    #{}", self.schema_pointer)?;
        if self.kind != FailureKind::Schema {
            writeln!(
                formatter,
                "     instance:  {}",
                pointer_or_root(&self.instance_pointer)
            )?;
            writeln!(formatter, "     derived:   {}", self.derived)?;
            writeln!(
                formatter,
                "     sent:      {}",
                brief(&self.instance, INSTANCE_LIMIT)
            )?;
            writeln!(formatter, "     came back: {}", self.outcome)?;
        }
        if !self.detail.is_empty() {
            let mut lines = self.detail.lines();
            if let Some(first) = lines.next() {
                writeln!(formatter, "     detail:    {first}")?;
            }
            for line in lines {
                writeln!(formatter, "                {line}")?;
            }
        }
        Ok(())
    }
}

fn pointer_or_root(pointer: &str) -> &str {
    if pointer.is_empty() {
        "(the whole instance)"
    } else {
        pointer
    }
}

/// Failures of one kind at one place of one case's schema: one defect, usually.
#[derive(Clone, Debug)]
pub struct Problem {
    /// The first failure met (for random instances, simplified).
    pub first: Failure,
    /// How many instances failed this way.
    pub count: usize,
}

/// The figures of a run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Cases checked.
    pub cases: usize,
    /// Valid edge instances tried (derived deterministically from the schemas).
    pub edge_instances: usize,
    /// Valid random instances tried.
    pub random_instances: usize,
    /// Invalid instances (rejected by the schema) given to request types.
    pub invalid_instances: usize,
    /// Reply instances with unknown enum values or properties.
    pub lenient_instances: usize,
    /// Instances that failed (and schema problems).
    pub failed_instances: usize,
    /// Distinct problems: failures grouped by case, kind and schema pointer.
    pub problems: usize,
    /// How long the run took.
    pub elapsed: Duration,
}

impl fmt::Display for Summary {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            formatter,
            "schema-check: {} cases; {} valid instances ({} edge, {} random), {} invalid, {} lenient; \
             {} failing instances in {} problems; {:.2} s",
            self.cases,
            self.edge_instances + self.random_instances,
            self.edge_instances,
            self.random_instances,
            self.invalid_instances,
            self.lenient_instances,
            self.failed_instances,
            self.problems,
            self.elapsed.as_secs_f64()
        )
    }
}

/// Everything a run found.
#[derive(Clone, Debug)]
pub struct Report {
    /// The figures.
    pub summary: Summary,
    /// Every failure, in the order met.
    pub failures: Vec<Failure>,
    /// How many problems [`Display`](fmt::Display) lists in full.
    pub listed_problems: usize,
}

impl Report {
    /// The failures grouped by case, kind and schema pointer, in the order first met.
    #[must_use]
    pub fn problems(&self) -> Vec<Problem> {
        let mut index: BTreeMap<(&str, FailureKind, &str), usize> = BTreeMap::new();
        let mut problems: Vec<Problem> = Vec::new();
        for failure in &self.failures {
            let key = (
                failure.case.as_str(),
                failure.kind,
                failure.schema_pointer.as_str(),
            );
            if let Some(&at) = index.get(&key) {
                problems[at].count += 1;
            } else {
                index.insert(key, problems.len());
                problems.push(Problem {
                    first: failure.clone(),
                    count: 1,
                });
            }
        }
        problems
    }

    /// Whether some failure is of `kind`, at `schema_pointer` of the case named `case`.
    #[must_use]
    pub fn has(&self, case: &str, kind: FailureKind, schema_pointer: &str) -> bool {
        self.failures.iter().any(|failure| {
            failure.case == case && failure.kind == kind && failure.schema_pointer == schema_pointer
        })
    }
}

impl fmt::Display for Report {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let problems = self.problems();
        if problems.is_empty() {
            return write!(formatter, "{}", self.summary);
        }
        let failing_cases = {
            let mut names: Vec<&str> = problems
                .iter()
                .map(|problem| problem.first.case.as_str())
                .collect();
            names.sort_unstable();
            names.dedup();
            names.len()
        };
        writeln!(
            formatter,
            "schema-check found {} problems ({} failing instances) in {} of {} cases:\n",
            problems.len(),
            self.summary.failed_instances,
            failing_cases,
            self.summary.cases
        )?;
        for (number, problem) in problems.iter().take(self.listed_problems).enumerate() {
            let count = if problem.count > 1 {
                format!(
                    " (and {} more instances failing the same way)",
                    problem.count - 1
                )
            } else {
                String::new()
            };
            write!(formatter, "{:>3}. {}", number + 1, problem.first)?;
            if !count.is_empty() {
                writeln!(formatter, "    {count}")?;
            }
            writeln!(formatter)?;
        }
        if problems.len() > self.listed_problems {
            writeln!(
                formatter,
                "… and {} more problems:",
                problems.len() - self.listed_problems
            )?;
            for problem in problems.iter().skip(self.listed_problems) {
                writeln!(
                    formatter,
                    "     [{}] {} at #{} ({} instances)",
                    problem.first.case,
                    problem.first.kind.describe(),
                    problem.first.schema_pointer,
                    problem.count
                )?;
            }
            writeln!(formatter)?;
        }
        write!(formatter, "{}", self.summary)
    }
}
