//! The final text of every doc comment the generated crate carries. Each function here writes
//! the docs of one kind of item from what the IR knows about it; emission prints them as they are.

use std::fmt::Write as _;

use super::types::{Draft, DraftKind, FieldKey, MarkdownCache, RoleKind};
use crate::config::Grouping;
use crate::docs::code_span;
use crate::ir::{
    FixedValue, HeaderEncoding, NumericConstraints, Operation, Overlap, Pages, QueryEncoding,
    QueryValue, Redirects, Reply, RequiredSets, Resource, Sending, Server, ServerRule,
    SkippedOperation, StatusMatch, StringConstraints, TypeDef, TypeId, TypeKind, TypeRef,
};
use crate::naming::camel_ident;
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

/// What the docs of a type say when nothing else is known about it: never a sentence that
/// only repeats the item's name.
pub(super) const NOT_DESCRIBED: &str = "Not described by the spec.";

/// How many places a type's "Found in" sentence names before "and N more": a type shared by
/// hundreds of fields would otherwise get a page of links.
const HOLDERS_NAMED: usize = 5;

/// A place that holds values of a generated type, directly or in a list, map or `Option`: what
/// lets a reader go from a type up to where it is met. It borrows the names from the finished
/// types and operations: every field of every type is a holder, and copying two names for each
/// made listing them the costliest step left on one thread after lowering's loop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Holder<'a> {
    /// A field or variant of another generated type or of a parameters struct, as
    /// `Parent::member` (a path rustdoc resolves from the types module).
    Member { parent: &'a str, member: &'a str },
    /// A path parameter: an argument of a client method.
    Argument { method: &'a str, argument: &'a str },
    /// A list or map that is a method's whole request body or reply (a type that is the whole
    /// body or reply itself says so by its role).
    Message { method: &'a str, part: Message },
}

/// The places that hold a type's values, as its docs name them: the first [`HOLDERS_NAMED`], and
/// how many there are (a type shared by thousands of fields would otherwise keep a holder each).
#[derive(Clone, Debug, Default)]
pub(super) struct Holders<'a> {
    named: Vec<Holder<'a>>,
    count: usize,
    /// The last added, so that a place met twice in a row counts once.
    last: Option<Holder<'a>>,
}

impl<'a> Holders<'a> {
    /// Adds `holder`, unless it is the one added last.
    pub(super) fn add(&mut self, holder: Holder<'a>) {
        if self.last == Some(holder) {
            return;
        }
        self.count += 1;
        if self.named.len() < HOLDERS_NAMED {
            self.named.push(holder);
        }
        self.last = Some(holder);
    }
}

impl<'a> FromIterator<Holder<'a>> for Holders<'a> {
    fn from_iter<I: IntoIterator<Item = Holder<'a>>>(holders: I) -> Self {
        let mut all = Self::default();
        for holder in holders {
            all.add(holder);
        }
        all
    }
}

/// The part of an exchange a [`Holder::Message`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Message {
    /// The request body.
    Request,
    /// A successful reply.
    Success,
    /// An error reply.
    Error,
}

/// "Found in [`A::b`] and the `id` argument of [`Client::get`](crate::Client::get)."
fn found_in(holders: &Holders<'_>) -> Option<String> {
    if holders.count == 0 {
        return None;
    }
    let mut named: Vec<String> = holders
        .named
        .iter()
        .map(|holder| match holder {
            Holder::Member { parent, member } => {
                format!("[`{parent}::{member}`]")
            }
            Holder::Argument { method, argument } => format!(
                "the `{argument}` argument of [`Client::{method}`](crate::Client::{method})"
            ),
            Holder::Message { method, part } => format!(
                "the {} of [`Client::{method}`](crate::Client::{method})",
                match part {
                    Message::Request => "request body",
                    Message::Success => "successful reply",
                    Message::Error => "error replies",
                }
            ),
        })
        .collect();
    let more = holders.count.saturating_sub(HOLDERS_NAMED);
    if more > 0 {
        named.push(format!(
            "{more} more place{}",
            if more == 1 { "" } else { "s" }
        ));
    }
    Some(format!("Found in {}.", english_list(named)))
}

