//! Placeholders the static reader writes where a migration's Rust code does not say, without
//! running it, what SQL it sends: a default computed at run time, a table whose name the
//! reader could not resolve. Each is valid PostgreSQL (so the statement still parses), reads
//! as the user's code in a quoted statement, and is recognised by the statement facts and
//! the rules as unknown: never invented, never guessed.

/// The dollar-quote tag around a placeholder default.
const TAG: &str = "$rust$";

/// A default whose value is computed at run time (`.default(Status::Active.to_string())`):
/// the user's code, as a string cast to PostgreSQL's `unknown` pseudo-type. squawk reads a
/// cast literal as non-volatile; the facts read it as unknown (neither constant nor
/// volatile).
pub(crate) fn default(code: &str) -> String {
    let code = code.replace(TAG, "$ rust$");
    format!("{TAG}{code}{TAG}::unknown")
}

/// Whether `text` (a `DEFAULT` expression) is a placeholder written by [`default`].
pub(crate) fn is_default(text: &str) -> bool {
    let t = text.trim();
    t.starts_with(TAG) && t.ends_with(&format!("{TAG}::unknown"))
}

/// A table whose identity is not known (`.table(Entity)` with no entity source found):
/// the user's code in angle brackets, used as a quoted identifier.
pub(crate) fn table(code: &str) -> String {
    format!("<{}>", code.replace(['<', '>'], ""))
}

/// Whether a table name is a placeholder written by [`table`]: such a table is never
/// treated as one that existed before the migration.
pub(crate) fn is_table(name: &str) -> bool {
    name.starts_with('<') && name.ends_with('>') && name.len() > 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_round_trip() {
        let d = default("Status::Active.to_string()");
        assert_eq!(d, "$rust$Status::Active.to_string()$rust$::unknown");
        assert!(is_default(&d));
        assert!(!is_default("'x'::unknown"));
        assert!(is_table(&table("foo::Entity")));
        assert!(!is_table("users"));
    }
}
