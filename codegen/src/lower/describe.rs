//! The final text of every doc comment the generated crate carries. Each function here writes
//! the docs of one kind of item from what the IR knows about it; emission prints them as they are.

use std::fmt::Write as _;

use super::types::{Draft, DraftKind, RoleKind};
use crate::docs::{code_span, html_to_markdown};
use crate::ir::{
    HeaderEncoding, NumericConstraints, QueryEncoding, QueryValue, Redirects, Reply, Sending,
    Server, ServerRule, SkippedOperation, StatusMatch, StringConstraints, TypeRef,
};
use crate::spec::{ItemBounds, Method, PropertyBounds};

fn english_list(mut items: Vec<String>) -> String {
    match items.len() {
        0 => String::new(),
        1 => items.remove(0),
        _ => {
            let last = items.pop().unwrap_or_default();
            format!("{} and {last}", items.join(", "))
        }
    }
}

/// What a type is for, from the roles and descriptions of the places that use it; failing
/// those, its title or the property it was met at.
pub(super) fn type_docs(draft: &Draft, name: &str) -> String {
    let mut paragraphs = Vec::new();
    for (role, operations) in &draft.roles {
        let list = english_list(operations.iter().map(|id| format!("`{id}`")).collect());
        paragraphs.push(match role {
            RoleKind::RequestBody => format!("The request body of {list}."),
            RoleKind::Success => format!("The successful reply of {list}."),
            RoleKind::Redirect => format!("The redirect reply of {list}."),
            RoleKind::ErrorReply => format!("The error reply of {list}."),
        });
    }
    let described: Vec<&String> = draft
        .descriptions
        .iter()
        .filter(|text| !text.trim().is_empty())
        .collect();
    if let [description] = described.as_slice() {
        let markdown = html_to_markdown(description);
        if !markdown.is_empty() {
            paragraphs.push(markdown);
        }
    }
    if paragraphs.is_empty() {
        if let Some(title) = &draft.title {
            paragraphs.push(format!("{}.", html_to_markdown(title)));
        } else {
            let property = draft
                .hints
                .keys()
                .next()
                .and_then(|words| words.last())
                .map_or_else(|| name.to_owned(), Clone::clone);
            paragraphs.push(match &draft.kind {
                DraftKind::Struct(_) => format!("The `{property}` object."),
                DraftKind::Enum(_) => format!("The values of `{property}`."),
                DraftKind::Newtype(_) => format!("A `{property}` value."),
                DraftKind::OneOf(_) => format!("One of the forms of `{property}`."),
                DraftKind::ByStatus(_) => "An error body, by the status of the reply.".to_owned(),
            });
        }
    }
    paragraphs.join("\n\n")
}

/// An object type's docs: what it is for, then its bounds on properties and the sets of
/// properties of which it must carry one.
pub(super) fn struct_docs(
    base: String,
    bounds: &PropertyBounds,
    required_sets: &[Vec<String>],
    rules: &[ServerRule],
    absent: &[String],
) -> String {
    let mut docs = match property_notes(bounds) {
        Some(notes) => format!("{base}\n\n{notes}"),
        None => base,
    };
    if !absent.is_empty() {
        let names: Vec<String> = absent.iter().map(|name| code_span(name, false)).collect();
        let _ = write!(
            docs,
            "\n\nA value never has {} (the spec's schema for it is `false`).",
            english_list(names)
        );
    }
    if let Some(notes) = server_rule_notes(rules) {
        docs.push_str("\n\n");
        docs.push_str(&notes);
    }
    if !required_sets.is_empty() {
        let sets: Vec<String> = required_sets
            .iter()
            .map(|set| {
                let names: Vec<String> = set.iter().map(|name| format!("`{name}`")).collect();
                english_list(names)
            })
            .collect();
        let _ = write!(
            docs,
            "\n\nA value carries at least one of these sets of properties in full (the spec lists \
             them as alternatives of required properties): {}.",
            sets.join("; ")
        );
    }
    docs
}

/// A choice's docs: what it is for, then how a value finds its form.
pub(super) fn one_of_docs(base: &str, variants: usize, unknown: Option<&str>) -> String {
    match unknown {
        None => format!("{base}\n\nOne of {variants} forms, told apart by trying each in order."),
        Some(unknown) => format!(
            "{base}\n\nOne of {variants} forms, told apart by trying each in order; a reply in none \
             of them is kept whole in `{unknown}`."
        ),
    }
}

