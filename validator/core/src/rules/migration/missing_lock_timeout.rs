use super::context::Context;
use crate::diagnostic::Finding;
use crate::rule::declare_rule;
use crate::sql::facts::{Kind, Statement};
use validator_base::Backend;

declare_rule! {
    /// ## What it does
    /// Flags the first statement that takes a strong lock on a table that existed before
    /// the migration, when no `SET lock_timeout` came before it, and names the table.
    /// Statements on tables the migration itself created are not flagged: nobody else can
    /// hold a lock on them. Nor are statements that create something other than a table
    /// (`CREATE EXTENSION`, `TYPE`, `FUNCTION`, `VIEW`, `SCHEMA`, `SEQUENCE`, `DOMAIN`...),
    /// which wait on no existing table.
    ///
    /// ## Why is this bad?
    /// A DDL statement waits for its lock behind any long query, and while it waits every
    /// other query on the table queues behind it: a short migration takes the site down.
    /// A `lock_timeout` makes it fail fast instead, to be retried.
    ///
    /// squawk: `require-lock-timeout` (which also fires on brand-new tables).
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE users ADD COLUMN nickname text;
    /// ```
    /// Use instead:
    /// ```sql
    /// SET lock_timeout = '2s';
    /// ALTER TABLE users ADD COLUMN nickname text;
    /// ```
    pub(crate) static RULE = ("missing-lock-timeout", Migration, Warning, aliases = ["require-lock-timeout"]);
}

fn finding(cx: &Context<'_>, index: usize, statement: &Statement) -> Finding {
    let keywords = cx.keywords(statement);
    let on = on_table(cx, statement, &keywords);
    let message = match cx.existing_tables(index).as_slice() {
        [] if on.is_some() => format!(
            "no `lock_timeout` is set before this `{keywords}` takes a lock on `{}`",
            on.unwrap_or_default()
        ),
        [] => format!("no `lock_timeout` is set before this `{keywords}` takes its lock"),
        tables => format!(
            "no `lock_timeout` is set before this statement takes a lock on {}",
            quoted(tables)
        ),
    };
    cx.finding(
        &RULE,
        &statement.range,
        message,
        "may queue every query on the table while it waits for its lock",
    )
    .with_help(cx.help(
        "run `SET lock_timeout = '2s'` first",
        "`execute_unprepared(\"SET LOCAL lock_timeout = '2s'\")` first",
    ))
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    if cx.backend() != Backend::Postgres {
        return;
    }
    if let Some((i, s)) = first_unguarded(cx, |lock, _| lock) {
        out.push(finding(cx, i, s));
    }
}

/// `a`, `a` and `b`, `a`, `b` and `c`.
pub(crate) fn quoted(names: &[&str]) -> String {
    let q: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match q.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => q.join(""),
    }
}

/// The first slow statement that locks an existing table, before a `SET` that `sets`
/// recognises. Statements on tables the unit created, and statements that create an
/// object other than a table (extension, type, function, view...), lock nothing that
/// other sessions wait on.
pub(crate) fn first_unguarded<'a>(
    cx: &Context<'a>,
    sets: impl Fn(bool, bool) -> bool,
) -> Option<(usize, &'a Statement)> {
    for (i, s) in cx.statements.iter().enumerate() {
        if let Kind::SetTimeout { lock, statement } = s.kind
            && sets(lock, statement)
        {
            return None;
        }
        if s.slow
            && !s.creates_other_object
            && !cx.only_new_tables(i)
            && !on_table(cx, s, &cx.keywords(s)).is_some_and(|t| cx.is_new_table(&t, i))
        {
            return Some((i, s));
        }
    }
    None
}

/// The table of `CREATE TRIGGER .. ON t`, `CREATE POLICY .. ON t`, `CREATE RULE .. TO t`.
fn on_table(cx: &Context<'_>, statement: &Statement, keywords: &str) -> Option<String> {
    let word = match keywords {
        k if k.starts_with("CREATE TRIGGER")
            || k.starts_with("CREATE OR REPLACE TRIGGER")
            || k.starts_with("CREATE POLICY") =>
        {
            "on"
        }
        k if k.starts_with("CREATE RULE") || k.starts_with("CREATE OR REPLACE RULE") => "to",
        _ => return None,
    };
    let text = cx.combined.text.get(statement.range.clone())?;
    let mut words = text.split_whitespace();
    words.find(|w| w.eq_ignore_ascii_case(word))?;
    let name = words.next()?;
    Some(crate::sql::facts::normalize(
        name.trim_end_matches([';', '(']),
    ))
}
