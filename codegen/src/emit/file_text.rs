//! The text of a generated file as the pieces it was printed in.

use std::borrow::Cow;
use std::fmt;
use std::io;

/// The text of one generated file, kept as the pieces emission printed it in (its header, each
/// group of items, each item written as text) rather than joined into one string.
///
/// The largest files of a large API are megabytes (the operation table of 5,000 operations is
/// 26 MB, each types file about 6 MB). Joining the pieces copied every byte once more, into
/// freshly mapped memory, only for the sink to write it out or compare it; so a sink takes
/// the pieces and writes them one after the other ([`FileText::write_to`]), and a caller that
/// wants one string asks for it ([`FileText::into_string`]).
#[derive(Clone, Debug, Default)]
pub struct FileText {
    /// Never an empty piece, so the last piece ends the text.
    pieces: Vec<Cow<'static, str>>,
    /// The sum of the pieces' lengths.
    len: usize,
}

impl FileText {
    /// The text's length in bytes.
    #[must_use]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the text is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The pieces, in order; joined, they are the text. None is empty.
    #[must_use]
    pub fn pieces(&self) -> impl DoubleEndedIterator<Item = &str> + ExactSizeIterator + '_ {
        self.pieces.iter().map(|piece| &**piece)
    }

    /// Writes the text to `out`, many pieces a call ([`io::Write::write_vectored`]): a file
    /// takes them without a copy into a buffer first. Most pieces are short, so a writer that
    /// does not write vectored should be buffered.
    ///
    /// # Errors
    /// The first error of `out`.
    pub fn write_to(&self, mut out: impl io::Write) -> io::Result<()> {
        /// Pieces a call: well within every system's limit (1,024 on Linux).
        const BATCH: usize = 256;
        let mut slices = Vec::with_capacity(BATCH.min(self.pieces.len()));
        for batch in self.pieces.chunks(BATCH) {
            slices.clear();
            slices.extend(batch.iter().map(|piece| io::IoSlice::new(piece.as_bytes())));
            let mut rest = &mut slices[..];
            while !rest.is_empty() {
                match out.write_vectored(rest) {
                    Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
                    Ok(written) => io::IoSlice::advance_slices(&mut rest, written),
                    Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                    Err(error) => return Err(error),
                }
            }
        }
        out.flush()
    }

    /// The text as one string: the only piece, or the pieces joined in one allocation.
    #[must_use]
    pub fn into_string(mut self) -> String {
        if self.pieces.len() == 1 {
            return self.pieces.pop().map(Cow::into_owned).unwrap_or_default();
        }
        let mut text = String::with_capacity(self.len);
        for piece in &self.pieces {
            text.push_str(piece);
        }
        text
    }

    /// Adds `piece` at the end.
    pub(crate) fn push(&mut self, piece: impl Into<Cow<'static, str>>) {
        let piece = piece.into();
        if !piece.is_empty() {
            self.len += piece.len();
            self.pieces.push(piece);
        }
    }

    /// Adds every piece of `more` at the end.
    pub(crate) fn append(&mut self, more: FileText) {
        self.len += more.len;
        self.pieces.extend(more.pieces);
    }

    /// Whether the text ends with `suffix`, which is short: it may span pieces.
    pub(crate) fn ends_with(&self, suffix: &str) -> bool {
        let mut rest = suffix;
        for piece in self.pieces.iter().rev() {
            if rest.len() <= piece.len() {
                return piece.ends_with(rest);
            }
            match rest.strip_suffix(&**piece) {
                Some(before) => rest = before,
                None => return false,
            }
        }
        rest.is_empty()
    }

    /// The text without `suffix`, which it ends with ([`FileText::ends_with`]); `false`, and
    /// the text unchanged, when it does not.
    pub(crate) fn strip_suffix(&mut self, suffix: &str) -> bool {
        if !self.ends_with(suffix) {
            return false;
        }
        let mut cut = suffix.len();
        while cut > 0 {
            let Some(last) = self.pieces.last_mut() else {
                break;
            };
            if last.len() <= cut {
                cut -= last.len();
                self.len -= last.len();
                self.pieces.pop();
                continue;
            }
            let keep = last.len() - cut;
            match last {
                Cow::Borrowed(text) => *text = &text[..keep],
                Cow::Owned(text) => text.truncate(keep),
            }
            self.len -= cut;
            cut = 0;
        }
        true
    }

    /// The text without its first line (up to and with its first `\n`); `false`, and the text
    /// unchanged, when it has no `\n`.
    pub(crate) fn strip_first_line(&mut self) -> bool {
        let Some((piece, end)) = self
            .pieces
            .iter()
            .enumerate()
            .find_map(|(index, piece)| piece.find('\n').map(|end| (index, end)))
        else {
            return false;
        };
        let removed: usize = self.pieces[..piece].iter().map(|piece| piece.len()).sum();
        self.pieces.drain(..piece);
        let first = &mut self.pieces[0];
        if end + 1 == first.len() {
            self.pieces.remove(0);
        } else {
            match first {
                Cow::Borrowed(text) => *text = &text[end + 1..],
                Cow::Owned(text) => {
                    text.drain(..=end);
                }
            }
        }
        self.len -= removed + end + 1;
        true
    }
}

