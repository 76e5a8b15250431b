use super::html_to_markdown;
use proptest::prelude::*;

#[track_caller]
fn check(input: &str, expected: &str) {
    assert_eq!(html_to_markdown(input), expected, "input: {input:?}");
}

// Paragraphs and whitespace

#[test]
fn empty_and_blank_input() {
    check("", "");
    check(" \n\t ", "");
    check("<p> </p><br><br>", "");
}

#[test]
fn whitespace_collapses() {
    check("  a \n\t b   c  ", "a b c");
    check("a&nbsp;&nbsp; b", "a b");
}

#[test]
fn double_br_is_a_paragraph_break() {
    check("one<br><br>two", "one\n\ntwo");
}

#[test]
fn single_br_is_a_paragraph_break() {
    check(
        "one<br>two<br/>three<BR />four</br>five",
        "one\n\ntwo\n\nthree\n\nfour\n\nfive",
    );
}

#[test]
fn br_runs_and_edges_leave_no_blank_runs() {
    check("<br>a<br><br><br><br>b<br>", "a\n\nb");
}

#[test]
fn paragraphs() {
    check("<p>one</p><p>two</p>", "one\n\ntwo");
    check("<p>one<p>two", "one\n\ntwo");
    check("before<div>inside</div>after", "before\n\ninside\n\nafter");
}

#[test]
fn headings_become_bold_paragraphs() {
    check("<h2>Overview</h2>Body text", "**Overview**\n\nBody text");
    check("<h1># Not a heading</h1>", "**# Not a heading**");
}

// Inline formatting

#[test]
fn strong_and_b() {
    check("a <strong>b</strong> <b>c</b>", "a **b** **c**");
}

#[test]
fn em_and_i() {
    check("a <em>b</em> <i>c</i>", "a *b* *c*");
}

#[test]
fn nested_emphasis() {
    check("<b><i>both</i></b>", "***both***");
    check("<b>bold <b>still</b></b>", "**bold still**");
    check("<b>x <i>y</i> z</b>", "**x *y* z**");
}

#[test]
fn emphasis_whitespace_moves_outside() {
    check("a<b> b </b>c", "a **b** c");
}

#[test]
fn empty_emphasis_disappears() {
    check("a <b> </b> <i class=\"fa fa-x\"></i>b", "a b");
}

#[test]
fn adjacent_emphasis_merges() {
    check("<b>a</b><b>b</b>", "**ab**");
}

#[test]
fn emphasis_that_would_not_parse_is_dropped() {
    check("<b>Note:</b>text", "Note:text");
    check("x<b>\"y\"</b>", "x\"y\"");
}

#[test]
fn emphasis_across_a_break_is_reopened() {
    check("<b>one<br>two</b>", "**one**\n\n**two**");
}

#[test]
fn code() {
    check(
        "use <code>call_method</code> here",
        "use `call_method` here",
    );
    check("<code>a < b *c* [d]</code>", "`a < b *c* [d]`");
}

#[test]
fn code_with_backticks() {
    check("<code>a`b</code>", "``a`b``");
    check("<code>`x`</code>", "`` `x` ``");
    check("<kbd>Ctrl</kbd>", "`Ctrl`");
}

#[test]
fn code_whitespace() {
    check("a<code> x  y </code>b", "a `x y` b");
    check("a <code>  </code> b", "a b");
}

// Links and URLs

#[test]
fn link() {
    check(
        r#"<a href="https://kb.revcent.com/en/tools/ai/voice-agents#filter-function" target="_blank">here</a>"#,
        "[here](https://kb.revcent.com/en/tools/ai/voice-agents#filter-function)",
    );
}

#[test]
fn link_with_text_equal_to_href_is_an_autolink() {
    check(
        r#"<a href="https://x.com/a">https://x.com/a</a>"#,
        "<https://x.com/a>",
    );
}

#[test]
fn link_without_text_is_an_autolink() {
    check(
        r#"<a href="https://x.com"><img src="a.png"></a>"#,
        "<https://x.com>",
    );
}

#[test]
fn link_with_formatting_and_spaces() {
    check(
        r#"see<a href="https://x.com"> the <b>docs</b> </a>now"#,
        "see [the **docs**](https://x.com) now",
    );
}

