//! `cargo xtask ci`: every check, in the order that fails fastest. `.ci/run` calls exactly this.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};

/// Where the standalone check writes its crate, inside the workspace's target directory.
macro_rules! standalone_crate {
    () => {
        "target/standalone-check/revcent"
    };
}

/// Work a step needs done before cargo runs, given the workspace root.
type Prepare = fn(&Path) -> Result<()>;

/// A check: its name, cargo's arguments, extra environment variables, and what to do first.
struct Step {
    name: &'static str,
    arguments: &'static [&'static str],
    environment: &'static [(&'static str, &'static str)],
    prepare: Option<Prepare>,
}

const STEPS: &[Step] = &[
    Step {
        name: "formatting",
        arguments: &["fmt", "--all", "--", "--check"],
        environment: &[],
        prepare: None,
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
        prepare: None,
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
        prepare: None,
    },
    Step {
        name: "tests",
        arguments: &["test", "--workspace", "--locked"],
        environment: &[],
        prepare: None,
    },
    Step {
        name: "docs",
        arguments: &["doc", "--workspace", "--no-deps", "--locked"],
        environment: &[("RUSTDOCFLAGS", "-D warnings")],
        prepare: None,
    },
    // The `mcp` feature is off by default, so the steps above never build its server, its
    // example or its tests: the client and the runtime it comes from again, with it on.
    Step {
        name: "mcp feature: clippy",
        arguments: &[
            "clippy",
            "--package",
            "revcent",
            "--package",
            "client-runtime",
            "--features",
            "revcent/mcp,client-runtime/mcp",
            "--all-targets",
            "--locked",
            "--",
            "-D",
            "warnings",
        ],
        environment: &[],
        prepare: None,
    },
    Step {
        name: "mcp feature: runtime tests",
        arguments: &[
            "test",
            "--package",
            "client-runtime",
            "--features",
            "mcp",
            "--lib",
            "--locked",
            "--",
            "mcp",
        ],
        environment: &[],
        prepare: None,
    },
    // Every target, so that the examples are built as the programs `tests/mcp.rs` runs.
    Step {
        name: "mcp feature: client tests",
        arguments: &[
            "test",
            "--package",
            "revcent",
            "--features",
            "mcp",
            "--locked",
        ],
        environment: &[],
        prepare: None,
    },
    Step {
        name: "mcp feature: docs",
        arguments: &[
            "doc",
            "--package",
            "revcent",
            "--package",
            "client-runtime",
            "--features",
            "revcent/mcp,client-runtime/mcp",
            "--no-deps",
            "--locked",
        ],
        environment: &[("RUSTDOCFLAGS", "-D warnings")],
        prepare: None,
    },
    // Each resource is a feature: a crate built with one of them (or none) must compile and lint
    // clean too, its unit tests (the schema checks) included (`--profile test`). The client
    // with one of its two resources and schemars, and the fixture of several resources with
    // one and without schemars; the integration tests are left out, since they call every
    // resource.
    Step {
        name: "one resource: client clippy",
        arguments: &[
            "clippy",
            "--package",
            "revcent",
            "--no-default-features",
            "--features",
            "rustls,schemars,ai-assistants",
            "--lib",
            "--profile",
            "test",
            "--locked",
            "--",
            "-D",
            "warnings",
        ],
        environment: &[],
        prepare: None,
    },
    // Its docs too. Links to the other resource's items have nothing to resolve to and are
    // shown as text, so that lint alone is allowed here (every other warning is an error); the
    // crate root's first call is compiled only with its resource's feature.
    Step {
        name: "one resource: client docs",
        arguments: &[
            "doc",
            "--package",
            "revcent",
            "--no-default-features",
            "--features",
            "rustls,schemars,ai-assistants",
            "--no-deps",
            "--locked",
        ],
        environment: &[(
            "RUSTDOCFLAGS",
            "-D warnings -A rustdoc::broken-intra-doc-links",
        )],
        prepare: None,
    },
    Step {
        name: "one resource: client doctests",
        arguments: &[
            "test",
            "--package",
            "revcent",
            "--no-default-features",
            "--features",
            "rustls,schemars,ai-assistants",
            "--doc",
            "--locked",
        ],
        environment: &[],
        prepare: None,
    },
    Step {
        name: "one resource: fixture clippy",
        arguments: &[
            "clippy",
            "--package",
            "snapshot-resources",
            "--no-default-features",
            "--features",
            "rustls,orders",
            "--lib",
            "--profile",
            "test",
            "--locked",
            "--",
            "-D",
            "warnings",
        ],
        environment: &[],
        prepare: None,
    },
    // A crate generated into a folder of its own (`cargo xtask codegen --out DIR`) must build,
    // lint and document without this workspace around it.
    Step {
        name: "standalone crate: generate",
        arguments: &[
            "run",
            "--quiet",
            "--locked",
            "--package",
            "xtask",
            "--",
            "codegen",
            "--out",
            standalone_crate!(),
        ],
        environment: &[],
        prepare: None,
    },
    Step {
        name: "standalone crate: clippy",
        arguments: &[
            "clippy",
            "--manifest-path",
            concat!(standalone_crate!(), "/Cargo.toml"),
            "--",
            "-D",
            "warnings",
        ],
        environment: &[("CARGO_TARGET_DIR", "target")],
        prepare: Some(pin_standalone_versions),
    },
    Step {
        name: "standalone crate: docs",
        arguments: &[
            "doc",
            "--manifest-path",
            concat!(standalone_crate!(), "/Cargo.toml"),
            "--no-deps",
        ],
        environment: &[
            ("RUSTDOCFLAGS", "-D warnings"),
            ("CARGO_TARGET_DIR", "target"),
        ],
        prepare: None,
    },
    // "Accepted means compiles": a small, fixed sample of mutated fragments. It comes after the
    // standalone crate, whose dependencies (same lock file, same target directory) it reuses.
    Step {
        name: "mutants: accepted fragments compile",
        arguments: &[
            "run",
            "--quiet",
            "--locked",
            "--package",
            "xtask",
            "--",
            "mutants",
            "--count",
            "150",
        ],
        environment: &[],
        prepare: None,
    },
];

/// Starts the standalone crate from the workspace's lock file, so it resolves to the versions
/// already built and compiles little more than itself (cargo prunes what it does not use).
fn pin_standalone_versions(root: &Path) -> Result<()> {
    let (from, to) = (
        root.join("Cargo.lock"),
        root.join(standalone_crate!()).join("Cargo.lock"),
    );
    std::fs::copy(&from, &to)
        .with_context(|| format!("cannot copy {} to {}", from.display(), to.display()))?;
    Ok(())
}

/// Runs each check in the checkout at `root`; stops at the first failure, naming it.
pub fn run(root: &Path) -> Result<()> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    for step in STEPS {
        if let Some(prepare) = step.prepare {
            prepare(root)?;
        }
        println!("==> {}: cargo {}", step.name, step.arguments.join(" "));
        let status = Command::new(&cargo)
            .args(step.arguments.iter())
            .envs(step.environment.iter().copied())
            .current_dir(root)
            .status()
            .with_context(|| format!("cannot run `{cargo}` for {}", step.name))?;
        if !status.success() {
            bail!(
                "{} failed in {} (cargo {})",
                step.name,
                root.display(),
                step.arguments.join(" ")
            );
        }
    }
    println!("==> all checks passed");
    Ok(())
}
