//! Redis for tests: a connection that has answered `PING`, and a key namespace of the
//! test's own (Redis has 16 numbered databases, too few to give each test one), whose keys
//! are deleted when the value is dropped.

use std::{
    sync::atomic::{AtomicU32, Ordering},
    time::Duration,
};

use redis::aio::MultiplexedConnection;

use super::{NotReady, Skip, TestKit, announce, or_fail};
use crate::probe::redis::connect_redis;
use validator_connect::{Service, ServiceUrl};

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// A Redis connection for one test, with its own key namespace.
pub struct TestRedis {
    connection: MultiplexedConnection,
    url: ServiceUrl,
    namespace: String,
}

impl TestRedis {
    /// A handle on the connection (multiplexed: clones share it).
    pub fn connection(&self) -> MultiplexedConnection {
        self.connection.clone()
    }

    /// The server's URL, which prints redacted.
    pub fn url(&self) -> &ServiceUrl {
        &self.url
    }

    /// This test's key prefix, `vt:<pid>:<n>:`.
    pub fn namespace(&self) -> &str {
        &self.namespace
    }

    /// `name` inside this test's namespace.
    pub fn key(&self, name: &str) -> String {
        format!("{}{name}", self.namespace)
    }
}

impl Drop for TestRedis {
    fn drop(&mut self) {
        let url = self.url.clone();
        let pattern = format!("{}*", self.namespace);
        let cleaned = std::thread::spawn(move || -> redis::RedisResult<()> {
            let client = redis::Client::open(url.expose())?;
            let mut conn = client.get_connection_with_timeout(Duration::from_secs(3))?;
            let keys: Vec<String> = redis::cmd("KEYS").arg(&pattern).query(&mut conn)?;
            if !keys.is_empty() {
                redis::cmd("DEL").arg(&keys).exec(&mut conn)?;
            }
            Ok(())
        })
        .join();
        match cleaned {
            Ok(Ok(())) => {}
            Ok(Err(err)) => announce(&format!(
                "warning: could not delete the test's Redis keys {}*: {}",
                self.namespace,
                self.url.scrub(&err.to_string())
            )),
            Err(_) => announce("warning: deleting the test's Redis keys panicked"),
        }
    }
}

impl TestKit {
    /// A Redis connection for this test on the configured server.
    pub async fn try_redis(&self) -> Result<TestRedis, NotReady> {
        let url = self.configured_url(Service::Redis)?;
        self.availability(&url).await?;
        let check = self.settings.check;
        let connection = match connect_redis(&url, check.tcp_timeout, check.timeout).await {
            Ok(connection) => connection,
            Err(err) => {
                self.remember(&url, &Err(err.clone()));
                return Err(self.not_ready(Service::Redis, err));
            }
        };
        self.ran(Service::Redis);
        let namespace = format!(
            "vt:{}:{}:",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        Ok(TestRedis {
            connection,
            url,
            namespace,
        })
    }

    /// [`TestKit::try_redis`], failing the test on anything but a skip.
    pub async fn redis(&self) -> Result<TestRedis, Skip> {
        or_fail(self.try_redis().await)
    }
}
