//! A one-value tag decides the form of a choice, and a reply in no listed form is kept whole
//! (hand-written; the generator owns only `Cargo.toml` and `src/`).

use snapshot_tagged_choices::types::{GetJobResponse, Job, Sample};

fn reply(job: serde_json::Value, sample: serde_json::Value) -> GetJobResponse {
    serde_json::from_value(serde_json::json!({"job": job, "sample": sample})).expect("decodes")
}

#[test]
fn the_tag_decides_the_form_even_when_an_earlier_form_would_accept_the_rest() {
    let failed = serde_json::json!({"state": "failed", "error_info": {"message": "disk full"}});
    let decoded = reply(
        failed.clone(),
        serde_json::json!({"datum": 5, "type": "f64"}),
    );
    let Job::FailedJob(job) = &decoded.job else {
        panic!(
            "a failed job must not decode as a running one: {:?}",
            decoded.job
        );
    };
    assert_eq!(job.error_info.message, "disk full");
    assert!(
        matches!(decoded.sample, Sample::FloatSample(ref sample) if (sample.datum - 5.0).abs() < f64::EPSILON),
        "`type: f64` must pick the float form: {:?}",
        decoded.sample
    );
    assert_eq!(serde_json::to_value(&decoded.job).expect("encodes"), failed);
}

#[test]
fn each_form_keeps_its_own_tag() {
    let running = serde_json::json!({"state": "running", "progress": 0.5});
    let decoded = reply(
        running.clone(),
        serde_json::json!({"datum": 5, "type": "i64"}),
    );
    assert!(
        matches!(decoded.job, Job::RunningJob(_)),
        "{:?}",
        decoded.job
    );
    assert!(
        matches!(decoded.sample, Sample::IntegerSample(_)),
        "{:?}",
        decoded.sample
    );
    assert_eq!(
        serde_json::to_value(&decoded.job).expect("encodes"),
        running
    );
}

#[test]
fn a_form_the_spec_does_not_list_is_kept_whole() {
    let paused = serde_json::json!({"state": "paused", "since": 1_700_000_000});
    let decoded = reply(
        paused.clone(),
        serde_json::json!({"datum": "x", "type": "text"}),
    );
    let Job::Unknown(unknown) = &decoded.job else {
        panic!(
            "an unlisted tag must not pass for a listed form: {:?}",
            decoded.job
        );
    };
    assert_eq!(unknown.as_value(), &paused);
    assert!(matches!(decoded.sample, Sample::Unknown(_)));
    assert_eq!(serde_json::to_value(&decoded.job).expect("encodes"), paused);
}
