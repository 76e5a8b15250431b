//! What rustdoc's Markdown parser, pulldown-cmark, reads in the converter's output: the checks
//! that every output must pass, and a compact outline of its structure for the cases to compare.

use std::fmt::Write as _;

use pulldown_cmark::{
    BrokenLink, CodeBlockKind, Event, LinkType, Options, Parser, Tag, TagEnd, TextMergeStream,
};

/// The extensions rustdoc enables for doc comments (`main_body_opts` in `rustc_resolve`'s
/// `rustdoc.rs`). Tables matter most: without them a `|` row is a paragraph, and with them an
/// unescaped `|` splits a cell.
fn rustdoc_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
}

/// rustdoc's options less smart punctuation, which only rewrites text (`'`, `"`, `--` and `...`
/// into curly quotes, dashes and ellipses): outlines then show the text as the input had it.
fn outline_options() -> Options {
    rustdoc_options() - Options::ENABLE_SMART_PUNCTUATION
}

/// The events of `markdown`, adjacent texts merged, and the references of the `[text]`s that
/// rustdoc would try to resolve as intra-doc links.
fn parse(markdown: &str, options: Options) -> (Vec<Event<'_>>, Vec<String>) {
    let mut broken = Vec::new();
    let callback = |link: BrokenLink<'_>| {
        broken.push(link.reference.into_string());
        None
    };
    let parser = Parser::new_with_broken_link_callback(markdown, options, Some(callback));
    let events = TextMergeStream::new(parser).collect();
    (events, broken)
}

/// The structure pulldown-cmark reads in `markdown`: blocks and spans as `name[children]`, texts
/// as string literals, children apart by a space. Names: `p`, `ul`, `ol(start)`, `li`,
/// `table[head[cell…] row[cell…]…]`, `pre(info)`, `quote`, `strong`, `em`, `code("…")`,
/// `link(destination)`, and `<destination>` for an autolink; anything unexpected shows too
/// (`h1`, `html("…")`, `soft`, `del`, …), so that an outline comparison catches it.
pub(super) fn outline(markdown: &str) -> String {
    let events = parse(markdown, outline_options()).0;
    let mut out = String::new();
    let mut at = 0;
    while let Some(event) = events.get(at) {
        at += 1;
        if !matches!(event, Event::End(_)) && !out.is_empty() && !out.ends_with('[') {
            out.push(' ');
        }
        match event {
            Event::Start(Tag::Link {
                link_type: LinkType::Autolink | LinkType::Email,
                dest_url,
                ..
            }) if matches!(
                events.get(at..at + 2),
                Some([Event::Text(text), Event::End(TagEnd::Link)]) if text == dest_url
            ) =>
            {
                let _ = write!(out, "<{dest_url}>");
                at += 2;
            }
            Event::Start(tag) => {
                out.push_str(&tag_name(tag));
                out.push('[');
            }
            Event::End(_) => out.push(']'),
            Event::Text(text) => {
                let _ = write!(out, "{:?}", text.as_ref());
            }
            Event::Code(code) => {
                let _ = write!(out, "code({:?})", code.as_ref());
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                let _ = write!(out, "html({:?})", html.as_ref());
            }
            Event::InlineMath(math) | Event::DisplayMath(math) => {
                let _ = write!(out, "math({:?})", math.as_ref());
            }
            Event::FootnoteReference(label) => {
                let _ = write!(out, "footnote({label})");
            }
            Event::SoftBreak => out.push_str("soft"),
            Event::HardBreak => out.push_str("hard"),
            Event::Rule => out.push_str("hr"),
            Event::TaskListMarker(checked) => {
                let _ = write!(out, "task({checked})");
            }
        }
    }
    out
}

