//! The client, its builder, and the one place requests are sent.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};
use reqwest::{StatusCode, Url};
use serde::de::DeserializeOwned;

use super::response::ErrorBody;

use super::error::{Error, InvalidReason, InvalidRequest, TransportError, TransportErrorKind};
use super::error::{UnexpectedKind, UnexpectedResponse};
use super::outcome::{
    Head, Outcome, RawReply, Redirects, Upgrade, error_reply, raw_reply, redirect_outcome,
};
use super::request::Request;
use super::response::{classify, classify_bytes, classify_text};

/// Turns a completely read reply (operation, status, content type, body) into a result.
pub(crate) type Classify<R, E> =
    fn(&'static str, StatusCode, Option<String>, &[u8]) -> Result<R, Error<E>>;

/// A server other than the base URL that some operations are called on, as the generator's
/// configuration describes it (`crate::config::SERVERS`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Server {
    /// Its URL as the fragments give it, without a trailing slash; the default, and the name
    /// [`ClientBuilder::server_url`] overrides it by.
    pub(crate) url: &'static str,
    /// Whether requests to it carry the credential: only when the configuration names its host.
    pub(crate) credentialed: bool,
}

/// Overall limit per call when the builder is not given one: long enough for slow actions (a
/// timed-out action may still have happened), short enough that a dead server is noticed.
const DEFAULT_TIMEOUT_SECS: u64 = 60;
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(DEFAULT_TIMEOUT_SECS);
/// Connect limit per call when the builder is not given one.
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Replies above this are refused rather than buffered: no operation's reply comes near it, and
/// an endless body must not exhaust memory.
const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;
const REDACTED: &str = "[redacted]";

/// A client for the API. Cheap to clone (clones share one connection pool); `Send + Sync`.
///
/// Build one with [`Client::new`] (API key and default base URL) or [`Client::builder`]. Each
/// operation sends exactly one request and never retries; see the
/// [module documentation](super) for what is sent and how replies become errors.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    /// Absolute, normalised, without a trailing slash.
    base_url: String,
    /// The URL of each of `crate::config::SERVERS`, in the same order, likewise normalised.
    servers: Vec<String>,
    /// The credential header, value marked sensitive.
    credential: (HeaderName, HeaderValue),
    user_agent: HeaderValue,
    timeout: Duration,
    /// `None` when the caller supplied the `reqwest::Client`, whose connect timeout is unknown.
    connect_timeout: Option<Duration>,
    /// Answers requests instead of the network ([`ClientBuilder::transport`]).
    transport: Option<Transport>,
}

/// What answers requests in place of the network: see [`ClientBuilder::transport`].
type Transport = Arc<dyn Fn(reqwest::Request) -> RawReply + Send + Sync>;

impl Client {
    /// A client that authenticates with `api_key` against the default base URL, with the
    /// default timeouts.
    ///
    /// # Errors
    ///
    /// A [`BuildError`] if the key is empty, has surrounding whitespace or is not a valid HTTP
    /// header value, or if the HTTP client cannot be created.
    pub fn new(api_key: impl Into<String>) -> Result<Self, BuildError> {
        Self::builder().api_key(api_key).build()
    }

    /// A builder for a client with a bearer token, another base URL, other timeouts, another
    /// user agent or an existing `reqwest::Client`.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL requests go to, without a trailing slash (for example
    /// `https://api.revcent.com/v2`).
    #[must_use]
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The credential header, for tests that check it is marked sensitive.
    #[cfg(test)]
    #[allow(dead_code, reason = "only the runtime's own test harness calls it")]
    pub(crate) fn credential_header(&self) -> (&HeaderName, &HeaderValue) {
        (&self.inner.credential.0, &self.inner.credential.1)
    }

