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
