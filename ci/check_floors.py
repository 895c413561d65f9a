"""Check that each runtime dependency is installed at exactly the lower bound pyproject.toml declares.

``make test-min`` runs this before pytest, so the suite provably runs on the versions the package
claims: a floor changed in pyproject.toml without ci/constraints-min.txt following fails here
(or, when raised above the pin, already at install time).
"""

from __future__ import annotations

import sys
from importlib.metadata import requires, version

from packaging.requirements import Requirement
from packaging.version import Version

DISTRIBUTION = "airflow-provider-maton-linkedin"


def main() -> int:
    # The installed (editable) package's metadata: pyproject.toml's dependencies as of the install,
    # which `make venv-min` redoes whenever pyproject.toml changes.
    runtime = [Requirement(line) for line in requires(DISTRIBUTION) or []]
    problems = []
    for req in runtime:
        if req.marker is not None:  # extras (test, dev): not runtime floors
            continue
        floors = [spec.version for spec in req.specifier if spec.operator == ">="]
        installed = version(req.name)
        if not floors:
            problems.append(f"{req.name}: no '>=' lower bound in pyproject.toml")
            continue
        at_floor = Version(installed) == Version(floors[0])
        print(f"  {req.name:<38} >={floors[0]:<8} installed {installed:<8} {'ok' if at_floor else 'NO'}")
        if not at_floor:
            problems.append(f"{req.name}: installed {installed}, pyproject.toml claims >={floors[0]}")
    for problem in problems:
        print(f"error: {problem} (pin the floor in ci/constraints-min.txt)", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
