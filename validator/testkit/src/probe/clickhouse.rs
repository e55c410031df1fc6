//! ClickHouse over its HTTP interface: `GET /ping`, then, when the URL carries credentials
//! or a database, `SELECT 1` with them, so a wrong password or a missing database is told
//! apart from a server that is down.
//!
//! ClickHouse answers `/ping` with `200 Ok.` and without authentication. Its errors come
//! as `Code: N. DB::Exception: ...` bodies (`Code: N, e.displayText() = ...` before 20.x):
//! 516 `AUTHENTICATION_FAILED` (newer servers), 193 `WRONG_PASSWORD`, 194
//! `REQUIRED_PASSWORD`, 192 `UNKNOWN_USER` (all with HTTP 401 on Debian's 18.16), 81
//! `UNKNOWN_DATABASE` (404). The database goes in the `database` URL parameter, which
//! every version reads (18.16 ignores the `X-ClickHouse-Database` header). The client is
//! ureq (blocking, HTTP/1.1), run on tokio's blocking pool under the same deadlines as
//! the other checks.

use std::time::Duration;

use validator_connect::{
    failure::{ConnectError, FailureKind, describe},
    service::{Service, ServiceUrl},
    tcp,
};

/// Where and as whom to query a ClickHouse server, read from a [`ServiceUrl`].
#[derive(Clone, PartialEq, Eq)]
pub struct ClickHouseEndpoint {
    /// `http(s)://host:port`, without credentials or path.
    pub base: String,
    pub user: Option<String>,
    password: Option<String>,
    pub database: Option<String>,
}

impl std::fmt::Debug for ClickHouseEndpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClickHouseEndpoint")
            .field("base", &self.base)
            .field("user", &self.user)
            .field("database", &self.database)
            .finish_non_exhaustive()
    }
}

impl ClickHouseEndpoint {
    /// Reads the endpoint from a ClickHouse URL; `None` for any other service.
    pub fn from_url(url: &ServiceUrl) -> Option<Self> {
        if url.service() != Service::ClickHouse {
            return None;
        }
        let parsed = url::Url::parse(url.expose()).ok()?;
        let (scheme, default_port) = match parsed.scheme() {
            "https" => ("https", 8443),
            _ => ("http", 8123),
        };
        let host = parsed.host_str()?;
        let base = format!(
            "{scheme}://{host}:{}",
            parsed.port().unwrap_or(default_port)
        );
        let decode = |text: &str| {
            url::form_urlencoded::parse(format!("x={}", text.replace('+', "%2B")).as_bytes())
                .next()
                .map(|(_, value)| value.into_owned())
        };
        let user = Some(parsed.username())
            .filter(|user| !user.is_empty())
            .and_then(decode);
        let password = parsed.password().and_then(decode);
        let from_query = parsed
            .query_pairs()
            .find(|(key, _)| key == "database")
            .map(|(_, value)| value.into_owned());
        let from_path = (parsed.scheme() == "clickhouse")
            .then(|| parsed.path().trim_matches('/').to_owned())
            .filter(|path| !path.is_empty());
        Some(Self {
            base,
            user,
            password,
            database: from_query.or(from_path),
        })
    }

    fn needs_query(&self) -> bool {
        self.user.is_some() || self.password.is_some() || self.database.is_some()
    }
}

/// Checks that ClickHouse at `url` answers `/ping`, and accepts its credentials and database.
pub async fn probe_clickhouse(
    url: &ServiceUrl,
    tcp_timeout: Duration,
    timeout: Duration,
) -> Result<(), ConnectError> {
    let Some(endpoint) = ClickHouseEndpoint::from_url(url) else {
        return Err(ConnectError::new(
            url,
            FailureKind::Misconfigured,
            format!("`{url}` is not a ClickHouse HTTP URL"),
        ));
    };
    if let Some((host, port)) = url.tcp_endpoint() {
        tcp::precheck(url, &host, port, tcp_timeout).await?;
    }
    let blocking_url = url.clone();
    let check = tokio::task::spawn_blocking(move || {
        check_blocking(&blocking_url, &endpoint, tcp_timeout, timeout)
    });
    // ureq enforces `timeout` itself; this outer deadline only guards against a stuck pool.
    match tokio::time::timeout(timeout + Duration::from_millis(500), check).await {
        Ok(Ok(result)) => result,
        Ok(Err(join)) => Err(ConnectError::new(
            url,
            FailureKind::Misconfigured,
            format!("the ClickHouse check stopped: {join}"),
        )),
        Err(_) => Err(no_answer(url, timeout)),
    }
}

