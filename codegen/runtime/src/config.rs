//! Stand-in for the configuration module that `codegen` generates per API, with the values the
//! RevCent client uses, so that the runtime is tested the way it is deployed.

/// Human name of the API, used in error messages.
pub(crate) const API_NAME: &str = "RevCent";
/// Base URL used when the builder is not given one.
pub(crate) const DEFAULT_BASE_URL: &str = "https://api.revcent.com/v2";
/// Header that carries the API key.
pub(crate) const API_KEY_HEADER: &str = "x-api-key";
/// Default User-Agent.
pub(crate) const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));
/// RevCent answers `code: 1` on success; an HTTP 200 with any other `code` is an API error.
pub(crate) const SUCCESS_MARKER: Option<crate::runtime::SuccessMarker> =
    Some(crate::runtime::SuccessMarker {
        field: "code",
        value: 1,
    });
/// Servers other than the base URL that some operations are called on; RevCent has none.
pub(crate) const SERVERS: &[crate::runtime::Server] = &[];
/// The error body type most operations declare; the default type parameter of `Error`.
pub type DefaultErrorBody = serde_json::Value;
/// The operation table; the harness has no operations, so every dynamic call is refused.
pub(crate) static OPERATIONS: &[crate::runtime::Operation] = &[];
