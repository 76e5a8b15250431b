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

mod config;
mod docs;
mod emit;
mod error;
pub mod ir;
pub mod lower;
pub mod naming;
pub mod parse;
mod runtime;
pub mod spec;

use std::collections::BTreeMap;

pub use config::{Config, NameOverride, RuntimeSource, SuccessMarker};
pub use error::{Diagnostic, Error, Location};

/// One input file: its name (used in diagnostics) and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceFile {
    /// A name that locates the file for a person, e.g. `specs/TriggerAIVoiceAgent.json`.
    pub name: String,
    /// The file's text.
    pub contents: String,
}

/// Parses and lowers `sources` into the IR, without emitting anything: [`parse_sources`], then
/// [`lower_fragments`].
///
/// The order of `sources` does not matter: fragments are processed by `operationId`.
///
/// # Errors
/// Every parse problem of every file; or the first problem found while lowering (a duplicate
/// `operationId`, a path that does not match its parameters, an unsupported construct).
pub fn build_api(sources: &[SourceFile], config: &Config) -> Result<ir::Api, Error> {
    lower_fragments(parse_sources(sources)?, config)
}

/// The first phase of [`generate`]: reads every source into a [`parse::Fragment`], in the order
/// given. Exposed, like the other phases, so that callers can time each one (`cargo xtask bench`).
///
/// # Errors
/// Every parse problem of every file, not only the first.
pub fn parse_sources(sources: &[SourceFile]) -> Result<Vec<parse::Fragment>, Error> {
    let mut fragments = Vec::with_capacity(sources.len());
    let mut diagnostics = Vec::new();
    for source in sources {
        match parse::parse_fragment(&source.name, &source.contents) {
            Ok(fragment) => fragments.push(fragment),
            Err(mut problems) => diagnostics.append(&mut problems),
        }
    }
    if diagnostics.is_empty() {
        Ok(fragments)
    } else {
        Err(Error::new(diagnostics))
    }
}

/// The second phase of [`generate`]: sorts the fragments by `operationId`, checks that no two
/// share one, settles the base URL and lowers them into the IR (see [`lower`]).
///
/// # Errors
/// The first problem found: a duplicate `operationId`, no base URL to infer, or a construct
/// that cannot be lowered.
pub fn lower_fragments(
    mut fragments: Vec<parse::Fragment>,
    config: &Config,
) -> Result<ir::Api, Error> {
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
        common_base_url(&urls)
            .or_else(|| common_base_url(&most_common_origin(&urls)))
            .ok_or_else(|| Diagnostic {
            location: Location::root("<configuration>".into()),
            operation_id: None,
            message: "the fragments' paths share no `http(s)://` prefix to use as the base URL; configure one".to_owned(),
        })?
    };
    for pair in fragments.windows(2) {
        if pair[0].operation_id == pair[1].operation_id {
            return Err(Diagnostic {
                location: pair[1].location.child("operationId"),
                operation_id: Some(pair[1].operation_id.clone()),
                message: format!(
                    "operationId `{}` is also used by {}",
                    pair[1].operation_id, pair[0].location.file
                ),
            }
            .into());
        }
    }
    lower::lower(fragments, config, &base_url)
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
/// root.
///
/// # Errors
/// Only on a bug in the generator: tokens that are not valid Rust.
pub fn emit_api(api: &ir::Api, config: &Config) -> Result<BTreeMap<String, String>, Error> {
    emit::emit(api, config)
}

/// [`emit_api`] without its printing: builds the tokens of every file and parses them with
/// `syn` as it does, then stops. For benchmarks: `emit_api`'s time less this one's is what
/// `prettyplease` costs.
///
/// # Errors
/// As [`emit_api`].
pub fn emit_api_unprinted(api: &ir::Api, config: &Config) -> Result<(), Error> {
    emit::emit_files(api, config, emit::Printing::Skip).map(drop)
}
