"""Millbridge Medical Centre (GP practice) -- entries copied from the
clinical system into Excel by the practice safeguarding admin, checked by
the safeguarding lead GP. Whole family in one sheet.

Layout: .xlsx, header on row 1, no time column at all. Dates are Excel dates
shown dd-mmm-yyyy, one typed as text (mistyped), one row with no date.
"""
import datetime as dt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from common import R, as_date

FILE = "Millbridge_MC_GP_chronology.xlsx"
AGENCY = "Millbridge Medical Centre (GP)"
FORMAT = "xlsx"
LAYOUT = ["Patient", "Date", "Consultation type", "Clinician", "Entry"]
CELLS = ["Patient", "Consultation type", "Clinician", "Entry"]
DATE_COL = "Date"
TIME_COL = None
NARR = ["Entry"]
TYPE_COL = "Consultation type"
HEADER_ROWS = [1]
EXTRA = {"sheet": "Sheet1"}

K, M, T, MT = "Kerry HOLLINS", "Maisie HOLLINS", "Tyler HOLLINS", "Maisie & Tyler HOLLINS"
OK, TW, GR = "Dr H Okafor", "Dr T Whitcombe", "Gemma Rhys (PN)"


def G(d, who, typ, clin, entry, **kw):
    return R(d, None, who, typ, clin, entry, **kw)


