"""Nine realistic agency chronology files, one of each shape agencies send, built in code.

``agency_files(seed=1, rows_total=1500)`` returns ``[(agency, filename, bytes), …]``; the same
arguments always give the same bytes (seeded random, fixed zip timestamps and document dates), so
the benchmark, the command tests and the browser test can share them. The family and every place
are invented and appear nowhere in bench/scanner/data (a test checks this).

With ``with_problems=True`` five rows carry a planted problem, one in each of five files: a missing
date, an impossible date, an empty event, a row out of order and a date outside the period under
review. ``planted_problems()`` says which file and row reference (as the author sees it) holds
which. Every other date lies in ``PERIOD`` and rows are in date order.

One file, the early help service's, has no source-of-information column, as real ones sometimes
lack it: import it with one source for all its rows (``NO_SOURCE_COLUMN`` gives the text), or it
reports a missing source on every row.
"""

import csv
import dataclasses
import datetime as dt
import functools
import io
import random
import re
import zipfile

import docx
import openpyxl
from docx.document import Document as WordDocument
from docx.enum.text import WD_BREAK
from docx.table import Table, _Cell
from openpyxl.styles import Alignment, Font

PERIOD = (dt.date(2024, 1, 1), dt.date(2025, 6, 30))
FAMILY = {
    "child": "Tiegan",  # 2 years old at the start of the period
    "sibling": "Mylo",  # 7, at Oakridge Primary School
    "mother": "Ashlyn Quenby",
    "mum": "Ashlyn",
    "partner": "Corrin Hebden",  # the mother's partner
    "grandmother": "Blaise Ormerod",  # maternal grandmother
}
# Every invented name in the files, for the test that they are nowhere in the scanner's data.
INVENTED_NAMES = ("Tiegan", "Mylo", "Ashlyn", "Quenby", "Corrin", "Hebden", "Blaise", "Ormerod",
                  "Northshire", "Oakridge", "Larkfield", "Kestrel", "Briarwood")
PROBLEMS = ("missing_date", "impossible_date", "empty_event", "out_of_order", "outside_period")
FIXED_TIME = (2025, 7, 1, 9, 0, 0)
EXCEL_EPOCH = dt.date(1899, 12, 30)

# (contact type, practitioner role, source of information, event, action / outcome, analysis or "")
Entry = tuple[str, str, str, str, str, str]

