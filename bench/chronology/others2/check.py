"""Re-read the generated chronologies (standard library + openpyxl +
python-docx only) and check that the answer key in expected/ agrees with them.

Run with /work/main/.venv/bin/python check.py ; exits non-zero on failure.
"""
import csv
import datetime as dt
import glob
import io
import itertools
import json
import os
import re
import sys

import openpyxl
import docx

HERE = os.path.dirname(os.path.abspath(__file__))
EXP = os.path.join(HERE, "expected")
problems = []


def fail(msg):
    problems.append(msg)


# ------------------------------------------------------------------ readers
def read_table(key):
    """Return (header, [row-list, ...]) for the data rows of a file."""
    path = os.path.join(HERE, key["file"])
    hdr_row = key["header_rows"][-1]
    if key["format"] == "csv":
        with open(path, "rb") as f:
            text = f.read().decode(key["encoding"])
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=key["delimiter"]))
    elif key["format"] == "xlsx":
        wb = openpyxl.load_workbook(path)
        ws = wb[key["sheet"]]
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
    elif key["format"] == "docx":
        d = docx.Document(path)
        assert len(d.tables) == 1, "docx should hold exactly one table"
        rows = [[c.text for c in r.cells] for r in d.tables[0].rows]
    else:
        raise ValueError(key["format"])
    header = rows[hdr_row - 1]
    data = rows[hdr_row:]
    data = [r for r in data if any(v not in (None, "") for v in r)]
    return header, data


MONTHS = "%d %b %Y", "%d-%b-%Y", "%d/%m/%Y", "%d/%m/%y"


def parse_date(v):
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if not isinstance(v, str):
        return None
    s = v.strip()
    s = re.sub(r"([/\-.])\1+", r"\1", s)         # 07//03/2023, 18--Jul-2023
    s = re.sub(r"\s+\d{1,2}:\d{2}$", "", s)       # strip a trailing time
    for f in MONTHS:
        try:
            return dt.datetime.strptime(s, f).date()
        except ValueError:
            pass
    return None


def parse_time(v):
    if v is None:
        return None
    if isinstance(v, dt.time):
        return v.strftime("%H:%M")
    s = str(v).strip()
    m = re.search(r"(?:^|\s)(\d{1,2}):(\d{2})$", s) or re.fullmatch(r"(\d{2})(\d{2})", s)
    if not m:
        return None
    return "%02d:%02d" % (int(m.group(1)), int(m.group(2)))


def col(header, name):
    if name not in header:
        fail("heading %r not in header %r" % (name, header))
        return None
    return header.index(name)


# ------------------------------------------------------------------ per file
files = {}
keys = sorted(p for p in glob.glob(os.path.join(EXP, "*.json"))
              if os.path.basename(p) not in ("same_events.json", "hard_negatives.json"))
assert len(keys) == 6, keys
for kp in keys:
    key = json.load(open(kp, encoding="utf-8"))
    fname = key["file"]
    assert os.path.basename(kp) == fname + ".json"
    header, data = read_table(key)
    files[fname] = (key, data)
    c = key["columns"]
    ic_date = col(header, c["date"])
    ic_time = col(header, c["time"]) if c["time"] else None
    ic_narr = [col(header, n) for n in c["narrative"]]
    if c["type"]:
        col(header, c["type"])
    for o in c["other"]:
        col(header, o)
    if not 25 <= len(data) <= 45:
        fail("%s: %d data rows, expected 25-45" % (fname, len(data)))
    if len(data) != len(key["rows"]):
        fail("%s: file has %d data rows, key has %d" % (fname, len(data), len(key["rows"])))
        continue
    for i, (row, k) in enumerate(zip(data, key["rows"]), start=1):
        if k["n"] != i:
            fail("%s: key row numbering breaks at %d" % (fname, i))
        narr = " ".join(str(row[j]) for j in ic_narr if row[j] not in (None, ""))
        words = narr.split()
        if " ".join(words[:7]) != k["snippet"]:
            fail("%s n=%d: snippet %r does not match %r" % (fname, i, k["snippet"], " ".join(words[:7])))
        if k["snippet"] and k["snippet"] not in narr:
            fail("%s n=%d: snippet not found verbatim in narrative" % (fname, i))
        got = parse_date(row[ic_date])
        if k["expect"] == "kept":
            if not k["date"]:
                fail("%s n=%d: kept row without a date" % (fname, i))
            elif got != dt.date.fromisoformat(k["date"]):
                fail("%s n=%d: file date %r parses to %s, key says %s" % (fname, i, row[ic_date], got, k["date"]))
            if not narr.strip():
                fail("%s n=%d: kept row has no narrative" % (fname, i))
        elif k["expect"] == "error":
            bad_date = k["date"] is None and got is None
            empty = not narr.strip()
            if not (bad_date or empty):
                fail("%s n=%d: error row has a readable date and a narrative" % (fname, i))
            if not k["notes"]:
                fail("%s n=%d: error row without a note" % (fname, i))
        else:
            fail("%s n=%d: expect=%r" % (fname, i, k["expect"]))
        if ic_time is not None:
            t = parse_time(row[ic_time])
            if t != k["time"]:
                fail("%s n=%d: file time %r -> %s, key %s" % (fname, i, row[ic_time], t, k["time"]))
        elif k["time"] is not None:
            fail("%s n=%d: key has time but file has no time column" % (fname, i))
        if k["date"]:
            d = dt.date.fromisoformat(k["date"])
            if not dt.date(2023, 1, 1) <= d <= dt.date(2024, 6, 30):
                fail("%s n=%d: date outside the review period" % (fname, i))