ROWS = [
    G("2021-04-12", K, "Telephone", OK,
      "Low mood 3/12, poor sleep, tearful, anhedonia. No thoughts of SH/SI. PHQ9 14, GAD7 9. Lives with partner + 2 children, partner supportive. Plan: citalopram 10mg od, self referral Eastvale Talking Therapies, review 2/52."),
    G("2021-04-20", T, "Face to face", GR,
      "Asthma annual review. ACT 22. Inhaler technique good (MDI + spacer). No night sx. Attended with mum. Cont salbutamol prn, clenil 100 1 puff bd."),
    G("2021-04-26", K, "Telephone", OK,
      "Med review - mood slightly better, nausea settled. Increase citalopram to 20mg. Not yet self referred to talking therapies - encouraged. Review 4/52."),
    G("2021-05-10", M, "Face to face", TW,
      "Rash on trunk 2/7, afebrile, well, eating/drinking normally. Blanching. Viral exanthem. Safety netting + meningitis leaflet."),
    G("2021-05-24", K, "Letter in", "Admin",
      "Eastvale Talking Therapies - assessed 20/05, offered guided self help. Copy to GP."),
    G("2021-06-02", MT, "Letter in", "Admin",
      "Request for information recieved from Eastvale CSC (SW P Nandra) - Child & Family assessment re Maisie and Tyler. Consent form signed by mum attached. Tasked to Dr Okafor (safeguarding lead).",
      ev="E07"),
    G("2021-06-09", MT, "Admin", OK,
      "Reply to CSC sent by secure email - mum low mood on citalopram, children imms UTD, Tyler asthma well controlled, no safeguarding concerns previously recorded. Mum's partner not registered with the practice.",
      ev="E08"),
    G("2021-06-22", K, "Letter in", "Admin",
      "EGH ED discharge letter (attended 17/06/21): 1.5cm laceration L eyebrow closed with tissue glue, bruising L cheek. Reports assault by partner night before. Head injury advice. Police involved. Safeguarding: 2 children in household.",
      lab="gp_ed_letter_jun"),
    G("2021-06-24", K, "Telephone", OK,
      "TC following ED letter. Pt says 'I'm ok now'. Mood low again, sleeping poorly. Discussed DA - pt aware of IDVA (EDAS), partner on bail and not living there. Continue citalopram 20mg. DA code added (hidden from online access)."),
    G("2021-07-01", MT, "Admin", OK,
      "GP report for ICPC completed and returned to Safeguarding Unit. Unable to attend conference (surgery).",
      lab="gp_icpc_report"),
    G("2021-07-09", MT, "Letter in", "Admin",
      "ICPC outcome letter - Maisie and Tyler subject to CP plans from 06/07/21, category emotional abuse. CP codes and alerts added to both children's and mum's records."),
    G("2021-07-13", K, "Admin", "Admin",
      "MARAC notification recieved (MARAC 08/07/21). High risk DA marker added to Kerry's record. Do not disclose information to Dean MARSH (not registered here).",
      lab="gp_marac"),
    G(None, T, "Admin", "Admin",
      "Read code 'Child is cause for concern' added by admin (Julie).",
      notes=["no_date"]),
    G("2021-08-03", M, "Face to face", TW,
      "Cough 5/7, coryzal. Eating and drinking ok, no resp distress, sats 98%. Chest clear. Viral URTI. Safety netting."),
    G("2021-08-16", T, "Letter in", "Admin",
      "EGH ED letter - Tyler attended 14/08/21 with L wrist injury on trampoline at grandmother's house. XR no fracture. Soft tissue injury, wrist splint 1/52.",
      lab="gp_tyler_letter"),
    G("2021-09-06", K, "Face to face", GR,
      "Contraception - requests Depo-Provera. BP 118/72. Depo given L glut. Next due 22/11-29/11/21."),
    G("2021-09-30", MT, "Admin", OK,
      "GP report for RCPC sent. Nil new health concerns. Maisie - SALT referral noted (per HV).", lab="gp_rcpc_report"),
    G("2021-10-14", T, "Telephone", TW,
      "Mum reports T wetting the bed again for last few weeks (previously dry at night since age 4). No UTI sx. Discussed possible stress - mum says 'things have been difficult at home'. Advice, star chart, fluids. Review 6/52 if no better, ?enuresis clinic.", lab="gp_enuresis"),
    G("2021-11-05", M, "Face to face", TW,
      "Seen with mum. F/U after ED attendance Tues (02/11) - R pulled elbow, reduced in ED. Using arm fully, full ROM, no tenderness. Bruise forehead approx 2cm, fading. Mum's account consistent - fell off the sofa. No other injuries seen on exam (top half undressed). Known CP plan - noted.",
      lab="gp_fu"),
    G("2021-11-08", M, "Letter in", "Admin",
      "EGH ED letter - attended 02/11/21: R pulled elbow reduced in ED, small haematoma forehead, fall from sofa per mum. CP-IS flag checked by ED. No f/u required.",
      raw="08/11 /2021", notes=["mistyped_date"], lab="gp_ed_letter_nov"),
    G("2021-11-29", K, "Face to face", GR,
      "DNA - Depo appointment. Text reminder sent."),
    G("2021-12-02", K, "Telephone", OK,
      "Mood review - stopped citalopram herself about 3 wks ago, 'don't need it now'. PHQ9 8. Says she has split up with partner. Not restarted, review prn. Reminded re Depo due."),
    G("2021-12-09", T, "Telephone", TW,
      "Bedwetting improved, 2-3 nights a week now. Continue plan."),
    G("2022-01-31", K, "Admin", "Admin",
      "Change of address - temporary accommodation Room 6 Kestrel House, 22 Harbour Rd, Eastvale. Outside practice area - agreed to keep family registered for now."),
    G("2022-02-14", M, "Face to face", OK,
      "Cough 3 wks, worse at night. Living in TA with damp and mould in bedroom. Scattered wheeze, no recession, sats 96%. Trial salbutamol via spacer. Letter for housing re damp provided."),
    G("2022-02-14", M, "Admin", OK,
      "Letter re housing (damp/mould, child with wheeze) written and given to mum.", lab="gp_damp_letter"),
    G("2022-02-28", M, "Telephone", TW,
      "Cough much better with salbutamol. Mum says housing have treated the mould. Continue prn."),
    G("2022-03-28", MT, "Letter in", "Admin",
      "RCPC outcome 22/03/22 - CP plans ended, children now CIN. CP alert removed, CIN code added."),
    G("2022-03-29", K, "Face to face", OK,
      "Positive preg test, LMP 04/02/22 = 7+4. Unplanned, plans to continue. Smoker 5/day - stop smoking referral. Folic acid. Has self referred to midwife. Hx depression - mood ok at present. Asked re father of baby - 'I'd rather not say'."),
    G("2022-04-20", K, "Letter in", "Admin",
      "Maternity booking letter (booked 14/04/22) - EDD by dates 11/11/22, dating scan booked. Safeguarding midwife aware of history."),
    G("2022-04-28", K, "Letter in", "Admin",
      "Dating scan report 19/04/22 - single viable pregnancy, EDD revised to 08/11/2022."),
    G("2022-06-14", M, "Face to face", GR,
      "Pre-school booster (DTaP/IPV) and MMR2 given. Verbal consent from mum. Nil reaction."),
    G("2022-06-20", T, "Telephone", TW,
      "Hay fever - itchy eyes, sneezing. Cetirizine 5mg od."),
    G("2022-07-27", K, "Admin", "Admin",
      "Change of address - 2 Mill Row, Millbridge. Back within practice area. Children's addresses updated."),
    G("2022-08-08", K, "Letter in", "Admin",
      "EGH maternity (MAU) attendance 05/08/22 - reduced fetal movements at 26+3, CTG normal, discharged."),
    G("2022-08-19", MT, "Letter in", "Admin",
      "CSC closure letter - CIN closed 16/08/22, step down to Early Help (Family Hub). CIN code ended.",
      lab="gp_cin_close"),
    G("2022-09-19", M, "Meeting", OK,
      "Telephone strategy meeting 10:00 (Teams) - Dr Okafor attended. Maisie in EGH since Sat with R parietal skull fracture and multiple bruises of different ages, ?NAI. GP info shared - ED attendance Nov 21 pulled elbow, nil other injuries recorded. s47. CP alert re-added.",
      ev="E42"),
    G("2022-09-20", MT, "Admin", "Practice Manager",
      "Police request for GP records (DC Osei) for Maisie and Tyler - logged, consent / DPA process."),
    G("2022-09-26", M, "Letter in", "Admin",
      "EGH discharge summary - admitted 17/09/22 to 20/09/22. R parietal skull fracture, multiple bruising, old rib fracture on skeletal survey. Discharged to MGM under s20. Paeds f/u 4/52."),
    G("2022-09-27", K, "Telephone", OK,
      "Pt rang very distressed - 'I've lost my kids'. 34/40 pregnant. Not sleeping. No SI/plans but 'can't see the point'. Discussed with perinatal mental health team - urgent referral sent. Crisis line number given, safety netting."),
    G("2022-09-28", T, "Admin", "Admin",
      "Address update - T now living with MGM Linda HOLLINS, Ashcombe (temporary)."),
]


def write(path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    for j, name in enumerate(LAYOUT, 1):
        ws.cell(row=1, column=j, value=name).font = Font(bold=True)
    for i, r in enumerate(ROWS, 2):
        c = dict(zip(CELLS, r.cells))
        c["Date"] = r.raw if r.raw is not None else (
            dt.datetime.combine(as_date(r.d), dt.time()) if r.d else None)
        for j, name in enumerate(LAYOUT, 1):
            cell = ws.cell(row=i, column=j, value=c[name])
            if name == "Date" and isinstance(c[name], dt.datetime):
                cell.number_format = "dd-mmm-yyyy"
            if name == "Entry":
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for col, w in zip("ABCDE", (22, 13, 17, 17, 100)):
        ws.column_dimensions[col].width = w
    wb.save(path)