    /// Sends `request` once and decodes the reply into `T`, or the API's error body `E`.
    #[allow(dead_code, reason = "called by generated operations")]
    pub(crate) async fn execute<T: DeserializeOwned, E: ErrorBody>(
        &self,
        request: Request,
    ) -> Result<T, Error<E>> {
        self.execute_read(request, classify::<T, E>).await
    }

    /// Sends `request` once; a `3xx` reply that the operation declares becomes an [`Outcome`]
    /// other than [`Outcome::Ok`], any other reply is read by `success` (one of the readers of
    /// the other `execute` methods, [`classify`] for JSON) and wrapped in [`Outcome::Ok`].
    #[allow(
        dead_code,
        reason = "called by generated operations that declare 3xx replies"
    )]
    pub(crate) async fn execute_outcome<T, R: DeserializeOwned, E: ErrorBody>(
        &self,
        request: Request,
        redirects: &'static Redirects,
        success: Classify<T, E>,
    ) -> Result<Outcome<T, R>, Error<E>> {
        self.execute_with(request, |head: &Head<'_>, body: &[u8]| {
            redirect_outcome(head, redirects, body).unwrap_or_else(|| {
                success(head.operation_id, head.status, head.content_type(), body).map(Outcome::Ok)
            })
        })
        .await
    }

    /// Sends `request` once, for an operation that declares no `2xx` reply: any reply outside
    /// `4xx` and `5xx` is returned whole.
    #[allow(
        dead_code,
        reason = "called by generated operations that declare no 2xx reply"
    )]
    pub(crate) async fn execute_raw<E: ErrorBody>(
        &self,
        request: Request,
    ) -> Result<RawReply, Error<E>> {
        self.execute_with(request, raw_reply::<E>).await
    }

    /// Sends `request` once, for an operation whose success is `101 Switching Protocols`, and
    /// returns the upgraded connection. The request carries `Connection: upgrade`; the
    /// operation's header parameters say which protocol (`Upgrade`) and its handshake.
    #[allow(
        dead_code,
        reason = "called by generated operations that switch protocols"
    )]
    pub(crate) async fn execute_upgrade<E: ErrorBody>(
        &self,
        request: Request,
    ) -> Result<Upgrade, Error<E>> {
        let started = Instant::now();
        let operation_id = request.operation_id;
        let method = request.method.clone();
        let (result, status) = self.send_upgrade(request, started).await;
        tracing::debug!(
            operation_id,
            method = %method,
            status = status.map(|s| s.as_u16()),
            elapsed = ?started.elapsed(),
            outcome = outcome(&result),
            "API call finished"
        );
        result
    }

    async fn send_upgrade<E: ErrorBody>(
        &self,
        mut request: Request,
        started: Instant,
    ) -> (Result<Upgrade, Error<E>>, Option<StatusCode>) {
        let operation_id = request.operation_id;
        request.headers.push(("connection", "upgrade".to_owned()));
        let builder = match self.prepare(request) {
            Ok(builder) => builder,
            Err(e) => return (Err(Error::InvalidRequest(e)), None),
        };
        if let Some(transport) = &self.inner.transport {
            // A transport answers with bytes, never a connection: whatever it answers, even
            // `101`, is read as a reply that did not switch.
            return match builder.build() {
                Ok(request) => {
                    let reply = transport(request);
                    let head = Head {
                        operation_id,
                        status: reply.status,
                        headers: &reply.headers,
                    };
                    (Err(error_reply(&head, &reply.body)), Some(reply.status))
                }
                Err(e) => (Err(self.transport_error(operation_id, e, started)), None),
            };
        }
        let response = match builder.send().await {
            Ok(response) => response,
            Err(e) => return (Err(self.transport_error(operation_id, e, started)), None),
        };
        let status = response.status();
        if status != StatusCode::SWITCHING_PROTOCOLS {
            // Not switched: read as any reply the success does not cover.
            return self
                .read_reply(operation_id, response, started, |head, body| {
                    Err(error_reply(head, body))
                })
                .await;
        }
        let headers = response.headers().clone();
        match response.upgrade().await {
            Ok(connection) => (
                Ok(Upgrade {
                    status,
                    headers,
                    connection,
                }),
                Some(status),
            ),
            Err(e) => (
                Err(self.transport_error(operation_id, e, started)),
                Some(status),
            ),
        }
    }

    /// Sends `request` once; a success reply that is not JSON is returned as text.
    #[allow(
        dead_code,
        reason = "called by generated operations that answer with text"
    )]
    pub(crate) async fn execute_text<E: ErrorBody>(
        &self,
        request: Request,
    ) -> Result<String, Error<E>> {
        self.execute_read(request, classify_text::<E>).await
    }

    /// Sends `request` once; a success reply that is not JSON is returned as bytes.
    #[allow(
        dead_code,
        reason = "called by generated operations that answer with bytes"
    )]
    pub(crate) async fn execute_bytes<E: ErrorBody>(
        &self,
        request: Request,
    ) -> Result<Vec<u8>, Error<E>> {
        self.execute_read(request, classify_bytes::<E>).await
    }

    /// [`Self::execute_with`] for a reader that needs only the status and content type.
    async fn execute_read<R, E>(
        &self,
        request: Request,
        read: Classify<R, E>,
    ) -> Result<R, Error<E>> {
        self.execute_with(request, |head: &Head<'_>, body: &[u8]| {
            read(head.operation_id, head.status, head.content_type(), body)
        })
        .await
    }

    /// Sends `request` once, reads the whole reply and hands it to `classify`; logs the call.
    async fn execute_with<R, E>(
        &self,
        request: Request,
        classify: impl FnOnce(&Head<'_>, &[u8]) -> Result<R, Error<E>>,
    ) -> Result<R, Error<E>> {
        let started = Instant::now();
        let operation_id = request.operation_id;
        let method = request.method.clone();
        let (result, status) = self.send(request, started, classify).await;
        tracing::debug!(
            operation_id,
            method = %method,
            status = status.map(|s| s.as_u16()),
            elapsed = ?started.elapsed(),
            outcome = outcome(&result),
            "API call finished"
        );
        result
    }

    async fn send<R, E>(
        &self,
        request: Request,
        started: Instant,
        classify: impl FnOnce(&Head<'_>, &[u8]) -> Result<R, Error<E>>,
    ) -> (Result<R, Error<E>>, Option<StatusCode>) {
        let operation_id = request.operation_id;
        let builder = match self.prepare(request) {
            Ok(builder) => builder,
            Err(e) => return (Err(Error::InvalidRequest(e)), None),
        };
        if let Some(transport) = &self.inner.transport {
            return match builder.build() {
                Ok(request) => {
                    let reply = transport(request);
                    let head = Head {
                        operation_id,
                        status: reply.status,
                        headers: &reply.headers,
                    };
                    (classify(&head, &reply.body), Some(reply.status))
                }
                Err(e) => (Err(self.transport_error(operation_id, e, started)), None),
            };
        }
        let response = match builder.send().await {
            Ok(response) => response,
            Err(e) => return (Err(self.transport_error(operation_id, e, started)), None),
        };
        self.read_reply(operation_id, response, started, classify)
            .await
    }

    /// Reads the whole of `response` and hands it to `classify`.
    async fn read_reply<R, E>(
        &self,
        operation_id: &'static str,
        mut response: reqwest::Response,
        started: Instant,
        classify: impl FnOnce(&Head<'_>, &[u8]) -> Result<R, Error<E>>,
    ) -> (Result<R, Error<E>>, Option<StatusCode>) {
        let status = response.status();
        let content_type = response
            .headers()
            .get(header::CONTENT_TYPE)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
        let body = match read_body(&mut response).await {
            Ok(body) => body,
            Err(BodyError::Transport(e)) => {
                return (
                    Err(self.transport_error(operation_id, e, started)),
                    Some(status),
                );
            }
            Err(BodyError::TooLarge(partial)) => {
                let error = UnexpectedResponse::new(
                    operation_id,
                    status,
                    content_type,
                    UnexpectedKind::BodyTooLarge,
                    &partial,
                    None,
                );
                return (Err(Error::UnexpectedResponse(error)), Some(status));
            }
        };
        let head = Head {
            operation_id,
            status,
            headers: response.headers(),
        };
        (classify(&head, &body), Some(status))
    }

    /// Turns a [`Request`] into a `reqwest` request, or says why it must not be sent.
    fn prepare(&self, request: Request) -> Result<reqwest::RequestBuilder, InvalidRequest> {
        let invalid = |reason| InvalidRequest {
            operation_id: Some(request.operation_id),
            reason,
        };
        let body = match request.body {
            Some(Ok(bytes)) => Some(bytes),
            Some(Err(e)) => return Err(invalid(InvalidReason::Body(e))),
            None => None,
        };
        let form = match request.form {
            Some(Ok(pairs)) => Some(pairs),
            Some(Err(e)) => return Err(invalid(InvalidReason::Form(e))),
            None => None,
        };
        let multipart = match request.multipart.map(super::Multipart::into_form) {
            Some(Ok(form)) => Some(form),
            Some(Err(e)) => return Err(invalid(InvalidReason::Form(e))),
            None => None,
        };
        if let Some((name, error)) = request.query_error {
            return Err(invalid(InvalidReason::Query(name, error)));
        }
        if let Some((name, error)) = request.header_error {
            return Err(invalid(InvalidReason::Header(name, error)));
        }

        // An empty segment would send an edit of `items/{id}` with an empty ID to `items/`, a
        // different endpoint; `?` or `#` would move the rest of the path out of it.
        let path = request.path.strip_prefix('/').unwrap_or(&request.path);
        if path.split('/').any(str::is_empty) || path.contains(['?', '#']) {
            return Err(invalid(InvalidReason::Path));
        }
        // Operations on another server go there; the credential goes only to the base URL and
        // to the servers whose host the configuration names.
        let (root, credentialed) = match request.server {
            None => (self.inner.base_url.as_str(), true),
            Some(index) => match (
                self.inner.servers.get(index),
                crate::config::SERVERS.get(index),
            ) {
                (Some(url), Some(server)) => (url.as_str(), server.credentialed),
                _ => return Err(invalid(InvalidReason::Path)),
            },
        };
        let mut url = format!("{root}/{path}");
        for (i, (name, value)) in request.query.iter().enumerate() {
            url.push(if i == 0 { '?' } else { '&' });
            url.push_str(&super::request::encode_path_segment(name));
            url.push('=');
            url.push_str(&super::request::encode_path_segment(value));
        }
        // URL parsing removes `.` and `..` segments (also as `%2e`), which no encoding can
        // prevent; sending the request anyway would act on another resource. The text is fully
        // encoded, so any change means the URL no longer says what the operation built.
        let parsed = match Url::parse(&url) {
            Ok(parsed) if parsed.as_str() == url => parsed,
            _ => return Err(invalid(InvalidReason::Path)),
        };

        let mut headers = HeaderMap::new();
        for (name, value) in &request.headers {
            let header_name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| invalid(InvalidReason::HeaderName(name)))?;
            let header_value = HeaderValue::from_str(value)
                .map_err(|_| invalid(InvalidReason::HeaderValue(name)))?;
            headers.append(header_name, header_value);
        }
        // Inserted last so that an operation's header of the same name cannot replace them.
        let accept = media_type_value(request.accept)
            .map_err(|_| invalid(InvalidReason::HeaderValue("accept")))?;
        headers.insert(header::ACCEPT, accept);
        headers.insert(header::USER_AGENT, self.inner.user_agent.clone());
        if credentialed {
            let (credential_name, credential_value) = &self.inner.credential;
            headers.insert(credential_name.clone(), credential_value.clone());
        }
        if body.is_some() {
            let content_type = media_type_value(request.content_type)
                .map_err(|_| invalid(InvalidReason::HeaderValue("content-type")))?;
            headers.insert(header::CONTENT_TYPE, content_type);
        }

        // The headers are moved in whole: the builder's `headers` would copy them one by one
        // into a map of its own, on every call.
        let mut http_request = reqwest::Request::new(request.method, parsed);
        *http_request.headers_mut() = headers;
        let mut builder =
            reqwest::RequestBuilder::from_parts(self.inner.http.clone(), http_request)
                .timeout(self.inner.timeout);
        if let Some(body) = body {
            builder = builder.body(body);
        }
        // reqwest encodes the pairs and sets the form's `Content-Type`.
        if let Some(form) = form {
            builder = builder.form(&form);
        }
        // reqwest writes the parts and the `Content-Type` with its boundary.
        if let Some(multipart) = multipart {
            builder = builder.multipart(multipart);
        }
        Ok(builder)
    }

    fn transport_error<E>(
        &self,
        operation_id: &'static str,
        e: reqwest::Error,
        started: Instant,
    ) -> Error<E> {
        let is_timeout = e.is_timeout();
        let kind = if e.is_connect() {
            TransportErrorKind::Connect
        } else if is_timeout {
            TransportErrorKind::Timeout
        } else if e.is_body() || e.is_decode() {
            TransportErrorKind::Body
        } else {
            TransportErrorKind::Other
        };
        let timeout = match kind {
            _ if !is_timeout => None,
            TransportErrorKind::Connect => self.inner.connect_timeout,
            // A caller-supplied client may have a shorter timeout of its own; only name ours if
            // it is the one that elapsed.
            _ => Some(self.inner.timeout).filter(|limit| started.elapsed() >= *limit),
        };
        Error::Transport(TransportError {
            operation_id,
            kind,
            timeout,
            is_timeout,
            source: e,
        })
    }
}

/// Shows the configuration, never the credential.
impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        f.debug_struct("Client")
            .field("base_url", &inner.base_url)
            .field("servers", &inner.servers)
            .field(
                "credential",
                &format_args!("{}: {REDACTED}", inner.credential.0),
            )
            .field("user_agent", &inner.user_agent)
            .field("timeout", &inner.timeout)
            .field("connect_timeout", &inner.connect_timeout)
            .field("transport", &inner.transport.is_some())
            .finish_non_exhaustive()
    }
}

