//! Every problem in one run: parse and lower problems of every fragment, and those seen only
//! across fragments or in the configuration, collected, sorted, counted and rendered in the
//! fragments' own text; and the deliberate skip list (`Config::excluded_operations`).

mod common;

use codegen::{Config, NameOverride, SourceFile};

/// A fragment written as people write them, one key a line, so that snippets have lines.
fn fragment(method: &str, operation_id: &str, parameters: &str, errors: &str) -> String {
    format!(
        r#"{{
  "method": "{method}",
  "path": "https://api.revcent.com/v2/things",
  "operationId": "{operation_id}",
  "parameters": [{parameters}
  ],
  "responses": {{
    "200": {{
      "description": "ok",
      "content": {{
        "application/json": {{
          "schema": {{"type": "object", "properties": {{"ok": {{"type": "boolean"}}}}}}
        }}
      }}
    }}{errors}
  }}
}}
"#
    )
}

/// Four fragments and a configuration with a problem each, one fragment with three.
fn troubled() -> (Vec<SourceFile>, Config) {
    let source = |name: &str, contents: String| SourceFile {
        name: format!("specs/{name}"),
        contents,
    };
    let sources = vec![
        // Lowered, then found to clash with `Gamma.json` as a method.
        source("gamma.json", fragment("GET", "gamma", "", "")),
        // A parse problem.
        source("Alpha.json", fragment("FETCH", "Alpha", "", "")),
        // Three independent lowering problems: two parameters and an error reply.
        source(
            "Beta.json",
            fragment(
                "GET",
                "Beta",
                r#"
    {"in": "cookie", "name": "session", "schema": {"type": "string"}},
    {"in": "query", "name": "ok", "schema": {"type": "string"}},
    {"in": "query", "name": "filter", "style": "spaceDelimited", "schema": {"type": "string"}}"#,
                r#",
    "4YZ": {
      "description": "odd",
      "content": {"application/json": {"schema": {"type": "object"}}}
    }"#,
            ),
        ),
        source("Gamma.json", fragment("GET", "Gamma", "", "")),
    ];
    let config = Config {
        excluded_operations: vec!["Nope".to_owned()],
        ..common::example_config()
    };
    (sources, config)
}

#[test]
fn every_problem_of_every_fragment_is_reported_sorted_by_file_and_pointer() {
    let (sources, config) = troubled();
    let error = codegen::build_api(&sources, &config).expect_err("refused");
    assert_eq!(
        error.to_string(),
        "6 problems in the fragments:
  <configuration>#: the excluded operation `Nope` matches no fragment's operationId
  specs/Alpha.json#/method (operation Alpha): `FETCH` is not an HTTP method this generator supports
  specs/Beta.json#/parameters/0 (operation Beta): cookie parameters are not supported by this generator
  specs/Beta.json#/parameters/2 (operation Beta): `style: spaceDelimited` is not supported for query parameters by this generator (only `form` and `deepObject`)
  specs/Beta.json#/responses/4YZ (operation Beta): `4YZ` is not a status code, a class such as `4XX`, or `default`
  specs/gamma.json#/operationId (operation gamma): operationId `gamma` and `Gamma` (specs/Gamma.json) both become the method `gamma`"
    );
    // What to do is said for each: the configuration's own, the fragment's, the clash's.
    let helps: Vec<&str> = error
        .diagnostics()
        .iter()
        .map(|diagnostic| {
            diagnostic
                .help
                .as_deref()
                .expect("every problem says what to do")
        })
        .collect();
    assert_eq!(
        helps[0],
        "remove the exclusion, or correct it to the operationId it means"
    );
    assert_eq!(
        helps[1],
        "fix the fragment, or leave the operation out: exclude `Alpha` (`Config::excluded_operations`, `--exclude Alpha`)"
    );
    assert!(
        helps[5].starts_with("rename one of the operationIds"),
        "{}",
        helps[5]
    );
    // `generate` refuses with the same problems.
    let generated = codegen::generate(&sources, &config).expect_err("refused");
    assert_eq!(generated, error);
}

#[test]
fn the_report_shows_each_problem_in_its_fragment() {
    let (sources, config) = troubled();
    let error = codegen::build_api(&sources, &config).expect_err("refused");
    let report = codegen::render(&error, &sources);
    if std::env::var_os("WRITE_REPORT_SNAPSHOT").is_some() {
        std::fs::write(
            concat!(env!("CARGO_MANIFEST_DIR"), "/tests/report.txt"),
            format!("{report}\n"),
        )
        .expect("write the snapshot");
    }
    // The snapshot, reviewed by eye: each marker under the member or item the pointer names,
    // on the line and column the `-->` line gives. `WRITE_REPORT_SNAPSHOT=1` rewrites it.
    assert_eq!(format!("{report}\n"), include_str!("report.txt"));
}

