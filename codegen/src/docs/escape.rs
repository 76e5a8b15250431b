//! Escaping: every character Markdown or rustdoc could read as syntax is made to read literally,
//! and URLs are made safe to stand in autolinks and link destinations.

use std::fmt::Write as _;

use super::AMPERSAND;

/// Appends `text` to `out`, escaped so that Markdown and rustdoc read every character literally
/// (`&` is left as [`AMPERSAND`] for [`resolve_ampersands`], and a `!` for [`super::inline`],
/// which escapes it where a link follows).
pub(super) fn escape_text(out: &mut String, text: &str, in_table: bool) {
    // Every character that needs a backslash or a stand-in is ASCII, so the text is scanned as
    // bytes (a byte below 0x80 is always a whole character), skipping quickly over those that
    // need nothing, and copied in runs between them.
    let bytes = text.as_bytes();
    let mut copied = 0;
    let mut at = 0;
    while let Some(offset) = bytes[at..]
        .iter()
        .position(|&byte| MAY_ESCAPE[usize::from(byte)])
    {
        at += offset;
        let escape = match bytes[at] {
            // `snake_case` cannot toggle emphasis; `_word_` can.
            b'_' => {
                !(text[..at]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric)
                    && text[at + 1..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric))
            }
            b'&' => {
                out.push_str(&text[copied..at]);
                out.push(AMPERSAND);
                copied = at + 1;
                at += 1;
                continue;
            }
            b'|' => in_table,
            _ => true,
        };
        if escape {
            out.push_str(&text[copied..at]);
            out.push('\\');
            copied = at;
        }
        at += 1;
    }
    out.push_str(&text[copied..]);
}

/// The bytes [`escape_text`] may have to escape or stand in for, by value.
static MAY_ESCAPE: [bool; 256] = {
    let mut table = [false; 256];
    let bytes = b"\\`*[]<~_&|";
    let mut k = 0;
    while k < bytes.len() {
        table[bytes[k] as usize] = true;
        k += 1;
    }
    table
};

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
    let mut rest = line.as_str();
    while let Some(at) = rest.find(AMPERSAND) {
        out.push_str(&rest[..at]);
        rest = &rest[at + AMPERSAND.len_utf8()..];
        if may_be_reference(rest.chars()) {
            out.push('\\');
        }
        out.push('&');
    }
    out.push_str(rest);
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
    let mut out = String::with_capacity(content.len() + 4);
    push_code_span(&mut out, content, in_table);
    out
}

/// Appends [`code_span`]`(content, in_table)` to `out`.
pub(super) fn push_code_span(out: &mut String, content: &str, in_table: bool) {
    // Escaping `|` as `\|` changes no backtick run, nor the first or last character: the fence
    // and padding can be told from `content` itself.
    let fence = longest_backtick_run(content) + 1;
    let pad = content.starts_with('`') || content.ends_with('`');
    push_backticks(out, fence);
    if pad {
        out.push(' ');
    }
    if in_table {
        for (k, part) in content.split('|').enumerate() {
            if k > 0 {
                out.push_str("\\|");
            }
            out.push_str(part);
        }
    } else {
        out.push_str(content);
    }
    if pad {
        out.push(' ');
    }
    push_backticks(out, fence);
}

pub(super) fn push_backticks(out: &mut String, count: usize) {
    out.extend(std::iter::repeat_n('`', count));
}

/// The length of the longest run of backticks in `text` (a backtick is one byte, never part of
/// another character, so bytes will do).
pub(super) fn longest_backtick_run(text: &str) -> usize {
    let (mut longest, mut run) = (0, 0);
    for &byte in text.as_bytes() {
        run = if byte == b'`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

/// The offset and length of the first whitespace character (as [`char::is_whitespace`] tells)
/// in `text`. Every whitespace character is a space or below (ASCII) or starts with a byte from
/// 0x80 on, so only those bytes are looked at, and only the latter decoded.
pub(super) fn find_whitespace(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(offset) = bytes[at..]
        .iter()
        .position(|&byte| byte <= b' ' || byte >= 0x80)
    {
        at += offset;
        if bytes[at].is_ascii() {
            if matches!(bytes[at], b' ' | b'\t'..=b'\r') {
                return Some((at, 1));
            }
            at += 1;
        } else {
            let c = text.get(at..)?.chars().next()?;
            if c.is_whitespace() {
                return Some((at, c.len_utf8()));
            }
            at += c.len_utf8();
        }
    }
    None
}

/// Where `text` first holds `://`: only a word holding it may hold a URL [`find_url`] finds.
/// Colons are rare in prose, and found quickly.
pub(super) fn find_scheme_end(text: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(offset) = text[from..].find(':') {
        let at = from + offset;
        if text[at..].starts_with("://") {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Finds the first `http://` or `https://` URL in `word` (which has no whitespace), leaving out
/// trailing punctuation and unbalanced closing brackets, as GitHub's autolinker does.
pub(super) fn find_url(word: &str) -> Option<(usize, usize)> {
    // Nearly every word has no URL: it is told without lowering a copy of it, and a word too
    // short for `http://` and one character more is not even looked at.
    if word.len() <= "http://".len() || find_scheme_end(word).is_none() {
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

/// Appends `url` to `out`, percent-encoding what may not appear in an autolink or link
/// destination (or a table cell).
pub(super) fn encode_url(out: &mut String, url: &str) {
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
}

/// Appends an encoded URL to `out` as the destination of a `[text](destination)`: parentheses
/// and character references escaped.
pub(super) fn escape_destination(out: &mut String, url: &str) {
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
}

#[cfg(test)]
mod tests {
    use super::find_whitespace;

    /// Told from bytes, whitespace is still exactly what `char::is_whitespace` says it is.
    #[test]
    fn find_whitespace_agrees_with_char_is_whitespace() {
        let mut text = String::new();
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            text.clear();
            text.push('a');
            text.push(c);
            let expected = c.is_whitespace().then_some((1, c.len_utf8()));
            assert_eq!(find_whitespace(&text), expected, "{c:?}");
        }
    }
}
