"""Check the answer key in expected/ against the agency files themselves.

Uses only the standard library, openpyxl and python-docx. It reads every
file on its own terms (encoding and delimiter sniffed, header rows from the
key, data rows = every non-empty row below the header), then asserts that
the key matches: row counts, snippets, dates/times read independently,
copies, groups and hard negatives.

Run:  /work/main/.venv/bin/python check.py
"""
import calendar
import csv
import datetime as dt
import difflib
import io
import json
import os
import re
import sys

import openpyxl
import docx

HERE = os.path.dirname(os.path.abspath(__file__))
EXP = os.path.join(HERE, "expected")
FAILS = []


def fail(msg):
    FAILS.append(msg)


def norm(s):
    return re.sub(r"\s+", " ", "" if s is None else str(s)).strip()


# ---------------------------------------------------------------- reading files

def read_csv(path, key):
    raw = open(path, "rb").read()
    try:
        text = raw.decode("utf-8-sig")
        enc = "utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "utf-8"
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
        enc = "cp1252"
    first = text.splitlines()[0]
    delim = csv.Sniffer().sniff(first, delimiters=",;\t").delimiter
    if "encoding" in key and key["encoding"] != enc:
        fail("%s: key says encoding %s, file reads as %s" % (key["file"], key["encoding"], enc))
    if "delimiter" in key and key["delimiter"] != delim:
        fail("%s: key says delimiter %r, sniffed %r" % (key["file"], key["delimiter"], delim))
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delim))
    return rows


def read_xlsx(path, key):
    wb = openpyxl.load_workbook(path)  # not read-only: merged cells are needed
    ws = wb[key["sheet"]] if "sheet" in key else wb.active
    grid = [[c.value for c in row] for row in ws.iter_rows()]
    # spread merged header values over their range so group headings can be read
    for rng in ws.merged_cells.ranges:
        v = ws.cell(row=rng.min_row, column=rng.min_col).value
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                grid[r - 1][c - 1] = v
    return grid


def read_docx(path, key):
    d = docx.Document(path)
    t = d.tables[key.get("table", 1) - 1]
    return [[c.text for c in row.cells] for row in t.rows]


def load(key):
    path = os.path.join(HERE, key["file"])
    fmt = key["format"]
    grid = {"csv": read_csv, "xlsx": read_xlsx, "docx": read_docx}[fmt](path, key)
    hdr = key["header_rows"]
    width = max(len(r) for r in grid)
    names = []
    for j in range(width):
        parts = []
        for h in hdr:
            row = grid[h - 1]
            v = norm(row[j]) if j < len(row) else ""
            if v and v not in parts:
                parts.append(v)
        names.append(" / ".join(parts))
    data = []
    for row in grid[hdr[-1]:]:
        if any(norm(v) for v in row):
            data.append(list(row) + [None] * (width - len(row)))
    return names, data


# ---------------------------------------------------------------- reading values

MONTHS = {}
for i in range(1, 13):
    MONTHS[calendar.month_name[i].lower()] = i
    MONTHS[calendar.month_abbr[i].lower()] = i
MONTHS["sept"] = 9
BAD_DATE = "impossible"


def read_date(v):
    """Return (date | None | BAD_DATE, rest-of-cell)."""
    if isinstance(v, dt.datetime):
        return v.date(), ""
    if isinstance(v, dt.date):
        return v, ""
    s = norm(v).lower()
    if not s:
        return None, ""
    s = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", s)
    m = re.match(r"(\d{1,2})[\s\-/.]*([a-z]{3,9})\.?[\s\-/.,]*(\d{4}|\d{2})\b", s)
    if m and m.group(2) in MONTHS:
        d, mo, y = int(m.group(1)), MONTHS[m.group(2)], int(m.group(3))
    else:
        m = re.match(r"(\d{1,4})\s*[./-]+\s*[./-]*\s*(\d{1,2})\s*[./-]+\s*(\d{4}|\d{2})\b", s)
        if not m:
            return BAD_DATE, s
        a, b, c = m.group(1), int(m.group(2)), int(m.group(3))
        if len(a) == 4:
            y, mo, d = int(a), b, c
        else:
            d, mo, y = int(a), b, c
    if y < 100:
        y += 2000
    rest = s[m.end():].strip()
    try:
        return dt.date(y, mo, d), rest
    except ValueError:
        return BAD_DATE, rest


