//! ER diagrams of the entity model, for `validator graph`: Mermaid (`erDiagram`) and
//! Graphviz DOT.
//!
//! Each entity shows its table, primary key and foreign key columns. Each `belongs_to`
//! becomes one edge from the table that holds the foreign key to the table it references,
//! with its cardinality (a nullable key makes the parent optional; a unique key makes it
//! one-to-one) and its `on_delete` action. The output is sorted, so it is stable under
//! reordering of files and fields and can be committed and diffed.

use std::collections::BTreeSet;
use std::fmt::Write;

use crate::model::{Column, Entity, Model, Relation, RelationKind};

/// Which diagram language to write.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum DiagramFormat {
    #[default]
    Mermaid,
    Dot,
}

/// One foreign key edge, resolved to tables and columns.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct ForeignKey {
    child: String,
    parent: String,
    columns: Vec<String>,
    referenced: Vec<String>,
    nullable: bool,
    unique: bool,
    on_delete: Option<String>,
}

/// One table box.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct TableBox {
    table: String,
    /// (column, type, marks) for key columns, in declaration order.
    keys: Vec<(String, String, Vec<&'static str>)>,
}

/// Renders `model` as an ER diagram.
pub fn render(model: &Model, format: DiagramFormat) -> String {
    let (tables, edges) = collect(model);
    match format {
        DiagramFormat::Mermaid => mermaid(&tables, &edges),
        DiagramFormat::Dot => dot(&tables, &edges),
    }
}

fn collect(model: &Model) -> (Vec<TableBox>, Vec<ForeignKey>) {
    let mut edges = BTreeSet::new();
    for entity in &model.entities {
        for relation in entity.relations.iter().filter(|r| is_foreign_key(r)) {
            let parent = relation.target.resolved.and_then(|id| model.entity(id));
            if let Some(edge) = parent.and_then(|parent| foreign_key(entity, parent, relation)) {
                edges.insert(edge);
            }
        }
    }
    let mut tables: Vec<TableBox> = model
        .entities
        .iter()
        .map(|entity| table_box(model, entity, &edges))
        .collect();
    tables.sort();
    tables.dedup_by(|a, b| a.table == b.table);
    (tables, edges.into_iter().collect())
}

fn is_foreign_key(relation: &Relation) -> bool {
    relation.kind == RelationKind::BelongsTo && relation.delegate.is_none()
}

fn foreign_key(child: &Entity, parent: &Entity, relation: &Relation) -> Option<ForeignKey> {
    let columns: Vec<&Column> = relation
        .from
        .iter()
        .map(|name| child.column(name))
        .collect::<Option<_>>()?;
    let referenced: Vec<String> = relation
        .to
        .iter()
        .map(|name| {
            parent
                .column(name)
                .map_or_else(|| name.to_string(), |c| c.column_name.to_string())
        })
        .collect();
    let unique = match columns.as_slice() {
        [only] => only.unique || (only.primary_key && child.primary_key().len() == 1),
        _ => false,
    };
    Some(ForeignKey {
        child: child.table.to_string(),
        parent: parent.table.to_string(),
        columns: columns.iter().map(|c| c.column_name.to_string()).collect(),
        referenced,
        nullable: columns.iter().any(|c| c.nullable) || relation.optional,
        unique,
        on_delete: relation.on_delete.as_ref().map(ToString::to_string),
    })
}

fn table_box(model: &Model, entity: &Entity, edges: &BTreeSet<ForeignKey>) -> TableBox {
    let fk_columns: BTreeSet<&str> = edges
        .iter()
        .filter(|edge| edge.child == entity.table)
        .flat_map(|edge| edge.columns.iter().map(String::as_str))
        .collect();
    let keys = entity
        .columns
        .iter()
        .filter(|c| c.primary_key || fk_columns.contains(c.column_name.as_str()))
        .map(|c| {
            let mut marks = Vec::new();
            if c.primary_key {
                marks.push("PK");
            }
            if fk_columns.contains(c.column_name.as_str()) {
                marks.push("FK");
            }
            if c.unique {
                marks.push("UK");
            }
            (c.column_name.to_string(), type_word(model, c), marks)
        })
        .collect();
    TableBox {
        table: entity.table.to_string(),
        keys,
    }
}

