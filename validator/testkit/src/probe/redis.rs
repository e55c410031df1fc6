//! Redis: connect (with AUTH and SELECT as the URL asks), PING, classify.
//!
//! The client is redis-rs with only its tokio transport. `rediss://` (TLS) is not built
//! in, and is reported as a misconfiguration rather than as an unreachable server.

use std::time::Duration;

use redis::{AsyncConnectionConfig, ErrorKind, RedisError, aio::MultiplexedConnection};

use validator_connect::{
    failure::{ConnectError, FailureKind, describe},
    service::{Service, ServiceUrl},
    tcp,
};

/// Checks that Redis at `url` accepts the credentials and database and answers `PING`.
pub async fn probe_redis(
    url: &ServiceUrl,
    tcp_timeout: Duration,
    timeout: Duration,
) -> Result<(), ConnectError> {
    connect_redis(url, tcp_timeout, timeout).await.map(drop)
}

/// A multiplexed connection to Redis at `url` that has answered `PING`.
pub async fn connect_redis(
    url: &ServiceUrl,
    tcp_timeout: Duration,
    timeout: Duration,
) -> Result<MultiplexedConnection, ConnectError> {
    if url.service() != Service::Redis {
        return Err(ConnectError::new(
            url,
            FailureKind::Misconfigured,
            format!("`{}` is a {} URL, not a Redis URL", url, url.service()),
        ));
    }
    if url
        .expose()
        .get(..9)
        .is_some_and(|scheme| scheme.eq_ignore_ascii_case("rediss://"))
    {
        return Err(ConnectError::new(
            url,
            FailureKind::Misconfigured,
            "`rediss://` (TLS) is not built into this validator: use `redis://`, or a TLS tunnel",
        ));
    }
    if let Some((host, port)) = url.tcp_endpoint() {
        tcp::precheck(url, &host, port, tcp_timeout).await?;
    }
    let client = redis::Client::open(url.expose()).map_err(|err| classify_redis(url, &err))?;
    let config = AsyncConnectionConfig::new()
        .set_connection_timeout(Some(timeout))
        .set_response_timeout(Some(timeout));
    let attempt = async {
        let mut connection = client
            .get_multiplexed_async_connection_with_config(&config)
            .await?;
        let pong: String = redis::cmd("PING").query_async(&mut connection).await?;
        Ok::<_, RedisError>((connection, pong))
    };
    match tokio::time::timeout(timeout, attempt).await {
        Err(_) => Err(no_answer(url, timeout)),
        Ok(Err(err)) if err.is_timeout() => Err(no_answer(url, timeout)),
        Ok(Err(err)) => Err(classify_redis(url, &err)),
        Ok(Ok((connection, pong))) if pong == "PONG" => Ok(connection),
        Ok(Ok((_, other))) => Err(ConnectError::new(
            url,
            FailureKind::Unreachable,
            format!("PING answered `{other}` instead of `PONG`"),
        )),
    }
}

fn no_answer(url: &ServiceUrl, timeout: Duration) -> ConnectError {
    ConnectError::new(
        url,
        FailureKind::Timeout,
        format!(
            "connected, but no Redis answer within {}",
            describe(timeout)
        ),
    )
}

/// Classifies an error from redis-rs.
pub fn classify_redis(url: &ServiceUrl, err: &RedisError) -> ConnectError {
    let detail = err.to_string();
    let code = err.code().unwrap_or_default();
    let kind = if err.is_connection_refusal() {
        FailureKind::Unreachable
    } else if err.is_timeout() {
        FailureKind::Timeout
    } else if err.kind() == ErrorKind::AuthenticationFailed
        || matches!(code, "NOAUTH" | "WRONGPASS")
    {
        FailureKind::AuthFailed
    } else if detail.contains("DB index is out of range") {
        FailureKind::DatabaseMissing
    } else if err.kind() == ErrorKind::InvalidClientConfig {
        FailureKind::Misconfigured
    } else {
        FailureKind::Unreachable
    };
    ConnectError::new(url, kind, detail)
}
