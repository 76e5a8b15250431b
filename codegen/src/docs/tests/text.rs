use super::check_structure;

// Paragraphs and whitespace

#[test]
fn empty_and_blank_input() {
    check_structure(&[
        ("", "", ""),
        (" \n\t ", "", ""),
        ("<p> </p><br><br>", "", ""),
    ]);
}

#[test]
fn whitespace_collapses() {
    check_structure(&[
        ("  a \n\t b   c  ", "a b c", r#"p["a b c"]"#),
        ("a&nbsp;&nbsp; b", "a b", r#"p["a b"]"#),
    ]);
}

#[test]
fn double_br_is_a_paragraph_break() {
    check_structure(&[("one<br><br>two", "one\n\ntwo", r#"p["one"] p["two"]"#)]);
}

#[test]
fn single_br_is_a_paragraph_break() {
    check_structure(&[(
        "one<br>two<br/>three<BR />four</br>five",
        "one\n\ntwo\n\nthree\n\nfour\n\nfive",
        r#"p["one"] p["two"] p["three"] p["four"] p["five"]"#,
    )]);
}

#[test]
fn br_runs_and_edges_leave_no_blank_runs() {
    check_structure(&[("<br>a<br><br><br><br>b<br>", "a\n\nb", r#"p["a"] p["b"]"#)]);
}

#[test]
fn paragraphs() {
    check_structure(&[
        ("<p>one</p><p>two</p>", "one\n\ntwo", r#"p["one"] p["two"]"#),
        ("<p>one<p>two", "one\n\ntwo", r#"p["one"] p["two"]"#),
        (
            "before<div>inside</div>after",
            "before\n\ninside\n\nafter",
            r#"p["before"] p["inside"] p["after"]"#,
        ),
    ]);
}

#[test]
fn headings_become_bold_paragraphs() {
    check_structure(&[
        (
            "<h2>Overview</h2>Body text",
            "**Overview**\n\nBody text",
            r#"p[strong["Overview"]] p["Body text"]"#,
        ),
        (
            "<h1># Not a heading</h1>",
            "**# Not a heading**",
            r##"p[strong["# Not a heading"]]"##,
        ),
    ]);
}

// Entities

#[test]
fn named_entities() {
    check_structure(&[(
        "&amp; &lt;b&gt; &quot;q&quot; &#39;s&#39; &apos;a&apos; x&nbsp;y &ndash; &copy;",
        "& \\<b> \"q\" 's' 'a' x y – ©",
        r#"p["& <b> \"q\" 's' 'a' x y – ©"]"#,
    )]);
}

#[test]
fn numeric_entities() {
    check_structure(&[(
        "&#65;&#x42;&#X43; &#150; &#x1F600;",
        "ABC – 😀",
        r#"p["ABC – 😀"]"#,
    )]);
}

#[test]
fn unknown_and_malformed_entities_stay_literal() {
    check_structure(&[
        (
            "&bogus; &amp &#; &#xZZ; &#0; &#xD800; &#99999999;",
            "\\&bogus; &amp \\&#; \\&#xZZ; \\&#0; \\&#xD800; \\&#99999999;",
            r#"p["&bogus; &amp &#; &#xZZ; &#0; &#xD800; &#99999999;"]"#,
        ),
        ("AT&T and R&amp;D", "AT&T and R&D", r#"p["AT&T and R&D"]"#),
        ("&amp;copy;", "\\&copy;", r#"p["&copy;"]"#),
    ]);
}

#[test]
fn entity_decoded_markup_is_text() {
    check_structure(&[(
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "\\<script>alert(1)\\</script>",
        r#"p["<script>alert(1)</script>"]"#,
    )]);
}

// Text that is not HTML

#[test]
fn plain_text_passes_through() {
    check_structure(&[(
        "Set call_method = 'outbound' for {{customer.name}}. Default is 1.",
        "Set call_method = 'outbound' for {{customer.name}}.\n\nDefault is 1.",
        r#"p["Set call_method = 'outbound' for {{customer.name}}."] p["Default is 1."]"#,
    )]);
}

#[test]
fn stray_asterisks_and_underscores() {
    check_structure(&[
        (
            "gpt-realtime-*",
            "gpt-realtime-\\*",
            r#"p["gpt-realtime-*"]"#,
        ),
        (
            "_private_ and a_b and __init__ and x_",
            "\\_private\\_ and a_b and \\_\\_init\\_\\_ and x\\_",
            r#"p["_private_ and a_b and __init__ and x_"]"#,
        ),
        ("2 * 3 * 4", "2 \\* 3 \\* 4", r#"p["2 * 3 * 4"]"#),
    ]);
}

#[test]
fn brackets_cannot_become_intra_doc_links() {
    check_structure(&[(
        "see [1] and items[0] and [Foo](Bar)",
        "see \\[1\\] and items\\[0\\] and \\[Foo\\](Bar)",
        r#"p["see [1] and items[0] and [Foo](Bar)"]"#,
    )]);
}

#[test]
fn angle_brackets_in_text() {
    check_structure(&[
        ("a < b > c", "a \\< b > c", r#"p["a < b > c"]"#),
        (
            "Vec<T> and <customer_id> and a<b",
            "Vec\\<T> and \\<customer_id> and a\\<b",
            r#"p["Vec<T> and <customer_id> and a<b"]"#,
        ),
        ("x << y", "x \\<\\< y", r#"p["x << y"]"#),
    ]);
}

#[test]
fn backticks_backslashes_and_tildes() {
    check_structure(&[(
        "`x` and C:\\path and ~~s~~",
        "\\`x\\` and C:\\\\path and \\~\\~s\\~\\~",
        r#"p["`x` and C:\\path and ~~s~~"]"#,
    )]);
}

#[test]
fn line_start_markers() {
    check_structure(&[
        ("# title", "\\# title", r##"p["# title"]"##),
        ("#hashtag", "#hashtag", r##"p["#hashtag"]"##),
        ("> quoted", "\\> quoted", r#"p["> quoted"]"#),
        ("- item", "\\- item", r#"p["- item"]"#),
        (
            "-1 is the default",
            "-1 is the default",
            r#"p["-1 is the default"]"#,
        ),
        ("+ item", "\\+ item", r#"p["+ item"]"#),
        ("---", "\\---", r#"p["---"]"#),
        ("1. first", "1\\. first", r#"p["1. first"]"#),
        ("2) second", "2\\) second", r#"p["2) second"]"#),
        ("1.5 seconds", "1.5 seconds", r#"p["1.5 seconds"]"#),
        ("10.", "10\\.", r#"p["10."]"#),
        (
            "a<br>- b<br>3. c<br># d",
            "a\n\n\\- b\n\n3\\. c\n\n\\# d",
            r##"p["a"] p["- b"] p["3. c"] p["# d"]"##,
        ),
    ]);
}

#[test]
fn leading_indentation_is_not_a_code_block() {
    check_structure(&[(
        "        indented\n\tcode",
        "indented code",
        r#"p["indented code"]"#,
    )]);
}

#[test]
fn control_characters_are_dropped() {
    check_structure(&[("a\u{0}b\u{7}c\u{1b}[0m", "abc\\[0m", r#"p["abc[0m"]"#)]);
}
