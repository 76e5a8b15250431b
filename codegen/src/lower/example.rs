//! The example call of each method, and of the crate root: Rust that builds every argument from
//! what the IR says is required, with placeholder values the client accepts. The docs compile
//! them as doctests (`no_run`: they would call the API), so an example that no longer matches
//! the generated code fails the build.

use std::fmt::Write as _;

use heck::ToShoutySnakeCase;

use crate::ir::{
    BodyFormat, BodyKind, Operation, PathValue, Presence, Reply, Resource, Sending, TypeDef,
    TypeKind, TypeRef,
};

/// Nesting beyond which an example gives up: required fields that hold required structs this
/// deep are rare, and a recursive required field could never be built at all.
const DEPTH_LIMIT: usize = 8;

/// What the generated crate is called from the outside.
pub(super) struct Crate<'a> {
    /// The crate's name in `use` paths.
    pub ident: &'a str,
    /// The variable that holds the API key, read by the examples.
    pub api_key_env: &'a str,
    /// The API's name, as the docs say it.
    pub api_name: &'a str,
}

/// The statements that bind an operation's arguments, and the call expression using them
/// (without `.await`). `None` when some required value cannot be built (a recursive type).
struct Call {
    bindings: Vec<String>,
    call: String,
}

fn call(operation: &Operation, types: &[TypeDef]) -> Option<Call> {
    let mut bindings = Vec::new();
    let mut arguments = Vec::new();
    for param in &operation.params {
        let Sending::Path(path_value) = param.sending else {
            continue;
        };
        let value = value(&param.ty, &param.wire_name, types, 0)?;
        bindings.push(format!("let {} = {value};", param.rust_name));
        // The method takes the argument as the IR's `PathValue` says.
        arguments.push(if path_value == PathValue::Display {
            param.rust_name.clone()
        } else {
            format!("&{}", param.rust_name)
        });
    }
    if let Some(params) = &operation.params_struct {
        let required: Option<Vec<String>> = operation
            .params
            .iter()
            .filter(|param| param.required && !matches!(param.sending, Sending::Path(_)))
            .map(|param| value(&param.ty, &param.wire_name, types, 0))
            .collect();
        bindings.push(format!(
            "let {} = types::{}::new({});",
            params.argument,
            params.name,
            required?.join(", ")
        ));
        arguments.push(format!("&{}", params.argument));
    }
    if let Some(body) = &operation.body
        && let BodyKind::Argument(argument) = &body.kind
    {
        // Values are passed by reference; text and bytes are built as the borrowed form.
        let (built, by_reference) = match &argument.format {
            BodyFormat::Json(ty) | BodyFormat::Form { ty, .. } | BodyFormat::Multipart { ty, .. } => {
                (value(ty, "body", types, 0)?, true)
            }
            BodyFormat::MultipartParts => (
                "Multipart::new().file(\"file\", FilePart::new(b\"bytes\".to_vec()).file_name(\"file.txt\"))"
                    .to_owned(),
                true,
            ),
            BodyFormat::Text => ("\"text\"".to_owned(), false),
            BodyFormat::Bytes => ("b\"bytes\".as_slice()".to_owned(), false),
        };
        bindings.push(format!("let {} = {built};", argument.name));
        let passed = if by_reference {
            format!("&{}", argument.name)
        } else {
            argument.name.clone()
        };
        arguments.push(if argument.required {
            passed
        } else {
            format!("Some({passed})")
        });
    }
    Some(Call {
        bindings,
        call: format!("client.{}({})", operation.fn_name, arguments.join(", ")),
    })
}

