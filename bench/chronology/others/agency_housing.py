"""Eastvale District Council Housing (tenancy management + Housing Options)
-- contact log exported from the housing system, saved by Excel as
"CSV (Comma delimited)" on Windows, so it is Windows-1252 with smart quotes,
en dashes and pound signs.

Layout: comma CSV, cp1252, CRLF, one header row. Dates dd/mm/yyyy; times
typed every way (9:30am, 2:10pm, 14:00, 10.30am, 'not known', '-').
"""
import csv
from common import R

FILE = "EDC_Housing_contact_log_HOLLINS.csv"
AGENCY = "Eastvale District Council Housing"
FORMAT = "csv"
LAYOUT = ["Contact Date", "Time", "Officer", "Contact type", "Contact details", "Outcome"]
CELLS = ["Officer", "Contact type", "Contact details", "Outcome"]
DATE_COL = "Contact Date"
TIME_COL = "Time"
NARR = ["Contact details"]
TYPE_COL = "Contact type"
HEADER_ROWS = [1]
EXTRA = {"encoding": "cp1252", "delimiter": ","}

MF = "Marcus Fell (Tenancy Officer)"
DE = "Dawn Ellery (Housing Options)"
SQ = "Steph Quinn (TA Officer)"
RP = "Repairs"


def Hs(d, t, who, typ, details, outcome="", **kw):
    return R(d, t, who, typ, details, outcome, **kw)


