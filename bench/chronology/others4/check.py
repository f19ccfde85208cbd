#!/usr/bin/env python3
"""Re-read the six generated agency files (stdlib + openpyxl + python-docx only; make_files.py
is NOT imported) and check that expected/*.json agrees with them."""
import csv
import datetime as dt
import glob
import json
import os
import re
import sys

import openpyxl
from docx import Document

HERE = os.path.dirname(os.path.abspath(__file__))
EXP = os.path.join(HERE, "expected")
problems = []


def fail(msg):
    problems.append(msg)


# ---------------------------------------------------------------- reading
def read_csv(key):
    with open(os.path.join(HERE, key["file"]), encoding=key["encoding"], newline="") as f:
        rows = list(csv.reader(f, delimiter=key["delimiter"]))
    hdr_n = max(key["header_rows"])
    header = rows[hdr_n - 1]
    return header, [r for r in rows[hdr_n:] if any(c.strip() for c in r)]


def read_xlsx(key):
    wb = openpyxl.load_workbook(os.path.join(HERE, key["file"]))
    ws = wb.worksheets[0]
    hrows = key["header_rows"]
    ncol = ws.max_column
    header = []
    for c in range(1, ncol + 1):
        label = None
        for r in hrows:                        # bottom-most non-empty label wins
            v = ws.cell(row=r, column=c).value
            if v not in (None, ""):
                label = str(v)
        header.append(label)
    data = []
    for r in range(max(hrows) + 1, ws.max_row + 1):
        vals = [ws.cell(row=r, column=c).value for c in range(1, ncol + 1)]
        if any(v not in (None, "") for v in vals):
            data.append(vals)
    return header, data


def read_docx(key):
    doc = Document(os.path.join(HERE, key["file"]))
    t = doc.tables[0]
    rows = [[c.text for c in row.cells] for row in t.rows]
    hdr_n = max(key["header_rows"])
    return rows[hdr_n - 1], rows[hdr_n:]


# ---------------------------------------------------------------- parsing
FORMATS = ["%d/%m/%Y", "%d.%m.%y", "%d.%m.%Y", "%Y-%m-%d", "%d-%b-%Y"]


def split_dt(s):
    """'21-Feb-2023 10:20' -> ('21-Feb-2023', '10:20')"""
    m = re.match(r"^(.*?)\s+(\d{1,2}:\d{2})$", s.strip())
    return (m.group(1), m.group(2)) if m else (s.strip(), None)


def strict_date(s):
    for fmt in FORMATS:
        try:
            return dt.datetime.strptime(s, fmt).date()
        except ValueError:
            pass
    return None


def tolerant_date(s):
    s = re.sub(r"\s*([/.\-])\s*", r"\1", s.strip())
    s = re.sub(r"([/.\-])\1+", r"\1", s)
    return strict_date(s)


def cell_date(v):
    """returns (date or None, time-from-cell or None, strict_ok)"""
    if isinstance(v, dt.datetime):
        return v.date(), (v.strftime("%H:%M") if v.time() != dt.time(0) else None), True
    if isinstance(v, dt.date):
        return v, None, True
    if v is None:
        return None, None, False
    ds, ts = split_dt(str(v))
    sd = strict_date(ds)
    return (sd or tolerant_date(ds)), ts, sd is not None


def cell_time(v):
    if isinstance(v, dt.time):
        return v.strftime("%H:%M")
    if isinstance(v, dt.datetime):
        return v.strftime("%H:%M")
    s = "" if v is None else str(v).strip()
    if re.fullmatch(r"\d{2}:\d{2}", s):
        return s
    if re.fullmatch(r"\d{4}", s):
        return s[:2] + ":" + s[2:]
    return None


