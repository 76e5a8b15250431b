//! The deterministic valid instances of a schema: its edges.
//!
//! Each node lists its own edges, the first being its "base" (small and typical). A parent
//! builds one instance per edge of each child, the child's edge set into the parent's base, so
//! the count grows with the size of the schema, not with the product of its choices.

use proptest::strategy::{Strategy, ValueTree};
use serde_json::{Map, Value, json};

use crate::json::{child, number_from_f64, number_from_i128, same, stable_hash};
use crate::model::{Additional, Node, Types};
use crate::normalise::Problem;
use crate::random;

/// How many runners (each with its budget of rejected candidates) try to draw an instance
/// where edges found none.
const DRAWS: u64 = 2;
/// Strings longer than this are not tried at full `maxLength`.
const LONGEST_STRING: u64 = 100_000;
/// Arrays longer than this are not tried at full `maxItems`.
const LONGEST_ARRAY: u64 = 64;

/// A valid instance (of a node, or of the whole schema) and where it came from.
#[derive(Clone, Debug)]
pub(crate) struct Instance {
    pub value: Value,
    /// The schema pointer of the node whose edge this is.
    pub schema: String,
    /// The instance pointer of that node's value.
    pub at: String,
    /// What edge it is.
    pub what: String,
}

impl Instance {
    fn new(value: Value, node: &Node, what: impl Into<String>) -> Self {
        Self {
            value,
            schema: node.origin.clone(),
            at: String::new(),
            what: what.into(),
        }
    }

    /// This instance of a child placed at `token` of a parent value.
    fn placed(&self, token: &str, value: Value) -> Self {
        Self {
            value,
            schema: self.schema.clone(),
            at: format!("{}{}", child("", token), self.at),
            what: self.what.clone(),
        }
    }
}

/// What edge derivation needs besides the node.
pub(crate) struct Context {
    pub seed: u64,
    pub unlisted_properties: bool,
    /// Parts of the schema no instance could be found for.
    pub problems: Vec<Problem>,
}

/// The edges of `node`, each valid for it; empty when none was found.
pub(crate) fn edges(node: &Node, context: &mut Context) -> Vec<Instance> {
    let mut found = if let Some(values) = &node.values {
        values
            .iter()
            .map(|value| Instance::new(value.clone(), node, format!("enum value {value}")))
            .collect()
    } else if let Some(choice) = &node.choice {
        choice_edges(node, choice, context)
    } else if node.types == Types::ALL {
        any_values()
            .into_iter()
            .map(|value| Instance::new(value, node, "a value of any type"))
            .collect()
    } else {
        let mut found = Vec::new();
        for kind in Types::EACH {
            if node.types.contains(kind) {
                found.extend(typed_edges(node, kind, context));
            }
        }
        found
    };
    found.retain(|instance| node.accepts(&instance.value));
    let mut unique: Vec<Instance> = Vec::new();
    for instance in found {
        if !unique.iter().any(|seen| same(&seen.value, &instance.value)) {
            unique.push(instance);
        }
    }
    // A choice has tried each alternative already, and said which found nothing.
    if unique.is_empty() && !node.types.is_empty() && node.choice.is_none() {
        if let Some(value) = draw(node, context, "") {
            unique.push(Instance::new(
                value,
                node,
                "drawn at random: no edge was valid",
            ));
        } else {
            context.problems.push(Problem {
                pointer: node.origin.clone(),
                message: "no valid instance of this schema was found".to_owned(),
            });
        }
    }
    unique
}

/// A value drawn from the node's random strategy, when edges are not enough.
fn draw(node: &Node, context: &Context, salt: &str) -> Option<Value> {
    let strategy = random::strategy(node, context.unlisted_properties);
    let seed = context.seed ^ stable_hash(&node.origin) ^ stable_hash(salt);
    (0..DRAWS).find_map(|attempt| {
        let mut runner = random::runner(seed, attempt);
        strategy
            .new_tree(&mut runner)
            .ok()
            .map(|tree| tree.current())
    })
}