def read_time(v):
    if v is None:
        return None
    if isinstance(v, dt.datetime):
        return v.strftime("%H:%M")
    if isinstance(v, dt.time):
        return v.strftime("%H:%M")
    s = norm(v).lower()
    m = re.fullmatch(r"(\d{1,2})[:.](\d{2})\s*(am|pm)?", s)
    if m:
        h, mi, ap = int(m.group(1)), int(m.group(2)), m.group(3)
    else:
        m = re.fullmatch(r"(\d{1,2})\s*(am|pm)", s)
        if m:
            h, mi, ap = int(m.group(1)), 0, m.group(2)
        else:
            m = re.fullmatch(r"(\d{2})(\d{2})", s)
            if not m:
                return None          # n/k, unknown, tbc, am, -, ?, blank ...
            h, mi, ap = int(m.group(1)), int(m.group(2)), None
    if ap == "pm" and h < 12:
        h += 12
    if ap == "am" and h == 12:
        h = 0
    if h > 23 or mi > 59:
        return None
    return "%02d:%02d" % (h, mi)


# ---------------------------------------------------------------- checks

def col(names, heading, fname):
    hits = [j for j, n in enumerate(names) if n == heading]
    if len(hits) != 1:
        fail("%s: heading %r found %d times in %r" % (fname, heading, len(hits), names))
        return None
    return hits[0]


def check_file(key, summary):
    fname = key["file"]
    names, data = load(key)
    cols = key["columns"]
    cd = col(names, cols["date"], fname)
    ct = col(names, cols["time"], fname) if cols["time"] else None
    cn = [col(names, h, fname) for h in cols["narrative"]]
    for h in ([cols["type"]] if cols["type"] else []) + cols["other"]:
        col(names, h, fname)
    named = set(cols["narrative"] + cols["other"] + [cols["date"], cols["time"], cols["type"]])
    for n in names:
        if n and n not in named:
            fail("%s: column %r in file is not in the key" % (fname, n))
    rows = key["rows"]
    if len(rows) != len(data):
        fail("%s: key has %d rows, file has %d data rows" % (fname, len(rows), len(data)))
    by_n = {}
    for i, r in enumerate(rows, 1):
        if r["n"] != i:
            fail("%s: key rows out of order at %d" % (fname, i))
        by_n[r["n"]] = r
        if r["n"] > len(data):
            fail("%s: row %d missing from file" % (fname, r["n"]))
            continue
        cells = data[r["n"] - 1]
        text = norm(" ".join(norm(cells[j]) for j in cn if j is not None))
        if norm(r["snippet"]) not in text:
            fail("%s row %d: snippet %r not in narrative %r" % (fname, r["n"], r["snippet"], text[:80]))
        notes = r["notes"]
        dv, rest = read_date(cells[cd]) if cd is not None else (None, "")
        if r["expect"] == "kept":
            if not r["date"]:
                fail("%s row %d: kept row has no date in key" % (fname, r["n"]))
            elif dv in (None, BAD_DATE) or dv.isoformat() != r["date"]:
                fail("%s row %d: date cell %r reads %s, key %s" % (fname, r["n"], cells[cd], dv, r["date"]))
            if not text:
                fail("%s row %d: kept row has empty narrative" % (fname, r["n"]))
        else:
            if not set(notes) & {"impossible_date", "no_date", "empty_event"}:
                fail("%s row %d: error row without a reason" % (fname, r["n"]))
            if "no_date" in notes and dv is not None:
                fail("%s row %d: no_date but cell has %r" % (fname, r["n"], cells[cd]))
            if "impossible_date" in notes and dv != BAD_DATE:
                fail("%s row %d: impossible_date but cell reads %s" % (fname, r["n"], dv))
            if "empty_event" in notes and text:
                fail("%s row %d: empty_event but narrative %r" % (fname, r["n"], text[:40]))
        if ct is not None:
            tv = read_time(rest if ct == cd else cells[ct])
            if tv != r["time"]:
                fail("%s row %d: time cell reads %s, key %s" % (fname, r["n"], tv, r["time"]))
            if (tv is None) != ("unknown_time" in notes):
                fail("%s row %d: unknown_time note inconsistent" % (fname, r["n"]))
        elif r["time"] is not None:
            fail("%s row %d: key has a time but the file has no time column" % (fname, r["n"]))
        for nt in notes:
            if nt.startswith("copy_of:"):
                o = int(nt.split(":")[1])
                if not 1 <= o < r["n"]:
                    fail("%s row %d: copy_of %d is not an earlier row" % (fname, r["n"], o))
                    continue
                other = norm(" ".join(norm(data[o - 1][j]) for j in cn if j is not None))
                ratio = difflib.SequenceMatcher(None, text, other).ratio()
                if ratio < 0.9:
                    fail("%s row %d: copy of %d but texts differ (%.2f)" % (fname, r["n"], o, ratio))
    summary["files"] += 1
    summary["rows"] += len(rows)
    summary["kept"] += sum(r["expect"] == "kept" for r in rows)
    summary["error"] += sum(r["expect"] == "error" for r in rows)
    summary["per_file"].append((fname, key["format"], len(rows),
                                sum(r["expect"] == "error" for r in rows)))
    return by_n


