//! `multipart/form-data` bodies: the parts a generated operation lists from its body type (or
//! the caller lists, where the description names none), sent with reqwest's own multipart
//! support, which writes the boundary and the `Content-Type`.

use std::fmt;

use serde::ser::Error as _;

use super::request::{deep_pairs, form_text};

/// A file sent as one part of a `multipart/form-data` body: its bytes, and the file name and
/// media type the part declares.
///
/// A part without a `content_type` is sent as the operation's description says for that part
/// (its `encoding.contentType` where that names one media type, `application/octet-stream` for
/// a `format: binary` string), else as `application/octet-stream` when it has a file name, else
/// with no `Content-Type`, which means `text/plain`: a part whose schema is a plain string is a
/// `FilePart` too, since a description may leave `format: binary` off an upload, and text is
/// then `FilePart::from("…")`. In JSON (a dynamic call's input, the schema checks) a file is its
/// content as a string, which is what `format: binary` means there.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct FilePart {
    /// The file's content.
    pub bytes: Vec<u8>,
    /// The `filename` of the part's `Content-Disposition`, if any.
    pub file_name: Option<String>,
    /// The part's `Content-Type` (`image/png`, …); `None` leaves it to the description.
    pub content_type: Option<String>,
}

impl FilePart {
    /// A file of `bytes`, without a file name or media type.
    #[must_use]
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Self {
            bytes: bytes.into(),
            file_name: None,
            content_type: None,
        }
    }

    /// The same file, named `file_name`.
    #[must_use]
    pub fn file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// The same file, sent as `content_type`.
    #[must_use]
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

/// Text as a part's content, without a file name or media type.
impl From<String> for FilePart {
    fn from(text: String) -> Self {
        Self::new(text)
    }
}

/// Text as a part's content, without a file name or media type.
impl From<&str> for FilePart {
    fn from(text: &str) -> Self {
        Self::new(text)
    }
}

/// The content is left out: it may be large, and it may be personal.
impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilePart")
            .field("bytes", &format_args!("{} bytes", self.bytes.len()))
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

/// As JSON, a file is its content as a string: content that is not UTF-8 has no JSON form.
impl serde::Serialize for FilePart {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match std::str::from_utf8(&self.bytes) {
            Ok(text) => serializer.serialize_str(text),
            Err(_) => Err(S::Error::custom(
                "a file's content is not UTF-8 text, so it has no JSON form",
            )),
        }
    }
}

/// From JSON, a file is a string, whose UTF-8 bytes are its content.
impl<'de> serde::Deserialize<'de> for FilePart {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self::new)
    }
}

/// The parts of a `multipart/form-data` body, in order. Generated operations build one from
/// their body type; build one yourself where the description names no parts.
#[derive(Clone, Debug, Default)]
pub struct Multipart {
    parts: Vec<Part>,
    /// The first part that could not be written (reported before anything is sent).
    error: Option<String>,
}

/// From JSON (a dynamic call's input), parts are an object of text parts: each property one
/// part, or one per item of a list of strings.
impl<'de> serde::Deserialize<'de> for Multipart {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        enum Texts {
            One(String),
            Many(Vec<String>),
        }
        let fields = serde_json::Map::<String, serde_json::Value>::deserialize(deserializer)?;
        let mut parts = Self::new();
        for (name, value) in fields {
            let texts = serde_json::from_value::<Texts>(value).map_err(|_| {
                serde::de::Error::custom(format!(
                    "the part `{name}` is not a string or a list of strings"
                ))
            })?;
            match texts {
                Texts::One(text) => parts.push_text(name, text, None),
                Texts::Many(texts) => {
                    for text in texts {
                        parts.push_text(name.clone(), text, None);
                    }
                }
            }
        }
        Ok(parts)
    }
}

#[derive(Clone, Debug)]
struct Part {
    name: String,
    value: PartValue,
}

#[derive(Clone, Debug)]
enum PartValue {
    Text {
        text: String,
        content_type: Option<String>,
    },
    File {
        file: FilePart,
        /// The media type when the file names none.
        default_type: Option<String>,
    },
}

/// The files of a file field, whatever its presence: one, an optional one, a list.
pub(crate) trait FileParts {
    /// Calls `each` with every file, in order.
    fn each_file(&self, each: &mut dyn FnMut(&FilePart));
}

impl FileParts for FilePart {
    fn each_file(&self, each: &mut dyn FnMut(&FilePart)) {
        each(self);
    }
}

impl<T: FileParts> FileParts for Option<T> {
    fn each_file(&self, each: &mut dyn FnMut(&FilePart)) {
        if let Some(inner) = self {
            inner.each_file(each);
        }
    }
}

impl<T: FileParts> FileParts for Vec<T> {
    fn each_file(&self, each: &mut dyn FnMut(&FilePart)) {
        for inner in self {
            inner.each_file(each);
        }
    }
}

#[allow(
    dead_code,
    reason = "called by generated operations; not every API has multipart bodies"
)]
impl Multipart {
    /// No parts yet.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a text part (`Content-Type` left out, which means `text/plain`).
    #[must_use]
    pub fn text(mut self, name: impl Into<String>, text: impl Into<String>) -> Self {
        self.push_text(name.into(), text.into(), None);
        self
    }

