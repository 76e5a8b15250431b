//! Layer 3: [`Api`] → files. A walk over the IR: every name, type, doc text and encoding is
//! read from it, none decided here. `quote!` builds tokens, `syn` checks and holds them as a
//! file, prettyplease prints them. No rustfmt binary and no text surgery on the output but one,
//! the long texts written over placeholders ([`long_texts`]: schemas as raw strings, doc lines,
//! and items of a fixed shape as the lines prettyplease prints for them, [`text`]), so the bytes
//! depend only on the IR and the versions in `Cargo.lock`.
//!
//! [`types`] writes each module of `src/types/`, [`operations`] each file of
//! `src/operations/`; this module the rest of the crate and the printing both share. The parts
//! made per operation (methods, dynamic calls, schema tests) are one file per resource, each
//! behind its resource's feature and with its own imports ([`PerResource`]).

mod call;
mod checks;
mod file_text;
mod json_schema;
mod long_texts;
mod macro_text;
mod operations;
mod schema_checks;
mod schema_fidelity;
mod table;
mod text;
mod types;

pub use file_text::FileText;
pub(crate) use operations::signature_text;

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

use crate::config::{Config, RuntimeSource};
use crate::error::{Diagnostic, Error, Location};
use crate::ir::{Api, Module, Operation, TypeRef};
use crate::runtime;

/// Whether emission prints the syntax it builds, as [`emit`] does, or stops once every file is
/// parsed, so that a benchmark can tell building and checking the code from printing it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Printing {
    Print,
    /// The Rust files come out empty.
    Skip,
}

/// Why emission stopped: the generator failed on its own output, or the sink refused a file.
#[derive(Debug)]
pub enum EmitError<E> {
    /// Tokens that are not valid Rust: a bug in the generator.
    Generator(Error),
    /// What the sink returned for the file it could not take (a write that failed); no file
    /// is emitted after it.
    Sink(E),
}

impl<E> From<Error> for EmitError<E> {
    fn from(error: Error) -> Self {
        Self::Generator(error)
    }
}

impl<E: std::fmt::Display> std::fmt::Display for EmitError<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Generator(error) => error.fmt(f),
            Self::Sink(error) => error.fmt(f),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for EmitError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Generator(error) => Some(error),
            Self::Sink(error) => Some(error),
        }
    }
}

/// Where emitted files go: each file's path relative to the crate root and its text, handed
/// over in order as soon as the file is printed, so that only a few printed files are held at
/// once. It is called on the thread that emits, never on another.
pub type Sink<'s, E> = dyn FnMut(String, FileText) -> Result<(), E> + 's;

/// Hands one file to `sink`, `preamble` (the `@generated` line) its first piece.
fn hand<E>(
    sink: &mut Sink<'_, E>,
    path: String,
    preamble: &str,
    body: FileText,
) -> Result<(), EmitError<E>> {
    let mut file = FileText::default();
    file.push(preamble.to_owned());
    file.append(body);
    sink(path, file).map_err(EmitError::Sink)
}

/// How many files may be started and not yet handed to the sink
/// ([`crate::parallel::jobs_in_order`]): enough to keep the cores busy while the sink takes
/// one, and the table, which starts early and waits for its turn. Each is text of at most a
/// few megabytes (a resource's types, 1.7 MB for synthetic-1000; the table, 5.3 MB).
const FILES_AHEAD: usize = 4;

/// Renders every file of the generated crate and hands each to `sink` (in a fixed order, each
/// path once), printing as `printing` says.
///
/// Each file is a job of [`crate::parallel::jobs_in_order`]: files are built at once on the
/// machine's cores, each on one thread, and handed to `sink` on the calling thread in the order
/// of [`Emission::files`] as they are ready. An error (the generator's or the sink's) stops the
/// emission: no file after it is handed over.
///
/// The table, the largest file, comes near the end of the crate: started in its place, it
/// would run alone, the other cores idle. The other threads take it once the types' files
/// are started ([`Emission::helper_order`]), so that it is built beside the operations' files,
/// which take longer (three times its instructions), and held for less time than if it
/// started first (held through the types' files, it raised emission's peak by 4 MiB for
/// synthetic-1000, 18 MiB for synthetic-5000).
pub(crate) fn emit_files<E>(
    api: &Api,
    config: &Config,
    printing: Printing,
    sink: &mut Sink<'_, E>,
) -> Result<(), EmitError<E>> {
    let emission = Emission {
        api,
        config,
        printing,
        groups: operation_groups(api),
        preamble: format!(
            "// @generated by `{}`. Do not edit by hand: change the fragments or the generator, then rerun it.\n",
            config.regenerate_command
        ),
    };
    let files = emission.files();
    let helper_order = Emission::helper_order(&files);
    crate::parallel::jobs_in_order(
        files,
        &helper_order,
        FILES_AHEAD,
        |file| emission.build(file),
        |built| {
            let built = built?;
            hand(sink, built.path, built.preamble, built.text)
        },
    )
}

