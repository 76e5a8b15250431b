//! Stage 3: element tree → Markdown's blocks of inline content. HTML nests freely; Markdown
//! cannot put a list in bold text or a table in a table cell, so such content is flattened here,
//! keeping its text.

use super::tree::{Elem, Node, is_block};

/// Inline content, before any escaping. Its text borrows from the tree.
pub(super) enum Inline<'t> {
    Text(&'t str),
    /// A `<br>` or block boundary: a paragraph break, or a space where paragraphs cannot be
    /// (table cells, link text).
    Break,
    Strong(Vec<Inline<'t>>),
    Emph(Vec<Inline<'t>>),
    Code(String),
    /// A validated absolute URL and the link text.
    Link(&'t str, Vec<Inline<'t>>),
}

pub(super) enum Block<'t> {
    Para(Vec<Inline<'t>>),
    List {
        ordered: bool,
        start: u32,
        items: Vec<Vec<Block<'t>>>,
        /// Made of `<li>`s found outside any list; consecutive ones join it.
        implicit: bool,
    },
    Table {
        head: Vec<Vec<Inline<'t>>>,
        body: Vec<Vec<Vec<Inline<'t>>>>,
    },
    /// The text of a `<pre>`, its whitespace kept.
    Code(String),
    Quote(Vec<Block<'t>>),
}

/// The blocks of flow content: a whole description, a list item, a quotation.
pub(super) fn blocks<'t>(nodes: &'t [Node<'_>]) -> Vec<Block<'t>> {
    let mut flow = Flow::default();
    flow.nodes(nodes);
    flow.finish()
}

/// Collects blocks from flow content, gathering loose inline content into paragraphs.
#[derive(Default)]
struct Flow<'t> {
    blocks: Vec<Block<'t>>,
    pending: Vec<Inline<'t>>,
}

impl<'t> Flow<'t> {
    fn finish(mut self) -> Vec<Block<'t>> {
        self.flush();
        self.blocks
    }

    fn flush(&mut self) {
        for part in split_breaks(std::mem::take(&mut self.pending)) {
            if has_content(&part) {
                self.blocks.push(Block::Para(part));
            }
        }
    }

    fn nodes(&mut self, nodes: &'t [Node<'_>]) {
        for node in nodes {
            self.node(node);
        }
    }

    fn node(&mut self, node: &'t Node<'_>) {
        match node {
            Node::Text(text) => self.pending.push(Inline::Text(text)),
            Node::Elem(elem) if is_block(elem.name) => {
                self.flush();
                self.block(elem);
                self.flush();
            }
            Node::Elem(elem) if is_formatting(elem.name) => inline_elem(elem, &mut self.pending),
            // Unknown and presentational elements are transparent: their blocks stay blocks.
            Node::Elem(elem) => self.nodes(&elem.children),
        }
    }

    fn block(&mut self, elem: &'t Elem<'_>) {
        match elem.name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => self.heading(elem),
            "ul" | "ol" | "menu" | "dir" => self.list(elem),
            "li" => self.stray_item(elem),
            "table" => self.table(elem),
            "pre" => {
                let mut text = String::new();
                text_content(&elem.children, &mut text, '\n');
                self.blocks.push(Block::Code(text));
            }
            "blockquote" => {
                let inner = blocks(&elem.children);
                if !inner.is_empty() {
                    self.blocks.push(Block::Quote(inner));
                }
            }
            "hr" => {}
            _ => self.nodes(&elem.children),
        }
    }

    /// A heading becomes a bold paragraph (one per line it has): these docs sit under generated
    /// items, whose own headings it would outrank.
    fn heading(&mut self, elem: &'t Elem<'_>) {
        for part in split_breaks(collect_inlines(&elem.children)) {
            if has_content(&part) {
                self.blocks.push(Block::Para(vec![Inline::Strong(part)]));
            }
        }
    }

    /// An `<li>` outside any list starts one, which the `<li>`s right after it join.
    fn stray_item(&mut self, elem: &'t Elem<'_>) {
        let item = blocks(&elem.children);
        if item.is_empty() {
            return;
        }
        if let Some(Block::List {
            implicit: true,
            items,
            ..
        }) = self.blocks.last_mut()
        {
            items.push(item);
        } else {
            self.blocks.push(Block::List {
                ordered: false,
                start: 1,
                items: vec![item],
                implicit: true,
            });
        }
    }

    fn list(&mut self, elem: &'t Elem<'_>) {
        let mut items = Vec::new();
        let mut current: Option<Flow> = None;
        for child in &elem.children {
            match child {
                Node::Elem(li) if li.name == "li" => {
                    items.extend(current.take().map(Flow::finish));
                    let mut item = Flow::default();
                    item.nodes(&li.children);
                    current = Some(item);
                }
                // Stray content joins the item before it, or precedes the list.
                _ => match current.as_mut() {
                    Some(item) => {
                        item.pending.push(Inline::Break);
                        item.node(child);
                    }
                    None => self.node(child),
                },
            }
        }
        items.extend(current.map(Flow::finish));
        items.retain(|item| !item.is_empty());
        self.flush();
        if items.is_empty() {
            return;
        }
        let ordered = elem.name == "ol";
        let start = if ordered {
            list_start(elem.attr.as_deref(), items.len())
        } else {
            1
        };
        self.blocks.push(Block::List {
            ordered,
            start,
            items,
            implicit: false,
        });
    }

    fn table(&mut self, elem: &'t Elem<'_>) {
        let mut rows = Rows::default();
        self.table_part(&elem.children, false, &mut rows);
        // Content outside cells was fostered into `pending`: like browsers, show it first.
        self.flush();
        let mut rows: Vec<(bool, Vec<Vec<Inline<'t>>>)> = rows
            .rows
            .into_iter()
            .filter(|(_, cells)| !cells.is_empty())
            .collect();
        if !rows
            .iter()
            .any(|(_, cells)| cells.iter().any(|c| has_content(c)))
        {
            return;
        }
        let head_at = rows.iter().position(|(head, _)| *head).unwrap_or(0);
        let head = rows.remove(head_at).1;
        let body = rows.into_iter().map(|(_, cells)| cells).collect();
        self.blocks.push(Block::Table { head, body });
    }

    fn table_part(&mut self, nodes: &'t [Node<'_>], in_head: bool, rows: &mut Rows<'t>) {
        for node in nodes {
            let Node::Elem(elem) = node else {
                self.node(node);
                continue;
            };
            match elem.name {
                "thead" | "tbody" | "tfoot" => {
                    rows.open = false;
                    self.table_part(&elem.children, elem.name == "thead", rows);
                    rows.open = false;
                }
                "tr" => self.table_row(elem, in_head, rows),
                "td" | "th" => rows.cell(in_head, collect_inlines(&elem.children)),
                "caption" => {
                    rows.open = false;
                    inlines(&elem.children, &mut self.pending);
                    self.pending.push(Inline::Break);
                }
                "colgroup" | "col" => {}
                _ => self.node(node),
            }
        }
    }

    /// Content of a row that is not a cell is fostered out of the table, as browsers do.
    fn table_row(&mut self, row: &'t Elem<'_>, in_head: bool, rows: &mut Rows<'t>) {
        rows.new_row(in_head);
        for child in &row.children {
            match child {
                Node::Elem(cell) if matches!(cell.name, "td" | "th") => {
                    rows.cell(in_head, collect_inlines(&cell.children));
                }
                _ => self.node(child),
            }
        }
        rows.open = false;
    }
}

