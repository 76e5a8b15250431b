//! How long generation takes, and how it grows with the number of operations.
//!
//! `cargo bench -p codegen` prints the time for RevCent's three fragments and for synthetic APIs
//! of 30, 300 and 1,200 operations built from them. Each synthetic operation is a copy of a real
//! fragment under a new `operationId` and path, with one property added so its request type
//! is distinct, while the inlined enums and IDs stay shared: the shape of a large inlined API,
//! where structural deduplication does most of the work.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

fn revcent_sources() -> Vec<codegen::SourceFile> {
    let specs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let mut sources: Vec<codegen::SourceFile> = std::fs::read_dir(&specs)
        .expect("specs/")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "json")
        })
        .map(|path| codegen::SourceFile {
            name: path.display().to_string(),
            contents: std::fs::read_to_string(&path).expect("read"),
        })
        .collect();
    sources.sort_by(|a, b| a.name.cmp(&b.name));
    sources
}

/// `count` operations made from the real fragments.
fn synthetic(count: usize) -> Vec<codegen::SourceFile> {
    let originals = revcent_sources();
    (0..count)
        .map(|index| {
            let original = &originals[index % originals.len()];
            let mut fragment: serde_json::Value =
                serde_json::from_str(&original.contents).expect("json");
            let id = format!(
                "{}{index}",
                fragment["operationId"].as_str().expect("operationId")
            );
            let path = fragment["path"].as_str().expect("path").replacen(
                "/v2/",
                &format!("/v2/copy{index}/"),
                1,
            );
            fragment["operationId"] = id.clone().into();
            fragment["path"] = path.into();
            if let Some(properties) = fragment
                .pointer_mut("/requestBody/content/application~1json/schema/properties")
                .and_then(serde_json::Value::as_object_mut)
            {
                properties.insert(
                    format!("copy_{index}"),
                    serde_json::json!({"type": "string"}),
                );
            }
            codegen::SourceFile {
                name: format!("{id}.json"),
                contents: fragment.to_string(),
            }
        })
        .collect()
}

fn config() -> codegen::Config {
    codegen::Config {
        base_url: Some("https://api.revcent.com/v2".to_owned()),
        regenerate_command: "cargo bench".to_owned(),
        ..codegen::Config::new("bench", "Bench")
    }
}

fn generate(criterion: &mut Criterion) {
    let config = config();
    let mut group = criterion.benchmark_group("generate");
    group.sample_size(10);
    let revcent = revcent_sources();
    group.throughput(Throughput::Elements(revcent.len() as u64));
    group.bench_function("revcent-3", |bench| {
        bench.iter(|| codegen::generate(&revcent, &config).expect("generates"));
    });
    for count in [30, 300, 1200] {
        let sources = synthetic(count);
        let kilobytes = sources
            .iter()
            .map(|source| source.contents.len())
            .sum::<usize>()
            / 1000;
        println!("synthetic-{count}: {kilobytes} kB of fragments");
        group.throughput(Throughput::Elements(count as u64));
        group.bench_with_input(
            BenchmarkId::new("synthetic", count),
            &sources,
            |bench, sources| {
                bench.iter(|| codegen::generate(sources, &config).expect("generates"));
            },
        );
    }
    group.finish();
}

criterion_group!(benches, generate);
criterion_main!(benches);