POOLS: dict[str, list[Entry]] = {
    "csc": [
        ("Referral", "Duty social worker", "Contact record",
         "Referral received from Oakridge Primary School: {sibling} arrived hungry and said there had been "
         "shouting at home overnight.", "Passed to the assessment team; visit within 5 working days.",
         "Timely response in line with the threshold document."),
        ("Strategy meeting", "Team manager", "Strategy meeting minutes",
         "Strategy meeting with police, health visitor and school. Agreed the threshold for section 47 "
         "enquiries was met for {child} and {sibling}.", "Section 47 enquiries to start; joint visit with "
         "police.", "The GP was not invited, so health information was incomplete."),
        ("Home visit", "Social worker", "Case note",
         "Home visit. {mother} present; {partner} left as the social worker arrived. {child} seen asleep in "
         "her cot; the home was cluttered but warm.", "Plan to visit again within 10 days.",
         "The partner's role in the household was not explored."),
        ("Assessment", "Social worker", "Child and family assessment",
         "Child and family assessment completed. Concerns about neglect, {mother}'s low mood and "
         "{partner}'s presence in the home.", "Recommended an initial child protection conference.", ""),
        ("Meeting", "Child protection chair", "Conference minutes",
         "Initial child protection conference. {child} and {sibling} made subject to child protection plans "
         "under the category of neglect.", "Core group to meet within 10 working days.",
         "Multi-agency attendance was good; housing was not represented."),
        ("Meeting", "Social worker", "Core group minutes",
         "Core group meeting. {mother} did not attend; school reported attendance had fallen.",
         "Social worker to visit and share the minutes with {mum}.", ""),
        ("Home visit", "Social worker", "Case note",
         "Unannounced home visit; no answer. Curtains drawn at 11:00.", "Card left; visit rearranged.",
         "Third unsuccessful visit in a month; not escalated to the manager."),
        ("Telephone call", "Duty social worker", "Contact record",
         "Telephone call from {grandmother} (maternal grandmother), worried that {partner} is staying at the "
         "address most nights.", "Information passed to the allocated social worker.",
         "Important family information that was not shared with the core group."),
        ("Supervision", "Team manager", "Supervision record",
         "Case discussed in supervision; decision to hold a legal planning meeting.",
         "Legal planning meeting requested.", ""),
        ("Letter", "Social worker", "Case note",
         "Letter to {mother} setting out what must change and the date of the next review conference.",
         "Copy on file.", ""),
    ],
    "police": [
        ("", "Call handler", "Storm log",
         "999 call from a neighbour reporting shouting and a child crying at the address.",
         "Graded for immediate attendance.", ""),
        ("", "Response officer", "Niche occurrence",
         "Officers attended. {mother} had a cut lip and said she had fallen. {partner} not present. "
         "{child} and {sibling} seen; {child} asleep.", "DASH risk assessment completed: medium risk.",
         "The children's voices were not recorded."),
        ("", "Response officer", "Public protection notice",
         "Public protection notice submitted for {child} and {sibling} (domestic abuse, children present).",
         "Shared with the MASH.", ""),
        ("", "Detective constable", "Crime report",
         "{partner} arrested for assault on {mother}; interviewed and released under investigation.",
         "Bail conditions not imposed.", "Released under investigation without conditions left the children "
         "unprotected."),
        ("", "MASH police officer", "MASH record",
         "Police information shared with Children's Social Care for the strategy meeting.",
         "Attended the strategy meeting.", ""),
        ("", "Response officer", "Storm log",
         "Welfare check requested by the health visitor after missed appointments; children seen, no "
         "concerns recorded.", "No further action.", ""),
        ("", "Police sergeant", "Niche occurrence",
         "Report of {sibling} found alone at the play park at 21:00; taken home to {mother}.",
         "PPN submitted.", "A pattern of unsupervised evenings was not linked to earlier reports."),
        ("", "Response officer", "Storm log",
         "Call from {mother} saying {partner} was refusing to leave; he had gone when officers arrived.",
         "Words of advice; DASH standard risk.", ""),
    ],
    "health_visiting": [
        ("Home visit", "Health visitor", "SystmOne record",
         "Home visit: {child} weighed, weight has dropped from the 25th to the 9th centile.\n"
         "Home observed: no stair gate; dog faeces on the kitchen floor.",
         "Advice given on diet and home safety; review in 2 weeks.",
         "Faltering weight and home conditions together should have led to a referral."),
        ("Clinic", "Community nursery nurse", "SystmOne record",
         "12-month review not attended.", "Letter sent with a new appointment.", ""),
        ("Home visit", "Health visitor", "SystmOne record",
         "{mother} disclosed low mood; EPDS score 16.", "Advised to see her GP; GP informed by task.",
         "Good practice in sharing the score with the GP."),
        ("Telephone", "Health visitor", "SystmOne record",
         "Telephone contact with {mother}, who cancelled the visit saying {child} had a cold.",
         "Visit rebooked.", "Repeated cancellations were not recognised as a pattern."),
        ("Meeting", "Health visitor", "Core group minutes",
         "Attended the core group; shared concerns about missed immunisations.",
         "To offer immunisations at home.", ""),
        ("Review", "Health visitor", "SystmOne record",
         "Two-year review: speech delay noted; {child} said only a few words.",
         "Referral to speech and language therapy.", ""),
        ("Supervision", "Safeguarding nurse", "Safeguarding supervision record",
         "Safeguarding supervision: case discussed.\n"
         "Plan: increase contact to fortnightly; check {partner}'s role in the home.", "Plan recorded.", ""),
    ],
    "school": [
        ("Concern", "Class teacher", "CPOMS",
         "{sibling} arrived late and hungry; said there was no breakfast at home.",
         "Offered a breakfast club place.", ""),
        ("Attendance", "Attendance officer", "Attendance register",
         "Attendance for the half term was 84%; 6 unauthorised absences.",
         "Letter sent to {mother}.", "Attendance was not shared with the social worker."),
        ("Disclosure", "Designated safeguarding lead", "CPOMS",
         "{sibling} told his teacher ‘mummy’s friend shouts at us and throws things’.",
         "DSL referral to Children’s Social Care the same day.", "Prompt referral in line with policy."),
        ("Support", "Family liaison officer", "School safeguarding file",
         "Dinner money arrears of £23.40; school paid £15.00 for a new uniform.",
         "Family signposted to the food bank.", ""),
        ("Absence", "Attendance officer", "Attendance register",
         "Unexplained absence; first-day call to {mum}, no answer.", "Home visit by the family liaison "
         "officer; no answer.", ""),
        ("Meeting", "Designated safeguarding lead", "Core group minutes",
         "Attended the core group; reported {sibling}’s behaviour had deteriorated.",
         "Referral to the school counsellor.", ""),
    ],
    "housing": [
        ("Letter", "Income officer", "Rent account",
         "Rent arrears letter sent; arrears £1,240.", "Payment plan offered.", ""),
        ("Complaint", "Neighbourhood officer", "ASB case log",
         "Neighbour complained of shouting and banging late at night; said a man and a woman argue most "
         "weekends.", "Warning letter sent to the tenant.",
         "Noise reports were not recognised as possible domestic abuse."),
        ("Repair", "Repairs operative", "Repairs log",
         "Repairs visit for damp in the children's bedroom; operative noted no beds for the children.",
         "Damp treatment booked; nothing passed on about the beds.",
         "No route for trades staff to raise welfare concerns."),
        ("Visit", "Housing officer", "Tenancy file",
         "Tenancy visit; {partner} answered the door and said he was visiting.",
         "Tenant reminded of the tenancy conditions.", ""),
        ("Notice", "Income officer", "Rent account",
         "Notice seeking possession served; arrears £1,880.",
         "Referral to the tenancy sustainment team.", ""),
    ],
    "gp": [
        ("Appointment", "GP", "EMIS record",
         "{mother} attended with {child}: cough and fever for 3 days. Viral illness.",
         "Advice given; safety-netting.", ""),
        ("Appointment", "Practice nurse", "EMIS record",
         "Did not attend for MMR immunisation.", "Recall letter sent.",
         "Was-not-brought was not flagged as a safeguarding concern."),
        ("Prescription", "GP", "EMIS record",
         "Repeat prescription of sertraline issued for {mother}.", "Medication review due.", ""),
        ("Alert", "Practice safeguarding lead", "EMIS record",
         "Child protection alert added to {child}'s record after the initial conference.",
         "Alert added to the records of all household members.", "Good practice."),
        ("Letter", "GP", "Hospital letter",
         "ED discharge letter received: {child} seen with a burn to the right palm.",
         "Filed without review.", "The letter was not reviewed by a GP."),
        ("Appointment", "GP", "EMIS record",
         "{mother} seen for low mood; said she was sleeping badly.", "Sertraline dose increased.",
         "Her children and their care were not asked about."),
    ],
    "hospital": [
        ("", "ED nurse", "ED record (Symphony)",
         "{child} brought to ED by {mother} with a burn to the right palm; said to have touched hair "
         "straighteners.", "Triaged; seen by the ED doctor.", ""),
        ("", "Paediatric registrar", "Paediatric notes",
         "Burn judged consistent with the account; {child} quiet and watchful.",
         "Skeletal survey requested.", "Quiet, watchful presentation noted but not acted on."),
        ("", "Hospital safeguarding nurse", "Safeguarding referral form",
         "Safeguarding referral to Children's Social Care.", "Referral acknowledged.", ""),
        ("", "Ward sister", "Kestrel Ward nursing notes",
         "Admitted to Kestrel Ward for observation; {partner} visited and was hostile to staff.",
         "Security informed.", ""),
        ("", "Paediatric consultant", "Discharge summary",
         "Skeletal survey: no fractures. Discharged home to {grandmother}.",
         "Follow-up in the burns clinic.", ""),
        ("", "Burns nurse", "Outpatient notes",
         "{child} not brought to the burns clinic.", "Letter to {mother} with a new appointment.", ""),
    ],
    "early_help": [
        ("Meeting", "Early help practitioner", "EHM record",
         "Team around the family meeting.\nPresent: {mother}, school, health visitor.\n"
         "Agreed: parenting course and a bedtime routine.", "Plan reviewed in 6 weeks.", ""),
        ("Home visit", "Family support worker", "EHM record",
         "Home visit.\n{mother} tired and tearful.\n{sibling} at school; {child} in her cot.",
         "Food bank voucher given.", "Mother's low mood known but no mental health referral."),
        ("Telephone", "Early help practitioner", "EHM record",
         "Telephone call with {mum} to arrange the parenting course.", "Booked onto the course.", ""),
        ("Closure", "Team leader", "EHM record",
         "Case closed to early help: stepped up to Children's Social Care.", "Transfer summary sent.",
         "Step-up took 3 weeks; drift."),
        ("Group", "Family support worker", "Course register",
         "{mother} did not attend the parenting course session.", "Follow-up call; no answer.", ""),
    ],
    "mental_health": [
        ("", "Care coordinator", "RiO record",
         "Initial assessment of {mother}: anxiety and depression.", "Allocated to a care coordinator.",
         "No record of whether she cared for children."),
        ("", "Community psychiatric nurse", "RiO record",
         "{mother} did not attend her outpatient appointment.", "Letter sent.", ""),
        ("", "Crisis team practitioner", "Crisis team notes",
         "Crisis telephone contact: {mother} tearful, said she was not coping with the children.",
         "Home treatment offered; declined.", "The children were not considered; no referral."),
        ("", "Care coordinator", "RiO record",
         "Home visit; {partner} present throughout and answered for {mum}.", "Next visit in 4 weeks.",
         "A chance to see {mum} alone was missed."),
        ("", "Consultant psychiatrist", "Clinic letter",
         "Outpatient review; medication changed.", "Review in 3 months.", ""),
    ],
}

