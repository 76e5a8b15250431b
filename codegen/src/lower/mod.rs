//! Layer 2: fragments → [`Api`]. Every decision about the generated crate is made here and
//! recorded in the IR: each type, each name, each doc string, how each value is passed.
//!
//! It runs in three steps:
//! 1. `operations` lowers each fragment; its schemas go through the `types::TypeSpace`,
//!    which interns them as drafts, deduplicated structurally across all fragments;
//! 2. `naming` names every draft once all are known (overrides, titles, property paths), and
//!    the parameter structs clear of them;
//! 3. `finish` turns the drafts into the IR's types, and each operation draft finishes itself,
//!    with the names in their docs.
//!
//! `describe` writes every doc text; `paths` splits path templates; `all_of` merges the
//! parts of an `allOf`.

mod all_of;
mod describe;
mod example;
mod finish;
mod links;
mod naming;
mod operations;
mod overlap;
mod pages;
mod paths;
mod resources;
mod table;
mod types;

pub(crate) use table::multipart_parts_schema;

use std::collections::BTreeSet;

use crate::config::Config;
use crate::error::{Diagnostic, Error, Location};
use crate::ir::{Api, Operation, SkippedOperation, TypeDef, TypeRef};
use crate::parse::Pending;

/// `text` in an allocation of its own length, for a text the IR keeps until the run ends. A
/// string written piece by piece ends in a buffer up to twice its length, and shrinking it in
/// place frees nothing (mimalloc keeps a block that shrinks by less than half), so the slack is
/// given back by copying.
pub(super) fn kept(text: String) -> String {
    if text.capacity() == text.len() {
        text
    } else {
        text.as_str().to_owned()
    }
}

pub(super) fn diagnostic(
    location: &Location,
    operation_id: &str,
    message: impl Into<String>,
) -> Diagnostic {
    Diagnostic {
        location: location.clone(),
        operation_id: Some(operation_id.to_owned()),
        message: message.into(),
        help: None,
    }
}

/// What is left to lower once the excluded operations are taken out.
pub struct Included<'s> {
    /// The fragments to lower.
    pub fragments: Vec<Pending<'s>>,
    /// The operations left out, sorted by `operationId`.
    pub skipped: Vec<SkippedOperation>,
    /// The parse problems of operations not excluded, and every exclusion that matched nothing.
    pub problems: Vec<Diagnostic>,
}

/// Takes the operations that `config` excludes out of `fragments`, and the parse problems of
/// excluded operations out of `problems` (an excluded operation's problems are none of this
/// run's business, which is how an exclusion rescues a run). An exclusion that matches no
/// fragment, parsed or not, is reported, as a stale name override is.
pub fn exclude<'s>(
    fragments: Vec<Pending<'s>>,
    problems: Vec<Diagnostic>,
    config: &Config,
) -> Included<'s> {
    let excluded: BTreeSet<&str> = config
        .excluded_operations
        .iter()
        .map(String::as_str)
        .collect();
    let mut skipped = BTreeSet::new();
    let mut kept_problems = Vec::with_capacity(problems.len());
    for problem in problems {
        match problem.operation_id.as_deref() {
            Some(id) if excluded.contains(id) => {
                skipped.insert(SkippedOperation {
                    operation_id: id.to_owned(),
                    file: problem.location.file.to_string(),
                });
            }
            _ => kept_problems.push(problem),
        }
    }
    let mut kept = Vec::with_capacity(fragments.len());
    for fragment in fragments {
        if excluded.contains(fragment.operation_id.as_str()) {
            skipped.insert(SkippedOperation {
                operation_id: fragment.operation_id,
                file: fragment.location.file.to_string(),
            });
        } else {
            kept.push(fragment);
        }
    }
    let matched: BTreeSet<&str> = skipped
        .iter()
        .map(|skipped| skipped.operation_id.as_str())
        .collect();
    for stale in excluded.difference(&matched) {
        kept_problems.push(Diagnostic::configuration(
            format!("the excluded operation `{stale}` matches no fragment's operationId"),
            "remove the exclusion, or correct it to the operationId it means",
        ));
    }
    Included {
        fragments: kept,
        skipped: skipped.into_iter().collect(),
        problems: kept_problems,
    }
}

/// Below this many operations a second thread costs more than it saves.
const OPERATIONS_PER_SHARE: usize = 64;

/// Below this many types (or drafts of types) a second thread costs more than it saves: what
/// naming, finishing and packing split over the cores.
const TYPES_PER_SHARE: usize = 256;

/// How many fragments may be parsed and not yet lowered: enough to keep the parsing thread busy,
/// few enough that parsed fragments (about ten times their JSON) stay a small part of memory.
/// Two left the parsing thread idle a third of the loop (perf, synthetic-1000): the lowering
/// thread parses the next fragment itself when it is not started, and that one counts too.
const PARSED_AHEAD: usize = 4;

