//! Stage 4, inline content → one line of Markdown: text escaped, bare URLs made autolinks, and
//! emphasis as delimiters that [`super::emphasis`] then keeps only where Markdown would parse
//! them.

use std::iter::Peekable;

use super::emphasis;
use super::escape::{
    code_span, encode_url, escape_destination, escape_text, find_url, resolve_ampersands,
};
use super::flow::Inline;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Delim {
    Em,
    Strong,
    Both,
}

impl Delim {
    fn marker(self) -> &'static str {
        match self {
            Delim::Em => "*",
            Delim::Strong => "**",
            Delim::Both => "***",
        }
    }
}

/// A unit of a line: emphasis delimiters are pieces of their own until [`emphasis::resolve`]
/// has decided which of them Markdown would read.
#[derive(Clone, PartialEq, Eq, Debug)]
pub(super) enum Piece {
    Space,
    /// Markdown already escaped, never empty; whitespace only inside a code span or link.
    Text(Kind, String),
    /// The id pairs a span's opening delimiter with its closing one.
    Open(usize, Delim),
    Close(usize, Delim),
}

/// What a [`Piece::Text`] holds, for the rules that depend on what touches what once the line's
/// emphasis is settled.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Kind {
    /// Escaped text or an autolink.
    Text,
    /// A code span.
    Code,
    /// A `[text](destination)` link.
    Link,
}

/// One line of inline Markdown under construction.
pub(super) struct Line {
    pieces: Vec<Piece>,
    /// The word being read, not yet in `pieces`.
    word: Word,
    next_id: usize,
    in_table: bool,
    in_link: bool,
    /// Emphasis kinds open around the current position.
    open: Vec<Delim>,
}

/// Text up to the next whitespace, code span, link or break. Tags may split a word
/// (`http://<span></span>example.com`, `<b>https://</b>example.com`), so it is looked at whole,
/// for URLs and escaping, once it is complete.
#[derive(Default)]
struct Word {
    text: String,
    /// The emphasis delimiters met in the word, each with the offset in `text` where it stands.
    delims: Vec<(usize, Piece)>,
}

impl Line {
    fn new(in_table: bool, in_link: bool) -> Self {
        Line {
            pieces: Vec::new(),
            word: Word::default(),
            next_id: 0,
            in_table,
            in_link,
            open: Vec::new(),
        }
    }

    /// `inlines` as one line of Markdown; in a table cell, `|` is escaped too.
    pub(super) fn render(inlines: &[Inline], in_table: bool) -> String {
        let mut line = Line::new(in_table, false);
        line.push_all(inlines);
        line.finish()
    }

    fn push_all(&mut self, inlines: &[Inline]) {
        for inline in inlines {
            self.push(inline);
        }
    }

    fn push(&mut self, inline: &Inline) {
        match inline {
            Inline::Text(text) => self.text(text),
            Inline::Break => self.space(),
            Inline::Strong(children) => self.span(Delim::Strong, children),
            Inline::Emph(children) => self.span(Delim::Em, children),
            Inline::Code(code) => self.code(code),
            Inline::Link(href, children) => self.link(href, children),
        }
    }

    fn span(&mut self, delim: Delim, children: &[Inline]) {
        // Bold inside bold adds nothing and would only make delimiter runs ambiguous.
        if self.open.contains(&delim) {
            self.push_all(children);
            return;
        }
        let id = self.next_id;
        self.next_id += 1;
        self.delim(Piece::Open(id, delim));
        self.open.push(delim);
        self.push_all(children);
        self.open.pop();
        self.delim(Piece::Close(id, delim));
    }

    fn delim(&mut self, piece: Piece) {
        self.word.delims.push((self.word.text.len(), piece));
    }

    fn space(&mut self) {
        self.end_word();
        self.pieces.push(Piece::Space);
    }

    fn text(&mut self, text: &str) {
        for (k, part) in text.split(char::is_whitespace).enumerate() {
            if k > 0 {
                self.space();
            }
            self.word.text.push_str(part);
        }
    }

    /// Moves the word into `pieces`: its URLs as autolinks, the rest escaped, its delimiters
    /// where they stand, or, inside a URL, next to it.
    fn end_word(&mut self) {
        if self.word.text.is_empty() && self.word.delims.is_empty() {
            return;
        }
        // The word's buffer is handed back once the word is moved: a description has thousands
        // of words, each would otherwise grow a new one.
        let text = std::mem::take(&mut self.word.text);
        let delims = std::mem::take(&mut self.word.delims);
        let mut delims = delims.into_iter().peekable();
        let mut from = 0;
        // Link text cannot hold another link, and rustdoc does not look for bare URLs in it.
        while !self.in_link
            && let Some((start, end)) = find_url(&text[from..])
        {
            let (start, end) = (from + start, from + end);
            // `<https://…>` written as text is already an autolink in spirit.
            let (cut_start, cut_end) =
                if text[from..start].ends_with('<') && text[end..].starts_with('>') {
                    (start - 1, end + 1)
                } else {
                    (start, end)
                };
            self.plain(&text[..cut_start], from, &mut delims);
            // Emphasis cannot take in part of an autolink: a delimiter inside the URL closes its
            // span before it, or opens it after it (a span wholly inside is then empty, and
            // goes).
            let mut inside = Vec::new();
            while let Some((_, piece)) = delims.next_if(|&(at, _)| at < cut_end) {
                inside.push(piece);
            }
            let closed_inside = |id: usize| {
                inside
                    .iter()
                    .any(|piece| matches!(piece, Piece::Close(closed, _) if *closed == id))
            };
            let (after, before): (Vec<Piece>, Vec<Piece>) = inside
                .iter()
                .cloned()
                .partition(|piece| matches!(piece, Piece::Open(id, _) if !closed_inside(*id)));
            self.pieces.extend(before);
            self.pieces.push(Piece::Text(
                Kind::Text,
                format!("<{}>", encode_url(&text[start..end])),
            ));
            self.pieces.extend(after);
            from = cut_end;
        }
        self.plain(&text, from, &mut delims);
        let mut text = text;
        text.clear();
        self.word.text = text;
    }

