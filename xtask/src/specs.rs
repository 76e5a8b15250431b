//! `cargo xtask specs import FILE`: refreshes a folder of fragments (`specs/`) from a whole
//! OpenAPI document, such as the one RevCent publishes at `https://api.revcent.com/v2/openapi.json`.
//!
//! The document is split by [`crate::openapi::import`], which refuses it whole for any problem;
//! each fragment is written as compact JSON without a final newline, RevCent's own format, to
//! `<operationId>.json`. Nothing is written before the whole document has been checked and
//! split, and then every new content is staged in a temporary file beside its target and only
//! renamed into place once all are staged. Fragments whose operation is no longer in the
//! document are reported, and removed only with `--prune`.

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde_json::Value;

use crate::openapi::{self, Cut};

/// What `cargo xtask specs` does.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Write one fragment per operation of a whole OpenAPI 3.0 or 3.1 JSON document
    ///
    /// Each operation becomes DIR/OPERATION_ID.json in RevCent's fragment format (method, full
    /// URL, summary, description, operationId, parameters, requestBody, responses; every $ref
    /// inlined, a schema recurring inside itself cut and reported). A document without
    /// operationIds, with duplicate ones or with $refs that point nowhere is refused, naming the
    /// JSON pointer, and DIR is left as it was. Follow with `cargo xtask codegen`.
    Import(ImportArguments),
}

/// The arguments of `cargo xtask specs import`.
#[derive(Debug, clap::Args)]
pub struct ImportArguments {
    /// The OpenAPI document (JSON), e.g. a saved copy of RevCent's openapi.json
    file: PathBuf,
    /// Write the fragments into DIR [default: specs/]
    #[arg(long, value_name = "DIR")]
    specs: Option<PathBuf>,
    /// Remove the fragments of operations that are no longer in the document
    #[arg(long)]
    prune: bool,
}

/// Runs `cargo xtask specs …` in the checkout at `root`.
///
/// # Errors
/// When the document cannot be read or is refused, or the folder cannot be written.
pub fn run(root: &Path, command: &Command) -> Result<()> {
    match command {
        Command::Import(arguments) => {
            let specs = arguments
                .specs
                .clone()
                .unwrap_or_else(|| root.join("specs"));
            let report = import(&arguments.file, &specs, arguments.prune)?;
            print!("{report}");
            Ok(())
        }
    }
}

/// What an import did to the folder.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// The folder of fragments.
    pub specs: PathBuf,
    /// The OpenAPI version the document declares.
    pub version: String,
    /// Fragments that did not exist before, by file name.
    pub new: Vec<String>,
    /// Fragments whose contents changed.
    pub changed: Vec<String>,
    /// Fragments already as the document makes them.
    pub unchanged: Vec<String>,
    /// Fragments in the folder whose operation the document no longer has.
    pub gone: Vec<String>,
    /// Whether the gone fragments were removed (`--prune`).
    pub pruned: bool,
    /// References cut, as (`operationId`, `$ref`, why).
    pub cuts: Vec<(String, String, Cut)>,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let total = self.new.len() + self.changed.len() + self.unchanged.len();
        writeln!(
            f,
            "{} from an OpenAPI {} document in {}: {} new, {} changed, {} unchanged",
            plural(total, "fragment"),
            self.version,
            self.specs.display(),
            self.new.len(),
            self.changed.len(),
            self.unchanged.len()
        )?;
        for (label, names) in [("new", &self.new), ("changed", &self.changed)] {
            for name in names {
                writeln!(f, "  {label}: {name}")?;
            }
        }
        if !self.gone.is_empty() {
            let what = if self.pruned {
                "removed"
            } else {
                "kept; --prune removes them"
            };
            writeln!(
                f,
                "{} whose operation is gone from the document ({what}):",
                plural(self.gone.len(), "fragment")
            )?;
            for name in &self.gone {
                writeln!(f, "  gone: {name}")?;
            }
        }
        if !self.cuts.is_empty() {
            writeln!(
                f,
                "{} cut (each replaced by a schema marked `x-cut-ref` that accepts any JSON \
                 value):",
                plural(self.cuts.len(), "reference")
            )?;
            for (id, reference, cut) in &self.cuts {
                writeln!(f, "  cut: {id}: `{reference}` {}", cut.reason())?;
            }
        }
        Ok(())
    }
}

