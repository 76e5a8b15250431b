//! `src/schema_checks/<module>.rs`: the proof that the generated types mean what the fragments' schemas
//! mean. One test per operation hands the `schema-check` crate each body and reply type with
//! the schema it was generated from, which derives instances from the schema and round-trips
//! them through the type.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::long_texts::LongTexts;
use super::{FileText, Printing, render_groups, type_tokens};
use crate::error::Error;
use crate::ir::{Api, BodyArgument, BodyFormat, BodyKind, Operation, TypeRef};

pub(super) fn schema_checks_rs(
    api: &Api,
    operations: &[&Operation],
    printing: Printing,
) -> Result<FileText, Error> {
    let request_round_trip = operations
        .iter()
        .any(|operation| request_body(operation).is_some())
        .then(|| {
            quote! {
                /// The round trip of a request body as `Client::call` makes it: decoded as a
                /// request's value (see `crate::runtime::strict`), then encoded.
                fn request_round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(
                    value: serde_json::Value,
                ) -> Result<serde_json::Value, String> {
                    let typed: T = crate::runtime::strict::decode_request(value)
                        .map_err(|error| format!("decoding: {error}"))?;
                    serde_json::to_value(&typed).map_err(|error| format!("encoding: {error}"))
                }
            }
        });
    // A resource whose operations carry no typed body has no schema to read.
    let schema = operations
        .iter()
        .any(|operation| has_cases(operation))
        .then(|| {
            quote! {
                /// A schema embedded as JSON text.
                fn schema(text: &str) -> serde_json::Value {
                    serde_json::from_str(text).expect("an embedded schema is JSON")
                }
            }
        });
    let header = quote! {
        //! Round trips derived from the fragments' own schemas: every request body and reply type
        //! decodes and encodes exactly what its schema means. Run by `cargo test`.

        #schema

        #request_round_trip
    };
    render_groups(
        header,
        operations.len(),
        |index, texts| operation_test(api, operations[index], texts),
        "src/schema_checks",
        printing,
    )
}

fn operation_test(api: &Api, operation: &Operation, texts: &mut LongTexts) -> TokenStream {
    let prefix = quote!(crate::types::);
    let test_name = format_ident!("{}", operation.fn_name);
    let id = &operation.operation_id;
    let mut cases = Vec::new();
    let mut docs = format!(" The body and reply types of `{id}`.");
    if let Some((argument, ty, schema)) = request_body(operation) {
        if let BodyFormat::Multipart { .. } = &argument.format {
            docs.push_str(
                " Its request body is sent as `multipart/form-data` parts, not as JSON: the round \
                 trips prove its type against the schema (a file as its content, a string); how \
                 that type becomes parts is the runtime's `Multipart`, tested with the runtime \
                 and the `multipart_bodies` snapshot.",
            );
        }
        if let BodyFormat::Form { .. } = &argument.format {
            docs.push_str(
                " Its request body is sent as a form, not as JSON: the round trips prove its type \
                 against the schema; how that type becomes form pairs is the runtime's \
                 `Request::form_body`, tested with the runtime.",
            );
        }
        let parts = api.lenient_parts(ty, schema);
        let strictness = match parts.as_slice() {
            [] => None,
            parts if parts.iter().any(String::is_empty) => {
                docs.push_str(
                    " Its request body is read leniently (a type also met in replies, a list or \
                     number whose item count or bounds the method checks as it sends it, or \
                     rules only the server checks): its round trips are checked, its refusals \
                     are not.",
                );
                Some(quote!(.accepting_invalid()))
            }
            parts => {
                docs.push_str(
                    " Parts of its request body are read leniently (types also met in replies, lists \
                     in lists, or rules only the server checks): refusals are not checked there.",
                );
                Some(quote!(.lenient_at(&[#(#parts),*])))
            }
        };
        let schema = texts.literal(schema.to_owned());
        let ty = type_tokens(api, ty, &prefix);
        let name = format!("{id}: request body");
        cases.push(quote! {
            schema_check::Case::request(#name, schema(#schema), request_round_trip::<#ty>)#strictness,
        });
    }
    for response in &operation.schemas.responses {
        let ty = match &response.body_type {
            // A reply of any JSON is not a type to prove.
            TypeRef::Any => continue,
            ty => type_tokens(api, ty, &prefix),
        };
        let schema = texts.literal(response.schema.clone());
        let name = format!("{id}: {} reply", response.status);
        cases.push(quote! {
            schema_check::Case::reply(#name, schema(#schema), schema_check::round_trip::<#ty>),
        });
    }
    quote! {
        #[doc = #docs]
        #[test]
        fn #test_name() {
            schema_check::check(&[#(#cases)*]);
        }
    }
}

/// Whether `operation` has a body or reply type to prove (see [`operation_test`]).
fn has_cases(operation: &Operation) -> bool {
    request_body(operation).is_some()
        || operation
            .schemas
            .responses
            .iter()
            .any(|response| response.body_type != TypeRef::Any)
}

/// The body argument of `operation` whose type the round trips prove, with that type and the
/// schema it was generated from: one decoded from a schema (JSON, form or multipart), not text,
/// bytes or hand-built parts.
fn request_body(operation: &Operation) -> Option<(&BodyArgument, &TypeRef, &str)> {
    let BodyKind::Argument(argument) = &operation.body.as_ref()?.kind else {
        return None;
    };
    let schema = operation.schemas.request_body.as_ref()?;
    match &argument.format {
        BodyFormat::Json(ty) | BodyFormat::Form { ty, .. } | BodyFormat::Multipart { ty, .. } => {
            Some((argument, ty, schema))
        }
        _ => None,
    }
}
