#!/usr/bin/env python3
"""Benchmark set "others4" - Brennan / Voss family, Ashcombe Vale (fictional).

Every row below is hand-written and carries a label string:
  E01..E45  member of a cross-agency same-event group
  c1..c5    within-file copy (the first occurrence in file order is the original)
  h1..h27   member of a hard-negative pair (different events a naive matcher might join)
  err       error row (the importer should reject / flag it)
The date/time given to each row is the truth (the label); the file cell is rendered from
it in that agency's own style, unless a raw value is written by hand (mistyped or
impossible dates, unknown-time tokens).  expected/*.json is built only from these labels.
"""
import csv
import datetime as dt
import json
import os
import re

from docx import Document
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

HERE = os.path.dirname(os.path.abspath(__file__))
EXP = os.path.join(HERE, "expected")
TIME_RE = re.compile(r"^\d{2}:\d{2}$")


class R:
    def __init__(self, lab, date, time, cells, raw_date=None):
        self.lab = lab.split()
        self.date = date                      # "YYYY-MM-DD" or None (error row)
        if time is not None and TIME_RE.match(time):
            self.time, self.tok = time, None
        else:
            self.time, self.tok = None, (time or "")   # unknown-time token as written
        self.cells = cells
        self.raw_date = raw_date              # hand-written date cell (mistyped / impossible)


def d(iso):
    return dt.date.fromisoformat(iso)


# ---------------------------------------------------------------------------
# 1. POLICE - Athena-style occurrence export, CSV, ';' delimited, UTF-8
# ---------------------------------------------------------------------------
POL_FILE = "police_athena_occurrence_export.csv"
POL_HEAD = ["Occurrence Ref", "Date", "Time", "Occurrence Type", "Officer/Staff",
            "Summary", "Linked Nominals"]


def P(lab, date, time, ref, typ, off, text, nom, rd=None):
    return R(lab, date, time, {"Occurrence Ref": ref, "Occurrence Type": typ,
                               "Officer/Staff": off, "Summary": text,
                               "Linked Nominals": nom}, rd)


KB = "BRENNAN Kayleigh (V)"
DV = "VOSS Dean (S)"
POLICE = [
    P("h3", "2022-02-08", "10:12", "INT/22/000873", "INTEL", "PS 1180 GARNER (OMU)",
      "PNC/VISOR UPDATED - VOSS DEAN RELEASED ON LICENCE 07/02/22 FROM HMP FERNDALE. MAPPA CAT 2. "
      "LIC ADDRESS BRIDGE HOUSE AP STENFORD. NOT TO RESIDE AT 14 TANNERS ROW WITHOUT OM APPROVAL.",
      "VOSS Dean"),
    P("h17", "2022-03-05", "23:40", "AV/22/010944", "DOMESTIC INCIDENT", "PC 4471 HOLT",
      "DOMESTIC - VERBAL ONLY. 999 CALL FROM KAYLEIGH BRENNAN AT 14 TANNERS ROW RUSHBROOK REPORTING "
      "PARTNER VOSS SHOUTING AND REFUSING TO LEAVE. ATTENDED 2358. VOSS LEFT PRIOR TO ARRIVAL. "
      "1 X CHILD (TYLER-JAY 18 MTHS) ASLEEP UPSTAIRS. FEMALE PREGNANT. DASH STANDARD (6).",
      KB + "; " + DV + "; BRENNAN Tyler-Jay (C)"),
    P("E06 h17", "2022-03-06", "01:15", "AV/22/010944", "PPN", "PC 4471 HOLT",
      "PPN SUBMITTED (ADULT DA + CHILD) RE OCC AV/22/010944. REFERRED TO MASH. VOSS ON LICENCE - OMU INFORMED.",
      KB + "; BRENNAN Tyler-Jay (C)"),
    P("E07", "2022-03-07", "10:50", "AV/22/010944", "PHONE", "DA CAR TEAM - PC 3318 OKONJO",
      "SPOKE TO NPS OM R IBBOTSON BY PHONE RE VOSS BEING AT 14 TANNERS ROW 05/03 AT 2340 HRS. "
      "OM TO ADDRESS AT NEXT SUPERVISION. NO OFFENCES DISCLOSED.",
      DV),
    P("E09", "2022-03-10", "n/k", "AV/22/010944", "MEETING", "DS 2051 REEVES (CAIT)",
      "STRAT DISC (TEAMS) RE BRENNAN CHILDREN + UNBORN. CAIT ATTENDED. AGREED S47 JOINT WITH CSC. "
      "NO CRIME IDENTIFIED AT THIS STAGE. JOINT VISIT TO BE ARRANGED.",
      KB + "; BRENNAN Tyler-Jay (C)"),
    P("E11", "2022-03-14", "14:00", "AV/22/010944", "VISIT", "DC 2290 MAHONEY (CAIT)",
      "JOINT S47 VISIT WITH SW NANDRA AT 14 TANNERS ROW. MOTHER SPOKEN TO ALONE. HOUSE UNTIDY, DOG "
      "FAECES IN KITCHEN. CHILD SEEN, NO MARKS. NO DISCLOSURES RE VOSS. NFA CRIME.",
      KB + "; BRENNAN Tyler-Jay (C)"),
    P("E12", "2022-03-15", "10:00", "MAP/22/0041", "MEETING", "DS 2051 REEVES",
      "MAPPA LEVEL 2 MEETING - VOSS DEAN. POLICE REP DS REEVES. ACTIONS: WARNING MARKER ON 14 TANNERS "
      "ROW, CAIT TO SHARE INTEL WITH CSC, REVIEW 3 MTHS.",
      DV),
    P("E13", "2022-03-29", "13:30", "AV/22/010944", "MEETING", "DC 2290 MAHONEY",
      "ICPC ATTENDED. TYLER-JAY + UNBORN SUBJECT TO CP PLAN - NEGLECT. POLICE REPORT PROVIDED (2 DA "
      "CALLS HISTORIC WITH EX-PARTNER OF VOSS).",
      KB + "; BRENNAN Tyler-Jay (C)"),
    P("h9 c3", "2022-05-24", "16:45", "SS/22/017702", "STOP SEARCH", "PC 5520 DAWLISH",
      "VOSS DEAN STOPPED HIGH ST RUSHBROOK. FOUND IN POSS SMALL QTY CANNABIS (APPROX 2G). COMMUNITY "
      "RESOLUTION. OMU TO UPDATE OM BY EMAIL",
      DV),
    P("c3", "2022-05-24", "16:45", "SS/22/017702", "STOP SEARCH", "PC 5520 DAWLISH",
      "VOSS DEAN STOPPED HIGH ST RUSHBROOK. FOUND IN POSS SMALL QTY CANNABIS (APPROX 2G). COMMUNITY "
      "RESOLUTION. OMU TO UPDATE OM BY EMAIL.",
      DV),
    P("E21", "2022-07-05", "n/k", "AV/22/010944", "MEETING", "DC 2290 MAHONEY",
      "RCPC - DIALLED IN. POLICE REPORT SUBMITTED, NO FURTHER CALLS SINCE ICPC. BABY RUBY ADDED TO PLAN.",
      KB + "; BRENNAN-VOSS Ruby (C)"),
    P("h11", "2022-08-02", "02:10", "AV/22/031207", "DOMESTIC INCIDENT", "PC 4471 HOLT",
      "CALL FROM NEIGHBOUR (ANON) - SHOUTING AND BABY SCREAMING AT 14 TANNERS ROW. ATTENDED 0231. "
      "VOSS NOT PRESENT - BELIEVED LEFT VIA REAR GARDEN. BRENNAN STATES ARGUMENT OVER MONEY, NO "
      "VIOLENCE. RUBY (5 WKS) + TYLER-JAY SEEN, NO INJURIES. DASH MEDIUM - REPEAT.",
      KB + "; " + DV + "; BRENNAN-VOSS Ruby (C); BRENNAN Tyler-Jay (C)"),
    P("E22", "2022-08-02", "10:30", "AV/22/031207", "PPN", "PC 4471 HOLT",
      "PPN SUBMITTED RE AV/22/031207 - 2 X CHILD. MASH NOTIFIED. REPEAT DA WITHIN 6 MTHS - CONSIDER MARAC.",
      KB + "; BRENNAN-VOSS Ruby (C); BRENNAN Tyler-Jay (C)", rd="02//08/2022"),
    P("E23", "2022-08-02", "11:05", "AV/22/031207", "EMAIL", "PC 3318 OKONJO",
      "EMAIL TO NPS OM IBBOTSON RE ATTENDANCE AT 14 TANNERS ROW 02/08. VOSS BELIEVED PRESENT - "
      "CONTRARY TO LIC CONDITION? FOR OM INFO/ACTION.",
      DV),
    P("", "2022-08-11", "09:20", "AV/22/031207", "MARAC REFERRAL", "DA CAR TEAM",
      "MARAC REFERRAL SUBMITTED ON PROFESSIONAL JUDGEMENT - REPEAT DA, 2 CHILDREN INC NEWBORN, "
      "PERPETRATOR ON LICENCE.",
      KB),
    P("E24", "2022-08-25", "10:00", "MARAC/22/0388", "MEETING", "DI 0911 FAIRCLOUGH (CHAIR)",
      "MARAC - BRENNAN K. ACTIONS: FLAG ADDRESS (14 TANNERS ROW), IDVA TO RE-ENGAGE, CAIT TO CHECK "
      "VOSS INTEL, OM TO REVIEW LICENCE CONDITIONS.",
      KB + "; " + DV),
    P("h15", "2022-11-20", "21:15", "AV/22/046650", "CONCERN FOR WELFARE", "CONTROL ROOM",
      "CALL FROM SANDRA BRENNAN (MGM) - DAUGHTER NOT ANSWERING PHONE FOR 2 DAYS, BABY AND TODDLER IN "
      "PROPERTY FLAT 7 WHARFSIDE HOUSE STENFORD. GRADED PRIORITY.",
      KB),
    P("E31 h16", "2022-11-20", "22:25", "AV/22/046650", "PHONE", "PC 4471 HOLT",
      "OFFICERS AT FLAT 7 WHARFSIDE HSE. MOTHER + 2 CHILDREN SAFE AND WELL. NO ELECTRIC - METER "
      "EMPTY, FLAT VERY COLD. EDT UPDATED BY PHONE FROM SCENE. CHILD PPN TO FOLLOW.",
      KB + "; BRENNAN-VOSS Ruby (C); BRENNAN Tyler-Jay (C)"),
    P("", "2022-11-21", "08:50", "AV/22/046650", "PPN", "PC 4471 HOLT",
      "CHILD PPN SUBMITTED RE WELFARE CHECK 20/11 - COLD HOME, NO POWER, POOR FOOD IN FLAT.",
      "BRENNAN-VOSS Ruby (C); BRENNAN Tyler-Jay (C)"),
    P("", "2023-02-14", "18:05", "AV/23/006118", "ARREST", "PC 6032 BRIGGS",
      "VOSS DEAN ARRESTED - ASSAULT (S39) ON MALE OUTSIDE THE PLOUGH PH STENFORD. INTERVIEWED, "
      "RELEASED UNDER INVESTIGATION.",
      DV),
    P("E34", "2023-02-15", "n/k", "AV/23/006118", "EMAIL", "OMU",
      "OM NOTIFIED OF ARREST 14/02 BY EMAIL (OFFENDER MANAGEMENT UNIT). VOSS RUI.",
      DV),
    P("E37 h19", "2023-04-11", "23:25", "AV/23/014420", "PHONE", "CONTROL ROOM",
      "CALL FROM RGH ED - 9 MTH OLD FEMALE RUBY BRENNAN-VOSS, HEAD INJURY, CT SHOWS SKULL FX + BLEED. "
      "STAFF CONCERNED NAI. PARENTS AT HOSPITAL. CAIT ON CALL NOTIFIED.",
      "BRENNAN-VOSS Ruby (V)"),
    P("", "2023-04-12", "00:40", "AV/23/014420", "VISIT", "PC 6032 BRIGGS",
      "OFFICERS ATTENDED RGH CHILDRENS WARD. PARENTS SPOKEN TO - ACCOUNT: RUBY FELL FROM SOFA "
      "APPROX 1800 HRS. NO ARRESTS AT THIS TIME PENDING MEDICAL OPINION.",
      KB + "; " + DV),
    P("E38", "2023-04-12", "09:30", "AV/23/014420", "MEETING", "DC 2290 MAHONEY",
      "STRAT DISC CHAIRED BY CSC TM LYLE. CAIT, DR VARMA, HV PRESENT. S47 + POLICE INVESTIGATION. "
      "SKELETAL SURVEY TODAY. TYLER-JAY TO MGM.",
      "BRENNAN-VOSS Ruby (V)"),
    P("h20 h22", "2023-04-12", "14:30", "AV/23/014420", "ARREST", "DC 2290 MAHONEY",
      "BRENNAN KAYLEIGH AND VOSS DEAN ARRESTED ON SUSP GBH WITH INTENT / CHILD CRUELTY. CONVEYED "
      "RUSHBROOK CUSTODY.",
      KB.replace("(V)", "(S)") + "; " + DV),
    P("E39", "2023-04-12", "15:10", "AV/23/014420", "PHONE", "DC 2290 MAHONEY",
      "PHONED NPS OM TO ADVISE OF VOSS ARREST. OM TO CONSIDER RECALL.",
      DV),
    P("E41", "2023-04-14", "11:00", "AV/23/014420", "VISIT", "DC 2290 MAHONEY",
      "JOINT VISIT WITH SW ASKE TO 9 COBBETT CLOSE RUSHBROOK (MGM). TYLER-JAY SEEN. NO MARKS "
      "OBSERVED. TOO YOUNG FOR ABE.",
      "BRENNAN Tyler-Jay (C)"),
    P("E42", "2023-04-18", "07:20", "AV/23/014420", "ARREST", "PC 5520 DAWLISH",
      "VOSS DEAN ARRESTED ON RECALL TO PRISON AT BAIL ADDRESS. CONVEYED HMP FERNDALE.",
      DV),
    P("E44", "2023-04-26", "", "AV/23/014420", "MEETING", "DC 2290 MAHONEY",
      "ICPC - TYLER-JAY. ATTENDED. BOTH PARENTS ON BAIL, CONDITIONS NO UNSUPERVISED CONTACT WITH "
      "CHILDREN. INVESTIGATION ONGOING.",
      "BRENNAN Tyler-Jay (C)"),
]


