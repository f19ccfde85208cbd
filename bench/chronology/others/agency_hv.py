"""Eastvale Community Health NHS Trust, 0-19 service (health visiting).

Layout: .xlsx, sheet "0-19 chronology". Rows 1-2 title, header spread over
rows 3-4: "Contact" (merged over Date / Time), "Contact type" (merged down),
"Practitioner" (merged over Name / Designation), "Recording" and "Plan"
(merged down). Dates are Excel dates shown dd-mmm-yy; times are Excel times
or text (n/k, am, pm) or blank.
"""
import datetime as dt
import re
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Border, Side
from common import R, as_date, as_time

FILE = "HV_0-19_chronology_Maisie_HOLLINS.xlsx"
AGENCY = "Eastvale Community Health NHS Trust (0-19 / Health Visiting)"
FORMAT = "xlsx"
LAYOUT = ["Contact / Date", "Contact / Time", "Contact type", "Practitioner / Name",
          "Practitioner / Designation", "Recording", "Plan"]
CELLS = ["Contact type", "Practitioner / Name", "Practitioner / Designation",
         "Recording", "Plan"]
DATE_COL = "Contact / Date"
TIME_COL = "Contact / Time"
NARR = ["Recording"]
TYPE_COL = "Contact type"
HEADER_ROWS = [3, 4]
EXTRA = {"sheet": "0-19 chronology",
         "header_note": "two-row header; a column under a merged group cell is named 'Group / Sub-heading'"}

SP = ("Sarah Penhaligon", "HV (SCPHN)")
AL = ("Amy Lord", "CNN")
CD = ("Claire Dobbs", "Named Nurse Safeguarding")


def H(d, t, typ, who, rec, plan="", **kw):
    return R(d, t, typ, who[0], who[1], rec, plan, **kw)


