//! Items of a fixed shape written as text: the lines prettyplease prints for them, so that they
//! skip `quote!`, syn's parsing and prettyplease's layout ([`super::long_texts`] writes them over
//! a placeholder item once the file is printed).
//!
//! Only a shape whose layout depends on nothing but names is written this way, from the lines
//! prettyplease prints for it. Its margin is [`MARGIN`] columns, counted in bytes as
//! prettyplease counts them: a line within it prettyplease keeps whole. Where it would wrap, the
//! writer of the item reproduces its rule for that shape (a signature's parameters one a line,
//! a call's arguments one a line, a macro's tokens filled into lines, a trait impl's header
//! split before `for`, a list one element a line); any other line wider than the margin makes
//! the item not [`fits`](ItemText::fits), and it is built as tokens.

use std::fmt::{Arguments, Write as _};

use proc_macro2::{Delimiter, TokenStream, TokenTree};

/// The widest line prettyplease leaves alone (its `MARGIN`, 89 columns in prettyplease 0.3);
/// anything wider it would try to wrap.
pub(super) const MARGIN: usize = 89;

/// The indentation of each nesting level, as prettyplease prints it.
const INDENT: usize = 4;

/// The columns prettyplease leaves for a line however deep its indentation (its `MIN_SPACE`):
/// beyond `MARGIN - MIN_SPACE` columns of indentation its margin moves right.
const MIN_SPACE: usize = 60;

/// The text of one item, written line by line, with its indentation in the file (that of the
/// placeholder it is written over) known, so that each line's width is.
pub(super) struct ItemText {
    text: String,
    /// The columns before the item's first line in the printed file.
    indent: usize,
    /// The nesting level of the next line within the item.
    depth: usize,
    /// Whether every line written so far is within [`MARGIN`] (and every doc line one
    /// prettyplease prints as `///`).
    fits: bool,
}

impl ItemText {
    /// An empty item that will sit at `indent` columns: 0 in a file, 4 in an `impl` block.
    pub(super) fn new(indent: usize) -> Self {
        Self {
            text: String::with_capacity(512),
            indent,
            depth: 0,
            fits: true,
        }
    }

    /// Room for at least `bytes` more of text: for an item of many lines whose size is known
    /// ahead, so that its buffer is not grown by doubling (to up to twice its length, copying
    /// each time) on its way there.
    pub(super) fn reserve(&mut self, bytes: usize) {
        self.text.reserve(bytes);
    }

    /// A line at the current nesting level.
    pub(super) fn line(&mut self, line: Arguments<'_>) {
        let start = self.text.len();
        self.push_indentation();
        self.push_fmt(line);
        if self.indent + self.text.len() - start > MARGIN {
            self.fits = false;
        }
        self.text.push('\n');
    }

    /// `line` written out; a line without arguments (`}`, `Ok(())`) copied as it is, rather
    /// than through a formatter.
    fn push_fmt(&mut self, line: Arguments<'_>) {
        match line.as_str() {
            Some(text) => self.text.push_str(text),
            None => {
                let _ = self.text.write_fmt(line);
            }
        }
    }

    /// The spaces before a line at the current nesting level.
    fn push_indentation(&mut self) {
        /// Deeper than any item nests: written at once, not space by space.
        const SPACES: &str = "                                ";
        let width = self.depth * INDENT;
        match SPACES.get(..width) {
            Some(spaces) => self.text.push_str(spaces),
            None => self.text.extend(std::iter::repeat_n(' ', width)),
        }
    }

    /// A line that opens a block (ending in `{`): the next lines are one level deeper.
    pub(super) fn open(&mut self, line: Arguments<'_>) {
        self.line(line);
        self.depth += 1;
    }

    /// The line of a trait impl, `{head} for {self_type} {`, opening its body: split before
    /// `for` when it is too wide, as prettyplease splits it, and `for {self_type} {` then
    /// whole however wide.
    pub(super) fn open_impl(&mut self, head: &str, self_type: &str) {
        if self.width() + head.len() + " for ".len() + self_type.len() + " {".len() <= MARGIN {
            self.open(format_args!("{head} for {self_type} {{"));
        } else {
            self.line(format_args!("{head}"));
            self.open_whole(format_args!("for {self_type} {{"));
        }
    }

