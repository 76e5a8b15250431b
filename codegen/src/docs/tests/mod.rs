//! Tests of [`html_to_markdown`]: each case's exact output, and what rustdoc's Markdown parser
//! reads in it ([`markdown`]).

mod blocks;
mod inline;
mod markdown;
mod markup;
mod properties;
mod real;
mod summary;
mod text;

use super::html_to_markdown;
use markdown::{assert_well_formed, outline};

/// `input` converts to exactly `expected`, which rustdoc's parser reads without surprises.
#[track_caller]
fn check(input: &str, expected: &str) {
    let markdown = html_to_markdown(input);
    assert_well_formed(input, &markdown);
    assert_eq!(markdown, expected, "input: {input:?}");
}

/// For each `(input, expected, structure)`: [`check`], and rustdoc's parser reads exactly
/// `structure` in the output, written as [`outline`] writes it. The structure is compared
/// first, since a difference there says more than one of bytes.
#[track_caller]
fn check_structure(cases: &[(&str, &str, &str)]) {
    for &(input, expected, structure) in cases {
        let markdown = html_to_markdown(input);
        assert_well_formed(input, &markdown);
        assert_eq!(outline(&markdown), structure, "read in {markdown:?}");
        assert_eq!(markdown, expected, "input: {input:?}");
    }
}
