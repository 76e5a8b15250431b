//! A [Model Context Protocol](https://modelcontextprotocol.io) server (feature `mcp`) that
//! offers the operations of the table as tools, on the official Rust SDK (`rmcp`), over stdio.
//!
//! # Tools
//!
//! Each operation the [`Policy`] serves is one tool: its name is the `operationId` (characters
//! a tool name may not hold replaced by `_`), its title the summary, its description the
//! operation's Markdown, its input schema the table's
//! [`input_schema`](super::Operation::input_schema) and its output schema the table's
//! [`output_schema`](super::Operation::output_schema), verbatim. A `GET` (or `HEAD`,
//! `OPTIONS`) is annotated read-only and idempotent; every other method destructive and not
//! idempotent. Every tool is open-world: it reaches the API.
//!
//! MCP before protocol version `2026-07-28` requires an output schema whose root says `"type":
//! "object"`, and structured content that is an object. A success schema whose root names no
//! type but is an `allOf` of objects gets `"type": "object"` written beside it (it admits
//! nothing more: every part already requires an object). Any other schema (an array, a
//! scalar, an `anyOf` of several replies) is offered as it is; for a client on an older
//! protocol version `rmcp` leaves it out, and moves a reply that is not an object from the
//! structured content into the text content.
//!
//! # Calls
//!
//! A call goes through [`Client::call`]: its arguments are the operation's one JSON input
//! object, checked by decoding them into the operation's types before anything is sent. The
//! reply is returned as structured content (and as JSON text, for clients that read only text).
//! Every failure — bad arguments, the API's own error body (RevCent: `code: 0`), a reply that
//! does not decode, a failed connection, a call the policy refuses — is a tool error
//! (`isError: true`) whose text is one JSON object: `error` (its kind), `message`, and what
//! else is known (`status`, `body`, `field`). Only a tool name that no operation has is a
//! protocol error.
//!
//! # Safety policy
//!
//! Operations with side effects may move money or place phone calls, so they are served only
//! when named: [`Policy::read_only`] serves the read-only operations alone, [`Policy::allow`]
//! (`--allow OPERATION_ID`) adds one operation, [`Policy::allow_all_writes`]
//! (`--allow-all-writes`) all. Refused operations are not listed, so an agent is not offered
//! what it may not do; the server's instructions name them and say how to enable them, and a
//! call to one by name is a tool error saying the same, sent nowhere.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::{self, Write as _};
use std::sync::Arc;

use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, Implementation,
    InitializeResult, JsonObject, ListToolsResult, PaginatedRequestParams, ServerCapabilities,
    Tool, ToolAnnotations,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler, ServiceExt};
use serde_json::{Value, json};

use super::client::Client;
use super::error::Error;
use super::table::Operation;

/// The command-line flags [`Policy::from_args`] reads, for usage messages.
pub const USAGE: &str = "[--allow OPERATION_ID]... [--allow-all-writes]";

/// Which operations the server serves: every read-only one, and those with side effects only
/// when named.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Policy {
    allow_all_writes: bool,
    allowed: BTreeSet<&'static str>,
}

impl Policy {
    /// Serves the read-only operations only.
    #[must_use]
    pub fn read_only() -> Self {
        Self::default()
    }

    /// Serves every operation, side effects and all.
    #[must_use]
    pub fn allow_all_writes(mut self) -> Self {
        self.allow_all_writes = true;
        self
    }

    /// Also serves the operation `operation_id` (naming a read-only one changes nothing).
    ///
    /// # Errors
    /// [`McpError::UnknownOperation`] when the API has no such operation: a misspelt name must
    /// not leave the server running without what was meant.
    pub fn allow(self, operation_id: &str) -> Result<Self, McpError> {
        self.allow_in(crate::config::OPERATIONS, operation_id)
    }

    /// The policy a command line asks for: `--allow OPERATION_ID` (or `--allow=OPERATION_ID`),
    /// repeatable, and `--allow-all-writes`; no argument serves the read-only operations only.
    ///
    /// Three flags do not justify an argument parser among every user's dependencies.
    ///
    /// # Errors
    /// [`McpError::UnknownOperation`] for an operation the API does not have,
    /// [`McpError::Usage`] for any other argument or an `--allow` without a value.
    pub fn from_args(args: impl IntoIterator<Item = String>) -> Result<Self, McpError> {
        Self::from_args_in(crate::config::OPERATIONS, args)
    }

