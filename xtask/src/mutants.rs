//! `cargo xtask mutants`: "accepted means compiles". Real fragments (RevCent's `specs/` and the
//! snapshot fixtures) are mutated at random with shapes real descriptions use; every mutant the
//! generator accepts goes into one crate, which must pass `cargo clippy --all-targets -D
//! warnings`. A refusal is fine (the robustness tests check that it never panics and says
//! where); an accepted fragment whose crate does not compile is a bug of the generator.
//!
//! Deterministic for a seed: the mutants of a failed run are kept under `target/mutants/specs/`
//! and the same command regenerates them.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use rand::seq::IndexedRandom;
use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;
use serde_json::{Map, Value, json};

use crate::codegen::{emit_into, read_sources};
use crate::openapi;

/// Options of `cargo xtask mutants`.
#[derive(Debug, clap::Args)]
pub struct Arguments {
    /// How many mutants to make
    #[arg(long, default_value_t = 200)]
    count: usize,
    /// Seeds the random choices; the same seed gives the same mutants
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Generate the crate only, without running clippy on it
    #[arg(long)]
    no_build: bool,
}

/// The host every mutant is served from, so that one base URL serves them all.
const SERVER: &str = "https://api.mutants.test/v1";

/// Runs the command in the checkout at `root`.
pub fn run(root: &Path, arguments: &Arguments) -> Result<()> {
    let originals = originals(root)?;
    let mut rng = Pcg64Mcg::seed_from_u64(arguments.seed);
    let mutants: Vec<(String, Value)> = (0..arguments.count)
        .map(|index| {
            let (name, original) = originals
                .choose(&mut rng)
                .expect("originals() never returns an empty list");
            mutant(original, name, index, &mut rng)
        })
        .collect();

    let base = root.join("target/mutants");
    let specs = base.join("specs");
    if specs.exists() {
        fs::remove_dir_all(&specs).with_context(|| format!("cannot clear {}", specs.display()))?;
    }
    fs::create_dir_all(&specs).with_context(|| format!("cannot create {}", specs.display()))?;
    for (file, fragment) in &mutants {
        let text = serde_json::to_string_pretty(fragment).context("a mutant is JSON")?;
        fs::write(specs.join(file), text).with_context(|| format!("cannot write {file}"))?;
    }

    let mut config = codegen::Config::new("mutants", "Mutants");
    config.base_url = Some(SERVER.to_owned());
    config.regenerate_command = format!(
        "cargo xtask mutants --count {} --seed {}",
        arguments.count, arguments.seed
    );
    let (accepted, refused) = openapi::partition(mutants, &config)?;
    println!(
        "{} mutants of {} fragments (seed {}): {} accepted, {} refused; written to {}",
        arguments.count,
        originals.len(),
        arguments.seed,
        accepted.len(),
        arguments.count - accepted.len(),
        specs.display()
    );
    let mut reasons = String::new();
    for refusal in &refused {
        let _ = writeln!(reasons, "{refusal}");
    }
    fs::write(base.join("refused.txt"), reasons).context("cannot write refused.txt")?;
    if accepted.is_empty() {
        bail!("no mutant was accepted: the mutations no longer exercise the generator");
    }

    let out = base.join("crate");
    let started = Instant::now();
    let api = codegen::build_api(&accepted, &config)
        .context("the accepted mutants are refused together")?;
    let written = emit_into(&out, &api, &config)?;
    println!(
        "generated in {:.2} s: {} files, {} lines, in {}",
        started.elapsed().as_secs_f64(),
        written.generated,
        written.lines,
        out.display()
    );
    if arguments.no_build {
        return Ok(());
    }
    clippy(root, &out)
}

