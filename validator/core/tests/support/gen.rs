//! Generates consistent SeaORM entity crates (dense, compact and expanded modules mixed,
//! random foreign keys), and injects one defect of a chosen kind. Shared by the property
//! tests and the benches (`#[path]`-included), so it depends on nothing but std.

#![allow(dead_code)]

use std::fmt::Write as _;

/// A tiny deterministic PRNG (xorshift64*), so a seed reproduces a crate.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Dense,
    Compact,
    Expanded,
}

#[derive(Clone, Debug)]
pub struct Fk {
    pub parent: usize,
    pub nullable: bool,
    pub unique: bool,
    /// Column type written on the child (normally `i64`).
    pub ty: &'static str,
    /// `from` column name as written in the relation (normally the column itself).
    pub from_name: Option<String>,
    /// Target module override (for a dangling target).
    pub target_module: Option<String>,
    /// `to` column on the parent.
    pub to: &'static str,
    pub on_delete: &'static str,
    /// The parent declares the reverse relation.
    pub back_reference: bool,
    /// The parent declares `has_one` even though the key is not unique.
    pub force_has_one: bool,
    /// Expanded only: the builder calls `.to(..)`.
    pub call_to: bool,
    /// Compact/expanded child: `Related<parent>::to()` written as the parent's reverse.
    pub recursive_related: bool,
}

#[derive(Clone, Debug)]
pub struct GenEntity {
    pub format: Format,
    pub fks: Vec<Fk>,
    pub primary_key: bool,
    pub typo: bool,
    /// Compact/expanded: `Related<first parent>` returns the second relation's variant.
    pub wrong_related: bool,
}

#[derive(Clone, Debug)]
pub struct Schema {
    pub entities: Vec<GenEntity>,
}

/// The defects [`inject`] can plant, with the rule expected to report each.
pub const DEFECTS: &[(&str, &str)] = &[
    ("drop-back-reference", "missing-back-reference"),
    ("fk-type", "relation-column-type-mismatch"),
    ("from-typo", "unknown-relation-column"),
    ("dangling", "dangling-relation-target"),
    ("to-non-unique", "referenced-column-not-unique"),
    ("set-null", "set-null-on-required-column"),
    ("has-one", "has-one-on-non-unique-foreign-key"),
    ("attr-typo", "unknown-column-attribute"),
    ("no-primary-key", "missing-primary-key"),
    ("cycle", "required-foreign-key-cycle"),
    ("recursive", "recursive-related"),
    ("wrong-related", "related-impl-mismatch"),
    ("no-to", "expanded-relation-missing-from-or-to"),
];

pub fn name(i: usize) -> String {
    format!("e{i}")
}

fn camel(i: usize) -> String {
    format!("E{i}")
}

impl Schema {
    /// A consistent crate: foreign keys only point at earlier entities (no cycle), each
    /// child has at most one key per parent, every parent declares the reverse.
    pub fn generate(n: usize, rng: &mut Rng) -> Schema {
        let formats = [Format::Dense, Format::Compact, Format::Expanded];
        let entities = (0..n)
            .map(|i| {
                let mut parents: Vec<usize> = Vec::new();
                if i > 0 {
                    for _ in 0..rng.below(4) {
                        let p = rng.below(i);
                        if !parents.contains(&p) {
                            parents.push(p);
                        }
                    }
                }
                let fks = parents
                    .into_iter()
                    .map(|parent| Fk {
                        parent,
                        nullable: rng.chance(30),
                        unique: rng.chance(10),
                        ty: "i64",
                        from_name: None,
                        target_module: None,
                        to: "id",
                        on_delete: if rng.chance(50) {
                            "Cascade"
                        } else {
                            "Restrict"
                        },
                        back_reference: true,
                        force_has_one: false,
                        call_to: true,
                        recursive_related: false,
                    })
                    .collect();
                GenEntity {
                    format: formats[rng.below(3)],
                    fks,
                    primary_key: true,
                    typo: false,
                    wrong_related: false,
                }
            })
            .collect();
        Schema { entities }
    }