# ------------------------------------------------------------------ groups
same = json.load(open(os.path.join(EXP, "same_events.json"), encoding="utf-8"))
hard = json.load(open(os.path.join(EXP, "hard_negatives.json"), encoding="utf-8"))


def row_of(m):
    key, data = files[m["file"]]
    return key["rows"][m["n"] - 1], data[m["n"] - 1]


pairs_same = set()
ids = set()
member_seen = {}
copy_rows = set()
for g in same:
    assert g["id"] not in ids, g["id"]
    ids.add(g["id"])
    ms = g["members"]
    if len(ms) < 2:
        fail("%s: fewer than 2 members" % g["id"])
    if len({(m["file"], m["n"]) for m in ms}) != len(ms):
        fail("%s: repeated member" % g["id"])
    rows = [row_of(m)[0] for m in ms]
    if any(r["expect"] != "kept" for r in rows):
        fail("%s: member row is not kept" % g["id"])
    dates = [dt.date.fromisoformat(r["date"]) for r in rows]
    if (max(dates) - min(dates)).days > 1:
        fail("%s: member dates more than a day apart %s" % (g["id"], dates))
    if abs((dt.date.fromisoformat(g["date"]) - min(dates)).days) > 1:
        fail("%s: group date far from members" % g["id"])
    fs = {m["file"] for m in ms}
    if g["within_file"]:
        if len(fs) != 1 or len(ms) != 2:
            fail("%s: within-file copy must be 2 rows of one file" % g["id"])
        a, b = [row_of(m)[0] for m in ms]
        if a["snippet"] != b["snippet"]:
            fail("%s: copy snippets differ" % g["id"])
        copy_rows.update((m["file"], m["n"]) for m in ms)
    else:
        if len(fs) < 2:
            fail("%s: cross-agency group with members in one file" % g["id"])
        if len(fs) != len(ms):
            fail("%s: two members from the same agency" % g["id"])
        for m in ms:
            k = (m["file"], m["n"])
            if k in member_seen:
                fail("%s: row %s already in %s" % (g["id"], k, member_seen[k]))
            member_seen[k] = g["id"]
    for a, b in itertools.combinations(ms, 2):
        pairs_same.add(frozenset([(a["file"], a["n"]), (b["file"], b["n"])]))

for h in hard:
    ms = h["members"]
    if len(ms) != 2:
        fail("%s: hard negative needs 2 members" % h["id"])
        continue
    if ms[0]["file"] == ms[1]["file"]:
        fail("%s: hard negative within one file" % h["id"])
    p = frozenset((m["file"], m["n"]) for m in ms)
    if p in pairs_same:
        fail("%s: hard negative is also a same-event pair" % h["id"])
    rows = [row_of(m)[0] for m in ms]
    if [r["date"] for r in rows] != h["dates"]:
        fail("%s: dates field disagrees with rows" % h["id"])
    if any(r["expect"] != "kept" for r in rows):
        fail("%s: member row not kept" % h["id"])

# snippets unique within a file, apart from pasted copies
for fname, (key, data) in files.items():
    seen = {}
    for r in key["rows"]:
        if r["snippet"] in seen and not ((fname, r["n"]) in copy_rows and (fname, seen[r["snippet"]]) in copy_rows):
            fail("%s: snippet of n=%d repeats n=%d" % (fname, r["n"], seen[r["snippet"]]))
        seen.setdefault(r["snippet"], r["n"])

# ------------------------------------------------------------------ report
cross = [g for g in same if not g["within_file"]]
sizes = {}
for g in cross:
    sizes[len(g["members"])] = sizes.get(len(g["members"]), 0) + 1
total = sum(len(d) for _, d in files.values())
in_group = len(member_seen)
errors = sum(1 for k, _ in files.values() for r in k["rows"] if r["expect"] == "error")
print("files:", {f: len(d) for f, (k, d) in files.items()})
print("rows: %d, in cross-agency groups: %d, errors: %d" % (total, in_group, errors))
print("groups by size:", dict(sorted(sizes.items())), "total", len(cross))
print("copies:", len(same) - len(cross), " hard negatives:", len(hard))
if problems:
    print("\nFAILED:")
    for p in problems:
        print(" -", p)
    sys.exit(1)
print("check passed")