# ---------------------------------------------------------------------------
# 2. CHILDREN'S SOCIAL CARE - Liquidlogic-style case note extract, xlsx with title block
# ---------------------------------------------------------------------------
CSC_FILE = "csc_case_notes_lcs.xlsx"
CSC_HEAD = ["Date of Note", "Time", "Note Type", "Author", "Case Note", "Outcome / Actions"]


def C(lab, date, time, typ, author, note, outcome):
    return R(lab, date, time, {"Note Type": typ, "Author": author, "Case Note": note,
                               "Outcome / Actions": outcome})


PN = "Priya Nandra (SW)"
TA = "Tom Aske (SW)"
CSC = [
    C("E01", "2022-01-11", "09:05", "Contact", "MASH - Leanne Hope (Duty SW)",
      "Contact received from Fiona Redd, safeguarding midwife, Rushbrook General Hospital (RGH). "
      "Kayleigh Brennan (22) booked yesterday at 16 weeks pregnant. Kayleigh has a mild learning "
      "disability and told the midwife she smokes cannabis most days. Father of the unborn baby is "
      "Dean Voss who is in HMP Ferndale and due out in February. Kayleigh has a son, Tyler-Jay "
      "(16 months). Midwife worried about her understanding of the pregnancy and home conditions.",
      "MASH checks requested - police, health, GP. RAG amber."),
    C("h1", "2022-01-11", "15:40", "Email", "MASH - Leanne Hope (Duty SW)",
      "Email sent to Fiona Redd acknowledging her referral and confirming MASH checks are under way. "
      "Advised she will hear the outcome within 72 hours.",
      "None"),
    C("E02", "2022-01-12", "11:00", "Phone", "MASH - Leanne Hope (Duty SW)",
      "MASH telephone call to Orchard Lane Surgery, spoke to Dr Whitlam (safeguarding lead GP). "
      "Kayleigh known to the practice for mild LD and low mood, previously on sertraline. Tyler-Jay "
      "up to date with immunisations. No safeguarding concerns logged by the practice but Dr Whitlam "
      "felt Kayleigh would struggle with a new baby without a lot of support.",
      "GP information added to MASH record."),
    C("", "2022-01-14", "unknown", "Case Note", "Gareth Lyle (TM)",
      "MASH decision: threshold met for a Child and Family Assessment including pre-birth assessment "
      "of unborn baby. Allocated to Priya Nandra, Rushbrook Assessment Team.",
      "Allocate. Assessment due 10/03/2022."),
    C("c1 h2", "2022-01-20", "14:30", "Home Visit", PN,
      "Home visit to 14 Tanner's Row. Kayleigh and her mum Sandra present. Tyler-Jay was playing on "
      "the floor and was in a heavy wet nappy for the whole visit. Kitchen had piles of washing up "
      "and there was dog mess in the hallway. Kayleigh said she knows she needs to keep on top of "
      "things but 'it all gets too much'. We talked about Dean - she wants him to live with her when "
      "he is released. I explained this would need to be looked at as part of the assessment.",
      "Joint visit with HV to be arranged. Ask Kayleigh for consent to contact Dean's probation officer."),
    C("c1", "2022-01-20", "14:30", "Home Visit", PN,
      "Home visit to 14 Tanner's Row. Kayleigh and her mum Sandra present. Tyler-Jay was playing on "
      "the floor and was in a heavy wet nappy for the whole visit. Kitchen had piles of washing up "
      "and there was dog mess in the hallway. Kayleigh said she knows she needs to keep on top of "
      "things but 'it all gets too much'. We talked about Dean - she wants him to live with her when "
      "he is released. I explained this would need to be looked at as part of the assessment.",
      "Joint visit with HV to be arranged. Ask Kayleigh for consent to contact Dean's probation officer."),
    C("E03", "2022-01-24", "10:15", "Phone", PN,
      "Telephone call to Jo Marsh, health visitor. Shared what I saw on the visit. HV said she last "
      "saw Tyler-Jay on 20/01 and his weight has dropped from the 25th to the 9th centile. HV "
      "agreed a joint visit so that we give Kayleigh the same messages.",
      "Joint visit booked for 02/02/22 10am."),
    C("E04", "2022-02-02", "10:00", "Joint Visit", PN,
      "Joint home visit with HV Jo Marsh. Some improvement - hallway cleared and dog now kept in the "
      "yard. Tyler-Jay weighed by HV. Kayleigh asked a lot of questions about what Dean's release "
      "means for her and whether 'social services will take the baby'. I explained the pre-birth "
      "assessment in simple terms and checked her understanding by asking her to tell it back to me.",
      "Easy-read leaflet on pre-birth assessment to be sent. Referral to LD advocacy (Ashcombe Voice)."),
    C("E05", "2022-02-11", "09:30", "Email", PN,
      "Email received from Rachel Ibbotson, probation offender manager for Dean Voss, asking whether "
      "Children's Services have any concerns about Dean living at 14 Tanner's Row. Dean is currently "
      "at Bridge House Approved Premises, Stenford.",
      "To discuss with TM before replying."),
    C("", "2022-02-15", "16:20", "Email", PN,
      "Reply sent to Rachel Ibbotson: CSC do not support Dean living at 14 Tanner's Row until the "
      "pre-birth assessment is complete, given his history of domestic abuse towards a previous "
      "partner (Chantelle Moss) and the concerns about neglect.",
      "Copy to TM."),
    C("", "2022-02-22", "11:00", "Home Visit", PN,
      "Pre-birth assessment session 2 at home. Dean was present and said he only comes round in the "
      "day. He was polite but dismissive, saying 'social services always think the worst of people "
      "like us'. Kayleigh was quieter when Dean was in the room and looked at him before answering. "
      "Home conditions had slipped again - bags of rubbish by the back door.",
      "Discuss with TM - consider strategy if further concerns."),
    C("E06 h23", "2022-03-07", "09:10", "Contact", "MASH - Leanne Hope (Duty SW)",
      "PPN received from police regarding an incident at 14 Tanner's Row on Saturday 05/03/22 at "
      "about 23:40. Kayleigh called 999 because Dean was shouting and would not leave. Tyler-Jay "
      "was asleep upstairs. Dean had gone before police arrived. Dean is not supposed to be at the "
      "address under his licence.",
      "Passed to allocated SW. TM consulted - strategy discussion to be convened."),
    C("E08", "2022-03-08", "12:00", "Email", "MASH - Health Navigator",
      "DA notification (PPN 05/03) shared with health via MASH health notification - sent to HV "
      "Jo Marsh and Orchard Lane Surgery.",
      "None"),
    C("E09 h5", "2022-03-10", "10:00", "Strategy Discussion", "Gareth Lyle (TM)",
      "Strategy discussion held on Teams. Present: Gareth Lyle (TM, chair), Priya Nandra (SW), DS "
      "Reeves (CAIT), Jo Marsh (HV), Fiona Redd (safeguarding midwife). Probation invited but unable "
      "to attend. Discussed the incident on 05/03, ongoing home conditions, Tyler-Jay's weight and "
      "Dean's previous DA history. Agreed threshold met for s47 enquiries (neglect / emotional harm) "
      "for Tyler-Jay and the unborn baby.",
      "S47 joint with police. SW to update probation by email. Visit within 3 working days."),
    C("E10", "2022-03-11", "09:45", "Email", PN,
      "Email to Rachel Ibbotson (OM) with the outcome of yesterday's strategy discussion and the "
      "decision to start s47 enquiries. Asked her to share Dean's licence conditions.",
      "None"),
    C("E11", "2022-03-14", "14:00", "Home Visit", PN,
      "S47 joint visit with DC Mahoney. Kayleigh seen alone in the kitchen. She said Dean 'just "
      "shouts, he's never hit me' and that the police being called was a misunderstanding. Tyler-Jay "
      "seen and spoken to at his level - he has few words. Dog faeces on the kitchen floor again, "
      "very little food in the fridge.",
      "Outcome to TM. Food bank voucher given."),
    C("E12", "2022-03-15", "10:00", "Meeting", PN,
      "Attended MAPPA level 2 meeting for Dean Voss, chaired by Neil Draper (SPO, probation). I "
      "shared the s47 and pre-birth concerns. Probation will not approve Tanner's Row as a licence "
      "address at present.",
      "CSC to receive MAPPA minutes. Review in 3 months."),
    C("", "2022-03-24", "", "Case Note", "Gareth Lyle (TM)",
      "S47 concluded: concerns about neglect substantiated for Tyler-Jay and likely significant harm "
      "to unborn baby. Request ICPC.",
      "ICPC requested for 29/03/22."),
    C("E13 h6", "2022-03-29", "13:30", "Meeting", PN,
      "ICPC chaired by IRO Sunita Bhamra. Kayleigh attended with her advocate from Ashcombe Voice; "
      "Dean attended and left early. Tyler-Jay and the unborn baby made subject to child protection "
      "plans under the category of neglect. Core group to meet within 10 working days.",
      "CP plans. First core group 12/04/22."),
    C("E14", "2022-04-12", "10:00", "Meeting", PN,
      "First core group at Rushbrook Family Centre. Present: Kayleigh, her advocate, HV, SW. Dean did "
      "not attend. Agreed the written plan - home conditions checklist, HV weekly weighing for "
      "Tyler-Jay, Kayleigh to engage with the Vale Recovery cannabis service.",
      "Next core group 10/05/22."),
    C("h7", "2022-04-20", "15:30", "Home Visit", PN,
      "Unannounced visit. Kayleigh answered after several minutes; she had been asleep. Tyler-Jay in "
      "his cot with a bottle of squash. Strong smell of cannabis in the lounge. Kayleigh denied "
      "smoking in the house and said a friend had been round.",
      "Raise at core group. Reminder of CP plan given in writing."),
    C("E15", "2022-05-06", "11:00", "Meeting", PN,
      "Professionals meeting re housing and Dean's licence address. Present: SW, Rachel Ibbotson (OM), "
      "Lisa Carney (Vale Homes housing officer). Vale Homes confirmed rent arrears of about £640 and "
      "a disrepair claim (damp in the back bedroom). Probation will not approve Tanner's Row while "
      "the children are on CP plans.",
      "Housing to look at a transfer. OM to keep Dean at the AP."),
    C("E16", "2022-05-10", "10:00", "Meeting", PN,
      "Core group 2. Present: Kayleigh, HV, community midwife Amy Lowther, SW. Some progress with "
      "the home checklist. Kayleigh has not attended Vale Recovery. Birth plan discussed.",
      "Pre-birth planning meeting at RGH 18/05."),
    C("E17", "2022-05-18", "14:00", "Meeting", PN,
      "Pre-birth planning meeting at RGH with Fiona Redd (safeguarding midwife), HV, Rachel Ibbotson "
      "(OM) and Kayleigh. Agreed the baby can go home with Kayleigh on a CP plan, Dean not to stay "
      "overnight on the ward, ward to phone SW at birth.",
      "Birth plan circulated 19/05."),
    C("E18 h26", "2022-06-28", "10:05", "Phone", PN,
      "Call from Fiona Redd: Kayleigh gave birth to a baby girl, Ruby, at 04:52 this morning. Both "
      "well. Dean visited in the night and was asked to leave the ward at 02:00 because he was "
      "arguing with staff.",
      "Discharge planning meeting on ward tomorrow 11:30."),
    C("E19", "2022-06-29", "11:30", "Meeting", PN,
      "Discharge planning meeting on Ward 12 (maternity). Present: Fiona Redd, ward midwife, SW, HV by "
      "phone, Kayleigh. Ruby feeding well (formula). Plan: discharge home tomorrow, community midwife "
      "visits, HV new birth visit within 10 days, SW visit within a week.",
      "Ruby to be added to CP plan at RCPC 05/07."),
    C("E21", "2022-07-05", "10:00", "Meeting", PN,
      "RCPC chaired by IRO Sunita Bhamra. Ruby added to the plan. Tyler-Jay's weight has improved. "
      "Concerns remain around cannabis and Dean's presence at the house. Plans continue under neglect.",
      "Next RCPC 04/10/22."),
    C("h10", "2022-07-08", "16:00", "Home Visit", PN,
      "Home visit. Ruby 10 days old, asleep in Moses basket. Kayleigh managing feeds with a chart the "
      "midwife gave her. Sandra staying for a week to help. House the tidiest I have seen it.",
      "Continue weekly visits."),
    C("E22", "2022-08-03", "09:20", "Contact", "MASH - Leanne Hope (Duty SW)",
      "PPN received re police attendance at 14 Tanner's Row in the early hours of 02/08. Neighbour "
      "reported shouting and a baby screaming. Dean believed to have left by the back garden. No "
      "injuries to the children.",
      "Passed to allocated SW same day."),
    C("h11", "2022-08-03", "14:00", "Home Visit", PN,
      "Unannounced visit following the PPN. Kayleigh tearful, said she and Dean argued about money "
      "because he has been 'borrowing' her benefits. Both children seen. Ruby has a red nappy rash. "
      "Kayleigh accepted a referral to the IDVA service.",
      "IDVA referral. Discuss MARAC with police."),
    C("h12", "2022-08-04", "12:40", "Phone", PN,
      "Kayleigh phoned the duty line asking for help with gas and electric - she has £3 on the meter "
      "and no formula left. Arranged emergency payment (s17) and a food bank parcel.",
      "s17 £40 authorised by TM."),
    C("E24 h13", "2022-08-25", "10:00", "Meeting", PN,
      "MARAC held (virtual). Kayleigh discussed as victim. Actions for CSC: share CP plan with IDVA, "
      "update MARAC on any further incidents. Police to flag the address.",
      "Actions noted."),
    C("E25", "2022-09-06", "10:00", "Meeting", PN,
      "Core group. Vale Homes have served notice on Tanner's Row because of arrears; family will be "
      "moved to temporary accommodation next week. Kayleigh engaging with IDVA.",
      "Inform partners of the move."),
    C("E26", "2022-09-13", "16:45", "Email", PN,
      "Email to HV Jo Marsh: family moved today to temporary accommodation at Flat 7, Wharfside House, "
      "Stenford. Flat is on the 2nd floor, no lift. Kayleigh given keys by Vale Homes this afternoon.",
      "None"),
    C("E27", "2022-09-22", "11:00", "Joint Visit", PN,
      "Joint visit with OM Rachel Ibbotson to Flat 7 Wharfside House. Dean was there, said he was "
      "'just dropping off nappies'. OM reminded Dean of his licence conditions. Flat sparse but "
      "clean; cot set up for Ruby.",
      "OM to record on nDelius."),
    C("E28", "2022-10-04", "10:00", "Meeting", PN,
      "RCPC 2 chaired by IRO Sunita Bhamra. Home conditions improved and sustained, Kayleigh working "
      "with IDVA and Vale Recovery. Plans ended - stepped down to Child in Need. Dissent recorded "
      "from HV who was worried about the move to TA.",
      "CIN plan. Transfer to CIN team."),
    C("", "2022-10-10", "", "Case Note", "Gareth Lyle (TM)",
      "Case transferred from Priya Nandra to Tom Aske, CIN team. Handover visit done on 07/10.",
      "None"),
    C("E30", "2022-11-01", "10:00", "Meeting", TA,
      "CIN meeting 1 at Stenford Children's Centre. Kayleigh, HV, OM (by phone), SW. Ruby 4 months, "
      "thriving. Tyler-Jay has started at Little Acorns nursery 2 mornings a week (funded place).",
      "Next CIN 13/12/22."),
    C("h15", "2022-11-20", "21:00", "EDT", "Martin Crewe (EDT SW)",
      "EDT: call from Sandra Brennan (maternal grandmother). She has not been able to reach Kayleigh "
      "for two days and is worried about the children. Advised her to call the police for a welfare "
      "check as EDT cannot attend.",
      "Police to be asked to do welfare check."),
    C("E31", "2022-11-20", "22:30", "EDT", "Martin Crewe (EDT SW)",
      "EDT: PC Holt phoned from Flat 7 Wharfside House. Kayleigh and both children safe. No power - "
      "meter empty - and the flat is very cold. Kayleigh's phone was out of charge. Police have "
      "arranged for Sandra to collect them overnight.",
      "Pass to day team for follow-up visit."),
    C("h16", "2022-11-21", "11:30", "Home Visit", TA,
      "Visit to Sandra's house (9 Cobbett Close) following the EDT contact. Kayleigh embarrassed, "
      "said her money 'went on other things'. Arranged emergency top-up and referral to Citizens "
      "Advice for debt. Children seen, both warm and dressed.",
      "Discuss at CIN - budgeting support."),
    C("E32", "2022-12-13", "10:00", "Meeting", TA,
      "CIN meeting 2. Electricity now on a key with help from Citizens Advice. Dean still visiting "
      "most days. HV concerned Ruby has dropped a centile.",
      "Next CIN 24/01/23."),
    C("E33", "2023-01-24", "10:00", "Meeting", TA,
      "CIN meeting 3. Kayleigh reports she and Dean are 'back together properly'. OM confirmed Dean is "
      "compliant with licence. HV could not complete Ruby's 6-8 month review (no access 17/01).",
      "HV to rebook review. Next CIN 07/03."),
    C("", "2023-02-02", "14:10", "Phone", TA,
      "Call from Lisa Carney, Vale Homes: Kayleigh has been offered and has accepted a permanent "
      "tenancy at Flat 3, 22 Mill Street, Stenford. Moving 06/02.",
      "Update partners at CIN."),
    C("E35", "2023-03-07", "10:00", "Meeting", TA,
      "CIN meeting 4. Family settled at Mill Street. Kayleigh mentioned Ruby had a bruise on her arm "
      "last month which the GP saw. No other concerns raised. Plan to close at next review if "
      "progress maintained.",
      "Next CIN 18/04/23."),
    C("", "2023-03-20", "", "Case Note", "Gareth Lyle (TM)",
      "Supervision: agreed to close CIN at 18/04 review if no new concerns. SW to complete closure "
      "summary.",
      "None"),
    C("E36", "2023-04-11", "22:55", "EDT", "Martin Crewe (EDT SW)",
      "EDT: call from Dr Ncube, ED registrar at RGH. Ruby (9 months) brought in by both parents at "
      "about 21:45, drowsy, bruising to left side of face. CT shows a skull fracture and a small bleed. "
      "Parents say she rolled off the sofa at teatime. Doctors not satisfied with the explanation.",
      "Ruby to stay in hospital. Police informed by ED. Day team strategy discussion 09:30."),
    C("E38 h20", "2023-04-12", "09:30", "Strategy Discussion", "Gareth Lyle (TM)",
      "Strategy discussion (Teams). Present: Gareth Lyle (chair), Tom Aske (SW), DC Mahoney (CAIT), "
      "Dr S Varma (consultant paediatrician), Jo Marsh (HV). Agreed s47 and police investigation. "
      "Ruby to remain on the ward; skeletal survey today. Tyler-Jay to stay with Sandra under a "
      "safety plan.",
      "Joint visit to Tyler-Jay with police. Legal gateway to be booked."),
    C("E40 h21", "2023-04-13", "10:40", "Phone", TA,
      "Dr Varma phoned: skeletal survey shows two healing posterior rib fractures, estimated 2-4 "
      "weeks old, in addition to the skull fracture. This is highly suggestive of non-accidental "
      "injury.",
      "TM informed. Police informed by Dr Varma."),
    C("", "2023-04-13", "18:00", "Case Note", TA,
      "Tyler-Jay placed with maternal grandmother Sandra Brennan under section 20 with Kayleigh's "
      "signed consent. Kayleigh's bail conditions prevent unsupervised contact with the children.",
      "Reg 24 assessment of Sandra to start."),
    C("err", "2023-04-13", "unknown", "Phone", TA, "", ""),
    C("E41", "2023-04-14", "11:00", "Joint Visit", TA,
      "Joint visit with DC Mahoney to 9 Cobbett Close. Tyler-Jay seen playing in the garden, no "
      "marks seen. Sandra understands she must not leave the children with Kayleigh or Dean.",
      "Written agreement signed by Sandra."),
    C("", "2023-04-17", "14:00", "Meeting", "Gareth Lyle (TM)",
      "Legal gateway meeting with legal services. Agreed to issue care proceedings for Ruby and "
      "Tyler-Jay and seek an interim care order for Ruby.",
      "ICO hearing 20/04/23."),
    C("E43", "2023-04-21", "12:15", "Case Note", TA,
      "Ruby discharged from RGH to foster carers (Mr and Mrs Okoro) under the interim care order "
      "made yesterday. I collected her from the ward with the foster carer.",
      "Placement plan meeting within 5 days."),
    C("E44", "2023-04-26", "10:00", "Meeting", TA,
      "ICPC for Tyler-Jay chaired by IRO Sunita Bhamra. Tyler-Jay subject to a CP plan (physical "
      "abuse - risk). Police, HV, GP and OM contributed. Dean recalled to prison on 18/04.",
      "Core group 16/05/23."),
    C("E45", "2023-05-16", "10:00", "Meeting", TA,
      "Core group at Sandra's house. Tyler-Jay settled, sleeping well. Sandra tired but managing. "
      "Kayleigh having supervised contact at the family centre twice a week.",
      "Next core group 13/06/23."),
]


