//! The request description that generated operations fill in and [`super::Client`] sends.

use std::borrow::Cow;
use std::fmt;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Everything but RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`).
const NOT_UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes a value for use as one path segment (or a query name or value).
///
/// Everything except RFC 3986 unreserved characters is encoded, as UTF-8, so a `/`, `?`, `#`,
/// `%`, space or non-ASCII character in an ID cannot change which resource the URL names. A value
/// that is exactly `.` or `..`, or empty, would still be reinterpreted by URL normalisation; the
/// client refuses to send such a path rather than send it somewhere else.
#[allow(
    dead_code,
    reason = "called by generated operations; not every API has path parameters"
)]
pub(crate) fn encode_path_segment(value: &str) -> String {
    utf8_percent_encode(value, NOT_UNRESERVED).to_string()
}

/// One API call, described by a generated operation and sent by [`super::Client::execute`].
pub(crate) struct Request {
    pub(super) operation_id: &'static str,
    pub(super) method: reqwest::Method,
    pub(super) path: String,
    /// The index in `crate::config::SERVERS` of the server the operation is called on; `None`
    /// for the base URL.
    pub(super) server: Option<usize>,
    /// Names are the parameters' own, or built from them (`filter[status]`, `style: deepObject`).
    pub(super) query: Vec<(Cow<'static, str>, String)>,
    pub(super) headers: Vec<(&'static str, String)>,
    /// The serialized JSON body, or why it could not be serialized (reported by `execute`).
    pub(super) body: Option<Result<Vec<u8>, serde_json::Error>>,
    /// A form body (`application/x-www-form-urlencoded`) as its name/value pairs, which
    /// reqwest's own form support encodes; or why the value is no form.
    pub(super) form: Option<Result<Vec<(String, String)>, serde_json::Error>>,
    /// A `multipart/form-data` body, which reqwest's own multipart support writes.
    pub(super) multipart: Option<super::Multipart>,
    /// The first header value that could not be encoded (reported by `execute`).
    pub(super) header_error: Option<(&'static str, serde_json::Error)>,
    /// The first query value that could not be encoded (as JSON or `deepObject` pairs) (reported by `execute`).
    pub(super) query_error: Option<(&'static str, serde_json::Error)>,
    /// The media type of the body.
    pub(super) content_type: &'static str,
    /// The media type the operation answers with.
    pub(super) accept: &'static str,
}

#[allow(
    dead_code,
    reason = "called by generated operations; not every API uses every builder"
)]
impl Request {
    /// A request for `operation_id` to `path`, which is relative to the client's base URL,
    /// has no leading slash and is already percent-encoded (see [`encode_path_segment`]).
    pub(crate) fn new(operation_id: &'static str, method: reqwest::Method, path: String) -> Self {
        Self {
            operation_id,
            method,
            path,
            server: None,
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            form: None,
            multipart: None,
            header_error: None,
            query_error: None,
            content_type: "application/json",
            accept: "application/json",
        }
    }

    /// Calls the operation on `crate::config::SERVERS[index]` rather than the base URL.
    pub(crate) fn server(mut self, index: usize) -> Self {
        self.server = Some(index);
        self
    }

    /// Sends `body` as JSON. Serialization happens now; a failure is reported by `execute` as
    /// an invalid request, before anything is sent.
    pub(crate) fn json_body<B: serde::Serialize + ?Sized>(mut self, body: &B) -> Self {
        self.body = Some(serde_json::to_vec(body));
        self
    }

    /// Sends `body` as a form (`application/x-www-form-urlencoded`), as OpenAPI's defaults for
    /// forms say (`style: form`, `explode: true`): each property one `name=value` pair, each item
    /// of a list one pair with the property's name, strings as they are, numbers and booleans
    /// as JSON writes them; a property left out (`None`) sends nothing. The properties named in
    /// `deep` have `style: deepObject` in the body's `encoding` and are spread into bracketed
    /// pairs as `deep_pairs` says. The generator accepts form bodies only when every other
    /// property is a scalar or a list of scalars, so any other shape is reported by `execute`
    /// as an invalid request, before anything is sent.
    pub(crate) fn form_body<B: serde::Serialize + ?Sized>(
        mut self,
        body: &B,
        deep: &[&str],
    ) -> Self {
        self.form = Some(serde_json::to_value(body).and_then(|value| form_pairs(value, deep)));
        self
    }

    /// Sends `parts` as a `multipart/form-data` body. A part that could not be written is
    /// reported by `execute` as an invalid request, before anything is sent.
    pub(crate) fn multipart_body(mut self, parts: super::Multipart) -> Self {
        self.multipart = Some(parts);
        self
    }

    /// Sends `body` as it is, as `content_type` (`text/plain`, `application/octet-stream`, …).
    pub(crate) fn raw_body(mut self, content_type: &'static str, body: impl Into<Vec<u8>>) -> Self {
        self.body = Some(Ok(body.into()));
        self.content_type = content_type;
        self
    }

    /// Asks for a reply of `media_type` rather than JSON.
    pub(crate) fn accept(mut self, media_type: &'static str) -> Self {
        self.accept = media_type;
        self
    }

    /// Adds a query parameter. Repeating a name repeats the key, as `explode: true` arrays need.
    /// Name and value are percent-encoded by the client.
    pub(crate) fn query(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.query.push((Cow::Borrowed(name), value.into()));
        self
    }

    /// Adds a `style: deepObject` query parameter: its value spread into bracketed pairs as
    /// `deep_pairs` says (`filter[status]=open`, `created[gte]=5`); a scalar is one plain
    /// `name=value` pair. A value with `null` in it is reported by `execute`.
    pub(crate) fn query_deep<V: serde::Serialize + ?Sized>(
        mut self,
        name: &'static str,
        value: &V,
    ) -> Self {
        let mut pairs = Vec::new();
        match serde_json::to_value(value)
            .and_then(|value| deep_pairs(name.to_owned(), value, &mut pairs))
        {
            Ok(()) => self
                .query
                .extend(pairs.into_iter().map(|(key, text)| (Cow::Owned(key), text))),
            Err(error) => {
                self.query_error.get_or_insert((name, error));
            }
        }
        self
    }

    /// Adds a query parameter whose value is an object, encoded as compact JSON. OpenAPI leaves
    /// form-style objects in a query undefined; JSON keeps every field and its type, and the
    /// generated docs of such a parameter say so. Repeatable, like [`Request::query`].
    pub(crate) fn query_json<V: serde::Serialize + ?Sized>(
        mut self,
        name: &'static str,
        value: &V,
    ) -> Self {
        match serde_json::to_string(value) {
            Ok(text) => self.query.push((Cow::Borrowed(name), text)),
            Err(error) => {
                self.query_error.get_or_insert((name, error));
            }
        }
        self
    }

    /// Adds a query parameter whose schema says nothing of its values, written as form style
    /// writes the JSON value: a string as it is, a number or boolean as JSON writes it, a list
    /// one pair per item with `explode` (a nested item as compact JSON) or else one pair of
    /// comma-joined scalars, an object as compact JSON (as typed objects are: form style leaves
    /// nested values undefined), `null` nothing. A list item that cannot be joined is reported
    /// by `execute`.
    pub(crate) fn query_value<V: serde::Serialize + ?Sized>(
        mut self,
        name: &'static str,
        value: &V,
        explode: bool,
    ) -> Self {
        let texts = serde_json::to_value(value).and_then(|value| match value {
            serde_json::Value::Null => Ok(Vec::new()),
            serde_json::Value::Array(items) if explode => {
                Ok(items.into_iter().map(json_text).collect())
            }
            serde_json::Value::Array(items) => {
                joined_scalars(name, items, ",").map(|joined| vec![joined])
            }
            other => Ok(vec![json_text(other)]),
        });
        match texts {
            Ok(texts) => self
                .query
                .extend(texts.into_iter().map(|text| (Cow::Borrowed(name), text))),
            Err(error) => {
                self.query_error.get_or_insert((name, error));
            }
        }
        self
    }

    /// Adds a header whose schema says nothing of its values, written as `style: simple`
    /// writes the JSON value: a string as it is, a number or boolean as JSON writes it, a list
    /// its items joined by commas, an object `key,value,…` (with `explode`, `key=value,…`),
    /// `null` no header. A value nested deeper has no simple form and is reported by `execute`.
    pub(crate) fn header_value<V: serde::Serialize + ?Sized>(
        mut self,
        name: &'static str,
        value: &V,
        explode: bool,
    ) -> Self {
        use serde::ser::Error as _;
        let text = serde_json::to_value(value).and_then(|value| match value {
            serde_json::Value::Null => Ok(None),
            serde_json::Value::Array(items) => joined_scalars(name, items, ",").map(Some),
            serde_json::Value::Object(fields) => {
                let mut texts = Vec::with_capacity(fields.len());
                for (key, value) in fields {
                    let text = form_text(&key, value).map_err(|_| {
                        serde_json::Error::custom(format!(
                            "the field `{key}` is not a string, number or boolean"
                        ))
                    })?;
                    texts.push(if explode {
                        format!("{key}={text}")
                    } else {
                        format!("{key},{text}")
                    });
                }
                Ok(Some(texts.join(",")))
            }
            scalar => form_text(name, scalar).map(Some),
        });
        match text {
            Ok(Some(text)) => self.headers.push((name, text)),
            Ok(None) => {}
            Err(error) => {
                self.header_error.get_or_insert((name, error));
            }
        }
        self
    }

    /// Adds a header. The runtime's own headers (credential, `Accept`, `Content-Type`,
    /// `User-Agent`) take precedence over one of the same name.
    pub(crate) fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }
}

/// The pairs of a form body: see [`Request::form_body`].
fn form_pairs(
    value: serde_json::Value,
    deep: &[&str],
) -> Result<Vec<(String, String)>, serde_json::Error> {
    use serde::ser::Error as _;
    let serde_json::Value::Object(properties) = value else {
        return Err(serde_json::Error::custom("a form body must be an object"));
    };
    let mut pairs = Vec::with_capacity(properties.len());
    for (name, value) in properties {
        if deep.contains(&name.as_str()) {
            deep_pairs(name, value, &mut pairs)?;
            continue;
        }
        match value {
            serde_json::Value::Array(items) => {
                for item in items {
                    pairs.push((name.clone(), form_text(&name, item)?));
                }
            }
            scalar => {
                let text = form_text(&name, scalar)?;
                pairs.push((name, text));
            }
        }
    }
    Ok(pairs)
}

/// A string as it is, anything else as compact JSON.
fn json_text(value: serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text,
        other => other.to_string(),
    }
}

