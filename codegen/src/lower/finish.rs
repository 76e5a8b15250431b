//! Drafts → the IR's types, once every type has its final name: variant and field names,
//! catch-alls, how each field is present, and the final docs.

use std::sync::Arc;

use super::TYPES_PER_SHARE;
use super::describe::{self, Holder, Holders, Message, Shape};
use super::naming;
use super::overlap;
use super::resources;
use super::types::{Draft, DraftKind, DraftStruct, FieldKey, MarkdownCache, choice_texts};
use crate::error::Location;
use crate::ir::{
    Body, BodyFormat, BodyKind, ByStatusDef, CatchAll, Decoding, EnumDef, Field, FixedValue,
    FlattenedField, Module, NewtypeDef, OneOfDef, OneOfVariant, Operation, Overlap, Presence,
    Reply, StatusMatch, StatusVariant, StructDef, TypeDef, TypeId, TypeKind, TypeRef, Usage,
    ValueText, Variant,
};
use crate::naming::{dedupe_in_order, snake_ident};
use crate::spec::ParameterLocation;

/// The drafts as the IR's types, each named by `names`. `operations` are the finished
/// operations, whose path and query parameters are among the places that hold types, and
/// whose resources decide each type's module; `default_error` is the crate's default error
/// body.
///
/// The drafts are taken, not borrowed: each type takes its draft's contents as it is finished
/// (fields, values, forms), so that drafts and types (each about half of lowering's memory) are
/// not held whole at once. What a choice reads of the types it lists is read first
/// ([`ChoiceReading`]), while every draft is whole.
pub(super) fn finish_types(
    mut drafts: Vec<Draft>,
    names: Vec<String>,
    operations: &[Operation],
    default_error: &TypeRef,
    mut markdown: MarkdownCache,
) -> Vec<TypeDef> {
    // Each type is finished on its own, so the cores share the drafts; each thread converts
    // descriptions through a cache of its own, merged into `markdown` for the types' docs.
    let form_shapes: Vec<Shape> = drafts.iter().map(|draft| shape(&draft.kind)).collect();
    let readings: Vec<ChoiceReading> =
        crate::parallel::map_balanced(drafts.len(), TYPES_PER_SHARE, |index| {
            ChoiceReading::of(&drafts[index], &drafts)
        });
    // Each type is made whole but for what is only known once every type is finished (names
    // are moved in last, docs, modules), which is filled in below: no list of the
    // kinds alone is made (the drafts, the kinds and the types are each about 600 bytes a type,
    // 13-15 MB each for 5,000 operations).
    let (mut types, caches) = crate::parallel::map_balanced_mut(
        &mut drafts,
        TYPES_PER_SHARE,
        MarkdownCache::default,
        |thread_markdown, index, draft| TypeDef {
            name: String::new(),
            docs: String::new(),
            kind: finish_kind(
                draft,
                &readings[index],
                &names,
                &form_shapes,
                thread_markdown,
            ),
            usage: draft.usage,
            origins: sorted_origins(draft),
            module: Module::Shared,
        },
    );
    drop(readings);
    for thread_markdown in caches {
        markdown.absorb(thread_markdown);
    }
    fix_single_values(&mut types, &names);
    // A type's docs say where it is found, which is only known once every type is finished.
    // Both walks are one core's work; the modules' (whose own allocations stay on its thread)
    // is done beside the holders'.
    let (holders, modules) = crate::parallel::join(
        || holders(&types, &names, operations),
        || resources::type_modules(&types, operations, default_error),
    );
    // The cores share the docs too, each thread's conversions beside the finished ones.
    let markdown = Arc::new(markdown);
    let (docs, _) = crate::parallel::map_balanced_with(
        types.len(),
        TYPES_PER_SHARE,
        || MarkdownCache::over(&markdown),
        |thread_markdown, index| {
            type_docs(
                &drafts[index],
                &names[index],
                &types[index].kind,
                &holders[index],
                thread_markdown,
            )
        },
    );
    // The holders borrow the names moved into the types below.
    drop(holders);
    drop(drafts);
    for (((definition, name), docs), module) in types.iter_mut().zip(names).zip(docs).zip(modules) {
        definition.docs = docs;
        definition.name = name;
        definition.module = module;
    }
    types
}

