use crate::rule::declare_rule;


declare_rule! {
    /// ## What it does
    /// Finds a column that is nullable in the database while the field is not an
    /// `Option` (nor `nullable`), or `NOT NULL` in the database while the field is.
    ///
    /// ## Why is this bad?
    /// A `NULL` read into a non-`Option` field fails to decode and the whole query
    /// errors; a `None` written to a `NOT NULL` column is rejected by the database.
    ///
    /// ## Example
    /// ```rust
    /// pub display_name: String, // the migration wrote `string_null("display_name")`
    /// ```
    /// Use instead:
    /// ```rust
    /// pub display_name: Option<String>,
    /// ```
    pub(crate) static RULE = ("nullability-drift", Drift, Error);
}

drift_only! {
    use crate::diagnostic::Finding;
    use super::context::{Context, Findings, field_label, qualified};
    use crate::schema::diff::Difference;
    use crate::model::{Column, Entity};

    fn finding(entity: &Entity, column: &Column, live_not_null: bool) -> Finding {
        let name = qualified(&entity.table, &column.column_name);
        let ty = if column.rust_type.is_empty() { "..".to_owned() } else { column.rust_type.to_string() };
        if live_not_null {
            Finding::new(
                &RULE,
                format!("column `{name}` is `NOT NULL` in the database, but the field is nullable (`{ty}`)"),
                field_label(entity, column, "nullable here"),
            )
            .with_help(format!(
                "drop `NOT NULL` in a migration (`.modify_column(ColumnDef::new(\"{}\").null())`), or make the field required",
                column.column_name
            ))
        } else {
            Finding::new(
                &RULE,
                format!("column `{name}` is nullable in the database, but the field is not an `Option` (`{ty}`)"),
                field_label(entity, column, "required here"),
            )
            .with_help(format!(
                "make the column `NOT NULL` in a migration, or write the field as `Option<{ty}>`"
            ))
        }
    }

    pub(crate) fn check(cx: &Context<'_>, out: &mut Findings) {
        for difference in cx.differences() {
            if let Difference::Nullability { pair, column, live } = difference
                && let Some(pair) = cx.pair(*pair)
            {
                let entity = pair.expected.entity;
                out.push(&entity.table, finding(entity, column, live.not_null));
            }
        }
    }
}
