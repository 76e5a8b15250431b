//! `cargo xtask bench`: how long generation takes, phase by phase, how much memory it needs, and
//! how both grow with the size of the API.
//!
//! Each corpus is measured in a process of its own (this binary, run again with the hidden
//! `--measure`), so that its peak memory is its own. That process reads the fragments, parses,
//! lowers, emits and writes them as `cargo xtask codegen` does, through the same library calls
//! ([`codegen::parse_sources`], [`codegen::lower_fragments`], [`codegen::emit_api_to`] into a
//! [`Stage`]), several
//! times, and reports each phase's times; after each run it times the floor: reading the same
//! files and parsing them into `serde_json::Value`s, which no generator can beat (the faster of
//! two readings in a row). Timed in turn with the runs rather than after them all, the floor
//! meets the machine as the runs do: on this shared machine both move by half from one minute
//! to the next, and a floor timed apart moved the ratio more than any change to the generator
//! did.
//!
//! Corpora live under `target/bench/` and are rebuilt on every run: `specs/` as it is, synthetic
//! APIs (see [`synthetic`]), and with `--public` a real API description (see [`public`]).

mod compile;
mod public;
mod synthetic;

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use codegen::Config;
use serde_json::{Value, json};

use crate::codegen::{Stage, emit_error, read_sources, revcent_config, with_schema_checks};

/// The command line of `cargo xtask bench`.
#[derive(Debug, clap::Args)]
pub struct Arguments {
    /// Time each phase this many times per corpus and report the median
    #[arg(long, value_name = "N", default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..))]
    runs: u32,
    /// The sizes of the synthetic APIs, in operations
    #[arg(long, value_name = "N,…", value_delimiter = ',', default_values_t = [1_000, 5_000, 20_000])]
    synthetic: Vec<usize>,
    /// Also measure a real public API description (GitHub's REST API), fetched once with npm
    #[arg(long)]
    public: bool,
    /// Instead of generation, measure what each synthetic API's crate costs to compile (`cargo
    /// check` and `cargo build`, with every feature and with one resource's), its lines per
    /// operation, and a downstream crate that calls three operations; e.g. `--compile
    /// --synthetic 130,1000`
    #[arg(long)]
    compile: bool,
    /// Measure one prepared corpus in this process and print the figures as JSON
    #[arg(long, value_name = "CORPUS", hide = true)]
    measure: Option<String>,
}

/// Where the corpora and the generated crates go.
fn bench_dir(root: &Path) -> PathBuf {
    root.join("target/bench")
}

fn corpus_dir(root: &Path, name: &str) -> PathBuf {
    bench_dir(root).join("corpora").join(name)
}

/// The configuration a corpus is generated with: for `specs/` the one `cargo xtask codegen`
/// uses for `generated-client/`, for the others a neutral one with the corpus's base URL, as
/// `cargo xtask codegen --out` would use.
fn config_for(name: &str) -> Config {
    let base_url = if name == "specs" {
        return with_schema_checks(revcent_config(), "../codegen/schema-check");
    } else if name.starts_with("synthetic") {
        synthetic::BASE_URL
    } else {
        "https://api.github.com"
    };
    Config {
        base_url: Some(base_url.to_owned()),
        regenerate_command: "cargo xtask bench".to_owned(),
        ..Config::new("bench-client", "Bench")
    }
}

/// Runs `cargo xtask bench` in the checkout at `root`.
pub fn run(root: &Path, arguments: &Arguments) -> Result<()> {
    if let Some(name) = &arguments.measure {
        let figures = measure(root, name, arguments.runs)?;
        println!("{figures}");
        return Ok(());
    }
    if arguments.compile {
        return compile::run(root, &arguments.synthetic);
    }
    let mut corpora = vec!["specs".to_owned()];
    corpora.extend(
        arguments
            .synthetic
            .iter()
            .map(|count| format!("synthetic-{count}")),
    );
    if arguments.public {
        corpora.push("public-github".to_owned());
    }
    let profile = if cfg!(debug_assertions) {
        "dev (as `cargo xtask` runs)"
    } else {
        "release"
    };
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    println!(
        "cargo xtask bench: {} runs per corpus, medians; {profile} build; {cores} cores available",
        arguments.runs
    );
    let mut reports = Vec::new();
    for name in &corpora {
        prepare(root, name)?;
        let figures = measure_in_child(root, name, arguments.runs)?;
        let report = Report::new(name, &figures)?;
        println!("\n{}", report.text());
        reports.push(report);
    }
    let growth = growth(&reports);
    if !growth.is_empty() {
        println!("\ngrowth against the smallest synthetic API:\n{growth}");
    }
    Ok(())
}

