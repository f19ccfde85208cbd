"""Eastvale Domestic Abuse Service (EDAS) -- IDVA case notes exported from
the service's case management database, then three rows added by hand at
the bottom by the IDVA (in her own date style) before sending.

Layout: comma CSV, UTF-8, LF line endings. Exported rows have year-first
dates (2021/06/17) and 4-digit times (1120, 'tbc', blank); the hand-added
rows at the end have dd/mm/yyyy and hh:mm.
"""
import csv
from common import R

FILE = "EDAS_IDVA_case_notes_export.csv"
AGENCY = "Eastvale Domestic Abuse Service (IDVA)"
FORMAT = "csv"
LAYOUT = ["Case ID", "Date of contact", "Start time", "Contact method", "Direction",
          "Worker", "Notes", "Risk level"]
CELLS = ["Case ID", "Contact method", "Direction", "Worker", "Notes", "Risk level"]
DATE_COL = "Date of contact"
TIME_COL = "Start time"
NARR = ["Notes"]
TYPE_COL = "Contact method"
HEADER_ROWS = [1]
EXTRA = {"encoding": "utf-8", "delimiter": ","}

C1, C2 = "EDAS-21-0417", "EDAS-22-0093"
CB, PH = "Chloe Barnard (IDVA)", "Pam Hardy (Referrals/Helpline)"


def I(d, t, case, method, direction, who, text, risk="", hand=False, **kw):
    if not hand:
        kw.setdefault("notes", [])
        kw["notes"] = list(kw["notes"]) + ["year_first_date"]
        y, m, dd = d.split("-")
        kw["raw"] = "%s/%s/%s" % (y, m, dd)
    else:
        y, m, dd = d.split("-")
        kw["raw"] = "%s/%s/%s" % (dd, m, y)
    return R(d, t, case, method, direction, who, text, risk, **kw)