/// The header value of a media type; JSON's, which nearly every request names twice (`Accept`,
/// `Content-Type`), without copying it.
fn media_type_value(media_type: &'static str) -> Result<HeaderValue, header::InvalidHeaderValue> {
    const JSON: &str = "application/json";
    if media_type == JSON {
        Ok(HeaderValue::from_static(JSON))
    } else {
        HeaderValue::from_str(media_type)
    }
}

fn outcome<T, E>(result: &Result<T, Error<E>>) -> &'static str {
    match result {
        Ok(_) => "success",
        Err(Error::Api(_)) => "api_error",
        Err(Error::UnexpectedResponse(_)) => "unexpected_response",
        Err(Error::Transport(_)) => "transport_error",
        Err(Error::InvalidRequest(_)) => "invalid_request",
    }
}

enum BodyError {
    Transport(reqwest::Error),
    /// The bytes read before the limit was passed.
    TooLarge(Vec<u8>),
}

async fn read_body(response: &mut reqwest::Response) -> Result<Vec<u8>, BodyError> {
    let expected = response
        .content_length()
        .and_then(|n| usize::try_from(n).ok())
        .unwrap_or(0);
    let mut body = Vec::with_capacity(expected.min(MAX_BODY_BYTES));
    while let Some(chunk) = response.chunk().await.map_err(BodyError::Transport)? {
        if body.len().saturating_add(chunk.len()) > MAX_BODY_BYTES {
            return Err(BodyError::TooLarge(body));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

// ---------------------------------------------------------------------------------------------

/// Configures a [`Client`]. Obtained from [`Client::builder`].
///
/// A credential is required: [`api_key`](Self::api_key) or [`bearer_token`](Self::bearer_token).
/// Everything else has a default: the API's base URL, a 60-second overall timeout, a 10-second
/// connect timeout, and a user agent naming this crate and its version.
#[derive(Clone, Default)]
#[must_use]
pub struct ClientBuilder {
    credential: Option<Credential>,
    base_url: Option<String>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    user_agent: Option<String>,
    http_client: Option<reqwest::Client>,
    /// `(server as the fragments give it, URL to use instead)`, in the order given.
    server_urls: Vec<(String, String)>,
    transport: Option<Transport>,
}

#[derive(Clone)]
enum Credential {
    ApiKey(String),
    BearerToken(String),
}

impl ClientBuilder {
    /// Authenticates with an API key, sent in the API's key header on every request. Replaces a
    /// bearer token given earlier.
    ///
    /// The key's mode (test or live) decides whether calls have real effects; the base URL is
    /// the same for both.
    pub fn api_key(mut self, api_key: impl Into<String>) -> Self {
        self.credential = Some(Credential::ApiKey(api_key.into()));
        self
    }

    /// Authenticates with an OAuth 2.0 bearer token, sent as `Authorization: Bearer <token>`
    /// instead of the API key header. Replaces an API key given earlier.
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.credential = Some(Credential::BearerToken(token.into()));
        self
    }

    /// Sends requests under another base URL (a test server, a proxy), with or without a
    /// trailing slash; a path prefix such as `/v2` is kept. Only `http` and `https` URLs without
    /// credentials, query or fragment are accepted, checked by [`build`](Self::build).
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// Sends the operations that the API serves from another server than the base URL (listed
    /// in the crate's documentation, with whether each receives the credential) to `url`
    /// instead; `server` is that server's URL as the documentation lists it. A later call for
    /// the same server replaces an earlier one. Checked like [`base_url`](Self::base_url) by
    /// [`build`](Self::build), which also refuses a server the API does not have.
    ///
    /// Whether requests carry the credential is decided by the server, not by the URL given
    /// here: a server that does not receive the credential never does.
    pub fn server_url(mut self, server: impl Into<String>, url: impl Into<String>) -> Self {
        let server = server.into();
        self.server_urls.retain(|(known, _)| *known != server);
        self.server_urls.push((server, url.into()));
        self
    }

    /// The overall limit for one call, from connecting until the last byte of the reply
    /// (default 60 seconds). When it elapses after the request was sent, the server may still
    /// act on it; the call is not retried.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The limit for establishing a connection, TLS included (default 10 seconds). Applies to
    /// the client this builder creates; a client given to [`http_client`](Self::http_client)
    /// keeps its own connect timeout, bounded by [`timeout`](Self::timeout).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// The `User-Agent` header (default: this crate's name and version).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Sends requests through an existing `reqwest::Client` (to share its connection pool,
    /// proxy or TLS settings). The credential, user agent and [`timeout`](Self::timeout) are
    /// still applied to each request; [`connect_timeout`](Self::connect_timeout) is not, and
    /// that client's redirect policy is used, so configure it not to follow redirects to other
    /// hosts (the API key header would go with them).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Answers every request with `answer` instead of sending it: nothing goes over the
    /// network. For tests and benchmarks of code that calls the client, without a server.
    ///
    /// `answer` receives the request exactly as it would be sent (URL with its encoded path and
    /// query, headers with the credential, body), and its [`RawReply`] is read exactly as a
    /// reply from the server would be: the same success, API error and unexpected-reply rules,
    /// the same types. Timeouts do not apply, and an operation that switches protocols
    /// (`101`) cannot be answered: its reply is read as one that did not switch.
    pub fn transport(
        mut self,
        answer: impl Fn(reqwest::Request) -> RawReply + Send + Sync + 'static,
    ) -> Self {
        self.transport = Some(Arc::new(answer));
        self
    }

    /// Checks the configuration and creates the client.
    ///
    /// # Errors
    ///
    /// A [`BuildError`] if no credential was given, the credential is empty, has surrounding
    /// whitespace or is not a valid HTTP header value, the base URL or user agent is invalid, an
    /// `https` base URL is used without a TLS feature, or the HTTP client cannot be created.
    pub fn build(self) -> Result<Client, BuildError> {
        let credential = match &self.credential {
            None => return Err(BuildError::new(BuildErrorKind::MissingCredential)),
            Some(Credential::ApiKey(key)) => {
                let name = HeaderName::from_bytes(crate::config::API_KEY_HEADER.as_bytes())
                    .map_err(|_| BuildError::new(BuildErrorKind::InvalidKeyHeaderName))?;
                (name, credential_value("API key", key, "")?)
            }
            Some(Credential::BearerToken(token)) => (
                header::AUTHORIZATION,
                credential_value("bearer token", token, "Bearer ")?,
            ),
        };

        let base_url = parse_base_url(
            self.base_url
                .as_deref()
                .unwrap_or(crate::config::DEFAULT_BASE_URL),
            self.http_client.is_some(),
        )?;

        let servers = server_urls(&self.server_urls, self.http_client.is_some())?;

        let user_agent = HeaderValue::from_str(
            self.user_agent
                .as_deref()
                .unwrap_or(crate::config::USER_AGENT),
        )
        .map_err(|_| BuildError::new(BuildErrorKind::InvalidUserAgent))?;

        let timeout = self.timeout.unwrap_or(DEFAULT_TIMEOUT);
        let (http, connect_timeout) = if let Some(http) = self.http_client {
            (http, None)
        } else {
            let connect_timeout = self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT);
            let http = reqwest::Client::builder()
                .connect_timeout(connect_timeout)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|e| BuildError::new(BuildErrorKind::HttpClient(e)))?;
            (http, Some(connect_timeout))
        };

        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                servers,
                credential,
                user_agent,
                timeout,
                connect_timeout,
                transport: self.transport,
            }),
        })
    }
}