/// Rust that builds a value of `ty` the client accepts; `hint` names the place, for
/// placeholder text.
fn value(ty: &TypeRef, hint: &str, types: &[TypeDef], depth: usize) -> Option<String> {
    if depth > DEPTH_LIMIT {
        return None;
    }
    Some(match ty {
        TypeRef::Named(id) => {
            let definition = types.get(id.0)?;
            let name = &definition.name;
            match &definition.kind {
                TypeKind::Struct(structure) if definition.usage.request => {
                    let mut arguments = Vec::new();
                    for field in &structure.fields {
                        if field.presence == Presence::Required && field.fixed.is_none() {
                            arguments.push(value(&field.ty, &field.wire_name, types, depth + 1)?);
                        }
                    }
                    if let Some(forms) = &structure.forms {
                        arguments.push(value(&forms.ty, &forms.rust_name, types, depth + 1)?);
                    }
                    format!("types::{name}::new({})", arguments.join(", "))
                }
                TypeKind::Enum(enumeration) => {
                    format!("types::{name}::{}", enumeration.variants.first()?.rust_name)
                }
                TypeKind::Newtype(newtype) => {
                    let constraints = &newtype.constraints;
                    let text = placeholder(name, constraints.min_length, constraints.max_length);
                    format!("types::{name}::new({text:?})?")
                }
                TypeKind::OneOf(one_of) => {
                    let first = one_of.variants.first()?;
                    let inner = value(&first.ty, hint, types, depth + 1)?;
                    format!("types::{name}::{}({inner})", first.rust_name)
                }
                TypeKind::Struct(_) | TypeKind::ByStatus(_) => return None,
            }
        }
        TypeRef::String(constraints) => {
            let text = match constraints.format.as_deref() {
                Some("date-time") => "2025-01-31T12:00:00Z".to_owned(),
                Some("date") => "2025-01-31".to_owned(),
                Some("email") => "customer@example.com".to_owned(),
                Some("uri" | "url") => "https://example.com/".to_owned(),
                _ => hint.to_owned(),
            };
            format!("String::from({text:?})")
        }
        TypeRef::Integer(integer) => {
            let constraints = &integer.constraints;
            let number = constraints
                .allowed
                .as_ref()
                .and_then(|allowed| allowed.first())
                .or(constraints.minimum.as_ref())
                .filter(|number| number.is_i64() || number.is_u64());
            number.map_or_else(|| "1".to_owned(), ToString::to_string)
        }
        TypeRef::Number(numeric) => {
            let text = numeric
                .minimum
                .as_ref()
                .map_or_else(|| "1".to_owned(), ToString::to_string);
            if text.contains(['.', 'e', 'E']) {
                text
            } else {
                format!("{text}.0")
            }
        }
        TypeRef::Boolean => "true".to_owned(),
        TypeRef::Array(items, bounds) => match bounds.min_items {
            Some(count) if count > 0 => {
                let item = value(items, hint, types, depth + 1)?;
                let items: Vec<&str> = (0..count.min(3)).map(|_| item.as_str()).collect();
                if count > 3 {
                    return None;
                }
                format!("vec![{}]", items.join(", "))
            }
            _ => "Vec::new()".to_owned(),
        },
        TypeRef::Tuple(positions) => {
            let positions = positions
                .iter()
                .map(|position| value(position, hint, types, depth + 1))
                .collect::<Option<Vec<String>>>()?;
            match positions.as_slice() {
                [only] => format!("({only},)"),
                _ => format!("({})", positions.join(", ")),
            }
        }
        TypeRef::Nullable(_) => "None".to_owned(),
        TypeRef::MapOf(..) | TypeRef::Map(_) => "Default::default()".to_owned(),
        TypeRef::Any => "serde_json::json!({})".to_owned(),
        TypeRef::File => "FilePart::new(b\"bytes\".to_vec()).file_name(\"file.txt\")".to_owned(),
    })
}

/// A value for a constrained string that says what belongs there: the type's name in capitals,
/// cut or padded with `0` to a length the type accepts.
fn placeholder(type_name: &str, min: Option<u64>, max: Option<u64>) -> String {
    let mut text = type_name.to_shouty_snake_case();
    let min = usize::try_from(min.unwrap_or(0)).unwrap_or(usize::MAX);
    let max = usize::try_from(max.unwrap_or(u64::MAX)).unwrap_or(usize::MAX);
    text.truncate(max);
    while text.len() < min {
        text.push('0');
    }
    text
}

/// The line that imports what an example names from the crate: `always`, `types` and the
/// runtime's multipart types where the bindings use them; `None` when it names nothing.
fn use_line(krate: &Crate<'_>, bindings: &[String], always: &[&str]) -> Option<String> {
    let uses = |prefix: &str| bindings.iter().any(|binding| binding.contains(prefix));
    let mut names: Vec<&str> = always.to_vec();
    if uses("types::") {
        names.push("types");
    }
    for (runtime_type, built) in [
        ("FilePart", "FilePart::new("),
        ("Multipart", "Multipart::new("),
    ] {
        if uses(built) {
            names.push(runtime_type);
        }
    }
    let names = match names.as_slice() {
        [] => return None,
        [name] => (*name).to_owned(),
        names => format!("{{{}}}", names.join(", ")),
    };
    Some(format!("use {}::{names};", krate.ident))
}