fn choice_edges(
    node: &Node,
    choice: &crate::model::Choice,
    context: &mut Context,
) -> Vec<Instance> {
    let mut found = Vec::new();
    for (index, alternative) in choice.alternatives.iter().enumerate() {
        let mut own: Vec<Instance> = edges(alternative, context)
            .into_iter()
            .filter(|instance| node.accepts(&instance.value))
            .map(|instance| Instance {
                what: format!("{} alternative {index}: {}", choice.keyword, instance.what),
                ..instance
            })
            .collect();
        if own.is_empty() {
            let strategy = random::strategy(alternative, context.unlisted_properties);
            let filter = node.filter.clone();
            let strategy = strategy.prop_filter("valid for the whole schema", move |value| {
                filter
                    .as_ref()
                    .is_none_or(|validator| validator.is_valid(value))
            });
            let seed = context.seed ^ stable_hash(&alternative.origin);
            let value = (0..DRAWS).find_map(|attempt| {
                let mut runner = random::runner(seed, attempt);
                strategy
                    .new_tree(&mut runner)
                    .ok()
                    .map(|tree| tree.current())
            });
            match value {
                Some(value) => own.push(Instance::new(
                    value,
                    alternative,
                    format!("{} alternative {index}, drawn at random", choice.keyword),
                )),
                None => context.problems.push(Problem {
                    pointer: alternative.origin.clone(),
                    message: "no instance of this alternative was found that the whole schema \
                              accepts (for `oneOf`: that no other alternative accepts too)"
                        .to_owned(),
                }),
            }
        }
        found.extend(own);
    }
    found
}

/// Values of every type, for `{}`.
pub(crate) fn any_values() -> Vec<Value> {
    vec![
        json!("text"),
        Value::Null,
        json!(true),
        json!(0),
        json!(-1.5),
        json!(u64::MAX),
        json!([]),
        json!([1, "two", null, {"three": 3}]),
        json!({}),
        json!({"key": "value", "nested": {"list": [1.25, false]}}),
    ]
}

fn typed_edges(node: &Node, kind: Types, context: &mut Context) -> Vec<Instance> {
    match kind {
        Types::NULL => vec![Instance::new(Value::Null, node, "null")],
        Types::BOOLEAN => vec![
            Instance::new(json!(true), node, "true"),
            Instance::new(json!(false), node, "false"),
        ],
        Types::INTEGER => integer_edges(node),
        Types::NUMBER => number_edges(node),
        Types::STRING => string_edges(node, context),
        Types::ARRAY => array_edges(node, context),
        Types::OBJECT => object_edges(node, context),
        _ => Vec::new(),
    }
}

fn integer_edges(node: &Node) -> Vec<Instance> {
    let Some((low, high, step)) = node.numbers.integer_range() else {
        return Vec::new();
    };
    let mut candidates = vec![
        (low, format!("lowest integer allowed ({low})")),
        (high, format!("highest integer allowed ({high})")),
        (0, "zero".to_owned()),
        (step, "one step above zero".to_owned()),
        (-step, "one step below zero".to_owned()),
        (low + step, "the second lowest integer".to_owned()),
        (high - step, "the second highest integer".to_owned()),
    ];
    // Start near zero where the range allows it: the first edge is the base.
    if low <= 1 && 1 <= high && 1 % step == 0 {
        candidates.insert(0, (1, "one".to_owned()));
    }
    candidates
        .into_iter()
        .filter(|(value, _)| low <= *value && *value <= high && value % step == 0)
        .filter_map(|(value, what)| Some(Instance::new(number_from_i128(value)?, node, what)))
        .collect()
}

fn number_edges(node: &Node) -> Vec<Instance> {
    let Some((low, high)) = node.numbers.number_range() else {
        return Vec::new();
    };
    let mut candidates: Vec<(f64, String)> = vec![
        (2.5, "a fraction".to_owned()),
        (low, format!("lowest number allowed ({low})")),
        (high, format!("highest number allowed ({high})")),
        (0.0, "zero".to_owned()),
        (-0.1, "a negative fraction".to_owned()),
        (1e-7, "a small fraction".to_owned()),
        (123_456_789.125, "a large number with a fraction".to_owned()),
        (low / 2.0 + high / 2.0, "the middle of the range".to_owned()),
    ];
    if let Some(step) = node.numbers.multiple_of {
        let first = (low / step).ceil() * step;
        let last = (high / step).floor() * step;
        candidates = vec![
            (first, format!("lowest multiple of {step}")),
            (last, format!("highest multiple of {step}")),
            (step, format!("{step}")),
            (0.0, "zero".to_owned()),
            (step * 3.0, format!("3 × {step}")),
        ];
    }
    let mut found: Vec<Instance> = candidates
        .into_iter()
        .filter(|(value, _)| low <= *value && *value <= high)
        .filter_map(|(value, what)| Some(Instance::new(number_from_f64(value)?, node, what)))
        .collect();
    // A number written as an integer: the type must read it as a number.
    for whole in [7_i64, 0] {
        #[allow(clippy::cast_precision_loss, reason = "small integers are exact")]
        let as_float = whole as f64;
        if low <= as_float && as_float <= high {
            found.push(Instance::new(
                json!(whole),
                node,
                "a number written as an integer",
            ));
            break;
        }
    }
    found
}

