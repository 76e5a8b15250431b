//! The arguments of a function-like macro call written as the text prettyplease prints for
//! them, without building the tokens ([`MacroText`]).
//!
//! prettyplease does not parse a macro's arguments: it prints them as a stream of tokens, each
//! separated from the last by a space or nothing by its own rule (`crate ::types::X`,
//! `subschema_for:: < X > ()`, `{ "a" : 1 }`), and lays the stream out by filling lines: every
//! place a space may go, and the place before a `.`, is a break it takes only when what follows,
//! up to the next break, no longer fits in its margin. When the call fits on its line it stays
//! there; otherwise its arguments move to the next lines, one level deeper, filled so, and the
//! closing parenthesis gets a line of its own.

use super::text::{ItemText, MARGIN};

/// The fewest columns prettyplease gives a line after a break, however deep its indentation
/// (its `MIN_SPACE`).
const MIN_SPACE: usize = 60;

/// What the last token was, as far as the spacing of the next one depends on it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum After {
    /// Nothing yet in this group.
    Start,
    /// `.`.
    Dot,
    /// The first `:` of a `::`.
    Colon,
    /// A `::`.
    Colon2,
    /// An identifier that is not a keyword, or a literal.
    Ident,
    /// `name!`.
    Bang,
    /// A parenthesised or bracketed group.
    Delim,
    /// Anything else: a keyword, a brace group, other punctuation.
    Other,
}

/// A token of the stream, as far as its spacing depends on it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Token {
    /// An identifier, or a keyword (spaced as punctuation is).
    Word { keyword: bool },
    /// A literal.
    Literal,
    /// A punctuation character, `joint` when the next one continues it.
    Punct { ch: char, joint: bool },
    /// A group, as its opening delimiter meets the tokens before it.
    Open(Delimiter),
}

/// The delimiter of a group.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Delimiter {
    /// `( … )`.
    Parenthesis,
    /// `{ … }`, spaced inside.
    Brace,
    /// `[ … ]`.
    Bracket,
}

impl Delimiter {
    /// The opening character.
    fn open(self) -> char {
        match self {
            Self::Parenthesis => '(',
            Self::Brace => '{',
            Self::Bracket => '[',
        }
    }

    /// The closing character.
    fn close(self) -> char {
        match self {
            Self::Parenthesis => ')',
            Self::Brace => '}',
            Self::Bracket => ']',
        }
    }
}

/// The words prettyplease treats as keywords in a token stream: it puts a space before one
/// where it would put none before an identifier (`crate ::types`).
const KEYWORDS: [&str; 36] = [
    "as", "async", "await", "box", "break", "const", "continue", "crate", "dyn", "else", "enum",
    "extern", "fn", "for", "if", "impl", "in", "let", "loop", "macro", "match", "mod", "move",
    "mut", "pub", "ref", "return", "static", "struct", "trait", "type", "unsafe", "use", "where",
    "while", "yield",
];

/// A macro's arguments being written token by token: their text on one line, and where
/// prettyplease may break it.
pub(super) struct MacroText {
    /// The tokens' text with nothing at the breaks.
    text: String,
    /// Each break: its byte offset in `text`, and whether it is a space when not taken (or
    /// nothing, as the break before a `.` is).
    breaks: Vec<(usize, bool)>,
    /// The kind of the last token of the current group.
    after: After,
    /// Whether the last token was a punctuation joined to the next (the first `:` of `::`):
    /// nothing goes between them.
    joint: bool,
    /// For each group open around the current token: its delimiter and what its closing makes
    /// the last token.
    groups: Vec<(Delimiter, After)>,
    /// A brace was just opened: the space after it is written before the next token, if any
    /// comes before it closes (an empty `{}` has none).
    brace_opened: bool,
}

impl MacroText {
    /// No tokens yet.
    pub(super) fn new() -> Self {
        Self {
            text: String::with_capacity(256),
            breaks: Vec::with_capacity(64),
            after: After::Start,
            joint: true,
            groups: Vec::new(),
            brace_opened: false,
        }
    }

    /// An identifier or keyword.
    pub(super) fn word(&mut self, word: &str) {
        let keyword = KEYWORDS.contains(&word);
        self.token(Token::Word { keyword });
        self.text.push_str(word);
    }

