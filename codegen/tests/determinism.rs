//! The same fragments give the same bytes, whatever order they are read in.

mod common;

#[test]
fn every_order_of_the_fragments_gives_identical_output() {
    let sources = common::revcent_sources();
    let config = common::example_config();
    let expected = codegen::generate(&sources, &config).expect("generates");
    let count = sources.len();
    // Every rotation, each also reversed: for three files, all six orders.
    for rotation in 0..count {
        let mut order = sources.clone();
        order.rotate_left(rotation);
        assert_eq!(
            codegen::generate(&order, &config).expect("generates"),
            expected,
            "rotation {rotation}"
        );
        order.reverse();
        assert_eq!(
            codegen::generate(&order, &config).expect("generates"),
            expected,
            "reversed rotation {rotation}"
        );
    }
}

#[test]
fn generating_twice_gives_identical_output() {
    let sources = common::revcent_sources();
    let config = common::example_config();
    assert_eq!(
        codegen::generate(&sources, &config).expect("generates"),
        codegen::generate(&sources, &config).expect("generates")
    );
}

#[test]
fn the_base_url_is_the_fragments_common_prefix_up_to_a_segment() {
    let mut config = common::example_config();
    config.base_url = None;
    let api = codegen::build_api(&common::revcent_sources(), &config).expect("lowers");
    assert_eq!(api.base_url, "https://api.revcent.com/v2");
    assert_eq!(
        codegen::common_base_url(&["https://x.test/v1/sales", "https://x.test/v1/sales/{id}"])
            .as_deref(),
        Some("https://x.test/v1")
    );
    // One URL: its last literal segment is left to the operation's path.
    assert_eq!(
        codegen::common_base_url(&["https://x.test/v1/pets/{id}"]).as_deref(),
        Some("https://x.test/v1/pets")
    );
    assert_eq!(
        codegen::common_base_url(&["https://x.test/v1/a?beta=true"]).as_deref(),
        Some("https://x.test/v1")
    );
    assert_eq!(
        codegen::common_base_url(&["https://a.test/v1/x", "https://b.test/v1/x"]),
        None
    );
    assert_eq!(codegen::common_base_url(&["/relative/only"]), None);
    assert_eq!(codegen::common_base_url(&[]), None);
}

/// The change report compares variants by the value they stand for, so two lowerings of the same
/// enum must name each value alike; a value listed twice once gave `Channel` and `Channel2`, and
/// an unrelated edit elsewhere then reported `Channel2` as removed.
#[test]
fn an_unrelated_edit_reports_no_change_to_an_enum_that_lists_a_value_twice() {
    let fragment = |summary: &str| {
        format!(
            r#"{{"method": "POST", "path": "https://x.test/v1/regions", "operationId": "SetRegion",
                "summary": "{summary}",
                "requestBody": {{"content": {{"application/json": {{"schema": {{
                    "type": "object",
                    "properties": {{"region": {{"type": "string", "enum": ["channel", "other", "channel"]}}}}
                }}}}}}}},
                "responses": {{}}}}"#
        )
    };
    let config = common::example_config();
    let old =
        codegen::build_api(&common::source("a.json", &fragment("Sets.")), &config).expect("lowers");
    let new = codegen::build_api(&common::source("b.json", &fragment("Sets it.")), &config)
        .expect("lowers");
    let report = codegen::changes(&old, &new);
    assert!(
        report.changes.is_empty(),
        "a summary edit changed the API: {report:?}"
    );
    let files = codegen::emit_api(&new, &config).expect("emits");
    let types: String = files
        .iter()
        .filter(|(path, _)| path.starts_with("src/types/"))
        .map(|(_, text)| text.as_str())
        .collect();
    assert!(types.contains("Channel,") && !types.contains("Channel2"));
}

/// `emit_api_to` hands over exactly the files `emit_api` returns, each path once and in the
/// same order every time, and emits nothing after its sink's first error.
#[test]
fn the_sink_is_handed_each_file_once_and_stops_at_its_first_error() {
    let config = common::example_config();
    let api = codegen::build_api(&common::revcent_sources(), &config).expect("builds");
    let handed = || {
        let mut files = Vec::new();
        codegen::emit_api_to(&api, &config, &mut |path, contents| {
            files.push((path, contents.into_string()));
            Ok::<(), String>(())
        })
        .expect("emits");
        files
    };
    let first = handed();
    assert_eq!(first, handed());
    let paths: Vec<&str> = first.iter().map(|(path, _)| path.as_str()).collect();
    let whole = codegen::emit_api(&api, &config).expect("emits");
    assert_eq!(
        first.len(),
        whole.len(),
        "a path handed over twice: {paths:?}"
    );
    assert_eq!(
        first
            .iter()
            .cloned()
            .collect::<std::collections::BTreeMap<_, _>>(),
        whole
    );

    let mut count = 0;
    let error = codegen::emit_api_to(&api, &config, &mut |path, _| {
        count += 1;
        if count == 3 {
            Err(format!("disk full at {path}"))
        } else {
            Ok(())
        }
    })
    .expect_err("the sink refused a file");
    match error {
        codegen::EmitError::Sink(message) => {
            assert_eq!(message, format!("disk full at {}", paths[2]));
        }
        codegen::EmitError::Generator(error) => panic!("{error}"),
    }
    assert_eq!(count, 3, "files emitted after the sink's error");
}