/// The one-line `Display` of a problem outside any fragment, and a report of one.
#[test]
fn a_single_problem_is_counted_as_one() {
    let sources = common::source("specs/F.json", &fragment("GET", "Op", "", ""));
    let config = Config {
        excluded_operations: vec!["Op".to_owned(), "Gone".to_owned()],
        ..common::example_config()
    };
    let error = codegen::build_api(&sources, &config).expect_err("stale exclusion");
    assert_eq!(
        error.to_string(),
        "<configuration>#: the excluded operation `Gone` matches no fragment's operationId"
    );
    assert_eq!(
        codegen::render(&error, &sources),
        "error: the excluded operation `Gone` matches no fragment's operationId\n\
         --> <configuration>\n \
         = help: remove the exclusion, or correct it to the operationId it means\n\n\
         1 problem found"
    );
}

/// Without its source, a problem is still located by file and pointer.
#[test]
fn a_problem_whose_source_is_not_given_is_located_without_a_snippet() {
    let (sources, config) = troubled();
    let error = codegen::build_api(&sources, &config).expect_err("refused");
    let report = codegen::render(&error, &[]);
    assert!(
        report.contains(
            "error: `FETCH` is not an HTTP method this generator supports\n\
             --> specs/Alpha.json#/method\n \
             = note: operation `Alpha`, at `#/method`\n"
        ),
        "{report}"
    );
    assert!(report.ends_with("6 problems found"), "{report}");
}

#[test]
fn excluding_the_troubled_operations_rescues_the_run_and_says_so() {
    let (sources, mut config) = troubled();
    config.excluded_operations = ["Beta", "gamma", "Alpha"].map(str::to_owned).to_vec();
    let api = codegen::build_api(&sources, &config).expect("the rest generates");
    let ids: Vec<&str> = api
        .operations
        .iter()
        .map(|operation| operation.operation_id.as_str())
        .collect();
    assert_eq!(ids, ["Gamma"]);
    let skipped: Vec<(&str, &str)> = api
        .skipped
        .iter()
        .map(|skipped| (skipped.operation_id.as_str(), skipped.file.as_str()))
        .collect();
    // Alpha never parsed: it is skipped by the `operationId` its problems name.
    assert_eq!(
        skipped,
        [
            ("Alpha", "specs/Alpha.json"),
            ("Beta", "specs/Beta.json"),
            ("gamma", "specs/gamma.json")
        ]
    );
    assert!(
        api.crate_docs.contains(
            "# Operations left out\n\n\
             The generator was told to leave out 3 operations of the API, which this crate \
             therefore cannot call:\n\n\
             - `Alpha` (`specs/Alpha.json`)\n\
             - `Beta` (`specs/Beta.json`)\n\
             - `gamma` (`specs/gamma.json`)"
        ),
        "{}",
        api.crate_docs
    );
    let files = codegen::generate(&sources, &config).expect("generates");
    assert!(files["src/lib.rs"].contains("//! # Operations left out"));
    assert!(files["src/lib.rs"].contains("//! - `Beta` (`specs/Beta.json`)"));
    assert!(
        files
            .iter()
            .filter(|(path, _)| path.starts_with("src/operations/"))
            .all(|(_, text)| !text.contains("fn beta"))
    );
}

#[test]
fn without_exclusions_the_crate_docs_list_none() {
    let sources = common::source("specs/F.json", &fragment("GET", "Op", "", ""));
    let api = codegen::build_api(&sources, &common::example_config()).expect("generates");
    assert!(api.skipped.is_empty());
    assert!(!api.crate_docs.contains("left out"), "{}", api.crate_docs);
}

/// An override may match a schema of a fragment that failed before reaching it, so it is called
/// stale only when every fragment lowered.
#[test]
fn stale_name_overrides_are_reported_only_when_every_fragment_lowered() {
    let (sources, mut config) = troubled();
    config.excluded_operations.clear();
    config.name_overrides = vec![NameOverride::new("nowhere", "Nowhere")];
    let error = codegen::build_api(&sources, &config).expect_err("refused");
    assert!(!error.to_string().contains("Nowhere"), "{error}");
    config.excluded_operations = ["Alpha", "Beta", "gamma"].map(str::to_owned).to_vec();
    let error = codegen::build_api(&sources, &config).expect_err("stale override");
    assert_eq!(
        error.to_string(),
        "<configuration>#: the name override `nowhere` → `Nowhere` matches no schema"
    );
}

/// A file that is not JSON is shown where the JSON reader stopped.
#[test]
fn a_file_that_is_not_json_is_shown_where_reading_stopped() {
    let sources = common::source(
        "specs/F.json",
        "{\n  \"method\": \"GET\",\n  \"path\" \"x\"\n}\n",
    );
    let error = codegen::build_api(&sources, &common::example_config()).expect_err("not JSON");
    assert_eq!(
        codegen::render(&error, &sources),
        "error: not valid JSON: expected `:` at line 3 column 10
 --> specs/F.json:3:10
  |
3 |   \"path\" \"x\"
  |          ^ at `#`
  |
  = help: fix the fragment; an operation can be excluded only once its `operationId` can be read

1 problem found"
    );
    // Cut off: the spot is the last character read.
    let sources = common::source("specs/F.json", "{\"method\": \"POST\",");
    let error = codegen::build_api(&sources, &common::example_config()).expect_err("not JSON");
    let report = codegen::render(&error, &sources);
    assert!(
        report.starts_with(
            "error: not valid JSON: EOF while parsing a value at line 1 column 18\n --> specs/F.json:1:18\n"
        ),
        "{report}"
    );
}
