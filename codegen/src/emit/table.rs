//! `src/table.rs`: the operation table, one static entry per operation, read from each
//! operation's [`TableEntry`](crate::ir::TableEntry). The schemas are JSON text, so nothing is
//! built until a caller asks for a value; they are written as long texts
//! ([`super::long_texts`]).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::Printing;
use super::long_texts::{LongTexts, render_with_long_texts};
use crate::error::Error;
use crate::ir::{Api, Operation};

pub(super) fn table_rs(api: &Api, printing: Printing) -> Result<String, Error> {
    render_with_long_texts(
        |texts| {
            let entries: Vec<TokenStream> = api
                .operations
                .iter()
                .map(|operation| entry_tokens(api, operation, texts))
                .collect();
            quote! {
                //! Every operation of the API as data, sorted by `operationId`: its method, path, summary,
                //! description and exact JSON Schemas.

                use crate::runtime::Operation;

                /// Every operation, sorted by `operationId` (so [`operation`] is a binary search).
                pub static OPERATIONS: &[Operation] = &[#(#entries),*];

                /// The operation whose `operationId` is `operation_id`, if there is one.
                #[must_use]
                pub fn operation(operation_id: &str) -> Option<&'static Operation> {
                    crate::runtime::find_operation(OPERATIONS, operation_id)
                }
            }
        },
        "src/table.rs",
        printing,
    )
}

/// One entry, behind its resource's feature: a build without it has no such operation.
fn entry_tokens(api: &Api, operation: &Operation, texts: &mut LongTexts) -> TokenStream {
    let cfg = super::feature_cfg(api, Api::operation_module(operation));
    let operation_id = &operation.operation_id;
    let dispatch = format_ident!("{}", operation.fn_name);
    let method = operation.method.as_str();
    let path = &operation.path_template;
    let table = &operation.table;
    let summary = &table.summary;
    let description = &table.description;
    let read_only = table.read_only;
    let input_schema = texts.literal(table.input_schema.clone());
    let output_schema = table.output_schema.as_ref().map_or_else(
        || quote!(None),
        |schema| {
            let schema = texts.literal(schema.clone());
            quote!(Some(#schema))
        },
    );
    quote! {
        #cfg
        Operation {
            operation_id: #operation_id,
            method: #method,
            path: #path,
            summary: #summary,
            description: #description,
            read_only: #read_only,
            input_schema: #input_schema,
            output_schema: #output_schema,
            dispatch: crate::call::#dispatch,
        }
    }
}