#[test]
fn link_destination_is_escaped() {
    check(
        r#"<a href=" https://x.com/a(b) c|d ">p</a>"#,
        "[p](https://x.com/a\\(b\\)%20c%7Cd)",
    );
    check(
        r#"<a href="https://a.com?x=1&amp;y=2&amp;copy;">q</a>"#,
        "[q](https://a.com?x=1&y=2\\&copy;)",
    );
}

#[test]
fn unusable_links_keep_their_text() {
    check(
        r##"<a href="/relative">rel</a> <a href="javascript:x()">js</a> <a name="x">anchor</a> <a href="#top">top</a>"##,
        "rel js anchor top",
    );
}

#[test]
fn mailto_link() {
    check(
        r#"<a href="mailto:help@revcent.com">help@revcent.com</a>"#,
        "[help@revcent.com](mailto:help@revcent.com)",
    );
    check(r#"<a href="mailto:a@b.co"></a>"#, "[a@b.co](mailto:a@b.co)");
}

#[test]
fn nested_link_is_flattened() {
    check(
        r#"<a href="https://a.com">x <a href="https://b.com">y</a></a>"#,
        "[x](https://a.com) [y](https://b.com)",
    );
}

#[test]
fn url_inside_link_text_is_not_linked_again() {
    check(
        r#"<a href="https://a.com/long">https://a.com</a>"#,
        "[https://a.com](https://a.com/long)",
    );
}

#[test]
fn bare_url() {
    check(
        "Read more at https://kb.revcent.com/en/revcent-account/events to understand",
        "Read more at <https://kb.revcent.com/en/revcent-account/events> to understand",
    );
}

#[test]
fn bare_url_trailing_punctuation() {
    check("at https://x.com/a.", "at <https://x.com/a>.");
    check("https://x.com/a, b", "<https://x.com/a>, b");
    check("(see https://x.com/a)", "(see <https://x.com/a>)");
    check(
        "https://x.com/a; https://x.com/b:",
        "<https://x.com/a>; <https://x.com/b>:",
    );
}

#[test]
fn bare_url_keeps_balanced_parentheses() {
    check(
        "https://en.wikipedia.org/wiki/A_(b)",
        "<https://en.wikipedia.org/wiki/A_(b)>",
    );
}

#[test]
fn bare_url_edge_cases() {
    check("HTTP://X.COM", "<HTTP://X.COM>");
    check("http:// and https://.", "http:// and https://.");
    check("<https://x.com/a>", "<https://x.com/a>");
    check("x=https://x.com/*_a_*", "x=<https://x.com/*_a>\\_\\*");
    check("https://x.com/{{id}}|y", "<https://x.com/{{id}}%7Cy>");
}

#[test]
fn bare_url_in_emphasis_and_table() {
    check("<b>https://x.com</b>", "**<https://x.com>**");
    check(
        "<table><tr><td>https://x.com/a|b</td></tr></table>",
        "| <https://x.com/a%7Cb> |\n| --- |",
    );
}

// Lists

#[test]
fn unordered_list() {
    check("<ul><li>a</li><li>b</li></ul>", "- a\n- b");
}

#[test]
fn ordered_list() {
    check("<ol><li>a</li><li>b</li></ol>", "1. a\n2. b");
    check("<ol start=\"9\"><li>a</li><li>b</li></ol>", "9. a\n10. b");
    check("<ol start=\"-3\"><li>a</li></ol>", "0. a");
    check("<ol start=\"99999999999\"><li>a</li></ol>", "999999998. a");
}

#[test]
fn nested_lists() {
    check(
        "<ul><li>a<ul><li>b<ol><li>c</li></ol></li></ul></li><li>d</li></ul>",
        "- a\n  - b\n    1. c\n- d",
    );
    check(
        "<ol><li>a<ol start=\"2\"><li>b</li></ol></li></ol>",
        "1. a\n\n   2. b",
    );
}

#[test]
fn list_items_without_end_tags() {
    check("<ul><li>a<li>b</ul>after", "- a\n- b\n\nafter");
}

#[test]
fn list_item_with_paragraphs() {
    check(
        "<ul><li><p>a</p><p>b</p></li><li>c</li></ul>",
        "- a\n\n  b\n- c",
    );
    check("<ol><li>a<br>b</li></ol>", "1. a\n\n   b");
}

#[test]
fn adjacent_lists_stay_apart() {
    check("<ul><li>a</li></ul><ul><li>b</li></ul>", "- a\n\n+ b");
    check("<ol><li>a</li></ol><ol><li>b</li></ol>", "1. a\n\n1) b");
}

#[test]
fn empty_items_and_lists_are_dropped() {
    check("<ul><li> </li><li>a</li><li></li></ul><ol></ol>", "- a");
}

#[test]
fn stray_list_content() {
    check("<ul>intro<li>a</li>tail</ul>", "intro\n\n- a\n\n  tail");
    check("<li>stray</li><li>two</li>", "- stray\n- two");
    check("<ul><li>a</li><ul><li>b</li></ul></ul>", "- a\n  - b");
}

#[test]
fn list_inside_emphasis_keeps_text() {
    check("<b>T<ul><li>x</li></ul></b>", "**T**\n\n**x**");
}

// Tables

#[test]
fn table_with_thead() {
    check(
        "<table><thead><tr><th>A</th><th>B</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>",
        "| A | B |\n| --- | --- |\n| 1 | 2 |",
    );
}

#[test]
fn table_without_thead_uses_first_row() {
    check(
        "<table><tr><td>A</td><td>B</td></tr><tr><td>1</td><td>2</td></tr></table>",
        "| A | B |\n| --- | --- |\n| 1 | 2 |",
    );
}

#[test]
fn table_cells_are_escaped_and_flattened() {
    check(
        "<table><tr><th>a|b</th><th><code>x|y</code></th></tr><tr><td><p>one</p><p>two<br>three</p></td><td><ul><li>i</li><li>j</li></ul></td></tr></table>",
        "| a\\|b | `x\\|y` |\n| --- | --- |\n| one two three | i j |",
    );
}

#[test]
fn ragged_table_is_padded() {
    check(
        "<table><tr><td>a</td></tr><tr><td>b</td><td>c</td></tr></table>",
        "| a | |\n| --- | --- |\n| b | c |",
    );
}

#[test]
fn table_without_end_tags() {
    check(
        "<table><tr><th>A<th>B<tr><td>1<td>2</table>",
        "| A | B |\n| --- | --- |\n| 1 | 2 |",
    );
}

#[test]
fn table_odd_parts() {
    check(
        "<table><caption>Cap</caption>stray<tr><td>a</td></tr></table>",
        "Cap\n\nstray\n\n| a |\n| --- |",
    );
    check("<table><tr><td> </td></tr></table>x", "x");
    check("<td>a</td><td>b</td>", "a\n\nb");
}

#[test]
fn table_in_list_item() {
    check(
        "<ul><li>x<table><tr><td>a</td></tr></table></li></ul>",
        "- x\n\n  | a |\n  | --- |",
    );
}

// Entities

#[test]
fn named_entities() {
    check(
        "&amp; &lt;b&gt; &quot;q&quot; &#39;s&#39; &apos;a&apos; x&nbsp;y &ndash; &copy;",
        "& \\<b> \"q\" 's' 'a' x y – ©",
    );
}

#[test]
fn numeric_entities() {
    check("&#65;&#x42;&#X43; &#150; &#x1F600;", "ABC – 😀");
}

#[test]
fn unknown_and_malformed_entities_stay_literal() {
    check(
        "&bogus; &amp &#; &#xZZ; &#0; &#xD800; &#99999999;",
        "\\&bogus; &amp \\&#; \\&#xZZ; \\&#0; \\&#xD800; \\&#99999999;",
    );
    check("AT&T and R&amp;D", "AT&T and R&D");
    check("&amp;copy;", "\\&copy;");
}

#[test]
fn entity_decoded_markup_is_text() {
    check(
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "\\<script>alert(1)\\</script>",
    );
}

// Text that is not HTML

#[test]
fn plain_text_passes_through() {
    check(
        "Set call_method = 'outbound' for {{customer.name}}. Default is 1.",
        "Set call_method = 'outbound' for {{customer.name}}. Default is 1.",
    );
}

#[test]
fn stray_asterisks_and_underscores() {
    check("gpt-realtime-*", "gpt-realtime-\\*");
    check(
        "_private_ and a_b and __init__ and x_",
        "\\_private\\_ and a_b and \\_\\_init\\_\\_ and x\\_",
    );
    check("2 * 3 * 4", "2 \\* 3 \\* 4");
}

#[test]
fn brackets_cannot_become_intra_doc_links() {
    check(
        "see [1] and items[0] and [Foo](Bar)",
        "see \\[1\\] and items\\[0\\] and \\[Foo\\](Bar)",
    );
}

#[test]
fn angle_brackets_in_text() {
    check("a < b > c", "a \\< b > c");
    check(
        "Vec<T> and <customer_id> and a<b",
        "Vec\\<T> and \\<customer_id> and a\\<b",
    );
    check("x << y", "x \\<\\< y");
}

#[test]
fn backticks_backslashes_and_tildes() {
    check(
        "`x` and C:\\path and ~~s~~",
        "\\`x\\` and C:\\\\path and \\~\\~s\\~\\~",
    );
}

#[test]
fn line_start_markers() {
    check("# title", "\\# title");
    check("#hashtag", "#hashtag");
    check("> quoted", "\\> quoted");
    check("- item", "\\- item");
    check("-1 is the default", "-1 is the default");
    check("+ item", "\\+ item");
    check("---", "\\---");
    check("1. first", "1\\. first");
    check("2) second", "2\\) second");
    check("1.5 seconds", "1.5 seconds");
    check("10.", "10\\.");
    check("a<br>- b<br>3. c<br># d", "a\n\n\\- b\n\n3\\. c\n\n\\# d");
}

#[test]
fn leading_indentation_is_not_a_code_block() {
    check("        indented\n\tcode", "indented code");
}

#[test]
fn control_characters_are_dropped() {
    check("a\u{0}b\u{7}c\u{1b}[0m", "abc\\[0m");
}

// Tags that are stripped or malformed

#[test]
fn unknown_tags_are_stripped_to_text() {
    check(
        "<span class=\"x\">a</span> <div>b</div><img src=\"i.png\" alt=\"pic\"> <font color=red>c</font>",
        "a\n\nb\n\nc",
    );
}

#[test]
fn script_and_style_content_is_dropped() {
    check(
        "a<script type=\"text/javascript\">var x = '<b>';</script>b",
        "ab",
    );
    check("a<style>p { color: red }</STYLE> b", "a b");
    check("Use the <script> tag", "Use the tag");
}

#[test]
fn comments_and_doctype_are_dropped() {
    check("<!DOCTYPE html><!-- note -->a<!---->b", "ab");
    check("a <!-- unterminated", "a \\<!-- unterminated");
}

#[test]
fn malformed_markup_becomes_text() {
    check(
        "<a href=\"https://x.com>here</a>",
        "\\<a href=\"<https://x.com>>here",
    );
    check("<b", "\\<b");
    check("< 5 and 3 >", "\\< 5 and 3 >");
    check("</ b> <> <!> <?php ?>", "\\</ b> \\<> \\<!> \\<?php ?>");
    check("x <b class='unterminated>y", "x \\<b class='unterminated>y");
}

#[test]
fn unclosed_and_misnested_tags() {
    // Closing together would need `*` and `**` in one delimiter run: the inner span goes.
    check("<b>bold <i>both</b> plain", "**bold both** plain");
    check("a</b></ul></table>b", "ab");
    check("<p><b>x</p>y", "**x**\n\ny");
}

#[test]
fn attributes_are_parsed_leniently() {
    check(
        "<a target=_blank data-x='a>b' href=https://x.com/a?b=c>x</a>",
        "[x](https://x.com/a?b=c)",
    );
    check("<a href = \"https://x.com\" / >x</a>", "[x](https://x.com)");
    check("<A HREF=\"https://x.com\">X</A>", "[X](https://x.com)");
}

#[test]
fn deep_nesting_does_not_overflow() {
    let input = format!("{}x{}", "<div><b>".repeat(5000), "</b></div>".repeat(5000));
    check(&input, "**x**");
    let input = "<ul><li>".repeat(3000) + "y";
    assert!(html_to_markdown(&input).ends_with("- y"));
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

#[test]
fn preformatted_text() {
    check(
        "<pre>\n  fn main() {\n\n\n      x &lt; 1\n  }  \n</pre>after",
        "```text\n  fn main() {\n\n      x < 1\n  }\n```\n\nafter",
    );
    check("<pre><code>a ``` b</code></pre>", "````text\na ``` b\n````");
    check("<pre> \n </pre>", "");
}

#[test]
fn blockquote() {
    check("<blockquote>q<p>r</p></blockquote>", "> q\n>\n> r");
}

// Real descriptions from the RevCent fragments

#[test]
fn real_trigger_ai_assistant() {
    check(
        "Trigger a specific AI Assistant using the AI Assistant ID and trigger path. Triggering an AI Assistant will generate a unique AI Thread that will run autonomously.<br><br>Note: You can only trigger an AI Assistant with a trigger setting of 'on_demand' using the API. If you do not know an AI Assistant's ID, get the list of AI Assistant's using the GetAIAssistants operation, then find the ID for the AI Assistant you wish to trigger. If you are providing a previous_thread_id do not provide the messages array. View markdown documentation at https://revcent.com/documentation/markdown/mcp/operation/TriggerAIAssistant.md for an in-depth overview of this operation.",
        "Trigger a specific AI Assistant using the AI Assistant ID and trigger path. Triggering an AI Assistant will generate a unique AI Thread that will run autonomously.\n\nNote: You can only trigger an AI Assistant with a trigger setting of 'on_demand' using the API. If you do not know an AI Assistant's ID, get the list of AI Assistant's using the GetAIAssistants operation, then find the ID for the AI Assistant you wish to trigger. If you are providing a previous_thread_id do not provide the messages array. View markdown documentation at <https://revcent.com/documentation/markdown/mcp/operation/TriggerAIAssistant.md> for an in-depth overview of this operation.",
    );
}

#[test]
fn real_voice_agent_instructions() {
    check(
        r#"The AI voice Agent instructions in markdown format. Agent instructions are generated for each call using the handlebars sytax, allowing for dynamic content based on the specific caller.<br><br>It is recommended to read more about creating the instructions markdown, including formatting, at <a href="https://kb.revcent.com/en/tools/ai/voice-agents#agent-instructions" target="_blank">https://kb.revcent.com/en/tools/ai/voice-agents#agent-instructions</a>.<br><br>Also, OpenAI has a section on conversation flow usage in instruction markdown at <a href="https://developers.openai.com/cookbook/examples/realtime_prompting_guide#conversation-flow" target="_blank">https://developers.openai.com/cookbook/examples/realtime_prompting_guide#conversation-flow</a>"#,
        "The AI voice Agent instructions in markdown format. Agent instructions are generated for each call using the handlebars sytax, allowing for dynamic content based on the specific caller.\n\nIt is recommended to read more about creating the instructions markdown, including formatting, at <https://kb.revcent.com/en/tools/ai/voice-agents#agent-instructions>.\n\nAlso, OpenAI has a section on conversation flow usage in instruction markdown at <https://developers.openai.com/cookbook/examples/realtime_prompting_guide#conversation-flow>",
    );
}

#[test]
fn real_filter_function() {
    check(
        r#"A filter function allows you to further refine whether or not the voice agent is triggered based on an account event details. ... Read more about using a filter function <a href="https://kb.revcent.com/en/tools/ai/voice-agents#filter-function" target="_blank">here</a>. To remove a filter function submit an empty string for this value."#,
        "A filter function allows you to further refine whether or not the voice agent is triggered based on an account event details. ... Read more about using a filter function [here](https://kb.revcent.com/en/tools/ai/voice-agents#filter-function). To remove a filter function submit an empty string for this value.",
    );
}

#[test]
fn real_max_runs_per_item() {
    check(
        "The maximum number of times the agent can be triggered for the same item. Read more at https://kb.revcent.com/en/tools/ai/voice-agents#max-runs-per-item",
        "The maximum number of times the agent can be triggered for the same item. Read more at <https://kb.revcent.com/en/tools/ai/voice-agents#max-runs-per-item>",
    );
}

#[test]
fn real_search_table() {
    check(
        r#"Search customers by term. Searchable fields:<br><table class="table table-bordered"><thead><tr><th>Field</th><th>Description</th></tr></thead><tbody><tr><td>email</td><td>The customer's email &amp; <strong>primary</strong> contact</td></tr><tr><td>first_name</td><td>First name</td></tr></tbody></table>"#,
        "Search customers by term. Searchable fields:\n\n| Field | Description |\n| --- | --- |\n| email | The customer's email & **primary** contact |\n| first_name | First name |",
    );
}

#[test]
fn real_status_list() {
    check(
        "Statuses:<ul><li><strong>active</strong> - running</li><li>suspended &ndash; paused</li></ul>",
        "Statuses:\n\n- **active** - running\n- suspended – paused",
    );
}

// Properties

/// Checks that every `<` is escaped, inside a code span, or opens an autolink, which is what
/// keeps rustdoc from seeing HTML.
fn assert_no_raw_html(markdown: &str) {
    let chars: Vec<char> = markdown.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 2,
            '`' => {
                let run = chars[i..].iter().take_while(|&&c| c == '`').count();
                let fence: String = "`".repeat(run);
                let rest: String = chars[i + run..].iter().collect();
                // A run without a closing run of the same length is literal backticks.
                let close = (0..rest.len())
                    .filter(|&k| rest.is_char_boundary(k))
                    .find(|&k| {
                        rest[k..].starts_with(&fence)
                            && !rest[k + run..].starts_with('`')
                            && (k == 0 || !rest[..k].ends_with('`'))
                    });
                i += run + close.map_or(0, |k| rest[..k].chars().count() + run);
            }
            '<' => {
                let rest: String = chars[i + 1..].iter().collect();
                let lower = rest.to_ascii_lowercase();
                assert!(
                    lower.starts_with("http://") || lower.starts_with("https://"),
                    "raw `<` in {markdown:?}"
                );
                let end = rest.find('>').expect("unterminated autolink");
                assert!(!rest[..end].contains(char::is_whitespace));
                i += 1 + rest[..=end].chars().count();
            }
            _ => i += 1,
        }
    }
}

