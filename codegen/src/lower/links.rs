//! The last pass over the finished docs: what connects items. Every type says which methods use
//! it, and an operationId mentioned in any doc (a description's "using the GetAIAssistants
//! operation", a role's "The request body of `EditAIVoiceAgent`") links to its method when the
//! client has one. Done once names are final, since a link is a Rust path.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use crate::ir::{Api, TypeKind};

/// How many methods a type's docs name before "and N more": a type shared by hundreds of
/// operations would otherwise get a page of links.
const METHODS_NAMED: usize = 10;

/// Below this many types or operations a second thread costs more than it saves.
const ITEMS_PER_SHARE: usize = 128;

/// Adds "Used by" to every type and links operationIds throughout.
pub(super) fn connect(api: &mut Api) {
    let methods: BTreeMap<String, String> = api
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
        if !text.is_empty() {
            *text = link_operation_ids(text, &methods, own);
        }
    };
    // Each doc is linked on its own: the cores share the types, then the operations.
    crate::parallel::for_each_mut(&mut api.types, ITEMS_PER_SHARE, |definition| {
        let mut users: BTreeSet<String> = definition
            .origins
            .iter()
            .filter_map(|origin| by_file.get(&*origin.file))
            .map(|id| (*id).to_owned())
            .collect();
        // Those its role already names ("The request body of `EditThing`") need no repeating.
        let before = users.len();
        users.retain(|id| !definition.docs.contains(&format!("`{id}`")));
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

/// "Used by [`A`](…) and [`B`](…)." for a type some operations use (the operationIds are
/// linked by the caller's pass).
fn used_by_note(
    users: &BTreeSet<String>,
    methods: &BTreeMap<String, String>,
    also: bool,
) -> Option<String> {
    let used_by = if also { "Also used by" } else { "Used by" };
    let named: Vec<String> = users
        .iter()
        .filter(|id| methods.contains_key(*id))
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

/// `markdown` with each operationId of `methods` (a whole word, or a whole code span) made a
/// link to its method, except `own`. Nothing inside links, autolinks, longer code spans or code
/// blocks changes.
fn link_operation_ids(
    markdown: &str,
    methods: &BTreeMap<String, String>,
    own: Option<&str>,
) -> String {
    let target = |word: &str| -> Option<&String> {
        if own == Some(word) {
            return None;
        }
        methods.get(word)
    };
    let mut out = String::with_capacity(markdown.len());
    let mut in_code_block = false;
    for (index, line) in markdown.split('\n').enumerate() {
        if index > 0 {
            out.push('\n');
        }
        if line.trim_start().starts_with("```") {
            in_code_block = !in_code_block;
        }
        if in_code_block || line.trim_start().starts_with("```") {
            out.push_str(line);
            continue;
        }
        link_line(line, &target, &mut out);
    }
    out
}

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

/// `line` with the operationIds `target` knows linked. Scanned by bytes, and copied in runs
/// between the links: every byte that starts something here is ASCII, and no byte of a
/// multi-byte character is.
fn link_line<'a>(line: &str, target: &impl Fn(&str) -> Option<&'a String>, out: &mut String) {
    let bytes = line.as_bytes();
    let mut at = 0;
    let mut copied = 0;
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
                    out.push_str(&line[copied..start]);
                    let _ = write!(out, "[`{word}`](crate::Client::{method})");
                    copied = at;
                }
            }
            Class::Mark => at += mark(line, at, target, out, &mut copied),
        }
    }
    out.push_str(&line[copied..]);
}

/// How many bytes the construct starting at `at` (`\\`, a code span, `<…>` or a link) takes,
/// with a code span that names an operationId linked in `out` (all of `line` before it copied
/// first, and `copied` moved past it).
fn mark<'a>(
    line: &str,
    at: usize,
    target: &impl Fn(&str) -> Option<&'a String>,
    out: &mut String,
    copied: &mut usize,
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
                    if let Some(method) = target(content) {
                        out.push_str(&line[*copied..at]);
                        let _ = write!(out, "[`{content}`](crate::Client::{method})");
                        *copied = at + 2 * ticks + end;
                    }
                    2 * ticks + end
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
    use std::collections::{BTreeMap, BTreeSet};

    use super::{link_operation_ids, used_by_note};

    fn methods() -> BTreeMap<String, String> {
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
        let methods: BTreeMap<String, String> = (0..12)
            .map(|index| (format!("Op{index:02}"), format!("op_{index:02}")))
            .collect();
        let users: BTreeSet<String> = methods.keys().cloned().collect();
        let note = used_by_note(&users, &methods, false).unwrap_or_default();
        assert!(note.starts_with("Used by `Op00`, `Op01`"), "{note}");
        assert!(note.ends_with("`Op09` and 2 more operations."), "{note}");
        let two: BTreeSet<String> = ["Op01".to_owned(), "Op03".to_owned()].into();
        assert_eq!(
            used_by_note(&two, &methods, true).as_deref(),
            Some("Also used by `Op01` and `Op03`.")
        );
        assert_eq!(used_by_note(&BTreeSet::new(), &methods, false), None);
    }
}