ROWS = [
    I("2021-06-17", "1120", C1, "Email", "In", PH,
      "Referral recieved from Eastvale Police (DC Farrant) - high risk, DASH 16. Incident 16/06/21: partner Dean MARSH slapped client and pushed her into door frame, cut to eyebrow. Perp arrested and charged, bail conditions. 2 children (7 and 2). MARAC referral also made (08/07).",
      "High", ev="E11"),
    I("2021-06-17", "1345", C1, "Phone", "Out", CB,
      "1st attempt to call client - no answer. VM left (safe per referral), did not say EDAS - 'Chloe from the support service'.",
      "High"),
    I("2021-06-18", "0930", C1, "Phone", "Out", CB,
      "Spoke to client. At home with her mum. Says she is 'ok' but shaken. Explained IDVA role. Client says this is the first time he has hit her but he checks her phone and 'goes mad' if she goes out without him. Agreed to meet Tues.",
      "High"),
    I("2021-06-22", "1030", C1, "Face to face", "Out", CB,
      "F2F at Millbridge Family Hub (children with MGM). DASH reviewed with client = 17. Safety plan done: code word with her mum, bag packed at mum's, phone charged, 999 silent solution (press 55). Client agreed to Sanctuary referral. Discussed court process and bail conditions.",
      "High"),
    I("2021-06-24", "1410", C1, "Phone", "Out", CB,
      "Call to EDC Housing (Marcus Fell) - Sanctuary referral for 14 Larch Close: lock change, door chain, London bar, letterbox guard.",
      "High", ev="E17"),
    I("2021-06-24", "1430", C1, "Text", "Out", CB,
      "Text to client - sanctuary referral done, housing will contact her re works.",
      "High"),
    I("2021-06-29", "tbc", C1, "Phone", "In", CB,
      "Client called to say she gave her statement to police today. Felt 'drained'. Praised.",
      "High", lab="idva_stmt_call"),
    I("2021-07-02", "1100", C1, "Phone", "Out", CB,
      "Pre ICPC call - explained what happens at conference, client worried 'they'll take my kids'. Reassured, explained CP plan.",
      "High"),
    I("2021-07-06", "1330", C1, "Meeting", "", CB,
      "ICPC attended (Teams). IDVA shared client's engagement and safety plan. Outcome CP plans for both children (emotional abuse). Client upset after, IDVA called her at 1545.",
      "High", ev="E18"),
    I("2021-07-08", "1000", C1, "Meeting", "", CB,
      "MARAC - IDVA presented client's views (wants Dean to get help, says she won't take him back). Actions for IDVA: continue support through court, update safety plan, liaise with CSC.",
      "High", ev="E19"),
    I("2021-07-13", "1100", C1, "Phone", "Out", CB,
      "Weekly call. Client ok. Says Dean has been sending messages through his mum asking her to drop the charges. Advised this could be a breach of bail - client doesn't want to report it.",
      "High"),
    I("2021-07-20", "1100", C1, "Phone", "Out", CB,
      "Weekly call - no answer.", "High", lab="idva_wc"),
    I("2021-07-20", "1100", C1, "Phone", "Out", CB,
      "Weekly call - no answer", "High", copy="idva_wc"),
    I("2021-07-21", "1015", C1, "Phone", "In", CB,
      "Client returned call. Core group 'went ok'. Starting Freedom Programme (online) in Aug.",
      "High"),
    I("2021-07-27", "1100", C1, "Phone", "Out", CB,
      "Weekly call. Kids ok, Tyler 'keeps asking about Dean'.", "High"),
    I("2021-08-10", "1100", C1, "Phone", "Out", CB,
      "Weekly call. Client sounds low, says she misses Dean. Explored - says she is lonely, her mum helps but 'it's not the same'.",
      "High"),
    I("2021-08-17", "", C1, "Text", "Out", CB,
      "Text - client away at Skegness with her mum and kids, will call next week.", "High"),
    I("2021-08-31", "1400", C1, "Meeting", "", CB,
      "Core group at client's home. IDVA - client engaging but minimising, feels Dean has 'changed'.",
      "High", ev="E21"),
    I("2021-09-03", "1500", C1, "Phone", "In", CB,
      "Client told IDVA she has asked to withdraw her statement. Says Dean has done a course (Choices, 4 sessions) and stopped drinking. IDVA explored, client says it's her decision. Safety plan reviewed.",
      "High"),
    I("2021-09-14", "1100", C1, "Phone", "Out", CB,
      "Weekly call. Client says Dean came for tea 'once, with my mum there'.", "Medium"),
    I("2021-10-05", "1000", C1, "Meeting", "", CB,
      "RCPC attended. CP plans continue. IDVA view - risk reduced but client minimising, RCPC noted case likely to close to IDVA soon.",
      "Medium", ev="E22"),
    I("2021-10-12", "1100", C1, "Phone", "Out", CB,
      "DASH review with client = 9 (medium). Client wants to close.", "Medium"),
    I("2021-10-19", "1030", C1, "Phone", "Out", CB,
      "Closure call - client thanked IDVA. Helpline numbers given. Case closed - risk reduced to medium.",
      "Medium"),
    I("2021-10-19", "1045", C1, "Email", "Out", CB,
      "Closure email to SW P Nandra and MARAC co-ordinator.", "Medium"),
    I("2022-01-28", "0915", C2, "Email", "In", PH,
      "Re-referral from police (repeat) - incident 27/01/22, ex-partner DM at the door, kicked and damaged it, 40+ threatening texts incl 'I know where your mum lives'. DASH 15. MARAC repeat 10/02.",
      "High"),
    I("2022-01-28", "1030", C2, "Phone", "Out", CB,
      "Called client - at home, door boarded. Wants to move, 'he knows where I live'. Agreed to ring Housing Options together at 11.",
      "High"),
    I("2022-01-28", "1100", C2, "Phone", "Out", CB,
      "3-way call with client and EDC Housing Options (Dawn Ellery) - homeless application taken over the phone. TA to be confirmed this afternoon.",
      "High", ev="E29"),
    I("2022-01-28", "1600", C2, "Text", "In", CB,
      "Client texted - TA at Kestrel House from Monday.", "High", lab="idva_ta_text"),
    I("2022-02-01", "1100", C2, "Face to face", "Out", CB,
      "F2F at Kestrel House (office room). Safety plan updated for new address. Police seeking RO at sentencing. Client says relationship ended before Christmas because Dean 'started again' with drinking and checking her phone.",
      "High"),
    I("2022-02-10", "1000", C2, "Meeting", "", CB,
      "MARAC (repeat). IDVA updated - client in TA, engaging well, protective. Actions: IDVA to support re RO, housing to expedite.",
      "High", ev="E30"),
    I("2022-02-15", "1100", C2, "Phone", "Out", CB,
      "Weekly call. Client ok, room is damp, Maisie coughing.", "High"),
    I("2022-02-22", "tbc", C2, "Phone", "Out", CB,
      "Weekly call - no answer. Text sent.", "High"),
    I("2022-03-03", "1620", C2, "Phone", "Out", CB,
      "Client informed of court outcome - Dean pleaded guilty, fined, 12 month restraining order. Client 'relieved'.",
      "High", lab="idva_court_call"),
    I("2022-03-15", "1100", C2, "Phone", "Out", CB,
      "DASH review = 7 (medium). Client feels safer at Kestrel House. Discussed RCPC, client hopes plan will end.",
      "Medium"),
    I("2022-03-22", "", C2, "Email", "In", CB,
      "Email from SW - RCPC outcome: CP plans ended, now CIN. IDVA could not attend (annual leave).",
      "Medium", lab="idva_rcpc_email"),
    I("2022-03-29", "1030", C2, "Phone", "Out", CB,
      "Closure call. Client pregnant - says father is 'a guy I met, not Dean'. Advised re support during pregnancy, helpline. Case closed.",
      "Medium"),
    I("2022-07-19", "1500", C2, "Phone", "In", PH,
      "Helpline call from client (anon at first, then gave name) - asking 'what counts as breaking a restraining order if he messages me'. Advised. She reported FB messages to police yesterday. Offered re-referral to IDVA, client declined.",
      "Medium"),
    I("2022-07-19", "1520", C2, "Admin", "", PH,
      "Helpline log linked to closed case EDAS-22-0093.", "Medium"),
    I("2022-09-19", "14:00", C2, "Email", "In", CB,
      "Email from SW P Nandra - info request for s47: Maisie admitted EGH 17/09 with serious injuries, Dean found at the address. IDVA records shared same day.",
      "High", hand=True),
    I("2022-09-20", "", C2, "Phone", "In", CB,
      "Client rang office very distressed asking for IDVA. Says Dean 'made her' let him stay, 'I was scared of what he'd do'. Re-referral opened. DASH 19 (high).",
      "High", hand=True),
    I("2022-09-26", "10:00", C2, "Face to face", "Out", CB,
      "Client seen at EDAS office. Safety plan - Dean remanded? (to check with police). MARAC referral made for Oct MARAC. Client 34 wks pregnant, low mood, GP aware.",
      "High", hand=True),
]


def write(path):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(LAYOUT)
        for r in ROWS:
            c = dict(zip(CELLS, r.cells))
            c["Date of contact"] = r.raw
            c["Start time"] = r.t
            w.writerow([c[h] for h in LAYOUT])