fn assert_well_formed(markdown: &str) {
    assert_no_raw_html(markdown);
    assert!(
        !markdown.starts_with('\n') && !markdown.ends_with('\n'),
        "{markdown:?}"
    );
    assert!(!markdown.contains("\n\n\n"), "{markdown:?}");
    let mut in_code = false;
    for line in markdown.split('\n') {
        assert_eq!(line, line.trim_end(), "trailing whitespace in {markdown:?}");
        let content = line.trim_start_matches([' ', '-', '+', '>']);
        if content.starts_with("```") {
            in_code = !in_code;
        } else if !in_code {
            assert!(!content.starts_with('\t'), "{markdown:?}");
        }
    }
}

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
];

fn htmlish() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        prop::sample::select(TOKENS).prop_map(str::to_owned),
        "[a-z ]{1,6}",
    ];
    prop::collection::vec(token, 0..40).prop_map(|tokens| tokens.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_strings_never_panic(input in any::<String>()) {
        assert_well_formed(&html_to_markdown(&input));
    }

    #[test]
    fn html_token_soup_is_well_formed(input in htmlish()) {
        assert_well_formed(&html_to_markdown(&input));
    }

    /// Text without markup comes back unchanged once the escapes are read, whatever
    /// Markdown syntax it contains.
    #[test]
    fn plain_text_round_trips(input in "[a-z0-9 \n*_`\\\\\\[\\]#>+.|~!()'\":=&{}-]{0,60}") {
        let markdown = html_to_markdown(&input);
        prop_assert!(!markdown.contains('\n'));
        let mut unescaped = String::new();
        let mut chars = markdown.chars();
        while let Some(c) = chars.next() {
            unescaped.extend(if c == '\\' { chars.next() } else { Some(c) });
        }
        prop_assert_eq!(unescaped, input.split_whitespace().collect::<Vec<_>>().join(" "));
    }

    #[test]
    fn plain_words_survive_unchanged(words in prop::collection::vec("[A-Za-z0-9]{1,8}", 0..20)) {
        let input = words.join(" \n ");
        prop_assert_eq!(html_to_markdown(&input), words.join(" "));
    }
}