#[derive(Default)]
struct Rows<'t> {
    /// Each row, marked when it came from `<thead>`.
    rows: Vec<(bool, Vec<Vec<Inline<'t>>>)>,
    /// Whether a cell outside any `<tr>` may join the last row.
    open: bool,
}

impl<'t> Rows<'t> {
    fn new_row(&mut self, head: bool) {
        self.rows.push((head, Vec::new()));
        self.open = true;
    }

    fn cell(&mut self, head: bool, cell: Vec<Inline<'t>>) {
        if !self.open {
            self.new_row(head);
        }
        if let Some((_, cells)) = self.rows.last_mut() {
            cells.push(cell);
        }
    }
}

fn list_start(attr: Option<&str>, items: usize) -> u32 {
    // Markdown reads at most nine digits as a list number.
    let last_allowed = 999_999_999_i64 - i64::try_from(items).unwrap_or(i64::MAX / 2);
    let start = attr
        .and_then(|value| value.trim().parse::<i64>().ok())
        .unwrap_or(1)
        .clamp(0, last_allowed.max(0));
    u32::try_from(start).unwrap_or(1)
}

/// Elements converted as inline formatting; other non-block elements are transparent.
fn is_formatting(name: &str) -> bool {
    matches!(
        name,
        "a" | "b" | "br" | "code" | "em" | "i" | "kbd" | "samp" | "strong" | "tt"
    )
}

