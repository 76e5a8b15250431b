//! The change report of `cargo xtask codegen`: the public API generated from the fragments now
//! compared with the one generated from the committed fragments (or a folder given with
//! `--old`), and the client's version, which lives in `codegen.toml` and `--bump` raises.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

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

/// The `*.json` files directly in `specs` as `HEAD` has them.
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
    let git = |arguments: &[&str]| {
        Command::new("git")
            .arg("-C")
            .arg(root)
            .args(arguments)
            .output()
    };
    // Not a git checkout, or no commit yet: nothing was committed to compare with.
    let listing = match git(&[
        "ls-tree",
        "-z",
        "--name-only",
        "HEAD",
        &format!("{folder}/"),
    ]) {
        Ok(output) if output.status.success() => output.stdout,
        _ => return Ok(None),
    };
    let mut sources = Vec::new();
    for path in listing.split(|byte| *byte == 0) {
        let path = String::from_utf8_lossy(path);
        if Path::new(path.as_ref())
            .extension()
            .is_none_or(|extension| extension != "json")
        {
            continue;
        }
        let output = git(&["show", &format!("HEAD:{path}")])
            .with_context(|| format!("cannot run git show HEAD:{path}"))?;
        if !output.status.success() {
            bail!(
                "git show HEAD:{path} failed: {}",
                String::from_utf8_lossy(&output.stderr).trim()
            );
        }
        sources.push(SourceFile {
            name: format!("HEAD:{path}"),
            contents: String::from_utf8(output.stdout)
                .with_context(|| format!("HEAD:{path} is not UTF-8"))?,
        });
    }
    if sources.is_empty() {
        return Ok(None);
    }
    Ok(Some((format!("HEAD:{folder}/"), sources)))
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

/// The report of what `new` changes against the API `old` generates with `config`.
///
/// # Errors
/// When the old fragments do not generate: their problems, rendered.
pub fn compare(
    old: &[SourceFile],
    new: &codegen::ir::Api,
    config: &Config,
) -> Result<ChangeReport> {
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
