//! `cargo xtask specs import` as a maintainer runs it: the summary it prints, and the exit code
//! and message of a refusal. What it writes is tested in `src/specs.rs`.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn xtask(arguments: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(arguments)
        // The checkout this binary was built from; `--specs` keeps its `specs/` untouched.
        .env("CARGO_MANIFEST_DIR", env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run xtask")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn an_import_prints_what_it_did_and_a_refusal_fails_naming_the_pointer() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let document = folder.path().join("openapi.json");
    let specs = folder.path().join("specs");
    let specs_arg = specs.to_str().expect("UTF-8 path");
    let document_arg = document.to_str().expect("UTF-8 path");
    fs::write(
        &document,
        r#"{"openapi": "3.1.0", "servers": [{"url": "https://api.example.test/v2/"}],
            "paths": {"/things/{id}": {"get": {"operationId": "GetThing", "responses": {}}}}}"#,
    )
    .expect("write");
    fs::create_dir_all(&specs).expect("create");
    fs::write(specs.join("Retired.json"), "{}").expect("write");

    let output = xtask(&["specs", "import", document_arg, "--specs", specs_arg]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(
        text(&output.stdout),
        format!(
            "1 fragment from an OpenAPI 3.1.0 document in {specs_arg}: 1 new, 0 changed, 0 \
             unchanged\n  new: GetThing.json\n1 fragment whose operation is gone from the \
             document (kept; --prune removes them):\n  gone: Retired.json\n"
        )
    );
    assert_eq!(
        fs::read_to_string(specs.join("GetThing.json")).expect("written"),
        r#"{"method":"GET","path":"https://api.example.test/v2/things/{id}","operationId":"GetThing","responses":{}}"#
    );

    fs::write(
        &document,
        r#"{"openapi": "3.1.0", "servers": [{"url": "https://api.example.test"}],
            "paths": {"/things": {"get": {"responses": {}}}}}"#,
    )
    .expect("write");
    let output = xtask(&[
        "specs",
        "import",
        document_arg,
        "--specs",
        specs_arg,
        "--prune",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        text(&output.stderr),
        format!(
            "error: {document_arg} is refused, {specs_arg} is unchanged; 1 problem:\n  at \
             /paths/~1things/get: `GET /things` has no `operationId`: every fragment is named \
             after its operation's, so the document must give each operation one\n"
        )
    );
    assert!(Path::new(&specs.join("Retired.json")).is_file());
}

#[test]
fn the_command_explains_itself() {
    let output = xtask(&["specs", "import", "--help"]);
    assert!(output.status.success());
    let help = text(&output.stdout);
    assert!(
        help.contains("Usage: cargo xtask specs import [OPTIONS] <FILE>"),
        "{help}"
    );
    assert!(help.contains("--prune"), "{help}");
}