/// Lints the crate in `out` as CI lints the committed client. It shares the workspace's lock
/// file and target directory, so only the crate itself is compiled.
fn clippy(root: &Path, out: &Path) -> Result<()> {
    fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock")).context("cannot copy Cargo.lock")?;
    let started = Instant::now();
    let status = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(["clippy", "--all-targets", "--quiet", "--", "-D", "warnings"])
        .current_dir(out)
        .env("CARGO_TARGET_DIR", root.join("target"))
        .status()
        .context("cannot run cargo clippy")?;
    if !status.success() {
        bail!(
            "the crate generated from the accepted mutants fails `cargo clippy --all-targets -D \
             warnings` (above); its fragments are in target/mutants/specs/"
        );
    }
    println!(
        "cargo clippy --all-targets -D warnings: ok ({:.0} s)",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The fragments mutants start from: RevCent's and every fixture's, by file name.
fn originals(root: &Path) -> Result<Vec<(String, Value)>> {
    let mut folders = vec![root.join("specs")];
    let fixtures = root.join("codegen/tests/fixtures");
    let mut entries: Vec<_> = fs::read_dir(&fixtures)
        .with_context(|| format!("cannot read {}", fixtures.display()))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.is_dir())
        .collect();
    entries.sort();
    folders.extend(entries);
    let mut originals = Vec::new();
    for folder in folders {
        for source in read_sources(root, &folder)? {
            let value: Value = serde_json::from_str(&source.contents)
                .with_context(|| format!("{} is not JSON", source.name))?;
            // Fixtures that show refusals are not starting points.
            if value.get("operationId").is_some_and(Value::is_string) {
                originals.push((source.name, value));
            }
        }
    }
    if originals.is_empty() {
        bail!("no fragment to mutate in specs/ or codegen/tests/fixtures/");
    }
    Ok(originals)
}

/// Mutant number `index` of `original`: one to three mutations, under an operationId and a
/// path of its own so that every mutant is a distinct operation.
fn mutant(original: &Value, name: &str, index: usize, rng: &mut Pcg64Mcg) -> (String, Value) {
    let mut fragment = original.clone();
    for _ in 0..rng.random_range(1..=3) {
        mutate(&mut fragment, rng);
    }
    if let Value::Object(object) = &mut fragment {
        let id = object
            .get("operationId")
            .and_then(Value::as_str)
            .unwrap_or("Operation");
        let id = format!("{id}Mutant{index}");
        object.insert("operationId".to_owned(), Value::from(id));
        let path = object.get("path").and_then(Value::as_str).unwrap_or("/");
        let below_host = path.split_once("://").map_or(path, |(_, rest)| {
            rest.find('/').map_or("", |at| &rest[at..])
        });
        object.insert(
            "path".to_owned(),
            Value::from(format!("{SERVER}/mutant{index}{below_host}")),
        );
    }
    let stem = name.trim_end_matches(".json").replace('/', "-");
    (format!("{index:04}-{stem}.json"), fragment)
}

/// Applies one mutation, chosen at random, to a schema or a part of the operation.
fn mutate(fragment: &mut Value, rng: &mut Pcg64Mcg) {
    let mut schemas = Vec::new();
    for key in ["parameters", "requestBody", "responses"] {
        if let Some(value) = fragment.get(key) {
            schema_pointers(value, &format!("/{key}"), false, &mut schemas);
        }
    }
    match rng.random_range(0..7) {
        0 | 1 => {
            if let Some(pointer) = schemas.choose(rng) {
                let replacement = SCHEMAS.choose(rng).map_or(Value::Null, |text| parse(text));
                set(fragment, pointer, replacement);
            }
        }
        2 => {
            if let Some(pointer) = schemas.choose(rng)
                && let Some(Value::Object(schema)) = fragment.pointer_mut(pointer)
                && let Some((key, value)) = KEYWORDS.choose(rng)
            {
                schema.insert((*key).to_owned(), parse(value));
            }
        }
        3 => {
            if let Some(pointer) = schemas.choose(rng)
                && let Some(Value::Object(schema)) = fragment.pointer_mut(pointer)
                && !schema.is_empty()
            {
                let at = rng.random_range(0..schema.len());
                if let Some(key) = schema.keys().nth(at).cloned() {
                    schema.shift_remove(&key);
                }
            }
        }
        4 => {
            let with_properties: Vec<&String> = schemas
                .iter()
                .filter(|pointer| {
                    fragment
                        .pointer(&format!("{pointer}/properties"))
                        .is_some_and(|properties| {
                            properties.as_object().is_some_and(|map| !map.is_empty())
                        })
                })
                .collect();
            if let Some(pointer) = with_properties.choose(rng)
                && let Some(Value::Object(properties)) =
                    fragment.pointer_mut(&format!("{pointer}/properties"))
            {
                let at = rng.random_range(0..properties.len());
                let new_name = PROPERTY_NAMES.choose(rng).copied().unwrap_or("x");
                if let Some(old_name) = properties.keys().nth(at).cloned()
                    && let Some(value) = properties.shift_remove(&old_name)
                {
                    properties.insert(new_name.to_owned(), value);
                }
            }
        }
        5 => {
            let status = ["201", "204", "304", "302", "404", "4XX", "default"]
                .choose(rng)
                .copied()
                .unwrap_or("201");
            let schema = SCHEMAS.choose(rng).map_or(Value::Null, |text| parse(text));
            let response = if status == "204" || status == "304" {
                json!({ "description": "No body." })
            } else {
                json!({
                    "description": "A mutated reply.",
                    "content": { "application/json": { "schema": schema } }
                })
            };
            if let Some(Value::Object(responses)) = fragment.get_mut("responses") {
                responses.insert(status.to_owned(), response);
            }
        }
        _ => {
            let location = ["query", "header", "query"].choose(rng).copied();
            let name = PROPERTY_NAMES.choose(rng).copied().unwrap_or("x");
            let schema = SCHEMAS.choose(rng).map_or(Value::Null, |text| parse(text));
            let parameter = json!({
                "in": location,
                "name": name,
                "required": rng.random_bool(0.5),
                "description": "A mutated parameter.",
                "schema": schema,
            });
            if let Value::Object(object) = fragment {
                let parameters = object
                    .entry("parameters")
                    .or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(list) = parameters {
                    list.push(parameter);
                }
            }
        }
    }
}

/// The JSON pointers of every schema inside `value`, which is itself one when `is_schema`.
fn schema_pointers(value: &Value, pointer: &str, is_schema: bool, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if is_schema {
                out.push(pointer.to_owned());
            }
            for (key, child) in map {
                let child_pointer = format!("{pointer}/{}", openapi::escape(key));
                let child_is_schema = match key.as_str() {
                    "schema" | "items" | "not" | "additionalProperties" => true,
                    "properties" | "patternProperties" => {
                        if let Value::Object(properties) = child {
                            for (name, property) in properties {
                                schema_pointers(
                                    property,
                                    &format!("{child_pointer}/{}", openapi::escape(name)),
                                    true,
                                    out,
                                );
                            }
                        }
                        continue;
                    }
                    _ => false,
                };
                schema_pointers(child, &child_pointer, child_is_schema, out);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                // Members of `allOf`/`oneOf`/`anyOf`/`prefixItems` are schemas; parameters are
                // not, but their `schema` is found below them.
                let parent = pointer.rsplit('/').next().unwrap_or("");
                let item_is_schema = matches!(parent, "allOf" | "oneOf" | "anyOf" | "prefixItems");
                schema_pointers(item, &format!("{pointer}/{index}"), item_is_schema, out);
            }
        }
        _ => {}
    }
}