fn tag_name(tag: &Tag<'_>) -> String {
    match tag {
        Tag::Paragraph => "p".into(),
        Tag::Heading { level, .. } => level.to_string(),
        Tag::BlockQuote(_) => "quote".into(),
        Tag::CodeBlock(CodeBlockKind::Fenced(info)) => format!("pre({info})"),
        Tag::CodeBlock(CodeBlockKind::Indented) => "indented".into(),
        Tag::List(None) => "ul".into(),
        Tag::List(Some(start)) => format!("ol({start})"),
        Tag::Item => "li".into(),
        Tag::Table(_) => "table".into(),
        Tag::TableHead => "head".into(),
        Tag::TableRow => "row".into(),
        Tag::TableCell => "cell".into(),
        Tag::Emphasis => "em".into(),
        Tag::Strong => "strong".into(),
        Tag::Strikethrough => "del".into(),
        Tag::Link {
            link_type: LinkType::Inline,
            dest_url,
            ..
        } => format!("link({dest_url})"),
        Tag::Link {
            link_type,
            dest_url,
            ..
        } => format!("link:{link_type:?}({dest_url})"),
        other => format!("{other:?}"),
    }
}

/// What rustdoc would do with `markdown` in a `#[doc]` attribute under `-D warnings`, checked
/// on the events its parser produces (with rustdoc's options), and that nothing in it is there
/// unless the HTML `input` asked for it:
/// - lines as the doc attributes want them: no leading, trailing or double blank lines, no
///   trailing spaces;
/// - no raw HTML (`rustdoc::invalid_html_tags`), no `[text]` that rustdoc would try as an
///   intra-doc link (`rustdoc::broken_intra_doc_links`), no URL left bare in text
///   (`rustdoc::bare_urls`);
/// - links only of the kinds written, to `http(s)` or `mailto` destinations; code blocks only
///   fenced ```` ```text ````; no headings, rules, footnotes, strikethrough, task lists, images,
///   or line breaks inside a paragraph;
/// - emphasis, code, lists, tables, quotes and links only where `input` has a tag for them: in
///   text, every character that could start one must have been escaped.
#[track_caller]
pub(super) fn assert_well_formed(input: &str, markdown: &str) {
    assert_doc_lines(markdown);
    let (events, broken) = parse(markdown, rustdoc_options());
    assert!(
        broken.is_empty(),
        "rustdoc would resolve {broken:?} as intra-doc links in {markdown:?}"
    );
    let input = input.to_ascii_lowercase();
    // Inside links and code blocks, where rustdoc does not look for bare URLs.
    let mut opaque = 0;
    for event in &events {
        if let Some(tags) = asked_by(event) {
            assert!(
                tags.iter().any(|tag| has_tag(&input, tag)),
                "{event:?} without a tag for it in {markdown:?}"
            );
        }
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                assert!(
                    matches!(link_type, LinkType::Inline | LinkType::Autolink),
                    "{link_type:?} link in {markdown:?}"
                );
                let dest = dest_url.to_ascii_lowercase();
                assert!(
                    ["http://", "https://", "mailto:"]
                        .iter()
                        .any(|scheme| dest.starts_with(scheme)),
                    "link to {dest_url:?} in {markdown:?}"
                );
                opaque += 1;
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                assert_eq!(
                    kind,
                    &CodeBlockKind::Fenced("text".into()),
                    "in {markdown:?}"
                );
                opaque += 1;
            }
            Event::End(TagEnd::Link | TagEnd::CodeBlock) => opaque -= 1,
            Event::Text(text) if opaque == 0 => {
                assert_eq!(bare_urls(text), 0, "bare URL in {markdown:?}");
            }
            Event::Start(
                Tag::Paragraph
                | Tag::List(_)
                | Tag::Item
                | Tag::Table(_)
                | Tag::TableHead
                | Tag::TableRow
                | Tag::TableCell
                | Tag::BlockQuote(None)
                | Tag::Emphasis
                | Tag::Strong,
            )
            | Event::End(_)
            | Event::Text(_)
            | Event::Code(_) => {}
            unexpected => panic!("{unexpected:?} in {markdown:?}"),
        }
    }
}

