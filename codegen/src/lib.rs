//! Generates a Rust API client crate from OpenAPI operation fragments.
//!
//! A fragment is one JSON file per operation (`method`, a full-URL `path`, `operationId`,
//! `parameters`, `requestBody`, `responses`, every schema inlined). [`generate`] turns a set of
//! them into the files of a complete client crate, as a map from relative path to contents.
//!
//! The generator is pure: it reads nothing and writes nothing. Callers (the workspace's `xtask`)
//! read the fragments, pass a [`Config`] with everything API-specific, and write the result.
//!
//! Three layers, each with its own types: [`parse`] (JSON → fragment model with locations),
//! [`lower`] (fragments → [`ir::Api`], deduplicated and named), and emission (IR → Rust source
//! through `quote`, `syn` and `prettyplease`).

pub mod changes;
mod config;
mod docs;
mod emit;
mod error;
pub mod ir;
mod locate;
pub mod lower;
pub mod naming;
mod parallel;
pub mod parse;
mod render;
mod runtime;
pub mod spec;

use std::collections::BTreeMap;
use std::convert::Infallible;

pub use changes::{ChangeReport, changes};
pub use config::{Config, Grouping, NameOverride, RuntimeSource, SuccessMarker};
pub use emit::{EmitError, FileText, Sink};
pub use error::{CONFIGURATION, Diagnostic, Error, Location};
pub use locate::{PointerSpan, pointer_span};
pub use render::render;

/// One input file: its name (used in diagnostics) and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceFile {
    /// A name that locates the file for a person, e.g. `specs/TriggerAIVoiceAgent.json`.
    pub name: String,
    /// The file's text.
    pub contents: String,
}

/// Parses and lowers `sources` into the IR, without emitting anything: what [`parse_sources`]
/// then [`lower_fragments`] do, except that fragments that parse are lowered even when others
/// do not, so that one run reports every problem, and that each fragment is parsed only when
/// lowering reaches it ([`parse::Pending`]), so that no more than one parsed fragment is held.
///
/// The order of `sources` does not matter: fragments are processed by `operationId`.
///
/// # Errors
/// Every problem found: each file's parse problems, the lowering problems of each fragment that
/// parsed (a path that does not match its parameters, an unsupported construct), and those only
/// seen across fragments or in the configuration (a duplicate `operationId`, two operations
/// that become one method, an override or exclusion that matches nothing). Problems of
/// excluded operations are not reported: those operations are [`ir::Api::skipped`].
pub fn build_api(sources: &[SourceFile], config: &Config) -> Result<ir::Api, Error> {
    build_texts(
        sources
            .iter()
            .map(|source| (source.name.as_str(), source.contents.as_str().into())),
        config,
    )
}

/// As [`build_api`], taking the sources: each fragment's text is dropped once it is parsed, so
/// the texts (the size of the API) are not held while the IR is finished, lowering's peak of
/// memory. [`render`] needs the texts to show where each problem is: read them again.
///
/// # Errors
/// As [`build_api`].
pub fn build_api_from(sources: Vec<SourceFile>, config: &Config) -> Result<ir::Api, Error> {
    build_texts(
        sources
            .into_iter()
            .map(|source| (source.name, source.contents.into())),
        config,
    )
}

/// [`build_api`] of each file's name and text, borrowed or owned.
fn build_texts<'s>(
    sources: impl ExactSizeIterator<Item = (impl AsRef<str> + Send, std::borrow::Cow<'s, str>)>,
    config: &Config,
) -> Result<ir::Api, Error> {
    /// Below this many files a second thread costs more than it saves.
    const HEADS_PER_SHARE: usize = 64;
    let mut pending = Vec::with_capacity(sources.len());
    let mut problems = Vec::new();
    // Reading a head skims the whole text, so the cores share the files.
    let heads = parallel::map_balanced_owned(sources.collect(), HEADS_PER_SHARE, |(name, text)| {
        parse::Pending::read(name.as_ref(), text)
    });
    for head in heads {
        match head {
            Ok(fragment) => pending.push(fragment),
            Err(mut found) => problems.append(&mut found),
        }
    }
    lower_pending(pending, problems, config)
}