def main():
    keys = sorted(f for f in os.listdir(EXP) if f.endswith(".json")
                  and f not in ("same_events.json", "hard_negatives.json"))
    summary = {"files": 0, "rows": 0, "kept": 0, "error": 0, "per_file": []}
    rows_of = {}
    for k in keys:
        key = json.load(open(os.path.join(EXP, k), encoding="utf-8"))
        if k != key["file"] + ".json":
            fail("%s: key file name does not match %s" % (k, key["file"]))
        rows_of[key["file"]] = check_file(key, summary)

    def member(m, where):
        r = rows_of.get(m["file"], {}).get(m["n"])
        if r is None:
            fail("%s: member %s row %s does not exist" % (where, m["file"], m["n"]))
        return r

    groups = json.load(open(os.path.join(EXP, "same_events.json"), encoding="utf-8"))
    cross = within = 0
    pairs = set()
    seen_ids = set()
    for g in groups:
        if g["id"] in seen_ids:
            fail("duplicate group id %s" % g["id"])
        seen_ids.add(g["id"])
        ms = g["members"]
        if len(ms) < 2:
            fail("group %s has fewer than two members" % g["id"])
        files = {m["file"] for m in ms}
        if g["within_file"] != (len(files) == 1):
            fail("group %s: within_file flag wrong" % g["id"])
        within += g["within_file"]
        cross += not g["within_file"]
        d0 = dt.date.fromisoformat(g["date"])
        for m in ms:
            r = member(m, "group " + g["id"])
            if r is None:
                continue
            if r["expect"] != "kept":
                fail("group %s: member %s/%d is an error row" % (g["id"], m["file"], m["n"]))
                continue
            gap = (dt.date.fromisoformat(r["date"]) - d0).days
            if gap not in (0, 1):
                fail("group %s: member %s/%d dated %s, event %s" % (g["id"], m["file"], m["n"], r["date"], g["date"]))
        keys_ = [(m["file"], m["n"]) for m in ms]
        for a in keys_:
            for b in keys_:
                if a < b:
                    pairs.add((a, b))
    hn = json.load(open(os.path.join(EXP, "hard_negatives.json"), encoding="utf-8"))
    for h in hn:
        ms = h["members"]
        if len(ms) != 2 or not h.get("why"):
            fail("hard negative %s malformed" % h["id"])
            continue
        for m in ms:
            member(m, "hard negative " + h["id"])
        a, b = sorted([(m["file"], m["n"]) for m in ms])
        if (a, b) in pairs:
            fail("hard negative %s is also listed as the same event" % h["id"])

    print("Files: %d   rows: %d   kept: %d   error: %d"
          % (summary["files"], summary["rows"], summary["kept"], summary["error"]))
    for f, fmt, n, e in summary["per_file"]:
        print("  %-48s %-4s %3d rows (%d error)" % (f, fmt, n, e))
    print("Same-event groups: %d (cross-agency %d, within-file copies %d), rows in groups: %d"
          % (len(groups), cross, within, sum(len(g["members"]) for g in groups)))
    print("Hard negatives: %d" % len(hn))
    if FAILS:
        print("\nFAILED (%d):" % len(FAILS))
        for f in FAILS:
            print("  - " + f)
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
