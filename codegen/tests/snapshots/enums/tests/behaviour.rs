//! How generated enums behave (hand-written; the generator owns only `Cargo.toml` and `src/`).
//! Requests are strict, replies lenient.

use snapshot_enums::types::{GetModeResponse, Mode, SetModeRequest, Sign, Status};

#[test]
fn a_reply_keeps_a_value_the_spec_does_not_list() {
    let reply: GetModeResponse = serde_json::from_str(r#"{"mode": "turbo"}"#).expect("lenient");
    let mode = reply.mode.expect("mode");
    assert!(matches!(&mode, Mode::Unknown(value) if value.as_str() == "turbo"));
    assert_eq!(mode.as_str(), "turbo");
    assert_eq!(
        serde_json::to_string(&mode).expect("serializes"),
        r#""turbo""#
    );
}

#[test]
fn listed_values_round_trip_by_their_wire_names() {
    for mode in Mode::ALL {
        let wire = serde_json::to_string(&mode).expect("serializes");
        assert_eq!(
            serde_json::from_str::<Mode>(&wire).expect("deserializes"),
            mode
        );
        assert_eq!(mode.as_str().parse::<Mode>().expect("parses"), mode);
        assert_eq!(mode.to_string(), mode.as_str());
    }
    assert_eq!(Mode::SendSmtpMessage.as_str(), "SendSMTPMessage");
    assert_eq!(Sign::Plus1.as_str(), "+1");
    assert_eq!(Sign::Minus1.as_str(), "-1");
}

#[test]
fn an_enum_that_lists_unknown_names_its_catch_all_unlisted() {
    let status: Status = serde_json::from_str(r#""unknown""#).expect("listed");
    assert_eq!(status, Status::Unknown);
    let status: Status = serde_json::from_str(r#""paused""#).expect("lenient");
    assert!(matches!(status, Status::Unlisted(_)));
}

#[test]
fn only_listed_values_can_be_built_for_a_request() {
    assert!("turbo".parse::<Mode>().is_err());
    // A request-only enum refuses unlisted values even when deserialized.
    assert!(
        serde_json::from_str::<SetModeRequest>(r#"{"mode": "fast", "kind": "other"}"#).is_err()
    );
}
