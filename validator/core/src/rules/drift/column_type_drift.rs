use crate::rule::declare_rule;


declare_rule! {
    /// ## What it does
    /// Finds a column whose type in the database is not the type SeaORM maps the field
    /// to: the Rust type (`i64` is `bigint`, `DateTimeUtc` is `timestamp with time zone`,
    /// an `ActiveEnum` is its `db_type`), or the `column_type = ".."` override. Types are
    /// compared per backend, as SeaORM maps them: on SQLite only by how SQLite stores
    /// values (its type affinity), so `integer`/`bigint` or `varchar(16)`/`text` never
    /// differ there. Custom types are compared only when the comparison is certain.
    ///
    /// ## Why is this bad?
    /// Reads fail to decode (`i32` from a `bigint`), writes fail or are cut off (a
    /// `varchar(16)` where the entity expects unbounded text), and values lose meaning
    /// (`timestamp` without a time zone for a `DateTimeUtc`).
    ///
    /// ## Example
    /// ```rust
    /// #[sea_orm(column_type = "Text")]
    /// pub description: String, // the migration created `varchar(64)`
    /// ```
    /// Use instead: one type on both sides.
    /// ```rust
    /// #[sea_orm(column_type = "String(StringLen::N(64))")]
    /// pub description: String,
    /// ```
    pub(crate) static RULE = ("column-type-drift", Drift, Error);
}

drift_only! {
    use sea_query::{ColumnType, StringLen};

    use crate::diagnostic::Finding;
    use super::context::{Context, Findings, field_label, qualified};
    use crate::schema::diff::Difference;
    use crate::schema::sql_type::Affinity;
    use crate::schema::types::TypeSource;
    use crate::schema::LiveColumn;
    use crate::model::{Column, Entity};

    fn finding(
        entity: &Entity,
        column: &Column,
        source: &TypeSource,
        live: &LiveColumn,
        expected_sql: &str,
        live_sql: &str,
        affinities: Option<(Affinity, Affinity)>,
    ) -> Finding {
        let what = match source {
            TypeSource::Rust(ty) => format!("`{ty}`"),
            TypeSource::Override(text) => format!("`column_type = \"{text}\"`"),
            TypeSource::ActiveEnum { name, db_type } => {
                format!("`{name}` (`db_type = \"{db_type}\"`)")
            }
        };
        let (database, mapped) = match affinities {
            Some((want, have)) => (
                format!("`{live_sql}` ({} affinity)", have.name()),
                format!("`{expected_sql}` ({} affinity)", want.name()),
            ),
            None => (format!("`{live_sql}`"), format!("`{expected_sql}`")),
        };
        let help = match (affinities, rust_expression(&live.column_type)) {
            (None, Some(expr)) => format!(
                "change the column to `{expected_sql}` in a migration, or map the database's type: `#[sea_orm(column_type = \"{expr}\")]`"
            ),
            _ => format!("change the column to `{expected_sql}` in a migration, or change the field's type"),
        };
        Finding::new(
            &RULE,
            format!(
                "column `{}` is {database} in the database, but {what} maps to {mapped}",
                qualified(&entity.table, &column.column_name),
            ),
            field_label(entity, column, format!("{what} maps to {mapped}")),
        )
        .with_help(help)
    }

    pub(crate) fn check(cx: &Context<'_>, out: &mut Findings) {
        for difference in cx.differences() {
            let Difference::ColumnType { pair, column, live, expected_sql, live_sql, affinities } = difference else {
                continue;
            };
            let Some(pair) = cx.pair(*pair) else { continue };
            let Some(expected) = pair.expected.columns.get(*column) else { continue };
            let Some(ty) = &expected.ty else { continue };
            let entity = pair.expected.entity;
            out.push(
                &entity.table,
                finding(entity, expected.column, &ty.source, live, expected_sql, live_sql, *affinities),
            );
        }
    }

    /// The `column_type` expression for a live type, for the common ones.
    fn rust_expression(ty: &ColumnType) -> Option<String> {
        use ColumnType as T;
        Some(match ty {
            T::String(StringLen::N(n)) => format!("String(StringLen::N({n}))"),
            T::String(_) => "String(StringLen::None)".to_owned(),
            T::Char(Some(n)) => format!("Char(Some({n}))"),
            T::Decimal(Some((p, s))) => format!("Decimal(Some(({p}, {s})))"),
            T::Decimal(None) => "Decimal(None)".to_owned(),
            T::Text => "Text".to_owned(),
            T::SmallInteger => "SmallInteger".to_owned(),
            T::Integer => "Integer".to_owned(),
            T::BigInteger => "BigInteger".to_owned(),
            T::Float => "Float".to_owned(),
            T::Double => "Double".to_owned(),
            T::Boolean => "Boolean".to_owned(),
            T::Date => "Date".to_owned(),
            T::Time => "Time".to_owned(),
            T::DateTime => "DateTime".to_owned(),
            T::TimestampWithTimeZone => "TimestampWithTimeZone".to_owned(),
            T::Json => "Json".to_owned(),
            T::JsonBinary => "JsonBinary".to_owned(),
            T::Uuid => "Uuid".to_owned(),
            T::VarBinary(_) => "VarBinary(StringLen::None)".to_owned(),
            _ => return None,
        })
    }
}