/// A one-word type for the diagram: the Rust base type, `?` appended when nullable.
fn type_word(model: &Model, column: &Column) -> String {
    let base = model.unalias(&column.base_type);
    let word: String = base
        .rsplit("::")
        .next()
        .unwrap_or(base)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    let word = if word.is_empty() {
        "unknown".to_owned()
    } else {
        word
    };
    if column.nullable {
        format!("{word}_null")
    } else {
        word
    }
}

fn edge_label(edge: &ForeignKey) -> String {
    let mut label = format!(
        "{} -> {}",
        edge.columns.join(", "),
        edge.referenced.join(", ")
    );
    if let Some(action) = &edge.on_delete {
        let _ = write!(label, ", on_delete {action}");
    }
    label
}

fn mermaid(tables: &[TableBox], edges: &[ForeignKey]) -> String {
    let mut out = String::from("erDiagram\n");
    for table in tables {
        let _ = writeln!(out, "    {} {{", mermaid_name(&table.table));
        for (column, ty, marks) in &table.keys {
            let _ = write!(out, "        {ty} {column}");
            if !marks.is_empty() {
                let _ = write!(out, " {}", marks.join(", "));
            }
            out.push('\n');
        }
        out.push_str("    }\n");
    }
    for edge in edges {
        // Parent side first: exactly one parent, or none when the key is nullable; child
        // side: zero or one when the key is unique, else zero or more.
        let parent_end = if edge.nullable { "|o" } else { "||" };
        let child_end = if edge.unique { "o|" } else { "o{" };
        let _ = writeln!(
            out,
            "    {} {parent_end}--{child_end} {} : \"{}\"",
            mermaid_name(&edge.parent),
            mermaid_name(&edge.child),
            edge_label(edge).replace('"', "'")
        );
    }
    out
}

/// Mermaid entity names are bare words; quote anything else.
fn mermaid_name(table: &str) -> String {
    if table
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        table.to_owned()
    } else {
        format!("\"{}\"", table.replace('"', "'"))
    }
}

fn dot(tables: &[TableBox], edges: &[ForeignKey]) -> String {
    let mut out = String::from(
        "digraph entities {\n    rankdir=LR;\n    node [shape=plaintext, fontname=\"Helvetica\"];\n    edge [fontname=\"Helvetica\", fontsize=10];\n",
    );
    for table in tables {
        let _ = write!(
            out,
            "    {} [label=<<table border=\"0\" cellborder=\"1\" cellspacing=\"0\"><tr><td bgcolor=\"lightgrey\"><b>{}</b></td></tr>",
            dot_id(&table.table),
            html(&table.table)
        );
        for (column, ty, marks) in &table.keys {
            let _ = write!(
                out,
                "<tr><td align=\"left\">{} {}{}</td></tr>",
                html(column),
                html(ty),
                if marks.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", marks.join(", "))
                }
            );
        }
        out.push_str("</table>>];\n");
    }
    for edge in edges {
        let head = if edge.nullable { "teeodot" } else { "teetee" };
        let tail = if edge.unique { "teeodot" } else { "crowodot" };
        let _ = writeln!(
            out,
            "    {} -> {} [label=\"{}\", dir=both, arrowhead={head}, arrowtail={tail}];",
            dot_id(&edge.child),
            dot_id(&edge.parent),
            edge_label(edge).replace('"', "\\\"")
        );
    }
    out.push_str("}\n");
    out
}

fn dot_id(table: &str) -> String {
    format!("\"{}\"", table.replace('\\', "\\\\").replace('"', "\\\""))
}

fn html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
