//! The change report of `cargo xtask codegen`: the public API generated from the fragments now
//! compared with the one generated from the committed fragments (or a folder given with
//! `--old`), and the client's version, which lives in `codegen.toml` and `--bump` raises.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};
use codegen::{ChangeReport, Config, SourceFile};

/// The file, at the checkout's root, that holds the RevCent client's version.
pub const VERSION_FILE: &str = "codegen.toml";

/// The version `codegen.toml` gives the RevCent client (`[revcent] version`); `None` when the
/// checkout has no such file (a checkout made for a test), where the configuration's default
/// stands.
///
/// # Errors
/// When the file exists but cannot be read, or holds no `[revcent] version` string.
pub fn client_version(root: &Path) -> Result<Option<String>> {
    let path = root.join(VERSION_FILE);
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => {
            return Err(error).with_context(|| format!("cannot read {}", path.display()));
        }
    };
    version_in(&text)
        .map(Some)
        .with_context(|| format!("in {}", path.display()))
}

fn version_in(text: &str) -> Result<String> {
    let document: toml_edit::DocumentMut = text.parse().context("not valid TOML")?;
    let Some(version) = document
        .get("revcent")
        .and_then(|table| table.get("version"))
        .and_then(|version| version.as_str())
    else {
        bail!("no `version` string in a `[revcent]` table");
    };
    Ok(version.to_owned())
}

/// Writes `version` into `codegen.toml` (`[revcent] version`), keeping its comments; creates the
/// file when there is none.
///
/// # Errors
/// When the file cannot be read, parsed or written.
pub fn set_client_version(root: &Path, version: &str) -> Result<()> {
    let path = root.join(VERSION_FILE);
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(error) => {
            return Err(error).with_context(|| format!("cannot read {}", path.display()));
        }
    };
    let mut document: toml_edit::DocumentMut = text
        .parse()
        .with_context(|| format!("{} is not valid TOML", path.display()))?;
    document["revcent"]["version"] = toml_edit::value(version);
    fs::write(&path, document.to_string())
        .with_context(|| format!("cannot write {}", path.display()))
}

/// Where the fragments to compare with come from.
#[derive(Clone, Debug)]
pub enum OldSpecs {
    /// The fragments folder as `HEAD` has it.
    Committed,
    /// Another folder (`--old DIR`).
    Folder(PathBuf),
}

/// The old fragments, and how the report names them; `None` when there are none to compare
/// with (the folder is not in a git checkout, or `HEAD` has no fragments there).
///
/// # Errors
/// When `--old`'s folder cannot be read, or git fails on a file it listed.
pub fn old_sources(
    root: &Path,
    specs: &Path,
    old: &OldSpecs,
) -> Result<Option<(String, Vec<SourceFile>)>> {
    match old {
        OldSpecs::Folder(folder) => Ok(Some((
            folder.display().to_string(),
            crate::codegen::read_sources(root, folder)?,
        ))),
        OldSpecs::Committed => committed_sources(root, specs),
    }
}

/// The `*.json` files directly in `specs` as `HEAD` has them, read by two git processes
/// whatever their number: `ls-tree` lists their blobs, one `cat-file --batch` prints them all.
/// (One `git show` per file made the report the slowest part of regenerating a large API.)
fn committed_sources(root: &Path, specs: &Path) -> Result<Option<(String, Vec<SourceFile>)>> {
    let Ok(relative) = specs
        .canonicalize()
        .unwrap_or_else(|_| specs.to_path_buf())
        .strip_prefix(root.canonicalize().unwrap_or_else(|_| root.to_path_buf()))
        .map(Path::to_path_buf)
    else {
        return Ok(None);
    };
    let folder = relative.to_string_lossy().replace('\\', "/");
    // Not a git checkout, or no commit yet: nothing was committed to compare with.
    let listing = match Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["ls-tree", "-z", "HEAD", &format!("{folder}/")])
        .output()
    {
        Ok(output) if output.status.success() => output.stdout,
        _ => return Ok(None),
    };
    let blobs = json_blobs(&listing)?;
    if blobs.is_empty() {
        return Ok(None);
    }
    let contents = cat_blobs(root, blobs.iter().map(|(object, _)| object.as_str()))?;
    let sources = blobs
        .into_iter()
        .zip(contents)
        .map(|((_, path), contents)| {
            let name = format!("HEAD:{path}");
            String::from_utf8(contents)
                .with_context(|| format!("{name} is not UTF-8"))
                .map(|contents| SourceFile { name, contents })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Some((format!("HEAD:{folder}/"), sources)))
}

