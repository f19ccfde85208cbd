"""Write the six agency chronologies for the fictional Kerrigan case and the
answer key in expected/. Row text lives in rows_*.py; this script only lays
the rows out in each agency's export format and numbers them for the key.

Run with /work/main/.venv/bin/python make_files.py
"""
import csv
import datetime as dt
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import openpyxl
from openpyxl.styles import Font, Alignment
import docx
from docx.shared import Pt

import rows_police, rows_csc, rows_hv, rows_gp, rows_school, rows_hospital
from events import GROUPS, HARD

OUT = HERE
EXP = os.path.join(HERE, "expected")


def iso(d):
    return dt.date.fromisoformat(d)


def narrative(row):
    t = row["text"]
    return " ".join(t) if isinstance(t, tuple) else t


def snippet(row):
    return " ".join(narrative(row).split()[:7])


# ---------------------------------------------------------------- police csv
def write_police(path):
    head = ["URN", "Date", "Time", "Occurrence Type", "Summary", "OIC"]
    with open(path, "w", encoding="cp1252", newline="") as f:
        w = csv.writer(f, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        w.writerow(head)
        for r in rows_police.ROWS:
            d = r["raw_date"] or iso(r["date"]).strftime("%d/%m/%Y")
            t = r["time"].replace(":", "") if r["time"] else (r["raw_time"] or "")
            w.writerow([r["extra"]["urn"], d, t, r["type"], r["text"], r["who"]])
    return head


# ---------------------------------------------------------------- CSC xlsx
def write_csc(path):
    head = ["Date of Contact", "Time", "Contact Type", "Child(ren)", "Worker", "Case Note"]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Chronology"
    ws["A1"] = "Harrowmere County Council - Children's Services"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = "Chronology of significant events: Lacey KERRIGAN (09/06/2016), Mason KERRIGAN (21/10/2022)"
    ws["A3"] = "Period 01/01/2023 - 30/06/2024. Prepared for CSPR panel. OFFICIAL-SENSITIVE"
    ws["A3"].font = Font(italic=True)
    ws.append([])  # row 4 blank
    ws.append(head)  # row 5
    for c in ws[5]:
        c.font = Font(bold=True)
    for r in rows_csc.ROWS:
        d = r["raw_date"] or iso(r["date"]).strftime("%d/%m/%Y")
        t = r["time"] if r["time"] else (r["raw_time"] or None)
        ws.append([d, t or None, r["type"], r["extra"]["kids"], r["who"], r["text"]])
    for col, width in zip("ABCDEF", (14, 8, 22, 14, 22, 110)):
        ws.column_dimensions[col].width = width
    for row in ws.iter_rows(min_row=6):
        row[5].alignment = Alignment(wrap_text=True, vertical="top")
    wb.save(path)
    return head


# ---------------------------------------------------------------- HV docx
def write_hv(path):
    head = ["Date", "Time", "Contact Type", "Record", "Practitioner"]
    d = docx.Document()
    d.add_heading("Harrowmere Community Health NHS Trust", level=1)
    d.add_paragraph("0-19 Service (Health Visiting and School Nursing) - agency chronology")
    d.add_paragraph("Child: Mason KERRIGAN  NHS No. 943 118 2207   Sibling: Lacey KERRIGAN (school nursing entries included)")
    d.add_paragraph("Source: SystmOne journal. Entries summarised by Named Nurse for Safeguarding Children.")
    rows = rows_hv.ROWS
    tbl = d.add_table(rows=1 + len(rows), cols=len(head))
    tbl.style = "Table Grid"
    for i, h in enumerate(head):
        cell = tbl.rows[0].cells[i]
        cell.text = h
        cell.paragraphs[0].runs[0].bold = True
    for n, r in enumerate(rows, start=1):
        date = r["raw_date"] or iso(r["date"]).strftime("%d %b %Y")
        t = r["time"] if r["time"] else (r["raw_time"] or "")
        vals = [date, t, r["type"], r["text"], r["who"]]
        for i, v in enumerate(vals):
            tbl.rows[n].cells[i].text = v
    d.add_paragraph("End of chronology. Prepared by L. Hargreaves, Named Nurse Safeguarding Children.")
    d.save(path)
    return head


# ---------------------------------------------------------------- GP csv
def write_gp(path):
    head = ["Patient", "Entry Date", "Clinician", "Consultation Type", "Problem", "Details"]
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter=";", lineterminator="\n")
        w.writerow(head)
        for r in rows_gp.ROWS:
            d = r["raw_date"] or iso(r["date"]).strftime("%d-%b-%Y")
            w.writerow([r["extra"]["patient"], d, r["who"], r["type"], r["extra"]["problem"], r["text"]])
    return head


