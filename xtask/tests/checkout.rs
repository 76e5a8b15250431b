//! The compiled `xtask` works on the checkout it is run in, not on the one it was compiled from:
//! two clones sharing a target directory share one binary.
//!
//! Each test builds a minimal checkout in a temporary folder and runs the binary there, the way
//! `cargo xtask` in that checkout would (with `CARGO_MANIFEST_DIR` pointing at its `xtask/`), or
//! directly (without it).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The fragment the minimal checkouts are generated from: the one that every RevCent name
/// override matches (an override that matches nothing is refused).
const FRAGMENT: &str = "EditAIVoiceAgent.json";

/// The checkout this binary was compiled from.
fn this_checkout() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask/ is inside the checkout")
        .to_path_buf()
}

/// A checkout with the least `cargo xtask codegen` needs: the workspace manifest, one of
/// RevCent's fragments and no fixtures.
fn minimal_checkout() -> tempfile::TempDir {
    let checkout = tempfile::Builder::new()
        .prefix("xtask-checkout-")
        .tempdir()
        .expect("temporary folder");
    let root = checkout.path();
    fs::write(
        root.join("Cargo.toml"),
        "[workspace]\nresolver = \"3\"\nmembers = [\"generated-client\", \"xtask\"]\n",
    )
    .expect("write Cargo.toml");
    fs::create_dir_all(root.join("xtask")).expect("create xtask/");
    fs::create_dir_all(root.join("specs")).expect("create specs/");
    fs::copy(
        this_checkout().join("specs").join(FRAGMENT),
        root.join("specs").join(FRAGMENT),
    )
    .expect("copy a fragment");
    fs::create_dir_all(root.join("codegen/tests/fixtures")).expect("create fixtures/");
    checkout
}

/// Runs the compiled xtask in `current_dir`, with `CARGO_MANIFEST_DIR` set to `manifest_dir` as
/// `cargo run` sets it, or unset.
fn xtask(current_dir: &Path, manifest_dir: Option<&Path>, arguments: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_xtask"));
    command.args(arguments).current_dir(current_dir);
    match manifest_dir {
        Some(manifest_dir) => command.env("CARGO_MANIFEST_DIR", manifest_dir),
        None => command.env_remove("CARGO_MANIFEST_DIR"),
    };
    command.output().expect("run xtask")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Asserts that `output` succeeded, showing what it printed when it did not.
fn assert_success(output: &Output) {
    assert!(
        output.status.success(),
        "{}\nstdout:\n{}\nstderr:\n{}",
        output.status,
        text(&output.stdout),
        text(&output.stderr)
    );
}

/// Every file under `folder`, with its contents.
fn files_under(folder: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![folder.to_path_buf()];
    while let Some(directory) = pending.pop() {
        for entry in fs::read_dir(&directory).expect("read folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let contents = fs::read(&path).expect("read file");
                files.insert(path, contents);
            }
        }
    }
    files
}

/// What `cargo xtask codegen` would write in this checkout.
fn generated_files_of_this_checkout() -> BTreeMap<PathBuf, Vec<u8>> {
    let root = this_checkout();
    let mut files = files_under(&root.join("generated-client"));
    files.extend(files_under(&root.join("codegen/tests/snapshots")));
    files
}

