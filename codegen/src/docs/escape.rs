//! Escaping: every character Markdown or rustdoc could read as syntax is made to read literally,
//! and URLs are made safe to stand in autolinks and link destinations.

use std::fmt::Write as _;

use super::AMPERSAND;

/// Escapes text so that Markdown and rustdoc read every character literally (`&` is left as
/// [`AMPERSAND`] for [`resolve_ampersands`], and a `!` for [`super::inline`], which escapes it
/// where a link follows).
pub(super) fn escape_text(text: &str, in_table: bool) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    // Text is copied in runs between the characters that need a backslash or a stand-in.
    let mut copied = 0;
    let mut prev: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let escape = match c {
            '\\' | '`' | '*' | '[' | ']' | '<' | '~' => true,
            // `snake_case` cannot toggle emphasis; `_word_` can.
            '_' => {
                !(prev.is_some_and(char::is_alphanumeric)
                    && chars.peek().is_some_and(|(_, n)| n.is_alphanumeric()))
            }
            '&' => {
                out.push_str(&text[copied..at]);
                out.push(AMPERSAND);
                copied = at + 1;
                prev = Some(c);
                continue;
            }
            '|' => in_table,
            _ => false,
        };
        if escape {
            out.push_str(&text[copied..at]);
            out.push('\\');
            copied = at;
        }
        prev = Some(c);
    }
    out.push_str(&text[copied..]);
    out
}

/// Whether a `&` followed by `after` could be read as a character reference like `&copy;`.
fn may_be_reference(after: impl Iterator<Item = char>) -> bool {
    let mut name = 0;
    for c in after.take(40) {
        match c {
            ';' => return name > 0,
            c if c.is_ascii_alphanumeric() || c == '#' => name += 1,
            _ => return false,
        }
    }
    false
}

/// Escapes the text's `&` (see [`AMPERSAND`]) only where it would start a character reference,
/// which keeps `AT&T` readable.
pub(super) fn resolve_ampersands(line: String) -> String {
    if !line.contains(AMPERSAND) {
        return line;
    }
    let mut out = String::with_capacity(line.len());
    for (at, c) in line.char_indices() {
        if c == AMPERSAND {
            if may_be_reference(line[at + c.len_utf8()..].chars()) {
                out.push('\\');
            }
            out.push('&');
        } else {
            out.push(c);
        }
    }
    out
}

/// Escapes what would start a block construct at the beginning of a paragraph line.
pub(super) fn escape_line_start(line: String) -> String {
    let bytes = line.as_bytes();
    let ends_marker = |at: usize| matches!(bytes.get(at), None | Some(b' '));
    let insert_at = match bytes.first() {
        Some(b'>') => Some(0),
        Some(b'#') => {
            let hashes = bytes.iter().take_while(|&&b| b == b'#').count();
            (hashes <= 6 && ends_marker(hashes)).then_some(0)
        }
        Some(b'+') => ends_marker(1).then_some(0),
        Some(b'-') => {
            (ends_marker(1) || bytes.iter().all(|&b| b == b'-' || b == b' ')).then_some(0)
        }
        Some(b'0'..=b'9') => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            (digits <= 9
                && matches!(bytes.get(digits), Some(b'.' | b')'))
                && ends_marker(digits + 1))
            .then_some(digits)
        }
        _ => None,
    };
    match insert_at {
        Some(at) => format!("{}\\{}", &line[..at], &line[at..]),
        None => line,
    }
}

/// `content` as a Markdown code span, fenced by more backticks than any run inside it.
pub(crate) fn code_span(content: &str, in_table: bool) -> String {
    let content = if in_table {
        content.replace('|', "\\|")
    } else {
        content.to_owned()
    };
    let fence = "`".repeat(longest_run(&content, '`') + 1);
    let pad = if content.starts_with('`') || content.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{content}{pad}{fence}")
}

pub(super) fn longest_run(text: &str, c: char) -> usize {
    let (mut longest, mut run) = (0, 0);
    for ch in text.chars() {
        run = if ch == c { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

/// Finds the first `http://` or `https://` URL in `word` (which has no whitespace), leaving out
/// trailing punctuation and unbalanced closing brackets, as GitHub's autolinker does.
pub(super) fn find_url(word: &str) -> Option<(usize, usize)> {
    // Nearly every word has no URL: it is told without lowering a copy of it.
    if !word
        .as_bytes()
        .windows(4)
        .any(|four| four.eq_ignore_ascii_case(b"http"))
    {
        return None;
    }
    let lower = word.to_ascii_lowercase();
    let mut from = 0;
    loop {
        let start = from + lower[from..].find("http")?;
        let tail = &lower[start..];
        let scheme = if tail.starts_with("https://") {
            8
        } else if tail.starts_with("http://") {
            7
        } else {
            from = start + 4;
            continue;
        };
        let body = start + scheme;
        let mut end = word[body..]
            .find(|c: char| c.is_control() || matches!(c, '<' | '>' | '"' | '`'))
            .map_or(word.len(), |offset| body + offset);
        let url = &word[body..end];
        let mut unmatched_parens = url
            .matches(')')
            .count()
            .saturating_sub(url.matches('(').count());
        let mut unmatched_brackets = url
            .matches(']')
            .count()
            .saturating_sub(url.matches('[').count());
        while let Some(last) = word[body..end].chars().next_back() {
            let strip = match last {
                '.' | ',' | ':' | ';' | '!' | '?' | '\'' | '"' | '*' | '_' | '~' => true,
                ')' if unmatched_parens > 0 => {
                    unmatched_parens -= 1;
                    true
                }
                ']' if unmatched_brackets > 0 => {
                    unmatched_brackets -= 1;
                    true
                }
                _ => false,
            };
            if !strip {
                break;
            }
            end -= last.len_utf8();
        }
        if word[body..end].chars().any(char::is_alphanumeric) {
            return Some((start, end));
        }
        from = body;
    }
}

/// Percent-encodes what may not appear in an autolink or link destination (or a table cell).
pub(super) fn encode_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        if c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | '`' | '|' | '\\') {
            let mut buf = [0; 4];
            for byte in c.encode_utf8(&mut buf).bytes() {
                let _ = write!(out, "%{byte:02X}");
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// An encoded URL as a `[text](destination)`: parentheses and character references escaped.
pub(super) fn escape_destination(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    let mut chars = url.chars();
    while let Some(c) = chars.next() {
        let escape = match c {
            '(' | ')' => true,
            '&' => may_be_reference(chars.clone()),
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
