//! The last pass over the finished docs: what connects items. Every type says which methods use
//! it, and an operationId mentioned in any doc (a description's "using the GetAIAssistants
//! operation", a role's "The request body of `EditAIVoiceAgent`") links to its method when the
//! client has one. Done once names are final, since a link is a Rust path.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;

use foldhash::fast::RandomState as FastHasher;

use crate::ir::{Api, TypeKind};

/// How many methods a type's docs name before "and N more": a type shared by hundreds of
/// operations would otherwise get a page of links.
const METHODS_NAMED: usize = 10;

/// Below this many types or operations a second thread costs more than it saves.
const ITEMS_PER_SHARE: usize = 128;

/// Adds "Used by" to every type and links operationIds throughout.
pub(super) fn connect(api: &mut Api) {
    let methods: Methods = api
        .operations
        .iter()
        .map(|operation| (operation.operation_id.clone(), operation.fn_name.clone()))
        .collect();
    let by_file: BTreeMap<&str, &str> = api
        .operations
        .iter()
        .map(|operation| (&*operation.location.file, operation.operation_id.as_str()))
        .collect();
    let link = |text: &mut String, own: Option<&str>| {
        if let Some(linked) = link_operation_ids(text, &methods, own) {
            *text = linked;
        }
    };
    // Each doc is linked on its own: the cores share the types, then the operations.
    crate::parallel::for_each_mut(&mut api.types, ITEMS_PER_SHARE, |definition| {
        let mut users: BTreeSet<&str> = definition
            .origins
            .iter()
            .filter_map(|origin| by_file.get(&*origin.file).copied())
            .collect();
        // Those its role already names ("The request body of `EditThing`") need no repeating.
        let before = users.len();
        if !users.is_empty() {
            // One pass over the docs, not one per user: a type shared by 20,000 operations
            // searched its docs 20,000 times (2 s of synthetic-20000 on one core).
            let in_code = code_spans(&definition.docs);
            users.retain(|id| {
                if id.contains('`') {
                    !names_in_code(&definition.docs, id)
                } else {
                    !in_code.contains(id)
                }
            });
        }
        let also = users.len() < before;
        if let Some(note) = used_by_note(&users, &methods, also) {
            definition.docs.push_str("\n\n");
            definition.docs.push_str(&note);
        }
        link(&mut definition.docs, None);
        match &mut definition.kind {
            TypeKind::Struct(structure) => {
                for field in &mut structure.fields {
                    link(&mut field.docs, None);
                }
            }
            TypeKind::Enum(enumeration) => {
                for variant in &mut enumeration.variants {
                    link(&mut variant.docs, None);
                }
            }
            TypeKind::OneOf(_) | TypeKind::Newtype(_) | TypeKind::ByStatus(_) => {}
        }
    });
    crate::parallel::for_each_mut(&mut api.operations, ITEMS_PER_SHARE, |operation| {
        link(&mut operation.docs, Some(&operation.operation_id));
        for param in &mut operation.params {
            link(&mut param.docs, None);
        }
    });
}

/// Every text between two backticks of `docs` with none between them: a name with no backtick
/// is one of them exactly when `docs` holds `` `name` `` ([`names_in_code`]).
fn code_spans(docs: &str) -> std::collections::HashSet<&str, FastHasher> {
    let mut spans = std::collections::HashSet::default();
    let mut parts = docs.split('`');
    // The text before the first backtick is between none; the last part after the last
    // backtick likewise, and `split` leaves it for last.
    parts.next();
    let mut parts = parts.peekable();
    while let Some(part) = parts.next() {
        if parts.peek().is_some() {
            spans.insert(part);
        }
    }
    spans
}

/// Whether `docs` holds `` `name` ``: found without writing that text out for every type's
/// every user.
fn names_in_code(docs: &str, name: &str) -> bool {
    let Some(first) = name.chars().next() else {
        return docs.contains("``");
    };
    // Every place `name` starts, overlapping ones included, as `contains` would find them.
    let mut from = 0;
    while let Some(found) = docs[from..].find(name) {
        let start = from + found;
        if docs[..start].ends_with('`') && docs[start + name.len()..].starts_with('`') {
            return true;
        }
        from = start + first.len_utf8();
    }
    false
}

