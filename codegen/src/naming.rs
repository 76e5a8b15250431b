//! Wire names → Rust identifiers. The one place where casing and sanitising happen.
//!
//! The casing splits words as heck does (a test holds the two equal); this module first turns
//! symbols that carry meaning (`+1`, `-1`, `@id`) into words so that distinct wire names stay
//! distinct, then fixes what casing cannot: keywords, leading digits and empty results. Names
//! are cased by the thousand in a large API, and heck's general Unicode path through a
//! formatter cost several thousand instructions a name; what is cased here is ASCII. The wire
//! name itself always survives in a `#[serde(rename)]` or an `as_str()` arm, so nothing here
//! needs to be reversible.

/// Rust keywords (strict, reserved and edition 2018+), which cannot be identifiers as they are.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Type names the generated code relies on from the prelude and the runtime; a generated type
/// with one of these names would shadow them.
pub(crate) const RESERVED_TYPE_NAMES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "Self",
    "Default",
    "Clone",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "ToString",
    "ToOwned",
    "From",
    "Into",
    "TryFrom",
    "TryInto",
    "AsRef",
    "AsMut",
    "Iterator",
    "IntoIterator",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
    "Client",
    "ClientBuilder",
    "Error",
    "ApiError",
    "BuildError",
    "InvalidValue",
    "UnknownValue",
    "UnknownForm",
    "Request",
];

/// The word a symbol that makes wire names differ (`+1` vs `-1`) is spelled as; `first`:
/// whether it starts the name.
fn symbol_word(character: char, first: bool) -> Option<&'static str> {
    Some(match character {
        '+' => "plus",
        '-' if first => "minus",
        '@' => "at",
        '$' => "dollar",
        '#' => "hash",
        '%' => "percent",
        '&' => "and",
        '*' => "star",
        '=' => "eq",
        '<' => "lt",
        '>' => "gt",
        '!' => "not",
        '~' => "tilde",
        _ => return None,
    })
}

/// The wire name as words: the symbols that carry meaning spelled out, ASCII letters, digits
/// and `_` kept, anything else a word break (a space). ASCII only, so every result is a valid
/// identifier whatever script the wire name is in (distinctness is restored by the callers'
/// numbering).
fn identifier_words(wire: &str) -> String {
    identifier_words_within(wire, true)
}

/// [`identifier_words`] of `wire` as a part of a name, which starts the name or not.
fn identifier_words_within(wire: &str, starts_name: bool) -> String {
    let mut words = String::with_capacity(wire.len() + 8);
    for (index, character) in wire.chars().enumerate() {
        if let Some(word) = symbol_word(character, starts_name && index == 0) {
            words.push(' ');
            words.push_str(word);
            words.push(' ');
        } else if character.is_ascii_alphanumeric() || character == '_' {
            words.push(character);
        } else {
            words.push(' ');
        }
    }
    words
}

/// Where the reading of a run of letters stands: the case of its last cased letter, if any
/// since the last word break.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Case {
    None,
    Lower,
    Upper,
}

/// Calls `word` on each word of `text` (ASCII, as [`identifier_words`] gives), split as heck
/// splits: at anything not a letter or digit, after a lowercase letter (or the digits after
/// one) that an uppercase one follows, and before the last capital of a run that a lowercase
/// letter follows (`SMTPMessage` → `SMTP`, `Message`).
fn for_each_word(text: &str, mut word: impl FnMut(&str)) {
    for run in text.split(|character: char| !character.is_ascii_alphanumeric()) {
        let bytes = run.as_bytes();
        let mut start = 0;
        let mut case = Case::None;
        for (at, &byte) in bytes.iter().enumerate() {
            let Some(&next) = bytes.get(at + 1) else {
                word(&run[start..]);
                break;
            };
            let with_this = if byte.is_ascii_lowercase() {
                Case::Lower
            } else if byte.is_ascii_uppercase() {
                Case::Upper
            } else {
                case
            };
            if with_this == Case::Lower && next.is_ascii_uppercase() {
                word(&run[start..=at]);
                start = at + 1;
                case = Case::None;
            } else if case == Case::Upper && byte.is_ascii_uppercase() && next.is_ascii_lowercase()
            {
                word(&run[start..at]);
                start = at;
                case = Case::None;
            } else {
                case = with_this;
            }
        }
    }
}

/// `text`'s words (see [`for_each_word`]) each capitalised, joined.
fn upper_camel_case(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for_each_word(text, |word| {
        let mut characters = word.chars();
        if let Some(first) = characters.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(characters.map(|character| character.to_ascii_lowercase()));
        }
    });
    out
}

/// `text`'s words (see [`for_each_word`]) in lowercase, joined by `_`.
fn snake_case(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 4);
    for_each_word(text, |word| {
        if !out.is_empty() {
            out.push('_');
        }
        out.extend(word.chars().map(|character| character.to_ascii_lowercase()));
    });
    out
}

