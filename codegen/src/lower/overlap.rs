//! What a `oneOf` does with a value that several of its forms accept ([`Overlap`]).
//!
//! JSON Schema's `oneOf` refuses such a value; the generated choice tries its forms in order and
//! takes the first that accepts it. Counting the forms that accept a value costs a decoding per
//! form, so it is done only where it can change the answer: forms that can hold the same JSON
//! value, in a choice met in requests (replies are read leniently), each form's type refusing
//! exactly what its schema refuses. Where a form's type is more lenient than its schema (a
//! `pattern` it leaves to the server), a value that type accepts may still be one its schema
//! refuses, and counting would refuse values the spec allows.

use super::types::{Draft, DraftKind, DraftStruct};
use crate::ir::{Overlap, TypeRef, Usage};

/// The overlap rule of a choice of `forms` met where `usage` says; `exclusive` for `oneOf`.
pub(super) fn overlap(
    drafts: &[Draft],
    forms: &[TypeRef],
    exclusive: bool,
    usage: Usage,
) -> Overlap {
    if !exclusive {
        return Overlap::Allowed;
    }
    let can_overlap = forms.iter().enumerate().any(|(index, form)| {
        forms[index + 1..]
            .iter()
            .any(|other| !disjoint(drafts, form, other))
    });
    if !can_overlap {
        return Overlap::Impossible;
    }
    if !usage.request || !forms.iter().all(|form| exact(drafts, form, false, 0)) {
        return Overlap::Unchecked;
    }
    if usage.response {
        Overlap::RefusedAsRequest
    } else {
        Overlap::Refused
    }
}

/// The JSON types a value of a type may have, one bit each.
mod json {
    pub const NULL: u8 = 1;
    pub const BOOLEAN: u8 = 1 << 1;
    pub const NUMBER: u8 = 1 << 2;
    pub const STRING: u8 = 1 << 3;
    pub const ARRAY: u8 = 1 << 4;
    pub const OBJECT: u8 = 1 << 5;
    pub const ANY: u8 = NULL | BOOLEAN | NUMBER | STRING | ARRAY | OBJECT;
}

/// Choices nest through other types; deeper than this, a type is taken to hold anything.
const DEPTH: usize = 16;

fn json_types(drafts: &[Draft], ty: &TypeRef, depth: usize) -> u8 {
    if depth > DEPTH {
        return json::ANY;
    }
    match ty {
        TypeRef::Named(id) => match &drafts[id.0].kind {
            DraftKind::Struct(_) => json::OBJECT,
            DraftKind::Enum(_) | DraftKind::Newtype(_) => json::STRING,
            DraftKind::OneOf { variants, .. } => variants.iter().fold(0, |types, variant| {
                types | json_types(drafts, variant, depth + 1)
            }),
            DraftKind::ByStatus(_) => json::ANY,
        },
        TypeRef::String(_) => json::STRING,
        TypeRef::Integer(_) | TypeRef::Number(_) => json::NUMBER,
        TypeRef::Boolean => json::BOOLEAN,
        TypeRef::Array(..) | TypeRef::Tuple(_) => json::ARRAY,
        TypeRef::Nullable(inner) => json::NULL | json_types(drafts, inner, depth + 1),
        TypeRef::MapOf(..) | TypeRef::Map(_) => json::OBJECT,
        TypeRef::Any | TypeRef::File => json::ANY,
    }
}

/// Whether no value can be of both types: they hold different JSON types, are enums with no
/// value in common, or objects that require one property with different single values (a tag).
fn disjoint(drafts: &[Draft], a: &TypeRef, b: &TypeRef) -> bool {
    if json_types(drafts, a, 0) & json_types(drafts, b, 0) == 0 {
        return true;
    }
    let (TypeRef::Named(a), TypeRef::Named(b)) = (a, b) else {
        return false;
    };
    match (&drafts[a.0].kind, &drafts[b.0].kind) {
        (DraftKind::Enum(a), DraftKind::Enum(b)) => !a.iter().any(|value| b.contains(value)),
        (DraftKind::Struct(a), DraftKind::Struct(b)) => tagged_apart(drafts, a, b),
        _ => false,
    }
}

/// Whether both objects require a property whose values are enums with no value in common.
fn tagged_apart(drafts: &[Draft], a: &DraftStruct, b: &DraftStruct) -> bool {
    a.fields.iter().filter(|field| field.required).any(|tag| {
        b.fields.iter().any(|other| {
            other.required
                && other.wire_name == tag.wire_name
                && matches!((&tag.ty, &other.ty), (TypeRef::Named(x), TypeRef::Named(y))
                    if matches!((&drafts[x.0].kind, &drafts[y.0].kind),
                        (DraftKind::Enum(x), DraftKind::Enum(y)) if !x.iter().any(|value| y.contains(value))))
        })
    })
}

/// Whether the type, decoded as a request's value, refuses everything its schema refuses, so
/// that a form's type accepting a value means its schema does. `in_field`: the value is a
/// property, whose integer ranges and list counts its object checks.
fn exact(drafts: &[Draft], ty: &TypeRef, in_field: bool, depth: usize) -> bool {
    if depth > DEPTH {
        return false;
    }
    let depth = depth + 1;
    match ty {
        TypeRef::Named(id) => match &drafts[id.0].kind {
            DraftKind::Struct(structure) => {
                structure.rules.is_empty()
                    && structure.absent.is_empty()
                    && structure.bounds == crate::spec::PropertyBounds::default()
                    && structure.fields.iter().all(|field| {
                        field.rules.is_empty() && exact(drafts, &field.ty, true, depth)
                    })
                    && structure
                        .additional
                        .iter()
                        .chain(&structure.forms)
                        .all(|inner| exact(drafts, inner, false, depth))
            }
            DraftKind::Enum(_) => true,
            DraftKind::Newtype(constraints) => constraints.pattern.is_none(),
            DraftKind::OneOf { variants, .. } => variants
                .iter()
                .all(|variant| exact(drafts, variant, false, depth)),
            DraftKind::ByStatus(_) => false,
        },
        TypeRef::String(constraints) => {
            constraints.pattern.is_none()
                && constraints.min_length.is_none()
                && constraints.max_length.is_none()
        }
        TypeRef::Integer(integer) => in_field || unbounded(&integer.constraints),
        TypeRef::Number(constraints) => unbounded(constraints),
        TypeRef::Boolean | TypeRef::Any => true,
        TypeRef::Array(inner, bounds) => {
            (in_field || (bounds.min_items.is_none() && bounds.max_items.is_none()))
                && exact(drafts, inner, false, depth)
        }
        TypeRef::Tuple(positions) => positions
            .iter()
            .all(|position| exact(drafts, position, false, depth)),
        TypeRef::Nullable(inner) => exact(drafts, inner, in_field, depth),
        TypeRef::MapOf(inner, bounds) => {
            **bounds == crate::spec::PropertyBounds::default() && exact(drafts, inner, false, depth)
        }
        TypeRef::Map(bounds) => **bounds == crate::spec::PropertyBounds::default(),
        TypeRef::File => false,
    }
}

/// Whether a number's schema sets none of the rules a bare Rust number does not check.
fn unbounded(constraints: &crate::ir::NumericConstraints) -> bool {
    constraints.minimum.is_none()
        && constraints.maximum.is_none()
        && constraints.exclusive_minimum.is_none()
        && constraints.exclusive_maximum.is_none()
        && constraints.multiple_of.is_none()
        && constraints.allowed.is_none()
}
