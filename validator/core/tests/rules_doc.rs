//! `docs/rules.md` lists every rule from the registry; this test keeps it current.
//! Regenerate it with `VALIDATOR_BLESS=1 cargo test -p validator-core --test rules_doc`.

use std::fmt::Write;
use std::path::Path;

use validator_core::render::applicability;
use validator_core::rules::{self, Group};

fn render() -> String {
    let mut out = String::from(
        "# Rules\n\n\
         Generated from the rule registry (`validator rules`; `validator explain <rule>` prints\n\
         a rule's whole documentation). Severities are the defaults: change them with\n\
         `--allow/--warn/--deny <rule>` or `[rules]` in `validator.toml`. Aliases are former\n\
         names and, for migration rules, the squawk rules they cover; both are accepted in\n\
         configuration and suppressions. The fix column says which rules `validator check\n\
         --fix` repairs: `safe` fixes are applied by `--fix`, `unsafe` ones only with\n\
         `--unsafe-fixes` as well.\n",
    );
    for (group, title) in [
        (Group::Entity, "Entities (`validator check`)"),
        (
            Group::Migration,
            "Migrations (`validator lint`, `migration lint`)",
        ),
        (
            Group::Drift,
            "Drift (`validator drift`, `migration verify`)",
        ),
        (Group::Meta, "The tool itself"),
    ] {
        let mut list: Vec<_> = rules::all().filter(|r| r.group == group).collect();
        list.sort_by_key(|r| r.name);
        let _ = write!(
            out,
            "\n## {title}\n\n| rule | severity | fix | what it flags | aliases |\n|---|---|---|---|---|\n"
        );
        for rule in list {
            let aliases: Vec<String> = rule.aliases.iter().map(|a| format!("`{a}`")).collect();
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} | {} |",
                rule.name,
                rule.default_severity.as_str(),
                rule.fix.map(applicability).unwrap_or(""),
                rule.summary().replace('|', "\\|"),
                aliases.join(", ")
            );
        }
    }
    out
}

#[test]
fn rules_doc_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/rules.md");
    let expected = render();
    if std::env::var_os("VALIDATOR_BLESS").is_some() {
        std::fs::write(&path, &expected).expect("write docs/rules.md");
        return;
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "validator/docs/rules.md is stale: run `VALIDATOR_BLESS=1 cargo test -p validator-core --test rules_doc`"
    );
}
