//! `cargo xtask bench --compile`: what a generated crate costs the crates that depend on it.
//!
//! For each synthetic API (`--synthetic`), a standalone crate is generated under
//! `target/bench/compile/<corpus>/client` and timed as `cargo check` and `cargo build` (dev
//! profile) with every feature and with one resource's feature (and rustls, schemars off); a
//! fresh downstream crate that calls three operations of that resource (`…/downstream`, its
//! calls the methods' own doc examples) is timed the same way, depending on the client with
//! only that resource. Every timing recompiles the generated crate (and the downstream one)
//! and nothing else: the dependencies are built, untimed, into one shared target folder
//! (`target/bench/compile/target`) before anything is measured.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use codegen::ir::{Api, Module, Operation};

use super::{bench_dir, config_for, corpus_dir, prepare};
use crate::codegen::{emit_into, read_sources};

/// The generated crate's package name, as [`config_for`] names it.
const CLIENT: &str = "bench-client";
/// The downstream crate's package name.
const DOWNSTREAM: &str = "bench-downstream";

/// One synthetic API's crates, ready to time.
struct Corpus {
    name: String,
    client: PathBuf,
    downstream: PathBuf,
    /// `--no-default-features --features rustls,<resource>`.
    one: String,
}

/// Measures every synthetic API of `sizes` and prints each figure as soon as it is measured:
/// first what one resource costs for every API, then `cargo check` with every feature, then
/// `cargo build` with every feature (the longest), so that a run cut short still says the most.
pub fn run(root: &Path, sizes: &[usize]) -> Result<()> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let target = bench_dir(root).join("compile/target");
    let build = Build {
        cargo: &cargo,
        target: &target,
    };
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    println!(
        "cargo xtask bench --compile: dev profile, {cores} cores available; each timing \
         recompiles the generated crate (and the downstream one) only, dependencies prebuilt"
    );
    let mut corpora = Vec::new();
    for &size in sizes {
        let name = format!("synthetic-{size}");
        prepare(root, &name)?;
        let crate_dir = bench_dir(root).join("compile").join(&name);
        let client = crate_dir.join("client");
        let api = generate(root, &name, &client)?;
        let Some(resource) = api.resources.first() else {
            bail!("{name} has no resource to build alone");
        };
        let calls: Vec<&Operation> = api
            .operations
            .iter()
            .filter(|operation| operation.resource == Some(0))
            .take(3)
            .collect();
        let downstream = crate_dir.join("downstream");
        write_downstream(&downstream, &calls, &resource.feature)?;
        for dir in [&client, &downstream] {
            // The workspace's versions, so that every crate shares the prebuilt dependencies.
            fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"))
                .with_context(|| format!("cannot copy Cargo.lock into {}", dir.display()))?;
        }
        let (lines, types_lines) = lines(&client.join("src"))?;
        println!(
            "{name}: {} operations, {} resources; {lines} lines of generated Rust outside the \
             runtime ({} per operation; {types_lines} in types); one resource: `{}`, {} \
             operations, {} types of its own, {} shared",
            api.operations.len(),
            api.resources.len(),
            (lines + api.operations.len() / 2) / api.operations.len().max(1),
            resource.feature,
            api.operations
                .iter()
                .filter(|operation| operation.resource == Some(0))
                .count(),
            api.types
                .iter()
                .filter(|definition| definition.module == Module::Resource(0))
                .count(),
            api.types
                .iter()
                .filter(|definition| definition.module == Module::Shared)
                .count(),
        );
        corpora.push(Corpus {
            name,
            one: format!("rustls,{}", resource.feature),
            client,
            downstream,
        });
    }
    let Some(first) = corpora.first() else {
        return Ok(());
    };
    // Untimed: the dependencies, as checked and as built, through the smallest crate: the
    // downstream one with one resource (the features every row below shares but schemars), and
    // schemars as the default features want it.
    build.cargo(&first.downstream, "check", &[])?;
    build.cargo(&first.downstream, "build", &[])?;
    for command in ["check", "build"] {
        build.cargo(&first.client, command, &["--package", "schemars"])?;
    }
    for corpus in &corpora {
        let one = ["--no-default-features", "--features", corpus.one.as_str()];
        for command in ["check", "build"] {
            let seconds = build.timed(&corpus.client, command, &one, &[CLIENT])?;
            println!(
                "  {:<16} client, one resource ({:<20}) cargo {command}: {seconds:>6.1} s",
                corpus.name, corpus.one
            );
        }
        for command in ["check", "build"] {
            let seconds = build.timed(&corpus.downstream, command, &[], &[CLIENT, DOWNSTREAM])?;
            println!(
                "  {:<16} downstream, 3 calls, one resource   cargo {command}: {seconds:>6.1} s",
                corpus.name
            );
        }
    }
    for command in ["check", "build"] {
        for corpus in &corpora {
            let seconds = build.timed(&corpus.client, command, &[], &[CLIENT])?;
            println!(
                "  {:<16} client, all features                cargo {command}: {seconds:>6.1} s",
                corpus.name
            );
        }
    }
    Ok(())
}