/// Checks a credential and makes it a header value marked sensitive (so `http` and `hyper`
/// never print it and HTTP/2 never indexes it).
fn credential_value(
    what: &'static str,
    secret: &str,
    scheme: &str,
) -> Result<HeaderValue, BuildError> {
    let problem = if secret.is_empty() {
        Some("is empty")
    } else if secret.trim() != secret {
        Some("has leading or trailing whitespace")
    } else if !secret.bytes().all(|b| b.is_ascii_graphic() || b == b' ') {
        // `http` would accept other bytes above 0x7F, but no key or token contains them, and a
        // server would decode them unpredictably.
        Some(
            "contains a character that is not allowed in an HTTP header (only visible ASCII and spaces are)",
        )
    } else {
        None
    };
    if let Some(problem) = problem {
        return Err(BuildError::new(BuildErrorKind::InvalidCredential {
            what,
            problem,
        }));
    }
    let mut value = HeaderValue::from_str(&format!("{scheme}{secret}")).map_err(|_| {
        BuildError::new(BuildErrorKind::InvalidCredential {
            what,
            problem: "is not a valid HTTP header value",
        })
    })?;
    value.set_sensitive(true);
    Ok(value)
}

/// The URL of every server of `crate::config::SERVERS`: its override, else its own.
fn server_urls(
    overrides: &[(String, String)],
    custom_client: bool,
) -> Result<Vec<String>, BuildError> {
    if let Some((unknown, _)) = overrides.iter().find(|(server, _)| {
        !crate::config::SERVERS
            .iter()
            .any(|known| known.url == server.trim_end_matches('/'))
    }) {
        // The server's name is a URL from the documentation, never a secret, so it is shown.
        return Err(BuildError::new(BuildErrorKind::UnknownServer(
            unknown.clone(),
        )));
    }
    crate::config::SERVERS
        .iter()
        .map(|server| {
            let url = overrides
                .iter()
                .find(|(name, _)| name.trim_end_matches('/') == server.url)
                .map_or(server.url, |(_, url)| url.as_str());
            parse_base_url(url, custom_client)
        })
        .collect()
}

