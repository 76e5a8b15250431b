//! Character references, decoded in text and attribute values as browsers would, so that the
//! later stages see characters rather than `&…;` spellings.

use super::AMPERSAND;

/// Decodes character references; anything unknown or malformed stays literal.
pub(super) fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if let Some((c, len)) = decode_entity(rest) {
            out.push(c);
            rest = &rest[len..];
        } else {
            out.push('&');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

/// `s` starts with `&`; returns the character and the length of the reference.
fn decode_entity(s: &str) -> Option<(char, usize)> {
    let semi = s.bytes().take(34).position(|b| b == b';')?;
    let body = &s[1..semi];
    let c = if let Some(number) = body.strip_prefix('#') {
        let (digits, radix, max_len) = match number.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16, 6),
            None => (number, 10, 7),
        };
        if digits.is_empty() || digits.len() > max_len || !digits.chars().all(|c| c.is_digit(radix))
        {
            return None;
        }
        numeric_char(u32::from_str_radix(digits, radix).ok()?)?
    } else {
        named_entity(body)?
    };
    Some((c, semi + 1))
}

fn numeric_char(code: u32) -> Option<char> {
    // HTML reads these C1 codes as Windows-1252, which is what Word-exported text means by them.
    const CP1252: [char; 32] = [
        '€', '\0', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\0', 'Ž', '\0', '\0',
        '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\0', 'ž', 'Ÿ',
    ];
    let c = match code {
        0 => return None,
        0x80..=0x9F => CP1252[(code - 0x80) as usize],
        _ => char::from_u32(code)?,
    };
    (c != '\0' && c != AMPERSAND).then_some(c)
}

/// The named references vendors use; others stay literal text.
#[rustfmt::skip]
const ENTITIES: &[(&str, char)] = &[
    ("amp", '&'), ("AMP", '&'), ("lt", '<'), ("LT", '<'), ("gt", '>'), ("GT", '>'), ("quot", '"'),
    ("QUOT", '"'), ("apos", '\''), ("nbsp", '\u{a0}'), ("ensp", '\u{2002}'), ("emsp", '\u{2003}'),
    ("thinsp", '\u{2009}'), ("zwnj", '\u{200c}'), ("zwj", '\u{200d}'), ("shy", '\u{ad}'),
    ("ndash", '–'), ("mdash", '—'), ("minus", '−'), ("hellip", '…'), ("lsquo", '‘'), ("rsquo", '’'),
    ("sbquo", '‚'), ("ldquo", '“'), ("rdquo", '”'), ("bdquo", '„'), ("laquo", '«'), ("raquo", '»'),
    ("lsaquo", '‹'), ("rsaquo", '›'), ("bull", '•'), ("middot", '·'), ("dagger", '†'),
    ("Dagger", '‡'), ("prime", '′'), ("Prime", '″'), ("copy", '©'), ("reg", '®'), ("trade", '™'),
    ("deg", '°'), ("plusmn", '±'), ("times", '×'), ("divide", '÷'), ("micro", 'µ'), ("para", '¶'),
    ("sect", '§'), ("cent", '¢'), ("pound", '£'), ("euro", '€'), ("yen", '¥'), ("iexcl", '¡'),
    ("iquest", '¿'), ("frac12", '½'), ("frac14", '¼'), ("frac34", '¾'), ("sup1", '¹'),
    ("sup2", '²'), ("sup3", '³'), ("larr", '←'), ("rarr", '→'), ("uarr", '↑'), ("darr", '↓'),
    ("harr", '↔'), ("rArr", '⇒'), ("le", '≤'), ("ge", '≥'), ("ne", '≠'), ("asymp", '≈'),
    ("infin", '∞'), ("check", '✓'), ("aacute", 'á'), ("Aacute", 'Á'), ("agrave", 'à'),
    ("Agrave", 'À'), ("acirc", 'â'), ("auml", 'ä'), ("Auml", 'Ä'), ("aring", 'å'), ("atilde", 'ã'),
    ("aelig", 'æ'), ("ccedil", 'ç'), ("Ccedil", 'Ç'), ("eacute", 'é'), ("Eacute", 'É'),
    ("egrave", 'è'), ("ecirc", 'ê'), ("euml", 'ë'), ("iacute", 'í'), ("igrave", 'ì'),
    ("icirc", 'î'), ("iuml", 'ï'), ("ntilde", 'ñ'), ("Ntilde", 'Ñ'), ("oacute", 'ó'),
    ("ograve", 'ò'), ("ocirc", 'ô'), ("ouml", 'ö'), ("Ouml", 'Ö'), ("otilde", 'õ'), ("oslash", 'ø'),
    ("uacute", 'ú'), ("ugrave", 'ù'), ("ucirc", 'û'), ("uuml", 'ü'), ("Uuml", 'Ü'), ("yacute", 'ý'),
    ("yuml", 'ÿ'), ("szlig", 'ß'),
];

fn named_entity(name: &str) -> Option<char> {
    ENTITIES
        .iter()
        .find(|(entity, _)| *entity == name)
        .map(|&(_, c)| c)
}
