//! Comparing an expected column type with a live one, at the level SeaORM maps types, per
//! backend.
//!
//! PostgreSQL: both sides become the name PostgreSQL gives the type SeaORM would create
//! (sea-query 1.0.2's `PostgresQueryBuilder` and sea-schema's reverse mapping agree on
//! these): `Integer` and `SmallUnsigned` are `integer`, `Blob` and `VarBinary` are
//! `bytea`, `DateTime` and `Timestamp` are `timestamp`, and so on. Lengths, precisions
//! and enum type names count. A custom type is compared only with another custom type,
//! or with a built-in one when its name is a known spelling of it (`int8`,
//! `timestamptz`): a domain or an extension type may stand for anything.
//!
//! SQLite stores values loosely: a column's declared type only gives it an *affinity*
//! (INTEGER, TEXT, BLOB, REAL or NUMERIC, by SQLite's rules on the declared name), so
//! `integer`/`bigint`, `varchar(16)`/`varchar(64)`/`text`, `datetime_text`/`text` are
//! the same column to SQLite. The expected side is the declared type SeaORM writes
//! (`SqliteQueryBuilder`), the live side the declared type as written; they differ only
//! when their affinities store values differently. NUMERIC affinity keeps INTEGER and
//! REAL values and text that does not look like a number (dates, UUIDs, JSON), so it is
//! compatible with those; a column with no declared type stores anything as given.

use sea_query::{ColumnType, StringLen};

use validator_base::Backend;

use super::live::LiveColumn;

/// The outcome of comparing one column's types.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum TypeComparison {
    /// The same at the level SeaORM maps types.
    Same,
    /// Different: what SeaORM would create and what the database has, both as SQL.
    Differs {
        /// The SQL type SeaORM creates for the entity's column.
        expected_sql: String,
        /// The column's type as the database names it.
        live_sql: String,
        /// SQLite only: both affinities, when they are what differs.
        affinities: Option<(Affinity, Affinity)>,
    },
    /// Cannot be compared without risking a false finding (custom types, types the
    /// backend does not have).
    Unknown,
}

/// Compares the type SeaORM maps a column to with the column in the database.
pub(crate) fn compare(
    backend: Backend,
    expected: &ColumnType,
    live: &LiveColumn,
) -> TypeComparison {
    match backend {
        Backend::Postgres => compare_postgres(expected, live),
        Backend::Sqlite => compare_sqlite(expected, live),
    }
}

fn compare_postgres(expected: &ColumnType, live: &LiveColumn) -> TypeComparison {
    let (Some(want), Some(have)) = (postgres_name(expected), postgres_name(&live.column_type))
    else {
        return TypeComparison::Unknown;
    };
    if want == have || same_array_elements(&want, &have) {
        return TypeComparison::Same;
    }
    // An unresolved custom name is compared with nothing but another custom name.
    if want.is_custom() != have.is_custom() {
        return TypeComparison::Unknown;
    }
    TypeComparison::Differs {
        expected_sql: want.shown(),
        live_sql: if live.declared_type.is_empty() {
            have.shown()
        } else {
            live.declared_type.clone()
        },
        affinities: None,
    }
}

/// Arrays whose elements are unbounded text both ways: `text[]` and `varchar[]`. A
/// `Vec<String>` maps to `varchar[]`, and SeaORM has no field type for `text[]` but the
/// same `Vec<String>`: PostgreSQL (and sqlx, which decodes `String` from either) treats
/// the two element types alike, so an array follows its element's compatibility.
fn same_array_elements(want: &PgName, have: &PgName) -> bool {
    let (PgName::Known(a), PgName::Known(b)) = (want, have) else {
        return false;
    };
    let element = |name: &str| -> Option<(String, usize)> {
        let mut base = name;
        let mut depth = 0;
        while let Some(inner) = base.strip_suffix("[]") {
            base = inner;
            depth += 1;
        }
        let base = match base {
            "varchar" | "text" => "text",
            other => other,
        };
        (depth > 0).then(|| (base.to_owned(), depth))
    };
    matches!((element(a), element(b)), (Some(x), Some(y)) if x == y)
}