fn check_blocking(
    url: &ServiceUrl,
    endpoint: &ClickHouseEndpoint,
    tcp_timeout: Duration,
    timeout: Duration,
) -> Result<(), ConnectError> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_connect(Some(tcp_timeout))
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .max_redirects(0)
        // A health check dials the server itself, never a proxy from the environment.
        .proxy(None)
        .build()
        .into();

    let (status, body) = get(
        &agent,
        url,
        &format!("{}/ping", endpoint.base),
        &[],
        timeout,
    )?;
    if status != 200 || body.trim_end() != "Ok." {
        return Err(ConnectError::new(
            url,
            FailureKind::Misconfigured,
            format!(
                "`GET /ping` answered {status} `{}`, not ClickHouse's `Ok.`: is this the HTTP port (8123)?",
                first_line(&body)
            ),
        ));
    }
    if !endpoint.needs_query() {
        return Ok(());
    }
    let mut headers = Vec::new();
    if let Some(user) = &endpoint.user {
        headers.push(("X-ClickHouse-User", user.as_str()));
    }
    if let Some(password) = &endpoint.password {
        headers.push(("X-ClickHouse-Key", password.as_str()));
    }
    let database = endpoint
        .database
        .as_deref()
        .map(|database| {
            let encoded: String =
                url::form_urlencoded::byte_serialize(database.as_bytes()).collect();
            format!("database={encoded}&")
        })
        .unwrap_or_default();
    let query = format!("{}/?{database}query=SELECT%201", endpoint.base);
    let (status, body) = get(&agent, url, &query, &headers, timeout)?;
    if status == 200 {
        return Ok(());
    }
    Err(ConnectError::new(
        url,
        classify_exception(status, &body),
        format!("`SELECT 1` answered {status}: {}", first_line(&body)),
    ))
}

fn get(
    agent: &ureq::Agent,
    url: &ServiceUrl,
    target: &str,
    headers: &[(&str, &str)],
    timeout: Duration,
) -> Result<(u16, String), ConnectError> {
    let mut request = agent.get(target);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let mut response = request
        .call()
        .map_err(|err| classify_ureq(url, &err, timeout))?;
    let status = response.status().as_u16();
    let body = response
        .body_mut()
        .with_config()
        .limit(64 * 1024)
        .read_to_string()
        .map_err(|err| classify_ureq(url, &err, timeout))?;
    Ok((status, body))
}

/// The failure class of a ClickHouse error answer.
fn classify_exception(status: u16, body: &str) -> FailureKind {
    let code = body
        .strip_prefix("Code: ")
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|digits| digits.parse::<u32>().ok());
    match (code, status) {
        (Some(516 | 194 | 193 | 192), _) | (_, 401) | (None, 403) => FailureKind::AuthFailed,
        (Some(81), _) => FailureKind::DatabaseMissing,
        _ => FailureKind::Misconfigured,
    }
}

fn classify_ureq(url: &ServiceUrl, err: &ureq::Error, timeout: Duration) -> ConnectError {
    use ureq::Error;
    let kind = match err {
        Error::Timeout(_) => return no_answer(url, timeout),
        Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => {
            return no_answer(url, timeout);
        }
        Error::HostNotFound | Error::ConnectionFailed | Error::Io(_) => FailureKind::Unreachable,
        Error::Tls(_) | Error::Rustls(_) | Error::Pem(_) => FailureKind::Unreachable,
        _ => FailureKind::Misconfigured,
    };
    let detail = match err {
        Error::Protocol(cause) => format!("the server does not speak HTTP: {cause}"),
        other => other.to_string(),
    };
    ConnectError::new(url, kind, detail)
}

fn no_answer(url: &ServiceUrl, timeout: Duration) -> ConnectError {
    ConnectError::new(
        url,
        FailureKind::Timeout,
        format!(
            "connected, but no ClickHouse answer within {}",
            describe(timeout)
        ),
    )
}

fn first_line(body: &str) -> &str {
    let line = body.lines().next().unwrap_or_default().trim();
    match line.char_indices().nth(200) {
        Some((cut, _)) => &line[..cut],
        None => line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_credentials_and_database_from_the_url() {
        let url = ServiceUrl::clickhouse("clickhouse://app:p%40ss@ch:9000/metrics").unwrap();
        let endpoint = ClickHouseEndpoint::from_url(&url).unwrap();
        assert_eq!(endpoint.base, "http://ch:9000");
        assert_eq!(endpoint.user.as_deref(), Some("app"));
        assert_eq!(endpoint.password.as_deref(), Some("p@ss"));
        assert_eq!(endpoint.database.as_deref(), Some("metrics"));
        assert!(!format!("{endpoint:?}").contains("p@ss"));

        let url = ServiceUrl::clickhouse("https://[::1]/?database=logs").unwrap();
        let endpoint = ClickHouseEndpoint::from_url(&url).unwrap();
        assert_eq!(endpoint.base, "https://[::1]:8443");
        assert_eq!(endpoint.database.as_deref(), Some("logs"));
        assert!(endpoint.user.is_none());
    }

    #[test]
    fn classifies_clickhouse_exceptions_by_code() {
        let auth =
            "Code: 516. DB::Exception: default: Authentication failed. (AUTHENTICATION_FAILED)";
        assert_eq!(classify_exception(403, auth), FailureKind::AuthFailed);
        let missing = "Code: 81. DB::Exception: Database nope does not exist. (UNKNOWN_DATABASE)";
        assert_eq!(
            classify_exception(404, missing),
            FailureKind::DatabaseMissing
        );
        assert_eq!(classify_exception(401, "nope"), FailureKind::AuthFailed);
        // What Debian's clickhouse-server 18.16 answers, measured.
        let wrong_password = "Code: 193, e.displayText() = DB::Exception: Wrong password for \
                              user validator_auth, e.what() = DB::Exception";
        assert_eq!(
            classify_exception(401, wrong_password),
            FailureKind::AuthFailed
        );
        let old_missing = "Code: 81, e.displayText() = DB::Exception: Database nope doesn't \
                           exist, e.what() = DB::Exception";
        assert_eq!(
            classify_exception(404, old_missing),
            FailureKind::DatabaseMissing
        );
        assert_eq!(
            classify_exception(500, "Code: 62. Syntax error"),
            FailureKind::Misconfigured
        );
    }
}
