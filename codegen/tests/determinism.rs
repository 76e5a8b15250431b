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