/// Writes the corpus `name` into its folder, replacing what was there.
fn prepare(root: &Path, name: &str) -> Result<()> {
    let dir = corpus_dir(root, name);
    let files: Vec<(String, String)> = if name == "specs" {
        read_sources(root, &root.join("specs"))?
            .into_iter()
            .map(|source| {
                let file = Path::new(&source.name)
                    .file_name()
                    .map(|file| file.to_string_lossy().into_owned())
                    .unwrap_or(source.name);
                (file, source.contents)
            })
            .collect()
    } else if let Some(count) = name.strip_prefix("synthetic-") {
        let count = count.parse().context("a synthetic corpus size")?;
        let templates = read_sources(root, &root.join("specs"))?
            .iter()
            .map(|source| serde_json::from_str(&source.contents))
            .collect::<Result<Vec<Value>, _>>()
            .context("specs/ holds a fragment that is not JSON")?;
        synthetic::corpus(&templates, count)
    } else {
        public_corpus(root)?
    };
    if dir.exists() {
        fs::remove_dir_all(&dir).with_context(|| format!("cannot remove {}", dir.display()))?;
    }
    fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    for (file, contents) in files {
        let path = dir.join(file);
        fs::write(&path, contents).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

/// The fragments of the public API that the generator accepts. The refused ones, with the first
/// reason of each, are listed in `target/bench/public/refused.txt`.
fn public_corpus(root: &Path) -> Result<Vec<(String, String)>> {
    let cache = bench_dir(root).join("public");
    let document = public::document(&cache)?;
    let text = fs::read_to_string(&document)
        .with_context(|| format!("cannot read {}", document.display()))?;
    let document: Value = serde_json::from_str(&text).context("the public API is not JSON")?;
    let split = crate::openapi::split(&document);
    let config = config_for("public-github");
    let fragments = split.fragments.len();
    let (accepted, refusals) = crate::openapi::partition(split.fragments, &config)?;
    let refused: Vec<String> = split
        .skipped
        .iter()
        .map(|(id, reason)| format!("{id}: cannot be inlined: {reason}"))
        .chain(refusals)
        .collect();
    let total = fragments + split.skipped.len();
    println!(
        "public API: {} of {total} operations accepted; the {} refused, with every problem, are \
         listed in {}",
        accepted.len(),
        total - accepted.len(),
        cache.join("refused.txt").display()
    );
    fs::write(cache.join("refused.txt"), refused.join("\n") + "\n")
        .context("cannot write refused.txt")?;
    Ok(accepted
        .into_iter()
        .map(|source| (source.name, source.contents))
        .collect())
}

/// Runs this binary with `--measure name` and reads the figures it prints.
fn measure_in_child(root: &Path, name: &str, runs: u32) -> Result<Value> {
    let executable = std::env::current_exe().context("cannot find this executable")?;
    let mut command = Command::new(executable);
    let output = command
        .args(["bench", "--measure", name, "--runs", &runs.to_string()])
        .current_dir(root)
        .output()
        .context("cannot start the measuring process")?;
    if !output.status.success() {
        bail!(
            "measuring {name} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout.lines().last().unwrap_or_default();
    serde_json::from_str(line).with_context(|| format!("unexpected output: {stdout}"))
}

/// The phases, in order. `emit` builds every file's tokens and parses them with syn; `print`
/// is prettyplease's printing of those syntax trees, timed as the difference between
/// [`codegen::emit_api_to`] (less the time its sink spends staging files, which is `write`'s)
/// and [`codegen::emit_api_unprinted`] (the library does both in one pass, on several threads).
const PHASES: [&str; 6] = ["read", "parse", "lower", "emit", "print", "write"];

/// Generates the prepared corpus `name` `runs` times, as `cargo xtask codegen` does (see
/// [`crate::codegen::run`]), timing the floor after each run; the figures as JSON (seconds per
/// run and phase, bytes).
///
/// The peak memory is generation's alone: it is reset before each run, so that the floor's
/// values do not count (where it cannot be reset, it is the first run's, taken before any
/// floor).
fn measure(root: &Path, name: &str, runs: u32) -> Result<Value> {
    let specs = corpus_dir(root, name);
    let out = bench_dir(root).join("out").join(name);
    let config = config_for(name);
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); PHASES.len()];
    let mut input = (0, 0);
    let mut output = (0, 0, 0);
    let mut floor = Vec::new();
    let mut peak = None;
    let mut purge_delay = 0;
    for run in 0..runs {
        let reset = reset_peak_memory();
        if out.exists() {
            fs::remove_dir_all(&out).with_context(|| format!("cannot remove {}", out.display()))?;
        }
        let mut clock = Clock::default();
        let sources = read_sources(root, &specs)?;
        clock.lap(&mut times[0]);
        // As `cargo xtask codegen` does (`crate::codegen::build`).
        purge_delay = crate::allocator::fit_to_input(&sources);
        // Generation parses each fragment when lowering reaches it (`codegen::build_api`), so
        // parsing is timed in a pass of its own that drops each fragment once parsed, and
        // lowering is the rest of `build_api`'s time. (On more than one core a second thread
        // parses while lowering runs, so `lower` is what building the IR adds to parsing, and
        // the total stays the wall clock.)
        let (parsed, parsing) = timed(|| {
            sources.iter().try_for_each(|source| {
                codegen::parse::parse_fragment(&source.name, &source.contents)
                    .map(drop)
                    .map_err(|problems| {
                        let problems: Vec<String> =
                            problems.iter().map(ToString::to_string).collect();
                        anyhow::anyhow!("{} does not parse: {}", source.name, problems.join("; "))
                    })
            })
        });
        parsed?;
        times[1].push(parsing);
        input = (
            sources.len(),
            sources.iter().map(|source| source.contents.len()).sum(),
        );
        // As `cargo xtask codegen` does, lowering takes the texts, dropping each once parsed.
        let (api, building) = timed(|| codegen::build_api_from(sources, &config));
        let api = api?;
        times[2].push((building - parsing).max(0.0));
        // The unprinted pass is not part of the run: it tells how the full one divides. Which
        // of the two goes first alternates, so that neither always finds the caches warm.
        let unprinted_pass = || seconds(|| codegen::emit_api_unprinted(&api, &config));
        let mut unprinted = if run % 2 == 0 {
            Some(unprinted_pass()?)
        } else {
            None
        };
        // As `cargo xtask codegen` does, each file is staged as soon as it is printed; the time
        // spent staging is write's, not print's.
        let mut stage = Stage::new(&out)?;
        let mut writing = 0.0;
        let mut size = (0, 0, 0);
        let (emitted_and_staged, printed) = timed(|| {
            codegen::emit_api_to(&api, &config, &mut |path, contents| {
                size.0 += 1;
                size.1 += crate::codegen::line_count(&contents);
                size.2 += contents.len();
                let (staged, seconds) = timed(|| stage.file(&path, &contents));
                writing += seconds;
                staged
            })
        });
        emitted_and_staged.map_err(emit_error)?;
        let printed = printed - writing;
        let unprinted = match unprinted.take() {
            Some(seconds) => seconds,
            None => unprinted_pass()?,
        };
        let emitted = unprinted.min(printed);
        times[3].push(emitted);
        times[4].push(printed - emitted);
        let (committed, seconds) = timed(|| stage.commit());
        committed?;
        times[5].push(writing + seconds);
        output = size;
        assert_eq!(api.operations.len(), input.0, "one operation per file");
        drop(api);
        if run == 0 || reset {
            peak = peak.max(peak_memory());
        }
        // The faster of two readings in a row: the first pays for the caches and pages the
        // run before left, which the floor, the least reading the JSON can cost, should not.
        let mut readings = Vec::new();
        for _ in 0..2 {
            let mut clock = Clock::default();
            let values = read_sources(root, &specs)?
                .iter()
                .map(|source| serde_json::from_str(&source.contents))
                .collect::<Result<Vec<Value>, _>>()?;
            clock.lap(&mut readings);
            drop(values);
        }
        floor.push(readings.iter().copied().fold(f64::INFINITY, f64::min));
    }
    Ok(json!({
        "operations": input.0,
        "input_bytes": input.1,
        "phases": PHASES.iter().zip(times).map(|(phase, times)| json!({"phase": phase, "seconds": times})).collect::<Vec<_>>(),
        "floor_seconds": floor,
        "peak_bytes": peak,
        "purge_delay_ms": purge_delay,
        "output": {"files": output.0, "lines": output.1, "bytes": output.2},
        "profile": if cfg!(debug_assertions) { "dev" } else { "release" },
    }))
}

/// What `work` returns, and how long it took in seconds.
fn timed<T>(work: impl FnOnce() -> T) -> (T, f64) {
    let start = Instant::now();
    let value = work();
    (value, start.elapsed().as_secs_f64())
}

/// How long `work` took in seconds, if it succeeded.
fn seconds<T, E>(work: impl FnOnce() -> Result<T, E>) -> Result<f64, E> {
    let (value, seconds) = timed(work);
    value.map(|_| seconds)
}

/// Times consecutive laps.
struct Clock(Instant);

impl Default for Clock {
    fn default() -> Self {
        Self(Instant::now())
    }
}

impl Clock {
    fn lap(&mut self, into: &mut Vec<f64>) {
        let now = Instant::now();
        into.push(now.duration_since(self.0).as_secs_f64());
        self.0 = now;
    }
}

/// Starts the peak resident memory of this process over from what is resident now (Linux's
/// `clear_refs`); whether it could.
fn reset_peak_memory() -> bool {
    fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// The peak resident memory of this process so far (Linux's `VmHWM`); `None` elsewhere.
fn peak_memory() -> Option<u64> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kilobytes: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kilobytes * 1024)
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => 0.0,
        length if length % 2 == 1 => sorted[length / 2],
        length => f64::midpoint(sorted[length / 2 - 1], sorted[length / 2]),
    }
}