/// What every file of one emission reads.
struct Emission<'a> {
    api: &'a Api,
    config: &'a Config,
    printing: Printing,
    /// The operations of each module ([`operation_groups`]), which the parts made per
    /// operation are split by.
    groups: Vec<(Module, Vec<&'a Operation>)>,
    /// The `@generated` line of every file but `Cargo.toml` (which writes its own).
    preamble: String,
}

/// One file of the crate, built on its own ([`Emission::build`]) while others are.
#[derive(Clone, Copy, Debug)]
enum CrateFile {
    CargoToml,
    Lib,
    Config,
    /// `src/types/<module>.rs`.
    Types(Module),
    TypesMod,
    /// `src/<stem>/<module>.rs` of a part made per operation, for the group at this index of
    /// [`Emission::groups`].
    PerResource(PerResource, usize),
    /// `src/<stem>/mod.rs`, which declares each of those files.
    PerResourceMod(PerResource),
    Table,
    /// An example, from its template.
    Example {
        path: &'static str,
        template: &'static str,
    },
    /// A file of the runtime, verbatim.
    Runtime {
        name: &'static str,
        contents: &'static str,
    },
}

/// A file built, for [`hand`].
struct Built<'a> {
    path: String,
    /// What goes before the text: the `@generated` line, or nothing.
    preamble: &'a str,
    text: FileText,
}

impl Emission<'_> {
    /// Every file of the crate, in the order the sink receives them.
    fn files(&self) -> Vec<CrateFile> {
        let mut files = vec![CrateFile::CargoToml, CrateFile::Lib, CrateFile::Config];
        files.extend(type_modules(self.api).into_iter().map(CrateFile::Types));
        files.push(CrateFile::TypesMod);
        for part in PerResource::ALL {
            if part.is_schema_check() && !self.config.schema_checks {
                continue;
            }
            files.extend((0..self.groups.len()).map(|group| CrateFile::PerResource(part, group)));
            files.push(CrateFile::PerResourceMod(part));
        }
        files.push(CrateFile::Table);
        if self.config.examples {
            files.push(CrateFile::Example {
                path: "examples/call.rs",
                template: CALL_EXAMPLE,
            });
            files.push(CrateFile::Example {
                path: "examples/mcp.rs",
                template: MCP_EXAMPLE,
            });
        }
        if self.config.runtime == RuntimeSource::Emitted {
            files.extend(
                runtime::FILES
                    .iter()
                    .map(|&(name, contents)| CrateFile::Runtime { name, contents }),
            );
        }
        files
    }

    /// The order other threads than the sink's take `files` in: theirs, but the table's moved
    /// before the first per-resource file (see [`emit_files`]).
    fn helper_order(files: &[CrateFile]) -> Vec<usize> {
        let table = files
            .iter()
            .position(|file| matches!(file, CrateFile::Table));
        let mut order: Vec<usize> = (0..files.len())
            .filter(|&index| Some(index) != table)
            .collect();
        if let Some(table) = table {
            let at = files
                .iter()
                .position(|file| matches!(file, CrateFile::PerResource(..)))
                .unwrap_or(table);
            order.insert(at.min(order.len()), table);
        }
        order
    }

    /// `file`'s path and text.
    fn build(&self, file: CrateFile) -> Result<Built<'_>, Error> {
        let (api, printing) = (self.api, self.printing);
        let (path, text) = match file {
            CrateFile::CargoToml => {
                return Ok(Built {
                    path: "Cargo.toml".to_owned(),
                    preamble: "",
                    text: FileText::from(cargo_toml(api, self.config)),
                });
            }
            CrateFile::Lib => {
                let path = "src/lib.rs";
                (
                    path.to_owned(),
                    FileText::from(render(lib_rs(api, self.config), path, printing)?),
                )
            }
            CrateFile::Config => {
                let path = "src/config.rs";
                (
                    path.to_owned(),
                    FileText::from(render(config_rs(api, self.config), path, printing)?),
                )
            }
            CrateFile::Types(module) => (
                format!("src/types/{}.rs", api.module_name(module)),
                types::types_rs(api, module, printing)?,
            ),
            CrateFile::TypesMod => {
                let path = "src/types/mod.rs";
                let text = render(types_mod_rs(api), path, printing)?;
                (path.to_owned(), FileText::from(text))
            }
            CrateFile::PerResource(part, group) => {
                let (module, operations) = &self.groups[group];
                (
                    format!("src/{}/{}.rs", part.stem(), api.module_name(*module)),
                    part.build(api, operations, printing)?,
                )
            }
            CrateFile::PerResourceMod(part) => {
                let path = format!("src/{}/mod.rs", part.stem());
                let text = render(self.per_resource_mod_rs(part), &path, printing)?;
                (path, FileText::from(text))
            }
            CrateFile::Table => ("src/table.rs".to_owned(), table::table_rs(api, printing)?),
            CrateFile::Example { path, template } => (
                path.to_owned(),
                FileText::from(example(template, self.config)),
            ),
            CrateFile::Runtime { name, contents } => {
                (format!("src/runtime/{name}"), FileText::from(contents))
            }
        };
        Ok(Built {
            path,
            preamble: &self.preamble,
            text,
        })
    }

    /// `src/<stem>/mod.rs` of `part`: each resource's file, declared behind its resource's
    /// feature.
    fn per_resource_mod_rs(&self, part: PerResource) -> TokenStream {
        let declarations = self.groups.iter().map(|(module, _)| {
            let cfg = feature_cfg(self.api, *module);
            let name = ident(self.api.module_name(*module));
            let reexport = part.reexport().then(|| {
                quote! {
                    #cfg
                    pub(crate) use #name::*;
                }
            });
            quote! {
                #cfg
                #[rustfmt::skip]
                mod #name;
                #reexport
            }
        });
        let docs = inner_doc_attrs(part.docs());
        quote!(#docs #(#declarations)*)
    }
}