# One spec per agency: (agency, filename, pool, share of the rows, writer name).
AGENCIES = [
    ("Northshire Children's Social Care", "CSC_Chronology_Final_v3.xlsx", "csc", 0.16, "xlsx_titled"),
    ("Northshire Police", "Police chronology.xlsx", "police", 0.13, "xlsx_plain"),
    ("Northshire 0-19 Health Visiting Service", "HV chronology export.csv", "health_visiting", 0.12,
     "csv_bom"),
    ("Oakridge Primary School", "Oakridge Primary - chronology.csv", "school", 0.10, "csv_cp1252"),
    ("Northshire Homes (Housing)", "Housing_chronology.csv", "housing", 0.08, "csv_semicolon"),
    ("Larkfield Medical Centre (GP)", "GP chronology - Larkfield MC.docx", "gp", 0.12, "docx_single"),
    ("Northshire Hospitals NHS Trust", "Hospital chronology (ED and paediatrics).docx", "hospital", 0.12,
     "docx_continued"),
    ("Northshire Early Help Service", "Early Help chronology.docx", "early_help", 0.08, "docx_lines"),
    ("Northshire Adult Mental Health Service", "AMHS chronology.xlsx", "mental_health", 0.09,
     "xlsx_datetime"),
]
# Files with no source-of-information column, and the source to give all their rows on import.
NO_SOURCE_COLUMN = {"Early Help chronology.docx": "Early help record (EHM)"}
# Which file carries which planted problem (index into AGENCIES), and where in it (share of its rows).
PLANTED = {"missing_date": (2, 0.3), "impossible_date": (1, 0.4), "empty_event": (5, 0.5),
           "out_of_order": (4, 0.6), "outside_period": (3, 0.0)}