/// `count` and `noun`, with an `s` unless there is one.
fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// Splits the OpenAPI document in `file` into fragments in `specs`; see the module docs.
///
/// # Errors
/// When `file` cannot be read, is not JSON or is refused (every problem, each with its JSON
/// pointer), or `specs` cannot be read or written. In every case but a failure while renaming
/// the staged files into place, `specs` is left exactly as it was.
pub fn import(file: &Path, specs: &Path, prune: bool) -> Result<Report> {
    let text =
        fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let document: Value = serde_json::from_str(&text).with_context(|| {
        format!(
            "{} is not a JSON document (only JSON is imported; convert YAML first); {} is \
             unchanged",
            file.display(),
            specs.display()
        )
    })?;
    let split = openapi::import(&document).map_err(|problems| {
        let mut message = format!(
            "{} is refused, {} is unchanged; {}:",
            file.display(),
            specs.display(),
            plural(problems.len(), "problem")
        );
        for problem in &problems {
            let _ = write!(message, "\n  {problem}");
        }
        anyhow::anyhow!(message)
    })?;
    let fragments: BTreeMap<String, String> = split
        .fragments
        .iter()
        .map(|(name, fragment)| (name.clone(), fragment.to_string()))
        .collect();
    let existing = existing_fragments(specs)?;
    let mut report = Report {
        specs: specs.to_path_buf(),
        version: document["openapi"].as_str().unwrap_or_default().to_owned(),
        gone: existing
            .keys()
            .filter(|name| !fragments.contains_key(*name))
            .cloned()
            .collect(),
        pruned: prune,
        cuts: split.cuts,
        ..Report::default()
    };
    let mut to_write = Vec::new();
    for (name, contents) in &fragments {
        match existing.get(name) {
            None => report.new.push(name.clone()),
            Some(old) if old == contents.as_bytes() => {
                report.unchanged.push(name.clone());
                continue;
            }
            Some(_) => report.changed.push(name.clone()),
        }
        to_write.push((name, contents));
    }
    fs::create_dir_all(specs).with_context(|| format!("cannot create {}", specs.display()))?;
    // Every new content is staged beside its target (a hidden name that is no `*.json`, so
    // `cargo xtask codegen` never reads it) and renamed into place only once all are written;
    // should one write fail, the staged files are removed and the folder is as it was. Staged
    // with `fs::write`, so fragments get the permissions the user's umask gives new files.
    let mut staged = Vec::new();
    let mut stage = |name: &str, contents: &str| -> Result<()> {
        let temporary = specs.join(format!(".{name}.import-new"));
        fs::write(&temporary, contents)
            .with_context(|| format!("cannot write {}", temporary.display()))?;
        staged.push((temporary, specs.join(name)));
        Ok(())
    };
    let staging = to_write
        .into_iter()
        .try_for_each(|(name, contents)| stage(name, contents));
    if let Err(error) = staging {
        for (temporary, _) in &staged {
            let _ = fs::remove_file(temporary);
        }
        return Err(error);
    }
    for (temporary, target) in &staged {
        fs::rename(temporary, target)
            .with_context(|| format!("cannot replace {}", target.display()))?;
    }
    if prune {
        for name in &report.gone {
            let path = specs.join(name);
            fs::remove_file(&path).with_context(|| format!("cannot remove {}", path.display()))?;
        }
    }
    Ok(report)
}