# ---------------------------------------------------------------------------
# 3. HEALTH VISITING (0-19) - SystmOne-style journal, xlsx with a two-row merged header
# ---------------------------------------------------------------------------
HV_FILE = "hv_0-19_systmone_journal.xlsx"
# row 1: Event (A-B) | Contact (C-D) | Staff (E, merged down) | Record (F-G)
# row 2: Date | Time | Type | Location | (Staff) | Summary | Details
HV_HEAD2 = ["Date", "Time", "Type", "Location", None, "Summary", "Details"]


def H(lab, date, time, typ, loc, summary, details, staff="Jo Marsh (HV)", rd=None):
    return R(lab, date, time, {"Type": typ, "Location": loc, "Staff": staff,
                               "Summary": summary, "Details": details}, rd)


HV = [
    H("h2", "2022-01-20", "09:45", "Home visit", "Client's home", "Targeted visit - weight TJ",
      "Tyler-Jay 16/12 weighed: 9.1kg (dropped 25th to 9th centile). Diet mainly crisps and "
      "yoghurts per mum. Mum 17/40 pregnant, tired. Home cluttered, dog in house. Advice re finger "
      "foods and a mealtime routine given. Review 4/52."),
    H("E03", "2022-01-24", "10:15", "Telephone", "Office", "Call from SW",
      "Tel call from SW Priya Nandra (Rushbrook Assessment Team). Pre-birth assessment started. "
      "Shared TJ weight concern. Agreed JV 2/2 10:00."),
    H("E04", "2022-02-02", "10:00", "Home visit", "Client's home", "Joint visit with SW",
      "JV with SW. TJ weighed 9.2kg. Hallway clearer. Mum asking about partner's release - "
      "anxious. Discussed safe sleep for new baby and smoking/cannabis. Mum receptive but needs "
      "info repeated."),
    H("E08 h4", "2022-03-08", "--", "Letter/Email", "Office", "MASH DA notification",
      "MASH health notification received: DA incident 05/03 at home, partner Dean Voss, verbal, "
      "TJ present (asleep). Standard risk. Added to record, DA alert set."),
    H("h4", "2022-03-09", "11:20", "Telephone", "Office", "Call to mum",
      "Tel to mum re DA notification. Mum says 'it was nothing, he was just loud'. Safety planning "
      "discussed, mum has IDVA number. Booked HV visit for TJ dev review 16/3."),
    H("E09", "2022-03-10", "10:00", "Meeting", "MS Teams", "Strategy discussion",
      "Attended strategy discussion (Teams). HV shared weight/growth and home conditions. Outcome "
      "s47. HV to contribute to ICPC report."),
    H("c2", "2022-03-16", "13:30", "Home visit", "Client's home", "18/12 dev review",
      "18 month review ASQ-3: communication and personal-social below cut off. TJ has approx 5 "
      "words. Referral to SALT. Home cluttered but kitchen cleaner. Mum engaged."),
    H("c2", "2022-03-16", "13:30", "Home visit", "Client's home", "18/12 dev review",
      "18 month review ASQ-3: communication and personal-social below cut off. TJ has approx 5 "
      "words. Referral to SALT. Home cluttered but kitchen cleaner. Mum engaged. "),
    H("E13", "2022-03-29", "13:30", "Meeting", "Civic Centre, Rushbrook", "ICPC",
      "ICPC attended. TJ + unborn CP plans, category neglect. HV actions: weekly weights for TJ, "
      "antenatal contact, support with home routines."),
    H("E14 h8", "2022-04-12", "10:00", "Meeting", "Rushbrook Family Centre", "Core group",
      "Core group 1. Plan agreed. HV to weigh TJ weekly and do antenatal contact by 28/4.",
      rd="12 .4.22"),
    H("h7", "2022-04-20", "10:30", "Home visit", "Client's home", "Antenatal contact",
      "Antenatal contact 30/40. Discussed feeding choices (mum plans formula), safe sleep, coping "
      "with a newborn and a toddler. Partner not present. TJ 9.6kg - improving."),
    H("E16 h8", "2022-05-10", "10:00", "Meeting", "Rushbrook Family Centre", "Core group",
      "Core group 2. TJ gaining weight. Mum not engaging with Vale Recovery. Birth plan to be agreed "
      "at RGH."),
    H("E17", "2022-05-18", "14:00", "Meeting", "RGH Maternity", "Pre-birth planning mtg",
      "Pre-birth planning meeting at RGH. Baby to go home with mum on CP plan. HV new birth visit "
      "within 10-14 days of birth."),
    H("E19", "2022-06-29", "11:30", "Telephone", "Office", "Discharge planning mtg",
      "Joined ward discharge planning meeting by phone. Baby Ruby born 28/6, formula feeding. "
      "Discharge planned 30/6."),
    H("E20", "2022-07-01", "08:40", "Letter/Email", "Office", "Discharge notification",
      "Maternity discharge notification received from RGH: Ruby discharged home 30/6 with mum. "
      "Added to caseload, NBV booked 7/7."),
    H("E21", "2022-07-05", "10:00", "Meeting", "Civic Centre, Rushbrook", "RCPC",
      "RCPC attended. Ruby added to CP plan. HV report: TJ weight now 25th centile."),
    H("h10", "2022-07-07", "13:00", "Home visit", "Client's home", "New birth visit",
      "NBV. Ruby 9 days, wt 3.2kg, feeding 90ml 3 hourly. Cord off. Safe sleep discussed - Moses "
      "basket seen. Maternal mood: EPDS 9. MGM staying to help."),
    H("h12", "2022-08-04", "09:50", "Telephone", "Office", "Call from mum",
      "Mum phoned - no money for formula until Monday. Referred to Stenford food bank and advised "
      "to call SW duty line for emergency help."),
    H("h13", "2022-08-24", "", "Letter/Email", "Office", "MARAC agenda",
      "Email from MARAC coordinator with agenda for 25/8. Research form completed and returned."),
    H("E24", "2022-08-25", "10:00", "Meeting", "MS Teams", "MARAC",
      "MARAC attended for health. Actions: HV to see mum alone at next contact, share DA safety "
      "plan."),
    H("E25", "2022-09-06", "10:00", "Meeting", "Rushbrook Family Centre", "Core group",
      "Core group. Family to move to TA next week. HV concerns re moving a baby to a 2nd floor flat "
      "with no lift."),
    H("E26", "2022-09-14", "09:05", "Letter/Email", "Office", "Change of address",
      "Email from SW yesterday 16:45: family moved to Flat 7 Wharfside House, Stenford. Record "
      "updated, transferred to Stenford HV team geography (JM to keep case)."),
    H("E28", "2022-10-04", "10:00", "Meeting", "Civic Centre, Rushbrook", "RCPC 2",
      "RCPC 2. Plans ended, step down to CIN. HV dissent recorded - concerned re TA move and "
      "partner's presence."),
    H("E29 h14", "2022-10-12", "--", "Letter/Email", "Office", "PLN",
      "Paediatric liaison notice: Ruby attended RGH ED 11/10 at 19:40 with cough and "
      "wheeze - bronchiolitis, discharged home. No safeguarding concerns noted by ED."),
    H("", "2022-10-13", "15:00", "Telephone", "Office", "Post-ED call",
      "Tel to mum after ED attendance. Ruby feeding better, no wheeze now. Advice re when to seek "
      "help given."),
    H("E30", "2022-11-01", "10:00", "Meeting", "Stenford Children's Centre", "CIN meeting",
      "CIN meeting 1. Ruby 4/12 thriving on centile. TJ started nursery."),
    H("", "2022-11-22", "10:00", "Home visit", "Client's home", "Targeted visit",
      "Visit after police welfare check 20/11. Power now on. Flat warm. Ruby wt 6.4kg. Mum low, "
      "EPDS 14 - advised to see GP."),
    H("E32", "2022-12-13", "10:00", "Meeting", "Stenford Children's Centre", "CIN meeting",
      "CIN 2. HV raised Ruby dropping from 50th to 25th centile. Feeding plan agreed."),
    H("", "2023-01-17", "11:00", "Home visit", "Client's home", "6-8 month review - NA",
      "No access for 6-8 month review. Card left. Mum texted later - 'forgot'."),
    H("E33", "2023-01-24", "10:00", "Meeting", "Stenford Children's Centre", "CIN meeting",
      "CIN 3. HV reported NA 17/1. Review rebooked."),
    H("h18", "2023-02-22", "13:15", "Home visit", "Client's home", "6-8 month review",
      "6-8/12 review (rebooked). Ruby 7/12 sitting with support, not crawling. Faint yellow bruise "
      "L forearm - mum says caught it on the cot bars, seen by GP yesterday. Home at Mill Street "
      "sparse but clean."),
    H("E35", "2023-03-07", "10:00", "Meeting", "Stenford Children's Centre", "CIN meeting",
      "CIN 4. Development on track. Plan to close discussed - HV agreed."),
    H("E38", "2023-04-12", "09:30", "Meeting", "MS Teams", "Strategy discussion",
      "Strategy discussion - Ruby admitted RGH 11/4 with skull fracture. HV shared chronology of "
      "contacts inc bruise seen 22/2. S47."),
    H("h24", "2023-04-25", "", "Letter/Email", "Office", "ICPC report",
      "ICPC report for TJ submitted to CP conference team by email."),
    H("E44 h24", "2023-04-26", "10:00", "Meeting", "Civic Centre, Rushbrook", "ICPC",
      "ICPC attended for TJ. CP plan - physical abuse. HV to visit TJ at MGM's fortnightly."),
    H("", "2023-05-09", "14:00", "Home visit", "MGM home, 9 Cobbett Close", "Visit TJ at MGM",
      "TJ seen at grandmother's. Settled, eating well, wt 13.1kg. SALT appt sent to new address."),
    H("E45", "2023-05-16", "10:00", "Meeting", "MGM home, 9 Cobbett Close", "Core group",
      "Core group at MGM's home. TJ settled. HV fortnightly visits to continue."),
]


