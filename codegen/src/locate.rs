//! Where a JSON pointer is in a file's text, so that a problem can be shown in the fragment as
//! written.
//!
//! The parser works on `serde_json::Value`s, which keep no positions, and parsing everything a
//! second time into a spanned tree would cost every run for the rare run that fails. So the
//! spot is found only when a problem is shown, by a small scanner that walks the text along the
//! pointer and skips every value it does not enter. It never panics: text that is not JSON, or
//! a pointer that leads nowhere, gives `None`.

use std::ops::Range;

/// Where the value a JSON pointer names is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PointerSpan {
    /// The object member's name, quotes included, when the pointer ends at an object member.
    pub member: Option<Range<usize>>,
    /// The value itself, from its first byte to its last (brackets and quotes included).
    pub value: Range<usize>,
}

/// The bytes of `text` that hold the value at `pointer` (RFC 6901: `""` is the whole document,
/// `/a~1b/0` the first item of member `a/b`), and the member name before it. Member names are
/// compared as JSON reads them (escapes decoded); where an object repeats a name, the first is
/// found.
///
/// `None` when `text` is not JSON along the way or `pointer` names no value in it.
#[must_use]
pub fn pointer_span(text: &str, pointer: &str) -> Option<PointerSpan> {
    let mut scanner = Scanner {
        text,
        bytes: text.as_bytes(),
        at: 0,
    };
    if text.starts_with('\u{feff}') {
        scanner.at = '\u{feff}'.len_utf8();
    }
    scanner.skip_whitespace();
    let mut member = None;
    if !pointer.is_empty() {
        let tokens = pointer.strip_prefix('/')?;
        for token in tokens.split('/') {
            let token = token.replace("~1", "/").replace("~0", "~");
            member = match scanner.enter(&token)? {
                Step::Member(name) => Some(name),
                Step::Item => None,
            };
        }
    }
    let value = scanner.value()?;
    Some(PointerSpan { member, value })
}

/// What the scanner stepped into.
enum Step {
    /// An object's member, whose name is written here.
    Member(Range<usize>),
    /// An array's item.
    Item,
}

