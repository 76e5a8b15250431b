//! `src/table.rs`: the operation table, one static entry per operation, read from each
//! operation's [`TableEntry`](crate::ir::TableEntry). The schemas are JSON text, so nothing is
//! built until a caller asks for a value.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Printing, render};
use crate::error::Error;
use crate::ir::{Api, Operation};

pub(super) fn table_rs(api: &Api, printing: Printing) -> Result<String, Error> {
    let entries = api
        .operations
        .iter()
        .map(|operation| entry_tokens(api, operation));
    let tokens = quote! {
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
    };
    render(tokens, "src/table.rs", printing)
}

/// One entry, behind its resource's feature: a build without it has no such operation.
fn entry_tokens(api: &Api, operation: &Operation) -> TokenStream {
    let cfg = super::feature_cfg(api, Api::operation_module(operation));
    let operation_id = &operation.operation_id;
    let dispatch = quote::format_ident!("{}", operation.fn_name);
    let method = operation.method.as_str();
    let path = &operation.path_template;
    let table = &operation.table;
    let summary = &table.summary;
    let description = &table.description;
    let read_only = table.read_only;
    let input_schema = &table.input_schema;
    let output_schema = table
        .output_schema
        .as_ref()
        .map_or_else(|| quote!(None), |schema| quote!(Some(#schema)));
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