    /// Whether `operation` is served.
    #[must_use]
    pub fn permits(&self, operation: &Operation) -> bool {
        operation.read_only
            || self.allow_all_writes
            || self.allowed.contains(operation.operation_id)
    }

    /// [`Policy::allow`] against `table`.
    pub(crate) fn allow_in(
        mut self,
        table: &'static [Operation],
        operation_id: &str,
    ) -> Result<Self, McpError> {
        let operation = super::table::find_operation(table, operation_id)
            .ok_or_else(|| McpError::UnknownOperation(operation_id.to_owned()))?;
        self.allowed.insert(operation.operation_id);
        Ok(self)
    }

    /// [`Policy::from_args`] against `table`.
    pub(crate) fn from_args_in(
        table: &'static [Operation],
        args: impl IntoIterator<Item = String>,
    ) -> Result<Self, McpError> {
        let mut policy = Self::read_only();
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            if arg == "--allow-all-writes" {
                policy = policy.allow_all_writes();
            } else if arg == "--allow" {
                let operation_id = args.next().ok_or_else(|| {
                    McpError::Usage("`--allow` needs an operationId after it".to_owned())
                })?;
                policy = policy.allow_in(table, &operation_id)?;
            } else if let Some(operation_id) = arg.strip_prefix("--allow=") {
                policy = policy.allow_in(table, operation_id)?;
            } else {
                return Err(McpError::Usage(format!("unknown argument `{arg}`")));
            }
        }
        Ok(policy)
    }
}

/// Why the MCP server could not start or stopped with a failure.
#[derive(Debug)]
#[non_exhaustive]
pub enum McpError {
    /// An operation named to allow is not one of the API's.
    UnknownOperation(String),
    /// The command line is not what [`Policy::from_args`] reads.
    Usage(String),
    /// An operation's schema in the table is not a JSON object (a bug in the generator).
    Schema {
        /// The operation whose schema it is.
        operation_id: &'static str,
        /// What is wrong with it.
        problem: String,
    },
    /// The MCP session could not be set up or ended abnormally.
    Serve(String),
}

impl fmt::Display for McpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            McpError::UnknownOperation(operation_id) => write!(
                f,
                "the {} API has no operation `{operation_id}` to allow (operationIds are case-sensitive)",
                crate::config::API_NAME
            ),
            McpError::Usage(problem) => write!(f, "{problem}; usage: {USAGE}"),
            McpError::Schema {
                operation_id,
                problem,
            } => write!(
                f,
                "the operation table's schema of `{operation_id}` is not usable as a tool schema (a bug in the generator): {problem}"
            ),
            McpError::Serve(problem) => write!(f, "the MCP session failed: {problem}"),
        }
    }
}

impl std::error::Error for McpError {}

/// One operation of the table as the server offers it.
struct Entry {
    operation: &'static Operation,
    tool: Tool,
    served: bool,
}

/// An MCP server whose tools are the operations a [`Policy`] serves, each called through one
/// [`Client`].
pub struct McpServer {
    client: Client,
    /// Every operation, served or not, by tool name.
    entries: BTreeMap<String, Entry>,
    /// Served tool names, in table order.
    served: Vec<String>,
    instructions: String,
}

impl fmt::Debug for McpServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("McpServer")
            .field("served", &self.served)
            .finish_non_exhaustive()
    }
}

impl McpServer {
    /// A server for every operation of the API that `policy` serves, calling them through
    /// `client`.
    ///
    /// # Errors
    /// [`McpError::Schema`] if an operation's schema is not a JSON object, which the generator
    /// never writes.
    pub fn new(client: Client, policy: &Policy) -> Result<Self, McpError> {
        Self::with_table(client, policy, crate::config::OPERATIONS)
    }