/// A string of `length` characters, from `alphabet` repeated.
fn string_of(length: u64, alphabet: &[char]) -> String {
    alphabet
        .iter()
        .cycle()
        .take(usize::try_from(length).unwrap_or(usize::MAX))
        .collect()
}

const LETTERS: [char; 26] = [
    'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's',
    't', 'u', 'v', 'w', 'x', 'y', 'z',
];
/// Characters that test escaping and code-point counting.
const AWKWARD: [char; 10] = [
    'é', '"', '漢', '\\', '😀', '\n', '/', '\u{1}', ' ', '\u{2028}',
];

/// Examples of the string formats this crate knows, valid and in canonical form.
pub(crate) fn format_examples(format: &str) -> Option<&'static [&'static str]> {
    Some(match format {
        "date-time" => &[
            "2024-02-29T13:45:30Z",
            "1970-01-01T00:00:00.5+05:30",
            "2038-01-19T03:14:08.123456-08:00",
        ],
        "date" => &["2024-02-29", "1970-01-01", "2099-12-31"],
        "time" => &["13:45:30Z", "00:00:00.25+01:00"],
        "email" => &["someone@example.com", "first.last+tag@mail.example.org"],
        "uri" => &[
            "https://example.com/a/b?c=d#e",
            "urn:isbn:0451450523",
            "mailto:someone@example.com",
        ],
        "uri-reference" => &["https://example.com/a", "/relative/path?x=1", "#fragment"],
        "uuid" => &[
            "123e4567-e89b-12d3-a456-426614174000",
            "00000000-0000-0000-0000-000000000000",
        ],
        "hostname" => &["example.com", "a-b.example.org"],
        "ipv4" => &["192.168.0.1", "255.255.255.255"],
        "ipv6" => &["::1", "2001:db8::8a2e:370:7334"],
        _ => return None,
    })
}

fn string_edges(node: &Node, context: &mut Context) -> Vec<Instance> {
    let strings = &node.strings;
    let min = strings.min_length;
    let max = strings.max_length.unwrap_or(u64::MAX);
    if min > max {
        return Vec::new();
    }
    if let Some(examples) = strings.format.as_deref().and_then(format_examples) {
        let format = strings.format.as_deref().unwrap_or_default();
        return examples
            .iter()
            .map(|example| Instance::new(json!(example), node, format!("a {format}")))
            .collect();
    }
    if strings.pattern.is_some() {
        return (0..3)
            .filter_map(|index| draw(node, context, &index.to_string()))
            .map(|value| Instance::new(value, node, "matching the pattern"))
            .collect();
    }
    let mut found = vec![Instance::new(
        json!(string_of(5.clamp(min, max), &LETTERS)),
        node,
        "a string",
    )];
    found.push(Instance::new(
        json!(string_of(min, &LETTERS)),
        node,
        if min == 0 {
            "the empty string".to_owned()
        } else {
            format!("minLength {min}")
        },
    ));
    if let Some(max) = strings.max_length
        && max <= LONGEST_STRING
    {
        found.push(Instance::new(
            json!(string_of(max, &LETTERS)),
            node,
            format!("maxLength {max}"),
        ));
    }
    found.push(Instance::new(
        json!(string_of(10.clamp(min, max), &AWKWARD)),
        node,
        "non-ASCII, escaped and control characters",
    ));
    found
}

