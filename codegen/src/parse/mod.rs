//! Layer 1: JSON text → a fragment model in which every node knows its file and JSON pointer.
//!
//! This layer checks the *shape* of a fragment (which keys exist, which types they have) and
//! refuses every JSON Schema or OpenAPI keyword the later layers do not honour. Refusing is the
//! point: a keyword that changes what values are valid but is silently dropped would give a
//! client that is wrong without anyone noticing. Pure annotations (`example`, `externalDocs`,
//! `x-…` extensions) are accepted and not kept.

mod keywords;
mod model;
mod operation;
mod schema;
#[cfg(test)]
mod tests;
mod values;

use std::sync::Arc;

use serde_json::Value;

use crate::error::{Diagnostic, Location};

pub use model::{
    Fragment, MediaType, NumericSchema, ObjectSchema, Parameter, RequestBody, Response, Schema,
    SchemaKind, StringSchema,
};

/// Parses one fragment file. Every problem in the file is reported, not only the first.
///
/// # Errors
/// The file is not JSON, or not an operation fragment this generator supports; each diagnostic
/// names the JSON pointer of the offending node.
pub fn parse_fragment(file: &str, text: &str) -> Result<Fragment, Vec<Diagnostic>> {
    let root = Location::root(Arc::from(file));
    let mut value: Value = serde_json::from_str(text).map_err(|error| {
        vec![Diagnostic {
            location: root.clone(),
            operation_id: None,
            message: format!("not valid JSON: {error}"),
        }]
    })?;
    let mut parser = Parser {
        diagnostics: Vec::new(),
        operation_id: value
            .get("operationId")
            .and_then(Value::as_str)
            .map(str::to_owned),
    };
    let fragment = parser.fragment(&value, &root);
    match fragment {
        Some(mut fragment) if parser.diagnostics.is_empty() => {
            keep_raw_schemas(&mut fragment, &mut value);
            Ok(fragment)
        }
        _ => Err(parser.diagnostics),
    }
}

/// Moves each parameter's and media type's `schema` out of the parsed document into the
/// fragment, verbatim. Moving rather than cloning keeps large inlined APIs cheap.
fn keep_raw_schemas(fragment: &mut Fragment, document: &mut Value) {
    let mut take = |location: &Location| {
        document
            .pointer_mut(&format!("{}/schema", location.pointer))
            .map(Value::take)
            .and_then(|schema| schemars::Schema::try_from(schema).ok())
    };
    for parameter in &mut fragment.parameters {
        if let Some(schema) = take(&parameter.location) {
            parameter.raw_schema = schema;
        }
    }
    let bodies = fragment
        .request_body
        .iter_mut()
        .flat_map(|body| body.content.iter_mut());
    let replies = fragment
        .responses
        .iter_mut()
        .flat_map(|response| response.content.iter_mut());
    for media in bodies.chain(replies) {
        media.raw_schema = take(&media.location);
    }
}

struct Parser {
    diagnostics: Vec<Diagnostic>,
    operation_id: Option<String>,
}
