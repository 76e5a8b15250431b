//! What the caller decides about the generated crate. Everything API-specific lives here, so the
//! generator itself serves any API's fragments.

/// Settings for one generated client crate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// Cargo package name of the generated crate (`revcent`).
    pub crate_name: String,
    /// Cargo package version of the generated crate.
    pub crate_version: String,
    /// Human name of the API, used in docs and error messages (`RevCent`).
    pub api_name: String,
    /// The URL every fragment's `path` starts with; operations are called relative to it, and it
    /// is the client's default base URL. `None`: the fragments' common server prefix (see
    /// [`crate::common_base_url`]).
    pub base_url: Option<String>,
    /// The header that carries the API key (`x-api-key`).
    pub api_key_header: String,
    /// Hosts (`uploads.example.com`, with `:port` where the URL names one) that receive the
    /// credential besides the base URL's. An operation whose fragment names another server is
    /// called there, with the credential only if its host is the base URL's or listed here;
    /// every entry must be the host of some operation.
    pub credential_hosts: Vec<String>,
    /// A field of JSON reply bodies that tells success from failure even on HTTP 2xx, if the API
    /// has one.
    pub success_marker: Option<SuccessMarker>,
    /// Type names that no naming rule gets right, applied before any rule.
    pub name_overrides: Vec<NameOverride>,
    /// The `operationId`s of operations deliberately left out of the crate, problems and all.
    /// They are never skipped silently: each is listed in [`crate::ir::Api::skipped`] (which the
    /// crate's root docs list too), and an entry that matches no fragment is an error, as a
    /// stale name override is.
    pub excluded_operations: Vec<String>,
    /// Extra `[dev-dependencies]` lines for the generated `Cargo.toml`, for tests and examples
    /// that maintainers keep beside the generated files.
    pub dev_dependencies: Vec<String>,
    /// The command that regenerates the crate, named in every generated file's first line.
    pub regenerate_command: String,
    /// Whether the crate is its own Cargo workspace root (an empty `[workspace]` table), so that
    /// it builds wherever it is written, even inside another workspace's folder. A crate that is
    /// a member of an enclosing workspace must not be.
    pub standalone: bool,
    /// Where the crate's `runtime` module comes from.
    pub runtime: RuntimeSource,
    /// The environment variable the generated examples read the API key from
    /// (`REVCENT_API_KEY`).
    pub api_key_env: String,
    /// The environment variable the generated examples read a base URL from, when set
    /// (`REVCENT_BASE_URL`).
    pub base_url_env: String,
    /// Whether the crate gets its generated examples (`examples/call.rs`, and `examples/mcp.rs`,
    /// which is built only with the crate's `mcp` feature), which need `tokio` (with `macros`
    /// and `rt-multi-thread`) among `dev_dependencies`.
    pub examples: bool,
    /// Whether the crate gets a `#[cfg(test)]` module that proves, with the `schema-check`
    /// crate (which must then be among `dev_dependencies`), that every body and reply type
    /// decodes and encodes exactly what the fragment's schema means.
    pub schema_checks: bool,
    /// How operations are grouped into resources, each a module of types and a Cargo feature.
    pub grouping: Grouping,
}

/// How operations are grouped into resources. Each resource is a module of the crate's `types`
/// (the types only its operations use) and a Cargo feature, on by default, that compiles its
/// operations and types; types that operations of several resources use are in the shared
/// module, which is always compiled.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Grouping {
    /// By the first segment of the path below the base URL (`/ai_voice_agents/{id}` →
    /// `ai_voice_agents`). An operation whose first segment is empty or holds a parameter
    /// (`/`, `/{id}`) belongs to no resource: it and its types are always compiled.
    #[default]
    FirstPathSegment,
    /// By the operation's first tag (`tags: ["Billing Plans"]` → `billing_plans`); an operation
    /// without tags belongs to no resource.
    FirstTag,
    /// No resources: every operation and type is always compiled, and there are no features
    /// beside the runtime's.
    None,
}

impl Config {
    /// The settings of a crate named `crate_name` for the API called `api_name`, with what most
    /// APIs use: version `0.1.0`, the base URL inferred from the fragments, the key in
    /// `x-api-key` sent to the base URL's host only, no success marker, no overrides, no
    /// exclusions, a standalone crate carrying its own runtime, operations grouped by the first
    /// segment of their path.
    /// The examples' environment variables are named after the crate (`MY_API_API_KEY`,
    /// `MY_API_BASE_URL`), and no examples are generated.
    pub fn new(crate_name: impl Into<String>, api_name: impl Into<String>) -> Self {
        let crate_name = crate_name.into();
        let prefix = crate_name.to_ascii_uppercase().replace('-', "_");
        Self {
            api_key_env: format!("{prefix}_API_KEY"),
            base_url_env: format!("{prefix}_BASE_URL"),
            examples: false,
            crate_name,
            crate_version: "0.1.0".to_owned(),
            api_name: api_name.into(),
            base_url: None,
            api_key_header: "x-api-key".to_owned(),
            credential_hosts: Vec::new(),
            success_marker: None,
            name_overrides: Vec::new(),
            excluded_operations: Vec::new(),
            dev_dependencies: Vec::new(),
            regenerate_command: "cargo xtask codegen".to_owned(),
            standalone: true,
            runtime: RuntimeSource::Emitted,
            schema_checks: false,
            grouping: Grouping::FirstPathSegment,
        }
    }
}

/// Where a generated crate's `runtime` module (the hand-written client, errors, transport) comes
/// from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RuntimeSource {
    /// Its files are written into the crate's `src/runtime/`, so the crate builds anywhere. What
    /// a crate that others depend on needs.
    Emitted,
    /// The module is compiled from the runtime's own sources, found at this path relative to the
    /// generated `src/` folder (`#[path]`), so the crate carries no copy of them. For crates that
    /// live beside the generator, such as its test snapshots.
    Shared {
        /// The path of the runtime's `mod.rs`, relative to the generated crate's `src/`.
        module_path: String,
    },
}

/// A reply body field whose value marks success (RevCent: `code` is `1`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SuccessMarker {
    /// The field name.
    pub field: String,
    /// The value that means success; any other value means the body is an error body.
    pub value: i64,
}

/// Gives a fixed name to the types found at a property path.
///
/// The path is matched against the end of each schema's property path: `account_event.notation`
/// matches the `notation` property of any `account_event` object; `system_actions.items` matches
/// the items of any `system_actions` array. Every override must match at least one schema, so a
/// stale override is reported rather than silently ignored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameOverride {
    /// Dot-separated property path suffix; `items` stands for an array's items.
    pub path: String,
    /// The Rust type name to use.
    pub name: String,
}

impl NameOverride {
    /// An override from `path` to `name`.
    pub fn new(path: impl Into<String>, name: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            name: name.into(),
        }
    }
}
