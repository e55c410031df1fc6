#!/usr/bin/env python3
"""The real-code corpus of migrations: copies the pinned sources and lints them.

    python3 validator/corpus/migrations.py fetch [--mirror-root DIR] [--dest DIR] [PROJECT...]
    python3 validator/corpus/migrations.py check [--validator BIN] [--dest DIR] [PROJECT...]
    python3 validator/corpus/migrations.py draft [--validator BIN] [--dest DIR] [PROJECT...]

`fetch` copies each project's `copy` paths at its pinned commit into DEST/<project>/
(default `target/corpus/migrations`, outside the tracked tree), from a local bare mirror
(`--mirror-root DIR` holding `<owner>+<name>/repo`, as the search tool's `fetch` leaves
them) or else from GitHub. A project already copied at its commit is left alone.

`check` runs `validator lint <args> --format json` for each run of each project from
inside its copy, so finding paths are repository paths, and compares with
`migrations.toml`: the migrations read (against the hand count), the errors, warnings and
infos (in total and per backend), and every error-level finding (rule, file, line). It
prints one table row per run and exits 1 when any run differs (0 otherwise, 2 on a usage
or setup error).

`draft` prints, for each run, the counts and the error-level findings that the manifest
does not list yet, as TOML to paste and give a verdict by hand.

Only the Python 3.11 standard library is used.
"""

import argparse
import json
import subprocess
import sys
import tomllib
from collections import Counter
from pathlib import Path

from pinned import WORKSPACE, copy_of, fail, fetch, select

HERE = Path(__file__).resolve().parent
MANIFEST = HERE / "migrations.toml"
DEFAULT_DEST = WORKSPACE / "target" / "corpus" / "migrations"
LEVELS = ("error", "warning", "info")
# Rules about the migrator itself (names, registration, order, `down`, what was not
# read): they hold for every backend.
CRATE_RULES = {
    "duplicate-migration-name",
    "migration-out-of-order",
    "missing-down",
    "unanalysable-migration",
    "unregistered-migration",
}


def load(names):
    return select(tomllib.loads(MANIFEST.read_text())["project"], names, "project")

def fetch_project(project, dest, mirror_root):
    return fetch(project["name"], project["repo"], project["commit"], project["copy"], dest,
                 mirror_root)

