use super::check;

#[test]
fn first_sentence_becomes_the_summary() {
    check(
        "System actions are opt-in. Only provide those you need.",
        "System actions are opt-in.\n\nOnly provide those you need.",
    );
    check(
        "Edit an agent! Only include what changes? Yes.",
        "Edit an agent!\n\nOnly include what changes? Yes.",
    );
    // Only the first paragraph is split.
    check(
        "One.<br>Two sentences. Here.",
        "One.\n\nTwo sentences. Here.",
    );
}

#[test]
fn periods_that_do_not_end_a_sentence() {
    check(
        "Use a list, e.g. The one below.",
        "Use a list, e.g. The one below.",
    );
    check("Named after J. Doe here.", "Named after J. Doe here.");
    check("Wait... And then.", "Wait... And then.");
    check(
        "lowercase after. the period.",
        "lowercase after. the period.",
    );
    check(
        "Version 1.2 is current. 3.5 seconds.",
        "Version 1.2 is current.\n\n3.5 seconds.",
    );
}

#[test]
fn breaks_only_in_plain_text() {
    // A period inside code or a link is never a sentence end; one after them is.
    check(
        "Call <code>a. B</code> first. Then wait.",
        "Call `a. B` first.\n\nThen wait.",
    );
    check(
        "<b>Note. Bold</b> stays. Rest.",
        "**Note. Bold** stays.\n\nRest.",
    );
    // What follows a split keeps its markup; a sentence end right before markup is not
    // recognised (`e.g. <code>x</code>` reads the same), so such a paragraph stays whole.
    check("Sorted. <code>id</code> first.", "Sorted. `id` first.");
    check(
        "Sorted by id. Then <code>name</code>.",
        "Sorted by id.\n\nThen `name`.",
    );
    // A line start that Markdown would read as a list is escaped.
    check("Values. 1. One", "Values.\n\n1\\. One");
}
