"""Eastvale County Council Children's Services -- chronology kept in Excel
by the allocated team.

Layout: .xlsx, one sheet "Chronology", a title block in rows 1-5, blank row 6,
header on row 7. Dates are real Excel dates (dd/mm/yyyy) except a couple
typed as text; times are Excel times where typed as hh:mm, text otherwise.
Contact type sits before the case note.
"""
import datetime as dt
import re
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from common import R, as_date, as_time

FILE = "CSC_chronology_Maisie_Tyler_HOLLINS.xlsx"
AGENCY = "Eastvale County Council Children's Services"
FORMAT = "xlsx"
LAYOUT = ["Date", "Time", "Contact type", "Worker", "Case note", "Outcome / Action"]
CELLS = ["Contact type", "Worker", "Case note", "Outcome / Action"]
DATE_COL = "Date"
TIME_COL = "Time"
NARR = ["Case note"]
TYPE_COL = "Contact type"
HEADER_ROWS = [7]
EXTRA = {"sheet": "Chronology"}

BK = "Beth Kinsella (MASH SW)"
PN = "Priya Nandra SW"
GL = "Gareth Lowe TM"
CF = "Colin Ferris (EDT)"
JC = "Jodie Carr FSW"

ROWS = [
    R("2021-04-26", "09:05", "Referral", BK,
      "PPN received from police re DA incident 25/04/21 at 14 Larch Close. Verbal argument between mother Kerry and her partner Dean Marsh, alcohol involved. Tyler (7) awake and upset. DASH standard. No previous CSC involvement with this family. Dean Marsh known to CSC - previous DA with ex partner (Child S, closed 2019).",
      "MASH screening - RAG amber. Checks requested.", ev="E01"),
    R("2021-04-26", "11:40", "Call", BK,
      "Tel call to mother to discuss the PPN. Mum said it was 'just an argument' and Dean has been stressed since losing his job. States he has never been violent to her. Agreed to info being shared with HV and school. Early Help offered - mum declined, 'we don't need it'.",
      "Consent for info sharing given"),
    R("2021-04-27", "15:10", "Email", BK,
      "MASH decision - NFA CSC, threshold for assessment not met. Info shared with HV (via MASH health) and Brookfield Primary DSL for awareness. Mum signposted to EDAS helpline.",
      "Closed at MASH", ev="E02"),
    R("2021-05-13", "14:25", "Call", BK,
      "Call from Joanne Whitby DSL Brookfield Primary. Tyler disclosed this morning to class teacher that 'Dean shouted at mummy and threw the remote at the telly and it broke'. T said it happened last night and he was scared. No injuries to T. DSL advised to submit MARF today.",
      "Await MARF", ev="E03"),
    R("2021-05-13", "16:05", "Referral", BK,
      "MARF recieved from Brookfield Primary re Tyler - content as per DSL call earlier. Second DA related contact in 3 weeks.",
      "For MASH screening", ev="E04", lab="marf_in"),
    R("2021-05-14", "09:30", "Email", BK,
      "Acknowledgement email sent to DSL Mrs Whitby - MARF ref 21-MF-3391 recieved and being progressed.",
      "", ev="E05", lab="ack_out"),
    R("2021-05-17", "10:20", "Email", BK,
      "Police MASH checks returned - as PPN 25/04 plus Dean Marsh 2019 conviction common assault (ex partner), 2 previous PPNs 2017/2018 re ex partner and her child.",
      "", ev="E45"),
    R("2021-05-17", "15:30", "Case note", BK,
      "MASH health checks: Maisie imms up to date, 2yr review done 06/04/21 by HV - speech below expected, mum low mood. Mum on antidepressants from GP. Tyler - asthma, no other health concerns.",
      ""),
    R("2021-05-18", "n/k", "Case note", GL,
      "MASH decision: threshold met for Child & Family Assessment (both children). Transfer to Safeguarding & Assessment Team, allocated SW Priya Nandra.",
      "C&F assessment - 45 days"),
    R("2021-05-19", "09:50", "Call", PN,
      "SW call to mum to introduce self and arrange visit. Mum initially upset 'why are you lot involved now its all sorted' but agreed to a visit Friday and for SW to see T at school.",
      "HV booked Fri 2pm"),
    R("2021-05-20", "10:30", "Visit", PN,
      "SW visit to Brookfield Primary to see Tyler. Seen alone in the nurture room. T chatty, talked about football and his nan. Said Dean is 'ok sometimes' but 'shouty'. 3 houses done - worries house: 'when Dean and mummy argue at night', 'when the TV broke'. Dreams house: 'a dog, and mummy happy'.",
      "", ev="E06"),
    R("2021-05-21", "14:00", "Visit", PN,
      "Home visit 14 Larch Close. Mum and Maisie present, Dean not present (mum says at work, he has started at the warehouse on the industrial estate). Home clean and tidy, food in cupboards, Maisie's room seen - cot, toys, clean bedding. Maisie babbling, few words, clean and well. Mum says Dean 'has a temper' but denies any physical violence. Discussed impact of DA on children.",
      "Next visit to see Dean"),
    R("2021-06-02", "11:15", "Email", PN,
      "Request for information emailed to Millbridge Medical Centre (Dr Okafor) for C&F assessment - consent from mum attached.",
      "Await response", ev="E07"),
    R("2021-06-08", "16:30", "Visit", PN,
      "Home visit - mum, Dean and Maisie present. Dean polite but guarded, says he and Kerry 'argue like any couple'. Accepts he had drunk too much on 25/4. Denies throwing the remote, 'it fell off the arm of the settee'. Agreed to referral to Choices (voluntary perpetrator programme). Maisie climbed on to Dean's lap and appeared comfortable with him.",
      "Choices referral", lab="sw_hv_0806"),
    R("2021-06-09", "14:40", "Email", PN,
      "GP response recieved: mum attends re low mood, on citalopram 20mg. No concerns re children, Maisie imms UTD, Tyler asthma review Apr. Dean Marsh not registered at the practice.",
      "", ev="E08"),
    R("2021-06-11", "n/k", "Supervision", GL,
      "Supervision - assessment due 30/06. Current view CIN level, consider CIN plan. Choices referral to be chased.",
      ""),
    R("2021-06-17", "00:40", "Call", CF,
      "EDT - call from PS Hesketh. DA incident at 14 Larch Close approx 23:50 - mother assaulted by partner, injury to face. Dean Marsh arrested. Both children present. MGM attending to stay with mother and children. Children assessed as safe for tonight.",
      "Pass to MASH / allocated SW in am", ev="E09"),
    R("2021-06-17", "08:50", "Referral", BK,
      "PPN recieved (DASH high, 16) re incident 16/06 at home address. Linked to open C&F assessment - forwarded to allocated SW and TM.",
      "To SW/TM", ev="E10"),
    R("2021-06-17", "14:00", "Meeting", PN,
      "Strategy discussion (Teams). Present: Beth Kinsella MASH SW, P Nandra SW, DS Prentice (police), Sarah Penhaligon HV. Decision: threshold met for s47 enquiries for both children, joint with police. Joint visit to school (Tyler) and home tomorrow.",
      "s47 - joint", ev="E13"),
    R("2021-06-17", "16:10", "Call", PN,
      "SW call to mum. Mum at home with MGM, says she has been to A&E and had her eyebrow glued. Tearful. Told her police and SW will visit tomorrow.",
      ""),
    R("2021-06-18", "09:15", "Visit", PN,
      "Joint visit to Brookfield Primary with DC Farrant to see Tyler (DSL present). T described hearing shouting and a bang, came down and 'mummy had blood on her face'. No disclosure of physical harm to himself. Says he wants Dean to 'go away for a bit'.",
      "", ev="E15", lab="joint_school"),
    R("2021-06-18", "11:00", "Visit", PN,
      "Joint HV with DC Farrant. Mum, MGM and Maisie present. Injury to mum's eyebrow visible (glued), bruise to cheek. Mum undecided about a statement. Safety plan agreed - Dean not to come to the house (bail conditions), mum to ring 999, MGM to stay for a few days. Maisie observed - well presented, no marks seen, happy with MGM.",
      "Safety plan", ev="E16", lab="joint_home"),
    R("2021-06-18", "15:40", "Case note", PN,
      "s47 outcome - concerns substantiated, children at continuing risk of significant harm (emotional harm from DA). Recommend ICPC. TM agreed.",
      "ICPC request"),
    R("2021-06-21", "10:00", "Email", PN,
      "ICPC request sent to Safeguarding Unit (Child Protection Chairs).",
      ""),
    R("2021-06-24", "n/k", "Letter", PN,
      "Letter to mum re ICPC on 06/07/21 at 1.30pm (Teams), with leaflet about conferences and advocacy.",
      ""),
    R("2021-07-01", "12:00", "Visit", PN,
      "Pre-conference visit. Report shared with mum. Mum agreed with most of it but disputes that Tyler is 'scared' of Dean, says 'he loves him'. Children seen.",
      ""),
    R("2021-07-06", "13:30", "Meeting", PN,
      "ICPC (chair Susan Ogunleye). Attended: mum, SW, TM, DC Farrant, HV, DSL Mrs Whitby, IDVA Chloe Barnard. Dean not invited (bail conditions). GP report recieved. Decision: both children subject to CP plans, category EMOTIONAL ABUSE. First core group within 10 working days.",
      "CP plans", ev="E18", lab="csc_icpc"),
    R("2021-07-08", "10:00", "Meeting", PN,
      "MARAC - SW attended for children's services (item 14). Actions for CSC: share CP plan with IDVA, inform MARAC if Dean returns to address.",
      "", ev="E19"),
    R("2021-07-13", "n/k", "Case note", PN,
      "CP plan distributed to core group members by secure email.",
      ""),
    R("2021-07-20", "10:00", "Meeting", PN,
      "Core Group 1 at Brookfield Primary. Present: mum, SW, HV, DSL, FSW (Jodie Carr). CP plan outline reviewed, actions agreed: FSW to refer mum to Freedom Programme, HV to review Maisie's speech / SALT, school to monitor T's attendance and emotional wellbeing. Next CG 31/8.",
      "", ev="E20", lab="cg1"),
    R("2021-07-27", "11:00", "Visit", PN,
      "CP statutory visit. Mum, Maisie and Tyler seen (school holidays). T seen alone in his bedroom - showed SW his Lego. Said Dean has not been to the house. Home conditions satisfactory.",
      "", lab="v2707"),
    R("2021-07-27", "11:00", "Visit", PN,
      "CP statutory visit. Mum, Maisie and Tyler seen (school holidays). T seen alone in his bedroom - showed SW his Lego. Said Dean has not been to the house. Home conditions satisfactory.",
      "", copy="v2707"),
    R("2021-08-12", "15:15", "Visit", PN,
      "CP visit - unannounced. No answer, card left. Call to mum - says she is at the park with MGM. Visit rearranged for tomorrow.",
      ""),
    R("2021-08-13", "10:30", "Visit", PN,
      "CP visit. Mum and Maisie seen, Tyler at MGM's. Mum more open today - says she misses Dean and 'the kids miss him', asks when he can come back. SW explained the plan and the bail conditions.",
      ""),
    R("2021-08-31", "14:00", "Meeting", PN,
      "Core Group 2 held at home (school holidays). Present: mum, SW, HV, IDVA. DSL unable to attend (school closed) - sent written update. Mum has started Freedom Programme (online). Maisie referred to SALT by HV. IDVA - mum engaging but minimising.",
      "Next CG after RCPC", ev="E21", lab="cg2"),
    R("2021-09-02", "15:20", "Email", PN,
      "Email from DC Farrant - mum has asked to withdraw her statement. To discuss with mum at next visit.",
      "", ev="E46"),
    R("2021-09-06", "16:00", "Visit", PN,
      "CP visit. Discussed withdrawal of statement. Mum says Dean has done a 'course' and stopped drinking, she wants to give it a go but 'not living together'. SW reiterated concerns. Children seen - T back at school, seen alone in garden, quiet.",
      ""),
    R("2021-09-24", "14:00", "Supervision", GL,
      "Supervision. Mum's wish to reconcile noted. Written agreement to be drawn up - Dean not to stay overnight or have unsupervised care of children until assessment of him completed.",
      "Written agreement"),
    R("2021-09-28", "10:00", "Visit", PN,
      "Written agreement signed by mum at visit. Maisie seen - said 'Dean' looking at photo on fridge. Tyler at school.",
      ""),
    R("2021-10-04", "10:10", "Call", PN, "", "", notes=["empty_event"]),
    R("2021-10-05", "10:00", "Meeting", PN,
      "RCPC 1 (chair S Ogunleye). Police (DS Prentice) - criminal case discontinued. School - T's attendance 91%, more settled. HV - Maisie speech delay, SALT waiting list. IDVA - Kerry engaging but minimising. Decision: CP plans continue (emotional abuse).",
      "CP plans continue", ev="E22"),
    R("2021-10-12", "", "Letter", PN,
      "Letter to mum enclosing RCPC minutes and updated CP plan.",
      "", raw="12/10 /2021", notes=["mistyped_date"]),
    R("2021-10-21", "15:00", "Visit", PN,
      "CP visit. Dean present at visit!! Says he 'just popped round to drop off nappies'. Reminded both of the written agreement. Dean left. Children seen, T showed SW his reading book.",
      "Discuss in supervision"),
    R("2021-11-02", "19:35", "Call", CF,
      "EDT - call from ED nurse in charge at EGH. Maisie brought in by mum at 18:40 with pulled elbow and bruise to forehead - mum says she fell off the sofa. CP-IS flag seen. Doctor happy explanation consistent, elbow reduced. Discharged home with mum.",
      "For allocated SW in am", ev="E23"),
    R("2021-11-03", "09:45", "Email", PN,
      "Email from PLN Ruth Gainsford re ED attendance last night as above.",
      "Visit today", raw="3/11/21", ev="E24"),
    R("2021-11-03", "15:45", "Visit", PN,
      "Unannounced CP visit following ED attendance. Mum says Maisie was jumping on the sofa and fell off, Tyler saw it. T (seen after school, alone) said 'she fell off the sofa, she was being silly'. Small bruise to forehead approx 2cm seen, M using arm normally. Mum says Dean not around. Account consistent.",
      "", lab="sw_0311"),
    R("2021-11-09", "13:00", "Meeting", PN,
      "Core Group 3 at Brookfield. Present: mum, SW, HV, DSL, Marcus Fell (housing tenancy officer - rent arrears and neighbour complaints). ED attendance discussed. Housing: arrears £1,240, NOSP served. Next CG 14/12.",
      "", ev="E25"),
    R("2021-11-15", "09:20", "Referral", BK,
      "Police notification (PPN) recieved - MGM called police in early hours of 14/11 believing Dean staying at address. Police attended, no answer at door. Forwarded to allocated SW.",
      "", ev="E47"),
    R("2021-11-15", "16:30", "Visit", PN,
      "Unannounced visit re police notification. Mum denied Dean staying - 'my mum is stirring'. Says boots in hall are old ones he left behind. Children seen, T quiet. No evidence of Dean living there seen (bathroom, bedroom checked with consent).",
      ""),
    R("2021-11-25", "n/k", "Case note", "Principal SW (audit)",
      "Case audit - good evidence of direct work with T, chronology needs updating, assessment of Dean still outstanding.",
      "Actions to SW"),
    R("2021-11-30", "11:30", "Call", PN,
      "Call with MGM Linda. Says she is worried, has seen Dean's car outside 'loads'. Doesn't want to fall out with Kerry as she helps with the children.",
      ""),
    R("2021-12-14", "10:00", "Meeting", PN,
      "Core Group 4 (Teams). Mum, SW, HV, DSL. Mum says relationship with Dean is over (ended early Dec). Christmas plans with MGM. Dean did not attend 2nd appt for assessment.",
      "", ev="E26"),
    R("2021-12-22", "14:10", "Visit", PN,
      "Christmas CP visit - all seen. Tyler excited about Xmas. Home decorated.",
      ""),
    R("2022-01-25", "14:00", "Meeting", PN,
      "Core Group 5 at Brookfield. Mum, SW, HV, DSL, FSW. Freedom Programme completed (certificate seen). Mum asking about moving - housing application. RCPC set for 22/03.",
      "", ev="E27"),
    R("2022-01-28", "08:45", "Referral", BK,
      "PPN recieved: DA incident 27/01 at 21:15 - Dean kicked front door, threats by text. Mum called 999 herself. DASH high. MARAC re-referral.",
      "To allocated SW", ev="E28"),
    R("2022-01-28", "12:30", "Visit", PN,
      "Visit to mum after PPN. Mum shaken, door panel cracked. Says she ended it before Xmas and Dean 'can't accept it'. Protective - called police. Mum wants to move, IDVA helped her with homeless application this morning.",
      ""),
    R("2022-01-31", "", "Case note", PN,
      "Mum and children moved to temporary accommodation - Room 6 Kestrel House, Eastvale (2 rooms, shared kitchen). T to stay at Brookfield, mum to do school run by bus.",
      "", ev="E52"),
    R("2022-02-10", "10:00", "Meeting", PN,
      "MARAC (repeat). SW attended. Actions: housing to expedite move, IDVA to continue support, police to seek RO at court.",
      "", ev="E30"),
    R("2022-02-16", "11:00", "Visit", PN,
      "CP visit at Kestrel House. Cramped, damp in bedroom. Maisie has nappy rash and a cough. Mum coping. Advised GP.",
      ""),
    R("2022-03-08", "10:00", "Meeting", PN,
      "Core Group 6 at Kestrel House. Mum, SW, HV, DSL, Dawn Ellery (Housing Options). Housing - main duty accepted, on band A. Damp works done. Mum doing well.",
      "", ev="E31"),
    R("2022-03-15", "n/k", "Case note", PN,
      "Report for RCPC completed - recommendation step down to CIN. Mum has engaged, separated from Dean, called police, moved. RO granted 03/03.",
      ""),
    R("2022-03-22", "13:00", "Meeting", PN,
      "RCPC 2. Decision: children no longer require CP plans - step down to CIN. Police dissent recorded (risk from Dean, mum's history of reconciling). HV raised mum now pregnant (approx 6-7 wks), father not disclosed.",
      "CIN plan", ev="E32", lab="csc_rcpc2"),
    R("2022-04-21", "15:20", "Referral", BK,
      "MARF recieved from EGH safeguarding midwife (Jess Tolley) - mum booked 14/04, EDD 08/11/22, history of DA, father of baby 'not involved', mum won't name him. Linked to open CIN case.",
      "To SW - pre-birth assessment", ev="E33"),
    R("2022-04-26", "10:30", "Meeting", PN,
      "CIN meeting 1 at Eastvale Family Hub. Mum, SW, HV, DSL, community midwife. CIN plan agreed. Pre-birth assessment to start.",
      "", ev="E34", lab="cin1"),
    R("2022-05-13", "14:00", "Visit", PN,
      "CIN visit. Tyler seen alone - says 'I like it here but I miss my old bedroom'. Maisie now saying short sentences.",
      ""),
    R("2022-06-07", "10:30", "Meeting", PN,
      "CIN meeting 2. Mum, SW, HV, DSL, Dawn Ellery (housing). Housing - offer expected soon. Pre-birth assessment progressing, mum says no contact with Dean.",
      "", ev="E35", lab="cin2"),
    R("2022-07-12", "11:05", "Email", PN,
      "Email from Dawn Ellery (Housing Options) - mum has accepted offer of 2 bed house, 2 Mill Row Millbridge (Eastvale Homes). Sign up 25/07.",
      "", ev="E36"),
    R("2022-07-19", "10:30", "Meeting", PN,
      "CIN meeting 3. Mum, SW, HV, DSL, midwife. Agreed to close CIN if no concerns after the move, step down to Early Help (Family Hub). Pre-birth assessment concluded - no further CSC action for unborn.",
      "", ev="E37", lab="cin3"),
    R("2022-08-03", "11:00", "Visit", PN,
      "CIN visit at 2 Mill Row. House sparse but clean. Mum says Dean 'nowhere near'. Man's jacket on banister - mum says its her brother's.",
      ""),
    R("2022-08-16", "09:30", "Email", PN,
      "CIN closure - closing summary emailed to HV, school, midwife and GP. Step down to Early Help, Family Hub key worker Jodie Carr.",
      "", ev="E38"),
    R("2022-08-16", "n/k", "Case note", GL, "Case closed to CSC.", "Closed"),
    R("2022-09-17", "17:05", "Call", CF,
      "EDT - call from EGH ED: Maisie (3) with head injury and bruising to arms and back. Mum says she fell down the stairs. Police informed by ED. EDT SW to attend.",
      "EDT SW to EGH", ev="E39"),
    R("2022-09-17", "18:30", "Visit", CF,
      "EDT SW attended EGH - Robin ward. Mum distressed. Agreed Tyler to stay with MGM tonight, mum to stay with Maisie on ward.",
      "", ev="E50"),
    R("2022-09-18", "n/k", "Meeting", CF,
      "EDT SW present at CP medical (Dr Mensah) for history from mum. Findings: multiple bruises of different ages, likely inflicted. Skull fracture on CT. Skeletal survey Monday.",
      "", ev="E41"),
    R("2022-09-19", "08:30", "Call", PN,
      "SW call to DSL Brookfield to let her know about the weekend - Maisie in hospital, Tyler staying with MGM, SW to see T in school today.",
      "", ev="E43"),
    R("2022-09-19", "10:00", "Meeting", GL,
      "Strategy meeting chaired by TM. Police (DS Prentice, DC Osei), EGH (Dr Mensah, Mel Adey), HV, GP Dr Okafor, SW. Decision: s47 joint, ABE for Tyler, Maisie to be discharged to MGM under s20, mum to have supervised contact only.",
      "s47", ev="E42"),
    R("2022-09-19", "15:30", "Visit", PN,
      "Visit to MGM's address, Ashcombe. Tyler seen alone - very quiet, asked if Maisie will 'come home'. MGM's home suitable, viability assessment started.",
      ""),
    R("2022-09-20", "n/k", "Case note", PN,
      "s20 agreement signed by mum on the ward. Maisie discharged to MGM 20/09 pm, SW present.",
      "", ev="E53"),
    R("2022-09-21", "10:00", "Visit", PN,
      "ABE of Tyler with DC Osei (SW monitoring). T disclosed Dean has been staying at Mill Row most nights since summer holidays and mum told him not to tell. Said Dean 'squeezes' Maisie's arms.",
      "", ev="E44"),
    R("2022-09-23", "14:00", "Case note", GL,
      "ICPC requested for 07/10/22. Legal planning meeting booked 26/09.",
      ""),
    R("2022-09-26", "11:00", "Meeting", GL,
      "Legal gateway meeting - threshold for PLO met, consider interim care order if s20 breaks down. Skeletal survey shows old rib fracture.",
      "PLO"),
    R("2022-09-29", "n/k", "Case note", "Head of Service",
      "Notification of serious incident sent to Ofsted and the National Panel. Rapid review to be convened by Eastvale Safeguarding Children Partnership.",
      ""),
]

