//! Constraint checks behind the generated newtypes, and path encoding.

use crate::runtime::{
    Error, InvalidValue, check_length, check_listed, check_number_range, check_range,
    encode_path_segment,
};

#[test]
fn length_error_names_type_expectation_and_actual_length() {
    let error = check_length("AiVoiceAgentId", "AbCdEfG", Some(20), Some(20)).unwrap_err();

    assert_eq!(
        error.to_string(),
        "invalid AiVoiceAgentId: expected exactly 20 characters, got 7"
    );
    assert_eq!(error.type_name(), "AiVoiceAgentId");
}

#[test]
fn length_messages_cover_ranges_and_single_bounds() {
    let message =
        |min, max, value: &str| check_length("T", value, min, max).unwrap_err().to_string();

    assert_eq!(
        message(Some(1), Some(100), ""),
        "invalid T: expected 1 to 100 characters, got 0"
    );
    assert_eq!(
        message(Some(3), None, "ab"),
        "invalid T: expected at least 3 characters, got 2"
    );
    assert_eq!(
        message(Some(1), None, ""),
        "invalid T: expected at least 1 character, got 0"
    );
    assert_eq!(
        message(None, Some(2), "abc"),
        "invalid T: expected at most 2 characters, got 3"
    );
}

#[test]
fn length_is_counted_in_unicode_scalar_values_not_bytes() {
    assert!(check_length("CurrencyCode", "€€€", Some(3), Some(3)).is_ok());
    assert!(check_length("Id", &"é".repeat(20), Some(20), Some(20)).is_ok());
    // An optional ID where the empty string means "remove".
    assert!(check_length("OptionalId", "", Some(0), Some(20)).is_ok());
    assert!(check_length("Unbounded", "anything", None, None).is_ok());
}

#[test]
fn listed_integers_pass_and_others_are_named() {
    assert!(check_listed("priority", 5, &[2, 3, 5, 7]).is_ok());
    assert_eq!(
        check_listed("priority", 4, &[2, 3, 5, 7])
            .unwrap_err()
            .to_string(),
        "invalid priority: expected one of the integers the spec lists, got 4"
    );
    assert!(check_listed("big", i128::from(u64::MAX), &[i128::from(u64::MAX)]).is_ok());
}

#[test]
fn range_error_names_type_bounds_and_value() {
    assert_eq!(
        check_range("limit", 30, Some(1), Some(25))
            .unwrap_err()
            .to_string(),
        "invalid limit: expected an integer from 1 to 25, got 30"
    );
    assert_eq!(
        check_range("page", 0, Some(1), None)
            .unwrap_err()
            .to_string(),
        "invalid page: expected an integer of at least 1, got 0"
    );
    assert_eq!(
        check_range("offset", 11, None, Some(10))
            .unwrap_err()
            .to_string(),
        "invalid offset: expected an integer of at most 10, got 11"
    );
    assert!(check_range("limit", 1, Some(1), Some(25)).is_ok());
    assert!(check_range("limit", 25, Some(1), Some(25)).is_ok());
}

#[test]
fn invalid_value_converts_into_an_invalid_request_error() {
    let error: Error = check_length("AiVoiceAgentId", "x", Some(20), Some(20))
        .unwrap_err()
        .into();

    let Error::InvalidRequest(invalid) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(
        invalid.invalid_value().unwrap().type_name(),
        "AiVoiceAgentId"
    );
    assert_eq!(error.operation_id(), None);
    assert_eq!(
        error.to_string(),
        "RevCent: invalid request, nothing was sent: \
         invalid AiVoiceAgentId: expected exactly 20 characters, got 1"
    );
}

#[test]
fn path_encoding_keeps_only_unreserved_characters() {
    assert_eq!(encode_path_segment("AbC-123._~"), "AbC-123._~");
    assert_eq!(
        encode_path_segment("a/b?c#d%e f+g&h=i"),
        "a%2Fb%3Fc%23d%25e%20f%2Bg%26h%3Di"
    );
    assert_eq!(encode_path_segment("ü€"), "%C3%BC%E2%82%AC");
    assert_eq!(encode_path_segment(""), "");
}

#[test]
fn a_value_an_enum_does_not_list_is_refused_without_echoing_it() {
    let error = InvalidValue::not_listed("ItemType", "secret-ish");
    assert_eq!(
        error.to_string(),
        "invalid ItemType: expected one of the values the spec lists, got a 10-character value that is not one of them"
    );
    assert!(!error.to_string().contains("secret-ish"));
    assert_eq!(error.type_name(), "ItemType");
}

#[test]
fn an_unknown_enum_value_is_kept_exactly() {
    let value = crate::runtime::unknown::UnknownValue::new("sale.created.brand_new".to_owned());
    assert_eq!(value.as_str(), "sale.created.brand_new");
    assert_eq!(value.to_string(), "sale.created.brand_new");
}

#[test]
fn paths_below_a_place_join_as_serde_path_to_error_writes_them() {
    use crate::runtime::strict::join;
    assert_eq!(join(".", "."), "");
    assert_eq!(join("", "item_id"), "item_id");
    assert_eq!(join("gadget", "."), "gadget");
    assert_eq!(join("gadget", "parts[1].label"), "gadget.parts[1].label");
    assert_eq!(join("parts", "[1].label"), "parts[1].label");
}

#[test]
fn decoding_a_requests_value_is_strict_only_while_it_lasts_and_says_where() {
    use crate::runtime::strict::{as_request, decode_request, located};
    use crate::runtime::unknown::UnknownForm;
    // A choice's unknown form is kept in a reply and refused in a request's value.
    let kept: UnknownForm = serde_json::from_value(serde_json::json!({"x": 1})).expect("kept");
    assert_eq!(kept.as_value(), &serde_json::json!({"x": 1}));
    let refused =
        decode_request::<Vec<UnknownForm>>(serde_json::json!([{"x": 1}])).expect_err("refused");
    assert_eq!(refused.path().to_string(), "[0]");
    assert!(!as_request(), "the flag is put back after decoding");
    assert_eq!(located("at `a.b`: too long"), Some(("a.b", "too long")));
    assert_eq!(located("too long"), None);
}

#[test]
fn a_struct_read_leniently_takes_an_object_and_refuses_an_array() {
    use crate::runtime::strict::ObjectOnly;
    #[derive(Debug, serde::Deserialize)]
    struct Pair {
        first: i64,
        #[serde(default)]
        second: Option<i64>,
    }
    let read = |value: serde_json::Value| {
        <Pair as serde::Deserialize>::deserialize(ObjectOnly(value))
            .map(|pair| (pair.first, pair.second))
    };
    assert_eq!(
        read(serde_json::json!({"first": 1, "other": true})).expect("an object"),
        (1, None)
    );
    let error = read(serde_json::json!([1, 2])).expect_err("an array");
    assert!(
        error.to_string().contains("invalid type: sequence"),
        "{error}"
    );
}

#[test]
fn number_range_error_says_which_bounds_are_exclusive() {
    let opacity =
        |value| check_number_range("opacity", value, Some((0.0, false)), Some((1.0, true)));
    assert!(opacity(0.0).is_ok());
    assert!(opacity(0.999).is_ok());
    assert_eq!(
        opacity(1.0).unwrap_err().to_string(),
        "invalid opacity: expected a number of at least 0 and below 1, got 1"
    );
    assert!(opacity(-0.5).is_err());
    assert!(opacity(f64::NAN).is_err());
    assert_eq!(
        check_number_range("zoom", 0.0, Some((0.0, true)), None)
            .unwrap_err()
            .to_string(),
        "invalid zoom: expected a number above 0, got 0"
    );
}