    /// A line opening a block that prettyplease has nowhere to break (`impl Name {`, `pub
    /// struct Name {`, `for Name {`): written whole however wide, as it prints it.
    pub(super) fn open_whole(&mut self, line: Arguments<'_>) {
        self.line_whole(line, true);
        self.depth += 1;
    }

    /// A function's signature opening its body, as prettyplease prints it: on one line when
    /// that fits, otherwise each parameter on a line of its own (its type's generic arguments
    /// broken as [`Self::typed_line`] breaks them).
    pub(super) fn signature(&mut self, head: &str, parameters: &[String], output: &str) {
        let one_line = call_line(head, parameters, &[") -> ", output, " {"]);
        if self.width() + one_line.len() <= MARGIN || parameters.is_empty() {
            self.open(format_args!("{one_line}"));
            return;
        }
        self.line_whole(format_args!("{head}("), !head.contains('<'));
        self.depth_in();
        let last = parameters.len() - 1;
        for (index, parameter) in parameters.iter().enumerate() {
            match parameter.split_once(": ") {
                // A type with generic arguments, which prettyplease breaks when too wide.
                Some((name, ty))
                    if ty.contains('<')
                        && name
                            .bytes()
                            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'_') =>
                {
                    self.typed_line(&format!("{name}: "), ty, index < last);
                }
                _ => self.line_whole(format_args!("{parameter},"), unbreakable(parameter)),
            }
        }
        self.depth_out();
        // The return type's generic arguments, one a line when its line is too wide, as
        // prettyplease breaks them (`) -> Result<` / each argument / `> {`).
        match generic_arguments(output) {
            Some((name, arguments))
                if self.width() + ") -> ".len() + output.len() + " {".len() > MARGIN =>
            {
                self.line(format_args!(") -> {name}<"));
                self.depth_in();
                for argument in arguments {
                    self.line(format_args!("{argument},"));
                }
                self.depth_out();
                self.open(format_args!("> {{"));
            }
            _ => self.open(format_args!(") -> {output} {{")),
        }
    }

    /// A statement ending in a call, `{head}({arguments}){tail}`, as prettyplease prints it: on
    /// one line when that fits, otherwise each argument on a line of its own, one level deeper,
    /// and `){tail}` on the last. prettyplease weighs the arguments with what follows them up to
    /// the end of the statement, so `tail` must be all of it (`;`).
    pub(super) fn call(&mut self, head: &str, arguments: &[String], tail: &str) {
        let one_line = call_line(head, arguments, &[")", tail]);
        if self.width() + one_line.len() <= MARGIN || arguments.is_empty() {
            self.line(format_args!("{one_line}"));
            return;
        }
        self.line_whole(
            format_args!("{head}("),
            !head.contains(['<', '(', '.', '|', '{']),
        );
        self.depth_in();
        for argument in arguments {
            self.line_whole(format_args!("{argument},"), unbreakable(argument));
        }
        self.depth_out();
        self.line(format_args!("){tail}"));
    }

    /// A match arm, `{pattern} => {value},`, as prettyplease prints it: on one line when it fits
    /// without its comma (prettyplease writes the comma only when the arm stays on one line, and
    /// does not weigh it), otherwise the value in braces on a line of its own.
    pub(super) fn arm(&mut self, pattern: &str, value: &str) {
        if self.width() + pattern.len() + " => ".len() + value.len() <= MARGIN {
            self.line_unchecked(format_args!("{pattern} => {value},"));
        } else {
            self.open(format_args!("{pattern} => {{"));
            self.line_whole(format_args!("{value}"), unbreakable(value));
            self.close(format_args!("}}"));
        }
    }

    /// A line ending in a type and a comma, `{head}{ty},` (a struct's field, a parameter of a
    /// wrapped signature, a generic argument), as prettyplease prints it: on one line when it
    /// fits, otherwise the type's generic arguments one a line one level deeper, each laid out
    /// alike, and `>,` on the last. `comma_weighed`: whether prettyplease weighs the comma with
    /// the line (a field, an item followed by another) or writes it only when breaking (the
    /// last item of a list). `head` must have nowhere to break (`pub name: `).
    pub(super) fn typed_line(&mut self, head: &str, ty: &str, comma_weighed: bool) {
        let comma = usize::from(comma_weighed);
        if self.width() + head.len() + ty.len() + comma <= MARGIN {
            self.line_unchecked(format_args!("{head}{ty},"));
            return;
        }
        if self.width() + MIN_SPACE > MARGIN {
            // So deep that prettyplease's margin moves: its decisions would differ.
            self.not_fitting();
            return;
        }
        if !ty.contains('<') {
            // A path without generic arguments: nowhere to break.
            self.line_whole(format_args!("{head}{ty},"), unbreakable(ty));
            return;
        }
        let Some((name, arguments)) = generic_arguments(ty) else {
            self.not_fitting();
            return;
        };
        self.line(format_args!("{head}{name}<"));
        self.depth_in();
        let last = arguments.len().saturating_sub(1);
        for (index, argument) in arguments.iter().enumerate() {
            self.typed_line("", argument, index < last);
        }
        self.depth_out();
        self.line(format_args!(">,"));
    }

    /// The tokens of a macro's arguments (`format!`'s), as prettyplease fills them into lines
    /// at the current nesting level: each piece is the text up to the next place it may break,
    /// with the spaces printed there when it does not (1 before an identifier after a comma, 0
    /// before a `.`); a piece goes on the current line if it fits within the margin, else it
    /// starts the next line.
    ///
    /// Every line is then what prettyplease prints, however wide: one wider than the margin is
    /// one piece, which it cannot break either.
    pub(super) fn token_fill(&mut self, pieces: &[(usize, String)]) {
        let mut current = String::new();
        for (index, (spaces, piece)) in pieces.iter().enumerate() {
            if index > 0 && self.width() + current.len() + spaces + piece.len() > MARGIN {
                self.line_whole(format_args!("{current}"), true);
                current.clear();
            } else if index > 0 {
                current.extend(std::iter::repeat_n(' ', *spaces));
            }
            current.push_str(piece);
        }
        if !current.is_empty() {
            self.line_whole(format_args!("{current}"), true);
        }
    }

    /// A macro call whose arguments are `pieces` (see [`Self::token_fill`]), `{open}` and
    /// `{close}` around them: on one line when that fits, otherwise `open` on its line, the
    /// pieces filled one level deeper and `close` on the last line, as prettyplease prints
    /// `let path = format!(…);`.
    pub(super) fn macro_call(&mut self, open: &str, pieces: &[(usize, String)], close: &str) {
        let mut one_line = open.to_owned();
        for (spaces, piece) in pieces {
            one_line.extend(std::iter::repeat_n(' ', *spaces));
            one_line.push_str(piece);
        }
        one_line.push_str(close);
        if self.width() + one_line.len() <= MARGIN {
            self.line(format_args!("{one_line}"));
        } else {
            self.line(format_args!("{open}"));
            self.depth_in();
            self.token_fill(pieces);
            self.depth_out();
            self.line(format_args!("{close}"));
        }
    }

    /// A line that, when `whole`, prettyplease prints whole however wide, having nowhere to
    /// break it (see [`unbreakable`]); checked against the margin otherwise, or when it is
    /// indented so deep that prettyplease's margin moves ([`MIN_SPACE`]) and the decisions
    /// that led to it would differ.
    pub(super) fn line_whole(&mut self, line: Arguments<'_>, whole: bool) {
        if whole && self.width() + MIN_SPACE <= MARGIN {
            self.line_unchecked(line);
        } else {
            self.line(line);
        }
    }

    /// A line that opens a block, written as it is however wide: for a line of a fixed text
    /// that prettyplease prints on one line because it has nowhere to split it.
    pub(super) fn open_unchecked(&mut self, line: Arguments<'_>) {
        self.line_unchecked(line);
        self.depth += 1;
    }

    /// A line written as it is however wide: for a line prettyplease prints whole because it
    /// has nowhere to split it (a struct literal's field whose value is a string literal).
    pub(super) fn line_unchecked(&mut self, line: Arguments<'_>) {
        self.push_indentation();
        self.push_fmt(line);
        self.text.push('\n');
    }

    /// A line that closes a block (starting with `}`), one level less deep than the lines
    /// before it.
    pub(super) fn close(&mut self, line: Arguments<'_>) {
        self.depth = self.depth.saturating_sub(1);
        self.line(line);
    }

    /// The next lines one level deeper, as the continued lines of a method chain or the
    /// parameters of a wrapped signature are.
    pub(super) fn depth_in(&mut self) {
        self.depth += 1;
    }

    /// The next lines one level less deep: the end of [`Self::depth_in`].
    pub(super) fn depth_out(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// The column at which the next line starts, after its indentation.
    pub(super) fn width(&self) -> usize {
        self.indent + self.depth * INDENT
    }

    /// Marks the item as one this writer cannot lay out as prettyplease would: it is built as
    /// tokens.
    pub(super) fn not_fitting(&mut self) {
        self.fits = false;
    }

    /// One `///` line per line of `markdown`, as prettyplease prints the `#[doc]` attributes
    /// [`doc_lines`](super::doc_lines) makes: never wrapped, trailing spaces trimmed. Each is one it prints as
    /// `///` (see `LongTexts::docs`): a line of `lines()` holds no `\n`, and `doc_lines` starts
    /// a non-empty one with a space, never a `/`.
    pub(super) fn docs(&mut self, markdown: &str) {
        // `doc_lines`'s lines, written in place rather than each formatted into a `String`.
        for line in markdown.lines() {
            self.push_indentation();
            self.text.push_str("///");
            let line = line.trim_end_matches(' ');
            if !line.is_empty() {
                self.text.push(' ');
                self.text.push_str(line);
            }
            self.text.push('\n');
        }
    }

    /// Whether prettyplease would print this text as it is: every line within its margin.
    pub(super) fn fits(&self) -> bool {
        self.fits
    }

    /// The columns the item is written at.
    pub(super) fn indent(&self) -> usize {
        self.indent
    }

    /// The text, each line ending in a line break, its first line not indented.
    pub(super) fn into_text(self) -> String {
        self.text
    }
}