TITLE = [
    "EASTVALE COUNTY COUNCIL - CHILDREN'S SERVICES",
    "Single agency chronology for Child Safeguarding Practice Review",
    "Children: Maisie HOLLINS (DOB 14/02/2019, LCS ID 445821) and Tyler HOLLINS (DOB 21/08/2013, LCS ID 431907)",
    "Period: 01/04/2021 - 30/09/2022     Completed by: Gareth Lowe, Team Manager     OFFICIAL-SENSITIVE",
    "Key: SW social worker, TM team manager, FSW family support worker, EDT emergency duty team",
]


def write(path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Chronology"
    for i, t in enumerate(TITLE, 1):
        ws.cell(row=i, column=1, value=t).font = Font(bold=(i <= 2), size=14 if i == 1 else 11)
    h = HEADER_ROWS[0]
    for j, name in enumerate(LAYOUT, 1):
        c = ws.cell(row=h, column=j, value=name)
        c.font = Font(bold=True)
        c.fill = PatternFill("solid", fgColor="D9E1F2")
    for i, r in enumerate(ROWS, h + 1):
        c = dict(zip(CELLS, r.cells))
        if r.raw is not None:
            dv = r.raw
        else:
            dv = dt.datetime.combine(as_date(r.d), dt.time()) if r.d else None
        cd = ws.cell(row=i, column=1, value=dv)
        if not isinstance(dv, str):
            cd.number_format = "dd/mm/yyyy"
        t = r.t
        if t and re.fullmatch(r"\d{2}:\d{2}", t):
            ct = ws.cell(row=i, column=2, value=as_time(t))
            ct.number_format = "hh:mm"
        else:
            ws.cell(row=i, column=2, value=t or None)
        for j, name in enumerate(LAYOUT[2:], 3):
            v = c[name]
            ws.cell(row=i, column=j, value=v if v != "" else None).alignment = Alignment(wrap_text=True, vertical="top")
    for col, w in zip("ABCDEF", (12, 8, 13, 22, 90, 30)):
        ws.column_dimensions[col].width = w
    ws.freeze_panes = ws.cell(row=h + 1, column=1)
    wb.save(path)
