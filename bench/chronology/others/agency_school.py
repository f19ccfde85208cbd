"""Brookfield Primary School -- incidents exported from the school's
safeguarding log (CPOMS style) and tidied by the DSL.

Layout: semicolon-separated CSV, UTF-8 with BOM, CRLF. Dates d.m.yy (no
leading zeros), times h.mm, a few '?'/'am'. Two narrative columns
("Incident", "Action taken"); category sits before them.
"""
import csv
from common import R

FILE = "Brookfield_Primary_safeguarding_log_Tyler.csv"
AGENCY = "Brookfield Primary School"
FORMAT = "csv"
LAYOUT = ["Student", "Dt", "Time", "Category", "Incident", "Action taken",
          "Logged by", "Alerted"]
CELLS = ["Student", "Category", "Incident", "Action taken", "Logged by", "Alerted"]
DATE_COL = "Dt"
TIME_COL = "Time"
NARR = ["Incident", "Action taken"]
TYPE_COL = "Category"
HEADER_ROWS = [1]
EXTRA = {"encoding": "utf-8-sig", "delimiter": ";"}

TY = "Tyler Hollins (Y3)"
TY4 = "Tyler Hollins (Y4)"
TY5 = "Tyler Hollins (Y5)"
JW, CDu, LF, SO, KS, RA = ("J Whitby (DSL)", "C Dunmore (DDSL)", "L Fenton",
                           "S Okoro", "K Shaw (FLO)", "R Ansell (SENCo)")


def S(d, t, who, cat, inc, act, by, alerted="", **kw):
    return R(d, t, who, cat, inc, act, by, alerted, **kw)


