//! `cargo xtask ci`: every check, in the order that fails fastest. `.ci/run` calls exactly this.

use std::process::Command;

/// A check: its name, cargo's arguments, and extra environment variables.
struct Step {
    name: &'static str,
    arguments: &'static [&'static str],
    environment: &'static [(&'static str, &'static str)],
}

const STEPS: &[Step] = &[
    Step {
        name: "formatting",
        arguments: &["fmt", "--all", "--", "--check"],
        environment: &[],
    },
    Step {
        name: "generated code freshness",
        arguments: &[
            "run",
            "--quiet",
            "--locked",
            "--package",
            "xtask",
            "--",
            "codegen",
            "--check",
        ],
        environment: &[],
    },
    Step {
        name: "clippy",
        arguments: &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--locked",
            "--",
            "-D",
            "warnings",
        ],
        environment: &[],
    },
    Step {
        name: "tests",
        arguments: &["test", "--workspace", "--locked"],
        environment: &[],
    },
    Step {
        name: "docs",
        arguments: &["doc", "--workspace", "--no-deps", "--locked"],
        environment: &[("RUSTDOCFLAGS", "-D warnings")],
    },
];

/// Runs each check; stops at the first failure, naming it.
pub fn run() -> Result<(), String> {
    let root = crate::workspace_root();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    for Step {
        name,
        arguments,
        environment,
    } in STEPS
    {
        println!("==> {name}: cargo {}", arguments.join(" "));
        let status = Command::new(&cargo)
            .args(arguments.iter())
            .envs(environment.iter().copied())
            .current_dir(&root)
            .status()
            .map_err(|error| format!("cannot run cargo for {name}: {error}"))?;
        if !status.success() {
            return Err(format!("{name} failed (cargo {})", arguments.join(" ")));
        }
    }
    println!("==> all checks passed");
    Ok(())
}
