//! No input makes the generator panic, and every refusal says where. Fed arbitrary text and
//! RevCent's real fragments with parts replaced or removed at random.

mod common;

use proptest::prelude::*;
use serde_json::Value;

/// Any JSON value, shallow enough to stay fast.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        "[a-z{}/ .+-]{0,12}".prop_map(Value::String),
        prop::sample::select(vec![
            "string", "object", "array", "integer", "number", "boolean", "null", "path", "query"
        ])
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(
                prop::sample::select(vec![
                    "type",
                    "properties",
                    "items",
                    "enum",
                    "required",
                    "allOf",
                    "title",
                    "minLength",
                    "x"
                ]),
                inner,
                0..4
            )
            .prop_map(|map| Value::Object(
                map.into_iter()
                    .map(|(key, value)| (key.to_owned(), value))
                    .collect()
            )),
        ]
    })
}

/// Every JSON pointer in `value`, parents before children.
fn pointers(value: &Value, prefix: &str, out: &mut Vec<String>) {
    out.push(prefix.to_owned());
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                pointers(
                    child,
                    &format!("{prefix}/{}", key.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                pointers(child, &format!("{prefix}/{index}"), out);
            }
        }
        _ => {}
    }
}

/// Replaces, or removes when `replacement` is `None`, the node at `pointer`.
fn mutate(document: &mut Value, pointer: &str, replacement: Option<Value>) {
    let Some((parent, last)) = pointer.rsplit_once('/') else {
        if let Some(value) = replacement {
            *document = value;
        }
        return;
    };
    let key = last.replace("~1", "/").replace("~0", "~");
    match document.pointer_mut(parent) {
        Some(Value::Object(map)) => match replacement {
            Some(value) => {
                map.insert(key, value);
            }
            None => {
                map.remove(&key);
            }
        },
        Some(Value::Array(items)) => {
            if let Ok(index) = key.parse::<usize>()
                && index < items.len()
            {
                match replacement {
                    Some(value) => items[index] = value,
                    None => {
                        items.remove(index);
                    }
                }
            }
        }
        _ => {}
    }
}

fn assert_located(
    result: Result<std::collections::BTreeMap<String, String>, codegen::Error>,
    file: &str,
) {
    if let Err(error) = result {
        assert!(!error.diagnostics().is_empty());
        for diagnostic in error.diagnostics() {
            assert!(
                &*diagnostic.location.file == file
                    || &*diagnostic.location.file == "<configuration>",
                "{diagnostic}"
            );
            assert!(
                diagnostic.location.pointer.is_empty()
                    || diagnostic.location.pointer.starts_with('/'),
                "{diagnostic}"
            );
            assert!(!diagnostic.message.is_empty());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in ".{0,200}") {
        let result = codegen::generate(&common::source("specs/X.json", &text), &common::example_config());
        assert_located(result, "specs/X.json");
    }

    #[test]
    fn arbitrary_json_never_panics(value in json_value()) {
        let result = codegen::generate(&common::source("specs/X.json", &value.to_string()), &common::example_config());
        assert_located(result, "specs/X.json");
    }

    #[test]
    fn mutated_real_fragments_never_panic(
        file in 0usize..3,
        picks in prop::collection::vec((any::<prop::sample::Index>(), prop::option::of(json_value())), 1..4),
    ) {
        let sources = common::revcent_sources();
        let mut document: Value = serde_json::from_str(&sources[file].contents).expect("real fragment");
        for (pick, replacement) in picks {
            let mut all = Vec::new();
            pointers(&document, "", &mut all);
            let pointer = pick.get(&all).clone();
            mutate(&mut document, &pointer, replacement);
        }
        let name = sources[file].name.clone();
        let result = codegen::generate(&common::source(&name, &document.to_string()), &common::example_config());
        assert_located(result, &name);
    }
}