    /// A literal, its text written by `write`.
    pub(super) fn literal(&mut self, write: impl FnOnce(&mut String)) {
        self.token(Token::Literal);
        write(&mut self.text);
        // A number ending in `.` ends like a punctuation, not an identifier.
        if self.text.ends_with('.') {
            self.after = After::Other;
        }
    }

    /// A string literal holding `value`.
    pub(super) fn string(&mut self, value: &str) {
        self.literal(|text| string_literal(text, value));
    }

    /// A punctuation character: `joint` when the next token continues it (the first `:` of
    /// `::`), as `quote!` spells it.
    pub(super) fn punct(&mut self, ch: char, joint: bool) {
        self.token(Token::Punct { ch, joint });
        self.text.push(ch);
        self.joint = joint;
    }

    /// `::`, as `quote!` spells it: two colons, the first joined to the second.
    pub(super) fn path_separator(&mut self) {
        self.punct(':', true);
        self.punct(':', false);
    }

    /// Opens a group; [`Self::close`] closes it.
    pub(super) fn open(&mut self, delimiter: Delimiter) {
        let after = self.token(Token::Open(delimiter));
        self.text.push(delimiter.open());
        self.groups.push((delimiter, after));
        self.after = After::Start;
        self.joint = true;
        self.brace_opened = delimiter == Delimiter::Brace;
    }

    /// Closes the innermost open group.
    pub(super) fn close(&mut self) {
        let Some((delimiter, after)) = self.groups.pop() else {
            return;
        };
        if delimiter == Delimiter::Brace && !std::mem::take(&mut self.brace_opened) {
            self.space();
        }
        self.brace_opened = false;
        self.text.push(delimiter.close());
        self.after = after;
        self.joint = false;
    }

    /// Writes what goes before `token` (a break or nothing) and makes it the last token;
    /// returns what the token makes the last one once it (a whole group) is written.
    fn token(&mut self, token: Token) -> After {
        if std::mem::take(&mut self.brace_opened) {
            self.space();
        }
        let after = self.after;
        let (spaced, next) = match (after, token) {
            (After::Ident, Token::Open(Delimiter::Parenthesis | Delimiter::Bracket)) => {
                (false, After::Delim)
            }
            (
                After::Ident,
                Token::Punct {
                    ch: '!',
                    joint: false,
                },
            ) => (false, After::Bang),
            (After::Bang, Token::Open(Delimiter::Parenthesis | Delimiter::Bracket)) => {
                (false, After::Other)
            }
            (After::Colon, Token::Punct { ch: ':', .. }) => (false, After::Colon2),
            (_, Token::Open(Delimiter::Parenthesis | Delimiter::Bracket)) => (true, After::Delim),
            (_, Token::Word { keyword: false }) => {
                (after != After::Dot && after != After::Colon2, After::Ident)
            }
            (_, Token::Literal) => (after != After::Dot, After::Ident),
            (_, Token::Punct { ch: ',' | ';', .. }) => (false, After::Other),
            (_, Token::Punct { ch: '.', .. }) => {
                (after != After::Ident && after != After::Delim, After::Dot)
            }
            (
                _,
                Token::Punct {
                    ch: ':',
                    joint: true,
                },
            ) => (after != After::Ident, After::Colon),
            // A brace group, a keyword, any other punctuation.
            (
                _,
                Token::Open(Delimiter::Brace) | Token::Word { keyword: true } | Token::Punct { .. },
            ) => (true, After::Other),
        };
        if !self.joint {
            if spaced {
                self.space();
            } else if let Token::Punct { ch: '.', .. } = token {
                self.breaks.push((self.text.len(), false));
            }
        }
        self.joint = false;
        self.after = next;
        next
    }

    /// A break that is a space when not taken.
    fn space(&mut self) {
        self.breaks.push((self.text.len(), true));
    }

    /// The width of the tokens on one line.
    fn width(&self) -> usize {
        self.text.len() + self.breaks.iter().filter(|(_, space)| *space).count()
    }

