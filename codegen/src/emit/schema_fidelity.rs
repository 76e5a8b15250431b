//! `src/schema_fidelity/<module>.rs` (tests, feature `schemars`): for every operation, the JSON Schema
//! of its dynamic call's input and of its success reply as the Rust types give them
//! (`impl schemars::JsonSchema`, composed as [`crate::ir::CallInput`] says) must mean what the
//! operation table's copies of the fragment's schemas mean; `schema-check`'s `fidelity` module
//! normalises and compares, and names the JSON pointer of every difference.

use proc_macro2::TokenStream;
use quote::{ToTokens as _, format_ident, quote};

use super::json_schema::{Node, type_node, value_node};
use super::long_texts::LongTexts;
use super::text::ItemText;
use super::{FileText, Printing, render_groups};
use crate::error::Error;
use crate::ir::{Api, BodyFormat, BodyInput, BodyKind, Operation, TypeRef};

pub(super) fn schema_fidelity_rs(
    api: &Api,
    operations: &[&Operation],
    printing: Printing,
) -> Result<FileText, Error> {
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
        |index, texts| operation_test(api, operations[index], texts),
        "src/schema_fidelity",
        printing,
    )
}

fn operation_test(api: &Api, operation: &Operation, texts: &mut LongTexts) -> TokenStream {
    let id = &operation.operation_id;
    let test_name = format_ident!("{}", operation.fn_name);
    let input = &operation.table.input;
    // Composed as nodes, not as tokens, so that a wide input (dozens of parameters) is written
    // as `json!` can expand it (`Node::measure`).
    let mut properties = Vec::new();
    let mut required = Vec::new();
    for (param, key) in operation.params.iter().zip(&input.params) {
        properties.push((key.clone(), type_node(api, &param.ty)));
        if param.required {
            required.push(Node::string(key));
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
            type_node(api, ty)
        }
        // Parts the caller lists: the runtime's `Multipart` has no type of the spec's to derive
        // a schema from, so it is the one the table gives.
        BodyFormat::MultipartParts => value_node(&crate::lower::multipart_parts_schema()),
        BodyFormat::Text => value_node(&serde_json::json!({ "type": "string" })),
        // OpenAPI's spelling of raw bytes.
        BodyFormat::Bytes => {
            value_node(&serde_json::json!({ "type": "string", "format": "binary" }))
        }
    });
    let mut merge = None;
    let mut uses_generator = false;
    match (&input.body, argument, body_schema) {
        (BodyInput::Whole(key), Some(argument), Some(schema)) => {
            properties.push((key.clone(), schema));
            if argument.required {
                required.push(Node::string(key));
            }
        }
        (BodyInput::Merged, Some(argument), Some(schema)) => {
            let body_required = argument.required;
            uses_generator |= schema.uses_generator();
            let body = json_statement("body", &schema, texts);
            merge = Some(quote! {
                #body
                let body = schema_check::fidelity::inline_refs(&body, generator.definitions());
                let input = schema_check::fidelity::merged_input(input, &body, #body_required);
            });
        }
        _ => {}
    }
    let input_node = Node::Object(vec![
        ("type".to_owned(), Node::string("object")),
        ("properties".to_owned(), Node::Object(properties)),
        ("required".to_owned(), Node::Array(required)),
        (
            "additionalProperties".to_owned(),
            value_node(&serde_json::Value::Bool(false)),
        ),
    ]);
    uses_generator |= input_node.uses_generator();
    let input_statement = json_statement("input", &input_node, texts);
    let output = output_tokens(api, operation, &mut uses_generator, texts);
    let parameter_keys = &input.params;
    let generator_mut = uses_generator.then(|| quote!(mut));
    let cases_mut = output.is_some().then(|| quote!(mut));
    let docs = format!(" The schemas of `{id}`'s call input and success reply.");
    quote! {
        #[doc = #docs]
        #[test]
        fn #test_name() {
            let #generator_mut generator = generator();
            #input_statement
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
    texts: &mut LongTexts,
) -> Option<TokenStream> {
    let id = &operation.operation_id;
    let mut replies: Vec<&TypeRef> = Vec::new();
    for response in &operation.schemas.responses {
        if response.status.starts_with('2') && !replies.contains(&&response.body_type) {
            replies.push(&response.body_type);
        }
    }
    let mut reply_schemas: Vec<Node> = replies.iter().map(|ty| type_node(api, ty)).collect();
    let output = match reply_schemas.len() {
        0 => return None,
        1 => reply_schemas.remove(0),
        _ => Node::Object(vec![("anyOf".to_owned(), Node::Array(reply_schemas))]),
    };
    *uses_generator |= output.uses_generator();
    let output = json_statement("output", &output, texts);
    Some(quote! {
        #output
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
    })
}

/// `let {name} = serde_json::json!(…);` of `schema`, a statement of a test's body: as text
/// (the macro's tokens as prettyplease prints them), or as tokens where the texts are plain.
fn json_statement(name: &str, schema: &Node, texts: &mut LongTexts) -> TokenStream {
    // The statements of a function at the top of the file.
    let mut text = ItemText::new(4);
    schema
        .text()
        .write_call(&mut text, &format!("let {name} = serde_json::json!("), ");");
    texts
        .item(text, |_| {
            let name = format_ident!("{name}");
            let schema = schema.tokens();
            quote!(let #name = serde_json::json!(#schema);)
        })
        .into_token_stream()
}