/// The modules that declare at least one type or parameters struct: the shared one first, then
/// the resources' in order.
fn type_modules(api: &Api) -> Vec<Module> {
    let used: BTreeSet<Module> = api
        .types
        .iter()
        .map(|definition| definition.module)
        .chain(
            api.operations
                .iter()
                .filter(|operation| operation.params_struct.is_some())
                .map(Api::operation_module),
        )
        .collect();
    used.into_iter().collect()
}

/// `src/types/mod.rs`: every module of types, a resource's behind its feature, and each
/// re-exported, so every type is also `types::Name`.
fn types_mod_rs(api: &Api) -> TokenStream {
    let modules = type_modules(api).into_iter().map(|module| {
        let cfg = feature_cfg(api, module);
        let name = ident(api.module_name(module));
        quote! {
            #cfg
            #[rustfmt::skip]
            pub mod #name;
            #cfg
            pub use #name::*;
        }
    });
    quote! {
        //! The types of the API's requests and replies: the types only one resource's operations
        //! use are in that resource's module, compiled with its feature; the types several
        //! resources share are in `common`, always compiled. Every type is also re-exported
        //! here, so `types::Name` names it whichever module it is in.

        #(#modules)*
    }
}

/// `#[cfg(feature = "…")]` for what a resource's feature compiles; nothing for the shared
/// module.
fn feature_cfg(api: &Api, module: Module) -> Option<TokenStream> {
    match module {
        Module::Shared => None,
        Module::Resource(index) => {
            let feature = &api.resources[index].feature;
            Some(quote!(#[cfg(feature = #feature)]))
        }
    }
}

/// The operations of each module, in `operationId` order: the shared group (operations in no
/// resource) first when it has any, then each resource's.
fn operation_groups(api: &Api) -> Vec<(Module, Vec<&Operation>)> {
    let mut groups: BTreeMap<Module, Vec<&Operation>> = BTreeMap::new();
    for operation in &api.operations {
        groups
            .entry(Api::operation_module(operation))
            .or_default()
            .push(operation);
    }
    groups.into_iter().collect()
}

/// A part of the crate made per operation (methods, dynamic calls, schema tests), written as
/// one file per resource, `src/<stem>/<module>.rs`, and `src/<stem>/mod.rs`, which declares
/// each behind its resource's feature. Each file carries its own imports, so a build with any
/// set of features has no unused one.
#[derive(Clone, Copy, Debug)]
enum PerResource {
    Operations,
    Call,
    SchemaChecks,
    SchemaFidelity,
}

impl PerResource {
    /// In the order the sink receives them.
    const ALL: [Self; 4] = [
        Self::Operations,
        Self::Call,
        Self::SchemaChecks,
        Self::SchemaFidelity,
    ];

    /// Whether it is written only with [`Config::schema_checks`].
    fn is_schema_check(self) -> bool {
        matches!(self, Self::SchemaChecks | Self::SchemaFidelity)
    }

    fn stem(self) -> &'static str {
        match self {
            Self::Operations => "operations",
            Self::Call => "call",
            Self::SchemaChecks => "schema_checks",
            Self::SchemaFidelity => "schema_fidelity",
        }
    }

    /// The inner docs of `mod.rs`.
    fn docs(self) -> &'static str {
        match self {
            Self::Operations => {
                "One method per operation, in one module per resource, each compiled with its \
                 resource's feature."
            }
            Self::Call => {
                "How the operation table calls each operation from one JSON object, in one \
                 module per resource, each compiled with its resource's feature."
            }
            Self::SchemaChecks => {
                "Round trips derived from the fragments' own schemas, in one module per \
                 resource, each compiled with its resource's feature."
            }
            Self::SchemaFidelity => {
                "The JSON Schemas the Rust types give against the fragments' own, in one \
                 module per resource, each compiled with its resource's feature."
            }
        }
    }

    /// Whether `mod.rs` re-exports each module's items (`pub(crate) use`), for callers that
    /// name them without their resource.
    fn reexport(self) -> bool {
        matches!(self, Self::Call)
    }

    /// The file of one resource's `operations`.
    fn build(
        self,
        api: &Api,
        operations: &[&Operation],
        printing: Printing,
    ) -> Result<FileText, Error> {
        match self {
            Self::Operations => operations::operations_rs(api, operations, printing),
            Self::Call => call::call_rs(api, operations, printing),
            Self::SchemaChecks => schema_checks::schema_checks_rs(api, operations, printing),
            Self::SchemaFidelity => schema_fidelity::schema_fidelity_rs(api, operations, printing),
        }
    }
}

