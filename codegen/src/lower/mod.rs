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
mod finish;
mod naming;
mod operations;
mod paths;
mod types;

use crate::config::Config;
use crate::error::{Diagnostic, Error, Location};
use crate::ir::{Api, TypeRef};
use crate::parse::Fragment;

pub(super) fn diagnostic(
    location: &Location,
    operation_id: &str,
    message: impl Into<String>,
) -> Diagnostic {
    Diagnostic {
        location: location.clone(),
        operation_id: Some(operation_id.to_owned()),
        message: message.into(),
    }
}

/// Lowers parsed fragments, which must be sorted by `operationId`, into the IR.
///
/// Each fragment is dropped as soon as it is lowered (its raw schemas live on in the IR), and
/// the deduplication index once every schema is interned, so that a large API is never held
/// three times over.
///
/// # Errors
/// The first construct that cannot be lowered, with its location.
pub fn lower(fragments: Vec<Fragment>, config: &Config, base_url: &str) -> Result<Api, Error> {
    let base_url = base_url.trim_end_matches('/');
    let mut space = types::TypeSpace::new(&config.name_overrides);
    let mut drafts = Vec::with_capacity(fragments.len());
    for fragment in fragments {
        drafts.push(operations::operation(&mut space, &fragment, base_url)?);
    }
    let (type_drafts, mut markdown) = space.into_parts();
    naming::check_method_names(&drafts)?;
    let names = naming::assign_names(&type_drafts, config)?;
    let params_names = naming::params_struct_names(&drafts, &names);
    let default_error = shared_error(&drafts);
    let operations: Vec<_> = drafts
        .into_iter()
        .zip(params_names)
        .map(|(draft, params_name)| draft.finish(params_name, &config.api_name))
        .collect();
    let types = type_drafts
        .iter()
        .zip(&names)
        .map(|(draft, name)| {
            finish::finish_type(draft, name.clone(), &names, &type_drafts, &mut markdown)
        })
        .collect();
    Ok(Api {
        base_url: base_url.to_owned(),
        crate_docs: describe::crate_docs(&config.api_name, &config.crate_name, operations.len()),
        operations,
        types,
        default_error,
    })
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