/// The draft's origins, taken: sorted, each once.
fn sorted_origins(draft: &mut Draft) -> Vec<Location> {
    let mut origins = std::mem::take(&mut draft.origins);
    origins.sort_unstable();
    origins.dedup();
    origins
}

/// What finishing a choice reads of the drafts of the types it lists: how its forms are written
/// as text and whether they may overlap. Read for every draft before any is taken apart; for a
/// draft that is no choice, nothing is read.
struct ChoiceReading {
    text: Option<Vec<ValueText>>,
    overlap: Overlap,
}

impl ChoiceReading {
    fn of(draft: &Draft, drafts: &[Draft]) -> Self {
        match &draft.kind {
            DraftKind::OneOf {
                variants,
                exclusive,
            } => Self {
                text: choice_texts(drafts, variants),
                overlap: overlap::overlap(drafts, variants, *exclusive, draft.usage),
            },
            _ => Self {
                text: None,
                overlap: Overlap::Allowed,
            },
        }
    }
}

/// A draft's shape as a finished type, taking the draft's contents (its kind's variant stays,
/// emptied, which its docs still tell apart); `names` and `shapes` are every type's.
fn finish_kind(
    draft: &mut Draft,
    reading: &ChoiceReading,
    names: &[String],
    shapes: &[Shape],
    markdown: &mut MarkdownCache,
) -> TypeKind {
    let usage = draft.usage;
    match &mut draft.kind {
        DraftKind::Struct(structure) => TypeKind::Struct(finish_struct(structure, usage, markdown)),
        DraftKind::Enum(values) => {
            TypeKind::Enum(finish_enum(std::mem::take(values), usage, draft.tag))
        }
        DraftKind::Newtype(constraints) => TypeKind::Newtype(NewtypeDef {
            constructor_docs: describe::newtype_constructor_docs(constraints),
            constraints: std::mem::take(constraints),
            checked_on_decode: request_only(usage),
        }),
        DraftKind::OneOf { variants, .. } => TypeKind::OneOf(finish_one_of(
            std::mem::take(variants),
            reading,
            usage,
            names,
            shapes,
        )),
        DraftKind::ByStatus(variants) => {
            TypeKind::ByStatus(finish_by_status(std::mem::take(variants), names))
        }
    }
}

/// A type's docs: what it is for and where it is found, then what its kind adds.
fn type_docs(
    draft: &Draft,
    name: &str,
    kind: &TypeKind,
    holders: &Holders<'_>,
    markdown: &mut MarkdownCache,
) -> String {
    let base = describe::type_docs(draft, name, holders, markdown);
    let paragraphs = match kind {
        TypeKind::Struct(structure) => describe::struct_docs(
            base,
            &structure.bounds,
            &structure.required_sets,
            &structure.server_checked,
            &structure.absent,
        ),
        TypeKind::Newtype(newtype) => describe::newtype_docs(base, name, &newtype.constraints),
        TypeKind::OneOf(one_of) => describe::one_of_docs(
            base,
            one_of.variants.len(),
            one_of
                .unknown
                .as_ref()
                .map(|unknown| unknown.rust_name.as_str()),
            one_of.overlap,
        ),
        TypeKind::Enum(_) | TypeKind::ByStatus(_) => base,
    };
    describe::finish_type_docs(&paragraphs)
}