/// The name PostgreSQL gives the type sea-query creates for `ty`, for messages.
#[cfg(feature = "generate")]
pub(crate) fn postgres_type_name(ty: &ColumnType) -> String {
    match postgres_name(ty) {
        Some(name) => name.shown(),
        None => format!("{ty:?}").to_ascii_lowercase(),
    }
}

/// A PostgreSQL type name; `Custom` when it is not a built-in type we know.
#[derive(Clone, Debug, PartialEq, Eq)]
enum PgName {
    Known(String),
    Custom(String),
}

impl PgName {
    fn is_custom(&self) -> bool {
        matches!(self, PgName::Custom(_))
    }

    fn shown(&self) -> String {
        match self {
            PgName::Known(name) | PgName::Custom(name) => name.clone(),
        }
    }
}

/// The name PostgreSQL gives the type sea-query creates for `ty`.
fn postgres_name(ty: &ColumnType) -> Option<PgName> {
    use ColumnType as T;
    let known = |s: &str| Some(PgName::Known(s.to_owned()));
    match ty {
        T::Char(length) => known(&format!("char({})", length.unwrap_or(1))),
        T::String(StringLen::N(n)) => known(&format!("varchar({n})")),
        T::String(_) => known("varchar"),
        T::Text => known("text"),
        T::TinyInteger | T::TinyUnsigned | T::SmallInteger => known("smallint"),
        T::Integer | T::SmallUnsigned => known("integer"),
        T::BigInteger | T::Unsigned | T::BigUnsigned => known("bigint"),
        T::Float => known("real"),
        T::Double => known("double precision"),
        T::Decimal(None) => known("numeric"),
        T::Decimal(Some((p, s))) => known(&format!("numeric({p},{s})")),
        T::Money(_) => known("money"),
        T::DateTime | T::Timestamp => known("timestamp"),
        T::TimestampWithTimeZone => known("timestamptz"),
        T::Time => known("time"),
        T::Date => known("date"),
        T::Interval(..) => known("interval"),
        T::Binary(_) | T::VarBinary(_) | T::Blob => known("bytea"),
        T::Bit(length) => known(&format!("bit({})", length.unwrap_or(1))),
        T::VarBit(length) => known(&format!("varbit({length})")),
        T::Boolean => known("boolean"),
        T::Json => known("json"),
        T::JsonBinary => known("jsonb"),
        T::Uuid => known("uuid"),
        T::Cidr => known("cidr"),
        T::Inet => known("inet"),
        T::MacAddr => known("macaddr"),
        T::LTree => known("ltree"),
        T::Vector(None) => known("vector"),
        T::Vector(Some(n)) => known(&format!("vector({n})")),
        T::Enum { name, .. } => Some(PgName::Known(format!("{name} (enum)"))),
        T::Array(element) => match postgres_name(element)? {
            PgName::Known(name) => known(&format!("{name}[]")),
            PgName::Custom(name) => Some(PgName::Custom(format!("{name}[]"))),
        },
        T::Custom(name) => Some(custom_postgres_name(&name.to_string())),
        T::Year => None,
        #[allow(unreachable_patterns)]
        _ => None,
    }
}

/// A custom type name, resolved when it is another spelling of a built-in type.
fn custom_postgres_name(name: &str) -> PgName {
    let lower = name.trim().to_ascii_lowercase();
    let builtin = match lower.as_str() {
        "int2" | "smallint" => "smallint",
        "int" | "int4" | "integer" => "integer",
        "int8" | "bigint" => "bigint",
        "float4" | "real" => "real",
        "float8" | "double precision" => "double precision",
        "bool" | "boolean" => "boolean",
        "text" => "text",
        "varchar" | "character varying" => "varchar",
        "bytea" => "bytea",
        "timestamptz" | "timestamp with time zone" => "timestamptz",
        "timestamp" | "timestamp without time zone" => "timestamp",
        "date" => "date",
        "time" | "time without time zone" => "time",
        "numeric" | "decimal" => "numeric",
        "json" => "json",
        "jsonb" => "jsonb",
        "uuid" => "uuid",
        "inet" => "inet",
        "cidr" => "cidr",
        "macaddr" => "macaddr",
        "ltree" => "ltree",
        "interval" => "interval",
        "money" => "money",
        _ => return PgName::Custom(lower),
    };
    PgName::Known(builtin.to_owned())
}

