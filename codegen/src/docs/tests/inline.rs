use super::check_structure;
use super::html_to_markdown;
use super::markdown::{assert_well_formed, outline, text_and_links};

// Inline formatting

#[test]
fn strong_and_b() {
    check_structure(&[(
        "a <strong>b</strong> <b>c</b>",
        "a **b** **c**",
        r#"p["a " strong["b"] " " strong["c"]]"#,
    )]);
}

#[test]
fn em_and_i() {
    check_structure(&[(
        "a <em>b</em> <i>c</i>",
        "a *b* *c*",
        r#"p["a " em["b"] " " em["c"]]"#,
    )]);
}

#[test]
fn nested_emphasis() {
    check_structure(&[
        (
            "<b><i>both</i></b>",
            "***both***",
            r#"p[em[strong["both"]]]"#,
        ),
        (
            "<b>bold <b>still</b></b>",
            "**bold still**",
            r#"p[strong["bold still"]]"#,
        ),
        (
            "<b>x <i>y</i> z</b>",
            "**x *y* z**",
            r#"p[strong["x " em["y"] " z"]]"#,
        ),
    ]);
}

#[test]
fn emphasis_whitespace_moves_outside() {
    check_structure(&[("a<b> b </b>c", "a **b** c", r#"p["a " strong["b"] " c"]"#)]);
}

#[test]
fn empty_emphasis_disappears() {
    check_structure(&[(
        "a <b> </b> <i class=\"fa fa-x\"></i>b",
        "a b",
        r#"p["a b"]"#,
    )]);
}

#[test]
fn adjacent_emphasis_merges() {
    check_structure(&[("<b>a</b><b>b</b>", "**ab**", r#"p[strong["ab"]]"#)]);
}

#[test]
fn emphasis_that_would_not_parse_is_dropped() {
    check_structure(&[
        ("<b>Note:</b>text", "Note:text", r#"p["Note:text"]"#),
        ("x<b>\"y\"</b>", "x\"y\"", r#"p["x\"y\""]"#),
    ]);
}

#[test]
fn emphasis_across_a_break_is_reopened() {
    check_structure(&[(
        "<b>one<br>two</b>",
        "**one**\n\n**two**",
        r#"p[strong["one"]] p[strong["two"]]"#,
    )]);
}

#[test]
fn code() {
    check_structure(&[
        (
            "use <code>call_method</code> here",
            "use `call_method` here",
            r#"p["use " code("call_method") " here"]"#,
        ),
        (
            "<code>a < b *c* [d]</code>",
            "`a < b *c* [d]`",
            r#"p[code("a < b *c* [d]")]"#,
        ),
    ]);
}

#[test]
fn code_with_backticks() {
    check_structure(&[
        ("<code>a`b</code>", "``a`b``", r#"p[code("a`b")]"#),
        ("<code>`x`</code>", "`` `x` ``", r#"p[code("`x`")]"#),
        ("<kbd>Ctrl</kbd>", "`Ctrl`", r#"p[code("Ctrl")]"#),
    ]);
}

#[test]
fn code_whitespace() {
    check_structure(&[
        (
            "a<code> x  y </code>b",
            "a `x y` b",
            r#"p["a " code("x y") " b"]"#,
        ),
        ("a <code>  </code> b", "a b", r#"p["a b"]"#),
    ]);
}

#[test]
fn code_spans_side_by_side_are_kept_apart() {
    check_structure(&[
        (
            "<code>a</code><code>b</code>",
            "`a` `b`",
            r#"p[code("a") " " code("b")]"#,
        ),
        // The emphasis between them does not parse, so the spans end up side by side.
        (
            "x <code>a</code><b><kbd>`b</kbd></b>c",
            "x `a` `` `b ``c",
            r#"p["x " code("a") " " code("`b") "c"]"#,
        ),
        (
            "<code>a</code><b><code>b</code></b> c",
            "`a`**`b`** c",
            r#"p[code("a") strong[code("b")] " c"]"#,
        ),
        // Escaped, a backtick of the text is no part of a run.
        (
            "a`<code>b</code>`",
            "a\\``b`\\`",
            r#"p["a`" code("b") "`"]"#,
        ),
    ]);
}

// Links and URLs

#[test]
fn link() {
    check_structure(&[(
        r#"<a href="https://kb.revcent.com/en/tools/ai/voice-agents#filter-function" target="_blank">here</a>"#,
        "[here](https://kb.revcent.com/en/tools/ai/voice-agents#filter-function)",
        r#"p[link(https://kb.revcent.com/en/tools/ai/voice-agents#filter-function)["here"]]"#,
    )]);
}

#[test]
fn bang_right_before_a_link_is_escaped() {
    check_structure(&[
        (
            r#"Hello!<a href="https://x.com">here</a>"#,
            "Hello\\![here](https://x.com)",
            r#"p["Hello!" link(https://x.com)["here"]]"#,
        ),
        // The emphasis between them does not parse, so the `!` ends up next to the link.
        (
            r#"Hi!<b><a href="mailto:a@b.co">us</a></b>now"#,
            "Hi\\![us](mailto:a@b.co)now",
            r#"p["Hi!" link(mailto:a@b.co)["us"] "now"]"#,
        ),
        // Elsewhere a `!` is left alone.
        (
            r#"Hi! <a href="https://x.com">x</a>! hi!<b><a href="https://x.com">y</a></b> Hi!<a href="https://x.com"></a>"#,
            "Hi! [x](https://x.com)! hi!**[y](https://x.com)** Hi!<https://x.com>",
            r#"p["Hi! " link(https://x.com)["x"] "! hi!" strong[link(https://x.com)["y"]] " Hi!" <https://x.com>]"#,
        ),
    ]);
}

#[test]
fn link_with_text_equal_to_href_is_an_autolink() {
    check_structure(&[(
        r#"<a href="https://x.com/a">https://x.com/a</a>"#,
        "<https://x.com/a>",
        "p[<https://x.com/a>]",
    )]);
}

#[test]
fn link_without_text_is_an_autolink() {
    check_structure(&[(
        r#"<a href="https://x.com"><img src="a.png"></a>"#,
        "<https://x.com>",
        "p[<https://x.com>]",
    )]);
}

#[test]
fn link_with_formatting_and_spaces() {
    check_structure(&[(
        r#"see<a href="https://x.com"> the <b>docs</b> </a>now"#,
        "see [the **docs**](https://x.com) now",
        r#"p["see " link(https://x.com)["the " strong["docs"]] " now"]"#,
    )]);
}

#[test]
fn link_with_spaces_inside_formatting() {
    check_structure(&[
        (
            r#"see <a href="https://x.com">the <b>docs </b></a>now"#,
            "see [the **docs**](https://x.com) now",
            r#"p["see " link(https://x.com)["the " strong["docs"]] " now"]"#,
        ),
        (
            r#"see<a href="https://x.com"><i><b> the</b></i> docs</a>"#,
            "see [***the*** docs](https://x.com)",
            r#"p["see " link(https://x.com)[em[strong["the"]] " docs"]]"#,
        ),
        (
            r#"write to<a href="mailto:a@b.co"><b> us</b></a>"#,
            "write to [**us**](mailto:a@b.co)",
            r#"p["write to " link(mailto:a@b.co)[strong["us"]]]"#,
        ),
    ]);
}

#[test]
fn link_destination_is_escaped() {
    check_structure(&[
        (
            r#"<a href=" https://x.com/a(b) c|d ">p</a>"#,
            "[p](https://x.com/a\\(b\\)%20c%7Cd)",
            r#"p[link(https://x.com/a(b)%20c%7Cd)["p"]]"#,
        ),
        (
            r#"<a href="https://a.com?x=1&amp;y=2&amp;copy;">q</a>"#,
            "[q](https://a.com?x=1&y=2\\&copy;)",
            r#"p[link(https://a.com?x=1&y=2&copy;)["q"]]"#,
        ),
    ]);
}

#[test]
fn unusable_links_keep_their_text() {
    check_structure(&[(
        r##"<a href="/relative">rel</a> <a href="javascript:x()">js</a> <a name="x">anchor</a> <a href="#top">top</a>"##,
        "rel js anchor top",
        r#"p["rel js anchor top"]"#,
    )]);
}

#[test]
fn mailto_link() {
    check_structure(&[
        (
            r#"<a href="mailto:help@revcent.com">help@revcent.com</a>"#,
            "[help@revcent.com](mailto:help@revcent.com)",
            r#"p[link(mailto:help@revcent.com)["help@revcent.com"]]"#,
        ),
        (
            r#"<a href="mailto:a@b.co"></a>"#,
            "[a@b.co](mailto:a@b.co)",
            r#"p[link(mailto:a@b.co)["a@b.co"]]"#,
        ),
    ]);
}

#[test]
fn nested_link_is_flattened() {
    check_structure(&[(
        r#"<a href="https://a.com">x <a href="https://b.com">y</a></a>"#,
        "[x](https://a.com) [y](https://b.com)",
        r#"p[link(https://a.com)["x"] " " link(https://b.com)["y"]]"#,
    )]);
}

#[test]
fn url_inside_link_text_is_not_linked_again() {
    check_structure(&[(
        r#"<a href="https://a.com/long">https://a.com</a>"#,
        "[https://a.com](https://a.com/long)",
        r#"p[link(https://a.com/long)["https://a.com"]]"#,
    )]);
}

#[test]
fn bare_url() {
    check_structure(&[(
        "Read more at https://kb.revcent.com/en/revcent-account/events to understand",
        "Read more at <https://kb.revcent.com/en/revcent-account/events> to understand",
        r#"p["Read more at " <https://kb.revcent.com/en/revcent-account/events> " to understand"]"#,
    )]);
}

#[test]
fn bare_url_trailing_punctuation() {
    check_structure(&[
        (
            "at https://x.com/a.",
            "at <https://x.com/a>.",
            r#"p["at " <https://x.com/a> "."]"#,
        ),
        (
            "https://x.com/a, b",
            "<https://x.com/a>, b",
            r#"p[<https://x.com/a> ", b"]"#,
        ),
        (
            "(see https://x.com/a)",
            "(see <https://x.com/a>)",
            r#"p["(see " <https://x.com/a> ")"]"#,
        ),
        (
            "https://x.com/a; https://x.com/b:",
            "<https://x.com/a>; <https://x.com/b>:",
            r#"p[<https://x.com/a> "; " <https://x.com/b> ":"]"#,
        ),
    ]);
}

#[test]
fn bare_url_keeps_balanced_parentheses() {
    check_structure(&[(
        "https://en.wikipedia.org/wiki/A_(b)",
        "<https://en.wikipedia.org/wiki/A_(b)>",
        "p[<https://en.wikipedia.org/wiki/A_(b)>]",
    )]);
}

#[test]
fn bare_url_edge_cases() {
    check_structure(&[
        ("HTTP://X.COM", "<HTTP://X.COM>", "p[<HTTP://X.COM>]"),
        (
            "http:// and https://.",
            "http:// and https://.",
            r#"p["http:// and https://."]"#,
        ),
        (
            "<https://x.com/a>",
            "<https://x.com/a>",
            "p[<https://x.com/a>]",
        ),
        (
            "x=https://x.com/*_a_*",
            "x=<https://x.com/*_a>\\_\\*",
            r#"p["x=" <https://x.com/*_a> "_*"]"#,
        ),
        (
            "https://x.com/{{id}}|y",
            "<https://x.com/{{id}}%7Cy>",
            "p[<https://x.com/{{id}}%7Cy>]",
        ),
    ]);
}

#[test]
fn bare_url_split_by_tags() {
    check_structure(&[
        (
            "see http://<span></span>example.com now",
            "see <http://example.com> now",
            r#"p["see " <http://example.com> " now"]"#,
        ),
        (
            "see https<b></b>://example.com now",
            "see <https://example.com> now",
            r#"p["see " <https://example.com> " now"]"#,
        ),
        (
            "<https://<span></span>x.com>",
            "<https://x.com>",
            "p[<https://x.com>]",
        ),
    ]);
}

/// Emphasis cannot take in part of an autolink: where the HTML's does, it ends before the URL or
/// starts after it.
#[test]
fn bare_url_split_by_emphasis() {
    check_structure(&[
        (
            "see <b>https://</b>example.com now",
            "see <https://example.com> now",
            r#"p["see " <https://example.com> " now"]"#,
        ),
        (
            "<b>see https://</b>example.com",
            "**see** <https://example.com>",
            r#"p[strong["see"] " " <https://example.com>]"#,
        ),
        (
            "https://x.com/<i>path and</i> more",
            "<https://x.com/path> *and* more",
            r#"p[<https://x.com/path> " " em["and"] " more"]"#,
        ),
        (
            "https://ex<b>amp</b>le.com, <b>go:</b>https://x.com",
            "<https://example.com>, **go:**<https://x.com>",
            r#"p[<https://example.com> ", " strong["go:"] <https://x.com>]"#,
        ),
    ]);
}

/// A word split by tags is escaped as the one word Markdown reads.
#[test]
fn word_split_by_tags() {
    check_structure(&[
        (
            "snake_<span>case</span>",
            "snake_case",
            r#"p["snake_case"]"#,
        ),
        ("a_<b>b</b>", "a\\_**b**", r#"p["a_" strong["b"]]"#),
    ]);
}

#[test]
fn bare_url_in_emphasis_and_table() {
    check_structure(&[
        (
            "<b>https://x.com</b>",
            "**<https://x.com>**",
            "p[strong[<https://x.com>]]",
        ),
        (
            "<table><tr><td>https://x.com/a|b</td></tr></table>",
            "| <https://x.com/a%7Cb> |\n| --- |",
            "table[head[cell[<https://x.com/a%7Cb>]]]",
        ),
    ]);
}

// Known bugs, each shown by a test that is ignored until a fix (which changes output) lands

#[test]
fn bang_before_a_link_stays_text() {
    let input = r#"Hello!<a href="https://x.com">here</a>"#;
    assert_well_formed(input, &html_to_markdown(input));
}

#[test]
fn space_at_a_link_edge_inside_a_tag_is_kept() {
    for (input, text) in [
        (
            r#"<a href="https://x.com">Docs <i class="fa fa-link"></i></a>next"#,
            "Docs next",
        ),
        (
            r#"see<a href="https://x.com"><b> the</b> docs</a>"#,
            "see the docs",
        ),
        (
            r#"see <a href="https://x.com">the <b>docs </b></a>now"#,
            "see the docs now",
        ),
    ] {
        assert_eq!(
            text_and_links(&html_to_markdown(input)).0,
            text,
            "{input:?}"
        );
    }
}

#[test]
fn url_split_by_tags_is_still_linked() {
    for input in [
        "see http://<span></span>example.com now",
        "see https<b></b>://example.com now",
        "see <b>https://</b>example.com now",
    ] {
        assert_well_formed(input, &html_to_markdown(input));
    }
}

#[test]
fn adjacent_code_spans_stay_apart() {
    for input in [
        "<code>a</code><code>b</code>",
        "x <code>a</code><code>`b</code> y",
    ] {
        let structure = outline(&html_to_markdown(input));
        assert!(
            structure.contains(r#"code("a")"#),
            "{input:?} reads as {structure}"
        );
    }
    let input = "<code>https://example.com</code><code>``</code>";
    assert_well_formed(input, &html_to_markdown(input));
}