# ---------------------------------------------------------------------------
# 4. GP - EMIS-style consultation export, CSV, comma, Windows-1252, date+time in one cell
# ---------------------------------------------------------------------------
GP_FILE = "gp_emis_consultations.csv"
GP_HEAD = ["Consultation Date", "Patient", "Clinician", "Consultation Type", "Problem", "Entry"]


def G(lab, date, time, patient, clin, typ, problem, entry, rd=None):
    return R(lab, date, time, {"Patient": patient, "Clinician": clin, "Consultation Type": typ,
                               "Problem": problem, "Entry": entry}, rd)


K = "Kayleigh BRENNAN"
T = "Tyler-Jay BRENNAN"
RB = "Ruby BRENNAN-VOSS"
GP = [
    G("E02 h25", "2022-01-12", "11:05", K, "Dr P Whitlam", "Telephone", "Safeguarding",
      "Tel call from MASH SW re pt’s pregnancy + partner due out of prison. Shared: mild LD, "
      "low mood (sertraline 2020–21), TJ imms UTD. No known DA. Consent basis: safeguarding."),
    G("h25", "2022-01-12", "", K, "Admin - J Pike", "Letter", "Antenatal",
      "Letter RGH antenatal clinic: booked 10/01/22, EDD 30/06/22. Midwife notes LD + cannabis "
      "use; safeguarding referral made by MW. Filed & coded."),
    G("", "2022-01-19", "09:20", K, "Dr A Okafor", "Face to face", "Low mood",
      "c/o low mood + nausea. 17/40. Not sleeping. PHQ-9 14. No SH/SI. Lives w/ son, partner in "
      "prison. Plan: restart sertraline 50mg (discussed with MW), review 4/52."),
    G("E08", "2022-03-09", "", K, "Admin - J Pike", "Admin", "Domestic abuse",
      "MASH notification rec’d – DA incident 05/03/22, partner (Dean Voss), verbal. Coded "
      "‘Domestic abuse’ + alert to all family members."),
    G("", "2022-03-17", "10:40", T, "Dr A Okafor", "Face to face", "Cough",
      "Cough 5/7, coryzal. T 37.8°C, chest clear, sats 98%. Wt not done. Viral URTI. Safety "
      "netting advice. Mum seemed flat."),
    G("h6", "2022-03-30", "", T, "Admin - J Pike", "Letter", "Child protection",
      "ICPC outcome letter rec’d: TJ + unborn subject to CP plan (neglect) from 29/03/22. CP "
      "alert added to TJ and mum’s records."),
    G("", "2022-06-01", "11:15", K, "Dr A Okafor", "Telephone", "Low mood",
      "Med review sertraline 50mg. Mood 'a bit better'. 36/40. Cannabis: says stopped. Cont same."),
    G("E20", "2022-07-01", "", K, "Admin - J Pike", "Letter", "Postnatal",
      "Maternity discharge summary RGH: SVD 28/06/22, female 3.1kg, formula fed. D/c home 30/06 "
      "on CP plan. Baby registered."),
    G("", "2022-08-09", "10:00", RB, "Dr P Whitlam", "Face to face", "6-8 wk check",
      "6–8 wk baby check: wt 4.6kg, hips NAD, red reflex present, testes n/a, heart sounds normal. "
      "Skin – mild nappy rash, barrier cream. Imms booked."),
    G("", "2022-08-09", "10:15", K, "Dr P Whitlam", "Face to face", "Postnatal",
      "PN check: lochia settled, mood low-ish, EPDS 11. Contraception declined today. On CP plan "
      "– SW involved."),
    G("", "2022-09-20", "", K, "Admin - J Pike", "Admin", "Change of address",
      "Change of address: TA Flat 7 Wharfside House, Stenford. Remains registered (in area)."),
    G("E29", "2022-10-13", "", RB, "Admin - J Pike", "Letter", "Bronchiolitis",
      "PLN from RGH ED: attended 11/10/22 – bronchiolitis, d/c home. No s/g concerns per ED."),
    G("c5", "2022-12-07", "16:30", K, "N Fry (Practice Nurse)", "Face to face", "Contraception",
      "Depo-Provera 150mg IM L glute. Next due 01/03/23. Pt stressed re money, partner ‘in and out’."),
    G("c5", "2022-12-07", "16:30", K, "N Fry (Practice Nurse)", "Face to face", "Contraception",
      "Depo-Provera 150mg IM L glute. Next due 01/03/23. Pt stressed re money, partner ‘in and out’. "),
    G("", "2023-01-31", "09:50", K, "Dr A Okafor", "Telephone", "Anxiety",
      "Anxiety, poor sleep. Says partner now living with her. No DA disclosed when asked. Sertraline "
      "increased to 100mg."),
    G("h18", "2023-02-21", "10:20", RB, "Dr A Okafor", "Face to face", "Bruise",
      "Mum concerned re bruise L forearm 2cm, 2/7. Says caught arm in cot bars. Ruby 7/12, not "
      "mobile. Otherwise well, playful. Advised observe.", rd="21--Feb-2023 10:20"),
    G("", "2023-04-13", "", RB, "Admin - J Pike", "Admin", "Head injury",
      "Notification from RGH safeguarding team: admitted 11/04/23 with skull # and subdural – "
      "NAI suspected. Police + CSC involved. Alert added."),
    G("E44", "2023-04-26", "10:00", T, "Dr P Whitlam", "Meeting", "Child protection",
      "ICPC attended via Teams (TJ). CP plan – physical abuse (risk). GP report submitted 24/04. "
      "Significant event review re bruise 21/02 to be done."),
    G("", "2023-05-03", "", T, "Admin - J Pike", "Admin", "Registration",
      "Address updated to MGM (9 Cobbett Close, Rushbrook) – temp. Carer: Sandra Brennan."),
]


