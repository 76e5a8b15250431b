//! Criterion: each RevCent operation called through the generated client (request built up to
//! the `reqwest::Request`, reply decoded into its type) against the hand-written baseline.
//! `cargo bench -p call-bench`; the figures and their ratio are in BENCHMARKS.md.

use std::hint::black_box;

use call_bench::baseline::Baseline;
use call_bench::{client, replies, typed};
use criterion::{Criterion, criterion_group, criterion_main};

fn calls(c: &mut Criterion) {
    let baseline = Baseline::new();

    let mut group = c.benchmark_group("TriggerAIVoiceAgent");
    let generated = client(replies::TRIGGER_AI_VOICE_AGENT);
    group.bench_function("generated", |b| {
        b.iter(|| typed::trigger_ai_voice_agent(black_box(&generated)).map(drop));
    });
    group.bench_function("baseline", |b| {
        b.iter(|| baseline.trigger_ai_voice_agent(black_box(replies::TRIGGER_AI_VOICE_AGENT)));
    });
    group.finish();

    let mut group = c.benchmark_group("TriggerAIAssistant");
    let generated = client(replies::TRIGGER_AI_ASSISTANT);
    group.bench_function("generated", |b| {
        b.iter(|| typed::trigger_ai_assistant(black_box(&generated)).map(drop));
    });
    group.bench_function("baseline", |b| {
        b.iter(|| baseline.trigger_ai_assistant(black_box(replies::TRIGGER_AI_ASSISTANT)));
    });
    group.finish();

    let mut group = c.benchmark_group("EditAIVoiceAgent");
    let generated = client(replies::EDIT_AI_VOICE_AGENT);
    group.bench_function("generated", |b| {
        b.iter(|| typed::edit_ai_voice_agent(black_box(&generated)).map(drop));
    });
    group.bench_function("baseline", |b| {
        b.iter(|| baseline.edit_ai_voice_agent(black_box(replies::EDIT_AI_VOICE_AGENT)));
    });
    group.finish();
}

criterion_group!(benches, calls);
criterion_main!(benches);