@dataclasses.dataclass
class Row:
    date: dt.date | str | None  # a str or None only where a problem is planted
    time: dt.time | None
    sequence: int | None
    kind: str
    role: str
    source: str
    event: str
    action: str
    analysis: str


def agency_files(seed: int = 1, rows_total: int = 1500, *, with_problems: bool = False
                 ) -> list[tuple[str, str, bytes]]:
    """Nine agencies' chronology files: (agency name, filename, file bytes)."""
    return [(agency, filename, data) for agency, filename, data, _ in _build(seed, rows_total, with_problems)]


def planted_problems(seed: int = 1, rows_total: int = 1500) -> list[tuple[str, str, str]]:
    """Where ``with_problems=True`` planted its problems: (filename, row reference, problem)."""
    return [(filename, ref, problem) for _, filename, _, planted in _build(seed, rows_total, True)
            for problem, ref in planted.items()]


@functools.lru_cache(maxsize=8)  # building the Word files takes a second; tests ask more than once
def _build(seed: int, rows_total: int, with_problems: bool) -> tuple[tuple[str, str, bytes, dict], ...]:
    rng = random.Random(seed)
    counts = [max(3, round(rows_total * share)) for *_, share, _ in AGENCIES]
    counts[0] += rows_total - sum(counts)
    out = []
    for index, ((agency, filename, pool, _, writer), count) in enumerate(zip(AGENCIES, counts, strict=True)):
        rows = _rows(rng, POOLS[pool], count, with_time=writer != "docx_single")
        planted = {}
        if with_problems:
            for problem, (where, share) in PLANTED.items():
                if where == index:
                    position = min(int(len(rows) * share), len(rows) - 1)
                    _plant(rows, position, problem)
                    planted[problem] = position
        data, refs = WRITERS[writer](rows, rng)
        out.append((agency, filename, data, {problem: refs[pos] for problem, pos in planted.items()}))
    return tuple(out)