/// The body of a doctest function that returns `Result<(), Box<dyn Error>>`.
fn doctest(lines: &[String]) -> String {
    doctest_with(None, lines)
}

/// A doctest whose code is compiled only with `feature` on, when there is one: rustdoc builds
/// doctests with the crate's features, and without the feature the example's items are gone.
fn doctest_with(feature: Option<&str>, lines: &[String]) -> String {
    let mut code = String::from("```no_run\n");
    if let Some(feature) = feature {
        let _ = writeln!(code, "# #[cfg(feature = {feature:?})]");
    }
    code.push_str("# async fn example() -> Result<(), Box<dyn std::error::Error>> {\n");
    for line in lines {
        code.push_str(line);
        code.push('\n');
    }
    code.push_str("# Ok(())\n# }\n```");
    code
}

fn client_line(krate: &Crate<'_>) -> String {
    format!(
        "let client = {}::Client::new(std::env::var({:?})?)?;",
        krate.ident, krate.api_key_env
    )
}

/// The "# Example" section of a method's docs; empty when no example can be built.
pub(super) fn method_example(
    operation: &Operation,
    types: &[TypeDef],
    krate: &Crate<'_>,
) -> String {
    let Some(call) = call(operation, types) else {
        return String::new();
    };
    let mut lines: Vec<String> = use_line(krate, &call.bindings, &[])
        .into_iter()
        .flat_map(|line| [line, String::new()])
        .collect();
    lines.push(client_line(krate));
    lines.extend(call.bindings);
    if shown_reply(&operation.success) == "reply" {
        lines.push(format!("let reply = {}.await?;", call.call));
        lines.push("println!(\"{reply:?}\");".to_owned());
    } else {
        lines.push(format!("{}.await?;", call.call));
    }
    format!("\n\n# Example\n\n{}", doctest(&lines))
}

/// How an example names what a call returns: `()` needs no name.
fn shown_reply(success: &Reply) -> &'static str {
    match success {
        Reply::Json(None) => "()",
        _ => "reply",
    }
}

/// The crate root's first call: build the arguments, call, and tell the API's own error apart.
/// The operation shown is the first read-only one, failing that the first; `None` when the API
/// has none that can be built. The crate root is compiled without the operation's resource
/// too, so the example is compiled only with that resource's feature.
pub(super) fn first_call(
    operations: &[Operation],
    types: &[TypeDef],
    resources: &[Resource],
    krate: &Crate<'_>,
) -> Option<String> {
    let operation = operations
        .iter()
        .find(|operation| operation.table.read_only)
        .or_else(|| operations.first())?;
    let call = call(operation, types)?;
    let mut lines = vec![
        use_line(krate, &call.bindings, &["Client", "Error"]).unwrap_or_default(),
        String::new(),
        format!(
            "let client = Client::new(std::env::var({:?})?)?;",
            krate.api_key_env
        ),
    ];
    lines.extend(call.bindings);
    let shown = shown_reply(&operation.success);
    let ok = if shown == "reply" {
        "Ok(reply) => println!(\"{reply:?}\"),".to_owned()
    } else {
        "Ok(()) => println!(\"done\"),".to_owned()
    };
    let mut code = format!("match {}.await {{\n    {ok}\n", call.call);
    let _ = write!(
        code,
        "    // {} answered with its error body: its fields are typed.\n    \
         Err(Error::Api(error)) => eprintln!(\"refused: {{error}}\"),\n    \
         Err(other) => return Err(other.into()),\n}}",
        krate.api_name
    );
    lines.push(code);
    let feature = operation
        .resource
        .map(|resource| resources[resource].feature.as_str());
    Some(format!(
        "Calling [`{}`](Client::{}):\n\n{}",
        operation.operation_id,
        operation.fn_name,
        doctest_with(feature, &lines)
    ))
}
