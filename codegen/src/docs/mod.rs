//! HTML `description`s → rustdoc Markdown.
//!
//! API vendors write descriptions as loose HTML, or as plain text that merely looks like it
//! (`a < b`, `Vec<T>`, `items[0]`, `gpt-realtime-*`). Pasted into `///` comments as they are,
//! those trip rustdoc's lints and render as stray tags, links and emphasis. The conversion is a
//! pipeline, one module per stage, each forgiving of what the previous one cannot rule out:
//!
//! 1. [`token`]: a tokenizer that recognizes only real HTML element names (so `<T>` or
//!    `<customer_id>` stay text) and falls back to literal text for anything unterminated;
//!    [`entity`] decodes the character references of text and attribute values;
//! 2. [`tree`]: a small tree builder with the implied-end rules vendors rely on (`<li>`, `<p>`,
//!    `<td>` left open) and a nesting cap;
//! 3. [`flow`]: the tree as Markdown's blocks (paragraphs, lists, tables, code, quotes) of inline
//!    content (text, emphasis, code, links); whatever Markdown cannot nest is flattened here;
//! 4. [`block`] and [`inline`]: the Markdown text. [`escape`] makes every character read
//!    literally that Markdown could misread, and [`emphasis`] keeps only the emphasis Markdown
//!    would parse where it lands.
//!
//! Every description of a large API goes through here, so the stages copy little: text is
//! borrowed from the description until a line's Markdown is written, into one buffer per line
//! (see ARCHITECTURE.md, "Speed of generation").
//!
//! Decisions worth knowing:
//! - every `<br>` (one or many) is a paragraph break: vendors use it as one, and it makes the
//!   first sentence block rustdoc's summary line; inside table cells and link text it is a space;
//! - the first paragraph is split after its first sentence ([`summary`]), which rustdoc then
//!   shows alone as the item's summary on index pages;
//! - headings become bold paragraphs, since these docs sit under generated items;
//! - `<pre>` becomes a ```` ```text ```` block, the one place where whitespace is kept;
//! - a word is read whole even where tags split it, so `http://<span></span>example.com` is still
//!   a URL; emphasis that covers only part of a URL ends before it or starts after it, since
//!   Markdown cannot put part of an autolink in bold;
//! - code elements side by side (`<code>a</code><code>b</code>`) are set apart by a space, since
//!   Markdown would read their backticks as one run;
//! - only `http(s)` and `mailto` links are kept as links (anything else has no meaning on
//!   docs.rs and could be mistaken for an intra-doc link); other `<a>` keep just their text;
//! - `<script>`, `<style>` and `<template>` are dropped with their content when they are closed
//!   (an unclosed one loses only its tag); `<img>` and other unknown or void tags leave just their
//!   text;
//! - emphasis that Markdown would not parse where it lands (for example `**Note:**text`) is
//!   dropped rather than shown as literal asterisks.

mod block;
mod emphasis;
mod entity;
mod escape;
mod flow;
mod inline;
mod summary;
mod token;
mod tree;

#[cfg(test)]
mod tests;

pub(crate) use escape::code_span;

/// Stands for a `&` of the text until the whole line is known, since only then can it be told
/// whether the `&` starts something Markdown reads as a character reference. A noncharacter,
/// removed from the input.
const AMPERSAND: char = '\u{fdd0}';

/// Converts an API `description` (HTML as API vendors write it) into Markdown that rustdoc
/// renders cleanly and that passes `RUSTDOCFLAGS="-D warnings" cargo doc`.
///
/// Guarantees, whatever the input (malformed HTML included; it never panics):
/// - no raw HTML: tags are converted or stripped, and any `<` left in the text is escaped, so the
///   only `<` that opens something is an `<https://…>` autolink;
/// - every `http(s)://` URL outside link text becomes an autolink (`rustdoc::bare_urls`); `[`, `]`,
///   `` ` ``, `*`, `\` and line-start markers (`#`, `>`, `-`, `+`, `1.`) are escaped so nothing
///   turns into an intra-doc link, code span, emphasis, heading, quote or list by accident, and so
///   is a `!` right before a link, which would make it an image;
/// - plain lines for `#[doc]` attributes: paragraphs separated by exactly one empty line, no
///   leading or trailing empty lines, no trailing spaces, whitespace runs collapsed, and an
///   empty string when there is nothing to say.
///
/// A `<br>` always ends a paragraph, and so does the first sentence: it is the summary line
/// rustdoc shows on index pages (see the module documentation for the other choices).
pub(crate) fn html_to_markdown(html: &str) -> String {
    let html = if html.contains(AMPERSAND) {
        std::borrow::Cow::Owned(html.replace(AMPERSAND, ""))
    } else {
        std::borrow::Cow::Borrowed(html)
    };
    let tree = tree::build(token::tokenize(&html));
    let mut blocks = flow::blocks(&tree);
    summary::first_sentence_apart(&mut blocks);
    block::render(&blocks)
}
