"""Build the third labelled set from its hand-written sources, and check it.

    .venv/bin/python bench/scanner/data/seed3/build.py [--check-repo]

The drafts in ``source/case-NN.md`` were written by sessions that never read the scanner's code or
the generator (bench/scanner/generate.py), from a description of real published CSPR reports.
Each source is the draft's text with its annotations inline:

* ``[[text|category|form|register name]]`` an identity a careful reader would redact; the
  register name is the ``name`` of the register entry it refers to, or empty for someone or
  something not in the register (an unregistered identifier);
* ``<<text|kind>>`` a hard negative: text that must not be flagged (a pseudonym, a role label, an
  agency or national body, an ordinary word that equals a name...).

``source/case-NN.register.json`` is the case's register in the documented format. This script
writes ``case-NN.txt`` (the text without the markup), ``case-NN.gold.json`` (offsets into it, the
same format as the generated sets) and copies the register, then checks:

* each gold span's text equals the text at its offsets;
* each registered span names an entry of the register (by ``name``);
* every whole-word occurrence of a registered person's name, first name, surname or alias (as
  written or in capitals), date of birth written in figures, or of a place's, organisation's or
  identifier's value, is covered by a gold span or a hard negative (so a name left unannotated is
  caught here, not counted as a false alarm later).

``--check-repo`` also reports any register name of this set found in the repository outside this
folder (the set's names and wordings must appear nowhere else). Exit status 1 on any problem.
"""

import argparse
import json
import pathlib
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[3]
MARK = re.compile(r"\[\[(?P<span>[^\]|]+)\|(?P<category>[^|\]]+)\|(?P<form>[^|\]]*)\|"
                  r"(?P<name>[^\]]*)\]\]|<<(?P<neg>[^>|]+)\|(?P<kind>[^>]+)>>")


def build(source: pathlib.Path) -> tuple[str, dict, list[str]]:
    """Return (text, gold, problems) for one source file."""
    raw = source.read_text(encoding="utf-8")
    text_parts: list[str] = []
    spans, negatives, problems = [], [], []
    pos = 0
    length = 0
    for m in MARK.finditer(raw):
        before = raw[pos:m.start()]
        text_parts.append(before)
        length += len(before)
        if m.group("span") is not None:
            span = m.group("span")
            name = m.group("name").strip()
            spans.append({"start": length, "end": length + len(span), "text": span,
                          "category": m.group("category").strip(), "registered": bool(name),
                          "form": m.group("form").strip() or None,
                          **({"register_name": name} if name else {})})
        else:
            span = m.group("neg")
            negatives.append({"start": length, "end": length + len(span), "text": span,
                              "kind": m.group("kind").strip()})
        text_parts.append(span)
        length += len(span)
        pos = m.end()
    text_parts.append(raw[pos:])
    text = "".join(text_parts)
    for leftover in ("[[", "]]", "<<", ">>"):
        if leftover in text:
            line = text[:text.index(leftover)].count("\n") + 1
            problems.append(f"{source.name}: unmatched {leftover!r} near line {line}")
    gold = {"document": source.stem + ".txt", "register": source.stem + ".register.json",
            "clean": not spans, "words": len(text.split()), "spans": spans,
            "hard_negatives": negatives}
    return text, gold, problems


def _values(entry: dict) -> list[str]:
    """The strings of an entry that must never appear unannotated."""
    name = entry["name"]
    values = [name, *entry.get("aliases", [])]
    if entry["kind"] == "person":
        parts = [p for p in re.split(r"\s+", name) if len(p) > 2]
        values += parts
    return [v for v in values if v]


def check(text: str, gold: dict, register: dict, case: str) -> list[str]:
    problems = []
    names = {e["name"] for e in register["entries"]}
    covered = [(s["start"], s["end"]) for s in gold["spans"] + gold["hard_negatives"]]
    for s in gold["spans"]:
        if text[s["start"]:s["end"]] != s["text"]:
            problems.append(f"{case}: span {s['text']!r} does not match its offsets")
        if s["registered"] and s["register_name"] not in names:
            problems.append(f"{case}: {s['text']!r} names {s['register_name']!r}, not in the "
                            "register")
    for entry in register["entries"]:
        if entry.get("public"):
            continue
        values = _values(entry)
        if entry["kind"] == "person":
            values += [v.upper() for v in values]  # a name in a log's capitals
        if entry.get("date_of_birth"):
            y, mo, d = entry["date_of_birth"].split("-")
            values += [f"{d}/{mo}/{y}", f"{d}.{mo}.{y}", f"{int(d)}/{int(mo)}/{y}",
                       f"{d}/{mo}/{y[2:]}", f"{int(d)}.{int(mo)}.{y[2:]}"]
        for value in values:
            for m in re.finditer(r"(?<![\w])" + re.escape(value) + r"(?![\w])", text,
                                 flags=re.IGNORECASE if entry["kind"] != "person" else 0):
                if not any(a < m.end() and m.start() < b for a, b in covered):
                    line = text[:m.start()].count("\n") + 1
                    problems.append(f"{case}: {m.group()!r} (register: {entry['name']}) at line "
                                    f"{line} is neither annotated nor a hard negative")
    return problems


def check_repo(names: set[str]) -> list[str]:
    skip = {".venv", "node_modules", ".git", "var", "__pycache__"}
    hits = []
    patterns = {n: re.compile(r"(?<![A-Za-z])" + re.escape(n) + r"(?![A-Za-z])") for n in names}
    for path in ROOT.rglob("*"):
        rel = path.relative_to(ROOT)
        if (not path.is_file() or any(p in skip for p in rel.parts) or HERE in path.parents
                or path.suffix not in {".py", ".html", ".md", ".txt", ".json", ".js", ".toml"}):
            continue
        try:
            content = path.read_text("utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        hits += [f"name {n!r} also occurs in {rel}" for n, p in patterns.items()
                 if p.search(content)]
    return hits


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check-repo", action="store_true",
                    help="report this set's register names found elsewhere in the repository")
    args = ap.parse_args(argv)
    problems: list[str] = []
    totals = {"documents": 0, "words": 0, "registered": 0, "unregistered": 0, "negatives": 0}
    full_names: set[str] = set()
    for source in sorted((HERE / "source").glob("case-*.md")):
        text, gold, found = build(source)
        register = json.loads(source.with_suffix(".register.json").read_text(encoding="utf-8"))
        found += check(text, gold, register, source.stem)
        problems += found
        (HERE / gold["document"]).write_text(text, encoding="utf-8")
        (HERE / gold["register"]).write_text(json.dumps(register, indent=1, ensure_ascii=False)
                                             + "\n", encoding="utf-8")
        (HERE / f"{source.stem}.gold.json").write_text(
            json.dumps(gold, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        totals["documents"] += 1
        totals["words"] += gold["words"]
        totals["registered"] += sum(s["registered"] for s in gold["spans"])
        totals["unregistered"] += sum(not s["registered"] for s in gold["spans"])
        totals["negatives"] += len(gold["hard_negatives"])
        full_names |= {e["name"] for e in register["entries"]
                       if e["kind"] == "person" and not e.get("public")}
    print(", ".join(f"{v} {k}" for k, v in totals.items()))
    if args.check_repo:
        hits = check_repo(full_names)
        problems += hits
        if not hits:
            print(f"check-repo: none of the set's {len(full_names)} people's names occurs "
                  "elsewhere in the repository")
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