/// One corpus's figures, summarised.
struct Report {
    name: String,
    operations: u64,
    input_bytes: u64,
    phases: Vec<(String, f64)>,
    total: f64,
    floor: f64,
    peak: Option<u64>,
    /// How long the allocator held freed pages, in milliseconds ([`crate::allocator`]).
    purge_delay: i64,
    output: (u64, u64, u64),
}

impl Report {
    fn new(name: &str, figures: &Value) -> Result<Self> {
        let seconds = |value: &Value| -> Vec<f64> {
            value
                .as_array()
                .map(|list| list.iter().filter_map(Value::as_f64).collect())
                .unwrap_or_default()
        };
        let phase_runs: Vec<(String, Vec<f64>)> = figures["phases"]
            .as_array()
            .context("no phases")?
            .iter()
            .map(|phase| {
                (
                    phase["phase"].as_str().unwrap_or_default().to_owned(),
                    seconds(&phase["seconds"]),
                )
            })
            .collect();
        // The median of whole runs, not the sum of per-phase medians.
        let runs = phase_runs.first().map_or(0, |(_, times)| times.len());
        let totals: Vec<f64> = (0..runs)
            .map(|run| phase_runs.iter().map(|(_, times)| times[run]).sum())
            .collect();
        let number = |pointer: &str| {
            figures
                .pointer(pointer)
                .and_then(Value::as_u64)
                .unwrap_or(0)
        };
        Ok(Self {
            name: name.to_owned(),
            operations: number("/operations"),
            input_bytes: number("/input_bytes"),
            phases: phase_runs
                .iter()
                .map(|(phase, times)| (phase.clone(), median(times)))
                .collect(),
            total: median(&totals),
            floor: median(&seconds(&figures["floor_seconds"])),
            peak: figures["peak_bytes"].as_u64(),
            purge_delay: figures["purge_delay_ms"].as_i64().unwrap_or(0),
            output: (
                number("/output/files"),
                number("/output/lines"),
                number("/output/bytes"),
            ),
        })
    }

