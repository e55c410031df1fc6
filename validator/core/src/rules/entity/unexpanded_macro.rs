use std::collections::BTreeMap;
use std::path::Path;

use super::Context;
use crate::diagnostic::{Finding, Label};
use crate::model::MacroCall;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Says which item-level macro calls the validator did not expand, once per macro and
    /// crate, with the number of calls: a list of modules
    /// (`with_every_entity!(declare_modules);`), a helper that writes impls
    /// (`impl_safe_operation! { .. }`).
    ///
    /// ## Why is this bad?
    /// It may be harmless, but whatever the macro defines (modules, entities, relations,
    /// `Related` impls) is invisible to the rules. Module files that a macro declares are
    /// still read, found by their place in the directory. A clean run must not look like a
    /// full one, so each macro is listed (info), and the summary counts it as not
    /// understood.
    ///
    /// ## Example
    /// ```rust
    /// macro_rules! entity_modules { ($($m:ident),*) => { $(pub mod $m;)* } }
    /// entity_modules!(shelf, bin);
    /// ```
    /// Use instead:
    /// ```rust
    /// pub mod shelf;
    /// pub mod bin;
    /// ```
    pub(crate) static RULE = ("unexpanded-macro", Entity, Info);
}

fn finding(first: &MacroCall, calls: usize) -> Finding {
    let times = if calls == 1 {
        "1 call".to_owned()
    } else {
        format!("{calls} calls")
    };
    Finding::new(
        &RULE,
        format!(
            "macro `{}!` is not expanded ({times}), so modules, entities or relations it defines are not checked",
            first.name
        ),
        Label::new(&first.file, first.span, "not expanded"),
    )
    .with_help(format!(
        "if `{}!` defines entities, relations or `Related` impls, write them out; otherwise add `// validator: allow(unexpanded-macro) -- <what it defines>` above this call",
        first.name
    ))
    .with_anchor(first.item)
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    // One finding per macro and crate, at its first call (files come in path order).
    let mut calls: BTreeMap<(&Path, &str), (&MacroCall, usize)> = BTreeMap::new();
    for m in &cx.model.macros {
        calls
            .entry((m.crate_dir.as_path(), m.name.as_str()))
            .and_modify(|(_, n)| *n += 1)
            .or_insert((m, 1));
    }
    out.extend(calls.into_values().map(|(first, n)| finding(first, n)));
}
