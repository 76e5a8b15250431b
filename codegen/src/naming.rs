//! Wire names → Rust identifiers. The one place where casing and sanitising happen.
//!
//! heck does the casing; this module first turns symbols that carry meaning (`+1`, `-1`, `@id`)
//! into words so that distinct wire names stay distinct, then fixes what heck cannot: keywords,
//! leading digits and empty results. The wire name itself always survives in a
//! `#[serde(rename)]` or an `as_str()` arm, so nothing here needs to be reversible.

use heck::{ToSnakeCase, ToUpperCamelCase};

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

/// Spells out the symbols that make wire names differ (`+1` vs `-1`) and keeps the rest.
fn spell_symbols(wire: &str) -> String {
    let mut words = String::with_capacity(wire.len() + 8);
    for (index, character) in wire.chars().enumerate() {
        let word = match character {
            '+' => "plus",
            '-' if index == 0 => "minus",
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
            _ => {
                words.push(character);
                continue;
            }
        };
        words.push(' ');
        words.push_str(word);
        words.push(' ');
    }
    words
}

/// Keeps only ASCII letters, digits and `_`; heck treats the rest as word breaks. ASCII only, so
/// every result is a valid identifier whatever script the wire name is in (distinctness is
/// restored by the callers' numbering).
fn identifier_words(wire: &str) -> String {
    spell_symbols(wire)
        .chars()
        .map(|character| {
            if character.is_ascii_alphanumeric() || character == '_' {
                character
            } else {
                ' '
            }
        })
        .collect()
}

/// A `snake_case` identifier for a field, parameter or function: `ai_voice_agent_id`,
/// `type` → `type_`, `+1` → `plus_1`, `2fa` → `n2fa`.
#[must_use]
pub fn snake_ident(wire: &str) -> String {
    let mut name = identifier_words(wire).to_snake_case();
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
    let mut name = identifier_words(wire).to_upper_camel_case();
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
    let mut seen: std::collections::BTreeSet<String> =
        taken.iter().map(|name| (*name).to_owned()).collect();
    for name in names.iter_mut() {
        if seen.contains(name.as_str()) {
            let base = name.clone();
            let mut counter = 2;
            while seen.contains(&format!("{base}{counter}")) {
                counter += 1;
            }
            *name = format!("{base}{counter}");
        }
        seen.insert(name.clone());
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
