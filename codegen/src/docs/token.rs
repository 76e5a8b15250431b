//! Stage 1: HTML source → tokens. Only real element names count as tags, and anything
//! unterminated is text, so prose that merely looks like HTML keeps every character.

use std::borrow::Cow;

use super::entity::decode_entities;

/// Longest start or end tag taken as markup; a longer one is text. Bounds the work one stray `<`
/// can cause, so that input full of unterminated tags is still scanned in linear time.
const MAX_TAG_LEN: usize = 4096;

/// Text comes with its character references decoded, borrowed from the source when that changes
/// nothing (most text has no `&`); a start tag keeps only the one attribute Markdown has a use
/// for (see [`super::tree::Elem`]).
pub(super) enum Token<'a> {
    Text(Cow<'a, str>),
    Start {
        name: &'static str,
        attr: Option<String>,
    },
    End(&'static str),
}

struct Tokenizer<'a> {
    src: &'a str,
    /// `src` lowercased (same byte offsets), for closing tags in any case; made the first time
    /// one is looked for, since most descriptions have no `<script>` or `<style>`.
    lower: Option<String>,
    /// Needles known to be absent from a position on; comments and scripts may legitimately run
    /// long, so their end is searched for without a bound, but never twice over the same text.
    absent: Vec<(&'static str, usize)>,
}

pub(super) fn tokenize(src: &str) -> Vec<Token<'_>> {
    let mut tokenizer = Tokenizer {
        src,
        lower: None,
        absent: Vec::new(),
    };
    let mut tokens = Vec::new();
    // Text runs from `text_start` to the next markup: a `<` that starts none is text too.
    let mut text_start = 0;
    let mut i = 0;
    while let Some(offset) = src[i..].find('<') {
        let at = i + offset;
        if let Some((token, next)) = tokenizer.markup(at) {
            tokens.extend(text_token(&src[text_start..at]));
            tokens.extend(token);
            i = next;
            text_start = next;
        } else {
            i = at + 1;
        }
    }
    tokens.extend(text_token(&src[text_start..]));
    tokens
}

/// The text token of `raw`, unless nothing is left of it.
fn text_token(raw: &str) -> Option<Token<'_>> {
    let text = if raw.contains('&') {
        Cow::Owned(decode_entities(raw))
    } else {
        Cow::Borrowed(raw)
    };
    // Control characters have no business in docs; whitespace ones are collapsed later.
    let text = if may_hold_controls(&text) {
        Cow::Owned(
            text.chars()
                .filter(|c| !c.is_control() || c.is_whitespace())
                .collect(),
        )
    } else {
        text
    };
    (!text.is_empty()).then_some(Token::Text(text))
}

/// Whether `text` may hold a control character other than whitespace: false means it has none.
/// Told from bytes without stopping early (which compiles to a fast scan), since nearly all
/// text has none: C0 controls and DEL are single bytes, and every C1 control (U+0080 to U+009F)
/// starts with 0xC2, as do other characters (a no-break space), for which the exact filter then
/// runs for nothing.
fn may_hold_controls(text: &str) -> bool {
    text.bytes().fold(false, |found, byte| {
        found | matches!(byte, 0x00..=0x08 | 0x0E..=0x1F | 0x7F | 0xC2)
    })
}

impl Tokenizer<'_> {
    /// Parses the markup starting at the `<` at `start`: `Some((token, end))` if it is a
    /// comment, doctype or tag of a known element, `None` if the `<` is just text.
    fn markup(&mut self, start: usize) -> Option<(Option<Token<'static>>, usize)> {
        if self.src[start..].starts_with("<!--") {
            let end = self.find_far("-->", start + 4)?;
            return Some((None, end + 3));
        }
        let window = self.window(start);
        let bytes = window.as_bytes();
        match *bytes.get(1)? {
            b'!' if bytes.get(2).is_some_and(u8::is_ascii_alphabetic) => {
                Some((None, start + window.find('>')? + 1))
            }
            b'/' => {
                let (name, len) = tag_name(&window[2..])?;
                let close = window[2 + len..].find('>')?;
                Some((Some(Token::End(name)), start + 2 + len + close + 1))
            }
            c if c.is_ascii_alphabetic() => self.start_tag(start),
            _ => None,
        }
    }

    /// The text a tag starting at `start` may span.
    fn window(&self, start: usize) -> &str {
        let mut end = (start + MAX_TAG_LEN).min(self.src.len());
        while !self.src.is_char_boundary(end) {
            end -= 1;
        }
        &self.src[start..end]
    }

    /// Finds `needle` (lowercase) at or after `from`, in any case.
    fn find_far(&mut self, needle: &'static str, from: usize) -> Option<usize> {
        if self
            .absent
            .iter()
            .any(|&(known, absent_from)| known == needle && from >= absent_from)
        {
            return None;
        }
        // Only a needle with letters needs the lowercased copy.
        let haystack = if needle.bytes().any(|byte| byte.is_ascii_alphabetic()) {
            self.lower
                .get_or_insert_with(|| self.src.to_ascii_lowercase())
                .as_str()
        } else {
            self.src
        };
        let found = haystack.get(from..)?.find(needle).map(|at| from + at);
        if found.is_none() {
            self.absent.push((needle, from));
        }
        found
    }

    fn start_tag(&mut self, start: usize) -> Option<(Option<Token<'static>>, usize)> {
        self.find_far(">", start)?;
        let tag = self.window(start);
        let (name, len) = tag_name(&tag[1..])?;
        let wanted = match name {
            "a" => "href",
            "ol" => "start",
            _ => "",
        };
        let (attr, tag_len) = attributes(tag, 1 + len, wanted)?;
        let end = start + tag_len;
        let raw_end = match name {
            "script" => "</script",
            "style" => "</style",
            "template" => "</template",
            _ => return Some((Some(Token::Start { name, attr }), end)),
        };
        // Their content is code or CSS, not prose; without a closing tag only the tag goes.
        if let Some(close) = self.find_far(raw_end, end)
            && let Some(gt) = self.find_far(">", close)
        {
            return Some((None, gt + 1));
        }
        Some((None, end))
    }
}