/// "Used by [`A`](…) and [`B`](…)." for a type some operations use (the operationIds are
/// linked by the caller's pass).
fn used_by_note(users: &BTreeSet<&str>, methods: &Methods, also: bool) -> Option<String> {
    let used_by = if also { "Also used by" } else { "Used by" };
    let named: Vec<String> = users
        .iter()
        .filter(|id| methods.contains_key(**id))
        .map(|id| format!("`{id}`"))
        .collect();
    let (shown, more) = if named.len() > METHODS_NAMED {
        (&named[..METHODS_NAMED], named.len() - METHODS_NAMED)
    } else {
        (&named[..], 0)
    };
    let mut note = match shown {
        [] => return None,
        [one] => format!("{used_by} {one}"),
        [first @ .., last] if more == 0 => format!("{used_by} {} and {last}", first.join(", ")),
        all => format!("{used_by} {}", all.join(", ")),
    };
    if more > 0 {
        let _ = write!(note, " and {more} more operations");
    }
    note.push('.');
    Some(note)
}

/// The operationIds docs link, with the name of each one's method. Looked up for every word
/// that looks like a name, so hashed rather than ordered.
type Methods = HashMap<String, String, FastHasher>;

/// `markdown` with each operationId of `methods` (a whole word, or a whole code span) made a
/// link to its method, except `own`; `None` when there is none to link, which is most docs,
/// so that those are neither copied nor allocated again. Nothing inside links, autolinks,
/// longer code spans or code blocks changes.
fn link_operation_ids(markdown: &str, methods: &Methods, own: Option<&str>) -> Option<String> {
    let target = |word: &str| -> Option<&str> {
        if own == Some(word) {
            return None;
        }
        methods.get(word).map(String::as_str)
    };
    let mut linked = Linked {
        source: markdown,
        copied: 0,
        out: None,
    };
    let mut in_code_block = false;
    let mut line_start = 0;
    for line in markdown.split('\n') {
        let fence = line.trim_start().starts_with("```");
        in_code_block ^= fence;
        if !in_code_block && !fence {
            link_line(line, line_start, &target, &mut linked);
        }
        line_start += line.len() + 1;
    }
    linked.finish()
}

/// A doc being linked: its copy is started at the first link, and holds the doc up to
/// `copied` with the links made so far.
struct Linked<'a> {
    /// The doc as it was.
    source: &'a str,
    /// How much of `source` the copy has taken.
    copied: usize,
    /// The copy, once there is a link to make.
    out: Option<String>,
}

impl Linked<'_> {
    /// Replaces `source[start..end]`, which names the operationId `word`, with a link to
    /// `method`.
    fn link(&mut self, start: usize, end: usize, word: &str, method: &str) {
        let out = self
            .out
            .get_or_insert_with(|| String::with_capacity(self.source.len() + LINK_ROOM));
        out.push_str(&self.source[self.copied..start]);
        for part in ["[`", word, "`](crate::Client::", method, ")"] {
            out.push_str(part);
        }
        self.copied = end;
    }

    /// The linked doc, if any link was made.
    fn finish(self) -> Option<String> {
        let mut out = self.out?;
        out.push_str(&self.source[self.copied..]);
        Some(out)
    }
}

/// Room for a few links beyond the doc's length, so that a linked copy is seldom grown.
const LINK_ROOM: usize = 128;

/// What a byte is to [`link_line`], by value: a table, since every byte of every doc passes
/// the test.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Nothing to look at: copied.
    Plain,
    /// A letter or digit or `_`, which words are made of; `true` for one that, after a word's
    /// first byte, makes it surely a name rather than prose: `GetThing`, `get_thing`,
    /// `listV1Pods` are; `ping` or `Search`, which an API may use as operationIds, may just be
    /// words (in code font they are linked all the same).
    Word(bool),
    /// `\\`, `` ` ``, `<` or `[`.
    Mark,
}

