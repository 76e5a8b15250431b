//! Path templates: the server an operation is called on, the remainder split at its
//! `{parameters}`, and a fixed query written into the template.

use std::collections::BTreeSet;

use super::diagnostic;
use crate::error::Diagnostic;
use crate::ir::{PathPart, Server};
use crate::parse::{Fragment, Pending};
use crate::spec::ParameterLocation;

/// `url`'s scheme and authority (`https://uploads.example.com`) and the rest, which is empty or
/// starts with `/`; `None` when it is not an absolute `http(s)` URL.
fn split_origin(url: &str) -> Option<(&str, &str)> {
    let after_scheme = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let authority_end = after_scheme
        .find(['/', '?', '#'])
        .unwrap_or(after_scheme.len());
    let origin_end = url.len() - after_scheme.len() + authority_end;
    let authority = &after_scheme[..authority_end];
    (!authority.is_empty()).then(|| url.split_at(origin_end))
}

/// The host (and port) of an origin or URL, as the configuration names hosts.
fn host_of(url: &str) -> &str {
    let authority = split_origin(url).map_or(url, |(origin, _)| {
        origin
            .strip_prefix("https://")
            .or_else(|| origin.strip_prefix("http://"))
            .unwrap_or(origin)
    });
    authority.rsplit('@').next().unwrap_or(authority)
}

/// The rest of `url` below `base_url`, if it is under it.
fn below<'u>(url: &'u str, base_url: &str) -> Option<&'u str> {
    url.strip_prefix(base_url)
        .filter(|rest| rest.is_empty() || rest.starts_with(['/', '?']))
}

/// The servers other than the base URL that the fragments' paths name, sorted: each the origin
/// (scheme and authority) of a path not under the base URL. A server receives the credential
/// when its host is the base URL's or one of `credential_hosts`, each of which must name some
/// server's host (a stale entry is reported, not ignored, once every fragment was read:
/// `complete`). Every problem is returned beside the servers found.
pub(super) fn servers(
    fragments: &[Pending<'_>],
    base_url: &str,
    credential_hosts: &[String],
    complete: bool,
) -> (Vec<Server>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let mut origins = BTreeSet::new();
    for fragment in fragments {
        if below(&fragment.url, base_url).is_some() {
            continue;
        }
        let Some((origin, _)) =
            split_origin(&fragment.url).filter(|(origin, _)| !origin.contains(['{', '}', '@']))
        else {
            // Reported where the operation is lowered (`split_server`), once.
            continue;
        };
        origins.insert(origin);
    }
    let base_host = host_of(base_url);
    for host in credential_hosts {
        if complete && host != base_host && !origins.iter().any(|origin| host_of(origin) == host) {
            problems.push(Diagnostic::configuration(
                format!(
                    "the credential host `{host}` is neither the base URL's host nor the host of any operation"
                ),
                "remove it from the configuration (`Config::credential_hosts`)",
            ));
        }
    }
    let servers = origins
        .into_iter()
        .map(|origin| {
            let host = host_of(origin);
            Server {
                url: origin.to_owned(),
                credentialed: host == base_host
                    || credential_hosts.iter().any(|named| named == host),
            }
        })
        .collect();
    (servers, problems)
}

/// The server a fragment's operation is called on (`None`: the base URL) and its path template
/// below it.
pub(super) fn split_server<'f>(
    fragment: &'f Fragment,
    base_url: &str,
    servers: &[Server],
) -> Result<(Option<usize>, &'f str), Diagnostic> {
    if let Some(rest) = below(&fragment.url, base_url) {
        return Ok((None, rest));
    }
    split_origin(&fragment.url)
        .and_then(|(origin, rest)| {
            let index = servers.iter().position(|server| server.url == origin)?;
            Some((Some(index), rest))
        })
        .ok_or_else(|| {
            diagnostic(
                &fragment.location.child("path"),
                &fragment.operation_id,
                format!(
                    "`{}` is neither under the base URL `{base_url}` nor an absolute http(s) URL with a fixed host; configure the base URL or correct the path",
                    fragment.url
                ),
            )
        })
}

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
