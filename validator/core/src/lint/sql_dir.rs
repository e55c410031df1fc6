//! SQL migration directories: which files are forward migrations and which are the down
//! files that undo them, in which order a runner applies them, and whether it wraps each
//! one in a transaction. Known layouts:
//! - sqlx: `<version>_<name>.sql`, or the reversible `<version>_<name>.up.sql` and
//!   `.down.sql`; versions sort as numbers; each file runs in a transaction unless it
//!   starts with `-- no-transaction`;
//! - diesel: `<version>_<name>/up.sql` and `down.sql`; each migration runs in a
//!   transaction unless its `metadata.toml` says `run_in_transaction = false`;
//! - refinery: `V<n>__<name>.sql` (and `U<n>__<name>.sql`, unversioned but still a
//!   forward step); each runs in a transaction unless a comment line says
//!   `-- refinery:noTransaction`;
//! - plain: any other `.sql` files, by name (leading numbers as numbers), with
//!   `.up.sql`/`.down.sql` pairs kept apart as in sqlx; no transaction is assumed.

use std::cmp::Ordering;
use std::path::{Path, PathBuf};

use crate::config::TransactionMode;
use crate::error::Error;

/// A directory's migration layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    Sqlx,
    Diesel,
    Refinery,
    Plain,
}

impl Layout {
    fn name(self) -> &'static str {
        match self {
            Layout::Sqlx => "sqlx layout",
            Layout::Diesel => "diesel layout",
            Layout::Refinery => "refinery layout",
            Layout::Plain => "plain SQL files",
        }
    }

    /// How the layout's runner decides, in words.
    fn rule(self) -> &'static str {
        match self {
            Layout::Sqlx => "each file in one unless it starts with `-- no-transaction`",
            Layout::Diesel => {
                "each migration in one unless its `metadata.toml` sets `run_in_transaction = false`"
            }
            Layout::Refinery => "each file in one unless a comment says `refinery:noTransaction`",
            Layout::Plain => "none assumed (`--transaction always` if the runner wraps each file)",
        }
    }
}

/// One forward migration and the file that undoes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SqlMigration {
    pub up: PathBuf,
    pub down: Option<PathBuf>,
    /// Whether the runner wraps the up file in a transaction.
    pub in_transaction: bool,
    /// Whether it wraps the down file in one.
    pub down_in_transaction: bool,
}

/// What to lint, in order.
#[derive(Clone, Debug, Default)]
pub struct SqlPlan {
    pub migrations: Vec<SqlMigration>,
    /// Down files whose up file is not among the inputs: never linted as forward steps.
    pub unpaired_downs: Vec<PathBuf>,
    /// How the transaction mode was chosen, for the one line the output prints.
    pub transaction: String,
}

/// The role a file name gives a `.sql` file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Role {
    Up,
    Down,
}

/// A sort key: leading digits as a number, then the whole name.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Version {
    number: Option<u128>,
    text: String,
}

impl Version {
    fn of(text: &str) -> Self {
        let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
        Version {
            number: digits.parse().ok(),
            text: text.to_owned(),
        }
    }
}

/// One `.sql` file as its directory's layout sees it.
#[derive(Clone, Debug)]
struct Entry {
    path: PathBuf,
    /// The key pairing an up file with its down file (`<version>_<name>`, or the diesel
    /// directory).
    key: String,
    version: Version,
    role: Role,
    in_transaction: bool,
}