/// SQLite's type affinity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Affinity {
    Integer,
    Text,
    /// Declared `blob`, or no declared type at all.
    Blob,
    Real,
    Numeric,
}

impl Affinity {
    /// SQLite's rules (datatype3.html, 3.1), in their order, on a declared type name.
    pub(crate) fn of(declared: &str) -> Affinity {
        let upper = declared.to_ascii_uppercase();
        if upper.contains("INT") {
            Affinity::Integer
        } else if upper.contains("CHAR") || upper.contains("CLOB") || upper.contains("TEXT") {
            Affinity::Text
        } else if upper.contains("BLOB") || upper.trim().is_empty() {
            Affinity::Blob
        } else if upper.contains("REAL") || upper.contains("FLOA") || upper.contains("DOUB") {
            Affinity::Real
        } else {
            Affinity::Numeric
        }
    }

    /// The upper-case name SQLite's documentation uses.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Affinity::Integer => "INTEGER",
            Affinity::Text => "TEXT",
            Affinity::Blob => "BLOB",
            Affinity::Real => "REAL",
            Affinity::Numeric => "NUMERIC",
        }
    }
}

fn compare_sqlite(expected: &ColumnType, live: &LiveColumn) -> TypeComparison {
    if matches!(expected, ColumnType::Custom(_)) {
        return TypeComparison::Unknown;
    }
    let Some(want) = sqlite_declared(expected) else {
        return TypeComparison::Unknown;
    };
    let declared = live.declared_type.trim();
    if declared.is_empty() {
        // No declared type: SQLite stores every value as given.
        return TypeComparison::Same;
    }
    let (a, b) = (Affinity::of(&want), Affinity::of(declared));
    if sqlite_compatible(expected, a, b) {
        TypeComparison::Same
    } else {
        TypeComparison::Differs {
            expected_sql: want,
            live_sql: declared.to_owned(),
            affinities: Some((a, b)),
        }
    }
}

fn sqlite_compatible(expected: &ColumnType, want: Affinity, have: Affinity) -> bool {
    use Affinity as A;
    let textual_non_string = matches!(
        expected,
        ColumnType::DateTime
            | ColumnType::Timestamp
            | ColumnType::TimestampWithTimeZone
            | ColumnType::Date
            | ColumnType::Time
            | ColumnType::Uuid
            | ColumnType::Json
            | ColumnType::JsonBinary
    );
    match (want, have) {
        (a, b) if a == b => true,
        (A::Integer | A::Real, A::Numeric) | (A::Numeric, A::Integer | A::Real) => true,
        (A::Text, A::Numeric) => textual_non_string,
        _ => false,
    }
}