/// Lowers fragments, which must be sorted by `operationId`, into the IR; `skipped` are the
/// operations left out (see [`exclude`]), recorded in the IR and its crate docs. `complete`:
/// whether `fragments` are all the API's operations but the skipped ones, none of them refused
/// before lowering.
///
/// Each fragment is parsed when its turn comes (on a second core, a few fragments ahead of
/// lowering) and dropped as soon as it is lowered (its raw schemas live on in the IR as text),
/// and the deduplication index once every schema is interned, so that only a few parsed
/// fragments are alive at a time and a large API is never held twice over.
///
/// # Errors
/// Every problem: each fragment's (those of parsing it included), then those seen across them
/// (two operations that become one method, name overrides that are unusable or match nothing).
pub fn lower(
    fragments: Vec<Pending<'_>>,
    skipped: Vec<SkippedOperation>,
    complete: bool,
    config: &Config,
    base_url: &str,
) -> Result<Api, Error> {
    let base_url = base_url.trim_end_matches('/');
    let (servers, mut problems) =
        paths::servers(&fragments, base_url, &config.credential_hosts, complete);
    let mut space = types::TypeSpace::new(&config.name_overrides);
    let mut drafts = Vec::with_capacity(fragments.len());
    let mut resource_keys = Vec::with_capacity(fragments.len());
    // Lowering shares one type space across fragments, so it stays on this thread; parsing the
    // next fragments and converting their descriptions do not: another core does them
    // meanwhile, and this one too whenever the fragment it needs next is not ready yet, so
    // that neither core waits for the other whichever side costs more.
    let prepare = |pending: Pending<'_>| {
        pending.parse().map(|fragment| {
            let texts = operations::OperationTexts::of(&fragment);
            (fragment, texts)
        })
    };
    // Each fragment goes back to the thread that parsed it to be dropped, as it was built there.
    let lowered =
        crate::parallel::jobs_in_order(fragments, &[], PARSED_AHEAD, prepare, |prepared| {
            let (fragment, texts) = match prepared {
                Ok(prepared) => prepared,
                Err(mut found) => {
                    problems.append(&mut found);
                    return Ok(None);
                }
            };
            match operations::operation(&mut space, &fragment, texts, base_url, &servers) {
                Ok(draft) => {
                    resource_keys.push(resources::key(
                        config.grouping,
                        &fragment.tags,
                        &draft.path_template,
                    ));
                    drafts.push(draft);
                }
                Err(mut found) => problems.append(&mut found),
            }
            Ok::<_, std::convert::Infallible>(Some(fragment))
        });
    if let Err(never) = lowered {
        match never {}
    }
    let every_fragment_lowered = complete && problems.is_empty();
    let (type_drafts, markdown) = space.into_parts();
    problems.extend(naming::check_method_names(&drafts));
    // A fragment refused, or that failed part-way, interned only some of its schemas, so an
    // override that matches none may match one never reached: "matches no schema" is reported
    // only when every fragment lowered.
    let names = naming::assign_names(&type_drafts, config, every_fragment_lowered);
    let names = match names {
        Ok(names) if problems.is_empty() => names,
        Ok(_) => return Err(Error::new(problems)),
        Err(mut found) => {
            problems.append(&mut found);
            return Err(Error::new(problems));
        }
    };
    let params_names = naming::params_struct_names(&drafts, &names);
    let default_error = shared_error(&drafts);
    let (resources, operation_resources) = resources::group(&resource_keys, config.grouping);
    // Each operation finishes on its own: the cores share them.
    let operations: Vec<Operation> = crate::parallel::map_balanced_owned(
        drafts
            .into_iter()
            .zip(operation_resources)
            .zip(params_names)
            .collect(),
        OPERATIONS_PER_SHARE,
        |((draft, resource), params_name)| {
            draft.finish(resource, params_name, &config.api_name, base_url, &servers)
        },
    );
    let types: Vec<TypeDef> =
        finish::finish_types(type_drafts, names, &operations, &default_error, markdown);
    let krate = example::Crate {
        ident: &config.crate_name.replace('-', "_"),
        api_key_env: &config.api_key_env,
        api_name: &config.api_name,
    };
    let mut operations = operations;
    pages::recognise(&mut operations, &types);
    // Each method's example reads its operation and the types alone: the cores share them.
    crate::parallel::for_each_mut(&mut operations, OPERATIONS_PER_SHARE, |operation| {
        let example = example::method_example(operation, &types, &krate);
        operation.docs.push_str(&example);
    });
    let mut crate_docs = describe::crate_docs(
        &config.api_name,
        operations.len(),
        example::first_call(&operations, &types, &resources, &krate).as_deref(),
        &skipped,
        &resources,
    );
    crate_docs.push_str(&describe::fixed_values_docs(&types));
    crate_docs.push_str(&describe::pages_crate_docs(&operations));
    crate_docs.push_str(&describe::servers_docs(base_url, &servers));
    let mut api = Api {
        base_url: base_url.to_owned(),
        servers,
        crate_docs,
        operations,
        types,
        resources,
        default_error,
        skipped,
    };
    links::connect(&mut api);
    pack(&mut api);
    Ok(api)
}

/// Makes the IR's operations and types again, in place. Their parts were allocated among the
/// drafts, the parsed fragments and the finishing threads' work, since dropped, and lie on pages
/// these left mostly empty, which the allocator cannot give back. Made again, they are packed on
/// fewer pages, and emission (which allocates the largest texts) starts from less resident
/// memory: for synthetic-1000 the peak while the table is written falls from 59.3 to 48.5 MB
/// (BENCHMARKS.md, "Memory: what each phase holds").
///
/// Both are made again on both cores (the types, most of the IR, took 18 ms of synthetic-1000
/// on one).
fn pack(api: &mut Api) {
    crate::parallel::for_each_mut(&mut api.operations, OPERATIONS_PER_SHARE, |operation| {
        *operation = operation.clone();
    });
    crate::parallel::for_each_mut(&mut api.types, TYPES_PER_SHARE, |definition| {
        *definition = definition.clone();
    });
}

/// `Error` without a type parameter means the error body every operation shares; when they
/// disagree there is no honest default but the raw JSON.
fn shared_error(operations: &[operations::OperationDraft]) -> TypeRef {
    match operations.split_first() {
        Some((first, rest)) if rest.iter().all(|operation| operation.error == first.error) => {
            first.error.clone()
        }
        _ => TypeRef::Any,
    }
}
