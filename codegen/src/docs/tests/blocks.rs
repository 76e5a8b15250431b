use super::check_structure;

// Lists

#[test]
fn unordered_list() {
    check_structure(&[(
        "<ul><li>a</li><li>b</li></ul>",
        "- a\n- b",
        r#"ul[li["a"] li["b"]]"#,
    )]);
}

#[test]
fn ordered_list() {
    check_structure(&[
        (
            "<ol><li>a</li><li>b</li></ol>",
            "1. a\n2. b",
            r#"ol(1)[li["a"] li["b"]]"#,
        ),
        (
            "<ol start=\"9\"><li>a</li><li>b</li></ol>",
            "9. a\n10. b",
            r#"ol(9)[li["a"] li["b"]]"#,
        ),
        (
            "<ol start=\"-3\"><li>a</li></ol>",
            "0. a",
            r#"ol(0)[li["a"]]"#,
        ),
        (
            "<ol start=\"99999999999\"><li>a</li></ol>",
            "999999998. a",
            r#"ol(999999998)[li["a"]]"#,
        ),
    ]);
}

#[test]
fn nested_lists() {
    check_structure(&[
        (
            "<ul><li>a<ul><li>b<ol><li>c</li></ol></li></ul></li><li>d</li></ul>",
            "- a\n  - b\n    1. c\n- d",
            r#"ul[li["a" ul[li["b" ol(1)[li["c"]]]]] li["d"]]"#,
        ),
        (
            "<ol><li>a<ol start=\"2\"><li>b</li></ol></li></ol>",
            "1. a\n\n   2. b",
            r#"ol(1)[li[p["a"] ol(2)[li["b"]]]]"#,
        ),
    ]);
}

#[test]
fn list_items_without_end_tags() {
    check_structure(&[(
        "<ul><li>a<li>b</ul>after",
        "- a\n- b\n\nafter",
        r#"ul[li["a"] li["b"]] p["after"]"#,
    )]);
}

#[test]
fn list_item_with_paragraphs() {
    check_structure(&[
        (
            "<ul><li><p>a</p><p>b</p></li><li>c</li></ul>",
            "- a\n\n  b\n- c",
            r#"ul[li[p["a"] p["b"]] li[p["c"]]]"#,
        ),
        (
            "<ol><li>a<br>b</li></ol>",
            "1. a\n\n   b",
            r#"ol(1)[li[p["a"] p["b"]]]"#,
        ),
    ]);
}

#[test]
fn adjacent_lists_stay_apart() {
    check_structure(&[
        (
            "<ul><li>a</li></ul><ul><li>b</li></ul>",
            "- a\n\n+ b",
            r#"ul[li["a"]] ul[li["b"]]"#,
        ),
        (
            "<ol><li>a</li></ol><ol><li>b</li></ol>",
            "1. a\n\n1) b",
            r#"ol(1)[li["a"]] ol(1)[li["b"]]"#,
        ),
    ]);
}

#[test]
fn empty_items_and_lists_are_dropped() {
    check_structure(&[(
        "<ul><li> </li><li>a</li><li></li></ul><ol></ol>",
        "- a",
        r#"ul[li["a"]]"#,
    )]);
}

#[test]
fn stray_list_content() {
    check_structure(&[
        (
            "<ul>intro<li>a</li>tail</ul>",
            "intro\n\n- a\n\n  tail",
            r#"p["intro"] ul[li[p["a"] p["tail"]]]"#,
        ),
        (
            "<li>stray</li><li>two</li>",
            "- stray\n- two",
            r#"ul[li["stray"] li["two"]]"#,
        ),
        (
            "<ul><li>a</li><ul><li>b</li></ul></ul>",
            "- a\n  - b",
            r#"ul[li["a" ul[li["b"]]]]"#,
        ),
    ]);
}

#[test]
fn list_inside_emphasis_keeps_text() {
    check_structure(&[(
        "<b>T<ul><li>x</li></ul></b>",
        "**T**\n\n**x**",
        r#"p[strong["T"]] p[strong["x"]]"#,
    )]);
}

// Tables

#[test]
fn table_with_thead() {
    check_structure(&[(
        "<table><thead><tr><th>A</th><th>B</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>",
        "| A | B |\n| --- | --- |\n| 1 | 2 |",
        r#"table[head[cell["A"] cell["B"]] row[cell["1"] cell["2"]]]"#,
    )]);
}

#[test]
fn table_without_thead_uses_first_row() {
    check_structure(&[(
        "<table><tr><td>A</td><td>B</td></tr><tr><td>1</td><td>2</td></tr></table>",
        "| A | B |\n| --- | --- |\n| 1 | 2 |",
        r#"table[head[cell["A"] cell["B"]] row[cell["1"] cell["2"]]]"#,
    )]);
}

#[test]
fn table_cells_are_escaped_and_flattened() {
    check_structure(&[(
        "<table><tr><th>a|b</th><th><code>x|y</code></th></tr><tr><td><p>one</p><p>two<br>three</p></td><td><ul><li>i</li><li>j</li></ul></td></tr></table>",
        "| a\\|b | `x\\|y` |\n| --- | --- |\n| one two three | i j |",
        r#"table[head[cell["a|b"] cell[code("x|y")]] row[cell["one two three"] cell["i j"]]]"#,
    )]);
}

#[test]
fn ragged_table_is_padded() {
    check_structure(&[(
        "<table><tr><td>a</td></tr><tr><td>b</td><td>c</td></tr></table>",
        "| a | |\n| --- | --- |\n| b | c |",
        r#"table[head[cell["a"] cell[]] row[cell["b"] cell["c"]]]"#,
    )]);
}

#[test]
fn table_without_end_tags() {
    check_structure(&[(
        "<table><tr><th>A<th>B<tr><td>1<td>2</table>",
        "| A | B |\n| --- | --- |\n| 1 | 2 |",
        r#"table[head[cell["A"] cell["B"]] row[cell["1"] cell["2"]]]"#,
    )]);
}

#[test]
fn table_odd_parts() {
    check_structure(&[
        (
            "<table><caption>Cap</caption>stray<tr><td>a</td></tr></table>",
            "Cap\n\nstray\n\n| a |\n| --- |",
            r#"p["Cap"] p["stray"] table[head[cell["a"]]]"#,
        ),
        ("<table><tr><td> </td></tr></table>x", "x", r#"p["x"]"#),
        ("<td>a</td><td>b</td>", "a\n\nb", r#"p["a"] p["b"]"#),
    ]);
}

#[test]
fn table_in_list_item() {
    check_structure(&[(
        "<ul><li>x<table><tr><td>a</td></tr></table></li></ul>",
        "- x\n\n  | a |\n  | --- |",
        r#"ul[li[p["x"] table[head[cell["a"]]]]]"#,
    )]);
}

// Code and quotes

#[test]
fn preformatted_text() {
    check_structure(&[
        (
            "<pre>\n  fn main() {\n\n\n      x &lt; 1\n  }  \n</pre>after",
            "```text\n  fn main() {\n\n      x < 1\n  }\n```\n\nafter",
            r#"pre(text)["  fn main() {\n\n      x < 1\n  }\n"] p["after"]"#,
        ),
        (
            "<pre><code>a ``` b</code></pre>",
            "````text\na ``` b\n````",
            r#"pre(text)["a ``` b\n"]"#,
        ),
        ("<pre> \n </pre>", "", ""),
    ]);
}

#[test]
fn blockquote() {
    check_structure(&[(
        "<blockquote>q<p>r</p></blockquote>",
        "> q\n>\n> r",
        r#"quote[p["q"] p["r"]]"#,
    )]);
}