/// For each type, the fields, variants and parameters that hold its values, in the order of
/// the types and then the operations.
fn holders<'a>(
    types: &'a [TypeDef],
    names: &'a [String],
    operations: &'a [Operation],
) -> Vec<Holders<'a>> {
    let mut holders: Vec<Holders<'a>> = vec![Holders::default(); types.len()];
    let mut ids = Vec::new();
    let mut add = |ty: &TypeRef, holder: Holder<'a>| {
        ids.clear();
        ty.named_types(&mut ids);
        for id in &ids {
            if let Some(found) = holders.get_mut(id.0) {
                found.add(holder);
            }
        }
    };
    let member = |parent: &'a str, member: &'a str| Holder::Member { parent, member };
    for (definition, parent) in types.iter().zip(names) {
        match &definition.kind {
            TypeKind::Struct(structure) => {
                for field in &structure.fields {
                    add(&field.ty, member(parent, &field.rust_name));
                }
                for flattened in [&structure.forms, &structure.additional]
                    .into_iter()
                    .flatten()
                {
                    add(&flattened.ty, member(parent, &flattened.rust_name));
                }
            }
            TypeKind::OneOf(one_of) => {
                for variant in &one_of.variants {
                    add(&variant.ty, member(parent, &variant.rust_name));
                }
            }
            TypeKind::ByStatus(by_status) => {
                for variant in &by_status.variants {
                    add(&variant.ty, member(parent, &variant.rust_name));
                }
            }
            TypeKind::Enum(_) | TypeKind::Newtype(_) => {}
        }
    }
    for operation in operations {
        let message = |part: Message| Holder::Message {
            method: &operation.fn_name,
            part,
        };
        // A type that is the whole body or reply has a role that says so.
        let wrapped = |ty: &TypeRef| !matches!(ty, TypeRef::Named(_));
        if let Some(Body {
            kind: BodyKind::Argument(argument),
            ..
        }) = &operation.body
            && let BodyFormat::Json(ty)
            | BodyFormat::Form { ty, .. }
            | BodyFormat::Multipart { ty, .. } = &argument.format
            && wrapped(ty)
        {
            add(ty, message(Message::Request));
        }
        if let Reply::Json(Some(ty)) = &operation.success
            && wrapped(ty)
        {
            add(ty, message(Message::Success));
        }
        if wrapped(&operation.error) {
            add(&operation.error, message(Message::Error));
        }
        for param in &operation.params {
            if param.location == ParameterLocation::Path {
                add(
                    &param.ty,
                    Holder::Argument {
                        method: &operation.fn_name,
                        argument: &param.rust_name,
                    },
                );
            } else if let Some(params_struct) = &operation.params_struct {
                add(&param.ty, member(&params_struct.name, &param.rust_name));
            }
        }
    }
    holders
}

/// What a draft's type holds, for the docs of a choice's forms.
fn shape(kind: &DraftKind) -> Shape {
    match kind {
        DraftKind::Struct(_) => Shape::Object,
        DraftKind::Enum(_) => Shape::Listed,
        DraftKind::Newtype(_) => Shape::Text,
        DraftKind::OneOf { .. } | DraftKind::ByStatus(_) => Shape::Choice,
    }
}

fn finish_struct(
    structure: &mut DraftStruct,
    usage: Usage,
    markdown: &mut MarkdownCache,
) -> StructDef {
    let draft_fields = std::mem::take(&mut structure.fields);
    let mut rust_names: Vec<String> = draft_fields
        .iter()
        .map(|field| snake_ident(&field.wire_name))
        .collect();
    dedupe_in_order(&mut rust_names, &[]);
    let fields: Vec<Field> = draft_fields
        .into_iter()
        .zip(rust_names)
        .map(|(field, rust_name)| finish_field(field, rust_name, usage, markdown))
        .collect();
    let taken: Vec<&str> = fields
        .iter()
        .map(|field| field.rust_name.as_str())
        .collect();
    let forms = structure.forms.take().map(|ty| FlattenedField {
        rust_name: naming::unique_name("form", &taken),
        ty,
        docs: describe::FORMS_FIELD_DOCS.to_owned(),
    });
    let additional = structure.additional.take().map(|ty| FlattenedField {
        rust_name: naming::unique_name("additional_properties", &taken),
        ty,
        docs: describe::ADDITIONAL_FIELD_DOCS.to_owned(),
    });
    let derives_default = fields
        .iter()
        .all(|field| field.presence != Presence::Required)
        && forms.is_none();
    let only = (structure.closed && forms.is_none() && additional.is_none())
        .then(|| fields.iter().map(|field| field.wire_name.clone()).collect());
    let decoding = if request_only(usage) {
        Decoding::Strict {
            only,
            set_fields: set_fields(&structure.required_sets.sets, &fields),
        }
    } else if usage.request {
        Decoding::StrictAsRequest { only }
    } else {
        Decoding::Lenient
    };
    StructDef {
        fields,
        closed: structure.closed,
        additional,
        bounds: std::mem::take(&mut structure.bounds),
        forms,
        derives_default,
        required_sets: std::mem::take(&mut structure.required_sets),
        decoding,
        server_checked: std::mem::take(&mut structure.rules),
        absent: std::mem::take(&mut structure.absent),
    }
}

