//! Every JSON body schema of RevCent's fragments and of the generator's fixtures, checked with a
//! type that holds any value: every instance derived from them is valid, and every invalid
//! instance is one the schema rejects.

use std::path::Path;

use schema_check::{Case, Config, Direction, FailureKind, Invalid, run};
use serde_json::Value;

/// Holds any value: the round trip gives back what it is given.
#[allow(clippy::unnecessary_wraps, reason = "the signature of a round trip")]
fn any_value(value: Value) -> Result<Value, String> {
    Ok(value)
}

/// The JSON body schemas of one fragment, with their pointers.
fn body_schemas(fragment: &Value, at: &str, found: &mut Vec<(String, Value)>) {
    match fragment {
        Value::Object(map) => {
            for (key, value) in map {
                let here = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
                if key == "schema" && at.ends_with("application~1json") {
                    found.push((here, value.clone()));
                } else {
                    body_schemas(value, &here, found);
                }
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                body_schemas(item, &format!("{at}/{index}"), found);
            }
        }
        _ => {}
    }
}

/// One case per JSON body schema of the fragments in `folder`.
fn cases(folder: &Path, cases: &mut Vec<Case>) {
    let mut paths: Vec<_> = std::fs::read_dir(folder)
        .expect("a folder of fragments")
        .map(|entry| entry.expect("a directory entry").path())
        .collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            self::cases(&path, cases);
            continue;
        }
        if path.extension().is_none_or(|extension| extension != "json") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("a fragment");
        let fragment: Value = serde_json::from_str(&text).expect("JSON");
        let mut found = Vec::new();
        body_schemas(&fragment, "", &mut found);
        for (pointer, schema) in found {
            let name: &'static str =
                Box::leak(format!("{}#{pointer}", path.display()).into_boxed_str());
            cases.push(if pointer.starts_with("/requestBody") {
                Case::request(name, schema, any_value)
            } else {
                Case::reply(name, schema, any_value)
            });
        }
    }
}

#[test]
fn every_instance_derived_from_the_fragments_is_valid() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut all = Vec::new();
    cases(&root.join("specs"), &mut all);
    let revcent = all.len();
    cases(&root.join("codegen/tests/fixtures"), &mut all);
    assert!(
        revcent >= 6 && all.len() > revcent + 20,
        "{revcent} of {}",
        all.len()
    );
    let requests = all
        .iter()
        .filter(|case| case.direction == Direction::Request)
        .count();

    let config = Config {
        random_instances: 64,
        invalid: Invalid::ALL.to_vec(),
        ..Config::default()
    };
    let report = run(&config, &all);
    // A type that holds any value accepts every invalid instance, and nothing else fails.
    let unexpected: Vec<String> = report
        .failures
        .iter()
        .filter(|failure| failure.kind != FailureKind::InvalidAccepted)
        .map(ToString::to_string)
        .collect();
    assert!(unexpected.is_empty(), "{}", unexpected.join("\n"));
    assert_eq!(
        report.summary.failed_instances, report.summary.invalid_instances,
        "{}",
        report.summary
    );
    assert!(
        report.summary.invalid_instances > 10 * requests,
        "{}",
        report.summary
    );
    assert!(report.summary.lenient_instances > 0, "{}", report.summary);
    assert_eq!(
        report.summary.random_instances,
        64 * all.len(),
        "{}",
        report.summary
    );
}