/// The `(object, path)` of each `*.json` blob in `git ls-tree -z` output
/// (`<mode> <type> <object>\t<path>\0` per entry); folders are left out.
fn json_blobs(listing: &[u8]) -> Result<Vec<(String, String)>> {
    let mut blobs = Vec::new();
    for entry in listing
        .split(|byte| *byte == 0)
        .filter(|entry| !entry.is_empty())
    {
        let entry = String::from_utf8_lossy(entry);
        let Some((header, path)) = entry.split_once('\t') else {
            bail!("git ls-tree printed an entry without a path: {entry:?}");
        };
        let mut fields = header.split(' ');
        let (Some(_mode), Some(kind), Some(object)) = (fields.next(), fields.next(), fields.next())
        else {
            bail!("git ls-tree printed an entry without a type and object: {entry:?}");
        };
        let is_json = Path::new(path)
            .extension()
            .is_some_and(|extension| extension == "json");
        if kind == "blob" && is_json {
            blobs.push((object.to_owned(), path.to_owned()));
        }
    }
    Ok(blobs)
}

/// The contents of each object, in order, from one `git cat-file --batch`.
fn cat_blobs<'a>(root: &Path, objects: impl Iterator<Item = &'a str>) -> Result<Vec<Vec<u8>>> {
    let mut input = String::new();
    let mut count = 0;
    for object in objects {
        input.push_str(object);
        input.push('\n');
        count += 1;
    }
    let mut child = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("cannot run git cat-file --batch")?;
    let mut stdin = child.stdin.take().context("git cat-file has no input")?;
    // Written from another thread: git answers while it reads, and would block on a full pipe
    // that nobody reads while this thread is still writing.
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child
        .wait_with_output()
        .context("cannot read what git cat-file --batch printed")?;
    writer
        .join()
        .map_err(|_| anyhow::anyhow!("the thread writing to git cat-file panicked"))?
        .context("cannot write to git cat-file --batch")?;
    if !output.status.success() {
        bail!(
            "git cat-file --batch failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    parse_batch(&output.stdout, count)
}

/// Splits `git cat-file --batch` output into `count` contents: each is a line
/// `<object> <type> <size>`, then `size` bytes and a newline (`<object> missing` when absent).
fn parse_batch(mut output: &[u8], count: usize) -> Result<Vec<Vec<u8>>> {
    let mut contents = Vec::with_capacity(count);
    for _ in 0..count {
        let Some(end) = output.iter().position(|byte| *byte == b'\n') else {
            bail!("git cat-file --batch stopped early");
        };
        let header = String::from_utf8_lossy(&output[..end]).into_owned();
        let size: usize = header
            .rsplit(' ')
            .next()
            .and_then(|size| size.parse().ok())
            .with_context(|| format!("git cat-file --batch printed `{header}`"))?;
        let body = &output[end + 1..];
        if body.len() <= size || body[size] != b'\n' {
            bail!("git cat-file --batch printed less than `{header}` announces");
        }
        contents.push(body[..size].to_vec());
        output = &body[size + 1..];
    }
    Ok(contents)
}

/// Whether two sets of fragments hold the same files (by file name, whatever folder or commit
/// they were read from) with the same contents.
fn same_fragments(old: &[SourceFile], new: &[SourceFile]) -> bool {
    fn by_file(sources: &[SourceFile]) -> BTreeMap<&str, &str> {
        sources
            .iter()
            .map(|source| {
                let name = source
                    .name
                    .rsplit(['/', '\\', ':'])
                    .next()
                    .unwrap_or_default();
                (name, source.contents.as_str())
            })
            .collect()
    }
    old.len() == new.len() && by_file(old) == by_file(new)
}

/// The version `codegen.toml` has in `HEAD`, which `--bump` raises (so that bumping twice
/// before a commit raises it once); `None` outside git or before the file was committed.
#[must_use]
pub fn committed_version(root: &Path) -> Option<String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["show", &format!("HEAD:{VERSION_FILE}")])
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    version_in(&String::from_utf8_lossy(&output.stdout)).ok()
}