/// Values of a type met only in requests are decoded as strictly as they are built; a type
/// met in replies is read leniently, whatever else it is.
fn request_only(usage: Usage) -> bool {
    usage.request && !usage.response
}

/// For each required set, the optional fields it needs present (required ones always are);
/// `None` when a set names a property that is no field.
fn set_fields(required_sets: &[Vec<String>], fields: &[Field]) -> Option<Vec<Vec<String>>> {
    required_sets
        .iter()
        .map(|set| {
            set.iter()
                .map(|name| {
                    let field = fields.iter().find(|field| field.wire_name == *name)?;
                    Some((field.presence != Presence::Required).then(|| field.rust_name.clone()))
                })
                .collect::<Option<Vec<Option<String>>>>()
                .map(|names| names.into_iter().flatten().collect())
        })
        .collect()
}

/// An enum's variants; enums met in replies keep unknown values, since servers add values
/// before specs do, except tags, which must match exactly.
fn finish_enum(values: Vec<String>, usage: Usage, tag: bool) -> EnumDef {
    let rust_names = naming::enum_variant_names(&values);
    let catch_all = (usage.response && !tag).then(|| CatchAll {
        rust_name: naming::catch_all_name(&rust_names),
        docs: describe::UNKNOWN_VALUE_DOCS.to_owned(),
    });
    let variants = values
        .into_iter()
        .zip(rust_names)
        .map(|(wire, rust_name)| Variant {
            docs: describe::enum_variant_docs(&wire, &rust_name),
            wire,
            rust_name,
        })
        .collect();
    EnumDef {
        variants,
        catch_all,
    }
}

fn finish_field(
    field: FieldKey,
    rust_name: String,
    usage: Usage,
    markdown: &mut MarkdownCache,
) -> Field {
    let description = field
        .description
        .as_deref()
        .map(|html| markdown.convert(html))
        .unwrap_or_default();
    Field {
        docs: describe::field_docs(&description, &field, &rust_name),
        presence: presence(&field, usage),
        checks: field.ty.value_checks(),
        wire_name: field.wire_name,
        rust_name,
        ty: field.ty,
        required: field.required,
        description: field.description,
        deprecated: field.deprecated,
        default: field.default,
        read_only: field.read_only,
        write_only: field.write_only,
        server_checked: field.rules,
        fixed: None,
    }
}