/// Generates the standalone crate of corpus `name` into `out`.
fn generate(root: &Path, name: &str, out: &Path) -> Result<Api> {
    let sources = read_sources(root, &corpus_dir(root, name))?;
    let config = config_for(name);
    let api = codegen::build_api(&sources, &config)
        .map_err(|error| anyhow::anyhow!("{name} does not generate: {error}"))?;
    emit_into(out, &api, &config).with_context(|| format!("{name} does not emit"))?;
    Ok(api)
}

/// A fresh crate beside the client whose `main` compiles three calls (each method's doc
/// example, which builds every argument), depending on the client with only `feature` (and
/// rustls).
fn write_downstream(dir: &Path, calls: &[&Operation], feature: &str) -> Result<()> {
    let features = format!(", default-features = false, features = [\"rustls\", \"{feature}\"]");
    let manifest = format!(
        "[package]\nname = \"{DOWNSTREAM}\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\
         publish = false\n\n[dependencies]\n{CLIENT} = {{ path = \"../client\"{features} }}\n\n\
         [workspace]\n"
    );
    let mut main = String::from(
        "//! Three calls of one resource, compiled and never run (each would call the API).\n\n",
    );
    let mut names = Vec::new();
    for operation in calls {
        let Some(example) = example_code(&operation.docs) else {
            bail!("`{}` has no example to call it by", operation.operation_id);
        };
        // The example is a private function; `main` names it from outside its module.
        let example = example.replacen("async fn example()", "pub async fn example()", 1);
        let _ = writeln!(main, "mod {} {{\n{example}}}\n", operation.fn_name);
        names.push(format!("{}::example", operation.fn_name));
    }
    let _ = writeln!(
        main,
        "fn main() {{\n    let _calls = ({});\n}}",
        names.join(", ")
    );
    fs::create_dir_all(dir.join("src"))
        .with_context(|| format!("cannot create {}", dir.display()))?;
    fs::write(dir.join("Cargo.toml"), manifest)?;
    fs::write(dir.join("src/main.rs"), main)?;
    Ok(())
}

/// The code of the `# Example` block in a method's docs, hidden lines shown: an
/// `async fn example()` that builds every argument and calls the method.
fn example_code(docs: &str) -> Option<String> {
    let start = docs.find("```no_run\n")? + "```no_run\n".len();
    let end = start + docs[start..].find("```")?;
    let mut code = String::new();
    for line in docs[start..end].lines() {
        let line = line.strip_prefix("# ").unwrap_or(line);
        let _ = writeln!(code, "    {line}");
    }
    Some(code)
}

/// Lines of the generated Rust outside `src/runtime/`, and those of `src/types/`.
fn lines(src: &Path) -> Result<(usize, usize)> {
    let mut total = 0;
    let mut types = 0;
    let mut pending: Vec<PathBuf> = vec![src.to_owned()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).with_context(|| format!("cannot read {}", dir.display()))? {
            let path = entry?.path();
            if path.is_dir() {
                if path.file_name().is_some_and(|name| name != "runtime") {
                    pending.push(path);
                }
            } else if path.extension().is_some_and(|extension| extension == "rs") {
                let count = fs::read_to_string(&path)?.lines().count();
                total += count;
                if path
                    .parent()
                    .is_some_and(|parent| parent.ends_with("types"))
                {
                    types += count;
                }
            }
        }
    }
    Ok((total, types))
}

/// Cargo, run on one crate into the shared target folder.
struct Build<'a> {
    cargo: &'a str,
    target: &'a Path,
}

impl Build<'_> {
    /// `cargo <command>` in `dir`, in seconds, after removing the `clean` packages from the
    /// target folder so that they are compiled again (the removal is not timed).
    fn timed(&self, dir: &Path, command: &str, arguments: &[&str], clean: &[&str]) -> Result<f64> {
        for package in clean {
            self.cargo(dir, "clean", &["--package", package])?;
        }
        let start = Instant::now();
        self.cargo(dir, command, arguments)?;
        Ok(start.elapsed().as_secs_f64())
    }

    /// `cargo <command>` in `dir`, into the shared target folder.
    fn cargo(&self, dir: &Path, command: &str, arguments: &[&str]) -> Result<()> {
        let status = Command::new(self.cargo)
            .arg(command)
            .arg("--quiet")
            .args(arguments)
            .arg("--target-dir")
            .arg(self.target)
            .current_dir(dir)
            .status()
            .with_context(|| format!("cannot run `{} {command}`", self.cargo))?;
        if !status.success() {
            bail!(
                "`cargo {command} {}` failed in {}",
                arguments.join(" "),
                dir.display()
            );
        }
        Ok(())
    }
}