impl From<String> for FileText {
    fn from(text: String) -> Self {
        let mut file = Self::default();
        file.push(text);
        file
    }
}

impl From<&'static str> for FileText {
    fn from(text: &'static str) -> Self {
        let mut file = Self::default();
        file.push(text);
        file
    }
}

/// The pieces, in order, as a sink's test or another emitter may make them.
impl<P: Into<Cow<'static, str>>> FromIterator<P> for FileText {
    fn from_iter<I: IntoIterator<Item = P>>(pieces: I) -> Self {
        let mut file = Self::default();
        for piece in pieces {
            file.push(piece);
        }
        file
    }
}

impl fmt::Display for FileText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.pieces.iter().try_for_each(|piece| f.write_str(piece))
    }
}

impl PartialEq<str> for FileText {
    fn eq(&self, other: &str) -> bool {
        if self.len != other.len() {
            return false;
        }
        let mut rest = other.as_bytes();
        self.pieces.iter().all(|piece| {
            let (head, tail) = rest.split_at(piece.len());
            rest = tail;
            head == piece.as_bytes()
        })
    }
}

impl PartialEq<&str> for FileText {
    fn eq(&self, other: &&str) -> bool {
        *self == **other
    }
}

impl PartialEq<String> for FileText {
    fn eq(&self, other: &String) -> bool {
        *self == **other
    }
}

#[cfg(test)]
mod tests {
    use super::FileText;

    fn pieces(parts: &[&'static str]) -> FileText {
        let mut file = FileText::default();
        for (index, part) in parts.iter().enumerate() {
            // Both kinds of piece: borrowed and owned.
            if index % 2 == 0 {
                file.push(*part);
            } else {
                file.push((*part).to_owned());
            }
        }
        file
    }

    /// A writer that takes at most three bytes a call, and is interrupted every other call.
    #[derive(Default)]
    struct Trickle {
        written: Vec<u8>,
        calls: usize,
    }

    impl std::io::Write for Trickle {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.calls += 1;
            if self.calls.is_multiple_of(2) {
                return Err(std::io::ErrorKind::Interrupted.into());
            }
            let taken = bytes.len().min(3);
            self.written.extend_from_slice(&bytes[..taken]);
            Ok(taken)
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    const SPLITS: &[&[&str]] = &[
        &[],
        &[""],
        &["impl A {\n", "    fn a() {}\n", "}\n"],
        &["impl", " A {", "\n    fn a() {}\n}", "\n"],
        &["no line break"],
        &["a\n", "", "b\n", "}", "\n"],
        &["\n", "\n"],
    ];

    #[test]
    fn pieces_are_the_text_they_join() {
        for parts in SPLITS {
            let joined: String = parts.concat();
            let file = pieces(parts);
            assert_eq!(file.len(), joined.len());
            assert_eq!(file.is_empty(), joined.is_empty());
            assert_eq!(file.to_string(), joined);
            assert!(file == joined.as_str(), "{parts:?}");
            assert!(file.pieces().all(|piece| !piece.is_empty()));
            let mut written = Vec::new();
            file.write_to(&mut written).expect("writes");
            assert_eq!(written, joined.as_bytes());
            let mut trickle = Trickle::default();
            file.write_to(&mut trickle).expect("writes");
            assert_eq!(trickle.written, joined.as_bytes());
            assert_eq!(file.clone().into_string(), joined);
            assert!(file != format!("{joined}x").as_str());
            if let Some(last) = joined.chars().last() {
                let changed = format!("{}{}", &joined[..joined.len() - 1], last as u8 ^ 1);
                assert!(file != changed.as_str(), "{parts:?}");
            }
        }
    }

    #[test]
    fn suffixes_and_first_lines_are_cut_across_pieces() {
        for parts in SPLITS {
            let joined: String = parts.concat();
            for suffix in ["}\n", "\n", "{}\n", "a() {}\n}\n", "x\n", ""] {
                let mut file = pieces(parts);
                assert_eq!(file.ends_with(suffix), joined.ends_with(suffix));
                let cut = file.strip_suffix(suffix);
                let expected = joined.strip_suffix(suffix);
                assert_eq!(cut, expected.is_some(), "{parts:?} {suffix:?}");
                assert_eq!(file.to_string(), expected.unwrap_or(&joined));
                assert_eq!(file.len(), file.to_string().len());
            }
            let mut file = pieces(parts);
            let expected = joined.split_once('\n').map(|(_, rest)| rest);
            assert_eq!(file.strip_first_line(), expected.is_some(), "{parts:?}");
            assert_eq!(file.to_string(), expected.unwrap_or(&joined));
            assert_eq!(file.len(), file.to_string().len());
            assert!(file.pieces().all(|piece| !piece.is_empty()));
        }
    }
}
