"""Rewrite the mypy baseline in pyproject.toml: for each module that still has errors, the codes it has.

For when code moves between modules (a split, a rename) and the baseline names the old modules.
Run it, then read the diff: a module may leave the baseline or lose codes, but a module that
gains one has a new error to fix, not to list (docs/decisions/0031).

    .venv/bin/python scripts/mypy_baseline.py
"""

import collections
import pathlib
import re
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"
MARKER = "# The baseline: the error codes each module still has"
ERROR = re.compile(r"^(?P<path>[^:]+\.py):\d+: error: .*\[(?P<code>[a-z-]+)\]$")


def errors_by_module(config: str) -> dict[str, set[str]]:
    with tempfile.NamedTemporaryFile("w", suffix=".toml", dir=ROOT) as file:
        file.write(config)
        file.flush()
        out = subprocess.run([sys.executable, "-m", "mypy", "--config-file", file.name],
                             cwd=ROOT, capture_output=True, text=True).stdout
    codes: dict[str, set[str]] = collections.defaultdict(set)
    for line in out.splitlines():
        found = ERROR.match(line)
        if found:
            module = found["path"].removesuffix(".py").removesuffix("/__init__").replace("/", ".")
            codes[module].add(found["code"])
    return codes


def blocks(codes: dict[str, set[str]]) -> str:
    groups: dict[tuple[str, ...], list[str]] = collections.defaultdict(list)
    for module, found in codes.items():
        groups[tuple(sorted(found))].append(module)
    out = []
    for key in sorted(groups, key=lambda k: (len(k), k)):
        modules = sorted(groups[key])
        names = (f'"{modules[0]}"' if len(modules) == 1
                 else "[\n" + "".join(f'    "{m}",\n' for m in modules) + "]")
        quoted = ", ".join(f'"{c}"' for c in key)
        out.append(f"[[tool.mypy.overrides]]\nmodule = {names}\ndisable_error_code = [{quoted}]\n")
    return "\n".join(out)


def main() -> None:
    # The baseline runs from its comment to the end of the file.
    text = PYPROJECT.read_text()
    start = text.index(MARKER)
    head = text[:start] + text[start:].split("\n[[tool.mypy.overrides]]", 1)[0].rstrip() + "\n\n"
    codes = errors_by_module(head)
    # A "type: ignore" whose code is switched off for its module is reported as unused: list that too.
    for module, found in errors_by_module(head + blocks(codes)).items():
        codes[module] |= found
    PYPROJECT.write_text(head + blocks(codes))
    print(f"{len(codes)} modules in the baseline")


if __name__ == "__main__":
    main()