/// The `call` example's source, its API-specific words written `@NAME@`.
const CALL_EXAMPLE: &str = include_str!("examples/call.rs.in");
/// The `mcp` example's source, likewise; it needs the crate's `mcp` feature.
const MCP_EXAMPLE: &str = include_str!("examples/mcp.rs.in");

/// An example's source with the configuration's names in place of its placeholders.
fn example(template: &str, config: &Config) -> String {
    template
        .replace("@API@", &config.api_name)
        .replace("@CRATE_IDENT@", &config.crate_name.replace('-', "_"))
        .replace("@CRATE@", &config.crate_name)
        .replace("@KEY_ENV@", &config.api_key_env)
        .replace("@URL_ENV@", &config.base_url_env)
}

/// Parses tokens as a file and pretty-prints them. A parse failure is a generator bug, reported
/// as an error rather than a panic.
fn render(tokens: TokenStream, path: &str, printing: Printing) -> Result<String, Error> {
    let file: syn::File = syn::parse2(tokens).map_err(|error| {
        Error::from(Diagnostic {
            location: Location::root(path.into()),
            operation_id: None,
            message: format!(
                "the generator produced invalid Rust (a bug in the generator): {error}"
            ),
            help: None,
        })
    })?;
    Ok(match printing {
        Printing::Print => prettyplease::unparse(&file),
        Printing::Skip => String::new(),
    })
}

/// Renders a file made of a header (inner docs, imports) and `count` groups of items, each group
/// built by `build(index, long_texts)` and printed on its own (its long texts as
/// [`long_texts`] writes them), separated by a blank line.
fn render_groups<I: Into<long_texts::Items>>(
    header: TokenStream,
    count: usize,
    build: impl Fn(usize, &mut long_texts::LongTexts) -> I + Sync,
    path: &str,
    printing: Printing,
) -> Result<FileText, Error> {
    let groups = print_groups(count, &build, path, printing)?;
    let mut file = FileText::from(render(header, path, printing)?);
    for group in groups {
        file.push("\n");
        file.append(group);
    }
    Ok(file)
}

/// An item whose body holds every group of a file, such as the one `impl Client` block of a
/// resource's methods: written once, with its own attributes, however many groups it holds.
struct Enclosing {
    /// Its attributes (docs), printed once.
    attrs: TokenStream,
    /// What comes before its braces: `impl Client`. (A function, because tokens cannot cross
    /// the threads that print the groups.)
    head: fn() -> TokenStream,
}