def _rows(rng: random.Random, pool: list[Entry], count: int, *, with_time: bool) -> list[Row]:
    days = (PERIOD[1] - PERIOD[0]).days
    # Contacts come in bursts (a crisis brings several agencies' work in a week), so cluster the dates.
    dates = sorted(PERIOD[0] + dt.timedelta(days=min(days, max(0, int(rng.triangular(0, days, days * 0.7)))))
                   for _ in range(count))
    rows = []
    previous = None
    sequence = 0
    for day in dates:
        sequence = sequence + 1 if day == previous else 1
        previous = day
        kind, role, source, event, action, analysis = rng.choice(pool)
        time = dt.time(rng.randint(8, 20), rng.choice((0, 10, 15, 20, 30, 40, 45, 50))) if with_time else None
        rows.append(Row(day, time, sequence, kind, role, source, _fill(event), _fill(action),
                        _fill(analysis)))
    # Times within a day follow the sequence.
    for a, b in zip(rows, rows[1:], strict=False):
        if a.date == b.date and a.time and b.time and b.time <= a.time:
            b.time = dt.time(min(23, a.time.hour + 1), b.time.minute)
    return rows


def _fill(text: str) -> str:
    return text.format(**FAMILY)


def _plant(rows: list[Row], position: int, problem: str) -> None:
    row = rows[position]
    if problem == "missing_date":
        row.date = None
    elif problem == "impossible_date":
        row.date = "31/02/2025"
    elif problem == "empty_event":
        row.event = ""
    elif problem == "outside_period":
        row.date = PERIOD[0] - dt.timedelta(days=48)  # first row: before the period, still in order
    elif problem == "out_of_order":
        earlier = rows[position - 1].date - dt.timedelta(days=40)
        row.date = max(earlier, PERIOD[0] + dt.timedelta(days=1))
        row.sequence = 1