/// Whether `dir` looks like a directory of SQL migrations rather than a Rust crate: it
/// holds `.sql` files (or diesel's `<migration>/up.sql`) and no Rust source.
pub fn is_sql_dir(dir: &Path) -> bool {
    if !dir.is_dir() || dir.join("Cargo.toml").is_file() || dir.join("src").is_dir() {
        return false;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    let mut sql = false;
    for e in entries.filter_map(Result::ok) {
        let p = e.path();
        if p.extension().is_some_and(|x| x == "rs") {
            return false;
        }
        if p.extension().is_some_and(|x| x == "sql") || p.join("up.sql").is_file() {
            sql = true;
        }
    }
    sql
}

/// Reads the layout of every directory given, pairs down files with their up files and
/// orders the migrations as their runner would. Files given one by one keep the order
/// given (their down files attach to their up files); `mode` overrides the layout's
/// transaction rule.
pub fn plan(paths: &[PathBuf], mode: TransactionMode) -> Result<SqlPlan, Error> {
    let mut entries: Vec<Entry> = Vec::new();
    let mut layouts: Vec<(Layout, PathBuf)> = Vec::new();
    for p in paths {
        if p.is_dir() {
            let layout = layout_of(p)?;
            let mut found = dir_entries(p, layout)?;
            if found.is_empty() {
                return Err(no_migrations(p)?);
            }
            found.sort_by(order);
            entries.extend(found);
            layouts.push((layout, p.clone()));
        } else {
            let parent = p.parent().filter(|d| !d.as_os_str().is_empty());
            let layout = match parent {
                Some(d) if d.join("up.sql") == *p || d.join("down.sql") == *p => Layout::Diesel,
                Some(d) => layout_of(d).unwrap_or(Layout::Plain),
                None => layout_of(Path::new(".")).unwrap_or(Layout::Plain),
            };
            if !p.is_file() {
                return Err(Error::Io {
                    path: p.clone(),
                    cause: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
                });
            }
            // A file named on the command line is a migration whatever its name.
            let entry = file_entry(p, layout)?.unwrap_or_else(|| Entry {
                path: p.clone(),
                key: p.display().to_string(),
                version: Version::of(file_name(p)),
                role: Role::Up,
                in_transaction: false,
            });
            entries.push(entry);
            if !layouts.iter().any(|(l, _)| *l == layout) {
                layouts.push((layout, p.clone()));
            }
        }
    }
    let mut plan = SqlPlan::default();
    let mut keys: Vec<(String, usize)> = Vec::new();
    let (ups, downs): (Vec<Entry>, Vec<Entry>) =
        entries.into_iter().partition(|e| e.role == Role::Up);
    for e in ups {
        if plan.migrations.iter().any(|m| m.up == e.path) {
            continue;
        }
        keys.push((e.key, plan.migrations.len()));
        plan.migrations.push(SqlMigration {
            up: e.path,
            down: None,
            in_transaction: e.in_transaction,
            down_in_transaction: e.in_transaction,
        });
    }
    // Each down file goes with the up file of the same key.
    for d in downs {
        let index = keys.iter().find(|(k, _)| *k == d.key).map(|(_, i)| *i);
        match index.and_then(|i| plan.migrations.get_mut(i)) {
            Some(m) if m.down.is_none() => {
                m.down = Some(d.path);
                m.down_in_transaction = d.in_transaction;
            }
            _ => plan.unpaired_downs.push(d.path),
        }
    }
    for m in &mut plan.migrations {
        match mode {
            TransactionMode::Auto => {}
            TransactionMode::Always => {
                m.in_transaction = true;
                m.down_in_transaction = true;
            }
            TransactionMode::Never => {
                m.in_transaction = false;
                m.down_in_transaction = false;
            }
        }
    }
    plan.transaction = describe(&layouts, &plan, mode);
    Ok(plan)
}

/// The line that says how transactions were decided.
fn describe(layouts: &[(Layout, PathBuf)], plan: &SqlPlan, mode: TransactionMode) -> String {
    match mode {
        TransactionMode::Always => {
            return "transactions: every file runs in one (`--transaction always`)".to_owned();
        }
        TransactionMode::Never => {
            return "transactions: no file runs in one (`--transaction never`)".to_owned();
        }
        TransactionMode::Auto => {}
    }
    let why = layouts
        .iter()
        .map(|(l, _)| format!("{}, {}", l.name(), l.rule()))
        .collect::<Vec<_>>()
        .join("; ");
    if layouts.iter().all(|(l, _)| *l == Layout::Plain) {
        return format!("transactions: {why}");
    }
    let wrapped = plan.migrations.iter().filter(|m| m.in_transaction).count();
    format!(
        "transactions: {why} ({wrapped} of {} migration{} in one)",
        plan.migrations.len(),
        if plan.migrations.len() == 1 { "" } else { "s" }
    )
}

/// The error for a directory without migrations, naming the subdirectories that hold some
/// (one per backend, as diesel projects often have them).
fn no_migrations(dir: &Path) -> Result<Error, Error> {
    let mut with_sql: Vec<String> = read_dir(dir)?
        .into_iter()
        .filter(|d| d.is_dir() && (is_sql_dir_like(d)))
        .map(|d| format!("`{}`", d.display()))
        .collect();
    with_sql.sort();
    let cause = if with_sql.is_empty() {
        format!("`{}` holds no `.sql` migration", dir.display())
    } else {
        format!(
            "`{}` holds no `.sql` migration of its own; its subdirectories do, lint each one with `--sql`: {}",
            dir.display(),
            with_sql.join(", ")
        )
    };
    Ok(Error::Input { cause })
}

/// Whether a directory holds `.sql` files or diesel migrations.
fn is_sql_dir_like(dir: &Path) -> bool {
    read_dir(dir).is_ok_and(|items| {
        items
            .iter()
            .any(|p| is_sql(p) || p.join("up.sql").is_file())
    })
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |cause| Error::Io {
        path: path.to_path_buf(),
        cause,
    }
}

fn read_dir(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    Ok(std::fs::read_dir(dir)
        .map_err(io(dir))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect())
}

fn file_name(p: &Path) -> &str {
    p.file_name().and_then(|n| n.to_str()).unwrap_or("")
}

fn is_sql(p: &Path) -> bool {
    p.is_file() && p.extension().is_some_and(|e| e == "sql")
}

/// `V12__name.sql` or `U3__name.sql`: the version.
fn refinery_version(name: &str) -> Option<u128> {
    let rest = name.strip_prefix('V').or_else(|| name.strip_prefix('U'))?;
    let (version, tail) = rest.split_once("__")?;
    let tail = tail.strip_suffix(".sql")?;
    if tail.is_empty() || !tail.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return None;
    }
    version.parse().ok()
}