/// A `snake_case` identifier for a field, parameter or function: `ai_voice_agent_id`,
/// `type` → `type_`, `+1` → `plus_1`, `2fa` → `n2fa`.
#[must_use]
pub fn snake_ident(wire: &str) -> String {
    let mut name = snake_case(&identifier_words(wire));
    if name.is_empty() {
        name.push_str("value");
    }
    if name.starts_with(|character: char| character.is_ascii_digit()) {
        name.insert(0, 'n');
    }
    if KEYWORDS.contains(&name.as_str()) || name == "_" {
        name.push('_');
    }
    name
}

/// An `UpperCamelCase` identifier for a type or variant: `item_type` → `ItemType`,
/// `SendSMTPMessage` → `SendSmtpMessage`, `sale.created` → `SaleCreated`, `1` → `V1`.
#[must_use]
pub fn camel_ident(wire: &str) -> String {
    finish_camel(upper_camel_case(&identifier_words(wire)))
}

/// [`camel_ident`] of each suffix of `words` joined by `_`: `words[n - 1..]` first, the whole
/// list last. `_` breaks words, so a word cases the same in every suffix (but for a leading
/// `-`, which is "minus" only where it starts the name): each is cased once, and the suffixes
/// are put together from the pieces rather than joined and cased again, which made naming
/// quadratic in a property path's length.
pub(crate) fn camel_suffixes(words: &[impl AsRef<str>]) -> Vec<String> {
    let mut suffixes = Vec::with_capacity(words.len());
    // The pieces of the words after the suffix's first, as cased inside a name.
    let mut tail = String::new();
    for word in words.iter().rev() {
        let word = word.as_ref();
        let first = upper_camel_case(&identifier_words_within(word, true));
        let mut name = String::with_capacity(first.len() + tail.len());
        name.push_str(&first);
        name.push_str(&tail);
        suffixes.push(finish_camel(name));
        let inside = if word.starts_with('-') {
            upper_camel_case(&identifier_words_within(word, false))
        } else {
            first
        };
        tail.insert_str(0, &inside);
    }
    suffixes
}

