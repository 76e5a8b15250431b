//! `src/table.rs`: the operation table, one static entry per operation, read from each
//! operation's [`TableEntry`](crate::ir::TableEntry). The schemas are JSON text, so nothing is
//! built until a caller asks for a value.
//!
//! The schemas are copies of the fragments' and, for a real API, most of the crate: Stripe's
//! made 245 MB of a 260 MB crate. As string tokens they would be escaped by `quote`, parsed and
//! unescaped by `syn` and escaped again by `prettyplease`, which took most of the generation
//! time. So the file is printed with a placeholder identifier for each schema, and the schemas
//! are written into the printed text afterwards, as raw string literals.

use std::fmt::Write as _;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Printing, render};
use crate::error::Error;
use crate::ir::{Api, Operation};

/// What each schema's placeholder identifier starts with; its index in [`Schemas`] follows.
const PLACEHOLDER: &str = "__schema_text_";

pub(super) fn table_rs(api: &Api, printing: Printing) -> Result<String, Error> {
    // A summary or a description that spells a placeholder would be taken for one: such a
    // table's schemas stay string tokens.
    let placeholders = !api.operations.iter().any(|operation| {
        operation.table.summary.contains(PLACEHOLDER)
            || operation.table.description.contains(PLACEHOLDER)
    });
    let mut schemas = Schemas {
        placeholders,
        texts: Vec::new(),
    };
    let entries: Vec<TokenStream> = api
        .operations
        .iter()
        .map(|operation| entry_tokens(operation, &mut schemas))
        .collect();
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
    let printed = render(tokens, "src/table.rs", printing)?;
    Ok(schemas.write_into(&printed))
}

/// The schemas of the table, in the order their placeholders were made.
struct Schemas<'api> {
    placeholders: bool,
    texts: Vec<&'api str>,
}

impl<'api> Schemas<'api> {
    /// The tokens standing for `text` in the table.
    fn token(&mut self, text: &'api str) -> TokenStream {
        if !self.placeholders {
            return quote!(#text);
        }
        let placeholder = format_ident!("{PLACEHOLDER}{}", self.texts.len());
        self.texts.push(text);
        quote!(#placeholder)
    }

    /// `printed` with each placeholder replaced by its schema as a raw string literal.
    fn write_into(&self, printed: &str) -> String {
        if self.texts.is_empty() {
            return printed.to_owned();
        }
        let size = self.texts.iter().map(|text| text.len() + 8).sum::<usize>();
        let mut out = String::with_capacity(printed.len() + size);
        let mut rest = printed;
        while let Some(start) = rest.find(PLACEHOLDER) {
            out.push_str(&rest[..start]);
            let after = &rest[start + PLACEHOLDER.len()..];
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            match after[..digits]
                .parse::<usize>()
                .ok()
                .and_then(|index| self.texts.get(index))
            {
                Some(text) => raw_literal(&mut out, text),
                // Not one of ours: kept as printed.
                None => out.push_str(&rest[start..start + PLACEHOLDER.len() + digits]),
            }
            rest = &after[digits..];
        }
        out.push_str(rest);
        out
    }
}

/// Writes `text` as a raw string literal with as few `#`s as it needs.
fn raw_literal(out: &mut String, text: &str) {
    let mut hashes = 0;
    let mut run: Option<usize> = None;
    for byte in text.bytes() {
        run = match (byte, run) {
            (b'"', _) => Some(0),
            (b'#', Some(count)) => Some(count + 1),
            _ => None,
        };
        if let Some(count) = run {
            hashes = hashes.max(count + 1);
        }
    }
    let fence = "#".repeat(hashes);
    let _ = write!(out, "r{fence}\"{text}\"{fence}");
}

fn entry_tokens<'api>(operation: &'api Operation, schemas: &mut Schemas<'api>) -> TokenStream {
    let operation_id = &operation.operation_id;
    let dispatch = format_ident!("{}", operation.fn_name);
    let method = operation.method.as_str();
    let path = &operation.path_template;
    let table = &operation.table;
    let summary = &table.summary;
    let description = &table.description;
    let read_only = table.read_only;
    let input_schema = schemas.token(&table.input_schema);
    let output_schema = table.output_schema.as_deref().map_or_else(
        || quote!(None),
        |schema| {
            let schema = schemas.token(schema);
            quote!(Some(#schema))
        },
    );
    quote! {
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
    use super::raw_literal;

    #[test]
    fn a_raw_literal_has_more_hashes_than_any_quote_in_it_is_followed_by() {
        for (text, literal) in [
            ("{}", "r\"{}\""),
            (r#"{"a":1}"#, "r#\"{\"a\":1}\"#"),
            (r##"{"a":"x"#"}"##, "r##\"{\"a\":\"x\"#\"}\"##"),
        ] {
            let mut out = String::new();
            raw_literal(&mut out, text);
            assert_eq!(out, literal);
            let parsed: syn::LitStr = syn::parse_str(&out).expect("a string literal");
            assert_eq!(parsed.value(), text);
        }
    }
}
