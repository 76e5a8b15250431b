//! Errors that point at the exact place in a fragment that caused them.

use std::fmt;
use std::sync::Arc;

/// A place in an input file: the file's name and a JSON pointer (RFC 6901) into it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// The file name as given to [`crate::generate`].
    pub file: Arc<str>,
    /// A JSON pointer, `""` for the document root.
    pub pointer: String,
}

impl Location {
    /// The root of `file`.
    pub(crate) fn root(file: Arc<str>) -> Self {
        Self {
            file,
            pointer: String::new(),
        }
    }

    /// The location of `token` (an object key or array index) below this one.
    ///
    /// The parser makes one for every node it reads, so the pointer is built in one allocation of
    /// the right size, escaping as it copies, and a key is copied rather than formatted.
    pub(crate) fn child(&self, token: impl PointerToken) -> Self {
        let mut pointer = String::with_capacity(self.pointer.len() + 24);
        pointer.push_str(&self.pointer);
        pointer.push('/');
        token.push_escaped(&mut pointer);
        Self {
            file: Arc::clone(&self.file),
            pointer,
        }
    }
}

/// What a JSON pointer's token is made from: an object key or an array index.
pub(crate) trait PointerToken {
    /// Appends the token to `pointer`, `~` as `~0` and `/` as `~1` (RFC 6901).
    fn push_escaped(&self, pointer: &mut String);
}

impl PointerToken for str {
    fn push_escaped(&self, pointer: &mut String) {
        // Copied in runs between the bytes to escape, which are ASCII and so never inside a
        // character.
        let mut copied = 0;
        for (at, byte) in self.bytes().enumerate() {
            let escaped = match byte {
                b'~' => "~0",
                b'/' => "~1",
                _ => continue,
            };
            pointer.push_str(&self[copied..at]);
            pointer.push_str(escaped);
            copied = at + 1;
        }
        pointer.push_str(&self[copied..]);
    }
}

impl PointerToken for String {
    fn push_escaped(&self, pointer: &mut String) {
        self.as_str().push_escaped(pointer);
    }
}

impl PointerToken for usize {
    fn push_escaped(&self, pointer: &mut String) {
        use fmt::Write as _;
        // Writing into a `String` cannot fail; digits need no escaping.
        let _ = write!(pointer, "{self}");
    }
}

impl<T: PointerToken + ?Sized> PointerToken for &T {
    fn push_escaped(&self, pointer: &mut String) {
        (**self).push_escaped(pointer);
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}", self.file, self.pointer)
    }
}

/// One problem with the input, located precisely.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where the problem is.
    pub location: Location,
    /// The `operationId` of the fragment, when it could be read.
    pub operation_id: Option<String>,
    /// What is wrong, as a sentence fragment a person can act on.
    pub message: String,
    /// What to do about it, where one thing applies (fix the fragment, add a name override,
    /// exclude the operation). Shown by [`crate::render`], not by `Display`, which stays one
    /// line per problem.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A problem with the configuration rather than with a fragment: located at the pseudo-file
    /// `<configuration>`, which sorts before the fragments.
    pub(crate) fn configuration(message: impl Into<String>, help: impl Into<String>) -> Self {
        Self {
            location: Location::root(CONFIGURATION.into()),
            operation_id: None,
            message: message.into(),
            help: Some(help.into()),
        }
    }

    /// This diagnostic, saying what to do about a problem in a fragment unless it already
    /// says something more specific: fix the fragment, or leave its operation out.
    #[must_use]
    pub(crate) fn or_fragment_help(mut self) -> Self {
        if self.help.is_none() && &*self.location.file != CONFIGURATION {
            self.help = Some(match &self.operation_id {
                Some(id) => format!(
                    "fix the fragment, or leave the operation out: exclude `{id}` (`Config::excluded_operations`, `--exclude {id}`)"
                ),
                None => "fix the fragment; an operation can be excluded only once its `operationId` can be read".to_owned(),
            });
        }
        self
    }
}

/// The file name of problems that no fragment holds: problems with the configuration, which
/// sort before those of the fragments.
pub const CONFIGURATION: &str = "<configuration>";

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.location)?;
        if let Some(operation_id) = &self.operation_id {
            write!(f, " (operation {operation_id})")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Why generation failed: every problem found, in a deterministic order.
///
/// Every stage collects rather than stops, so that a maintainer fixes everything in one pass:
/// parse problems of every file, the lowering problems of every fragment that parsed, and the
/// problems only seen across fragments (two operations that become one method, configuration
/// entries that match nothing). `Display` prints one plain line per problem; [`crate::render`]
/// shows each with the fragment's text around it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    diagnostics: Vec<Diagnostic>,
}

impl Error {
    pub(crate) fn new(mut diagnostics: Vec<Diagnostic>) -> Self {
        diagnostics.sort_by(|a, b| a.location.cmp(&b.location).then(a.message.cmp(&b.message)));
        Self { diagnostics }
    }

    /// The problems, sorted by file and pointer.
    #[must_use]
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// `Ok(value)` when `diagnostics` is empty, else every one of them.
    pub(crate) fn check<T>(value: T, diagnostics: Vec<Diagnostic>) -> Result<T, Self> {
        if diagnostics.is_empty() {
            Ok(value)
        } else {
            Err(Self::new(diagnostics))
        }
    }
}

impl From<Diagnostic> for Error {
    fn from(diagnostic: Diagnostic) -> Self {
        Self::new(vec![diagnostic])
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.diagnostics.as_slice() {
            [] => write!(f, "generation failed"),
            [one] => write!(f, "{one}"),
            many => {
                write!(f, "{} problems in the fragments:", many.len())?;
                for diagnostic in many {
                    write!(f, "\n  {diagnostic}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_tokens_are_escaped() {
        let root = Location::root("a.json".into());
        let location = root.child("paths").child("/v2/{id}").child("a~b");
        assert_eq!(location.pointer, "/paths/~1v2~1{id}/a~0b");
        assert_eq!(location.to_string(), "a.json#/paths/~1v2~1{id}/a~0b");
        let location = root.child(12).child("~/~~//x/").child("");
        assert_eq!(location.pointer, "/12/~0~1~0~0~1~1x~1/");
    }

    #[test]
    fn several_diagnostics_are_listed_sorted() {
        let at = |file: &str| Location::root(file.into()).child("method");
        let error = Error::new(vec![
            Diagnostic {
                location: at("b.json"),
                operation_id: None,
                message: "second".into(),
                help: None,
            },
            Diagnostic {
                location: at("a.json"),
                operation_id: Some("Op".into()),
                message: "first".into(),
                help: Some("not shown by Display".into()),
            },
        ]);
        assert_eq!(
            error.to_string(),
            "2 problems in the fragments:\n  a.json#/method (operation Op): first\n  b.json#/method: second"
        );
    }
}
