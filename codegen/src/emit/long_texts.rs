//! Long texts written into generated files verbatim: the schemas of the operation table and of
//! the round trips (copies of the fragments' own), the lines of doc comments, and items of a
//! fixed shape written as text ([`ItemText`]).
//!
//! For a real API the schemas are most of the crate (Stripe's made 630 MB of a 650 MB crate), and
//! `///` lines a quarter of the synthetic APIs' crates. As string tokens each would be escaped by
//! `quote`, parsed and unescaped by `syn` (which reads every string literal it meets, to check
//! it), unescaped again by `prettyplease` for a doc, and escaped again for a literal: most of the
//! generation time for the schemas, and for the docs a tenth of the instructions (callgrind).
//! Items whose layout depends on nothing but names (the serde and text impls of a type, for
//! instance) would likewise be built as tokens, parsed back by syn and laid out by prettyplease,
//! only to come out as the same lines every time. So a file that holds them is built with a
//! placeholder identifier for each text (`#[doc = placeholder]` for a doc line, `placeholder!
//! {}` for an item), printed, and the texts are written over the placeholders: a schema as a raw
//! string literal, a doc line as the `///` line prettyplease prints for `#[doc = "…"]`, an item
//! as its lines, each indented as the placeholder's. This is the one edit of printed text; it
//! checks that the printed file holds each placeholder it made exactly once, a doc's alone on its
//! line as an outer attribute, an item's alone on its line at the indentation its text was
//! written for, and otherwise (a string of the spec spelling one, an attribute printed elsewhere
//! than on its own line) builds the file again with plain tokens. A file (or group of items) of
//! text items only, at its top or in one `impl` block, is not parsed or printed at all: it is
//! their texts one after the other, as prettyplease places items (most groups of a types file
//! and of `src/operations/`). Builders return [`Items`], so that a group of texts only at the
//! top of a file is written without making a token (its placeholders included).

use std::fmt::Write as _;

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::{ToTokens, quote};

use super::file_text::FileText;
use super::text::ItemText;
use super::{Printing, doc_lines, render};
use crate::error::Error;

/// What each placeholder identifier starts with; its index among the file's texts follows.
pub(super) const PLACEHOLDER: &str = "__long_text_";

/// How a placeholder is printed, and what is written over it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// An expression; the text is written as a raw string literal.
    Literal,
    /// The value of an outer `#[doc]` attribute; the attribute becomes `///` and the text.
    Doc,
    /// A macro invocation item (`__long_text_7! {}`), alone on its line at `indent` columns in
    /// a file or an `impl` block; the line becomes the item's text ([`ItemText`]), each of its
    /// lines indented as the placeholder's.
    Item { indent: usize },
}

/// The long texts of one file (or one group of items), indexed by their placeholders.
#[cfg_attr(test, derive(Clone))]
pub(super) struct LongTexts {
    placeholders: bool,
    texts: Vec<(Kind, String)>,
}

/// The items a file or a group of items is built of, in order: items written as text (by the
/// index of their text among the file's long texts) and items made as tokens. Items that are
/// all texts are written one after the other without a token made ([`render_with_long_texts`]);
/// otherwise they become tokens, each text its placeholder (`__long_text_7! {}`).
#[derive(Default)]
#[cfg_attr(test, derive(Clone))]
pub(super) struct Items {
    pieces: Vec<Piece>,
}

#[cfg_attr(test, derive(Clone))]
enum Piece {
    /// The item whose text is the long text of this index.
    Text(usize),
    Tokens(TokenStream),
}

impl Items {
    /// These items, then `more`.
    #[must_use]
    pub(super) fn then(mut self, more: impl Into<Items>) -> Self {
        self.pieces.extend(more.into().pieces);
        self
    }
}

impl From<TokenStream> for Items {
    fn from(tokens: TokenStream) -> Self {
        // No tokens take no place: items of texts beside them are still texts only.
        let pieces = if tokens.is_empty() {
            Vec::new()
        } else {
            vec![Piece::Tokens(tokens)]
        };
        Self { pieces }
    }
}

impl From<Option<Items>> for Items {
    fn from(items: Option<Items>) -> Self {
        items.unwrap_or_default()
    }
}