/// The first phase of [`generate`]: reads every source into a [`parse::Fragment`], in the order
/// given. Exposed, like the other phases, so that callers can time each one (`cargo xtask bench`).
/// [`build_api`] does not hold every parsed fragment at once as this does: it parses each when
/// lowering reaches it ([`parse::Pending`]).
///
/// # Errors
/// Every parse problem of every file, not only the first.
pub fn parse_sources(sources: &[SourceFile]) -> Result<Vec<parse::Fragment>, Error> {
    let mut fragments = Vec::with_capacity(sources.len());
    let mut problems = Vec::new();
    for source in sources {
        match parse::parse_fragment(&source.name, &source.contents) {
            Ok(fragment) => fragments.push(fragment),
            Err(mut found) => problems.append(&mut found),
        }
    }
    Error::check(fragments, problems)
}

/// The second phase of [`generate`]: leaves out the excluded operations, sorts the fragments by
/// `operationId`, checks that no two share one, settles the base URL and lowers them into the
/// IR (see [`lower`]).
///
/// # Errors
/// Every problem found, as [`build_api`] lists them after parsing.
pub fn lower_fragments(fragments: Vec<parse::Fragment>, config: &Config) -> Result<ir::Api, Error> {
    let pending = fragments.into_iter().map(parse::Pending::parsed).collect();
    lower_pending(pending, Vec::new(), config)
}

/// Lowers `fragments`, adding the problems found to `problems` (those of the files whose head
/// could not be read), so that all are reported together.
fn lower_pending(
    fragments: Vec<parse::Pending<'_>>,
    problems: Vec<Diagnostic>,
    config: &Config,
) -> Result<ir::Api, Error> {
    let lower::Included {
        mut fragments,
        skipped,
        mut problems,
    } = lower::exclude(fragments, problems, config);
    fragments.sort_by(|a, b| {
        a.operation_id
            .cmp(&b.operation_id)
            .then_with(|| a.location.file.cmp(&b.location.file))
    });
    let base_url = if let Some(base_url) = &config.base_url {
        base_url.clone()
    } else {
        let urls: Vec<&str> = fragments
            .iter()
            .map(|fragment| fragment.url.as_str())
            .collect();
        match common_base_url(&urls).or_else(|| common_base_url(&most_common_origin(&urls))) {
            Some(base_url) => base_url,
            // Without fragments there is nothing to infer from, and the problems say why.
            None if fragments.is_empty() && !problems.is_empty() => {
                return Err(finish_problems(problems));
            }
            None => {
                problems.push(Diagnostic::configuration(
                    "the fragments' paths share no `http(s)://` prefix to use as the base URL",
                    "configure one (`Config::base_url`, `--base-url`)",
                ));
                return Err(finish_problems(problems));
            }
        }
    };
    // The first fragment with an `operationId` is lowered; the others are reported, not also
    // lowered, which would only report the same clash again as a method name.
    let mut unique: Vec<parse::Pending<'_>> = Vec::with_capacity(fragments.len());
    for fragment in fragments {
        match unique.last() {
            Some(previous) if previous.operation_id == fragment.operation_id => {
                problems.push(Diagnostic {
                    location: fragment.location.child("operationId"),
                    operation_id: Some(fragment.operation_id.clone()),
                    message: format!(
                        "operationId `{}` is also used by {}",
                        fragment.operation_id, previous.location.file
                    ),
                    help: Some("give each operation an operationId of its own".to_owned()),
                });
            }
            _ => unique.push(fragment),
        }
    }
    let complete = problems.is_empty();
    match lower::lower(unique, skipped, complete, config, &base_url) {
        Ok(api) if problems.is_empty() => Ok(api),
        Ok(_) => Err(finish_problems(problems)),
        Err(error) => {
            problems.extend_from_slice(error.diagnostics());
            Err(finish_problems(problems))
        }
    }
}

/// Every problem, each of a fragment saying what to do unless it already does.
fn finish_problems(problems: Vec<Diagnostic>) -> Error {
    Error::new(
        problems
            .into_iter()
            .map(Diagnostic::or_fragment_help)
            .collect(),
    )
}

/// The URLs of the origin (scheme and authority) that most of `urls` share, the first such
/// origin in sorted order on a tie: when a few operations live on another host (an upload
/// server), the base URL is the main API's, and those operations keep their own server.
fn most_common_origin<'u>(urls: &[&'u str]) -> Vec<&'u str> {
    let origin = |url: &'u str| -> &'u str {
        let scheme_end = url.find("://").map_or(0, |index| index + 3);
        let end = url[scheme_end..]
            .find(['/', '?', '#'])
            .map_or(url.len(), |index| scheme_end + index);
        &url[..end]
    };
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for url in urls {
        *counts.entry(origin(url)).or_default() += 1;
    }
    let mut best: Option<(&str, usize)> = None;
    for (candidate, count) in counts {
        if best.is_none_or(|(_, most)| count > most) {
            best = Some((candidate, count));
        }
    }
    best.map_or_else(Vec::new, |(chosen, _)| {
        urls.iter()
            .copied()
            .filter(|url| origin(url) == chosen)
            .collect()
    })
}