    fn text(&self) -> String {
        let mut text = format!(
            "{}: {} operations, {} of fragments\n",
            self.name,
            thousands(self.operations),
            megabytes(self.input_bytes)
        );
        for (phase, seconds) in &self.phases {
            let share = if self.total > 0.0 {
                100.0 * seconds / self.total
            } else {
                0.0
            };
            let _ = writeln!(
                text,
                "  {phase:<6} {:>9}  {share:>3.0} %",
                duration(*seconds)
            );
        }
        let per_second = if self.total > 0.0 {
            float(self.operations) / self.total
        } else {
            0.0
        };
        let _ = writeln!(
            text,
            "  total  {:>9}  {} operations/s",
            duration(self.total),
            with_commas(&format!("{per_second:.0}"))
        );
        let _ = writeln!(
            text,
            "  floor  {:>9}  (serde_json read + parse); generation is {:.1}× the floor",
            duration(self.floor),
            self.total / self.floor.max(f64::EPSILON)
        );
        match self.peak {
            Some(peak) => {
                let _ = writeln!(
                    text,
                    "  peak memory {} ({:.1}× the fragments); freed pages given back {}",
                    mebibytes(peak),
                    float(peak) / float(self.input_bytes.max(1)),
                    match self.purge_delay {
                        0 => "at once".to_owned(),
                        delay => format!("after {delay} ms"),
                    }
                );
            }
            None => text.push_str("  peak memory: not measured on this system\n"),
        }
        let _ = write!(
            text,
            "  output: {} files, {} lines, {}",
            self.output.0,
            thousands(self.output.1),
            megabytes(self.output.2)
        );
        text
    }
}

