//! Emphasis that Markdown reads as the HTML meant it. Markdown decides what a `*` run does from
//! the characters around it, so spans are kept as delimiter pieces until the whole line is
//! known, then tidied and kept only where they would parse.

use super::inline::{Delim, Piece};

/// The pieces of a line with its emphasis settled: whitespace moved out of spans, empty spans
/// dropped, nested strong and emphasis merged, and the delimiters Markdown would not parse where
/// they land removed. `buffer` holds the pieces' text.
pub(super) fn resolve(pieces: Vec<Piece>, ids: usize, buffer: &str) -> Vec<Piece> {
    // Most lines have no emphasis: all that is left to settle is their spaces.
    if !pieces
        .iter()
        .any(|piece| matches!(piece, Piece::Open(..) | Piece::Close(..)))
    {
        return spaces_settled(pieces);
    }
    resolve_spans(pieces, ids, buffer)
}

/// [`resolve`] of a line with emphasis (or any line: one without comes out as
/// [`spaces_settled`] makes it).
fn resolve_spans(pieces: Vec<Piece>, ids: usize, buffer: &str) -> Vec<Piece> {
    let pieces = merge_strong_em(normalize(pieces, ids));
    let alive = parseable(&pieces, buffer);
    pieces
        .into_iter()
        .zip(alive)
        .filter_map(|(piece, alive)| alive.then_some(piece))
        .collect()
}

/// What [`normalize`] makes of a line without emphasis: each run of spaces between two texts
/// one space, and none before the first text or after the last. Done in place: pieces only
/// go, or move forward.
fn spaces_settled(mut pieces: Vec<Piece>) -> Vec<Piece> {
    let mut kept = 0;
    let mut space = false;
    for at in 0..pieces.len() {
        let piece = pieces[at];
        if matches!(piece, Piece::Space) {
            space = true;
        } else {
            if space && kept > 0 {
                pieces[kept] = Piece::Space;
                kept += 1;
            }
            space = false;
            pieces[kept] = piece;
            kept += 1;
        }
    }
    pieces.truncate(kept);
    pieces
}

/// Moves whitespace out of emphasis (`** a **` does not parse), drops empty spans, joins
/// adjacent spans of one kind (`**a****b**` is ambiguous) and collapses spaces.
///
/// Works on each run of pieces between two texts: once its empty spans are gone, a run can only
/// close spans and then open others, so it becomes closes, one space if it had any, opens.
fn normalize(pieces: Vec<Piece>, ids: usize) -> Vec<Piece> {
    // A span merged into the one before it takes that one's id.
    let mut alias: Vec<usize> = (0..ids).collect();
    let mut out = Vec::with_capacity(pieces.len());
    let mut run = Vec::new();
    let mut seen_text = false;
    for piece in pieces {
        if matches!(piece, Piece::Text(..)) {
            flush_run(&mut run, &mut out, &mut alias, seen_text);
            seen_text = true;
            out.push(piece);
        } else {
            run.push(piece);
        }
    }
    flush_run(&mut run, &mut out, &mut alias, false);
    out
}

/// `keep_space`: whether text surrounds the run, so that a space in it matters.
fn flush_run(run: &mut Vec<Piece>, out: &mut Vec<Piece>, alias: &mut [usize], keep_space: bool) {
    let mut closes = Vec::new();
    let mut opens = Vec::new();
    let mut space = false;
    for piece in run.drain(..) {
        match piece {
            Piece::Space => space = true,
            Piece::Open(id, delim) => opens.push((id, delim)),
            Piece::Close(id, delim) => {
                if opens.last().is_some_and(|&(open, _)| open == id) {
                    opens.pop();
                } else {
                    closes.push((alias.get(id).copied().unwrap_or(id), delim));
                }
            }
            Piece::Text(..) => {}
        }
    }
    opens.reverse();
    while !space
        && let (Some(&(closed, a)), Some(&(opened, b))) = (closes.last(), opens.last())
        && a == b
    {
        if let Some(slot) = alias.get_mut(opened) {
            *slot = closed;
        }
        closes.pop();
        opens.pop();
    }
    out.extend(
        closes
            .into_iter()
            .map(|(id, delim)| Piece::Close(id, delim)),
    );
    if space && keep_space {
        out.push(Piece::Space);
    }
    out.extend(
        opens
            .into_iter()
            .rev()
            .map(|(id, delim)| Piece::Open(id, delim)),
    );
}

