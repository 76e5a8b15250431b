//! Path templates: the base URL's remainder split at its `{parameters}`, and a fixed query
//! written into the template.

use super::diagnostic;
use crate::error::Diagnostic;
use crate::ir::PathPart;
use crate::parse::Fragment;
use crate::spec::ParameterLocation;

/// A parameter as the path splitter needs it: its wire name and where it goes.
pub(super) struct PathSlot<'p> {
    pub wire_name: &'p str,
    pub location: ParameterLocation,
}

/// `name=value` pairs of a query, in order.
type QueryPairs = Vec<(String, String)>;

/// Splits a fixed query written into the path template (`/responses?beta=true`) from the path.
/// Its pairs are sent with every call; a variable in it is not supported.
pub(super) fn split_fixed_query<'t>(
    template: &'t str,
    fragment: &Fragment,
) -> Result<(&'t str, QueryPairs), Diagnostic> {
    let Some((path, query)) = template.split_once('?') else {
        return Ok((template, Vec::new()));
    };
    if query.contains(['{', '}', '#']) {
        return Err(diagnostic(
            &fragment.location.child("path"),
            &fragment.operation_id,
            format!(
                "the query written into the path `{template}` must be fixed text (no variables, no `#`)"
            ),
        ));
    }
    let pairs = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (name.to_owned(), value.to_owned())
        })
        .collect();
    Ok((path, pairs))
}

/// Splits the path below the base URL at its `{parameters}`, checking that template and
/// parameters match one to one.
pub(super) fn split_path(
    template: &str,
    params: &[PathSlot<'_>],
    fragment: &Fragment,
) -> Result<Vec<PathPart>, Diagnostic> {
    let id = fragment.operation_id.as_str();
    let at = fragment.location.child("path");
    let mut parts = Vec::new();
    let mut used = vec![false; params.len()];
    let mut rest = template;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return Err(diagnostic(
                &at,
                id,
                format!("unbalanced `}}` in the path `{template}`"),
            ));
        }
        let close = rest[open..]
            .find('}')
            .map(|offset| open + offset)
            .ok_or_else(|| {
                diagnostic(&at, id, format!("unclosed `{{` in the path `{template}`"))
            })?;
        if open > 0 {
            parts.push(PathPart::Literal(rest[..open].to_owned()));
        }
        let name = &rest[open + 1..close];
        let index = params
            .iter()
            .position(|param| param.wire_name == name && param.location == ParameterLocation::Path)
            .ok_or_else(|| {
                diagnostic(
                    &at,
                    id,
                    format!("the path variable `{{{name}}}` has no path parameter of that name"),
                )
            })?;
        used[index] = true;
        parts.push(PathPart::Param(index));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        parts.push(PathPart::Literal(rest.to_owned()));
    }
    check_every_parameter_used(params, &used, template, fragment)?;
    check_literal_text(&parts, template, fragment)?;
    Ok(parts)
}

/// RFC 3986 `pchar` and `/`, so literal path text can be sent as written.
fn is_path_char(character: char) -> bool {
    character.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@/%".contains(character)
}

/// Every path parameter must appear in the template.
fn check_every_parameter_used(
    params: &[PathSlot<'_>],
    used: &[bool],
    template: &str,
    fragment: &Fragment,
) -> Result<(), Diagnostic> {
    let unused = params
        .iter()
        .enumerate()
        .find(|(index, param)| param.location == ParameterLocation::Path && !used[*index]);
    match unused {
        // Parameters are in the fragment's order, so the index locates it there.
        Some((index, param)) => Err(diagnostic(
            &fragment.location.child("parameters").child(index),
            &fragment.operation_id,
            format!(
                "the path parameter `{}` does not appear in the path `{template}`",
                param.wire_name
            ),
        )),
        None => Ok(()),
    }
}

/// Literal text is sent as written, so it must be valid in a URL path.
fn check_literal_text(
    parts: &[PathPart],
    template: &str,
    fragment: &Fragment,
) -> Result<(), Diagnostic> {
    for part in parts {
        if let PathPart::Literal(text) = part
            && let Some(bad) = text.chars().find(|character| !is_path_char(*character))
        {
            return Err(diagnostic(
                &fragment.location.child("path"),
                &fragment.operation_id,
                format!(
                    "the path `{template}` contains `{bad}`, which is not allowed in a URL path"
                ),
            ));
        }
    }
    Ok(())
}