/// How time and memory grow from the smallest synthetic API to the larger ones.
fn growth(reports: &[Report]) -> String {
    let synthetic: Vec<&Report> = reports
        .iter()
        .filter(|report| report.name.starts_with("synthetic-"))
        .collect();
    let Some(base) = synthetic
        .iter()
        .min_by_key(|report| report.operations)
        .copied()
    else {
        return String::new();
    };
    let mut text = String::new();
    for report in synthetic {
        if std::ptr::eq(report, base) {
            continue;
        }
        let memory = match (report.peak, base.peak) {
            (Some(peak), Some(base_peak)) => {
                format!(", {:.1}× the memory", float(peak) / float(base_peak))
            }
            _ => String::new(),
        };
        let _ = writeln!(
            text,
            "  {} / {}: {:.1}× the operations, {:.1}× the time{memory}",
            report.name,
            base.name,
            float(report.operations) / float(base.operations),
            report.total / base.total.max(f64::EPSILON)
        );
    }
    text
}

fn duration(seconds: f64) -> String {
    if seconds < 1.0 {
        format!(
            "{:.1} ms",
            Duration::from_secs_f64(seconds).as_secs_f64() * 1e3
        )
    } else {
        format!("{seconds:.2} s")
    }
}

/// A count as a figure for people: exact far beyond any count here (2^52).
#[allow(
    clippy::cast_precision_loss,
    reason = "counts of operations and bytes, far below 2^52"
)]
fn float(value: u64) -> f64 {
    value as f64
}

fn thousands(value: u64) -> String {
    with_commas(&value.to_string())
}

/// `digits` with a comma between each group of three.
fn with_commas(digits: &str) -> String {
    let mut text = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            text.push(',');
        }
        text.push(digit);
    }
    text
}

fn megabytes(bytes: u64) -> String {
    if bytes < 1_000_000 {
        format!("{:.1} kB", float(bytes) / 1e3)
    } else {
        format!("{:.1} MB", float(bytes) / 1e6)
    }
}

fn mebibytes(bytes: u64) -> String {
    format!("{:.0} MiB", float(bytes) / (1024.0 * 1024.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_and_numbers_read_well() {
        assert!((median(&[3.0, 1.0, 2.0]) - 2.0).abs() < f64::EPSILON);
        assert!((median(&[4.0, 1.0, 2.0, 3.0]) - 2.5).abs() < f64::EPSILON);
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(999), "999");
        assert_eq!(duration(0.0123), "12.3 ms");
        assert_eq!(duration(1.5), "1.50 s");
    }

    #[test]
    fn growth_compares_each_synthetic_api_with_the_smallest() {
        let report = |name: &str, operations: u64, total: f64| Report {
            name: name.to_owned(),
            operations,
            input_bytes: 1,
            phases: Vec::new(),
            total,
            floor: 1.0,
            peak: Some(100),
            purge_delay: 0,
            output: (0, 0, 0),
        };
        let text = growth(&[
            report("specs", 3, 0.1),
            report("synthetic-1000", 1000, 1.0),
            report("synthetic-5000", 5000, 5.5),
        ]);
        assert_eq!(
            text,
            "  synthetic-5000 / synthetic-1000: 5.0× the operations, 5.5× the time, 1.0× the memory\n"
        );
    }
}