/// `pieces` one after the other, in a `String` of their length: what `format!` of the same
/// pieces makes, without its `fmt::Formatter` and the growing of its guessed capacity (the
/// writers make tens of thousands of these small texts).
pub(super) fn concat(pieces: &[&str]) -> String {
    let mut text = String::with_capacity(pieces.iter().map(|piece| piece.len()).sum());
    for piece in pieces {
        text.push_str(piece);
    }
    text
}

/// `{head}(` and `arguments` joined by `, `, then `tail`'s pieces: a signature or a call on one
/// line, in a `String` of its length.
fn call_line(head: &str, arguments: &[String], tail: &[&str]) -> String {
    let length = head.len()
        + 1
        + arguments
            .iter()
            .map(|argument| argument.len() + ", ".len())
            .sum::<usize>()
        + tail.iter().map(|piece| piece.len()).sum::<usize>();
    let mut line = String::with_capacity(length);
    line.push_str(head);
    line.push('(');
    for (index, argument) in arguments.iter().enumerate() {
        if index > 0 {
            line.push_str(", ");
        }
        line.push_str(argument);
    }
    for piece in tail {
        line.push_str(piece);
    }
    line
}

/// The text prettyplease prints for the tokens of a type or a simple expression (paths,
/// generic arguments, literals, calls without arguments): `None` for anything else, which the
/// caller then builds as tokens.
pub(super) fn tokens_text(tokens: &TokenStream) -> Option<String> {
    let mut text = String::new();
    write_tokens(&mut text, tokens.clone())?;
    Some(text)
}

