//! Stage 3½: the first paragraph as one sentence. Rustdoc shows an item's first paragraph as
//! its summary on every index page, so a description written as one long paragraph becomes a
//! wall of text there; its first sentence is made a paragraph of its own, and the rest follows.

use super::flow::{Block, Inline};

/// Words that end with a period without ending a sentence (compared without the period).
const ABBREVIATIONS: &[&str] = &[
    "approx", "co", "dr", "e.g", "eg", "etc", "i.e", "ie", "inc", "jr", "ltd", "mr", "mrs", "ms",
    "no", "sr", "st", "vs",
];

/// Splits the first paragraph after its first sentence, when more text follows. Only a break
/// inside plain text counts (never inside code, links or emphasis), and only before what starts
/// a sentence, so `e.g. this`, `v1.2`, `example.com` and `3.5 seconds` stay whole.
pub(super) fn first_sentence_apart(blocks: &mut Vec<Block<'_>>) {
    let Some(Block::Para(inlines)) = blocks.first_mut() else {
        return;
    };
    let Some((index, at)) = inlines
        .iter()
        .enumerate()
        .find_map(|(index, inline)| match inline {
            Inline::Text(text) => sentence_end(text).map(|at| (index, at)),
            _ => None,
        })
    else {
        return;
    };
    let rest_of_text = match &mut inlines[index] {
        Inline::Text(text) => {
            let (sentence, rest) = text.split_at(at);
            *text = sentence;
            rest.trim_start()
        }
        _ => return,
    };
    let mut rest: Vec<Inline> = inlines.split_off(index + 1);
    rest.insert(0, Inline::Text(rest_of_text));
    blocks.insert(1, Block::Para(rest));
}

/// The byte offset right after the first sentence-ending mark in `text` that is followed by
/// white space and a sentence start.
fn sentence_end(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    for (index, &byte) in bytes.iter().enumerate() {
        if !matches!(byte, b'.' | b'!' | b'?') {
            continue;
        }
        let after = &text[index + 1..];
        let Some(next) = after.strip_prefix(' ').and_then(|rest| rest.chars().next()) else {
            continue;
        };
        if !(next.is_uppercase() || next.is_ascii_digit() || matches!(next, '"' | '\'' | '(')) {
            continue;
        }
        if byte == b'.' && !ends_sentence(&text[..index]) {
            continue;
        }
        return Some(index + 1);
    }
    None
}

/// Whether a period after `before` ends a sentence: not after an abbreviation, an initial or
/// an ellipsis.
fn ends_sentence(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or_default();
    if word.is_empty() || word.ends_with('.') {
        return false;
    }
    let mut letters = word.chars();
    if let (Some(first), None) = (letters.next(), letters.next())
        && first.is_alphabetic()
    {
        return false;
    }
    let lower = word.to_lowercase();
    !ABBREVIATIONS.contains(&lower.as_str())
}
