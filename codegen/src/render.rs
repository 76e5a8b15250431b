//! The report a maintainer reads when generation fails: each problem shown as rustc shows one,
//! in the fragment's own text, with its operation and what to do about it.
//!
//! `Error`'s `Display` stays one plain line per problem, for callers without the sources; this
//! is the rendering for callers that have them (the xtask). Rendering is annotate-snippets',
//! the crate rustc uses; the spot comes from [`crate::pointer_span`].

use std::fmt::Write as _;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use crate::SourceFile;
use crate::error::{CONFIGURATION, Diagnostic, Error};
use crate::locate::pointer_span;

/// Every problem of `error`, in its order (by file and pointer), each with the lines of its
/// fragment around the spot and a marker under it, the `operationId`, the JSON pointer, and a
/// `help:` line where one applies; then how many there are. `sources` are the files given to
/// [`crate::build_api`]; a problem whose file or spot is not among them is shown without a
/// snippet, located by file and pointer. Plain text, no colours.
#[must_use]
pub fn render(error: &Error, sources: &[SourceFile]) -> String {
    let renderer = Renderer::plain();
    let mut report = String::new();
    for diagnostic in error.diagnostics() {
        let source = sources
            .iter()
            .find(|source| *source.name == *diagnostic.location.file);
        report.push_str(&renderer.render(&[group(diagnostic, source)]));
        report.push_str("\n\n");
    }
    let count = error.diagnostics().len();
    // Writing into a `String` cannot fail.
    let _ = write!(
        report,
        "{count} problem{} found",
        if count == 1 { "" } else { "s" }
    );
    report
}

/// One problem as annotate-snippets lays it out.
fn group<'a>(diagnostic: &'a Diagnostic, source: Option<&'a SourceFile>) -> Group<'a> {
    let location = &diagnostic.location;
    let label = match &diagnostic.operation_id {
        Some(id) => format!("operation `{id}`, at `#{}`", location.pointer),
        None => format!("at `#{}`", location.pointer),
    };
    let spot = source.and_then(|source| {
        let text = source.contents.as_str();
        // A file that is not JSON has no pointer to follow: the spot is where a JSON reader
        // stops. Only the root is named by the problems of such a file.
        if location.pointer.is_empty()
            && let Some(spot) = syntax_error_spot(text)
        {
            return Some((source, spot));
        }
        let span = pointer_span(text, &location.pointer)?;
        Some((source, marked(text, span)))
    });
    let title = Level::ERROR.primary_title(diagnostic.message.as_str());
    let mut group = match spot {
        Some((source, span)) => title.element(
            Snippet::source(source.contents.as_str())
                .path(source.name.as_str())
                .annotation(AnnotationKind::Primary.span(span).label(label)),
        ),
        None if &*location.file == CONFIGURATION => title.element(Origin::path(CONFIGURATION)),
        None => title
            .element(Origin::path(location.to_string()))
            .element(Level::NOTE.message(label)),
    };
    if let Some(help) = &diagnostic.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    group
}

/// What the marker underlines: the member and its value when they fit on one line, else the
/// member's name alone (or the value's first character), so that a large object is pointed at
/// rather than printed whole.
fn marked(text: &str, span: crate::PointerSpan) -> std::ops::Range<usize> {
    let one_line = |range: std::ops::Range<usize>| !text[range].contains('\n');
    let first_char =
        |start: usize| start..start + text[start..].chars().next().map_or(0, char::len_utf8);
    match span.member {
        Some(member) if one_line(member.start..span.value.end) => member.start..span.value.end,
        Some(member) => member,
        None if one_line(span.value.clone()) => span.value,
        None => first_char(span.value.start),
    }
}

/// Where serde_json, which the parser reads with, stops reading `text`: the character at its
/// error's line and column (or the end of the text); `None` when `text` is JSON.
fn syntax_error_spot(text: &str) -> Option<std::ops::Range<usize>> {
    let error = serde_json::from_str::<serde_json::Value>(text).err()?;
    let line_start = match error.line() {
        0 | 1 => 0,
        line => text
            .match_indices('\n')
            .nth(line - 2)
            .map_or(text.len(), |(at, _)| at + 1),
    };
    let mut at = (line_start + error.column().saturating_sub(1)).min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let width = text[at..].chars().next().map_or(0, char::len_utf8);
    Some(at..at + width)
}