/// A cased name made a usable type identifier: never empty, never starting with a digit, never
/// a keyword.
fn finish_camel(mut name: String) -> String {
    if name.is_empty() {
        name.push_str("Empty");
    }
    if name.starts_with(|character: char| character.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// A crude English singular for naming array items after their property (`messages` →
/// `message`, `system_actions` → `system_action`, `entries` → `entry`); a name that does not
/// look plural is kept, so the worst case is a plural type name, never a wrong one.
#[must_use]
pub fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies")
        && !stem.is_empty()
    {
        return format!("{stem}y");
    }
    for suffix in ["sses", "xes", "ches", "shes"] {
        if let Some(stem) = word.strip_suffix(suffix) {
            return format!("{stem}{}", &suffix[..suffix.len() - 2]);
        }
    }
    match word.strip_suffix('s') {
        Some(stem) if !stem.is_empty() && !stem.ends_with('s') && !stem.ends_with('u') => {
            stem.to_owned()
        }
        _ => word.to_owned(),
    }
}

/// Whether `name` can be used as a generated type name as it is (configuration input).
pub(crate) fn is_type_ident(name: &str) -> bool {
    name.starts_with(|character: char| character.is_ascii_uppercase())
        && name
            .chars()
            .all(|character| character.is_ascii_alphanumeric() || character == '_')
        && !KEYWORDS.contains(&name)
}

/// Makes the names in `names` distinct by appending `2`, `3`, … to later duplicates, keeping
/// the first occurrence as it is. Deterministic in the input order.
pub(crate) fn dedupe_in_order(names: &mut [String], taken: &[&str]) {
    use std::collections::HashSet;
    use std::fmt::Write as _;

    use foldhash::fast::RandomState as FastHasher;

    // `taken` is borrowed (every type name, for the parameters structs), and only the names
    // given out here are copied.
    let taken: HashSet<&str, FastHasher> = taken.iter().copied().collect();
    let mut given: HashSet<String, FastHasher> =
        HashSet::with_capacity_and_hasher(names.len(), FastHasher::default());
    let free = |name: &str, given: &HashSet<String, FastHasher>| {
        !taken.contains(name) && !given.contains(name)
    };
    for name in names.iter_mut() {
        if !free(name, &given) {
            let base_length = name.len();
            let mut counter = 2;
            loop {
                name.truncate(base_length);
                // Never `Err`: writing into a `String` cannot fail.
                let _ = write!(name, "{counter}");
                if free(name, &given) {
                    break;
                }
                counter += 1;
            }
        }
        given.insert(name.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_identifiers() {
        for (wire, expected) in [
            ("ai_voice_agent_id", "ai_voice_agent_id"),
            ("TriggerAIVoiceAgent", "trigger_ai_voice_agent"),
            ("GetSMTPMessages", "get_smtp_messages"),
            ("BigQueryRunQuery", "big_query_run_query"),
            ("GetPayPalAccount", "get_pay_pal_account"),
            ("type", "type_"),
            ("ref", "ref_"),
            ("self", "self_"),
            ("+1", "plus_1"),
            ("-1", "minus_1"),
            ("@id", "at_id"),
            ("2fa", "n2fa"),
            ("", "value"),
            ("_", "value"),
            ("camelCase", "camel_case"),
            ("with space", "with_space"),
            ("x-rate-limit", "x_rate_limit"),
            ("café", "caf"),
            ("日本", "value"),
        ] {
            assert_eq!(snake_ident(wire), expected, "{wire:?}");
        }
    }

    #[test]
    fn upper_camel_case_identifiers() {
        for (wire, expected) in [
            ("item_type", "ItemType"),
            (
                "sale.created.success.paid.is_upsell",
                "SaleCreatedSuccessPaidIsUpsell",
            ),
            ("SendSMTPMessage", "SendSmtpMessage"),
            ("GetPayPalTransaction", "GetPayPalTransaction"),
            ("AI Voice Agent ID", "AiVoiceAgentId"),
            ("APIStandardErrors", "ApiStandardErrors"),
            ("1", "V1"),
            ("+1", "Plus1"),
            ("-1", "Minus1"),
            ("", "Empty"),
            ("Self", "Self_"),
            ("in-progress", "InProgress"),
        ] {
            assert_eq!(camel_ident(wire), expected, "{wire:?}");
        }
    }

    /// The casing splits and joins words exactly as heck does, on the words
    /// [`identifier_words`] makes of any wire name.
    /// Each suffix put together from its words' pieces is the suffix joined and cased whole.
    #[test]
    fn camel_suffixes_are_the_joined_suffixes_cased() {
        use proptest::prelude::*;
        let config = ProptestConfig {
            cases: 2048,
            failure_persistence: None,
            ..ProptestConfig::default()
        };
        let word = "[a-zA-Z0-9_ .+@$#%&*=<>!~/éΣ日-]{0,8}";
        proptest!(config, |(words in prop::collection::vec(word, 0..6))| {
            let expected: Vec<String> = (1..=words.len())
                .map(|take| camel_ident(&words[words.len() - take..].join("_")))
                .collect();
            prop_assert_eq!(camel_suffixes(&words), expected);
        });
        let words = ["-1".to_owned(), "-x".to_owned(), "self".to_owned()];
        assert_eq!(
            camel_suffixes(&words),
            ["Self_", "MinusXSelf", "Minus1XSelf"]
        );
    }

    #[test]
    fn casing_is_hecks() {
        use heck::{ToSnakeCase as _, ToUpperCamelCase as _};
        use proptest::prelude::*;
        let config = ProptestConfig {
            cases: 4096,
            failure_persistence: None,
            ..ProptestConfig::default()
        };
        proptest!(config, |(wire in "[a-zA-Z0-9_ .+@$#%&*=<>!~/éΣ日-]{0,24}")| {
            let words = identifier_words(&wire);
            prop_assert_eq!(upper_camel_case(&words), words.to_upper_camel_case());
            prop_assert_eq!(snake_case(&words), words.to_snake_case());
        });
        for wire in [
            "HTTPServer",
            "aB",
            "a1B",
            "A1b",
            "AB1c",
            "ABc",
            "_a__b_",
            "XMLHttpRequest2FA",
            "v2Beta1",
            "ID",
            "iD",
            "Ab",
            "a",
            "A",
            "1",
            "",
            "  ",
            "getV1APIResources",
        ] {
            let words = identifier_words(wire);
            assert_eq!(
                upper_camel_case(&words),
                words.to_upper_camel_case(),
                "{wire:?}"
            );
            assert_eq!(snake_case(&words), words.to_snake_case(), "{wire:?}");
        }
    }

    #[test]
    fn singular_forms() {
        for (plural, expected) in [
            ("messages", "message"),
            ("system_actions", "system_action"),
            ("entries", "entry"),
            ("addresses", "address"),
            ("boxes", "box"),
            ("status", "status"),
            ("campaign_filter", "campaign_filter"),
            ("s", "s"),
        ] {
            assert_eq!(singular(plural), expected, "{plural:?}");
        }
    }

    #[test]
    fn duplicates_get_numbered_after_the_first() {
        let mut names = vec![
            "A".to_owned(),
            "B".to_owned(),
            "A".to_owned(),
            "A".to_owned(),
        ];
        dedupe_in_order(&mut names, &["B"]);
        assert_eq!(names, ["A", "B2", "A2", "A3"]);
    }
}