def _day_first(value: dt.date | str | None, style: str = "%d/%m/%Y") -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else value.strftime(style)


def _hhmm(value: dt.time | None) -> str:
    return value.strftime("%H:%M") if value else ""


def _same_day_runs(rows: list[Row]) -> list[tuple[int, int]]:
    """(first, last) positions of runs of two or more rows on the same, real date."""
    runs, start = [], 0
    for i in range(1, len(rows) + 1):
        if i == len(rows) or not isinstance(rows[i].date, dt.date) or rows[i].date != rows[start].date:
            if i - start >= 2 and isinstance(rows[start].date, dt.date):
                runs.append((start, i - 1))
            start = i
    return runs


# -- writers: each returns the file's bytes and each row's reference as the author sees it ----------


def _xlsx_titled(rows: list[Row], rng: random.Random) -> tuple[bytes, list[str]]:
    """Children's social care: title rows, a two-row header with merged cells, serial-number dates
    in general-formatted cells, and a date merged down over events on the same day."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Chronology"
    sheet["A1"] = "Children's Social Care chronology: CSPR Child T"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.merge_cells("A1:G1")
    sheet["A2"] = f"Period: {PERIOD[0]:%d/%m/%Y} to {PERIOD[1]:%d/%m/%Y}. Prepared by quality assurance."
    sheet.merge_cells("A2:G2")
    sheet.append([])
    sheet.append(["Date", "Contact", None, "Source", "Worker", "Outcome", "Comments"])
    sheet.append([None, "Type", "Details", None, None, None, None])
    for first, last in (("A4", "A5"), ("D4", "D5"), ("E4", "E5"), ("F4", "F5"), ("G4", "G5")):
        sheet.merge_cells(f"{first}:{last}")
    sheet.merge_cells("B4:C4")
    for cell in (*sheet[4], *sheet[5]):
        cell.font = Font(bold=True)
    first_data = 6
    for row in rows:
        serial = (row.date - EXCEL_EPOCH).days if isinstance(row.date, dt.date) else row.date
        sheet.append([serial, row.kind, row.event, row.source, row.role, row.action, row.analysis or None])
    merged = 0
    for first, last in _same_day_runs(rows):
        if merged < 12 and last - first <= 3:
            sheet.merge_cells(f"A{first_data + first}:A{first_data + last}")
            merged += 1
    for letter, width in zip("ABCDEFG", (11, 14, 60, 22, 20, 36, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    return _save_xlsx(book), [str(first_data + i) for i in range(len(rows))]


def _xlsx_plain(rows: list[Row], rng: random.Random) -> tuple[bytes, list[str]]:
    """Police: header in row 1, real date cells and time cells."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Police"
    sheet.append(["Date", "Time", "Source", "Officer role", "Event", "Action taken", "Analysis"])
    for row in rows:
        sheet.append([row.date, row.time, row.source, row.role, row.event, row.action, row.analysis or None])
    for cells in sheet.iter_rows(min_row=2):
        if isinstance(cells[0].value, dt.date):
            cells[0].number_format = "dd/mm/yyyy"
        cells[1].number_format = "hh:mm"
        for cell in cells[4:]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    return _save_xlsx(book), [str(2 + i) for i in range(len(rows))]


