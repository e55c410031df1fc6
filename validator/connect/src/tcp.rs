//! The fast TCP pre-check that runs before every protocol check.
//!
//! It resolves the host and opens (then drops) one TCP connection under its own deadline.
//! That separates the failures a driver tends to blur: an unknown host, a refused port,
//! a network that drops packets (timeout), and a server that accepts and then never
//! answers, which passes this check and times out in the protocol check instead.

use std::{io, net::SocketAddr, time::Duration};

use tokio::{net::TcpStream, time::Instant};

use crate::failure::{ConnectError, FailureKind, Redacted, describe};

/// The pre-check's default deadline.
pub const DEFAULT_TCP_TIMEOUT: Duration = Duration::from_secs(3);

/// Resolves `host` and connects to `port` on one of its addresses within `timeout`.
pub async fn precheck(
    url: &impl Redacted,
    host: &str,
    port: u16,
    timeout: Duration,
) -> Result<(), ConnectError> {
    let deadline = Instant::now() + timeout;
    let timed_out = || {
        ConnectError::new(
            url,
            FailureKind::Timeout,
            format!(
                "no TCP connection to {} within {}",
                endpoint(host, port),
                describe(timeout)
            ),
        )
    };
    let addresses: Vec<SocketAddr> =
        match tokio::time::timeout_at(deadline, tokio::net::lookup_host((host, port))).await {
            Err(_) => return Err(timed_out()),
            Ok(Err(err)) => {
                return Err(ConnectError::new(
                    url,
                    FailureKind::Unreachable,
                    format!("cannot resolve host `{host}`: {err}"),
                ));
            }
            Ok(Ok(addresses)) => addresses.collect(),
        };
    let mut first_error: Option<io::Error> = None;
    for address in &addresses {
        match tokio::time::timeout_at(deadline, TcpStream::connect(address)).await {
            Err(_) => return Err(timed_out()),
            Ok(Ok(_stream)) => return Ok(()),
            Ok(Err(err)) => {
                first_error.get_or_insert(err);
            }
        }
    }
    let Some(err) = first_error else {
        return Err(ConnectError::new(
            url,
            FailureKind::Unreachable,
            format!("host `{host}` has no address"),
        ));
    };
    let detail = match err.kind() {
        io::ErrorKind::ConnectionRefused => {
            format!("connection refused ({})", endpoint(host, port))
        }
        io::ErrorKind::TimedOut => return Err(timed_out()),
        _ => format!("cannot connect to {}: {err}", endpoint(host, port)),
    };
    Err(ConnectError::new(url, FailureKind::Unreachable, detail))
}

fn endpoint(host: &str, port: u16) -> String {
    if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    }
}
