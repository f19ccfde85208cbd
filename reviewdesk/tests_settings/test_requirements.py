"""The pinned requirements: plain `name==version` lines, production's in requirements.txt and the
tests' and tools' in requirements-dev.txt, agreeing with pyproject.toml, where everything the
code imports itself is listed."""

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[a-z,]+\])?==([0-9][0-9A-Za-z.+!-]*)$")


def key(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(filename: str) -> dict[str, str]:
    found = {}
    for number, line in enumerate((ROOT / filename).read_text().splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#") or (filename == "requirements-dev.txt"
                                                and line == "-r requirements.txt"):
            continue
        match = PIN.match(line)
        assert match, f"{filename}, line {number}: '{line}' is not a plain name==version pin"
        assert key(match[1]) not in found, f"{filename} pins {match[1]} twice"
        found[key(match[1])] = match[3]
    return found


def declared() -> tuple[dict[str, str], dict[str, str]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]

    def split(specs: list[str]) -> dict[str, str]:
        return {key(m[1]): m[3] for m in map(PIN.match, specs) if m}

    return split(project["dependencies"]), split(project["optional-dependencies"]["dev"])


def test_both_files_are_plain_pins_and_development_only_adds_to_production():
    production, development = pins("requirements.txt"), pins("requirements-dev.txt")
    assert "django" in production and "pytest" in development
    assert not production.keys() & development.keys(), "pinned in both files"
    assert "-r requirements.txt" in (ROOT / "requirements-dev.txt").read_text()


def test_pyproject_pins_agree_with_the_requirements_files():
    production, development = pins("requirements.txt"), pins("requirements-dev.txt")
    needed, dev_needed = declared()
    for name, version in needed.items():
        assert production.get(name) == version, f"{name}=={version} is not in requirements.txt"
    for name, version in dev_needed.items():
        assert {**production, **development}.get(name) == version, (
            f"{name}=={version} is not in the requirements files")


def test_every_package_the_code_imports_is_declared_in_pyproject():
    needed, dev_needed = declared()
    listed = needed.keys() | dev_needed.keys()
    distributions = packages_distributions()
    own = {path.stem for path in (ROOT / "bench").rglob("*.py")} | {"reviewdesk", "conftest"}
    missing = {}
    for path in [*(ROOT / "reviewdesk").rglob("*.py"), *(ROOT / "bench").rglob("*.py"),
                 ROOT / "conftest.py", ROOT / "manage.py"]:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top in sys.stdlib_module_names or top in own:
                    continue
                if not {key(d) for d in distributions.get(top, [top])} & listed:
                    missing.setdefault(top, str(path.relative_to(ROOT)))
    assert not missing, f"imported but not in pyproject.toml: {missing}"