/// The texts of scalar `items` joined by `separator`; a nested item or `null` has no joined form.
fn joined_scalars(
    name: &str,
    items: Vec<serde_json::Value>,
    separator: &str,
) -> Result<String, serde_json::Error> {
    let texts = items
        .into_iter()
        .map(|item| form_text(name, item))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(texts.join(separator))
}

/// The text of one scalar form value.
pub(super) fn form_text(name: &str, value: serde_json::Value) -> Result<String, serde_json::Error> {
    use serde::ser::Error as _;
    match value {
        serde_json::Value::String(text) => Ok(text),
        serde_json::Value::Number(number) => Ok(number.to_string()),
        serde_json::Value::Bool(flag) => Ok(flag.to_string()),
        serde_json::Value::Null | serde_json::Value::Array(_) | serde_json::Value::Object(_) => {
            Err(serde_json::Error::custom(format!(
                "the form field `{name}` is not a string, number, boolean or list of them"
            )))
        }
    }
}

/// Spreads `value` into `key=value` pairs as `style: deepObject` does, with the conventions of
/// the APIs that use it for nested values (Stripe's, Rails' and PHP's): an object's properties
/// are `key[property]`, a list's items `key[0]`, `key[1]`, … (indices, so that the fields of
/// objects in a list stay together), at any depth; a scalar is `key=text`. An empty object or
/// list sends nothing. `null` has no form and is refused.
pub(super) fn deep_pairs(
    key: String,
    value: serde_json::Value,
    pairs: &mut Vec<(String, String)>,
) -> Result<(), serde_json::Error> {
    use serde::ser::Error as _;
    match value {
        serde_json::Value::Object(properties) => {
            for (name, value) in properties {
                deep_pairs(format!("{key}[{name}]"), value, pairs)?;
            }
        }
        serde_json::Value::Array(items) => {
            for (index, item) in items.into_iter().enumerate() {
                deep_pairs(format!("{key}[{index}]"), item, pairs)?;
            }
        }
        serde_json::Value::Null => {
            return Err(serde_json::Error::custom(format!(
                "`{key}` is null, which a query or form cannot carry"
            )));
        }
        scalar => {
            let text = form_text(&key, scalar)?;
            pairs.push((key, text));
        }
    }
    Ok(())
}