    /// [`McpServer::new`] over `table`.
    pub(crate) fn with_table(
        client: Client,
        policy: &Policy,
        table: &'static [Operation],
    ) -> Result<Self, McpError> {
        let mut entries = BTreeMap::new();
        let mut served = Vec::new();
        let mut refused = Vec::new();
        for operation in table {
            let name = free_name(&entries, tool_name(operation.operation_id));
            let entry = Entry {
                operation,
                tool: tool(operation, &name)?,
                served: policy.permits(operation),
            };
            if entry.served {
                served.push(name.clone());
            } else {
                refused.push(name.clone());
            }
            entries.insert(name, entry);
        }
        let mut instructions = format!(
            "Tools that call the {} API: one per operation, each taking one JSON object of the \
             operation's parameters and body properties. Read-only operations are served; those \
             with side effects only when the server is started with `--allow OPERATION_ID` or \
             `--allow-all-writes`.",
            crate::config::API_NAME
        );
        if !refused.is_empty() {
            // Writing into a `String` cannot fail.
            let _ = write!(
                instructions,
                " Not served, because they have side effects and were not allowed: {}.",
                refused.join(", ")
            );
        }
        Ok(Self {
            client,
            entries,
            served,
            instructions,
        })
    }

    /// The tools served, in the table's order (by `operationId`).
    #[must_use]
    pub fn tools(&self) -> Vec<Tool> {
        self.served
            .iter()
            .filter_map(|name| self.entries.get(name))
            .map(|entry| entry.tool.clone())
            .collect()
    }

    /// Serves MCP on this process's stdin and stdout until the client closes the session.
    /// Nothing else may write to stdout meanwhile: it carries the protocol.
    ///
    /// # Errors
    /// [`McpError::Serve`] when the session cannot be set up or ends abnormally.
    pub async fn serve_stdio(self) -> Result<(), McpError> {
        let running = self
            .serve(rmcp::transport::stdio())
            .await
            .map_err(|error| McpError::Serve(error.to_string()))?;
        running
            .waiting()
            .await
            .map_err(|error| McpError::Serve(error.to_string()))?;
        Ok(())
    }

    /// Calls the tool `name` with `arguments`, as the protocol's `tools/call` does.
    async fn call(
        &self,
        name: &str,
        arguments: Option<JsonObject>,
    ) -> Result<CallToolResult, ErrorData> {
        let Some(entry) = self.entries.get(name) else {
            return Err(ErrorData::invalid_params(
                format!("no tool is named `{name}`"),
                None,
            ));
        };
        let operation = entry.operation;
        if !entry.served {
            return Ok(tool_error(&json!({
                "error": "refused",
                "message": format!(
                    "`{}` has side effects ({} {}), and this server was not started to allow it; \
                     nothing was sent. Restart the server with `--allow {}` (or \
                     `--allow-all-writes`) to enable it.",
                    operation.operation_id, operation.method, operation.path, operation.operation_id
                ),
                "operation_id": operation.operation_id,
            })));
        }
        let input = arguments.map_or(Value::Null, Value::Object);
        Ok(match operation.call(&self.client, input).await {
            Ok(reply) => CallToolResult::structured(reply),
            Err(error) => tool_error(&error_json(&error)),
        })
    }
}