# ---------------------------------------------------------------- school csv
def write_school(path):
    head = ["Student", "Date/Time", "Category", "Incident", "Action Taken", "Recorded By"]
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(head)
        for r in rows_school.ROWS:
            if r["raw_date"]:
                d = r["raw_date"]
            else:
                d = iso(r["date"]).strftime("%d/%m/%Y")
                if r["time"]:
                    d += " " + r["time"]
            inc, act = r["text"]
            year = "Lacey Kerrigan (Y2)" if r["date"] < "2023-09-01" else "Lacey Kerrigan (Y3)"
            w.writerow([year,
                        d, r["type"], inc, act, r["who"]])
    return head


# ---------------------------------------------------------------- hospital xlsx
def write_hospital(path):
    head = ["Attendance Date", "Arrival/Event Time", "Department", "Patient", "MRN", "Record", "Author"]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Safeguarding Chronology"
    ws.append(head)
    for c in ws[1]:
        c.font = Font(bold=True)
    for r in rows_hospital.ROWS:
        if r["extra"].get("textdate"):
            dval = iso(r["date"]).strftime("%d/%m/%Y")
        else:
            dval = dt.datetime.combine(iso(r["date"]), dt.time())
        t = r["time"] if r["time"] else (r["raw_time"] or None)
        ws.append([dval, t, r["type"], r["extra"]["patient"], r["extra"]["mrn"], r["text"] or None, r["who"]])
        c = ws.cell(row=ws.max_row, column=1)
        if isinstance(dval, dt.datetime):
            c.number_format = "dd/mm/yyyy"
    for col, width in zip("ABCDEFG", (14, 10, 24, 18, 11, 100, 32)):
        ws.column_dimensions[col].width = width
    wb.save(path)
    return head


FILES = [
    # filename, agency, format, module, writer, columns, extra key fields
    ("police_harrowmere_constabulary.csv", "Harrowmere Constabulary", "csv", rows_police, write_police,
     {"date": "Date", "time": "Time", "narrative": ["Summary"], "type": "Occurrence Type", "other": ["URN", "OIC"]},
     {"encoding": "cp1252", "delimiter": ","}, [1]),
    ("csc_childrens_services_chronology.xlsx", "Harrowmere County Council Children's Services", "xlsx", rows_csc, write_csc,
     {"date": "Date of Contact", "time": "Time", "narrative": ["Case Note"], "type": "Contact Type", "other": ["Child(ren)", "Worker"]},
     {"sheet": "Chronology"}, [5]),
    ("hv_0-19_service_chronology.docx", "Harrowmere Community Health NHS Trust 0-19 Service", "docx", rows_hv, write_hv,
     {"date": "Date", "time": "Time", "narrative": ["Record"], "type": "Contact Type", "other": ["Practitioner"]},
     {}, [1]),
    ("gp_brackenford_medical_practice.csv", "Brackenford Medical Practice (GP)", "csv", rows_gp, write_gp,
     {"date": "Entry Date", "time": None, "narrative": ["Details"], "type": "Consultation Type", "other": ["Patient", "Clinician", "Problem"]},
     {"encoding": "utf-8", "delimiter": ";"}, [1]),
    ("school_brackenford_primary_cpoms.csv", "Brackenford Primary School", "csv", rows_school, write_school,
     {"date": "Date/Time", "time": "Date/Time", "narrative": ["Incident", "Action Taken"], "type": "Category", "other": ["Student", "Recorded By"]},
     {"encoding": "utf-8", "delimiter": ","}, [1]),
    ("hospital_hgh_safeguarding_chronology.xlsx", "Harrowmere General Hospital (Harrowmere University Hospitals NHS FT)", "xlsx", rows_hospital, write_hospital,
     {"date": "Attendance Date", "time": "Arrival/Event Time", "narrative": ["Record"], "type": "Department", "other": ["Patient", "MRN", "Author"]},
     {"sheet": "Safeguarding Chronology"}, [1]),
]


