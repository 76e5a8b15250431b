//! `cargo xtask codegen`: reads fragments, calls the generator, writes or checks the crate.
//!
//! The generated crate's `Cargo.toml` and everything under its `src/` belong to the generator;
//! anything else in the folder (tests, examples) belongs to people and is never touched.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use codegen::{
    Config, EmitError, FileText, NameOverride, RuntimeSource, SourceFile, SuccessMarker,
};

use crate::report::{self, OldSpecs};

/// The command that regenerates `generated-client/`, named in every generated file.
pub const COMMAND: &str = "cargo xtask codegen";

/// RevCent's configuration: what the generator must be told about this API. The only place
/// RevCent's settings are written down.
pub fn revcent_config() -> Config {
    Config {
        crate_version: "0.1.0".to_owned(),
        base_url: Some("https://api.revcent.com/v2".to_owned()),
        api_key_header: "x-api-key".to_owned(),
        // Every RevCent operation is under the base URL: the key goes to no other host.
        credential_hosts: Vec::new(),
        // An HTTP 200 whose body has `code` 0 is an API error (see shared/docs/revcent.md).
        success_marker: Some(SuccessMarker {
            field: "code".to_owned(),
            value: 1,
        }),
        // Names no rule derives: the property names alone do not say these are IDs or events.
        name_overrides: vec![
            NameOverride::new("account_event.notation", "AccountEventNotation"),
            NameOverride::new("pre_agent_function", "PreAgentFunctionId"),
            NameOverride::new("filter_function", "FilterFunctionId"),
            NameOverride::new("third_party_integration_ai", "ThirdPartyIntegrationAiId"),
            NameOverride::new(
                "third_party_integration_voice",
                "ThirdPartyIntegrationVoiceId",
            ),
        ],
        // Operations left out on purpose (`--exclude` adds more for one run): none, every
        // RevCent operation is generated.
        excluded_operations: Vec::new(),
        dev_dependencies: {
            let mut lines = test_dependencies();
            // The client side of MCP, for the tests that drive the `mcp` feature's server.
            lines.push(
                r#"rmcp = { version = "3.11", default-features = false, features = ["client", "transport-async-rw"] }"#
                    .to_owned(),
            );
            lines
        },
        // A member of this workspace.
        standalone: false,
        api_key_env: "REVCENT_API_KEY".to_owned(),
        base_url_env: "REVCENT_BASE_URL".to_owned(),
        examples: true,
        ..Config::new("revcent", "RevCent")
    }
}

/// [`revcent_config`] with the client's version from the checkout's `codegen.toml`, where
/// releases keep it ([`report::VERSION_FILE`]); a checkout without that file keeps the
/// configuration's.
///
/// # Errors
/// When `codegen.toml` exists but gives no version.
pub fn revcent_config_in(root: &Path) -> Result<Config> {
    let mut config = revcent_config();
    if let Some(version) = report::client_version(root)? {
        config.crate_version = version;
    }
    Ok(config)
}

/// One generator run: fragments in, a crate out.
#[derive(Clone, Debug)]
pub struct Target {
    specs: PathBuf,
    out: PathBuf,
    config: Config,
}

/// The crates the workspace at `root` generates: the RevCent client, and one snapshot crate per
/// fixture in `codegen/tests/fixtures/`, whose committed output is the generator's expected
/// output.
pub fn workspace_targets(root: &Path) -> Result<Vec<Target>> {
    let mut targets = vec![Target {
        specs: root.join("specs"),
        out: root.join("generated-client"),
        config: with_schema_checks(revcent_config_in(root)?, "../codegen/schema-check"),
    }];
    let fixtures = root.join("codegen/tests/fixtures");
    let cannot_read = || format!("cannot read the fixtures folder {}", fixtures.display());
    let mut names = Vec::new();
    for entry in fs::read_dir(&fixtures).with_context(cannot_read)? {
        let entry = entry.with_context(cannot_read)?;
        if entry.path().is_dir() {
            names.push(entry.file_name().to_string_lossy().into_owned());
        }
    }
    names.sort();
    for name in names {
        targets.push(Target {
            specs: fixtures.join(&name),
            out: root.join("codegen/tests/snapshots").join(&name),
            config: with_schema_checks(fixture_config(&name), "../../../schema-check"),
        });
    }
    Ok(targets)
}

/// The configuration of a snapshot fixture: a made-up API, so nothing RevCent-specific leaks
/// into what the fixtures test. It has a success marker of its own so that the snapshots cover
/// the code emitted for one.
fn fixture_config(name: &str) -> Config {
    Config {
        crate_version: "0.0.0".to_owned(),
        base_url: Some("https://api.example.test/v1".to_owned()),
        // The `servers` fixture's upload host takes the key; its CDN host must not.
        credential_hosts: if name == "servers" {
            vec!["uploads.example.test".to_owned()]
        } else {
            Vec::new()
        },
        success_marker: Some(SuccessMarker {
            field: "code".to_owned(),
            value: 1,
        }),
        dev_dependencies: test_dependencies(),
        // Members of this workspace.
        standalone: false,
        // Snapshots compile the runtime from its own sources (`codegen/runtime/src/runtime/`)
        // rather than carry a copy each; its own tests cover it.
        runtime: RuntimeSource::Shared {
            module_path: "../../../../runtime/src/runtime/mod.rs".to_owned(),
        },
        ..Config::new(format!("snapshot-{}", name.replace('_', "-")), "Example")
    }
}