/// `<b><i>x</i></b>` as `***x***`, which Markdown reads as intended, instead of two adjacent
/// delimiter runs.
fn merge_strong_em(pieces: Vec<Piece>) -> Vec<Piece> {
    let mut partner = vec![usize::MAX; pieces.len()];
    let mut open = Vec::new();
    for (at, piece) in pieces.iter().enumerate() {
        match piece {
            Piece::Open(..) => open.push(at),
            Piece::Close(..) => {
                if let Some(start) = open.pop() {
                    partner[start] = at;
                }
            }
            _ => {}
        }
    }
    let mut pieces: Vec<Option<Piece>> = pieces.into_iter().map(Some).collect();
    for at in 1..pieces.len() {
        let (outer, inner) = (partner[at - 1], partner[at]);
        if let (Some(Piece::Open(id, a)), Some(Piece::Open(_, b))) = (&pieces[at - 1], &pieces[at])
            && a != b
            && *a != Delim::Both
            && *b != Delim::Both
            && inner != usize::MAX
            && outer == inner + 1
        {
            let id = *id;
            pieces[at - 1] = Some(Piece::Open(id, Delim::Both));
            pieces[outer] = Some(Piece::Close(id, Delim::Both));
            pieces[at] = None;
            pieces[inner] = None;
        }
    }
    pieces.into_iter().flatten().collect()
}

/// What sits next to a delimiter, in the terms of Markdown's flanking rules.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Edge,
    Space,
    Punct,
    Word,
    Delim,
}

fn side_of(c: Option<char>) -> Side {
    match c {
        None => Side::Edge,
        Some(c) if c.is_whitespace() => Side::Space,
        Some(c) if c.is_alphanumeric() => Side::Word,
        Some(_) => Side::Punct,
    }
}

fn neighbour(pieces: &[Piece], buffer: &str, alive: &[bool], at: usize, forward: bool) -> Side {
    let found = if forward {
        (at + 1..pieces.len()).find(|&j| alive[j])
    } else {
        (0..at).rev().find(|&j| alive[j])
    };
    let Some(j) = found else {
        return Side::Edge;
    };
    match &pieces[j] {
        Piece::Space => Side::Space,
        Piece::Open(..) | Piece::Close(..) => Side::Delim,
        Piece::Text(_, span) if forward => side_of(span.of(buffer).chars().next()),
        Piece::Text(_, span) => side_of(span.of(buffer).chars().next_back()),
    }
}

/// Marks which emphasis spans Markdown would actually parse where they land, and which must go
/// (inner spans first, so the wider one survives a clash). Dropping a span changes what
/// its neighbours see, hence the rounds until nothing changes.
fn parseable(pieces: &[Piece], buffer: &str) -> Vec<bool> {
    let mut alive = vec![true; pieces.len()];
    let mut pairs = Vec::new();
    let mut open = Vec::new();
    for (i, piece) in pieces.iter().enumerate() {
        match piece {
            Piece::Open(..) => open.push(i),
            Piece::Close(..) => pairs.extend(open.pop().map(|o| (o, i))),
            _ => {}
        }
    }
    // Pieces joined into one count as they were apart (see `Span::joined`).
    let mut position = Vec::with_capacity(pieces.len());
    let mut next = 0;
    for piece in pieces {
        position.push(next);
        next += match piece {
            Piece::Text(_, span) => span.joined,
            _ => 1,
        };
    }
    pairs.sort_by_key(|&(o, c)| position[c] - position[o]);
    loop {
        let mut changed = false;
        for &(o, c) in &pairs {
            if !alive[o] {
                continue;
            }
            let opens = flanks(
                neighbour(pieces, buffer, &alive, o, true),
                neighbour(pieces, buffer, &alive, o, false),
            );
            let closes = flanks(
                neighbour(pieces, buffer, &alive, c, false),
                neighbour(pieces, buffer, &alive, c, true),
            );
            if !(opens && closes) {
                alive[o] = false;
                alive[c] = false;
                changed = true;
            }
        }
        if !changed {
            return alive;
        }
    }
}

/// Whether a delimiter can open (or close) its span, given what it touches inside the span and
/// outside it: CommonMark's left-flanking (right-flanking) rule for `*`. Inside must be text, and
/// text that starts with punctuation needs space, punctuation or the line's edge outside. A kept
/// delimiter on either side would join the run, which Markdown then splits by length, not by
/// what the HTML meant.
fn flanks(inside: Side, outside: Side) -> bool {
    !matches!(inside, Side::Edge | Side::Space | Side::Delim)
        && outside != Side::Delim
        && (inside == Side::Word || matches!(outside, Side::Edge | Side::Space | Side::Punct))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::super::inline::{Kind, Piece, Span};
    use super::{resolve, resolve_spans};

    proptest! {
        /// A line without emphasis comes out as the general path makes it.
        #[test]
        fn a_line_without_emphasis_settles_as_any_line(
            shape in proptest::collection::vec(0..3u8, 0..12),
        ) {
            let mut buffer = String::new();
            let mut text = |kind, markdown: String| {
                let start = buffer.len();
                buffer.push_str(&markdown);
                Piece::Text(kind, Span { start, end: buffer.len(), joined: 1 })
            };
            let pieces: Vec<Piece> = shape
                .iter()
                .enumerate()
                .map(|(at, kind)| match kind {
                    0 => Piece::Space,
                    1 => text(Kind::Text, format!("w{at}")),
                    _ => text(Kind::Code, format!("`c{at}`")),
                })
                .collect();
            prop_assert_eq!(
                resolve(pieces.clone(), 0, &buffer),
                resolve_spans(pieces, 0, &buffer)
            );
        }
    }
}