fn collect_inlines<'t>(nodes: &'t [Node<'_>]) -> Vec<Inline<'t>> {
    let mut out = Vec::new();
    inlines(nodes, &mut out);
    out
}

fn inlines<'t>(nodes: &'t [Node<'_>], out: &mut Vec<Inline<'t>>) {
    for node in nodes {
        match node {
            Node::Text(text) => out.push(Inline::Text(text)),
            Node::Elem(elem) => inline_elem(elem, out),
        }
    }
}

/// Converts an element met in inline context. Blocks nested in inline content (a list inside
/// `<b>`, a table inside a cell) cannot be expressed in Markdown: they keep their text, set off
/// by paragraph breaks, or spaces between cells.
fn inline_elem<'t>(elem: &'t Elem<'_>, out: &mut Vec<Inline<'t>>) {
    match elem.name {
        "br" | "hr" => out.push(Inline::Break),
        "strong" | "b" => out.push(Inline::Strong(collect_inlines(&elem.children))),
        "em" | "i" => out.push(Inline::Emph(collect_inlines(&elem.children))),
        "code" | "kbd" | "samp" | "tt" => {
            let mut code = String::new();
            text_content(&elem.children, &mut code, ' ');
            out.push(Inline::Code(code));
        }
        "a" => match elem.attr.as_deref().and_then(link_target) {
            Some(href) => out.push(Inline::Link(href, collect_inlines(&elem.children))),
            None => inlines(&elem.children, out),
        },
        "td" | "th" => {
            out.push(Inline::Text(" "));
            inlines(&elem.children, out);
            out.push(Inline::Text(" "));
        }
        name if is_block(name) => {
            out.push(Inline::Break);
            inlines(&elem.children, out);
            out.push(Inline::Break);
        }
        _ => inlines(&elem.children, out),
    }
}

/// The text of `nodes`, with `<br>` and block boundaries as `separator`.
fn text_content(nodes: &[Node<'_>], out: &mut String, separator: char) {
    for node in nodes {
        match node {
            Node::Text(text) => out.push_str(text),
            Node::Elem(elem) if elem.name == "br" => out.push(separator),
            Node::Elem(elem) if is_block(elem.name) => {
                out.push(separator);
                text_content(&elem.children, out, separator);
                out.push(separator);
            }
            Node::Elem(elem) => text_content(&elem.children, out, separator),
        }
    }
}

/// Keeps only links that mean something on docs.rs; a relative one could even be taken for an
/// intra-doc link.
fn link_target(href: &str) -> Option<&str> {
    let href = href.trim();
    let valid = ["http://", "https://", "mailto:"].iter().any(|scheme| {
        href.len() > scheme.len()
            && href.as_bytes()[..scheme.len()].eq_ignore_ascii_case(scheme.as_bytes())
    });
    valid.then_some(href)
}

/// Splits inline content at breaks, re-opening emphasis on both sides.
fn split_breaks<'t>(inlines: Vec<Inline<'t>>) -> Vec<Vec<Inline<'t>>> {
    let mut parts = vec![Vec::new()];
    for inline in inlines {
        let (wrap, children): (fn(Vec<Inline<'t>>) -> Inline<'t>, _) = match inline {
            Inline::Break => {
                parts.push(Vec::new());
                continue;
            }
            Inline::Strong(children) => (Inline::Strong, children),
            Inline::Emph(children) => (Inline::Emph, children),
            other => {
                if let Some(last) = parts.last_mut() {
                    last.push(other);
                }
                continue;
            }
        };
        for (k, sub) in split_breaks(children).into_iter().enumerate() {
            if k > 0 {
                parts.push(Vec::new());
            }
            if let Some(last) = parts.last_mut() {
                last.push(wrap(sub));
            }
        }
    }
    parts
}

fn has_content(inlines: &[Inline<'_>]) -> bool {
    inlines.iter().any(|inline| match inline {
        Inline::Text(text) => !text.trim().is_empty(),
        Inline::Code(code) => !code.trim().is_empty(),
        Inline::Break => false,
        Inline::Strong(children) | Inline::Emph(children) => has_content(children),
        Inline::Link(..) => true,
    })
}
