"""The layers: the core computes on plain data and imports no UI, no drawing library and no
module of the layers above it (app, charts, report, dashboard, command line).

Every module of ``toolkit/`` is core unless it is named in ``UPPER_LAYERS``, so a new module
(``toolkit.words``, ``toolkit.fmt``, ``toolkit.paths`` …) is checked as soon as it exists.
"""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from typing import Any

import pytest

import toolkit

# The modules the design names as core: they always ship, so a missing one is a failure.
CORE = [
    "toolkit",
    "toolkit.questionnaire",
    "toolkit.answers",
    "toolkit.scoring",
    "toolkit.store",
    "toolkit.forms",
    "toolkit.cohort",
    "toolkit.messages",
    "toolkit.errors",
    "toolkit.stakeholders",
    "toolkit.palette",
]
# The layers that may use widgets, IPython and matplotlib (modules or packages of toolkit/).
UPPER_LAYERS = {"app", "charts", "cli", "dashboard", "report", "room", "serve", "widgets"}
UI_LIBRARIES = ["ipywidgets", "IPython", "matplotlib"]

DISCOVERED = [
    f"toolkit.{m.name}"
    for m in pkgutil.iter_modules(toolkit.__path__)
    if m.name not in UPPER_LAYERS
]
CORE_MODULES = sorted(set(CORE) | set(DISCOVERED))
FORBIDDEN = UI_LIBRARIES + [f"toolkit.{name}" for name in sorted(UPPER_LAYERS)]

# One fresh interpreter (pytest itself has loaded matplotlib and ipywidgets) loads the core's
# own dependencies once, then imports each module in a forked child: one pandas import instead
# of one per module. A forbidden module loaded by a dependency is caught before any fork.
PROBE = r"""
import importlib, json, os, sys

forbidden, modules = json.loads(sys.argv[1]), json.loads(sys.argv[2])

def loaded():
    return [f for f in forbidden if any(m == f or m.startswith(f + ".") for m in sys.modules)]

for dependency in ("numpy", "pandas", "yaml", "jsonschema"):
    importlib.import_module(dependency)
assert not loaded(), f"a dependency of the core loads {loaded()}"
results = {}
for name in modules:
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        try:
            importlib.import_module(name)
            result = {"loaded": loaded()}
        except BaseException as exc:
            result = {"error": f"{type(exc).__name__}: {exc}"}
        os.write(write, json.dumps(result).encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    results[name] = json.loads(data or b'{"error": "the child died"}')
print(json.dumps(results))
"""


@pytest.fixture(scope="module")
def imports() -> dict[str, dict[str, Any]]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(FORBIDDEN), json.dumps(CORE_MODULES)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_every_module_named_core_exists_and_is_checked():
    assert set(CORE) <= set(CORE_MODULES)
    assert not {m.removeprefix("toolkit.") for m in CORE} & UPPER_LAYERS


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="the probe forks (POSIX)")
@pytest.mark.parametrize("module", CORE_MODULES)
def test_a_core_module_imports_no_ui_no_drawing_and_no_upper_layer(module, imports):
    result = imports[module]
    assert "error" not in result, result.get("error")
    assert result["loaded"] == [], f"importing {module} loads {result['loaded']}"