def run_validator(binary, project, run, dest):
    copy = copy_of(dest, project["name"], "migrations.py")
    cmd = [str(binary), "lint", *run["args"], "--format", "json"]
    proc = subprocess.run(cmd, cwd=copy, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        # The validator could not lint the input (exit 2/3): that is a result too, shown
        # as such, unless the manifest expects it.
        return {"exit": proc.returncode, "stderr": proc.stderr.strip(), "findings": [],
                "errors": [], "summary": {}}
    report = json.loads(proc.stdout)
    report["exit"] = proc.returncode
    return report


def linted_backends(run, report):
    """The backend the run lints, when it lints only one: from `--backend`, else from the
    report's `backends` (the choice `lint` prints: one entry per crate)."""
    args = run["args"]
    if "--backend" in args:
        chosen = args[args.index("--backend") + 1]
        return None if chosen == "both" else chosen
    chosen = {b for entry in report.get("backends", []) for b in entry.get("backends", [])}
    if len(chosen) == 1:
        return chosen.pop()
    return None


def backend_of(finding, only=None):
    """The backend a finding is about: `any` for rules about the migrator itself; the
    run's backend when it lints one; else `sqlite` for SQLite rules and messages that
    name SQLite, and `postgres` for the rest (the JSON document does not carry the
    backend of a finding; this is the split a reader makes)."""
    rule = finding["rule"]
    if rule in CRATE_RULES:
        return "any"
    if only:
        return only
    text = f"{rule} {finding.get('message', '')}".lower()
    if rule.startswith("sqlite-") or "sqlite" in text:
        return "sqlite"
    return "postgres"


def counts(run, report):
    by_level = {level: 0 for level in LEVELS}
    by_backend = {}
    only = linted_backends(run, report)
    for f in report["findings"]:
        level = f["severity"]
        by_level[level] = by_level.get(level, 0) + 1
        if level in ("error", "warning"):
            pair = by_backend.setdefault(backend_of(f, only), [0, 0])
            pair[0 if level == "error" else 1] += 1
    return by_level, by_backend


def compare(run, report):
    by_level, by_backend = counts(run, report)
    got = Counter((f["rule"], f["file"], f["line"]) for f in report["findings"]
                  if f["severity"] == "error")
    listed = run.get("finding", [])
    want = Counter()
    for f in listed:
        want[(f["rule"], f["file"], f["line"])] += f.get("count", 1)
    summary = report.get("summary", {})
    return {
        "exit": report["exit"],
        "stderr": report.get("stderr", ""),
        "migrations": (summary.get("migrations"), run["migrations"]),
        "read": run.get("read", run["migrations"]),
        "levels": by_level,
        "by_backend": by_backend,
        "missing": sorted((want - got).elements()),
        "unlisted": sorted((got - want).elements()),
        "verdicts": [f.get("verdict", "?") for f in listed for _ in range(f.get("count", 1))],
        "problems": len(report.get("errors", [])),
        "skipped": summary.get("skipped_branches"),
    }


def expected_backends(run):
    return {k: list(v) for k, v in run.get("by_backend", {}).items()}


def run_ok(run, c):
    if c["exit"] not in (0, 1):
        return run.get("exit") == c["exit"]
    return (c["migrations"][0] == c["read"]
            and all(c["levels"].get(level, 0) == run.get(f"{level}s", 0) for level in LEVELS)
            and c["by_backend"] == expected_backends(run)
            and not c["missing"] and not c["unlisted"])


def fmt_backends(by_backend):
    return ", ".join(f"{b} {e}/{w}" for b, (e, w) in sorted(by_backend.items())) or "-"


def before(run, key):
    """What main at f57c8b6 reported (`before` in the manifest), for the closing note."""
    b = run.get("before", {})
    if "exit" in b:
        return f"exit {b['exit']}"
    return str(b.get(key, "?"))


def table(rows):
    head = ["project", "run", "migrations read / hand count", "errors (before)",
            "warnings (before)", "infos", "errors/warnings by backend", "errors true / false",
            "status"]
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    totals = {"read": 0, "hand": 0, "error": 0, "warning": 0, "info": 0, "true": 0, "false": 0,
              "before_error": 0, "before_warning": 0}
    for project, run, c, ok in rows:
        if c["exit"] not in (0, 1):
            read = f"exit {c['exit']}"
        else:
            read = f"{c['migrations'][0]}/{c['migrations'][1]}"
            totals["read"] += c["migrations"][0] or 0
        totals["hand"] += c["migrations"][1]
        for level in LEVELS:
            totals[level] += c["levels"].get(level, 0)
        b = run.get("before", {})
        totals["before_error"] += b.get("errors", 0)
        totals["before_warning"] += b.get("warnings", 0)
        v = c["verdicts"]
        totals["true"] += v.count("true")
        totals["false"] += v.count("false")
        errors = str(c["levels"].get("error", 0))
        if c["unlisted"]:
            errors += f" +{len(c['unlisted'])} unlisted"
        out.append("| " + " | ".join([
            project["name"],
            run.get("name", "-"),
            read,
            f"{errors} ({before(run, 'errors')})",
            f"{c['levels'].get('warning', 0)} ({before(run, 'warnings')})",
            str(c["levels"].get("info", 0)),
            fmt_backends(c["by_backend"]),
            f"{v.count('true')} / {v.count('false')}",
            "ok" if ok else "MISMATCH",
        ]) + " |")
    out.append("| " + " | ".join([
        f"**{len({p['name'] for p, _, _, _ in rows})} projects**",
        f"{len(rows)} runs",
        f"{totals['read']}/{totals['hand']}",
        f"{totals['error']} ({totals['before_error']})",
        f"{totals['warning']} ({totals['before_warning']})",
        str(totals["info"]),
        "",
        f"{totals['true']} / {totals['false']}",
        "ok" if all(ok for _, _, _, ok in rows) else "MISMATCH",
    ]) + " |")
    return "\n".join(out)


def each_run(binary, projects, dest):
    for project in projects:
        for run in project["run"]:
            report = run_validator(binary, project, run, dest)
            yield project, run, report


def draft(binary, projects, dest):
    for project, run, report in each_run(binary, projects, dest):
        c = compare(run, report)
        print(f"# {project['name']} / {run.get('name', '-')}: exit {c['exit']}, "
              f"migrations {c['migrations'][0]}, levels {c['levels']}, skipped {c['skipped']}")
        if c["stderr"]:
            print("#   " + c["stderr"].replace("\n", "\n#   "))
        print(f"by_backend = {{ {', '.join(f'{b} = [{e}, {w}]' for b, (e, w) in sorted(c['by_backend'].items()))} }}")
        unlisted = Counter(c["unlisted"])
        only = linted_backends(run, report)
        for f in report["findings"]:
            key = (f["rule"], f["file"], f["line"])
            if f["severity"] != "error" or not unlisted.get(key):
                continue
            print("[[project.run.finding]]")
            print(f'rule = "{f["rule"]}"')
            print(f'file = "{f["file"]}"')
            print(f"line = {f['line']}")
            if unlisted[key] > 1:
                print(f"count = {unlisted[key]}")
            print(f'verdict = "?"  # {backend_of(f, only)}: {f["message"]} | {f["label"]}')
            print('note = ""')
            unlisted[key] = 0
        for rule, file, line in c["missing"]:
            print(f"# listed, not reported: {rule} {file}:{line}")
        print()


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="command", required=True)
    f = sub.add_parser("fetch", help="copy each project's sources at its pinned commit")
    f.add_argument("--mirror-root", type=Path, help="directory of bare mirrors (<owner>+<name>/repo)")
    f.add_argument("--dest", type=Path, default=DEFAULT_DEST)
    f.add_argument("projects", nargs="*")
    for name, text in (("check", "lint each copy and compare with the manifest"),
                       ("draft", "print the findings the manifest does not list yet")):
        c = sub.add_parser(name, help=text)
        c.add_argument("--validator", type=Path,
                       default=WORKSPACE / "target" / "release" / "validator")
        c.add_argument("--dest", type=Path, default=DEFAULT_DEST)
        c.add_argument("projects", nargs="*")
    args = p.parse_args()
    projects = load(args.projects)
    dest = args.dest.resolve()
    if args.command == "fetch":
        for project in projects:
            print(f"{project['name']:16} {fetch_project(project, dest, args.mirror_root)}")
        return 0
    binary = args.validator.resolve()
    if not binary.is_file():
        fail(f"{binary} does not exist; build it with `cargo build --release -p validator`")
    if args.command == "draft":
        draft(binary, projects, dest)
        return 0
    rows, details = [], []
    for project, run, report in each_run(binary, projects, dest):
        c = compare(run, report)
        ok = run_ok(run, c)
        rows.append((project, run, c, ok))
        where = f"{project['name']}/{run.get('name', '-')}"
        if c["exit"] not in (0, 1):
            details.append(f"{where}: exit {c['exit']}: {c['stderr']}")
        elif not ok:
            details.append(
                f"{where}: read {c['migrations'][0]} (want {c['read']}), "
                + ", ".join(f"{c['levels'].get(level, 0)} {level}s (want {run.get(level + 's', 0)})"
                            for level in LEVELS)
                + f", by backend {fmt_backends(c['by_backend'])} "
                + f"(want {fmt_backends(expected_backends(run))})")
        for rule, file, line in c["missing"]:
            details.append(f"{where}: missing  {rule} {file}:{line}")
        for rule, file, line in c["unlisted"]:
            details.append(f"{where}: unlisted {rule} {file}:{line}")
    print(table(rows))
    if details:
        print()
        print("\n".join(details))
    return 0 if all(ok for _, _, _, ok in rows) else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except subprocess.CalledProcessError as e:
        stderr = e.stderr.decode(errors="replace") if e.stderr else ""
        fail(f"{' '.join(map(str, e.cmd))} failed:\n{stderr}")