/// Reads the attributes of `tag` from byte `p` on: the value of the first one named `wanted`, and
/// the length of the whole tag. `None` if the tag does not end within `tag`: an unterminated tag
/// is text, so no words are lost.
fn attributes(tag: &str, mut p: usize, wanted: &str) -> Option<(Option<String>, usize)> {
    let mut found = None;
    loop {
        p += whitespace_len(&tag[p..]);
        let rest = &tag[p..];
        if rest.starts_with('>') {
            return Some((found, p + 1));
        }
        if rest.starts_with("/>") {
            return Some((found, p + 2));
        }
        if rest.is_empty() {
            return None;
        }
        if rest.starts_with('/') {
            p += 1;
            continue;
        }
        let (name, value, len) = attribute(rest)?;
        p += len;
        if found.is_none() && name.eq_ignore_ascii_case(wanted) {
            found = Some(decode_entities(value));
        }
    }
}

/// The attribute at the start of `s` (`name`, `name=value` or a quoted value, entities not yet
/// decoded), with its length; `None` if a quoted value is not closed.
fn attribute(s: &str) -> Option<(&str, &str, usize)> {
    let name_len = s
        .find(|c: char| c.is_ascii_whitespace() || matches!(c, '/' | '>' | '='))
        .unwrap_or(s.len())
        .max(1);
    // At least one character, even one that ends names: it is a name of its own then.
    let name = s.get(..name_len).unwrap_or(s);
    let mut p = name.len() + whitespace_len(&s[name.len()..]);
    if !s[p..].starts_with('=') {
        return Some((name, "", p));
    }
    p += 1;
    p += whitespace_len(&s[p..]);
    let rest = &s[p..];
    if let Some(quote) = rest.chars().next().filter(|c| matches!(c, '"' | '\'')) {
        let close = rest[1..].find(quote)?;
        Some((name, &rest[1..=close], p + close + 2))
    } else {
        let end = rest
            .find(|c: char| c.is_ascii_whitespace() || c == '>')
            .unwrap_or(rest.len());
        Some((name, &rest[..end], p + end))
    }
}

fn tag_name(s: &str) -> Option<(&'static str, usize)> {
    if !s.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    // No known name is longer than 10 characters: no need to look further.
    let len = match s
        .char_indices()
        .take(12)
        .find(|&(_, c)| c.is_ascii_whitespace() || c == '/' || c == '>')
    {
        Some((at, _)) => at,
        None if s.len() <= 12 => s.len(),
        None => return None,
    };
    let name = known_tag(&s[..len])?;
    Some((name, len))
}

fn whitespace_len(s: &str) -> usize {
    s.len()
        - s.trim_start_matches(|c: char| c.is_ascii_whitespace())
            .len()
}

/// Element names recognized as markup. Anything else after `<` is text, so that `Vec<T>` or
/// `<customer_id>` in prose survives.
#[rustfmt::skip]
const TAGS: &[&str] = &[
    "a", "abbr", "acronym", "address", "area", "article", "aside", "audio", "b", "base", "bdi",
    "bdo", "big", "blockquote", "body", "br", "button", "canvas", "caption", "center", "cite",
    "code", "col", "colgroup", "data", "datalist", "dd", "del", "details", "dfn", "dialog", "dir",
    "div", "dl", "dt", "em", "embed", "fieldset", "figcaption", "figure", "font", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html", "i", "iframe",
    "img", "input", "ins", "kbd", "label", "legend", "li", "link", "main", "map", "mark", "menu",
    "meta", "meter", "nav", "nobr", "noscript", "object", "ol", "optgroup", "option", "output", "p",
    "param", "picture", "pre", "progress", "q", "rp", "rt", "ruby", "s", "samp", "script",
    "section", "select", "small", "source", "span", "strike", "strong", "style", "sub", "summary",
    "sup", "svg", "table", "tbody", "td", "template", "textarea", "tfoot", "th", "thead", "time",
    "title", "tr", "track", "tt", "u", "ul", "var", "video", "wbr",
];

/// The element `name` names, in any case.
fn known_tag(name: &str) -> Option<&'static str> {
    TAGS.iter()
        .copied()
        .find(|tag| tag.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::may_hold_controls;

    /// The quick test never misses a control character the exact filter would drop.
    #[test]
    fn no_control_character_passes_unseen() {
        let mut text = String::new();
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            text.clear();
            text.push('a');
            text.push(c);
            if c.is_control() && !c.is_whitespace() {
                assert!(may_hold_controls(&text), "{c:?}");
            }
        }
    }
}