/// `<digits>_<name>.sql` (sqlx's naming).
fn numbered(name: &str) -> bool {
    name.split_once('_')
        .is_some_and(|(v, _)| !v.is_empty() && v.chars().all(|c| c.is_ascii_digit()))
}

/// Whether a `Cargo.toml` in `dir`, its parent (the crate of `<crate>/migrations`) or the one above names sqlx.
fn sqlx_crate_above(dir: &Path) -> bool {
    let start = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    start
        .ancestors()
        .take(3)
        .any(|d| std::fs::read_to_string(d.join("Cargo.toml")).is_ok_and(|t| t.contains("sqlx")))
}

fn layout_of(dir: &Path) -> Result<Layout, Error> {
    let items = read_dir(dir)?;
    if items
        .iter()
        .any(|p| p.is_dir() && p.join("up.sql").is_file())
    {
        return Ok(Layout::Diesel);
    }
    let sql: Vec<&PathBuf> = items.iter().filter(|p| is_sql(p)).collect();
    if sql.iter().any(|p| refinery_version(file_name(p)).is_some()) {
        return Ok(Layout::Refinery);
    }
    if !sql.is_empty() && sql.iter().all(|p| numbered(file_name(p))) && sqlx_crate_above(dir) {
        return Ok(Layout::Sqlx);
    }
    Ok(Layout::Plain)
}

fn dir_entries(dir: &Path, layout: Layout) -> Result<Vec<Entry>, Error> {
    let mut out = Vec::new();
    for p in read_dir(dir)? {
        if layout == Layout::Diesel && p.is_dir() {
            for f in ["up.sql", "down.sql"] {
                if let Some(e) = file_entry(&p.join(f), layout)? {
                    out.push(e);
                }
            }
        } else if let Some(e) = file_entry(&p, layout)? {
            out.push(e);
        }
    }
    Ok(out)
}

