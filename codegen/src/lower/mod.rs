//! Layer 2: fragments → [`Api`]. Every decision about the generated crate is made here and
//! recorded in the IR: each type, each name, each doc string, how each value is passed.
//!
//! It runs in three steps:
//! 1. [`operations`] lowers each fragment; its schemas go through the [`types::TypeSpace`],
//!    which interns them as drafts, deduplicated structurally across all fragments;
//! 2. [`naming`] names every draft once all are known (overrides, titles, property paths), and
//!    the parameter structs clear of them;
//! 3. the drafts and operations are finished into the IR, with the names in their docs.
//!
//! [`describe`] writes every doc text; [`paths`] splits path templates.

mod describe;
mod naming;
mod operations;
mod paths;
mod types;

use crate::config::Config;
use crate::error::{Diagnostic, Error, Location};
use crate::ir::{
    Api, EnumDef, Field, FlattenedField, NewtypeDef, OneOfDef, OneOfVariant, Presence, StructDef,
    TypeDef, TypeKind, TypeRef, Variant,
};
use crate::naming::snake_ident;
use crate::parse::Fragment;
use types::{Draft, DraftKind, DraftStruct, MarkdownCache};

pub(super) fn diagnostic(
    location: &Location,
    operation_id: &str,
    message: impl Into<String>,
) -> Diagnostic {
    Diagnostic {
        location: location.clone(),
        operation_id: Some(operation_id.to_owned()),
        message: message.into(),
    }
}

/// Lowers parsed fragments, which must be sorted by `operationId`, into the IR.
///
/// # Errors
/// The first construct that cannot be lowered, with its location.
pub fn lower(fragments: &[Fragment], config: &Config, base_url: &str) -> Result<Api, Error> {
    let base_url = base_url.trim_end_matches('/');
    let mut space = types::TypeSpace::new(&config.name_overrides);
    let mut drafts = Vec::with_capacity(fragments.len());
    for fragment in fragments {
        drafts.push(operations::operation(&mut space, fragment, base_url)?);
    }
    naming::check_method_names(&drafts)?;
    let names = naming::assign_names(&space.drafts, config)?;
    let params_names = naming::params_struct_names(&drafts, &names);
    let default_error = shared_error(&drafts);
    let operations: Vec<_> = drafts
        .into_iter()
        .zip(params_names)
        .map(|(draft, params_name)| draft.finish(params_name, &config.api_name))
        .collect();
    let mut markdown = std::mem::take(&mut space.markdown);
    let types = space
        .drafts
        .iter()
        .zip(&names)
        .map(|(draft, name)| finish_type(draft, name.clone(), &names, &mut markdown))
        .collect();
    Ok(Api {
        base_url: base_url.to_owned(),
        crate_docs: describe::crate_docs(&config.api_name, &config.crate_name, operations.len()),
        operations,
        types,
        default_error,
    })
}

/// `Error` without a type parameter means the error body every operation shares; when they
/// disagree there is no honest default but the raw JSON.
fn shared_error(operations: &[operations::OperationDraft]) -> TypeRef {
    match operations.split_first() {
        Some((first, rest)) if rest.iter().all(|operation| operation.error == first.error) => {
            first.error.clone()
        }
        _ => TypeRef::Any,
    }
}