fn write_tokens(text: &mut String, tokens: TokenStream) -> Option<()> {
    for token in tokens {
        match token {
            TokenTree::Ident(ident) => {
                if text.ends_with(|last: char| last.is_alphanumeric() || last == '_') {
                    return None;
                }
                let _ = write!(text, "{ident}");
            }
            TokenTree::Literal(literal) => {
                let literal = literal.to_string();
                // A negative number is printed as an operator and its operand.
                if literal.starts_with('-') {
                    return None;
                }
                text.push_str(&literal);
            }
            TokenTree::Punct(punct) => match punct.as_char() {
                ':' | '<' | '>' => text.push(punct.as_char()),
                ',' => text.push_str(", "),
                _ => return None,
            },
            TokenTree::Group(group) => {
                if group.delimiter() != Delimiter::Parenthesis || !group.stream().is_empty() {
                    return None;
                }
                text.push_str("()");
            }
        }
    }
    Some(())
}

/// Whether prettyplease has nowhere to break `text`, a call's argument or a signature's
/// parameter: a string literal, or names, paths, references and `name: ` without generic
/// arguments, brackets, calls or operators (`name: &types::Shop`, `reqwest::Method::GET`).
fn unbreakable(text: &str) -> bool {
    let literal = text.len() >= 2 && text.starts_with('"') && text.ends_with('"');
    literal
        || text
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'_' | b':' | b'&' | b' '))
}

