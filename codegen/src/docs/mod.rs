//! HTML `description`s → rustdoc Markdown.
//!
//! API vendors write descriptions as loose HTML, or as plain text that merely looks like it
//! (`a < b`, `Vec<T>`, `items[0]`, `gpt-realtime-*`). Pasted into `///` comments as they are,
//! those trip rustdoc's lints and render as stray tags, links and emphasis. The conversion runs in
//! three stages, each forgiving of what the previous one cannot rule out:
//!
//! 1. a tokenizer that recognizes only real HTML element names (so `<T>` or `<customer_id>` stay
//!    text) and falls back to literal text for anything unterminated;
//! 2. a small tree builder with the implied-end rules vendors rely on (`<li>`, `<p>`, `<td>` left
//!    open) and a nesting cap;
//! 3. a renderer to blocks (paragraphs, lists, tables, code) and inline pieces, escaping every
//!    character Markdown could misread.
//!
//! Decisions worth knowing:
//! - every `<br>` (one or many) is a paragraph break: vendors use it as one, and it makes the
//!   first sentence block rustdoc's summary line; inside table cells and link text it is a space;
//! - headings become bold paragraphs, since these docs sit under generated items;
//! - `<pre>` becomes a ```` ```text ```` block, the one place where whitespace is kept;
//! - only `http(s)` and `mailto` links are kept as links (anything else has no meaning on
//!   docs.rs and could be mistaken for an intra-doc link); other `<a>` keep just their text;
//! - `<script>`, `<style>` and `<template>` are dropped with their content when they are closed
//!   (an unclosed one loses only its tag); `<img>` and other unknown or void tags leave just their
//!   text;
//! - emphasis that Markdown would not parse where it lands (for example `**Note:**text`) is
//!   dropped rather than shown as literal asterisks.

use std::fmt::Write as _;

/// Stands for a `&` of the text until the whole line is known, since only then can it be told
/// whether the `&` starts something Markdown reads as a character reference. A noncharacter,
/// removed from the input.
const AMPERSAND: char = '\u{fdd0}';

/// Deeper nesting than this is flattened, so hostile input cannot overflow the stack.
const MAX_DEPTH: usize = 48;

/// Converts an API `description` (HTML as API vendors write it) into Markdown that rustdoc
/// renders cleanly and that passes `RUSTDOCFLAGS="-D warnings" cargo doc`.
///
/// Guarantees, whatever the input (malformed HTML included; it never panics):
/// - no raw HTML: tags are converted or stripped, and any `<` left in the text is escaped, so the
///   only `<` that opens something is an `<https://…>` autolink;
/// - every `http(s)://` URL outside link text becomes an autolink (`rustdoc::bare_urls`); `[`, `]`,
///   `` ` ``, `*`, `\` and line-start markers (`#`, `>`, `-`, `+`, `1.`) are escaped so nothing
///   turns into an intra-doc link, code span, emphasis, heading, quote or list by accident;
/// - plain lines for `#[doc]` attributes: paragraphs separated by exactly one empty line, no
///   leading or trailing empty lines, no trailing spaces, whitespace runs collapsed, and an
///   empty string when there is nothing to say.
///
/// A `<br>` always ends a paragraph (see the module documentation for the other choices).
pub(crate) fn html_to_markdown(html: &str) -> String {
    let html = html.replace(AMPERSAND, "");
    let tree = build_tree(tokenize(&html));
    let mut flow = Flow::default();
    flow.nodes(&tree);
    tidy(&render_blocks(&flow.finish(), false))
}

// ---------------------------------------------------------------------------------------------
// Tokenizer

/// Longest start or end tag taken as markup; a longer one is text. Bounds the work one stray `<`
/// can cause, so that input full of unterminated tags is still scanned in linear time.
const MAX_TAG_LEN: usize = 4096;

enum Token {
    Text(String),
    Start {
        name: &'static str,
        attr: Option<String>,
    },
    End(&'static str),
}

struct Tokenizer<'a> {
    src: &'a str,
    /// `src` lowercased (same byte offsets), for closing tags in any case.
    lower: String,
    /// Needles known to be absent from a position on; comments and scripts may legitimately run
    /// long, so their end is searched for without a bound, but never twice over the same text.
    absent: Vec<(&'static str, usize)>,
}

fn tokenize(src: &str) -> Vec<Token> {
    let mut tokenizer = Tokenizer {
        src,
        lower: src.to_ascii_lowercase(),
        absent: Vec::new(),
    };
    let mut tokens = Vec::new();
    let mut raw = String::new();
    let mut i = 0;
    while let Some(offset) = src[i..].find('<') {
        let at = i + offset;
        raw.push_str(&src[i..at]);
        if let Some((token, next)) = tokenizer.markup(at) {
            flush_text(&mut raw, &mut tokens);
            tokens.extend(token);
            i = next;
        } else {
            raw.push('<');
            i = at + 1;
        }
    }
    raw.push_str(&src[i..]);
    flush_text(&mut raw, &mut tokens);
    tokens
}

fn flush_text(raw: &mut String, tokens: &mut Vec<Token>) {
    if raw.is_empty() {
        return;
    }
    // Control characters have no business in docs; whitespace ones are collapsed later.
    let text: String = decode_entities(raw)
        .chars()
        .filter(|c| !c.is_control() || c.is_whitespace())
        .collect();
    raw.clear();
    if !text.is_empty() {
        tokens.push(Token::Text(text));
    }
}

impl Tokenizer<'_> {
    /// Parses the markup starting at the `<` at `start`: `Some((token, end))` if it is a
    /// comment, doctype or tag of a known element, `None` if the `<` is just text.
    fn markup(&mut self, start: usize) -> Option<(Option<Token>, usize)> {
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
        let found = self.lower.get(from..)?.find(needle).map(|at| from + at);
        if found.is_none() {
            self.absent.push((needle, from));
        }
        found
    }

    fn start_tag(&mut self, start: usize) -> Option<(Option<Token>, usize)> {
        self.find_far(">", start)?;
        let tag = self.window(start);
        let (name, len) = tag_name(&tag[1..])?;
        let wanted = match name {
            "a" => "href",
            "ol" => "start",
            _ => "",
        };
        let mut attr = None;
        let mut p = 1 + len;
        loop {
            p += whitespace_len(&tag[p..]);
            let rest = &tag[p..];
            if rest.starts_with('>') {
                p += 1;
                break;
            }
            if rest.starts_with("/>") {
                p += 2;
                break;
            }
            if rest.is_empty() {
                // An unterminated tag is text, so no words are lost.
                return None;
            }
            if rest.starts_with('/') {
                p += 1;
                continue;
            }
            let name_len = rest
                .find(|c: char| c.is_ascii_whitespace() || matches!(c, '/' | '>' | '='))
                .unwrap_or(rest.len())
                .max(1);
            let attr_name = rest[..name_len].to_ascii_lowercase();
            p += name_len;
            p += whitespace_len(&tag[p..]);
            let mut value = String::new();
            if tag[p..].starts_with('=') {
                p += 1;
                p += whitespace_len(&tag[p..]);
                let rest = &tag[p..];
                if let Some(quote) = rest.chars().next().filter(|c| matches!(c, '"' | '\'')) {
                    let close = rest[1..].find(quote)?;
                    value = decode_entities(&rest[1..=close]);
                    p += close + 2;
                } else {
                    let end = rest
                        .find(|c: char| c.is_ascii_whitespace() || c == '>')
                        .unwrap_or(rest.len());
                    value = decode_entities(&rest[..end]);
                    p += end;
                }
            }
            if attr.is_none() && attr_name == wanted {
                attr = Some(value);
            }
        }
        let end = start + p;
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
    let name = known_tag(&s[..len].to_ascii_lowercase())?;
    Some((name, len))
}

fn whitespace_len(s: &str) -> usize {
    s.len()
        - s.trim_start_matches(|c: char| c.is_ascii_whitespace())
            .len()
}

/// Decodes character references; anything unknown or malformed stays literal.
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if let Some((c, len)) = decode_entity(rest) {
            out.push(c);
            rest = &rest[len..];
        } else {
            out.push('&');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

/// `s` starts with `&`; returns the character and the length of the reference.
fn decode_entity(s: &str) -> Option<(char, usize)> {
    let semi = s.bytes().take(34).position(|b| b == b';')?;
    let body = &s[1..semi];
    let c = if let Some(number) = body.strip_prefix('#') {
        let (digits, radix, max_len) = match number.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16, 6),
            None => (number, 10, 7),
        };
        if digits.is_empty() || digits.len() > max_len || !digits.chars().all(|c| c.is_digit(radix))
        {
            return None;
        }
        numeric_char(u32::from_str_radix(digits, radix).ok()?)?
    } else {
        named_entity(body)?
    };
    Some((c, semi + 1))
}

