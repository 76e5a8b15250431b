//! `src/table.rs`: the operation table, one static entry per operation, read from each
//! operation's [`TableEntry`](crate::ir::TableEntry). The schemas are JSON text, so nothing is
//! built until a caller asks for a value; they are written as long texts
//! ([`super::long_texts`]). The table itself is a fixed shape, a struct literal per operation,
//! so it is written as text ([`ItemText`]) in the lines prettyplease prints for it.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::long_texts::{LongTexts, PLACEHOLDER, holds_byte, raw_literal, render_with_long_texts};
use super::text::{ItemText, string_literal};
use super::{FileText, Printing};
use crate::error::Error;
use crate::ir::{Api, Module, Operation};

pub(super) fn table_rs(api: &Api, printing: Printing) -> Result<FileText, Error> {
    render_with_long_texts(
        |texts| {
            let operations =
                texts.item(operations_text(api), |texts| operations_tokens(api, texts));
            quote! {
                //! Every operation of the API as data, sorted by `operationId`: its method, path, summary,
                //! description and exact JSON Schemas.

                use crate::runtime::Operation;

                #operations

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

/// `OPERATIONS`, its schemas as long texts.
fn operations_tokens(api: &Api, texts: &mut LongTexts) -> TokenStream {
    let entries: Vec<TokenStream> = api
        .operations
        .iter()
        .map(|operation| entry_tokens(api, operation, texts))
        .collect();
    quote! {
        /// Every operation, sorted by `operationId` (so [`operation`] is a binary search).
        pub static OPERATIONS: &[Operation] = &[#(#entries),*];
    }
}

/// `OPERATIONS` as prettyplease prints it: each entry a struct literal one field a line (the
/// fields never fit on one line together), each string on its field's line however long, since
/// prettyplease has nowhere to split it. The schemas are raw string literals, as the long texts
/// of [`entry_tokens`] come out.
fn operations_text(api: &Api) -> ItemText {
    let mut text = ItemText::new(0);
    // An empty table is printed `&[]`, on one line.
    if api.operations.is_empty() {
        text.not_fitting();
        return text;
    }
    // The table is the largest text of the crate (5 MB for 1,000 operations): its strings,
    // and the lines around them, which take less than 400 bytes an entry.
    text.reserve(
        api.operations
            .iter()
            .map(|operation| {
                let table = &operation.table;
                400 + 2 * operation.operation_id.len()
                    + operation.path_template.len()
                    + table.summary.len()
                    + table.description.len()
                    + table.input_schema.len()
                    + table.output_schema.as_ref().map_or(0, String::len)
            })
            .sum(),
    );
    text.line(format_args!(
        "/// Every operation, sorted by `operationId` (so [`operation`] is a binary search)."
    ));
    text.open(format_args!("pub static OPERATIONS: &[Operation] = &["));
    for operation in &api.operations {
        entry_text(&mut text, api, operation);
    }
    text.close(format_args!("];"));
    text
}

/// One entry of [`operations_text`].
fn entry_text(text: &mut ItemText, api: &Api, operation: &Operation) {
    let table = &operation.table;
    let strings = [
        &operation.operation_id,
        &operation.path_template,
        &table.summary,
        &table.description,
    ];
    let schemas = [Some(&table.input_schema), table.output_schema.as_ref()];
    // A string spelling a placeholder makes the base file fall back to plain tokens, which this
    // text would not; a schema with a line break would be indented as lines of the item.
    if strings.iter().any(|string| string.contains(PLACEHOLDER))
        || schemas
            .iter()
            .flatten()
            .any(|schema| holds_byte(schema, |byte| matches!(byte, b'\n' | b'\r')))
    {
        text.not_fitting();
    }
    if let Module::Resource(index) = Api::operation_module(operation) {
        let feature = &api.resources[index].feature;
        if feature.contains(PLACEHOLDER) {
            text.not_fitting();
        }
        text.line(format_args!(
            "#[cfg(feature = {})]",
            string_literal(feature)
        ));
    }
    text.open(format_args!("Operation {{"));
    text.line_unchecked(format_args!(
        "operation_id: {},",
        string_literal(&operation.operation_id)
    ));
    text.line_unchecked(format_args!(
        "method: {},",
        string_literal(operation.method.as_str())
    ));
    text.line_unchecked(format_args!(
        "path: {},",
        string_literal(&operation.path_template)
    ));
    text.line_unchecked(format_args!("summary: {},", string_literal(&table.summary)));
    text.line_unchecked(format_args!(
        "description: {},",
        string_literal(&table.description)
    ));
    text.line(format_args!("read_only: {},", table.read_only));
    let mut input_schema = String::new();
    raw_literal(&mut input_schema, &table.input_schema);
    text.line_unchecked(format_args!("input_schema: {input_schema},"));
    match &table.output_schema {
        Some(schema) => {
            let mut output_schema = String::new();
            raw_literal(&mut output_schema, schema);
            text.line_unchecked(format_args!("output_schema: Some({output_schema}),"));
        }
        None => text.line(format_args!("output_schema: None,")),
    }
    // A path: prettyplease has nowhere to break it.
    text.line_whole(
        format_args!("dispatch: crate::call::{},", operation.fn_name),
        true,
    );
    text.close(format_args!("}},"));
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

#[cfg(test)]
mod tests {
    use super::super::fixture_apis;
    use super::super::text::MARGIN;
    use super::{Printing, operations_text, operations_tokens, render_with_long_texts};

    #[test]
    fn the_table_written_as_text_is_what_prettyplease_prints_for_its_tokens() {
        let (mut written, mut wide) = (0, 0);
        for api in fixture_apis() {
            for stretch in (0..=40).step_by(5) {
                let mut api = api.clone();
                for operation in &mut api.operations {
                    operation.fn_name.push_str(&"_x".repeat(stretch));
                }
                let text = operations_text(&api);
                if api.operations.is_empty() {
                    continue;
                }
                assert!(text.fits(), "{stretch}");
                let printed = render_with_long_texts(
                    |texts| operations_tokens(&api, texts),
                    "src/table.rs",
                    Printing::Print,
                )
                .expect("the table's tokens print")
                .into_string();
                let text = text.into_text();
                assert_eq!(text, printed, "{stretch}");
                written += 1;
                wide += usize::from(
                    text.lines()
                        .any(|line| line.starts_with("        dispatch") && line.len() > MARGIN),
                );
            }
        }
        assert!(written > 100, "{written}");
        // Dispatchers named past the margin, which prettyplease prints whole.
        assert!(wide > 50, "{wide}");
    }
}
