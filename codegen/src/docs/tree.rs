//! Stage 2: tokens → element tree, with the end tags HTML lets authors leave out (`<li>`, `<p>`,
//! `<td>` …) closed where a browser would close them.

use std::borrow::Cow;

use super::token::Token;

/// Deeper nesting than this is flattened, so hostile input cannot overflow the stack.
const MAX_DEPTH: usize = 48;

/// Text borrows from the description where it can (see [`Token`]).
pub(super) enum Node<'a> {
    Text(Cow<'a, str>),
    Elem(Elem<'a>),
}

pub(super) struct Elem<'a> {
    pub(super) name: &'static str,
    /// `href` of `a`, `start` of `ol`; nothing else matters for Markdown.
    pub(super) attr: Option<String>,
    pub(super) children: Vec<Node<'a>>,
}

#[rustfmt::skip]
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Elements whose start tag implicitly closes an open `<p>`, as in HTML.
#[rustfmt::skip]
const CLOSES_PARAGRAPH: &[&str] = &[
    "address", "article", "aside", "blockquote", "center", "dd", "details", "dialog", "dir", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hgroup", "hr", "li", "main", "menu", "nav", "ol", "p", "pre", "section",
    "summary", "table", "ul",
];

/// Block elements that do not close a `<p>` (they only occur in their own contexts).
#[rustfmt::skip]
const OTHER_BLOCKS: &[&str] = &[
    "body", "caption", "head", "html", "legend", "option", "optgroup", "tbody", "td", "tfoot", "th",
    "thead", "title", "tr",
];

fn is_void(name: &str) -> bool {
    VOID.contains(&name)
}

/// Elements that start a new block: they end the current paragraph.
pub(super) fn is_block(name: &str) -> bool {
    closes_paragraph(name) || OTHER_BLOCKS.contains(&name)
}

fn closes_paragraph(name: &str) -> bool {
    CLOSES_PARAGRAPH.contains(&name)
}

/// The top-level nodes of `tokens`. End tags without a matching open element are ignored, and
/// whatever is still open at the end is closed there.
pub(super) fn build(tokens: Vec<Token<'_>>) -> Vec<Node<'_>> {
    let mut root = Vec::new();
    let mut stack: Vec<Elem<'_>> = Vec::new();
    for token in tokens {
        match token {
            Token::Text(text) => {
                let children = children_of(&mut stack, &mut root);
                if let Some(Node::Text(previous)) = children.last_mut() {
                    previous.to_mut().push_str(&text);
                } else {
                    children.push(Node::Text(text));
                }
            }
            Token::Start { name, attr } => {
                if is_void(name) {
                    children_of(&mut stack, &mut root).push(Node::Elem(Elem {
                        name,
                        attr: None,
                        children: Vec::new(),
                    }));
                    continue;
                }
                close_implied(&mut stack, &mut root, name);
                if stack.len() < MAX_DEPTH {
                    stack.push(Elem {
                        name,
                        attr,
                        children: Vec::new(),
                    });
                }
            }
            Token::End(name) => {
                if name == "br" {
                    // Browsers read `</br>` as `<br>`.
                    children_of(&mut stack, &mut root).push(Node::Elem(Elem {
                        name,
                        attr: None,
                        children: Vec::new(),
                    }));
                } else if let Some(at) = stack.iter().rposition(|e| e.name == name) {
                    pop_to(&mut stack, &mut root, at);
                }
            }
        }
    }
    pop_to(&mut stack, &mut root, 0);
    root
}

fn children_of<'s, 'a>(
    stack: &'s mut [Elem<'a>],
    root: &'s mut Vec<Node<'a>>,
) -> &'s mut Vec<Node<'a>> {
    match stack.last_mut() {
        Some(elem) => &mut elem.children,
        None => root,
    }
}

/// Closes open elements until only `len` remain.
fn pop_to<'a>(stack: &mut Vec<Elem<'a>>, root: &mut Vec<Node<'a>>, len: usize) {
    while stack.len() > len {
        let Some(elem) = stack.pop() else { break };
        children_of(stack, root).push(Node::Elem(elem));
    }
}

/// The end tags HTML lets authors omit: a new `<li>` ends the previous one, and so on.
fn close_implied<'a>(stack: &mut Vec<Elem<'a>>, root: &mut Vec<Node<'a>>, name: &str) {
    let (targets, bounds): (&[&str], &[&str]) = match name {
        "li" => (&["li"], &["ul", "ol", "menu", "dir", "table"]),
        "dt" | "dd" => (&["dt", "dd"], &["dl", "table"]),
        "tr" => (&["tr"], &["table"]),
        "td" | "th" => (&["td", "th"], &["tr", "table"]),
        "thead" | "tbody" | "tfoot" => (&["thead", "tbody", "tfoot"], &["table"]),
        "a" => (&["a"], &["table"]),
        "option" => (&["option"], &["select"]),
        _ => (&[], &[]),
    };
    close_nearest(stack, root, targets, bounds);
    if closes_paragraph(name) {
        close_nearest(
            stack,
            root,
            &["p"],
            &["td", "th", "table", "caption", "button"],
        );
    }
}

fn close_nearest<'a>(
    stack: &mut Vec<Elem<'a>>,
    root: &mut Vec<Node<'a>>,
    targets: &[&str],
    bounds: &[&str],
) {
    for at in (0..stack.len()).rev() {
        let name = stack[at].name;
        if targets.contains(&name) {
            pop_to(stack, root, at);
            return;
        }
        if bounds.contains(&name) {
            return;
        }
    }
}
