use super::Context;
use crate::diagnostic::{Finding, Label};
use crate::model::{EntityId, Linked};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Finds an `impl Linked` whose hops do not meet: the first hop must start at
    /// `FromEntity`, each hop must start where the one before it ends, and the last must
    /// end at `ToEntity`.
    ///
    /// ## Why is this bad?
    /// SeaORM joins the hops in order without checking them. A chain that restarts from
    /// the wrong table compiles, then `find_linked` joins a table twice under different
    /// aliases, and the query fails at run time or returns the wrong rows.
    ///
    /// ## Example
    /// ```rust
    /// // track -> album, then track -> album again
    /// fn link(&self) -> Vec<RelationDef> {
    ///     vec![super::album::Relation::Track.def().rev(), Relation::Album.def()]
    /// }
    /// ```
    /// Use instead:
    /// ```rust
    /// fn link(&self) -> Vec<RelationDef> {
    ///     vec![Relation::Album.def()]
    /// }
    /// ```
    pub(crate) static RULE = ("broken-linked-chain", Entity, Error);
}

/// Where the chain breaks.
enum Break {
    /// Hop `0` does not start at `FromEntity`.
    Start { starts: EntityId, from: EntityId },
    /// Hop `hop` (0-based) starts at `starts`, but the hop before ends at `ends`.
    Gap {
        hop: usize,
        ends: EntityId,
        starts: EntityId,
    },
    /// The last hop ends at `ends`, not at `ToEntity`.
    End {
        hop: usize,
        ends: EntityId,
        to: EntityId,
    },
}

fn finding(cx: &Context<'_>, l: &Linked, b: &Break) -> Finding {
    let name = |id: EntityId| {
        cx.entity(id)
            .map_or_else(|| "?".to_owned(), |e| e.module_name().to_owned())
    };
    let span = |hop: usize| l.hop_spans.get(hop).copied().unwrap_or(l.span);
    let (hop, message, help) = match *b {
        Break::Start { starts, from } => (
            0,
            format!(
                "hop 1 of `Linked` `{}` starts at `{}`, but `FromEntity` is `{}`",
                l.name,
                name(starts),
                name(from)
            ),
            format!(
                "start the chain with a relation of `{f}` (`Relation::X.def()` in `{f}`), or a relation to `{f}` reversed (`.def().rev()`)",
                f = name(from)
            ),
        ),
        Break::Gap { hop, ends, starts } => (
            hop,
            format!(
                "hop {} of `Linked` `{}` starts at `{}`, but hop {hop} ends at `{}`",
                hop + 1,
                l.name,
                name(starts),
                name(ends)
            ),
            format!(
                "make hop {} a relation of `{e}` (`super::{e}::Relation::X.def()`), or a relation to `{e}` reversed (`.def().rev()`)",
                hop + 1,
                e = name(ends)
            ),
        ),
        Break::End { hop, ends, to } => (
            hop,
            format!(
                "the last hop of `Linked` `{}` ends at `{}`, but `ToEntity` is `{}`",
                l.name,
                name(ends),
                name(to)
            ),
            format!("end the chain with a relation that leads to `{}`", name(to)),
        ),
    };
    let mut f = Finding::new(
        &RULE,
        message,
        Label::new(&l.file, span(hop), "this hop does not meet the chain"),
    );
    if hop > 0 {
        f = f.with_related(Label::new(
            &l.file,
            span(hop - 1),
            format!("hop {hop} ends here"),
        ));
    }
    f.with_help(help).with_anchor(
        l.span
            .to(l.hop_spans.last().copied().unwrap_or(l.span))
            .lines(),
    )
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for l in &cx.model.linked {
        if let Some(b) = first_break(cx, l) {
            out.push(finding(cx, l, &b));
        }
    }
}

fn first_break(cx: &Context<'_>, l: &Linked) -> Option<Break> {
    let (from, to) = (l.from.resolved?, l.to.resolved?);
    // Hops whose ends are unknown (outside the checked files) end the check quietly.
    let hops: Vec<(EntityId, EntityId)> = l
        .link
        .iter()
        .map(|x| cx.endpoints(from, x))
        .collect::<Option<_>>()?;
    let (first, last) = (hops.first()?, hops.last()?);
    if !cx.same_table(first.0, from) {
        return Some(Break::Start {
            starts: first.0,
            from,
        });
    }
    for (i, pair) in hops.windows(2).enumerate() {
        if let [a, b] = pair
            && !cx.same_table(a.1, b.0)
        {
            return Some(Break::Gap {
                hop: i + 1,
                ends: a.1,
                starts: b.0,
            });
        }
    }
    (!cx.same_table(last.1, to)).then_some(Break::End {
        hop: hops.len() - 1,
        ends: last.1,
        to,
    })
}