    /// Adds a file part (`application/octet-stream` unless `file` names its media type).
    #[must_use]
    pub fn file(mut self, name: impl Into<String>, file: FilePart) -> Self {
        self.parts.push(Part {
            name: name.into(),
            value: PartValue::File {
                file,
                default_type: Some("application/octet-stream".to_owned()),
            },
        });
        self
    }

    /// How many parts there are.
    #[must_use]
    pub fn len(&self) -> usize {
        self.parts.len()
    }

    /// Whether there are none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    fn push_text(&mut self, name: String, text: String, content_type: Option<&str>) {
        self.parts.push(Part {
            name,
            value: PartValue::Text {
                text,
                content_type: content_type.map(str::to_owned),
            },
        });
    }

    /// Records the refusal of the body's own checks (its required sets, the bounds of its
    /// fields), made before any part is added, so that it is the error reported.
    pub(crate) fn check(&mut self, checked: Result<(), serde_json::Error>) {
        if let Err(error) = checked {
            self.error
                .get_or_insert_with(|| format!("the body: {error}"));
        }
    }

    fn fail(&mut self, name: &str, error: &serde_json::Error) {
        self.error
            .get_or_insert_with(|| format!("the part `{name}`: {error}"));
    }

    /// Adds one file part per file of `files` (none for an absent one), each sent as its own
    /// media type, else as `default_type` (the part's `encoding.contentType`, or
    /// `application/octet-stream` for `format: binary`).
    pub(crate) fn add_files(
        &mut self,
        name: &str,
        files: &impl FileParts,
        default_type: Option<&str>,
    ) {
        files.each_file(&mut |file| {
            self.parts.push(Part {
                name: name.to_owned(),
                value: PartValue::File {
                    file: file.clone(),
                    default_type: default_type.map(str::to_owned),
                },
            });
        });
    }

    /// Adds `value` as text parts: a scalar is one part (strings as they are, numbers and
    /// booleans as JSON writes them), a list one part per item, an absent value (`null`) none.
    pub(crate) fn add_text<V: serde::Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &V,
        content_type: Option<&str>,
    ) {
        let items = match serde_json::to_value(value) {
            Ok(serde_json::Value::Null) => Vec::new(),
            Ok(serde_json::Value::Array(items)) => items,
            Ok(scalar) => vec![scalar],
            Err(error) => return self.fail(name, &error),
        };
        for item in items {
            match form_text(name, item) {
                Ok(text) => self.push_text(name.to_owned(), text, content_type),
                Err(error) => return self.fail(name, &error),
            }
        }
    }

    /// Adds `value` as JSON parts (`application/json` unless `content_type` says otherwise):
    /// one part, or one per item of a list; an absent value (`null`) none.
    pub(crate) fn add_json<V: serde::Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &V,
        content_type: Option<&str>,
    ) {
        let items = match serde_json::to_value(value) {
            Ok(serde_json::Value::Null) => Vec::new(),
            Ok(serde_json::Value::Array(items)) => items,
            Ok(other) => vec![other],
            Err(error) => return self.fail(name, &error),
        };
        let content_type = content_type.unwrap_or("application/json");
        for item in items {
            self.push_text(name.to_owned(), item.to_string(), Some(content_type));
        }
    }

    /// Adds `value` spread into bracketed text parts as `style: deepObject` says
    /// (`file_link_data[create]`, `expand[0]`); an absent value (`null`) none.
    pub(crate) fn add_deep<V: serde::Serialize + ?Sized>(&mut self, name: &str, value: &V) {
        let mut pairs = Vec::new();
        let spread = serde_json::to_value(value).and_then(|value| match value {
            serde_json::Value::Null => Ok(()),
            value => deep_pairs(name.to_owned(), value, &mut pairs),
        });
        if let Err(error) = spread {
            return self.fail(name, &error);
        }
        for (key, text) in pairs {
            self.push_text(key, text, None);
        }
    }

    /// The reqwest form, or why a part cannot be written.
    pub(crate) fn into_form(self) -> Result<reqwest::multipart::Form, serde_json::Error> {
        if let Some(error) = self.error {
            return Err(serde_json::Error::custom(error));
        }
        let mut form = reqwest::multipart::Form::new();
        for Part { name, value } in self.parts {
            let (part, content_type) = match value {
                PartValue::Text { text, content_type } => {
                    (reqwest::multipart::Part::text(text), content_type)
                }
                PartValue::File { file, default_type } => {
                    // RFC 7578: a file's data is labelled `application/octet-stream` when
                    // nothing better is known; a part that is no file defaults to text.
                    let named = file.file_name.is_some();
                    let content_type = file
                        .content_type
                        .or(default_type)
                        .or_else(|| named.then(|| "application/octet-stream".to_owned()));
                    let mut part = reqwest::multipart::Part::bytes(file.bytes);
                    if let Some(file_name) = file.file_name {
                        part = part.file_name(file_name);
                    }
                    (part, content_type)
                }
            };
            let part = match content_type {
                Some(content_type) => part.mime_str(&content_type).map_err(|_| {
                    serde_json::Error::custom(format!(
                        "the part `{name}` has the content type {content_type:?}, which is not a media type"
                    ))
                })?,
                None => part,
            };
            form = form.part(name, part);
        }
        Ok(form)
    }
}