/// A draft as the finished type named `name`; `names` are every type's.
fn finish_type(
    draft: &Draft,
    name: String,
    names: &[String],
    markdown: &mut MarkdownCache,
) -> TypeDef {
    let base = describe::type_docs(draft, &name);
    let (docs, kind) = match &draft.kind {
        DraftKind::Struct(structure) => (
            describe::struct_docs(base, &structure.bounds),
            TypeKind::Struct(finish_struct(structure, draft, markdown)),
        ),
        DraftKind::Enum(values) => {
            let rust_names = naming::enum_variant_names(values);
            // Servers add values before specs do: enums met in replies keep unknown ones.
            let catch_all = draft
                .usage
                .response
                .then(|| naming::catch_all_name(&rust_names));
            let variants = values
                .iter()
                .zip(rust_names)
                .map(|(wire, rust_name)| Variant {
                    docs: describe::enum_variant_docs(wire),
                    wire: wire.clone(),
                    rust_name,
                })
                .collect();
            (
                base,
                TypeKind::Enum(EnumDef {
                    variants,
                    catch_all,
                }),
            )
        }
        DraftKind::Newtype(constraints) => {
            let (docs, constructor_docs) = describe::newtype_docs(&base, &name, constraints);
            let newtype = NewtypeDef {
                constraints: constraints.clone(),
                constructor_docs,
            };
            (docs, TypeKind::Newtype(newtype))
        }
        DraftKind::OneOf(alternatives) => {
            let variants = alternatives
                .iter()
                .zip(naming::one_of_variant_names(alternatives, names))
                .map(|(ty, rust_name)| OneOfVariant {
                    docs: describe::one_of_variant_docs(&rust_name),
                    rust_name,
                    ty: ty.clone(),
                })
                .collect::<Vec<_>>();
            (
                describe::one_of_docs(&base, variants.len()),
                TypeKind::OneOf(OneOfDef { variants }),
            )
        }
    };
    TypeDef {
        name,
        docs,
        kind,
        usage: draft.usage,
        origins: draft.origins.iter().cloned().collect(),
    }
}

fn finish_struct(
    structure: &DraftStruct,
    draft: &Draft,
    markdown: &mut MarkdownCache,
) -> StructDef {
    let mut rust_names: Vec<String> = structure
        .fields
        .iter()
        .map(|field| snake_ident(&field.wire_name))
        .collect();
    crate::naming::dedupe_in_order(&mut rust_names, &[]);
    let fields: Vec<Field> = structure
        .fields
        .iter()
        .zip(rust_names)
        .map(|(field, rust_name)| {
            // Required fields are plain values, except those only one side sends (`readOnly`,
            // `writeOnly`), which the other side's values cannot have.
            let optional = !field.required || field.read_only || field.write_only;
            let presence = if !optional {
                Presence::Required
            } else if field.read_only && draft.usage.request {
                // A value a request must not carry is never serialized where requests are
                // built from it.
                Presence::ReceivedOnly
            } else if matches!(field.ty, TypeRef::Nullable(_)) {
                Presence::OptionalNullable
            } else {
                Presence::Optional
            };
            let description = field
                .description
                .as_deref()
                .map(|html| markdown.convert(html))
                .unwrap_or_default();
            Field {
                docs: describe::field_docs(
                    &description,
                    &field.wire_name,
                    &field.ty,
                    field.default.as_deref(),
                    field.read_only,
                    field.write_only,
                ),
                wire_name: field.wire_name.clone(),
                rust_name,
                ty: field.ty.clone(),
                presence,
                required: field.required,
                description: field.description.clone(),
                deprecated: field.deprecated,
                default: field.default.clone(),
                read_only: field.read_only,
                write_only: field.write_only,
            }
        })
        .collect();
    let taken: Vec<&str> = fields
        .iter()
        .map(|field| field.rust_name.as_str())
        .collect();
    let forms = structure.forms.as_ref().map(|ty| FlattenedField {
        rust_name: naming::unique_name("form", &taken),
        ty: ty.clone(),
        docs: describe::FORMS_FIELD_DOCS.to_owned(),
    });
    let additional = structure.additional.as_ref().map(|ty| FlattenedField {
        rust_name: naming::unique_name("additional_properties", &taken),
        ty: ty.clone(),
        docs: describe::ADDITIONAL_FIELD_DOCS.to_owned(),
    });
    let derives_default = fields
        .iter()
        .all(|field| field.presence != Presence::Required)
        && forms.is_none();
    StructDef {
        fields,
        closed: structure.closed,
        additional,
        bounds: structure.bounds.clone(),
        forms,
        derives_default,
    }
}
