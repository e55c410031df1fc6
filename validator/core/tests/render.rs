//! Findings that do not point into Rust: a SQL file (migration lint) and a location that
//! exists only in a database (drift) render in every format.

use validator_core::diagnostic::{Finding, Label};
use validator_core::render::{Format, Options, render};
use validator_core::source::{Pos, SourceFile, Span};
use validator_core::{Report, rules};

fn report() -> Report {
    let mut report = Report::default();
    report.sources.insert(SourceFile::new(
        "migrations/0001.sql".into(),
        "CREATE TABLE t (id int);\nDROP TABLE users;\n".into(),
    ));
    let rule = rules::find("unused-suppression").expect("rule");
    let span = Span {
        start: Pos { line: 2, column: 1 },
        end: Pos {
            line: 2,
            column: 18,
        },
    };
    report.findings.push(
        Finding::new(
            rule,
            "`DROP TABLE users` loses data",
            Label::new("migrations/0001.sql", span, "dropped here"),
        )
        .with_related(Label::detached("table `users` holds rows in the database"))
        .with_help("keep the table"),
    );
    report.findings.push(Finding::new(
        rule,
        "column `users.email` exists only in the database",
        Label::detached("database column"),
    ));
    report.summary.count(&report.findings.clone());
    report
}

#[test]
fn sql_and_database_locations_render() {
    let r = report();
    let human = render(
        &r,
        &Options {
            format: Format::Human,
            color: false,
            width: 80,
        },
    );
    assert!(human.contains("migrations/0001.sql:2:1"), "{human}");
    assert!(human.contains("DROP TABLE users;"), "{human}");
    assert!(
        human.contains("database: table `users` holds rows"),
        "{human}"
    );
    assert!(human.contains("exists only in the database"), "{human}");

    let json: serde_json::Value = serde_json::from_str(&render(
        &r,
        &Options {
            format: Format::Json,
            ..Options::default()
        },
    ))
    .expect("json");
    assert_eq!(json["findings"][0]["file"], "migrations/0001.sql");
    assert_eq!(json["findings"][0]["line"], 2);
    assert_eq!(
        json["findings"][0]["related"][0]["file"],
        serde_json::Value::Null
    );
    assert_eq!(json["findings"][1]["file"], serde_json::Value::Null);

    let sarif: serde_json::Value = serde_json::from_str(&render(
        &r,
        &Options {
            format: Format::Sarif,
            ..Options::default()
        },
    ))
    .expect("sarif");
    assert_eq!(
        sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"],
        2
    );

    let github = render(
        &r,
        &Options {
            format: Format::Github,
            ..Options::default()
        },
    );
    assert!(
        github.contains("file=migrations/0001.sql,line=2,col=1"),
        "{github}"
    );
    assert!(github.contains("%0Adatabase: table `users`"), "{github}");
}

#[test]
fn human_output_is_linear_in_findings() {
    // Many findings in one file render from the cached source, without re-reading.
    let mut r = Report::default();
    let text: String = (0..2000).map(|i| format!("line {i}\n")).collect();
    r.sources.insert(SourceFile::new("big.sql".into(), text));
    let rule = rules::find("unused-suppression").expect("rule");
    for i in 1..=2000 {
        let span = Span {
            start: Pos { line: i, column: 1 },
            end: Pos { line: i, column: 5 },
        };
        r.findings.push(Finding::new(
            rule,
            format!("finding {i}"),
            Label::new("big.sql", span, "here"),
        ));
    }
    let out = render(&r, &Options::default());
    assert_eq!(out.matches("unused-suppression").count(), 2000);
}

/// A finding with a fix renders it in every format: JSON's `fix`, SARIF's `fixes` (one
/// artifactChange per file, an empty deletedRegion for an insertion), and `fix available`
/// (or `unsafe fix available`) in the human help. A finding without one has no `fix`.
#[test]
fn fixes_render_in_every_format() {
    use validator_core::diagnostic::{Applicability, Edit, Fix};
    let at = |line, column| Pos { line, column };
    let mut r = Report::default();
    r.sources.insert(SourceFile::new(
        "user.rs".into(),
        "pub struct Model {\n    #[sea_orm(uniqe)]\n    pub email: String,\n}\n".into(),
    ));
    let rule = rules::find("unknown-column-attribute").expect("rule");
    let span = Span {
        start: at(2, 15),
        end: at(2, 20),
    };
    let replace = Edit {
        file: "user.rs".into(),
        span,
        text: "unique".into(),
    };
    let insert = Edit {
        file: "other.rs".into(),
        span: Span {
            start: at(3, 1),
            end: at(3, 1),
        },
        text: "    x\n".into(),
    };
    let fixed = |applicability| {
        Finding::new(
            rule,
            "unknown key `uniqe`",
            Label::new("user.rs", span, "here"),
        )
        .with_help("write `unique`")
        .with_fix(Fix {
            message: "replace `uniqe` with `unique`".into(),
            applicability,
            edits: vec![replace.clone(), insert.clone()],
        })
    };
    r.findings.push(fixed(Applicability::Safe));
    r.findings.push(fixed(Applicability::Unsafe));
    r.findings.push(Finding::new(
        rule,
        "no fix",
        Label::new("user.rs", span, "here"),
    ));
    r.summary.count(&r.findings.clone());
    let with = |format| {
        render(
            &r,
            &Options {
                format,
                ..Options::default()
            },
        )
    };

    let json: serde_json::Value = serde_json::from_str(&with(Format::Json)).expect("json");
    let fix = &json["findings"][0]["fix"];
    assert_eq!(fix["message"], "replace `uniqe` with `unique`");
    assert_eq!(fix["applicability"], "safe");
    assert_eq!(
        fix["edits"][0],
        serde_json::json!({"file": "user.rs", "line": 2, "column": 15, "end_line": 2,
                           "end_column": 20, "text": "unique"})
    );
    assert_eq!(fix["edits"][1]["file"], "other.rs");
    assert_eq!(json["findings"][1]["fix"]["applicability"], "unsafe");
    assert!(json["findings"][2].get("fix").is_none(), "{json}");

    let sarif: serde_json::Value = serde_json::from_str(&with(Format::Sarif)).expect("sarif");
    let results = &sarif["runs"][0]["results"];
    let fixes = results[0]["fixes"].as_array().expect("fixes");
    assert_eq!(fixes.len(), 1);
    assert_eq!(
        fixes[0]["description"]["text"],
        "replace `uniqe` with `unique`"
    );
    let changes = fixes[0]["artifactChanges"].as_array().expect("changes");
    assert_eq!(changes.len(), 2, "one artifactChange per file");
    assert_eq!(changes[0]["artifactLocation"]["uri"], "user.rs");
    assert_eq!(
        changes[0]["replacements"][0],
        serde_json::json!({
            "deletedRegion": {"startLine": 2, "startColumn": 15, "endLine": 2, "endColumn": 20},
            "insertedContent": {"text": "unique"},
        })
    );
    assert_eq!(changes[1]["artifactLocation"]["uri"], "other.rs");
    let insertion = &changes[1]["replacements"][0]["deletedRegion"];
    assert_eq!(
        (
            insertion["startColumn"].clone(),
            insertion["endColumn"].clone()
        ),
        (1.into(), 1.into())
    );
    assert!(results[2].get("fixes").is_none());

    let human = with(Format::Human);
    assert_eq!(human.matches("fix available").count(), 2, "{human}");
    assert_eq!(
        human
            .matches("unsafe fix available: `validator check --fix --unsafe-fixes`")
            .count(),
        1,
        "{human}"
    );
}