#[test]
fn codegen_writes_and_checks_the_checkout_it_is_run_in() {
    let before = generated_files_of_this_checkout();
    let checkout = minimal_checkout();
    let root = checkout.path();
    let manifest_dir = root.join("xtask");
    let client = root.join("generated-client");

    let output = xtask(root, Some(&manifest_dir), &["codegen"]);
    assert_success(&output);
    assert!(
        text(&output.stdout).contains(&format!("{}: ", client.display())),
        "{}",
        text(&output.stdout)
    );
    let manifest = fs::read_to_string(client.join("Cargo.toml")).expect("generated Cargo.toml");
    assert!(manifest.contains("name = \"revcent\""), "{manifest}");
    let operations = fs::read_to_string(client.join("src/operations/ai_voice_agents.rs"))
        .expect("generated operations/ai_voice_agents.rs");
    assert!(
        operations.contains("fn edit_ai_voice_agent("),
        "{operations}"
    );
    assert!(
        !operations.contains("fn trigger_ai_voice_agent("),
        "only the temporary checkout's one fragment: {operations}"
    );

    // Fresh: what the temporary checkout's own fragments give.
    let output = xtask(root, Some(&manifest_dir), &["codegen", "--check"]);
    assert_success(&output);
    assert!(
        text(&output.stdout).contains(&format!("{}: ", client.display())),
        "{}",
        text(&output.stdout)
    );

    // Stale there, and only there: this checkout is fresh, so only a check of the temporary
    // checkout's files can fail.
    fs::write(client.join("src/extra.rs"), "").expect("write");
    let output = xtask(root, Some(&manifest_dir), &["codegen", "--check"]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("extra: src/extra.rs"), "{stderr}");
    assert!(
        stderr.contains(&format!("{} is out of date", client.display())),
        "{stderr}"
    );

    assert!(
        generated_files_of_this_checkout() == before,
        "this checkout's generated files changed"
    );
}

#[test]
fn without_cargo_the_checkout_is_found_from_the_current_directory() {
    let before = generated_files_of_this_checkout();
    let checkout = minimal_checkout();
    let root = checkout.path();
    let client = root.join("generated-client");
    // Run from a subfolder, as a person in `specs/` would.
    let specs = root.join("specs");

    assert_success(&xtask(&specs, None, &["codegen"]));
    assert!(client.join("Cargo.toml").is_file());
    let output = xtask(&specs, None, &["codegen", "--check"]);
    assert_success(&output);
    assert!(
        text(&output.stdout).contains(&client.display().to_string()),
        "{}",
        text(&output.stdout)
    );
    fs::remove_file(client.join("src/lib.rs")).expect("remove");
    let output = xtask(&specs, None, &["codegen", "--check"]);
    assert!(!output.status.success());
    assert!(text(&output.stderr).contains("missing: src/lib.rs"));

    assert!(
        generated_files_of_this_checkout() == before,
        "this checkout's generated files changed"
    );
}

#[test]
fn outside_a_checkout_it_says_so() {
    let nowhere = tempfile::tempdir().expect("temporary folder");
    let output = xtask(nowhere.path(), None, &["codegen", "--check"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        stderr.starts_with("error: cannot find the workspace to work on"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&nowhere.path().display().to_string()),
        "{stderr}"
    );
}

#[test]
fn a_failed_generation_fails_and_leaves_the_checkout_as_it_was() {
    let checkout = minimal_checkout();
    let root = checkout.path();
    let manifest_dir = root.join("xtask");
    assert_success(&xtask(root, Some(&manifest_dir), &["codegen"]));
    let before = files_under(root);

    fs::write(root.join("specs/Broken.json"), "{ not json").expect("write");
    let output = xtask(root, Some(&manifest_dir), &["codegen"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("error: not valid JSON: key must be a string at line 1 column 3\n --> specs/Broken.json:1:3\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&root.join("generated-client").display().to_string()),
        "{stderr}"
    );

    let mut after = files_under(root);
    after.remove(&root.join("specs/Broken.json"));
    assert!(after == before, "files changed");
}

#[test]
fn help_needs_no_checkout() {
    let nowhere = tempfile::tempdir().expect("temporary folder");
    for arguments in [&["--help"][..], &["codegen", "--help"], &["ci", "--help"]] {
        let output = xtask(nowhere.path(), None, arguments);
        assert_success(&output);
        assert!(text(&output.stdout).contains("Usage: cargo xtask"));
    }
    // A usage error is not a run: clap's exit code 2.
    let output = xtask(nowhere.path(), None, &["codegen", "--specs", "elsewhere"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("--out <DIR>"));
}