ROWS = [
    Hs("2021-04-07", "10:12", MF, "Letter",
       "Arrears letter stage 1 sent – rent arrears £486.20. UC housing costs not being paid to landlord.",
       "Review 21 days"),
    Hs("2021-04-19", "2:45pm", MF, "Phone",
       "Tenant rang re arrears letter. Says UC got “messed up” when her partner moved in (now joint claim). Agreed to apply for APA (managed payment to landlord).",
       "APA request to DWP"),
    Hs("2021-04-26", "9:30am", MF, "Phone",
       "Neighbour at no.16 (Mrs Begum) complained about shouting and banging from no.14 on Sunday night – says police came. Says it’s the 3rd time since ‘the new boyfriend’ moved in.",
       "Letter to tenant", lab="hous_asb"),
    Hs("2021-04-27", "14:00", MF, "Letter",
       "Letter to tenant re noise complaint – reminder of tenancy conditions (clause 5, nuisance & annoyance). ASB case opened ref ASB/21/0332.",
       ""),
    Hs("2021-05-10", "11:00", MF, "Visit",
       "Tenancy visit. Ms Hollins present, boyfriend ‘Dean’ also present – asked if he lives there, tenant said “he stays sometimes”. Advised re declaring household changes & UC. Arrears now £612.40, agreed to pay £10/wk extra. Discussed noise complaint – tenant says “it was one argument”.",
       "Household change form to be sent"),
    Hs("2021-05-10", "15:10", MF, "Admin",
       "Household change form posted re Mr Dean Marsh.",
       ""),
    Hs("2021-05-18", "not known", MF, "Letter",
       "APA confirmed by DWP – housing costs to be paid direct to EDC from June.",
       ""),
    Hs("2021-06-21", "9:50am", MF, "Phone",
       "Mrs Begum (no.16) rang – “police were there again last week, she had blood on her face” and the boyfriend’s car was back in the close last night.",
       "Advised to ring police if concerned", lab="hous_begum_jun"),
    Hs("2021-06-24", "2:10pm", MF, "Phone",
       "Call from Chloe Barnard (IDVA, EDAS) – Sanctuary referral for 14 Larch Close, tenant high risk DA, going to MARAC 08/07. Requests lock change, door chain, London bar and letterbox guard.",
       "Works order", ev="E17"),
    Hs("2021-06-25", "not known", MF, "Email",
       "Works order raised – sanctuary measures (WO-55712), priority 2 working days.",
       ""),
    Hs("2021-06-28", "-", RP, "Visit",
       "Contractor (Eastvale Locks) completed lock change, door chain, London bar & letterbox guard. Tenant given 3 keys.",
       "Complete"),
    Hs("2021-06-28", "16:20", MF, "Admin",
       "ASB case ASB/21/0332 closed – noise linked to DA against tenant, not tenant ASB. Flag on file: DA – do NOT share address or contact details with Mr Marsh.",
       ""),
    Hs("2021-07-08", "10:00", DE, "Meeting",
       "MARAC – housing rep (D Ellery) attended for 14 Larch Close. Sanctuary works done 28/06. Tenancy file flagged. Tenant not seeking rehousing at present.",
       "", ev="E19"),
    Hs("2021-08-20", "not known", MF, "Letter",
       "Arrears letter stage 2 – arrears £802.55 (APA stopped when joint claim ended?).",
       "", lab="arrears2"),
    Hs("2021-08-20", "not known", MF, "Letter",
       "Arrears letter stage 2 – arrears £802.55 (APA stopped when joint claim ended)",
       "", copy="arrears2"),
    Hs("2021-09-02", "11:30am", MF, "Phone",
       "Tenant rang – UC now single claim, housing element should be back in Sept payment. Can pay £5/wk extra.",
       ""),
    Hs("2021-10-22", "12:00", MF, "Visit",
       "NOSP served by hand – arrears £1,240.16. Tenant upset, says she can’t afford more than £5 extra. Referred to money advice (Eastvale CAB).",
       "NOSP served"),
    Hs("2021-11-03", "not known", MF, "Phone",
       "Neighbour (Mrs Begum) rang – man’s voice shouting late last night at no.14 and baby crying. Asked if “he’s back”.",
       "Noted – to mention at core group", raw="3//11/2021", notes=["mistyped_date"]),
    Hs("2021-11-09", "1:00pm", MF, "Meeting",
       "Attended core group at Brookfield Primary at SW’s request. Explained arrears/NOSP position (£1,240.16) and neighbour’s reports of shouting.",
       "", ev="E25"),
    Hs("2021-11-26", "10:00", MF, "Visit",
       "Money advice appt attended with tenant at CAB. DHP application submitted for £600.",
       ""),
    Hs("2021-12-14", "not known", MF, "Letter",
       "DHP awarded £600 towards arrears. Arrears now £658.16.",
       ""),
    Hs("2022-01-28", "11:00am", DE, "Phone",
       "Call from Chloe Barnard (IDVA) with Ms Hollins on speaker – fleeing DA, ex-partner came to the property last night and damaged the front door, threats by text. Homeless application taken over the phone (s184 enquiries). Children 8 and 2.",
       "TA to be sourced", ev="E29"),
    Hs("2022-01-28", "11:40am", RP, "Phone",
       "Emergency repair – front door lower panel cracked, board up today then replace. WO-61204.",
       ""),
    Hs("2022-01-28", "15:45", DE, "Email",
       "Emergency TA approved – Room 6 Kestrel House from Mon 31/01. Section 188 interim duty. Email to Ms Hollins and IDVA.",
       "", lab="hous_ta_email"),
    Hs("2022-01-31", "10:00", SQ, "Visit",
       "Move in to Kestrel House Room 6. Licence agreement signed, service charge £18.50/wk, house rules explained (no visitors after 10pm). Keys given. Ms Hollins + 2 children.",
       "", ev="E52"),
    Hs("2022-01-31", "14:30", MF, "Admin",
       "Tenant signed notice to quit 14 Larch Close (effective 28/02/22) – fleeing DA. Remaining arrears £702.34 – recharge account.",
       ""),
    Hs("2022-02-03", "2:35pm", DE, "Email",
       "Email from HV (Sarah Penhaligon) re damp and black mould in Room 6 Kestrel House, 2 yr old with a cough – asks for inspection.",
       "Passed to TA officer", ev="E48"),
    Hs("2022-02-04", "not known", SQ, "Email",
       "Damp inspection booked for Room 6, Tues 08/02.",
       ""),
    Hs("2022-02-08", "10:30", SQ, "Visit",
       "Inspection – black mould behind cot and on window reveal. Mould wash + anti-condensation paint ordered, dehumidifier loaned today.",
       ""),
    Hs("2022-02-10", "10:00am", DE, "Meeting",
       "MARAC (repeat) – housing attended. Ms Hollins in TA, homeless application being assessed. Action: expedite decision and Band A.",
       "", ev="E30"),
    Hs(None, "-", DE, "Letter",
       "Section 184 decision letter – main housing duty accepted (s193(2)), priority need (dependent children), homeless due to DA. Band A on the housing register.",
       "", raw="31/02/2022", notes=["impossible_date"]),
    Hs("2022-02-14", "16:00", SQ, "Office",
       "Ms Hollins brought GP letter re damp (child with wheeze) to the Kestrel House office – copied to file. Mould works done Friday.",
       "", lab="hous_gp_letter"),
    Hs("2022-03-08", "10:00am", DE, "Meeting",
       "Core group at Kestrel House. Updated on main duty and Band A. Mould treated.",
       "", ev="E31"),
    Hs("2022-03-22", "1:00pm", DE, "Meeting",
       "RCPC (Teams) – attended for housing. Outcome CIN.",
       "", ev="E32"),
    Hs("2022-04-06", "-", SQ, "Visit",
       "TA check – room tidy, dehumidifier in use, no further mould.",
       ""),
    Hs("2022-06-07", "10.30am", DE, "Meeting",
       "CIN meeting – housing update given: shortlisted for 2 bed houses, offer likely within 4–6 wks.",
       "", ev="E35"),
    Hs("2022-06-30", "15:00", DE, "Phone",
       "Eastvale Homes nomination accepted – 2 Mill Row, Millbridge, 2 bed house.",
       ""),
    Hs("2022-07-05", "not known", DE, "Letter",
       "Offer letter – 2 Mill Row, Millbridge (Eastvale Homes), final offer under s193(7). Viewing 08/07.",
       ""),
    Hs("2022-07-11", "3:15pm", DE, "Phone",
       "Ms Hollins rang to accept the offer. Asked whether “anyone else” could go on the tenancy – advised sole tenancy, household members must be declared to Eastvale Homes.",
       ""),
    Hs("2022-07-12", "11:02am", DE, "Email",
       "Email to SW Priya Nandra – offer of 2 Mill Row accepted, sign up 25/07.",
       "", ev="E36"),
    Hs("2022-07-25", "10:00", DE, "Visit",
       "Tenancy sign up at 2 Mill Row with Eastvale Homes officer. Keys given. Local Welfare Assistance furniture grant applied for (£350).",
       ""),
    Hs("2022-07-26", "-", SQ, "Admin",
       "TA Room 6 Kestrel House vacated, keys returned. Licence ended.",
       ""),
    Hs("2022-08-01", "not known", DE, "Letter",
       "Main duty discharged by acceptance of Part 6 offer (s193(7)). Housing Options case closed.",
       "Closed"),
]


def cell_date(r):
    if r.raw is not None:
        return r.raw
    y, m, d = r.d.split("-")
    return "%s/%s/%s" % (d, m, y)


def write(path):
    with open(path, "w", encoding="cp1252", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(LAYOUT)
        for r in ROWS:
            c = dict(zip(CELLS, r.cells))
            c["Contact Date"] = cell_date(r)
            c["Time"] = r.t
            w.writerow([c[h] for h in LAYOUT])