    /// `text[from..]` escaped, with the delimiters that stand in it or at its end (`text` is the
    /// word up to where the next URL, if any, starts).
    fn plain(
        &mut self,
        text: &str,
        mut from: usize,
        delims: &mut Peekable<impl Iterator<Item = (usize, Piece)>>,
    ) {
        while let Some((at, piece)) = delims.next_if(|&(at, _)| at <= text.len()) {
            self.escaped(&text[from..at]);
            self.pieces.push(piece);
            from = at;
        }
        self.escaped(&text[from..]);
    }

    fn escaped(&mut self, text: &str) {
        if !text.is_empty() {
            self.pieces
                .push(Piece::Text(Kind::Text, escape_text(text, self.in_table)));
        }
    }

    fn code(&mut self, code: &str) {
        self.end_word();
        let content = code.split_whitespace().collect::<Vec<_>>().join(" ");
        if code.starts_with(char::is_whitespace) {
            self.pieces.push(Piece::Space);
        }
        if !content.is_empty() {
            self.pieces
                .push(Piece::Text(Kind::Code, code_span(&content, self.in_table)));
        }
        if code.ends_with(char::is_whitespace) {
            self.pieces.push(Piece::Space);
        }
    }

    fn link(&mut self, href: &str, children: &[Inline]) {
        if self.in_link {
            self.push_all(children);
            return;
        }
        self.end_word();
        let mut label = Line::new(self.in_table, true);
        label.open.clone_from(&self.open);
        label.push_all(children);
        label.end_word();
        // Whitespace at an edge of the label goes outside the link, where it still parts the
        // link from the words around it. Emphasis delimiters are no edge: whitespace just inside
        // them (`<b>docs </b>` ending the label) is moved out by [`emphasis::resolve`], so it is
        // at the label's edge all the same.
        let not_delimiter = |piece: &&Piece| !matches!(piece, Piece::Open(..) | Piece::Close(..));
        let leading = label.pieces.iter().find(not_delimiter) == Some(&Piece::Space);
        let trailing = label.pieces.iter().rev().find(not_delimiter) == Some(&Piece::Space);
        let label = label.finish();
        if leading {
            self.pieces.push(Piece::Space);
        }
        let url = encode_url(href);
        let piece = if let Some(address) = href.strip_prefix("mailto:") {
            let label = if label.is_empty() {
                escape_text(address, self.in_table)
            } else {
                label
            };
            let markdown = format!("[{label}]({})", escape_destination(&url));
            Piece::Text(Kind::Link, markdown)
        } else if label.is_empty() || plain_text(children) == href {
            Piece::Text(Kind::Text, format!("<{url}>"))
        } else {
            let markdown = format!("[{label}]({})", escape_destination(&url));
            Piece::Text(Kind::Link, markdown)
        };
        self.pieces.push(piece);
        if trailing {
            self.pieces.push(Piece::Space);
        }
    }

    /// The line's Markdown. Only now, with the emphasis Markdown would not read gone, is it
    /// known which pieces end up side by side.
    fn finish(mut self) -> String {
        self.end_word();
        let mut out = String::new();
        let mut pieces = emphasis::resolve(self.pieces, self.next_id)
            .into_iter()
            .peekable();
        while let Some(piece) = pieces.next() {
            match piece {
                Piece::Space => out.push(' '),
                Piece::Text(kind, text) => {
                    out.push_str(&text);
                    let next = match pieces.peek() {
                        Some(Piece::Text(next, _)) => Some(*next),
                        _ => None,
                    };
                    match (kind, next) {
                        // `![text](…)` is an image. Text leaves `!` alone elsewhere (`Hi!`), so
                        // it is escaped only here.
                        (Kind::Text, Some(Kind::Link)) if text.ends_with('!') => {
                            out.insert(out.len() - 1, '\\');
                        }
                        // Backticks side by side are one run: the two spans would read as one,
                        // or as text. A space keeps them apart, as a browser's boxes are.
                        (Kind::Code, Some(Kind::Code)) => out.push(' '),
                        _ => {}
                    }
                }
                Piece::Open(_, delim) | Piece::Close(_, delim) => out.push_str(delim.marker()),
            }
        }
        resolve_ampersands(out)
    }
}

/// Text as a reader would see it, whitespace collapsed.
fn plain_text(inlines: &[Inline]) -> String {
    fn walk(inlines: &[Inline], out: &mut String) {
        for inline in inlines {
            match inline {
                Inline::Text(text) | Inline::Code(text) => out.push_str(text),
                Inline::Break => out.push(' '),
                Inline::Strong(children) | Inline::Emph(children) | Inline::Link(_, children) => {
                    walk(children, out);
                }
            }
        }
    }
    let mut out = String::new();
    walk(inlines, &mut out);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}