    /// Plant one defect of `kind`; returns false when this crate has no place for it.
    pub fn inject(&mut self, kind: &str, rng: &mut Rng) -> bool {
        let n = self.entities.len();
        let with_fk: Vec<usize> = (0..n)
            .filter(|i| !self.entities[*i].fks.is_empty())
            .collect();
        let pick = |rng: &mut Rng, v: &[usize]| -> Option<usize> {
            if v.is_empty() {
                None
            } else {
                Some(v[rng.below(v.len())])
            }
        };
        match kind {
            "drop-back-reference"
            | "fk-type"
            | "from-typo"
            | "dangling"
            | "to-non-unique"
            | "set-null"
            | "has-one" => {
                // A key whose `.to(..)` is missing has no type to compare with (and a fix
                // that adds `.to(..)` would reveal it): leave those alone.
                let with_to: Vec<usize> = with_fk
                    .iter()
                    .copied()
                    .filter(|i| kind != "fk-type" || self.entities[*i].fks[0].call_to)
                    .collect();
                let Some(c) = pick(rng, &with_to) else {
                    return false;
                };
                let fk = &mut self.entities[c].fks[0];
                match kind {
                    "drop-back-reference" => fk.back_reference = false,
                    "fk-type" => fk.ty = "i32",
                    "from-typo" => fk.from_name = Some(format!("{}_idd", name(fk.parent))),
                    "dangling" => fk.target_module = Some("missing_table".into()),
                    "to-non-unique" => fk.to = "code",
                    "set-null" => {
                        fk.nullable = false;
                        fk.on_delete = "SetNull";
                    }
                    _ => {
                        fk.unique = false;
                        fk.force_has_one = true;
                    }
                }
                true
            }
            "attr-typo" => {
                // Expanded modules have no column attributes to misspell.
                let i = rng.below(n);
                if self.entities[i].format == Format::Expanded {
                    self.entities[i].format = Format::Dense;
                }
                self.entities[i].typo = true;
                true
            }
            "no-primary-key" => {
                let i = rng.below(n);
                self.entities[i].primary_key = false;
                true
            }
            "cycle" => {
                // The first entity gets a required key to the last one, which (directly
                // or through its own chain) must lead back: give the last a required key
                // to the first as well.
                if n < 2 {
                    return false;
                }
                let last = n - 1;
                let fk = |parent| Fk {
                    parent,
                    nullable: false,
                    unique: false,
                    ty: "i64",
                    from_name: None,
                    target_module: None,
                    to: "id",
                    on_delete: "Cascade",
                    back_reference: true,
                    force_has_one: false,
                    call_to: true,
                    recursive_related: false,
                };
                self.entities[0].fks.push(fk(last));
                self.entities[last].fks.retain(|f| f.parent != 0);
                self.entities[last].fks.push(fk(0));
                true
            }
            "recursive" => {
                let v: Vec<usize> = with_fk
                    .iter()
                    .copied()
                    .filter(|i| self.entities[*i].format == Format::Compact)
                    .collect();
                let Some(c) = pick(rng, &v) else { return false };
                let p = self.entities[c].fks[0].parent;
                if self.entities[p].format != Format::Compact {
                    self.entities[p].format = Format::Compact;
                }
                self.entities[c].fks[0].recursive_related = true;
                self.entities[c].fks[0].force_has_one = false;
                self.entities[c].fks[0].unique = false;
                true
            }
            "wrong-related" => {
                let v: Vec<usize> = (0..n)
                    .filter(|i| {
                        self.entities[*i].fks.len() >= 2
                            && self.entities[*i].format != Format::Dense
                    })
                    .collect();
                let Some(c) = pick(rng, &v) else { return false };
                self.entities[c].wrong_related = true;
                true
            }
            "no-to" => {
                let v: Vec<usize> = with_fk
                    .iter()
                    .copied()
                    .filter(|i| self.entities[*i].format == Format::Expanded)
                    .collect();
                let Some(c) = pick(rng, &v) else { return false };
                self.entities[c].fks[0].call_to = false;
                true
            }
            _ => false,
        }
    }

    /// Children of each parent: (child, fk index).
    fn children(&self) -> Vec<Vec<(usize, usize)>> {
        let mut out = vec![Vec::new(); self.entities.len()];
        for (c, e) in self.entities.iter().enumerate() {
            for (k, fk) in e.fks.iter().enumerate() {
                if fk.target_module.is_none() {
                    out[fk.parent].push((c, k));
                }
            }
        }
        out
    }

    /// `(file name, text)` for every module plus `lib.rs`.
    pub fn render(&self) -> Vec<(String, String)> {
        let children = self.children();
        let mut files = Vec::with_capacity(self.entities.len() + 1);
        let mut lib = String::new();
        for i in 0..self.entities.len() {
            let _ = writeln!(lib, "pub mod {};", name(i));
        }
        files.push(("lib.rs".to_owned(), lib));
        for (i, e) in self.entities.iter().enumerate() {
            let text = match e.format {
                Format::Dense => self.dense(i, e, &children[i]),
                Format::Compact => self.compact(i, e, &children[i]),
                Format::Expanded => self.expanded(i, e, &children[i]),
            };
            files.push((format!("{}.rs", name(i)), text));
        }
        files
    }

    fn target(fk: &Fk) -> String {
        fk.target_module.clone().unwrap_or_else(|| name(fk.parent))
    }

    fn col(fk: &Fk) -> String {
        format!("{}_id", name(fk.parent))
    }

