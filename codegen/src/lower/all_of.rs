//! `allOf`: the parts of an object merged into one, as the APIs that write them mean it.

use super::diagnostic;
use crate::error::Diagnostic;
use crate::parse::{ObjectSchema, Schema, SchemaKind};
use crate::spec::PropertyBounds;

/// Merges the object parts of an `allOf` into one object: the union of their properties. Parts
/// that each forbid extra properties are meant as one object by the APIs that write them, so
/// validating them separately would reject every value. Likewise `additionalProperties` is
/// read as applying to the merged object's unlisted properties: open (and of its schema) when
/// a part gives one, closed only when every part is.
pub(super) fn merge_all_of(parts: &[Schema], id: &str) -> Result<ObjectSchema, Diagnostic> {
    let mut merged = ObjectSchema {
        properties: Vec::new(),
        required: Vec::new(),
        closed: true,
        additional: None,
        pattern_properties: Vec::new(),
        bounds: PropertyBounds::default(),
        forms: None,
    };
    for part in parts {
        let Some(object) = part_object(part, id)? else {
            continue;
        };
        // The unlisted properties of the merged object are of the one type a part gives them;
        // `true` (any value) yields to a part that says more.
        if let Some(additional) = object.additional {
            match &merged.additional {
                Some(kept)
                    if !matches!(kept.kind, SchemaKind::Any)
                        && !matches!(additional.kind, SchemaKind::Any) =>
                {
                    return Err(diagnostic(
                        &additional.location,
                        id,
                        "`additionalProperties` as a schema in two parts of one `allOf` is not supported by this generator (one part may give it, others may say `true`)",
                    ));
                }
                Some(kept) if !matches!(kept.kind, SchemaKind::Any) => {}
                _ => merged.additional = Some(additional),
            }
        }
        if let Some(forms) = object.forms {
            if merged.forms.is_some() {
                return Err(diagnostic(
                    &part.location,
                    id,
                    "two `oneOf`/`anyOf` among the parts of one `allOf` are not supported by this generator",
                ));
            }
            merged.forms = Some(forms);
        }
        for (name, schema) in object.properties {
            // A later part that declares a property again refines it (specs write a base, then
            // the specific object); its declaration is the one kept.
            match merged
                .properties
                .iter_mut()
                .find(|(existing, _)| *existing == name)
            {
                Some(existing) => existing.1 = schema,
                None => merged.properties.push((name, schema)),
            }
        }
        for name in object.required {
            if !merged.required.contains(&name) {
                merged.required.push(name);
            }
        }
        merged.pattern_properties.extend(object.pattern_properties);
        merged.closed &= object.closed;
        // Every part's bounds hold, so the tightest of each does.
        merged.bounds.min = merged.bounds.min.max(object.bounds.min);
        merged.bounds.max = match (merged.bounds.max, object.bounds.max) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        merged.bounds.names = merged.bounds.names.or(object.bounds.names);
    }
    Ok(merged)
}

/// What one `allOf` part adds to the merged object: its own object, a nested `allOf` merged, a
/// `oneOf`/`anyOf` as forms; `None` for a part of annotations only (`{"nullable": true}`, a
/// description), which adds no property.
fn part_object(part: &Schema, id: &str) -> Result<Option<ObjectSchema>, Diagnostic> {
    Ok(Some(match &part.kind {
        SchemaKind::Object(object) => object.clone(),
        SchemaKind::AllOf(inner) => merge_all_of(inner, id)?,
        SchemaKind::Any => return Ok(None),
        SchemaKind::Nothing => {
            return Err(diagnostic(
                &part.location,
                id,
                "an `allOf` part that is `false` allows no value at all",
            ));
        }
        SchemaKind::OneOf(choice) => ObjectSchema {
            properties: Vec::new(),
            required: Vec::new(),
            closed: false,
            additional: None,
            pattern_properties: Vec::new(),
            bounds: PropertyBounds::default(),
            forms: Some(choice.clone()),
        },
        _ => {
            return Err(diagnostic(
                &part.location,
                id,
                "an `allOf` of several parts that are not all objects is not supported by this generator (one part that is no object, beside parts of annotations only, is: it is that part)",
            ));
        }
    }))
}