/// Replaces the value at `pointer`, which exists.
fn set(document: &mut Value, pointer: &str, replacement: Value) {
    if let Some(slot) = document.pointer_mut(pointer) {
        *slot = replacement;
    }
}

/// One entry of the pools below; they are written in this file, so always JSON.
fn parse(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|_| Value::Object(Map::new()))
}

/// Schemas a mutation puts in place of another: the shapes real descriptions use.
const SCHEMAS: &[&str] = &[
    r#"{"type":"string"}"#,
    r#"{"type":"string","minLength":1,"maxLength":8}"#,
    r#"{"type":"string","format":"date-time"}"#,
    r#"{"type":"string","format":"uuid","description":"An <b>id</b>.<br>See [docs](https://example.test)."}"#,
    r#"{"type":"string","enum":["a","b-c","B_C","1st","type","self"]}"#,
    r#"{"type":"string","pattern":"^[a-z]+$","default":"abc"}"#,
    r#"{"type":"integer","format":"int32","minimum":0,"maximum":10}"#,
    r#"{"type":"integer","format":"int64","enum":[1,2,3]}"#,
    r#"{"type":"number","exclusiveMinimum":0,"multipleOf":0.5}"#,
    r#"{"type":"boolean","default":true}"#,
    r#"{"type":"array","items":{"type":"integer"},"minItems":1,"uniqueItems":true}"#,
    r#"{"type":"array"}"#,
    r#"{"type":"object"}"#,
    r#"{"type":"object","additionalProperties":{"type":"string"}}"#,
    r#"{"type":"object","properties":{"self":{"type":"string"},"type":{"type":"integer"},"a-b":{"type":"boolean"},"A_B":{"type":"boolean"}},"required":["self"],"additionalProperties":false}"#,
    r#"{"type":"object","properties":{"kind":{"type":"string","enum":["first"]},"value":{"type":"number"}},"required":["kind"]}"#,
    r#"{"type":"object","properties":{"id":{"type":"string","readOnly":true},"secret":{"type":"string","writeOnly":true}},"required":["id","secret"]}"#,
    r#"{"oneOf":[{"type":"integer"},{"type":"string"}]}"#,
    r#"{"anyOf":[{"type":"object","properties":{"x":{"type":"string"}}},{"type":"array","items":{"type":"string"}}]}"#,
    r#"{"oneOf":[{"type":"object","properties":{"kind":{"type":"string","enum":["a"]}},"required":["kind"]},{"type":"object","properties":{"kind":{"type":"string","enum":["b"]},"n":{"type":"integer"}},"required":["kind"]}]}"#,
    r#"{"allOf":[{"type":"string","maxLength":3}],"description":"A described reference."}"#,
    r#"{"allOf":[{"type":"object","properties":{"a":{"type":"string"}}},{"type":"object","properties":{"b":{"type":"integer"}},"required":["b"]}]}"#,
    r#"{"type":"string","nullable":true}"#,
    r#"{"type":["string","null"]}"#,
    r#"{"type":["integer","string"]}"#,
    "true",
    "{}",
    r#"{"not":{"type":"string"}}"#,
    r#"{"type":"object","patternProperties":{"^x-":{"type":"string"}}}"#,
    r#"{"type":"array","prefixItems":[{"type":"string"},{"type":"integer"}],"items":false}"#,
    r#"{"enum":[1,"two",null]}"#,
    r#"{"enum":["only"]}"#,
    r#"{"const":"fixed"}"#,
];