def _xlsx_datetime(rows: list[Row], rng: random.Random) -> tuple[bytes, list[str]]:
    """Adult mental health: date and time in one cell, some as text, some real; uncertain '?' dates
    and month-only dates; a title row."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "AMHS"
    sheet["A1"] = "Adult Mental Health Service - chronology of involvement with the mother"
    sheet.append(["Date/Time", "Source", "Professional", "Event", "Outcome", "Comments"])
    previous_month = None
    months = 0
    for i, row in enumerate(rows):
        day = row.date
        month = (day.year, day.month) if isinstance(day, dt.date) else None
        months += month != previous_month
        value: object
        if not isinstance(day, dt.date):
            value = day
        elif month != previous_month and months % 4 == 2:
            value = f"{day:%B %Y}"  # only the month known: first row of its month, so still in order
        elif i % 17 == 3:
            value = "?" + day.strftime("%d/%m/%Y")
        elif i % 3 == 0:
            value = dt.datetime.combine(day, row.time or dt.time(9))
        else:
            value = f"{day:%d/%m/%Y} {_hhmm(row.time)}".strip()
        previous_month = month
        sheet.append([value, row.source, row.role, row.event, row.action, row.analysis or None])
        if isinstance(value, dt.datetime):
            sheet.cell(sheet.max_row, 1).number_format = "dd/mm/yyyy hh:mm"
    return _save_xlsx(book), [str(3 + i) for i in range(len(rows))]


def _csv_bom(rows: list[Row], rng: random.Random) -> tuple[bytes, list[str]]:
    """Health visiting: UTF-8 with a BOM, commas, events spanning lines in quoted cells."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["Date of contact", "Time", "Information source", "Worker", "Details", "Outcome",
                     "Comments"])
    for row in rows:
        writer.writerow([_day_first(row.date), _hhmm(row.time), row.source, row.role, row.event, row.action,
                         row.analysis])
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8"), [str(2 + i) for i in range(len(rows))]


def _csv_cp1252(rows: list[Row], rng: random.Random) -> tuple[bytes, list[str]]:
    """School: Windows-1252 ("CSV (Comma delimited)" from Excel on Windows), with £ and ’."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["Date", "Seq", "Contact", "Professional", "Source", "Action taken", "Comments"])
    for row in rows:
        writer.writerow([_day_first(row.date, "%d/%m/%y"), row.sequence, row.event, row.role, row.source,
                         row.action, row.analysis])
    return out.getvalue().encode("cp1252"), [str(2 + i) for i in range(len(rows))]


def _csv_semicolon(rows: list[Row], rng: random.Random) -> tuple[bytes, list[str]]:
    """Housing: semicolons (a European-locale export), UTF-8 without a BOM, dates with dots."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["Seq", "Date", "Time", "Source of information", "Role", "Summary", "Outcome",
                     "Analysis"])
    for row in rows:
        writer.writerow([row.sequence, _day_first(row.date, "%d.%m.%Y"), _hhmm(row.time), row.source,
                         row.role, row.event, row.action, row.analysis])
    return out.getvalue().encode("utf-8"), [str(2 + i) for i in range(len(rows))]


def _new_document(title: str) -> WordDocument:
    document = docx.Document()
    props = document.core_properties
    props.author = props.last_modified_by = "Chronology author"
    props.title = title
    fixed = dt.datetime(*FIXED_TIME)
    props.created = props.modified = fixed
    props.revision = 1
    document.add_heading(title, level=1)
    return document


def _add_row(table: Table, values: list[str]) -> list[_Cell]:
    cells = table.add_row().cells
    for cell, value in zip(cells, values, strict=True):
        cell.text = value
    return cells


def _docx_single(rows: list[Row], rng: random.Random) -> tuple[bytes, list[str]]:
    """GP: one table with our own headings, after a few paragraphs."""
    document = _new_document("Larkfield Medical Centre: chronology for the practice review")
    document.add_paragraph("Prepared from the EMIS records of the household. Day-first dates.")
    table = document.add_table(rows=1, cols=6)
    table.style = "Table Grid"
    headings = ["Date", "Source of information", "Practitioner role", "Event / contact", "Action / outcome",
                "Analysis / comment"]
    for cell, heading in zip(table.rows[0].cells, headings, strict=True):
        cell.text = heading
    for row in rows:
        _add_row(table, [_day_first(row.date), row.source, row.role, row.event, row.action, row.analysis])
    return _save_docx(document), [f"1.{2 + i}" for i in range(len(rows))]


