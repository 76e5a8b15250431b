use super::check_structure;
use super::markdown::{assert_well_formed, outline};
use super::{check, html_to_markdown};

// Tags that are stripped or malformed

#[test]
fn unknown_tags_are_stripped_to_text() {
    check_structure(&[(
        "<span class=\"x\">a</span> <div>b</div><img src=\"i.png\" alt=\"pic\"> <font color=red>c</font>",
        "a\n\nb\n\nc",
        r#"p["a"] p["b"] p["c"]"#,
    )]);
}

#[test]
fn script_and_style_content_is_dropped() {
    check_structure(&[
        (
            "a<script type=\"text/javascript\">var x = '<b>';</script>b",
            "ab",
            r#"p["ab"]"#,
        ),
        ("a<style>p { color: red }</STYLE> b", "a b", r#"p["a b"]"#),
        ("Use the <script> tag", "Use the tag", r#"p["Use the tag"]"#),
    ]);
}

#[test]
fn comments_and_doctype_are_dropped() {
    check_structure(&[
        ("<!DOCTYPE html><!-- note -->a<!---->b", "ab", r#"p["ab"]"#),
        (
            "a <!-- unterminated",
            "a \\<!-- unterminated",
            r#"p["a <!-- unterminated"]"#,
        ),
    ]);
}

#[test]
fn malformed_markup_becomes_text() {
    check_structure(&[
        (
            "<a href=\"https://x.com>here</a>",
            "\\<a href=\"<https://x.com>>here",
            r#"p["<a href=\"" <https://x.com> ">here"]"#,
        ),
        ("<b", "\\<b", r#"p["<b"]"#),
        ("< 5 and 3 >", "\\< 5 and 3 >", r#"p["< 5 and 3 >"]"#),
        (
            "</ b> <> <!> <?php ?>",
            "\\</ b> \\<> \\<!> \\<?php ?>",
            r#"p["</ b> <> <!> <?php ?>"]"#,
        ),
        (
            "x <b class='unterminated>y",
            "x \\<b class='unterminated>y",
            r#"p["x <b class='unterminated>y"]"#,
        ),
    ]);
}

#[test]
fn unclosed_and_misnested_tags() {
    // Closing together would need `*` and `**` in one delimiter run: the inner span goes.
    check_structure(&[
        (
            "<b>bold <i>both</b> plain",
            "**bold both** plain",
            r#"p[strong["bold both"] " plain"]"#,
        ),
        ("a</b></ul></table>b", "ab", r#"p["ab"]"#),
        ("<p><b>x</p>y", "**x**\n\ny", r#"p[strong["x"]] p["y"]"#),
    ]);
}

#[test]
fn attributes_are_parsed_leniently() {
    check_structure(&[
        (
            "<a target=_blank data-x='a>b' href=https://x.com/a?b=c>x</a>",
            "[x](https://x.com/a?b=c)",
            r#"p[link(https://x.com/a?b=c)["x"]]"#,
        ),
        (
            "<a href = \"https://x.com\" / >x</a>",
            "[x](https://x.com)",
            r#"p[link(https://x.com)["x"]]"#,
        ),
        (
            "<A HREF=\"https://x.com\">X</A>",
            "[X](https://x.com)",
            r#"p[link(https://x.com)["X"]]"#,
        ),
    ]);
}

#[test]
fn deep_nesting_does_not_overflow() {
    let input = format!("{}x{}", "<div><b>".repeat(5000), "</b></div>".repeat(5000));
    check(&input, "**x**");
    let input = "<ul><li>".repeat(3000) + "y";
    let markdown = html_to_markdown(&input);
    assert!(markdown.ends_with("- y"));
    assert_well_formed(&input, &markdown);
    // The nesting cap leaves 24 lists, each the only content of the item around it.
    let nested = format!("{}\"y\"{}", "ul[li[".repeat(24), "]]".repeat(24));
    assert_eq!(outline(&markdown), nested);
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