/// Keywords a mutation adds to a schema, with their values.
const KEYWORDS: &[(&str, &str)] = &[
    ("nullable", "true"),
    ("readOnly", "true"),
    ("writeOnly", "true"),
    ("deprecated", "true"),
    ("title", r#""Weird Title: 2nd edition!""#),
    (
        "description",
        r#""<p>Bold <b>claims</b> &amp; <code>code</code></p><ul><li>one</li><li>two</li></ul> [link](https://example.test) *stars* _under_ `tick` <br> a\\b""#,
    ),
    ("format", r#""int32""#),
    ("format", r#""date""#),
    ("minimum", "1"),
    ("maxLength", "5"),
    ("pattern", r#""^\\d+$""#),
    ("example", r#""x""#),
    ("x-vendor", r#"{"a":1}"#),
    ("minItems", "2"),
    ("uniqueItems", "true"),
    ("default", "null"),
    ("additionalProperties", "false"),
    ("additionalProperties", r#"{"type":"integer"}"#),
    ("required", r#"["self","type"]"#),
];

/// Property and parameter names that are awkward in Rust: keywords, digits first, punctuation,
/// names that differ only in case or separators, non-ASCII.
const PROPERTY_NAMES: &[&str] = &[
    "type",
    "self",
    "Self",
    "crate",
    "match",
    "1st",
    "a-b",
    "a_b",
    "A B",
    "ünïcödé",
    "$ref",
    "__proto__",
    "value",
    "Value",
    "x.y",
    "default",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn mutants(seed: u64) -> Vec<(String, Value)> {
        let root = crate::workspace_root().expect("tests run inside the workspace");
        let originals = originals(&root).expect("the workspace has fragments");
        let mut rng = Pcg64Mcg::seed_from_u64(seed);
        (0..50)
            .map(|index| {
                let (name, original) = originals.choose(&mut rng).expect("not empty");
                mutant(original, name, index, &mut rng)
            })
            .collect()
    }

    #[test]
    fn the_same_seed_gives_the_same_mutants() {
        assert_eq!(mutants(7), mutants(7));
        assert_ne!(mutants(7), mutants(8));
    }

    #[test]
    fn every_mutant_is_an_operation_of_its_own_on_the_one_server() {
        let mutants = mutants(3);
        let mut ids: Vec<&str> = mutants
            .iter()
            .map(|(_, fragment)| fragment["operationId"].as_str().expect("an id"))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), mutants.len());
        for (_, fragment) in &mutants {
            let path = fragment["path"].as_str().expect("a path");
            assert!(path.starts_with(&format!("{SERVER}/mutant")), "{path}");
        }
    }

    #[test]
    fn schemas_are_found_wherever_they_nest() {
        let fragment = json!({
            "parameters": [{ "in": "query", "name": "q", "schema": { "type": "string" } }],
            "responses": { "200": { "content": { "application/json": { "schema": {
                "type": "object",
                "properties": { "a/b": { "allOf": [{ "type": "integer" }] } },
                "items": { "type": "string" }
            } } } } }
        });
        let mut found = Vec::new();
        for key in ["parameters", "responses"] {
            schema_pointers(&fragment[key], &format!("/{key}"), false, &mut found);
        }
        assert_eq!(
            found,
            [
                "/parameters/0/schema",
                "/responses/200/content/application~1json/schema",
                "/responses/200/content/application~1json/schema/properties/a~1b",
                "/responses/200/content/application~1json/schema/properties/a~1b/allOf/0",
                "/responses/200/content/application~1json/schema/items",
            ]
        );
    }

    #[test]
    fn every_pool_entry_is_json() {
        for text in SCHEMAS {
            serde_json::from_str::<Value>(text).expect(text);
        }
        for (key, text) in KEYWORDS {
            serde_json::from_str::<Value>(text).expect(key);
        }
    }
}
