"""Re-read the generated others3 files and check the answer key in expected/.

Uses only the standard library, openpyxl and python-docx (does not import make_files.py).
Run:  /work/main/.venv/bin/python check.py
"""
import csv
import datetime as dt
import difflib
import json
import os
import re

import openpyxl
import docx

HERE = os.path.dirname(os.path.abspath(__file__))
EXP = os.path.join(HERE, "expected")
UNKNOWN_TIMES = {"", "n/k", "nk", "unknown", "tbc", "not known"}


def load(name):
    with open(os.path.join(EXP, name), encoding="utf-8") as f:
        return json.load(f)


def cell_text(v):
    if v is None:
        return ""
    return str(v)


def read_table(spec):
    """Return (header, data_rows) as lists of raw cell values."""
    path = os.path.join(HERE, spec["file"])
    hdr_row = spec["header_rows"][-1]
    if spec["format"] == "csv":
        with open(path, encoding=spec["encoding"], newline="") as f:
            rows = list(csv.reader(f, delimiter=spec["delimiter"]))
    elif spec["format"] == "xlsx":
        wb = openpyxl.load_workbook(path)
        ws = wb[spec["sheet"]]
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
    elif spec["format"] == "docx":
        d = docx.Document(path)
        assert len(d.tables) == 1, "docx should hold exactly one table"
        rows = [[c.text for c in r.cells] for r in d.tables[0].rows]
    else:
        raise AssertionError(spec["format"])
    header = [cell_text(v).strip() for v in rows[hdr_row - 1]]
    data = rows[hdr_row:]
    while data and all(cell_text(v).strip() == "" for v in data[-1]):
        data.pop()
    return header, data


def parse_date(v):
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    s = cell_text(v).strip()
    s = re.sub(r"([/.\-])\1+", r"\1", s)  # tolerate doubled separators (mistyped)
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d.%m.%Y", "%d-%b-%Y", "%d/%m/%y"):
        try:
            return dt.datetime.strptime(s, fmt).date()
        except ValueError:
            pass
    return None


def parse_time(v):
    if isinstance(v, dt.time):
        return v.strftime("%H:%M")
    s = cell_text(v).strip()
    if s.lower() in UNKNOWN_TIMES:
        return None
    if re.fullmatch(r"\d{4}", s):
        return s[:2] + ":" + s[2:]
    m = re.fullmatch(r"(\d{1,2}):(\d{2})(:\d{2})?", s)
    if m:
        return f"{int(m.group(1)):02d}:{m.group(2)}"
    raise AssertionError(f"unreadable time {s!r}")


def first7(text):
    return " ".join(text.split()[:7])


specs = {}
parsed = {}  # (file, n) -> dict(date, narrative)
files = sorted(f for f in os.listdir(EXP) if f.endswith(".json") and f not in ("same_events.json", "hard_negatives.json"))
assert len(files) == 6, files
fmts = []
for fj in files:
    spec = load(fj)
    assert fj == spec["file"] + ".json"
    specs[spec["file"]] = spec
    fmts.append(spec["format"])
    header, data = read_table(spec)
    cols = spec["columns"]
    for key in ("date", "time", "type"):
        if cols[key] is not None:
            assert cols[key] in header, (spec["file"], cols[key], header)
    for h in cols["narrative"] + cols["other"]:
        assert h in header, (spec["file"], h)
    assert len(data) == len(spec["rows"]), (spec["file"], len(data), len(spec["rows"]))
    assert 25 <= len(data) <= 45, (spec["file"], len(data))
    di = header.index(cols["date"])
    ti = header.index(cols["time"]) if cols["time"] else None
    ni = [header.index(h) for h in cols["narrative"]]
    for i, (raw, exp) in enumerate(zip(data, spec["rows"]), 1):
        assert exp["n"] == i
        narr = " ".join(cell_text(raw[j]) for j in ni)
        assert first7(narr) == exp["snippet"], (spec["file"], i, first7(narr), exp["snippet"])
        d = parse_date(raw[di])
        t = parse_time(raw[ti]) if ti is not None else None
        is_error = d is None or narr.strip() == ""
        assert (exp["expect"] == "error") == is_error, (spec["file"], i, exp["expect"], raw[di], narr[:30])
        if d is None:
            assert exp["date"] is None, (spec["file"], i)
        else:
            assert d.isoformat() == exp["date"], (spec["file"], i, d, exp["date"])
        assert t == exp["time"], (spec["file"], i, t, exp["time"])
        parsed[(spec["file"], i)] = {"date": d, "narr": narr}
    # period
    for (f, n), p in parsed.items():
        if f == spec["file"] and p["date"]:
            assert dt.date(2022, 5, 1) <= p["date"] <= dt.date(2023, 10, 31), (f, n, p["date"])

