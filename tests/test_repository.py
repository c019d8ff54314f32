"""The repository tells the truth about itself: it ignores none of its own files and points
to no document that a clone does not have."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Working notes kept beside the repository, never in it: a clone has none of them.
OUTSIDE = re.compile(r"\b(?:RECIPES|STYLE|DESIGN)\.md\b|\.\./shared/|/work/shared/")

pytestmark = pytest.mark.skipif(
    not (ROOT / ".git").exists() or shutil.which("git") is None, reason="needs a git checkout"
)


def git(*args: str) -> list[str]:
    done = subprocess.run(
        ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout.splitlines()


def test_gitignore_lists_no_tracked_file():
    # the repository's own .gitignore only: a person's global excludes are not the project's
    assert git("ls-files", "--cached", "--ignored", "--exclude-per-directory=.gitignore") == []


def test_no_tracked_file_refers_to_a_document_outside_the_repository():
    found = []
    for name in git("ls-files"):
        path = ROOT / name
        if path == Path(__file__).resolve() or not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:  # images, workbooks
            continue
        found += [
            f"{name}:{n}: {line.strip()}"
            for n, line in enumerate(text.splitlines(), 1)
            if OUTSIDE.search(line)
        ]
    assert found == []