fn array_edges(node: &Node, context: &mut Context) -> Vec<Instance> {
    let arrays = &node.arrays;
    let min = arrays.min_items;
    let max = arrays.max_items.unwrap_or(u64::MAX);
    if min > max {
        return Vec::new();
    }
    if !arrays.prefix.is_empty() {
        return tuple_edges(node, context);
    }
    let items: Vec<Instance> = match &arrays.items {
        Some(items) => edges(items, context),
        None => any_values()
            .into_iter()
            .map(|value| Instance::new(value, node, "an item of any type"))
            .collect(),
    };
    if items.is_empty() {
        return if min == 0 {
            vec![Instance::new(
                json!([]),
                node,
                "the empty array (no item is possible)",
            )]
        } else {
            Vec::new()
        };
    }
    // `count` items, `first` first, then the others in turn (distinct ones where unique).
    let fill = |first: &Value, count: u64| -> Option<Value> {
        let count = usize::try_from(count).ok()?;
        let mut out: Vec<Value> = Vec::with_capacity(count);
        if count > 0 {
            out.push(first.clone());
        }
        let others: Vec<&Value> = items.iter().map(|item| &item.value).collect();
        let mut round = 0;
        while out.len() < count {
            let before = out.len();
            for other in &others {
                if out.len() == count {
                    break;
                }
                if !arrays.unique || !out.iter().any(|seen| same(seen, other)) {
                    out.push((*other).clone());
                }
            }
            round += 1;
            if out.len() == before || round > count {
                break;
            }
        }
        (out.len() == count).then_some(Value::Array(out))
    };
    let base = &items[0].value;
    let mut found = Vec::new();
    if let Some(value) = fill(base, min) {
        let what = if min == 0 {
            "the empty array".to_owned()
        } else {
            format!("minItems {min}")
        };
        found.push(Instance::new(value, node, what));
    }
    let longest = if arrays.max_items.is_some() {
        max
    } else {
        min.max(3)
    };
    if longest > min
        && longest <= LONGEST_ARRAY
        && let Some(value) = fill(base, longest)
    {
        let what = if arrays.max_items.is_some() {
            format!("maxItems {longest}")
        } else {
            format!("{longest} items")
        };
        found.push(Instance::new(value, node, what));
    }
    if max >= 1 {
        for item in &items {
            if let Some(value) = fill(&item.value, min.max(1)) {
                found.push(item.placed("0", value));
            }
        }
        // `contains`: arrays led by each edge of what one item must be (the node's filter
        // drops the edges above that lack one).
        if let Some(contains) = &arrays.contains {
            for item in edges(contains, context) {
                if let Some(value) = fill(&item.value, min.max(1)) {
                    found.push(item.placed("0", value));
                }
            }
        }
    }
    found
}

/// An array with `prefixItems`: every edge of each position, the other positions holding their
/// first edge, then as many items of `items` as `minItems` asks for. Arrays the rest of the
/// schema refuses are dropped by the node's validator.
fn tuple_edges(node: &Node, context: &mut Context) -> Vec<Instance> {
    let arrays = &node.arrays;
    let positions: Vec<Vec<Instance>> = arrays
        .prefix
        .iter()
        .map(|item| edges(item, context))
        .collect();
    if positions.iter().any(Vec::is_empty) {
        return Vec::new();
    }
    let rest: Vec<Value> = match &arrays.items {
        Some(items) => edges(items, context)
            .into_iter()
            .map(|item| item.value)
            .collect(),
        None => any_values(),
    };
    let firsts: Vec<Value> = positions
        .iter()
        .map(|edges| edges[0].value.clone())
        .collect();
    let padded = |mut items: Vec<Value>| -> Option<Value> {
        let wanted = usize::try_from(arrays.min_items).ok()?;
        while items.len() < wanted {
            items.push(rest.get(items.len() % rest.len().max(1))?.clone());
        }
        Some(Value::Array(items))
    };
    let mut found = Vec::new();
    for (index, position) in positions.iter().enumerate() {
        for edge in position {
            let mut items = firsts.clone();
            items[index] = edge.value.clone();
            if let Some(value) = padded(items) {
                found.push(edge.placed(&index.to_string(), value));
            }
        }
    }
    found
}

