"""Eastvale Hospitals NHS Foundation Trust -- safeguarding children team's
chronology (ED, paediatrics, maternity), written up as a Word document.

Layout: .docx, three paragraphs of heading, then one table (table 1), header
in the table's first row: When | Time | Dept / Service | Free text |
Safeguarding comment. Dates written out ("17th June 2021"), times 24h with a
dot ("09.52"), sometimes "unknown" / "not recorded" / "am".
"""
import datetime as dt
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Pt
from common import R, as_date, ordinal

FILE = "EGH_safeguarding_chronology_HOLLINS.docx"
AGENCY = "Eastvale Hospitals NHS Foundation Trust"
FORMAT = "docx"
LAYOUT = ["When", "Time", "Dept / Service", "Free text", "Safeguarding comment"]
CELLS = ["Dept / Service", "Free text", "Safeguarding comment"]
DATE_COL = "When"
TIME_COL = "Time"
NARR = ["Free text"]
TYPE_COL = None
HEADER_ROWS = [1]
EXTRA = {"table": 1}


def H(d, t, dept, text, comment="", **kw):
    return R(d, t, dept, text, comment, **kw)


ROWS = [
    H("2021-06-17", "09.52", "ED (adults)",
      "Kerry HOLLINS (27y). Self presented with her mother. PC laceration L eyebrow and facial bruising - states partner hit her last night approx 23:30 and pushed her into a door frame. No LOC. GCS 15. Triage cat 3.",
      "Routine enquiry - DA disclosed. 2 children (2y and 7y) in household.", lab="hosp_kerry_att"),
    H("2021-06-17", "10.40", "ED (adults)",
      "Seen by Dr Farooq (ED SHO). 1.5cm laceration L eyebrow closed with tissue adhesive. Bruising over L zygoma, no bony tenderness, no imaging needed. Head injury advice given.",
      ""),
    H("2021-06-17", "11.25", "ED (adults)",
      "Police (DC) in department to see patient. Pt consented to police taking photographs of injuries.",
      "", ev="E12", lab="hosp_police_jun"),
    H("2021-06-17", "12.10", "ED (adults)",
      "DASH - pt states police have already done one (high). Declined referral to hospital IDVA as police are referring her to EDAS. Discharged home with mother. ED letter to GP.",
      "Think Family notification to 0-19 service to be sent by safeguarding team."),
    H("2021-06-18", "09.15", "Safeguarding team",
      "Think Family notification sent to 0-19 service (HV Sarah Penhaligon) - mother attended ED 17/06 following assault by partner, 2 children in household, police aware.",
      "", ev="E14"),
    H("2021-08-14", "15.02", "Paediatric ED",
      "Tyler HOLLINS (7y). Brought by maternal grandmother. Fell off trampoline in grandmother's garden approx 13:30, painful L wrist. Triage cat 4.",
      "CP-IS: subject to CP plan (Eastvale). Explanation consistent, MGM known to SW per MGM.", lab="hosp_tyler"),
    H("2021-08-14", "16.30", "Paediatric ED",
      "XR L wrist - no fracture. Soft tissue injury, wrist splint for 1 week, analgesia. Discharged with MGM. ED letter to GP.",
      ""),
    H("2021-08-16", "10.10", "Paediatric Liaison",
      "PLN review of attendance (CP-IS flag) - no concerns, mechanism consistent. Notification emailed to school nursing team for info.",
      ""),
    H("2021-11-02", "18.40", "Paediatric ED",
      "Maisie HOLLINS (2y8m), brought by mother. PC not using R arm after fall from sofa approx 17:30, also bump to forehead. CP-IS: subject to CP plan (Eastvale). Triage cat 3.",
      "", raw="2 November 2021", lab="hosp_maisie_nov"),
    H("2021-11-02", "19.15", "Paediatric ED",
      "Seen by Dr Lim (ST4 paeds). Pulled elbow R - reduced (supination/flexion), using arm within 15 mins. Forehead 2cm bruise/haematoma. Top to toe exam - no other injuries. History consistent and developmentally plausible. Sibling (8y) witnessed per mum.",
      "Discussed with consultant - no CP medical required."),
    H("2021-11-02", "19.30", "Paediatric ED",
      "Nurse in charge phoned EDT (CP-IS flag) and discussed attendance. EDT happy for discharge home with mum, allocated SW to be informed in morning.",
      "", ev="E23"),
    H("2021-11-02", "20.05", "Paediatric ED",
      "Discharged home with mother. ED letter to GP.", ""),
    H("2021-11-03", "09.40", "Paediatric Liaison",
      "PLN (Ruth Gainsford) reviewed attendance - notification emailed to HV (0-19) and allocated SW P Nandra.",
      "", ev="E24"),
    H("2021-12-26", "23.20", "ED (adults)",
      "Kerry HOLLINS. Swollen painful R hand - states she punched a wall earlier this evening 'when I was upset'. Says she was alone at home. Triage cat 4.",
      "Routine enquiry DA - pt said no. States children at MGM's. No notification made."),
    H("2021-12-27", "00.45", "ED (adults)",
      "XR - R 5th metacarpal neck fracture (boxer's). Neighbour strapping, fracture clinic f/u.",
      ""),
    H("2022-01-04", "unknown", "Fracture clinic",
      "Fracture clinic review - healing well, discharged. (Attended with male, not introduced.)",
      ""),
    H("2022-03-17", "14.10", "Paediatric Assessment Unit",
      "Maisie HOLLINS (3y1m). Referred by 111 - wheeze and fever 2/7. SpO2 93% in air. Salbutamol burst, oral pred. Lives in temporary accommodation (damp per mum). Admitted overnight for obs.",
      "Not currently on CP plan? - CP-IS shows active plan (RCPC due 22/03)."),
    H("2022-03-18", "11.00", "Paediatric Assessment Unit",
      "Settled overnight, SpO2 97%. Discharged home with salbutamol weaning plan. Discharge summary to GP.",
      ""),
    H("2022-04-14", "10.00", "Community midwifery",
      "Booking appointment (Lorna Pike, community midwife) at Kestrel Family Hub. G3 P2, 9+6 by LMP. Lives in TA with 2 children. Routine enquiry: history of DA with ex-partner (MARAC x2). Father of baby 'not involved' - declined to name. Smoker 5/day. Hx depression.",
      "Safeguarding midwife informed.", lab="hosp_booking"),
    H("2022-04-19", "am", "Ultrasound",
      "Dating scan - single viable intrauterine pregnancy, CRL consistent with 10+4. EDD 08/11/2022.",
      ""),
    H("2022-04-21", "15.05", "Safeguarding midwife",
      "Safeguarding midwife (Jess Tolley) - MARF sent to MASH re unborn: history of DA, siblings' CP plans ended March 22 and now CIN, FOB unknown.",
      "", ev="E33"),
    H("2022-04-26", "10.30", "Community midwifery",
      "CIN meeting attended by community midwife at Eastvale Family Hub. Midwifery actions: antenatal care, routine enquiry when seen alone.",
      "", ev="E34"),
    H("2022-05-17", "14.00", "Community midwifery",
      "15/40 antenatal check. BP 112/70, urine NAD. Mood 'ok'. Asked about partner - 'I'm single'.",
      ""),
    H("2022-06-21", "14.40", "Ultrasound",
      "Anomaly scan 20+0 - no abnormalities detected.", ""),
    H("2022-07-19", "10.30", "Community midwifery",
      "CIN meeting - midwife attended. 24/40, pregnancy progressing normally.",
      "", ev="E37"),
    H("2022-08-05", "19.40", "Maternity Assessment Unit",
      "Kerry HOLLINS, 26+3. Reduced fetal movements since this morning. Accompanied by male partner - name not recorded, pt introduced him as 'my partner'.",
      "Routine enquiry not possible - partner present throughout."),
    H("2022-08-05", "21.15", "Maternity Assessment Unit",
      "CTG normal, FM felt. Discharged, RFM advice.", ""),
    H("2022-08-16", "not recorded", "Community midwifery",
      "28/40 appointment at GP surgery - DNA. Text sent.", ""),
    H("2022-08-30", "11.30", "Community midwifery",
      "30/40 check. Anti-D not required. Mum says 'partner not involved'. Discussed RFM attendance - says he was 'a friend'.",
      "Safeguarding midwife informed of discrepancy."),
    H("2022-09-17", "16.20", "Paediatric ED",
      "Maisie HOLLINS (3y7m), brought by mother. PC fall down stairs at home approx 15:00, hit head. Drowsy per mum, vomited x1. CP-IS: no current plan (ended 03/22).",
      "", lab="hosp_maisie_sep"),
    H("2022-09-17", "16.45", "Paediatric ED",
      "Seen by Dr Ahmed (paeds reg). Boggy swelling R parietal, bruise L ear pinna, multiple bruises to back and both upper arms, some yellow. Explanation not consistent with pattern of injuries. CT head requested.",
      "Police and EDT to be contacted as per safeguarding policy."),
    H("2022-09-17", "16.50", "Paediatric ED",
      "Nurse in charge phoned police (priority line) re suspicious injuries to 3 yr old.",
      "", ev="E49"),
    H("2022-09-17", "17.05", "Paediatric ED",
      "Nurse in charge phoned EDT.", "", ev="E39"),
    H("2022-09-17", "17.40", "Radiology",
      "CT head - undisplaced R parietal skull fracture, no intracranial haemorrhage. Admitted to Robin Ward for observation and CP medical.",
      ""),
    H("2022-09-17", "17.45", "Paediatric ED",
      "Police (DC Osei and PC) in department, spoke to mother in the relatives' room.",
      "", ev="E40"),
    H("2022-09-17", "18.30", "Robin Ward",
      "EDT social worker on ward. Mum staying with Maisie. Sibling with MGM.",
      "", ev="E50"),
    H("2022-09-18", "11.00", "Paediatrics",
      "CP medical by Dr A Mensah (consultant paediatrician), DC Osei and EDT SW present for history. Multiple bruises of different ages to back and upper arms incl fingertip pattern, bruise L ear pinna, skull fracture. Opinion: inflicted injury likely. Skeletal survey Monday, bloods (FBC, clotting, bone profile).",
      "", ev="E41"),
    H("2022-09-19", "10.00", "Safeguarding team",
      "Strategy meeting (Teams) - Mel Adey (safeguarding children nurse specialist) and Dr Mensah attended for the Trust.",
      "", ev="E42"),
    H("2022-09-19", "14.00", "Radiology",
      "Skeletal survey - healing fracture R 7th rib posterior, estimated 2-4 weeks old. Repeat views in 11-14 days.",
      "Result phoned to DC Osei."),
    H("2022-09-20", "15.30", "Robin Ward",
      "Discharged to care of maternal grandmother Linda Hollins under s20 agreement (SW present).",
      "", ev="E53"),
    H("2022-09-20", "16.10", "Paediatric Liaison",
      "PLN phoned HV to advise of discharge to MGM and paediatric follow up in 4 wks.",
      "", ev="E51"),
    H("2022-09-28", "10.15", "Community midwifery",
      "Home visit 2 Mill Row - Kerry 34+1, tearful, low mood, 'I've lost everything'. GP has referred to perinatal MH. Safeguarding midwife informed; pre-birth planning to be revisited with CSC.",
      ""),
]