# ---------------------------------------------------------------------------
# 5. ACUTE HOSPITAL - RGH maternity / paediatric safeguarding log, TAB delimited, UTF-8
# ---------------------------------------------------------------------------
RGH_FILE = "rgh_safeguarding_team_log.csv"
RGH_HEAD = ["Author", "Area", "Entry Date", "Time", "Contact Method", "Summary of contact",
            "Actions / Plan"]


def A(lab, date, time, author, area, method, summary, plan, rd=None):
    return R(lab, date, time, {"Author": author, "Area": area, "Contact Method": method,
                               "Summary of contact": summary, "Actions / Plan": plan}, rd)


FR = "F Redd, Safeguarding Midwife"
RGH = [
    A("", "2022-01-10", "10:15", "A Lowther, Community Midwife", "Maternity", "Face to face",
      "Booking appointment. G2 P1, 16+2 weeks by dates. Mild learning disability (attended special "
      "school). Smokes cannabis daily, 5 cigarettes. Partner Dean Voss in prison, release Feb. Son "
      "Tyler-Jay aged 16 months.",
      "Discussed with safeguarding midwife. Safeguarding referral to be made today."),
    A("E01 h1", "2022-01-10", "14:20", FR, "Safeguarding", "Online form",
      "Safeguarding referral to MASH completed (online portal) re unborn baby of Kayleigh Brennan: LD, "
      "cannabis use, partner on release from prison with DA history (per Kayleigh).",
      "Flag on maternity record. Await MASH outcome."),
    A("", "2022-02-28", "unknown", "Antenatal Clinic", "Maternity", "Clinic",
      "Did not attend anomaly scan / antenatal clinic appointment.",
      "Safeguarding midwife to contact."),
    A("", "2022-03-03", "11:00", FR, "Safeguarding", "Phone",
      "Phoned Kayleigh re missed scan - she said she had no money for the bus. Rebooked for "
      "07/03 and hospital travel costs explained.",
      "Inform SW of DNA."),
    A("E09", "2022-03-10", "10:00", FR, "Safeguarding", "Meeting",
      "Strategy discussion (Teams) - shared booking info, missed scan. S47 agreed.",
      "Midwife to contribute to ICPC."),
    A("E13", "2022-03-29", "13:30", FR, "Safeguarding", "Meeting",
      "ICPC - unborn and Tyler-Jay on CP plans, neglect. Birth plan to be agreed at pre-birth "
      "planning meeting.",
      "Add CP alert to maternity notes."),
    A("", "2022-04-14", "09:40", "A Lowther, Community Midwife", "Maternity", "Clinic",
      "Antenatal 28/40. Dean attended with Kayleigh, answered most questions for her. BP normal, "
      "growth on track. Cannabis - 'cut down'.",
      "Observe for coercive control - inform SW."),
    A("err", None, "11:00", FR, "Safeguarding", "Meeting",
      "Safeguarding supervision - case discussed, plan reviewed.",
      "None", rd="2022-04-31"),
    A("E16", "2022-05-10", "10:00", "A Lowther, Community Midwife", "Maternity", "Meeting",
      "Core group attended. Kayleigh 31/40. Birth plan to be finalised 18/05.",
      "None"),
    A("E17", "2022-05-18", "14:00", FR, "Safeguarding", "Meeting",
      "Pre-birth planning meeting held in maternity. Baby to be discharged home to mother on CP plan. "
      "Ward to phone SW on delivery. Father not to stay overnight.",
      "Birth plan on maternity record."),
    A("", "2022-06-27", "22:10", "Delivery Suite", "Maternity", "Face to face",
      "Admitted to delivery suite in established labour, 39+6. Partner present.",
      "Safeguarding plan on notes."),
    A("h26", "2022-06-28", "04:52", "Delivery Suite", "Maternity", "Face to face",
      "SVD of live female, 3.1kg, Apgars 9/10. Partner asked to leave ward 02:00 after arguing with "
      "staff.",
      "Postnatal ward. Inform safeguarding midwife."),
    A("E18", "2022-06-28", "09:30", FR, "Safeguarding", "Phone",
      "Phoned allocated SW Priya Nandra to inform of birth of baby girl (Ruby) at 04:52, and of "
      "father's behaviour on the ward overnight.",
      "Discharge planning meeting tomorrow 11:30."),
    A("E19 h27", "2022-06-29", "11:30", FR, "Safeguarding", "Meeting",
      "Discharge planning meeting on Ward 12 - SW, HV (phone), mum. Agreed discharge home tomorrow "
      "with community midwife visits.",
      "Discharge 30/06."),
    A("E20 h27", "2022-06-30", "15:00", "Ward 12", "Maternity", "Face to face",
      "Mother and baby discharged home. Discharge notification sent electronically to HV and GP.",
      "Community midwife visit 01/07."),
    A("", "2022-07-03", "10:30", "A Lowther, Community Midwife", "Maternity", "Home visit",
      "Day 5 postnatal visit. Baby wt 3.0kg (3% loss). Mum coping with formula, MGM staying.",
      "Discharge from midwife care day 10."),
    A("h14", "2022-10-11", "19:40", "ED triage", "ED", "Face to face",
      "Ruby (3 months) brought by mother with cough and wheeze for 2 days. Diagnosed bronchiolitis, "
      "sats 96%, feeding 60%. Discharged home with advice.",
      "PLN to HV and GP."),
    A("E29", "2022-10-12", "", "H Petit, Paediatric Liaison", "Paediatrics", "Email",
      "Paediatric liaison notice sent to HV and GP re ED attendance 11/10 (bronchiolitis).",
      "None"),
    A("h19", "2023-04-11", "21:47", "ED triage", "ED", "Face to face",
      "Ruby (9 months) brought in by mother and father. Drowsy, bruising L cheek and temple. Parents "
      "report fall from sofa at ~18:00. CT head: L parietal skull fracture with small subdural.",
      "Admit paeds. Safeguarding procedures."),
    A("E36", "2023-04-11", "22:50", "Dr L Ncube, ED Registrar", "ED", "Phone",
      "Phoned EDT - explained injuries and delay in presenting (about 4 hours). EDT to pass to day "
      "team.",
      "Police to be informed."),
    A("E37", "2023-04-11", "23:05", "Dr L Ncube, ED Registrar", "ED", "Phone",
      "Police informed (101 / CAIT) - suspected NAI.",
      "Parents not to be alone with Ruby."),
    A("E38", "2023-04-12", "09:30", "Dr S Varma, Consultant Paediatrician", "Paediatrics",
      "Meeting",
      "Strategy discussion. Medical opinion: injury not consistent with a fall from a sofa. Skeletal "
      "survey and ophthalmology today.",
      "Child protection medical completed."),
    A("h21", "2023-04-13", "09:15", "Radiology", "Paediatrics", "Report",
      "Skeletal survey reported: healing fractures of posterior L 6th and 7th ribs, 2-4 weeks old. "
      "No other fractures.",
      "To paediatric consultant."),
    A("E40", "2023-04-13", "10:40", "Dr S Varma, Consultant Paediatrician", "Paediatrics", "Phone",
      "Phoned SW Tom Aske with skeletal survey result. Also informed DC Mahoney.",
      "Written report to follow."),
    A("E43", "2023-04-21", "12:00", "H Petit, Paediatric Liaison", "Paediatrics", "Face to face",
      "Ruby discharged from ward to foster carer under ICO, collected by SW with foster carer.",
      "Follow-up fracture clinic 2/52."),
]


