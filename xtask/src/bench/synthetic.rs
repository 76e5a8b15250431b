//! Synthetic APIs of any size, built deterministically from real fragments.
//!
//! Operation `i` is a copy of template `i % templates.len()` (RevCent's fragments) with a name,
//! a path and schemas of its own: `operationId` is a verb, an area and a resource
//! (`ArchiveBillingInvoice`: 20 × 20 × 50 names before a number is needed), and a small random
//! generator seeded with `i` drops some optional properties, adds others, and varies enum
//! values and descriptions. So the request, reply and nested types of most operations differ,
//! and deduplication cannot fold a large API into the types of three fragments, while what real
//! APIs share stays shared: titled schemas (`APIStandardErrors`) are left as they are, and each
//! resource's ID is one titled type across its operations.

use std::fmt::Write as _;

use serde_json::{Map, Value, json};

const VERBS: [&str; 20] = [
    "get", "list", "create", "edit", "delete", "trigger", "archive", "restore", "search", "export",
    "import", "approve", "cancel", "refund", "sync", "assign", "merge", "pause", "resume",
    "verify",
];

const AREAS: [&str; 20] = [
    "billing",
    "shipping",
    "support",
    "marketing",
    "catalog",
    "sales",
    "fraud",
    "payroll",
    "inventory",
    "analytics",
    "loyalty",
    "compliance",
    "voice",
    "messaging",
    "storage",
    "identity",
    "pricing",
    "reporting",
    "scheduling",
    "partner",
];

const RESOURCES: [&str; 50] = [
    "customer",
    "invoice",
    "shipment",
    "campaign",
    "product",
    "order",
    "refund",
    "ticket",
    "agent",
    "assistant",
    "coupon",
    "discount",
    "subscription",
    "plan",
    "payment",
    "card",
    "account",
    "address",
    "label",
    "carrier",
    "warehouse",
    "vendor",
    "contract",
    "document",
    "note",
    "tag",
    "webhook",
    "report",
    "dashboard",
    "metric",
    "alert",
    "rule",
    "policy",
    "role",
    "team",
    "member",
    "session",
    "token",
    "device",
    "call",
    "message",
    "thread",
    "channel",
    "template",
    "schedule",
    "event",
    "task",
    "project",
    "budget",
    "asset",
];

/// Words for the properties and enum values an operation adds.
const EXTRAS: [&str; 16] = [
    "region",
    "priority",
    "channel",
    "reference",
    "locale",
    "currency",
    "segment",
    "owner",
    "source",
    "batch",
    "window",
    "quota",
    "status",
    "tier",
    "origin",
    "stage",
];

/// The base URL of every synthetic operation.
pub const BASE_URL: &str = "https://api.example.test/v2";

/// SplitMix64: a few lines, good enough to vary schemas, and the same on every machine.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// True with probability `percent` / 100.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a>(&mut self, words: &[&'a str]) -> &'a str {
        let index = usize::try_from(self.next() % words.len() as u64).unwrap_or_default();
        words[index]
    }
}

fn capitalised(word: &str) -> String {
    let mut characters = word.chars();
    characters.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(characters).collect()
    })
}

/// The verb, area and resource of operation `index`; distinct for every index below 20,000.
fn words(index: usize) -> (&'static str, &'static str, &'static str) {
    (
        VERBS[index % VERBS.len()],
        AREAS[index / VERBS.len() % AREAS.len()],
        RESOURCES[index / (VERBS.len() * AREAS.len()) % RESOURCES.len()],
    )
}

