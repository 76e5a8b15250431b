//! `impl schemars::JsonSchema` for every generated type (feature `schemars`), written from the
//! IR: the wire names, presence and types of the fields, the enum values, the constraints the
//! IR keeps (lengths, patterns, bounds, formats, item and property counts) and the rules left to
//! the server, each where the spec wrote it. A named type inside another is referenced through
//! `generator.subschema_for::<T>()`, so a schema is composed from the Rust types it holds.
//!
//! Written out rather than derived: the types' serde behaviour is itself written out (strict
//! structs, enums with catch-alls, checked newtypes, `Option<Option<T>>`), so a derive would see
//! neither the constraints nor how presence and `null` are spelled, and would need an attribute
//! for every keyword anyway.

use std::fmt::Write as _;

use proc_macro2::{Literal, TokenStream};
use quote::{ToTokens as _, quote};
use serde_json::{Number, Value};

use super::ident;
use super::long_texts::{Items, LongTexts};
use super::macro_text::{Delimiter, MacroText};
use super::text::{ItemText, MARGIN};
use crate::ir::{
    Api, ByStatusDef, EnumDef, Field, IntegerType, NewtypeDef, NumericConstraints, OneOfDef,
    Presence, ServerRule, StringConstraints, StructDef, TypeDef, TypeKind, TypeRef,
};
use crate::spec::{ItemBounds, PropertyBounds};

/// How deep a schema literal's `json!` expansion may nest before it is written as an
/// expression: rustc's default `recursion_limit` (128) less room for the macro calls around it
/// and for the estimate of [`Node::measure`] being short. Against rustc (serde_json 1.0.154),
/// the estimate puts the widest literals that compile, `{"type": …, "properties": {…}}` of 38
/// entries and `{"type": …, "enum": […]}` of 115 values, at 125 and 124, and the narrowest that
/// fail, 40 entries and 120 values, at 131 and 129: the limit falls between, and 110 leaves more
/// than a dozen levels to spare.
const MACRO_DEPTH: usize = 110;

/// One node of a schema being written: a JSON value, or a subschema from the generator with
/// keywords added beside it.
#[derive(Clone, Debug)]
pub(super) enum Node {
    /// An object schema's keywords, in order.
    Object(Vec<(String, Node)>),
    /// An array of values.
    Array(Vec<Node>),
    /// A literal JSON scalar.
    Scalar(Scalar),
    /// `generator.subschema_for::<crate::types::T>()` (a `$ref` to `T`, named here), with these
    /// keywords beside it.
    Subschema(String, Vec<(String, Node)>),
}

/// A JSON scalar as `serde_json::json!` reads it: a number keeps its width by its suffix.
#[derive(Clone, Debug)]
pub(super) enum Scalar {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A string literal.
    String(String),
    /// A non-negative integer, `…u64`.
    Unsigned(u64),
    /// A negative integer, `…i64`.
    Signed(i64),
    /// Any other number, `…f64`.
    Float(f64),
}