fn numeric_char(code: u32) -> Option<char> {
    // HTML reads these C1 codes as Windows-1252, which is what Word-exported text means by them.
    const CP1252: [char; 32] = [
        '€', '\0', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\0', 'Ž', '\0', '\0',
        '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\0', 'ž', 'Ÿ',
    ];
    let c = match code {
        0 => return None,
        0x80..=0x9F => CP1252[(code - 0x80) as usize],
        _ => char::from_u32(code)?,
    };
    (c != '\0' && c != AMPERSAND).then_some(c)
}

/// The named references vendors use; others stay literal text.
#[rustfmt::skip]
const ENTITIES: &[(&str, char)] = &[
    ("amp", '&'), ("AMP", '&'), ("lt", '<'), ("LT", '<'), ("gt", '>'), ("GT", '>'), ("quot", '"'),
    ("QUOT", '"'), ("apos", '\''), ("nbsp", '\u{a0}'), ("ensp", '\u{2002}'), ("emsp", '\u{2003}'),
    ("thinsp", '\u{2009}'), ("zwnj", '\u{200c}'), ("zwj", '\u{200d}'), ("shy", '\u{ad}'),
    ("ndash", '–'), ("mdash", '—'), ("minus", '−'), ("hellip", '…'), ("lsquo", '‘'), ("rsquo", '’'),
    ("sbquo", '‚'), ("ldquo", '“'), ("rdquo", '”'), ("bdquo", '„'), ("laquo", '«'), ("raquo", '»'),
    ("lsaquo", '‹'), ("rsaquo", '›'), ("bull", '•'), ("middot", '·'), ("dagger", '†'),
    ("Dagger", '‡'), ("prime", '′'), ("Prime", '″'), ("copy", '©'), ("reg", '®'), ("trade", '™'),
    ("deg", '°'), ("plusmn", '±'), ("times", '×'), ("divide", '÷'), ("micro", 'µ'), ("para", '¶'),
    ("sect", '§'), ("cent", '¢'), ("pound", '£'), ("euro", '€'), ("yen", '¥'), ("iexcl", '¡'),
    ("iquest", '¿'), ("frac12", '½'), ("frac14", '¼'), ("frac34", '¾'), ("sup1", '¹'),
    ("sup2", '²'), ("sup3", '³'), ("larr", '←'), ("rarr", '→'), ("uarr", '↑'), ("darr", '↓'),
    ("harr", '↔'), ("rArr", '⇒'), ("le", '≤'), ("ge", '≥'), ("ne", '≠'), ("asymp", '≈'),
    ("infin", '∞'), ("check", '✓'), ("aacute", 'á'), ("Aacute", 'Á'), ("agrave", 'à'),
    ("Agrave", 'À'), ("acirc", 'â'), ("auml", 'ä'), ("Auml", 'Ä'), ("aring", 'å'), ("atilde", 'ã'),
    ("aelig", 'æ'), ("ccedil", 'ç'), ("Ccedil", 'Ç'), ("eacute", 'é'), ("Eacute", 'É'),
    ("egrave", 'è'), ("ecirc", 'ê'), ("euml", 'ë'), ("iacute", 'í'), ("igrave", 'ì'),
    ("icirc", 'î'), ("iuml", 'ï'), ("ntilde", 'ñ'), ("Ntilde", 'Ñ'), ("oacute", 'ó'),
    ("ograve", 'ò'), ("ocirc", 'ô'), ("ouml", 'ö'), ("Ouml", 'Ö'), ("otilde", 'õ'), ("oslash", 'ø'),
    ("uacute", 'ú'), ("ugrave", 'ù'), ("ucirc", 'û'), ("uuml", 'ü'), ("Uuml", 'Ü'), ("yacute", 'ý'),
    ("yuml", 'ÿ'), ("szlig", 'ß'),
];

fn named_entity(name: &str) -> Option<char> {
    ENTITIES
        .iter()
        .find(|(entity, _)| *entity == name)
        .map(|&(_, c)| c)
}

// ---------------------------------------------------------------------------------------------
// Tree

enum Node {
    Text(String),
    Elem(Elem),
}

struct Elem {
    name: &'static str,
    /// `href` of `a`, `start` of `ol`; nothing else matters for Markdown.
    attr: Option<String>,
    children: Vec<Node>,
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

fn known_tag(name: &str) -> Option<&'static str> {
    TAGS.iter().copied().find(|tag| *tag == name)
}

#[rustfmt::skip]
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Elements whose start tag implicitly closes an open `<p>`, as in HTML.
#[rustfmt::skip]
const CLOSES_PARAGRAPH: &[&str] = &[
    "address", "article", "aside", "blockquote", "center", "dd", "details", "dialog", "dir", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hgroup", "hr", "li", "main", "menu", "nav", "ol", "p", "pre", "section",
    "summary", "table", "ul",
];

/// Block elements that do not close a `<p>` (they only occur in their own contexts).
#[rustfmt::skip]
const OTHER_BLOCKS: &[&str] = &[
    "body", "caption", "head", "html", "legend", "option", "optgroup", "tbody", "td", "tfoot", "th",
    "thead", "title", "tr",
];

fn is_void(name: &str) -> bool {
    VOID.contains(&name)
}

/// Elements that start a new block: they end the current paragraph.
fn is_block(name: &str) -> bool {
    closes_paragraph(name) || OTHER_BLOCKS.contains(&name)
}

fn closes_paragraph(name: &str) -> bool {
    CLOSES_PARAGRAPH.contains(&name)
}

fn build_tree(tokens: Vec<Token>) -> Vec<Node> {
    let mut root = Vec::new();
    let mut stack: Vec<Elem> = Vec::new();
    for token in tokens {
        match token {
            Token::Text(text) => {
                let children = children_of(&mut stack, &mut root);
                if let Some(Node::Text(previous)) = children.last_mut() {
                    previous.push_str(&text);
                } else {
                    children.push(Node::Text(text));
                }
            }
            Token::Start { name, attr } => {
                if is_void(name) {
                    children_of(&mut stack, &mut root).push(Node::Elem(Elem {
                        name,
                        attr: None,
                        children: Vec::new(),
                    }));
                    continue;
                }
                close_implied(&mut stack, &mut root, name);
                if stack.len() < MAX_DEPTH {
                    stack.push(Elem {
                        name,
                        attr,
                        children: Vec::new(),
                    });
                }
            }
            Token::End(name) => {
                if name == "br" {
                    // Browsers read `</br>` as `<br>`.
                    children_of(&mut stack, &mut root).push(Node::Elem(Elem {
                        name,
                        attr: None,
                        children: Vec::new(),
                    }));
                } else if let Some(at) = stack.iter().rposition(|e| e.name == name) {
                    pop_to(&mut stack, &mut root, at);
                }
            }
        }
    }
    pop_to(&mut stack, &mut root, 0);
    root
}

fn children_of<'a>(stack: &'a mut [Elem], root: &'a mut Vec<Node>) -> &'a mut Vec<Node> {
    match stack.last_mut() {
        Some(elem) => &mut elem.children,
        None => root,
    }
}

/// Closes open elements until only `len` remain.
fn pop_to(stack: &mut Vec<Elem>, root: &mut Vec<Node>, len: usize) {
    while stack.len() > len {
        let Some(elem) = stack.pop() else { break };
        children_of(stack, root).push(Node::Elem(elem));
    }
}

/// The end tags HTML lets authors omit: a new `<li>` ends the previous one, and so on.
fn close_implied(stack: &mut Vec<Elem>, root: &mut Vec<Node>, name: &str) {
    let (targets, bounds): (&[&str], &[&str]) = match name {
        "li" => (&["li"], &["ul", "ol", "menu", "dir", "table"]),
        "dt" | "dd" => (&["dt", "dd"], &["dl", "table"]),
        "tr" => (&["tr"], &["table"]),
        "td" | "th" => (&["td", "th"], &["tr", "table"]),
        "thead" | "tbody" | "tfoot" => (&["thead", "tbody", "tfoot"], &["table"]),
        "a" => (&["a"], &["table"]),
        "option" => (&["option"], &["select"]),
        _ => (&[], &[]),
    };
    close_nearest(stack, root, targets, bounds);
    if closes_paragraph(name) {
        close_nearest(
            stack,
            root,
            &["p"],
            &["td", "th", "table", "caption", "button"],
        );
    }
}