# ---------------------------------------------------------------- per-file checks
keys = {}
texts = {}     # (file, n) -> main narrative
dates = {}     # (file, n) -> date as read
for path in sorted(glob.glob(os.path.join(EXP, "*.json"))):
    name = os.path.basename(path)
    if name in ("same_events.json", "hard_negatives.json"):
        continue
    key = json.load(open(path, encoding="utf-8"))
    assert name == key["file"] + ".json", name
    keys[key["file"]] = key
    fmt = key["format"]
    header, data = {"csv": read_csv, "xlsx": read_xlsx, "docx": read_docx}[fmt](key)
    cols = key["columns"]
    wanted = [cols["date"]] + cols["narrative"] + cols["other"]
    wanted += [x for x in (cols["time"], cols["type"]) if x]
    missing = [h for h in wanted if h not in header]
    if missing:
        fail(f"{key['file']}: headings {missing} not in header {header}")
        continue
    idx = {h: header.index(h) for h in wanted}
    if len(data) != len(key["rows"]):
        fail(f"{key['file']}: {len(data)} data rows in file, {len(key['rows'])} in key")
        continue
    for row, exp in zip(data, key["rows"]):
        n = exp["n"]
        tag = f"{key['file']} row {n}"
        raw_date = row[idx[cols["date"]]]
        dv, t_in_cell, strict_ok = cell_date(raw_date)
        narrative = row[idx[cols["narrative"][0]]]
        narrative = "" if narrative is None else str(narrative)
        texts[(key["file"], n)] = narrative
        if exp["expect"] == "error":
            if exp["date"] is None and dv is not None:
                fail(f"{tag}: error row with null date but file date {raw_date!r} parses")
            if exp["date"] is not None and narrative.strip():
                fail(f"{tag}: error row with a date should have an empty narrative")
        if exp["date"] is not None:
            if dv is None or dv.isoformat() != exp["date"]:
                fail(f"{tag}: date {raw_date!r} -> {dv} != key {exp['date']}")
            mistyped = any("mistyped" in x for x in exp["notes"])
            if mistyped == strict_ok:
                fail(f"{tag}: mistyped note {mistyped} but strict parse ok {strict_ok} ({raw_date!r})")
            dates[(key["file"], n)] = dv
        tv = cell_time(row[idx[cols["time"]]]) if cols["time"] else t_in_cell
        if tv != exp["time"]:
            fail(f"{tag}: time read {tv!r} != key {exp['time']!r}")
        if not narrative.startswith(exp["snippet"]):
            fail(f"{tag}: snippet {exp['snippet']!r} not at start of narrative")
        if exp["expect"] == "kept" and len(exp["snippet"]) < 20:
            fail(f"{tag}: kept row with short snippet")
    # row numbers consecutive
    if [r["n"] for r in key["rows"]] != list(range(1, len(key["rows"]) + 1)):
        fail(f"{key['file']}: n not consecutive")

# ---------------------------------------------------------------- groups
same = json.load(open(os.path.join(EXP, "same_events.json"), encoding="utf-8"))
n_cross = n_copy = 0
seen_ids = set()
for g in same:
    assert g["id"] not in seen_ids, g["id"]
    seen_ids.add(g["id"])
    mem = [(m["file"], m["n"]) for m in g["members"]]
    for m in mem:
        if m not in texts:
            fail(f"{g['id']}: member {m} does not exist")
    if any(m not in dates for m in mem):
        fail(f"{g['id']}: member without a readable date")
        continue
    ds = [dates[m] for m in mem]
    gd = dt.date.fromisoformat(g["date"])
    if (max(ds) - min(ds)).days > 1 or any(abs((x - gd).days) > 1 for x in ds):
        fail(f"{g['id']}: member dates {ds} / group date {gd} more than 1 day apart")
    if len(mem) < 2:
        fail(f"{g['id']}: fewer than 2 members")
    if g["within_file"]:
        n_copy += 1
        if len({f for f, _ in mem}) != 1:
            fail(f"{g['id']}: within-file copy spans files")
        norm = {texts[m].strip().rstrip(".") for m in mem}
        if len(norm) != 1:
            fail(f"{g['id']}: copies differ beyond trailing space / full stop")
    else:
        n_cross += 1
        if len({f for f, _ in mem}) != len(mem):
            fail(f"{g['id']}: cross-agency group has two members from one file")

# ---------------------------------------------------------------- hard negatives
hard = json.load(open(os.path.join(EXP, "hard_negatives.json"), encoding="utf-8"))
pairs_in_groups = set()
for g in same:
    mem = [(m["file"], m["n"]) for m in g["members"]]
    for a in mem:
        for b in mem:
            pairs_in_groups.add((a, b))
for h in hard:
    mem = [(m["file"], m["n"]) for m in h["members"]]
    if len(mem) != 2 or any(m not in texts for m in mem):
        fail(f"{h['id']}: needs 2 existing members")
        continue
    if (mem[0], mem[1]) in pairs_in_groups:
        fail(f"{h['id']}: pair is also inside a same-event group")
    got = [dates[m].isoformat() for m in mem]
    if got != h["dates"]:
        fail(f"{h['id']}: dates {got} != key {h['dates']}")

# ---------------------------------------------------------------- totals
total = sum(len(k["rows"]) for k in keys.values())
errors = sum(r["expect"] == "error" for k in keys.values() for r in k["rows"])
mistyped = sum(any("mistyped" in x for x in r["notes"]) for k in keys.values() for r in k["rows"])
fmts = [k["format"] for k in keys.values()]
if len(keys) != 6:
    fail(f"{len(keys)} files, expected 6")
if not 160 <= total <= 220:
    fail(f"total rows {total} outside 160-220")
if fmts.count("csv") < 2 or fmts.count("xlsx") < 2 or fmts.count("docx") < 1:
    fail(f"format mix {fmts}")

print(f"files {len(keys)}  rows {total}  error rows {errors}  mistyped dates {mistyped}")
print(f"cross-agency groups {n_cross}  within-file copies {n_copy}  hard negatives {len(hard)}")
for k in keys.values():
    print(f"  {k['file']:45s} {k['format']:5s} rows {len(k['rows'])}")
if problems:
    print("\n".join(problems))
    print(f"CHECK FAILED ({len(problems)} problems)")
    sys.exit(1)
print("CHECK PASSED")