/// What a type is for, from the roles and descriptions of the places that use it, its title
/// when that says more than its name, and where it is found. Empty when none of these is known:
/// the kind's own facts follow, and [`finish_type_docs`] says plainly if there are none.
pub(super) fn type_docs(
    draft: &Draft,
    name: &str,
    holders: &Holders<'_>,
    markdown: &mut MarkdownCache,
) -> Vec<String> {
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
    let described: Vec<&String> = draft.descriptions.iter().collect();
    let mut has_description = false;
    if let [description] = described.as_slice() {
        let converted = markdown.convert(description);
        if !converted.is_empty() {
            paragraphs.push(converted);
            has_description = true;
        }
    }
    // The name is made from the title, so a title says something only where it does not read
    // as the name (one overridden, or numbered apart from another).
    if !has_description
        && let Some(title) = &draft.title
        && !name.starts_with(&camel_ident(title))
    {
        let converted = markdown.convert(title);
        if !converted.is_empty() {
            paragraphs.push(format!("{}.", converted.trim_end_matches('.')));
        }
    }
    if let Some(found) = found_in(holders) {
        paragraphs.push(found);
    }
    if paragraphs.is_empty() && matches!(draft.kind, DraftKind::ByStatus(_)) {
        paragraphs.push("An error body, by the status of the reply.".to_owned());
    }
    paragraphs
}

/// A type's final docs from its paragraphs; [`NOT_DESCRIBED`] when there are none.
pub(super) fn finish_type_docs(paragraphs: &[String]) -> String {
    if paragraphs.is_empty() {
        NOT_DESCRIBED.to_owned()
    } else {
        paragraphs.join("\n\n")
    }
}

/// An object type's docs: what it is for, then its bounds on properties and the sets of
/// properties of which it must carry one.
pub(super) fn struct_docs(
    mut paragraphs: Vec<String>,
    bounds: &PropertyBounds,
    required_sets: &RequiredSets,
    rules: &[ServerRule],
    absent: &[String],
) -> Vec<String> {
    if let Some(notes) = property_notes(bounds) {
        paragraphs.push(notes);
    }
    if !absent.is_empty() {
        let names: Vec<String> = absent.iter().map(|name| code_span(name, false)).collect();
        paragraphs.push(format!(
            "A value never has {} (the spec's schema for it is `false`).",
            english_list(names)
        ));
    }
    if let Some(notes) = server_rule_notes(rules) {
        paragraphs.push(notes);
    }
    if !required_sets.sets.is_empty() {
        let sets: Vec<String> = required_sets
            .sets
            .iter()
            .map(|set| {
                let names: Vec<String> = set.iter().map(|name| format!("`{name}`")).collect();
                english_list(names)
            })
            .collect();
        let how_many = if required_sets.exclusive {
            "exactly one"
        } else {
            "at least one"
        };
        paragraphs.push(format!(
            "A value carries {how_many} of these sets of properties in full (the spec lists \
             them as alternatives of required properties): {}.",
            sets.join("; ")
        ));
    }
    paragraphs
}

/// A choice's docs: what it is for, then how a value finds its form.
pub(super) fn one_of_docs(
    mut paragraphs: Vec<String>,
    variants: usize,
    unknown: Option<&str>,
    overlap: Overlap,
) -> Vec<String> {
    let mut text = match overlap {
        Overlap::Refused => format!(
            "One of {variants} forms, exactly one of which must accept the value (the spec's \
             `oneOf`): decoding refuses a value that several accept"
        ),
        Overlap::RefusedAsRequest => format!(
            "One of {variants} forms, exactly one of which must accept the value (the spec's \
             `oneOf`): a request's value that several accept is refused, a reply's takes the \
             first"
        ),
        Overlap::Allowed | Overlap::Impossible | Overlap::Unchecked => {
            format!("One of {variants} forms, told apart by trying each in order")
        }
    };
    if let Some(unknown) = unknown {
        let _ = write!(
            text,
            "; a reply in none of them is kept whole in `{unknown}`"
        );
    }
    text.push('.');
    paragraphs.push(text);
    paragraphs
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

/// What a generated type holds, for the docs of a choice's form that holds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Shape {
    /// A struct: a JSON object.
    Object,
    /// A string enum.
    Listed,
    /// A constrained string.
    Text,
    /// A choice of forms, or error bodies by status.
    Choice,
}

