//! Turning a panic inside a migration into an error message, without the default
//! "thread panicked" noise on stderr.

use std::{any::Any, panic, sync::Mutex};

/// Global rather than thread-local: an async task may resume on another thread before
/// the panic is described.
static LAST_LOCATION: Mutex<Option<String>> = Mutex::new(None);

/// Replaces the panic hook with one that only remembers where the panic happened.
/// [`describe`] adds that location to the message.
pub fn install_quiet_hook() {
    panic::set_hook(Box::new(|info| {
        let location = info
            .location()
            .map(|at| format!("{}:{}:{}", at.file(), at.line(), at.column()));
        if let Ok(mut last) = LAST_LOCATION.lock() {
            *last = location;
        }
    }));
}

/// The panic's message, with its location when the quiet hook saw it.
pub fn describe(payload: Box<dyn Any + Send>) -> String {
    let message = if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_owned()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "a panic with a non-text payload".to_owned()
    };
    let location = LAST_LOCATION.lock().ok().and_then(|mut last| last.take());
    match location {
        Some(location) => format!("{message} (at {location})"),
        None => message,
    }
}
