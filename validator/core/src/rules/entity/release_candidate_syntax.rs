use std::collections::BTreeMap;
use std::path::Path;

use super::Context;
use crate::diagnostic::{Finding, Label};
use crate::model::{RcForm, RcSyntax, RelationKind};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Says, once per crate, that relations are written in syntax only SeaORM's 2.0
    /// release candidates accepted, and what 2.0.x writes instead:
    /// `#[sea_orm::model]` relation fields typed `Option<super::x::Entity>` or
    /// `Vec<super::x::Entity>` (rc.11 to rc.42), and `via = "Relation::X"` on a
    /// `DeriveRelation` variant (rc.5 to rc.10), each a note of its own. The validator
    /// reads them as the relations they declare.
    ///
    /// ## Why is this bad?
    /// SeaORM 2.0.0 no longer reads these spellings as relations: `Option<E>`/`Vec<E>`
    /// fields become columns that do not compile, and `via` is a compile error. Upgrading
    /// from a release candidate means rewriting them.
    ///
    /// ## Example
    /// ```rust
    /// #[sea_orm(belongs_to, from = "author_id", to = "id")]
    /// pub author: Option<super::author::Entity>,
    /// ```
    /// Use instead:
    /// ```rust
    /// #[sea_orm(belongs_to, from = "author_id", to = "id")]
    /// pub author: BelongsTo<super::author::Entity>,
    /// ```
    pub(crate) static RULE = ("release-candidate-syntax", Entity, Info);
}

/// `Option<E>`/`Vec<E>` fields and `via` variants belong to different release candidates:
/// each is said once per crate.
fn era(form: RcForm) -> u8 {
    match form {
        RcForm::OptionEntityField | RcForm::VecEntityField => 0,
        RcForm::DeriveRelationVia => 1,
    }
}

/// The 2.0.x spelling of one use.
fn replacement(rc: &RcSyntax) -> String {
    let t = &rc.target;
    match (rc.form, rc.kind) {
        (RcForm::OptionEntityField, Some(RelationKind::BelongsTo)) if rc.nullable => {
            format!("`BelongsTo<Option<{t}>>`")
        }
        (RcForm::OptionEntityField, Some(RelationKind::BelongsTo)) => format!("`BelongsTo<{t}>`"),
        (RcForm::OptionEntityField, _) => format!("`HasOne<{t}>`"),
        (RcForm::VecEntityField, _) => format!("`HasMany<{t}>`"),
        (RcForm::DeriveRelationVia, _) => {
            format!("`via_rel = \"{}\"`", rc.via_rel.as_deref().unwrap_or("X"))
        }
    }
}

fn finding(uses: &[&RcSyntax]) -> Option<Finding> {
    let first = uses.first()?;
    let has = |form: RcForm| uses.iter().any(|u| u.form == form);
    let (what, versions, count) = match first.form {
        RcForm::DeriveRelationVia => (
            "`via = \"Relation::X\"` on `DeriveRelation` variants".to_owned(),
            "2.0.0-rc.5 to rc.10",
            "variant",
        ),
        _ => {
            let types = match (has(RcForm::OptionEntityField), has(RcForm::VecEntityField)) {
                (true, true) => "`Option<..::Entity>` and `Vec<..::Entity>`".to_owned(),
                (true, false) => "`Option<..::Entity>`".to_owned(),
                _ => "`Vec<..::Entity>`".to_owned(),
            };
            (
                format!("relation fields typed {types}"),
                "2.0.0-rc.11 to rc.42",
                "field",
            )
        }
    };
    let n = uses.len();
    let help = match first.form {
        RcForm::DeriveRelationVia => format!(
            "write {} instead, which SeaORM reads from rc.11 on",
            replacement(first)
        ),
        _ => format!(
            "write {} here; SeaORM 2.0.x reads only `BelongsTo<..>` (`BelongsTo<Option<..>>` for a nullable key), `HasOne<..>` and `HasMany<..>` relation fields",
            replacement(first)
        ),
    };
    Some(
        Finding::new(
            &RULE,
            format!(
                "{what} are SeaORM {versions} syntax ({n} {count}{} in this crate)",
                if n == 1 { "" } else { "s" }
            ),
            Label::new(&first.file, first.span, "release-candidate syntax"),
        )
        .with_help(help)
        .with_anchor(first.item),
    )
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let mut uses: BTreeMap<(&Path, u8), Vec<&RcSyntax>> = BTreeMap::new();
    for rc in &cx.model.rc_syntax {
        uses.entry((rc.crate_dir.as_path(), era(rc.form)))
            .or_default()
            .push(rc);
    }
    out.extend(uses.values().filter_map(|u| finding(u)));
}
