//! Layer 1: JSON text → a fragment model in which every node knows its file and JSON pointer.
//!
//! This layer checks the *shape* of a fragment (which keys exist, which types they have) and
//! refuses every JSON Schema or OpenAPI keyword the later layers do not honour. Refusing is the
//! point: a keyword that changes what values are valid but is silently dropped would give a
//! client that is wrong without anyone noticing. Pure annotations (`example`, `externalDocs`,
//! `x-…` extensions) are accepted and not kept.
//!
//! The parser owns the document and takes it apart as it reads: each object above the schemas
//! gives up its entries by value, and each parameter's or media type's `schema` is moved whole
//! into the fragment as its raw schema once it has been read (see `schema_as_written`). So the
//! raw schemas are exactly what the fragment wrote, are part of each value as it is built, and
//! no JSON is copied for them, which matters for APIs that inline every schema.
//!
//! Files: `operation` reads the fragment, its parameters, bodies and replies; `schema` reads a
//! schema node and decides its kind, combinators included; `keywords` reads each kind's
//! keywords; `values` reads single values; `model` holds the public types.

mod keywords;
mod model;
mod operation;
mod pending;
mod schema;
#[cfg(test)]
mod tests;
mod values;

use std::sync::Arc;

use serde_json::Value;

use crate::error::{Diagnostic, Location};

pub use pending::Pending;

pub use model::{
    Choice, Encoding, Fragment, MediaType, NumericSchema, ObjectSchema, Parameter, RequestBody,
    Response, Schema, SchemaKind, StringSchema,
};

/// Parses one fragment file. Every problem in the file is reported, not only the first.
///
/// # Errors
/// The file is not JSON, or not an operation fragment this generator supports; each diagnostic
/// names the JSON pointer of the offending node.
pub fn parse_fragment(file: &str, text: &str) -> Result<Fragment, Vec<Diagnostic>> {
    let root = Location::root(Arc::from(file));
    let value: Value = serde_json::from_str(text).map_err(|error| {
        vec![Diagnostic {
            location: root.clone(),
            operation_id: None,
            message: format!("not valid JSON: {error}"),
            help: None,
        }]
    })?;
    let mut parser = Parser {
        diagnostics: Vec::new(),
        operation_id: value
            .get("operationId")
            .and_then(Value::as_str)
            .map(str::to_owned),
    };
    match parser.fragment(value, &root) {
        Some(fragment) if parser.diagnostics.is_empty() => Ok(fragment),
        _ => Err(parser.diagnostics),
    }
}

/// Reads one fragment, collecting every problem in it: a reader that finds one reports it and
/// returns `None`, and its callers read on, so that one pass finds everything.
struct Parser {
    diagnostics: Vec<Diagnostic>,
    /// Read before anything else, so that every diagnostic names its operation.
    operation_id: Option<String>,
}