ROWS = [
    H("2021-04-06", "10:00", "Home visit", SP,
      "2-2.5 yr review (delayed due to Covid). ASQ-3 completed - communication 25 (below cut off), gross motor, fine motor, problem solving and personal-social all above cut off. Maisie says approx 10 words, points and babbles. Mum reports low mood, on citalopram from GP, PHQ9 = 12. Mum says new partner Dean moved in approx 6 wks ago - 'he's good with the kids'. Routine enquiry re DA asked - mum said no. Home clean, stair gates in place, safe sleep discussed (cot).",
      "Review speech 3/12. Signpost to Chatterbugs group. Universal Plus."),
    H("2021-04-06", "14:30", "Record keeping", SP,
      "ASQ-3 scores entered. Maisie added to caseload as UP. Chatterbugs info posted to mum.",
      ""),
    H("2021-04-27", "n/k", "Liaison", SP,
      "Notification recieved from MASH (via MASH health) - police attended DA incident (verbal) 25/04/21 at family home, children present. NFA by CSC, for info. Noted.",
      "TC mum", ev="E02"),
    H("2021-05-04", "11:15", "Telephone", SP,
      "TC to mum re above. Mum said 'it was nothing, just a row', Dean had been drinking. Asked about safety - mum said she feels safe, Dean has never hit her. EDAS number given. Offered HV visit - mum declined at the moment, 'maybe in a few weeks'.",
      "Discuss at safeguarding supervision"),
    H("2021-05-11", "13:00", "Safeguarding supervision", CD,
      "Safeguarding supervision with named nurse. 1x DA notification, mum's low mood, speech delay. Agreed HV to offer visit within 4 wks and review speech, increase to UPP if further concerns.",
      "Visit within 4 wks"),
    H("2021-06-07", "10:30", "Home visit", SP,
      "HV at home. Mum and Maisie seen. Dean in garden, did not engage, came in briefly for a drink. Maisie's speech reviewed - approx 15 words, no 2 word phrases yet. SALT referral discussed, mum agreed. Mum said SW involved now after school referral re Tyler. Mum appeared tired, PHQ9 = 10. Maisie clean, appropriately dressed, interacting well with mum.",
      "SALT referral. Next contact 4-6 wks", lab="hv_0706"),
    H("2021-06-07", "15:00", "Record keeping", SP,
      "SALT referral completed online for Maisie - expressive language delay.", "", lab="salt"),
    H("2021-06-07", "15:00", "Record keeping", SP,
      "SALT referral completed online for Maisie - expressive language delay.", "", copy="salt"),
    H("2021-06-10", "09:40", "Email", SP,
      "Health information for C&F assessment emailed to SW Priya Nandra (2 yr review, speech, mum's mood, MASH notification April).",
      ""),
    H("2021-06-17", "14:05", "Meeting", SP,
      "Strategy discussion via Teams - HV attended for health. Shared 2 yr review, speech delay, mum's low mood, 1x MASH notification (April). Outcome s47, joint with police.",
      "Report for ICPC if needed", ev="E13"),
    H("2021-06-18", "10:02", "Liaison", SP,
      "Email from EGH safeguarding team (Think Family notification) - mum attended ED 17/06 with facial injury following assault by partner. 2 children in household. Police aware.",
      "HV to visit next wk", ev="E14"),
    H("2021-06-22", "14:00", "Home visit", SP,
      "HV following DA incident. Mum, MGM and Maisie present. Mum's L eye bruised, yellow/green. Mum says Dean 'lost it' - first time he has hit her. Maisie clingy to mum, some babbling. Safety plan discussed, mum aware of IDVA referral. Dean on bail not to attend.",
      "UPP"),
    H("2021-07-01", "n/k", "Record keeping", SP,
      "Report for ICPC completed and sent to Safeguarding Unit.", "", lab="hv_icpc_report"),
    H("2021-07-06", "13:30", "Meeting", SP,
      "ICPC attended (Teams). Both children subject to CP plan - emotional abuse. HV actions: visit 4-6 wkly, follow up SALT, monitor mum's mental health.",
      "CP plan", ev="E18", lab="hv_icpc"),
    H("2021-07-08", "10:00", "Meeting", SP,
      "MARAC - HV attended as health rep for this family. Info shared as per ICPC. No additional HV actions, continue with CP plan.",
      "", ev="E19", lab="hv_marac"),
    H("2021-07-20", "10:00", "Meeting", SP,
      "Core group at Brookfield Primary. Mum, SW, DSL, FSW, HV. HV action - SALT to be chased, 4-6 wkly visits.",
      "", ev="E20"),
    H("2021-08-10", "10:30", "Home visit", SP,
      "CP visit. Maisie weighed 13.2kg (50th centile). Speech - some new words ('juice', 'nana', 'no'). Mum says Dean 'not been around', Tyler at MGM for a few days. Home tidy. 2 adult mugs in sink - mum says MGM came earlier.",
      "Next visit Sept"),
    H("2021-08-31", "14:00", "Meeting", SP,
      "Core group held at family home (school holidays). Mum, SW, IDVA, HV. DSL sent update. SALT waiting list approx 12 wks.",
      "", ev="E21"),
    H("2021-09-14", "11:30", "Home visit", AL,
      "CNN visit - speech & language play session with Maisie and mum (Every Child a Talker activities). Maisie engaged with shape sorter, named 'ball', 'dog', 'car'. Mum joined in well.",
      "CNN x3 sessions"),
    H("2021-09-21", "n/k", "Liaison", SP,
      "SALT appt letter recieved - initial assessment 15/11/21.", ""),
    H("2021-09-28", "n/k", "Record keeping", SP,
      "RCPC report completed and sent.", ""),
    H("2021-10-05", "10:00", "Meeting", SP,
      "RCPC (Teams). CP plans continue. HV shared speech delay and SALT wait, CNN sessions.",
      "", ev="E22"),
    H("2021-10-19", "pm", "Home visit", SP,
      "CP visit - no access. Card left.", "Rearrange"),
    H("2021-10-20", "11:00", "Home visit", SP,
      "CP visit rearranged. Mum and Maisie seen. Maisie has a cold, otherwise well. Mum seems brighter, says Dean visits 'to see Maisie' when MGM is there. Reminded mum of written agreement.",
      "Inform SW"),
    H("2021-11-03", "", "Liaison", SP,
      "PLN notification from EGH - Maisie attended ED 02/11/21 at 18:40, pulled elbow (reduced) and bruise to forehead, fall from sofa. CP-IS flag noted by ED. Discharged home.",
      "Unannounced visit", ev="E24"),
    H("2021-11-04", "10:00", "Home visit", SP,
      "Unannounced HV re ED attendance. Maisie using R arm normally. Bruise to forehead fading, approx 2x2cm, yellow. Mum's explanation consistent with ED. Discussed safety - sofa and jumping. No other marks seen (Maisie in vest).",
      "", lab="hv_0411"),
    H("2021-11-09", "13:00", "Meeting", SP,
      "Core group at school. ED attendance discussed. Housing officer attended - rent arrears.",
      "", ev="E25", lab="hv_cg3"),
    H("2021-11-15", "n/k", "Liaison", SP,
      "SALT initial assessment attended by mum and Maisie - per SALT letter: expressive language delay, 'watch and wait' plus Chatterbugs group.",
      ""),
    H("2021-11-23", "10:45", "Home visit", AL,
      "CNN play session 3 of 3. Maisie using some 2 word phrases ('more juice', 'mummy go'). Discharged from CNN input.",
      ""),
    H("2021-12-14", "10:00", "Meeting", SP,
      "Core group (Teams). Mum says relationship with Dean over. HV - Maisie progressing with speech.",
      "", ev="E26", lab="hv_cg4"),
    H("2022-01-11", "10:15", "Home visit", SP,
      "CP visit. Mum and Maisie seen. Maisie has runny nose. Mum says she finished Freedom Programme and 'feels stronger'. Says Dean keeps texting her.",
      ""),
    H("2022-01-25", "14:00", "Meeting", SP,
      "Core group at Brookfield. Housing application discussed.",
      "", ev="E27"),
    H("2022-01-31", "14:30", "Liaison", SP,
      "Notification via MASH health - DA incident 27/01 (ex partner at door, criminal damage). Family moved to TA Kestrel House today.",
      "Visit at new address", lab="hv_mash_jan"),
    H("2022-02-03", "11:00", "Home visit", SP,
      "First visit at Kestrel House. Room 6 - 2 rooms, shared kitchen on landing. Damp and black mould on bedroom wall behind Maisie's cot. Maisie has a chesty cough. Advised re ventilation, move cot away from wall. Will email housing.",
      "Email housing. GP if cough persists"),
    H("2022-02-03", "14:20", "Email", SP,
      "Email to Dawn Ellery (Housing Options) re damp and mould in Room 6 Kestrel House, child with cough - request inspection.",
      "", ev="E48"),
    H("2022-02-10", "10:00", "Meeting", SP,
      "MARAC (repeat) - HV attended. Actions noted.", "", ev="E30"),
    H(None, "", "Record keeping", SP,
      "Chronology updated and case summary completed for safeguarding supervision.",
      "", raw="29/02/2022", notes=["impossible_date"]),
    H("2022-03-01", "13:30", "Safeguarding supervision", CD,
      "Safeguarding supervision. Family in TA, mum protective in Jan. RCPC 22/03 - SW likely to recommend step down. HV view: Maisie's needs being met, but concern re pattern of reconciliation.",
      ""),
    H("2022-03-08", "10:00", "Meeting", SP,
      "Core group at Kestrel House. Damp works done.", "", ev="E31"),
    H("2022-03-16", "09:30", "Telephone", SP,
      "Mum rang - thinks she is pregnant (positive test), approx 5-6 wks. Advised to book with midwife (self referral). Mum tearful, would not say who the father is.",
      "Inform SW"),
    H("2022-03-22", "13:00", "Meeting", SP,
      "RCPC - HV raised pregnancy and concern about step down at this point. Decision CP plans end, CIN.",
      "", ev="E32"),
    H("2022-03-22", "16:00", "Record keeping", SP,
      "Discussed RCPC outcome with named nurse - HV disagrees with step down. Advised to use escalation policy if further concerns.",
      ""),
    H("2022-04-05", "", "Telephone", SP,
      "Attempted TC to mum x2 - no answer. VM left.", ""),
    H("2022-04-26", "10:30", "Meeting", SP,
      "CIN meeting at Family Hub. Midwife attended. HV to continue UPP.",
      "", ev="E34"),
    H("2022-05-10", "am", "Clinic", AL,
      "Maisie seen at Family Hub clinic - weight 14.1kg. Speech progressing, 2-3 word phrases.",
      ""),
    H("2022-06-07", "10:30", "Meeting", SP,
      "CIN meeting. Housing offer expected.", "", ev="E35", lab="hv_cin2"),
    H("2022-06-21", "11:00", "Home visit", SP,
      "HV at Kestrel House. Mum 20 wks pregnant, well. Maisie chatting more. Room tidy, damp treated. Mum says no contact with Dean.",
      ""),
    H("2022-07-19", "10:30", "Meeting", SP,
      "CIN meeting. Plan to close CIN after move.", "", ev="E37"),
    H("2022-08-16", "09:41", "Email", SP,
      "Email from SW - CIN closed, step down to Early Help. HV to continue UP and antenatal / new birth visit.",
      "", ev="E38", lab="hv_cin_close"),
    H("2022-08-22", "14:00", "Home visit", SP,
      "Antenatal contact and first visit at 2 Mill Row. Mum 28+6. New house, sparse furniture, cot for baby not yet bought. Maisie going to start nursery in Sept (15 hrs). Mum says no contact with Dean.",
      "New birth visit"),
    H("2022-09-06", "n/k", "Liaison", SP,
      "Little Acorns nursery confirm Maisie started 15 hrs funded place.", ""),
    H("2022-09-19", "10:00", "Meeting", SP,
      "Strategy meeting (Teams) - HV attended. Maisie admitted EGH 17/09 with skull fracture and bruising. s47.",
      "", ev="E42"),
    H("2022-09-19", "13:30", "Record keeping", SP,
      "Safeguarding incident form completed, named nurse informed.", ""),
    H("2022-09-20", "n/k", "Liaison", SP,
      "Phone call from EGH PLN - Maisie discharged to care of MGM this afternoon, paeds f/u in 4 wks.", "", ev="E51"),
    H("2022-09-27", "11:00", "Home visit", SP,
      "Visit to Maisie at MGM's address (Ashcombe). Maisie subdued, bruising to arms fading (yellow). MGM coping, has support from her sister.",
      ""),
]