# ---------------------------------------------------------------------------
# 6. PROBATION - nDelius-style contact log, DOCX table
# ---------------------------------------------------------------------------
PROB_FILE = "probation_ndelius_contact_log.docx"
PROB_HEAD = ["Date", "Contact", "Time", "Details of event", "Outcome", "Recorded by"]


def N(lab, date, time, contact, details, outcome, by="R Ibbotson (PO)", rd=None):
    return R(lab, date, time, {"Contact": contact, "Details of event": details,
                               "Outcome": outcome, "Recorded by": by}, rd)


PROB = [
    N("h3", "2022-02-07", "14:00", "Office",
      "Initial appointment on day of release from HMP Ferndale. Licence conditions read and signed, "
      "incl. reside at Bridge House AP, not to have contact with C. Moss, disclose relationships. "
      "Dean disclosed relationship with Kayleigh Brennan (pregnant).",
      "Attended - complied"),
    N("E05", "2022-02-10", "16:10", "Email",
      "Child safeguarding enquiry emailed to CSC re Kayleigh Brennan's address (14 Tanner's Row) - "
      "Dean requesting to move there.",
      "Awaiting response"),
    N("", "2022-02-14", "11:00", "Home Visit",
      "Address check at 14 Tanner's Row. Kayleigh and son present. Small 2-bed house, untidy. "
      "Kayleigh keen for Dean to move in.",
      "Address not approved pending CSC view"),
    N("", "2022-02-17", "10:00", "Office",
      "Supervision. Dean angry that CSC do not support the move. Discussed consequences of breaching "
      "residence condition. OASys RoSH: medium to known adult / children.",
      "Attended - complied"),
    N("E07 h23", "2022-03-07", "11:30", "Phone",
      "Call from police DA officer (PC Okonjo) - police called to Tanner's Row 05/03 late evening, "
      "Dean shouting, had left before arrival. Not arrested.",
      "Bring supervision forward"),
    N("", "2022-03-08", "?", "Office",
      "Supervision brought forward. Dean admits being at Tanner's Row overnight. Formal warning re "
      "residence condition given.",
      "Attended - warning issued"),
    N("E10 h5", "2022-03-11", "tbc", "Email",
      "Email from SW Priya Nandra: strategy discussion held 10/03, s47 started. Licence conditions "
      "sent back to SW.",
      "Info shared"),
    N("E12", "2022-03-15", "10:00", "Meeting",
      "MAPPA level 2 meeting chaired by SPO N Draper. Police, CSC, AP manager present. Risk "
      "management plan updated - exclusion from Tanner's Row overnight.",
      "MAPPA minutes to follow", by="N Draper (SPO)", rd="15..03.2022"),
    N("E13", "2022-03-29", "13:30", "Meeting",
      "Attended ICPC. Children on CP plans (neglect). OM report on licence compliance shared.",
      "CP plan actions noted"),
    N("E15", "2022-05-06", "11:00", "Meeting",
      "Professionals meeting with SW and Vale Homes. Tanner's Row not approved while children on "
      "plans. Dean to remain at AP.",
      "Plan agreed"),
    N("E17", "2022-05-18", "14:00", "Meeting",
      "Pre-birth planning meeting at RGH. Dean not to stay on ward overnight - I will remind him.",
      "Actions noted"),
    N("h9", "2022-05-25", "10:30", "Office",
      "Supervision. Dean disclosed he was stopped by police yesterday with cannabis, given a "
      "community resolution. Referral to Vale Recovery discussed.",
      "Attended - complied"),
    N("E21", "2022-07-05", "?", "Meeting",
      "Attended RCPC - baby Ruby (born 28/06) added to CP plan. Dean also attended.",
      "Noted"),
    N("E23", "2022-08-03", "09:15", "Email",
      "Email from police (PC Okonjo, sent 02/08) - attendance at Tanner's Row, Dean believed to have "
      "been present overnight.",
      "Enforcement considered"),
    N("E24", "2022-08-25", "10:00", "Meeting",
      "MARAC - Kayleigh as victim, Dean as perpetrator. OM action: review licence conditions and "
      "add non-contact condition if needed.",
      "Licence variation requested"),
    N("E27", "2022-09-22", "11:00", "Home Visit",
      "Joint home visit with SW to Flat 7 Wharfside House. Dean present, said he was dropping off "
      "nappies. Reminded of licence conditions.",
      "Warning given verbally"),
    N("E28", "2022-10-04", "10:00", "Meeting",
      "RCPC 2 - children stepped down to CIN.",
      "Noted"),
    N("E30", "2022-11-01", "tbc", "Phone",
      "CIN meeting (joined by phone). Dean now approved to live with Kayleigh? - not yet, AP move-on "
      "being considered.",
      "Noted"),
    N("c4", "2022-11-08", "14:00", "Office",
      "Failed to attend supervision. No contact from Dean. Warning letter sent.",
      "FTA - unacceptable"),
    N("c4", "2022-11-08", "14:00", "Office",
      "Failed to attend supervision. No contact from Dean. Warning letter sent.",
      "FTA - unacceptable"),
    N("", "2022-11-15", "10:00", "Office",
      "Attended. Said he 'forgot'. Positive drug test (cannabis). Referred to Vale Recovery.",
      "Attended - complied"),
    N("", "2023-01-10", "10:30", "Office",
      "OASys review. RoSH medium to children and known adult. Move-on to Flat 3, 22 Mill Street "
      "approved from Feb with CSC aware.",
      "OASys completed"),
    N("E33", "2023-01-24", "10:00", "Meeting",
      "CIN meeting 3 - Dean compliant, couple back together.",
      "Noted"),
    N("E34", "2023-02-15", "09:40", "Email",
      "Police notification: Dean arrested 14/02 for assault outside The Plough, Stenford. RUI.",
      "Discuss at supervision"),
    N("E39", "2023-04-12", "16:00", "Phone",
      "Call from DC Mahoney (CAIT) - Dean and Kayleigh arrested this afternoon re injuries to Ruby.",
      "Recall to be considered"),
    N("h22", "2023-04-13", "09:00", "Other",
      "Recall request submitted (emergency) - risk of serious harm to children, arrested for GBH.",
      "Recall requested", by="N Draper (SPO)"),
    N("E42", "2023-04-18", "09:00", "Other",
      "Recall executed - Dean arrested by police at his bail address this morning (07:20) and "
      "returned to HMP Ferndale. Licence supervision suspended.",
      "Returned to custody"),
    N("E44", "2023-04-26", "10:00", "Meeting",
      "ICPC for Tyler-Jay - OM report submitted and attended by phone. Dean in custody on recall.",
      "Noted"),
]


