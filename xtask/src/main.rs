//! Developer commands for this workspace. Run as `cargo xtask <command>`; `cargo xtask --help`
//! lists them:
//!
//! - `codegen`: regenerate `generated-client/` from `specs/`;
//! - `codegen --check`: fail, listing every difference, if `generated-client/` is stale;
//! - `ci`: every check CI runs.

mod ci;
mod codegen;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
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
    }
}

/// The workspace root, found from this crate's location rather than the current directory, so
/// `cargo xtask` works from any subdirectory.
///
/// # Errors
/// When `xtask/` has no parent folder.
pub fn workspace_root() -> Result<PathBuf> {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = manifest_dir
        .parent()
        .with_context(|| format!("{} has no parent folder", manifest_dir.display()))?;
    Ok(root.to_path_buf())
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
}