assert sorted(fmts) == ["csv", "csv", "csv", "docx", "xlsx", "xlsx"], fmts
assert any(s.get("delimiter") == ";" or s.get("encoding", "utf-8").lower() in ("cp1252", "windows-1252")
           for s in specs.values())
assert any(s["format"] == "xlsx" and s["header_rows"][-1] > 1 for s in specs.values()), "title block"

# same events
same = load("same_events.json")
ids = [g["id"] for g in same]
assert len(ids) == len(set(ids))
pair_same = set()
in_group = {}
n_cross = n_copy = 0
for g in same:
    mem = [(m["file"], m["n"]) for m in g["members"]]
    assert len(mem) >= 2 and len(set(mem)) == len(mem), g["id"]
    for k in mem:
        assert k in parsed, (g["id"], k)
        assert parsed[k]["date"] is not None, (g["id"], k)
        in_group.setdefault(k, []).append(g["id"])
    dates = [parsed[k]["date"] for k in mem]
    assert (max(dates) - min(dates)).days <= 1, (g["id"], dates)
    assert g["date"] == min(dates).isoformat(), g["id"]
    files_in = {k[0] for k in mem}
    if g["within_file"]:
        n_copy += 1
        assert len(files_in) == 1, g["id"]
        a, b = (parsed[k]["narr"] for k in mem)
        ratio = difflib.SequenceMatcher(None, a, b).ratio()
        assert ratio > 0.97, (g["id"], ratio)
    else:
        n_cross += 1
        assert len(files_in) == len(mem), ("one member per agency", g["id"])
    for x in mem:
        for y in mem:
            if x != y:
                pair_same.add((x, y))

# cross-agency groups must not overlap each other
for k, gs in in_group.items():
    assert len([g for g in gs if g.startswith("E")]) <= 1, (k, gs)

# hard negatives
hard = load("hard_negatives.json")
hids = [h["id"] for h in hard]
assert len(hids) == len(set(hids))
for h in hard:
    mem = [(m["file"], m["n"]) for m in h["members"]]
    assert len(mem) == 2 and mem[0] != mem[1], h["id"]
    for k in mem:
        assert k in parsed, (h["id"], k)
    assert (mem[0], mem[1]) not in pair_same, ("hard negative is also a same-event pair", h["id"])
    assert [parsed[k]["date"].isoformat() for k in mem] == h["dates"], h["id"]

# summary
print(f"files: {len(specs)}; rows: {sum(len(s['rows']) for s in specs.values())}")
for f, s in specs.items():
    rows = len(s["rows"])
    matched = sum(1 for n in range(1, rows + 1) if (f, n) in in_group)
    print(f"  {f}: {rows} rows, {matched} in a same-event/copy group, {rows - matched} match nothing, "
          f"{sum(r['expect'] == 'error' for r in s['rows'])} error")
print(f"cross-agency groups: {n_cross}; within-file copies: {n_copy}; hard negatives: {len(hard)}")
sizes = {}
for g in same:
    if not g["within_file"]:
        sizes[len(g["members"])] = sizes.get(len(g["members"]), 0) + 1
print("group sizes:", dict(sorted(sizes.items())))
print("CHECK PASSED")
