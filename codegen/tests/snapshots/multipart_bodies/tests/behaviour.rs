//! Multipart bodies go out as the parts their schemas name — files with their file names and
//! media types, text, repeated fields, deep-object fields, JSON parts — checked part by part
//! on a loopback server (hand-written; the generator owns only `Cargo.toml` and `src/`).

use snapshot_multipart_bodies::types::{
    Expand, FileLinkCreationParams, PutBrandResourcesRequest, Reference, Settings,
    UploadEvidenceRequest, UploadFileRequest,
};
use snapshot_multipart_bodies::{Client, Error, FilePart, Multipart};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder()
        .api_key("key")
        .base_url(server.uri())
        .build()
        .expect("client")
}

/// One received part: its name, file name, `Content-Type` and content.
#[derive(Debug, PartialEq)]
struct Received {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    body: Vec<u8>,
}

fn part(name: &str, file_name: Option<&str>, content_type: Option<&str>, body: &[u8]) -> Received {
    Received {
        name: name.to_owned(),
        file_name: file_name.map(str::to_owned),
        content_type: content_type.map(str::to_owned),
        body: body.to_vec(),
    }
}

/// The value of `key="…"` in a `Content-Disposition` header.
fn disposition_value(header: &str, key: &str) -> Option<String> {
    let start = header.find(&format!("{key}=\""))? + key.len() + 2;
    let end = header[start..].find('"')? + start;
    Some(header[start..end].to_owned())
}

/// The parts of the one request `server` received.
async fn received_parts(server: &MockServer) -> Vec<Received> {
    let requests = server.received_requests().await.expect("recording");
    assert_eq!(requests.len(), 1, "{requests:?}");
    parts_of(&requests[0])
}

/// The parts of `request`, read as RFC 7578 lays them out (the test's own reading, so that it
/// checks the bytes reqwest wrote rather than trusting them).
fn parts_of(request: &wiremock::Request) -> Vec<Received> {
    let content_type = request
        .headers
        .get("content-type")
        .expect("content-type")
        .to_str()
        .expect("text");
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("not multipart: {content_type}"));
    let delimiter = format!("--{boundary}");
    let body = &request.body;
    let mut parts = Vec::new();
    let mut rest: &[u8] = body;
    loop {
        let at = find(rest, delimiter.as_bytes()).expect("a delimiter");
        rest = &rest[at + delimiter.len()..];
        if rest.starts_with(b"--") {
            break;
        }
        rest = rest
            .strip_prefix(b"\r\n")
            .expect("a line break after the delimiter");
        let head_end = find(rest, b"\r\n\r\n").expect("the end of the part's headers");
        let head = std::str::from_utf8(&rest[..head_end]).expect("text headers");
        let content_start = head_end + 4;
        let content_end = content_start
            + find(
                &rest[content_start..],
                format!("\r\n{delimiter}").as_bytes(),
            )
            .expect("the next delimiter");
        let mut received = Received {
            name: String::new(),
            file_name: None,
            content_type: None,
            body: rest[content_start..content_end].to_vec(),
        };
        for line in head.split("\r\n") {
            let (key, value) = line.split_once(':').expect("a header");
            match key.to_ascii_lowercase().as_str() {
                "content-disposition" => {
                    assert!(value.trim().starts_with("form-data"), "{value}");
                    received.name = disposition_value(value, "name").expect("a name");
                    received.file_name = disposition_value(value, "filename");
                }
                "content-type" => received.content_type = Some(value.trim().to_owned()),
                other => panic!("unexpected part header {other}"),
            }
        }
        parts.push(received);
        rest = &rest[content_end + 2..];
    }
    parts
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

#[tokio::test]
async fn a_file_with_deep_object_fields_is_sent_as_named_parts() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/files"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"id": "file_1", "size": 4})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let mut body = UploadFileRequest::new(
        FilePart::new(*b"\x89PNG")
            .file_name("logo.png")
            .content_type("image/png"),
        snapshot_multipart_bodies::types::Purpose::BusinessLogo,
    );
    body.expand = Some(vec![Expand::new("links").expect("expand")]);
    let mut link = FileLinkCreationParams::new(true);
    link.expires_at = Some(1_700_000_000);
    body.file_link_data = Some(link);

    let reply = client(&server).upload_file(&body).await.expect("reply");

    assert_eq!(reply.id.as_deref(), Some("file_1"));
    assert_eq!(
        received_parts(&server).await,
        vec![
            part("expand[0]", None, None, b"links"),
            part("file", Some("logo.png"), Some("image/png"), b"\x89PNG"),
            part("file_link_data[create]", None, None, b"true"),
            part("file_link_data[expires_at]", None, None, b"1700000000"),
            part("purpose", None, None, b"business_logo"),
        ]
    );
}

#[tokio::test]
async fn per_part_content_types_repeated_fields_and_json_parts() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/brands/b1/resources"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let mut body =
        PutBrandResourcesRequest::new(FilePart::new("<brand/>".as_bytes()).file_name("brand.xml"));
    body.note = Some("été".to_owned());
    // Plain strings in the schema: parts that take a file, and text as well.
    body.tags = Some(vec!["a".into(), FilePart::from("b".to_owned())]);
    body.images = Some(vec![
        FilePart::new(*b"one")
            .file_name("1.jpg")
            .content_type("image/jpeg"),
        FilePart::new(*b"two"),
    ]);
    body.settings = Some(Settings::new().with_locale("fr".to_owned()));
    body.version = Some(3);

    client(&server)
        .put_brand_resources("b1", &body)
        .await
        .expect("reply");

    assert_eq!(
        received_parts(&server).await,
        vec![
            // The part's `encoding.contentType`, as the file names none.
            part(
                "file.xml",
                Some("brand.xml"),
                Some("application/xml"),
                b"<brand/>"
            ),
            part(
                "note",
                None,
                Some("text/plain; charset=utf-8"),
                "été".as_bytes()
            ),
            part("tags", None, None, b"a"),
            part("tags", None, None, b"b"),
            // A list of accepted types names none to send: the file's own, else the default.
            part("images", Some("1.jpg"), Some("image/jpeg"), b"one"),
            part("images", None, Some("application/octet-stream"), b"two"),
            part(
                "settings",
                None,
                Some("application/json"),
                br#"{"locale":"fr"}"#
            ),
            part("version", None, None, b"3"),
        ]
    );
}