/// A type's name and its generic arguments split at their top-level commas (`Result<A, B<C, D>>`
/// is `Result` and `A`, `B<C, D>`); `None` for a type without generic arguments.
fn generic_arguments(ty: &str) -> Option<(&str, Vec<&str>)> {
    let (name, rest) = ty.split_once('<')?;
    let inner = rest.strip_suffix('>')?;
    let mut arguments = Vec::new();
    let (mut depth, mut start) = (0_usize, 0);
    for (index, byte) in inner.bytes().enumerate() {
        match byte {
            b'<' | b'(' | b'[' => depth += 1,
            b'>' | b')' | b']' => depth = depth.checked_sub(1)?,
            b',' if depth == 0 => {
                arguments.push(inner[start..index].trim());
                start = index + 1;
            }
            _ => {}
        }
    }
    if depth != 0 || name.contains(['(', '[', ' ', '&']) {
        return None;
    }
    arguments.push(inner[start..].trim());
    Some((name, arguments))
}

/// A string literal as prettyplease prints it: the token proc-macro2 makes for it, spelled
/// without building one ([`super::macro_text::string_literal`]).
pub(super) fn string_literal(value: &str) -> String {
    let mut literal = String::with_capacity(value.len() + 2);
    super::macro_text::string_literal(&mut literal, value);
    literal
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::{ItemText, MARGIN, tokens_text};

    #[test]
    fn lines_are_nested_by_four_columns_and_a_line_past_the_margin_does_not_fit() {
        let mut text = ItemText::new(4);
        text.docs("An item.  \n\nMore.");
        text.open(format_args!("impl A {{"));
        text.line(format_args!("const B: u8 = 1;"));
        text.close(format_args!("}}"));
        assert!(text.fits());
        assert_eq!(text.indent(), 4);
        assert_eq!(
            text.into_text(),
            "/// An item.\n///\n/// More.\nimpl A {\n    const B: u8 = 1;\n}\n"
        );

        let mut text = ItemText::new(4);
        text.line(format_args!("{}", "x".repeat(MARGIN - 4)));
        assert!(text.fits());
        text.line(format_args!("{}", "x".repeat(MARGIN - 3)));
        assert!(!text.fits());
    }

    #[test]
    fn types_and_simple_expressions_are_printed_from_their_tokens_as_prettyplease_prints_them() {
        let types = [
            quote!(Option<Vec<String>>),
            quote!(std::collections::BTreeMap<String, serde_json::Value>),
            quote!(crate::runtime::FilePart),
        ];
        for tokens in types {
            let printed = prettyplease::unparse(&syn::parse_quote!(type A = #tokens;));
            let text = tokens_text(&tokens).expect("printable");
            assert_eq!(printed, format!("type A = {text};\n"));
        }
        let values = [
            quote!(std::collections::BTreeMap::new()),
            quote!(Kind::Only),
            quote!(None),
            quote!(7),
        ];
        for tokens in values {
            let printed = prettyplease::unparse(&syn::parse_quote!(const A: X = #tokens;));
            let text = tokens_text(&tokens).expect("printable");
            assert_eq!(printed, format!("const A: X = {text};\n"));
        }
        for tokens in [
            quote!((i64, String)),
            quote!(-1),
            quote!(&str),
            quote!([u8; 2]),
        ] {
            assert_eq!(tokens_text(&tokens), None, "{tokens}");
        }
    }

    /// A method whose signature, call and macro grow with `stretch`, as text.
    fn stretched_method(stretch: usize) -> ItemText {
        let name = format!("method{}", "_x".repeat(stretch));
        let ty = format!("types::Type{}", "T".repeat(stretch));
        let literal = format!("\"lit{}/{{}}\"", "l".repeat(stretch));
        let mut text = ItemText::new(4);
        text.signature(
            &format!("pub async fn {name}"),
            &["&self".to_owned(), format!("value_{name}: &{ty}")],
            &format!("Result<{ty}, Error<{ty}>>"),
        );
        text.call(
            "let request = Request::new",
            &[literal.clone(), format!("value_{name}")],
            ";",
        );
        text.macro_call(
            "let path = format!(",
            &[
                (0, format!("{literal},")),
                (1, "value".to_owned()),
                (0, ".as_str()".to_owned()),
            ],
            ");",
        );
        text.close(format_args!("}}"));
        text
    }

    #[test]
    fn signatures_calls_and_macro_tokens_are_broken_as_prettyplease_breaks_them() {
        for stretch in 0..48 {
            let text = stretched_method(stretch);
            assert!(text.fits(), "{stretch}");
            let name = quote::format_ident!("method{}", "_x".repeat(stretch));
            let value = quote::format_ident!("value_{name}");
            let ty = quote::format_ident!("Type{}", "T".repeat(stretch));
            let literal = format!("lit{}/{{}}", "l".repeat(stretch));
            let file = prettyplease::unparse(&syn::parse_quote! {
                impl Client {
                    pub async fn #name(&self, #value: &types::#ty) -> Result<types::#ty, Error<types::#ty>> {
                        let request = Request::new(#literal, #value);
                        let path = format!(#literal, value.as_str());
                    }
                }
            });
            let lines: Vec<&str> = file.lines().collect();
            let mut printed = String::new();
            for line in &lines[1..lines.len() - 1] {
                printed.push_str(line.strip_prefix("    ").unwrap_or(line));
                printed.push('\n');
            }
            assert_eq!(text.into_text(), printed, "{stretch}");
        }
    }

    #[test]
    fn a_trait_impl_too_wide_for_one_line_is_split_before_for() {
        let mut text = ItemText::new(0);
        text.open_impl("impl serde::Serialize", "Short");
        text.close(format_args!("}}"));
        let long = "L".repeat(70);
        text.open_impl("impl serde::Serialize", &long);
        text.close(format_args!("}}"));
        assert!(text.fits());
        assert_eq!(
            text.into_text(),
            format!(
                "impl serde::Serialize for Short {{\n}}\nimpl serde::Serialize\nfor {long} {{\n}}\n"
            )
        );
    }

    #[test]
    fn types_too_wide_for_their_line_are_broken_at_their_generic_arguments() {
        let mut broken = 0;
        for stretch in 0..=90 {
            let ty = format!("T{}", "t".repeat(stretch));
            let wide = format!("Option<std::collections::BTreeMap<String, Vec<{ty}>>>");
            let mut text = ItemText::new(0);
            text.open(format_args!("pub struct S {{"));
            text.typed_line("pub field: ", &wide, true);
            text.typed_line("pub plain: ", &ty, true);
            text.close(format_args!("}}"));
            text.open(format_args!("impl S {{"));
            text.signature(
                "pub fn with_field",
                &["mut self".to_owned(), format!("value: {wide}")],
                "Self",
            );
            text.line(format_args!("self"));
            text.close(format_args!("}}"));
            text.signature(
                "pub fn both",
                &[format!("first: Vec<{ty}>"), format!("second: Vec<{ty}>")],
                "Self",
            );
            text.line(format_args!("self"));
            text.close(format_args!("}}"));
            text.close(format_args!("}}"));
            if !text.fits() {
                // Only a name wider than the margin on its own line.
                assert!(stretch > 60, "{stretch}");
                continue;
            }
            let wide: syn::Type = syn::parse_str(&wide).expect("a type");
            let ty = quote::format_ident!("{ty}");
            let printed = prettyplease::unparse(&syn::parse_quote! {
                pub struct S {
                    pub field: #wide,
                    pub plain: #ty,
                }
                impl S {
                    pub fn with_field(mut self, value: #wide) -> Self {
                        self
                    }
                    pub fn both(first: Vec<#ty>, second: Vec<#ty>) -> Self {
                        self
                    }
                }
            });
            let text = text.into_text();
            assert_eq!(text, printed, "{stretch}");
            broken += usize::from(text.contains("Vec<\n"));
        }
        assert!(broken > 10, "{broken}");
    }
}
