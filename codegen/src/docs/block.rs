//! Stage 4, blocks → the lines of the doc comment: list markers and indentation, table rows,
//! fenced code, quote markers, and the blank lines between blocks.

use super::escape::{escape_line_start, longest_backtick_run};
use super::flow::{Block, Inline};
use super::inline::Line;

/// The Markdown of a description: lines without trailing spaces, blocks one blank line apart.
pub(super) fn render(blocks: &[Block]) -> String {
    tidy(&render_blocks(blocks, false))
}

fn render_blocks(blocks: &[Block], in_item: bool) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut previous: Option<(&Block, bool)> = None;
    for block in blocks {
        let alternate = alternates(block, previous);
        let lines = render_block(block, alternate);
        if lines.is_empty() {
            continue;
        }
        if !out.is_empty() {
            // A sublist right under its item's text keeps the list tight, but only a list
            // starting at 1 may follow a paragraph line directly.
            let tight = in_item
                && matches!(previous, Some((Block::Para(_), _)))
                && matches!(block, Block::List { ordered, start, .. } if !ordered || *start == 1);
            if !tight {
                out.push(String::new());
            }
        }
        out.extend(lines);
        previous = Some((block, alternate));
    }
    out
}

/// Whether `block` takes the other marker (`+`, `1)`): two lists of a kind in a row would merge
/// into one, and a different marker keeps them apart. `previous` is the block before, and
/// whether it took the other marker.
fn alternates(block: &Block, previous: Option<(&Block, bool)>) -> bool {
    match (block, previous) {
        (
            Block::List { ordered, .. },
            Some((
                Block::List {
                    ordered: previous_ordered,
                    ..
                },
                previous_alternate,
            )),
        ) => ordered == previous_ordered && !previous_alternate,
        _ => false,
    }
}

fn render_block(block: &Block, alternate: bool) -> Vec<String> {
    match block {
        Block::Para(inlines) => {
            let line = Line::render(inlines, false);
            if line.is_empty() {
                Vec::new()
            } else {
                vec![escape_line_start(line)]
            }
        }
        Block::List {
            ordered,
            start,
            items,
            ..
        } => render_list(*ordered, *start, items, alternate),
        Block::Table { head, body } => render_table(head, body),
        Block::Code(text) => render_code(text),
        Block::Quote(inner) => render_blocks(inner, false)
            .into_iter()
            .map(|line| {
                if line.is_empty() {
                    ">".to_owned()
                } else {
                    format!("> {line}")
                }
            })
            .collect(),
    }
}

fn render_list(ordered: bool, start: u32, items: &[Vec<Block>], alternate: bool) -> Vec<String> {
    let mut out = Vec::new();
    let mut number = start;
    for item in items {
        let body = render_blocks(item, true);
        let Some((first, rest)) = body.split_first() else {
            continue;
        };
        let marker = match (ordered, alternate) {
            (true, false) => format!("{number}."),
            (true, true) => format!("{number})"),
            (false, false) => "-".to_owned(),
            (false, true) => "+".to_owned(),
        };
        number = number.saturating_add(1);
        let indent = " ".repeat(marker.len() + 1);
        out.push(format!("{marker} {first}"));
        out.extend(rest.iter().map(|line| {
            if line.is_empty() {
                String::new()
            } else {
                format!("{indent}{line}")
            }
        }));
    }
    out
}

fn render_table(head: &[Vec<Inline>], body: &[Vec<Vec<Inline>>]) -> Vec<String> {
    let width = body.iter().map(Vec::len).fold(head.len(), usize::max);
    let row = |cells: &[Vec<Inline>]| {
        let mut line = String::from("|");
        for k in 0..width {
            let text = cells
                .get(k)
                .map(|cell| Line::render(cell, true))
                .unwrap_or_default();
            if !text.is_empty() {
                line.push(' ');
                line.push_str(&text);
            }
            line.push_str(" |");
        }
        line
    };
    let mut out = vec![row(head), format!("|{}", " --- |".repeat(width))];
    out.extend(body.iter().map(|cells| row(cells)));
    out
}

fn render_code(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut lines: Vec<&str> = Vec::new();
    for line in text.split('\n').map(str::trim_end) {
        // One empty line is enough, and keeps "no double blank lines" true everywhere.
        if !(line.is_empty() && lines.last().is_none_or(|l| l.is_empty())) {
            lines.push(line);
        }
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    if lines.is_empty() {
        return Vec::new();
    }
    let fence = "`".repeat(longest_backtick_run(&text).max(2) + 1);
    let mut out = vec![format!("{fence}text")];
    out.extend(lines.into_iter().map(str::to_owned));
    out.push(fence);
    out
}

fn tidy(lines: &[String]) -> String {
    let mut out = String::with_capacity(lines.iter().map(|line| line.len() + 2).sum());
    let mut blank = false;
    for line in lines {
        let line = line.trim_end();
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if blank {
            out.push_str("\n\n");
        } else if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
        blank = false;
    }
    out
}
