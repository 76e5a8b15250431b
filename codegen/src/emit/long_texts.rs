//! Long texts written into generated files as string literals: the schemas of the operation
//! table and of the round trips, copies of the fragments' own.
//!
//! For a real API they are most of the crate (Stripe's schemas made 630 MB of a 650 MB crate),
//! and as string tokens each would be escaped by `quote`, parsed and unescaped by `syn` and
//! escaped again by `prettyplease`: most of the generation time. So a file that holds them is
//! built with a placeholder identifier for each text, printed, and the texts are written over
//! the placeholders as raw string literals. This is the one edit of printed text; it checks
//! that the printed file holds exactly the placeholders it made, in order, and otherwise (a
//! doc or a string of the spec spelling one) builds the file again with plain string tokens.

use std::fmt::Write as _;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Printing, render};
use crate::error::Error;

/// What each placeholder identifier starts with; its index among the file's texts follows.
const PLACEHOLDER: &str = "__long_text_";

/// The long texts of one file (or one group of items), in the order their tokens were made.
pub(super) struct LongTexts {
    placeholders: bool,
    texts: Vec<String>,
}

impl LongTexts {
    /// The tokens of a string literal holding `text`.
    pub(super) fn literal(&mut self, text: String) -> TokenStream {
        if !self.placeholders {
            return quote!(#text);
        }
        let placeholder = format_ident!("{PLACEHOLDER}{}", self.texts.len());
        self.texts.push(text);
        quote!(#placeholder)
    }

    /// `printed` with each placeholder replaced by its text, or `None` when `printed` does not
    /// hold exactly this file's placeholders, in order.
    fn write_into(&self, printed: &str) -> Option<String> {
        let size = self.texts.iter().map(|text| text.len() + 8).sum::<usize>();
        let mut out = String::with_capacity(printed.len() + size);
        let mut rest = printed;
        let mut next = 0;
        while let Some(start) = rest.find(PLACEHOLDER) {
            out.push_str(&rest[..start]);
            let after = &rest[start + PLACEHOLDER.len()..];
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            if after[..digits].parse::<usize>().ok() != Some(next) {
                return None;
            }
            raw_literal(&mut out, self.texts.get(next)?);
            next += 1;
            rest = &after[digits..];
        }
        out.push_str(rest);
        (next == self.texts.len()).then_some(out)
    }
}

/// Renders the tokens `build` makes, its long texts as raw string literals (see the module
/// docs).
pub(super) fn render_with_long_texts(
    build: impl Fn(&mut LongTexts) -> TokenStream,
    path: &str,
    printing: Printing,
) -> Result<String, Error> {
    let mut texts = LongTexts {
        placeholders: true,
        texts: Vec::new(),
    };
    let tokens = build(&mut texts);
    let printed = render(tokens, path, printing)?;
    if printing == Printing::Skip || texts.texts.is_empty() {
        return Ok(printed);
    }
    if let Some(written) = texts.write_into(&printed) {
        return Ok(written);
    }
    let mut plain = LongTexts {
        placeholders: false,
        texts: Vec::new(),
    };
    render(build(&mut plain), path, printing)
}

/// Writes `text` as a raw string literal with as few `#`s as it needs.
fn raw_literal(out: &mut String, text: &str) {
    let mut hashes = 0;
    let mut run: Option<usize> = None;
    for byte in text.bytes() {
        run = match (byte, run) {
            (b'"', _) => Some(0),
            (b'#', Some(count)) => Some(count + 1),
            _ => None,
        };
        if let Some(count) = run {
            hashes = hashes.max(count + 1);
        }
    }
    let fence = "#".repeat(hashes);
    let _ = write!(out, "r{fence}\"{text}\"{fence}");
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::{LongTexts, Printing, raw_literal, render_with_long_texts};

    #[test]
    fn a_raw_literal_has_more_hashes_than_any_quote_in_it_is_followed_by() {
        for (text, literal) in [
            ("{}", "r\"{}\""),
            (r#"{"a":1}"#, "r#\"{\"a\":1}\"#"),
            (r##"{"a":"x"#"}"##, "r##\"{\"a\":\"x\"#\"}\"##"),
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
                .expect("renders");
        assert!(
            printed.contains(r##"[r#"{"type":"object"}"#, r"plain"]"##),
            "{printed}"
        );
        let printed = render_with_long_texts(
            |texts| file(texts, "Not __long_text_0 at all."),
            "a.rs",
            Printing::Print,
        )
        .expect("renders");
        assert!(printed.contains("Not __long_text_0 at all."), "{printed}");
        assert!(
            printed.contains(r#"["{\"type\":\"object\"}", "plain"]"#),
            "{printed}"
        );
    }
}