/// Marks each required field of a type sent in requests whose schema allows one value (an enum
/// of one variant, an integer `enum` of one value): `new` sets it, so callers never spell a
/// value the spec already fixes (RevCent's `source_type`, "Must equal 'item'"). Runs once every
/// enum is finished, since the value is named by its variant.
fn fix_single_values(types: &mut [TypeDef], names: &[String]) {
    let single_variants: Vec<Option<String>> = types
        .iter()
        .map(|definition| match &definition.kind {
            TypeKind::Enum(enumeration) => match enumeration.variants.as_slice() {
                [only] => Some(only.rust_name.clone()),
                _ => None,
            },
            _ => None,
        })
        .collect();
    for definition in types.iter_mut() {
        let TypeKind::Struct(structure) = &mut definition.kind else {
            continue;
        };
        if !definition.usage.request {
            continue;
        }
        for field in &mut structure.fields {
            if field.presence != Presence::Required {
                continue;
            }
            field.fixed = match &field.ty {
                TypeRef::Named(id) => single_variants
                    .get(id.0)
                    .cloned()
                    .flatten()
                    .map(FixedValue::Variant),
                TypeRef::Integer(integer) => {
                    match integer.constraints.integer_values().as_deref() {
                        Some([only]) => Some(FixedValue::Integer(*only)),
                        _ => None,
                    }
                }
                _ => None,
            };
            if let Some(fixed) = &field.fixed {
                let enum_name = match &field.ty {
                    TypeRef::Named(id) => names.get(id.0).map(String::as_str),
                    _ => None,
                };
                field.docs.push_str("\n\n");
                field
                    .docs
                    .push_str(&describe::fixed_value_note(fixed, enum_name));
            }
        }
    }
}

/// Required fields are plain values, except those only one side sends (`readOnly`,
/// `writeOnly`) in a type the other side's values also use, which cannot have them. A type only
/// sent keeps its required `writeOnly` fields required, and one only received its `readOnly` ones.
fn presence(field: &FieldKey, usage: Usage) -> Presence {
    let optional = !field.required
        || (field.read_only && usage.request)
        || (field.write_only && usage.response);
    if !optional {
        Presence::Required
    } else if field.read_only && usage.request {
        // A value a request must not carry is never serialized where requests are built from it.
        Presence::ReceivedOnly
    } else if matches!(field.ty, TypeRef::Nullable(_)) {
        // Leaving it out and sending `null` are different requests (partial updates need both).
        Presence::OptionalNullable
    } else {
        // Any JSON includes `null`, which must then survive as a value.
        Presence::Optional {
            strict: request_only(usage) || field.ty == TypeRef::Any,
        }
    }
}

/// A choice's forms, named after their types; a choice met in replies keeps a form it does not
/// list whole, in its unknown variant. `reading` is what it read of its forms' drafts.
fn finish_one_of(
    alternatives: Vec<TypeRef>,
    reading: &ChoiceReading,
    usage: Usage,
    names: &[String],
    shapes: &[Shape],
) -> OneOfDef {
    let shape_of = |id: TypeId| {
        (
            shapes.get(id.0).copied().unwrap_or(Shape::Choice),
            names.get(id.0).cloned().unwrap_or_default(),
        )
    };
    let variant_names = naming::one_of_variant_names(&alternatives, names);
    let variants: Vec<OneOfVariant> = alternatives
        .into_iter()
        .zip(variant_names)
        .enumerate()
        .map(|(index, (ty, rust_name))| OneOfVariant {
            docs: describe::one_of_variant_docs(&ty, index, &shape_of),
            rust_name,
            ty,
        })
        .collect();
    let unknown = usage.response.then(|| {
        let taken: Vec<String> = variants
            .iter()
            .map(|variant| variant.rust_name.clone())
            .collect();
        CatchAll {
            rust_name: naming::catch_all_name(&taken),
            docs: describe::UNKNOWN_FORM_DOCS.to_owned(),
        }
    });
    OneOfDef {
        variants,
        unknown,
        text: reading.text.clone(),
        overlap: reading.overlap,
    }
}

/// Error bodies by status, each variant named after its body's type.
fn finish_by_status(variants: Vec<(TypeRef, Vec<StatusMatch>)>, names: &[String]) -> ByStatusDef {
    let types: Vec<TypeRef> = variants.iter().map(|(ty, _)| ty.clone()).collect();
    let variants = variants
        .into_iter()
        .zip(naming::one_of_variant_names(&types, names))
        .map(|((ty, statuses), rust_name)| StatusVariant {
            docs: describe::status_variant_docs(&statuses),
            rust_name,
            ty,
            statuses,
        })
        .collect();
    ByStatusDef { variants }
}
