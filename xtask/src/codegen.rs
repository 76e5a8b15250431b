//! `cargo xtask codegen`: reads fragments, calls the generator, writes or checks the crate.
//!
//! The generated crate's `Cargo.toml` and everything under its `src/` belong to the generator;
//! anything else in the folder (tests, examples) belongs to people and is never touched.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use codegen::{Config, NameOverride, RuntimeSource, SourceFile, SuccessMarker};

/// The command that regenerates `generated-client/`, named in every generated file.
pub const COMMAND: &str = "cargo xtask codegen";

/// RevCent's configuration: what the generator must be told about this API. The only place
/// RevCent's settings are written down.
pub fn revcent_config() -> Config {
    Config {
        crate_version: "0.1.0".to_owned(),
        base_url: Some("https://api.revcent.com/v2".to_owned()),
        api_key_header: "x-api-key".to_owned(),
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
        dev_dependencies: test_dependencies(),
        // A member of this workspace.
        standalone: false,
        ..Config::new("revcent", "RevCent")
    }
}

/// One generator run: fragments in, a crate out.
#[derive(Clone, Debug)]
pub struct Target {
    specs: PathBuf,
    out: PathBuf,
    config: Config,
}

/// The crates this workspace generates: the RevCent client, and one snapshot crate per fixture
/// in `codegen/tests/fixtures/`, whose committed output is the generator's expected output.
pub fn workspace_targets() -> Result<Vec<Target>, String> {
    let root = crate::workspace_root();
    let mut targets = vec![Target {
        specs: root.join("specs"),
        out: root.join("generated-client"),
        config: revcent_config(),
    }];
    let fixtures = root.join("codegen/tests/fixtures");
    let entries = fs::read_dir(&fixtures)
        .map_err(|error| format!("cannot read {}: {error}", fixtures.display()))?;
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|entry| entry.path().is_dir())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for name in names {
        targets.push(Target {
            specs: fixtures.join(&name),
            out: root.join("codegen/tests/snapshots").join(&name),
            config: fixture_config(&name),
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

/// For the hand-written tests and examples kept beside the generated files.
fn test_dependencies() -> Vec<String> {
    vec![
        r#"jsonschema = { version = "0.61", default-features = false }"#.to_owned(),
        r#"tokio = { version = "1", features = ["macros", "rt-multi-thread"] }"#.to_owned(),
        r#"wiremock = "0.6""#.to_owned(),
    ]
}

/// Parsed command-line options of `cargo xtask codegen`.
#[derive(Debug)]
pub struct Options {
    check: bool,
    /// `None`: every workspace target.
    custom: Option<Target>,
}

impl Options {
    /// Parses the arguments after `codegen`. Without `--out`, every workspace target; with it,
    /// one standalone crate from `--specs` (default `specs/`). RevCent's configuration applies to
    /// RevCent's own `specs/`; any other folder gets a neutral one, with the base URL inferred
    /// from the fragments unless `--base-url` says it.
    pub fn parse(arguments: &[String]) -> Result<Self, String> {
        let root = crate::workspace_root();
        let mut check = false;
        let (mut specs, mut out, mut crate_name, mut base_url) = (None, None, None, None);
        let mut api_key_header = None;
        let mut rest = arguments.iter();
        while let Some(argument) = rest.next() {
            let mut value = |name: &str| {
                rest.next()
                    .cloned()
                    .ok_or_else(|| format!("`{name}` needs a value"))
            };
            match argument.as_str() {
                "--check" => check = true,
                "--specs" => specs = Some(PathBuf::from(value("--specs")?)),
                "--out" => out = Some(PathBuf::from(value("--out")?)),
                "--crate-name" => crate_name = Some(value("--crate-name")?),
                "--base-url" => base_url = Some(value("--base-url")?),
                "--api-key-header" => api_key_header = Some(value("--api-key-header")?),
                other => return Err(format!("unknown option `{other}` for `codegen`")),
            }
        }
        let Some(out) = out else {
            if specs.is_some()
                || crate_name.is_some()
                || base_url.is_some()
                || api_key_header.is_some()
            {
                return Err(
                    "`--specs`, `--crate-name`, `--base-url` and `--api-key-header` need `--out DIR`"
                        .to_owned(),
                );
            }
            return Ok(Self {
                check,
                custom: None,
            });
        };
        let specs = specs.unwrap_or_else(|| root.join("specs"));
        let is_revcent = same_folder(&specs, &root.join("specs"));
        let mut config = if is_revcent {
            revcent_config()
        } else {
            neutral_config(&out)
        };
        if let Some(name) = crate_name {
            if !is_revcent {
                config.api_name.clone_from(&name);
            }
            config.crate_name = name;
        }
        if let Some(header) = api_key_header {
            config.api_key_header = header;
        }
        if base_url.is_some() {
            config.base_url = base_url;
        }
        config.standalone = true;
        // `--check` does not choose what is generated; named here, it would make every check of
        // a fresh crate find the crate stale.
        let chosen: Vec<&str> = arguments
            .iter()
            .map(String::as_str)
            .filter(|argument| *argument != "--check")
            .collect();
        config.regenerate_command = format!("{COMMAND} {}", chosen.join(" "));
        Ok(Self {
            check,
            custom: Some(Target { specs, out, config }),
        })
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

/// Runs `codegen` with `options`. Every target is generated before any is written, so bad input
/// in one leaves all of them as they were.
pub fn run(options: &Options) -> Result<(), String> {
    let targets = match &options.custom {
        Some(target) => vec![target.clone()],
        None => workspace_targets()?,
    };
    let mut outputs = Vec::with_capacity(targets.len());
    for target in &targets {
        outputs.push(generate(&target.specs, &target.config)?);
    }
    let mut problems = Vec::new();
    for (target, generated) in targets.iter().zip(&outputs) {
        let result = if options.check {
            check(&target.out, generated)
        } else {
            write(&target.out, generated)
        };
        if let Err(message) = result {
            problems.push(message);
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n\n"))
    }
}

/// Reads every `*.json` fragment in `specs` and generates the crate in memory.
pub fn generate(specs: &Path, config: &Config) -> Result<BTreeMap<String, String>, String> {
    let sources = read_sources(specs)?;
    codegen::generate(&sources, config).map_err(|error| error.to_string())
}

/// Every `*.json` file in `specs`, named as a person would type it from the workspace root.
fn read_sources(specs: &Path) -> Result<Vec<SourceFile>, String> {
    let entries =
        fs::read_dir(specs).map_err(|error| format!("cannot read {}: {error}", specs.display()))?;
    let mut sources = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|error| format!("cannot read {}: {error}", specs.display()))?
            .path();
        if path
            .extension()
            .is_some_and(|extension| extension == "json")
        {
            let contents = fs::read_to_string(&path)
                .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
            sources.push(SourceFile {
                name: display_name(&path),
                contents,
            });
        }
    }
    if sources.is_empty() {
        return Err(format!("no `*.json` fragments in {}", specs.display()));
    }
    Ok(sources)
}

/// A path as a person would type it from the workspace root, when it is inside it.
fn display_name(path: &Path) -> String {
    let root = crate::workspace_root();
    path.strip_prefix(&root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// The files of `out` that the generator owns: `Cargo.toml` and everything under `src/`.
fn owned_files(out: &Path) -> Result<Vec<String>, String> {
    let mut owned = Vec::new();
    if out.join("Cargo.toml").is_file() {
        owned.push("Cargo.toml".to_owned());
    }
    let mut pending = vec![out.join("src")];
    while let Some(directory) = pending.pop() {
        if !directory.is_dir() {
            continue;
        }
        let entries = fs::read_dir(&directory)
            .map_err(|error| format!("cannot read {}: {error}", directory.display()))?;
        for entry in entries {
            let path = entry
                .map_err(|error| format!("cannot read {}: {error}", directory.display()))?
                .path();
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

/// Brings `out` in line with `generated`, touching only files whose contents change.
///
/// Every new content is first written beside its target; only when all of those writes have
/// succeeded are they renamed into place and stale files removed, so a failure part-way leaves
/// the previous crate intact.
fn write(out: &Path, generated: &BTreeMap<String, String>) -> Result<(), String> {
    let stale: Vec<String> = owned_files(out)?
        .into_iter()
        .filter(|relative| !generated.contains_key(relative))
        .collect();
    let mut staged = Vec::new();
    let stage_all = |staged: &mut Vec<(PathBuf, PathBuf)>| -> Result<(), String> {
        for (relative, contents) in generated {
            let target = out.join(relative);
            if fs::read_to_string(&target).is_ok_and(|existing| existing == *contents) {
                continue;
            }
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent)
                    .map_err(|error| format!("cannot create {}: {error}", parent.display()))?;
            }
            let temporary = target.with_extension("codegen-new");
            fs::write(&temporary, contents)
                .map_err(|error| format!("cannot write {}: {error}", temporary.display()))?;
            staged.push((temporary, target));
        }
        Ok(())
    };
    if let Err(message) = stage_all(&mut staged) {
        for (temporary, _) in &staged {
            let _ = fs::remove_file(temporary);
        }
        return Err(message);
    }
    for (temporary, target) in &staged {
        fs::rename(temporary, target)
            .map_err(|error| format!("cannot replace {}: {error}", target.display()))?;
    }
    for relative in &stale {
        let path = out.join(relative);
        fs::remove_file(&path)
            .map_err(|error| format!("cannot remove {}: {error}", path.display()))?;
    }
    println!(
        "{}: {} files generated, {} changed, {} removed",
        out.display(),
        generated.len(),
        staged.len(),
        stale.len()
    );
    Ok(())
}

/// Compares `out` with `generated` and reports every difference, not only the first.
pub fn check(out: &Path, generated: &BTreeMap<String, String>) -> Result<(), String> {
    let mut problems = Vec::new();
    for (relative, contents) in generated {
        match fs::read_to_string(out.join(relative)) {
            Ok(existing) if existing == *contents => {}
            Ok(existing) => {
                let diff = similar::TextDiff::from_lines(&existing, contents)
                    .unified_diff()
                    .context_radius(2)
                    .header(
                        &format!("{relative} (committed)"),
                        &format!("{relative} (generated)"),
                    )
                    .to_string();
                problems.push(format!("stale: {relative}\n{diff}"));
            }
            Err(_) => problems.push(format!("missing: {relative}")),
        }
    }
    for relative in owned_files(out)? {
        if !generated.contains_key(&relative) {
            problems.push(format!("extra: {relative} (no longer generated)"));
        }
    }
    if problems.is_empty() {
        return Ok(());
    }
    Err(format!(
        "{} is out of date with the fragments and the generator:\n\n{}\n\nrun `{COMMAND}` and commit the result",
        out.display(),
        problems.join("\n")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rust-analyzer pattern: a plain `cargo test` fails when the committed client or a
    /// committed snapshot is stale.
    #[test]
    fn generated_crates_are_fresh() {
        let options = Options {
            check: true,
            custom: None,
        };
        if let Err(message) = run(&options) {
            panic!("{message}");
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

        assert!(check(&out, &generated).is_err());
        write(&out, &generated).expect("write");

        assert_eq!(
            fs::read_to_string(out.join("src/lib.rs")).expect("read"),
            "new lib"
        );
        assert!(!out.join("src/old/stale.rs").exists());
        assert_eq!(
            fs::read_to_string(out.join("tests/kept.rs")).expect("read"),
            "hand-written"
        );
        check(&out, &generated).expect("fresh after writing");
        fs::remove_dir_all(&out).expect("clean up");
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
        let message = check(&out, &generated).expect_err("stale");
        assert!(message.contains("stale: src/lib.rs"), "{message}");
        assert!(message.contains("-two\n+three"), "{message}");
        assert!(message.contains("missing: src/types.rs"), "{message}");
        assert!(message.contains("extra: src/extra.rs"), "{message}");
        assert!(message.contains("run `cargo xtask codegen`"), "{message}");
        fs::remove_dir_all(&out).expect("clean up");
    }

    fn arguments(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn out_alone_is_revcent_as_a_standalone_crate() {
        let options = Options::parse(&arguments("--out /tmp/x")).expect("parses");
        let target = options.custom.expect("one target");
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
        let fixture = crate::workspace_root().join("codegen/tests/fixtures/list_operation");
        let options = Options::parse(&arguments(&format!(
            "--specs {} --out /tmp/Sales_API",
            fixture.display()
        )))
        .expect("parses");
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
                    "cargo xtask codegen --specs {} --out /tmp/Sales_API",
                    fixture.display()
                ),
                ..Config::new("sales-api", "sales-api")
            }
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
    fn checking_a_standalone_crate_compares_it_with_what_writing_would_write() {
        let written = Options::parse(&arguments("--out /tmp/x")).expect("parses");
        let checked = Options::parse(&arguments("--check --out /tmp/x")).expect("parses");
        assert!(checked.check);
        assert_eq!(
            checked.custom.expect("one target").config,
            written.custom.expect("one target").config
        );
    }

    #[test]
    fn options_that_need_an_output_folder_say_so() {
        let message = Options::parse(&arguments("--specs elsewhere")).expect_err("no --out");
        assert_eq!(
            message,
            "`--specs`, `--crate-name`, `--base-url` and `--api-key-header` need `--out DIR`"
        );
        let message = Options::parse(&arguments("--out")).expect_err("no value");
        assert_eq!(message, "`--out` needs a value");
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
            custom: Some(Target {
                specs: root.join("specs"),
                out: root.join("out"),
                config: revcent_config(),
            }),
        };
        let message = run(&options).expect_err("bad input");
        assert!(message.contains("Bad.json#: not valid JSON"), "{message}");
        assert_eq!(
            fs::read_to_string(root.join("out/src/lib.rs")).expect("read"),
            "kept"
        );
        fs::remove_dir_all(&root).expect("clean up");
    }
}