/// The JSON value a type reads, as a sentence start ("A JSON object ([`Foo`])");
/// `named` tells what a generated type holds. Constraints are [`value_notes`]' to add.
fn value_shape(ty: &TypeRef, named: &impl Fn(TypeId) -> (Shape, String)) -> String {
    match ty {
        TypeRef::Named(id) => {
            let (shape, name) = named(*id);
            match shape {
                Shape::Object => format!("A JSON object ([`{name}`])"),
                Shape::Listed => format!("One of the strings [`{name}`] lists"),
                Shape::Text => format!("A string ([`{name}`])"),
                Shape::Choice => format!("A value in one of the forms of [`{name}`]"),
            }
        }
        TypeRef::String(_) => "A JSON string".to_owned(),
        TypeRef::Integer(_) => "An integer".to_owned(),
        TypeRef::Number(_) => "A number".to_owned(),
        TypeRef::Boolean => "`true` or `false`".to_owned(),
        TypeRef::Array(items, _) => format!(
            "A JSON list, each item {}",
            lower_first(&value_shape(items, named))
        ),
        TypeRef::Tuple(positions) => {
            let positions: Vec<String> = positions
                .iter()
                .map(|position| lower_first(&value_shape(position, named)))
                .collect();
            format!(
                "A JSON list of exactly {} items: {}",
                positions.len(),
                positions.join("; ")
            )
        }
        TypeRef::Nullable(inner) => format!("{}, or `null`", value_shape(inner, named)),
        TypeRef::MapOf(values, _) => format!(
            "A JSON object, each property's value {}",
            lower_first(&value_shape(values, named))
        ),
        TypeRef::Map(_) => "A JSON object of any properties".to_owned(),
        TypeRef::Any => "Any JSON value".to_owned(),
        TypeRef::File => "A file".to_owned(),
    }
}

/// `text` with its first letter in lower case, to continue a sentence.
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_lowercase().chain(chars).collect()
    })
}

/// The docs of one form of a choice: the JSON value it reads, and when it is tried, which
/// decides where a value that more than one form accepts goes.
pub(super) fn one_of_variant_docs(
    ty: &TypeRef,
    index: usize,
    named: &impl Fn(TypeId) -> (Shape, String),
) -> String {
    let order = match index {
        0 => "tried first".to_owned(),
        1 => "tried second, when the value is not the first form".to_owned(),
        2 => "tried third, when the value is none of the forms before".to_owned(),
        n => format!(
            "tried in place {}, when the value is none of the forms before",
            n + 1
        ),
    };
    let mut docs = format!("{}; {order}.", value_shape(ty, named));
    // `Nullable` says "or `null`" in the shape already.
    let inner = match ty {
        TypeRef::Nullable(inner) => inner,
        other => other,
    };
    if let Some(notes) = value_notes(inner) {
        docs.push(' ');
        docs.push_str(&notes);
    }
    docs
}

