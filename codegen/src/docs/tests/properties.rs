//! Properties over generated input, checked on what rustdoc's Markdown parser reads.

use proptest::prelude::*;

use super::html_to_markdown;
use super::markdown::{assert_well_formed, outline, text_and_links};

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
    // rustdoc's `bare_urls` only sees hosts of two or more characters before a dot.
    "https://example.com/a_(b).", "HTTP://ab.io",
];

fn htmlish() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        prop::sample::select(TOKENS).prop_map(str::to_owned),
        "[a-z ]{1,6}",
    ];
    prop::collection::vec(token, 0..40).prop_map(|tokens| tokens.concat())
}

/// Text pieces for [`inline_html`]: Markdown syntax, but no `<`, `;` or `/`, so that pieces
/// side by side spell no tag, character reference or URL.
#[rustfmt::skip]
const INLINE_TEXT: &[&str] = &[
    " ", " ", "  ", "\n", "*", "**", "_", "`", "[", "]", "#", "- ", "+ ", "1. ", "2) ", "!", "|",
    "~", "\\", "(", ")", ">", "&", "'", "\"", ".", ",", ":", "=",
];

/// Inline formatting tags, balanced or not; links are made in [`inline_html`].
#[rustfmt::skip]
const INLINE_TAGS: &[&str] = &[
    "<b>", "</b>", "<strong>", "</strong>", "<i>", "</i>", "<em>", "</em>", "</a>",
];

/// Inline HTML as pieces, each either a tag (starting with `<`) or text.
fn inline_html() -> impl Strategy<Value = Vec<String>> {
    let piece = prop_oneof![
        "[a-z]{1,5}",
        prop::sample::select(INLINE_TEXT).prop_map(str::to_owned),
        prop::sample::select(INLINE_TAGS).prop_map(str::to_owned),
        (0..3_u8).prop_map(|n| format!("<a href=\"https://x.com/{n}\">")),
        (0..3_u8).prop_map(|n| format!("<a href=\"https://x.com/a_({n})\">")),
        (0..3_u8).prop_map(|n| format!("<a href=\"https://x.com/b){n}(\">")),
    ];
    prop::collection::vec(piece, 0..30)
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_strings_never_panic(input in any::<String>()) {
        let markdown = html_to_markdown(&input);
        assert_well_formed(&input, &markdown);
    }

    #[test]
    fn html_token_soup_is_well_formed(input in htmlish()) {
        let markdown = html_to_markdown(&input);
        assert_well_formed(&input, &markdown);
    }

    /// Text without markup is read back as exactly that text, whatever Markdown syntax it
    /// contains: one paragraph, or two when its first sentence is split off as the summary.
    #[test]
    fn plain_text_round_trips(input in "[a-z0-9 \n*_`\\\\\\[\\]#>+.|~!()'\":=&{}-]{0,60}") {
        let markdown = html_to_markdown(&input);
        assert_well_formed(&input, &markdown);
        let text = collapse(&input);
        let expected = if text.is_empty() { String::new() } else { format!("p[{text:?}]") };
        prop_assert_eq!(outline(&markdown).replacen("\"] p[\"", " ", 1), expected);
    }

    #[test]
    fn plain_words_survive_unchanged(words in prop::collection::vec("[A-Za-z0-9]{1,8}", 0..20)) {
        let input = words.join(" \n ");
        prop_assert_eq!(html_to_markdown(&input), words.join(" "));
    }

    /// However inline tags nest or fail to close, a reader gets the HTML's text and its links,
    /// in order.
    #[test]
    fn inline_markup_keeps_text_and_links(pieces in inline_html()) {
        let input = pieces.concat();
        let markdown = html_to_markdown(&input);
        assert_well_formed(&input, &markdown);
        let text: String = pieces
            .iter()
            .filter(|piece| !piece.starts_with('<'))
            .map(String::as_str)
            .collect();
        let hrefs: Vec<&str> = pieces
            .iter()
            .filter_map(|piece| piece.strip_prefix("<a href=\"")?.strip_suffix("\">"))
            .collect();
        let (read, links) = text_and_links(&markdown);
        prop_assert_eq!(read, collapse(&text), "in {:?}", markdown);
        prop_assert_eq!(links, hrefs, "in {:?}", markdown);
    }
}