/// The docs of a choice's unknown variant.
pub(super) const UNKNOWN_FORM_DOCS: &str = "A form the spec does not list, received from the API (which may add\n\
    forms before the spec does), kept whole. It cannot be built, only received.";

/// The docs of an enum's catch-all variant.
pub(super) const UNKNOWN_VALUE_DOCS: &str = "A value the spec does not list, received from the API (which may add\n\
    values before the spec does). It cannot be built, only received.";

/// The docs of an error body variant: the statuses that carry it.
pub(super) fn status_variant_docs(statuses: &[StatusMatch]) -> String {
    let named: Vec<String> = statuses
        .iter()
        .filter_map(|status| match status {
            StatusMatch::Exact(code) => Some(format!("`{code}`")),
            StatusMatch::Class(class) => Some(format!("`{class}XX`")),
            StatusMatch::Default => None,
        })
        .collect();
    let default = statuses.contains(&StatusMatch::Default);
    match (named.is_empty(), default) {
        (true, _) => "The body of error replies with any status no other variant names.".to_owned(),
        (false, false) => format!(
            "The body of error replies with status {}.",
            english_list(named)
        ),
        (false, true) => format!(
            "The body of error replies with status {}, or any status no other variant names.",
            english_list(named)
        ),
    }
}

/// The docs of one form of a choice.
pub(super) fn one_of_variant_docs(rust_name: &str) -> String {
    format!("The `{rust_name}` form.")
}

/// The docs of one enum value: the value as it is on the wire.
pub(super) fn enum_variant_docs(wire: &str) -> String {
    format!("`{}`", wire.replace('`', "'"))
}

/// The length rule of a constrained string, as a sentence start.
fn length_rule(constraints: &StringConstraints) -> String {
    match (constraints.min_length, constraints.max_length) {
        (Some(min), Some(max)) if min == max => format!("Exactly {min} characters"),
        (Some(0) | None, Some(max)) => format!("At most {max} characters (empty allowed)"),
        (Some(min), Some(max)) => format!("From {min} to {max} characters"),
        (Some(min), None) => format!("At least {min} characters"),
        (None, None) => "Any string".to_owned(),
    }
}

/// A constrained string's docs and its constructor's.
pub(super) fn newtype_docs(
    base: &str,
    name: &str,
    constraints: &StringConstraints,
) -> (String, String) {
    let rule = length_rule(constraints);
    let docs = format!(
        "{base}\n\n{rule}: [`{name}::new`] checks this before anything is sent. Values received \
         from the API are kept as they are, unchecked."
    );
    let constructor = format!(
        "Checks `value` against the spec: {}.\n\n# Errors\n\n[`InvalidValue`](crate::InvalidValue) \
         naming this type, the expected length and the length given.",
        rule.to_lowercase()
    );
    (docs, constructor)
}

/// What a field is: its description, what the docs of its value add, who sends it.
#[allow(
    clippy::fn_params_excessive_bools,
    reason = "JSON Schema's independent keywords, each adding its own sentence"
)]
pub(super) fn field_docs(
    description: &str,
    wire_name: &str,
    ty: &TypeRef,
    default: Option<&str>,
    read_only: bool,
    write_only: bool,
    rules: &[ServerRule],
) -> String {
    let mut paragraphs = Vec::new();
    if !description.is_empty() {
        paragraphs.push(description.to_owned());
    }
    if let Some(notes) = value_notes(ty) {
        paragraphs.push(notes);
    }
    if let Some(default) = default {
        paragraphs.push(format!(
            "The server assumes {} when it is left out.",
            code_span(default, false)
        ));
    }
    if read_only {
        paragraphs.push("Sent by the server only; never sent in a request.".to_owned());
    }
    if write_only {
        paragraphs.push("Sent in requests only; the server never returns it.".to_owned());
    }
    if let Some(notes) = server_rule_notes(rules) {
        paragraphs.push(notes);
    }
    if paragraphs.is_empty() {
        paragraphs.push(format!("The `{wire_name}` property."));
    }
    paragraphs.join("\n\n")
}