# ---------------------------------------------------------------------------
# group metadata (what each label means)
# ---------------------------------------------------------------------------
GROUPS = {
    "E01": ("2022-01-10", "Midwife's safeguarding referral to MASH (sent 10/01, logged by MASH next morning)"),
    "E02": ("2022-01-12", "MASH telephone call to GP practice (both sides of the call)"),
    "E03": ("2022-01-24", "SW telephone call to HV"),
    "E04": ("2022-02-02", "Joint home visit SW + HV"),
    "E05": ("2022-02-10", "Probation OM email to CSC about proposed address (sent 10/02, read 11/02)"),
    "E06": ("2022-03-06", "Police PPN for 05/03 incident (submitted 06/03, received by MASH 07/03)"),
    "E07": ("2022-03-07", "Police DA officer phone call to probation OM (times differ 10:50/11:30)"),
    "E08": ("2022-03-08", "MASH health notification of DA incident to HV and GP (GP logged next day)"),
    "E09": ("2022-03-10", "Strategy discussion (Teams)"),
    "E10": ("2022-03-11", "SW email to OM with strategy outcome"),
    "E11": ("2022-03-14", "s47 joint visit SW + police"),
    "E12": ("2022-03-15", "MAPPA level 2 meeting"),
    "E13": ("2022-03-29", "ICPC (Tyler-Jay and unborn)"),
    "E14": ("2022-04-12", "Core group 1"),
    "E15": ("2022-05-06", "Professionals meeting re housing / licence address"),
    "E16": ("2022-05-10", "Core group 2"),
    "E17": ("2022-05-18", "Pre-birth planning meeting at RGH"),
    "E18": ("2022-06-28", "Safeguarding midwife phone call to SW to report the birth (09:30 vs 10:05)"),
    "E19": ("2022-06-29", "Discharge planning meeting on maternity ward"),
    "E20": ("2022-06-30", "Maternity discharge and discharge notification (sent 30/06, logged by HV and GP 01/07)"),
    "E21": ("2022-07-05", "RCPC 1 (Ruby added)"),
    "E22": ("2022-08-02", "Police PPN for 02/08 incident (submitted 02/08, received 03/08)"),
    "E23": ("2022-08-02", "Police email to probation OM about 02/08 attendance (read 03/08)"),
    "E24": ("2022-08-25", "MARAC"),
    "E25": ("2022-09-06", "Core group (before move to TA)"),
    "E26": ("2022-09-13", "SW email to HV about move to temporary accommodation (read next morning)"),
    "E27": ("2022-09-22", "Joint home visit OM + SW at Wharfside House"),
    "E28": ("2022-10-04", "RCPC 2 - step down to CIN"),
    "E29": ("2022-10-12", "Paediatric liaison notice after ED attendance (sent 12/10, GP logged 13/10)"),
    "E30": ("2022-11-01", "CIN meeting 1"),
    "E31": ("2022-11-20", "Police officer's phone call to EDT from the welfare check"),
    "E32": ("2022-12-13", "CIN meeting 2"),
    "E33": ("2023-01-24", "CIN meeting 3"),
    "E34": ("2023-02-15", "Police notification to OM of Dean's arrest on 14/02"),
    "E35": ("2023-03-07", "CIN meeting 4"),
    "E36": ("2023-04-11", "ED registrar phone call to EDT about Ruby's head injury"),
    "E37": ("2023-04-11", "ED phone call to police reporting suspected NAI"),
    "E38": ("2023-04-12", "Strategy discussion after Ruby's admission"),
    "E39": ("2023-04-12", "DC phone call to probation OM about the arrests (15:10 vs 16:00)"),
    "E40": ("2023-04-13", "Consultant paediatrician phone call to SW with skeletal survey result"),
    "E41": ("2023-04-14", "Joint visit SW + police to Tyler-Jay at grandmother's"),
    "E42": ("2023-04-18", "Dean arrested on recall and returned to custody"),
    "E43": ("2023-04-21", "Ruby discharged from RGH to foster carers"),
    "E44": ("2023-04-26", "ICPC for Tyler-Jay"),
    "E45": ("2023-05-16", "Core group at grandmother's home"),
}

COPIES = {
    "c1": "CSC home visit note 20/01/2022 pasted twice (exact copy)",
    "c2": "HV 18-month review 16/03/2022 pasted twice (copy has a trailing space)",
    "c3": "Police stop-search entry 24/05/2022 entered twice (copy has an extra full stop)",
    "c4": "Probation failed appointment 08/11/2022 entered twice (exact copy)",
    "c5": "GP practice nurse contraception entry 07/12/2022 duplicated (copy has a trailing space)",
}

HARD = {
    "h1": ("Midwife's referral to MASH vs MASH's acknowledgement email to the midwife next day",
           "The acknowledgement is a separate communication sent after the referral was logged; the referral itself is E01."),
    "h2": ("HV weight visit vs SW home visit on the same day (20/01/2022)",
           "Two agencies' separate home visits at different times (09:45 / 14:30); neither mentions the other being present."),
    "h3": ("Probation release-day appointment vs police PNC/ViSOR update next morning",
           "Different events: the offender reporting to probation, and a police records update."),
    "h4": ("HV logs MASH DA notification vs HV phone call to mother next day about it",
           "Receipt of a notice and a later follow-up call are different contacts."),
    "h5": ("Strategy discussion (CSC) vs OM reading the SW's email about its outcome next day",
           "An email about a meeting is not the meeting; the email itself is E10."),
    "h6": ("ICPC (CSC) vs GP logging the ICPC outcome letter next day",
           "GP did not attend; the letter is a separate notice (its sender side is not in the CSC file)."),
    "h7": ("HV antenatal contact vs SW unannounced visit, same day 20/04/2022",
           "Separate visits at 10:30 and 15:30."),
    "h8": ("Core group 1 (12/04) vs core group 2 (10/05) in the HV file",
           "Same meeting type, four weeks apart; one of them has a mistyped date."),
    "h9": ("Police stop with cannabis vs probation supervision next day where Dean disclosed it",
           "The incident and a later appointment about it."),
    "h10": ("HV new birth visit (07/07) vs SW home visit (08/07)",
            "Separate visits on consecutive days."),
    "h11": ("Police DA incident 02/08 02:10 vs SW unannounced visit 03/08 following the PPN",
            "Incident and the next day's visit about it."),
    "h12": ("Mother's call to HV vs mother's call to CSC duty line, same day (04/08/2022)",
            "Two calls from a parent to two agencies (HV advised her to ring the duty line)."),
    "h13": ("HV receives MARAC agenda email (24/08) vs the MARAC (25/08, CSC record)",
            "Email about a meeting vs the meeting."),
    "h14": ("ED attendance 11/10 vs HV logging the PLN 12/10",
            "The attendance and the later notice about it (the notice is E29)."),
    "h15": ("Grandmother's call to police vs grandmother's earlier call to EDT, same evening",
            "Two calls from a relative to two agencies (21:00 EDT, 21:15 police)."),
    "h16": ("Police welfare check / call to EDT 20/11 vs SW follow-up visit 21/11",
            "Incident and next day's visit about it."),
    "h17": ("Police DA incident 05/03 23:40 vs the same force's PPN entry 06/03 01:15",
            "One agency's two entries: the attendance and the notification (the PPN is E06)."),
    "h18": ("GP sees Ruby's bruise 21/02/2023 vs HV review 22/02/2023 noting the bruise",
            "Separate contacts on consecutive days; HV only mentions the GP consultation."),
    "h19": ("ED attendance/triage 21:47 vs police log of ED's phone call 23:25",
            "The attendance and a later phone call about it (the call is E37)."),
    "h20": ("Strategy discussion 09:30 vs police arrest of both parents 14:30, same day",
            "Different events on the same day involving the same people."),
    "h21": ("Skeletal survey report (radiology) vs paediatrician's call to SW about it",
            "The result and the phone call passing it on (the call is E40)."),
    "h22": ("Police arrest of parents 12/04 vs probation recall request 13/04",
            "Different events; the recall request is a probation-only action."),
    "h23": ("MASH logs PPN 07/03 vs probation logs police DA officer's call 07/03",
            "Different contacts about the same incident on the same day."),
    "h24": ("HV emails ICPC report (25/04) vs the ICPC (26/04)",
            "A report for a meeting vs the meeting."),
    "h25": ("GP logs MASH phone call vs GP files antenatal booking letter, same day 12/01/2022",
            "One agency's different contacts on one day."),
    "h26": ("Birth of Ruby 04:52 (delivery suite) vs midwife's phone call to SW about it 10:05",
            "The birth and the call reporting it (the call is E18)."),
    "h27": ("Discharge planning meeting 29/06 vs discharge 30/06 (both in RGH log)",
            "A planning meeting and the discharge it planned, on consecutive days."),
}


# ---------------------------------------------------------------------------
# writers
# ---------------------------------------------------------------------------
def hhmm(r, sep=":"):
    return r.tok if r.time is None else r.time.replace(":", sep)


def write_police():
    path = os.path.join(HERE, POL_FILE)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter=";", lineterminator="\r\n")
        w.writerow(POL_HEAD)
        for r in POLICE:
            date = r.raw_date or d(r.date).strftime("%d/%m/%Y")
            w.writerow([r.cells["Occurrence Ref"], date, hhmm(r, ""), r.cells["Occurrence Type"],
                        r.cells["Officer/Staff"], r.cells["Summary"], r.cells["Linked Nominals"]])
    return {"format": "csv", "encoding": "utf-8", "delimiter": ";", "header_rows": [1],
            "columns": {"date": "Date", "time": "Time", "narrative": ["Summary"],
                        "type": "Occurrence Type",
                        "other": ["Occurrence Ref", "Officer/Staff", "Linked Nominals"]}}


