//! What changed between two introspected schemas, in words: how `verify` says what a
//! migration's `down` failed to undo.

use validator_core::schema::{LiveColumn, LiveForeignKey, LiveIndex, LiveSchema, LiveTable};

/// `schema` without the `ignored` tables, with tables, indexes and foreign keys sorted,
/// so two readings of the same schema compare equal.
pub(crate) fn normalized(schema: &LiveSchema, ignored: &[String]) -> LiveSchema {
    let mut out = schema.clone();
    out.tables.retain(|t| !ignored.contains(&t.name));
    out.tables.sort_by(|a, b| a.name.cmp(&b.name));
    for table in &mut out.tables {
        table.indexes.sort_by(|a, b| a.name.cmp(&b.name));
        table
            .foreign_keys
            .sort_by(|a, b| (&a.columns, &a.name).cmp(&(&b.columns, &b.name)));
    }
    out.views.sort();
    out.enums.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// Every difference from `before` to `after` (both [`normalized`]), one line each.
pub(crate) fn differences(before: &LiveSchema, after: &LiveSchema) -> Vec<String> {
    let mut out = Vec::new();
    for table in &after.tables {
        match before.table(&table.name) {
            None => out.push(format!("table `{}` remains", table.name)),
            Some(old) => table_differences(old, table, &mut out),
        }
    }
    for table in &before.tables {
        if after.table(&table.name).is_none() {
            out.push(format!("table `{}` is gone", table.name));
        }
    }
    names(&before.views, &after.views, "view", &mut out);
    let enum_names = |s: &LiveSchema| s.enums.iter().map(|e| e.name.clone()).collect::<Vec<_>>();
    names(
        &enum_names(before),
        &enum_names(after),
        "enum type",
        &mut out,
    );
    for e in &after.enums {
        if let Some(old) = before.enums.iter().find(|o| o.name == e.name)
            && old.values != e.values
        {
            out.push(format!(
                "enum type `{}` has values {:?}, was {:?}",
                e.name, e.values, old.values
            ));
        }
    }
    out
}

fn names(before: &[String], after: &[String], what: &str, out: &mut Vec<String>) {
    for name in after.iter().filter(|n| !before.contains(n)) {
        out.push(format!("{what} `{name}` remains"));
    }
    for name in before.iter().filter(|n| !after.contains(n)) {
        out.push(format!("{what} `{name}` is gone"));
    }
}

fn table_differences(before: &LiveTable, after: &LiveTable, out: &mut Vec<String>) {
    let t = &after.name;
    for column in &after.columns {
        match before.column(&column.name) {
            None => out.push(format!("column `{t}.{}` remains", column.name)),
            Some(old) if old != column => out.push(format!(
                "column `{t}.{}` changed: {}",
                column.name,
                describe_change(old, column)
            )),
            Some(_) => {}
        }
    }
    for column in &before.columns {
        if after.column(&column.name).is_none() {
            out.push(format!("column `{t}.{}` is gone", column.name));
        }
    }
    if before.primary_key != after.primary_key {
        out.push(format!(
            "primary key of `{t}` is ({}), was ({})",
            after.primary_key.join(", "),
            before.primary_key.join(", ")
        ));
    }
    for index in &after.indexes {
        if !before.indexes.iter().any(|i| same_index(i, index)) {
            out.push(format!(
                "index `{}` on `{t}` ({}) remains",
                index.name,
                index.columns.join(", ")
            ));
        }
    }
    for index in &before.indexes {
        if !after.indexes.iter().any(|i| same_index(i, index)) {
            out.push(format!(
                "index `{}` on `{t}` ({}) is gone",
                index.name,
                index.columns.join(", ")
            ));
        }
    }
    for fk in &after.foreign_keys {
        if !before.foreign_keys.contains(fk) {
            out.push(format!("foreign key {} remains", describe_fk(t, fk)));
        }
    }
    for fk in &before.foreign_keys {
        if !after.foreign_keys.contains(fk) {
            out.push(format!("foreign key {} is gone", describe_fk(t, fk)));
        }
    }
}

fn same_index(a: &LiveIndex, b: &LiveIndex) -> bool {
    a == b
}

fn describe_fk(table: &str, fk: &LiveForeignKey) -> String {
    let name = fk
        .name
        .as_deref()
        .map(|n| format!("`{n}` "))
        .unwrap_or_default();
    format!(
        "{name}from `{table}` ({}) to `{}` ({})",
        fk.columns.join(", "),
        fk.foreign_table,
        fk.foreign_columns.join(", ")
    )
}

fn describe_change(before: &LiveColumn, after: &LiveColumn) -> String {
    let mut parts = Vec::new();
    if before.declared_type != after.declared_type || before.column_type != after.column_type {
        parts.push(format!(
            "type `{}`, was `{}`",
            after.declared_type, before.declared_type
        ));
    }
    if before.not_null != after.not_null {
        parts.push(if after.not_null {
            "now NOT NULL".to_owned()
        } else {
            "now nullable".to_owned()
        });
    }
    if before.has_default != after.has_default {
        parts.push(if after.has_default {
            "now has a default".to_owned()
        } else {
            "lost its default".to_owned()
        });
    }
    if before.auto_increment != after.auto_increment {
        parts.push("auto-increment changed".to_owned());
    }
    parts.join(", ")
}
