//! `src/operations/<module>.rs`: one `impl Client` block per resource, which heads its methods
//! on the `Client` page, each method building its request as the IR's parameters, body and reply
//! say.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::long_texts::LongTexts;
use super::text::{ItemText, string_literal};
use super::{
    Enclosing, FileText, Printing, checks, ident, render_groups_within, type_tokens, types,
};
use crate::error::Error;
use crate::ir::{
    Api, Body, BodyFormat, BodyKind, HeaderEncoding, MultipartField, Operation, PATH_BINDING,
    Param, PartEncoding, PathPart, PathValue, QueryEncoding, QueryValue, REQUEST_BINDING,
    Redirects, Reply, Sending, StatusMatch, TypeKind, TypeRef, ValueText,
};
use crate::spec::ItemBounds;

/// The methods of a resource's operations, in one `impl Client` block (each printed on its own,
/// see [`render_groups_within`]).
pub(super) fn operations_rs(
    api: &Api,
    operations: &[&Operation],
    printing: Printing,
) -> Result<FileText, Error> {
    // Imported only where used, so no API (and no set of features) gets an unused import.
    let encode = operations
        .iter()
        .any(|operation| operation.encodes_path_segments())
        .then(|| {
            quote!(
                use crate::runtime::encode_path_segment;
            )
        });
    let header = quote! {
        //! One method per operation.

        use crate::runtime::{Client, Error, Request};
        #encode
        #[allow(unused_imports, reason = "some resources' operations name no generated type")]
        use crate::types;
    };
    let docs = match operations.first().and_then(|operation| operation.resource) {
        Some(resource) => api.resources[resource].methods_docs.as_str(),
        None if api.resources.is_empty() => "The API's operations.",
        None => "The operations of no resource, compiled whatever the features.",
    };
    let enclosing = Enclosing {
        attrs: LongTexts::plain().docs(docs),
        head: || quote!(impl Client),
    };
    render_groups_within(
        header,
        &enclosing,
        operations.len(),
        |index, texts| {
            let operation = operations[index];
            let method = texts.item(operation_text(api, operation), |texts| {
                operation_tokens(api, operation, texts)
            });
            let pages = pages_tokens(api, operation, texts);
            quote!(#method #pages)
        },
        "src/operations",
        printing,
    )
}

/// The emitted method's arguments (after `&self`) and its return type, as token text: the
/// signature downstream code calls, read back from the very tokens emitted, for the change
/// report. `None` only if the tokens are not a method, which emitting reports as a bug.
pub(crate) fn signature_text(api: &Api, operation: &Operation) -> Option<(Vec<String>, String)> {
    let method: syn::ImplItemFn =
        syn::parse2(operation_tokens(api, operation, &mut LongTexts::plain())).ok()?;
    let inputs = method
        .sig
        .inputs
        .iter()
        .filter_map(|input| match input {
            syn::FnArg::Typed(argument) => Some(quote!(#argument).to_string()),
            syn::FnArg::Receiver(_) => None,
        })
        .collect();
    let output = match &method.sig.output {
        syn::ReturnType::Default => "()".to_owned(),
        syn::ReturnType::Type(_, ty) => quote!(#ty).to_string(),
    };
    Some((inputs, output))
}

/// The `format!` string of an operation's path below the base URL (without its leading `/`,
/// braces escaped, `{}` for each parameter) and the parameters written into it, in order.
fn path_format(operation: &Operation) -> (String, Vec<&Param>) {
    let mut format_string = String::new();
    let mut params = Vec::new();
    let mut first = true;
    for part in &operation.path {
        match part {
            PathPart::Literal(text) => {
                let text = if first {
                    text.trim_start_matches('/')
                } else {
                    text.as_str()
                };
                format_string.push_str(&text.replace('{', "{{").replace('}', "}}"));
            }
            PathPart::Param(index) => {
                format_string.push_str("{}");
                params.push(&operation.params[*index]);
            }
        }
        first = false;
    }
    (format_string, params)
}

/// The expression that builds an operation's path below the base URL, each parameter written
/// as its [`PathValue`] says, so no value can change the URL's structure.
fn path_expression(operation: &Operation) -> TokenStream {
    let (format_string, params) = path_format(operation);
    let format_arguments: Vec<TokenStream> = params
        .iter()
        .map(|param| {
            let name = ident(&param.rust_name);
            let value = match param.sending {
                Sending::Path(PathValue::StringLike) => quote!(#name.as_str()),
                Sending::Path(PathValue::Choice) => quote!(&#name.to_string()),
                _ => quote!(#name),
            };
            let encoded = matches!(param.sending, Sending::Path(kind) if kind.is_percent_encoded());
            if encoded {
                quote!(encode_path_segment(#value))
            } else {
                value
            }
        })
        .collect();
    if format_arguments.is_empty() {
        quote!(String::from(#format_string))
    } else if format_string == "{}" {
        // A path that is one parameter (`/{id}`): `format!` of it alone is clippy's
        // `useless_format`.
        let argument = &format_arguments[0];
        quote!(#argument.to_string())
    } else {
        quote!(format!(#format_string, #(#format_arguments),*))
    }
}

/// The type a path parameter's argument is taken as.
fn path_argument_type(api: &Api, param: &Param, value: PathValue) -> TokenStream {
    let ty = type_tokens(api, &param.ty, &quote!(types::));
    match value {
        PathValue::Text => quote!(&str),
        PathValue::StringLike | PathValue::Choice => quote!(&#ty),
        PathValue::Display => ty,
    }
}

fn operation_tokens(api: &Api, operation: &Operation, texts: &mut LongTexts) -> TokenStream {
    let types_prefix = quote!(types::);
    let fn_name = format_ident!("{}", operation.fn_name);
    let operation_id = &operation.operation_id;
    let method = ident(operation.method.as_str());
    let request = ident(REQUEST_BINDING);
    let path_binding = ident(PATH_BINDING);

    let mut arguments = path_arguments(api, operation);
    let server = operation.server.map(|index| {
        let index = Literal::usize_unsuffixed(index);
        quote!(#request = #request.server(#index);)
    });
    // A path argument is checked before the path is written.
    let path_checks: Vec<TokenStream> = operation
        .params
        .iter()
        .filter_map(|param| {
            let Sending::Path(value) = param.sending else {
                return None;
            };
            if param.checks.is_empty() {
                return None;
            }
            let name = ident(&param.rust_name);
            let checks = checks::value_checks(&param.wire_name, &param.checks, false, None);
            // Scalars are taken by value, everything else by reference.
            let reference = match value {
                PathValue::Display => quote!(&#name),
                PathValue::Text | PathValue::StringLike | PathValue::Choice => quote!(#name),
            };
            Some(quote! {
                {
                    let value = #reference;
                    #checks
                }
            })
        })
        .collect();
    let mut statements: Vec<TokenStream> = server
        .into_iter()
        .chain(
            operation
                .fixed_query
                .iter()
                .map(|(name, value)| quote!(#request = #request.query(#name, #value);)),
        )
        .collect();
    if let Some(params_struct) = &operation.params_struct {
        let argument = ident(&params_struct.argument);
        let params_type = ident(&params_struct.name);
        arguments.push(quote!(#argument: &types::#params_type));
        statements.extend(
            operation
                .params
                .iter()
                .filter(|param| !matches!(param.sending, Sending::Path(_)))
                .map(|param| parameter_statement(param, &argument)),
        );
    }
    if let Some(body) = &operation.body {
        statements.push(body_statement(api, body, &mut arguments));
    }

    let path = path_expression(operation);
    let (success, call) = reply_tokens(
        api,
        &operation.success,
        operation.redirects.as_ref(),
        &mut statements,
    );
    let error = type_tokens(api, &operation.error, &types_prefix);

    let docs = texts.docs(&operation.docs);
    let deprecated = operation.deprecated.then(|| quote!(#[deprecated]));
    let allow = reads_deprecated(operation)
        .then(|| quote!(#[allow(deprecated, reason = #READS_DEPRECATED)]));
    let binding = if statements.is_empty() {
        quote!(let)
    } else {
        quote!(let mut)
    };

    quote! {
        #docs
        #deprecated
        #allow
        pub async fn #fn_name(&self, #(#arguments),*) -> Result<#success, Error<#error>> {
            #(#path_checks)*
            let #path_binding = #path;
            #binding #request = Request::new(#operation_id, reqwest::Method::#method, #path_binding);
            #(#statements)*
            #call.await
        }
    }
}

/// [`operation_tokens`]'s method as prettyplease prints it, for the common shapes: an operation
/// whose path arguments are not choices, whose parameters and body check no scalar, with no
/// multipart body, no list body with item bounds and no declared redirects. Its signature and `Request::new` are broken as prettyplease breaks
/// them when too wide, and the path's `format!` arguments filled as it fills a macro's tokens;
/// any other line wider than the margin makes it built as tokens.
fn operation_text(api: &Api, operation: &Operation) -> ItemText {
    let mut text = ItemText::new(4);
    let Some(parts) = method_parts(api, operation) else {
        text.not_fitting();
        return text;
    };
    let request = REQUEST_BINDING;
    text.docs(&operation.docs);
    if operation.deprecated {
        text.line(format_args!("#[deprecated]"));
    }
    if reads_deprecated(operation) {
        // Wider than the margin on one line: prettyplease puts each argument on its own.
        text.line(format_args!("#[allow("));
        text.depth_in();
        text.line(format_args!("deprecated,"));
        text.line(format_args!(
            "reason = {}",
            string_literal(READS_DEPRECATED)
        ));
        text.depth_out();
        text.line(format_args!(")]"));
    }
    text.signature(
        &format!("pub async fn {}", operation.fn_name),
        &parts.parameters,
        &parts.output,
    );
    if !path_text(operation, &mut text) {
        text.not_fitting();
        return text;
    }
    let binding = if parts.statements.is_empty() {
        "let"
    } else {
        "let mut"
    };
    text.call(
        &format!("{binding} {request} = Request::new"),
        &[
            string_literal(&operation.operation_id),
            format!("reqwest::Method::{}", operation.method.as_str()),
            PATH_BINDING.to_owned(),
        ],
        ";",
    );
    let mut depth = 0;
    for (level, line) in &parts.statements {
        while depth < *level {
            text.depth_in();
            depth += 1;
        }
        while depth > *level {
            text.depth_out();
            depth -= 1;
        }
        text.line(format_args!("{line}"));
    }
    for _ in 0..depth {
        text.depth_out();
    }
    text.line(format_args!("self.{}({request}).await", parts.execute));
    text.close(format_args!("}}"));
    text
}

/// What [`operation_text`] writes of an operation besides its path and its `Request::new`.
struct MethodParts {
    /// The signature's parameters, `&self` first.
    parameters: Vec<String>,
    /// The statements after `Request::new`, each a line at the body's nesting level, or in a
    /// block (`if let`, `for`) one level deeper: (its depth in the body, its line).
    statements: Vec<(usize, String)>,
    /// The return type.
    output: String,
    /// The runtime method that sends the request and reads the reply.
    execute: &'static str,
}

/// The [`MethodParts`] of an operation of a shape [`operation_text`] writes: see there.
fn method_parts(api: &Api, operation: &Operation) -> Option<MethodParts> {
    written_as_text(operation)?;
    let type_text = |ty: &TypeRef| super::type_text(api, ty, "types::");
    let request = REQUEST_BINDING;

    let mut parameters = vec!["&self".to_owned()];
    for param in &operation.params {
        let Sending::Path(value) = param.sending else {
            continue;
        };
        let ty = match value {
            PathValue::Text => Some("&str".to_owned()),
            PathValue::StringLike => type_text(&param.ty).map(|ty| format!("&{ty}")),
            PathValue::Display => type_text(&param.ty),
            PathValue::Choice => None,
        };
        parameters.push(format!("{}: {}", param.rust_name, ty?));
    }
    let mut statements: Vec<(usize, String)> = Vec::new();
    if let Some(server) = operation.server {
        statements.push((0, format!("{request} = {request}.server({server});")));
    }
    for (name, value) in &operation.fixed_query {
        statements.push((
            0,
            format!(
                "{request} = {request}.query({}, {});",
                string_literal(name),
                string_literal(value)
            ),
        ));
    }
    if let Some(params_struct) = &operation.params_struct {
        parameters.push(format!(
            "{}: &types::{}",
            params_struct.argument, params_struct.name
        ));
        for param in &operation.params {
            if !matches!(param.sending, Sending::Path(_)) {
                parameter_text(param, &params_struct.argument, &mut statements);
            }
        }
    }
    if let Some(body) = &operation.body
        && !body_text(api, body, &mut parameters, &mut statements)
    {
        return None;
    }
    let (success, execute) = match &operation.success {
        Reply::Json(ty) => (
            ty.as_ref().map_or_else(|| Some("()".to_owned()), type_text),
            "execute",
        ),
        Reply::Text(media_type) | Reply::Bytes(media_type) => {
            statements.push((
                0,
                format!(
                    "{request} = {request}.accept({});",
                    string_literal(media_type)
                ),
            ));
            if matches!(operation.success, Reply::Text(_)) {
                (Some("String".to_owned()), "execute_text")
            } else {
                (Some("Vec<u8>".to_owned()), "execute_bytes")
            }
        }
        Reply::Raw => (Some("crate::runtime::RawReply".to_owned()), "execute_raw"),
        Reply::Upgrade => (
            Some("crate::runtime::Upgrade".to_owned()),
            "execute_upgrade",
        ),
    };
    Some(MethodParts {
        parameters,
        statements,
        output: format!(
            "Result<{}, Error<{}>>",
            success?,
            type_text(&operation.error)?
        ),
        execute,
    })
}

/// `Some(())` when [`operation_text`] writes the operation's shape: see there.
fn written_as_text(operation: &Operation) -> Option<()> {
    let plain = operation.redirects.is_none()
        && operation.params.iter().all(|param| {
            param.checks.is_empty() && !matches!(param.sending, Sending::Path(PathValue::Choice))
        });
    let body_plain = operation.body.as_ref().is_none_or(|body| match &body.kind {
        BodyKind::EmptyObject => true,
        BodyKind::Argument(argument) => {
            argument.checks.is_empty()
                && match &argument.format {
                    BodyFormat::Json(ty) | BodyFormat::Form { ty, .. } => {
                        ty.item_bounds().is_none()
                    }
                    BodyFormat::Multipart { .. } => false,
                    BodyFormat::MultipartParts | BodyFormat::Text | BodyFormat::Bytes => true,
                }
        }
    });
    (plain && body_plain).then_some(())
}

/// `let path = …;` as prettyplease prints [`path_expression`]'s: a `format!` on one line when
/// it fits, else its arguments filled into lines one level deeper; `false` for a path argument
/// [`operation_text`] does not write.
fn path_text(operation: &Operation, text: &mut ItemText) -> bool {
    let (format_string, params) = path_format(operation);
    let path = PATH_BINDING;
    // Each argument as the pieces prettyplease may break between (before a `.`).
    let mut arguments: Vec<Vec<String>> = Vec::with_capacity(params.len());
    for param in params {
        let Sending::Path(value) = param.sending else {
            return false;
        };
        let name = param.rust_name.clone();
        let mut pieces = match value {
            PathValue::Text | PathValue::Display => vec![name],
            PathValue::StringLike => vec![name, ".as_str()".to_owned()],
            PathValue::Choice => return false,
        };
        if value.is_percent_encoded() {
            pieces[0].insert_str(0, "encode_path_segment(");
            if let Some(last) = pieces.last_mut() {
                last.push(')');
            }
        }
        arguments.push(pieces);
    }
    if arguments.is_empty() {
        text.call(
            &format!("let {path} = String::from"),
            &[string_literal(&format_string)],
            ";",
        );
        return true;
    }
    if format_string == "{}" {
        text.line(format_args!(
            "let {path} = {}.to_string();",
            arguments[0].concat()
        ));
        return true;
    }
    let mut pieces = vec![(0, format!("{},", string_literal(&format_string)))];
    let count = arguments.len();
    for (index, argument) in arguments.into_iter().enumerate() {
        // A space before the argument after its comma; none before a `.` within it.
        for (position, piece) in argument.into_iter().enumerate() {
            pieces.push((usize::from(position == 0), piece));
        }
        if index + 1 < count
            && let Some((_, last)) = pieces.last_mut()
        {
            last.push(',');
        }
    }
    text.macro_call(&format!("let {path} = format!("), &pieces, ");");
    true
}

/// [`parameter_statement`]'s lines for a parameter that checks no scalar.
fn parameter_text(param: &Param, params: &str, statements: &mut Vec<(usize, String)>) {
    let request = REQUEST_BINDING;
    let wire = string_literal(&param.wire_name);
    let field = &param.rust_name;
    let text_of = |value: &str, text: ValueText| match text {
        ValueText::AsStr => format!("{value}.as_str()"),
        ValueText::Display => format!("{value}.to_string()"),
    };
    let query_value = |value: &str, query_value: QueryValue| match query_value {
        QueryValue::Json => format!("{request} = {request}.query_json({wire}, {value});"),
        QueryValue::Text(text) => {
            format!(
                "{request} = {request}.query({wire}, {});",
                text_of(value, text)
            )
        }
    };
    let joined = |setter: &str, text: ValueText| {
        let owned = match text {
            ValueText::AsStr => format!("String::from({})", text_of("item", text)),
            ValueText::Display => text_of("item", text),
        };
        [
            format!("let joined: Vec<String> = value.iter().map(|item| {owned}).collect();"),
            format!("{request} = {request}.{setter}({wire}, joined.join(\",\"));"),
        ]
    };
    let send: Vec<(usize, String)> = match param.sending {
        Sending::Query(QueryEncoding::Single(value)) => vec![(0, query_value("value", value))],
        Sending::Query(QueryEncoding::EachItem(value)) => vec![
            (0, "for item in value {".to_owned()),
            (1, query_value("item", value)),
            (0, "}".to_owned()),
        ],
        Sending::Query(QueryEncoding::Joined(text)) => {
            joined("query", text).map(|line| (0, line)).into()
        }
        Sending::Query(QueryEncoding::Deep) => vec![(
            0,
            format!("{request} = {request}.query_deep({wire}, value);"),
        )],
        Sending::Query(QueryEncoding::Value { explode }) => vec![(
            0,
            format!("{request} = {request}.query_value({wire}, value, {explode});"),
        )],
        Sending::Header(HeaderEncoding::Value { explode }) => vec![(
            0,
            format!("{request} = {request}.header_value({wire}, value, {explode});"),
        )],
        Sending::Header(HeaderEncoding::Single(text)) => vec![(
            0,
            format!(
                "{request} = {request}.header({wire}, {});",
                text_of("value", text)
            ),
        )],
        Sending::Header(HeaderEncoding::Joined(text)) => {
            joined("header", text).map(|line| (0, line)).into()
        }
        Sending::Path(_) => return,
    };
    let count = param
        .ty
        .item_bounds()
        .map(|bounds| count_check_text(&param.wire_name, "value", bounds));
    let indent = usize::from(!param.required);
    if param.required {
        statements.push((0, format!("let value = &{params}.{field};")));
    } else {
        statements.push((0, format!("if let Some(value) = &{params}.{field} {{")));
    }
    statements.extend(count.map(|line| (indent, line)));
    statements.extend(send.into_iter().map(|(level, line)| (level + indent, line)));
    if !param.required {
        statements.push((0, "}".to_owned()));
    }
}

/// [`count_check`]'s statement.
fn count_check_text(name: &str, value: &str, bounds: ItemBounds) -> String {
    let bound = |bound: Option<u64>| {
        bound.map_or_else(|| "None".to_owned(), |value| format!("Some({value})"))
    };
    format!(
        "crate::runtime::check_count({}, {value}.len(), {}, {})?;",
        string_literal(name),
        bound(bounds.min_items),
        bound(bounds.max_items)
    )
}

/// [`body_statement`]'s argument and lines, for a body that checks nothing and is not
/// multipart; `false` for a type [`tokens_text`] does not print.
fn body_text(
    api: &Api,
    body: &Body,
    parameters: &mut Vec<String>,
    statements: &mut Vec<(usize, String)>,
) -> bool {
    let request = REQUEST_BINDING;
    let BodyKind::Argument(argument) = &body.kind else {
        statements.push((
            0,
            format!("{request} = {request}.json_body(&serde_json::Map::new());"),
        ));
        return true;
    };
    let name = &argument.name;
    let media_type = string_literal(&body.media_type);
    let type_text = |ty: &TypeRef| super::type_text(api, ty, "types::");
    let (ty, attach) = match &argument.format {
        BodyFormat::Json(ty) => (
            type_text(ty).map(|ty| format!("&{ty}")),
            format!("json_body({name})"),
        ),
        BodyFormat::Form { ty, deep_object } => {
            let deep: Vec<String> = deep_object
                .iter()
                .map(|name| string_literal(name))
                .collect();
            (
                type_text(ty).map(|ty| format!("&{ty}")),
                format!("form_body({name}, &[{}])", deep.join(", ")),
            )
        }
        BodyFormat::MultipartParts => (
            Some("&crate::runtime::Multipart".to_owned()),
            format!("multipart_body({name}.clone())"),
        ),
        BodyFormat::Text => (
            Some("&str".to_owned()),
            format!("raw_body({media_type}, {name})"),
        ),
        BodyFormat::Bytes => (
            Some("&[u8]".to_owned()),
            format!("raw_body({media_type}, {name}.to_vec())"),
        ),
        BodyFormat::Multipart { .. } => (None, String::new()),
    };
    let Some(ty) = ty else {
        return false;
    };
    if argument.required {
        parameters.push(format!("{name}: {ty}"));
        statements.push((0, format!("{request} = {request}.{attach};")));
    } else {
        parameters.push(format!("{name}: Option<{ty}>"));
        statements.push((0, format!("if let Some({name}) = {name} {{")));
        statements.push((1, format!("{request} = {request}.{attach};")));
        statements.push((0, "}".to_owned()));
    }
    true
}

/// Why a method that sends a deprecated parameter allows `deprecated`.
const READS_DEPRECATED: &str = "a deprecated parameter is still sent when a caller sets it";

/// Whether the method reads a deprecated parameter of its parameters struct, which it still
/// sends when a caller sets it.
fn reads_deprecated(operation: &Operation) -> bool {
    operation
        .params
        .iter()
        .any(|param| param.deprecated && !matches!(param.sending, Sending::Path(_)))
}

/// The method that walks the pages of a list operation ([`crate::ir::Pages`]), when it has
/// them: a stream of the items, each page one call of the list method, with the list method's
/// own arguments.
fn pages_tokens(api: &Api, operation: &Operation, texts: &mut LongTexts) -> Option<TokenStream> {
    let pages = operation.pages.as_ref()?;
    let params_struct = operation.params_struct.as_ref()?;
    let fn_name = ident(&pages.fn_name);
    let list_fn = ident(&operation.fn_name);
    let argument = ident(&params_struct.argument);
    let params_type = ident(&params_struct.name);
    let page = ident(&pages.page_field);
    let limit = ident(&pages.limit_field);
    let results = ident(&pages.results_field);
    let item = type_tokens(api, &pages.item, &quote!(types::));
    let error = type_tokens(api, &operation.error, &quote!(types::));
    let docs = texts.docs(&pages.docs);
    let deprecated = operation.deprecated.then(|| quote!(#[deprecated]));
    let reads_deprecated = operation.deprecated
        || operation.params.iter().any(|param| {
            param.deprecated
                && (param.rust_name == pages.page_field || param.rust_name == pages.limit_field)
        });
    let allow = reads_deprecated.then(|| {
        quote!(#[allow(deprecated, reason = "walks the pages of a deprecated operation or parameter")])
    });
    // The list method's signature, and its arguments as the stream keeps them.
    let mut arguments = path_arguments(api, operation);
    arguments.push(quote!(#argument: &types::#params_type));
    if let Some(body) = &operation.body {
        body_statement(api, body, &mut arguments);
    }
    let kept = kept_arguments(operation);
    let taken: Vec<&str> = kept.iter().map(|kept| kept.name.as_str()).collect();
    let client = ident(&fresh_name("client", &taken));
    let keep = kept.iter().filter_map(|kept| kept.keep.as_ref());
    let again = kept.iter().filter(|kept| kept.keep.is_some()).map(|kept| {
        let name = ident(&kept.name);
        quote!(let #name = #name.clone();)
    });
    let mut passed: Vec<TokenStream> = kept
        .iter()
        .filter(|kept| kept.in_path)
        .map(|kept| kept.pass.clone())
        .collect();
    passed.push(quote!(&#argument));
    passed.extend(
        kept.iter()
            .filter(|kept| !kept.in_path)
            .map(|kept| kept.pass.clone()),
    );
    let limit_value = if pages.limit_required {
        quote!(usize::try_from(#argument.#limit).ok())
    } else {
        quote!(#argument.#limit.and_then(|limit| usize::try_from(limit).ok()))
    };
    // An unset page number is the server's first page, so the next one is 2.
    let advance = if pages.page_required {
        quote! {
            |#argument: &mut types::#params_type| match #argument.#page.checked_add(1) {
                Some(next) => {
                    #argument.#page = next;
                    true
                }
                None => false,
            }
        }
    } else {
        quote! {
            |#argument: &mut types::#params_type| match #argument.#page.unwrap_or(1).checked_add(1) {
                Some(next) => {
                    #argument.#page = Some(next);
                    true
                }
                None => false,
            }
        }
    };
    let items = if pages.results_required {
        quote!(reply.#results)
    } else {
        quote!(reply.#results.unwrap_or_default())
    };
    Some(quote! {
        #docs
        #deprecated
        #allow
        pub fn #fn_name(
            &self,
            #(#arguments),*
        ) -> impl futures_core::Stream<Item = Result<#item, Error<#error>>> + Send + 'static {
            let #client = self.clone();
            #(#keep)*
            crate::runtime::walk_pages(
                #argument.clone(),
                #limit_value,
                #advance,
                move |#argument: types::#params_type| {
                    let #client = #client.clone();
                    #(#again)*
                    async move { #client.#list_fn(#(#passed),*).await.map(|reply| #items) }
                },
            )
        }
    })
}

/// A path argument or the body of a list method, as its page stream keeps it: the stream
/// outlives the borrowed arguments, so it keeps its own copy and lends it to each page's call.
struct KeptArgument {
    name: String,
    /// Whether it goes into the path (before the parameters struct) or is the body (after).
    in_path: bool,
    /// The statement that makes the owned copy; `None` for a `Copy` value taken by value.
    keep: Option<TokenStream>,
    /// The expression that passes the copy to the list method.
    pass: TokenStream,
}

/// The list method's path arguments and body, in its argument order.
fn kept_arguments(operation: &Operation) -> Vec<KeptArgument> {
    let mut kept: Vec<KeptArgument> = operation
        .params
        .iter()
        .filter_map(|param| {
            let Sending::Path(value) = param.sending else {
                return None;
            };
            let name = ident(&param.rust_name);
            let (keep, pass) = match value {
                PathValue::Text => (Some(quote!(let #name = #name.to_owned();)), quote!(&#name)),
                PathValue::StringLike | PathValue::Choice => {
                    (Some(quote!(let #name = #name.clone();)), quote!(&#name))
                }
                PathValue::Display => (None, quote!(#name)),
            };
            Some(KeptArgument {
                name: param.rust_name.clone(),
                in_path: true,
                keep,
                pass,
            })
        })
        .collect();
    let body = operation.body.as_ref().and_then(|body| match &body.kind {
        BodyKind::Argument(argument) => Some(argument),
        BodyKind::EmptyObject => None,
    });
    if let Some(argument) = body {
        let name = ident(&argument.name);
        // `&str` and `&[u8]` borrow unsized values, kept as a `String` and a `Vec<u8>`.
        let to_owned = match argument.format {
            BodyFormat::Text => Some(quote!(str::to_owned)),
            BodyFormat::Bytes => Some(quote!(<[u8]>::to_vec)),
            _ => None,
        };
        let (keep, pass) = match (argument.required, to_owned) {
            (true, Some(to_owned)) => (quote!(#to_owned(#name)), quote!(&#name)),
            (true, None) => (quote!(#name.clone()), quote!(&#name)),
            (false, Some(to_owned)) => (quote!(#name.map(#to_owned)), quote!(#name.as_deref())),
            (false, None) => (quote!(#name.cloned()), quote!(#name.as_ref())),
        };
        kept.push(KeptArgument {
            name: argument.name.clone(),
            in_path: false,
            keep: Some(quote!(let #name = #keep;)),
            pass,
        });
    }
    kept
}

/// `wanted`, or with as many `_` after it as it takes to differ from every name in `taken`.
fn fresh_name(wanted: &str, taken: &[&str]) -> String {
    let mut name = wanted.to_owned();
    while taken.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// The arguments that go into the path, in spec order.
fn path_arguments(api: &Api, operation: &Operation) -> Vec<TokenStream> {
    operation
        .params
        .iter()
        .filter_map(|param| match param.sending {
            Sending::Path(value) => {
                let name = ident(&param.rust_name);
                let ty = path_argument_type(api, param, value);
                Some(quote!(#name: #ty))
            }
            Sending::Query(_) | Sending::Header(_) => None,
        })
        .collect()
}

/// The success type and the runtime call that reads it; text and bytes are asked for with
/// their media type. Declared `3XX` replies make the success an `Outcome`, read by the same
/// reader once the declared redirects are sorted out.
fn reply_tokens(
    api: &Api,
    reply: &Reply,
    redirects: Option<&Redirects>,
    statements: &mut Vec<TokenStream>,
) -> (TokenStream, TokenStream) {
    let request = ident(REQUEST_BINDING);
    let (success, execute, reader) = match reply {
        Reply::Json(ty) => (
            ty.as_ref()
                .map_or_else(|| quote!(()), |ty| type_tokens(api, ty, &quote!(types::))),
            quote!(execute),
            quote!(crate::runtime::classify),
        ),
        Reply::Text(media_type) => {
            statements.push(quote!(#request = #request.accept(#media_type);));
            (
                quote!(String),
                quote!(execute_text),
                quote!(crate::runtime::classify_text),
            )
        }
        Reply::Bytes(media_type) => {
            statements.push(quote!(#request = #request.accept(#media_type);));
            (
                quote!(Vec<u8>),
                quote!(execute_bytes),
                quote!(crate::runtime::classify_bytes),
            )
        }
        Reply::Raw => (
            quote!(crate::runtime::RawReply),
            quote!(execute_raw),
            TokenStream::new(),
        ),
        Reply::Upgrade => (
            quote!(crate::runtime::Upgrade),
            quote!(execute_upgrade),
            TokenStream::new(),
        ),
    };
    let Some(redirects) = redirects else {
        return (success, quote!(self.#execute(#request)));
    };
    let body = redirects
        .body
        .as_ref()
        .map_or_else(|| quote!(()), |ty| type_tokens(api, ty, &quote!(types::)));
    let ranges = redirects.statuses.iter().filter_map(|status| {
        let (first, last) = match status {
            StatusMatch::Exact(code) => (*code, *code),
            StatusMatch::Class(class) => (class * 100, class * 100 + 99),
            StatusMatch::Default => return None,
        };
        let (first, last) = (
            Literal::u16_unsuffixed(first),
            Literal::u16_unsuffixed(last),
        );
        Some(quote!(crate::runtime::StatusRange { first: #first, last: #last }))
    });
    let reads_body = redirects.body.is_some();
    (
        quote!(crate::runtime::Outcome<#success, #body>),
        quote! {
            self.execute_outcome(
                #request,
                &crate::runtime::Redirects { statuses: &[#(#ranges),*], body: #reads_body },
                #reader,
            )
        },
    )
}

/// Adds the body argument, if the caller passes one, and returns the statement that attaches
/// the body to the request.
fn body_statement(api: &Api, body: &Body, arguments: &mut Vec<TokenStream>) -> TokenStream {
    let request = ident(REQUEST_BINDING);
    let media_type = &body.media_type;
    let BodyKind::Argument(argument) = &body.kind else {
        return quote!(#request = #request.json_body(&serde_json::Map::new()););
    };
    let name = ident(&argument.name);
    // A bare list or scalar body is checked as a field of a struct is (its item count, the
    // bounds of the scalars it holds); a struct body checks its own fields.
    let count = match &argument.format {
        BodyFormat::Json(ty) | BodyFormat::Form { ty, .. } => ty
            .item_bounds()
            .map(|bounds| count_check(&argument.name, &quote!(#name), bounds)),
        _ => None,
    };
    let scalars = (!argument.checks.is_empty()).then(|| {
        let checks = checks::value_checks(&argument.name, &argument.checks, false, None);
        quote! {
            {
                let value = #name;
                #checks
            }
        }
    });
    let count = quote!(#count #scalars);
    let (ty, attach) = match &argument.format {
        BodyFormat::Json(ty) => {
            let ty = type_tokens(api, ty, &quote!(types::));
            (quote!(&#ty), quote!(#request.json_body(#name)))
        }
        BodyFormat::Form { ty, deep_object } => {
            let ty = type_tokens(api, ty, &quote!(types::));
            (
                quote!(&#ty),
                quote!(#request.form_body(#name, &[#(#deep_object),*])),
            )
        }
        BodyFormat::Multipart { ty, parts } => {
            let parts = multipart_parts(api, ty, parts, &name);
            let ty = type_tokens(api, ty, &quote!(types::));
            (quote!(&#ty), quote!(#request.multipart_body(#parts)))
        }
        BodyFormat::MultipartParts => (
            quote!(&crate::runtime::Multipart),
            quote!(#request.multipart_body(#name.clone())),
        ),
        BodyFormat::Text => (quote!(&str), quote!(#request.raw_body(#media_type, #name))),
        BodyFormat::Bytes => (
            quote!(&[u8]),
            quote!(#request.raw_body(#media_type, #name.to_vec())),
        ),
    };
    if argument.required {
        arguments.push(quote!(#name: #ty));
        quote!(#count #request = #attach;)
    } else {
        arguments.push(quote!(#name: Option<#ty>));
        quote! {
            if let Some(#name) = #name {
                #count
                #request = #attach;
            }
        }
    }
}

/// The block that lists the parts of `body`, a multipart body of struct type `ty`: one
/// statement per property, in spec order, as its `PartEncoding` says.
fn multipart_parts(
    api: &Api,
    ty: &TypeRef,
    parts: &[MultipartField],
    body: &proc_macro2::Ident,
) -> TokenStream {
    let structure = match ty {
        TypeRef::Named(id) => match &api.get(*id).kind {
            TypeKind::Struct(structure) => Some(structure),
            _ => None,
        },
        _ => None,
    };
    let fields = structure.map_or(&[][..], |structure| structure.fields.as_slice());
    // The parts are written one by one, not by serialising the struct, so its own checks are
    // made here.
    let check = structure
        .filter(|structure| types::checks_when_encoding(structure))
        .map(|_| quote!(parts.check(#body.check_encoding());));
    let statements = parts.iter().filter_map(|part| {
        let field = fields
            .iter()
            .find(|field| field.wire_name == part.wire_name)?;
        let rust_name = ident(&field.rust_name);
        let wire = &part.wire_name;
        let content_type = part
            .content_type
            .as_ref()
            .map_or_else(|| quote!(None), |content_type| quote!(Some(#content_type)));
        let value = quote!(&#body.#rust_name);
        Some(match part.encoding {
            PartEncoding::File => quote!(parts.add_files(#wire, #value, #content_type);),
            PartEncoding::Text => quote!(parts.add_text(#wire, #value, #content_type);),
            PartEncoding::Json => quote!(parts.add_json(#wire, #value, #content_type);),
            PartEncoding::Deep => quote!(parts.add_deep(#wire, #value);),
        })
    });
    quote! {
        {
            let mut parts = crate::runtime::Multipart::new();
            #check
            #(#statements)*
            parts
        }
    }
}

/// The text of a value, from `value`, a reference to it.
fn text_of(value: &TokenStream, text: ValueText) -> TokenStream {
    match text {
        ValueText::AsStr => quote!(#value.as_str()),
        ValueText::Display => quote!(#value.to_string()),
    }
}

/// The statement that adds one query value, `value` a reference to it.
fn query_value_statement(wire: &str, value: &TokenStream, query_value: QueryValue) -> TokenStream {
    let request = ident(REQUEST_BINDING);
    match query_value {
        QueryValue::Json => quote!(#request = #request.query_json(#wire, #value);),
        QueryValue::Text(text) => {
            let text = text_of(value, text);
            quote!(#request = #request.query(#wire, #text);)
        }
    }
}

/// The statements that set `setter` (`query` or `header`) to the items of `value` joined by
/// commas.
fn joined_statement(wire: &str, setter: &TokenStream, text: ValueText) -> TokenStream {
    let request = ident(REQUEST_BINDING);
    // `to_string()` already owns its text.
    let owned = match text {
        ValueText::AsStr => {
            let text = text_of(&quote!(item), text);
            quote!(String::from(#text))
        }
        ValueText::Display => text_of(&quote!(item), text),
    };
    quote! {
        let joined: Vec<String> = value.iter().map(|item| #owned).collect();
        #request = #request.#setter(#wire, joined.join(","));
    }
}

/// The statement that checks one query or header parameter and adds it to the request.
fn parameter_statement(param: &Param, params: &proc_macro2::Ident) -> TokenStream {
    let request = ident(REQUEST_BINDING);
    let field = ident(&param.rust_name);
    let wire = param.wire_name.as_str();
    let value = quote!(value);
    let send = match param.sending {
        Sending::Query(QueryEncoding::Single(query_value)) => {
            query_value_statement(wire, &value, query_value)
        }
        Sending::Query(QueryEncoding::EachItem(query_value)) => {
            let add_item = query_value_statement(wire, &quote!(item), query_value);
            quote! {
                for item in value {
                    #add_item
                }
            }
        }
        Sending::Query(QueryEncoding::Joined(text)) => joined_statement(wire, &quote!(query), text),
        Sending::Query(QueryEncoding::Deep) => {
            quote!(#request = #request.query_deep(#wire, value);)
        }
        Sending::Query(QueryEncoding::Value { explode }) => {
            quote!(#request = #request.query_value(#wire, value, #explode);)
        }
        Sending::Header(HeaderEncoding::Value { explode }) => {
            quote!(#request = #request.header_value(#wire, value, #explode);)
        }
        Sending::Header(HeaderEncoding::Single(text)) => {
            let text = text_of(&value, text);
            quote!(#request = #request.header(#wire, #text);)
        }
        Sending::Header(HeaderEncoding::Joined(text)) => {
            joined_statement(wire, &quote!(header), text)
        }
        // Path parameters are arguments, written into the path.
        Sending::Path(_) => return TokenStream::new(),
    };
    let scalars = checks::value_checks(&param.wire_name, &param.checks, false, None);
    let count = param
        .ty
        .item_bounds()
        .map(|bounds| count_check(&param.wire_name, &quote!(value), bounds));
    let check = quote!(#scalars #count);
    if param.required {
        quote! {
            let value = &#params.#field;
            #check
            #send
        }
    } else {
        quote! {
            if let Some(value) = &#params.#field {
                #check
                #send
            }
        }
    }
}

/// The check of a list's number of items (`value`, a reference to it) against its
/// `minItems`/`maxItems`, before anything is sent.
fn count_check(name: &str, value: &TokenStream, bounds: ItemBounds) -> TokenStream {
    let literal = |bound: Option<u64>| {
        bound.map_or_else(
            || quote!(None),
            |value| {
                let value = Literal::u64_unsuffixed(value);
                quote!(Some(#value))
            },
        )
    };
    let (min, max) = (literal(bounds.min_items), literal(bounds.max_items));
    quote! {
        crate::runtime::check_count(#name, #value.len(), #min, #max)?;
    }
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::{operation_text, operation_tokens};
    use crate::emit::long_texts::LongTexts;
    use crate::emit::{Printing, fixture_apis, render};
    use crate::ir::{Api, Operation, PathPart, Sending};

    /// The operation with every name it prints `stretch` bytes longer, so that its lines cross
    /// prettyplease's margin at every place they can; for an odd `stretch`, deprecated and
    /// reading a deprecated parameter, so that its attributes are compared too.
    fn stretched(operation: &Operation, stretch: usize) -> Operation {
        let mut operation = operation.clone();
        if stretch % 2 == 1 {
            operation.deprecated = true;
            if let Some(param) = operation
                .params
                .iter_mut()
                .find(|param| !matches!(param.sending, Sending::Path(_)))
            {
                param.deprecated = true;
            }
        }
        operation.fn_name.push_str(&"_x".repeat(stretch / 2));
        operation.operation_id.push_str(&"Y".repeat(stretch));
        for part in &mut operation.path {
            if let PathPart::Literal(text) = part {
                text.push_str(&"z".repeat(stretch));
            }
        }
        for param in &mut operation.params {
            if matches!(param.sending, Sending::Path(_)) {
                param.rust_name.push_str(&"_p".repeat(stretch / 4));
            }
        }
        operation
    }

    /// The method's lines as prettyplease prints its tokens in `impl Client`, without the
    /// block's own lines and indentation: what the text must be.
    fn printed(api: &Api, operation: &Operation) -> String {
        let method = operation_tokens(api, operation, &mut LongTexts::plain());
        let file = render(quote!(impl Client { #method }), "a.rs", Printing::Print)
            .expect("the method's tokens print");
        let lines: Vec<&str> = file.lines().collect();
        let mut method = String::new();
        for line in &lines[1..lines.len() - 1] {
            method.push_str(line.strip_prefix("    ").unwrap_or(line));
            method.push('\n');
        }
        method
    }

    #[test]
    fn an_operation_written_as_text_is_what_prettyplease_prints_for_its_tokens() {
        let mut written = 0;
        let mut wrapped = 0;
        let mut allowing = 0;
        for api in fixture_apis() {
            for operation in &api.operations {
                for stretch in (0..=64).step_by(3) {
                    let operation = stretched(operation, stretch);
                    let text = operation_text(&api, &operation);
                    if !text.fits() {
                        continue;
                    }
                    let text = text.into_text();
                    assert_eq!(
                        text,
                        printed(&api, &operation),
                        "{}",
                        operation.operation_id
                    );
                    written += 1;
                    wrapped += usize::from(text.contains("format!(\n"));
                    allowing += usize::from(text.contains("#[allow(\n"));
                }
            }
        }
        // The shapes met: most operations, with their paths' `format!` filled over lines.
        assert!(written > 500, "{written} written as text");
        assert!(wrapped > 50, "{wrapped} with their path wrapped");
        assert!(allowing > 40, "{allowing} reading a deprecated parameter");
    }
}
