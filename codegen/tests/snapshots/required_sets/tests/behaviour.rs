//! Parts of an `anyOf` or a `oneOf` that only list required properties are a rule about the object's own
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

#[test]
fn a_one_of_of_sets_takes_exactly_one_set_each_way() {
    use snapshot_required_sets::types::AssignIssueRequest;
    for wire in [
        serde_json::json!({"user": "octocat"}),
        serde_json::json!({"team": "core"}),
    ] {
        let body: AssignIssueRequest = serde_json::from_value(wire.clone()).expect("decodes");
        assert_eq!(serde_json::to_value(&body).expect("encodes"), wire);
    }
    for wire in [
        serde_json::json!({"user": "octocat", "team": "core"}),
        serde_json::json!({}),
    ] {
        let error = serde_json::from_value::<AssignIssueRequest>(wire.clone())
            .expect_err("refused: a `oneOf` takes exactly one set");
        assert!(error.to_string().contains("exactly one"), "{wire}: {error}");
    }
    // A value built in Rust is held to the same rule when it is sent.
    let both = AssignIssueRequest::default()
        .with_user("octocat".to_owned())
        .with_team("core".to_owned());
    let error = serde_json::to_value(&both).expect_err("refused when encoded");
    assert!(error.to_string().contains("exactly one"), "{error}");
    // An `anyOf` of sets takes both.
    let both = serde_json::json!({"reviewers": ["octocat"], "team_reviewers": ["core"]});
    serde_json::from_value::<RequestReviewersRequest>(both).expect("`anyOf` takes both sets");
}
