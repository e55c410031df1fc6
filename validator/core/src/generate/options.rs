//! What the user decides for `generate` (renames, destructive steps, values for existing
//! rows), and why a migration cannot be written as asked.

use std::fmt;
use std::str::FromStr;

/// The decisions `generate` cannot make alone.
#[derive(Clone, Debug, Default)]
pub struct GenerateOptions {
    /// `--rename table.old=new`: a column the entities renamed.
    pub renames: Vec<ColumnRename>,
    /// `--no-rename`: a column that disappears is dropped, even when a new column of the
    /// same type appears in its table.
    pub no_rename: bool,
    /// `--allow-destructive`: write steps that lose data (drop a table or a column,
    /// narrow a type).
    pub allow_destructive: bool,
    /// `--default table.col=EXPR`: the SQL value existing rows get when a column without
    /// a default becomes `NOT NULL` (a new column, or one that was nullable).
    pub backfills: Vec<Backfill>,
}

impl GenerateOptions {
    /// The backfill given for `table.column`.
    pub(crate) fn backfill(&self, table: &str, column: &str) -> Option<&str> {
        self.backfills
            .iter()
            .find(|b| b.table == table && b.column == column)
            .map(|b| b.sql.as_str())
    }
}

/// `table.old=new`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnRename {
    pub table: String,
    pub from: String,
    pub to: String,
}

/// `table.column=EXPR`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Backfill {
    pub table: String,
    pub column: String,
    /// An SQL expression, written as given.
    pub sql: String,
}

/// A `table.column=value` argument that does not read as one.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("expected `table.column=value`, got `{0}`")]
pub struct BadDecision(pub String);

fn split(text: &str) -> Result<(String, String, String), BadDecision> {
    let bad = || BadDecision(text.to_owned());
    let (target, value) = text.split_once('=').ok_or_else(bad)?;
    let (table, column) = target.trim().split_once('.').ok_or_else(bad)?;
    let value = value.trim();
    if table.is_empty() || column.is_empty() || value.is_empty() {
        return Err(bad());
    }
    Ok((table.to_owned(), column.to_owned(), value.to_owned()))
}

impl FromStr for ColumnRename {
    type Err = BadDecision;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (table, from, to) = split(text)?;
        if to.contains(['.', ' ']) {
            return Err(BadDecision(text.to_owned()));
        }
        Ok(ColumnRename { table, from, to })
    }
}

impl fmt::Display for ColumnRename {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}={}", self.table, self.from, self.to)
    }
}

impl FromStr for Backfill {
    type Err = BadDecision;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (table, column, sql) = split(text)?;
        Ok(Backfill { table, column, sql })
    }
}

impl fmt::Display for Backfill {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}={}", self.table, self.column, self.sql)
    }
}

/// Why `generate` writes nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// A step that loses data, without `--allow-destructive`.
    Destructive { what: String },
    /// A column disappears while columns of its type appear in its table.
    RenameUndecided {
        table: String,
        gone: String,
        candidates: Vec<String>,
    },
    /// A new `NOT NULL` column on an existing table with neither a default nor a value
    /// for the existing rows.
    RequiredColumn { table: String, column: String },
    /// A decision on the command line that matches nothing.
    Usage { what: String },
    /// A change `generate` does not write.
    Unsupported { what: String },
}

impl Refusal {
    /// Whether this is the user's input or the tool's limit (exit code 2), rather than
    /// a safety decision still to make (exit code 1).
    pub fn is_input_error(&self) -> bool {
        matches!(self, Refusal::Usage { .. } | Refusal::Unsupported { .. })
    }

    /// What to do about it.
    pub fn help(&self) -> String {
        match self {
            Refusal::Destructive { .. } => {
                "review the data loss, then pass `--allow-destructive`".to_owned()
            }
            Refusal::RenameUndecided {
                table,
                gone,
                candidates,
            } => {
                let renames: Vec<String> = candidates
                    .iter()
                    .map(|c| format!("`--rename {table}.{gone}={c}`"))
                    .collect();
                format!(
                    "if it was renamed, pass {} (or write `#[sea_orm(renamed_from = \"{gone}\")]` on the field); if it goes, pass `--no-rename`",
                    renames.join(" or ")
                )
            }
            Refusal::RequiredColumn { table, column } => format!(
                "give the field a default (`#[sea_orm(default_value = ..)]`), make it an `Option`, or pass `--default {table}.{column}=<SQL value>` for the existing rows"
            ),
            Refusal::Usage { .. } => "check the table and column names".to_owned(),
            Refusal::Unsupported { .. } => {
                "write this part of the migration by hand (`--empty` gives a blank one)".to_owned()
            }
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Destructive { what } => write!(f, "destructive: {what}"),
            Refusal::RenameUndecided {
                table,
                gone,
                candidates,
            } => write!(
                f,
                "rename or drop? `{table}.{gone}` disappears while {} of the same type appears",
                candidates
                    .iter()
                    .map(|c| format!("`{table}.{c}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Refusal::RequiredColumn { table, column } => write!(
                f,
                "new column `{table}.{column}` is NOT NULL without a default, and `{table}` already has rows to fill"
            ),
            Refusal::Usage { what } | Refusal::Unsupported { what } => write!(f, "{what}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_decisions() {
        let r: ColumnRename = "users.nick=nickname".parse().unwrap();
        assert_eq!(
            (r.table.as_str(), r.from.as_str(), r.to.as_str()),
            ("users", "nick", "nickname")
        );
        let b: Backfill = "users.plan='free'".parse().unwrap();
        assert_eq!(b.sql, "'free'");
        let b: Backfill = "users.score = 0".parse().unwrap();
        assert_eq!((b.column.as_str(), b.sql.as_str()), ("score", "0"));
        assert!("users=nick".parse::<ColumnRename>().is_err());
        assert!("users.nick=".parse::<ColumnRename>().is_err());
        assert!(".a=b".parse::<Backfill>().is_err());
    }
}