    /// The tokens on one line.
    fn one_line(&self) -> String {
        let mut line = String::with_capacity(self.width());
        let mut start = 0;
        for &(at, space) in &self.breaks {
            line.push_str(&self.text[start..at]);
            if space {
                line.push(' ');
            }
            start = at;
        }
        line.push_str(&self.text[start..]);
        line
    }

    /// Writes the call `{head}{tokens}{tail}` (`head` ending in the opening delimiter, `tail`
    /// starting with the closing one, and nothing after it on its line) as a statement of
    /// `item`, as prettyplease lays it out.
    pub(super) fn write_call(&self, item: &mut ItemText, head: &str, tail: &str) {
        let width = self.width();
        if item.width() + head.len() + width + tail.len() <= MARGIN {
            item.line_unchecked(format_args!("{head}{}{tail}", self.one_line()));
            return;
        }
        item.line_unchecked(format_args!("{head}"));
        item.depth_in();
        let room = MARGIN.saturating_sub(item.width()).max(MIN_SPACE);
        if width <= room {
            item.line_unchecked(format_args!("{}", self.one_line()));
        } else {
            self.fill(item, room);
        }
        item.depth_out();
        item.line_unchecked(format_args!("{tail}"));
    }

    /// The tokens as lines of at most `room` columns where the breaks allow: a break is taken
    /// when what follows it, up to the next break, does not fit in what is left of the line.
    fn fill(&self, item: &mut ItemText, room: usize) {
        let first = self.breaks.first().map_or(self.text.len(), |&(at, _)| at);
        let mut line = String::with_capacity(room + 1);
        line.push_str(&self.text[..first]);
        // What is left of the line; negative past a piece wider than the line.
        let mut left = signed(room) - signed(first);
        for (index, &(at, space)) in self.breaks.iter().enumerate() {
            let end = self
                .breaks
                .get(index + 1)
                .map_or(self.text.len(), |&(next, _)| next);
            let piece = &self.text[at..end];
            let size = signed(piece.len() + usize::from(space));
            if size <= left {
                if space {
                    line.push(' ');
                }
                line.push_str(piece);
                left -= size;
            } else {
                item.line_unchecked(format_args!("{line}"));
                line.clear();
                line.push_str(piece);
                left = signed(room) - signed(piece.len());
            }
        }
        item.line_unchecked(format_args!("{line}"));
    }
}

/// A width as a signed number of columns; no text is long enough to lose anything.
fn signed(width: usize) -> isize {
    isize::try_from(width).unwrap_or(isize::MAX)
}

/// Writes `value` as the string literal proc-macro2 makes for it (and prettyplease prints):
/// `char::escape_debug` but for `'`, kept as it is, and NUL, `\0` unless an octal digit follows.
pub(super) fn string_literal(out: &mut String, value: &str) {
    out.push('"');
    let mut rest = value;
    while !rest.is_empty() {
        // Runs of printable ASCII other than `"` and `\` are their own escape.
        let plain = rest
            .bytes()
            .take_while(|&byte| (b' '..=b'~').contains(&byte) && byte != b'"' && byte != b'\\')
            .count();
        out.push_str(&rest[..plain]);
        rest = &rest[plain..];
        let mut chars = rest.chars();
        let Some(ch) = chars.next() else {
            break;
        };
        rest = chars.as_str();
        match ch {
            '\'' => out.push(ch),
            '\0' if rest.starts_with(|next: char| next.is_digit(8)) => out.push_str("\\x00"),
            '\0' => out.push_str("\\0"),
            _ => out.extend(ch.escape_debug()),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::string_literal;

    #[test]
    fn string_literals_are_spelled_as_proc_macro2_spells_them() {
        let config = ProptestConfig {
            cases: 4096,
            failure_persistence: None,
            ..ProptestConfig::default()
        };
        proptest!(config, |(value in any::<String>())| {
            let mut text = String::new();
            string_literal(&mut text, &value);
            prop_assert_eq!(text, proc_macro2::Literal::string(&value).to_string());
        });
        for value in [
            "\0",
            "\u{0}1",
            "\u{0}8",
            "a'b\"c\\",
            "\u{301}e\u{301}",
            "\u{7f}\t\r\n",
        ] {
            let mut text = String::new();
            string_literal(&mut text, value);
            assert_eq!(text, proc_macro2::Literal::string(value).to_string());
        }
    }
}