def main():
    os.makedirs(EXP, exist_ok=True)
    groups, hards, copies = {}, {}, {}
    for fname, agency, fmt, mod, writer, cols, extra, header_rows in FILES:
        writer(os.path.join(OUT, fname))
        key = {"file": fname, "agency": agency, "format": fmt, "header_rows": header_rows,
               "columns": cols, "rows": []}
        for n, r in enumerate(mod.ROWS, start=1):
            notes = list(r["notes"])
            key["rows"].append({"n": n, "date": r["date"], "time": r["time"], "snippet": snippet(r),
                                "expect": r["expect"], "notes": notes})
            for tag in r["tags"]:
                kind, name = tag.split(":", 1)
                target = {"g": groups, "h": hards, "c": copies}[kind]
                target.setdefault(name, []).append({"file": fname, "n": n, "_date": r["date"]})
        key.update(extra)
        with open(os.path.join(EXP, fname + ".json"), "w", encoding="utf-8") as f:
            json.dump(key, f, indent=1, ensure_ascii=False)

    # cross-agency groups, numbered in date order
    assert set(groups) == set(GROUPS), set(groups) ^ set(GROUPS)
    order = sorted(GROUPS, key=lambda g: (GROUPS[g][0], min(m["_date"] for m in groups[g])))
    same = []
    for i, g in enumerate(order, start=1):
        date, what = GROUPS[g]
        same.append({"id": "E%02d" % i, "what": what, "date": date,
                     "members": [{"file": m["file"], "n": m["n"]} for m in groups[g]],
                     "within_file": False})
    copy_what = {"c1": "Police stop-search entry pasted twice (trailing space)",
                 "c2": "CSC management oversight note pasted twice ('SW' / 'S/W')",
                 "c3": "HV handover entry pasted twice (identical)",
                 "c4": "GP change of address entry pasted twice (trailing space)",
                 "c5": "School CPOMS wetting incident entered twice (time 12:20 / 12:21)"}
    for c in sorted(copies):
        ms = copies[c]
        same.append({"id": c, "what": copy_what[c], "date": ms[0]["_date"],
                     "members": [{"file": m["file"], "n": m["n"]} for m in ms], "within_file": True})
    with open(os.path.join(EXP, "same_events.json"), "w", encoding="utf-8") as f:
        json.dump(same, f, indent=1, ensure_ascii=False)

    assert set(hards) == set(HARD), set(hards) ^ set(HARD)
    hn = []
    for h in sorted(HARD, key=lambda x: int(x[1:])):
        what, why = HARD[h]
        ms = hards[h]
        hn.append({"id": h, "what": what, "dates": [m["_date"] for m in ms],
                   "members": [{"file": m["file"], "n": m["n"]} for m in ms], "why": why})
    with open(os.path.join(EXP, "hard_negatives.json"), "w", encoding="utf-8") as f:
        json.dump(hn, f, indent=1, ensure_ascii=False)

    for fname, *_ in FILES:
        print("wrote", fname)
    print(len(same) - len(copies), "groups,", len(copies), "copies,", len(hn), "hard negatives")


if __name__ == "__main__":
    main()