/// The report of what `new` (generated from `new_sources`) changes against the API `old`
/// generates with `config`.
///
/// # Errors
/// When the old fragments do not generate: their problems, rendered.
pub fn compare(
    old: &[SourceFile],
    new_sources: &[SourceFile],
    new: &codegen::ir::Api,
    config: &Config,
) -> Result<ChangeReport> {
    // Generation depends only on the fragments' contents and the configuration, so the same
    // fragments give the same API: the common run, where nothing in the folder changed since
    // the commit, need not lower them a second time.
    if same_fragments(old, new_sources) {
        return Ok(ChangeReport::default());
    }
    let before = codegen::build_api(old, config).map_err(|error| {
        anyhow::anyhow!(
            "the fragments to compare with do not generate:\n\n{}",
            codegen::render(&error, old)
        )
    })?;
    Ok(codegen::changes(&before, new))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_is_read_and_written_back_with_the_comments() {
        let folder = tempfile::tempdir().expect("temp dir");
        assert_eq!(client_version(folder.path()).expect("no file"), None);
        let text = "# Why.\n[revcent]\n# The client's version.\nversion = \"0.1.0\"\n";
        fs::write(folder.path().join(VERSION_FILE), text).expect("write");
        assert_eq!(
            client_version(folder.path()).expect("read").as_deref(),
            Some("0.1.0")
        );
        set_client_version(folder.path(), "0.2.0").expect("set");
        assert_eq!(
            fs::read_to_string(folder.path().join(VERSION_FILE)).expect("read"),
            text.replace("0.1.0", "0.2.0")
        );
    }

    fn git(folder: &Path, arguments: &[&str]) {
        let status = Command::new("git")
            .arg("-C")
            .arg(folder)
            .args(["-c", "user.name=Test", "-c", "user.email=test@example.test"])
            .args(arguments)
            .output()
            .expect("git runs");
        assert!(status.status.success(), "git {arguments:?}: {status:?}");
    }

    #[test]
    fn the_committed_fragments_are_read_as_head_has_them() {
        let folder = tempfile::tempdir().expect("temp dir");
        let root = folder.path();
        let specs = root.join("specs");
        fs::create_dir_all(specs.join("nested.json")).expect("create");
        // Enough files that one process per file would show, and a size above a pipe's buffer.
        let big = format!("{{\"description\": \"{}\"}}", "x".repeat(200_000));
        for index in 0..40 {
            fs::write(
                specs.join(format!("op{index:02}.json")),
                format!("{{\"n\": {index}}}"),
            )
            .expect("write");
        }
        fs::write(specs.join("big.json"), &big).expect("write");
        fs::write(specs.join("notes.txt"), "not a fragment").expect("write");
        fs::write(specs.join("nested.json/inner.json"), "{}").expect("write");
        git(root, &["init", "--quiet"]);
        assert_eq!(
            old_sources(root, &specs, &OldSpecs::Committed).expect("no commit yet"),
            None
        );
        git(root, &["add", "."]);
        git(root, &["commit", "--quiet", "-m", "fragments"]);
        // What the working tree has since is not what the report compares with.
        fs::write(specs.join("op00.json"), "{\"n\": \"changed\"}").expect("write");
        fs::remove_file(specs.join("op01.json")).expect("remove");

        let (label, sources) = old_sources(root, &specs, &OldSpecs::Committed)
            .expect("read")
            .expect("committed fragments");
        assert_eq!(label, "HEAD:specs/");
        assert_eq!(
            sources.len(),
            41,
            "{:?}",
            sources.iter().map(|s| &s.name).collect::<Vec<_>>()
        );
        assert_eq!(sources[0].name, "HEAD:specs/big.json");
        assert_eq!(sources[0].contents, big);
        assert_eq!(sources[1].name, "HEAD:specs/op00.json");
        assert_eq!(sources[1].contents, "{\"n\": 0}");
        assert_eq!(sources[2].contents, "{\"n\": 1}");
        assert_eq!(sources[40].name, "HEAD:specs/op39.json");
    }

    #[test]
    fn batch_output_is_split_by_the_sizes_it_announces() {
        let output = b"aaa blob 3\n{\n}\nbbb blob 0\n\n";
        assert_eq!(
            parse_batch(output, 2).expect("parsed"),
            vec![b"{\n}".to_vec(), Vec::new()]
        );
        let message = format!(
            "{:#}",
            parse_batch(b"ccc missing\n", 1).expect_err("missing")
        );
        assert!(message.contains("`ccc missing`"), "{message}");
        let message = format!(
            "{:#}",
            parse_batch(b"aaa blob 9\n{}\n", 1).expect_err("short")
        );
        assert!(message.contains("less than"), "{message}");
        assert!(parse_batch(b"", 1).is_err());
    }

    #[test]
    fn the_same_fragments_from_another_folder_are_the_same() {
        let source = |name: &str, contents: &str| SourceFile {
            name: name.to_owned(),
            contents: contents.to_owned(),
        };
        let committed = [
            source("HEAD:specs/a.json", "{}"),
            source("HEAD:specs/b.json", "[]"),
        ];
        let now = [source("specs/b.json", "[]"), source("specs/a.json", "{}")];
        assert!(same_fragments(&committed, &now));
        assert!(!same_fragments(&committed, &now[..1]));
        let edited = [source("specs/b.json", "[ ]"), source("specs/a.json", "{}")];
        assert!(!same_fragments(&committed, &edited));
        let renamed = [source("specs/b.json", "[]"), source("specs/c.json", "{}")];
        assert!(!same_fragments(&committed, &renamed));
    }

    #[test]
    fn a_version_file_without_the_version_is_refused() {
        let folder = tempfile::tempdir().expect("temp dir");
        fs::write(folder.path().join(VERSION_FILE), "[revcent]\nname = 1\n").expect("write");
        let message = format!("{:#}", client_version(folder.path()).expect_err("refused"));
        assert!(
            message.contains("codegen.toml: no `version` string"),
            "{message}"
        );
    }
}