def write_csc():
    wb = Workbook()
    ws = wb.active
    ws.title = "Case Notes"
    ws["A1"] = "Ashcombe Vale Council - Children's Services"
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells("A1:F1")
    ws["A2"] = "Case Note Extract - Family group: BRENNAN / VOSS (LCS ID 7730152, 7730188, 7731904)"
    ws.merge_cells("A2:F2")
    ws["A3"] = "Extracted 02/06/2023 for Child Safeguarding Practice Review. OFFICIAL-SENSITIVE"
    ws.merge_cells("A3:F3")
    for c, h in enumerate(CSC_HEAD, 1):
        ws.cell(row=5, column=c, value=h).font = Font(bold=True)
    for i, r in enumerate(CSC, 6):
        ws.cell(row=i, column=1, value=d(r.date)).number_format = "dd/mm/yyyy"
        if r.time:
            hh, mm = r.time.split(":")
            ws.cell(row=i, column=2, value=dt.time(int(hh), int(mm))).number_format = "hh:mm"
        elif r.tok:
            ws.cell(row=i, column=2, value=r.tok)
        ws.cell(row=i, column=3, value=r.cells["Note Type"])
        ws.cell(row=i, column=4, value=r.cells["Author"])
        ws.cell(row=i, column=5, value=r.cells["Case Note"] or None)
        ws.cell(row=i, column=6, value=r.cells["Outcome / Actions"] or None)
        for c in (5, 6):
            ws.cell(row=i, column=c).alignment = Alignment(wrap_text=True, vertical="top")
    for col, wdt in zip("ABCDEF", (12, 8, 18, 26, 90, 40)):
        ws.column_dimensions[col].width = wdt
    wb.save(os.path.join(HERE, CSC_FILE))
    return {"format": "xlsx", "header_rows": [5],
            "columns": {"date": "Date of Note", "time": "Time",
                        "narrative": ["Case Note", "Outcome / Actions"], "type": "Note Type",
                        "other": ["Author"]}}


def write_hv():
    wb = Workbook()
    ws = wb.active
    ws.title = "Journal"
    for cell, text in (("A1", "Event"), ("C1", "Contact"), ("E1", "Staff"), ("F1", "Record")):
        ws[cell] = text
        ws[cell].font = Font(bold=True)
        ws[cell].alignment = Alignment(horizontal="center")
    ws.merge_cells("A1:B1")
    ws.merge_cells("C1:D1")
    ws.merge_cells("E1:E2")
    ws.merge_cells("F1:G1")
    for c, h in enumerate(HV_HEAD2, 1):
        if h:
            ws.cell(row=2, column=c, value=h).font = Font(bold=True)
    for i, r in enumerate(HV, 3):
        if r.raw_date:
            date = r.raw_date
        else:
            x = d(r.date)
            date = f"{x.day}.{x.month}.{x.strftime('%y')}"
        ws.cell(row=i, column=1, value=date)
        ws.cell(row=i, column=2, value=r.time or (r.tok or None))
        ws.cell(row=i, column=3, value=r.cells["Type"])
        ws.cell(row=i, column=4, value=r.cells["Location"])
        ws.cell(row=i, column=5, value=r.cells["Staff"])
        ws.cell(row=i, column=6, value=r.cells["Summary"])
        ws.cell(row=i, column=7, value=r.cells["Details"])
    for col, wdt in zip("ABCDEFG", (10, 7, 13, 24, 16, 24, 90)):
        ws.column_dimensions[col].width = wdt
    wb.save(os.path.join(HERE, HV_FILE))
    return {"format": "xlsx", "header_rows": [1, 2],
            "columns": {"date": "Date", "time": "Time", "narrative": ["Details", "Summary"],
                        "type": "Type", "other": ["Location", "Staff"]}}


def write_gp():
    path = os.path.join(HERE, GP_FILE)
    with open(path, "w", encoding="cp1252", newline="") as f:
        w = csv.writer(f, delimiter=",", quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        w.writerow(GP_HEAD)
        for r in GP:
            if r.raw_date:
                date = r.raw_date
            else:
                date = d(r.date).strftime("%d-%b-%Y") + (" " + r.time if r.time else "")
            w.writerow([date, r.cells["Patient"], r.cells["Clinician"],
                        r.cells["Consultation Type"], r.cells["Problem"], r.cells["Entry"]])
    return {"format": "csv", "encoding": "cp1252", "delimiter": ",", "header_rows": [1],
            "columns": {"date": "Consultation Date", "time": None, "narrative": ["Entry"],
                        "type": "Consultation Type",
                        "other": ["Patient", "Clinician", "Problem"]}}


def write_rgh():
    path = os.path.join(HERE, RGH_FILE)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(RGH_HEAD)
        for r in RGH:
            date = r.raw_date or r.date
            w.writerow([r.cells["Author"], r.cells["Area"], date, hhmm(r),
                        r.cells["Contact Method"], r.cells["Summary of contact"],
                        r.cells["Actions / Plan"]])
    return {"format": "csv", "encoding": "utf-8", "delimiter": "\t", "header_rows": [1],
            "columns": {"date": "Entry Date", "time": "Time",
                        "narrative": ["Summary of contact", "Actions / Plan"],
                        "type": "Contact Method", "other": ["Author", "Area"]}}


def write_prob():
    doc = Document()
    doc.add_heading("Probation Service - Contact Log", level=1)
    doc.add_paragraph("Person on probation: Dean VOSS   CRN: X482219   PNC: 2013/0442187K\n"
                      "Offender Manager: Rachel Ibbotson, Rushbrook & Stenford PDU\n"
                      "Extract 01/02/2022 - 31/05/2023 prepared for CSPR (Ashcombe Vale SCP)")
    table = doc.add_table(rows=1, cols=len(PROB_HEAD))
    table.style = "Table Grid"
    for c, h in enumerate(PROB_HEAD):
        table.rows[0].cells[c].text = h
        for run in table.rows[0].cells[c].paragraphs[0].runs:
            run.bold = True
    for r in PROB:
        cells = table.add_row().cells
        cells[0].text = r.raw_date or d(r.date).strftime("%d.%m.%Y")
        cells[1].text = r.cells["Contact"]
        cells[2].text = hhmm(r)
        cells[3].text = r.cells["Details of event"]
        cells[4].text = r.cells["Outcome"]
        cells[5].text = r.cells["Recorded by"]
    for row in table.rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                for run in p.runs:
                    run.font.size = Pt(9)
    doc.save(os.path.join(HERE, PROB_FILE))
    return {"format": "docx", "header_rows": [1],
            "columns": {"date": "Date", "time": "Time", "narrative": ["Details of event"],
                        "type": "Contact", "other": ["Outcome", "Recorded by"]}}


FILES = [
    (POL_FILE, "Police (Ashcombe Vale Constabulary)", POLICE, write_police, "Summary"),
    (CSC_FILE, "Children's Social Care (Ashcombe Vale Council)", CSC, write_csc, "Case Note"),
    (HV_FILE, "Health Visiting / 0-19 Service (Ashcombe Vale Community Health)", HV, write_hv, "Details"),
    (GP_FILE, "GP (Orchard Lane Surgery)", GP, write_gp, "Entry"),
    (RGH_FILE, "Acute hospital - Rushbrook General Hospital safeguarding team", RGH, write_rgh,
     "Summary of contact"),
    (PROB_FILE, "Probation Service (Rushbrook & Stenford PDU)", PROB, write_prob, "Details of event"),
]


def main():
    os.makedirs(EXP, exist_ok=True)
    members, hard, copies = {}, {}, {}
    totals = {"rows": 0, "error": 0, "mistyped": 0}
    for fname, agency, rows, writer, main_col in FILES:
        meta = writer()
        out_rows = []
        for n, r in enumerate(rows, 1):
            notes = []
            is_err = "err" in r.lab
            for t in r.lab:
                if t.startswith("E"):
                    members.setdefault(t, []).append((fname, n, r.date))
                    notes.append(f"same event {t}")
                elif t.startswith("h"):
                    hard.setdefault(t, []).append((fname, n, r.date))
                    notes.append(f"hard negative {t}")
                elif t.startswith("c"):
                    lst = copies.setdefault(t, [])
                    lst.append((fname, n, r.date))
                    notes.append(f"within-file copy {t} ({'original' if len(lst) == 1 else 'copy'})")
            if r.raw_date and r.date:
                notes.append(f"mistyped date as written: {r.raw_date!r}")
                totals["mistyped"] += 1
            if r.raw_date and not r.date:
                notes.append(f"impossible date as written: {r.raw_date!r}")
            if is_err and not r.cells[main_col]:
                notes.append("empty narrative")
            if r.time is None and r.tok:
                notes.append(f"time unknown as written: {r.tok!r}")
            out_rows.append({"n": n, "date": r.date, "time": r.time,
                             "snippet": r.cells[main_col][:35],
                             "expect": "error" if is_err else "kept", "notes": notes})
            totals["rows"] += 1
            totals["error"] += is_err
        key = {"file": fname, "agency": agency}
        key.update(meta)
        key["rows"] = out_rows
        with open(os.path.join(EXP, fname + ".json"), "w", encoding="utf-8") as f:
            json.dump(key, f, indent=1, ensure_ascii=False)

    same = []
    assert set(members) == set(GROUPS), set(members) ^ set(GROUPS)
    for gid in sorted(GROUPS):
        gdate, what = GROUPS[gid]
        mem = members[gid]
        assert len({m[0] for m in mem}) == len(mem), f"{gid}: two members in one file"
        same.append({"id": gid, "what": what, "date": gdate,
                     "members": [{"file": f, "n": n} for f, n, _ in mem], "within_file": False})
    assert set(copies) == set(COPIES)
    for cid in sorted(copies):
        mem = copies[cid]
        assert len(mem) == 2 and mem[0][0] == mem[1][0]
        same.append({"id": cid, "what": COPIES[cid], "date": mem[0][2],
                     "members": [{"file": f, "n": n} for f, n, _ in mem], "within_file": True})
    with open(os.path.join(EXP, "same_events.json"), "w", encoding="utf-8") as f:
        json.dump(same, f, indent=1, ensure_ascii=False)

    negs = []
    assert set(hard) == set(HARD), set(hard) ^ set(HARD)
    for hid in sorted(hard, key=lambda x: int(x[1:])):
        mem = hard[hid]
        assert len(mem) == 2, hid
        what, why = HARD[hid]
        negs.append({"id": hid, "what": what, "dates": [m[2] for m in mem],
                     "members": [{"file": f, "n": n} for f, n, _ in mem], "why": why})
    with open(os.path.join(EXP, "hard_negatives.json"), "w", encoding="utf-8") as f:
        json.dump(negs, f, indent=1, ensure_ascii=False)

    per_file = {fname: len(rows) for fname, _, rows, _, _ in FILES}
    print("rows per file:", per_file)
    print(f"total rows {totals['rows']}, error rows {totals['error']}, mistyped dates "
          f"{totals['mistyped']}, cross-agency groups {len(GROUPS)} "
          f"(members {sum(len(v) for v in members.values())}), within-file copies {len(COPIES)}, "
          f"hard negatives {len(HARD)}")


if __name__ == "__main__":
    main()
