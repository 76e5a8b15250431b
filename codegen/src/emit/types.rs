//! `src/types/<module>.rs`: one item per generated type and per operation's parameters struct
//! of the module, in name order.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use super::long_texts::{Items, LongTexts};
use super::text::{ItemText, MARGIN, concat, string_literal, tokens_text};
use super::{
    FileText, Printing, checks, ident, inner_doc_attrs, json_schema, render_groups, type_text,
    type_tokens,
};
use crate::error::Error;
use crate::ir::{
    Api, ByStatusDef, Decoding, EnumDef, Field, FixedValue, FlattenedField, Module, NewtypeDef,
    OneOfDef, Operation, Overlap, Param, Presence, ScalarRule, Sending, StatusMatch, StatusVariant,
    StructDef, TypeDef, TypeKind, TypeRef, ValueText,
};

pub(super) fn types_rs(api: &Api, module: Module, printing: Printing) -> Result<FileText, Error> {
    /// A struct, enum or newtype from the schemas, or the parameters struct of an operation.
    enum Item<'a> {
        Type(&'a TypeDef),
        Params(&'a Operation),
    }
    let mut items: Vec<(&str, Item)> = api
        .types
        .iter()
        .filter(|definition| definition.module == module)
        .map(|definition| (definition.name.as_str(), Item::Type(definition)))
        .chain(api.operations.iter().filter_map(|operation| {
            let params = operation.params_struct.as_ref()?;
            (Api::operation_module(operation) == module)
                .then_some((params.name.as_str(), Item::Params(operation)))
        }))
        .collect();
    items.sort_by(|a, b| a.0.cmp(b.0));
    let docs = match module {
        Module::Shared => inner_doc_attrs(
            "The types that operations of several resources use, or operations in no resource: \
             always compiled.",
        ),
        Module::Resource(index) => inner_doc_attrs(&api.resources[index].docs),
    };
    let header = quote! {
        #docs

        // Every type by its bare name, whichever module declares it: fields and docs' links
        // name types of the shared module (and the shared module's docs name their holders).
        #[allow(unused_imports, reason = "some modules name no type of another")]
        use super::*;
    };
    render_groups(
        header,
        items.len(),
        |index, texts| match &items[index].1 {
            Item::Type(definition) => {
                let items = match &definition.kind {
                    TypeKind::Struct(structure) => struct_items(api, definition, structure, texts),
                    TypeKind::Enum(enumeration) => enum_items(definition, enumeration, texts),
                    TypeKind::Newtype(newtype) => newtype_items(definition, newtype, texts),
                    TypeKind::OneOf(one_of) => one_of_tokens(api, definition, one_of, texts).into(),
                    TypeKind::ByStatus(by_status) => {
                        by_status_tokens(api, definition, by_status, texts).into()
                    }
                };
                items.then(json_schema::type_impl(api, definition, texts))
            }
            Item::Params(operation) => params_items(api, operation, texts),
        },
        &format!("src/types/{}.rs", api.module_name(module)),
        printing,
    )
}

/// The struct of an operation's query and header parameters. Not serialized: the method sends
/// each field as its [`Sending`] says.
fn params_items(api: &Api, operation: &Operation, texts: &mut LongTexts) -> Items {
    let Some(params_struct) = &operation.params_struct else {
        return Items::default();
    };
    let declaration = texts.item(params_struct_text(api, operation), |texts| {
        params_declaration_tokens(api, operation, texts)
    });
    let name = ident(&params_struct.name);
    let params: Vec<&Param> = operation
        .params
        .iter()
        .filter(|param| !matches!(param.sending, Sending::Path(_)))
        .collect();
    let members: Vec<Member> = params
        .iter()
        .map(|param| Member {
            rust_name: &param.rust_name,
            ty: Some(&param.ty),
            ty_text: type_text(api, &param.ty, ""),
            start: (!param.required).then_some(Start::Empty),
            setter: !param.required,
            deprecated: param.deprecated,
            fixed: false,
        })
        .collect();
    let text = constructor_text(&params_struct.name, &members, "parameter", false);
    let constructor = texts.item(text, |texts| {
        constructor_impl_tokens(api, &name, members, "parameter", None, texts)
    });
    declaration.then(constructor)
}

/// The declaration of an operation's parameters struct, with its docs.
fn params_declaration_tokens(
    api: &Api,
    operation: &Operation,
    texts: &mut LongTexts,
) -> TokenStream {
    let Some(params_struct) = &operation.params_struct else {
        return TokenStream::new();
    };
    let docs = texts.docs(&params_struct.docs);
    let default = params_struct.derives_default.then(|| quote!(Default,));
    let fields = operation
        .params
        .iter()
        .filter(|param| !matches!(param.sending, Sending::Path(_)))
        .map(|param: &Param| {
            let docs = texts.docs(&param.docs);
            let deprecated = param.deprecated.then(|| quote!(#[deprecated]));
            let field = ident(&param.rust_name);
            let ty = type_tokens(api, &param.ty, &TokenStream::new());
            if param.required {
                quote!(#docs #deprecated pub #field: #ty,)
            } else {
                quote!(#docs #deprecated pub #field: Option<#ty>,)
            }
        })
        .collect::<Vec<_>>();
    let name = ident(&params_struct.name);
    quote! {
        #docs
        #[derive(Clone, Debug, #default PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }
    }
}

/// [`params_declaration_tokens`] as text.
fn params_struct_text(api: &Api, operation: &Operation) -> ItemText {
    let mut text = ItemText::new(0);
    let Some(params_struct) = &operation.params_struct else {
        text.not_fitting();
        return text;
    };
    text.docs(&params_struct.docs);
    let default = if params_struct.derives_default {
        "Default, "
    } else {
        ""
    };
    text.line(format_args!("#[derive(Clone, Debug, {default}PartialEq)]"));
    text.line(format_args!("#[non_exhaustive]"));
    let mut params = operation
        .params
        .iter()
        .filter(|param| !matches!(param.sending, Sending::Path(_)))
        .peekable();
    if params.peek().is_none() {
        text.line_whole(format_args!("pub struct {} {{}}", params_struct.name), true);
        return text;
    }
    text.open_whole(format_args!("pub struct {} {{", params_struct.name));
    for param in params {
        let Some(ty) = type_text(api, &param.ty, "") else {
            text.not_fitting();
            return text;
        };
        text.docs(&param.docs);
        if param.deprecated {
            text.line(format_args!("#[deprecated]"));
        }
        let head = format!("pub {}: ", param.rust_name);
        if param.required {
            text.typed_line(&head, &ty, true);
        } else {
            text.typed_line(&head, &format!("Option<{ty}>"), true);
        }
    }
    text.close(format_args!("}}"));
    text
}

/// The value `new` gives a field the spec allows one value for.
fn fixed_value(api: &Api, field: &Field) -> Option<TokenStream> {
    Some(match field.fixed.as_ref()? {
        FixedValue::Variant(variant) => {
            let ty = type_tokens(api, &field.ty, &TokenStream::new());
            let variant = ident(variant);
            quote!(#ty::#variant)
        }
        FixedValue::Integer(value) => {
            let value = proc_macro2::Literal::i128_unsuffixed(*value);
            quote!(#value)
        }
    })
}

/// A field as the constructor of its struct sees it.
struct Member<'a> {
    rust_name: &'a str,
    /// Its type, unless it is no argument of `new` and has no setter (the additional
    /// properties' map); its tokens are made only when the constructor is built as tokens.
    ty: Option<&'a TypeRef>,
    /// Its type as text ([`type_text`]), when it can be written so.
    ty_text: Option<String>,
    /// What it starts as when it is no argument of `new`.
    start: Option<Start>,
    /// Whether it gets a `with_…` setter, which takes `ty` and stores it in a `Some`.
    setter: bool,
    deprecated: bool,
    /// Set by `new` to the one value the spec allows.
    fixed: bool,
}

/// What a member that is no argument of `new` starts as.
enum Start {
    /// `None`.
    Empty,
    /// An empty map of additional properties.
    EmptyMap,
    /// The one value the spec allows ([`fixed_value`]).
    Fixed(TokenStream),
}

impl Start {
    fn tokens(&self) -> TokenStream {
        match self {
            Self::Empty => quote!(None),
            Self::EmptyMap => quote!(std::collections::BTreeMap::new()),
            Self::Fixed(value) => value.clone(),
        }
    }

    /// As [`tokens_text`] prints [`Self::tokens`]; written, for the two that are always the
    /// same.
    fn text(&self) -> Option<String> {
        match self {
            Self::Empty => Some("None".to_owned()),
            Self::EmptyMap => Some("std::collections::BTreeMap::new()".to_owned()),
            Self::Fixed(value) => tokens_text(value),
        }
    }
}

/// The doc of `new` ([`constructor_tokens`]).
fn constructor_docs(members: &[Member<'_>], what: &str) -> String {
    let fixed = if members.iter().any(|member| member.fixed) {
        format!(" Required {what}s that the spec allows one value for are set to it.")
    } else {
        String::new()
    };
    format!(
        "A value with the required {what}s given and every other one empty (`None`): set those \
         with the `with_…` methods or by assignment.{fixed} Code that builds values this way \
         keeps compiling when the API adds an optional {what}."
    )
}

/// The `impl` block of [`constructor_tokens`] (and the `Default` of [`default_from_new`] when
/// `default`) as text, for the type `name`.
fn constructor_text(name: &str, members: &[Member<'_>], what: &str, default: bool) -> ItemText {
    let mut text = ItemText::new(0);
    text.open_whole(format_args!("impl {name} {{"));
    text.docs(&constructor_docs(members, what));
    let mut arguments = Vec::new();
    let mut initialisers = Vec::new();
    for member in members {
        let name = member.rust_name;
        match &member.start {
            None => {
                let Some(ty) = &member.ty_text else {
                    text.not_fitting();
                    return text;
                };
                arguments.push(concat(&[name, ": ", ty]));
                initialisers.push(name.to_owned());
            }
            Some(start) => {
                let Some(start) = start.text() else {
                    text.not_fitting();
                    return text;
                };
                initialisers.push(concat(&[name, ": ", &start]));
            }
        }
    }
    if arguments.len() > 7 {
        text.line(format_args!("#[allow("));
        text.depth_in();
        text.line(format_args!("clippy::too_many_arguments,"));
        text.line(format_args!(
            "reason = \"one argument per required field, as the API requires them\""
        ));
        text.depth_out();
        text.line(format_args!(")]"));
    }
    if members.iter().any(|member| member.deprecated) {
        text.line(format_args!(
            "#[allow(deprecated, reason = \"a deprecated field is still part of the value\")]"
        ));
    }
    text.line(format_args!("#[must_use]"));
    text.signature("pub fn new", &arguments, "Self");
    // prettyplease writes a struct literal on one line only when it is at most 34 columns
    // wide, not counting its closing brace.
    let literal = format!("Self {{ {} }}", initialisers.join(", "));
    if initialisers.is_empty() {
        text.line(format_args!("Self {{}}"));
    } else if literal.len() <= 35 {
        text.line(format_args!("{literal}"));
    } else {
        text.open(format_args!("Self {{"));
        for initialiser in &initialisers {
            text.line(format_args!("{initialiser},"));
        }
        text.close(format_args!("}}"));
    }
    text.close(format_args!("}}"));
    for member in members.iter().filter(|member| member.setter) {
        let name = member.rust_name;
        let Some(ty) = &member.ty_text else {
            text.not_fitting();
            return text;
        };
        text.docs(&concat(&[
            "The value with `",
            name,
            "` set to `Some(value)`.",
        ]));
        if member.deprecated {
            text.line(format_args!("#[deprecated]"));
            text.line(format_args!(
                "#[allow(deprecated, reason = \"the setter of a deprecated field sets it\")]"
            ));
        }
        text.line(format_args!("#[must_use]"));
        text.signature(
            &concat(&["pub fn with_", name]),
            &["mut self".to_owned(), concat(&["value: ", ty])],
            "Self",
        );
        text.line(format_args!("self.{name} = Some(value);"));
        text.line(format_args!("self"));
        text.close(format_args!("}}"));
    }
    text.close(format_args!("}}"));
    if default {
        text.open_impl("impl Default", name);
        text.open(format_args!("fn default() -> Self {{"));
        text.line(format_args!("Self::new()"));
        text.close(format_args!("}}"));
        text.close(format_args!("}}"));
    }
    text
}

/// `new`: every required field (a `new` argument, in field order), every other one empty; then
/// a `with_…` setter per optional field. `new` takes the same arguments when the API adds an
/// optional field, and the struct is `#[non_exhaustive]`, so code that builds values this way
/// keeps compiling where a struct literal could not.
fn constructor_tokens<'a>(
    api: &Api,
    members: impl Iterator<Item = Member<'a>>,
    what: &str,
    texts: &mut LongTexts,
) -> TokenStream {
    let members: Vec<Member> = members.collect();
    let member_type = |member: &Member<'_>| {
        member
            .ty
            .map(|ty| type_tokens(api, ty, &TokenStream::new()))
    };
    let arguments = members
        .iter()
        .filter(|member| member.start.is_none())
        .map(|member| {
            let name = ident(member.rust_name);
            let ty = member_type(member);
            quote!(#name: #ty)
        });
    let count = members
        .iter()
        .filter(|member| member.start.is_none())
        .count();
    let initialisers = members.iter().map(|member| {
        let name = ident(member.rust_name);
        member.start.as_ref().map_or_else(
            || quote!(#name),
            |start| {
                let start = start.tokens();
                quote!(#name: #start)
            },
        )
    });
    let docs = texts.docs(&constructor_docs(&members, what));
    let setters = members.iter().filter(|member| member.setter).map(|member| {
        let name = ident(member.rust_name);
        let setter = ident(&format!("with_{}", member.rust_name));
        let ty = member_type(member);
        let docs = texts.docs(&format!(
            "The value with `{}` set to `Some(value)`.",
            member.rust_name
        ));
        let deprecated = member.deprecated.then(|| {
            quote! {
                #[deprecated]
                #[allow(deprecated, reason = "the setter of a deprecated field sets it")]
            }
        });
        quote! {
            #docs
            #deprecated
            #[must_use]
            pub fn #setter(mut self, value: #ty) -> Self {
                self.#name = Some(value);
                self
            }
        }
    });
    let many = (count > 7).then(|| {
        quote!(#[allow(clippy::too_many_arguments, reason = "one argument per required field, as the API requires them")])
    });
    let deprecated = members.iter().any(|member| member.deprecated).then(
        || quote!(#[allow(deprecated, reason = "a deprecated field is still part of the value")]),
    );
    quote! {
        #docs
        #many
        #deprecated
        #[must_use]
        pub fn new(#(#arguments),*) -> Self {
            Self { #(#initialisers),* }
        }

        #(#setters)*
    }
}

/// A `new` without arguments (every required field fixed by the spec) is the value's
/// `Default`, which cannot be derived: a fixed value is not its type's default.
fn default_from_new(
    name: &Ident,
    structure: &StructDef,
    members: &[Member<'_>],
) -> Option<TokenStream> {
    let no_arguments = members.iter().all(|member| member.start.is_some());
    (!structure.derives_default && no_arguments).then(|| {
        quote! {
            impl Default for #name {
                fn default() -> Self {
                    Self::new()
                }
            }
        }
    })
}

fn struct_items(
    api: &Api,
    definition: &TypeDef,
    structure: &StructDef,
    texts: &mut LongTexts,
) -> Items {
    let name = ident(&definition.name);
    let declaration = texts.item(struct_text(api, definition, structure), |texts| {
        struct_declaration_tokens(api, definition, structure, texts)
    });
    // serde's derived code becomes inherent functions, behind the checks the decoding needs.
    let serde_impls = serde_impls(definition, structure, texts);
    // Only types sent in requests are built by downstream code; replies are read, and being
    // `#[non_exhaustive]` they may gain fields without breaking it.
    let constructor = definition.usage.request.then(|| {
        let members = struct_members(api, structure);
        let default = default_from_new(&name, structure, &members);
        let text = constructor_text(&definition.name, &members, "field", default.is_some());
        texts.item(text, |texts| {
            constructor_impl_tokens(api, &name, members, "field", default.as_ref(), texts)
        })
    });
    declaration.then(constructor).then(serde_impls)
}

/// A struct's fields as its constructor sees them: its fields, then its flattened forms and
/// additional properties.
fn struct_members<'a>(api: &Api, structure: &'a StructDef) -> Vec<Member<'a>> {
    structure
        .fields
        .iter()
        .map(|field| Member {
            rust_name: &field.rust_name,
            ty: Some(&field.ty),
            ty_text: type_text(api, &field.ty, ""),
            start: fixed_value(api, field)
                .map(Start::Fixed)
                .or_else(|| (field.presence != Presence::Required).then_some(Start::Empty)),
            setter: matches!(
                field.presence,
                Presence::Optional { .. } | Presence::OptionalNullable
            ),
            deprecated: field.deprecated,
            fixed: field.fixed.is_some(),
        })
        .chain(structure.forms.iter().map(|forms| Member {
            rust_name: &forms.rust_name,
            ty: Some(&forms.ty),
            ty_text: type_text(api, &forms.ty, ""),
            start: None,
            setter: false,
            deprecated: false,
            fixed: false,
        }))
        .chain(structure.additional.iter().map(|additional| Member {
            rust_name: &additional.rust_name,
            ty: None,
            ty_text: None,
            start: Some(Start::EmptyMap),
            setter: false,
            deprecated: false,
            fixed: false,
        }))
        .collect()
}

/// The `impl` block of [`constructor_tokens`] for the type `name`, then `default` (the
/// `Default` of [`default_from_new`]) if any: the tokens [`constructor_text`] writes.
fn constructor_impl_tokens(
    api: &Api,
    name: &Ident,
    members: Vec<Member<'_>>,
    what: &str,
    default: Option<&TokenStream>,
    texts: &mut LongTexts,
) -> TokenStream {
    let constructor = constructor_tokens(api, members.into_iter(), what, texts);
    quote! {
        impl #name {
            #constructor
        }
        #default
    }
}

/// The declaration of a struct from the schemas, with its docs and attributes.
fn struct_declaration_tokens(
    api: &Api,
    definition: &TypeDef,
    structure: &StructDef,
    texts: &mut LongTexts,
) -> TokenStream {
    let name = ident(&definition.name);
    let docs = texts.docs(&definition.docs);
    let default = structure.derives_default.then(|| quote!(Default,));
    let fields = structure.fields.iter().map(|field| {
        field_tokens(
            api,
            field,
            matches!(structure.decoding, Decoding::Strict { .. }),
            texts,
        )
    });
    let fields: Vec<TokenStream> = fields.collect();
    let flattened = |field: &FlattenedField, ty: TokenStream, texts: &mut LongTexts| {
        let docs = texts.docs(&field.docs);
        let rust_name = ident(&field.rust_name);
        quote! {
            #docs
            #[serde(flatten)]
            pub #rust_name: #ty,
        }
    };
    let forms = structure.forms.as_ref().map(|forms| {
        flattened(
            forms,
            type_tokens(api, &forms.ty, &TokenStream::new()),
            texts,
        )
    });
    let additional = structure.additional.as_ref().map(|additional| {
        let values = type_tokens(api, &additional.ty, &TokenStream::new());
        flattened(
            additional,
            quote!(std::collections::BTreeMap<String, #values>),
            texts,
        )
    });
    quote! {
        #docs
        #[derive(Clone, Debug, #default PartialEq, serde::Serialize, serde::Deserialize)]
        #[non_exhaustive]
        #[serde(remote = "Self")]
        pub struct #name {
            #(#fields)*
            #forms
            #additional
        }
    }
}

/// [`struct_declaration_tokens`] as text.
fn struct_text(api: &Api, definition: &TypeDef, structure: &StructDef) -> ItemText {
    let mut text = ItemText::new(0);
    text.docs(&definition.docs);
    let default = if structure.derives_default {
        "Default, "
    } else {
        ""
    };
    text.line(format_args!(
        "#[derive(Clone, Debug, {default}PartialEq, serde::Serialize, serde::Deserialize)]"
    ));
    text.line(format_args!("#[non_exhaustive]"));
    text.line(format_args!("#[serde(remote = \"Self\")]"));
    if structure.fields.is_empty() && structure.forms.is_none() && structure.additional.is_none() {
        text.line_whole(format_args!("pub struct {} {{}}", definition.name), true);
        return text;
    }
    text.open_whole(format_args!("pub struct {} {{", definition.name));
    let strict = matches!(structure.decoding, Decoding::Strict { .. });
    for field in &structure.fields {
        let Some(ty) = type_text(api, &field.ty, "") else {
            text.not_fitting();
            return text;
        };
        text.docs(&field.docs);
        if field.deprecated {
            text.line(format_args!("#[deprecated]"));
        }
        if field.rust_name != field.wire_name {
            text.line(format_args!(
                "#[serde(rename = {})]",
                string_literal(&field.wire_name)
            ));
        }
        let rust_name = &field.rust_name;
        let (with, required) = match field.presence {
            Presence::Required => {
                if strict && matches!(field.ty, TypeRef::Nullable(_)) {
                    text.line(format_args!(
                        "#[serde(deserialize_with = \"crate::runtime::strict::nullable\")]"
                    ));
                }
                (None, true)
            }
            Presence::Optional { strict: false } => {
                text.line(format_args!(
                    "#[serde(default, skip_serializing_if = \"Option::is_none\")]"
                ));
                (None, false)
            }
            Presence::Optional { strict: true } => (
                Some("deserialize_with = \"crate::runtime::strict::present\""),
                false,
            ),
            Presence::OptionalNullable => (Some("with = \"crate::runtime::nullable\""), false),
            Presence::ReceivedOnly => {
                text.line(format_args!("#[serde(default)]"));
                text.line(format_args!("#[serde(skip_serializing)]"));
                (None, false)
            }
        };
        if let Some(with) = with {
            text.line(format_args!("#[serde("));
            text.depth_in();
            text.line(format_args!("default,"));
            text.line(format_args!("skip_serializing_if = \"Option::is_none\","));
            text.line(format_args!("{with}"));
            text.depth_out();
            text.line(format_args!(")]"));
        }
        let head = concat(&["pub ", rust_name, ": "]);
        if required {
            text.typed_line(&head, &ty, true);
        } else {
            text.typed_line(&head, &concat(&["Option<", &ty, ">"]), true);
        }
    }
    let flattened = [
        structure.forms.as_ref().map(|forms| (forms, String::new())),
        structure
            .additional
            .as_ref()
            .map(|additional| (additional, "std::collections::BTreeMap<String, ".to_owned())),
    ];
    for (field, wrapper) in flattened.into_iter().flatten() {
        let Some(ty) = type_text(api, &field.ty, "") else {
            text.not_fitting();
            return text;
        };
        let close = if wrapper.is_empty() { "" } else { ">" };
        text.docs(&field.docs);
        text.line(format_args!("#[serde(flatten)]"));
        text.typed_line(
            &concat(&["pub ", &field.rust_name, ": "]),
            &concat(&[&wrapper, &ty, close]),
            true,
        );
    }
    text.close(format_args!("}}"));
    text
}

/// The `Serialize` and `Deserialize` impls of a struct, as its [`Decoding`] says, around
/// serde's derived code (`remote = "Self"` makes it inherent functions).
fn serde_impls(definition: &TypeDef, structure: &StructDef, texts: &mut LongTexts) -> Items {
    match &structure.decoding {
        Decoding::Lenient => texts.item(
            struct_serde_text(&definition.name, StructReading::Lenient),
            |_| struct_serde_tokens(&definition.name, StructReading::Lenient),
        ),
        Decoding::Strict { only, set_fields } => strict_struct_impls(
            definition,
            structure,
            only.as_deref(),
            set_fields.as_deref(),
            texts,
        ),
        Decoding::StrictAsRequest { only } => {
            strict_as_request_impls(definition, structure, only.as_deref(), texts)
        }
    }
}

/// How a struct's `Deserialize` impl reads it, as [`struct_serde_text`] writes it.
#[derive(Clone, Copy)]
enum StructReading {
    /// A type met in replies only: serde's derived code, given a JSON object only (derived
    /// code would also read an array, field by field).
    Lenient,
    /// [`strict_struct_impls`]; whether encoding calls `check_encoding` first.
    Strict { checked: bool },
    /// [`strict_as_request_impls`].
    StrictAsRequest,
}

/// The `Serialize` and `Deserialize` impls of a struct around serde's derived code, as text.
fn struct_serde_text(name: &str, reading: StructReading) -> ItemText {
    let mut text = ItemText::new(0);
    text.open_impl("impl serde::Serialize", name);
    text.open(format_args!(
        "fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {{"
    ));
    if let StructReading::Strict { checked: true } = reading {
        text.line(format_args!("self.check_encoding::<S::Error>()?;"));
    }
    text.line(format_args!("Self::serialize(self, serializer)"));
    text.close(format_args!("}}"));
    text.close(format_args!("}}"));
    text.open_impl("impl<'de> serde::Deserialize<'de>", name);
    text.docs(match reading {
        StructReading::Lenient => {
            "Reads leniently, as replies are read: a JSON object, whatever else it holds."
        }
        StructReading::Strict { .. } => {
            "Accepts only what the spec allows: a JSON object without properties the spec forbids,\n\
             carrying a required set where the spec has them, every value checked."
        }
        StructReading::StrictAsRequest => {
            "Reads leniently, as replies are read; a request's value (see\n\
             `crate::runtime::strict`) only as the spec allows it."
        }
    });
    deserialize_signature(&mut text);
    match reading {
        StructReading::Lenient => {
            text.line(format_args!(
                "Self::deserialize(crate::runtime::strict::ObjectOnly(deserializer))"
            ));
        }
        StructReading::Strict { .. } | StructReading::StrictAsRequest => {
            if let StructReading::StrictAsRequest = reading {
                text.open(format_args!("if !crate::runtime::strict::as_request() {{"));
                text.line(format_args!(
                    "return Self::deserialize(crate::runtime::strict::ObjectOnly(deserializer));"
                ));
                text.close(format_args!("}}"));
            }
            text.line(format_args!(
                "let object = crate::runtime::strict::object(deserializer, &Self::RULES)?;"
            ));
            text.line(format_args!(
                "crate::runtime::strict::fields(object, |fields| Self::deserialize(fields))"
            ));
        }
    }
    text.close(format_args!("}}"));
    text.close(format_args!("}}"));
    text
}

/// [`struct_serde_text`] as tokens, for an item that text cannot write.
fn struct_serde_tokens(name: &str, reading: StructReading) -> TokenStream {
    let name = ident(name);
    let check_call = matches!(reading, StructReading::Strict { checked: true })
        .then(|| quote!(self.check_encoding::<S::Error>()?;));
    let deserialize = match reading {
        StructReading::Lenient => quote! {
            /// Reads leniently, as replies are read: a JSON object, whatever else it holds.
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                Self::deserialize(crate::runtime::strict::ObjectOnly(deserializer))
            }
        },
        StructReading::Strict { .. } => quote! {
            /// Accepts only what the spec allows: a JSON object without properties the spec forbids,
            /// carrying a required set where the spec has them, every value checked.
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let object = crate::runtime::strict::object(deserializer, &Self::RULES)?;
                crate::runtime::strict::fields(object, |fields| Self::deserialize(fields))
            }
        },
        StructReading::StrictAsRequest => quote! {
            /// Reads leniently, as replies are read; a request's value (see
            /// `crate::runtime::strict`) only as the spec allows it.
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                if !crate::runtime::strict::as_request() {
                    return Self::deserialize(crate::runtime::strict::ObjectOnly(deserializer));
                }
                let object = crate::runtime::strict::object(deserializer, &Self::RULES)?;
                crate::runtime::strict::fields(object, |fields| Self::deserialize(fields))
            }
        },
    };
    quote! {
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                #check_call
                Self::serialize(self, serializer)
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            #deserialize
        }
    }
}

/// The field checks of a strict struct: the bounds and listed values of the integers and
/// numbers its fields hold ([`Field::checks`]) and the item counts of its lists, as decoding
/// rules and as checks made when a value is encoded.
struct FieldRules {
    ranges: Vec<TokenStream>,
    number_ranges: Vec<TokenStream>,
    listed: Vec<TokenStream>,
    counts: Vec<TokenStream>,
    encode_checks: Vec<TokenStream>,
}

fn field_rules(structure: &StructDef) -> FieldRules {
    let mut rules = FieldRules {
        ranges: Vec::new(),
        number_ranges: Vec::new(),
        listed: Vec::new(),
        counts: Vec::new(),
        encode_checks: Vec::new(),
    };
    let count_bound = |value: Option<u64>| {
        value.map_or_else(
            || quote!(None),
            |value| {
                let value = Literal::u64_unsuffixed(value);
                quote!(Some(#value))
            },
        )
    };
    for field in &structure.fields {
        let wire = &field.wire_name;
        // Most fields have no rules: their name's token is made only for one that has.
        let rust_name = || ident(&field.rust_name);
        if let Some(bounds) = field.ty.item_bounds() {
            let rust_name = rust_name();
            let (min, max) = (count_bound(bounds.min_items), count_bound(bounds.max_items));
            rules.counts.push(quote!((#wire, #min, #max)));
            // A list is present as itself, or inside one `Option` per way it may be missing.
            let pattern = match (field.presence, matches!(field.ty, TypeRef::Nullable(_))) {
                (Presence::Required, false) => None,
                (Presence::OptionalNullable, true) => Some(quote!(Some(Some(value)))),
                _ => Some(quote!(Some(value))),
            };
            let check = quote! {
                crate::runtime::check_count(#wire, value.len(), #min, #max).map_err(serde::ser::Error::custom)?;
            };
            rules.encode_checks.push(match pattern {
                None => quote! { let value = &self.#rust_name; #check },
                Some(pattern) => quote! { if let #pattern = &self.#rust_name { #check } },
            });
        }
        for check in &field.checks {
            let steps = checks::steps(&check.at);
            for rule in &check.rules {
                match rule {
                    ScalarRule::Range(range) => {
                        let (min, max) = (
                            checks::integer_bound(range.min),
                            checks::integer_bound(range.max),
                        );
                        rules.ranges.push(quote!((#wire, #steps, #min, #max)));
                    }
                    ScalarRule::NumberRange(range) => {
                        let (min, max) = checks::number_bounds(range);
                        rules
                            .number_ranges
                            .push(quote!((#wire, #steps, #min, #max)));
                    }
                    ScalarRule::Listed(values) => {
                        let values = checks::listed_values(values);
                        rules.listed.push(quote!((#wire, #steps, #values)));
                    }
                }
            }
        }
        if !field.checks.is_empty() {
            let rust_name = rust_name();
            // The field's value, or the `Some` of an optional one.
            let check = checks::value_checks(
                wire,
                &field.checks,
                field.presence != Presence::Required,
                Some(&quote!(serde::ser::Error::custom)),
            );
            rules
                .encode_checks
                .push(quote! { let value = &self.#rust_name; #check });
        }
    }
    rules
}

/// Whether encoding a struct checks anything (its required sets, its lists' item counts, the
/// scalars its fields hold), and so whether it has a `check_encoding` method.
pub(super) fn checks_when_encoding(structure: &StructDef) -> bool {
    match &structure.decoding {
        Decoding::Strict { set_fields, .. } => {
            set_fields.as_ref().is_some_and(|sets| !sets.is_empty())
                || structure
                    .fields
                    .iter()
                    .any(|field| field.ty.item_bounds().is_some() || !field.checks.is_empty())
        }
        Decoding::Lenient | Decoding::StrictAsRequest { .. } => false,
    }
}

/// The (de)serialisation of a type met in requests only: serde's derived code (`remote =
/// "Self"` makes it inherent functions) behind the checks of `crate::runtime::strict`.
fn strict_struct_impls(
    definition: &TypeDef,
    structure: &StructDef,
    only: Option<&[String]>,
    set_fields: Option<&[Vec<String>]>,
    texts: &mut LongTexts,
) -> Items {
    let name = ident(&definition.name);
    // Encoding checks the required sets on the fields themselves, so that a value built in Rust
    // is held to the rule as one decoded from JSON is.
    let set_check = set_fields.filter(|sets| !sets.is_empty()).map(|sets| {
        let conditions = sets.iter().map(|fields| {
            if fields.is_empty() {
                return quote!(true);
            }
            let fields = fields.iter().map(|field| ident(field));
            quote!((#(self.#fields.is_some())&&*))
        });
        let missing = if structure.required_sets.exclusive {
            quote!([#(#conditions),*].into_iter().filter(|carried| *carried).count() != 1)
        } else {
            quote!(!(#(#conditions)||*))
        };
        quote! {
            if #missing {
                return Err(serde::ser::Error::custom(crate::runtime::strict::missing_sets(&Self::RULES)));
            }
        }
    });
    let field_rules = field_rules(structure);
    let encode_checks = &field_rules.encode_checks;
    let reads_deprecated = (set_check.is_some() || !encode_checks.is_empty())
        && structure.fields.iter().any(|field| field.deprecated);
    let allow_deprecated = reads_deprecated.then(|| {
        quote!(#[allow(deprecated, reason = "deprecated fields are still checked: a caller may set them")])
    });
    // The fields' own decoding asks for required nullable properties and refuses `null` for
    // optional ones (`crate::runtime::strict::nullable` and `present`).
    let rules = object_rules(definition, structure, only, &field_rules, &[], &[], texts);
    // The checks are a method of their own because a multipart body is sent part by part,
    // without serialising the struct, and must be held to them all the same.
    let checked = checks_when_encoding(structure);
    let check_method = checked.then(|| {
        quote! {
            impl #name {
                /// Checks what the spec asks of this value beyond its fields' types, as
                /// encoding it does.
                #allow_deprecated
                pub(crate) fn check_encoding<E: serde::ser::Error>(&self) -> Result<(), E> {
                    #set_check
                    #(#encode_checks)*
                    Ok(())
                }
            }
        }
    });
    let reading = StructReading::Strict { checked };
    let serde_impls = texts.item(struct_serde_text(&definition.name, reading), |_| {
        struct_serde_tokens(&definition.name, reading)
    });
    rules
        .then(check_method.unwrap_or_default())
        .then(serde_impls)
}

/// The (de)serialisation of a type met in requests and in replies: read as replies are, except
/// as a request's value, when it is read as a type met in requests only is; written as it is.
fn strict_as_request_impls(
    definition: &TypeDef,
    structure: &StructDef,
    only: Option<&[String]>,
    texts: &mut LongTexts,
) -> Items {
    // The fields decode as replies' do, so the rules check what the fields' decoding lets by.
    let present: Vec<&str> = structure
        .fields
        .iter()
        .filter(|field| {
            field.presence == Presence::Required && matches!(field.ty, TypeRef::Nullable(_))
        })
        .map(|field| field.wire_name.as_str())
        .collect();
    let not_null: Vec<&str> = structure
        .fields
        .iter()
        .filter(|field| field.presence == Presence::Optional { strict: false })
        .map(|field| field.wire_name.as_str())
        .collect();
    let rules = object_rules(
        definition,
        structure,
        only,
        &field_rules(structure),
        &present,
        &not_null,
        texts,
    );
    let reading = StructReading::StrictAsRequest;
    let serde_impls = texts.item(struct_serde_text(&definition.name, reading), |_| {
        struct_serde_tokens(&definition.name, reading)
    });
    rules.then(serde_impls)
}

/// The `RULES` constant of a strictly decoded struct (`crate::runtime::strict::ObjectRules`),
/// as text when it checks no scalar or count ([`object_rules_text`]).
fn object_rules(
    definition: &TypeDef,
    structure: &StructDef,
    only: Option<&[String]>,
    field_rules: &FieldRules,
    present: &[&str],
    not_null: &[&str],
    texts: &mut LongTexts,
) -> Items {
    let text = object_rules_text(definition, structure, only, field_rules, present, not_null);
    texts.item(text, |_| {
        object_rules_tokens(definition, structure, only, field_rules, present, not_null)
    })
}

/// [`object_rules_tokens`] as text, when its lists of checks are empty and its lists of names
/// each fit on a line (`only` also as prettyplease splits it); otherwise an item that does not
/// fit.
fn object_rules_text(
    definition: &TypeDef,
    structure: &StructDef,
    only: Option<&[String]>,
    field_rules: &FieldRules,
    present: &[&str],
    not_null: &[&str],
) -> ItemText {
    let mut text = ItemText::new(0);
    let FieldRules {
        ranges,
        number_ranges,
        listed,
        counts,
        encode_checks: _,
    } = field_rules;
    if !(ranges.is_empty() && number_ranges.is_empty() && listed.is_empty() && counts.is_empty()) {
        text.not_fitting();
        return text;
    }
    let names = |names: &mut dyn Iterator<Item = &str>| {
        let names: Vec<String> = names.map(string_literal).collect();
        names.join(", ")
    };
    text.open_whole(format_args!("impl {} {{", definition.name));
    text.docs("What decoding checks beyond the field types.");
    // Wider than the margin, but prettyplease has nowhere to split it.
    text.open_unchecked(format_args!(
        "const RULES: crate::runtime::strict::ObjectRules = crate::runtime::strict::ObjectRules {{"
    ));
    text.line_whole(
        format_args!("type_name: {},", string_literal(&definition.name)),
        true,
    );
    match only {
        None => text.line(format_args!("only: None,")),
        Some(only) => {
            let listed: Vec<String> = only.iter().map(|name| string_literal(name)).collect();
            let inline = format!("&[{}]", listed.join(", "));
            let width = text.width();
            if width + "only: Some(".len() + inline.len() + "),".len() <= MARGIN {
                text.line(format_args!("only: Some({inline}),"));
            } else if width + 4 + inline.len() <= MARGIN {
                // The list on a line of its own: prettyplease writes its comma only when it
                // breaks `Some(…)`, and does not weigh it.
                text.open(format_args!("only: Some("));
                text.line_unchecked(format_args!("{inline},"));
                text.close(format_args!("),"));
            } else {
                text.open(format_args!("only: Some("));
                text.open(format_args!("&["));
                for name in &listed {
                    text.line_whole(format_args!("{name},"), true);
                }
                text.close(format_args!("],"));
                text.close(format_args!("),"));
            }
        }
    }
    let sets: Vec<String> = structure
        .required_sets
        .sets
        .iter()
        .map(|set| format!("&[{}]", names(&mut set.iter().map(String::as_str))))
        .collect();
    text.line(format_args!("one_of_sets: &[{}],", sets.join(", ")));
    text.line(format_args!(
        "one_set_only: {},",
        structure.required_sets.exclusive
    ));
    text.line(format_args!("ranges: &[],"));
    text.line(format_args!("number_ranges: &[],"));
    text.line(format_args!("listed: &[],"));
    text.line(format_args!("counts: &[],"));
    text.line(format_args!(
        "present: &[{}],",
        names(&mut present.iter().copied())
    ));
    text.line(format_args!(
        "not_null: &[{}],",
        names(&mut not_null.iter().copied())
    ));
    text.close(format_args!("}};"));
    text.close(format_args!("}}"));
    text
}

/// [`object_rules`] as tokens.
fn object_rules_tokens(
    definition: &TypeDef,
    structure: &StructDef,
    only: Option<&[String]>,
    field_rules: &FieldRules,
    present: &[&str],
    not_null: &[&str],
) -> TokenStream {
    let FieldRules {
        ranges,
        number_ranges,
        listed,
        counts,
        encode_checks: _,
    } = field_rules;
    let name = ident(&definition.name);
    let name_text = &definition.name;
    let only = only.map_or_else(|| quote!(None), |names| quote!(Some(&[#(#names),*])));
    let sets = structure
        .required_sets
        .sets
        .iter()
        .map(|set| quote!(&[#(#set),*]));
    let one_set_only = structure.required_sets.exclusive;
    quote! {
        impl #name {
            /// What decoding checks beyond the field types.
            const RULES: crate::runtime::strict::ObjectRules = crate::runtime::strict::ObjectRules {
                type_name: #name_text,
                only: #only,
                one_of_sets: &[#(#sets),*],
                one_set_only: #one_set_only,
                ranges: &[#(#ranges),*],
                number_ranges: &[#(#number_ranges),*],
                listed: &[#(#listed),*],
                counts: &[#(#counts),*],
                present: &[#(#present),*],
                not_null: &[#(#not_null),*],
            };
        }
    }
}

/// `strict`: the struct is decoded as a request type, which must refuse what the schema does.
fn field_tokens(api: &Api, field: &Field, strict: bool, texts: &mut LongTexts) -> TokenStream {
    let docs = texts.docs(&field.docs);
    let rust_name = ident(&field.rust_name);
    let wire = &field.wire_name;
    let rename = (field.rust_name != field.wire_name).then(|| quote!(#[serde(rename = #wire)]));
    let deprecated = field.deprecated.then(|| quote!(#[deprecated]));
    let ty = type_tokens(api, &field.ty, &TokenStream::new());
    let attributes = match field.presence {
        Presence::Required => {
            // serde reads a missing `Option` field as `None`; a required nullable property of a
            // request must be there, even if `null`: with `deserialize_with`, serde asks for it.
            let must_be_present = (strict && matches!(field.ty, TypeRef::Nullable(_)))
                .then(|| quote!(#[serde(deserialize_with = "crate::runtime::strict::nullable")]));
            return quote! {
                #docs
                #deprecated
                #rename
                #must_be_present
                pub #rust_name: #ty,
            };
        }
        Presence::Optional { strict: false } => {
            quote!(#[serde(default, skip_serializing_if = "Option::is_none")])
        }
        Presence::Optional { strict: true } => quote! {
            #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::runtime::strict::present")]
        },
        Presence::OptionalNullable => quote! {
            #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::runtime::nullable")]
        },
        Presence::ReceivedOnly => quote! {
            #[serde(default)]
            #[serde(skip_serializing)]
        },
    };
    quote! {
        #docs
        #deprecated
        #rename
        #attributes
        pub #rust_name: Option<#ty>,
    }
}

/// A `oneOf`/`anyOf`: an untagged enum, each alternative tried in spec order. Alternatives that
/// differ by a constant or enum property (a discriminator) match exactly one variant.
fn one_of_tokens(
    api: &Api,
    definition: &TypeDef,
    one_of: &OneOfDef,
    texts: &mut LongTexts,
) -> TokenStream {
    let name = ident(&definition.name);
    let docs = texts.docs(&definition.docs);
    let variants = one_of.variants.iter().map(|variant| {
        let variant_name = ident(&variant.rust_name);
        let ty = type_tokens(api, &variant.ty, &TokenStream::new());
        let docs = texts.docs(&variant.docs);
        quote! {
            #docs
            #variant_name(#ty),
        }
    });
    let variants: Vec<TokenStream> = variants.collect();
    let unknown = one_of.unknown.as_ref().map(|unknown| {
        let docs = texts.docs(&unknown.docs);
        let name = ident(&unknown.rust_name);
        quote! {
            #docs
            #name(crate::runtime::unknown::UnknownForm),
        }
    });
    let display = one_of.text.as_ref().map(|texts| {
        let arms = one_of.variants.iter().zip(texts).map(|(variant, text)| {
            let variant_name = ident(&variant.rust_name);
            let write = match text {
                ValueText::AsStr => quote!(formatter.write_str(value.as_str())),
                ValueText::Display => quote!(std::fmt::Display::fmt(value, formatter)),
            };
            quote!(Self::#variant_name(value) => #write,)
        });
        let unknown = one_of.unknown.as_ref().map(|unknown| {
            let unknown_name = ident(&unknown.rust_name);
            quote!(Self::#unknown_name(value) => std::fmt::Display::fmt(value, formatter),)
        });
        quote! {
            /// The value as it is written in a path, a query, a header or a form: the chosen
            /// form's text.
            impl std::fmt::Display for #name {
                fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    match self {
                        #(#arms)*
                        #unknown
                    }
                }
            }
        }
    });
    let counted = overlap_tokens(api, definition, one_of);
    // Counting the forms a value matches wraps serde's derived code, made inherent functions.
    let remote = counted.is_some().then(|| quote!(#[serde(remote = "Self")]));
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        #[non_exhaustive]
        #[serde(untagged)]
        #remote
        #[allow(clippy::large_enum_variant, reason = "variants mirror the API's forms; boxing them would burden every construction and match")]
        pub enum #name {
            #(#variants)*
            #unknown
        }

        #display
        #counted
    }
}

/// For a `oneOf` whose forms may accept one value together ([`Overlap`]), the (de)serialisation
/// that refuses such a value: each form is tried on the value and exactly one must accept it.
fn overlap_tokens(api: &Api, definition: &TypeDef, one_of: &OneOfDef) -> Option<TokenStream> {
    let lenient_first = match one_of.overlap {
        Overlap::Refused => None,
        Overlap::RefusedAsRequest => Some(quote! {
            if !crate::runtime::strict::as_request() {
                return Self::deserialize(deserializer);
            }
        }),
        Overlap::Allowed | Overlap::Impossible | Overlap::Unchecked => return None,
    };
    let name = ident(&definition.name);
    let name_text = &definition.name;
    let forms = one_of.variants.iter().map(|variant| {
        let variant_name = ident(&variant.rust_name);
        let variant_text = &variant.rust_name;
        let ty = type_tokens(api, &variant.ty, &TokenStream::new());
        quote!((#variant_text, |value| <#ty as serde::Deserialize>::deserialize(value).map(Self::#variant_name)))
    });
    Some(quote! {
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                Self::serialize(self, serializer)
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            /// Takes the one form that accepts the value: the spec's `oneOf` refuses a value
            /// that several accept.
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #lenient_first
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                crate::runtime::strict::exactly_one(#name_text, &value, &[#(#forms),*])
            }
        }
    })
}

/// Error bodies read by the reply's status: exact statuses first, then classes, then
/// `default`; a status none of them names tries each body in turn.
fn by_status_tokens(
    api: &Api,
    definition: &TypeDef,
    by_status: &ByStatusDef,
    texts: &mut LongTexts,
) -> TokenStream {
    let name = ident(&definition.name);
    let docs = texts.docs(&definition.docs);
    let variants = by_status.variants.iter().map(|variant| {
        let docs = texts.docs(&variant.docs);
        let variant_name = ident(&variant.rust_name);
        let ty = type_tokens(api, &variant.ty, &TokenStream::new());
        quote! {
            #docs
            #variant_name(#ty),
        }
    });
    let read = |variant: &StatusVariant| {
        let variant_name = ident(&variant.rust_name);
        quote!(serde_json::from_slice(body).map(Self::#variant_name))
    };
    let mut arms: Vec<(u8, TokenStream)> = Vec::new();
    let mut fallback = None;
    for variant in &by_status.variants {
        let reading = read(variant);
        for status in &variant.statuses {
            match status {
                StatusMatch::Exact(code) => {
                    let code = Literal::u16_unsuffixed(*code);
                    arms.push((0, quote!(#code => #reading,)));
                }
                StatusMatch::Class(class) => {
                    let low = Literal::u16_unsuffixed(class * 100);
                    let high = Literal::u16_unsuffixed(class * 100 + 99);
                    arms.push((1, quote!(#low..=#high => #reading,)));
                }
                StatusMatch::Default => fallback = Some(reading.clone()),
            }
        }
    }
    // Exact statuses before classes, each group in spec order.
    arms.sort_by_key(|(rank, _)| *rank);
    let statuses = || {
        by_status
            .variants
            .iter()
            .flat_map(|variant| &variant.statuses)
    };
    let overlap = statuses().any(|exact| {
        matches!(exact, StatusMatch::Exact(code)
            if statuses().any(|class| *class == StatusMatch::Class(code / 100)))
    });
    let allow_overlap = overlap.then(|| {
        quote!(#[allow(clippy::match_overlapping_arm, reason = "an exact status comes first: it wins over its class, as OpenAPI says")])
    });
    let arms = arms.into_iter().map(|(_, arm)| arm);
    let fallback = fallback.unwrap_or_else(|| {
        let mut readings = by_status.variants.iter().map(read);
        let first = readings.next().unwrap_or_default();
        quote!(#first #(.or_else(|_| #readings))*)
    });
    quote! {
        #docs
        // Serialised as the body it holds, so errors display it and dynamic calls return it.
        #[derive(Clone, Debug, PartialEq, serde::Serialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant, reason = "variants mirror the API's error bodies; boxing them would burden every match")]
        pub enum #name {
            #(#variants)*
        }

        impl crate::runtime::ErrorBody for #name {
            #allow_overlap
            fn from_reply(status: reqwest::StatusCode, body: &[u8]) -> serde_json::Result<Self> {
                match status.as_u16() {
                    #(#arms)*
                    _ => #fallback,
                }
            }
        }
    }
}

fn enum_items(definition: &TypeDef, enumeration: &EnumDef, texts: &mut LongTexts) -> Items {
    let name = ident(&definition.name);
    let catch_all = enumeration
        .catch_all
        .as_ref()
        .map(|catch_all| ident(&catch_all.rust_name));
    let declaration = texts.item(enum_text(definition, enumeration), |texts| {
        enum_declaration_tokens(definition, enumeration, texts)
    });
    let text_impls = texts.item(enum_impls_text(&definition.name, enumeration), |_| {
        let text_impls = enum_text_impls(&name, &definition.name);
        let deserialize = enum_deserialize(&name, catch_all.as_ref());
        quote!(#text_impls #deserialize)
    });
    declaration.then(text_impls)
}

/// An enum's declaration, its list of values and `as_str`.
fn enum_declaration_tokens(
    definition: &TypeDef,
    enumeration: &EnumDef,
    texts: &mut LongTexts,
) -> TokenStream {
    let name = ident(&definition.name);
    let docs = texts.docs(&definition.docs);
    let count = Literal::usize_unsuffixed(enumeration.variants.len());
    let variant_idents: Vec<Ident> = enumeration
        .variants
        .iter()
        .map(|variant| ident(&variant.rust_name))
        .collect();
    let wires: Vec<&str> = enumeration
        .variants
        .iter()
        .map(|variant| variant.wire.as_str())
        .collect();
    let variant_docs = enumeration
        .variants
        .iter()
        .map(|variant| texts.docs(&variant.docs))
        .collect::<Vec<_>>();
    let catch_all = enumeration
        .catch_all
        .as_ref()
        .map(|catch_all| ident(&catch_all.rust_name));
    // A closed enum is a plain value; one that keeps unknown values holds a string.
    let copy = catch_all.is_none().then(|| quote!(Copy,));
    let unknown_variant = enumeration.catch_all.as_ref().map(|catch_all| {
        let docs = texts.docs(&catch_all.docs);
        let name = ident(&catch_all.rust_name);
        quote! {
            #docs
            #name(crate::runtime::unknown::UnknownValue),
        }
    });
    let as_str = enum_as_str(&variant_idents, &wires, catch_all.as_ref());
    quote! {
        #docs
        #[derive(Clone, #copy Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variant_docs #variant_idents,)*
            #unknown_variant
        }

        impl #name {
            /// Every value the spec lists, in its order.
            pub const ALL: [Self; #count] = [#(Self::#variant_idents),*];

            #as_str
        }
    }
}

/// [`enum_declaration_tokens`] as text.
fn enum_text(definition: &TypeDef, enumeration: &EnumDef) -> ItemText {
    let name = &definition.name;
    let mut text = ItemText::new(0);
    if enumeration.variants.is_empty() {
        text.not_fitting();
        return text;
    }
    text.docs(&definition.docs);
    let copy = if enumeration.catch_all.is_none() {
        "Copy, "
    } else {
        ""
    };
    text.line(format_args!(
        "#[derive(Clone, {copy}Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]"
    ));
    text.line(format_args!("#[non_exhaustive]"));
    text.open_whole(format_args!("pub enum {name} {{"));
    for variant in &enumeration.variants {
        text.docs(&variant.docs);
        text.line(format_args!("{},", variant.rust_name));
    }
    if let Some(catch_all) = &enumeration.catch_all {
        text.docs(&catch_all.docs);
        text.line(format_args!(
            "{}(crate::runtime::unknown::UnknownValue),",
            catch_all.rust_name
        ));
    }
    text.close(format_args!("}}"));
    text.open_whole(format_args!("impl {name} {{"));
    text.docs("Every value the spec lists, in its order.");
    let all: Vec<String> = enumeration
        .variants
        .iter()
        .map(|variant| format!("Self::{}", variant.rust_name))
        .collect();
    let head = format!("pub const ALL: [Self; {}] = [", all.len());
    let one_line = format!("{head}{}];", all.join(", "));
    // prettyplease lists the values on the line when they fit, else one a line.
    if text.width() + one_line.len() <= MARGIN {
        text.line(format_args!("{one_line}"));
    } else {
        text.open(format_args!("{head}"));
        for value in &all {
            text.line(format_args!("{value},"));
        }
        text.close(format_args!("];"));
    }
    text.docs("The value as it is sent on the wire.");
    text.line(format_args!("#[must_use]"));
    if enumeration.catch_all.is_none() {
        text.open(format_args!("pub const fn as_str(self) -> &'static str {{"));
    } else {
        text.open(format_args!("pub fn as_str(&self) -> &str {{"));
    }
    text.open(format_args!("match self {{"));
    for variant in &enumeration.variants {
        text.arm(
            &format!("Self::{}", variant.rust_name),
            &string_literal(&variant.wire),
        );
    }
    if let Some(catch_all) = &enumeration.catch_all {
        text.line(format_args!(
            "Self::{}(value) => value.as_str(),",
            catch_all.rust_name
        ));
    }
    text.close(format_args!("}}"));
    text.close(format_args!("}}"));
    text.close(format_args!("}}"));
    text
}

/// `as_str`: a `const fn` on a closed enum, a borrowing one when a catch-all holds the text.
fn enum_as_str(variants: &[Ident], wires: &[&str], catch_all: Option<&Ident>) -> TokenStream {
    match catch_all {
        None => quote! {
            /// The value as it is sent on the wire.
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self {
                    #(Self::#variants => #wires,)*
                }
            }
        },
        Some(catch_all) => quote! {
            /// The value as it is sent on the wire.
            #[must_use]
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #wires,)*
                    Self::#catch_all(value) => value.as_str(),
                }
            }
        },
    }
}

/// [`enum_text_impls`] and [`enum_deserialize`] as text.
fn enum_impls_text(name: &str, enumeration: &EnumDef) -> ItemText {
    let mut text = ItemText::new(0);
    text.open_impl("impl std::str::FromStr", name);
    text.line(format_args!("type Err = crate::runtime::InvalidValue;"));
    text.docs("Accepts only the values the spec lists.");
    text.open(format_args!(
        "fn from_str(value: &str) -> Result<Self, Self::Err> {{"
    ));
    text.line(format_args!("Self::ALL"));
    text.depth_in();
    text.line(format_args!(".into_iter()"));
    text.line(format_args!(".find(|known| known.as_str() == value)"));
    text.call(
        ".ok_or_else(|| crate::runtime::InvalidValue::not_listed",
        &[format!("\"{name}\""), "value".to_owned()],
        ")",
    );
    text.depth_out();
    text.close(format_args!("}}"));
    text.close(format_args!("}}"));
    text.open_impl("impl std::fmt::Display", name);
    text.open(format_args!(
        "fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {{"
    ));
    text.line(format_args!("formatter.write_str(self.as_str())"));
    text.close(format_args!("}}"));
    text.close(format_args!("}}"));
    text.open_impl("impl serde::Serialize", name);
    text.open(format_args!(
        "fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {{"
    ));
    text.line(format_args!("serializer.serialize_str(self.as_str())"));
    text.close(format_args!("}}"));
    text.close(format_args!("}}"));
    text.open_impl("impl<'de> serde::Deserialize<'de>", name);
    match &enumeration.catch_all {
        None => {
            deserialize_signature(&mut text);
            text.line(format_args!(
                "let value = String::deserialize(deserializer)?;"
            ));
            text.line(format_args!(
                "value.parse().map_err(serde::de::Error::custom)"
            ));
        }
        Some(catch_all) => {
            text.docs(
                "Keeps values the spec does not list in the catch-all variant, except in a\n\
                 request's value.",
            );
            deserialize_signature(&mut text);
            text.line(format_args!(
                "let value = String::deserialize(deserializer)?;"
            ));
            text.open(format_args!("match value.parse() {{"));
            text.line(format_args!("Ok(known) => Ok(known),"));
            text.open(format_args!(
                "Err(problem) if crate::runtime::strict::as_request() => {{"
            ));
            text.line(format_args!("Err(serde::de::Error::custom(problem))"));
            text.close(format_args!("}}"));
            let catch_all = &catch_all.rust_name;
            let keep =
                format!("Ok(Self::{catch_all}(crate::runtime::unknown::UnknownValue::new(value)))");
            text.arm("Err(_)", &keep);
            text.close(format_args!("}}"));
        }
    }
    text.close(format_args!("}}"));
    text.close(format_args!("}}"));
    text
}

/// The signature of `deserialize` as prettyplease prints it (too wide for one line in an
/// `impl`), opening its body.
fn deserialize_signature(text: &mut ItemText) {
    text.line(format_args!("fn deserialize<D: serde::Deserializer<'de>>("));
    text.depth_in();
    text.line(format_args!("deserializer: D,"));
    text.depth_out();
    text.open(format_args!(") -> Result<Self, D::Error> {{"));
}

/// Parsing, display and serialisation, all through the listed wire values.
fn enum_text_impls(name: &Ident, name_text: &str) -> TokenStream {
    quote! {
        impl std::str::FromStr for #name {
            type Err = crate::runtime::InvalidValue;

            /// Accepts only the values the spec lists.
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Self::ALL
                    .into_iter()
                    .find(|known| known.as_str() == value)
                    .ok_or_else(|| crate::runtime::InvalidValue::not_listed(#name_text, value))
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str(self.as_str())
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
    }
}

/// Deserialisation: strict for a closed enum, keeping unknown values in the catch-all otherwise.
fn enum_deserialize(name: &Ident, catch_all: Option<&Ident>) -> TokenStream {
    match catch_all {
        None => quote! {
            impl<'de> serde::Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let value = String::deserialize(deserializer)?;
                    value.parse().map_err(serde::de::Error::custom)
                }
            }
        },
        Some(catch_all) => quote! {
            impl<'de> serde::Deserialize<'de> for #name {
                /// Keeps values the spec does not list in the catch-all variant, except in a
                /// request's value.
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let value = String::deserialize(deserializer)?;
                    match value.parse() {
                        Ok(known) => Ok(known),
                        // A request's value (see `crate::runtime::strict`) takes listed values only.
                        Err(problem) if crate::runtime::strict::as_request() => {
                            Err(serde::de::Error::custom(problem))
                        }
                        Err(_) => Ok(Self::#catch_all(crate::runtime::unknown::UnknownValue::new(value))),
                    }
                }
            }
        },
    }
}

fn optional_u64(value: Option<u64>) -> TokenStream {
    value.map_or_else(
        || quote!(None),
        |value| {
            let value = Literal::u64_unsuffixed(value);
            quote!(Some(#value))
        },
    )
}

fn newtype_items(definition: &TypeDef, newtype: &NewtypeDef, texts: &mut LongTexts) -> Items {
    let name = ident(&definition.name);
    // The tokens are only made when the text cannot be used: building them for every
    // newtype was most of what emitting one cost.
    let impls = texts.item(newtype_impls_text(definition, newtype), |texts| {
        newtype_impls_tokens(&name, &definition.name, newtype, texts)
    });
    let declaration = texts.item(newtype_declaration_text(definition), |texts| {
        let docs = texts.docs(&definition.docs);
        quote! {
            #docs
            #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
            #[serde(transparent)]
            pub struct #name(String);
        }
    });
    declaration.then(impls)
}

/// The impls of a checked string ([`newtype_items`]) as tokens, for when their text cannot be
/// used.
fn newtype_impls_tokens(
    name: &Ident,
    name_text: &str,
    newtype: &NewtypeDef,
    texts: &mut LongTexts,
) -> TokenStream {
    let constraints = &newtype.constraints;
    let min = optional_u64(constraints.min_length);
    let max = optional_u64(constraints.max_length);
    let min_const = constraints.min_length.map(|min| {
        let min = Literal::u64_unsuffixed(min);
        quote! {
            /// The fewest characters a value may have.
            pub const MIN_LENGTH: u64 = #min;
        }
    });
    let max_const = constraints.max_length.map(|max| {
        let max = Literal::u64_unsuffixed(max);
        quote! {
            /// The most characters a value may have.
            pub const MAX_LENGTH: u64 = #max;
        }
    });
    let conversions = newtype_conversions(name);
    // Values met in requests only are checked when decoded too; others are received as sent,
    // except in a request's value (see `crate::runtime::strict`).
    let deserialize = if newtype.checked_on_decode {
        quote! {
            impl<'de> serde::Deserialize<'de> for #name {
                /// Checks the value as [`Self::new`] does.
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let value = String::deserialize(deserializer)?;
                    Self::new(value).map_err(serde::de::Error::custom)
                }
            }
        }
    } else {
        quote! {
            impl<'de> serde::Deserialize<'de> for #name {
                /// Takes the value as the API sent it; in a request's value, checks it as
                /// [`Self::new`] does.
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let value = String::deserialize(deserializer)?;
                    if crate::runtime::strict::as_request() {
                        return Self::new(value).map_err(serde::de::Error::custom);
                    }
                    Ok(Self(value))
                }
            }
        }
    };
    let new_doc = texts.docs(&newtype.constructor_docs);
    quote! {
        impl #name {
            #min_const
            #max_const

            #new_doc
            pub fn new(value: impl Into<String>) -> Result<Self, crate::runtime::InvalidValue> {
                let value = value.into();
                crate::runtime::check_length(#name_text, &value, #min, #max)?;
                Ok(Self(value))
            }

            /// The value as a string slice.
            #[must_use]
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The value as an owned string.
            #[must_use]
            pub fn into_inner(self) -> String {
                self.0
            }
        }

        #conversions

        #deserialize
    }
}

/// The declaration of a checked string ([`newtype_items`]) as text.
fn newtype_declaration_text(definition: &TypeDef) -> ItemText {
    let mut text = ItemText::new(0);
    text.docs(&definition.docs);
    text.line(format_args!(
        "#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]"
    ));
    text.line(format_args!("#[serde(transparent)]"));
    text.line(format_args!("pub struct {}(String);", definition.name));
    text
}

/// The impls of a checked string ([`newtype_items`]) as text.
fn newtype_impls_text(definition: &TypeDef, newtype: &NewtypeDef) -> ItemText {
    let name = &definition.name;
    let constraints = &newtype.constraints;
    let bound = |value: Option<u64>| {
        value.map_or_else(|| "None".to_owned(), |value| format!("Some({value})"))
    };
    let mut text = ItemText::new(0);
    text.open_whole(format_args!("impl {name} {{"));
    if let Some(min) = constraints.min_length {
        text.docs("The fewest characters a value may have.");
        text.line(format_args!("pub const MIN_LENGTH: u64 = {min};"));
    }
    if let Some(max) = constraints.max_length {
        text.docs("The most characters a value may have.");
        text.line(format_args!("pub const MAX_LENGTH: u64 = {max};"));
    }
    text.docs(&newtype.constructor_docs);
    text.open(format_args!(
        "pub fn new(value: impl Into<String>) -> Result<Self, crate::runtime::InvalidValue> {{"
    ));
    text.line(format_args!("let value = value.into();"));
    text.call(
        "crate::runtime::check_length",
        &[
            format!("\"{name}\""),
            "&value".to_owned(),
            bound(constraints.min_length),
            bound(constraints.max_length),
        ],
        "?;",
    );
    text.line(format_args!("Ok(Self(value))"));
    text.close(format_args!("}}"));
    text.docs("The value as a string slice.");
    text.line(format_args!("#[must_use]"));
    text.open(format_args!("pub fn as_str(&self) -> &str {{"));
    text.line(format_args!("&self.0"));
    text.close(format_args!("}}"));
    text.docs("The value as an owned string.");
    text.line(format_args!("#[must_use]"));
    text.open(format_args!("pub fn into_inner(self) -> String {{"));
    text.line(format_args!("self.0"));
    text.close(format_args!("}}"));
    text.close(format_args!("}}"));
    newtype_conversions_text(&mut text, name);
    text.open_impl("impl<'de> serde::Deserialize<'de>", name);
    if newtype.checked_on_decode {
        text.docs("Checks the value as [`Self::new`] does.");
    } else {
        text.docs(
            "Takes the value as the API sent it; in a request's value, checks it as\n\
             [`Self::new`] does.",
        );
    }
    deserialize_signature(&mut text);
    text.line(format_args!(
        "let value = String::deserialize(deserializer)?;"
    ));
    if newtype.checked_on_decode {
        text.line(format_args!(
            "Self::new(value).map_err(serde::de::Error::custom)"
        ));
    } else {
        text.open(format_args!("if crate::runtime::strict::as_request() {{"));
        text.line(format_args!(
            "return Self::new(value).map_err(serde::de::Error::custom);"
        ));
        text.close(format_args!("}}"));
        text.line(format_args!("Ok(Self(value))"));
    }
    text.close(format_args!("}}"));
    text.close(format_args!("}}"));
    text
}

/// [`newtype_conversions`] as text.
fn newtype_conversions_text(text: &mut ItemText, name: &str) {
    for (head, error, argument) in [
        ("impl std::str::FromStr", "Err", "&str"),
        ("impl TryFrom<String>", "Error", "String"),
        ("impl TryFrom<&str>", "Error", "&str"),
    ] {
        text.open_impl(head, name);
        text.line(format_args!("type {error} = crate::runtime::InvalidValue;"));
        let function = if error == "Err" {
            "from_str"
        } else {
            "try_from"
        };
        text.open(format_args!(
            "fn {function}(value: {argument}) -> Result<Self, Self::{error}> {{"
        ));
        text.line(format_args!("Self::new(value)"));
        text.close(format_args!("}}"));
        text.close(format_args!("}}"));
    }
    text.open_impl("impl AsRef<str>", name);
    text.open(format_args!("fn as_ref(&self) -> &str {{"));
    text.line(format_args!("&self.0"));
    text.close(format_args!("}}"));
    text.close(format_args!("}}"));
    text.open_impl("impl std::fmt::Display", name);
    text.open(format_args!(
        "fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {{"
    ));
    text.line(format_args!("formatter.write_str(&self.0)"));
    text.close(format_args!("}}"));
    text.close(format_args!("}}"));
    text.open_impl(&format!("impl From<{name}>"), "String");
    text.open(format_args!("fn from(value: {name}) -> Self {{"));
    text.line(format_args!("value.0"));
    text.close(format_args!("}}"));
    text.close(format_args!("}}"));
}

/// The conversions every checked string offers: parsing and `TryFrom` check, the rest unwrap.
fn newtype_conversions(name: &Ident) -> TokenStream {
    quote! {
        impl std::str::FromStr for #name {
            type Err = crate::runtime::InvalidValue;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Self::new(value)
            }
        }

        impl TryFrom<String> for #name {
            type Error = crate::runtime::InvalidValue;

            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::new(value)
            }
        }

        impl TryFrom<&str> for #name {
            type Error = crate::runtime::InvalidValue;

            fn try_from(value: &str) -> Result<Self, Self::Error> {
                Self::new(value)
            }
        }

        impl AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str(&self.0)
            }
        }

        impl From<#name> for String {
            fn from(value: #name) -> Self {
                value.0
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::super::fixture_apis;
    use super::super::long_texts::LongTexts;
    use super::super::text::{MARGIN, tokens_text};
    use super::super::{Printing, render};
    use super::{
        Start, constructor_impl_tokens, constructor_text, default_from_new,
        enum_declaration_tokens, enum_deserialize, enum_impls_text, enum_text, enum_text_impls,
        field_rules, ident, newtype_declaration_text, newtype_impls_text, newtype_items,
        object_rules_text, object_rules_tokens, params_declaration_tokens, params_struct_text,
        struct_declaration_tokens, struct_members, struct_text,
    };
    use crate::ir::{
        Api, CatchAll, Decoding, EnumDef, Module, NewtypeDef, StringConstraints, TypeDef, TypeKind,
        Usage, Variant,
    };

    /// A checked string of `name`, bounded as given, documented over two paragraphs.
    fn newtype(name: &str, min: Option<u64>, max: Option<u64>, checked: bool) -> TypeDef {
        let constraints = StringConstraints {
            min_length: min,
            max_length: max,
            ..StringConstraints::default()
        };
        TypeDef {
            name: name.to_owned(),
            docs: "An identifier.\n\nSent as it is.".to_owned(),
            kind: TypeKind::Newtype(NewtypeDef {
                constraints,
                constructor_docs: "Checks `value`.\n\n# Errors\n\nWhen it is too long.".to_owned(),
                checked_on_decode: checked,
            }),
            usage: Usage::default(),
            origins: Vec::new(),
            module: Module::Shared,
        }
    }

    /// The starts written directly are what their tokens print.
    #[test]
    fn start_texts_are_what_their_tokens_print() {
        for start in [
            Start::Empty,
            Start::EmptyMap,
            Start::Fixed(quote!(Mode::Fast)),
            Start::Fixed(quote!(3)),
        ] {
            assert_eq!(start.text(), tokens_text(&start.tokens()));
        }
    }

    #[test]
    fn a_checked_string_written_as_text_is_what_prettyplease_prints_for_its_tokens() {
        let mut written = 0;
        for length in (4..=90).step_by(3) {
            let name = format!("Id{}", "X".repeat(length));
            for (min, max) in [
                (None, None),
                (Some(1), None),
                (None, Some(64)),
                (Some(20), Some(20)),
            ] {
                for checked in [false, true] {
                    let definition = newtype(&name, min, max, checked);
                    let TypeKind::Newtype(newtype_def) = &definition.kind else {
                        unreachable!("built as a newtype");
                    };
                    let declaration = newtype_declaration_text(&definition);
                    let impls = newtype_impls_text(&definition, newtype_def);
                    if !declaration.fits() || !impls.fits() {
                        // Names this long take the token path (a line with no break of
                        // prettyplease's that the writer reproduces).
                        assert!(name.len() >= 60, "{name} is not written as text");
                        continue;
                    }
                    let tokens = newtype_items(&definition, newtype_def, &mut LongTexts::plain());
                    let printed = render(quote!(#tokens), "a.rs", Printing::Print)
                        .expect("the newtype's tokens print");
                    let text = format!("{}{}", declaration.into_text(), impls.into_text());
                    assert_eq!(text, printed, "{name} {min:?} {max:?} {checked}");
                    written += 1;
                }
            }
        }
        // Names of 30 to 59 characters wrap the `check_length` call, and are written as text.
        assert_eq!(written, 18 * 4 * 2);
    }

    #[test]
    fn an_enums_impls_written_as_text_are_what_prettyplease_prints_for_their_tokens() {
        let mut written = 0;
        for length in (4..=90).step_by(3) {
            let name = format!("Mode{}", "X".repeat(length));
            for catch_all in [None, Some("Other")] {
                let enumeration = EnumDef {
                    variants: vec![Variant {
                        wire: "on".to_owned(),
                        rust_name: "On".to_owned(),
                        docs: String::new(),
                    }],
                    catch_all: catch_all.map(|rust_name| CatchAll {
                        rust_name: rust_name.to_owned(),
                        docs: "A value the spec does not list.".to_owned(),
                    }),
                };
                let text = enum_impls_text(&name, &enumeration);
                if !text.fits() {
                    // Names this long take the token path.
                    assert!(name.len() >= 60, "{name} is not written as text");
                    continue;
                }
                let rust_name = ident(&name);
                let catch_all = catch_all.map(ident);
                let impls = enum_text_impls(&rust_name, &name);
                let deserialize = enum_deserialize(&rust_name, catch_all.as_ref());
                let printed = render(quote!(#impls #deserialize), "a.rs", Printing::Print)
                    .expect("the impls' tokens print");
                assert_eq!(text.into_text(), printed, "{name} {catch_all:?}");
                written += 1;
            }
        }
        // Names of 12 characters or more break the `not_listed` call, and are written as text.
        assert!(written >= 18 * 2, "{written}");
    }

    /// An enum of `name` listing `on` and a value of `wire_length` bytes, keeping other values
    /// in a `catch_all` variant when given.
    fn enumeration(name: &str, wire_length: usize, catch_all: Option<&str>) -> TypeDef {
        TypeDef {
            name: name.to_owned(),
            docs: "A mode.".to_owned(),
            kind: TypeKind::Enum(EnumDef {
                variants: vec![
                    Variant {
                        wire: "on".to_owned(),
                        rust_name: "On".to_owned(),
                        docs: String::new(),
                    },
                    Variant {
                        wire: "w".repeat(wire_length),
                        rust_name: format!("Long{wire_length}"),
                        docs: "The long one.".to_owned(),
                    },
                ],
                catch_all: catch_all.map(|rust_name| CatchAll {
                    rust_name: rust_name.to_owned(),
                    docs: "A value the spec does not list.".to_owned(),
                }),
            }),
            usage: Usage::default(),
            origins: Vec::new(),
            module: Module::Shared,
        }
    }

    #[test]
    fn an_enums_declaration_written_as_text_is_what_prettyplease_prints_for_its_tokens() {
        let (mut braced, mut wide) = (0, 0);
        for (wire_length, name_length) in (1..=90).flat_map(|wire| [(wire, 0), (wire, 90 - wire)]) {
            for catch_all in [None, Some("Other")] {
                let name = format!("Mode{}", "X".repeat(name_length));
                let definition = enumeration(&name, wire_length, catch_all);
                let TypeKind::Enum(enumeration) = &definition.kind else {
                    unreachable!("built as an enum");
                };
                let text = enum_text(&definition, enumeration);
                assert!(text.fits(), "{wire_length} {catch_all:?}");
                let tokens =
                    enum_declaration_tokens(&definition, enumeration, &mut LongTexts::plain());
                let printed = render(tokens, "a.rs", Printing::Print)
                    .expect("the declaration's tokens print");
                let text = text.into_text();
                assert_eq!(text, printed, "{wire_length} {catch_all:?}");
                braced += usize::from(text.contains("=> {\n"));
                wide += usize::from(text.lines().any(|line| line.len() > MARGIN));
            }
        }
        // The arms of the longer values are braced, on both sides of the margin; the lines
        // naming the longer enums are wider than the margin, which prettyplease cannot break.
        assert!(braced > 80, "{braced}");
        assert!(wide > 20, "{wide}");
    }

    #[test]
    fn a_catch_all_arm_is_braced_as_prettyplease_braces_it() {
        let mut braced = 0;
        for length in 1..=16 {
            let catch_all = format!("Other{}", "r".repeat(length));
            let enumeration = EnumDef {
                variants: Vec::new(),
                catch_all: Some(CatchAll {
                    rust_name: catch_all.clone(),
                    docs: String::new(),
                }),
            };
            let text = enum_impls_text("Mode", &enumeration);
            if !text.fits() {
                // Braced, and too wide in its braces: prettyplease breaks the call.
                assert!(braced > 0, "{catch_all} is not written as text");
                continue;
            }
            let name = ident("Mode");
            let impls = enum_text_impls(&name, "Mode");
            let deserialize = enum_deserialize(&name, Some(&ident(&catch_all)));
            let printed = render(quote!(#impls #deserialize), "a.rs", Printing::Print)
                .expect("the impls' tokens print");
            let text = text.into_text();
            assert_eq!(text, printed, "{catch_all}");
            braced += usize::from(text.contains("Err(_) => {\n"));
        }
        // On both sides of the margin.
        assert!((1..12).contains(&braced), "{braced}");
    }

    /// `api` with every type's name `stretch` bytes longer, its structs' field names about half
    /// that and their first property's wire name `stretch` bytes longer, so that the lines
    /// naming them cross prettyplease's margin at every place they can.
    fn stretched_types(api: &Api, stretch: usize) -> Api {
        let mut api = api.clone();
        for definition in &mut api.types {
            definition.name.push_str(&"T".repeat(stretch));
            if let TypeKind::Struct(structure) = &mut definition.kind {
                for field in &mut structure.fields {
                    field.rust_name.push_str(&"_f".repeat(stretch / 4));
                }
                // Lists of wire names one byte longer at each stretch.
                if let Some(field) = structure.fields.first_mut() {
                    field.wire_name.push_str(&"w".repeat(stretch));
                }
                if let Decoding::Strict {
                    only: Some(only), ..
                } = &mut structure.decoding
                    && let Some(first) = only.first_mut()
                {
                    first.push_str(&"w".repeat(stretch));
                }
            }
        }
        api
    }

    /// The struct's declaration and constructor as text, each with what prettyplease prints
    /// for its tokens, when the text is written (fits).
    fn struct_texts_and_printed(api: &Api, definition: &TypeDef) -> Vec<(String, String)> {
        let TypeKind::Struct(structure) = &definition.kind else {
            return Vec::new();
        };
        let mut compared = Vec::new();
        let text = struct_text(api, definition, structure);
        if text.fits() {
            let tokens =
                struct_declaration_tokens(api, definition, structure, &mut LongTexts::plain());
            let printed =
                render(tokens, "a.rs", Printing::Print).expect("the declaration's tokens print");
            compared.push((text.into_text(), printed));
        }
        if let Decoding::Strict { only, .. } = &structure.decoding {
            let rules = field_rules(structure);
            let text = object_rules_text(definition, structure, only.as_deref(), &rules, &[], &[]);
            if text.fits() {
                let tokens =
                    object_rules_tokens(definition, structure, only.as_deref(), &rules, &[], &[]);
                let printed =
                    render(tokens, "a.rs", Printing::Print).expect("the rules' tokens print");
                compared.push((text.into_text(), printed));
            }
        }
        let members = struct_members(api, structure);
        let name = ident(&definition.name);
        let default = default_from_new(&name, structure, &members);
        let text = constructor_text(&definition.name, &members, "field", default.is_some());
        if text.fits() {
            let tokens = constructor_impl_tokens(
                api,
                &name,
                members,
                "field",
                default.as_ref(),
                &mut LongTexts::plain(),
            );
            let printed =
                render(tokens, "a.rs", Printing::Print).expect("the constructor's tokens print");
            compared.push((text.into_text(), printed));
        }
        compared
    }

    #[test]
    fn a_structs_declaration_and_constructor_written_as_text_are_what_prettyplease_prints() {
        let (mut written, mut broken, mut empty, mut rules, mut wide) = (0, 0, 0, 0, 0);
        let mut split_only = 0;
        for api in fixture_apis() {
            for stretch in 0..=72 {
                let api = stretched_types(&api, stretch);
                for definition in &api.types {
                    let mut bare = definition.clone();
                    if let TypeKind::Struct(structure) = &mut bare.kind {
                        // The same struct without fields: `{}`.
                        structure.fields.clear();
                        structure.forms = None;
                        structure.additional = None;
                    }
                    let compared = struct_texts_and_printed(&api, definition)
                        .into_iter()
                        .chain(struct_texts_and_printed(&api, &bare));
                    for (text, printed) in compared {
                        assert_eq!(text, printed, "{}", definition.name);
                        written += 1;
                        broken += usize::from(text.contains("<\n"));
                        empty += usize::from(text.contains(" {}\n"));
                        rules += usize::from(text.contains("const RULES"));
                        split_only += usize::from(text.contains("only: Some(\n"));
                        wide += usize::from(text.lines().any(|line| line.len() > MARGIN));
                    }
                }
            }
        }
        // The shapes met: field types and setters' parameters broken at their generic
        // arguments, empty structs and their constructors, strict structs' rules.
        assert!(written > 20_000, "{written} written");
        assert!(broken > 1000, "{broken} broken at a generic argument");
        assert!(empty > 5000, "{empty} empty");
        assert!(rules > 1000, "{rules} rules");
        assert!(split_only > 500, "{split_only} with `only` split");
        // Names too long for their line, which prettyplease prints whole.
        assert!(wide > 1000, "{wide} wider than the margin");
    }

    #[test]
    fn a_parameters_struct_written_as_text_is_what_prettyplease_prints_for_its_tokens() {
        let (mut written, mut broken) = (0, 0);
        for api in fixture_apis() {
            for stretch in 0..=72 {
                let mut api = stretched_types(&api, stretch);
                for operation in &mut api.operations {
                    if let Some(params) = &mut operation.params_struct {
                        params.name.push_str(&"P".repeat(stretch));
                    }
                    for param in &mut operation.params {
                        param.rust_name.push_str(&"_p".repeat(stretch / 4));
                    }
                }
                for operation in &api.operations {
                    let text = params_struct_text(&api, operation);
                    if operation.params_struct.is_none() || !text.fits() {
                        continue;
                    }
                    let tokens =
                        params_declaration_tokens(&api, operation, &mut LongTexts::plain());
                    let printed = render(tokens, "a.rs", Printing::Print)
                        .expect("the declaration's tokens print");
                    let text = text.into_text();
                    assert_eq!(text, printed, "{}", operation.operation_id);
                    written += 1;
                    broken += usize::from(text.contains("<\n"));
                }
            }
        }
        assert!(written > 1000, "{written} written");
        assert!(broken > 100, "{broken} broken at a generic argument");
    }
}