/// The entry of one file; `None` for a file that is not a migration of the layout.
fn file_entry(path: &Path, layout: Layout) -> Result<Option<Entry>, Error> {
    if !is_sql(path) {
        return Ok(None);
    }
    let name = file_name(path);
    let (key, version, role) = match layout {
        Layout::Diesel => {
            let dir = path
                .parent()
                .map(|d| file_name(d).to_owned())
                .unwrap_or_default();
            let role = match name {
                "up.sql" => Role::Up,
                "down.sql" => Role::Down,
                _ => return Ok(None),
            };
            let version = dir.split('_').next().unwrap_or("").replace('-', "");
            (
                dir.clone(),
                Version {
                    number: version.parse().ok(),
                    text: dir,
                },
                role,
            )
        }
        Layout::Refinery => {
            let Some(v) = refinery_version(name) else {
                return Ok(None);
            };
            (
                name.to_owned(),
                Version {
                    number: Some(v),
                    text: name.to_owned(),
                },
                Role::Up,
            )
        }
        Layout::Sqlx | Layout::Plain => {
            let (stem, role) = if let Some(s) = name.strip_suffix(".down.sql") {
                (s, Role::Down)
            } else if let Some(s) = name.strip_suffix(".up.sql") {
                (s, Role::Up)
            } else {
                (name.strip_suffix(".sql").unwrap_or(name), Role::Up)
            };
            (stem.to_owned(), Version::of(stem), role)
        }
    };
    let in_transaction = match layout {
        Layout::Plain => false,
        Layout::Sqlx => {
            let text = std::fs::read_to_string(path).map_err(io(path))?;
            !text.starts_with("-- no-transaction")
        }
        Layout::Refinery => {
            let text = std::fs::read_to_string(path).map_err(io(path))?;
            !text.lines().any(refinery_no_transaction)
        }
        Layout::Diesel => path
            .parent()
            .map(|d| d.join("metadata.toml"))
            .filter(|m| m.is_file())
            .map(|m| diesel_runs_in_transaction(&m))
            .transpose()?
            .unwrap_or(true),
    };
    Ok(Some(Entry {
        path: path.to_path_buf(),
        key,
        version,
        role,
        in_transaction,
    }))
}

/// refinery's annotation: a comment line `-- refinery:noTransaction` (two or more dashes,
/// one optional space).
fn refinery_no_transaction(line: &str) -> bool {
    let rest = line.trim_start_matches('-');
    line.len() - rest.len() >= 2
        && rest
            .strip_prefix(' ')
            .unwrap_or(rest)
            .trim_end()
            .eq("refinery:noTransaction")
}

/// diesel's `metadata.toml`: `run_in_transaction = false` turns the transaction off.
fn diesel_runs_in_transaction(path: &Path) -> Result<bool, Error> {
    let text = std::fs::read_to_string(path).map_err(io(path))?;
    let value: toml::Table = toml::from_str(&text).map_err(|e| Error::Config {
        path: Some(path.to_path_buf()),
        pos: None,
        cause: e.message().to_owned(),
    })?;
    Ok(value
        .get("run_in_transaction")
        .and_then(toml::Value::as_bool)
        .unwrap_or(true))
}

/// Runner order: version, then up before down.
fn order(a: &Entry, b: &Entry) -> Ordering {
    a.version
        .cmp(&b.version)
        .then(a.key.cmp(&b.key))
        .then(a.role.cmp(&b.role))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_refinery_names_and_annotation() {
        assert_eq!(refinery_version("V12__add_users.sql"), Some(12));
        assert_eq!(refinery_version("U3__seed.sql"), Some(3));
        assert_eq!(refinery_version("V1_add.sql"), None);
        assert!(refinery_no_transaction("-- refinery:noTransaction"));
        assert!(refinery_no_transaction("---refinery:noTransaction"));
        assert!(!refinery_no_transaction("-- refinery:noTransactionX"));
    }

    #[test]
    fn versions_sort_as_numbers() {
        assert!(Version::of("9_a") < Version::of("10_a"));
    }
}