/// Each byte's [`Class`].
const CLASSES: [Class; 256] = {
    let mut table = [Class::Plain; 256];
    let mut b: u8 = 0;
    loop {
        table[b as usize] = if b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_' {
            Class::Word(true)
        } else if b.is_ascii_lowercase() {
            Class::Word(false)
        } else if matches!(b, b'\\' | b'`' | b'<' | b'[') {
            Class::Mark
        } else {
            Class::Plain
        };
        if b == u8::MAX {
            break;
        }
        b += 1;
    }
    table
};

/// Links the operationIds `target` knows in `line`, which starts at `line_start` of the doc.
/// Scanned by bytes: every byte that starts something here is ASCII, and no byte of a
/// multi-byte character is.
fn link_line<'a>(
    line: &str,
    line_start: usize,
    target: &impl Fn(&str) -> Option<&'a str>,
    linked: &mut Linked<'_>,
) {
    let bytes = line.as_bytes();
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        match CLASSES[usize::from(byte)] {
            Class::Plain => at += 1,
            Class::Word(_) => {
                let start = at;
                let mut name_like = false;
                at += 1;
                while let Some(&next) = bytes.get(at) {
                    match CLASSES[usize::from(next)] {
                        Class::Word(unlike) => name_like |= unlike,
                        Class::Plain | Class::Mark => break,
                    }
                    at += 1;
                }
                // Most words are prose: the cheap test first.
                let word = &line[start..at];
                if name_like && let Some(method) = target(word) {
                    linked.link(line_start + start, line_start + at, word, method);
                }
            }
            Class::Mark => at += mark(line, line_start, at, target, linked),
        }
    }
}

