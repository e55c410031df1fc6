#!/usr/bin/env python3
"""The real-code corpus of SeaORM entities: copies the pinned sources and checks them.

    python3 validator/corpus/entities.py fetch [--mirror-root DIR] [--dest DIR] [UNIT...]
    python3 validator/corpus/entities.py check [--validator BIN] [--dest DIR] [UNIT...]

`fetch` copies each unit's entity paths at its pinned commit into DEST/<unit>/ (default
`target/corpus/entities`, outside the tracked tree), from a local bare mirror
(`--mirror-root DIR` holding `<owner>+<name>/repo`, as the search tool's `fetch` leaves
them) or else from GitHub. A unit already copied at its commit is left alone.

`check` runs `validator check <path> --format json` for each unit from inside its copy,
so finding paths are repository paths, and compares the entities and relations read, and
every finding (rule, file, line), with `entities.toml`. It prints one table row per unit
and exits 1 when any unit differs (0 otherwise, 2 on a usage or setup error).

Only the Python 3.11 standard library is used.
"""

import argparse
import json
import subprocess
import sys
import tomllib
from pathlib import Path

from pinned import WORKSPACE, copy_of, fail, fetch, select

HERE = Path(__file__).resolve().parent
MANIFEST = HERE / "entities.toml"
DEFAULT_DEST = WORKSPACE / "target" / "corpus" / "entities"


def load(units):
    return select(tomllib.loads(MANIFEST.read_text())["unit"], units, "unit")

def fetch_unit(unit, dest, mirror_root):
    return fetch(unit["name"], unit["repo"], unit["commit"], unit["paths"], dest, mirror_root)

def run_validator(binary, unit, dest):
    copy = copy_of(dest, unit["name"], "entities.py")
    proc = subprocess.run(
        [str(binary), "check", *unit["paths"], "--format", "json"],
        cwd=copy,
        capture_output=True,
        text=True,
    )
    if proc.returncode not in (0, 1):
        fail(f"validator failed on {unit['name']} (exit {proc.returncode}):\n{proc.stderr}")
    return json.loads(proc.stdout)


def compare(unit, report):
    summary = report["summary"]
    got = {(f["rule"], f["file"], f["line"]) for f in report["findings"]}
    want = {(f["rule"], f["file"], f["line"]) for f in unit.get("finding", [])}
    return {
        "entities": (summary["entities"], unit["entities"]),
        "relations": (summary["relations"], unit["relations"]),
        "missing": sorted(want - got),
        "unlisted": sorted(got - want),
        "matched": len(want & got),
        "wanted": len(want),
        "verdicts": [f.get("verdict", "?") for f in unit.get("finding", [])],
        "outside": summary.get("outside_targets", 0),
        "not_understood": summary.get("not_understood", 0),
    }


def table(rows):
    head = ["unit", "SeaORM", "entities", "relations", "findings", "true / intentional / info",
            "outside, not understood", "status"]
    lines = [head]
    for unit, c, ok in rows:
        v = c["verdicts"]
        lines.append([
            unit["name"],
            unit["sea_orm"],
            f"{c['entities'][0]}/{c['entities'][1]}",
            f"{c['relations'][0]}/{c['relations'][1]}",
            f"{c['matched']}/{c['wanted']}" + (f" +{len(c['unlisted'])}" if c["unlisted"] else ""),
            f"{v.count('true')} / {v.count('intentional')} / {v.count('info')}",
            f"{c['outside']}, {c['not_understood']}",
            "ok" if ok else "MISMATCH",
        ])
    def total(key, i):
        return sum(c[key][i] for _, c, _ in rows)

    verdicts = [v for _, c, _ in rows for v in c["verdicts"]]
    lines.append([
        f"**{len(rows)} units**",
        "",
        f"{total('entities', 0)}/{total('entities', 1)}",
        f"{total('relations', 0)}/{total('relations', 1)}",
        f"{sum(c['matched'] for _, c, _ in rows)}/{sum(c['wanted'] for _, c, _ in rows)}",
        f"{verdicts.count('true')} / {verdicts.count('intentional')} / {verdicts.count('info')}",
        f"{sum(c['outside'] for _, c, _ in rows)}, {sum(c['not_understood'] for _, c, _ in rows)}",
        "ok" if all(ok for _, _, ok in rows) else "MISMATCH",
    ])
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(row) + " |" for row in lines[1:]]
    return "\n".join(out)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="command", required=True)
    f = sub.add_parser("fetch", help="copy each unit's sources at its pinned commit")
    f.add_argument("--mirror-root", type=Path, help="directory of bare mirrors (<owner>+<name>/repo)")
    f.add_argument("--dest", type=Path, default=DEFAULT_DEST)
    f.add_argument("units", nargs="*")
    c = sub.add_parser("check", help="run the validator on each copy and compare with the manifest")
    c.add_argument("--validator", type=Path, default=WORKSPACE / "target" / "release" / "validator")
    c.add_argument("--dest", type=Path, default=DEFAULT_DEST)
    c.add_argument("units", nargs="*")
    args = p.parse_args()
    units = load(args.units)
    dest = args.dest.resolve()
    if args.command == "fetch":
        for unit in units:
            print(f"{unit['name']:14} {fetch_unit(unit, dest, args.mirror_root)}")
        return 0
    binary = args.validator.resolve()
    if not binary.is_file():
        fail(f"{binary} does not exist; build it with `cargo build --release -p validator`")
    rows, details, bad = [], [], False
    for unit in units:
        c = compare(unit, run_validator(binary, unit, dest))
        ok = (c["entities"][0] == c["entities"][1] and c["relations"][0] == c["relations"][1]
              and not c["missing"] and not c["unlisted"])
        bad |= not ok
        rows.append((unit, c, ok))
        for rule, file, line in c["missing"]:
            details.append(f"{unit['name']}: missing  {rule} {file}:{line}")
        for rule, file, line in c["unlisted"]:
            details.append(f"{unit['name']}: unlisted {rule} {file}:{line}")
    print(table(rows))
    if details:
        print()
        print("\n".join(details))
    return 1 if bad else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except subprocess.CalledProcessError as e:
        stderr = e.stderr.decode(errors="replace") if e.stderr else ""
        fail(f"{' '.join(map(str, e.cmd))} failed:\n{stderr}")