/// Shows the shape of the request, not its values: header values, query values and bodies may
/// carry personal data, and nothing here needs them to identify the call.
impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let query: Vec<&str> = self.query.iter().map(|(name, _)| name.as_ref()).collect();
        let headers: Vec<&str> = self.headers.iter().map(|(name, _)| *name).collect();
        let body = match (&self.body, &self.form, &self.multipart) {
            (Some(Ok(bytes)), _, _) => format!("{} bytes of {}", bytes.len(), self.content_type),
            (Some(Err(_)), _, _) | (None, Some(Err(_)), _) => "not serializable".to_owned(),
            (None, Some(Ok(pairs)), _) => format!("a form of {} pairs", pairs.len()),
            (None, None, Some(parts)) => format!("a multipart body of {} parts", parts.len()),
            (None, None, None) => "none".to_owned(),
        };
        f.debug_struct("Request")
            .field("operation_id", &self.operation_id)
            .field("method", &self.method)
            .field("path", &self.path)
            .field("server", &self.server)
            .field("query_names", &query)
            .field("header_names", &headers)
            .field("body", &body)
            .field("accept", &self.accept)
            .field(
                "query_error",
                &self.query_error.as_ref().map(|(name, _)| *name),
            )
            .field(
                "header_error",
                &self.header_error.as_ref().map(|(name, _)| *name),
            )
            .finish()
    }
}