    fn has_kind(&self, child: usize, k: usize) -> &'static str {
        let fk = &self.entities[child].fks[k];
        if fk.unique || fk.force_has_one {
            "has_one"
        } else {
            "has_many"
        }
    }

    fn fields(e: &GenEntity, out: &mut String) {
        let pk = if e.primary_key {
            "#[sea_orm(primary_key)]\n    "
        } else {
            ""
        };
        let _ = write!(
            out,
            "    {pk}pub id: i64,\n    #[sea_orm({})]\n    pub code: String,\n",
            if e.typo { "indexd" } else { "indexed" }
        );
        for fk in &e.fks {
            let ty = if fk.nullable {
                format!("Option<{}>", fk.ty)
            } else {
                fk.ty.to_owned()
            };
            let idx = if fk.unique { "unique" } else { "indexed" };
            let _ = write!(
                out,
                "    #[sea_orm({idx})]\n    pub {}: {ty},\n",
                Self::col(fk)
            );
        }
    }

    fn dense(&self, i: usize, e: &GenEntity, children: &[(usize, usize)]) -> String {
        let mut s = format!(
            "use sea_orm::entity::prelude::*;\n\n#[sea_orm::model]\n#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]\n#[sea_orm(table_name = \"{}\")]\npub struct Model {{\n",
            name(i)
        );
        Self::fields(e, &mut s);
        for fk in &e.fks {
            let from = fk.from_name.clone().unwrap_or_else(|| Self::col(fk));
            let target = if fk.nullable {
                format!("Option<super::{}::Entity>", Self::target(fk))
            } else {
                format!("super::{}::Entity", Self::target(fk))
            };
            let _ = write!(
                s,
                "    #[sea_orm(belongs_to, from = \"{from}\", to = \"{}\", on_delete = \"{}\")]\n    pub {}: BelongsTo<{target}>,\n",
                fk.to,
                fk.on_delete,
                Self::target(fk)
            );
        }
        for &(c, k) in children {
            if !self.entities[c].fks[k].back_reference {
                continue;
            }
            let kind = self.has_kind(c, k);
            let ty = if kind == "has_one" {
                "HasOne"
            } else {
                "HasMany"
            };
            let _ = write!(
                s,
                "    #[sea_orm({kind})]\n    pub {}_rows: {ty}<super::{}::Entity>,\n",
                name(c),
                name(c)
            );
        }
        s.push_str("}\n\nimpl ActiveModelBehavior for ActiveModel {}\n");
        s
    }

    fn related_impls(&self, i: usize, e: &GenEntity, children: &[(usize, usize)], s: &mut String) {
        for (k, fk) in e.fks.iter().enumerate() {
            let variant = if e.wrong_related && k == 0 {
                Self::variant(&e.fks[1])
            } else {
                Self::variant(fk)
            };
            let body = if fk.recursive_related {
                format!(
                    "super::{}::Relation::{}.def().rev()",
                    name(fk.parent),
                    camel(i)
                )
            } else {
                format!("Relation::{variant}.def()")
            };
            let _ = write!(
                s,
                "\nimpl Related<super::{}::Entity> for Entity {{\n    fn to() -> RelationDef {{\n        {body}\n    }}\n}}\n",
                Self::target(fk)
            );
        }
        for &(c, k) in children {
            if self.entities[c].fks[k].back_reference {
                let _ = write!(
                    s,
                    "\nimpl Related<super::{}::Entity> for Entity {{\n    fn to() -> RelationDef {{\n        Relation::{}.def()\n    }}\n}}\n",
                    name(c),
                    camel(c)
                );
            }
        }
    }

    fn variant(fk: &Fk) -> String {
        match &fk.target_module {
            Some(m) => m
                .split('_')
                .map(|w| {
                    let mut c = w.chars();
                    c.next()
                        .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                        .unwrap_or_default()
                })
                .collect(),
            None => camel(fk.parent),
        }
    }

    fn compact(&self, i: usize, e: &GenEntity, children: &[(usize, usize)]) -> String {
        let mut s = format!(
            "use sea_orm::entity::prelude::*;\n\n#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]\n#[sea_orm(table_name = \"{}\")]\npub struct Model {{\n",
            name(i)
        );
        Self::fields(e, &mut s);
        s.push_str(
            "}\n\n#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]\npub enum Relation {\n",
        );
        for fk in &e.fks {
            let from = fk.from_name.clone().unwrap_or_else(|| Self::col(fk));
            let _ = write!(
                s,
                "    #[sea_orm(\n        belongs_to = \"super::{t}::Entity\",\n        from = \"Column::{}\",\n        to = \"super::{t}::Column::{}\",\n        on_delete = \"{}\"\n    )]\n    {},\n",
                pascal(&from),
                pascal(fk.to),
                fk.on_delete,
                Self::variant(fk),
                t = Self::target(fk)
            );
        }
        for &(c, k) in children {
            if self.entities[c].fks[k].back_reference {
                let _ = write!(
                    s,
                    "    #[sea_orm({} = \"super::{}::Entity\")]\n    {},\n",
                    self.has_kind(c, k),
                    name(c),
                    camel(c)
                );
            }
        }
        s.push_str("}\n");
        self.related_impls(i, e, children, &mut s);
        s.push_str("\nimpl ActiveModelBehavior for ActiveModel {}\n");
        s
    }

    fn expanded(&self, i: usize, e: &GenEntity, children: &[(usize, usize)]) -> String {
        let mut s = format!(
            "use sea_orm::entity::prelude::*;\n\n#[derive(Copy, Clone, Default, Debug, DeriveEntity)]\npub struct Entity;\n\nimpl EntityName for Entity {{\n    fn table_name(&self) -> &'static str {{\n        \"{}\"\n    }}\n}}\n\n#[derive(Clone, Debug, PartialEq, Eq, DeriveModel, DeriveActiveModel)]\npub struct Model {{\n    pub id: i64,\n    pub code: String,\n",
            name(i)
        );
        for fk in &e.fks {
            let ty = if fk.nullable {
                format!("Option<{}>", fk.ty)
            } else {
                fk.ty.to_owned()
            };
            let _ = writeln!(s, "    pub {}: {ty},", Self::col(fk));
        }
        s.push_str("}\n\n#[derive(Copy, Clone, Debug, EnumIter, DeriveColumn)]\npub enum Column {\n    Id,\n    Code,\n");
        for fk in &e.fks {
            let _ = writeln!(s, "    {},", pascal(&Self::col(fk)));
        }
        s.push_str("}\n\n#[derive(Copy, Clone, Debug, EnumIter, DerivePrimaryKey)]\npub enum PrimaryKey {\n");
        if e.primary_key {
            s.push_str("    Id,\n");
        }
        s.push_str("}\n\nimpl PrimaryKeyTrait for PrimaryKey {\n    type ValueType = i64;\n    fn auto_increment() -> bool {\n        true\n    }\n}\n\n#[derive(Copy, Clone, Debug, EnumIter)]\npub enum Relation {\n");
        let mut arms = String::new();
        for fk in &e.fks {
            let v = Self::variant(fk);
            let _ = writeln!(s, "    {v},");
            let from = fk.from_name.clone().unwrap_or_else(|| Self::col(fk));
            let to = if fk.call_to {
                format!(
                    "\n                .to(super::{}::Column::{})",
                    Self::target(fk),
                    pascal(fk.to)
                )
            } else {
                String::new()
            };
            let _ = writeln!(
                arms,
                "            Self::{v} => Entity::belongs_to(super::{}::Entity)\n                .from(Column::{}){to}\n                .on_delete(ForeignKeyAction::{})\n                .into(),",
                Self::target(fk),
                pascal(&from),
                fk.on_delete
            );
        }
        for &(c, k) in children {
            if self.entities[c].fks[k].back_reference {
                let _ = writeln!(s, "    {},", camel(c));
                let _ = writeln!(
                    arms,
                    "            Self::{} => Entity::{}(super::{}::Entity).into(),",
                    camel(c),
                    self.has_kind(c, k),
                    name(c)
                );
            }
        }
        s.push_str("}\n\nimpl ColumnTrait for Column {\n    type EntityName = Entity;\n    fn def(&self) -> ColumnDef {\n        match self {\n            Self::Id => ColumnType::BigInteger.def(),\n");
        let _ = writeln!(
            s,
            "            Self::Code => ColumnType::String(StringLen::None).def(){},",
            if e.typo { "" } else { ".indexed()" }
        );
        for fk in &e.fks {
            let mut d = "ColumnType::BigInteger.def()".to_owned();
            if fk.nullable {
                d.push_str(".null()");
            }
            d.push_str(if fk.unique { ".unique()" } else { ".indexed()" });
            let _ = writeln!(s, "            Self::{} => {d},", pascal(&Self::col(fk)));
        }
        s.push_str("        }\n    }\n}\n\nimpl RelationTrait for Relation {\n    fn def(&self) -> RelationDef {\n");
        if arms.is_empty() {
            s.push_str("        panic!(\"No RelationDef\")\n");
        } else {
            let _ = write!(s, "        match self {{\n{arms}        }}\n");
        }
        s.push_str("    }\n}\n");
        self.related_impls(i, e, children, &mut s);
        s.push_str("\nimpl ActiveModelBehavior for ActiveModel {}\n");
        s
    }
}

fn pascal(snake: &str) -> String {
    snake
        .split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}