def _docx_continued(rows: list[Row], rng: random.Random) -> tuple[bytes, list[str]]:
    """Hospital: the table continued in a second table after a page break, its header repeated; dates
    merged down over events on the same day (vMerge) and outcome merged with comments (gridSpan)."""
    document = _new_document("Northshire Hospitals NHS Trust: chronology")
    headings = ["Date", "Time", "Source", "Role", "Event", "Outcome", "Comments"]
    split = len(rows) * 11 // 20
    refs: list[str] = []
    for number, part in ((1, rows[:split]), (2, rows[split:])):
        if number == 2:
            document.add_paragraph("Chronology continued").runs[0].add_break(WD_BREAK.PAGE)
        table = document.add_table(rows=1, cols=len(headings))
        table.style = "Table Grid"
        for cell, heading in zip(table.rows[0].cells, headings, strict=True):
            cell.text = heading
        dates = []  # each row's date cell (table.cell() is slow on a long table)
        for row in part:
            cells = _add_row(table, [_day_first(row.date), _hhmm(row.time), row.source, row.role, row.event,
                                     row.action, row.analysis])
            dates.append(cells[0])
            if not row.analysis and rng.random() < 0.5:
                cells[5].merge(cells[6])  # outcome written across both columns
        for first, last in _same_day_runs(part):
            top = dates[first]
            for cell in dates[first + 1: last + 1]:
                cell.text = ""
            top.merge(dates[last])
            # merge() keeps an empty paragraph from each cell below; a reader sees just the date.
            for paragraph in top.paragraphs[1:]:
                paragraph._p.getparent().remove(paragraph._p)
        refs += [f"{number}.{2 + i}" for i in range(len(part))]
    return _save_docx(document), refs


def _docx_lines(rows: list[Row], rng: random.Random) -> tuple[bytes, list[str]]:
    """Early help: a 'No.' column, cells with several paragraphs and line breaks."""
    document = _new_document("Early Help Service chronology")
    table = document.add_table(rows=1, cols=7)
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, ["No.", "Date", "Contact", "Worker", "Details",
                                                    "Action taken", "Analysis"], strict=True):
        cell.text = heading
    for number, row in enumerate(rows, 1):
        cells = table.add_row().cells
        values = [str(number), _day_first(row.date), row.kind, row.role]
        for cell, value in zip(cells[:4], values, strict=True):
            cell.text = value
        # Each line of the event in its own paragraph, and the action's lines split by a line break.
        lines = row.event.split("\n")
        cells[4].text = lines[0]
        for line in lines[1:]:
            cells[4].add_paragraph(line)
        run = cells[5].paragraphs[0].add_run(row.action)
        if number % 4 == 0:
            run.add_break()
            cells[5].paragraphs[0].add_run("Reviewed by the team leader.")
        cells[6].text = row.analysis
    return _save_docx(document), [f"1.{2 + i}" for i in range(len(rows))]


WRITERS = {
    "xlsx_titled": _xlsx_titled, "xlsx_plain": _xlsx_plain, "xlsx_datetime": _xlsx_datetime,
    "csv_bom": _csv_bom, "csv_cp1252": _csv_cp1252, "csv_semicolon": _csv_semicolon,
    "docx_single": _docx_single, "docx_continued": _docx_continued, "docx_lines": _docx_lines,
}


def _save_xlsx(book: openpyxl.Workbook) -> bytes:
    fixed = dt.datetime(*FIXED_TIME)
    book.properties.creator = book.properties.lastModifiedBy = "Chronology author"
    book.properties.created = fixed
    out = io.BytesIO()
    book.save(out)
    return _stable(out.getvalue())


def _save_docx(document: WordDocument) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return _stable(out.getvalue())


_DCTERMS = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def _stable(data: bytes) -> bytes:
    """The same package with fixed entry times and document dates, so a seed gives the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "docProps/core.xml":
                content = _DCTERMS.sub(rb"\g<1>2025-07-01T09:00:00Z\g<3>", content)
            target.writestr(zipfile.ZipInfo(info.filename, date_time=FIXED_TIME), content,
                            compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()
