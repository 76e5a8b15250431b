//! Stage 4, inline content → one line of Markdown: text escaped, bare URLs made autolinks, and
//! emphasis as delimiters that [`super::emphasis`] then keeps only where Markdown would parse
//! them.

use super::emphasis;
use super::escape::{
    encode_url, escape_destination, escape_text, find_scheme_end, find_url, find_whitespace,
    push_code_span, resolve_ampersands,
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
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Piece {
    Space,
    /// Markdown already escaped, never empty; whitespace only inside a code span or link. The
    /// text itself is in the line's buffer (see [`Line`]).
    Text(Kind, Span),
    /// The id pairs a span's opening delimiter with its closing one.
    Open(usize, Delim),
    Close(usize, Delim),
}

/// Where the text of a [`Piece::Text`] stands in its line's buffer.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) struct Span {
    pub(super) start: usize,
    pub(super) end: usize,
    /// How many pieces were joined into this one, spaces between them included (see
    /// [`Line::text_start`]): [`emphasis::resolve`] weighs a span by the pieces it covers, as
    /// if they had stayed apart.
    pub(super) joined: usize,
}

impl Span {
    /// The span's text in `buffer`, the line's.
    pub(super) fn of(self, buffer: &str) -> &str {
        buffer.get(self.start..self.end).unwrap_or_default()
    }
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
    /// The Markdown of every [`Piece::Text`], one after the other: a line has dozens of words,
    /// and one buffer for all of them spares a `String` each.
    buffer: String,
    /// The word being read, not yet in `pieces`.
    word: Word,
    /// Where a code span's text is collapsed; kept for the next one.
    code: String,
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
            buffer: String::new(),
            word: Word::default(),
            code: String::new(),
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
        // The line's Markdown is about as long as its text: one allocation rather than a few
        // growing ones.
        self.buffer.reserve(text.len());
        let mut rest = text;
        loop {
            // Most text is plain words: when no word is under way, those up to the next one that
            // may hold a URL are placed at once.
            if self.word.text.is_empty() && self.word.delims.is_empty() {
                let plain = self.plain_words_len(rest);
                self.plain_words(&rest[..plain]);
                rest = &rest[plain..];
            }
            let Some((at, len)) = find_whitespace(rest) else {
                break;
            };
            let word = &rest[..at];
            if self.word.text.is_empty() && self.word.delims.is_empty() {
                // A whole word within this text: placed from where it is, not copied first.
                self.place_word(word, &[]);
            } else {
                self.word.text.push_str(word);
            }
            self.space();
            rest = &rest[at + len..];
        }
        self.word.text.push_str(rest);
    }

    /// The length of the whole words at the start of `text` (each followed by whitespace) that
    /// cannot hold a URL: up to the one holding the next `://`, if any.
    fn plain_words_len(&self, text: &str) -> usize {
        let whole = text.trim_end_matches(|c: char| !c.is_whitespace());
        let scheme_end = if self.in_link {
            // Link text is not searched for URLs.
            None
        } else {
            find_scheme_end(whole)
        };
        match scheme_end {
            Some(at) => whole[..at]
                .trim_end_matches(|c: char| !c.is_whitespace())
                .len(),
            None => whole.len(),
        }
    }

    /// Places `words`, whole words each followed by whitespace with no URL among them, as
    /// [`Line::text`] would one by one (see [`Line::place_word`]), but as one piece from the
    /// start, with one space between each two: what [`Line::text_start`] joins them into.
    fn plain_words(&mut self, words: &str) {
        // The piece under way: where it starts, and how many pieces it joins before its last
        // word.
        let mut piece = None;
        let mut rest = words;
        while let Some((at, len)) = find_whitespace(rest) {
            let word = &rest[..at];
            rest = &rest[at + len..];
            if word.is_empty() {
                // Whitespace before the first word; later whitespace is the one space.
                if piece.is_none() {
                    self.pieces.push(Piece::Space);
                }
                continue;
            }
            piece = Some(match piece {
                None => self.text_start(),
                Some((start, joined)) => {
                    self.buffer.push(' ');
                    (start, joined + 2)
                }
            });
            escape_text(&mut self.buffer, word, self.in_table);
        }
        if let Some(piece) = piece {
            self.push_text(Kind::Text, piece);
            self.pieces.push(Piece::Space);
        }
    }

    /// Moves the word into `pieces` (see [`Line::place_word`]).
    fn end_word(&mut self) {
        if self.word.text.is_empty() && self.word.delims.is_empty() {
            return;
        }
        // The word's buffers are handed back once the word is moved: a description has
        // thousands of words, each would otherwise grow new ones.
        let mut text = std::mem::take(&mut self.word.text);
        let mut delims = std::mem::take(&mut self.word.delims);
        self.place_word(&text, &delims);
        text.clear();
        self.word.text = text;
        delims.clear();
        self.word.delims = delims;
    }

    /// Places a word and the emphasis delimiters met in it in `pieces`: its URLs as autolinks,
    /// the rest escaped, its delimiters where they stand, or, inside a URL, next to it.
    fn place_word(&mut self, text: &str, delims: &[(usize, Piece)]) {
        // `delims[..placed]` are in `pieces` already.
        let mut placed = 0;
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
            self.plain(&text[..cut_start], from, delims, &mut placed);
            // Emphasis cannot take in part of an autolink: a delimiter inside the URL closes its
            // span before it, or opens it after it (a span wholly inside is then empty, and
            // goes).
            let inside_end = placed
                + delims[placed..]
                    .iter()
                    .take_while(|&&(at, _)| at < cut_end)
                    .count();
            let inside = &delims[placed..inside_end];
            let opens_after = |piece: &Piece| {
                matches!(piece, Piece::Open(id, _) if !inside.iter().any(
                    |(_, other)| matches!(other, Piece::Close(closed, _) if closed == id)
                ))
            };
            let before = inside.iter().map(|&(_, piece)| piece);
            self.pieces
                .extend(before.filter(|piece| !opens_after(piece)));
            let start_at = self.text_start();
            self.buffer.push('<');
            encode_url(&mut self.buffer, &text[start..end]);
            self.buffer.push('>');
            self.push_text(Kind::Text, start_at);
            let after = inside.iter().map(|&(_, piece)| piece);
            self.pieces.extend(after.filter(opens_after));
            placed = inside_end;
            from = cut_end;
        }
        self.plain(text, from, delims, &mut placed);
    }

    /// `text[from..]` escaped, with the delimiters from `delims[*placed..]` that stand in it or
    /// at its end (`text` is the word up to where the next URL, if any, starts).
    fn plain(
        &mut self,
        text: &str,
        mut from: usize,
        delims: &[(usize, Piece)],
        placed: &mut usize,
    ) {
        while let Some(&(at, piece)) = delims.get(*placed).filter(|&&(at, _)| at <= text.len()) {
            self.escaped(&text[from..at]);
            self.pieces.push(piece);
            *placed += 1;
            from = at;
        }
        self.escaped(&text[from..]);
    }

    fn escaped(&mut self, text: &str) {
        if !text.is_empty() {
            let start = self.text_start();
            escape_text(&mut self.buffer, text, self.in_table);
            self.push_text(Kind::Text, start);
        }
    }

    /// Where the next [`Kind::Text`] piece starts in the buffer, and how many pieces it joins
    /// before that. Text that follows text, with nothing but spaces between, joins it, with one
    /// space for the spaces (all that settling them would leave): a line of plain words is then
    /// one piece, not two per word, and the rules that look at what touches a piece see the
    /// same characters at its edges.
    fn text_start(&mut self) -> (usize, usize) {
        let spaces = self
            .pieces
            .iter()
            .rev()
            .take_while(|piece| matches!(piece, Piece::Space))
            .count();
        let before = self.pieces.len() - spaces;
        match self.pieces[..before].last() {
            Some(&Piece::Text(Kind::Text, previous)) if previous.end == self.buffer.len() => {
                self.pieces.truncate(before - 1);
                if spaces > 0 {
                    self.buffer.push(' ');
                    (previous.start, previous.joined + 1)
                } else {
                    (previous.start, previous.joined)
                }
            }
            _ => (self.buffer.len(), 0),
        }
    }

    /// Makes what the buffer holds from `start` on a [`Piece::Text`] (which joins `joined`
    /// pieces before it, as [`Line::text_start`] tells).
    fn push_text(&mut self, kind: Kind, (start, joined): (usize, usize)) {
        let end = self.buffer.len();
        let joined = joined + 1;
        self.pieces
            .push(Piece::Text(kind, Span { start, end, joined }));
    }

    fn code(&mut self, code: &str) {
        self.end_word();
        let mut content = std::mem::take(&mut self.code);
        content.clear();
        for (k, word) in code.split_whitespace().enumerate() {
            if k > 0 {
                content.push(' ');
            }
            content.push_str(word);
        }
        if code.starts_with(char::is_whitespace) {
            self.pieces.push(Piece::Space);
        }
        if !content.is_empty() {
            let start = self.buffer.len();
            push_code_span(&mut self.buffer, &content, self.in_table);
            self.push_text(Kind::Code, (start, 0));
        }
        if code.ends_with(char::is_whitespace) {
            self.pieces.push(Piece::Space);
        }
        self.code = content;
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
        let mut url = String::with_capacity(href.len());
        encode_url(&mut url, href);
        let start = self.buffer.len();
        let kind = if let Some(address) = href.strip_prefix("mailto:") {
            self.buffer.push('[');
            if label.is_empty() {
                escape_text(&mut self.buffer, address, self.in_table);
            } else {
                self.buffer.push_str(&label);
            }
            self.buffer.push_str("](");
            escape_destination(&mut self.buffer, &url);
            self.buffer.push(')');
            Kind::Link
        } else if label.is_empty() || plain_text(children) == href {
            self.buffer.push('<');
            self.buffer.push_str(&url);
            self.buffer.push('>');
            Kind::Text
        } else {
            self.buffer.push('[');
            self.buffer.push_str(&label);
            self.buffer.push_str("](");
            escape_destination(&mut self.buffer, &url);
            self.buffer.push(')');
            Kind::Link
        };
        self.push_text(kind, (start, 0));
        if trailing {
            self.pieces.push(Piece::Space);
        }
    }

    /// The line's Markdown. Only now, with the emphasis Markdown would not read gone, is it
    /// known which pieces end up side by side.
    fn finish(mut self) -> String {
        self.end_word();
        let pieces = emphasis::resolve(self.pieces, self.next_id, &self.buffer);
        // A line of plain text is one piece, the whole buffer.
        if let [Piece::Text(_, span)] = pieces[..]
            && span.start == 0
            && span.end == self.buffer.len()
        {
            return resolve_ampersands(self.buffer);
        }
        let mut out = String::with_capacity(self.buffer.len() + pieces.len());
        for (at, &piece) in pieces.iter().enumerate() {
            match piece {
                Piece::Space => out.push(' '),
                Piece::Text(kind, span) => {
                    let text = span.of(&self.buffer);
                    out.push_str(text);
                    let next = match pieces.get(at + 1) {
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
                Inline::Text(text) => out.push_str(text),
                Inline::Code(code) => out.push_str(code),
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