/// How many bytes the construct starting at `at` (`\\`, a code span, `<…>` or a link) takes,
/// with a code span that names an operationId linked.
fn mark<'a>(
    line: &str,
    line_start: usize,
    at: usize,
    target: &impl Fn(&str) -> Option<&'a str>,
    linked: &mut Linked<'_>,
) -> usize {
    let rest = &line[at..];
    match rest.as_bytes().first() {
        Some(b'\\') => rest[1..]
            .chars()
            .next()
            .map_or(1, |next| 1 + next.len_utf8()),
        Some(b'`') => {
            let ticks = rest.len() - rest.trim_start_matches('`').len();
            let fence = &rest[..ticks];
            match rest[ticks..].find(fence) {
                Some(end) => {
                    let content = &rest[ticks..ticks + end];
                    let length = 2 * ticks + end;
                    if let Some(method) = target(content) {
                        let start = line_start + at;
                        linked.link(start, start + length, content, method);
                    }
                    length
                }
                None => ticks,
            }
        }
        Some(b'<') => rest.find('>').map_or(1, |end| end + 1),
        // Link text and its destination are copied whole: links do not nest. So is the
        // text of a shortcut link (`[`Type::field`]`), which rustdoc resolves itself.
        Some(b'[') => rest
            .find("](")
            .and_then(|middle| rest[middle..].find(')').map(|end| middle + end + 1))
            .or_else(|| rest.find(']').map(|end| end + 1))
            .unwrap_or(1),
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::{Methods, used_by_note};

    /// The doc linked, or as it was when there is nothing to link.
    fn link_operation_ids(markdown: &str, methods: &Methods, own: Option<&str>) -> String {
        let linked = super::link_operation_ids(markdown, methods, own);
        assert_ne!(
            linked.as_deref(),
            Some(markdown),
            "an unchanged doc is not copied"
        );
        linked.unwrap_or_else(|| markdown.to_owned())
    }

    fn methods() -> Methods {
        [
            ("GetThing", "get_thing"),
            ("EditThing", "edit_thing"),
            ("ping", "ping"),
        ]
        .into_iter()
        .map(|(id, name)| (id.to_owned(), name.to_owned()))
        .collect()
    }

    #[test]
    fn a_name_in_code_is_found_only_between_backticks() {
        use super::{code_spans, names_in_code};
        for docs in [
            "The request body of `EditThing`.",
            "`EditThing`",
            "The request body of EditThing.",
            "`EditThings` and `AnEditThing`",
            "`EditThings` and `EditThing`",
            "",
            "`",
            "``",
            "a `b` c `d",
            "`aa` and `aaa`",
        ] {
            let spans = code_spans(docs);
            for name in [
                "EditThing",
                "EditThings",
                "aa",
                "b",
                "d",
                " and ",
                " c ",
                "",
            ] {
                assert_eq!(
                    spans.contains(name),
                    names_in_code(docs, name),
                    "{docs:?} {name:?}"
                );
            }
        }
        assert!(names_in_code(
            "The request body of `EditThing`.",
            "EditThing"
        ));
        assert!(names_in_code("`EditThing`", "EditThing"));
        assert!(!names_in_code(
            "The request body of EditThing.",
            "EditThing"
        ));
        assert!(!names_in_code(
            "`EditThings` and `AnEditThing`",
            "EditThing"
        ));
        assert!(names_in_code("`EditThings` and `EditThing`", "EditThing"));
        assert!(!names_in_code("", "EditThing"));
        assert!(names_in_code("`aa`", "aa") && !names_in_code("`aaa`", "aa"));
        assert!(names_in_code("``", "") && !names_in_code("`", ""));
    }

    #[test]
    fn links_words_and_code_spans() {
        let methods = methods();
        assert_eq!(
            link_operation_ids(
                "Use the GetThing operation, then `EditThing`.",
                &methods,
                None
            ),
            "Use the [`GetThing`](crate::Client::get_thing) operation, then \
             [`EditThing`](crate::Client::edit_thing)."
        );
        // Not part of a longer word, a longer span, a link or a code block, nor its own.
        for text in [
            "GetThings and xGetThing",
            "`GetThing()`",
            "[GetThing](https://x.test/GetThing)",
            "Found in [`GetThing`] and [`EditThing::ping`].",
            "<https://x.test/GetThing>",
            "```text\nGetThing\n```",
            "\\`GetThing",
        ] {
            let linked = link_operation_ids(text, &methods, None);
            if text.starts_with('\\') {
                assert_eq!(linked, "\\`[`GetThing`](crate::Client::get_thing)");
            } else {
                assert_eq!(linked, text);
            }
        }
        assert_eq!(
            link_operation_ids("A ping, or `ping`.", &methods, None),
            "A ping, or [`ping`](crate::Client::ping)."
        );
        assert_eq!(
            link_operation_ids("(operation `EditThing`)", &methods, Some("EditThing")),
            "(operation `EditThing`)"
        );
    }

    /// The scan goes by bytes: characters of several bytes, next to or inside what it looks
    /// for, are copied as they are and part nothing.
    #[test]
    fn links_among_wide_characters() {
        let methods = methods();
        assert_eq!(
            link_operation_ids(
                "Ünïcode — GetThing, «`EditThing`» é\\€ [é](ü) <ö>",
                &methods,
                None
            ),
            "Ünïcode — [`GetThing`](crate::Client::get_thing), \
             «[`EditThing`](crate::Client::edit_thing)» é\\€ [é](ü) <ö>"
        );
        for text in [
            "éGetThing",
            "GetThingé",
            "`GetThing€`",
            "日本語\\",
            "\\",
            "``",
            "[",
            "<",
        ] {
            let linked = link_operation_ids(text, &methods, None);
            let expected = if text == "éGetThing" {
                "é[`GetThing`](crate::Client::get_thing)"
            } else if text == "GetThingé" {
                "[`GetThing`](crate::Client::get_thing)é"
            } else {
                text
            };
            assert_eq!(linked, expected, "{text}");
        }
    }

    #[test]
    fn used_by_names_at_most_ten() {
        let methods: Methods = (0..12)
            .map(|index| (format!("Op{index:02}"), format!("op_{index:02}")))
            .collect();
        let users: BTreeSet<&str> = methods.keys().map(String::as_str).collect();
        let note = used_by_note(&users, &methods, false).unwrap_or_default();
        assert!(note.starts_with("Used by `Op00`, `Op01`"), "{note}");
        assert!(note.ends_with("`Op09` and 2 more operations."), "{note}");
        let two: BTreeSet<&str> = ["Op01", "Op03"].into();
        assert_eq!(
            used_by_note(&two, &methods, true).as_deref(),
            Some("Also used by `Op01` and `Op03`.")
        );
        assert_eq!(used_by_note(&BTreeSet::new(), &methods, false), None);
    }
}
