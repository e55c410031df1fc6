"""What the corpus scripts share: pinned copies of public repositories, outside the
tracked tree, from a local bare mirror or else from GitHub. Standard library only."""

import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

WORKSPACE = Path(__file__).resolve().parent.parent.parent
# Written into a copy once it holds its commit's files.
MARKER = ".corpus-commit"


def fail(message):
    """A usage or setup error: exit 2, as the validator does."""
    print(f"error: {message}", file=sys.stderr)
    sys.exit(2)


def select(entries, names, what):
    """The manifest entries called `names`, in that order; all of them when none is named."""
    if not names:
        return entries
    known = {e["name"]: e for e in entries}
    unknown = [n for n in names if n not in known]
    if unknown:
        fail(f"unknown {what}(s) {', '.join(unknown)}; known: {', '.join(known)}")
    return [known[n] for n in names]


def git(*args, cwd=None):
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def archive(git_dir, commit, paths, into):
    """Extract `paths` of `commit` from a git directory into `into`."""
    data = git("--git-dir", str(git_dir), "archive", "--format=tar", commit, "--", *paths).stdout
    with tempfile.TemporaryFile() as f:
        f.write(data)
        f.seek(0)
        with tarfile.open(fileobj=f) as tar:
            tar.extractall(into, filter="data")


def mirror_dir(mirror_root, repo):
    """The git directory of `repo`'s bare mirror under `mirror_root`
    (`<owner>+<name>/repo`, as the search tool's `fetch` leaves it), if there is one."""
    if not mirror_root:
        return None
    base = mirror_root / repo.replace("/", "+") / "repo"
    for candidate in (base / ".git", base):
        if (candidate / "objects").is_dir():
            return candidate
    return None


def fetch(name, repo, commit, paths, dest, mirror_root):
    """Copy `paths` of `repo` at `commit` into `dest/name`; a copy already at `commit`
    is left alone. Returns where the files came from."""
    into = dest / name
    marker = into / MARKER
    if marker.is_file() and marker.read_text().strip() == commit:
        return "present"
    if into.exists():
        shutil.rmtree(into)
    into.mkdir(parents=True)
    mirror = mirror_dir(mirror_root, repo)
    if mirror:
        archive(mirror, commit, paths, into)
        source = f"mirror {mirror}"
    else:
        with tempfile.TemporaryDirectory() as tmp:
            git("init", "--quiet", "--bare", tmp)
            url = f"https://github.com/{repo}.git"
            git("--git-dir", tmp, "fetch", "--quiet", "--depth", "1", url, commit)
            archive(Path(tmp), commit, paths, into)
        source = "github"
    marker.write_text(commit + "\n")
    return f"copied from {source}"


def copy_of(dest, name, script):
    """The copy called `name`, or exit 2 saying how to make it."""
    copy = dest / name
    if not (copy / MARKER).is_file():
        fail(f"{copy} is missing; run `{script} fetch` first")
    return copy