/// The declared type sea-query's `SqliteQueryBuilder` writes for `ty`; `None` for types
/// SQLite does not have (sea-query panics on them).
pub(crate) fn sqlite_declared(ty: &ColumnType) -> Option<String> {
    use ColumnType as T;
    Some(match ty {
        T::Char(Some(n)) => format!("char({n})"),
        T::Char(None) => "char".to_owned(),
        T::String(StringLen::N(n)) => format!("varchar({n})"),
        T::String(_) => "varchar".to_owned(),
        T::Text => "text".to_owned(),
        T::TinyInteger | T::TinyUnsigned => "tinyint".to_owned(),
        T::SmallInteger | T::SmallUnsigned => "smallint".to_owned(),
        T::Integer | T::Unsigned | T::BigInteger | T::BigUnsigned => "integer".to_owned(),
        T::Float => "float".to_owned(),
        T::Double => "double".to_owned(),
        T::Decimal(Some((p, s))) => format!("real({p}, {s})"),
        T::Decimal(None) => "real_decimal".to_owned(),
        T::DateTime => "datetime_text".to_owned(),
        T::Timestamp => "timestamp_text".to_owned(),
        T::TimestampWithTimeZone => "timestamp_with_timezone_text".to_owned(),
        T::Time => "time_text".to_owned(),
        T::Date => "date_text".to_owned(),
        T::Binary(n) => format!("blob({n})"),
        T::VarBinary(StringLen::N(n)) => format!("varbinary_blob({n})"),
        T::VarBinary(_) => "varbinary_blob".to_owned(),
        T::Blob => "blob".to_owned(),
        T::Boolean => "boolean".to_owned(),
        T::Money(Some((p, s))) => format!("real_money({p}, {s})"),
        T::Money(None) => "real_money".to_owned(),
        T::Json => "json_text".to_owned(),
        T::JsonBinary => "jsonb_text".to_owned(),
        T::Uuid => "uuid_text".to_owned(),
        T::Custom(name) => name.to_string(),
        T::Enum { .. } => "enum_text".to_owned(),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use sea_query::{
        ColumnDef, PostgresQueryBuilder, SqliteQueryBuilder, Table, TableCreateStatement,
    };

    use super::*;

    fn live(column_type: ColumnType, declared: &str) -> LiveColumn {
        LiveColumn {
            name: "c".into(),
            column_type,
            declared_type: declared.into(),
            not_null: true,
            has_default: false,
            default: None,
            auto_increment: false,
        }
    }

    /// The type part of `CREATE TABLE "t" ( "c" <type> )` as sea-query renders it.
    fn rendered(ty: &ColumnType, sqlite: bool) -> String {
        let stmt: TableCreateStatement = Table::create()
            .table("t")
            .col(ColumnDef::new_with_type("c", ty.clone()))
            .to_owned();
        let sql = if sqlite {
            stmt.to_string(SqliteQueryBuilder)
        } else {
            stmt.to_string(PostgresQueryBuilder)
        };
        let start = sql.find("\"c\" ").unwrap() + 4;
        sql[start..sql.len() - 2].to_owned()
    }

    fn samples() -> Vec<ColumnType> {
        use ColumnType as T;
        vec![
            T::Char(Some(3)),
            T::String(StringLen::N(16)),
            T::String(StringLen::None),
            T::Text,
            T::TinyInteger,
            T::SmallInteger,
            T::Integer,
            T::BigInteger,
            T::TinyUnsigned,
            T::SmallUnsigned,
            T::Unsigned,
            T::BigUnsigned,
            T::Float,
            T::Double,
            T::Decimal(None),
            T::Decimal(Some((16, 4))),
            T::DateTime,
            T::Timestamp,
            T::TimestampWithTimeZone,
            T::Time,
            T::Date,
            T::Binary(16),
            T::VarBinary(StringLen::None),
            T::VarBinary(StringLen::N(8)),
            T::Blob,
            T::Boolean,
            T::Json,
            T::JsonBinary,
            T::Uuid,
        ]
    }

    #[test]
    fn sqlite_declared_types_are_what_sea_query_writes() {
        for ty in samples() {
            assert_eq!(
                sqlite_declared(&ty).as_deref(),
                Some(rendered(&ty, true).as_str()),
                "{ty:?}"
            );
        }
    }

    #[test]
    fn postgres_names_agree_with_what_sea_query_writes() {
        // sea-query's spelling, mapped to PostgreSQL's canonical one by the alias table.
        for ty in samples() {
            let written = rendered(&ty, false);
            let base = written.split('(').next().unwrap_or(&written).trim();
            let via_alias = match custom_postgres_name(base) {
                PgName::Known(name) => name,
                PgName::Custom(name) => name,
            };
            let ours = postgres_name(&ty).unwrap().shown();
            let ours_base = ours.split('(').next().unwrap_or(&ours).to_owned();
            assert_eq!(ours_base, via_alias, "{ty:?} rendered as {written}");
        }
    }

    #[test]
    fn sqlite_treats_loose_types_as_the_same() {
        let same = |expected: ColumnType, declared: &str, live_type: ColumnType| {
            compare(Backend::Sqlite, &expected, &live(live_type, declared))
        };
        assert_eq!(
            same(ColumnType::Integer, "integer", ColumnType::BigInteger),
            TypeComparison::Same
        );
        assert_eq!(
            same(ColumnType::BigInteger, "bigint", ColumnType::BigInteger),
            TypeComparison::Same
        );
        assert_eq!(
            same(
                ColumnType::String(StringLen::N(16)),
                "text",
                ColumnType::Text
            ),
            TypeComparison::Same
        );
        assert_eq!(
            same(
                ColumnType::TimestampWithTimeZone,
                "datetime",
                ColumnType::custom("datetime")
            ),
            TypeComparison::Same
        );
        assert_eq!(
            same(
                ColumnType::Decimal(None),
                "decimal(10,2)",
                ColumnType::Decimal(Some((10, 2)))
            ),
            TypeComparison::Same
        );
        assert_eq!(
            same(ColumnType::Boolean, "integer", ColumnType::BigInteger),
            TypeComparison::Same
        );
        assert_eq!(
            same(ColumnType::Text, "", ColumnType::Blob),
            TypeComparison::Same
        );
        assert!(matches!(
            same(ColumnType::BigInteger, "text", ColumnType::Text),
            TypeComparison::Differs { .. }
        ));
        assert!(matches!(
            same(ColumnType::Text, "numeric", ColumnType::Decimal(None)),
            TypeComparison::Differs { .. }
        ));
        assert!(matches!(
            same(
                ColumnType::VarBinary(StringLen::None),
                "text",
                ColumnType::Text
            ),
            TypeComparison::Differs { .. }
        ));
    }

    #[test]
    fn postgres_compares_lengths_and_skips_unknown_customs() {
        let cmp = |expected: ColumnType, live_type: ColumnType| {
            compare(Backend::Postgres, &expected, &live(live_type, ""))
        };
        assert_eq!(
            cmp(ColumnType::Blob, ColumnType::VarBinary(StringLen::None)),
            TypeComparison::Same
        );
        assert_eq!(
            cmp(ColumnType::Timestamp, ColumnType::DateTime),
            TypeComparison::Same
        );
        assert_eq!(
            cmp(ColumnType::custom("int8"), ColumnType::BigInteger),
            TypeComparison::Same
        );
        assert_eq!(
            cmp(ColumnType::custom("citext"), ColumnType::Text),
            TypeComparison::Unknown
        );
        assert_eq!(
            cmp(ColumnType::custom("citext"), ColumnType::custom("citext")),
            TypeComparison::Same
        );
        assert!(matches!(
            cmp(
                ColumnType::String(StringLen::N(16)),
                ColumnType::String(StringLen::N(32))
            ),
            TypeComparison::Differs { .. }
        ));
        assert!(matches!(
            cmp(ColumnType::custom("citext"), ColumnType::custom("hstore")),
            TypeComparison::Differs { .. }
        ));
    }

    #[test]
    fn postgres_arrays_follow_their_elements() {
        let cmp = |expected: ColumnType, live_type: ColumnType| {
            compare(Backend::Postgres, &expected, &live(live_type, ""))
        };
        let array = |t: ColumnType| ColumnType::Array(sea_query::RcOrArc::new(t));
        assert_eq!(
            cmp(
                array(ColumnType::String(StringLen::None)),
                array(ColumnType::Text)
            ),
            TypeComparison::Same
        );
        assert_eq!(
            cmp(
                array(ColumnType::Text),
                array(ColumnType::String(StringLen::None))
            ),
            TypeComparison::Same
        );
        assert!(matches!(
            cmp(
                array(ColumnType::String(StringLen::N(8))),
                array(ColumnType::Text)
            ),
            TypeComparison::Differs { .. }
        ));
        assert!(matches!(
            cmp(array(ColumnType::Integer), array(ColumnType::BigInteger)),
            TypeComparison::Differs { .. }
        ));
    }
}