/// What the server checks and this client does not: each rule with its keyword and value.
fn server_rule_notes(rules: &[ServerRule]) -> Option<String> {
    if rules.is_empty() {
        return None;
    }
    let lines: Vec<String> = rules
        .iter()
        .map(|rule| {
            let place = if rule.at.is_empty() {
                String::new()
            } else {
                format!(" ({})", rule.at)
            };
            format!(
                "- {}{place}: {}",
                code_span(&rule.keyword, false),
                code_span(&rule.value, false)
            )
        })
        .collect();
    Some(format!(
        "Checked by the server, not by this client (the spec's rules, as written):\n{}",
        lines.join("\n")
    ))
}

/// The field that holds the forms of an object with `oneOf`/`anyOf` beside its properties.
pub(super) const FORMS_FIELD_DOCS: &str =
    "The properties of the form this value takes (`oneOf`/`anyOf`), beside the ones above.";

/// The field that holds an object's properties that the spec does not list.
pub(super) const ADDITIONAL_FIELD_DOCS: &str =
    "The properties the spec does not list by name (`additionalProperties`).";

/// The docs of a query or header parameter's field: its description, what the docs of its value
/// add, and how it is sent.
pub(super) fn param_docs(description: &str, wire: &str, ty: &TypeRef, sending: Sending) -> String {
    let mut notes: Vec<String> = Vec::new();
    if !description.is_empty() {
        notes.push(description.to_owned());
    }
    if let Some(value_notes) = value_notes(ty) {
        notes.push(value_notes);
    }
    notes.push(match sending {
        Sending::Header(HeaderEncoding::Single(_) | HeaderEncoding::Joined(_)) => {
            format!("Sent as the `{wire}` header.")
        }
        Sending::Header(HeaderEncoding::Value { explode }) => format!(
            "Sent as the `{wire}` header, as `style: simple` writes any JSON value: a string as it is, a number or boolean as JSON writes it, a list as its items separated by commas, an object as {}; `null` sends no header, and a value nested deeper is refused before sending.",
            if explode { "`key=value` pairs separated by commas" } else { "its keys and values separated by commas" }
        ),
        Sending::Query(QueryEncoding::Value { explode }) => format!(
            "Sent in the query as form style writes any JSON value: a string as it is, a number or boolean as JSON writes it, a list {}, an object as compact JSON; `null` sends nothing.",
            if explode { format!("as one `{wire}=…` pair per item (a nested item as compact JSON)") } else { format!("as one `{wire}` value, its items separated by commas (a nested item is refused before sending)") }
        ),
        Sending::Query(QueryEncoding::EachItem(value)) => {
            let each = if value == QueryValue::Json {
                " as compact JSON"
            } else {
                ""
            };
            format!("Sent as one `{wire}=…` query pair per item{each}; an empty list sends none.")
        }
        Sending::Query(QueryEncoding::Joined(_)) => {
            format!("Sent as one `{wire}` query value, the items separated by commas.")
        }
        Sending::Query(QueryEncoding::Deep) => format!(
            "Sent in the query as `style: deepObject`: an object as one `{wire}[field]=value` pair per field, at any depth, list items as `{wire}[0]`, `{wire}[1]`, …; a scalar as `{wire}=value`. `null` cannot be sent."
        ),
        Sending::Query(QueryEncoding::Single(QueryValue::Json)) => {
            format!("Sent as the `{wire}` query value, as compact JSON.")
        }
        Sending::Query(QueryEncoding::Single(QueryValue::Text(_))) | Sending::Path(_) => {
            format!("Sent as the `{wire}` query value.")
        }
    });
    notes.join("\n\n")
}

/// The docs of an operation's parameters struct.
pub(super) fn params_struct_docs(fn_name: &str, operation_id: &str) -> String {
    format!(
        "The query and header parameters of [`Client::{fn_name}`](crate::Client::{fn_name}) (operation `{operation_id}`)."
    )
}

/// The method's documentation from the fragment: summary, then description, as Markdown.
pub(super) fn operation_summary(
    summary: Option<&str>,
    description: Option<&str>,
    operation_id: &str,
) -> String {
    let paragraphs: Vec<String> = [summary, description]
        .into_iter()
        .filter_map(|text| text.map(html_to_markdown))
        .filter(|markdown| !markdown.is_empty())
        .collect();
    if paragraphs.is_empty() {
        format!("Calls `{operation_id}`.")
    } else {
        paragraphs.join("\n\n")
    }
}

/// One entry of a method's argument list.
pub(super) fn argument_doc(name: &str, docs: &str) -> String {
    if docs.is_empty() {
        format!("- `{name}`")
    } else {
        format!("- `{name}`: {}", docs.replace('\n', " "))
    }
}