/// `count` operations made from `templates` (fragments as JSON), as (file name, JSON text)
/// pairs. The same arguments give the same bytes.
pub fn corpus(templates: &[Value], count: usize) -> Vec<(String, String)> {
    (0..count)
        .map(|index| {
            let fragment = operation(&templates[index % templates.len()], index);
            let id = fragment["operationId"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            (format!("{id}.json"), fragment.to_string())
        })
        .collect()
}

/// Operation `index`, from `template`.
fn operation(template: &Value, index: usize) -> Value {
    let (verb, area, resource) = words(index);
    let cycle = index / (VERBS.len() * AREAS.len() * RESOURCES.len());
    let mut id = format!(
        "{}{}{}",
        capitalised(verb),
        capitalised(area),
        capitalised(resource)
    );
    if cycle > 0 {
        id.push_str(&cycle.to_string());
    }
    let mut random = Random(index as u64);
    let mut fragment = template.clone();
    let id_parameter = format!("{resource}_id");
    let mut path = format!("{BASE_URL}/{area}/{resource}s");
    if let Some(parameters) = fragment.get_mut("parameters").and_then(Value::as_array_mut) {
        for parameter in parameters {
            if parameter["in"] == "path" {
                parameter["name"] = json!(id_parameter);
                parameter["schema"]["title"] = json!(format!("{} ID", capitalised(resource)));
                let _ = write!(path, "/{{{id_parameter}}}");
            } else if let Some(schema) = parameter.get_mut("schema") {
                vary(schema, &mut random, area);
            }
        }
    }
    path.push('/');
    path.push_str(verb);
    fragment["operationId"] = json!(id);
    fragment["path"] = json!(path);
    if let Some(summary) = fragment.get_mut("summary") {
        *summary = json!(format!("{} a {} {}", capitalised(verb), area, resource));
    }
    for pointer in ["/requestBody/content", "/responses"] {
        let Some(Value::Object(map)) = fragment.pointer_mut(pointer) else {
            continue;
        };
        for entry in map.values_mut() {
            vary_media(entry, &mut random, area);
        }
    }
    fragment
}

/// Varies the schema of a media type, or of each media type of a response.
fn vary_media(value: &mut Value, random: &mut Random, area: &str) {
    if let Some(schema) = value.get_mut("schema") {
        vary(schema, random, area);
    }
    if let Some(Value::Object(content)) = value.get_mut("content") {
        for media in content.values_mut() {
            vary_media(media, random, area);
        }
    }
}

/// Varies one schema and everything below it, except titled schemas, which stand for types an
/// API shares.
fn vary(schema: &mut Value, random: &mut Random, area: &str) {
    let Value::Object(object) = schema else {
        return;
    };
    if object.contains_key("title") {
        return;
    }
    if let Some(Value::String(description)) = object.get_mut("description")
        && !description.is_empty()
        && random.chance(50)
    {
        let _ = write!(description, " Used by the {area} team.");
    }
    if let Some(Value::Array(values)) = object.get_mut("enum")
        && values.iter().all(Value::is_string)
        && random.chance(50)
    {
        if values.len() > 1 {
            values.retain(|_| !random.chance(15));
        }
        if values.is_empty() || random.chance(30) {
            values.push(json!(format!("{area}_{}", random.pick(&EXTRAS))));
        }
        values.dedup();
    }
    if let Some(items) = object.get_mut("items") {
        vary(items, random, area);
    }
    if let Some(Value::Object(properties)) = object.get("properties") {
        let required: Vec<String> = object
            .get("required")
            .and_then(Value::as_array)
            .map(|names| {
                names
                    .iter()
                    .filter_map(|name| name.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        let mut varied = Map::new();
        for (name, property) in properties {
            if !required.contains(name) && random.chance(20) {
                continue;
            }
            let mut property = property.clone();
            vary(&mut property, random, area);
            varied.insert(name.clone(), property);
        }
        for _ in 0..random.next() % 3 {
            let name = format!("{area}_{}", random.pick(&EXTRAS));
            let extra = extra_property(random, &name);
            varied.entry(name).or_insert(extra);
        }
        object.insert("properties".to_owned(), Value::Object(varied));
    }
}

/// A scalar property as RevCent writes them.
fn extra_property(random: &mut Random, name: &str) -> Value {
    let description = format!("The {} of this item.", name.replace('_', " "));
    match random.next() % 5 {
        0 => json!({"type": "integer", "description": description}),
        1 => json!({"type": "boolean", "description": description}),
        2 => json!({"type": "string", "description": description, "maxLength": 64}),
        3 => json!({
            "type": "string",
            "description": description,
            "enum": [random.pick(&EXTRAS), random.pick(&EXTRAS), "other"],
        }),
        _ => json!({"type": "string", "description": description}),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn templates() -> Vec<Value> {
        let specs = crate::workspace_root().expect("checkout").join("specs");
        let mut files: Vec<_> = std::fs::read_dir(specs)
            .expect("specs/")
            .map(|entry| entry.expect("entry").path())
            .collect();
        files.sort();
        files
            .iter()
            .map(|path| {
                serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("JSON")
            })
            .collect()
    }

    #[test]
    fn names_are_distinct_for_twenty_thousand_operations() {
        let mut names: Vec<_> = (0..20_000).map(words).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), 20_000);
    }

    #[test]
    fn the_corpus_is_deterministic_distinct_and_not_folded_by_deduplication() {
        let templates = templates();
        let corpus = corpus(&templates, 60);
        assert_eq!(corpus, super::corpus(&templates, 60), "same bytes twice");
        let mut names: Vec<&str> = corpus.iter().map(|(name, _)| name.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), 60, "one file per operation");

        let sources: Vec<codegen::SourceFile> = corpus
            .into_iter()
            .map(|(name, contents)| codegen::SourceFile { name, contents })
            .collect();
        let config = codegen::Config {
            base_url: Some(BASE_URL.to_owned()),
            ..codegen::Config::new("synthetic", "Synthetic")
        };
        let api = codegen::build_api(&sources, &config).expect("the generator accepts it");
        assert_eq!(api.operations.len(), 60);
        // RevCent's three fragments make 40 types; copies that differed only in name would
        // add two per operation (their untitled request and reply).
        assert!(
            api.types.len() > 60 * 4,
            "{} types: deduplication folded the corpus",
            api.types.len()
        );
    }
}
