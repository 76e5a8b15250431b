//! The operation table: every operation of the API as data, with its exact JSON Schemas, for
//! callers that choose operations at run time (a command line, an AI agent's tools).

/// One operation of the API, as the generated `table::OPERATIONS` lists it.
#[derive(Debug)]
#[non_exhaustive]
pub struct Operation {
    /// The `operationId`, exactly as the spec writes it; the table is sorted by it.
    pub operation_id: &'static str,
    /// The HTTP method, upper case (`GET`, `POST`, …).
    pub method: &'static str,
    /// The path template below the server's URL, as written (`/ai_voice_agents/{id}`).
    pub path: &'static str,
    /// The spec's `summary` (else the `operationId`): one line of plain text.
    pub summary: &'static str,
    /// The spec's `description` as Markdown; empty when it has none.
    pub description: &'static str,
    /// Whether the method is safe (`GET`, `HEAD`, `OPTIONS`): calling the operation changes
    /// nothing on the server. Every other operation may have side effects.
    pub read_only: bool,
    /// The JSON Schema of the operation's input as JSON text: one object whose properties are
    /// the path, query and header parameters and the body's properties, each property's schema
    /// copied verbatim from the spec. A parameter whose name an earlier one took is
    /// `<in>_<name>`; when a body property shares a parameter's name, or the body is not an
    /// object of plain `properties`, the whole body is the one property `body` instead. Names
    /// taken get `_` appended.
    pub input_schema: &'static str,
    /// The JSON Schema of the successful reply as JSON text, verbatim (an `anyOf` when several
    /// `2xx` replies differ); `None` when no successful reply has a JSON body.
    pub output_schema: Option<&'static str>,
    /// Calls the operation from its JSON input.
    pub(crate) dispatch: super::call::Dispatch,
}

impl Operation {
    /// Calls this operation, as [`Client::call`](super::Client::call) does.
    ///
    /// # Errors
    /// As [`Client::call`](super::Client::call).
    pub async fn call(
        &self,
        client: &super::Client,
        input: serde_json::Value,
    ) -> Result<serde_json::Value, super::Error<serde_json::Value>> {
        (self.dispatch)(client, input).await
    }

    /// The input schema as a JSON value, parsed when asked for.
    ///
    /// # Errors
    /// Only if the generated text is not JSON, which the generator never writes.
    pub fn input_schema_json(&self) -> Result<serde_json::Value, serde_json::Error> {
        serde_json::from_str(self.input_schema)
    }

    /// The output schema as a JSON value, parsed when asked for.
    ///
    /// # Errors
    /// Only if the generated text is not JSON, which the generator never writes.
    pub fn output_schema_json(&self) -> Result<Option<serde_json::Value>, serde_json::Error> {
        self.output_schema.map(serde_json::from_str).transpose()
    }
}

/// The entry of `table` (sorted by `operationId`, as generated) whose id is `operation_id`: a
/// binary search.
#[must_use]
pub fn find_operation(
    table: &'static [Operation],
    operation_id: &str,
) -> Option<&'static Operation> {
    table
        .binary_search_by(|operation| operation.operation_id.cmp(operation_id))
        .ok()
        .and_then(|index| table.get(index))
}