/// The argument-list entry of a parameters struct argument.
pub(super) fn params_argument_doc(argument: &str, params_type: &str) -> String {
    format!(
        "- `{argument}`: the query and header parameters; see [`{params_type}`](types::{params_type})."
    )
}

/// The argument-list entry of a request body argument.
pub(super) fn body_argument_doc(argument: &str, media_type: &str, required: bool) -> String {
    if required {
        format!("- `{argument}`: the request body, sent as `{media_type}`.")
    } else {
        format!("- `{argument}`: the request body, sent as `{media_type}`; `None` sends none.")
    }
}

/// A method's docs: the operation's, its route, its arguments and its errors.
pub(super) fn method_docs(
    summary: &str,
    method: Method,
    path_template: &str,
    operation_id: &str,
    argument_docs: &[String],
    api_name: &str,
    replies: &str,
) -> String {
    let mut docs = summary.to_owned();
    let _ = write!(
        docs,
        "\n\n`{} {}` (operation `{}`).",
        method.as_str(),
        path_template,
        operation_id
    );
    if !argument_docs.is_empty() {
        docs.push_str("\n\n# Arguments\n\n");
        docs.push_str(&argument_docs.join("\n"));
    }
    if !replies.is_empty() {
        docs.push_str("\n\n");
        docs.push_str(replies);
    }
    let _ = write!(
        docs,
        "\n\n# Errors\n\n[`Error::Api`] when {api_name} answers with its error body; another \
         [`Error`] variant when the request cannot be sent or the reply is not what the spec \
         describes. Never retried automatically."
    );
    docs
}

/// What a method's docs say about where it is sent and what it answers beyond a decoded
/// success: its server, and its `3XX`, raw or switched replies; empty for the plain case.
pub(super) fn reply_docs(
    success: &Reply,
    redirects: Option<&Redirects>,
    server: Option<(&str, bool)>,
    base_url: &str,
) -> String {
    let mut paragraphs = Vec::new();
    if let Some((url, credentialed)) = server {
        paragraphs.push(if credentialed {
            format!(
                "Called on `{url}`, not the base URL `{base_url}` (`ClientBuilder::server_url` \
                 overrides it); the request carries the credential."
            )
        } else {
            format!(
                "Called on `{url}`, not the base URL `{base_url}` (`ClientBuilder::server_url` \
                 overrides it); the request carries **no** credential, since the configuration \
                 does not name that host."
            )
        });
    }
    match success {
        Reply::Raw => paragraphs.push(
            "The spec declares no `2XX` reply, so every reply but a `4XX` or `5XX` one is \
             returned as it arrived ([`RawReply`](crate::RawReply): status, headers, bytes)."
                .to_owned(),
        ),
        Reply::Upgrade => paragraphs.push(
            "On `101 Switching Protocols` the connection is returned switched to the protocol \
             the `Upgrade` header asked for ([`Upgrade`](crate::Upgrade)); any other reply is \
             an error. The request carries `Connection: upgrade`. Only HTTP/1.1 connections \
             can switch."
                .to_owned(),
        ),
        Reply::Json(_) | Reply::Text(_) | Reply::Bytes(_) => {}
    }
    if let Some(redirects) = redirects {
        let named: Vec<String> = redirects
            .statuses
            .iter()
            .filter_map(|status| match status {
                StatusMatch::Exact(code) => Some(format!("`{code}`")),
                StatusMatch::Class(class) => Some(format!("`{class}XX`")),
                StatusMatch::Default => None,
            })
            .collect();
        paragraphs.push(format!(
            "# Outcomes\n\n\
             The spec declares {} beside the success, so the result is an \
             [`Outcome`](crate::Outcome): [`Outcome::Ok`](crate::Outcome::Ok) for a `2XX`, \
             [`Outcome::NotModified`](crate::Outcome::NotModified) for a `304`, \
             [`Outcome::Redirect`](crate::Outcome::Redirect) with the `Location` for the \
             others. Redirects are never followed (the credential would go with them); any \
             other `3XX` is an error.",
            english_list(named)
        ));
    }
    paragraphs.join("\n\n")
}