impl ServerHandler for McpServer {
    fn get_info(&self) -> InitializeResult {
        let mut info = InitializeResult::new(ServerCapabilities::builder().enable_tools().build())
            .with_instructions(self.instructions.clone());
        let mut implementation =
            Implementation::new(env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION"));
        implementation.title = Some(format!("{} API", crate::config::API_NAME));
        info.server_info = implementation;
        info
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        Ok(ListToolsResult::with_all_items(self.tools()))
    }

    fn get_tool(&self, name: &str) -> Option<Tool> {
        self.entries
            .get(name)
            .filter(|entry| entry.served)
            .map(|entry| entry.tool.clone())
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        self.call(&request.name, request.arguments)
            .await
            .map(CallToolResponse::from)
    }
}

/// The tool that offers `operation` under `name`.
fn tool(operation: &Operation, name: &str) -> Result<Tool, McpError> {
    let schema_error = |problem: String| McpError::Schema {
        operation_id: operation.operation_id,
        problem,
    };
    let input = match operation.input_schema_json() {
        Ok(Value::Object(schema)) => schema,
        Ok(_) => return Err(schema_error("the input schema is not an object".to_owned())),
        Err(error) => return Err(schema_error(error.to_string())),
    };
    let output = operation
        .output_schema_json()
        .map_err(|error| schema_error(error.to_string()))?
        .and_then(|schema| match schema {
            Value::Object(schema) => Some(output_schema(schema)),
            // A boolean schema says nothing a client could use.
            _ => None,
        });
    let description = if operation.description.is_empty() {
        operation.summary
    } else {
        operation.description
    };
    let annotations = ToolAnnotations::with_title(operation.summary).open_world(true);
    let annotations = if operation.read_only {
        annotations
            .read_only(true)
            .destructive(false)
            .idempotent(true)
    } else {
        annotations
            .read_only(false)
            .destructive(true)
            .idempotent(false)
    };
    let mut tool = Tool::new(name.to_owned(), description, Arc::new(input))
        .with_title(operation.summary)
        .with_annotations(annotations);
    if let Some(output) = output {
        tool = tool.with_raw_output_schema(Arc::new(output));
    }
    Ok(tool)
}

/// The success schema as the tool's output schema: `"type": "object"` added to a root that
/// names no type and is an `allOf` of objects (see the module documentation).
fn output_schema(mut schema: JsonObject) -> JsonObject {
    let all_objects = match schema.get("allOf") {
        Some(Value::Array(parts)) => {
            !parts.is_empty()
                && parts
                    .iter()
                    .all(|part| part.get("type").and_then(Value::as_str) == Some("object"))
        }
        _ => false,
    };
    if all_objects && !schema.contains_key("type") {
        schema.insert("type".to_owned(), Value::String("object".to_owned()));
    }
    schema
}

/// `operation_id` as a tool name: MCP names hold 1 to 128 of `A-Z a-z 0-9 _ - .`.
fn tool_name(operation_id: &str) -> String {
    let name: String = operation_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.') {
                c
            } else {
                '_'
            }
        })
        .take(128)
        .collect();
    if name.is_empty() {
        "_".to_owned()
    } else {
        name
    }
}

/// `name`, or where an earlier operation's name took it, `name_2`, `name_3`, …
fn free_name(taken: &BTreeMap<String, Entry>, name: String) -> String {
    if !taken.contains_key(&name) {
        return name;
    }
    // Ends: each operation takes one name, so at most `taken.len()` candidates are taken.
    let mut number = 2_usize;
    loop {
        let suffix = format!("_{number}");
        let stem: String = name.chars().take(128 - suffix.len()).collect();
        let candidate = format!("{stem}{suffix}");
        if !taken.contains_key(&candidate) {
            return candidate;
        }
        number += 1;
    }
}

/// A tool error whose text is `value` as JSON.
fn tool_error(value: &Value) -> CallToolResult {
    // Only as text: some clients check structured content against the output schema even on
    // errors, and an error body is not the success schema's.
    CallToolResult::error(vec![ContentBlock::text(value.to_string())])
}

/// `error` as the JSON object a tool error carries: its kind, its message, and the status,
/// API error body or input field where there is one.
fn error_json(error: &Error<Value>) -> Value {
    let mut message = error.to_string();
    let mut cause = std::error::Error::source(error);
    while let Some(inner) = cause {
        message.push_str(": ");
        message.push_str(&inner.to_string());
        cause = inner.source();
    }
    let mut object = json!({ "message": message });
    let kind = match error {
        Error::Api(api) => {
            object["status"] = json!(api.status().as_u16());
            object["body"] = api.body().clone();
            "api"
        }
        Error::UnexpectedResponse(unexpected) => {
            object["status"] = json!(unexpected.status().as_u16());
            "unexpected_response"
        }
        Error::Transport(_) => "transport",
        Error::InvalidRequest(invalid) => {
            if let Some(field) = invalid.input_field() {
                object["field"] = json!(field);
            }
            "invalid_request"
        }
    };
    object["error"] = json!(kind);
    object
}
