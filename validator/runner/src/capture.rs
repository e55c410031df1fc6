//! Seeing which statement a migration was running when it failed.
//!
//! SeaORM's `DbErr` does not carry the SQL. With its `debug-print` feature, SeaORM emits
//! every statement as a `DEBUG` tracing event just before it sends it, on the task that
//! runs the migration, including raw `execute_unprepared` SQL. While a migration runs,
//! [`StatementCapture`] is that task's tracing dispatcher: it keeps those events, and
//! passes every event and span on to the dispatcher that was in place before, so verbose
//! logging keeps working.

use std::sync::{Arc, Mutex};

use tracing::level_filters::LevelFilter;
use tracing::{
    Dispatch, Event, Level, Metadata, Subscriber,
    field::{Field, Visit},
    span,
    subscriber::Interest,
};

/// Longest statement text shown in an error message.
const SHOWN_STATEMENT_CHARS: usize = 400;

/// Records the statements SeaORM sends while installed as a future's dispatcher.
#[derive(Clone)]
pub(crate) struct StatementCapture {
    statements: Arc<Mutex<Vec<String>>>,
    dispatch: Dispatch,
}

impl StatementCapture {
    /// A capture that forwards everything else to the current default dispatcher.
    pub(crate) fn new() -> Self {
        let statements = Arc::new(Mutex::new(Vec::new()));
        let inner = tracing::dispatcher::get_default(Dispatch::clone);
        let dispatch = Dispatch::new(Tee {
            statements: Arc::clone(&statements),
            inner,
            inner_max_level: LevelFilter::current(),
        });
        Self {
            statements,
            dispatch,
        }
    }

    /// The dispatcher to run a migration under (`WithSubscriber::with_subscriber`).
    pub(crate) fn dispatch(&self) -> Dispatch {
        self.dispatch.clone()
    }

    pub(crate) fn clear(&self) {
        if let Ok(mut statements) = self.statements.lock() {
            statements.clear();
        }
    }

    /// The statements seen since the last [`clear`](Self::clear), oldest first.
    pub(crate) fn statements(&self) -> Vec<String> {
        self.statements
            .lock()
            .map(|statements| statements.clone())
            .unwrap_or_default()
    }

    /// The statement sent last: after a failure, the one that failed.
    pub(crate) fn last(&self) -> Option<String> {
        self.statements
            .lock()
            .ok()
            .and_then(|statements| statements.last().cloned())
    }
}

/// SeaORM's statement events: `debug_print!` in its drivers and transactions.
fn is_statement_event(metadata: &Metadata<'_>) -> bool {
    metadata.is_event()
        && *metadata.level() == Level::DEBUG
        && (metadata.target().starts_with("sea_orm::driver::sqlx_")
            || metadata
                .target()
                .starts_with("sea_orm::database::transaction"))
}

struct Tee {
    statements: Arc<Mutex<Vec<String>>>,
    inner: Dispatch,
    /// The most verbose level any dispatcher wanted when this one was made (a
    /// `Dispatch` does not expose its own hint).
    inner_max_level: LevelFilter,
}

impl Subscriber for Tee {
    fn register_callsite(&self, metadata: &'static Metadata<'static>) -> Interest {
        let inner = self.inner.register_callsite(metadata);
        if is_statement_event(metadata) {
            Interest::always()
        } else {
            inner
        }
    }

    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        is_statement_event(metadata) || self.inner.enabled(metadata)
    }

    fn max_level_hint(&self) -> Option<LevelFilter> {
        Some(self.inner_max_level.max(LevelFilter::DEBUG))
    }

    fn new_span(&self, span: &span::Attributes<'_>) -> span::Id {
        self.inner.new_span(span)
    }

    fn record(&self, span: &span::Id, values: &span::Record<'_>) {
        self.inner.record(span, values);
    }

    fn record_follows_from(&self, span: &span::Id, follows: &span::Id) {
        self.inner.record_follows_from(span, follows);
    }

    fn event(&self, event: &Event<'_>) {
        if is_statement_event(event.metadata()) {
            let mut message = MessageVisitor(None);
            event.record(&mut message);
            if let (Some(sql), Ok(mut statements)) = (message.0, self.statements.lock()) {
                statements.push(sql);
            }
        }
        if self.inner.enabled(event.metadata()) {
            self.inner.event(event);
        }
    }

    fn enter(&self, span: &span::Id) {
        self.inner.enter(span);
    }

    fn exit(&self, span: &span::Id) {
        self.inner.exit(span);
    }

    fn clone_span(&self, id: &span::Id) -> span::Id {
        self.inner.clone_span(id)
    }

    fn try_close(&self, id: span::Id) -> bool {
        self.inner.try_close(id)
    }
}

