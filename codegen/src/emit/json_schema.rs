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

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::{Number, Value};

use super::{ident, type_tokens};
use crate::ir::{
    Api, ByStatusDef, EnumDef, Field, IntegerType, NewtypeDef, NumericConstraints, OneOfDef,
    Presence, ServerRule, StringConstraints, StructDef, TypeDef, TypeKind, TypeRef,
};
use crate::spec::{ItemBounds, PropertyBounds};

/// How deep a schema literal's `json!` expansion may nest before it is written as an
/// expression: rustc's default `recursion_limit` (128) less room for the macro calls around it
/// and for the estimate of [`Node::render`] being short. Against rustc (serde_json 1.0.154),
/// the estimate puts the widest literals that compile, `{"type": …, "properties": {…}}` of 38
/// entries and `{"type": …, "enum": […]}` of 115 values, at 125 and 124, and the narrowest that
/// fail, 40 entries and 120 values, at 131 and 129: the limit falls between, and 110 leaves more
/// than a dozen levels to spare.
const MACRO_DEPTH: usize = 110;

/// One node of a schema being written: a JSON value, or a subschema from the generator with
/// keywords added beside it.
pub(super) enum Node {
    /// An object schema's keywords, in order.
    Object(Vec<(String, Node)>),
    /// An array of values.
    Array(Vec<Node>),
    /// A literal JSON scalar (as tokens `serde_json::json!` reads).
    Scalar(TokenStream),
    /// `generator.subschema_for::<T>()` (a `$ref` to `T`), with these keywords beside it.
    Subschema(TokenStream, Vec<(String, Node)>),
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
        Self::Scalar(quote!(#text))
    }

    /// Tokens of a value `serde_json::json!` accepts.
    pub(super) fn tokens(&self) -> TokenStream {
        self.render(MACRO_DEPTH).0
    }

    /// Tokens of a value `serde_json::json!` accepts, and how deep its macro expansion nests,
    /// no literal deeper than `budget` (see [`MACRO_DEPTH`]). `json!` reads an object or array one entry at a time, each step a
    /// macro call inside the last, so a wide literal (Kubernetes' `PodSpec`, 40 properties; a
    /// long `enum`) exceeds rustc's recursion limit. A node that would nest deeper than the
    /// budget is written as an expression instead (`Map::from_iter`, `vec!`), whose entries are
    /// each one `json!` call beside the others, so its depth no longer grows with its width.
    fn render(&self, budget: usize) -> (TokenStream, usize) {
        match self {
            Self::Object(keys) => {
                let entries: Vec<(&String, TokenStream, usize)> = keys
                    .iter()
                    .map(|(key, value)| {
                        let (tokens, depth) = value.render(budget);
                        (key, tokens, depth)
                    })
                    .collect();
                // Three expansions per entry before its value, the value's own, and the tail.
                let literal = entries
                    .iter()
                    .enumerate()
                    .map(|(index, (_, _, depth))| 3 * index + 3 + depth)
                    .chain([3 * entries.len() + 2])
                    .max()
                    .unwrap_or(2);
                if literal <= budget {
                    let entries = entries.iter().map(|(key, value, _)| quote!(#key: #value));
                    return (quote!({ #(#entries),* }), literal);
                }
                let deepest = entries.iter().map(|(_, _, depth)| *depth).max();
                let entries = entries
                    .iter()
                    .map(|(key, value, _)| quote!((#key.to_owned(), serde_json::json!(#value))));
                (
                    quote!((serde_json::Value::Object(serde_json::Map::from_iter([#(#entries),*])))),
                    4 + deepest.unwrap_or(0),
                )
            }
            Self::Array(items) => {
                let items: Vec<(TokenStream, usize)> =
                    items.iter().map(|item| item.render(budget)).collect();
                let deepest = items.iter().map(|(_, depth)| *depth).max().unwrap_or(0);
                // One expansion per item; the items' own calls are expanded after the last.
                let literal = items.len() + 2 + deepest;
                let tokens = items.iter().map(|(tokens, _)| tokens);
                if literal <= budget {
                    return (quote!([#(#tokens),*]), literal);
                }
                (
                    quote!((serde_json::Value::Array(vec![#(serde_json::json!(#tokens)),*]))),
                    5 + deepest,
                )
            }
            Self::Scalar(tokens) => (tokens.clone(), 1),
            Self::Subschema(base, keys) if keys.is_empty() => (quote!((#base)), 1),
            Self::Subschema(base, keys) => {
                let mut deepest = 0;
                let inserts: Vec<TokenStream> = keys
                    .iter()
                    .map(|(key, value)| {
                        let (value, depth) = value.render(budget);
                        deepest = deepest.max(depth);
                        quote!(schema.insert(#key.to_owned(), serde_json::json!(#value));)
                    })
                    .collect();
                (
                    quote!(({
                        let mut schema = #base;
                        #(#inserts)*
                        schema
                    })),
                    3 + deepest,
                )
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

/// A JSON value as a node.
pub(super) fn value_node(value: &Value) -> Node {
    match value {
        Value::Null => Node::Scalar(quote!(null)),
        Value::Bool(flag) => Node::Scalar(quote!(#flag)),
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
    if let Some(value) = number.as_u64() {
        let value = Literal::u64_suffixed(value);
        Node::Scalar(quote!(#value))
    } else if let Some(value) = number.as_i64() {
        let value = Literal::i64_suffixed(value);
        Node::Scalar(quote!(#value))
    } else {
        let value = Literal::f64_suffixed(number.as_f64().unwrap_or_default());
        Node::Scalar(quote!(#value))
    }
}

fn count_node(value: u64) -> Node {
    let value = Literal::u64_suffixed(value);
    Node::Scalar(quote!(#value))
}

/// The `impl schemars::JsonSchema` of a generated type, behind the `schemars` feature.
pub(super) fn type_impl(api: &Api, definition: &TypeDef) -> TokenStream {
    let node = match &definition.kind {
        TypeKind::Struct(structure) => struct_node(api, structure),
        TypeKind::Enum(enumeration) => enum_node(enumeration),
        TypeKind::Newtype(newtype) => newtype_node(newtype),
        TypeKind::OneOf(one_of) => one_of_node(api, one_of),
        TypeKind::ByStatus(by_status) => by_status_node(api, by_status),
    };
    let name = ident(&definition.name);
    let name_text = &definition.name;
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

/// The schema of a value of `ty`, as a node `serde_json::json!` reads once rendered, which may
/// use the `generator` in scope ([`Node::uses_generator`]): what the dynamic call's input schema
/// and the reply's are composed of.
pub(super) fn type_node(api: &Api, ty: &TypeRef) -> Node {
    match ty {
        TypeRef::Named(_) => {
            let rust = type_tokens(api, ty, &quote!(crate::types::));
            Node::Subschema(quote!(generator.subschema_for::<#rust>()), Vec::new())
        }
        TypeRef::String(constraints) => string_node(constraints),
        TypeRef::Integer(IntegerType { constraints, .. }) => numeric_node("integer", constraints),
        TypeRef::Number(constraints) => numeric_node("number", constraints),
        TypeRef::Boolean => Node::Object(vec![("type".to_owned(), Node::string("boolean"))]),
        TypeRef::Array(items, bounds) => {
            let mut node = Node::Object(vec![
                ("type".to_owned(), Node::string("array")),
                ("items".to_owned(), type_node(api, items)),
            ]);
            item_bounds(&mut node, *bounds);
            node
        }
        TypeRef::Tuple(positions) => Node::Object(vec![
            ("type".to_owned(), Node::string("array")),
            (
                "prefixItems".to_owned(),
                Node::Array(positions.iter().map(|ty| type_node(api, ty)).collect()),
            ),
            ("items".to_owned(), Node::Scalar(quote!(false))),
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
        node.keyword("uniqueItems", Node::Scalar(quote!(true)));
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
        node.keyword("readOnly", Node::Scalar(quote!(true)));
    }
    if field.write_only {
        node.keyword("writeOnly", Node::Scalar(quote!(true)));
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
                .map(|name| (name.clone(), Node::Scalar(quote!(false)))),
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
            node.keyword("additionalProperties", Node::Scalar(quote!(false)));
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
    use serde_json::json;

    use super::{MACRO_DEPTH, value_node};

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
            value_node(value).render(usize::MAX).1
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
        assert!(node.render(MACRO_DEPTH).1 <= MACRO_DEPTH);
    }
}
