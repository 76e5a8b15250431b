//! Developer commands for this workspace. Run as `cargo xtask <command>`:
//!
//! - `codegen`: regenerate `generated-client/` from `specs/`;
//! - `codegen --check`: fail, listing every difference, if `generated-client/` is stale;
//! - `ci`: every check CI runs.

mod ci;
mod codegen;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  codegen [--check]
      Generate every crate of the workspace from its fragments: specs/ → generated-client/
      (RevCent's configuration) and each codegen/tests/fixtures/* → codegen/tests/snapshots/*.
      --check writes nothing and fails, listing every difference, if any is stale.
  codegen --out DIR [--specs DIR] [--crate-name NAME] [--base-url URL] [--api-key-header NAME]
      Write one standalone crate (its own workspace) from a folder of fragments (default
      specs/). Outside RevCent's specs/ the base URL defaults to the fragments' common prefix.
  ci  Run every check: formatting, freshness, clippy, tests, docs.";

fn main() -> ExitCode {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let result = match arguments.first().map(String::as_str) {
        Some("codegen") => {
            codegen::Options::parse(&arguments[1..]).and_then(|options| codegen::run(&options))
        }
        Some("ci") if arguments.len() == 1 => ci::run(),
        Some("help" | "--help" | "-h") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(format!("unknown command\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root, found from this crate's location rather than the current directory, so
/// `cargo xtask` works from any subdirectory.
fn workspace_root() -> std::path::PathBuf {
    let manifest_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().unwrap_or(manifest_dir).to_path_buf()
}
