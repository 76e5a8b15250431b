//! Fragments known by their heads and parsed only when lowering reaches them.
//!
//! Before it lowers the first fragment, lowering needs three things of every one: its
//! `operationId` (to leave out excluded operations, sort, and find duplicates), its file (to
//! sort and to name it) and its URL (to settle the base URL and the servers). A parsed
//! fragment is about ten times its JSON (its raw schemas as `serde_json` values, every node
//! with its location), so parsing every fragment before lowering any held them all at once:
//! the peak of a run's memory. A [`Pending`] fragment holds its head and its text; lowering
//! parses it when it comes to it and drops it once lowered, so at most one parsed fragment is
//! alive at a time.

use std::borrow::Cow;
use std::sync::Arc;

use serde::Deserialize;

use super::{Fragment, parse_fragment};
use crate::error::{Diagnostic, Location};

/// A fragment whose head is read and whose body is parsed when [`Pending::parse`] is called.
#[derive(Debug)]
pub struct Pending<'s> {
    /// The `operationId`, exactly as written.
    pub operation_id: String,
    /// The full URL template (`path`).
    pub url: String,
    /// The document root.
    pub location: Location,
    body: Body<'s>,
}

#[derive(Debug)]
enum Body<'s> {
    /// The file's text, not parsed yet: borrowed, or owned and dropped once parsed.
    Text(Cow<'s, str>),
    /// Already parsed: a fragment given parsed, or one whose head could only be read by
    /// parsing it whole.
    Parsed(Box<Fragment>),
}

/// What a fragment's head is read from: the two members, whatever else the object holds
/// (skipped without being built).
#[derive(Deserialize)]
struct Head<'a> {
    #[serde(rename = "operationId", borrow)]
    operation_id: Cow<'a, str>,
    #[serde(rename = "path", borrow)]
    url: Cow<'a, str>,
}

impl<'s> Pending<'s> {
    /// The fragment in `text`, read as far as its head.
    ///
    /// # Errors
    /// Every problem of the file, when its head cannot be read (it is not JSON, or its
    /// `operationId` or `path` is missing or not a string, or a member is given twice) and
    /// parsing it whole finds them. When parsing it whole succeeds, it is kept parsed.
    pub fn read(file: &str, text: impl Into<Cow<'s, str>>) -> Result<Self, Vec<Diagnostic>> {
        let text = text.into();
        if let Ok(head) = serde_json::from_str::<Head<'_>>(&text) {
            let (operation_id, url) = (head.operation_id.into_owned(), head.url.into_owned());
            return Ok(Self {
                operation_id,
                url,
                location: Location::root(Arc::from(file)),
                body: Body::Text(text),
            });
        }
        parse_fragment(file, &text).map(Self::parsed)
    }

    /// A fragment already parsed.
    #[must_use]
    pub fn parsed(fragment: Fragment) -> Self {
        Self {
            operation_id: fragment.operation_id.clone(),
            url: fragment.url.clone(),
            location: fragment.location.clone(),
            body: Body::Parsed(Box::new(fragment)),
        }
    }

    /// The fragment, parsed now if it was not yet.
    ///
    /// # Errors
    /// Every problem of the file, as [`parse_fragment`] reports them.
    pub fn parse(self) -> Result<Fragment, Vec<Diagnostic>> {
        match self.body {
            Body::Text(text) => parse_fragment(&self.location.file, &text),
            Body::Parsed(fragment) => Ok(*fragment),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FRAGMENT: &str = r#"{
        "method": "get",
        "path": "https://api.example.test/v1/things/{id}",
        "operationId": "GetThing",
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
        "responses": {"200": {"description": "ok"}}
    }"#;

    #[test]
    fn the_head_is_what_the_whole_parse_reads_and_the_body_waits() {
        let pending = Pending::read("specs/GetThing.json", FRAGMENT).expect("head");
        assert!(matches!(pending.body, Body::Text(_)));
        let whole = parse_fragment("specs/GetThing.json", FRAGMENT).expect("parses");
        assert_eq!(pending.operation_id, whole.operation_id);
        assert_eq!(pending.url, whole.url);
        assert_eq!(pending.location, whole.location);
        let parsed = pending.parse().expect("parses");
        assert_eq!(parsed.parameters.len(), 1);
    }

    #[test]
    fn an_owned_text_is_read_and_parsed_as_a_borrowed_one() {
        let borrowed = Pending::read("specs/GetThing.json", FRAGMENT).expect("head");
        let owned = Pending::read("specs/GetThing.json", FRAGMENT.to_owned()).expect("head");
        assert!(matches!(owned.body, Body::Text(Cow::Owned(_))));
        assert_eq!(owned.operation_id, borrowed.operation_id);
        assert_eq!(owned.url, borrowed.url);
        let (owned, borrowed) = (
            owned.parse().expect("parses"),
            borrowed.parse().expect("parses"),
        );
        assert_eq!(format!("{owned:?}"), format!("{borrowed:?}"));
    }

    #[test]
    fn a_head_that_cannot_be_read_gives_the_whole_parse_problems_at_once() {
        let no_id = FRAGMENT.replace(r#""operationId": "GetThing","#, "");
        let problems = Pending::read("specs/x.json", &no_id).expect_err("refused");
        assert!(
            problems
                .iter()
                .any(|problem| problem.message.contains("operationId")),
            "{problems:?}"
        );
        let not_json = Pending::read("specs/x.json", "{").expect_err("refused");
        assert!(not_json[0].message.starts_with("not valid JSON"));
    }

    #[test]
    fn escapes_in_the_head_are_read_as_the_whole_parse_reads_them() {
        let escaped = FRAGMENT.replace("GetThing", r"Get\u0054hing");
        let pending = Pending::read("specs/x.json", &escaped).expect("head");
        assert_eq!(pending.operation_id, "GetThing");
    }

    #[test]
    fn a_member_given_twice_is_read_as_the_whole_parse_reads_it() {
        let twice = FRAGMENT.replace(
            r#""operationId": "GetThing","#,
            r#""operationId": "First", "operationId": "GetThing","#,
        );
        let whole = parse_fragment("specs/x.json", &twice).map(|fragment| fragment.operation_id);
        let pending = Pending::read("specs/x.json", &twice).map(|pending| pending.operation_id);
        assert_eq!(pending.ok(), whole.ok());
    }
}