impl ToTokens for Items {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        for piece in &self.pieces {
            match piece {
                Piece::Text(index) => {
                    let placeholder = placeholder_ident(*index);
                    tokens.extend(quote!(#placeholder! {}));
                }
                Piece::Tokens(more) => more.to_tokens(tokens),
            }
        }
    }
}

/// The identifier of the placeholder of the long text `index`.
fn placeholder_ident(index: usize) -> proc_macro2::Ident {
    // Written rather than `format_ident!`, which formats through two adapters: a doc line of
    // every field and type makes one.
    let mut name = String::with_capacity(PLACEHOLDER.len() + 8);
    name.push_str(PLACEHOLDER);
    let _ = write!(name, "{index}");
    proc_macro2::Ident::new(&name, proc_macro2::Span::call_site())
}

impl LongTexts {
    /// Texts written as plain tokens, for tokens that are read back rather than printed
    /// (`signature_text`).
    pub(super) fn plain() -> Self {
        Self {
            placeholders: false,
            texts: Vec::new(),
        }
    }

    /// The tokens of a string literal holding `text`.
    pub(super) fn literal(&mut self, text: String) -> TokenStream {
        if !self.placeholders {
            return quote!(#text);
        }
        let placeholder = self.placeholder(Kind::Literal, text);
        quote!(#placeholder)
    }

    /// One outer `#[doc]` attribute per line of `markdown` (see [`doc_lines`]), so that
    /// prettyplease prints clean `///` lines.
    pub(super) fn docs(&mut self, markdown: &str) -> TokenStream {
        doc_lines(markdown)
            .map(|line| {
                // prettyplease prints any other value as `#[doc = "…"]` or a block comment.
                if !self.placeholders || line.contains('\n') || line.starts_with('/') {
                    return quote!(#[doc = #line]);
                }
                let placeholder = self.placeholder(Kind::Doc, line);
                quote!(#[doc = #placeholder])
            })
            .collect()
    }

    /// An item of a fixed shape as its `text`, or as the tokens `tokens` makes when the text
    /// cannot be what prettyplease prints (a line too wide: see [`ItemText::fits`]) or these
    /// texts are plain.
    pub(super) fn item(
        &mut self,
        text: ItemText,
        tokens: impl FnOnce(&mut Self) -> TokenStream,
    ) -> Items {
        if !self.placeholders || !text.fits() {
            return Items::from(tokens(self));
        }
        let indent = text.indent();
        self.texts.push((Kind::Item { indent }, text.into_text()));
        Items {
            pieces: vec![Piece::Text(self.texts.len() - 1)],
        }
    }

    fn placeholder(&mut self, kind: Kind, text: String) -> proc_macro2::Ident {
        self.texts.push((kind, text));
        placeholder_ident(self.texts.len() - 1)
    }

    /// `printed` with each placeholder replaced by its text, or `None` when `printed` does not
    /// hold each of this file's placeholders exactly once, each doc's as the only thing on its
    /// line (`#[doc = placeholder]`) and each item's likewise (`placeholder! {}`), at the
    /// indentation its text was written for.
    ///
    /// An item written at the start of its lines as it is ([`as_is`]) becomes a piece of the
    /// file of its own rather than copied (the table's `OPERATIONS` is 5 MB for 1,000
    /// operations); what lies between those is written into pieces sized for it.
    fn write_into(mut self, printed: &str) -> Option<FileText> {
        const DOC_START: &str = "#[doc = ";
        const ITEM_END: &str = "! {}\n";
        // Which texts become pieces of their own, decided once: each is scanned whole to know.
        let moved: Vec<bool> = self
            .texts
            .iter()
            .map(|(kind, text)| *kind == Kind::Item { indent: 0 } && as_is(text))
            .collect();
        // What is copied, sized for at once (an item's lines are indented as written), so
        // that the largest files are not copied as they grow.
        let size = printed.len()
            + self
                .texts
                .iter()
                .zip(&moved)
                .map(|((kind, text), &moved)| match kind {
                    _ if moved => 0,
                    Kind::Item { indent } => text.len() + indent * text.lines().count(),
                    Kind::Literal | Kind::Doc => text.len() + 8,
                })
                .sum::<usize>();
        let mut file = FileText::default();
        let mut out = String::with_capacity(size);
        // What the pieces before `out` copied, so that each new one is sized for what is left.
        let mut copied = 0;
        let mut written = vec![false; self.texts.len()];
        let mut rest = printed;
        while let Some(start) = rest.find(PLACEHOLDER) {
            let before = &rest[..start];
            let after = &rest[start + PLACEHOLDER.len()..];
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            let index: usize = after[..digits].parse().ok()?;
            let (kind, text) = self.texts.get_mut(index)?;
            if std::mem::replace(written.get_mut(index)?, true) {
                return None;
            }
            match *kind {
                Kind::Literal => {
                    out.push_str(before);
                    raw_literal(&mut out, text);
                    rest = &after[digits..];
                }
                Kind::Doc => {
                    let line_start = before.strip_suffix(DOC_START)?;
                    // Only indentation may precede the attribute on its line.
                    let attribute = printed.len() - rest.len() + line_start.len();
                    let line = printed[..attribute]
                        .rfind('\n')
                        .map_or(&printed[..attribute], |end| &printed[end + 1..attribute]);
                    if line.bytes().any(|byte| byte != b' ') {
                        return None;
                    }
                    rest = after[digits..].strip_prefix("]\n")?;
                    out.push_str(line_start);
                    // As prettyplease prints a doc line: trailing spaces trimmed.
                    out.push_str("///");
                    out.push_str(text.trim_end_matches(' '));
                    out.push('\n');
                }
                Kind::Item { indent } => {
                    // Only the indentation its text was written for may precede it on its line.
                    let position = printed.len() - rest.len() + start;
                    let line = printed[..position]
                        .rfind('\n')
                        .map_or(&printed[..position], |end| &printed[end + 1..position]);
                    if line.len() != indent || line.bytes().any(|byte| byte != b' ') {
                        return None;
                    }
                    rest = after[digits..].strip_prefix(ITEM_END)?;
                    out.push_str(&before[..before.len() - indent]);
                    if moved[index] {
                        copied += out.len();
                        let room = size.saturating_sub(copied);
                        file.push(std::mem::replace(&mut out, String::with_capacity(room)));
                        file.push(std::mem::take(text));
                        continue;
                    }
                    push_indented(&mut out, text, indent);
                }
            }
        }
        out.push_str(rest);
        file.push(out);
        written.iter().all(|&done| done).then_some(file)
    }
}

impl LongTexts {
    /// What prettyplease prints for `items` when they are texts only, each of these texts once
    /// and each written for the top of a file, as [`Self::items_only`] writes them; `None`
    /// for anything else.
    fn texts_only(&mut self, items: &Items) -> Option<FileText> {
        let mut written = vec![false; self.texts.len()];
        for piece in &items.pieces {
            let Piece::Text(index) = piece else {
                return None;
            };
            let (Kind::Item { indent: 0 }, _) = self.texts.get(*index)? else {
                return None;
            };
            if std::mem::replace(written.get_mut(*index)?, true) {
                return None;
            }
        }
        if !written.iter().all(|&done| done) {
            return None;
        }
        Some(
            self.take_as_written(items.pieces.iter().filter_map(|piece| match piece {
                Piece::Text(index) => Some(*index),
                Piece::Tokens(_) => None,
            })),
        )
    }

    /// What prettyplease prints for `tokens` when they are nothing but item placeholders of
    /// these texts, each text's once, at the top of a file or in the body of one `impl Name`
    /// block (a resource's methods in `impl Client`), each written for that indentation: the
    /// texts one after the other, as prettyplease prints items (no line between them), with the
    /// block's lines around them. `None` for anything else, which is printed.
    fn items_only(&mut self, trees: &[TokenTree]) -> Option<FileText> {
        let body: Vec<TokenTree>;
        let (block, items, indent) = match trees {
            [
                TokenTree::Ident(keyword),
                TokenTree::Ident(name),
                TokenTree::Group(body_group),
            ] if keyword == "impl" && body_group.delimiter() == Delimiter::Brace => {
                body = body_group.stream().into_iter().collect();
                (Some(name), body.as_slice(), 4)
            }
            _ => (None, trees, 0),
        };
        if items.is_empty() || items.len() % 3 != 0 {
            return None;
        }
        let mut written = vec![false; self.texts.len()];
        let mut order = Vec::with_capacity(items.len() / 3);
        for item in items.chunks(3) {
            let [
                TokenTree::Ident(placeholder),
                TokenTree::Punct(bang),
                TokenTree::Group(braces),
            ] = item
            else {
                return None;
            };
            if bang.as_char() != '!'
                || braces.delimiter() != Delimiter::Brace
                || !braces.stream().is_empty()
            {
                return None;
            }
            let index: usize = placeholder
                .to_string()
                .strip_prefix(PLACEHOLDER)?
                .parse()
                .ok()?;
            let (
                Kind::Item {
                    indent: written_for,
                },
                _,
            ) = self.texts.get(index)?
            else {
                return None;
            };
            if *written_for != indent || std::mem::replace(written.get_mut(index)?, true) {
                return None;
            }
            order.push(index);
        }
        if !written.iter().all(|&done| done) {
            return None;
        }
        let Some(name) = block else {
            return Some(self.take_as_written(order));
        };
        // Indented, every text is copied: into one piece.
        let size = order
            .iter()
            .map(|&index| self.texts[index].1.len())
            .sum::<usize>();
        let mut out = String::with_capacity(size + size / 8 + 64);
        let _ = writeln!(out, "impl {name} {{");
        for index in order {
            push_indented(&mut out, &self.texts[index].1, indent);
        }
        out.push_str("}\n");
        Some(FileText::from(out))
    }

    /// The texts at `indices`, in order, written at the start of their lines
    /// ([`push_indented`]): each taken as it is when that leaves it unchanged.
    fn take_as_written(&mut self, indices: impl IntoIterator<Item = usize>) -> FileText {
        let mut file = FileText::default();
        for index in indices {
            let text = std::mem::take(&mut self.texts[index].1);
            if as_is(&text) {
                file.push(text);
            } else {
                let mut out = String::with_capacity(text.len() + text.len() / 8 + 16);
                push_indented(&mut out, &text, 0);
                file.push(out);
            }
        }
        file
    }
}

/// Whether `text`, written at the start of its lines, is its own lines as the writers make
/// them (each ending in `\n` alone), so that [`push_indented`] with no indentation copies it
/// unchanged.
fn as_is(text: &str) -> bool {
    text.ends_with('\n') && !holds_byte(text, |byte| byte == b'\r')
}

/// `text`'s lines, each indented by `indent` columns (an empty line left empty).
fn push_indented(out: &mut String, text: &str, indent: usize) {
    /// The indentation of the deepest text items (an `impl` block's, in a module).
    const SPACES: &str = "        ";
    // A text as the writers make it (lines ending in `\n`, no `\r`): its lines as they are.
    if as_is(text) && indent <= SPACES.len() {
        if indent == 0 {
            out.push_str(text);
            return;
        }
        for line in text.split_inclusive('\n') {
            if line != "\n" {
                out.push_str(&SPACES[..indent]);
            }
            out.push_str(line);
        }
        return;
    }
    push_lines_indented(out, text, indent);
}

/// [`push_indented`] line by line, whatever the text.
fn push_lines_indented(out: &mut String, text: &str, indent: usize) {
    for line in text.lines() {
        if !line.is_empty() {
            out.extend(std::iter::repeat_n(' ', indent));
            out.push_str(line);
        }
        out.push('\n');
    }
}

/// Renders the items `build` makes, its long texts as raw string literals and `///` lines (see
/// the module docs). A file (or group) of text items only is their texts, without making tokens
/// ([`LongTexts::texts_only`]) or without building syntax for the placeholders
/// ([`LongTexts::items_only`]).
pub(super) fn render_with_long_texts<I: Into<Items>>(
    build: impl Fn(&mut LongTexts) -> I,
    path: &str,
    printing: Printing,
) -> Result<FileText, Error> {
    let written_as_is = |written: FileText| match printing {
        Printing::Print => written,
        Printing::Skip => FileText::default(),
    };
    let mut texts = LongTexts {
        placeholders: true,
        texts: Vec::new(),
    };
    let items = build(&mut texts).into();
    if !texts.texts.is_empty()
        && let Some(written) = texts.texts_only(&items)
    {
        return Ok(written_as_is(written));
    }
    let mut tokens = items.into_token_stream();
    if !texts.texts.is_empty() {
        // Taken apart rather than cloned: a clone shares the stream, so iterating it would copy
        // every token (an identifier's name included).
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        if let Some(written) = texts.items_only(&trees) {
            return Ok(written_as_is(written));
        }
        tokens = trees.into_iter().collect();
    }
    let printed = render(tokens, path, printing)?;
    if printing == Printing::Skip || texts.texts.is_empty() {
        return Ok(FileText::from(printed));
    }
    if let Some(written) = texts.write_into(&printed) {
        return Ok(written);
    }
    render(
        build(&mut LongTexts::plain()).into().into_token_stream(),
        path,
        printing,
    )
    .map(FileText::from)
}

/// Writes `text` as a raw string literal with as few `#`s as it needs.
pub(super) fn raw_literal(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    // A `"` followed by `#` is rare (a schema's texts are JSON): without one, a `"` anywhere
    // takes one `#`. Both are found by scans the compiler vectorises, rather than by the
    // byte-by-byte count of runs below, the literals being up to megabytes long.
    let quote_then_hash = bytes.get(1..).is_some_and(|next| {
        bytes.iter().zip(next).fold(0_u8, |found, (&byte, &next)| {
            found | (u8::from(byte == b'"') & u8::from(next == b'#'))
        }) != 0
    });
    let hashes = if quote_then_hash {
        let mut hashes = 0;
        let mut run: Option<usize> = None;
        for &byte in bytes {
            run = match (byte, run) {
                (b'"', _) => Some(0),
                (b'#', Some(count)) => Some(count + 1),
                _ => None,
            };
            if let Some(count) = run {
                hashes = hashes.max(count + 1);
            }
        }
        hashes
    } else {
        usize::from(holds_byte(text, |byte| byte == b'"'))
    };
    out.reserve(text.len() + 2 * hashes + 3);
    out.push('r');
    out.extend(std::iter::repeat_n('#', hashes));
    out.push('"');
    out.push_str(text);
    out.push('"');
    out.extend(std::iter::repeat_n('#', hashes));
}

/// Whether a byte of `text` is one `wanted` accepts: a scan the compiler vectorises, a block at
/// a time so that it stops early (half an instruction a byte), where `contains` with a `char`
/// calls memchr (a word at a time: twice that) and with a set of `char`s decodes each one.
/// The blocks are folded as bytes: folded as `bool`s, the loop is not vectorised.
pub(super) fn holds_byte(text: &str, wanted: impl Fn(u8) -> bool) -> bool {
    text.as_bytes().chunks(256).any(|block| {
        block
            .iter()
            .fold(0_u8, |found, &byte| found | u8::from(wanted(byte)))
            != 0
    })
}

#[cfg(test)]
mod tests {
    use proc_macro2::{TokenStream, TokenTree};
    use quote::{ToTokens as _, quote};

    use quote::format_ident;

    use super::super::file_text::FileText;
    use super::super::text::ItemText;
    use super::{
        Items, LongTexts, Printing, holds_byte, push_indented, push_lines_indented, raw_literal,
        render, render_with_long_texts,
    };

    /// What the writers below write, each file as one string.
    impl LongTexts {
        fn write_into_text(self, printed: &str) -> Option<String> {
            self.write_into(printed).map(FileText::into_string)
        }

        fn texts_only_text(&mut self, items: &Items) -> Option<String> {
            self.texts_only(items).map(FileText::into_string)
        }

        fn items_only_text(&mut self, trees: &[TokenTree]) -> Option<String> {
            self.items_only(trees).map(FileText::into_string)
        }
    }

    fn trees(tokens: TokenStream) -> Vec<TokenTree> {
        tokens.into_iter().collect()
    }

    proptest::proptest! {
        /// The vectorised scan finds what `contains` finds, wherever it is in the blocks.
        #[test]
        fn holds_byte_is_contains(text in "[a\r\n\"#é]{0,700}") {
            proptest::prop_assert_eq!(holds_byte(&text, |byte| byte == b'\r'), text.contains('\r'));
            proptest::prop_assert_eq!(
                holds_byte(&text, |byte| matches!(byte, b'\n' | b'\r')),
                text.contains(['\n', '\r'])
            );
        }

        /// A raw literal reads back as its text, and one `#` fewer would end it early.
        #[test]
        fn a_raw_literal_is_its_text_with_the_fewest_hashes(text in "[a\"#]{0,40}") {
            let mut out = String::new();
            raw_literal(&mut out, &text);
            let parsed: syn::LitStr = syn::parse_str(&out).expect("a string literal");
            proptest::prop_assert_eq!(parsed.value(), text.clone());
            let hashes = out[1..].bytes().take_while(|&byte| byte == b'#').count();
            if hashes > 0 {
                let shorter = format!("\"{}", "#".repeat(hashes - 1));
                proptest::prop_assert!(text.contains(&shorter));
            }
        }
    }

    #[test]
    fn a_raw_literal_has_more_hashes_than_any_quote_in_it_is_followed_by() {
        for (text, literal) in [
            ("{}", "r\"{}\""),
            (r#"{"a":1}"#, "r#\"{\"a\":1}\"#"),
            (r##"{"a":"x"#"}"##, "r##\"{\"a\":\"x\"#\"}\"##"),
            (r###"a"#b"##c"###, "r###\"a\"#b\"##c\"###"),
            (r#"#""#, "r#\"#\"\"#"),
            ("", "r\"\""),
        ] {
            let mut out = String::new();
            raw_literal(&mut out, text);
            assert_eq!(out, literal);
            let parsed: syn::LitStr = syn::parse_str(&out).expect("a string literal");
            assert_eq!(parsed.value(), text);
        }
    }

    fn file(texts: &mut LongTexts, doc: &str) -> proc_macro2::TokenStream {
        let first = texts.literal(r#"{"type":"object"}"#.to_owned());
        let second = texts.literal("plain".to_owned());
        quote! {
            #[doc = #doc]
            pub static TEXTS: [&str; 2] = [#first, #second];
        }
    }

    #[test]
    fn long_texts_are_raw_literals_and_a_doc_spelling_a_placeholder_changes_nothing() {
        let printed =
            render_with_long_texts(|texts| file(texts, "Texts."), "a.rs", Printing::Print)
                .expect("renders")
                .into_string();
        assert!(
            printed.contains(r##"[r#"{"type":"object"}"#, r"plain"]"##),
            "{printed}"
        );
        let printed = render_with_long_texts(
            |texts| file(texts, "Not __long_text_0 at all."),
            "a.rs",
            Printing::Print,
        )
        .expect("renders")
        .into_string();
        assert!(printed.contains("Not __long_text_0 at all."), "{printed}");
        assert!(
            printed.contains(r#"["{\"type\":\"object\"}", "plain"]"#),
            "{printed}"
        );
    }

    fn documented(texts: &mut LongTexts, value: &str) -> proc_macro2::TokenStream {
        let item =
            texts.docs("An item.  \n\nIts second paragraph, with `code`, \"quotes\" and \\.");
        let field = texts.docs("A field.");
        let variant = texts.docs("A variant.\n");
        let choice = texts.docs("A choice.");
        quote! {
            #item
            pub struct Item {
                #field
                pub field: Option<String>,
            }
            #choice
            pub enum Choice {
                #variant
                One,
            }
            pub const VALUE: &str = #value;
        }
    }

    #[test]
    fn docs_written_over_placeholders_are_what_prettyplease_prints_for_them() {
        let plain = render(
            documented(&mut LongTexts::plain(), "value"),
            "a.rs",
            Printing::Print,
        )
        .expect("renders");
        assert!(plain.contains("/// An item.\n"), "{plain}");
        let mut texts = LongTexts {
            placeholders: true,
            texts: Vec::new(),
        };
        let printed =
            render(documented(&mut texts, "value"), "a.rs", Printing::Print).expect("renders");
        assert!(printed.contains("#[doc = __long_text_0]\n"), "{printed}");
        assert_eq!(
            texts.write_into_text(&printed).as_deref(),
            Some(plain.as_str())
        );
        let printed =
            render_with_long_texts(|texts| documented(texts, "value"), "a.rs", Printing::Print)
                .expect("renders")
                .into_string();
        assert_eq!(printed, plain);
    }

    #[test]
    fn a_string_spelling_a_doc_placeholder_or_a_doc_not_on_its_own_line_is_printed_plainly() {
        let plain = render(
            documented(&mut LongTexts::plain(), "__long_text_1"),
            "a.rs",
            Printing::Print,
        )
        .expect("renders");
        let printed = render_with_long_texts(
            |texts| documented(texts, "__long_text_1"),
            "a.rs",
            Printing::Print,
        )
        .expect("renders")
        .into_string();
        assert_eq!(printed, plain);
        assert!(printed.contains("/// A field."), "{printed}");

        let mut texts = LongTexts {
            placeholders: true,
            texts: Vec::new(),
        };
        let _ = texts.docs(" A field.");
        assert_eq!(
            texts
                .clone()
                .write_into_text("pub struct A { #[doc = __long_text_0]\n a: u8 }\n"),
            None
        );
        assert_eq!(
            texts
                .write_into_text("    #[doc = __long_text_0]\n    a: u8,\n")
                .as_deref(),
            Some("    ///  A field.\n    a: u8,\n")
        );
    }

    /// A `Display` impl, as text and as the same tokens.
    fn display(texts: &mut LongTexts, indent: usize, name: &str) -> Items {
        let mut text = ItemText::new(indent);
        text.docs("Shown.  \n\nAs `shown`.");
        text.open(format_args!("impl std::fmt::Display for {name} {{"));
        text.open(format_args!(
            "fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {{"
        ));
        text.line(format_args!("formatter.write_str(\"shown\")"));
        text.close(format_args!("}}"));
        text.close(format_args!("}}"));
        let name = format_ident!("{name}");
        texts.item(text, |texts| {
            let docs = texts.docs("Shown.  \n\nAs `shown`.");
            quote! {
                #docs
                impl std::fmt::Display for #name {
                    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        formatter.write_str("shown")
                    }
                }
            }
        })
    }

    /// Text items at the top of a file (0 columns), in a module (4) and in an `impl` block in a
    /// module (8), beside an item of tokens; `indents` are the columns each text is written for.
    fn nested(texts: &mut LongTexts, indents: [usize; 3]) -> proc_macro2::TokenStream {
        let top = display(texts, indents[0], "Top");
        let inner = display(texts, indents[1], "Inner");
        let deep = display(texts, indents[2], "Deep");
        quote! {
            #top
            pub struct Top;
            mod inner {
                #inner
                pub struct Inner;
                fn deep() {
                    #deep
                    struct Deep;
                }
            }
        }
    }

    #[test]
    fn text_items_written_over_placeholders_are_what_prettyplease_prints_at_any_indentation() {
        let plain = render(
            nested(&mut LongTexts::plain(), [0, 4, 8]),
            "a.rs",
            Printing::Print,
        )
        .expect("renders");
        assert!(
            plain.contains("\n        impl std::fmt::Display for Deep {\n"),
            "{plain}"
        );
        let mut texts = LongTexts {
            placeholders: true,
            texts: Vec::new(),
        };
        let printed =
            render(nested(&mut texts, [0, 4, 8]), "a.rs", Printing::Print).expect("renders");
        assert!(printed.contains("\n    __long_text_"), "{printed}");
        assert_eq!(
            texts.write_into_text(&printed).as_deref(),
            Some(plain.as_str())
        );
        let printed =
            render_with_long_texts(|texts| nested(texts, [0, 4, 8]), "a.rs", Printing::Print)
                .expect("renders")
                .into_string();
        assert_eq!(printed, plain);
    }

    #[test]
    fn a_text_item_at_another_indentation_or_too_wide_is_printed_from_its_tokens() {
        let plain = render(
            nested(&mut LongTexts::plain(), [0, 4, 8]),
            "a.rs",
            Printing::Print,
        )
        .expect("renders");
        // Written for the top of the file, but placed in a module.
        let mut texts = LongTexts {
            placeholders: true,
            texts: Vec::new(),
        };
        let printed =
            render(nested(&mut texts, [0, 0, 8]), "a.rs", Printing::Print).expect("renders");
        assert_eq!(texts.write_into_text(&printed), None);
        let printed =
            render_with_long_texts(|texts| nested(texts, [0, 0, 8]), "a.rs", Printing::Print)
                .expect("renders")
                .into_string();
        assert_eq!(printed, plain);
        // Not alone on its line.
        let mut texts = LongTexts {
            placeholders: true,
            texts: Vec::new(),
        };
        let _ = display(&mut texts, 0, "Top");
        assert_eq!(
            texts
                .clone()
                .write_into_text("struct A; __long_text_1! {}\n"),
            None
        );
        assert_eq!(texts.write_into_text("__long_text_1! {} struct A;\n"), None);
        // A name long enough for prettyplease to wrap the line: the item is its tokens.
        let long = "L".repeat(70);
        let mut texts = LongTexts {
            placeholders: true,
            texts: Vec::new(),
        };
        let tokens = display(&mut texts, 0, &long).into_token_stream();
        assert!(!tokens.to_string().contains('!'), "{tokens}");
        let printed =
            render_with_long_texts(|texts| display(texts, 0, &long), "a.rs", Printing::Print)
                .expect("renders")
                .into_string();
        assert!(
            printed.contains(&format!("impl std::fmt::Display\nfor {long} {{")),
            "{printed}"
        );
    }

    /// A method of an `impl` block as a text item.
    fn method(texts: &mut LongTexts, name: &str) -> Items {
        let mut text = ItemText::new(4);
        text.docs("Shown.");
        text.open(format_args!("pub fn {name}(&self) -> &str {{"));
        text.line(format_args!("\"shown\""));
        text.close(format_args!("}}"));
        let name = format_ident!("{name}");
        texts.item(text, |texts| {
            let docs = texts.docs("Shown.");
            quote! {
                #docs
                pub fn #name(&self) -> &str {
                    "shown"
                }
            }
        })
    }

    #[test]
    fn a_file_of_text_items_only_is_their_texts_as_prettyplease_places_them() {
        // At the top of a file, and in the body of an `impl` block.
        let top = |texts: &mut LongTexts| {
            let first = display(texts, 0, "First");
            let second = display(texts, 0, "Second");
            quote!(#first #second)
        };
        let within = |texts: &mut LongTexts| {
            let first = method(texts, "first");
            let second = method(texts, "second");
            quote!(impl Client { #first #second })
        };
        for build in [
            &top as &dyn Fn(&mut LongTexts) -> proc_macro2::TokenStream,
            &within,
        ] {
            let mut texts = LongTexts {
                placeholders: true,
                texts: Vec::new(),
            };
            let tokens = build(&mut texts);
            let printed = render(tokens.clone(), "a.rs", Printing::Print).expect("renders");
            let written = texts
                .clone()
                .write_into_text(&printed)
                .expect("written over");
            assert_eq!(
                texts.items_only_text(&trees(tokens)).as_deref(),
                Some(written.as_str())
            );
            let plain =
                render(build(&mut LongTexts::plain()), "a.rs", Printing::Print).expect("renders");
            assert_eq!(written, plain);
            let rendered = render_with_long_texts(build, "a.rs", Printing::Print)
                .expect("renders")
                .into_string();
            assert_eq!(rendered, plain);
        }
        // Anything else is printed: an item of tokens beside them, a text written for another
        // indentation, a text not placed, or placed twice.
        let mut texts = LongTexts {
            placeholders: true,
            texts: Vec::new(),
        };
        let first = display(&mut texts, 0, "First");
        let inner = display(&mut texts, 4, "Inner");
        assert_eq!(
            texts.items_only_text(&trees(quote!(#first pub struct A;))),
            None
        );
        assert_eq!(texts.items_only_text(&trees(quote!(#first #inner))), None);
        assert_eq!(texts.items_only_text(&trees(quote!(#first))), None);
        assert_eq!(
            texts.items_only_text(&trees(quote!(#first #first #inner))),
            None
        );
        assert_eq!(
            texts.items_only_text(&trees(quote!(impl Client { #first #inner }))),
            None
        );
        assert_eq!(
            texts.items_only_text(&trees(quote!(impl<T> Client { #inner }))),
            None
        );
    }

    #[test]
    fn items_of_texts_only_are_written_without_tokens_as_their_tokens_would_be() {
        let build =
            |texts: &mut LongTexts| display(texts, 0, "First").then(display(texts, 0, "Second"));
        let mut texts = LongTexts {
            placeholders: true,
            texts: Vec::new(),
        };
        let items = build(&mut texts);
        let written = texts.clone().texts_only_text(&items).expect("texts only");
        assert_eq!(
            texts
                .items_only_text(&trees(items.to_token_stream()))
                .as_deref(),
            Some(written.as_str())
        );
        let plain = render(
            build(&mut LongTexts::plain()).into_token_stream(),
            "a.rs",
            Printing::Print,
        )
        .expect("renders");
        assert_eq!(written, plain);
        assert_eq!(
            render_with_long_texts(build, "a.rs", Printing::Print)
                .expect("renders")
                .into_string(),
            plain
        );
        // Anything else is made tokens: an item of tokens beside them, a text written for
        // another indentation, a text not placed, or placed twice.
        let mut texts = LongTexts {
            placeholders: true,
            texts: Vec::new(),
        };
        let first = display(&mut texts, 0, "First");
        let inner = display(&mut texts, 4, "Inner");
        let with = |more: Vec<Items>| more.into_iter().fold(first.clone(), Items::then);
        let struct_a = || {
            Items::from(quote!(
                pub struct A;
            ))
        };
        assert_eq!(texts.texts_only_text(&with(vec![struct_a()])), None);
        assert_eq!(texts.texts_only_text(&with(vec![inner.clone()])), None);
        assert_eq!(texts.texts_only_text(&with(Vec::new())), None);
        assert_eq!(
            texts.texts_only_text(&with(vec![first.clone(), inner.clone()])),
            None
        );
        // No tokens take no place.
        let mut texts = LongTexts {
            placeholders: true,
            texts: Vec::new(),
        };
        let items = display(&mut texts, 0, "First")
            .then(proc_macro2::TokenStream::new())
            .then(None);
        assert!(texts.texts_only_text(&items).is_some());
    }

    #[test]
    fn a_text_is_indented_line_by_line_whatever_its_lines() {
        for text in [
            "a\n",
            "a\n\nb\n",
            "\n\na\n",
            "a\r\nb\n",
            "a\nb",
            "",
            "    deep\n}\n",
        ] {
            for indent in [0, 4, 8, 12] {
                let (mut fast, mut plain) = (String::new(), String::new());
                push_indented(&mut fast, text, indent);
                push_lines_indented(&mut plain, text, indent);
                assert_eq!(fast, plain, "{text:?} {indent}");
            }
        }
    }
}