/// Validates a base URL and returns it normalised, without a trailing slash. The input is never
/// echoed in errors: a key pasted into the wrong argument must not end up in a log.
fn parse_base_url(input: &str, custom_client: bool) -> Result<String, BuildError> {
    let invalid = |problem| BuildError::new(BuildErrorKind::InvalidBaseUrl { problem });
    let url = Url::parse(input).map_err(|_| invalid("it is not an absolute URL"))?;
    match url.scheme() {
        "http" => {}
        "https" => {
            if !custom_client && !cfg!(any(feature = "rustls", feature = "native-tls")) {
                return Err(BuildError::new(BuildErrorKind::NoTls));
            }
        }
        _ => return Err(invalid("its scheme is not http or https")),
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid(
            "it contains credentials; pass them to api_key or bearer_token",
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("it has a query string or fragment"));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// Shows the configuration, never the credential.
impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let credential = match &self.credential {
            None => "none",
            Some(Credential::ApiKey(_)) => "API key [redacted]",
            Some(Credential::BearerToken(_)) => "bearer token [redacted]",
        };
        f.debug_struct("ClientBuilder")
            .field("credential", &format_args!("{credential}"))
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent", &self.user_agent)
            .field("http_client", &self.http_client.is_some())
            .field("server_urls", &self.server_urls)
            .field("transport", &self.transport.is_some())
            .finish()
    }
}

