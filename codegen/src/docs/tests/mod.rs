//! Tests of [`html_to_markdown`]: each case's exact output, and what rustdoc's Markdown parser
//! reads in it ([`markdown`]).

mod blocks;
mod inline;
mod markdown;
mod markup;
mod properties;
mod real;
mod text;

use super::html_to_markdown;
use markdown::{assert_well_formed, outline};

/// `input` converts to exactly `expected`, which rustdoc's parser reads without surprises.
#[track_caller]
fn check(input: &str, expected: &str) {
    let markdown = html_to_markdown(input);
    assert_eq!(markdown, expected, "input: {input:?}");
    assert_well_formed(input, &markdown);
}

/// For each `(input, expected, structure)`: [`check`], and rustdoc's parser reads in `expected`
/// exactly `structure`, written as [`outline`] writes it.
#[track_caller]
fn check_structure(cases: &[(&str, &str, &str)]) {
    for &(input, expected, structure) in cases {
        check(input, expected);
        assert_eq!(outline(expected), structure, "read in {expected:?}");
    }
}