struct Scanner<'t> {
    text: &'t str,
    bytes: &'t [u8],
    at: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        self.skip_whitespace();
        (self.peek() == Some(byte)).then(|| self.at += 1)
    }

    /// From the start of an object or array to the start of its member `token` or item number
    /// `token`.
    fn enter(&mut self, token: &str) -> Option<Step> {
        match self.peek()? {
            b'{' => {
                self.at += 1;
                loop {
                    self.skip_whitespace();
                    let name = self.string()?;
                    self.expect(b':')?;
                    self.skip_whitespace();
                    if self.name_is(name.clone(), token) {
                        return Some(Step::Member(name));
                    }
                    self.value()?;
                    self.expect(b',')?;
                }
            }
            b'[' => {
                // RFC 6901: an index is `0` or digits without a leading zero.
                let is_index = token == "0"
                    || (!token.starts_with('0')
                        && !token.is_empty()
                        && token.bytes().all(|byte| byte.is_ascii_digit()));
                let index: usize = token.parse().ok().filter(|_| is_index)?;
                self.at += 1;
                for _ in 0..index {
                    self.skip_whitespace();
                    self.value()?;
                    self.expect(b',')?;
                }
                self.skip_whitespace();
                // `[]` has no item 0.
                (self.peek() != Some(b']')).then_some(Step::Item)
            }
            _ => None,
        }
    }

    /// Whether the JSON string at `name` (quotes included) reads as `token`.
    fn name_is(&self, name: Range<usize>, token: &str) -> bool {
        let raw = &self.text[name.start + 1..name.end - 1];
        if raw.contains('\\') {
            serde_json::from_str::<String>(&self.text[name]).is_ok_and(|decoded| decoded == token)
        } else {
            raw == token
        }
    }

    /// Skips the string that starts here, returning its span with the quotes.
    fn string(&mut self) -> Option<Range<usize>> {
        let start = self.at;
        if self.peek()? != b'"' {
            return None;
        }
        self.at += 1;
        loop {
            match self.peek()? {
                b'"' => {
                    self.at += 1;
                    return Some(start..self.at);
                }
                // The escaped byte is never a quote that ends the string; `\u` digits are plain.
                b'\\' => self.at += 2,
                _ => self.at += 1,
            }
        }
    }

    /// Skips the value that starts here, returning its span.
    fn value(&mut self) -> Option<Range<usize>> {
        let start = self.at;
        match self.peek()? {
            b'"' => self.string(),
            b'{' | b'[' => {
                let mut depth = 0_usize;
                loop {
                    match self.peek()? {
                        b'"' => {
                            self.string()?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth = depth.checked_sub(1)?;
                            if depth == 0 {
                                self.at += 1;
                                return Some(start..self.at);
                            }
                        }
                        _ => {}
                    }
                    self.at += 1;
                }
            }
            _ => {
                while self.peek().is_some_and(|byte| {
                    !matches!(byte, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
                }) {
                    self.at += 1;
                }
                (self.at > start).then_some(start..self.at)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text of the value at `pointer`, and of its member name.
    fn at<'t>(text: &'t str, pointer: &str) -> Option<(Option<&'t str>, &'t str)> {
        let span = pointer_span(text, pointer)?;
        Some((span.member.map(|member| &text[member]), &text[span.value]))
    }

    const DOCUMENT: &str = r#"{
  "method": "POST",
  "paths": {"/v2/{id}": {"a~b": [1, {"x": null}]}},
  "list": [ "a,]", {"}": "{"}, [[]], -1.5e3, true ],
  "text": "quote \" and \\ and \u00e9",
  "é": {"ключ": "значение"},
  "esc\u00e9aped\/": 7,
  "": {"": "empty names"},
  "dup": 1,
  "dup": 2
}"#;

    #[test]
    fn the_root_is_the_whole_document() {
        assert_eq!(at(DOCUMENT, ""), Some((None, DOCUMENT)));
        assert_eq!(at("\u{feff} [1] ", ""), Some((None, "[1]")));
    }

    #[test]
    fn members_are_found_with_their_names() {
        assert_eq!(
            at(DOCUMENT, "/method"),
            Some((Some("\"method\""), "\"POST\""))
        );
        assert_eq!(
            at(DOCUMENT, "/text"),
            Some((Some("\"text\""), r#""quote \" and \\ and \u00e9""#))
        );
    }

    #[test]
    fn escaped_tokens_name_slashes_and_tildes() {
        assert_eq!(
            at(DOCUMENT, "/paths/~1v2~1{id}/a~0b"),
            Some((Some("\"a~b\""), r#"[1, {"x": null}]"#))
        );
        // `~01` is `~1` as a name, not `/`.
        assert_eq!(
            at(r#"{"~1": 1, "/": 2}"#, "/~01"),
            Some((Some("\"~1\""), "1"))
        );
        assert_eq!(
            at(r#"{"~1": 1, "/": 2}"#, "/~1"),
            Some((Some("\"/\""), "2"))
        );
    }

    #[test]
    fn arrays_are_indexed_past_values_that_look_like_delimiters() {
        assert_eq!(at(DOCUMENT, "/list/0"), Some((None, "\"a,]\"")));
        assert_eq!(at(DOCUMENT, "/list/1"), Some((None, r#"{"}": "{"}"#)));
        assert_eq!(at(DOCUMENT, "/list/1/}"), Some((Some("\"}\""), "\"{\"")));
        assert_eq!(at(DOCUMENT, "/list/2"), Some((None, "[[]]")));
        assert_eq!(at(DOCUMENT, "/list/3"), Some((None, "-1.5e3")));
        assert_eq!(at(DOCUMENT, "/list/4"), Some((None, "true")));
        assert_eq!(
            at(DOCUMENT, "/paths/~1v2~1{id}/a~0b/1/x"),
            Some((Some("\"x\""), "null"))
        );
        for missing in [
            "/list/5",
            "/list/01",
            "/list/-",
            "/list/+1",
            "/list/",
            "/list/2/0/0",
        ] {
            assert_eq!(at(DOCUMENT, missing), None, "{missing}");
        }
    }

    #[test]
    fn unicode_names_and_escaped_names_are_read_as_json_reads_them() {
        assert_eq!(
            at(DOCUMENT, "/é/ключ"),
            Some((Some("\"ключ\""), "\"значение\""))
        );
        assert_eq!(
            at(DOCUMENT, "/escéaped~1"),
            Some((Some(r#""esc\u00e9aped\/""#), "7"))
        );
        assert_eq!(at(DOCUMENT, "//"), Some((Some("\"\""), "\"empty names\"")));
    }

    #[test]
    fn spans_are_byte_offsets_into_the_text() {
        let span = pointer_span(DOCUMENT, "/é/ключ").expect("found");
        assert_eq!(&DOCUMENT[span.value.clone()], "\"значение\"");
        assert!(DOCUMENT.is_char_boundary(span.value.start));
        let line = DOCUMENT[..span.value.start].matches('\n').count() + 1;
        assert_eq!(line, 6);
    }

    #[test]
    fn a_repeated_name_finds_the_first() {
        assert_eq!(at(DOCUMENT, "/dup"), Some((Some("\"dup\""), "1")));
    }

    #[test]
    fn what_is_not_there_or_not_json_is_none() {
        for (text, pointer) in [
            (DOCUMENT, "/nothing"),
            (DOCUMENT, "method"),
            (DOCUMENT, "/method/0"),
            ("{ not json", ""),
            ("{ not json", "/a"),
            (r#"{"a": [1, 2"#, "/a"),
            (r#"{"a": "#, "/a"),
            (r#"{"a" 1}"#, "/a"),
            ("", ""),
            (r#"{"a\"#, "/a"),
            ("[]", "/0"),
            ("]]]", ""),
        ] {
            assert_eq!(at(text, pointer), None, "{text:?} {pointer:?}");
        }
    }
}
