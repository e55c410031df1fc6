//! Network stand-ins for service tests, all on loopback and all stopped when dropped:
//! a closed port, a listener that accepts and never answers, a tiny scripted HTTP
//! responder (a server that is not what the URL says), and a real Redis server of the
//! test's own.

use std::{
    io::{Read, Write},
    net::{Shutdown, SocketAddr, TcpListener, TcpStream},
    process::{Child, Command, Stdio},
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, AtomicUsize, Ordering},
    },
    thread::JoinHandle,
    time::{Duration, Instant},
};

/// A loopback port nothing listens on (bound, then released).
pub fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    listener.local_addr().expect("local address").port()
}

/// Accepts connections on its own thread and calls `serve` on each, until dropped.
struct Acceptor {
    address: SocketAddr,
    accepted: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Acceptor {
    fn start(serve: impl Fn(TcpStream) + Send + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let address = listener.local_addr().expect("local address");
        let accepted = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let (accepted, stop) = (accepted.clone(), stop.clone());
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    if let Ok(stream) = stream {
                        accepted.fetch_add(1, Ordering::SeqCst);
                        serve(stream);
                    }
                }
            })
        };
        Self {
            address,
            accepted,
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for Acceptor {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the blocking accept so the thread sees the flag.
        let _ = TcpStream::connect_timeout(&self.address, Duration::from_secs(1));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// A listener that accepts every connection and never says a word: the shape of a stuck
/// server, or of the wrong service on the port.
pub struct SilentListener {
    acceptor: Acceptor,
    held: Arc<Mutex<Vec<TcpStream>>>,
}

impl SilentListener {
    pub fn start() -> Self {
        let held = Arc::new(Mutex::new(Vec::new()));
        let keep = held.clone();
        let acceptor = Acceptor::start(move |stream| {
            if let Ok(mut streams) = keep.lock() {
                streams.push(stream);
            }
        });
        Self { acceptor, held }
    }

    pub fn port(&self) -> u16 {
        self.acceptor.address.port()
    }

    /// How many connections it has accepted so far.
    pub fn accepted(&self) -> usize {
        self.acceptor.accepted.load(Ordering::SeqCst)
    }
}

impl Drop for SilentListener {
    fn drop(&mut self) {
        if let Ok(streams) = self.held.lock() {
            for stream in streams.iter() {
                let _ = stream.shutdown(Shutdown::Both);
            }
        }
    }
}

/// One HTTP request as the responder saw it: the request line and the headers, lower-cased
/// names.
#[derive(Clone, Debug)]
pub struct SeenRequest {
    pub line: String,
    pub headers: Vec<(String, String)>,
}

impl SeenRequest {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// An HTTP/1.1 responder on loopback: `respond` maps each request to a status and a body.
pub struct HttpResponder {
    acceptor: Acceptor,
    seen: Arc<Mutex<Vec<SeenRequest>>>,
}

impl HttpResponder {
    pub fn start(respond: impl Fn(&SeenRequest) -> (u16, String) + Send + Sync + 'static) -> Self {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        let acceptor = Acceptor::start(move |mut stream| {
            let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
            let Some(request) = read_head(&mut stream) else {
                return;
            };
            let (status, body) = respond(&request);
            if let Ok(mut log) = log.lock() {
                log.push(request);
            }
            let response = format!(
                "HTTP/1.1 {status} X\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(response.as_bytes());
            let _ = stream.shutdown(Shutdown::Write);
        });
        Self { acceptor, seen }
    }

    pub fn port(&self) -> u16 {
        self.acceptor.address.port()
    }

    /// The requests answered so far.
    pub fn seen(&self) -> Vec<SeenRequest> {
        self.seen
            .lock()
            .map(|seen| seen.clone())
            .unwrap_or_default()
    }
}

fn read_head(stream: &mut TcpStream) -> Option<SeenRequest> {
    let mut head = Vec::new();
    let mut byte = [0_u8; 1];
    while !head.ends_with(b"\r\n\r\n") && head.len() < 16 * 1024 {
        if stream.read(&mut byte).ok()? == 0 {
            return None;
        }
        head.push(byte[0]);
    }
    let text = String::from_utf8_lossy(&head);
    let mut lines = text.split("\r\n");
    let line = lines.next()?.to_owned();
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    Some(SeenRequest { line, headers })
}

/// A real `redis-server` of the test's own on a spare loopback port, with a password;
/// killed when dropped.
pub struct RedisServer {
    child: Child,
    port: u16,
}

impl RedisServer {
    /// Starts `redis-server --requirepass <password>`; `Err` says why it could not.
    pub fn start_with_password(password: &str) -> Result<Self, String> {
        let port = closed_port();
        let child = Command::new("redis-server")
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no", "--daemonize", "no"])
            .args(["--requirepass", password])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|err| format!("cannot start redis-server: {err}"))?;
        let mut server = Self { child, port };
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = server.child.try_wait() {
                return Err(format!("redis-server exited at start: {status}"));
            }
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Ok(server);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = server.child.kill();
        Err("redis-server did not listen within 10 s".to_owned())
    }

    pub fn port(&self) -> u16 {
        self.port
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