/// The crate docs' paragraph on where requests go and which hosts receive the credential.
pub(super) fn servers_docs(base_url: &str, servers: &[Server]) -> String {
    let mut docs = format!(
        "\n\n# Servers and credentials\n\n\
         Operations are called on the base URL `{base_url}` (`ClientBuilder::base_url` overrides \
         it), and the credential (the API key header, or the bearer token) is sent with them."
    );
    if servers.is_empty() {
        docs.push_str(" No operation is called on another server.");
        return docs;
    }
    docs.push_str(
        " Some operations are called on another server (`ClientBuilder::server_url` overrides \
         each); whether the credential goes there is decided by the generator's configuration \
         and does not change when the URL is overridden:\n",
    );
    for server in servers {
        let _ = write!(
            docs,
            "\n- `{}`: {}",
            server.url,
            if server.credentialed {
                "receives the credential."
            } else {
                "receives **no** credential."
            }
        );
    }
    docs.push_str(
        "\n\nNo request goes anywhere else: redirects are never followed, since following one \
         would send the credential to whatever host it names.",
    );
    docs
}

/// The crate root's docs: what the crate offers, a first call, how to stay compatible.
pub(super) fn crate_docs(
    api_name: &str,
    operations: usize,
    first_call: Option<&str>,
    skipped: &[SkippedOperation],
) -> String {
    let mut docs = format!(
        "A client for the {api_name} API.\n\n\
         One async method on [`Client`] for each of the API's {operations} operations; the types \
         of their requests and replies are in [`types`], and every method returns an [`Error`] \
         when the call fails."
    );
    if let Some(first_call) = first_call {
        let _ = write!(docs, "\n\n# A first call\n\n{first_call}");
    }
    docs.push_str(
        "\n\nRequests are checked before they are sent: only values the spec allows can be built. \
         Replies are read leniently: fields and enum values the spec does not list are ignored \
         or kept, never a failure. Nothing is retried automatically. The [`runtime`] module \
         says what every request carries and how each reply becomes a success or an [`Error`].\n\n\
         # Features\n\n\
         - `rustls` (default): TLS through rustls, with the platform's certificate verifier.\n\
         - `native-tls`: TLS through the platform's own library (OpenSSL, Secure Transport, \
         SChannel) instead; turn off the default features to leave rustls out.\n\
         - `schemars` (default): every type implements `schemars::JsonSchema`, its schema the \
         spec's own (the crate's tests compare them).\n\
         - `mcp`: a Model Context Protocol server for AI agents (below).\n\n\
         # Staying compatible with new versions\n\n\
         Every struct, enum and choice is `#[non_exhaustive]`, so that what APIs usually add \
         (an optional request field or parameter, a reply field, an enum value, an operation) \
         does not break code that depends on this crate. Outside it, build a request value with \
         its `new`, which takes the required fields (every optional one starts as `None`), then \
         set optional fields with its `with_…` methods (`Value::new(a).with_field(b)`) or by \
         assignment (`value.field = Some(b)`); read replies by field, or with patterns that end \
         in `..`; and give every `match` on an enum or a choice a `_` arm. The compiler asks for \
         all of this. What still breaks such code is a change to what it names: a new required \
         request field (a new argument of `new`), a field, type or value removed or retyped. \
         `cargo xtask codegen` reports which changes break other code.\n\n\
         # Serving the API to AI agents (feature `mcp`)\n\n\
         With the `mcp` feature, off by default (it adds the `rmcp` dependency), \
         `runtime::mcp::McpServer` serves the operations of [`table::OPERATIONS`] as the tools of \
         a Model Context Protocol server over stdio: each tool's input and output schemas are the \
         table's, its description the operation's, and a call goes through [`Client::call`]. \
         Because operations with side effects act for real, its `runtime::mcp::Policy` serves \
         the read-only operations (`GET`) only, and others only when named (`--allow \
         OPERATION_ID`, repeatable) or all allowed (`--allow-all-writes`); naming an operation \
         the API does not have is an error at start-up. Refused operations are not listed, and a \
         call to one by name is answered with a tool error that says how to enable it; nothing \
         is sent.",
    );
    // Whoever reads the crate must be able to tell a left-out operation from a missing one.
    if !skipped.is_empty() {
        // Writing into a `String` cannot fail.
        let _ = write!(
            docs,
            "\n\n# Operations left out\n\nThe generator was told to leave out {} operation{} of \
             the API, which this crate therefore cannot call:\n",
            skipped.len(),
            if skipped.len() == 1 { "" } else { "s" }
        );
        for operation in skipped {
            let _ = write!(
                docs,
                "\n- {} ({})",
                code_span(&operation.operation_id, false),
                code_span(&operation.file, false)
            );
        }
    }
    docs
}