/// [`render_groups`], the groups printed inside `enclosing`, a blank line between each.
///
/// Each group is printed inside a copy of the enclosing item, which gives its lines the
/// indentation they have in the file, and that copy's first and last lines are taken off.
fn render_groups_within<I: Into<long_texts::Items>>(
    header: TokenStream,
    enclosing: &Enclosing,
    count: usize,
    build: impl Fn(usize, &mut long_texts::LongTexts) -> I + Sync,
    path: &str,
    printing: Printing,
) -> Result<FileText, Error> {
    let head_of = enclosing.head;
    let groups = print_groups(
        count,
        &|index, texts: &mut long_texts::LongTexts| {
            let head = head_of();
            let group = build(index, texts).into();
            quote!(#head { #group })
        },
        path,
        printing,
    )?;
    let attrs = &enclosing.attrs;
    let head = head_of();
    let mut header = header;
    header.extend(quote!(#attrs #head {}));
    let mut printed = render(header, path, printing)?;
    if printing == Printing::Skip {
        return Ok(FileText::from(printed));
    }
    let bug = || {
        Error::from(Diagnostic {
            location: Location::root(path.into()),
            operation_id: None,
            message: "the generator printed an enclosing item in an unexpected shape (a bug in \
                      the generator)"
                .to_owned(),
            help: None,
        })
    };
    if !printed.ends_with(" {}\n") {
        return Err(bug());
    }
    printed.truncate(printed.len() - "}\n".len());
    printed.push('\n');
    let mut file = FileText::from(printed);
    for (index, mut group) in groups.into_iter().enumerate() {
        // The group's own copy of the enclosing item's first and last lines.
        if !group.strip_first_line() || !group.strip_suffix("}\n") {
            return Err(bug());
        }
        if index > 0 {
            file.push("\n");
        }
        file.append(group);
    }
    file.push("}\n");
    Ok(file)
}

/// Prints each of `count` groups of items built by `build`, in index order.
///
/// Groups are built and printed on the machine's cores ([`crate::parallel::map_balanced`]), each
/// thread building its own tokens from the shared IR, since tokens cannot cross threads. Within
/// [`emit_files`], where each file is a job with the other cores busy on other files, they are
/// built on the file's thread.
fn print_groups<I: Into<long_texts::Items>>(
    count: usize,
    build: &(impl Fn(usize, &mut long_texts::LongTexts) -> I + Sync),
    path: &str,
    printing: Printing,
) -> Result<Vec<FileText>, Error> {
    crate::parallel::map_balanced(count, 2, |index| {
        long_texts::render_with_long_texts(|texts| build(index, texts), path, printing)
    })
    .into_iter()
    .collect()
}

/// The lines of `markdown` as rustdoc text: one space after `///`, none on blank lines.
fn doc_lines(markdown: &str) -> impl Iterator<Item = String> + '_ {
    markdown.lines().map(|line| {
        if line.is_empty() {
            String::new()
        } else {
            // Not `format!`, which passes both pieces through a `fmt::Formatter`.
            let mut text = String::with_capacity(line.len() + 1);
            text.push(' ');
            text.push_str(line);
            text
        }
    })
}

/// Inner `//!` documentation, likewise.
fn inner_doc_attrs(markdown: &str) -> TokenStream {
    doc_lines(markdown)
        .map(|text| quote!(#![doc = #text]))
        .collect()
}

fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// The Rust type of `ty` as emitted code writes it (in `src/types.rs`), as token text: how the
/// change report names types, so that it names them exactly as the crate does.
pub(crate) fn type_tokens_text(api: &Api, ty: &TypeRef) -> String {
    type_tokens(api, ty, &TokenStream::new()).to_string()
}

/// What prettyplease prints for [`type_tokens`] of `ty` behind `prefix` (`""` inside the
/// `types` module, `"types::"` outside it), as [`text::tokens_text`] reads those tokens, but
/// written without making them: the items written as text name a type in nearly every line,
/// and making its tokens to print them was a fifth of emitting a struct. `None` for a tuple
/// of values, which `tokens_text` does not print either.
fn type_text(api: &Api, ty: &TypeRef, prefix: &str) -> Option<String> {
    fn write(text: &mut String, api: &Api, ty: &TypeRef, prefix: &str) -> Option<()> {
        let (open, close) = match ty {
            TypeRef::Named(id) => {
                text.push_str(prefix);
                text.push_str(&api.get(*id).name);
                return Some(());
            }
            TypeRef::Array(..) => ("Vec<", ">"),
            TypeRef::Nullable(_) => ("Option<", ">"),
            TypeRef::MapOf(..) => ("std::collections::BTreeMap<String, ", ">"),
            TypeRef::Tuple(positions) => {
                return positions.is_empty().then(|| text.push_str("()"));
            }
            TypeRef::String(_) => ("String", ""),
            TypeRef::Integer(integer) => (integer.kind.rust_name(), ""),
            TypeRef::Number(_) => ("f64", ""),
            TypeRef::Boolean => ("bool", ""),
            TypeRef::Map(_) => ("serde_json::Map<String, serde_json::Value>", ""),
            TypeRef::Any => ("serde_json::Value", ""),
            TypeRef::File => ("crate::runtime::FilePart", ""),
        };
        text.push_str(open);
        if let TypeRef::Array(inner, _) | TypeRef::Nullable(inner) | TypeRef::MapOf(inner, _) = ty {
            write(text, api, inner, prefix)?;
        }
        text.push_str(close);
        Some(())
    }
    let mut text = String::new();
    write(&mut text, api, ty, prefix)?;
    Some(text)
}

/// The Rust type of a value, as written inside the `types` module (`prefix` empty) or outside
/// it (`prefix` = `types::`).
fn type_tokens(api: &Api, ty: &TypeRef, prefix: &TokenStream) -> TokenStream {
    match ty {
        TypeRef::Named(id) => {
            let name = ident(&api.get(*id).name);
            quote!(#prefix #name)
        }
        TypeRef::String(_) => quote!(String),
        TypeRef::Integer(integer) => {
            let name = ident(integer.kind.rust_name());
            quote!(#name)
        }
        TypeRef::Number(_) => quote!(f64),
        TypeRef::Boolean => quote!(bool),
        TypeRef::Array(items, _) => {
            let items = type_tokens(api, items, prefix);
            quote!(Vec<#items>)
        }
        TypeRef::Tuple(positions) => {
            let positions = positions
                .iter()
                .map(|position| type_tokens(api, position, prefix));
            quote!((#(#positions,)*))
        }
        TypeRef::Nullable(inner) => {
            let inner = type_tokens(api, inner, prefix);
            quote!(Option<#inner>)
        }
        TypeRef::MapOf(values, _) => {
            let values = type_tokens(api, values, prefix);
            quote!(std::collections::BTreeMap<String, #values>)
        }
        TypeRef::Map(_) => quote!(serde_json::Map<String, serde_json::Value>),
        TypeRef::Any => quote!(serde_json::Value),
        TypeRef::File => quote!(crate::runtime::FilePart),
    }
}

fn cargo_toml(api: &Api, config: &Config) -> String {
    let mut toml = format!(
        "# @generated by `{command}`. Do not edit by hand: change the fragments or the generator, then rerun it.\n\
         [package]\n\
         name = \"{name}\"\n\
         version = \"{version}\"\n\
         description = \"A client for the {api} API, generated from its OpenAPI operation fragments.\"\n\
         edition = \"2024\"\n\
         rust-version = \"1.90\"\n\
         publish = false\n\n",
        command = config.regenerate_command,
        name = config.crate_name,
        version = config.crate_version,
        api = config.api_name,
    );
    let comments: Vec<String> = api
        .resources
        .iter()
        .map(|resource| {
            format!(
                "The operations of `types::{}` and the types only they use.",
                resource.module
            )
        })
        .collect();
    let features: Vec<(&str, &str)> = api
        .resources
        .iter()
        .zip(&comments)
        .map(|(resource, comment)| (resource.feature.as_str(), comment.as_str()))
        .collect();
    toml.push_str(&runtime::manifest_tables(&features));
    if config.examples {
        // Built (and linted in CI) only with the feature it serves through.
        toml.push_str("\n[[example]]\nname = \"mcp\"\nrequired-features = [\"mcp\"]\n");
    }
    if !config.dev_dependencies.is_empty() {
        toml.push_str("\n[dev-dependencies]\n");
        for line in &config.dev_dependencies {
            toml.push_str(line);
            toml.push('\n');
        }
    }
    toml.push_str("\n[lints.rust]\nmissing_docs = \"warn\"\nunsafe_code = \"forbid\"\n");
    if config.standalone {
        toml.push_str("\n# Its own workspace, so it builds wherever it is written.\n[workspace]\n");
    }
    toml
}

fn lib_rs(api: &Api, config: &Config) -> TokenStream {
    let docs = inner_doc_attrs(&api.crate_docs);
    let runtime_path = match &config.runtime {
        RuntimeSource::Emitted => None,
        RuntimeSource::Shared { module_path } => Some(quote!(#[path = #module_path])),
    };
    let schema_checks = config.schema_checks.then(|| {
        quote! {
            #[cfg(test)]
            #[rustfmt::skip]
            mod schema_checks;
            #[cfg(all(test, feature = "schemars"))]
            #[rustfmt::skip]
            mod schema_fidelity;
        }
    });
    // The holders of what replies carry beyond the spec are public only where a type holds one.
    let unknown_value = api.keeps_unknown_values().then(|| {
        quote!(
            pub use runtime::unknown::UnknownValue;
        )
    });
    let unknown_form = api.keeps_unknown_forms().then(|| {
        quote!(
            pub use runtime::unknown::UnknownForm;
        )
    });
    let outcome = api.has_redirects().then(|| {
        quote!(
            pub use runtime::outcome::{Outcome, Redirect};
        )
    });
    let upgrade = api.has_upgrades().then(|| {
        quote!(
            pub use runtime::outcome::Upgrade;
        )
    });
    let multipart = api.has_multipart_bodies().then(|| {
        quote!(
            pub use runtime::multipart::{FilePart, Multipart};
        )
    });
    quote! {
        #docs

        #[rustfmt::skip]
        mod call;
        #[rustfmt::skip]
        mod config;
        #[rustfmt::skip]
        mod operations;
        #runtime_path
        pub mod runtime;
        #schema_checks
        #[rustfmt::skip]
        pub mod table;
        #[rustfmt::skip]
        pub mod types;

        // The whole runtime is re-exported, and the types a reader needs first are also shown
        // at the root, where they land; the holders of unknown values and forms only where a
        // type holds one, and those of multipart bodies, `3xx` outcomes and upgrades only where
        // an operation needs them (all in rustfmt's order, since the file is formatted).
        #multipart
        #upgrade
        #outcome
        #unknown_form
        #unknown_value
        pub use runtime::*;
        #[doc(inline)]
        pub use runtime::{Client, ClientBuilder, Error};
    }
}

fn config_rs(api: &Api, config: &Config) -> TokenStream {
    let api_name = &config.api_name;
    let base_url = &api.base_url;
    let header = &config.api_key_header;
    let marker = config.success_marker.as_ref().map_or_else(
        || quote!(None),
        |marker| {
            let field = &marker.field;
            let value = Literal::i64_unsuffixed(marker.value);
            quote!(Some(crate::runtime::SuccessMarker { field: #field, value: #value }))
        },
    );
    let default_error = type_tokens(api, &api.default_error, &quote!(crate::types::));
    let servers = api.servers.iter().map(|server| {
        let url = &server.url;
        let credentialed = server.credentialed;
        quote!(crate::runtime::Server { url: #url, credentialed: #credentialed })
    });
    quote! {
        //! What the runtime needs to know about this API, from the generator's configuration.

        /// Human name of the API, used in error messages.
        pub(crate) const API_NAME: &str = #api_name;
        /// Base URL used when the builder is not given one.
        pub(crate) const DEFAULT_BASE_URL: &str = #base_url;
        /// Header that carries the API key.
        pub(crate) const API_KEY_HEADER: &str = #header;
        /// Default User-Agent.
        pub(crate) const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));
        /// The reply body field that tells success from failure even on HTTP 2xx, if the API has one.
        pub(crate) const SUCCESS_MARKER: Option<crate::runtime::SuccessMarker> = #marker;
        /// Servers other than the base URL that some operations are called on, and whether each receives the credential.
        pub(crate) const SERVERS: &[crate::runtime::Server] = &[#(#servers),*];
        /// The operation table, which [`Client::call`](crate::Client::call) looks operations up in.
        pub(crate) use crate::table::OPERATIONS;
        /// The error body that the operations declare; the default type parameter of [`Error`](crate::Error).
        pub type DefaultErrorBody = #default_error;
    }
}

/// Every fixture's API (and the client's), each fragment directory lowered on its own: what
/// the tests of the text writers compare text and tokens over.
#[cfg(test)]
pub(super) fn fixture_apis() -> Vec<Api> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut folders: Vec<std::path::PathBuf> = std::fs::read_dir(root.join("tests/fixtures"))
        .expect("the fixtures")
        .filter_map(|entry| Some(entry.ok()?.path()))
        .filter(|path| path.is_dir())
        .collect();
    folders.push(root.join("../specs"));
    folders.sort();
    folders
        .iter()
        .filter_map(|folder| {
            let mut sources: Vec<crate::SourceFile> = std::fs::read_dir(folder)
                .ok()?
                .filter_map(|entry| {
                    let path = entry.ok()?.path();
                    (path.extension()? == "json").then(|| crate::SourceFile {
                        name: path.display().to_string(),
                        contents: std::fs::read_to_string(&path).unwrap_or_default(),
                    })
                })
                .collect();
            sources.sort_by(|a, b| a.name.cmp(&b.name));
            crate::build_api(&sources, &Config::new("fixture", "Fixture")).ok()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::TypeKind;

    /// Every type a fixture's field, parameter or reply names, and lists, options and maps of
    /// them, read the same written directly as printed from their tokens.
    #[test]
    fn type_texts_are_what_their_tokens_print() {
        let mut compared = 0;
        for api in fixture_apis() {
            let mut types: Vec<TypeRef> =
                api.types
                    .iter()
                    .flat_map(|definition| match &definition.kind {
                        TypeKind::Struct(structure) => structure
                            .fields
                            .iter()
                            .map(|field| field.ty.clone())
                            .collect(),
                        TypeKind::OneOf(one_of) => one_of
                            .variants
                            .iter()
                            .map(|variant| variant.ty.clone())
                            .collect(),
                        _ => Vec::new(),
                    })
                    .chain(api.operations.iter().flat_map(|operation| {
                        operation.params.iter().map(|param| param.ty.clone())
                    }))
                    .collect();
            let wrapped: Vec<TypeRef> = types
                .iter()
                .flat_map(|ty| {
                    [
                        TypeRef::Nullable(Box::new(ty.clone())),
                        TypeRef::Array(
                            Box::new(TypeRef::Nullable(Box::new(ty.clone()))),
                            crate::ir::Sparse::default(),
                        ),
                        TypeRef::MapOf(Box::new(ty.clone()), crate::ir::Sparse::default()),
                        TypeRef::Tuple(vec![ty.clone()]),
                    ]
                })
                .collect();
            types.extend(wrapped);
            types.extend([
                TypeRef::Tuple(Vec::new()),
                TypeRef::Map(crate::ir::Sparse::default()),
                TypeRef::Any,
                TypeRef::File,
            ]);
            for ty in &types {
                for (prefix, prefix_tokens) in
                    [("", TokenStream::new()), ("types::", quote!(types::))]
                {
                    assert_eq!(
                        type_text(&api, ty, prefix),
                        text::tokens_text(&type_tokens(&api, ty, &prefix_tokens)),
                        "{ty:?} {prefix}"
                    );
                    compared += 1;
                }
            }
        }
        assert!(compared > 100, "{compared}");
    }

    /// A tiny enclosing item's groups, with a doc line each, for the tests below.
    fn methods_within(count: usize) -> String {
        let enclosing = Enclosing {
            attrs: quote!(#[doc = " The methods."]),
            head: || quote!(impl Client),
        };
        render_groups_within(
            quote!(
                use crate::runtime::Client;
            ),
            &enclosing,
            count,
            |index, texts| {
                let name = quote::format_ident!("method_{index}");
                let docs = texts.docs(&format!("Method {index}, which does `{index}`."));
                quote! {
                    #docs
                    pub fn #name(&self) -> usize {
                        let doubled = #index * 2;
                        doubled
                    }
                }
            },
            "src/test.rs",
            Printing::Print,
        )
        .expect("the groups print")
        .into_string()
    }

    #[test]
    fn groups_printed_within_one_item_are_that_item_printed_whole() {
        // Enough groups for several threads, so shares are joined too.
        let text = methods_within(150);
        assert_eq!(text.matches("impl Client").count(), 1);
        let spliced: syn::File = syn::parse_str(&text).expect("the spliced file parses");
        let methods: Vec<TokenStream> = (0..150_usize)
            .map(|index| {
                let name = quote::format_ident!("method_{index}");
                let doc = format!(" Method {index}, which does `{index}`.");
                quote! {
                    #[doc = #doc]
                    pub fn #name(&self) -> usize {
                        let doubled = #index * 2;
                        doubled
                    }
                }
            })
            .collect();
        let whole: syn::File = syn::parse2(quote! {
            use crate::runtime::Client;
            #[doc = " The methods."]
            impl Client { #(#methods)* }
        })
        .expect("the whole file parses");
        // The same tokens: syn reads `///` lines back as the `#[doc]` attributes they stand for.
        assert_eq!(quote!(#spliced).to_string(), quote!(#whole).to_string());
        // Indented as prettyplease indents the body of an impl, a blank line between methods.
        assert!(text.contains("\n    /// Method 1, which does `1`.\n    pub fn method_1(&self)"));
        assert!(text.contains("    }\n\n    /// Method 1,"));
        assert!(text.ends_with("    }\n}\n"));
    }

    #[test]
    fn an_enclosing_item_of_no_groups_is_printed_empty_and_braced() {
        let text = methods_within(0);
        assert!(
            text.ends_with("/// The methods.\nimpl Client {\n}\n"),
            "{text}"
        );
        syn::parse_str::<syn::File>(&text).expect("the file parses");
    }
}