/// `config` for a crate of this workspace, which proves its types against the fragments'
/// schemas with the `schema-check` crate at `schema_check` (relative to the crate). Crates
/// written elsewhere (`--out`) cannot reach it and go without.
pub fn with_schema_checks(mut config: Config, schema_check: &str) -> Config {
    config.schema_checks = true;
    config
        .dev_dependencies
        .push(format!(r#"schema-check = {{ path = "{schema_check}" }}"#));
    config
}

/// For the hand-written tests and examples kept beside the generated files.
fn test_dependencies() -> Vec<String> {
    vec![
        r#"jsonschema = { version = "0.61", default-features = false }"#.to_owned(),
        // `process` and `io-util`: tests that run the generated examples as child processes.
        r#"tokio = { version = "1", features = ["macros", "rt-multi-thread", "process", "io-util"] }"#
            .to_owned(),
        r#"wiremock = "0.6""#.to_owned(),
    ]
}

/// The command line of `cargo xtask codegen`.
#[derive(Debug, clap::Args)]
pub struct Arguments {
    /// Write nothing; fail, listing every stale, missing or extra file with a diff
    #[arg(long)]
    check: bool,
    /// Write one standalone crate (its own Cargo workspace) into DIR instead
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Read the `*.json` fragments in DIR [default: specs/]
    #[arg(long, value_name = "DIR", requires = "out")]
    specs: Option<PathBuf>,
    /// Name the crate NAME [default: after the --out folder; `revcent` for RevCent's specs/]
    #[arg(long, value_name = "NAME", requires = "out")]
    crate_name: Option<String>,
    /// Call the API at URL [default: the fragments' common server prefix; RevCent's for its specs/]
    #[arg(long, value_name = "URL", requires = "out")]
    base_url: Option<String>,
    /// Send the API key in the header NAME [default: x-api-key]
    #[arg(long, value_name = "NAME", requires = "out")]
    api_key_header: Option<String>,
    /// Leave out the operation OPERATION_ID, reported as skipped (repeatable; applies to
    /// RevCent's client, or with --out to that crate)
    #[arg(long, value_name = "OPERATION_ID")]
    exclude: Vec<String>,
    /// Compare the public API with the one generated from the fragments in DIR [default: the
    /// fragments folder as git's HEAD has it]
    #[arg(long, value_name = "DIR")]
    old: Option<PathBuf>,
    /// Also write the change report as Markdown into FILE (for a changelog or a pull request)
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// Raise the RevCent client's version (codegen.toml) as the change report implies, from the
    /// version committed in HEAD
    #[arg(long, conflicts_with_all = ["check", "out"])]
    bump: bool,
}

/// What `cargo xtask codegen` does, decided from its command line.
#[derive(Debug)]
pub struct Options {
    check: bool,
    /// `None`: every workspace target.
    custom: Option<Target>,
    /// Operations `--exclude` leaves out of the RevCent client, beside those its configuration
    /// names (the `--out` target has them in its configuration already).
    exclude: Vec<String>,
    /// What the first target's public API is compared with.
    old: OldSpecs,
    /// Where the report goes as Markdown, if anywhere.
    report: Option<PathBuf>,
    /// Whether the implied bump is applied to `codegen.toml`.
    bump: bool,
}

impl Options {
    /// Without `--out`, every workspace target of the checkout at `root`; with it, one standalone
    /// crate from `--specs` (default `specs/`). RevCent's configuration applies to RevCent's own
    /// `specs/`; any other folder gets a neutral one, with the base URL inferred from the
    /// fragments unless `--base-url` says it.
    pub fn new(arguments: &Arguments, root: &Path) -> Self {
        let check = arguments.check;
        let old = arguments
            .old
            .clone()
            .map_or(OldSpecs::Committed, OldSpecs::Folder);
        let report = arguments.report.clone();
        let Some(out) = arguments.out.clone() else {
            // clap refused `--specs`, `--crate-name`, `--base-url` and `--api-key-header` here.
            return Self {
                check,
                custom: None,
                exclude: arguments.exclude.clone(),
                old,
                report,
                bump: arguments.bump,
            };
        };
        let specs = arguments
            .specs
            .clone()
            .unwrap_or_else(|| root.join("specs"));
        let is_revcent = same_folder(&specs, &root.join("specs"));
        let mut config = if is_revcent {
            revcent_config_in(root).unwrap_or_else(|_| revcent_config())
        } else {
            neutral_config(&out)
        };
        if let Some(name) = &arguments.crate_name {
            if !is_revcent {
                config.api_name.clone_from(name);
            }
            config.crate_name.clone_from(name);
        }
        if let Some(header) = &arguments.api_key_header {
            config.api_key_header.clone_from(header);
        }
        if arguments.base_url.is_some() {
            config.base_url.clone_from(&arguments.base_url);
        }
        config
            .excluded_operations
            .extend(arguments.exclude.iter().cloned());
        config.standalone = true;
        config.regenerate_command = standalone_command(arguments);
        Self {
            check,
            custom: Some(Target { specs, out, config }),
            exclude: Vec::new(),
            old,
            report,
            // clap refused `--bump` with `--out`.
            bump: false,
        }
    }
}

/// The command that regenerates a standalone crate: `cargo xtask codegen` with the arguments
/// that chose what is generated, as given, in a fixed order. `--check` is not one of them, so
/// that checking a crate compares it with what the command written in it would generate.
fn standalone_command(arguments: &Arguments) -> String {
    let path = |path: &Option<PathBuf>| path.as_ref().map(|path| path.display().to_string());
    let chosen = [
        ("--out", path(&arguments.out)),
        ("--specs", path(&arguments.specs)),
        ("--crate-name", arguments.crate_name.clone()),
        ("--base-url", arguments.base_url.clone()),
        ("--api-key-header", arguments.api_key_header.clone()),
    ];
    let mut words = vec![COMMAND.to_owned()];
    let excluded = arguments
        .exclude
        .iter()
        .map(|id| ("--exclude", Some(id.clone())));
    for (option, value) in chosen.into_iter().chain(excluded) {
        if let Some(value) = value {
            words.extend([option.to_owned(), shell_word(&value)]);
        }
    }
    words.join(" ")
}

/// `word` as a POSIX shell reads it back: unchanged when it needs no quoting, else single-quoted.
fn shell_word(word: &str) -> String {
    let plain =
        |character: char| character.is_ascii_alphanumeric() || "-_./:=@%+,".contains(character);
    if !word.is_empty() && word.chars().all(plain) {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

fn same_folder(a: &Path, b: &Path) -> bool {
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// The configuration for another API's fragments: nothing RevCent-specific, the rest as
/// [`Config::new`] has it (the base URL is the fragments' common server prefix). The crate is
/// named after the output folder.
fn neutral_config(out: &Path) -> Config {
    let folder = out
        .file_name()
        .map(|name| name.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let words: Vec<&str> = folder
        .split(|character: char| !character.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect();
    let crate_name = match words.first() {
        Some(first) if first.starts_with(|character: char| character.is_ascii_alphabetic()) => {
            words.join("-")
        }
        _ => format!("client-{}", words.join("-"))
            .trim_end_matches('-')
            .to_owned(),
    };
    Config::new(crate_name.clone(), crate_name)
}

/// Runs `codegen` with `options` in the checkout at `root`. Every target is generated before any
/// is written, so bad input in one leaves all of them as they were: each target's files are
/// staged beside their places as they are emitted ([`Stage`]), and moved into place only once
/// every target has generated. Meant to end the process: the IR of each target is left for the
/// system to take back rather than freed.
pub fn run(root: &Path, options: &Options) -> Result<()> {
    let mut targets = if let Some(target) = &options.custom {
        vec![target.clone()]
    } else {
        let mut targets = workspace_targets(root)?;
        // The first target is RevCent's client.
        if let Some(client) = targets.first_mut() {
            client
                .config
                .excluded_operations
                .extend(options.exclude.iter().cloned());
        }
        targets
    };
    let mut outputs = Vec::with_capacity(targets.len());
    let mut bumped = None;
    for (index, target) in targets.iter_mut().enumerate() {
        let cannot = format!(
            "cannot generate {} from {}; nothing was written",
            target.out.display(),
            target.specs.display()
        );
        let built = match build(root, &target.specs, &target.config) {
            Ok(built) => built,
            Err(Failure::Problems(report)) => bail!("{cannot}:\n\n{report}"),
            Err(Failure::Other(error)) => return Err(error.context(cannot)),
        };
        // Every run says what it leaves out, so that nothing is ever skipped silently.
        for skipped in &built.api.skipped {
            println!(
                "{}: skipped operation {} ({}): excluded by the configuration",
                target.out.display(),
                skipped.operation_id,
                skipped.file
            );
        }
        // The first target is the API the maintainer publishes: RevCent's client, or the `--out`
        // crate. Its report comes before emission, which then writes the bumped version.
        if index == 0 {
            bumped = change_report(root, options, target, &built)?;
        }
        let Built { api } = built;
        let mut output = if options.check {
            Output::Check(Checker::new(&target.out))
        } else {
            Output::Write(Stage::new(&target.out)?)
        };
        codegen::emit_api_to(&api, &target.config, &mut |path, contents| {
            output.file(&path, &contents)
        })
        .map_err(emit_error)
        .context(cannot)?;
        outputs.push(output);
        // This command is the process's last work, and the system takes its memory back whole
        // when it ends: freeing the IR's millions of small allocations one by one (about 10 ms
        // for 1,000 operations, on another thread as well, whose frees the allocator then
        // collects at exit on this one) would only hold up moving the files into place.
        std::mem::forget(api);
    }
    if let Some(version) = bumped {
        report::set_client_version(root, &version)?;
        println!("{}: version {version}", report::VERSION_FILE);
    }
    let mut problems = Vec::new();
    for (target, output) in targets.iter().zip(outputs) {
        let result = match output {
            Output::Check(checker) => checker.finish(&target.config.regenerate_command),
            Output::Write(stage) => stage.commit().map(|written| {
                println!(
                    "{}: {} files generated, {} changed, {} removed",
                    target.out.display(),
                    written.generated,
                    written.changed,
                    written.removed
                );
            }),
        };
        if let Err(error) = result {
            problems.push(format!("{error:#}"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(anyhow!(problems.join("\n\n")))
    }
}

/// Where one target's files go as they are emitted.
enum Output {
    /// Staged, to be moved into place once every target has generated.
    Write(Stage),
    /// Compared with the files in place (`--check`).
    Check(Checker),
}

impl Output {
    fn file(&mut self, relative: &str, contents: &FileText) -> Result<()> {
        match self {
            Self::Write(stage) => stage.file(relative, contents),
            Self::Check(checker) => {
                checker.file(relative, contents);
                Ok(())
            }
        }
    }
}

/// Prints what `built` changes in the public API of `target` against the old fragments, and
/// writes it as Markdown where `--report` says. With `--bump`, sets the version the report
/// implies in `target`'s configuration, so that the crate is emitted with it, and returns it
/// for `codegen.toml`, which is written only once every target has generated.
fn change_report(
    root: &Path,
    options: &Options,
    target: &mut Target,
    built: &Built,
) -> Result<Option<String>> {
    let out = target.out.display().to_string();
    let Some((label, old)) = report::old_sources(root, &target.specs, &options.old)? else {
        println!("{out}: no committed fragments to compare the public API with");
        return Ok(None);
    };
    // Read again, since lowering dropped them: they spare the report lowering the old
    // fragments when they are the same.
    let sources = read_sources(root, &target.specs)?;
    let changes = report::compare(&old, &sources, &built.api, &target.config)
        .with_context(|| format!("cannot compare {out}'s public API with {label}"))?;
    let current = target.config.crate_version.clone();
    print!(
        "{out}: public API against {label}:\n{}",
        changes.to_text(&current)
    );
    if let Some(path) = &options.report {
        fs::write(path, changes.to_markdown(&current))
            .with_context(|| format!("cannot write the report to {}", path.display()))?;
    }
    if !options.bump {
        return Ok(None);
    }
    let base = report::committed_version(root).unwrap_or(current);
    let bumped = changes
        .bump(&base)
        .map_err(|message| anyhow!("{}: {message}", report::VERSION_FILE))?
        .map_or(base, |bump| bump.to.to_string());
    if bumped == target.config.crate_version {
        return Ok(None);
    }
    target.config.crate_version.clone_from(&bumped);
    Ok(Some(bumped))
}

/// A crate's API, built in memory and not yet emitted.
#[derive(Debug)]
pub struct Built {
    /// The API the crate is emitted from, which the change report compares.
    pub api: codegen::ir::Api,
}

/// Why [`build`] produced nothing.
#[derive(Debug)]
pub enum Failure {
    /// The fragments or the configuration have problems: every one, rendered with the
    /// fragments' text ([`codegen::render`]).
    Problems(String),
    /// The fragments could not be read.
    Other(anyhow::Error),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Problems(report) => f.write_str(report),
            Self::Other(error) => write!(f, "{error:#}"),
        }
    }
}

impl From<anyhow::Error> for Failure {
    fn from(error: anyhow::Error) -> Self {
        Self::Other(error)
    }
}

/// Reads every `*.json` fragment in `specs` and builds the crate's API in memory. Fragments are
/// named in diagnostics as a person would type them from `root`.
///
/// # Errors
/// Every problem of the fragments, rendered; or why they could not be read.
pub fn build(root: &Path, specs: &Path, config: &Config) -> std::result::Result<Built, Failure> {
    // The texts are given up to lowering, which drops each once parsed: they are read again
    // to show the problems, if there are any.
    let sources = read_sources(root, specs)?;
    crate::allocator::fit_to_input(&sources);
    let api = codegen::build_api_from(sources, config).map_err(|error| {
        let sources = read_sources(root, specs).unwrap_or_default();
        Failure::Problems(codegen::render(&error, &sources))
    })?;
    Ok(Built { api })
}

/// Every `*.json` file in `specs`.
pub fn read_sources(root: &Path, specs: &Path) -> Result<Vec<SourceFile>> {
    let cannot_read = || format!("cannot read the fragments folder {}", specs.display());
    let mut paths = Vec::new();
    for entry in fs::read_dir(specs).with_context(cannot_read)? {
        let path = entry.with_context(cannot_read)?.path();
        if path
            .extension()
            .is_some_and(|extension| extension == "json")
        {
            paths.push(path);
        }
    }
    if paths.is_empty() {
        bail!("no `*.json` fragments in {}", specs.display());
    }
    let read = |paths: &[PathBuf]| -> Result<Vec<SourceFile>> {
        paths
            .iter()
            .map(|path| {
                let contents = fs::read_to_string(path)
                    .with_context(|| format!("cannot read {}", path.display()))?;
                Ok(SourceFile {
                    name: display_name(root, path),
                    contents,
                })
            })
            .collect()
    };
    // Reading a thousand files out of the page cache is system calls and copies, which a
    // second thread halves; it is all there is to do until the files are read.
    if paths.len() < FILES_FOR_TWO_READERS {
        return read(&paths);
    }
    let (first, second) = paths.split_at(paths.len() / 2);
    let (sources, rest) = std::thread::scope(|scope| {
        let rest = scope.spawn(|| read(second));
        (read(first), rest.join())
    });
    let mut sources = sources?;
    sources.extend(rest.unwrap_or_else(|panic| std::panic::resume_unwind(panic))?);
    Ok(sources)
}

/// Below this many fragments a second reading thread costs more than it saves.
const FILES_FOR_TWO_READERS: usize = 64;

/// A path as a person would type it from the workspace root, when it is inside it.
fn display_name(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// The first words of every file the generator writes but `Cargo.toml`.
const GENERATED_MARK: &str = "// @generated by ";

/// The files of `out` that the generator owns: `Cargo.toml`, everything under `src/`, and the
/// examples it wrote (those starting with its "generated by" line; the others are people's).
fn owned_files(out: &Path) -> Result<Vec<String>> {
    let mut owned = Vec::new();
    if out.join("Cargo.toml").is_file() {
        owned.push("Cargo.toml".to_owned());
    }
    let examples = out.join("examples");
    if examples.is_dir() {
        let cannot_read = || format!("cannot read {}", examples.display());
        for entry in fs::read_dir(&examples).with_context(cannot_read)? {
            let path = entry.with_context(cannot_read)?.path();
            let generated = path.is_file()
                && fs::read_to_string(&path)
                    .is_ok_and(|contents| contents.starts_with(GENERATED_MARK));
            if generated && let Ok(relative) = path.strip_prefix(out) {
                owned.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let mut pending = vec![out.join("src")];
    while let Some(directory) = pending.pop() {
        if !directory.is_dir() {
            continue;
        }
        let cannot_read = || format!("cannot read {}", directory.display());
        for entry in fs::read_dir(&directory).with_context(cannot_read)? {
            let path = entry.with_context(cannot_read)?.path();
            if path.is_dir() {
                pending.push(path);
            } else if let Ok(relative) = path.strip_prefix(out) {
                owned.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    owned.sort();
    Ok(owned)
}

/// An error of [`codegen::emit_api_to`] into a sink whose errors are `anyhow`'s.
pub fn emit_error(error: EmitError<anyhow::Error>) -> anyhow::Error {
    match error {
        EmitError::Generator(error) => anyhow::Error::from(error),
        EmitError::Sink(error) => error,
    }
}

/// Emits the crate of `api` into `out` as `cargo xtask codegen` writes one: each file staged as
/// soon as it is printed, all moved into place at the end.
///
/// # Errors
/// When the generator fails on its own output, or a file cannot be written; `out` is then left
/// as it was.
pub fn emit_into(out: &Path, api: &codegen::ir::Api, config: &Config) -> Result<Written> {
    let mut stage = Stage::new(out)?;
    codegen::emit_api_to(api, config, &mut |path, contents| {
        stage.file(&path, &contents)
    })
    .map_err(emit_error)?;
    stage.commit()
}

/// The lines of `text` as `str::lines` counts those of the text joined (a last line without
/// `\n` is one, `\r\n` ends one line), without its search for each line's end: that was a
/// memchr call a line, 3 % of one generation's instructions for lines of 40 bytes. The line
/// breaks are summed a block at a time into one byte each, a loop the compiler turns into
/// vector compares and adds; with wrapping adds, which a block cannot overflow, so that it does
/// in the dev profile too (its overflow checks kept a checked add a byte: 2 % of `cargo xtask
/// codegen`).
pub fn line_count(text: &FileText) -> usize {
    /// The most bytes whose breaks a `u8` can count.
    const BLOCK: usize = u8::MAX as usize;
    let breaks: usize = text
        .pieces()
        .flat_map(|piece| piece.as_bytes().chunks(BLOCK))
        .map(|block| {
            let in_block = block.iter().fold(0_u8, |count, &byte| {
                count.wrapping_add(u8::from(byte == b'\n'))
            });
            usize::from(in_block)
        })
        .sum();
    let last = text
        .pieces()
        .next_back()
        .and_then(|piece| piece.as_bytes().last());
    breaks + usize::from(last.is_some_and(|&last| last != b'\n'))
}

/// What a [`Stage`] did once committed.
pub struct Written {
    /// Files generated.
    pub generated: usize,
    /// Files written, new or with new contents.
    pub changed: usize,
    /// Stale files removed.
    pub removed: usize,
    /// Lines of every file generated, written or not.
    pub lines: usize,
}

/// The files of one generated crate, taken one at a time as they are emitted and written beside
/// their places (`<file>.codegen-new`, only where the contents change), then moved into place
/// together by [`Stage::commit`], which also removes the generator's files no longer
/// generated. Dropped without a commit (a failure, in this crate or in another target of the
/// same run), it removes what it wrote and the folders it created, so `out` is left as it was.
pub struct Stage {
    out: PathBuf,
    /// The generator's files in `out` before anything was staged.
    owned: Vec<String>,
    /// Every file generated, by path relative to `out`.
    generated: BTreeSet<String>,
    /// Lines of every file generated.
    lines: usize,
    /// (temporary, target) of each changed file.
    staged: Vec<(PathBuf, PathBuf)>,
    /// The folders this stage created, outermost first.
    created: Vec<PathBuf>,
    committed: bool,
}

/// Whether the file at `path` holds exactly `contents`, read a block at a time: reading it whole
/// held the old `src/table.rs` (5 MB for 1,000 operations) beside the new one, at the run's
/// peak. A file that cannot be read holds nothing.
fn holds(path: &Path, contents: &FileText) -> bool {
    use std::io::Read;
    const BLOCK: usize = 64 * 1024;
    let Ok(mut file) = fs::File::open(path) else {
        return false;
    };
    if file
        .metadata()
        .map_or(true, |metadata| metadata.len() != contents.len() as u64)
    {
        return false;
    }
    let mut block = vec![0; BLOCK];
    let mut pieces = contents.pieces();
    // What is left of the piece being compared; the pieces are never empty.
    let mut piece: &[u8] = &[];
    loop {
        let read = match file.read(&mut block) {
            Ok(0) => return piece.is_empty() && pieces.next().is_none(),
            Ok(read) => read,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => return false,
        };
        let mut got = &block[..read];
        while !got.is_empty() {
            if piece.is_empty() {
                let Some(next) = pieces.next() else {
                    return false;
                };
                piece = next.as_bytes();
            }
            let length = piece.len().min(got.len());
            if piece[..length] != got[..length] {
                return false;
            }
            piece = &piece[length..];
            got = &got[length..];
        }
    }
}

impl Stage {
    /// A stage for the crate in `out`, which may not exist yet.
    ///
    /// # Errors
    /// When the generator's files in `out` cannot be listed.
    pub fn new(out: &Path) -> Result<Self> {
        Ok(Self {
            out: out.to_path_buf(),
            owned: owned_files(out)?,
            generated: BTreeSet::new(),
            lines: 0,
            staged: Vec::new(),
            created: Vec::new(),
            committed: false,
        })
    }

    /// Stages the file at `relative` (from the crate root) with `contents`, unless it already
    /// has them.
    ///
    /// # Errors
    /// When a folder or the file cannot be written, or the same file is handed over twice.
    pub fn file(&mut self, relative: &str, contents: &FileText) -> Result<()> {
        if !self.generated.insert(relative.to_owned()) {
            bail!("{relative} was generated twice (a bug in the generator)");
        }
        self.lines += line_count(contents);
        let target = self.out.join(relative);
        if holds(&target, contents) {
            return Ok(());
        }
        if let Some(parent) = target.parent() {
            self.create_folder(parent)?;
        }
        let temporary = target.with_extension("codegen-new");
        fs::File::create(&temporary)
            .and_then(|file| contents.write_to(file))
            .with_context(|| format!("cannot write {}", temporary.display()))?;
        self.staged.push((temporary, target));
        Ok(())
    }

    /// Creates `folder` and its missing parents, remembering each for [`Stage::discard`].
    fn create_folder(&mut self, folder: &Path) -> Result<()> {
        let missing: Vec<PathBuf> = folder
            .ancestors()
            .take_while(|ancestor| !ancestor.as_os_str().is_empty() && !ancestor.is_dir())
            .map(Path::to_path_buf)
            .collect();
        for folder in missing.into_iter().rev() {
            fs::create_dir(&folder)
                .with_context(|| format!("cannot create {}", folder.display()))?;
            self.created.push(folder);
        }
        Ok(())
    }

    /// Moves every staged file into place and removes the generator's files that are no longer
    /// generated.
    ///
    /// # Errors
    /// When a file cannot be moved or removed.
    pub fn commit(mut self) -> Result<Written> {
        self.committed = true;
        let staged = std::mem::take(&mut self.staged);
        let result = staged.iter().try_for_each(|(temporary, target)| {
            fs::rename(temporary, target)
                .with_context(|| format!("cannot replace {}", target.display()))
        });
        if let Err(error) = result {
            // What was not moved is not left behind.
            for (temporary, _) in &staged {
                let _ = fs::remove_file(temporary);
            }
            return Err(error);
        }
        let stale: Vec<&String> = self
            .owned
            .iter()
            .filter(|relative| !self.generated.contains(*relative))
            .collect();
        for relative in &stale {
            let path = self.out.join(relative);
            fs::remove_file(&path).with_context(|| format!("cannot remove {}", path.display()))?;
        }
        Ok(Written {
            generated: self.generated.len(),
            changed: staged.len(),
            removed: stale.len(),
            lines: self.lines,
        })
    }

    /// Removes every staged file and the folders created for them.
    fn discard(&mut self) {
        for (temporary, _) in self.staged.drain(..) {
            let _ = fs::remove_file(temporary);
        }
        for folder in self.created.drain(..).rev() {
            let _ = fs::remove_dir(folder);
        }
    }
}

impl Drop for Stage {
    fn drop(&mut self) {
        if !self.committed {
            self.discard();
        }
    }
}

/// `--check`: each generated file compared with the one in `out` as it is emitted; every
/// difference is kept, reported together by [`Checker::finish`].
pub struct Checker {
    out: PathBuf,
    /// Every file generated, by path relative to `out`.
    generated: BTreeSet<String>,
    /// Each stale or missing file, with what to say about it.
    problems: BTreeMap<String, String>,
}

impl Checker {
    /// A check of the crate in `out`.
    pub fn new(out: &Path) -> Self {
        Self {
            out: out.to_path_buf(),
            generated: BTreeSet::new(),
            problems: BTreeMap::new(),
        }
    }

    /// Compares the generated file at `relative` with the one in `out`.
    pub fn file(&mut self, relative: &str, contents: &FileText) {
        if !self.generated.insert(relative.to_owned()) {
            self.problems.insert(
                relative.to_owned(),
                format!("{relative} was generated twice (a bug in the generator)"),
            );
            return;
        }
        let problem = match fs::read_to_string(self.out.join(relative)) {
            Ok(existing) if *contents == existing => return,
            Ok(existing) => {
                let generated = contents.to_string();
                let diff = similar::TextDiff::from_lines(&existing, &generated)
                    .unified_diff()
                    .context_radius(2)
                    .header(
                        &format!("{relative} (committed)"),
                        &format!("{relative} (generated)"),
                    )
                    .to_string();
                format!("stale: {relative}\n{diff}")
            }
            Err(_) => format!("missing: {relative}"),
        };
        self.problems.insert(relative.to_owned(), problem);
    }

    /// Reports every difference, the generator's files in `out` that are no longer generated
    /// included, with the `command` that brings `out` up to date.
    ///
    /// # Errors
    /// When `out` differs from what was generated, or its files cannot be listed.
    pub fn finish(self, command: &str) -> Result<()> {
        let mut problems: Vec<String> = self.problems.into_values().collect();
        for relative in owned_files(&self.out)? {
            if !self.generated.contains(&relative) {
                problems.push(format!("extra: {relative} (no longer generated)"));
            }
        }
        if problems.is_empty() {
            println!(
                "{}: {} files up to date",
                self.out.display(),
                self.generated.len()
            );
            return Ok(());
        }
        bail!(
            "{} is out of date with the fragments and the generator:\n\n{}\n\nrun `{command}` and commit the result",
            self.out.display(),
            problems.join("\n")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;
    use proptest::prelude::*;

    proptest! {
        /// Any text, with line breaks of both kinds and lone `\r`s likely, in any pieces.
        #[test]
        fn line_count_is_what_lines_counts(
            text in "(a|\r|\n|\r\n| |é){0,600}",
            cuts in proptest::collection::vec(0..600usize, 0..4),
        ) {
            prop_assert_eq!(line_count(&cut(&text, &cuts)), text.lines().count());
        }
    }

    #[test]
    fn line_count_counts_a_last_line_without_a_break_and_crlf_once() {
        for text in ["", "\n", "a", "a\n", "a\r\nb", "\r", "\n\n", "a\nb\r\n"] {
            assert_eq!(
                line_count(&FileText::from(text)),
                text.lines().count(),
                "{text:?}"
            );
        }
        let long = "line of text\n".repeat(1_000) + "last";
        assert_eq!(line_count(&FileText::from(long)), 1_001);
        // In pieces: a break ending a piece is counted once, and the last piece's end decides.
        assert_eq!(line_count(&["a\n", "b", "c\n"].into_iter().collect()), 2);
        assert_eq!(line_count(&["a\n", "b"].into_iter().collect()), 2);
        assert_eq!(line_count(&["a", "\n"].into_iter().collect()), 1);
    }

    /// A file holds what it holds, block by block across the blocks' edges, and not a
    /// prefix, an extension or a change of any one byte of it.
    #[test]
    fn a_file_holds_exactly_its_contents() {
        let folder = tempfile::tempdir().expect("a temporary folder");
        let path = folder.path().join("file.rs");
        assert!(
            !holds(&path, &FileText::default()),
            "a missing file holds nothing"
        );
        let contents: Vec<u8> = (0..200_000u32).map(|at| b' ' + (at % 95) as u8).collect();
        fs::write(&path, &contents).expect("written");
        // Pieces across the blocks' edges and within them, one byte long and empty.
        for cuts in [
            &[][..],
            &[1, 2, 65_535, 65_537],
            &[100_000, 100_000, 199_999],
        ] {
            assert!(holds(&path, &cut_bytes(&contents, cuts)), "{cuts:?}");
            assert!(!holds(
                &path,
                &cut_bytes(&contents[..contents.len() - 1], cuts)
            ));
            let mut longer = contents.clone();
            longer.push(b'a');
            assert!(!holds(&path, &cut_bytes(&longer, cuts)));
            for at in [0, 65_535, 65_536, 131_072, contents.len() - 1] {
                let mut changed = contents.clone();
                changed[at] ^= 1;
                assert!(!holds(&path, &cut_bytes(&changed, cuts)), "byte {at}");
            }
        }
        fs::write(&path, b"").expect("written");
        assert!(holds(&path, &FileText::default()));
    }

    /// The checkout these tests were started in (`cargo test` sets `CARGO_MANIFEST_DIR`).
    fn root() -> PathBuf {
        crate::workspace_root().expect("the checkout under test")
    }

    /// `cargo xtask codegen <arguments>`, parsed as `main` parses it.
    fn parse(arguments: &[&str]) -> Result<Options, clap::Error> {
        let command_line = ["xtask", "codegen"].iter().chain(arguments);
        let crate::Command::Codegen(arguments) = crate::Cli::try_parse_from(command_line)?.command
        else {
            unreachable!("parsed as `codegen`")
        };
        Ok(Options::new(&arguments, &root()))
    }

    /// The rust-analyzer pattern: a plain `cargo test` fails when the committed client or a
    /// committed snapshot is stale.
    #[test]
    fn generated_crates_are_fresh() {
        let options = parse(&["--check"]).expect("parses");
        assert!(options.check && options.custom.is_none());
        if let Err(error) = run(&root(), &options) {
            panic!("{error:#}");
        }
    }

    #[test]
    fn write_replaces_changed_files_and_removes_stale_ones_only_under_src() {
        let out = std::env::temp_dir().join(format!("xtask-write-{}", std::process::id()));
        let _ = fs::remove_dir_all(&out);
        fs::create_dir_all(out.join("src/old")).expect("create");
        fs::create_dir_all(out.join("tests")).expect("create");
        fs::write(out.join("src/old/stale.rs"), "old").expect("write");
        fs::write(out.join("src/lib.rs"), "old lib").expect("write");
        fs::write(out.join("tests/kept.rs"), "hand-written").expect("write");
        let generated = BTreeMap::from([
            ("Cargo.toml".to_owned(), "[package]".to_owned()),
            ("src/lib.rs".to_owned(), "new lib".to_owned()),
        ]);

        assert!(check(&out, &generated, COMMAND).is_err());
        let written = write_files(&out, &generated).expect("write");
        assert_eq!(
            (
                written.generated,
                written.changed,
                written.removed,
                written.lines
            ),
            (2, 2, 1, 2)
        );

        assert_eq!(
            fs::read_to_string(out.join("src/lib.rs")).expect("read"),
            "new lib"
        );
        assert!(!out.join("src/old/stale.rs").exists());
        assert_eq!(
            fs::read_to_string(out.join("tests/kept.rs")).expect("read"),
            "hand-written"
        );
        check(&out, &generated, COMMAND).expect("fresh after writing");
        fs::remove_dir_all(&out).expect("clean up");
    }

    /// Brings `out` in line with `generated` through one [`Stage`], as emission does file by
    /// file.
    fn write_files(out: &Path, generated: &BTreeMap<String, String>) -> Result<Written> {
        let mut stage = Stage::new(out)?;
        for (relative, contents) in generated {
            stage.file(relative, &in_pieces(contents))?;
        }
        stage.commit()
    }

    /// `generated` compared with `out` file by file, as `--check` compares what it emits.
    fn check(out: &Path, generated: &BTreeMap<String, String>, command: &str) -> Result<()> {
        let mut checker = Checker::new(out);
        for (relative, contents) in generated {
            checker.file(relative, &in_pieces(contents));
        }
        checker.finish(command)
    }

    /// `text` in pieces cut at `cuts` (in any order; past its end or inside a character, a cut
    /// is ignored).
    fn cut(text: &str, cuts: &[usize]) -> FileText {
        let mut ends: Vec<usize> = cuts
            .iter()
            .copied()
            .filter(|&end| text.is_char_boundary(end))
            .chain([text.len()])
            .collect();
        ends.sort_unstable();
        let mut start = 0;
        let mut pieces = Vec::new();
        for end in ends {
            pieces.push(text[start..end].to_owned());
            start = end;
        }
        pieces.into_iter().collect()
    }

    /// [`cut`] for ASCII bytes.
    fn cut_bytes(contents: &[u8], cuts: &[usize]) -> FileText {
        cut(std::str::from_utf8(contents).expect("ASCII"), cuts)
    }

    /// `text` as a file of a piece per line, as emission hands over a file of many pieces.
    fn in_pieces(text: &str) -> FileText {
        text.split_inclusive('\n').map(str::to_owned).collect()
    }

    /// A file of one piece.
    fn text(text: &'static str) -> FileText {
        FileText::from(text)
    }

    /// A stage dropped before its commit (another target failed after it was emitted) takes
    /// back every file and folder it wrote; unchanged files are never written.
    #[test]
    fn an_uncommitted_stage_leaves_the_folder_as_it_was() {
        let checkout = tempfile::tempdir().expect("temporary folder");
        let out = checkout.path().join("out");
        fs::create_dir_all(out.join("src")).expect("create");
        fs::write(out.join("src/lib.rs"), "same").expect("write");
        fs::write(out.join("src/old.rs"), "stale").expect("write");
        let before = tree(checkout.path());
        let mut stage = Stage::new(&out).expect("stage");
        stage.file("src/lib.rs", &text("same")).expect("unchanged");
        stage
            .file("src/types/deep/new.rs", &text("new"))
            .expect("staged");
        stage
            .file("Cargo.toml", &text("[package]"))
            .expect("staged");
        assert!(out.join("src/types/deep/new.codegen-new").is_file());
        let twice = stage
            .file("Cargo.toml", &text("[package]"))
            .expect_err("twice");
        assert!(twice.to_string().contains("generated twice"), "{twice}");
        drop(stage);
        assert_eq!(tree(checkout.path()), before);
        assert!(!out.join("src/types").exists());

        let mut stage = Stage::new(&out).expect("stage");
        stage.file("src/lib.rs", &text("same")).expect("unchanged");
        stage
            .file("src/types/deep/new.rs", &text("new"))
            .expect("staged");
        let written = stage.commit().expect("commit");
        assert_eq!(
            (written.generated, written.changed, written.removed),
            (2, 1, 1)
        );
        assert_eq!(
            tree(&out).keys().collect::<Vec<_>>(),
            [Path::new("src/lib.rs"), Path::new("src/types/deep/new.rs")]
        );
    }

    #[test]
    fn check_lists_every_stale_missing_and_extra_file() {
        let out = std::env::temp_dir().join(format!("xtask-check-{}", std::process::id()));
        let _ = fs::remove_dir_all(&out);
        fs::create_dir_all(out.join("src")).expect("create");
        fs::write(out.join("src/lib.rs"), "one\ntwo\n").expect("write");
        fs::write(out.join("src/extra.rs"), "").expect("write");
        let generated = BTreeMap::from([
            ("src/lib.rs".to_owned(), "one\nthree\n".to_owned()),
            ("src/types.rs".to_owned(), String::new()),
        ]);
        let message = format!("{:#}", check(&out, &generated, COMMAND).expect_err("stale"));
        assert!(message.contains(&out.display().to_string()), "{message}");
        assert!(message.contains("stale: src/lib.rs"), "{message}");
        assert!(message.contains("-two\n+three"), "{message}");
        assert!(message.contains("missing: src/types.rs"), "{message}");
        assert!(message.contains("extra: src/extra.rs"), "{message}");
        assert!(message.contains("run `cargo xtask codegen`"), "{message}");
        fs::remove_dir_all(&out).expect("clean up");
    }

    #[test]
    fn out_alone_is_revcent_as_a_standalone_crate() {
        let target = parse(&["--out", "/tmp/x"])
            .expect("parses")
            .custom
            .expect("one target");
        assert_eq!(target.specs, root().join("specs"));
        assert_eq!(target.out, Path::new("/tmp/x"));
        assert_eq!(
            target.config,
            Config {
                standalone: true,
                regenerate_command: "cargo xtask codegen --out /tmp/x".to_owned(),
                ..revcent_config()
            }
        );
    }

    #[test]
    fn another_folder_gets_a_neutral_configuration() {
        let fixture = root().join("codegen/tests/fixtures/list_operation");
        let fixture = fixture.to_str().expect("UTF-8 path");
        let options = parse(&["--specs", fixture, "--out", "/tmp/Sales_API"]).expect("parses");
        let config = options.custom.expect("one target").config;
        assert_eq!(config.crate_name, "sales-api");
        assert_eq!(config.api_name, "sales-api");
        assert_eq!(config.base_url, None, "left to the generator to infer");
        assert_eq!(config.success_marker, None);
        assert!(config.name_overrides.is_empty());
        assert_eq!(
            config,
            Config {
                regenerate_command: format!(
                    "cargo xtask codegen --out /tmp/Sales_API --specs {fixture}"
                ),
                ..Config::new("sales-api", "sales-api")
            }
        );
    }

    #[test]
    fn options_override_either_configuration() {
        let fixture = root().join("codegen/tests/fixtures/list_operation");
        let fixture = fixture.to_str().expect("UTF-8 path");
        let with = |specs: &str| {
            parse(&[
                "--specs",
                specs,
                "--out",
                "/tmp/out",
                "--crate-name",
                "sales",
                "--base-url",
                "https://sales.example.test/v3",
                "--api-key-header",
                "X-Key",
            ])
            .expect("parses")
            .custom
            .expect("one target")
            .config
        };
        let neutral = with(fixture);
        assert_eq!(
            (neutral.crate_name.as_str(), neutral.api_name.as_str()),
            ("sales", "sales")
        );
        assert_eq!(
            neutral.base_url.as_deref(),
            Some("https://sales.example.test/v3")
        );
        assert_eq!(neutral.api_key_header, "X-Key");
        // RevCent's fragments keep RevCent's name in the docs and its other settings.
        let specs = root().join("specs");
        let revcent = with(specs.to_str().expect("UTF-8 path"));
        assert_eq!(revcent.crate_name, "sales");
        assert_eq!(revcent.api_name, revcent_config().api_name);
        assert_eq!(revcent.name_overrides, revcent_config().name_overrides);
        assert_eq!(revcent.api_key_header, "X-Key");
    }

    /// The command written into a standalone crate regenerates it: `--check` is left out (else
    /// checking a fresh crate would always find it stale), and each value reads back as given.
    #[test]
    fn a_standalone_crate_names_the_command_that_regenerates_it() {
        let config = |arguments: &[&str]| {
            parse(arguments)
                .expect("parses")
                .custom
                .expect("one target")
                .config
        };
        let written = config(&["--out", "/tmp/x"]);
        let checked = config(&["--check", "--out", "/tmp/x"]);
        assert_eq!(checked, written);
        let quoted = config(&["--api-key-header", "X-Key", "--out", "/tmp/my api's"]);
        assert_eq!(
            quoted.regenerate_command,
            r"cargo xtask codegen --out '/tmp/my api'\''s' --api-key-header X-Key"
        );
    }

    /// The workspace targets and the neutral configuration take the regenerate command from
    /// [`Config::new`]; it must be the one this xtask offers.
    #[test]
    fn the_default_regenerate_command_is_this_one() {
        assert_eq!(Config::new("any", "Any").regenerate_command, COMMAND);
        assert_eq!(revcent_config().regenerate_command, COMMAND);
        assert_eq!(fixture_config("any").regenerate_command, COMMAND);
    }

    #[test]
    fn options_that_need_an_output_folder_say_so() {
        for option in ["--specs", "--crate-name", "--base-url", "--api-key-header"] {
            let error = parse(&[option, "value"]).expect_err("no --out");
            assert_eq!(
                error.kind(),
                clap::error::ErrorKind::MissingRequiredArgument,
                "{error}"
            );
            assert!(error.to_string().contains("--out <DIR>"), "{error}");
        }
        let error = parse(&["--out"]).expect_err("no value");
        assert_eq!(
            error.kind(),
            clap::error::ErrorKind::InvalidValue,
            "{error}"
        );
        assert!(error.to_string().contains("--out <DIR>"), "{error}");
        let error = parse(&["--outt", "x"]).expect_err("unknown");
        assert_eq!(
            error.kind(),
            clap::error::ErrorKind::UnknownArgument,
            "{error}"
        );
    }

    #[test]
    fn a_failed_generation_writes_nothing() {
        let root = std::env::temp_dir().join(format!("xtask-fail-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(root.join("specs")).expect("create");
        fs::write(root.join("specs/Bad.json"), "{ not json").expect("write");
        fs::create_dir_all(root.join("out/src")).expect("create");
        fs::write(root.join("out/src/lib.rs"), "kept").expect("write");
        let options = Options {
            check: false,
            old: OldSpecs::Committed,
            report: None,
            bump: false,
            exclude: Vec::new(),
            custom: Some(Target {
                specs: root.join("specs"),
                out: root.join("out"),
                config: revcent_config(),
            }),
        };
        let message = format!("{:#}", run(&root, &options).expect_err("bad input"));
        assert!(
            message.contains(
                "error: not valid JSON: key must be a string at line 1 column 3\n --> specs/Bad.json:1:3\n"
            ),
            "{message}"
        );
        assert!(
            message.contains(&format!("cannot generate {}", root.join("out").display())),
            "{message}"
        );
        assert_eq!(
            fs::read_to_string(root.join("out/src/lib.rs")).expect("read"),
            "kept"
        );
        fs::remove_dir_all(&root).expect("clean up");
    }

    /// Bad input in one target leaves every target as it was, those before it included.
    #[test]
    fn a_failed_workspace_generation_writes_nothing() {
        let root = std::env::temp_dir().join(format!("xtask-fail-all-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(root.join("specs")).expect("create");
        fs::copy(
            self::root().join("specs/EditAIVoiceAgent.json"),
            root.join("specs/EditAIVoiceAgent.json"),
        )
        .expect("copy");
        fs::create_dir_all(root.join("codegen/tests/fixtures/bad")).expect("create");
        fs::write(root.join("codegen/tests/fixtures/bad/Bad.json"), "[]").expect("write");
        fs::create_dir_all(root.join("generated-client/src")).expect("create");
        fs::write(root.join("generated-client/src/lib.rs"), "kept").expect("write");
        let options = Options {
            check: false,
            custom: None,
            old: OldSpecs::Committed,
            report: None,
            bump: false,
            exclude: Vec::new(),
        };
        let message = format!("{:#}", run(&root, &options).expect_err("bad fixture"));
        assert!(
            message.contains("--> codegen/tests/fixtures/bad/Bad.json:1:1"),
            "{message}"
        );
        let files: Vec<_> = fs::read_dir(root.join("generated-client/src"))
            .expect("read")
            .map(|entry| entry.expect("entry").file_name())
            .collect();
        assert_eq!(files, ["lib.rs"]);
        assert_eq!(
            fs::read_to_string(root.join("generated-client/src/lib.rs")).expect("read"),
            "kept"
        );
        assert!(!root.join("generated-client/Cargo.toml").exists());
        assert!(!root.join("codegen/tests/snapshots").exists());
        fs::remove_dir_all(&root).expect("clean up");
    }

    /// Every file under `folder` with its bytes, by relative path.
    fn tree(folder: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
        let mut files = BTreeMap::new();
        let mut pending = vec![folder.to_path_buf()];
        while let Some(directory) = pending.pop() {
            for entry in fs::read_dir(&directory).expect("read") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    pending.push(path);
                } else {
                    let relative = path.strip_prefix(folder).expect("inside").to_path_buf();
                    files.insert(relative, fs::read(&path).expect("read"));
                }
            }
        }
        files
    }

    /// A folder with one good RevCent fragment and two bad ones, and an output folder holding a
    /// previous crate.
    fn troubled_checkout() -> tempfile::TempDir {
        let root = tempfile::tempdir().expect("temporary folder");
        let specs = root.path().join("specs");
        fs::create_dir_all(&specs).expect("create");
        fs::copy(
            self::root().join("specs/EditAIVoiceAgent.json"),
            specs.join("EditAIVoiceAgent.json"),
        )
        .expect("copy");
        let good = fs::read_to_string(specs.join("EditAIVoiceAgent.json")).expect("read");
        let bad_method = good
            .replacen("\"EditAIVoiceAgent\"", "\"BadMethod\"", 1)
            .replacen("\"POST\"", "\"FETCH\"", 1);
        assert_ne!(bad_method, good);
        fs::write(specs.join("BadMethod.json"), bad_method).expect("write");
        let bad_path = good
            .replacen("\"EditAIVoiceAgent\"", "\"BadPath\"", 1)
            // Another server would be fine (the operation keeps its own); a relative path is not.
            .replacen("https://api.revcent.com/v2", "/v2", 1);
        assert_ne!(bad_path, good);
        fs::write(specs.join("BadPath.json"), bad_path).expect("write");
        let out = root.path().join("out");
        fs::create_dir_all(out.join("src/runtime")).expect("create");
        fs::create_dir_all(out.join("tests")).expect("create");
        fs::write(out.join("Cargo.toml"), "[package]\nname = \"kept\"\n").expect("write");
        fs::write(out.join("src/lib.rs"), "//! kept\n").expect("write");
        fs::write(out.join("src/runtime/mod.rs"), [0xff, 0x00, b'\n']).expect("write");
        fs::write(out.join("tests/mine.rs"), "hand-written").expect("write");
        root
    }

    fn troubled_options(root: &Path, exclude: &[&str]) -> Options {
        let mut config = revcent_config();
        config.excluded_operations = exclude.iter().map(|id| (*id).to_owned()).collect();
        Options {
            check: false,
            old: OldSpecs::Committed,
            report: None,
            bump: false,
            custom: Some(Target {
                specs: root.join("specs"),
                out: root.join("out"),
                config,
            }),
            exclude: Vec::new(),
        }
    }

    /// Every problem is reported, rendered in the fragments' text, and the output folder is left
    /// byte for byte as it was.
    #[test]
    fn a_failed_run_reports_every_problem_and_leaves_the_output_byte_identical() {
        let checkout = troubled_checkout();
        let root = checkout.path();
        let before = tree(&root.join("out"));
        let message = format!(
            "{:#}",
            run(root, &troubled_options(root, &[])).expect_err("bad input")
        );
        assert!(
            message.contains(
                "error: `FETCH` is not an HTTP method this generator supports\n --> specs/BadMethod.json:"
            ),
            "{message}"
        );
        assert!(
            message.contains("is neither under the base URL `https://api.revcent.com/v2`"),
            "{message}"
        );
        assert!(
            message.contains("operation `BadPath`, at `#/path`"),
            "{message}"
        );
        assert!(message.contains("= help: fix the fragment"), "{message}");
        assert!(
            message.starts_with(&format!(
                "cannot generate {} from {}; nothing was written:\n\nerror: ",
                root.join("out").display(),
                root.join("specs").display()
            )),
            "{message}"
        );
        assert!(message.ends_with("\n\n2 problems found"), "{message}");
        assert_eq!(tree(&root.join("out")), before);
    }

    /// Excluding the operations whose fragments have problems makes the run succeed; what was
    /// left out is in the crate's docs.
    #[test]
    fn excluding_the_bad_operations_rescues_the_run() {
        let checkout = troubled_checkout();
        let root = checkout.path();
        run(root, &troubled_options(root, &["BadMethod", "BadPath"])).expect("generates");
        let lib = fs::read_to_string(root.join("out/src/lib.rs")).expect("read");
        assert!(
            lib.contains("//! - `BadMethod` (`specs/BadMethod.json`)"),
            "{lib}"
        );
        assert!(
            lib.contains("//! - `BadPath` (`specs/BadPath.json`)"),
            "{lib}"
        );
        assert_eq!(
            fs::read_to_string(root.join("out/tests/mine.rs")).expect("read"),
            "hand-written"
        );
        let generated = build(root, &root.join("specs"), &{
            let mut config = revcent_config();
            config.excluded_operations = vec!["BadPath".to_owned(), "Missing".to_owned()];
            config
        })
        .expect_err("a stale exclusion and a bad fragment");
        let report = generated.to_string();
        assert!(
            report.contains(
                "error: the excluded operation `Missing` matches no fragment's operationId"
            ),
            "{report}"
        );
        assert!(report.ends_with("2 problems found"), "{report}");
    }

    #[test]
    fn exclude_is_repeatable_and_kept_in_the_regenerate_command() {
        let options = parse(&["--exclude", "A", "--exclude", "B"]).expect("parses");
        assert_eq!(options.exclude, ["A", "B"]);
        assert!(options.custom.is_none());
        let config = parse(&["--out", "/tmp/x", "--exclude", "A", "--exclude", "B C"])
            .expect("parses")
            .custom
            .expect("one target")
            .config;
        assert_eq!(config.excluded_operations, ["A", "B C"]);
        assert_eq!(
            config.regenerate_command,
            "cargo xtask codegen --out /tmp/x --exclude A --exclude 'B C'"
        );
    }

    #[test]
    fn a_missing_folder_is_named() {
        let missing = std::env::temp_dir().join(format!("xtask-missing-{}", std::process::id()));
        let message = format!(
            "{:#}",
            build(&missing, &missing, &revcent_config()).expect_err("no folder")
        );
        assert!(
            message.starts_with(&format!(
                "cannot read the fragments folder {}: ",
                missing.display()
            )),
            "{message}"
        );
        let message = format!(
            "{:#}",
            workspace_targets(&missing).expect_err("no fixtures")
        );
        assert!(
            message.contains(&missing.join("codegen/tests/fixtures").display().to_string()),
            "{message}"
        );
    }
}