#[tokio::test]
async fn optional_parts_left_out_send_nothing() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/brands/b1/resources"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let body = PutBrandResourcesRequest::new(FilePart::new(Vec::new()));

    client(&server)
        .put_brand_resources("b1", &body)
        .await
        .expect("reply");

    assert_eq!(
        received_parts(&server).await,
        vec![part("file.xml", None, Some("application/xml"), b"")]
    );
}

#[tokio::test]
async fn parts_a_schema_does_not_name_are_listed_by_the_caller() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/issues/ISSUE-1/attachments"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([])))
        .expect(1)
        .mount(&server)
        .await;
    let parts = Multipart::new()
        .file("file", FilePart::new(*b"log").file_name("a.log"))
        .file(
            "file",
            FilePart::new(*b"{}")
                .file_name("b.json")
                .content_type("application/json"),
        )
        .text("comment", "two files");

    client(&server)
        .add_attachments("ISSUE-1", &parts)
        .await
        .expect("reply");

    assert_eq!(
        received_parts(&server).await,
        vec![
            part(
                "file",
                Some("a.log"),
                Some("application/octet-stream"),
                b"log"
            ),
            part("file", Some("b.json"), Some("application/json"), b"{}"),
            part("comment", None, None, b"two files"),
        ]
    );
}

#[tokio::test]
async fn a_part_that_cannot_be_written_is_refused_before_sending() {
    let server = MockServer::start().await;
    let body = PutBrandResourcesRequest::new(FilePart::new(*b"x").content_type("not a type"));

    let error = client(&server)
        .put_brand_resources("b1", &body)
        .await
        .expect_err("refused");

    let Error::InvalidRequest(invalid) = &error else {
        panic!("{error:?}");
    };
    let cause = std::error::Error::source(invalid)
        .expect("cause")
        .to_string();
    assert!(cause.contains("`file.xml`"), "{cause}");
    assert!(
        server
            .received_requests()
            .await
            .expect("recording")
            .is_empty()
    );
}

#[tokio::test]
async fn a_dynamic_call_takes_a_file_as_its_text() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/brands/b1/resources"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .call(
            "PutBrandResources",
            serde_json::json!({"brandId": "b1", "file.xml": "<brand/>", "tags": ["x"]}),
        )
        .await
        .expect("reply");

    assert_eq!(
        received_parts(&server).await,
        vec![
            part("file.xml", None, Some("application/xml"), b"<brand/>"),
            part("tags", None, None, b"x"),
        ]
    );
}

#[tokio::test]
async fn a_plain_string_part_takes_a_file_or_text() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/evidence"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "e1"})))
        .expect(2)
        .mount(&server)
        .await;
    let client = client(&server);
    // Bytes that are not UTF-8, with a file name: what a plain `String` could not carry.
    let file = FilePart::new(*b"\x89PNG\r\n\x1a\n\xff").file_name("receipt.png");
    let body = UploadEvidenceRequest::new(file)
        .with_comment("été".to_owned())
        .with_reference(Reference::new("R-1").expect("reference"));
    client.upload_evidence(&body).await.expect("reply");
    client
        .upload_evidence(&UploadEvidenceRequest::new("just text".into()))
        .await
        .expect("reply");

    let requests = server.received_requests().await.expect("recording");
    assert_eq!(requests.len(), 2);
    let first = parts_of(&requests[0]);
    assert_eq!(
        first,
        vec![
            // A file name makes it a file: `application/octet-stream`, as RFC 7578 says.
            part(
                "file",
                Some("receipt.png"),
                Some("application/octet-stream"),
                b"\x89PNG\r\n\x1a\n\xff"
            ),
            part("comment", None, Some("text/plain"), "été".as_bytes()),
            part("reference", None, None, b"R-1"),
        ]
    );
    // Text without a file name stays a text part: no `Content-Type`, no `filename`.
    assert_eq!(
        parts_of(&requests[1]),
        vec![part("file", None, None, b"just text")]
    );
}

#[tokio::test]
async fn a_body_sent_part_by_part_is_held_to_its_bounds() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/evidence"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "e1"})))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);

    // Out of the spec's 1 to 500: refused before anything is sent.
    let too_many = UploadEvidenceRequest::new("text".into()).with_pages(501);
    let error = client
        .upload_evidence(&too_many)
        .await
        .expect_err("refused");
    let Error::InvalidRequest(invalid) = &error else {
        panic!("{error:?}");
    };
    let cause = std::error::Error::source(invalid)
        .expect("cause")
        .to_string();
    assert!(cause.contains("pages"), "{cause}");
    assert!(cause.contains("501"), "{cause}");

    // Within them, the same body goes out, the count as a text part.
    let body = UploadEvidenceRequest::new("text".into()).with_pages(500);
    client.upload_evidence(&body).await.expect("reply");
    let requests = server.received_requests().await.expect("recording");
    assert_eq!(requests.len(), 1);
    assert_eq!(
        parts_of(&requests[0]),
        vec![
            part("file", None, None, b"text"),
            part("pages", None, None, b"500"),
        ]
    );
}