ROWS = [
    S("2021-04-19", "8.55", TY, "Attendance",
      "Tyler late again (9.10am) - 4th time this half term. Mum said 'things at home are hard at the moment', didn't elaborate.",
      "Logged. FLO to check in with mum this week.", LF, "J Whitby, K Shaw"),
    S("2021-04-22", "15.20", TY, "Welfare",
      "T came in without a coat (cold and raining), lunchbox only had crisps and a yoghurt.",
      "Spare coat from lost property. Mentioned to mum at pick up - mum apologetic, said she ran out of bread.", LF, "K Shaw"),
    S("2021-04-26", "8.40", TY, "Operation Encompass",
      "Op Encompass notification recieved from Eastvale Police - DA incident at home address Sunday night (25/4), verbal only, Tyler present and awake.",
      "DSL informed class teacher. Key adult (Mrs Shaw) to check in with T this morning.", JW, "L Fenton, K Shaw", ev="E01"),
    S("2021-04-26", "10.15", TY, "Welfare",
      "Check in with T by KS. He said 'mummy and Dean were shouting and the police came'. Said he was 'a bit scared' but ok now.",
      "Will continue to check in daily this week.", KS, "J Whitby"),
    S("2021-04-29", "?", TY, "Behaviour",
      "T refused to go out at playtime, stayed in with TA, said he was tired.",
      "Nil", LF, ""),
    S("2021-05-13", "9.20", TY, "Disclosure",
      "During circle time T told class teacher 'Dean shouted at mummy and threw the remote at the telly and it broke'. When asked (TED) T said it was last night, he was in bed and came down. Said he was scared. No marks seen.",
      "Passed to DSL straight away.", LF, "J Whitby"),
    S("2021-05-13", "14.20", TY, "Phone call",
      "DSL rang MASH re above disclosure (spoke to Beth). Advised to submit MARF today.",
      "MARF to be done this pm", JW, "", ev="E03", lab="sch_call"),
    S("2021-05-13", "15.50", TY, "Safeguarding referral",
      "MARF submitted online to MASH re Tyler's disclosure this morning.",
      "Await outcome", JW, "C Dunmore", ev="E04", lab="sch_marf"),
    S("2021-05-14", "9.41", TY, "Email",
      "Email from MASH acknowledging MARF (ref 21-MF-3391).",
      "Filed", JW, "", ev="E05", lab="sch_ack"),
    S("2021-05-14", "15.30", TY, "Parent contact",
      "Mum came in to see DSL - upset that school 'reported her'. DSL explained our duties. Mum calmer by the end, said Dean 'isn't a bad man, he just drinks'.",
      "Nil further", JW, ""),
    S("2021-05-20", "10.30", TY, "Professional visit",
      "SW Priya Nandra in school to see T (nurture room), approx 30 mins.",
      "T came back to class happy.", JW, "L Fenton", ev="E06"),
    S("2021-05-27", "12.40", TY, "Behaviour",
      "T pushed another child in the lunch queue, then got very upset and cried.",
      "Restorative chat with both. Sticker chart.", LF, "K Shaw"),
    S("2021-06-10", "8.50", TY, "Attendance",
      "T absent - mum rang, 'bad tummy'.",
      "Coded I", "Office - M Price", ""),
    S("2021-06-17", "8.30", TY, "Operation Encompass",
      "Op Encompass: incident at home last night (16/6) 23.50 - mum assaulted by partner, partner arrested, T present.",
      "DSL to class teacher and KS. Nurture room first session.", JW, "L Fenton, K Shaw", ev="E10"),
    S("2021-06-17", "9.05", TY, "Welfare",
      "T arrived with his Nan (Linda Hollins). Very tired, said he 'didn't sleep cos of the police'.",
      "Nurture room with KS first session, then back to class.", KS, "J Whitby"),
    S("2021-06-18", "9.15", TY, "Professional visit",
      "DC Farrant and SW Nandra in school to speak to T in the library, DSL present. T talked about the night - heard shouting and a bang, saw mum with blood on her face.",
      "T returned to class, had lunch with KS.", JW, "L Fenton", ev="E15"),
    S("2021-06-18", "13.10", TY, "Welfare",
      "Lunch with KS - T talked about his Lego and a film. Did not mention home.",
      "", KS, ""),
    S("2021-06-24", "am", TY, "SEN",
      "SENCo observation in class - T finding it hard to concentrate, reading age 6y2m (CA 7y10m).",
      "Added to SEN register - SEN support (SEMH). Parent letter.", RA, "J Whitby"),
    S("2021-07-02", "14.00", TY, "Report",
      "ICPC report completed by DSL and sent to Safeguarding Unit.",
      "", JW, ""),
    S("2021-07-06", "13.30", TY, "Meeting",
      "ICPC attended by DSL (Teams). Both children on CP plans - emotional abuse.",
      "School actions: monitor attendance, weekly check in with key adult, share any concerns with SW.", JW, "L Fenton, K Shaw", ev="E18"),
    S("2021-07-08", "11.00", TY, "Welfare",
      "T said to KS 'Dean's not allowed at our house now'.",
      "Logged", KS, ""),
    S("2021-07-20", "10.00", TY, "Meeting",
      "Core group meeting held in school (library). Mum, SW, HV, FSW, DSL.",
      "Minutes to follow from SW", JW, "", ev="E20"),
    S("2021-07-21", "15.15", TY, "Welfare",
      "Last day of term. DSL checked contact details with mum, gave T a summer reading pack.",
      "", JW, ""),
    S("2021-08-27", "10.00", TY, "Email",
      "DSL emailed written update to SW for the core group on 31/8 (school closed).",
      "", JW, ""),
    S("2021-09-02", "8.45", TY4, "Welfare",
      "T back in school (Y4, Mr Okoro). Seemed happy, told class about going to the seaside with Nan.",
      "", SO, "K Shaw"),
    S("2021-09-14", "9.30", TY4, "Welfare",
      "T told Mr Okoro 'Dean came for tea on Sunday and he was nice'.",
      "Passed to SW by email same day.", SO, "J Whitby", lab="sch_tea"),
    S("2021-09-14", "9.30", TY4, "Welfare",
      "T told Mr Okoro 'Dean came for tea on Sunday and he was nice'.",
      "Passed to SW by email same day.", SO, "J Whitby", copy="sch_tea"),
    S("2021-09-23", "?", TY4, "Attendance",
      "Late 9.25 - mum said alarm didn't go off.",
      "Coded L", "Office - M Price", ""),
    S("2021-09-30", "", TY4, "Report",
      "RCPC report sent to Safeguarding Unit.",
      "", JW, "", lab="sch_rcpc_report"),
    S("2021-10-05", "10.00", TY4, "Meeting",
      "RCPC (Teams) - DSL attended. CP plans continue. School reported attendance 91% and T more settled.",
      "", JW, "S Okoro, K Shaw", ev="E22"),
    S("2021-10-14", "9.00", TY4, "Welfare",
      "T tired and teary, told KS he 'wet the bed' and was worried someone would find out.",
      "Reassured. Spare clothes available. Mum informed (she is aware, seeing GP).", KS, "J Whitby", lab="sch_enuresis"),
    S("2021-11-03", "9.10", TY4, "Welfare",
      "T told KS that Maisie 'hurt her arm and went to the hospital' last night. Said she fell off the settee when they were playing.",
      "DSL emailed SW for info.", KS, "J Whitby"),
    S("2021-11-09", "13.00", TY4, "Meeting",
      "Core group in school. Housing officer attended as well.",
      "", JW, "", raw="9.11./2021", notes=["mistyped_date"], ev="E25"),
    S("2021-11-16", "10.40", TY4, "Welfare",
      "T very quiet in class. Said to KS that 'Nan and mum had a big argument' at the weekend about Dean.",
      "Passed to SW", KS, "J Whitby"),
    S("2021-11-25", "14.00", TY4, "SEN",
      "ELSA sessions started (6 wks) - friendships and feelings.",
      "", RA, ""),
    S("2021-12-14", "10.00", TY4, "Meeting",
      "Core group (Teams). Mum reports she has split up with Dean.",
      "", JW, "", ev="E26"),
    S("2021-12-17", "15.00", TY4, "Attendance",
      "Autumn term attendance 88.6%, lates x9.",
      "Attendance letter (stage 1) to mum.", "Office - M Price", "J Whitby"),
    S("2022-01-11", "8.55", TY4, "Welfare",
      "T said he had 'the best Christmas' at Nan's.",
      "", SO, ""),
    S("2022-01-25", "14.00", TY4, "Meeting",
      "Core group in school. Mum has finished Freedom Programme.",
      "", JW, "", ev="E27"),
    S("2022-01-28", "8.20", TY4, "Operation Encompass",
      "Op Encompass - incident at home last night 27/1 approx 21.15, ex-partner at door, criminal damage. T at home and awake.",
      "Key adult check in on arrival.", JW, "S Okoro, K Shaw", ev="E28"),
    S("2022-01-28", "9.30", TY4, "Welfare",
      "T arrived late with mum, anxious, said 'Dean kicked the door and mummy rang the police'.",
      "KS with T in nurture room for first half of morning.", KS, "J Whitby"),
    S("2022-02-01", "8.50", TY4, "Attendance",
      "T absent - mum rang, they moved into temporary accommodation in Eastvale town yesterday. Sorting bus pass.",
      "Coded C (authorised) - DSL agreed", "Office - M Price", "J Whitby"),
    S("2022-02-02", "?", TY4, "Welfare",
      "T back. Says new place is 'small and smells funny' and he has to share a room with Maisie and mum.",
      "", KS, "J Whitby"),
    S("2022-03-08", "10.00", TY4, "Meeting",
      "Core group at Kestrel House (DSL attended). Damp works done. Mum doing well.",
      "", JW, "", ev="E31"),
    S("2022-03-15", "11.00", TY4, "Welfare", "", "", KS, "", notes=["empty_event"]),
    S("2022-03-22", "13.00", TY4, "Meeting",
      "RCPC (Teams) - CP plans ended, now CIN. DSL agreed with step down.",
      "", JW, "S Okoro, K Shaw", ev="E32"),
    S("2022-03-29", "15.20", TY4, "Parent contact",
      "Mum told DSL at pick up that she is expecting a baby, 'early days'.",
      "", JW, ""),
    S("2022-04-26", "10.30", TY4, "Meeting",
      "CIN meeting at Family Hub - DSL attended. Midwife there too.",
      "", JW, "", ev="E34", lab="sch_cin1"),
    S("2022-05-12", "12.15", TY4, "Behaviour",
      "T punched the wall in the boys toilets after an argument at football. Grazed knuckles.",
      "First aid. Calm down time with KS. Mum informed by phone.", SO, "K Shaw, J Whitby"),
    S("2022-06-07", "10.30", TY4, "Meeting",
      "CIN meeting - DSL attended. Housing update.",
      "", JW, "", ev="E35", lab="sch_cin2"),
    S("2022-06-30", "14.30", TY4, "SEN",
      "Review of SEN support - reading age 8y1m, ELSA finished, T more settled.",
      "Remain SEN support", RA, ""),
    S("2022-07-19", "10.30", TY4, "Meeting",
      "CIN meeting - DSL attended. CIN likely to close after move.",
      "", JW, "", ev="E37", lab="sch_cin3"),
    S("2022-07-21", "12.00", TY4, "Welfare",
      "Last day. Mum collected, said they move to Mill Row on Monday. T excited about 'a garden'.",
      "", SO, ""),
    S("2022-09-06", "8.45", TY5, "Welfare",
      "Start of Y5 (Miss Hardy). New address 2 Mill Row. Mum confirms CIN has closed. T says 'my room is massive'.",
      "Address updated on SIMS", JW, ""),
    S("2022-09-12", "9.05", TY5, "Welfare",
      "T had a bruise on the back of his R hand, said 'the door slammed on it'. Did not want to say more.",
      "Body map done. Explanation plausible - logged, no referral.", "Miss Hardy", "J Whitby"),
    S("2022-09-19", "8.30", TY5, "Phone call",
      "Call from SW P Nandra - Maisie in hospital with injuries since Saturday, T staying with Nan. SW will see T.",
      "KS to meet T at the gate", JW, "", ev="E43"),
    S("2022-09-19", "9.10", TY5, "Welfare",
      "T arrived with Nan. Quiet. Asked KS if Maisie is going to be ok.",
      "Nurture room am", KS, "J Whitby"),
    S("2022-09-21", "am", TY5, "Attendance",
      "T absent this morning - police interview per SW. Returned 1.30pm with Nan.",
      "Coded (authorised)", "Office - M Price", "J Whitby", ev="E44"),
    S("2022-09-23", "14.00", TY5, "Welfare",
      "T asked KS if 'Dean is going to prison'.",
      "Logged, passed to SW", KS, "J Whitby"),
]


def cell_date(r):
    if r.raw is not None:
        return r.raw
    y, m, d = r.d.split("-")
    return "%d.%d.%s" % (int(d), int(m), y[2:])


def write(path):
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, delimiter=";", lineterminator="\r\n")
        w.writerow(LAYOUT)
        for r in ROWS:
            c = dict(zip(CELLS, r.cells))
            c["Dt"] = cell_date(r)
            c["Time"] = r.t
            w.writerow([c[h] for h in LAYOUT])
