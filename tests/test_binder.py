"""Binder: a fresh environment built from the `binder/` files alone runs every notebook.

This does what repo2docker does, minus Docker: a new virtual environment, the packages of
`binder/requirements.txt`, then `binder/postBuild` from a copy of the repository (the files
git tracks), and every notebook executed in that environment's own kernel.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
BINDER = ROOT / "binder"


def test_binder_files_install_the_project_itself():
    commands = [
        line
        for line in (BINDER / "postBuild").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert os.access(BINDER / "postBuild", os.X_OK)
    assert "set -euo pipefail" in commands
    assert commands[-1] == "python -m pip install --no-deps --no-cache-dir ."
    assert not any("PYTHONPATH" in c or "sys.path" in c for c in commands)
    assert (BINDER / "runtime.txt").read_text(encoding="utf-8").strip() == "python-3.11"
    pins = {
        line.split("==")[0].lower(): line.split("==")[1].strip()
        for line in (BINDER / "requirements.txt").read_text(encoding="utf-8").splitlines()
        if "==" in line and not line.startswith("#")
    }
    constraints = {
        line.split("==")[0].lower(): line.split("==")[1].strip()
        for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
        if "==" in line and not line.startswith("#")
    }
    # Binder runs what the tests ran: the same versions, and notebook pinned beside jupyterlab
    for name in ("jupyterlab", "notebook", "ipywidgets", "voila", "pandas", "matplotlib"):
        assert pins[name] == constraints[name], name


def _copy_tracked_files(destination: Path) -> None:
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
    for name in filter(None, listed.stdout.decode().split("\0")):
        source = ROOT / name
        if source.is_file():
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


@pytest.mark.binder
@pytest.mark.notebook
def test_a_fresh_binder_environment_runs_every_notebook(tmp_path):
    repo = tmp_path / "repo"
    _copy_tracked_files(repo)
    notebooks = sorted((repo / "notebooks").glob("*.ipynb"))
    assert len(notebooks) >= 5, "copied from git: commit the notebooks"

    venv = tmp_path / "binder-env"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    uv = Path(sys.executable).with_name("uv")
    requirements = ["-r", str(repo / "binder" / "requirements.txt")]
    if uv.exists():  # same resolution as pip, ten times faster from the local cache
        subprocess.run(
            [str(uv), "pip", "install", "-q", "--python", str(python), *requirements], check=True
        )
    else:
        subprocess.run([str(python), "-m", "pip", "install", "-q", *requirements], check=True)
    env = {
        k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "MPLBACKEND", "PYTHONPATH")
    }
    env["PATH"] = f"{venv / 'bin'}:{env['PATH']}"
    subprocess.run(["bash", str(repo / "binder" / "postBuild")], cwd=repo, env=env, check=True)
    check = subprocess.run(
        [str(python), "-m", "pip", "check"], capture_output=True, text=True, env=env
    )
    assert check.returncode == 0, check.stdout

    # installed as a package, not found through the working folder
    where = subprocess.run(
        [str(python), "-c", "import toolkit; print(toolkit.__file__)"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert str(venv) in where.stdout

    env["PERTINENCE_COHORT"] = str(repo / "data" / "sample_cohort")
    for notebook in notebooks:
        executed = tmp_path / f"executed-{notebook.name}"
        result = subprocess.run(
            [
                str(python),
                "-m",
                "jupyter",
                "nbconvert",
                "--to",
                "notebook",
                "--execute",
                "--ExecutePreprocessor.timeout=180",
                "--output",
                str(executed),
                str(notebook),
            ],
            cwd=notebook.parent,
            env=env,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, f"{notebook.name}:\n{result.stderr[-3000:]}"
        nb = nbformat.read(executed, as_version=4)
        errors = [
            o
            for c in nb.cells
            if c.cell_type == "code"
            for o in c.outputs
            if o.output_type == "error"
        ]
        assert not errors, notebook.name
        assert any(c.outputs for c in nb.cells if c.cell_type == "code"), notebook.name
