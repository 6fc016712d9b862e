"""constraints.txt pins every dependency, and every install uses it (reproducible installs)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONSTRAINTS = ROOT / "constraints.txt"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)$")


def normalized(name: str) -> str:
    """A distribution name as pip compares them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(requirement: str) -> str:
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    assert match is not None, requirement
    return normalized(match.group(1))


def pins() -> dict[str, str]:
    found: dict[str, str] = {}
    for line in CONSTRAINTS.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        match = PIN.match(line.strip())
        assert match is not None, f"not an exact pin: {line!r}"
        found[normalized(match.group(1))] = match.group(2)
    return found


def test_every_line_is_an_exact_pin_of_a_distinct_package() -> None:
    lines = [
        line
        for line in CONSTRAINTS.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert len(pins()) == len(lines)


def test_every_dependency_the_project_names_is_pinned() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    named = {requirement_name(r) for r in project["dependencies"]}
    for extra in project["optional-dependencies"].values():
        named |= {requirement_name(r) for r in extra}

    missing = named - set(pins())
    assert missing == set(), "run .ci/refresh-constraints and commit constraints.txt"


def test_ci_and_the_readme_install_with_the_constraints() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")

    assert re.search(r"pip install .*-c constraints\.txt -e \"\.\[dev\]\"", ci)
    installs = re.findall(r"^python3 -m venv .*$", readme, flags=re.MULTILINE)
    assert len(installs) >= 2
    assert all("-c constraints.txt" in command for command in installs), installs