impl Scalar {
    /// The scalar's token.
    fn tokens(&self) -> TokenStream {
        match self {
            Self::Null => quote!(null),
            Self::Bool(flag) => quote!(#flag),
            Self::String(text) => quote!(#text),
            Self::Unsigned(value) => Literal::u64_suffixed(*value).into_token_stream(),
            Self::Signed(value) => Literal::i64_suffixed(*value).into_token_stream(),
            Self::Float(value) => Literal::f64_suffixed(*value).into_token_stream(),
        }
    }

    /// Writes the scalar as prettyplease prints its token (as proc-macro2 spells it).
    fn write(&self, out: &mut MacroText) {
        let mut number = String::new();
        let _ = match self {
            Self::Null => return out.word("null"),
            Self::Bool(flag) => return out.word(if *flag { "true" } else { "false" }),
            Self::String(text) => return out.string(text),
            Self::Unsigned(value) => write!(number, "{value}u64"),
            Self::Signed(value) => write!(number, "{value}i64"),
            Self::Float(value) => write!(number, "{value}f64"),
        };
        // proc-macro2 holds a negative number as a minus sign and a literal.
        if let Some(magnitude) = number.strip_prefix('-') {
            out.punct('-', false);
            out.literal(|text| text.push_str(magnitude));
        } else {
            out.literal(|text| text.push_str(&number));
        }
    }
}

impl Node {
    fn keyword(&mut self, name: &str, value: Node) {
        if let Self::Object(keys) | Self::Subschema(_, keys) = self {
            // A rule left to the server may restate a keyword the type already gives
            // (`additionalProperties: false` beside patterns): the rule is the spec's word.
            match keys.iter_mut().find(|(key, _)| key == name) {
                Some((_, existing)) => *existing = value,
                None => keys.push((name.to_owned(), value)),
            }
        }
    }

    /// Whether the node asks the generator for a subschema.
    pub(super) fn uses_generator(&self) -> bool {
        match self {
            Self::Object(keys) => keys.iter().any(|(_, value)| value.uses_generator()),
            Self::Array(items) => items.iter().any(Self::uses_generator),
            Self::Scalar(_) => false,
            Self::Subschema(..) => true,
        }
    }

    pub(super) fn string(text: &str) -> Self {
        Self::Scalar(Scalar::String(text.to_owned()))
    }

    /// Tokens of a value `serde_json::json!` accepts.
    pub(super) fn tokens(&self) -> TokenStream {
        let forms = self.forms();
        self.tokens_in(&forms, &mut 0)
    }

    /// The tokens of [`Self::tokens`] as the arguments of a macro call, written as prettyplease
    /// prints them.
    pub(super) fn text(&self) -> MacroText {
        let forms = self.forms();
        let mut text = MacroText::new();
        self.write(&mut text, &forms, &mut 0);
        text
    }

    /// Whether each object and array of the tree is written as a literal (`true`) or as an
    /// expression, in the order of a walk that meets a node before what it holds; see
    /// [`Self::measure`].
    fn forms(&self) -> Vec<bool> {
        let mut forms = Vec::new();
        self.measure(MACRO_DEPTH, &mut forms);
        forms
    }

    /// How deep the macro expansion of the node nests, no literal deeper than `budget` (see
    /// [`MACRO_DEPTH`]), each object's and array's form pushed to `forms`. `json!` reads an
    /// object or array one entry at a time, each step a macro call inside the last, so a wide
    /// literal (Kubernetes' `PodSpec`, 40 properties; a long `enum`) exceeds rustc's recursion
    /// limit. A node that would nest deeper than the budget is written as an expression instead
    /// (`Map::from_iter`, `vec!`), whose entries are each one `json!` call beside the others, so
    /// its depth no longer grows with its width.
    fn measure(&self, budget: usize, forms: &mut Vec<bool>) -> usize {
        match self {
            Self::Object(keys) => {
                let slot = forms.len();
                forms.push(true);
                let depths: Vec<usize> = keys
                    .iter()
                    .map(|(_, value)| value.measure(budget, forms))
                    .collect();
                // Three expansions per entry before its value, the value's own, and the tail.
                let literal = depths
                    .iter()
                    .enumerate()
                    .map(|(index, depth)| 3 * index + 3 + depth)
                    .chain([3 * depths.len() + 2])
                    .max()
                    .unwrap_or(2);
                if literal <= budget {
                    return literal;
                }
                forms[slot] = false;
                4 + depths.iter().copied().max().unwrap_or(0)
            }
            Self::Array(items) => {
                let slot = forms.len();
                forms.push(true);
                let deepest = items
                    .iter()
                    .map(|item| item.measure(budget, forms))
                    .max()
                    .unwrap_or(0);
                // One expansion per item; the items' own calls are expanded after the last.
                let literal = items.len() + 2 + deepest;
                if literal <= budget {
                    return literal;
                }
                forms[slot] = false;
                5 + deepest
            }
            Self::Scalar(_) => 1,
            Self::Subschema(_, keys) if keys.is_empty() => 1,
            Self::Subschema(_, keys) => {
                3 + keys
                    .iter()
                    .map(|(_, value)| value.measure(budget, forms))
                    .max()
                    .unwrap_or(0)
            }
        }
    }

    /// The node's tokens, each object and array in the form `forms` gives it from `next` on
    /// (see [`Self::measure`]).
    fn tokens_in(&self, forms: &[bool], next: &mut usize) -> TokenStream {
        match self {
            Self::Object(keys) => {
                let literal = take_form(forms, next);
                let entries: Vec<(&String, TokenStream)> = keys
                    .iter()
                    .map(|(key, value)| (key, value.tokens_in(forms, next)))
                    .collect();
                if literal {
                    let entries = entries.iter().map(|(key, value)| quote!(#key: #value));
                    return quote!({ #(#entries),* });
                }
                let entries = entries
                    .iter()
                    .map(|(key, value)| quote!((#key.to_owned(), serde_json::json!(#value))));
                quote!((serde_json::Value::Object(serde_json::Map::from_iter([#(#entries),*]))))
            }
            Self::Array(items) => {
                let literal = take_form(forms, next);
                let items: Vec<TokenStream> = items
                    .iter()
                    .map(|item| item.tokens_in(forms, next))
                    .collect();
                if literal {
                    return quote!([#(#items),*]);
                }
                quote!((serde_json::Value::Array(vec![#(serde_json::json!(#items)),*])))
            }
            Self::Scalar(scalar) => scalar.tokens(),
            Self::Subschema(name, keys) => {
                let name = ident(name);
                let base = quote!(generator.subschema_for::<crate::types::#name>());
                if keys.is_empty() {
                    return quote!((#base));
                }
                let inserts = keys.iter().map(|(key, value)| {
                    let value = value.tokens_in(forms, next);
                    quote!(schema.insert(#key.to_owned(), serde_json::json!(#value));)
                });
                quote!(({
                    let mut schema = #base;
                    #(#inserts)*
                    schema
                }))
            }
        }
    }

    /// Writes the tokens [`Self::tokens_in`] makes, as prettyplease prints them.
    fn write(&self, out: &mut MacroText, forms: &[bool], next: &mut usize) {
        match self {
            Self::Object(keys) => {
                if take_form(forms, next) {
                    out.open(Delimiter::Brace);
                    for (index, (key, value)) in keys.iter().enumerate() {
                        if index > 0 {
                            out.punct(',', false);
                        }
                        out.string(key);
                        out.punct(':', false);
                        value.write(out, forms, next);
                    }
                    out.close();
                    return;
                }
                out.open(Delimiter::Parenthesis);
                write_path(out, &["serde_json", "Value", "Object"]);
                out.open(Delimiter::Parenthesis);
                write_path(out, &["serde_json", "Map", "from_iter"]);
                out.open(Delimiter::Parenthesis);
                out.open(Delimiter::Bracket);
                for (index, (key, value)) in keys.iter().enumerate() {
                    if index > 0 {
                        out.punct(',', false);
                    }
                    out.open(Delimiter::Parenthesis);
                    write_owned_key(out, key);
                    out.punct(',', false);
                    write_json_call(out, value, forms, next);
                    out.close();
                }
                out.close();
                out.close();
                out.close();
                out.close();
            }
            Self::Array(items) => {
                if take_form(forms, next) {
                    out.open(Delimiter::Bracket);
                    for (index, item) in items.iter().enumerate() {
                        if index > 0 {
                            out.punct(',', false);
                        }
                        item.write(out, forms, next);
                    }
                    out.close();
                    return;
                }
                out.open(Delimiter::Parenthesis);
                write_path(out, &["serde_json", "Value", "Array"]);
                out.open(Delimiter::Parenthesis);
                out.word("vec");
                out.punct('!', false);
                out.open(Delimiter::Bracket);
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        out.punct(',', false);
                    }
                    write_json_call(out, item, forms, next);
                }
                out.close();
                out.close();
                out.close();
            }
            Self::Scalar(scalar) => scalar.write(out),
            Self::Subschema(name, keys) => {
                out.open(Delimiter::Parenthesis);
                if keys.is_empty() {
                    write_subschema_call(out, name);
                    out.close();
                    return;
                }
                out.open(Delimiter::Brace);
                out.word("let");
                out.word("mut");
                out.word("schema");
                out.punct('=', false);
                write_subschema_call(out, name);
                out.punct(';', false);
                for (key, value) in keys {
                    out.word("schema");
                    out.punct('.', false);
                    out.word("insert");
                    out.open(Delimiter::Parenthesis);
                    write_owned_key(out, key);
                    out.punct(',', false);
                    write_json_call(out, value, forms, next);
                    out.close();
                    out.punct(';', false);
                }
                out.word("schema");
                out.close();
                out.close();
            }
        }
    }

    /// The node reached by `word` (`each item`, `each value`) from this one, looking through a
    /// nullable's `anyOf`.
    fn below(&mut self, keyword: &str) -> Option<&mut Self> {
        let Self::Object(keys) = self else {
            return None;
        };
        if let Some(index) = keys.iter().position(|(key, _)| key == keyword) {
            return Some(&mut keys[index].1);
        }
        let (_, alternatives) = keys.iter_mut().find(|(key, _)| key == "anyOf")?;
        let Self::Array(alternatives) = alternatives else {
            return None;
        };
        alternatives
            .iter_mut()
            .find_map(|alternative| alternative.below(keyword))
    }
}

/// The form [`Node::measure`] gave the next object or array: whether it is a literal.
fn take_form(forms: &[bool], next: &mut usize) -> bool {
    let literal = forms.get(*next).copied().unwrap_or(true);
    *next += 1;
    literal
}

/// `a::b::c`.
fn write_path(out: &mut MacroText, segments: &[&str]) {
    for (index, segment) in segments.iter().enumerate() {
        if index > 0 {
            out.path_separator();
        }
        out.word(segment);
    }
}

/// `"key".to_owned()`.
fn write_owned_key(out: &mut MacroText, key: &str) {
    out.string(key);
    out.punct('.', false);
    out.word("to_owned");
    out.open(Delimiter::Parenthesis);
    out.close();
}

/// `serde_json::json!(value)`.
fn write_json_call(out: &mut MacroText, value: &Node, forms: &[bool], next: &mut usize) {
    write_path(out, &["serde_json", "json"]);
    out.punct('!', false);
    out.open(Delimiter::Parenthesis);
    value.write(out, forms, next);
    out.close();
}

/// `generator.subschema_for::<crate::types::Name>()`.
fn write_subschema_call(out: &mut MacroText, name: &str) {
    out.word("generator");
    out.punct('.', false);
    out.word("subschema_for");
    out.path_separator();
    out.punct('<', false);
    write_path(out, &["crate", "types", name]);
    out.punct('>', false);
    out.open(Delimiter::Parenthesis);
    out.close();
}

/// A JSON value as a node.
pub(super) fn value_node(value: &Value) -> Node {
    match value {
        Value::Null => Node::Scalar(Scalar::Null),
        Value::Bool(flag) => Node::Scalar(Scalar::Bool(*flag)),
        Value::Number(number) => number_node(number),
        Value::String(text) => Node::string(text),
        Value::Array(items) => Node::Array(items.iter().map(value_node).collect()),
        Value::Object(object) => Node::Object(
            object
                .iter()
                .map(|(key, value)| (key.clone(), value_node(value)))
                .collect(),
        ),
    }
}

/// A number as a suffixed literal, so that `json!` keeps its width.
fn number_node(number: &Number) -> Node {
    Node::Scalar(if let Some(value) = number.as_u64() {
        Scalar::Unsigned(value)
    } else if let Some(value) = number.as_i64() {
        Scalar::Signed(value)
    } else {
        Scalar::Float(number.as_f64().unwrap_or_default())
    })
}

fn count_node(value: u64) -> Node {
    Node::Scalar(Scalar::Unsigned(value))
}

/// The `impl schemars::JsonSchema` of a generated type, behind the `schemars` feature: as text
/// (its schema as prettyplease prints the macro's tokens, [`MacroText`]), or as tokens where a
/// line of the text would be one prettyplease wraps otherwise.
pub(super) fn type_impl(api: &Api, definition: &TypeDef, texts: &mut LongTexts) -> Items {
    let node = match &definition.kind {
        TypeKind::Struct(structure) => struct_node(api, structure),
        TypeKind::Enum(enumeration) => enum_node(enumeration),
        TypeKind::Newtype(newtype) => newtype_node(newtype),
        TypeKind::OneOf(one_of) => one_of_node(api, one_of),
        TypeKind::ByStatus(by_status) => by_status_node(api, by_status),
    };
    texts.item(impl_text(&definition.name, &node), |_| {
        impl_tokens(&definition.name, &node)
    })
}

/// The impl of [`type_impl`] for the type `name` whose schema is `node`, as tokens.
fn impl_tokens(name: &str, node: &Node) -> TokenStream {
    let name_text = name;
    let name = ident(name);
    let body = node.tokens();
    // A schema without named types inside needs no generator.
    let generator = if node.uses_generator() {
        quote!(generator)
    } else {
        quote!(_generator)
    };
    quote! {
        #[cfg(feature = "schemars")]
        impl schemars::JsonSchema for #name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed(#name_text)
            }

            fn json_schema(#generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!(#body)
            }
        }
    }
}

/// The impl of [`type_impl`] for the type `name` whose schema is `node`, as the text
/// prettyplease prints for [`impl_tokens`].
fn impl_text(name: &str, node: &Node) -> ItemText {
    let mut text = ItemText::new(0);
    text.line(format_args!("#[cfg(feature = \"schemars\")]"));
    text.open_impl("impl schemars::JsonSchema", name);
    text.open(format_args!(
        "fn schema_name() -> std::borrow::Cow<'static, str> {{"
    ));
    // A type's name is an identifier: nothing in it is escaped. prettyplease puts a call's
    // argument on a line of its own when the call is too wide, however wide that line.
    let call = "std::borrow::Cow::Borrowed(";
    if text.width() + call.len() + name.len() + "\"\")".len() <= MARGIN {
        text.line(format_args!("{call}\"{name}\")"));
    } else {
        text.line(format_args!("{call}"));
        text.depth_in();
        text.line_unchecked(format_args!("\"{name}\","));
        text.depth_out();
        text.line(format_args!(")"));
    }
    text.close(format_args!("}}"));
    let generator = if node.uses_generator() {
        "generator"
    } else {
        "_generator"
    };
    text.open(format_args!(
        "fn json_schema({generator}: &mut schemars::SchemaGenerator) -> schemars::Schema {{"
    ));
    node.text()
        .write_call(&mut text, "schemars::json_schema!(", ")");
    text.close(format_args!("}}"));
    text.close(format_args!("}}"));
    text
}

/// The schema of a value of `ty`, as a node `serde_json::json!` reads once rendered, which may
/// use the `generator` in scope ([`Node::uses_generator`]): what the dynamic call's input schema
/// and the reply's are composed of.
pub(super) fn type_node(api: &Api, ty: &TypeRef) -> Node {
    match ty {
        TypeRef::Named(id) => Node::Subschema(api.get(*id).name.clone(), Vec::new()),
        TypeRef::String(constraints) => string_node(constraints),
        TypeRef::Integer(IntegerType { constraints, .. }) => numeric_node("integer", constraints),
        TypeRef::Number(constraints) => numeric_node("number", constraints),
        TypeRef::Boolean => Node::Object(vec![("type".to_owned(), Node::string("boolean"))]),
        TypeRef::Array(items, bounds) => {
            let mut node = Node::Object(vec![
                ("type".to_owned(), Node::string("array")),
                ("items".to_owned(), type_node(api, items)),
            ]);
            item_bounds(&mut node, **bounds);
            node
        }
        TypeRef::Tuple(positions) => Node::Object(vec![
            ("type".to_owned(), Node::string("array")),
            (
                "prefixItems".to_owned(),
                Node::Array(positions.iter().map(|ty| type_node(api, ty)).collect()),
            ),
            ("items".to_owned(), Node::Scalar(Scalar::Bool(false))),
            ("minItems".to_owned(), count_node(positions.len() as u64)),
        ]),
        TypeRef::Nullable(inner) => Node::Object(vec![(
            "anyOf".to_owned(),
            Node::Array(vec![
                type_node(api, inner),
                Node::Object(vec![("type".to_owned(), Node::string("null"))]),
            ]),
        )]),
        TypeRef::MapOf(values, bounds) => {
            let mut node = Node::Object(vec![
                ("type".to_owned(), Node::string("object")),
                ("additionalProperties".to_owned(), type_node(api, values)),
            ]);
            property_bounds(&mut node, bounds);
            node
        }
        TypeRef::Map(bounds) => {
            let mut node = Node::Object(vec![("type".to_owned(), Node::string("object"))]);
            property_bounds(&mut node, bounds);
            node
        }
        TypeRef::Any => Node::Object(Vec::new()),
        // OpenAPI's spelling of a file's bytes.
        TypeRef::File => Node::Object(vec![
            ("type".to_owned(), Node::string("string")),
            ("format".to_owned(), Node::string("binary")),
        ]),
    }
}

fn string_node(constraints: &StringConstraints) -> Node {
    let mut node = Node::Object(vec![("type".to_owned(), Node::string("string"))]);
    if let Some(format) = &constraints.format {
        node.keyword("format", Node::string(format));
    }
    if let Some(min) = constraints.min_length {
        node.keyword("minLength", count_node(min));
    }
    if let Some(max) = constraints.max_length {
        node.keyword("maxLength", count_node(max));
    }
    if let Some(pattern) = &constraints.pattern {
        node.keyword("pattern", Node::string(pattern));
    }
    node
}

fn numeric_node(kind: &str, constraints: &NumericConstraints) -> Node {
    let mut node = Node::Object(vec![("type".to_owned(), Node::string(kind))]);
    if let Some(format) = &constraints.format {
        node.keyword("format", Node::string(format));
    }
    let bounds = [
        ("minimum", &constraints.minimum),
        ("maximum", &constraints.maximum),
        ("exclusiveMinimum", &constraints.exclusive_minimum),
        ("exclusiveMaximum", &constraints.exclusive_maximum),
        ("multipleOf", &constraints.multiple_of),
    ];
    for (keyword, value) in bounds {
        if let Some(value) = value {
            node.keyword(keyword, number_node(value));
        }
    }
    if let Some(allowed) = &constraints.allowed {
        node.keyword(
            "enum",
            Node::Array(allowed.iter().map(number_node).collect()),
        );
    }
    node
}

fn item_bounds(node: &mut Node, bounds: ItemBounds) {
    if let Some(min) = bounds.min_items {
        node.keyword("minItems", count_node(min));
    }
    if let Some(max) = bounds.max_items {
        node.keyword("maxItems", count_node(max));
    }
    if bounds.unique {
        node.keyword("uniqueItems", Node::Scalar(Scalar::Bool(true)));
    }
}

fn property_bounds(node: &mut Node, bounds: &PropertyBounds) {
    if let Some(min) = bounds.min {
        node.keyword("minProperties", count_node(min));
    }
    if let Some(max) = bounds.max {
        node.keyword("maxProperties", count_node(max));
    }
    if let Some(names) = &bounds.names {
        node.keyword("propertyNames", json_text_node(names));
    }
}

/// JSON the IR keeps as text; it was written by the generator from a parsed value.
fn json_text_node(text: &str) -> Node {
    serde_json::from_str(text).map_or_else(|_| Node::string(text), |value| value_node(&value))
}

/// Rules left to the server, each put back where the spec wrote it (`at`: `each item of each
/// value` is the items of the map's values).
fn server_rules(node: &mut Node, rules: &[ServerRule]) {
    for rule in rules {
        let mut target = Some(&mut *node);
        if !rule.at.is_empty() {
            for word in rule.at.split(" of ").collect::<Vec<_>>().into_iter().rev() {
                let keyword = match word {
                    "each item" => "items",
                    "each value" => "additionalProperties",
                    _ => "",
                };
                target = target.and_then(|node| node.below(keyword));
            }
        }
        if let Some(target) = target {
            target.keyword(&rule.keyword, json_text_node(&rule.value));
        }
    }
}

fn field_node(api: &Api, field: &Field) -> Node {
    let mut node = type_node(api, &field.ty);
    // A `null` a field reads as "left out" is still the spec's nullable value.
    if field.read_only {
        node.keyword("readOnly", Node::Scalar(Scalar::Bool(true)));
    }
    if field.write_only {
        node.keyword("writeOnly", Node::Scalar(Scalar::Bool(true)));
    }
    server_rules(&mut node, &field.server_checked);
    node
}

fn struct_node(api: &Api, structure: &StructDef) -> Node {
    let mut node = Node::Object(vec![("type".to_owned(), Node::string("object"))]);
    let properties = structure
        .fields
        .iter()
        .map(|field| (field.wire_name.clone(), field_node(api, field)))
        .chain(
            structure
                .absent
                .iter()
                .map(|name| (name.clone(), Node::Scalar(Scalar::Bool(false)))),
        )
        .collect();
    node.keyword("properties", Node::Object(properties));
    let required: Vec<Node> = structure
        .fields
        .iter()
        .filter(|field| field.presence == Presence::Required)
        .map(|field| Node::string(&field.wire_name))
        .collect();
    if !required.is_empty() {
        node.keyword("required", Node::Array(required));
    }
    match &structure.additional {
        Some(additional) => node.keyword("additionalProperties", type_node(api, &additional.ty)),
        None if structure.closed => {
            node.keyword("additionalProperties", Node::Scalar(Scalar::Bool(false)));
        }
        None => {}
    }
    property_bounds(&mut node, &structure.bounds);
    // Each choice is its keyword (`oneOf` or `anyOf`) and its alternatives.
    let mut choices = Vec::new();
    if let Some(forms) = &structure.forms {
        // The forms' choice is flattened into the struct: its alternatives sit beside the
        // properties, as the spec wrote them.
        let choice = match &forms.ty {
            TypeRef::Named(id) => match &api.get(*id).kind {
                TypeKind::OneOf(one_of) => Some((
                    choice_keyword(one_of.overlap.is_exclusive()),
                    alternatives(api, one_of),
                )),
                _ => None,
            },
            _ => None,
        };
        choices.push(choice.unwrap_or_else(|| {
            (
                choice_keyword(false),
                Node::Array(vec![type_node(api, &forms.ty)]),
            )
        }));
    }
    if !structure.required_sets.sets.is_empty() {
        let sets = structure.required_sets.sets.iter().map(|set| {
            Node::Object(vec![(
                "required".to_owned(),
                Node::Array(set.iter().map(|name| Node::string(name)).collect()),
            )])
        });
        choices.push((
            choice_keyword(structure.required_sets.exclusive),
            Node::Array(sets.collect()),
        ));
    }
    match choices.len() {
        0 => {}
        1 => {
            if let Some((keyword, choice)) = choices.pop() {
                node.keyword(keyword, choice);
            }
        }
        _ => node.keyword(
            "allOf",
            Node::Array(
                choices
                    .into_iter()
                    .map(|(keyword, choice)| Node::Object(vec![(keyword.to_owned(), choice)]))
                    .collect(),
            ),
        ),
    }
    server_rules(&mut node, &structure.server_checked);
    node
}

fn enum_node(enumeration: &EnumDef) -> Node {
    // A catch-all keeps values a reply may bring beyond the spec's: a reading policy, not
    // another schema. The values the type names are the spec's.
    Node::Object(vec![
        ("type".to_owned(), Node::string("string")),
        (
            "enum".to_owned(),
            Node::Array(
                enumeration
                    .variants
                    .iter()
                    .map(|variant| Node::string(&variant.wire))
                    .collect(),
            ),
        ),
    ])
}

fn newtype_node(newtype: &NewtypeDef) -> Node {
    string_node(&newtype.constraints)
}

fn alternatives(api: &Api, one_of: &OneOfDef) -> Node {
    Node::Array(
        one_of
            .variants
            .iter()
            .map(|variant| type_node(api, &variant.ty))
            .collect(),
    )
}

fn one_of_node(api: &Api, one_of: &OneOfDef) -> Node {
    Node::Object(vec![(
        choice_keyword(one_of.overlap.is_exclusive()).to_owned(),
        alternatives(api, one_of),
    )])
}

/// The keyword of a choice: `oneOf` where a value must match exactly one alternative.
fn choice_keyword(exclusive: bool) -> &'static str {
    if exclusive { "oneOf" } else { "anyOf" }
}

fn by_status_node(api: &Api, by_status: &ByStatusDef) -> Node {
    Node::Object(vec![(
        "anyOf".to_owned(),
        Node::Array(
            by_status
                .variants
                .iter()
                .map(|variant| type_node(api, &variant.ty))
                .collect(),
        ),
    )])
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use quote::quote;
    use serde_json::json;

    use super::{ItemText, MACRO_DEPTH, Node, Scalar, impl_text, impl_tokens, value_node};

    /// What prettyplease prints for the impl of `node` built as tokens.
    fn printed(name: &str, node: &Node) -> String {
        let file: syn::File = syn::parse2(impl_tokens(name, node)).expect("the impl parses");
        prettyplease::unparse(&file)
    }

    /// Checks the impl of `node` written as text against what prettyplease prints for it, when
    /// the text is one it may be; returns whether it was.
    fn same_as_printed(name: &str, node: &Node) -> Result<bool, TestCaseError> {
        let text = impl_text(name, node);
        if !text.fits() {
            return Ok(false);
        }
        let text = text.into_text();
        prop_assert_eq!(&text, &printed(name, node), "{}", text);
        Ok(true)
    }

    /// Checks `let input = serde_json::json!(…);` of `node` written as text, as a statement of a
    /// function at the top of a file (the schema fidelity tests'), against prettyplease.
    fn statement_same_as_printed(node: &Node) -> Result<(), TestCaseError> {
        let mut text = ItemText::new(4);
        node.text()
            .write_call(&mut text, "let input = serde_json::json!(", ");");
        let tokens = node.tokens();
        let file: syn::File = syn::parse2(quote!(
            fn f() {
                let input = serde_json::json!(#tokens);
            }
        ))
        .expect("the statement parses");
        let mut expected = String::new();
        for line in prettyplease::unparse(&file)
            .lines()
            .filter(|line| line.len() > 1)
        {
            if let Some(line) = line.strip_prefix("    ") {
                expected.push_str(line);
                expected.push('\n');
            }
        }
        prop_assert_eq!(text.into_text(), expected);
        Ok(())
    }

    /// Keys and strings: short and long words, escapes, quotes, NUL before a digit or not,
    /// non-ASCII, control and combining characters.
    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => "[a-z_]{1,12}",
            1 => "[a-zA-Z0-9 ]{20,70}",
            2 => "[a-z\\\"'\n\t\r\u{0}0-9é日\u{301}\u{7f}\u{200b}{}#]{0,10}",
        ]
    }

    /// A type's name, from one letter to longer than a line holds beside the call around it.
    fn type_name() -> impl Strategy<Value = String> {
        prop_oneof![
            3 => "[A-Z][a-zA-Z0-9]{0,20}",
            1 => "[A-Z][a-zA-Z0-9]{30,80}",
        ]
    }

    fn scalar() -> impl Strategy<Value = Node> {
        prop_oneof![
            Just(Node::Scalar(Scalar::Null)),
            any::<bool>().prop_map(|flag| Node::Scalar(Scalar::Bool(flag))),
            text().prop_map(|text| Node::Scalar(Scalar::String(text))),
            any::<u64>().prop_map(|value| Node::Scalar(Scalar::Unsigned(value))),
            (0..1000_u64).prop_map(|value| Node::Scalar(Scalar::Unsigned(value))),
            any::<i64>().prop_map(|value| Node::Scalar(Scalar::Signed(value))),
            (-1e6..1e6_f64).prop_map(|value| Node::Scalar(Scalar::Float(value))),
            any::<f64>()
                .prop_filter("JSON numbers are finite", |value| value.is_finite())
                .prop_map(|value| Node::Scalar(Scalar::Float(value))),
        ]
    }

    /// Schema trees: objects, arrays, scalars and subschemas with keywords or none, nested.
    fn node() -> impl Strategy<Value = Node> {
        let leaf = prop_oneof![
            3 => scalar(),
            1 => type_name().prop_map(|name| Node::Subschema(name, Vec::new())),
        ];
        leaf.prop_recursive(5, 64, 8, |inner| {
            let entries = || prop::collection::vec((text(), inner.clone()), 0..6);
            prop_oneof![
                entries().prop_map(Node::Object),
                prop::collection::vec(inner.clone(), 0..6).prop_map(Node::Array),
                (type_name(), entries()).prop_map(|(name, keys)| Node::Subschema(name, keys)),
            ]
        })
    }

    #[test]
    fn schemas_written_as_text_are_what_prettyplease_prints_for_their_tokens() {
        let config = ProptestConfig {
            cases: 3000,
            failure_persistence: None,
            ..ProptestConfig::default()
        };
        let cases = config.cases;
        let written = std::sync::atomic::AtomicU32::new(0);
        proptest!(config, |(name in type_name(), node in node())| {
            if same_as_printed(&name, &node)? {
                written.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
            statement_same_as_printed(&node)?;
        });
        // Every one: only a name longer than any of these (`for Name {` wider than a line)
        // would make the impl tokens.
        assert_eq!(written.into_inner(), cases);
    }

    #[test]
    fn wide_schemas_written_as_expressions_are_what_prettyplease_prints_too() {
        let mut written = 0;
        for width in [1, 20, 37, 38, 39, 40, 60, 114, 115, 120, 200] {
            for value in [object_of(width), enum_of(width)] {
                let nested = json!({"a": value, "b": [value, {"c": value}]});
                for node in [value_node(&value), value_node(&nested)] {
                    let written_here = same_as_printed("Wide", &node).expect("the same text");
                    written += usize::from(written_here);
                    statement_same_as_printed(&node).expect("the same text");
                }
            }
        }
        assert_eq!(written, 44, "every one is written as text");
        let subschema = Node::Subschema(
            "Held".to_owned(),
            vec![("description".to_owned(), value_node(&object_of(50)))],
        );
        assert!(same_as_printed("Wide", &subschema).expect("the same text"));
    }

    #[test]
    fn a_short_schema_stays_on_the_line_of_its_call() {
        let text = impl_text("A", &value_node(&json!({"type": "string"}))).into_text();
        assert!(
            text.contains("        schemars::json_schema!({ \"type\" : \"string\" })\n"),
            "{text}"
        );
    }

    /// `{"type": "object", "properties": {…}}` of `count` string properties.
    fn object_of(count: usize) -> serde_json::Value {
        let properties: serde_json::Map<String, serde_json::Value> = (0..count)
            .map(|index| (format!("k{index}"), json!({"type": "string"})))
            .collect();
        json!({"type": "object", "properties": properties})
    }

    /// `{"type": "string", "enum": […]}` of `count` values.
    fn enum_of(count: usize) -> serde_json::Value {
        let values: Vec<String> = (0..count).map(|index| format!("v{index}")).collect();
        json!({"type": "string", "enum": values})
    }

    #[test]
    fn the_depth_estimate_matches_what_rustc_was_seen_to_accept_and_refuse() {
        // Measured with serde_json 1.0.154 and the default recursion limit: 38 properties and
        // 115 values compile, 40 and 120 do not.
        let depth = |value: &serde_json::Value| {
            // Rendered unbounded: the literal's own estimate.
            value_node(value).measure(usize::MAX, &mut Vec::new())
        };
        assert_eq!(depth(&object_of(38)), 125);
        assert_eq!(depth(&object_of(40)), 131);
        assert_eq!(depth(&enum_of(115)), 124);
        assert_eq!(depth(&enum_of(120)), 129);
    }

    #[test]
    fn wide_schemas_are_written_as_expressions_and_narrow_ones_as_literals() {
        let narrow = value_node(&object_of(20)).tokens().to_string();
        assert!(!narrow.contains("from_iter"), "{narrow}");
        let wide = value_node(&object_of(40)).tokens().to_string();
        assert!(wide.contains("from_iter"), "{wide}");
        assert!(
            wide.starts_with("{ \"type\""),
            "only the wide part changes: {wide}"
        );
        let long = value_node(&enum_of(200)).tokens().to_string();
        assert!(long.contains("vec !"), "{long}");
        // Nested wide parts are each bounded, so the whole stays within the budget.
        let nested =
            json!({"type": "object", "properties": {"a": object_of(60), "b": enum_of(300)}});
        let node = value_node(&nested);
        assert!(node.measure(MACRO_DEPTH, &mut Vec::new()) <= MACRO_DEPTH);
    }
}