def cell_date(r):
    if r.raw is not None:
        return r.raw
    d = as_date(r.d)
    return "%s %s %d" % (ordinal(d.day), d.strftime("%B"), d.year)


def write(path):
    doc = Document()
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = Cm(29.7), Cm(21.0)
    for m in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(sec, m, Cm(1.5))
    doc.add_heading("Eastvale Hospitals NHS Foundation Trust - Safeguarding Children Team", level=1)
    doc.add_paragraph("Chronology of involvement: Maisie HOLLINS (14/02/2019), Tyler HOLLINS (21/08/2013), "
                      "Kerry HOLLINS (mother, 08/06/1994) - for Eastvale SCP Child Safeguarding Practice Review")
    doc.add_paragraph("Prepared by: Mel Adey, Safeguarding Children Nurse Specialist. Sources: ED CAS cards, "
                      "Robin Ward notes, maternity records (Badger), PLN database.")
    table = doc.add_table(rows=1, cols=len(LAYOUT))
    table.style = "Table Grid"
    for j, name in enumerate(LAYOUT):
        cell = table.rows[0].cells[j]
        cell.text = name
        for p in cell.paragraphs:
            for run in p.runs:
                run.bold = True
    for r in ROWS:
        c = dict(zip(CELLS, r.cells))
        c["When"] = cell_date(r)
        c["Time"] = r.t
        cells = table.add_row().cells
        for j, name in enumerate(LAYOUT):
            cells[j].text = c[name]
    widths = (Cm(3.2), Cm(1.6), Cm(3.2), Cm(12.5), Cm(5.5))
    for row in table.rows:
        for j, w in enumerate(widths):
            row.cells[j].width = w
    for p in doc.paragraphs:
        for run in p.runs:
            run.font.size = Pt(10)
    doc.add_paragraph("")
    doc.add_paragraph("End of chronology. Signed: M. Adey   Date: 03/10/2022")
    doc.save(path)
