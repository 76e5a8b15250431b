//! `src/call/<module>.rs`: for each operation of a resource, the function the operation table calls it through from
//! one JSON object. It takes each argument out of the input where the operation's
//! [`CallInput`](crate::ir::CallInput) says it is, decodes it into the argument's type, calls the
//! typed method and writes the reply back as JSON.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::text::{ItemText, MARGIN, string_literal};
use super::{FileText, Printing, ident, render_groups, type_tokens};
use crate::error::Error;
use crate::ir::{
    Api, BodyFormat, BodyInput, BodyKind, Operation, ParamsStruct, PathValue, Reply, Sending,
    TypeKind, TypeRef,
};

pub(super) fn call_rs(
    api: &Api,
    operations: &[&Operation],
    printing: Printing,
) -> Result<FileText, Error> {
    // Operations that switch protocols are not called from JSON and read no input: a resource
    // of only such operations imports no `Input`.
    let input = operations
        .iter()
        .any(|operation| operation.success != Reply::Upgrade)
        .then(|| quote!(Input,));
    let header = quote! {
        //! How the operation table calls each operation from one JSON object.

        use crate::runtime::{CallFuture, Client, #input};
        #[allow(unused_imports, reason = "not every API has types")]
        use crate::types;
    };
    render_groups(
        header,
        operations.len(),
        |index, texts| {
            let operation = operations[index];
            texts.item(dispatcher_text(api, operation), |_| {
                dispatcher_tokens(api, operation)
            })
        },
        "src/call",
        printing,
    )
}

fn dispatcher_tokens(api: &Api, operation: &Operation) -> TokenStream {
    let fn_name = format_ident!("{}", operation.fn_name);
    let operation_id = &operation.operation_id;
    let docs = format!(" Calls `{operation_id}` from its JSON input.");
    if operation.success == Reply::Upgrade {
        return quote! {
            #[doc = #docs]
            pub(crate) fn #fn_name(_client: &Client, _input: serde_json::Value) -> CallFuture<'_> {
                Box::pin(async { Err(crate::runtime::not_callable(#operation_id)) })
            }
        };
    }
    let keys = &operation.table.input.params;
    let mut statements = Vec::new();
    let mut arguments = Vec::new();
    for (param, key) in operation.params.iter().zip(keys) {
        let Sending::Path(value) = param.sending else {
            continue;
        };
        let name = ident(&param.rust_name);
        let ty = type_tokens(api, &param.ty, &quote!(types::));
        let checked = matches!(&param.ty, TypeRef::Named(id) if matches!(api.get(*id).kind, TypeKind::Newtype(_)));
        let (ty, take) = match value {
            PathValue::Text => (quote!(String), quote!(required)),
            _ if checked => (ty, quote!(checked)),
            _ => (ty, quote!(required)),
        };
        statements.push(quote!(let #name: #ty = input.#take(#key)?;));
        arguments.push(match value {
            PathValue::Display => quote!(#name),
            PathValue::Text | PathValue::StringLike | PathValue::Choice => quote!(&#name),
        });
    }
    if let Some(params_struct) = &operation.params_struct {
        let struct_name = ident(&params_struct.name);
        let fields = operation
            .params
            .iter()
            .zip(keys)
            .filter(|(param, _)| !matches!(param.sending, Sending::Path(_)))
            .map(|(param, key)| {
                let name = ident(&param.rust_name);
                if param.required {
                    quote!(#name: input.required(#key)?)
                } else {
                    quote!(#name: input.optional(#key)?)
                }
            });
        let argument = ident(&params_struct.argument);
        statements.push(quote!(let #argument = types::#struct_name { #(#fields),* };));
        arguments.push(quote!(&#argument));
    }
    // Taking a field borrows the input mutably; taking the rest or finishing consumes it.
    let takes_fields = operation
        .params
        .iter()
        .any(|param| matches!(param.sending, Sending::Path(_)))
        || operation.params_struct.is_some()
        || matches!(operation.table.input.body, BodyInput::Whole(_));
    body_tokens(api, operation, &mut statements, &mut arguments);
    let binding = if takes_fields {
        quote!(let mut)
    } else {
        quote!(let)
    };
    let method = ident(&operation.fn_name);
    let call =
        quote!(client.#method(#(#arguments),*).await.map_err(crate::runtime::Error::into_json)?);
    let reply = reply_tokens(operation, &call);
    let deprecated = operation.deprecated
        || operation
            .params
            .iter()
            .any(|param| param.deprecated && !matches!(param.sending, Sending::Path(_)));
    let allow = deprecated.then(|| {
        quote!(#[allow(deprecated, reason = "the table offers every operation the spec lists, deprecated ones too")])
    });
    quote! {
        #[doc = #docs]
        #allow
        pub(crate) fn #fn_name(client: &Client, input: serde_json::Value) -> CallFuture<'_> {
            Box::pin(async move {
                #binding input = Input::new(#operation_id, input)?;
                #(#statements)*
                #reply
            })
        }
    }
}

/// [`dispatcher_tokens`]'s function as prettyplease prints it, for the common shapes: an
/// operation that is not deprecated and can be called, its statements each on one line (a
/// parameters struct's literal on one line up to 34 columns, else one field a line), and the
/// call of the typed method on one line when it fits, else broken before each `.` as
/// prettyplease breaks a method chain. Anything else is built as tokens.
fn dispatcher_text(api: &Api, operation: &Operation) -> ItemText {
    let mut text = ItemText::new(0);
    let operation_id = &operation.operation_id;
    let deprecated = operation.deprecated || operation.params.iter().any(|param| param.deprecated);
    let plain_id = operation_id
        .bytes()
        .all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'_' | b'-' | b'.'));
    if operation.success == Reply::Upgrade || deprecated || !plain_id {
        text.not_fitting();
        return text;
    }
    let id = string_literal(operation_id);
    text.line(format_args!(
        "/// Calls `{operation_id}` from its JSON input."
    ));
    text.signature(
        &format!("pub(crate) fn {}", operation.fn_name),
        &[
            "client: &Client".to_owned(),
            "input: serde_json::Value".to_owned(),
        ],
        "CallFuture<'_>",
    );
    text.open(format_args!("Box::pin(async move {{"));
    let keys = &operation.table.input.params;
    let takes_fields = operation
        .params
        .iter()
        .any(|param| matches!(param.sending, Sending::Path(_)))
        || operation.params_struct.is_some()
        || matches!(operation.table.input.body, BodyInput::Whole(_));
    let binding = if takes_fields { "let mut" } else { "let" };
    text.line(format_args!("{binding} input = Input::new({id}, input)?;"));
    let mut arguments: Vec<String> = Vec::new();
    for (param, key) in operation.params.iter().zip(keys) {
        let Sending::Path(value) = param.sending else {
            continue;
        };
        let name = &param.rust_name;
        let checked = matches!(&param.ty, TypeRef::Named(id) if matches!(api.get(*id).kind, TypeKind::Newtype(_)));
        let (ty, take) = match value {
            PathValue::Text => (Some("String".to_owned()), "required"),
            _ if checked => (super::type_text(api, &param.ty, "types::"), "checked"),
            _ => (super::type_text(api, &param.ty, "types::"), "required"),
        };
        let Some(ty) = ty else {
            text.not_fitting();
            return text;
        };
        let key = string_literal(key);
        text.line(format_args!("let {name}: {ty} = input.{take}({key})?;"));
        arguments.push(match value {
            PathValue::Display => name.clone(),
            PathValue::Text | PathValue::StringLike | PathValue::Choice => format!("&{name}"),
        });
    }
    if let Some(params_struct) = &operation.params_struct {
        params_struct_text(operation, params_struct, &mut text, &mut arguments);
    }
    if !body_text(api, operation, &mut text, &mut arguments) {
        text.not_fitting();
        return text;
    }
    reply_text(operation, &arguments, &id, &mut text);
    text.close(format_args!("}})"));
    text.close(format_args!("}}"));
    text
}

/// The parameters struct of [`dispatcher_text`], taken from the input: on one line when its
/// literal is at most 34 columns wide (not counting its closing brace), as prettyplease writes
/// it, else one field a line.
fn params_struct_text(
    operation: &Operation,
    params_struct: &ParamsStruct,
    text: &mut ItemText,
    arguments: &mut Vec<String>,
) {
    let fields: Vec<String> = operation
        .params
        .iter()
        .zip(&operation.table.input.params)
        .filter(|(param, _)| !matches!(param.sending, Sending::Path(_)))
        .map(|(param, key)| {
            let take = if param.required {
                "required"
            } else {
                "optional"
            };
            format!(
                "{}: input.{take}({})?",
                param.rust_name,
                string_literal(key)
            )
        })
        .collect();
    let argument = &params_struct.argument;
    let literal = format!("types::{} {{ {} }}", params_struct.name, fields.join(", "));
    // prettyplease writes a struct literal on one line only when it is at most 34 columns
    // wide, not counting its closing brace.
    if fields.is_empty() {
        text.not_fitting();
    } else if literal.len() <= 35 {
        text.line(format_args!("let {argument} = {literal};"));
    } else {
        text.open(format_args!(
            "let {argument} = types::{} {{",
            params_struct.name
        ));
        for field in &fields {
            text.line(format_args!("{field},"));
        }
        text.close(format_args!("}};"));
    }
    arguments.push(format!("&{argument}"));
}

/// The call of the typed method in [`dispatcher_text`] and the reply written as JSON.
fn reply_text(operation: &Operation, arguments: &[String], id: &str, text: &mut ItemText) {
    let method = format!(".{}({})", operation.fn_name, arguments.join(", "));
    let (prefix, last) = match (&operation.success, &operation.redirects) {
        (Reply::Json(None), None) => ("", "Ok(serde_json::Value::Null)".to_owned()),
        (Reply::Raw, _) => (
            "let reply = ",
            "Ok(crate::runtime::raw_json(&reply))".to_owned(),
        ),
        (_, Some(_)) => (
            "let reply = ",
            format!("crate::runtime::outcome_json({id}, &reply)"),
        ),
        _ => (
            "let reply = ",
            format!("crate::runtime::reply_json({id}, &reply)"),
        ),
    };
    let map_err = ".map_err(crate::runtime::Error::into_json)?";
    let one_line = format!("{prefix}client{method}.await{map_err};");
    if text.width() + one_line.len() <= MARGIN {
        text.line(format_args!("{one_line}"));
    } else {
        text.line(format_args!("{prefix}client"));
        text.depth_in();
        text.line(format_args!("{method}"));
        text.line(format_args!(".await"));
        text.line(format_args!("{map_err};"));
        text.depth_out();
    }
    text.line(format_args!("{last}"));
}

/// [`body_tokens`]'s statements as lines of `text`; `false` when a type is not one
/// [`tokens_text`] prints.
fn body_text(
    api: &Api,
    operation: &Operation,
    text: &mut ItemText,
    arguments: &mut Vec<String>,
) -> bool {
    let argument = operation.body.as_ref().and_then(|body| match &body.kind {
        BodyKind::Argument(argument) => Some(argument),
        BodyKind::EmptyObject => None,
    });
    let (body_input, argument) = match (&operation.table.input.body, argument) {
        (BodyInput::None, _) | (_, None) => {
            text.line(format_args!("input.finish()?;"));
            return true;
        }
        (body_input, Some(argument)) => (body_input, argument),
    };
    let name = &argument.name;
    let ty = match &argument.format {
        BodyFormat::Json(ty) | BodyFormat::Form { ty, .. } | BodyFormat::Multipart { ty, .. } => {
            super::type_text(api, ty, "types::")
        }
        BodyFormat::MultipartParts => Some("crate::runtime::Multipart".to_owned()),
        BodyFormat::Text => Some("String".to_owned()),
        BodyFormat::Bytes => Some("Vec<u8>".to_owned()),
    };
    let Some(ty) = ty else {
        return false;
    };
    let take = match (body_input, argument.required) {
        (BodyInput::Whole(key), true) => format!("input.required({})?", string_literal(key)),
        (BodyInput::Whole(key), false) => format!("input.optional({})?", string_literal(key)),
        (_, true) => "input.rest()?".to_owned(),
        (_, false) => "input.rest_optional()?".to_owned(),
    };
    if argument.required {
        text.line(format_args!("let {name}: {ty} = {take};"));
    } else {
        text.line(format_args!("let {name}: Option<{ty}> = {take};"));
    }
    if matches!(body_input, BodyInput::Whole(_)) {
        text.line(format_args!("input.finish()?;"));
    }
    arguments.push(if argument.required {
        format!("&{name}")
    } else {
        match argument.format {
            BodyFormat::Json(_)
            | BodyFormat::Form { .. }
            | BodyFormat::Multipart { .. }
            | BodyFormat::MultipartParts => format!("{name}.as_ref()"),
            BodyFormat::Text | BodyFormat::Bytes => format!("{name}.as_deref()"),
        }
    });
    true
}

/// Takes the body out of the input where [`BodyInput`] says, and passes it as the typed method
/// takes it; refuses whatever is left when the body does not take it.
fn body_tokens(
    api: &Api,
    operation: &Operation,
    statements: &mut Vec<TokenStream>,
    arguments: &mut Vec<TokenStream>,
) {
    let argument = operation.body.as_ref().and_then(|body| match &body.kind {
        BodyKind::Argument(argument) => Some(argument),
        BodyKind::EmptyObject => None,
    });
    match (&operation.table.input.body, argument) {
        (BodyInput::None, _) | (_, None) => statements.push(quote!(input.finish()?;)),
        (body_input, Some(argument)) => {
            let name = ident(&argument.name);
            let ty = match &argument.format {
                BodyFormat::Json(ty)
                | BodyFormat::Form { ty, .. }
                | BodyFormat::Multipart { ty, .. } => type_tokens(api, ty, &quote!(types::)),
                BodyFormat::MultipartParts => quote!(crate::runtime::Multipart),
                BodyFormat::Text => quote!(String),
                BodyFormat::Bytes => quote!(Vec<u8>),
            };
            let take = match (body_input, argument.required) {
                (BodyInput::Whole(key), true) => quote!(input.required(#key)?),
                (BodyInput::Whole(key), false) => quote!(input.optional(#key)?),
                (_, true) => quote!(input.rest()?),
                (_, false) => quote!(input.rest_optional()?),
            };
            let ty = if argument.required {
                ty
            } else {
                quote!(Option<#ty>)
            };
            if matches!(body_input, BodyInput::Whole(_)) {
                statements.push(quote!(let #name: #ty = #take; input.finish()?;));
            } else {
                statements.push(quote!(let #name: #ty = #take;));
            }
            arguments.push(if argument.required {
                quote!(&#name)
            } else {
                match argument.format {
                    BodyFormat::Json(_)
                    | BodyFormat::Form { .. }
                    | BodyFormat::Multipart { .. }
                    | BodyFormat::MultipartParts => quote!(#name.as_ref()),
                    BodyFormat::Text | BodyFormat::Bytes => quote!(#name.as_deref()),
                }
            });
        }
    }
}

/// Calls the typed method (`call`) and writes its reply as JSON, as the reply's kind needs.
fn reply_tokens(operation: &Operation, call: &TokenStream) -> TokenStream {
    let operation_id = &operation.operation_id;
    match (&operation.success, &operation.redirects) {
        // No body: the reply is `()`, written as JSON `null`.
        (Reply::Json(None), None) => quote! {
            #call;
            Ok(serde_json::Value::Null)
        },
        (Reply::Raw, _) => quote! {
            let reply = #call;
            Ok(crate::runtime::raw_json(&reply))
        },
        (_, Some(_)) => quote! {
            let reply = #call;
            crate::runtime::outcome_json(#operation_id, &reply)
        },
        _ => quote! {
            let reply = #call;
            crate::runtime::reply_json(#operation_id, &reply)
        },
    }
}