fn close_nearest(stack: &mut Vec<Elem>, root: &mut Vec<Node>, targets: &[&str], bounds: &[&str]) {
    for at in (0..stack.len()).rev() {
        let name = stack[at].name;
        if targets.contains(&name) {
            pop_to(stack, root, at);
            return;
        }
        if bounds.contains(&name) {
            return;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Blocks and inlines

enum Inline {
    Text(String),
    Break,
    Strong(Vec<Inline>),
    Emph(Vec<Inline>),
    Code(String),
    /// A validated absolute URL and the link text.
    Link(String, Vec<Inline>),
}

enum Block {
    Para(Vec<Inline>),
    List {
        ordered: bool,
        start: u32,
        items: Vec<Vec<Block>>,
        /// Made of `<li>`s found outside any list; consecutive ones join it.
        implicit: bool,
    },
    Table {
        head: Vec<Vec<Inline>>,
        body: Vec<Vec<Vec<Inline>>>,
    },
    Code(String),
    Quote(Vec<Block>),
}

/// Collects blocks from flow content, gathering loose inline content into paragraphs.
#[derive(Default)]
struct Flow {
    blocks: Vec<Block>,
    pending: Vec<Inline>,
}

impl Flow {
    fn finish(mut self) -> Vec<Block> {
        self.flush();
        self.blocks
    }

    fn flush(&mut self) {
        for part in split_breaks(std::mem::take(&mut self.pending)) {
            if has_content(&part) {
                self.blocks.push(Block::Para(part));
            }
        }
    }

    fn nodes(&mut self, nodes: &[Node]) {
        for node in nodes {
            self.node(node);
        }
    }

    fn node(&mut self, node: &Node) {
        match node {
            Node::Text(text) => self.pending.push(Inline::Text(text.clone())),
            Node::Elem(elem) if is_block(elem.name) => {
                self.flush();
                self.block(elem);
                self.flush();
            }
            Node::Elem(elem) if is_formatting(elem.name) => inline_elem(elem, &mut self.pending),
            // Unknown and presentational elements are transparent: their blocks stay blocks.
            Node::Elem(elem) => self.nodes(&elem.children),
        }
    }

    fn block(&mut self, elem: &Elem) {
        match elem.name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                for part in split_breaks(collect_inlines(&elem.children)) {
                    if has_content(&part) {
                        self.blocks.push(Block::Para(vec![Inline::Strong(part)]));
                    }
                }
            }
            "ul" | "ol" | "menu" | "dir" => self.list(elem),
            "li" => {
                let item = flow_of(&elem.children);
                if item.is_empty() {
                    return;
                }
                if let Some(Block::List {
                    implicit: true,
                    items,
                    ..
                }) = self.blocks.last_mut()
                {
                    items.push(item);
                } else {
                    self.blocks.push(Block::List {
                        ordered: false,
                        start: 1,
                        items: vec![item],
                        implicit: true,
                    });
                }
            }
            "table" => self.table(elem),
            "pre" => {
                let mut text = String::new();
                text_content(&elem.children, &mut text, '\n');
                self.blocks.push(Block::Code(text));
            }
            "blockquote" => {
                let inner = flow_of(&elem.children);
                if !inner.is_empty() {
                    self.blocks.push(Block::Quote(inner));
                }
            }
            "hr" => {}
            _ => self.nodes(&elem.children),
        }
    }

    fn list(&mut self, elem: &Elem) {
        let mut items = Vec::new();
        let mut current: Option<Flow> = None;
        for child in &elem.children {
            match child {
                Node::Elem(li) if li.name == "li" => {
                    items.extend(current.take().map(Flow::finish));
                    let mut item = Flow::default();
                    item.nodes(&li.children);
                    current = Some(item);
                }
                // Stray content joins the item before it, or precedes the list.
                _ => match current.as_mut() {
                    Some(item) => {
                        item.pending.push(Inline::Break);
                        item.node(child);
                    }
                    None => self.node(child),
                },
            }
        }
        items.extend(current.map(Flow::finish));
        items.retain(|item| !item.is_empty());
        self.flush();
        if items.is_empty() {
            return;
        }
        let ordered = elem.name == "ol";
        let start = if ordered {
            list_start(elem.attr.as_deref(), items.len())
        } else {
            1
        };
        self.blocks.push(Block::List {
            ordered,
            start,
            items,
            implicit: false,
        });
    }

    fn table(&mut self, elem: &Elem) {
        let mut rows = Rows::default();
        self.table_part(&elem.children, false, &mut rows);
        // Content outside cells was fostered into `pending`: like browsers, show it first.
        self.flush();
        let mut rows: Vec<(bool, Vec<Vec<Inline>>)> = rows
            .rows
            .into_iter()
            .filter(|(_, cells)| !cells.is_empty())
            .collect();
        if !rows
            .iter()
            .any(|(_, cells)| cells.iter().any(|c| has_content(c)))
        {
            return;
        }
        let head_at = rows.iter().position(|(head, _)| *head).unwrap_or(0);
        let head = rows.remove(head_at).1;
        let body = rows.into_iter().map(|(_, cells)| cells).collect();
        self.blocks.push(Block::Table { head, body });
    }

    fn table_part(&mut self, nodes: &[Node], in_head: bool, rows: &mut Rows) {
        for node in nodes {
            let Node::Elem(elem) = node else {
                self.node(node);
                continue;
            };
            match elem.name {
                "thead" | "tbody" | "tfoot" => {
                    rows.open = false;
                    self.table_part(&elem.children, elem.name == "thead", rows);
                    rows.open = false;
                }
                "tr" => {
                    rows.new_row(in_head);
                    for child in &elem.children {
                        match child {
                            Node::Elem(cell) if matches!(cell.name, "td" | "th") => {
                                rows.cell(in_head, collect_inlines(&cell.children));
                            }
                            _ => self.node(child),
                        }
                    }
                    rows.open = false;
                }
                "td" | "th" => rows.cell(in_head, collect_inlines(&elem.children)),
                "caption" => {
                    rows.open = false;
                    inlines(&elem.children, &mut self.pending);
                    self.pending.push(Inline::Break);
                }
                "colgroup" | "col" => {}
                _ => self.node(node),
            }
        }
    }
}

#[derive(Default)]
struct Rows {
    /// Each row, marked when it came from `<thead>`.
    rows: Vec<(bool, Vec<Vec<Inline>>)>,
    /// Whether a cell outside any `<tr>` may join the last row.
    open: bool,
}

impl Rows {
    fn new_row(&mut self, head: bool) {
        self.rows.push((head, Vec::new()));
        self.open = true;
    }

    fn cell(&mut self, head: bool, cell: Vec<Inline>) {
        if !self.open {
            self.new_row(head);
        }
        if let Some((_, cells)) = self.rows.last_mut() {
            cells.push(cell);
        }
    }
}

fn flow_of(nodes: &[Node]) -> Vec<Block> {
    let mut flow = Flow::default();
    flow.nodes(nodes);
    flow.finish()
}

fn list_start(attr: Option<&str>, items: usize) -> u32 {
    // Markdown reads at most nine digits as a list number.
    let last_allowed = 999_999_999_i64 - i64::try_from(items).unwrap_or(i64::MAX / 2);
    let start = attr
        .and_then(|value| value.trim().parse::<i64>().ok())
        .unwrap_or(1)
        .clamp(0, last_allowed.max(0));
    u32::try_from(start).unwrap_or(1)
}

/// Elements converted as inline formatting; other non-block elements are transparent.
fn is_formatting(name: &str) -> bool {
    matches!(
        name,
        "a" | "b" | "br" | "code" | "em" | "i" | "kbd" | "samp" | "strong" | "tt"
    )
}

fn collect_inlines(nodes: &[Node]) -> Vec<Inline> {
    let mut out = Vec::new();
    inlines(nodes, &mut out);
    out
}

fn inlines(nodes: &[Node], out: &mut Vec<Inline>) {
    for node in nodes {
        match node {
            Node::Text(text) => out.push(Inline::Text(text.clone())),
            Node::Elem(elem) => inline_elem(elem, out),
        }
    }
}

/// Converts an element met in inline context. Blocks nested in inline content (a list inside
/// `<b>`, a table inside a cell) cannot be expressed in Markdown: they keep their text, set off
/// by paragraph breaks, or spaces between cells.
fn inline_elem(elem: &Elem, out: &mut Vec<Inline>) {
    match elem.name {
        "br" | "hr" => out.push(Inline::Break),
        "strong" | "b" => out.push(Inline::Strong(collect_inlines(&elem.children))),
        "em" | "i" => out.push(Inline::Emph(collect_inlines(&elem.children))),
        "code" | "kbd" | "samp" | "tt" => {
            let mut code = String::new();
            text_content(&elem.children, &mut code, ' ');
            out.push(Inline::Code(code));
        }
        "a" => match elem.attr.as_deref().and_then(link_target) {
            Some(href) => out.push(Inline::Link(href, collect_inlines(&elem.children))),
            None => inlines(&elem.children, out),
        },
        "td" | "th" => {
            out.push(Inline::Text(" ".into()));
            inlines(&elem.children, out);
            out.push(Inline::Text(" ".into()));
        }
        name if is_block(name) => {
            out.push(Inline::Break);
            inlines(&elem.children, out);
            out.push(Inline::Break);
        }
        _ => inlines(&elem.children, out),
    }
}

/// The text of `nodes`, with `<br>` and block boundaries as `separator`.
fn text_content(nodes: &[Node], out: &mut String, separator: char) {
    for node in nodes {
        match node {
            Node::Text(text) => out.push_str(text),
            Node::Elem(elem) if elem.name == "br" => out.push(separator),
            Node::Elem(elem) if is_block(elem.name) => {
                out.push(separator);
                text_content(&elem.children, out, separator);
                out.push(separator);
            }
            Node::Elem(elem) => text_content(&elem.children, out, separator),
        }
    }
}

/// Keeps only links that mean something on docs.rs; a relative one could even be taken for an
/// intra-doc link.
fn link_target(href: &str) -> Option<String> {
    let href = href.trim();
    let lower = href.to_ascii_lowercase();
    let valid = ["http://", "https://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme) && href.len() > scheme.len());
    valid.then(|| href.to_owned())
}

/// Splits inline content at breaks, re-opening emphasis on both sides.
fn split_breaks(inlines: Vec<Inline>) -> Vec<Vec<Inline>> {
    let mut parts = vec![Vec::new()];
    for inline in inlines {
        let (wrap, children): (fn(Vec<Inline>) -> Inline, _) = match inline {
            Inline::Break => {
                parts.push(Vec::new());
                continue;
            }
            Inline::Strong(children) => (Inline::Strong, children),
            Inline::Emph(children) => (Inline::Emph, children),
            other => {
                if let Some(last) = parts.last_mut() {
                    last.push(other);
                }
                continue;
            }
        };
        for (k, sub) in split_breaks(children).into_iter().enumerate() {
            if k > 0 {
                parts.push(Vec::new());
            }
            if let Some(last) = parts.last_mut() {
                last.push(wrap(sub));
            }
        }
    }
    parts
}

fn has_content(inlines: &[Inline]) -> bool {
    inlines.iter().any(|inline| match inline {
        Inline::Text(text) | Inline::Code(text) => !text.trim().is_empty(),
        Inline::Break => false,
        Inline::Strong(children) | Inline::Emph(children) => has_content(children),
        Inline::Link(..) => true,
    })
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

// ---------------------------------------------------------------------------------------------
// Inline rendering

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Delim {
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

#[derive(Clone, PartialEq, Eq, Debug)]
enum Piece {
    Space,
    /// Markdown already escaped, never empty, without whitespace.
    Text(String),
    Open(usize, Delim),
    Close(usize, Delim),
}

/// One line of inline Markdown under construction.
struct Line {
    pieces: Vec<Piece>,
    next_id: usize,
    in_table: bool,
    in_link: bool,
    /// Emphasis kinds open around the current position.
    open: Vec<Delim>,
}

impl Line {
    fn new(in_table: bool, in_link: bool) -> Self {
        Line {
            pieces: Vec::new(),
            next_id: 0,
            in_table,
            in_link,
            open: Vec::new(),
        }
    }

    fn render(inlines: &[Inline], in_table: bool) -> String {
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
            Inline::Break => self.pieces.push(Piece::Space),
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
        self.pieces.push(Piece::Open(id, delim));
        self.open.push(delim);
        self.push_all(children);
        self.open.pop();
        self.pieces.push(Piece::Close(id, delim));
    }

    fn text(&mut self, text: &str) {
        for (k, word) in text.split(char::is_whitespace).enumerate() {
            if k > 0 {
                self.pieces.push(Piece::Space);
            }
            if !word.is_empty() {
                self.word(word);
            }
        }
    }

    fn word(&mut self, word: &str) {
        let mut rest = word;
        // Link text cannot hold another link, and rustdoc does not look for bare URLs in it.
        while !self.in_link {
            let Some((start, end)) = find_url(rest) else {
                break;
            };
            let (mut before, mut after) = (&rest[..start], &rest[end..]);
            // `<https://…>` written as text is already an autolink in spirit.
            if before.ends_with('<') && after.starts_with('>') {
                before = &before[..before.len() - 1];
                after = &after[1..];
            }
            if !before.is_empty() {
                self.pieces
                    .push(Piece::Text(escape_text(before, self.in_table)));
            }
            self.pieces
                .push(Piece::Text(format!("<{}>", encode_url(&rest[start..end]))));
            rest = after;
        }
        if !rest.is_empty() {
            self.pieces
                .push(Piece::Text(escape_text(rest, self.in_table)));
        }
    }

    fn code(&mut self, code: &str) {
        let content = code.split_whitespace().collect::<Vec<_>>().join(" ");
        if code.starts_with(char::is_whitespace) {
            self.pieces.push(Piece::Space);
        }
        if !content.is_empty() {
            self.pieces
                .push(Piece::Text(code_span(&content, self.in_table)));
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
        let mut label = Line::new(self.in_table, true);
        label.open.clone_from(&self.open);
        label.push_all(children);
        let leading = label.pieces.first() == Some(&Piece::Space);
        let trailing = label.pieces.last() == Some(&Piece::Space);
        let label = label.finish();
        if leading {
            self.pieces.push(Piece::Space);
        }
        let url = encode_url(href);
        let markdown = if let Some(address) = href.strip_prefix("mailto:") {
            let label = if label.is_empty() {
                escape_text(address, self.in_table)
            } else {
                label
            };
            format!("[{label}]({})", escape_destination(&url))
        } else if label.is_empty() || plain_text(children) == href {
            format!("<{url}>")
        } else {
            format!("[{label}]({})", escape_destination(&url))
        };
        self.pieces.push(Piece::Text(markdown));
        if trailing {
            self.pieces.push(Piece::Space);
        }
    }

    fn finish(self) -> String {
        let pieces = merge_strong_em(normalize(self.pieces, self.next_id));
        let alive = resolve_delims(&pieces);
        let mut out = String::new();
        for (piece, alive) in pieces.iter().zip(alive) {
            match piece {
                Piece::Space => out.push(' '),
                Piece::Text(text) => out.push_str(text),
                Piece::Open(_, delim) | Piece::Close(_, delim) if alive => {
                    out.push_str(delim.marker());
                }
                Piece::Open(..) | Piece::Close(..) => {}
            }
        }
        resolve_ampersands(&out)
    }
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
        if matches!(piece, Piece::Text(_)) {
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
            Piece::Text(_) => {}
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

fn neighbour(pieces: &[Piece], alive: &[bool], at: usize, forward: bool) -> Side {
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
        Piece::Text(text) if forward => side_of(text.chars().next()),
        Piece::Text(text) => side_of(text.chars().last()),
    }
}

/// Decides which emphasis spans Markdown would actually parse where they land, and drops the
/// others (inner spans first, so the wider one survives a clash).
fn resolve_delims(pieces: &[Piece]) -> Vec<bool> {
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
    pairs.sort_by_key(|&(o, c)| c - o);
    loop {
        let mut changed = false;
        for &(o, c) in &pairs {
            if !alive[o] {
                continue;
            }
            let (before, after) = (
                neighbour(pieces, &alive, o, false),
                neighbour(pieces, &alive, o, true),
            );
            let opens = !matches!(after, Side::Edge | Side::Space | Side::Delim)
                && before != Side::Delim
                && (after == Side::Word
                    || matches!(before, Side::Edge | Side::Space | Side::Punct));
            let (before, after) = (
                neighbour(pieces, &alive, c, false),
                neighbour(pieces, &alive, c, true),
            );
            let closes = !matches!(before, Side::Edge | Side::Space | Side::Delim)
                && after != Side::Delim
                && (before == Side::Word
                    || matches!(after, Side::Edge | Side::Space | Side::Punct));
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

/// Escapes text so that Markdown and rustdoc read every character literally (`&` is left as
/// [`AMPERSAND`] for [`resolve_ampersands`]).
fn escape_text(text: &str, in_table: bool) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).and_then(|j| chars.get(j));
        let next = chars.get(i + 1);
        let escape = match c {
            '\\' | '`' | '*' | '[' | ']' | '<' | '~' => true,
            // `snake_case` cannot toggle emphasis; `_word_` can.
            '_' => {
                !(prev.is_some_and(|p| p.is_alphanumeric())
                    && next.is_some_and(|n| n.is_alphanumeric()))
            }
            '&' => {
                out.push(AMPERSAND);
                continue;
            }
            '|' => in_table,
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
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
fn resolve_ampersands(line: &str) -> String {
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
fn escape_line_start(line: String) -> String {
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

fn longest_run(text: &str, c: char) -> usize {
    let (mut longest, mut run) = (0, 0);
    for ch in text.chars() {
        run = if ch == c { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

/// Finds the first `http://` or `https://` URL in `word` (which has no whitespace), leaving out
/// trailing punctuation and unbalanced closing brackets, as GitHub's autolinker does.
fn find_url(word: &str) -> Option<(usize, usize)> {
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
fn encode_url(url: &str) -> String {
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
fn escape_destination(url: &str) -> String {
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

// ---------------------------------------------------------------------------------------------
// Block rendering

fn render_blocks(blocks: &[Block], in_item: bool) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut previous: Option<(&Block, bool)> = None;
    for block in blocks {
        // Two lists in a row would merge into one; a different marker keeps them apart.
        let alternate = match (block, previous) {
            (
                Block::List { ordered, .. },
                Some((
                    Block::List {
                        ordered: previous_ordered,
                        ..
                    },
                    previous_alternate,
                )),
            ) if ordered == previous_ordered => !previous_alternate,
            _ => false,
        };
        let lines = render_block(block, alternate);
        if lines.is_empty() {
            continue;
        }
        if !out.is_empty() {
            // A sublist right under its item's text keeps the list tight, but only a list
            // starting at 1 may follow a paragraph line directly.
            let tight = in_item
                && matches!(previous, Some((Block::Para(_), _)))
                && matches!(block, Block::List { ordered, start, .. } if !ordered || *start == 1);
            if !tight {
                out.push(String::new());
            }
        }
        out.extend(lines);
        previous = Some((block, alternate));
    }
    out
}

fn render_block(block: &Block, alternate: bool) -> Vec<String> {
    match block {
        Block::Para(inlines) => {
            let line = Line::render(inlines, false);
            if line.is_empty() {
                Vec::new()
            } else {
                vec![escape_line_start(line)]
            }
        }
        Block::List {
            ordered,
            start,
            items,
            ..
        } => render_list(*ordered, *start, items, alternate),
        Block::Table { head, body } => render_table(head, body),
        Block::Code(text) => render_code(text),
        Block::Quote(inner) => render_blocks(inner, false)
            .into_iter()
            .map(|line| {
                if line.is_empty() {
                    ">".to_owned()
                } else {
                    format!("> {line}")
                }
            })
            .collect(),
    }
}

fn render_list(ordered: bool, start: u32, items: &[Vec<Block>], alternate: bool) -> Vec<String> {
    let mut out = Vec::new();
    let mut number = start;
    for item in items {
        let body = render_blocks(item, true);
        let Some((first, rest)) = body.split_first() else {
            continue;
        };
        let marker = match (ordered, alternate) {
            (true, false) => format!("{number}."),
            (true, true) => format!("{number})"),
            (false, false) => "-".to_owned(),
            (false, true) => "+".to_owned(),
        };
        number = number.saturating_add(1);
        let indent = " ".repeat(marker.len() + 1);
        out.push(format!("{marker} {first}"));
        out.extend(rest.iter().map(|line| {
            if line.is_empty() {
                String::new()
            } else {
                format!("{indent}{line}")
            }
        }));
    }
    out
}

fn render_table(head: &[Vec<Inline>], body: &[Vec<Vec<Inline>>]) -> Vec<String> {
    let width = body.iter().map(Vec::len).fold(head.len(), usize::max);
    let row = |cells: &[Vec<Inline>]| {
        let mut line = String::from("|");
        for k in 0..width {
            let text = cells
                .get(k)
                .map(|cell| Line::render(cell, true))
                .unwrap_or_default();
            if !text.is_empty() {
                line.push(' ');
                line.push_str(&text);
            }
            line.push_str(" |");
        }
        line
    };
    let mut out = vec![row(head), format!("|{}", " --- |".repeat(width))];
    out.extend(body.iter().map(|cells| row(cells)));
    out
}

fn render_code(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut lines: Vec<&str> = Vec::new();
    for line in text.split('\n').map(str::trim_end) {
        // One empty line is enough, and keeps "no double blank lines" true everywhere.
        if !(line.is_empty() && lines.last().is_none_or(|l| l.is_empty())) {
            lines.push(line);
        }
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    if lines.is_empty() {
        return Vec::new();
    }
    let fence = "`".repeat(longest_run(&text, '`').max(2) + 1);
    let mut out = vec![format!("{fence}text")];
    out.extend(lines.into_iter().map(str::to_owned));
    out.push(fence);
    out
}

fn tidy(lines: &[String]) -> String {
    let mut out = String::new();
    let mut blank = false;
    for line in lines {
        let line = line.trim_end();
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if blank {
            out.push_str("\n\n");
        } else if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
        blank = false;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::html_to_markdown;
    use proptest::prelude::*;

    #[track_caller]
    fn check(input: &str, expected: &str) {
        assert_eq!(html_to_markdown(input), expected, "input: {input:?}");
    }

    // Paragraphs and whitespace

    #[test]
    fn empty_and_blank_input() {
        check("", "");
        check(" \n\t ", "");
        check("<p> </p><br><br>", "");
    }

    #[test]
    fn whitespace_collapses() {
        check("  a \n\t b   c  ", "a b c");
        check("a&nbsp;&nbsp; b", "a b");
    }

    #[test]
    fn double_br_is_a_paragraph_break() {
        check("one<br><br>two", "one\n\ntwo");
    }

    #[test]
    fn single_br_is_a_paragraph_break() {
        check(
            "one<br>two<br/>three<BR />four</br>five",
            "one\n\ntwo\n\nthree\n\nfour\n\nfive",
        );
    }

    #[test]
    fn br_runs_and_edges_leave_no_blank_runs() {
        check("<br>a<br><br><br><br>b<br>", "a\n\nb");
    }

    #[test]
    fn paragraphs() {
        check("<p>one</p><p>two</p>", "one\n\ntwo");
        check("<p>one<p>two", "one\n\ntwo");
        check("before<div>inside</div>after", "before\n\ninside\n\nafter");
    }

    #[test]
    fn headings_become_bold_paragraphs() {
        check("<h2>Overview</h2>Body text", "**Overview**\n\nBody text");
        check("<h1># Not a heading</h1>", "**# Not a heading**");
    }

    // Inline formatting

    #[test]
    fn strong_and_b() {
        check("a <strong>b</strong> <b>c</b>", "a **b** **c**");
    }

    #[test]
    fn em_and_i() {
        check("a <em>b</em> <i>c</i>", "a *b* *c*");
    }

    #[test]
    fn nested_emphasis() {
        check("<b><i>both</i></b>", "***both***");
        check("<b>bold <b>still</b></b>", "**bold still**");
        check("<b>x <i>y</i> z</b>", "**x *y* z**");
    }

    #[test]
    fn emphasis_whitespace_moves_outside() {
        check("a<b> b </b>c", "a **b** c");
    }

    #[test]
    fn empty_emphasis_disappears() {
        check("a <b> </b> <i class=\"fa fa-x\"></i>b", "a b");
    }

    #[test]
    fn adjacent_emphasis_merges() {
        check("<b>a</b><b>b</b>", "**ab**");
    }

    #[test]
    fn emphasis_that_would_not_parse_is_dropped() {
        check("<b>Note:</b>text", "Note:text");
        check("x<b>\"y\"</b>", "x\"y\"");
    }

    #[test]
    fn emphasis_across_a_break_is_reopened() {
        check("<b>one<br>two</b>", "**one**\n\n**two**");
    }

    #[test]
    fn code() {
        check(
            "use <code>call_method</code> here",
            "use `call_method` here",
        );
        check("<code>a < b *c* [d]</code>", "`a < b *c* [d]`");
    }

    #[test]
    fn code_with_backticks() {
        check("<code>a`b</code>", "``a`b``");
        check("<code>`x`</code>", "`` `x` ``");
        check("<kbd>Ctrl</kbd>", "`Ctrl`");
    }

    #[test]
    fn code_whitespace() {
        check("a<code> x  y </code>b", "a `x y` b");
        check("a <code>  </code> b", "a b");
    }

    // Links and URLs

    #[test]
    fn link() {
        check(
            r#"<a href="https://kb.revcent.com/en/tools/ai/voice-agents#filter-function" target="_blank">here</a>"#,
            "[here](https://kb.revcent.com/en/tools/ai/voice-agents#filter-function)",
        );
    }

    #[test]
    fn link_with_text_equal_to_href_is_an_autolink() {
        check(
            r#"<a href="https://x.com/a">https://x.com/a</a>"#,
            "<https://x.com/a>",
        );
    }

    #[test]
    fn link_without_text_is_an_autolink() {
        check(
            r#"<a href="https://x.com"><img src="a.png"></a>"#,
            "<https://x.com>",
        );
    }

    #[test]
    fn link_with_formatting_and_spaces() {
        check(
            r#"see<a href="https://x.com"> the <b>docs</b> </a>now"#,
            "see [the **docs**](https://x.com) now",
        );
    }

    #[test]
    fn link_destination_is_escaped() {
        check(
            r#"<a href=" https://x.com/a(b) c|d ">p</a>"#,
            "[p](https://x.com/a\\(b\\)%20c%7Cd)",
        );
        check(
            r#"<a href="https://a.com?x=1&amp;y=2&amp;copy;">q</a>"#,
            "[q](https://a.com?x=1&y=2\\&copy;)",
        );
    }

    #[test]
    fn unusable_links_keep_their_text() {
        check(
            r##"<a href="/relative">rel</a> <a href="javascript:x()">js</a> <a name="x">anchor</a> <a href="#top">top</a>"##,
            "rel js anchor top",
        );
    }

    #[test]
    fn mailto_link() {
        check(
            r#"<a href="mailto:help@revcent.com">help@revcent.com</a>"#,
            "[help@revcent.com](mailto:help@revcent.com)",
        );
        check(r#"<a href="mailto:a@b.co"></a>"#, "[a@b.co](mailto:a@b.co)");
    }

    #[test]
    fn nested_link_is_flattened() {
        check(
            r#"<a href="https://a.com">x <a href="https://b.com">y</a></a>"#,
            "[x](https://a.com) [y](https://b.com)",
        );
    }

    #[test]
    fn url_inside_link_text_is_not_linked_again() {
        check(
            r#"<a href="https://a.com/long">https://a.com</a>"#,
            "[https://a.com](https://a.com/long)",
        );
    }

    #[test]
    fn bare_url() {
        check(
            "Read more at https://kb.revcent.com/en/revcent-account/events to understand",
            "Read more at <https://kb.revcent.com/en/revcent-account/events> to understand",
        );
    }

    #[test]
    fn bare_url_trailing_punctuation() {
        check("at https://x.com/a.", "at <https://x.com/a>.");
        check("https://x.com/a, b", "<https://x.com/a>, b");
        check("(see https://x.com/a)", "(see <https://x.com/a>)");
        check(
            "https://x.com/a; https://x.com/b:",
            "<https://x.com/a>; <https://x.com/b>:",
        );
    }

    #[test]
    fn bare_url_keeps_balanced_parentheses() {
        check(
            "https://en.wikipedia.org/wiki/A_(b)",
            "<https://en.wikipedia.org/wiki/A_(b)>",
        );
    }

    #[test]
    fn bare_url_edge_cases() {
        check("HTTP://X.COM", "<HTTP://X.COM>");
        check("http:// and https://.", "http:// and https://.");
        check("<https://x.com/a>", "<https://x.com/a>");
        check("x=https://x.com/*_a_*", "x=<https://x.com/*_a>\\_\\*");
        check("https://x.com/{{id}}|y", "<https://x.com/{{id}}%7Cy>");
    }

    #[test]
    fn bare_url_in_emphasis_and_table() {
        check("<b>https://x.com</b>", "**<https://x.com>**");
        check(
            "<table><tr><td>https://x.com/a|b</td></tr></table>",
            "| <https://x.com/a%7Cb> |\n| --- |",
        );
    }

    // Lists

    #[test]
    fn unordered_list() {
        check("<ul><li>a</li><li>b</li></ul>", "- a\n- b");
    }

    #[test]
    fn ordered_list() {
        check("<ol><li>a</li><li>b</li></ol>", "1. a\n2. b");
        check("<ol start=\"9\"><li>a</li><li>b</li></ol>", "9. a\n10. b");
        check("<ol start=\"-3\"><li>a</li></ol>", "0. a");
        check("<ol start=\"99999999999\"><li>a</li></ol>", "999999998. a");
    }

    #[test]
    fn nested_lists() {
        check(
            "<ul><li>a<ul><li>b<ol><li>c</li></ol></li></ul></li><li>d</li></ul>",
            "- a\n  - b\n    1. c\n- d",
        );
        check(
            "<ol><li>a<ol start=\"2\"><li>b</li></ol></li></ol>",
            "1. a\n\n   2. b",
        );
    }

    #[test]
    fn list_items_without_end_tags() {
        check("<ul><li>a<li>b</ul>after", "- a\n- b\n\nafter");
    }

    #[test]
    fn list_item_with_paragraphs() {
        check(
            "<ul><li><p>a</p><p>b</p></li><li>c</li></ul>",
            "- a\n\n  b\n- c",
        );
        check("<ol><li>a<br>b</li></ol>", "1. a\n\n   b");
    }

    #[test]
    fn adjacent_lists_stay_apart() {
        check("<ul><li>a</li></ul><ul><li>b</li></ul>", "- a\n\n+ b");
        check("<ol><li>a</li></ol><ol><li>b</li></ol>", "1. a\n\n1) b");
    }

    #[test]
    fn empty_items_and_lists_are_dropped() {
        check("<ul><li> </li><li>a</li><li></li></ul><ol></ol>", "- a");
    }

    #[test]
    fn stray_list_content() {
        check("<ul>intro<li>a</li>tail</ul>", "intro\n\n- a\n\n  tail");
        check("<li>stray</li><li>two</li>", "- stray\n- two");
        check("<ul><li>a</li><ul><li>b</li></ul></ul>", "- a\n  - b");
    }

    #[test]
    fn list_inside_emphasis_keeps_text() {
        check("<b>T<ul><li>x</li></ul></b>", "**T**\n\n**x**");
    }

    // Tables

    #[test]
    fn table_with_thead() {
        check(
            "<table><thead><tr><th>A</th><th>B</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>",
            "| A | B |\n| --- | --- |\n| 1 | 2 |",
        );
    }

    #[test]
    fn table_without_thead_uses_first_row() {
        check(
            "<table><tr><td>A</td><td>B</td></tr><tr><td>1</td><td>2</td></tr></table>",
            "| A | B |\n| --- | --- |\n| 1 | 2 |",
        );
    }

    #[test]
    fn table_cells_are_escaped_and_flattened() {
        check(
            "<table><tr><th>a|b</th><th><code>x|y</code></th></tr><tr><td><p>one</p><p>two<br>three</p></td><td><ul><li>i</li><li>j</li></ul></td></tr></table>",
            "| a\\|b | `x\\|y` |\n| --- | --- |\n| one two three | i j |",
        );
    }

    #[test]
    fn ragged_table_is_padded() {
        check(
            "<table><tr><td>a</td></tr><tr><td>b</td><td>c</td></tr></table>",
            "| a | |\n| --- | --- |\n| b | c |",
        );
    }

    #[test]
    fn table_without_end_tags() {
        check(
            "<table><tr><th>A<th>B<tr><td>1<td>2</table>",
            "| A | B |\n| --- | --- |\n| 1 | 2 |",
        );
    }

    #[test]
    fn table_odd_parts() {
        check(
            "<table><caption>Cap</caption>stray<tr><td>a</td></tr></table>",
            "Cap\n\nstray\n\n| a |\n| --- |",
        );
        check("<table><tr><td> </td></tr></table>x", "x");
        check("<td>a</td><td>b</td>", "a\n\nb");
    }

    #[test]
    fn table_in_list_item() {
        check(
            "<ul><li>x<table><tr><td>a</td></tr></table></li></ul>",
            "- x\n\n  | a |\n  | --- |",
        );
    }

    // Entities

    #[test]
    fn named_entities() {
        check(
            "&amp; &lt;b&gt; &quot;q&quot; &#39;s&#39; &apos;a&apos; x&nbsp;y &ndash; &copy;",
            "& \\<b> \"q\" 's' 'a' x y – ©",
        );
    }

    #[test]
    fn numeric_entities() {
        check("&#65;&#x42;&#X43; &#150; &#x1F600;", "ABC – 😀");
    }

    #[test]
    fn unknown_and_malformed_entities_stay_literal() {
        check(
            "&bogus; &amp &#; &#xZZ; &#0; &#xD800; &#99999999;",
            "\\&bogus; &amp \\&#; \\&#xZZ; \\&#0; \\&#xD800; \\&#99999999;",
        );
        check("AT&T and R&amp;D", "AT&T and R&D");
        check("&amp;copy;", "\\&copy;");
    }

    #[test]
    fn entity_decoded_markup_is_text() {
        check(
            "&lt;script&gt;alert(1)&lt;/script&gt;",
            "\\<script>alert(1)\\</script>",
        );
    }

    // Text that is not HTML

    #[test]
    fn plain_text_passes_through() {
        check(
            "Set call_method = 'outbound' for {{customer.name}}. Default is 1.",
            "Set call_method = 'outbound' for {{customer.name}}. Default is 1.",
        );
    }

    #[test]
    fn stray_asterisks_and_underscores() {
        check("gpt-realtime-*", "gpt-realtime-\\*");
        check(
            "_private_ and a_b and __init__ and x_",
            "\\_private\\_ and a_b and \\_\\_init\\_\\_ and x\\_",
        );
        check("2 * 3 * 4", "2 \\* 3 \\* 4");
    }

    #[test]
    fn brackets_cannot_become_intra_doc_links() {
        check(
            "see [1] and items[0] and [Foo](Bar)",
            "see \\[1\\] and items\\[0\\] and \\[Foo\\](Bar)",
        );
    }

    #[test]
    fn angle_brackets_in_text() {
        check("a < b > c", "a \\< b > c");
        check(
            "Vec<T> and <customer_id> and a<b",
            "Vec\\<T> and \\<customer_id> and a\\<b",
        );
        check("x << y", "x \\<\\< y");
    }

    #[test]
    fn backticks_backslashes_and_tildes() {
        check(
            "`x` and C:\\path and ~~s~~",
            "\\`x\\` and C:\\\\path and \\~\\~s\\~\\~",
        );
    }

    #[test]
    fn line_start_markers() {
        check("# title", "\\# title");
        check("#hashtag", "#hashtag");
        check("> quoted", "\\> quoted");
        check("- item", "\\- item");
        check("-1 is the default", "-1 is the default");
        check("+ item", "\\+ item");
        check("---", "\\---");
        check("1. first", "1\\. first");
        check("2) second", "2\\) second");
        check("1.5 seconds", "1.5 seconds");
        check("10.", "10\\.");
        check("a<br>- b<br>3. c<br># d", "a\n\n\\- b\n\n3\\. c\n\n\\# d");
    }

    #[test]
    fn leading_indentation_is_not_a_code_block() {
        check("        indented\n\tcode", "indented code");
    }

    #[test]
    fn control_characters_are_dropped() {
        check("a\u{0}b\u{7}c\u{1b}[0m", "abc\\[0m");
    }

    // Tags that are stripped or malformed

    #[test]
    fn unknown_tags_are_stripped_to_text() {
        check(
            "<span class=\"x\">a</span> <div>b</div><img src=\"i.png\" alt=\"pic\"> <font color=red>c</font>",
            "a\n\nb\n\nc",
        );
    }

    #[test]
    fn script_and_style_content_is_dropped() {
        check(
            "a<script type=\"text/javascript\">var x = '<b>';</script>b",
            "ab",
        );
        check("a<style>p { color: red }</STYLE> b", "a b");
        check("Use the <script> tag", "Use the tag");
    }

    #[test]
    fn comments_and_doctype_are_dropped() {
        check("<!DOCTYPE html><!-- note -->a<!---->b", "ab");
        check("a <!-- unterminated", "a \\<!-- unterminated");
    }

    #[test]
    fn malformed_markup_becomes_text() {
        check(
            "<a href=\"https://x.com>here</a>",
            "\\<a href=\"<https://x.com>>here",
        );
        check("<b", "\\<b");
        check("< 5 and 3 >", "\\< 5 and 3 >");
        check("</ b> <> <!> <?php ?>", "\\</ b> \\<> \\<!> \\<?php ?>");
        check("x <b class='unterminated>y", "x \\<b class='unterminated>y");
    }

    #[test]
    fn unclosed_and_misnested_tags() {
        // Closing together would need `*` and `**` in one delimiter run: the inner span goes.
        check("<b>bold <i>both</b> plain", "**bold both** plain");
        check("a</b></ul></table>b", "ab");
        check("<p><b>x</p>y", "**x**\n\ny");
    }

    #[test]
    fn attributes_are_parsed_leniently() {
        check(
            "<a target=_blank data-x='a>b' href=https://x.com/a?b=c>x</a>",
            "[x](https://x.com/a?b=c)",
        );
        check("<a href = \"https://x.com\" / >x</a>", "[x](https://x.com)");
        check("<A HREF=\"https://x.com\">X</A>", "[X](https://x.com)");
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let input = format!("{}x{}", "<div><b>".repeat(5000), "</b></div>".repeat(5000));
        check(&input, "**x**");
        let input = "<ul><li>".repeat(3000) + "y";
        assert!(html_to_markdown(&input).ends_with("- y"));
    }

    #[test]
    fn hostile_input_is_scanned_in_linear_time() {
        // Each would take minutes if a stray `<`, quote or span cost a scan of the rest.
        for input in [
            "<a href='".repeat(20_000),
            "<script>".repeat(20_000),
            "<!--".repeat(20_000),
            "<b>x</b>".repeat(20_000),
            "<i>a<b>b</b></i>".repeat(10_000),
            "<span".repeat(20_000),
        ] {
            html_to_markdown(&input);
        }
    }

    #[test]
    fn preformatted_text() {
        check(
            "<pre>\n  fn main() {\n\n\n      x &lt; 1\n  }  \n</pre>after",
            "```text\n  fn main() {\n\n      x < 1\n  }\n```\n\nafter",
        );
        check("<pre><code>a ``` b</code></pre>", "````text\na ``` b\n````");
        check("<pre> \n </pre>", "");
    }

    #[test]
    fn blockquote() {
        check("<blockquote>q<p>r</p></blockquote>", "> q\n>\n> r");
    }

    // Real descriptions from the RevCent fragments

    #[test]
    fn real_trigger_ai_assistant() {
        check(
            "Trigger a specific AI Assistant using the AI Assistant ID and trigger path. Triggering an AI Assistant will generate a unique AI Thread that will run autonomously.<br><br>Note: You can only trigger an AI Assistant with a trigger setting of 'on_demand' using the API. If you do not know an AI Assistant's ID, get the list of AI Assistant's using the GetAIAssistants operation, then find the ID for the AI Assistant you wish to trigger. If you are providing a previous_thread_id do not provide the messages array. View markdown documentation at https://revcent.com/documentation/markdown/mcp/operation/TriggerAIAssistant.md for an in-depth overview of this operation.",
            "Trigger a specific AI Assistant using the AI Assistant ID and trigger path. Triggering an AI Assistant will generate a unique AI Thread that will run autonomously.\n\nNote: You can only trigger an AI Assistant with a trigger setting of 'on_demand' using the API. If you do not know an AI Assistant's ID, get the list of AI Assistant's using the GetAIAssistants operation, then find the ID for the AI Assistant you wish to trigger. If you are providing a previous_thread_id do not provide the messages array. View markdown documentation at <https://revcent.com/documentation/markdown/mcp/operation/TriggerAIAssistant.md> for an in-depth overview of this operation.",
        );
    }

    #[test]
    fn real_voice_agent_instructions() {
        check(
            r#"The AI voice Agent instructions in markdown format. Agent instructions are generated for each call using the handlebars sytax, allowing for dynamic content based on the specific caller.<br><br>It is recommended to read more about creating the instructions markdown, including formatting, at <a href="https://kb.revcent.com/en/tools/ai/voice-agents#agent-instructions" target="_blank">https://kb.revcent.com/en/tools/ai/voice-agents#agent-instructions</a>.<br><br>Also, OpenAI has a section on conversation flow usage in instruction markdown at <a href="https://developers.openai.com/cookbook/examples/realtime_prompting_guide#conversation-flow" target="_blank">https://developers.openai.com/cookbook/examples/realtime_prompting_guide#conversation-flow</a>"#,
            "The AI voice Agent instructions in markdown format. Agent instructions are generated for each call using the handlebars sytax, allowing for dynamic content based on the specific caller.\n\nIt is recommended to read more about creating the instructions markdown, including formatting, at <https://kb.revcent.com/en/tools/ai/voice-agents#agent-instructions>.\n\nAlso, OpenAI has a section on conversation flow usage in instruction markdown at <https://developers.openai.com/cookbook/examples/realtime_prompting_guide#conversation-flow>",
        );
    }

    #[test]
    fn real_filter_function() {
        check(
            r#"A filter function allows you to further refine whether or not the voice agent is triggered based on an account event details. ... Read more about using a filter function <a href="https://kb.revcent.com/en/tools/ai/voice-agents#filter-function" target="_blank">here</a>. To remove a filter function submit an empty string for this value."#,
            "A filter function allows you to further refine whether or not the voice agent is triggered based on an account event details. ... Read more about using a filter function [here](https://kb.revcent.com/en/tools/ai/voice-agents#filter-function). To remove a filter function submit an empty string for this value.",
        );
    }

    #[test]
    fn real_max_runs_per_item() {
        check(
            "The maximum number of times the agent can be triggered for the same item. Read more at https://kb.revcent.com/en/tools/ai/voice-agents#max-runs-per-item",
            "The maximum number of times the agent can be triggered for the same item. Read more at <https://kb.revcent.com/en/tools/ai/voice-agents#max-runs-per-item>",
        );
    }

    #[test]
    fn real_search_table() {
        check(
            r#"Search customers by term. Searchable fields:<br><table class="table table-bordered"><thead><tr><th>Field</th><th>Description</th></tr></thead><tbody><tr><td>email</td><td>The customer's email &amp; <strong>primary</strong> contact</td></tr><tr><td>first_name</td><td>First name</td></tr></tbody></table>"#,
            "Search customers by term. Searchable fields:\n\n| Field | Description |\n| --- | --- |\n| email | The customer's email & **primary** contact |\n| first_name | First name |",
        );
    }

    #[test]
    fn real_status_list() {
        check(
            "Statuses:<ul><li><strong>active</strong> - running</li><li>suspended &ndash; paused</li></ul>",
            "Statuses:\n\n- **active** - running\n- suspended – paused",
        );
    }

    // Properties

    /// Checks that every `<` is escaped, inside a code span, or opens an autolink, which is what
    /// keeps rustdoc from seeing HTML.
    fn assert_no_raw_html(markdown: &str) {
        let chars: Vec<char> = markdown.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            match chars[i] {
                '\\' => i += 2,
                '`' => {
                    let run = chars[i..].iter().take_while(|&&c| c == '`').count();
                    let fence: String = "`".repeat(run);
                    let rest: String = chars[i + run..].iter().collect();
                    // A run without a closing run of the same length is literal backticks.
                    let close = (0..rest.len())
                        .filter(|&k| rest.is_char_boundary(k))
                        .find(|&k| {
                            rest[k..].starts_with(&fence)
                                && !rest[k + run..].starts_with('`')
                                && (k == 0 || !rest[..k].ends_with('`'))
                        });
                    i += run + close.map_or(0, |k| rest[..k].chars().count() + run);
                }
                '<' => {
                    let rest: String = chars[i + 1..].iter().collect();
                    let lower = rest.to_ascii_lowercase();
                    assert!(
                        lower.starts_with("http://") || lower.starts_with("https://"),
                        "raw `<` in {markdown:?}"
                    );
                    let end = rest.find('>').expect("unterminated autolink");
                    assert!(!rest[..end].contains(char::is_whitespace));
                    i += 1 + rest[..=end].chars().count();
                }
                _ => i += 1,
            }
        }
    }

    fn assert_well_formed(markdown: &str) {
        assert_no_raw_html(markdown);
        assert!(
            !markdown.starts_with('\n') && !markdown.ends_with('\n'),
            "{markdown:?}"
        );
        assert!(!markdown.contains("\n\n\n"), "{markdown:?}");
        let mut in_code = false;
        for line in markdown.split('\n') {
            assert_eq!(line, line.trim_end(), "trailing whitespace in {markdown:?}");
            let content = line.trim_start_matches([' ', '-', '+', '>']);
            if content.starts_with("```") {
                in_code = !in_code;
            } else if !in_code {
                assert!(!content.starts_with('\t'), "{markdown:?}");
            }
        }
    }

    #[rustfmt::skip]
    const TOKENS: &[&str] = &[
        "<b>", "</b>", "<strong>", "</strong>", "<i>", "</i>", "<em>", "</em>", "<code>", "</code>",
        "<br>", "<br/>", "<p>", "</p>", "<div>", "</div>", "<span>", "</span>", "<h3>", "</h3>",
        "<ul>", "</ul>", "<ol start=\"3\">", "</ol>", "<li>", "</li>", "<table class=\"t\">",
        "</table>", "<thead>", "</thead>", "<tbody>", "<tr>", "</tr>", "<th>", "<td>", "</td>",
        "<pre>", "</pre>", "<blockquote>", "<a href=\"https://x.com/a_b(c)\">",
        "<a href=\"https://x.com\">", "<a href=\"#x\">", "</a>", "<a href=\"", "<script>",
        "</script>", "<img src=x>", "<!--", "-->", "&amp;", "&lt;", "&gt;", "&#x3c;", "&#60;",
        "&nbsp;", "&bogus;", "&", "&#", "https://x.com/p.", "http://", "(https://x.com/a)",
        "<https://x.com>", "*", "**", "_", "__", "`", "``", "[", "]", "[1]", "<", ">", "< 5",
        "Vec<T>", "\\", "|", "~", "#", "# ", "- ", "+ ", "1. ", "2) ", "---", "!", "\"", "'", ":",
        ";", ".", ",", " ", "  ", "\n", "\t", "    ", "word", "a_b", "{{x}}", "é", "😀", "\u{a0}",
        "amp;", "copy", "```", "~~", "===", "[^1]", "[x]: y", "(", ")", "<T>", "<details>",
        "<ol>", "<caption>", "<tfoot>", "</blockquote>", "<a href=\"mailto:a@b.co\">", "&#x1F600;",
    ];

    fn htmlish() -> impl Strategy<Value = String> {
        let token = prop_oneof![
            prop::sample::select(TOKENS).prop_map(str::to_owned),
            "[a-z ]{1,6}",
        ];
        prop::collection::vec(token, 0..40).prop_map(|tokens| tokens.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn arbitrary_strings_never_panic(input in any::<String>()) {
            assert_well_formed(&html_to_markdown(&input));
        }

        #[test]
        fn html_token_soup_is_well_formed(input in htmlish()) {
            assert_well_formed(&html_to_markdown(&input));
        }

        /// Text without markup comes back unchanged once the escapes are read, whatever
        /// Markdown syntax it contains.
        #[test]
        fn plain_text_round_trips(input in "[a-z0-9 \n*_`\\\\\\[\\]#>+.|~!()'\":=&{}-]{0,60}") {
            let markdown = html_to_markdown(&input);
            prop_assert!(!markdown.contains('\n'));
            let mut unescaped = String::new();
            let mut chars = markdown.chars();
            while let Some(c) = chars.next() {
                unescaped.extend(if c == '\\' { chars.next() } else { Some(c) });
            }
            prop_assert_eq!(unescaped, input.split_whitespace().collect::<Vec<_>>().join(" "));
        }

        #[test]
        fn plain_words_survive_unchanged(words in prop::collection::vec("[A-Za-z0-9]{1,8}", 0..20)) {
            let input = words.join(" \n ");
            prop_assert_eq!(html_to_markdown(&input), words.join(" "));
        }
    }
}