TITLE1 = "Eastvale Community Health NHS Trust - 0-19 Public Health Nursing Service"
TITLE2 = "Chronology: Maisie HOLLINS   NHS No 999 421 7736   DOB 14/02/2019"


def write(path):
    wb = Workbook()
    ws = wb.active
    ws.title = "0-19 chronology"
    ws["A1"] = TITLE1
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = TITLE2
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="E2EFDA")
    thin = Side(style="thin")
    # group row (3) and sub-heading row (4)
    ws["A3"] = "Contact"
    ws.merge_cells("A3:B3")
    ws["C3"] = "Contact type"
    ws.merge_cells("C3:C4")
    ws["D3"] = "Practitioner"
    ws.merge_cells("D3:E3")
    ws["F3"] = "Recording"
    ws.merge_cells("F3:F4")
    ws["G3"] = "Plan"
    ws.merge_cells("G3:G4")
    ws["A4"], ws["B4"], ws["D4"], ws["E4"] = "Date", "Time", "Name", "Designation"
    for row in (3, 4):
        for col in range(1, 8):
            c = ws.cell(row=row, column=col)
            c.font, c.fill = bold, fill
            c.border = Border(top=thin, bottom=thin, left=thin, right=thin)
            c.alignment = Alignment(horizontal="center", vertical="center")
    for i, r in enumerate(ROWS, 5):
        if r.raw is not None:
            ws.cell(row=i, column=1, value=r.raw)
        else:
            c = ws.cell(row=i, column=1, value=dt.datetime.combine(as_date(r.d), dt.time()))
            c.number_format = "dd-mmm-yy"
        if r.t and re.fullmatch(r"\d{2}:\d{2}", r.t):
            c = ws.cell(row=i, column=2, value=as_time(r.t))
            c.number_format = "hh:mm"
        else:
            ws.cell(row=i, column=2, value=r.t or None)
        for j, v in enumerate(r.cells, 3):
            ws.cell(row=i, column=j, value=v or None).alignment = Alignment(wrap_text=True, vertical="top")
    for col, w in zip("ABCDEFG", (11, 7, 16, 18, 14, 85, 30)):
        ws.column_dimensions[col].width = w
    ws.freeze_panes = "A5"
    wb.save(path)
