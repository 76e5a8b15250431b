//! Parts of an `anyOf` that only list required properties are a rule about the object's own
//! properties, not a second declaration of them (hand-written; the generator owns only
//! `Cargo.toml` and `src/`).

use snapshot_required_sets::types::RequestReviewersRequest;

#[test]
fn a_body_with_one_of_the_sets_round_trips_and_names_each_property_once() {
    let wire = serde_json::json!({"reviewers": ["octocat"]});
    let body: RequestReviewersRequest = serde_json::from_value(wire.clone()).expect("decodes");
    assert_eq!(body.reviewers.as_deref(), Some(&["octocat".to_owned()][..]));
    let text = serde_json::to_string(&body).expect("encodes");
    assert_eq!(text.matches("\"reviewers\"").count(), 1, "{text}");
    assert_eq!(serde_json::to_value(&body).expect("encodes"), wire);
}

#[test]
fn the_other_set_alone_is_as_good() {
    let wire = serde_json::json!({"team_reviewers": ["core"]});
    let body: RequestReviewersRequest = serde_json::from_value(wire.clone()).expect("decodes");
    assert_eq!(serde_json::to_value(&body).expect("encodes"), wire);
}