/// A name for a property the object does not list, allowed by `propertyNames`.
fn unlisted_name(node: &Node, context: &mut Context, taken: &Map<String, Value>) -> Option<String> {
    let listed = |name: &str| {
        node.property(name).is_some()
            || taken.contains_key(name)
            || node
                .schema
                .get("properties")
                .and_then(|properties| properties.get(name))
                .is_some()
    };
    let candidates: Vec<String> = match &node.objects.names {
        Some(names) => edges(names, context)
            .into_iter()
            .filter_map(|instance| instance.value.as_str().map(str::to_owned))
            .collect(),
        None => ["unlisted_property", "another_unlisted", "x"]
            .iter()
            .map(|name| (*name).to_owned())
            .collect(),
    };
    candidates.into_iter().find(|name| !listed(name))
}

/// Values for properties the object does not list, where it allows them.
fn unlisted_edges(node: &Node, context: &mut Context) -> Option<Vec<Instance>> {
    let what = match &node.objects.additional {
        Additional::Schema(schema) => return Some(edges(schema, context)),
        Additional::Any => "an unlisted property (additionalProperties allows it)",
        Additional::Unspecified if context.unlisted_properties => "an unlisted property",
        Additional::Unspecified | Additional::Forbidden => return None,
    };
    Some(
        any_values()
            .into_iter()
            .take(2)
            .map(|value| Instance::new(value, node, what))
            .collect(),
    )
}

fn object_edges(node: &Node, context: &mut Context) -> Vec<Instance> {
    let objects = &node.objects;
    let mut children: Vec<(&str, bool, Vec<Instance>)> = Vec::new();
    for (name, property) in &objects.properties {
        let required = objects.required.iter().any(|required| required == name);
        let found = edges(property, context);
        if found.is_empty() && required {
            return Vec::new();
        }
        children.push((name, required, found));
    }
    let mut base = Map::new();
    for (name, required, found) in &children {
        if *required && let Some(first) = found.first() {
            base.insert((*name).to_owned(), first.value.clone());
        }
    }
    // Fill up to `minProperties` with optional properties, then unlisted ones.
    for (name, _, found) in &children {
        if u64::try_from(base.len()).unwrap_or(u64::MAX) >= objects.min_properties {
            break;
        }
        if let Some(first) = found.first() {
            base.entry((*name).to_owned())
                .or_insert_with(|| first.value.clone());
        }
    }
    let additional = unlisted_edges(node, context);
    while u64::try_from(base.len()).unwrap_or(u64::MAX) < objects.min_properties {
        let value = additional
            .as_ref()
            .and_then(|found| found.first())
            .map(|first| first.value.clone());
        match (value, unlisted_name(node, context, &base)) {
            (Some(value), Some(name)) => {
                base.insert(name, value);
            }
            _ => return Vec::new(),
        }
    }
    let fits = |map: &Map<String, Value>| {
        objects
            .max_properties
            .is_none_or(|max| u64::try_from(map.len()).unwrap_or(u64::MAX) <= max)
    };
    let optional_count = children.iter().filter(|(_, required, _)| !required).count();
    let mut found = vec![Instance::new(
        Value::Object(base.clone()),
        node,
        if optional_count == 0 {
            "every property"
        } else {
            "only the required properties"
        },
    )];
    if optional_count > 0 {
        let mut full = base.clone();
        for (name, _, edges) in &children {
            if let Some(first) = edges.first() {
                full.entry((*name).to_owned())
                    .or_insert_with(|| first.value.clone());
            }
        }
        if fits(&full) {
            found.push(Instance::new(
                Value::Object(full),
                node,
                "every optional property present",
            ));
        }
    }
    for (name, required, edges) in &children {
        for (index, edge) in edges.iter().enumerate() {
            if *required && index == 0 {
                continue;
            }
            let mut map = base.clone();
            map.insert((*name).to_owned(), edge.value.clone());
            if !fits(&map) {
                continue;
            }
            let mut instance = edge.placed(name, Value::Object(map));
            if !required && index == 0 {
                instance.what = format!("optional property `{name}` present");
            }
            found.push(instance);
        }
    }
    if let Some(additional) = additional {
        for edge in additional {
            let Some(name) = unlisted_name(node, context, &base) else {
                break;
            };
            let mut map = base.clone();
            map.insert(name.clone(), edge.value.clone());
            if fits(&map) {
                found.push(edge.placed(&name, Value::Object(map)));
            }
        }
    }
    found
}
