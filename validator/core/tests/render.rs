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