struct MessageVisitor(Option<String>);

impl Visit for MessageVisitor {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            self.0 = Some(format!("{value:?}"));
        }
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.0 = Some(value.to_owned());
        }
    }
}

/// `sql` made fit for an error message: one line, shortened, and with the literal after
/// any `PASSWORD` keyword (`CREATE ROLE .. PASSWORD '..'`) replaced by `'***'`.
pub(crate) fn redact_statement(sql: &str) -> String {
    shorten(&one_line_masked(sql))
}

/// `sql` on one line, with password literals masked, at full length.
pub(crate) fn one_line_masked(sql: &str) -> String {
    mask_passwords(&sql.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// At most [`SHOWN_STATEMENT_CHARS`] characters of `masked`.
pub(crate) fn shorten(masked: &str) -> String {
    if masked.chars().count() > SHOWN_STATEMENT_CHARS {
        let mut short: String = masked.chars().take(SHOWN_STATEMENT_CHARS).collect();
        short.push('…');
        short
    } else {
        masked.to_owned()
    }
}

/// Replaces the quoted literal that follows each `PASSWORD` keyword.
pub(crate) fn mask_passwords(sql: &str) -> String {
    let lower = sql.to_ascii_lowercase();
    let mut out = String::with_capacity(sql.len());
    let mut rest = 0;
    let mut search = 0;
    while let Some(found) = lower[search..].find("password") {
        let keyword_end = search + found + "password".len();
        search = keyword_end;
        let after = &sql[keyword_end..];
        let trimmed = after.trim_start();
        let Some(quote) = trimmed.chars().next().filter(|c| *c == '\'' || *c == '"') else {
            continue;
        };
        let literal_start = keyword_end + (after.len() - trimmed.len());
        let body_start = literal_start + quote.len_utf8();
        let literal_end = sql[body_start..]
            .find(quote)
            .map_or(sql.len(), |end| body_start + end + quote.len_utf8());
        out.push_str(&sql[rest..literal_start]);
        out.push(quote);
        out.push_str(validator_connect::url::REDACTED);
        out.push(quote);
        rest = literal_end;
        search = literal_end;
    }
    out.push_str(&sql[rest..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_password_literals() {
        assert_eq!(
            mask_passwords("CREATE ROLE app LOGIN PASSWORD 'hunter2' VALID UNTIL 'x'"),
            "CREATE ROLE app LOGIN PASSWORD '***' VALID UNTIL 'x'"
        );
        assert_eq!(
            mask_passwords("ALTER USER a WITH password  \"p'w\""),
            "ALTER USER a WITH password  \"***\""
        );
        assert_eq!(
            mask_passwords("SELECT password FROM t"),
            "SELECT password FROM t"
        );
        assert_eq!(mask_passwords("PASSWORD 'unterminated"), "PASSWORD '***'");
    }

    #[test]
    fn shortens_to_one_line() {
        let shown = redact_statement("CREATE TABLE t (\n  id int\n)");
        assert_eq!(shown, "CREATE TABLE t ( id int )");
        let long = "x".repeat(1000);
        assert!(redact_statement(&long).chars().count() <= SHOWN_STATEMENT_CHARS + 1);
    }

    #[tokio::test]
    async fn captures_statements_sent_under_its_dispatcher() {
        use sea_orm::{ConnectionTrait, Database};
        use tracing::instrument::WithSubscriber;

        let db = Database::connect("sqlite::memory:").await.unwrap();
        let capture = StatementCapture::new();
        let outcome = async {
            db.execute_unprepared("CREATE TABLE t (id INTEGER)").await?;
            db.execute_unprepared("INSERT INTO nope VALUES (1)").await
        }
        .with_subscriber(capture.dispatch())
        .await;
        assert!(outcome.is_err());
        assert_eq!(
            capture.statements(),
            ["CREATE TABLE t (id INTEGER)", "INSERT INTO nope VALUES (1)"]
        );
    }
}