/// The lines of one `#[doc]` attribute each, as [`super::super::html_to_markdown`] promises them.
#[track_caller]
fn assert_doc_lines(markdown: &str) {
    assert!(
        !markdown.starts_with('\n') && !markdown.ends_with('\n'),
        "{markdown:?}"
    );
    assert!(!markdown.contains("\n\n\n"), "{markdown:?}");
    for line in markdown.lines() {
        assert_eq!(line, line.trim_end(), "trailing whitespace in {markdown:?}");
    }
}

/// The tags, one of which must be in the input for `event` to be in the output.
fn asked_by(event: &Event<'_>) -> Option<&'static [&'static str]> {
    Some(match event {
        Event::Start(Tag::Emphasis) => &["i", "em"],
        Event::Start(Tag::Strong) => &["b", "strong", "h1", "h2", "h3", "h4", "h5", "h6"],
        Event::Code(_) => &["code", "kbd", "samp", "tt"],
        Event::Start(Tag::CodeBlock(_)) => &["pre"],
        Event::Start(Tag::List(_)) => &["li"],
        Event::Start(Tag::Table(_)) => &["td", "th"],
        Event::Start(Tag::BlockQuote(_)) => &["blockquote"],
        Event::Start(Tag::Link {
            link_type: LinkType::Inline,
            ..
        }) => &["a"],
        _ => return None,
    })
}

/// Whether lowercased HTML has a `<tag` followed by the end of the tag's name.
fn has_tag(html: &str, tag: &str) -> bool {
    html.match_indices('<').any(|(at, _)| {
        html[at + 1..]
            .strip_prefix(tag)
            .is_some_and(|rest| !rest.starts_with(|c: char| c.is_ascii_alphanumeric()))
    })
}

/// How many of what rustdoc's `bare_urls` lint takes for a URL `text` has: `http(s)://`, a host
/// name with a dot, and a top-level name of two or more letters ending the word (its pattern,
/// read case-insensitively).
fn bare_urls(text: &str) -> usize {
    let lower = text.to_ascii_lowercase();
    ["http://", "https://"]
        .iter()
        .map(|scheme| {
            lower
                .match_indices(scheme)
                .filter(|&(at, _)| has_host(&lower[at + scheme.len()..]))
                .count()
        })
        .sum()
}

/// Whether `rest` starts with a host name as rustdoc's `bare_urls` pattern has it.
fn has_host(rest: &str) -> bool {
    let is_host_char = |c: char| c.is_ascii_alphanumeric() || "-@:%._+~#=".contains(c);
    let host = &rest[..rest.find(|c| !is_host_char(c)).unwrap_or(rest.len())];
    host.match_indices('.').any(|(dot, _)| {
        let after = &host[dot + 1..];
        let top_level = after.len()
            - after
                .trim_start_matches(|c: char| c.is_ascii_alphabetic())
                .len();
        let word_ends =
            !after[top_level..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_');
        dot >= 2 && (2..=63).contains(&top_level) && word_ends
    })
}

/// What a reader gets from `markdown`: its text with whitespace collapsed, and the destinations
/// of its links in order. An autolink counts as a destination only, since its text repeats it.
pub(super) fn text_and_links(markdown: &str) -> (String, Vec<String>) {
    let mut text = String::new();
    let mut links = Vec::new();
    let mut in_autolink = false;
    for event in parse(markdown, outline_options()).0 {
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                links.push(dest_url.into_string());
                in_autolink = matches!(link_type, LinkType::Autolink | LinkType::Email);
            }
            Event::End(TagEnd::Link) => in_autolink = false,
            Event::Text(content) | Event::Code(content) if !in_autolink => text.push_str(&content),
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::CodeBlock,
            ) => text.push(' '),
            _ => {}
        }
    }
    (text.split_whitespace().collect::<Vec<_>>().join(" "), links)
}
