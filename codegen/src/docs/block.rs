//! Stage 4, blocks → the lines of the doc comment: list markers and indentation, table rows,
//! fenced code, quote markers, and the blank lines between blocks.

use super::escape::{escape_line_start, longest_backtick_run, push_backticks};
use super::flow::{Block, Inline};
use super::inline::Line;

/// The Markdown of a description: lines without trailing spaces, blocks one blank line apart.
pub(super) fn render(blocks: &[Block<'_>]) -> String {
    let mut out = Out::default();
    out.blocks(blocks, false);
    out.text
}

/// The Markdown as it is written, line by line, into one string (rather than as lists of lines
/// that each list, quote and the description would copy again).
#[derive(Default)]
struct Out {
    text: String,
    /// Whether a blank line is due before the next line that is not blank: runs of blank lines
    /// are one, and there are none at either end.
    blank: bool,
    /// The lists and quotes the next line is in, outermost first.
    containers: Vec<Container>,
    /// The empty line due between two blocks, once the second has a line, with how many of
    /// `containers` it is in (those of the blocks, not of the second block's own lines).
    separator: Option<usize>,
    /// Lines written so far, to tell whether a block wrote any.
    lines: usize,
}

/// What a line is written in, and marked by.
enum Container {
    /// A block quote: `> ` before each line, and an empty line is `>`.
    Quote,
    /// A list item: its marker (`-`, `1.`) and a space before its first line, as many spaces
    /// before the others; an empty line stays empty.
    Item { marker: String, first: bool },
}

impl Out {
    fn blocks(&mut self, blocks: &[Block<'_>], in_item: bool) {
        let mut previous: Option<(&Block<'_>, bool)> = None;
        for block in blocks {
            let alternate = alternates(block, previous);
            // A sublist right under its item's text keeps the list tight, but only a list
            // starting at 1 may follow a paragraph line directly.
            let tight = in_item
                && matches!(previous, Some((Block::Para(_), _)))
                && matches!(block, Block::List { ordered, start, .. } if !ordered || *start == 1);
            let separated = previous.is_some() && !tight;
            if separated {
                self.separator = Some(self.containers.len());
            }
            let lines = self.lines;
            self.block(block, alternate);
            if self.lines > lines {
                previous = Some((block, alternate));
            } else if separated {
                // A block with no lines is as if it were not there. (A separator due from the
                // enclosing blocks, with `separated` false here, stays due for the next line.)
                self.separator = None;
            }
        }
    }

    fn block(&mut self, block: &Block<'_>, alternate: bool) {
        match block {
            Block::Para(inlines) => {
                let line = Line::render(inlines, false);
                if !line.is_empty() {
                    self.line(&escape_line_start(line));
                }
            }
            Block::List {
                ordered,
                start,
                items,
                ..
            } => self.list(*ordered, *start, items, alternate),
            Block::Table { head, body } => self.table(head, body),
            Block::Code(text) => self.code(text),
            Block::Quote(inner) => {
                self.containers.push(Container::Quote);
                self.blocks(inner, false);
                self.containers.pop();
            }
        }
    }

    fn list(&mut self, ordered: bool, start: u32, items: &[Vec<Block<'_>>], alternate: bool) {
        let mut number = start;
        for item in items {
            let marker = match (ordered, alternate) {
                (true, false) => format!("{number}."),
                (true, true) => format!("{number})"),
                (false, false) => "-".to_owned(),
                (false, true) => "+".to_owned(),
            };
            self.containers.push(Container::Item {
                marker,
                first: true,
            });
            let lines = self.lines;
            self.blocks(item, true);
            self.containers.pop();
            // An item with no lines takes no number.
            if self.lines > lines {
                number = number.saturating_add(1);
            }
        }
    }

    fn table(&mut self, head: &[Vec<Inline<'_>>], body: &[Vec<Vec<Inline<'_>>>]) {
        let width = body.iter().map(Vec::len).fold(head.len(), usize::max);
        let row = |cells: &[Vec<Inline<'_>>]| {
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
        self.line(&row(head));
        self.line(&format!("|{}", " --- |".repeat(width)));
        for cells in body {
            self.line(&row(cells));
        }
    }

    fn code(&mut self, text: &str) {
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
            return;
        }
        let mut fence = String::new();
        push_backticks(&mut fence, longest_backtick_run(&text).max(2) + 1);
        self.line(&format!("{fence}text"));
        for line in lines {
            self.line(line);
        }
        self.line(&fence);
    }

    /// Writes `content` as the next line, in every container.
    fn line(&mut self, content: &str) {
        if let Some(depth) = self.separator.take() {
            self.write_line("", depth);
        }
        self.write_line(content, self.containers.len());
    }

    /// Writes `content` as a line in the outermost `depth` containers, without trailing
    /// whitespace; a line left empty is a blank line.
    fn write_line(&mut self, content: &str, depth: usize) {
        self.lines += 1;
        let containers = &mut self.containers[..depth];
        // An empty line stays empty through list items, up to the innermost quote, where it
        // is `>`; the containers outside that quote mark it as any line.
        let (outer, content) = if content.is_empty() {
            match containers
                .iter()
                .rposition(|container| matches!(container, Container::Quote))
            {
                Some(quote) => (&mut containers[..quote], ">"),
                None => (&mut containers[..0], ""),
            }
        } else {
            (containers, content)
        };
        let mark = self.text.len();
        if self.blank {
            self.text.push_str("\n\n");
        } else if mark > 0 {
            self.text.push('\n');
        }
        let start = self.text.len();
        for container in outer {
            match container {
                Container::Quote => self.text.push_str("> "),
                Container::Item { marker, first } => {
                    if *first {
                        self.text.push_str(marker);
                        *first = false;
                    } else {
                        self.text.extend(std::iter::repeat_n(' ', marker.len()));
                    }
                    self.text.push(' ');
                }
            }
        }
        self.text.push_str(content);
        let kept = self.text[start..].trim_end().len();
        self.text.truncate(start + kept);
        if kept == 0 {
            self.text.truncate(mark);
            self.blank = mark > 0;
        } else {
            self.blank = false;
        }
    }
}

/// Whether `block` takes the other marker (`+`, `1)`): two lists of a kind in a row would merge
/// into one, and a different marker keeps them apart. `previous` is the block before, and
/// whether it took the other marker.
fn alternates(block: &Block<'_>, previous: Option<(&Block<'_>, bool)>) -> bool {
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
