//! `src/schema_fidelity/<module>.rs` (tests, feature `schemars`): for every operation, the JSON Schema
//! of its dynamic call's input and of its success reply as the Rust types give them
//! (`impl schemars::JsonSchema`, composed as [`crate::ir::CallInput`] says) must mean what the
//! operation table's copies of the fragment's schemas mean; `schema-check`'s `fidelity` module
//! normalises and compares, and names the JSON pointer of every difference.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::json_schema::type_schema;
use super::{Printing, render_groups};
use crate::error::Error;
use crate::ir::{Api, BodyFormat, BodyInput, BodyKind, Operation, TypeRef};

pub(super) fn schema_fidelity_rs(
    api: &Api,
    operations: &[&Operation],
    printing: Printing,
) -> Result<String, Error> {
    let header = quote! {
        //! The JSON Schemas the Rust types give (feature `schemars`) against the fragments' own, as
        //! the operation table holds them: one test per operation, for its call input and its
        //! success reply. Run by `cargo test`.

        use schema_check::Direction;

        /// The generator the types' schemas are written by: JSON Schema 2020-12, named types in
        /// `$defs`.
        fn generator() -> schemars::SchemaGenerator {
            schemars::generate::SchemaSettings::draft2020_12().into_generator()
        }

        /// The table's entry for `id`, which must be there.
        fn entry(id: &str) -> &'static crate::runtime::Operation {
            crate::table::operation(id).expect("every operation is in the table")
        }
    };
    render_groups(
        header,
        operations.len(),
        |index, _| operation_test(api, operations[index]),
        "src/schema_fidelity",
        printing,
    )
}

fn operation_test(api: &Api, operation: &Operation) -> TokenStream {
    let id = &operation.operation_id;
    let test_name = format_ident!("{}", operation.fn_name);
    let input = &operation.table.input;
    let mut uses_generator = false;
    let mut properties = Vec::new();
    let mut required = Vec::new();
    for (param, key) in operation.params.iter().zip(&input.params) {
        let (schema, uses) = type_schema(api, &param.ty);
        uses_generator |= uses;
        properties.push(quote!(#key: #schema));
        if param.required {
            required.push(key.clone());
        }
    }
    let argument = match &operation.body {
        Some(body) => match &body.kind {
            BodyKind::Argument(argument) => Some(argument),
            BodyKind::EmptyObject => None,
        },
        None => None,
    };
    let body_schema = argument.map(|argument| match &argument.format {
        BodyFormat::Json(ty) | BodyFormat::Form { ty, .. } | BodyFormat::Multipart { ty, .. } => {
            let (schema, uses) = type_schema(api, ty);
            uses_generator |= uses;
            schema
        }
        // Parts the caller lists: the runtime's `Multipart` has no type of the spec's to derive
        // a schema from, so it is the one the table gives (JSON text is `json!` input).
        BodyFormat::MultipartParts => crate::lower::multipart_parts_schema()
            .to_string()
            .parse()
            .unwrap_or_default(),
        BodyFormat::Text => quote!({ "type": "string" }),
        // OpenAPI's spelling of raw bytes.
        BodyFormat::Bytes => quote!({ "type": "string", "format": "binary" }),
    });
    let mut merge = None;
    match (&input.body, argument, body_schema) {
        (BodyInput::Whole(key), Some(argument), Some(schema)) => {
            properties.push(quote!(#key: #schema));
            if argument.required {
                required.push(key.clone());
            }
        }
        (BodyInput::Merged, Some(argument), Some(schema)) => {
            let body_required = argument.required;
            merge = Some(quote! {
                let body = serde_json::json!(#schema);
                let body = schema_check::fidelity::inline_refs(&body, generator.definitions());
                let input = schema_check::fidelity::merged_input(input, &body, #body_required);
            });
        }
        _ => {}
    }
    let output = output_tokens(api, operation, &mut uses_generator);
    let parameter_keys = &input.params;
    let generator_mut = uses_generator.then(|| quote!(mut));
    let cases_mut = output.is_some().then(|| quote!(mut));
    let docs = format!(" The schemas of `{id}`'s call input and success reply.");
    quote! {
        #[doc = #docs]
        #[test]
        fn #test_name() {
            let #generator_mut generator = generator();
            let input = serde_json::json!({
                "type": "object",
                "properties": { #(#properties),* },
                "required": [#(#required),*],
                "additionalProperties": false
            });
            #merge
            let #cases_mut cases: Vec<schema_check::fidelity::Comparison> = vec![(
                "input",
                Direction::Request,
                entry(#id).input_schema_json().expect("the table's schemas are JSON"),
                input,
                &[#(#parameter_keys),*],
            )];
            #output
            schema_check::fidelity::assert_same(#id, &cases, generator.definitions());
        }
    }
}

/// The reply's JSON as the types read it: the body type of each `2XX` JSON reply, one or a
/// choice of the distinct ones, as the table's output schema is built from their schemas.
fn output_tokens(
    api: &Api,
    operation: &Operation,
    uses_generator: &mut bool,
) -> Option<TokenStream> {
    let id = &operation.operation_id;
    let mut replies: Vec<&TypeRef> = Vec::new();
    for response in &operation.schemas.responses {
        if response.status.starts_with('2') && !replies.contains(&&response.body_type) {
            replies.push(&response.body_type);
        }
    }
    let mut reply_schemas = Vec::new();
    for ty in &replies {
        let (schema, uses) = type_schema(api, ty);
        *uses_generator |= uses;
        reply_schemas.push(schema);
    }
    match reply_schemas.as_slice() {
        [] => None,
        [one] => Some(quote!(serde_json::json!(#one))),
        many => Some(quote!(serde_json::json!({ "anyOf": [#(#many),*] }))),
    }
    .map(|output| {
        quote! {
            let output = #output;
            cases.push((
                "output",
                Direction::Reply,
                entry(#id)
                    .output_schema_json()
                    .expect("the table's schemas are JSON")
                    .unwrap_or_default(),
                output,
                &[],
            ));
        }
    })
}