fn item_notes(bounds: ItemBounds) -> Option<String> {
    let mut notes = Vec::new();
    match (bounds.min_items, bounds.max_items) {
        (Some(min), Some(max)) => notes.push(format!("From {min} to {max} items.")),
        (Some(min), None) => notes.push(format!("At least {min} items.")),
        (None, Some(max)) => notes.push(format!("At most {max} items.")),
        (None, None) => {}
    }
    if bounds.unique {
        notes.push("No two items are equal.".to_owned());
    }
    (!notes.is_empty()).then(|| notes.join(" "))
}

fn property_notes(bounds: &PropertyBounds) -> Option<String> {
    let mut notes = Vec::new();
    match (bounds.min, bounds.max) {
        (Some(min), Some(max)) => notes.push(format!("From {min} to {max} properties.")),
        (Some(min), None) => notes.push(format!("At least {min} properties.")),
        (None, Some(max)) => notes.push(format!("At most {max} properties.")),
        (None, None) => {}
    }
    if let Some(names) = &bounds.names {
        notes.push(format!(
            "Property names satisfy {} (not checked by this client).",
            code_span(names, false)
        ));
    }
    (!notes.is_empty()).then(|| notes.join(" "))
}

/// The allowed values of an integer enum (a one-value enum is a constant, not a choice, and
/// stays the integer itself), bounds, formats.
fn numeric_notes(numeric: &NumericConstraints) -> Option<String> {
    let mut notes = Vec::new();
    if let Some(values) = &numeric.allowed {
        let listed: Vec<String> = values.iter().map(|value| format!("`{value}`")).collect();
        notes.push(match listed.as_slice() {
            [one] => format!("Always {one}."),
            _ => format!("One of {}.", listed.join(", ")),
        });
    }
    match (&numeric.minimum, &numeric.maximum) {
        (Some(min), Some(max)) => notes.push(format!("From {min} to {max}.")),
        (Some(min), None) => notes.push(format!("At least {min}.")),
        (None, Some(max)) => notes.push(format!("At most {max}.")),
        (None, None) => {}
    }
    if let Some(bound) = &numeric.exclusive_minimum {
        notes.push(format!("Greater than {bound}."));
    }
    if let Some(bound) = &numeric.exclusive_maximum {
        notes.push(format!("Less than {bound}."));
    }
    if let Some(step) = &numeric.multiple_of {
        notes.push(format!("A multiple of {step}."));
    }
    if numeric.format.as_deref() == Some("unix-time") {
        notes.push("A Unix time in seconds.".to_owned());
    }
    (!notes.is_empty()).then(|| notes.join(" "))
}

fn string_notes(string: &StringConstraints) -> Option<String> {
    let mut notes: Vec<String> = string
        .format
        .iter()
        .map(|format| match format.as_str() {
            "date-time" => "An RFC 3339 date-time.".to_owned(),
            "date" => "An RFC 3339 full date.".to_owned(),
            "email" => "An email address.".to_owned(),
            "uri" => "A URI.".to_owned(),
            other => format!("Format `{other}`."),
        })
        .collect();
    if let Some(pattern) = &string.pattern {
        notes.push(format!(
            "Matches the pattern {} (documented, not checked by this client).",
            code_span(pattern, false)
        ));
    }
    (!notes.is_empty()).then(|| notes.join(" "))
}

/// What the docs of a plain value add about it: the constraints the client does not express in
/// its type.
fn value_notes(ty: &TypeRef) -> Option<String> {
    match ty {
        TypeRef::Array(_, bounds) => item_notes(*bounds),
        TypeRef::Map(bounds) | TypeRef::MapOf(_, bounds) => property_notes(bounds),
        TypeRef::Nullable(inner) => Some(value_notes(inner).map_or_else(
            || "May be `null`.".to_owned(),
            |notes| format!("{notes} May be `null`."),
        )),
        TypeRef::Integer(integer) => numeric_notes(&integer.constraints),
        TypeRef::Number(numeric) => numeric_notes(numeric),
        TypeRef::String(string) => string_notes(string),
        TypeRef::Named(_) | TypeRef::Boolean | TypeRef::Any | TypeRef::File => None,
    }
}
