use super::context::Context;
use crate::diagnostic::{Finding, Label};
use crate::model::{Entity, rust_ident};
use crate::rule::declare_rule;
use crate::source::{LineRange, Span};

declare_rule! {
    /// ## What it does
    /// Finds a relation, or an `impl Related<X>`, whose target path
    /// (`super::usr::Entity`, `crate::entities::user::Entity`) names no entity in the
    /// checked files.
    ///
    /// ## Why is this bad?
    /// Either the module was renamed or deleted and the code no longer compiles, or the
    /// relation points at an entity outside the checked set, so none of the other checks
    /// can follow it. Paths that may lead outside the checked files (another crate, a
    /// module declared but not checked) are `relation-target-outside` instead.
    ///
    /// ## Example
    /// ```rust
    /// #[sea_orm(belongs_to, from = "user_id", to = "id")]
    /// pub user: BelongsTo<super::usr::Entity>,
    /// ```
    /// Use instead:
    /// ```rust
    /// #[sea_orm(belongs_to, from = "user_id", to = "id")]
    /// pub user: BelongsTo<super::user::Entity>,
    /// ```
    pub(crate) static RULE = ("dangling-relation-target", Entity, Error);
}

fn finding(
    cx: &Context<'_>,
    e: &Entity,
    what: &str,
    path: &str,
    span: Span,
    item: LineRange,
) -> Finding {
    let module = path
        .trim_end_matches("::Entity")
        .rsplit("::")
        .next()
        .unwrap_or(path);
    let module = module.strip_prefix("r#").unwrap_or(module);
    let close = cx
        .entities()
        .map(|(_, x)| {
            (
                strsim::levenshtein(x.module_name(), module),
                x.module_name(),
            )
        })
        .filter(|(d, _)| *d <= 3)
        .min();
    let help = match close {
        Some((_, m)) => format!("did you mean `{}`?", replace_module(path, module, m)),
        None => format!("point it at an existing entity module, or add the `{module}` entity"),
    };
    Finding::new(
        &RULE,
        format!("{what} `{path}` is not an entity in the checked files"),
        Label::new(&e.file, span, format!("`{path}` not found")),
    )
    .with_help(help)
    .with_anchor(item)
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for (_, e) in cx.entities() {
        for rel in e.relations.iter().filter(|r| r.delegate.is_none()) {
            if rel.target.resolved.is_none() && rel.target.local {
                let what = format!("`{}` target", rel.kind.as_str());
                out.push(finding(cx, e, &what, &rel.target.path, rel.span, rel.item));
            }
        }
        for ri in e.related.iter().filter(|r| !r.generated) {
            if ri.target.resolved.is_none() && ri.target.local {
                out.push(finding(
                    cx,
                    e,
                    "`Related` target",
                    &ri.target.path,
                    ri.span,
                    ri.item,
                ));
            }
        }
    }
}

/// `path` with its module segment `module` (written raw or not) replaced by `with`, as
/// Rust must write it (`super::r#type::Entity`, never `super::type::Entity`).
fn replace_module(path: &str, module: &str, with: &str) -> String {
    path.split("::")
        .map(|seg| {
            if seg.trim().strip_prefix("r#").unwrap_or(seg.trim()) == module {
                rust_ident(with)
            } else {
                seg.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("::")
}

#[cfg(test)]
mod tests {
    #[test]
    fn suggestions_compile() {
        assert_eq!(
            super::replace_module("super::retrun::Entity", "retrun", "return"),
            "super::r#return::Entity"
        );
        assert_eq!(
            super::replace_module("super::usr::Entity", "usr", "user"),
            "super::user::Entity"
        );
    }
}