/// Every `*.json` file in `specs`, by name, with its bytes; none when the folder does not exist.
fn existing_fragments(specs: &Path) -> Result<BTreeMap<String, Vec<u8>>> {
    let mut files = BTreeMap::new();
    if !specs.exists() {
        return Ok(files);
    }
    if !specs.is_dir() {
        bail!("{} is not a folder", specs.display());
    }
    let cannot_read = || format!("cannot read the fragments folder {}", specs.display());
    for entry in fs::read_dir(specs).with_context(cannot_read)? {
        let path = entry.with_context(cannot_read)?.path();
        let Some(name) = path.file_name().and_then(|name| name.to_str()) else {
            continue;
        };
        // The files `cargo xtask codegen` reads as fragments.
        let is_fragment = path
            .extension()
            .is_some_and(|extension| extension == "json");
        if path.is_file() && is_fragment {
            let bytes =
                fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
            files.insert(name.to_owned(), bytes);
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The server RevCent's fragments are under.
    const SERVER: &str = "https://api.revcent.com/v2";

    /// RevCent's published fragments, as committed in `specs/`, by file name.
    fn revcent_fragments() -> BTreeMap<String, Vec<u8>> {
        let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
        let fragments = existing_fragments(&specs).expect("specs/ is readable");
        assert!(fragments.len() >= 3, "RevCent's fragments are in specs/");
        fragments
    }

    /// A whole OpenAPI document holding `fragments` as its operations, as RevCent's document
    /// would: each fragment without `method` and `path`, under its path template.
    fn wrap(fragments: &BTreeMap<String, Vec<u8>>, version: &str) -> Value {
        let mut paths = serde_json::Map::new();
        for bytes in fragments.values() {
            let Value::Object(mut operation) = serde_json::from_slice(bytes).expect("JSON") else {
                panic!("a fragment is an object");
            };
            let method = operation.shift_remove("method").expect("method");
            let url = operation.shift_remove("path").expect("path");
            let path = url
                .as_str()
                .and_then(|url| url.strip_prefix(SERVER))
                .expect("under RevCent's server")
                .to_owned();
            let item = paths.entry(path).or_insert_with(|| json!({}));
            item[method.as_str().expect("a string").to_ascii_lowercase()] =
                Value::Object(operation);
        }
        json!({
            "openapi": version,
            "info": {"title": "RevCent API", "version": "2"},
            "servers": [{"url": SERVER}],
            "paths": paths,
        })
    }

    /// A temporary folder with the document `document` (written as `text` if given) in it.
    fn with_document(text: &str) -> (tempfile::TempDir, PathBuf) {
        let folder = tempfile::tempdir().expect("temporary folder");
        let file = folder.path().join("openapi.json");
        fs::write(&file, text).expect("write the document");
        (folder, file)
    }

    /// Every file in `folder` with its bytes, hidden ones included.
    fn snapshot(folder: &Path) -> BTreeMap<String, Vec<u8>> {
        fs::read_dir(folder)
            .expect("readable")
            .map(|entry| {
                let path = entry.expect("entry").path();
                let name = path
                    .file_name()
                    .expect("name")
                    .to_string_lossy()
                    .into_owned();
                (name, fs::read(&path).expect("readable"))
            })
            .collect()
    }

    #[test]
    fn revcents_fragments_come_back_byte_identical() {
        let originals = revcent_fragments();
        for version in ["3.0.3", "3.1.0"] {
            let (folder, file) = with_document(&wrap(&originals, version).to_string());
            let specs = folder.path().join("specs");
            let report = import(&file, &specs, false).expect("imported");
            assert_eq!(report.new.len(), originals.len(), "{report}");
            assert!(report.cuts.is_empty() && report.gone.is_empty(), "{report}");
            assert_eq!(snapshot(&specs), originals, "OpenAPI {version}");
            // Readable as any new file of the user's is: staging leaves no private mode behind.
            let plain = folder.path().join("plain");
            fs::write(&plain, "").expect("write");
            let name = originals.keys().next().expect("a fragment");
            assert_eq!(
                fs::metadata(specs.join(name))
                    .expect("written")
                    .permissions(),
                fs::metadata(&plain).expect("written").permissions()
            );
        }
    }

    #[test]
    fn inlined_references_give_the_same_bytes() {
        // The error reply and each parameter moved into `components`: inlined, every fragment
        // is again byte for byte the published one.
        let originals = revcent_fragments();
        let mut document = wrap(&originals, "3.1.0");
        let mut components = json!({"responses": {}, "parameters": {}});
        let paths = document["paths"].as_object_mut().expect("paths");
        for item in paths.values_mut() {
            for operation in item.as_object_mut().expect("item").values_mut() {
                let id = operation["operationId"].as_str().expect("id").to_owned();
                let error = operation["responses"]["default"].take();
                components["responses"][&id] = error;
                operation["responses"]["default"] =
                    json!({"$ref": format!("#/components/responses/{id}")});
                for (index, parameter) in operation["parameters"]
                    .as_array_mut()
                    .expect("parameters")
                    .iter_mut()
                    .enumerate()
                {
                    let name = format!("{id}{index}");
                    components["parameters"][&name] = parameter.take();
                    *parameter = json!({"$ref": format!("#/components/parameters/{name}")});
                }
            }
        }
        document["components"] = components;
        assert!(document.to_string().contains("\"$ref\""));
        let (folder, file) = with_document(&document.to_string());
        let specs = folder.path().join("specs");
        import(&file, &specs, false).expect("imported");
        assert_eq!(snapshot(&specs), originals);
    }

    #[test]
    fn importing_again_changes_nothing_and_reports_what_changed() {
        let originals = revcent_fragments();
        let text = serde_json::to_string_pretty(&wrap(&originals, "3.1.0")).expect("JSON");
        let (folder, file) = with_document(&text);
        let specs = folder.path().join("specs");
        import(&file, &specs, false).expect("imported");
        let first = snapshot(&specs);

        let again = import(&file, &specs, false).expect("imported again");
        assert_eq!(again.unchanged.len(), originals.len());
        assert!(again.new.is_empty() && again.changed.is_empty());
        assert_eq!(snapshot(&specs), first, "deterministic");

        // Another folder, the same bytes.
        let elsewhere = folder.path().join("elsewhere");
        import(&file, &elsewhere, false).expect("imported");
        assert_eq!(snapshot(&elsewhere), first);

        let name = originals.keys().next().expect("a fragment").clone();
        fs::write(specs.join(&name), "{}").expect("edit a fragment");
        let report = import(&file, &specs, false).expect("imported");
        assert_eq!(report.changed, std::slice::from_ref(&name));
        assert_eq!(snapshot(&specs), first);
        assert!(
            report.to_string().starts_with(&format!(
                "{} fragments from an OpenAPI 3.1.0 document",
                first.len()
            )),
            "{report}"
        );
        assert!(
            report.to_string().contains(&format!("  changed: {name}")),
            "{report}"
        );
    }

    #[test]
    fn gone_fragments_are_reported_and_removed_only_with_prune() {
        let originals = revcent_fragments();
        let (folder, file) = with_document(&wrap(&originals, "3.1.0").to_string());
        let specs = folder.path().join("specs");
        fs::create_dir_all(&specs).expect("create");
        fs::write(specs.join("GetRetired.json"), "{}").expect("write");
        fs::write(specs.join("notes.txt"), "not a fragment").expect("write");

        let report = import(&file, &specs, false).expect("imported");
        assert_eq!(report.gone, ["GetRetired.json"]);
        assert!(
            specs.join("GetRetired.json").is_file(),
            "kept without --prune"
        );
        let text = report.to_string();
        assert!(
            text.contains("1 fragment whose operation is gone from the document (kept; --prune removes them):\n  gone: GetRetired.json"),
            "{text}"
        );

        let report = import(&file, &specs, true).expect("imported");
        assert_eq!(report.gone, ["GetRetired.json"]);
        assert!(report.to_string().contains("(removed)"), "{report}");
        assert!(
            !specs.join("GetRetired.json").exists(),
            "removed with --prune"
        );
        assert!(
            specs.join("notes.txt").is_file(),
            "only fragments are pruned"
        );
        let mut expected = originals;
        expected.insert("notes.txt".to_owned(), b"not a fragment".to_vec());
        assert_eq!(snapshot(&specs), expected);
    }

    #[test]
    fn a_recursive_schema_is_cut_and_reported() {
        let document = json!({
            "openapi": "3.0.3",
            "servers": [{"url": "https://api.example.test"}],
            "paths": {"/tree": {"get": {"operationId": "GetTree", "responses": {"200": {
                "description": "A tree",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Node"}}},
            }}}}},
            "components": {"schemas": {"Node": {"type": "object", "properties": {
                "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
            }}}},
        });
        let (folder, file) = with_document(&document.to_string());
        let specs = folder.path().join("specs");
        let report = import(&file, &specs, false).expect("imported");
        assert_eq!(
            report.cuts,
            [(
                "GetTree".to_owned(),
                "#/components/schemas/Node".to_owned(),
                Cut::Recursive
            )]
        );
        assert!(
            report.to_string().contains(
                "1 reference cut (each replaced by a schema marked `x-cut-ref` that accepts any \
                 JSON value):\n  cut: GetTree: `#/components/schemas/Node` recurs inside itself"
            ),
            "{report}"
        );
        let fragment: Value =
            serde_json::from_slice(&fs::read(specs.join("GetTree.json")).expect("written"))
                .expect("JSON");
        let items = &fragment
            .pointer("/responses/200/content/application~1json/schema/properties/children/items")
            .expect("inlined");
        assert_eq!(items["x-cut-ref"], "#/components/schemas/Node");
    }

    #[test]
    fn a_refused_document_leaves_the_folder_as_it_was() {
        let ok = wrap(&revcent_fragments(), "3.1.0");
        let path = ok["paths"]
            .as_object()
            .and_then(|paths| paths.keys().next())
            .expect("a path")
            .clone();
        let escaped = crate::openapi::escape(&path);
        let mut without_id = ok.clone();
        without_id["paths"][&path]["post"]
            .as_object_mut()
            .expect("operation")
            .shift_remove("operationId");
        let mut duplicate = ok.clone();
        duplicate["paths"]["/copy"] = ok["paths"][&path].clone();
        let mut dangling = ok.clone();
        dangling["paths"][&path]["post"]["responses"]["default"] =
            json!({"$ref": "#/components/responses/Missing"});
        let mut external = ok.clone();
        external["paths"][&path]["post"]["requestBody"] = json!({"$ref": "other.json#/Body"});
        let mut relative = ok.clone();
        relative["servers"] = json!([{"url": "/v2"}]);
        let cases = [
            ("{\"openapi\": ", "is not a JSON document".to_owned()),
            (
                r#"{"swagger": "2.0", "paths": {}}"#,
                "at /swagger: a Swagger 2.0 document".to_owned(),
            ),
            (
                r#"{"openapi": "4.0.0", "paths": {}}"#,
                "at /openapi: OpenAPI \"4.0.0\" is not supported".to_owned(),
            ),
            (
                &without_id.to_string(),
                format!("at /paths/{escaped}/post: `POST {path}` has no `operationId`"),
            ),
            (
                &duplicate.to_string(),
                "at /paths/~1copy/post/operationId: operationId `".to_owned(),
            ),
            (
                &dangling.to_string(),
                format!(
                    "at /paths/{escaped}/post/responses/default/$ref: \
                     `#/components/responses/Missing` points nowhere in the document"
                ),
            ),
            (
                &external.to_string(),
                format!(
                    "at /paths/{escaped}/post/requestBody/$ref: `other.json#/Body` points \
                     outside the document"
                ),
            ),
            (
                &relative.to_string(),
                "at /servers/0/url: `/v2` is not an absolute URL".to_owned(),
            ),
        ];
        for (text, expected) in cases {
            let (folder, file) = with_document(text);
            let specs = folder.path().join("specs");
            fs::create_dir_all(&specs).expect("create");
            for (name, bytes) in revcent_fragments() {
                fs::write(specs.join(name), bytes).expect("write");
            }
            fs::write(specs.join("Extra.json"), "{}").expect("write");
            let before = snapshot(&specs);
            let error = import(&file, &specs, true).expect_err("refused");
            let message = format!("{error:#}");
            assert!(
                message.contains(&expected),
                "{message}\nexpected: {expected}"
            );
            assert!(
                message.contains(&format!("{} is unchanged", specs.display())),
                "{message}"
            );
            assert_eq!(snapshot(&specs), before, "{expected}");
        }
    }
}