/// The docs of one enum value: the value as it is on the wire, where the name does not show it.
pub(super) fn enum_variant_docs(wire: &str, rust_name: &str) -> String {
    if wire.is_empty() {
        "The empty string on the wire.".to_owned()
    } else if wire == rust_name {
        "Written on the wire exactly as named.".to_owned()
    } else {
        format!("{} on the wire.", code_span(wire, false))
    }
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

/// A constrained string's docs: what it is for, then its rule and where it is checked.
pub(super) fn newtype_docs(
    mut paragraphs: Vec<String>,
    name: &str,
    constraints: &StringConstraints,
) -> Vec<String> {
    paragraphs.push(format!(
        "{}: [`{name}::new`] checks this before anything is sent. Values received from the API \
         are kept as they are, unchecked.",
        length_rule(constraints)
    ));
    paragraphs
}

/// The docs of a constrained string's constructor.
pub(super) fn newtype_constructor_docs(constraints: &StringConstraints) -> String {
    format!(
        "Checks `value` against the spec: {}.\n\n# Errors\n\n[`InvalidValue`](crate::InvalidValue) \
         naming this type, the expected length and the length given.",
        length_rule(constraints).to_lowercase()
    )
}

/// The note on a required property its object neither lists nor allows
/// (`FieldKey::required_yet_forbidden`).
pub(super) const REQUIRED_YET_FORBIDDEN: &str = "The spec requires this property but does not \
     describe it, and its object allows no property it does not describe: as written, no value \
     of the object would be valid. It is read as a property of any value, the way the spec's \
     `required` names it.";

/// What a field is: its description, what the docs of its value add, who sends it, its name on
/// the wire where that is not its Rust name; [`NOT_DESCRIBED`] when nothing is known.
pub(super) fn field_docs(description: &str, field: &FieldKey, rust_name: &str) -> String {
    let mut paragraphs = Vec::new();
    if !description.is_empty() {
        paragraphs.push(description.to_owned());
    }
    if let Some(notes) = value_notes(&field.ty) {
        paragraphs.push(notes);
    }
    if let Some(default) = &field.default {
        paragraphs.push(format!(
            "The server assumes {} when it is left out.",
            code_span(default, false)
        ));
    }
    if field.read_only {
        paragraphs.push("Sent by the server only; never sent in a request.".to_owned());
    }
    if field.write_only {
        paragraphs.push("Sent in requests only; the server never returns it.".to_owned());
    }
    if field.required_yet_forbidden {
        paragraphs.push(REQUIRED_YET_FORBIDDEN.to_owned());
    }
    if let Some(notes) = server_rule_notes(&field.rules) {
        paragraphs.push(notes);
    }
    // Serde's rename is invisible in rustdoc, and the API's own docs use the wire name.
    if field.wire_name != rust_name {
        paragraphs.push(format!(
            "Named {} on the wire.",
            code_span(&field.wire_name, false)
        ));
    }
    if paragraphs.is_empty() {
        paragraphs.push(NOT_DESCRIBED.to_owned());
    }
    paragraphs.join("\n\n")
}

/// The note on a field whose one allowed value `new` sets; `enum_name` names the field's enum
/// type, when the value is one of its variants.
pub(super) fn fixed_value_note(fixed: &FixedValue, enum_name: Option<&str>) -> String {
    let value = match (fixed, enum_name) {
        (FixedValue::Variant(variant), Some(name)) => format!("[`{name}::{variant}`]"),
        (FixedValue::Variant(variant), None) => format!("`{variant}`"),
        (FixedValue::Integer(value), _) => format!("`{value}`"),
    };
    format!(
        "The spec allows this one value, {value}: `new` sets it, so it is no argument of `new`."
    )
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

/// The method's documentation from the fragment: summary, then description (both already
/// Markdown: the description is converted once, for the table's entry too); empty when the
/// fragment has neither, and the method's docs then start with its route.
pub(super) fn operation_summary(summary: Option<&str>, description: Option<&str>) -> String {
    let paragraphs: Vec<&str> = [summary, description]
        .into_iter()
        .flatten()
        .filter(|markdown| !markdown.is_empty())
        .collect();
    paragraphs.join("\n\n")
}

/// One entry of a method's argument list: a path parameter, with its description or, failing
/// that, the placeholder of the route it fills.
pub(super) fn argument_doc(name: &str, wire: &str, docs: &str) -> String {
    if docs.is_empty() {
        format!("- `{name}`: fills `{{{wire}}}` in the path.")
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
    if !docs.is_empty() {
        docs.push_str("\n\n");
    }
    let _ = write!(
        docs,
        "`{} {}` (operation `{}`).",
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

/// The docs of a resource's module of types: which operations it stands for (`keys`, as
/// `grouping` read them) and the feature that compiles it.
pub(super) fn resource_docs(grouping: Grouping, keys: &[&str], feature: &str) -> String {
    format!(
        "The types that only {} use; the types they share with other operations are in \
         `common`, and every type is also found directly in `types`.\n\n\
         Compiled with the feature `{feature}` (on by default), as those operations are.",
        resource_operations(grouping, keys)
    )
}

/// The docs of the `impl Client` block holding a resource's methods, which heads them on the
/// `Client` page.
pub(super) fn resource_methods_docs(grouping: Grouping, keys: &[&str], feature: &str) -> String {
    let which = resource_operations(grouping, keys);
    let mut first = which.chars();
    let which = first
        .next()
        .map(|letter| letter.to_uppercase().chain(first).collect::<String>())
        .unwrap_or_default();
    format!("{which}. Compiled with the feature `{feature}` (on by default).")
}

/// The operations a resource stands for, as its docs name them: "the operations tagged `Pets`".
fn resource_operations(grouping: Grouping, keys: &[&str]) -> String {
    let keys: Vec<String> = keys
        .iter()
        .map(|key| match grouping {
            Grouping::FirstTag => format!("tagged {}", code_span(key, false)),
            Grouping::FirstPathSegment | Grouping::None => code_span(&format!("/{key}"), false),
        })
        .collect();
    match grouping {
        Grouping::FirstTag => format!("the operations {}", english_list(keys)),
        Grouping::FirstPathSegment | Grouping::None => {
            format!("the operations under {}", english_list(keys))
        }
    }
}

/// The crate root's docs: what the crate offers, a first call, how to stay compatible.
pub(super) fn crate_docs(
    api_name: &str,
    operations: usize,
    first_call: Option<&str>,
    skipped: &[SkippedOperation],
    resources: &[Resource],
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
         says what every request carries and how each reply becomes a success or an [`Error`]; \
         [`ClientBuilder::transport`] answers requests in-process instead, for tests of code \
         that calls this crate without a server.\n\n\
         # Features\n\n\
         - `rustls` (default): TLS through rustls, with the platform's certificate verifier.\n\
         - `native-tls`: TLS through the platform's own library (OpenSSL, Secure Transport, \
         SChannel) instead; turn off the default features to leave rustls out.\n\
         - `schemars` (default): every type implements `schemars::JsonSchema`, its schema the \
         spec's own (the crate's tests compare them).\n\
         - `mcp`: a Model Context Protocol server for AI agents (below).",
    );
    if !resources.is_empty() {
        docs.push_str(
            "\n\nOne feature per resource, all on by default, compiles its operations (methods, \
             table entries, dynamic calls, MCP tools) and the types only they use; the types \
             several resources share are always compiled. A crate that calls only some \
             resources can turn off the default features and list the ones it calls (with \
             `rustls` or `native-tls`); its docs then show links to the other resources' items \
             as plain text:\n",
        );
        for resource in resources {
            let _ = write!(
                docs,
                "\n- `{}` (default): the resource `{}`, its operations and the types only they \
                 use (`types::{}`).",
                resource.feature, resource.module, resource.module
            );
        }
    }
    docs.push_str(
        "\n\n# Staying compatible with new versions\n\n\
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

/// The docs of the method that walks the pages of the list method `list_fn`, whose page number
/// and size are the query parameters `page` and `limit`.
pub(super) fn pages_docs(list_fn: &str, page: &str, limit: &str) -> String {
    format!(
        "Every item of every page of [`Client::{list_fn}`], as a stream: it asks for the page \
         the parameters name (`{page}`; the first when unset), then the next, and so on, and \
         ends after a page with fewer items than `{limit}` (or none, when `{limit}` is unset), or \
         an empty one.\n\n\
         Each page is one call of [`Client::{list_fn}`], made when the stream needs its items, \
         with the same arguments but `{page}`.\n\n\
         # Errors\n\n\
         A failed call is the stream's last item: the stream then ends. Nothing is retried; to \
         go on, call this method again with `{page}` set to the page that failed.\n\n\
         Read it with `futures_util::StreamExt::next` (or any stream combinator) after pinning \
         it (`std::pin::pin!`)."
    )
}

/// The crate docs' section on the methods that walk list operations' pages, naming the first;
/// empty when no operation has pages.
pub(super) fn pages_crate_docs(operations: &[Operation]) -> String {
    // A deprecated operation is a poor first example.
    fn with_pages(operation: &Operation) -> Option<(&String, &Pages)> {
        Some((&operation.fn_name, operation.pages.as_ref()?))
    }
    let Some((list, pages)) = operations
        .iter()
        .filter(|operation| !operation.deprecated)
        .find_map(with_pages)
        .or_else(|| operations.iter().find_map(with_pages))
    else {
        return String::new();
    };
    format!(
        "\n\n# Walking the pages of a list\n\n\
         A list operation that takes a page number and a page size and answers with the page's \
         items in `results` also has a method that returns every item of every page as a \
         stream: [`Client::{stream}`] beside [`Client::{list}`]. It asks for one page at a time, \
         when the stream needs more items, and ends after a page with fewer items than the page \
         size, or an empty one. An error is the stream's last item; nothing is retried.",
        stream = pages.fn_name,
    )
}

/// The crate docs' section on request fields the spec fixes to one value, with the first
/// such field as its example; empty when no request type has one.
pub(super) fn fixed_values_docs(types: &[TypeDef]) -> String {
    let example = types.iter().find_map(|definition| {
        let TypeKind::Struct(structure) = &definition.kind else {
            return None;
        };
        structure.fields.iter().find_map(|field| {
            let value = match (field.fixed.as_ref()?, &field.ty) {
                (FixedValue::Variant(variant), TypeRef::Named(id)) => {
                    let name = &types.get(id.0)?.name;
                    format!("[`{name}::{variant}`](types::{name}::{variant})")
                }
                (FixedValue::Integer(value), _) => format!("`{value}`"),
                (FixedValue::Variant(variant), _) => format!("`{variant}`"),
            };
            Some(format!(
                "[`{name}::new`](types::{name}::new) sets `{field}` to {value}",
                name = definition.name,
                field = field.rust_name
            ))
        })
    });
    let Some(example) = example else {
        return String::new();
    };
    format!(
        "\n\n# Values the spec fixes\n\n\
         A required request field whose schema allows one value (an `enum` of one value, or \
         `const`) is no argument of its struct's `new`, which sets it: {example}, so a call \
         names only the other required fields. The field stays public. Should the spec allow \
         it a second value, it becomes an argument of `new` again, a breaking change that \
         `cargo xtask codegen` reports."
    )
}

/// "1 item", "2 items"; "1 property", "2 properties".
fn counted(count: u64, noun: &str) -> String {
    match (count, noun.strip_suffix('y')) {
        (1, _) => format!("1 {noun}"),
        (_, Some(stem)) => format!("{count} {stem}ies"),
        (_, None) => format!("{count} {noun}s"),
    }
}

fn item_notes(bounds: ItemBounds) -> Option<String> {
    let mut notes = Vec::new();
    match (bounds.min_items, bounds.max_items) {
        (Some(min), Some(max)) => notes.push(format!("From {min} to {max} items.")),
        (Some(min), None) => notes.push(format!("At least {}.", counted(min, "item"))),
        (None, Some(max)) => notes.push(format!("At most {}.", counted(max, "item"))),
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
        (Some(min), None) => notes.push(format!("At least {}.", counted(min, "property"))),
        (None, Some(max)) => notes.push(format!("At most {}.", counted(max, "property"))),
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
        TypeRef::Array(_, bounds) => item_notes(**bounds),
        TypeRef::Map(bounds) | TypeRef::MapOf(_, bounds) => property_notes(bounds),
        TypeRef::Nullable(inner) => Some(value_notes(inner).map_or_else(
            || "May be `null`.".to_owned(),
            |notes| format!("{notes} May be `null`."),
        )),
        TypeRef::Integer(integer) => numeric_notes(&integer.constraints),
        TypeRef::Number(numeric) => numeric_notes(numeric),
        TypeRef::String(string) => string_notes(string),
        TypeRef::Named(_) | TypeRef::Boolean | TypeRef::Any | TypeRef::File | TypeRef::Tuple(_) => {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::{
        Holder, Holders, NOT_DESCRIBED, Shape, argument_doc, enum_variant_docs, field_docs,
        finish_type_docs, method_docs, one_of_variant_docs, operation_summary, type_docs,
    };
    use crate::ir::{StringConstraints, TypeId, TypeRef, Usage};
    use crate::lower::types::{Draft, DraftKind, FieldKey, MarkdownCache};
    use crate::spec::Method;

    fn field(wire_name: &str, ty: TypeRef) -> FieldKey {
        FieldKey {
            wire_name: wire_name.to_owned(),
            required: false,
            ty,
            description: None,
            deprecated: false,
            default: None,
            read_only: false,
            write_only: false,
            required_yet_forbidden: false,
            rules: Vec::new(),
        }
    }

    fn draft(kind: DraftKind, title: Option<&str>) -> Draft {
        Draft {
            kind,
            hints: BTreeMap::new(),
            overrides: BTreeSet::new(),
            title: title.map(str::to_owned),
            descriptions: BTreeSet::new(),
            roles: BTreeMap::new(),
            usage: Usage::default(),
            origins: Vec::new(),
            tag: false,
        }
    }

    fn member<'a>(parent: &'a str, member: &'a str) -> Holder<'a> {
        Holder::Member { parent, member }
    }

    fn text() -> TypeRef {
        TypeRef::String(StringConstraints::default().into())
    }

    #[test]
    fn an_undescribed_field_says_so_instead_of_repeating_its_name() {
        let docs = field_docs("", &field("id", text()), "id");
        assert_eq!(docs, NOT_DESCRIBED);
        assert!(!docs.contains("`id`"), "{docs}");
    }

    #[test]
    fn a_field_renamed_from_the_wire_names_its_wire_name() {
        let docs = field_docs("", &field("itemId", text()), "item_id");
        assert_eq!(docs, "Named `itemId` on the wire.");
        let described = field_docs("The item.", &field("type", text()), "type_");
        assert_eq!(described, "The item.\n\nNamed `type` on the wire.");
    }

    #[test]
    fn a_field_with_constraints_is_documented_by_them() {
        let constrained = TypeRef::Array(
            Box::new(text()),
            crate::spec::ItemBounds {
                min_items: Some(1),
                max_items: None,
                unique: true,
            }
            .into(),
        );
        let docs = field_docs("", &field("tags", constrained), "tags");
        assert_eq!(docs, "At least 1 item. No two items are equal.");
    }

    #[test]
    fn an_undescribed_type_says_where_it_is_found() {
        let enumeration = draft(DraftKind::Enum(vec!["a".to_owned()]), None);
        let holders = [
            member("Settings", "mode"),
            Holder::Argument {
                method: "get_thing",
                argument: "mode",
            },
        ];
        assert_eq!(
            type_docs(
                &enumeration,
                "Mode",
                &holders.into_iter().collect(),
                &mut MarkdownCache::default()
            ),
            ["Found in [`Settings::mode`] and the `mode` argument of \
              [`Client::get_thing`](crate::Client::get_thing)."]
        );
        let listed = [Holder::Message {
            method: "list_things",
            part: super::Message::Success,
        }];
        assert_eq!(
            type_docs(
                &enumeration,
                "Thing",
                &listed.into_iter().collect(),
                &mut MarkdownCache::default()
            ),
            [
                "Found in the successful reply of [`Client::list_things`](crate::Client::list_things)."
            ]
        );
        let fields: Vec<String> = (0..7).map(|index| format!("f{index}")).collect();
        let many: Vec<Holder<'_>> = fields.iter().map(|field| member("P", field)).collect();
        let docs = type_docs(
            &enumeration,
            "Mode",
            &many.into_iter().collect(),
            &mut MarkdownCache::default(),
        )
        .join("\n\n");
        assert!(docs.ends_with("[`P::f4`] and 2 more places."), "{docs}");
        assert!(!docs.contains("P::f5"), "{docs}");
    }

    #[test]
    fn a_type_with_nothing_known_says_so_and_a_title_that_is_the_name_adds_nothing() {
        let titled = draft(DraftKind::Enum(vec!["a".to_owned()]), Some("thing mode"));
        assert!(
            type_docs(
                &titled,
                "ThingMode",
                &Holders::default(),
                &mut MarkdownCache::default()
            )
            .is_empty()
        );
        assert!(
            type_docs(
                &titled,
                "ThingMode2",
                &Holders::default(),
                &mut MarkdownCache::default()
            )
            .is_empty()
        );
        assert_eq!(finish_type_docs(&[]), NOT_DESCRIBED);
        // A name given by an override does not say what the title says.
        assert_eq!(
            type_docs(
                &titled,
                "Mode",
                &Holders::default(),
                &mut MarkdownCache::default()
            ),
            ["thing mode."]
        );
    }

    #[test]
    fn an_enum_value_shows_its_wire_spelling_only_where_the_name_hides_it() {
        assert_eq!(
            enum_variant_docs("ai_memo.created", "AiMemoCreated"),
            "`ai_memo.created` on the wire."
        );
        assert_eq!(
            enum_variant_docs("active", "Active"),
            "`active` on the wire."
        );
        assert_eq!(
            enum_variant_docs("GetCustomer", "GetCustomer"),
            "Written on the wire exactly as named."
        );
        assert_eq!(
            enum_variant_docs("", "Value"),
            "The empty string on the wire."
        );
    }

    #[test]
    fn a_form_of_a_choice_says_what_it_reads_and_when_it_is_tried() {
        let shape_of = |id: TypeId| (Shape::Object, format!("Thing{}", id.0));
        let named = one_of_variant_docs(&TypeRef::Named(TypeId(3)), 0, &shape_of);
        assert_eq!(named, "A JSON object ([`Thing3`]); tried first.");
        let list = one_of_variant_docs(
            &TypeRef::Array(Box::new(text()), crate::spec::ItemBounds::default().into()),
            1,
            &shape_of,
        );
        assert_eq!(
            list,
            "A JSON list, each item a JSON string; tried second, when the value is not the first form."
        );
        let nullable =
            one_of_variant_docs(&TypeRef::Nullable(Box::new(TypeRef::Boolean)), 4, &shape_of);
        assert!(
            nullable.starts_with("`true` or `false`, or `null`; tried in place 5"),
            "{nullable}"
        );
    }

    #[test]
    fn an_operation_without_summary_starts_with_its_route() {
        let summary = operation_summary(None, Some(""));
        assert!(summary.is_empty());
        let docs = method_docs(
            &summary,
            Method::Get,
            "/things/{id}",
            "GetThing",
            &[],
            "Example",
            "",
        );
        assert!(
            docs.starts_with("`GET /things/{id}` (operation `GetThing`)."),
            "{docs}"
        );
        assert_eq!(
            argument_doc("thing_id", "thingId", ""),
            "- `thing_id`: fills `{thingId}` in the path."
        );
    }
}