/// The URL every one of `urls` starts with, up to the last `/` before any path variable: the
/// natural base URL of an API given as fragments (`https://api.revcent.com/v2`). With one URL,
/// its last literal segment is left to the operation's path. `None` when the URLs share no
/// absolute `http(s)` prefix.
#[must_use]
pub fn common_base_url(urls: &[&str]) -> Option<String> {
    let (first, rest) = urls.split_first()?;
    let mut common = first.len();
    for url in rest {
        common = first
            .char_indices()
            .zip(url.chars())
            .take_while(|((_, a), b)| a == b)
            .last()
            .map_or(0, |((index, character), _)| index + character.len_utf8())
            .min(common);
    }
    let prefix = &first[..common];
    let prefix = prefix
        .find(['{', '?'])
        .map_or(prefix, |variable| &prefix[..variable]);
    let cut = if rest.is_empty() || !prefix.ends_with('/') {
        prefix.rfind('/')?
    } else {
        prefix.len() - 1
    };
    let base = &prefix[..cut];
    let authority = base
        .strip_prefix("https://")
        .or_else(|| base.strip_prefix("http://"))?;
    (!authority.is_empty()).then(|| base.to_owned())
}

/// Generates the client crate for `sources`: `Cargo.toml` and everything under `src/`, keyed by
/// path relative to the crate root. The same fragments give the same bytes, in any order.
///
/// The whole crate is held in memory; [`emit_api_to`] hands each file over as it is printed.
///
/// # Errors
/// As [`build_api`]; nothing is produced unless everything could be.
pub fn generate(
    sources: &[SourceFile],
    config: &Config,
) -> Result<BTreeMap<String, String>, Error> {
    let api = build_api(sources, config)?;
    emit_api(&api, config)
}

/// The last phase of [`generate`]: writes the crate's files for `api` — tokens built with
/// `quote`, checked by `syn`, printed by `prettyplease` — keyed by path relative to the crate
/// root. [`emit_api_to`], collected.
///
/// # Errors
/// Only on a bug in the generator: tokens that are not valid Rust.
pub fn emit_api(api: &ir::Api, config: &Config) -> Result<BTreeMap<String, String>, Error> {
    let mut files = BTreeMap::new();
    emit_api_to(api, config, &mut |path, contents| {
        files.insert(path, contents.into_string());
        Ok::<(), Infallible>(())
    })
    .map_err(generator_error)?;
    Ok(files)
}

/// The files of [`emit_api`], each handed to `sink` (path relative to the crate root, and its
/// text as the pieces it was printed in, [`FileText`]) as soon as it and every file before it
/// are printed rather than all returned at the end: a caller that writes them as they come
/// holds one file at a time, not the crate (tens of megabytes for a large API), and copies
/// none ([`FileText::write_to`]). Files come in a fixed order, each path once.
///
/// The files are built at once on the machine's cores, while `sink` is called on the calling
/// thread only, one file after another in that order; at most a few printed files wait for
/// their turn.
///
/// # Errors
/// [`EmitError::Generator`] on a bug in the generator (tokens that are not valid Rust);
/// [`EmitError::Sink`] with the sink's own error, after which no other file is emitted. Files
/// handed over before either are not taken back: a sink that must not leave a partial crate
/// stages them (as `cargo xtask codegen` does).
pub fn emit_api_to<E>(
    api: &ir::Api,
    config: &Config,
    sink: &mut Sink<'_, E>,
) -> Result<(), EmitError<E>> {
    emit::emit_files(api, config, emit::Printing::Print, sink)
}

/// [`emit_api`] without its printing: builds the tokens of every file and parses them with
/// `syn` as it does, then stops. For benchmarks: `emit_api`'s time less this one's is what
/// `prettyplease` costs.
///
/// # Errors
/// As [`emit_api`].
pub fn emit_api_unprinted(api: &ir::Api, config: &Config) -> Result<(), Error> {
    emit::emit_files(api, config, emit::Printing::Skip, &mut |_, _| {
        Ok::<(), Infallible>(())
    })
    .map_err(generator_error)
}

/// The error of an emission into a sink that cannot fail.
fn generator_error(error: EmitError<Infallible>) -> Error {
    match error {
        EmitError::Generator(error) => error,
        EmitError::Sink(never) => match never {},
    }
}