// ---------------------------------------------------------------------------------------------

/// Why a [`Client`] could not be built. Its messages never contain the credential or the base
/// URL given.
#[derive(Debug)]
pub struct BuildError {
    kind: BuildErrorKind,
}

#[derive(Debug)]
enum BuildErrorKind {
    MissingCredential,
    InvalidCredential {
        what: &'static str,
        problem: &'static str,
    },
    InvalidKeyHeaderName,
    InvalidBaseUrl {
        problem: &'static str,
    },
    NoTls,
    InvalidUserAgent,
    UnknownServer(String),
    HttpClient(reqwest::Error),
}

impl BuildError {
    fn new(kind: BuildErrorKind) -> Self {
        Self { kind }
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot build the {} client: ", crate::config::API_NAME)?;
        match &self.kind {
            BuildErrorKind::MissingCredential => {
                f.write_str("no credential; call api_key or bearer_token on the builder")
            }
            BuildErrorKind::InvalidCredential { what, problem } => {
                write!(f, "the {what} {problem}")
            }
            BuildErrorKind::InvalidKeyHeaderName => {
                f.write_str("the configured API key header is not a valid header name")
            }
            BuildErrorKind::InvalidBaseUrl { problem } => {
                write!(f, "invalid base URL: {problem}")
            }
            BuildErrorKind::NoTls => f.write_str(
                "the base URL is https but no TLS feature (rustls or native-tls) is enabled",
            ),
            BuildErrorKind::InvalidUserAgent => {
                f.write_str("the user agent is not a valid HTTP header value")
            }
            BuildErrorKind::UnknownServer(server) => write!(
                f,
                "`{server}` is not a server of this API; server_url takes one the crate's documentation lists"
            ),
            BuildErrorKind::HttpClient(_) => f.write_str("the HTTP client could not be created"),
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            BuildErrorKind::HttpClient(e) => Some(e),
            _ => None,
        }
    }
}
