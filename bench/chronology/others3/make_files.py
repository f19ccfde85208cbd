"""Generate the 'others3' held-out chronology test set (fictional Westfold case).

Every row below was written by hand in the style of the agency that records it.
Each row carries a short label; the same-event groups, within-file copies and hard
negatives at the bottom refer to those labels, and the answer key in expected/ is
derived from them so that row numbers never have to be counted by hand.

Run:  /work/main/.venv/bin/python make_files.py
"""
import csv
import datetime as dt
import json
import os

import openpyxl
from openpyxl.styles import Font
import docx

HERE = os.path.dirname(os.path.abspath(__file__))
EXP = os.path.join(HERE, "expected")
os.makedirs(EXP, exist_ok=True)


def R(lab, d, t, *cols, rawd=None, rawt=None, exp="kept", note=None):
    """lab: label; d: ISO date (None if impossible); t: 'HH:MM' or None;
    cols: the agency's remaining columns; rawd/rawt: what is shown in the file
    when it differs from the normal rendering; note: list of notes."""
    return {"lab": lab, "d": d, "t": t, "cols": list(cols), "rawd": rawd,
            "rawt": rawt, "exp": exp, "notes": list(note or [])}


def copy_of(row, lab, change=None, note=""):
    new = {k: (list(v) if isinstance(v, list) else v) for k, v in row.items()}
    new["lab"] = lab
    new["notes"] = [note] if note else []
    if change:
        change(new)
    return new


# ---------------------------------------------------------------------------
# 1. Westfold Constabulary - Niche occurrence extract (CSV, comma, UTF-8)
#    cols: serial, occurrence type, details, OIC
# ---------------------------------------------------------------------------
P = [
    R("p_da1", "2022-05-12", "23:40", "WC-22-118734", "DOMESTIC INCIDENT",
      "999 CALL FROM NEIGHBOUR AT 14 LARCH CLOSE ASHCOMBE REPORTING SHOUTING AND BANGING FROM NEXT DOOR. "
      "OFFICERS ATTENDED. LEANNE BRENNAN (IP) CUT TO LIP, STATES PARTNER DEAN HOLT PUSHED HER INTO DOOR FRAME. "
      "HOLT LEFT PRIOR TO POLICE ARRIVAL. 2 CHILDREN IN ADDRESS - KAI (14) AWAKE IN BEDROOM, MAISIE (2) ASLEEP. "
      "AMBULANCE REQUESTED FOR IP. DASH - HIGH (15 TICKS).", "PC 4417 DAWES"),
    R("p_ppn1", "2022-05-13", "01:50", "WC-22-118734", "PPN",
      "PPN SUBMITTED X2 (ADULT AT RISK + CHILD). DOMESTIC - CHILDREN PRESENT. SENT TO MASH FOR SCREENING.",
      "PC 4417 DAWES"),
    R("p_enc1", "2022-05-13", "02:10", "WC-22-118734", "ENCOMPASS",
      "OP ENCOMPASS NOTIFICATION SENT TO ASHCOMBE PARK ACADEMY RE KAI BRENNAN. MAISIE NOT AT AN ENCOMPASS SETTING.",
      "PC 4417 DAWES"),
    R("p_arrest_dh", "2022-05-14", "11:30", "WC-22-118734", "ARREST",
      "DEAN HOLT ARRESTED AT FERN ROAD DUNMERE (HIS MOTHERS ADDRESS) - ASSAULT BY BEATING. INTERVIEWED - DENIES, "
      "SAYS SHE FELL WHEN DRUNK. IP NOT SUPPORTING. RELEASED UNDER INVESTIGATION.", "DC 2290 MARSH"),
    R("p_marac_ref", "2022-05-16", None, "WC-22-118734", "MARAC",
      "MARAC REFERRAL SUBMITTED BY DA CO-ORDINATOR - HIGH DASH ON LOG 1187 12/05. HOLT 3 PREVIOUS DA WITH EX PARTNER.",
      "DA CO-ORD", rawt="N/K", note=["time not known ('N/K')"]),
    R("p_marac1", "2022-06-09", "10:00", "WC-22-118734", "MARAC",
      "CASE HEARD AT WESTFOLD SOUTH MARAC. ACTIONS - POLICE: FLAG ADDRESS, SEEK CHARGING DECISION ON HOLT. "
      "CSC: UPDATE ON SINGLE ASSESSMENT. IDVA: FURTHER CONTACT WITH VICTIM.", "DS 1872 WHITLOCK"),
    R("p_mfh1", "2022-06-20", "22:15", "WC-22-151206", "MISSING PERSON",
      "KAI BRENNAN (14) REPORTED MISSING BY MOTHER. LAST SEEN APPROX 1600HRS LEAVING HOME ON PUSH BIKE. PHONE OFF. "
      "NO PREVIOUS MFH. GRADED MEDIUM. EDT INFORMED.", "PS 3011 KERR"),
    R("p_schq1", "2022-06-21", "09:05", "WC-22-151206", "MISSING PERSON - UPDATE",
      "PC 4417 DAWES TELEPHONED ASHCOMBE PARK ACADEMY - KAI NOT IN SCHOOL. DSL TO CALL IF HE ARRIVES. NAMES OF "
      "2 FRIENDS OBTAINED - ADDRESSES CHECKED NEGATIVE.", "PC 4417 DAWES"),
    R("p_found1", "2022-06-21", "14:30", "WC-22-151206", "MISSING PERSON - FOUND",
      "KAI LOCATED BY PATROL AT DUNMERE RETAIL PARK WITH 2 MALES APPROX 19-20YRS WHO MADE OFF. KAI WOULD NOT SAY "
      "WHERE HE HAD BEEN. NEW TRAINERS + £60 CASH. RETURNED TO MOTHER. PREVENTION INTERVIEW - NO DISCLOSURE. "
      "CCE CONCERNS - INTEL SUBMITTED.", "PC 5120 OSEI"),
    R("p_mfh2", "2022-06-27", "21:30", "WC-22-155981", "MISSING PERSON",
      "KAI BRENNAN REPORTED MISSING AGAIN BY MOTHER - 2ND IN 7 DAYS. LEFT ADDRESS AFTER ARGUMENT WITH MOTHERS "
      "PARTNER. GRADED HIGH DUE TO CCE INTEL FROM 21/06.", "PS 3011 KERR"),
    R("p_found2", "2022-06-28", "03:10", "WC-22-155981", "MISSING PERSON - FOUND",
      "KAI FOUND BY PATROL ON GORSEY LANE ASHCOMBE WITH 2 OLDER MALES (BOTH NOMINALS FOR SUPPLY). S23 MDA SEARCH - "
      "2 MOBILE PHONES, £300 CASH, SMALL QTY CANNABIS. CONVEYED HOME. EDT UPDATED.", "PC 5120 OSEI"),
    R("p_strat1", "2022-06-29", "11:00", "WC-22-155981", "STRATEGY DISCUSSION",
      "STRAT DISC VIA TEAMS RE KAI - CHAIRED CSC TM HENDRY. POLICE DS WHITLOCK (CAIU). SCHOOL DSL PRESENT. "
      "THRESHOLD MET - S47 (CSC LEAD). MACE REFERRAL TO BE MADE BY POLICE.", "DS 1872 WHITLOCK"),
    R("p_icpc1", "2022-07-20", "10:00", "WC-22-155981", "CP CONFERENCE",
      "DC MARSH ATTENDED ICPC. BOTH CHILDREN MADE SUBJECT TO CP PLANS - KAI (EMOTIONAL ABUSE), MAISIE (NEGLECT). "
      "POLICE INFO SHARED - 3 DA INCIDENTS AT ADDRESS, 2 MFH, INTEL RE OLDER MALES.", "DC 2290 MARSH"),
    R("p_arrest_k", "2022-08-26", "18:45", "WC-22-201377", "ARREST",
      "KAI BRENNAN ARRESTED ASHCOMBE STATION CAR PARK - PWITS CLASS B. 14 WRAPS CANNABIS + PHONE SEIZED. "
      "BOOKED INTO NORTHBRIDGE CUSTODY 1930.", "PC 6641 FARRAR"),
    R("p_edt_aa", "2022-08-26", "19:40", "WC-22-201377", "CUSTODY",
      "CUSTODY SGT CALLED CSC EDT - MOTHER NOT FIT TO ACT AS APPROPRIATE ADULT (INTOXICATED ON PHONE). "
      "EDT TO ARRANGE AA. JUVENILE DETAINED PENDING AA.", "PS 2755 LOWE"),
    R("p_mfh3", "2022-09-14", "23:50", "WC-22-219940", "MISSING PERSON",
      "KAI REPORTED MISSING BY DEAN HOLT (MOTHERS PARTNER). NOT SEEN SINCE 1800. HIGH RISK - OPEN CCE CONCERNS, "
      "RUI PWITS.", "PS 3011 KERR"),
    R("p_found3", "2022-09-16", "07:30", "WC-22-219940", "MISSING PERSON - FOUND",
      "KAI LOCATED DURING DRUGS WARRANT AT FLAT 6 KESTREL HOUSE NORTHBRIDGE (CUCKOOED ADDRESS). 2 ADULT MALES ARRESTED "
      "PWITS CLASS A. KAI TREATED AS VICTIM, NOT ARRESTED. CONVEYED HOME. NRM - CSC TO ACT AS FIRST RESPONDER.",
      "DS 1872 WHITLOCK"),
    R("p_mace1", "2022-09-21", "14:00", "WC-22-219940", "MACE",
      "MACE PANEL - KAI BRENNAN DISCUSSED. RISK SIGNIFICANT (CCE). NOMINALS FROM KESTREL HOUSE LINKED. DISRUPTION "
      "PLAN - CAWN TO BE SERVED ON 2 MALES, PATROL PLAN ASHCOMBE REC.", "DS 1872 WHITLOCK"),
    R("p_carol", "2022-10-03", "19:40", "WC-22-236410", "CONCERN FOR WELFARE",
      "101 CALL FROM CAROL BRENNAN (MGM) - 2 MALES IN BLACK AUDI OUTSIDE 14 LARCH CLOSE ASKING FOR KAI. NO UNITS "
      "AVAILABLE. CALLER ADVISED 999 IF THEY RETURN. VRM PARTIAL ONLY.", "CONTROL ROOM"),
    R("p_jdp", "2022-10-05", "10:00", "WC-22-201377", "OUT OF COURT DISPOSAL",
      "JOINT DECISION PANEL WITH YJS RE PWITS 26/08. OUTCOME - YOUTH CONDITIONAL CAUTION, CONDITION TO ENGAGE "
      "WITH YJS 12 WEEKS. NRM CONSIDERED - NOT A BAR.", "DC 2290 MARSH"),
    R("p_rcpc1", "2022-10-19", None, "WC-22-155981", "CP CONFERENCE",
      "POLICE REPORT PROVIDED AND DC MARSH DIALLED INTO RCPC. CP PLANS CONTINUE BOTH CHILDREN. POLICE TO SHARE "
      "OUTCOME OF KESTREL HOUSE JOB.", "DC 2290 MARSH", rawt="N/K", note=["time not known ('N/K')"]),
    R("p_asb", "2022-10-30", "20:15", "WC-22-248002", "ASB",
      "ASB - GROUP OF 6 YOUTHS THROWING FIREWORKS AT BUSES ON MILLFIELD ROAD. KAI BRENNAN AMONG THOSE SPOKEN TO. "
      "ASB WARNING LETTER TO PARENT.", "PCSO 7012 HART"),
    R("p_da2", "2022-11-23", "01:15", "WC-22-262754", "DOMESTIC INCIDENT",
      "999 FROM KAI BRENNAN - MUM AND HOLT FIGHTING. ON ARRIVAL HOLT IN KITCHEN, LEANNE BRENNAN RED MARKS TO NECK - "
      "STRANGULATION ALLEGED. KAI SWELLING L EYE, STATES HOLT PUNCHED HIM WHEN HE GOT IN BETWEEN. HOLT ARRESTED "
      "S75A SCA 2015 + ABH (CHILD). MAISIE PRESENT ASLEEP. BWV ON.", "PC 5120 OSEI"),
    R("p_ppn2", "2022-11-23", "03:40", "WC-22-262754", "PPN",
      "PPN X3 SUBMITTED (ADULT + 2 CHILDREN). DASH HIGH - REPEAT MARAC. CHILD INJURED IN INCIDENT.", "PC 5120 OSEI",
      rawd="23//11/2022", note=["mistyped date '23//11/2022' (read as 23/11/2022)"]),
    R("p_enc2", "2022-11-23", "03:45", "WC-22-262754", "ENCOMPASS",
      "ENCOMPASS NOTIFICATION TO ASHCOMBE PARK ACADEMY - KAI. NOTE INJURY TO KAI (L EYE). PLEASE MONITOR.",
      "PC 5120 OSEI"),
    R("p_holt_charge", "2022-11-24", "16:00", "WC-22-262754", "CUSTODY",
      "HOLT CHARGED ABH + NON-FATAL STRANGULATION. BAILED - CONDITIONS NOT TO CONTACT LEANNE BRENNAN OR CHILDREN, "
      "NOT TO ENTER LARCH CLOSE.", "DC 2290 MARSH"),
    R("p_marac2", "2022-12-01", "10:00", "WC-22-262754", "MARAC",
      "REPEAT MARAC (2ND IN 6 MONTHS). HOLT ON BAIL. ACTIONS: POLICE - MARKER ON ADDRESS, BAIL CHECKS. IDVA RE-ENGAGE. "
      "CSC TO CONSIDER CHILDREN IN LIGHT OF BAIL CONDITIONS.", "DS 1872 WHITLOCK"),
    R("p_mfh4", "2023-01-10", "19:00", "WC-23-004418", "MISSING PERSON",
      "KAI BRENNAN REPORTED MISSING BY MOTHER - FAILED TO RETURN FROM COLLEGE TASTER DAY. 4TH EPISODE. HIGH RISK. "
      "PHONE CELL SITE REQUESTED.", "PS 3011 KERR"),
    R("p_found4", "2023-01-12", "11:20", "WC-23-004418", "MISSING PERSON - FOUND",
      "KAI LOCATED BY BTP AT NORTHBRIDGE RAIL STATION. TIRED, HUNGRY. NOTHING FOUND ON SEARCH. RETURNED HOME BY "
      "WESTFOLD PATROL.", "PC 6641 FARRAR"),
    R("p_mfh5", "2023-01-17", "22:40", "WC-23-008117", "MISSING PERSON",
      "KAI MISSING AGAIN - LEFT HOME 2000HRS SAYING GOING TO SHOP. MOTHER REPORTED. 5TH EPISODE. HIGH.",
      "PS 2755 LOWE"),
    R("p_found5", "2023-01-18", "02:00", "WC-23-008117", "MISSING PERSON - FOUND",
      "MOTHER PHONED - KAI HOME OF OWN ACCORD. SAFE AND WELL CHECK BY PATROL 0240 - NO INJURIES, REFUSED TO ENGAGE.",
      "PC 5120 OSEI"),
    R("p_knife", "2023-02-08", "11:20", "WC-23-019203", "WEAPONS OFFENCE",
      "CALL FROM ASHCOMBE PARK ACADEMY - LOCK KNIFE FOUND IN KAI BRENNANS BAG ON SEARCH BY STAFF. SCHOOL BEAT "
      "OFFICER + PC ATTENDED. KNIFE SEIZED. VOLUNTARY INTERVIEW TO BE ARRANGED WITH AA.", "PC 6641 FARRAR"),
    R("p_leanne_dd", "2023-03-04", "23:05", "WC-23-030551", "DRUNK AND DISORDERLY",
      "LEANNE BRENNAN DRUNK IN HIGH STREET ASHCOMBE OUTSIDE THE RAILWAY INN. TAKEN HOME TO 14 LARCH CLOSE - KAI (14) "
      "CARING FOR MAISIE. NO OFFENCES. PPN SUBMITTED.", "PC 4417 DAWES"),
    R("p_strat_m", "2023-03-27", "10:30", "WC-23-035870", "STRATEGY DISCUSSION",
      "STRAT RE MAISIE HOLT (3) - INGESTION OF MOTHERS MEDICATION 25/03. POLICE VIEW - NO CRIME AT PRESENT. "
      "S47 SINGLE AGENCY CSC. POLICE TO CHECK ANY CALLS TO ADDRESS.", "DS 1872 WHITLOCK"),
    R("p_rcpc2", "2023-04-19", "10:00", "WC-22-155981", "CP CONFERENCE",
      "DC PRYCE ATTENDED RCPC. MAISIE - PLAN CONTINUES. KAI - PLAN CONTINUES, CONTEXTUAL RISK, ROBBERY INTEL.",
      "DC 3318 PRYCE"),
    R("p_arrest_rob", "2023-05-06", "22:10", "WC-23-052214", "ARREST",
      "KAI BRENNAN ARRESTED FOR ROBBERY (MOBILE PHONE FROM 16YO AT ASHCOMBE PARK) WITH 2 ADULT MALES. CHARGED. "
      "BAILED TO WESTFOLD YOUTH COURT 14/06.", "PC 6641 FARRAR"),
    R("p_mfh6", "2023-07-22", "17:30", "WC-23-078009", "MISSING PERSON",
      "KAI REPORTED MISSING BY CAROL BRENNAN (MGM) - WAS STAYING WITH HER. HIGH.", "PS 3011 KERR"),
    R("p_found6", "2023-07-22", "23:55", "WC-23-078009", "MISSING PERSON - FOUND",
      "KAI FOUND IN DUNMERE PARK WITH 3 MALES. ONE MALE IN POSS OF MACHETE - ARRESTED. KAI TAKEN TO MGM ADDRESS.",
      "PC 5120 OSEI"),
    R("p_leanne", "2023-08-12", "02:40", "WC-23-086731", "CONCERN FOR WELFARE",
      "AMBULANCE REQUEST POLICE TO 14 LARCH CLOSE - LEANNE BRENNAN FOUND UNRESPONSIVE ON KITCHEN FLOOR, SUSPECTED "
      "ETOH + TABLETS. KAI (15) MADE 999 CALL. MAISIE IN ADDRESS. CAROL BRENNAN ATTENDED TO CARE FOR CHILDREN. PPN.",
      "PC 4417 DAWES"),
    R("p_stab", "2023-10-14", "21:50", "WC-23-110642", "CRIME - S18 WOUNDING",
      "REPORT VIA AMBULANCE - MALE STABBED MILLFIELD ROAD BY REC. OFFICERS ON SCENE 2156. IP KAI BRENNAN (15) STAB "
      "WOUND L THIGH, CONSCIOUS. SCENE PRESERVED, CORDON. IP CONVEYED NORTHBRIDGE ROYAL (MTC). SUSPECTS 2 MALES ON "
      "E-BIKES.", "DS 1872 WHITLOCK"),
    R("p_stab_edt", "2023-10-14", "23:20", "WC-23-110642", "CRIME - UPDATE",
      "CSC EDT INFORMED OF S18 - VICTIM IS CHILD SUBJECT TO CP PLAN. MOTHER AT HOSPITAL. MAISIE WITH MGM.",
      "DS 1872 WHITLOCK"),
    R("p_stab_arrest", "2023-10-15", "06:15", "WC-23-110642", "ARREST",
      "2 MALES (17 + 19) ARRESTED AT DUNMERE ADDRESSES ON SUSPICION S18. E-BIKE AND CLOTHING SEIZED.",
      "DC 3318 PRYCE"),
    R("p_strat3", "2023-10-16", "11:00", "WC-23-110642", "STRATEGY DISCUSSION",
      "STRAT (TEAMS) RE KAI FOLLOWING S18. POLICE: 2 IN CUSTODY, RETALIATION RISK. AGREED S47, SAFETY PLAN ON "
      "DISCHARGE, CONSIDER OUT OF AREA PLACEMENT.", "DS 1872 WHITLOCK"),
]
# pasted twice - copy sits right after the original, with a trailing space
_i = [r["lab"] for r in P].index("p_mfh2")
P.insert(_i + 1, copy_of(P[_i], "p_mfh2_copy",
                         change=lambda r: r["cols"].__setitem__(2, r["cols"][2] + " "),
                         note="copy of the previous row (trailing space)"))

# ---------------------------------------------------------------------------
# 2. Westfold CC Children's Services - LiquidLogic chronology (xlsx, title block)
#    cols: child, event type, case note, worker
# ---------------------------------------------------------------------------
BOTH = "Kai BRENNAN; Maisie HOLT"
KAI = "Kai BRENNAN"
MAI = "Maisie HOLT"
C = [
    R("c_ppn1", "2022-05-13", "09:15", BOTH, "MASH Contact",
      "Contact received via police PPN (Westfold Constabulary log ref 1187 of 12/05/2022). Domestic abuse incident at "
      "the family home late last night - mother Leanne Brennan pushed into a door frame by her partner Dean Holt and "
      "sustained a cut lip. Both children were in the house; Kai was awake and heard the incident. DASH graded high. "
      "Passed to MASH for RAG rating and checks with health and education.", "MASH Screening - L. Barnes"),
    R("c_mash_dec", "2022-05-16", "14:00", BOTH, "MASH Decision",
      "MASH checks completed. Health: Maisie behind with immunisations, missed 2-year review. Education: Kai's "
      "attendance 84%, DSL reports he is increasingly withdrawn. Previous contact 2019 (DA, NFA). Decision: threshold "
      "for Level 4 - transfer to Assessment Team for Single Assessment.", "MASH TM - P. Hendry"),
    R("c_hv1", "2022-05-24", "16:30", BOTH, "Home Visit",
      "Announced visit to commence Single Assessment. Seen mother, Kai and Maisie. Mother tearful, said Dean has "
      "moved back to his mum's in Dunmere and she does not want him back. Home cluttered, empty cans in kitchen. Kai "
      "would not come downstairs initially, later spoke briefly - said he is 'fine' and just wants everyone to leave "
      "his mum alone. Maisie appeared well but had a heavy nappy.", "SW Grace Okafor"),
    R("c_marac1", "2022-06-09", "10:00", BOTH, "MARAC",
      "Attended Westfold South MARAC. Case heard for Leanne Brennan following the incident on 12/05. Police to "
      "seek charging decision on Dean Holt, IDVA to make further attempts to engage Leanne. CSC action: share "
      "outcome of Single Assessment and safety plan for the children.", "SW Grace Okafor"),
    R("c_mfh1_edt", "2022-06-20", "23:05", KAI, "EDT Record",
      "Call from police control room: Kai reported missing by his mother at approximately 22:15. Last seen around "
      "4pm on his bike. Graded medium risk. Police to update EDT if found overnight. Day team to be informed - open "
      "case (SW Okafor).", "EDT - S. Lister"),
    R("c_found1", "2022-06-21", "15:10", KAI, "Missing Notification",
      "Police notification that Kai was found at Dunmere Retail Park this afternoon with two older males who ran "
      "off. He had new trainers and cash he could not account for. He has been taken home to mum. Return home "
      "interview requested from the Missing Children Service.", "SW Grace Okafor"),
    R("c_rhi1", "2022-06-23", "12:30", KAI, "Return Home Interview",
      "RHI completed at Ashcombe Park Academy by Missing Children Worker. Kai said he went to Dunmere to 'chill' with "
      "people he met through a friend and slept at 'someone's flat'. Would not give names. Said the trainers were a "
      "present. Push factors: arguments at home with Dean, mum's drinking. Worker concerned re grooming - CCE "
      "screening tool completed, score indicates moderate risk.", "MCS - Jo Frith"),
    R("c_found2_edt", "2022-06-28", "04:00", KAI, "EDT Record",
      "Police update: Kai found at 03:10 on Gorsey Lane with two older males known to police for drug supply. "
      "He had two phones, £300 cash and a small amount of cannabis. Returned home. Second missing episode in a week. "
      "Request to day team for urgent strategy discussion.", "EDT - S. Lister"),
    R("c_strat1", "2022-06-29", "11:00", KAI, "Strategy Discussion",
      "Strategy discussion held via Teams, chaired by TM Paul Hendry. Present: DS Whitlock (CAIU), Karen Daley (DSL, "
      "Ashcombe Park), SW Okafor. Two missing episodes in a week, found with adults linked to drug supply, unexplained "
      "money and phones. Threshold for section 47 met - CSC lead, joint visit with police. MACE referral by police.",
      "TM Paul Hendry"),
    R("c_s47jv", "2022-07-01", "14:00", BOTH, "Section 47 Visit",
      "S47 visit to the home with DC Marsh. Kai spoken to alone in his bedroom - denies anyone is making him do "
      "anything and says the money was from 'doing bits for people'. Mother presented as under the influence of "
      "alcohol at 2pm; she accepted she has been drinking daily. Maisie seen, dirty clothes, no concerns re injury.",
      "SW Grace Okafor"),
    R("c_rhi2", "2022-07-05", "15:45", KAI, "Return Home Interview",
      "RHI for the episode of 27-28/06, held at home. Kai more guarded than last time. Said he 'owes' someone for "
      "a phone that got taken but would not elaborate. Mother present for the first part. Information passed to "
      "police via intel form.", "MCS - Jo Frith"),
    R("c_camhs_ref", "2022-07-13", "09:40", KAI, "Referral to Other Agency",
      "Referral emailed to CAMHS Single Point of Access for Kai - low mood, poor sleep, says he 'doesn't care what "
      "happens to him', risk-taking. Mother consented. GP (Dr Shah) copied in.", "SW Grace Okafor"),
    R("c_icpc", "2022-07-20", "10:00", BOTH, "Initial Child Protection Conference",
      "ICPC chaired by IRO Helen Marsh-Whitley. Attended: mother, SW, DSL Ashcombe Park, DC Marsh, health visitor, "
      "Little Acorns nursery manager. Dean Holt invited, did not attend. Outcome: Kai subject to CP plan under "
      "emotional abuse, Maisie under neglect. Core group to meet within 10 working days.", "SW Grace Okafor"),
    R("c_icpc_mins", "2022-08-03", "12:05", BOTH, "Email",
      "ICPC minutes and child protection plans circulated by the Conference and Review Service to all attendees "
      "and invitees. Mother given a copy at the visit on 02/08.", "Business Support - A. Cole"),
    R("c_camhs_call", "2022-08-08", "16:00", KAI, "Telephone Call",
      "Call from Hannah Price (CAMHS practitioner) following Kai's choice appointment today. Kai engaged for about "
      "20 minutes. Low mood, some self-harm thoughts, no plan. CAMHS will offer partnership appointments. I shared "
      "the missing episodes and CCE concerns.", "SW Grace Okafor"),
    R("c_cgm1", "2022-08-17", "14:00", BOTH, "Core Group Meeting",
      "First core group. Mother, SW, health visitor, nursery manager. School closed for summer - DSL sent an update. "
      "Plan reviewed: mother to attend Westfold Recovery (alcohol), Maisie to go to nursery 3 days a week, Kai to "
      "attend CAMHS. Mother says Dean has not been to the house.", "SW Grace Okafor"),
    R("c_edt_aa", "2022-08-26", "19:40", KAI, "EDT Record",
      "Call from Northbridge custody sergeant - Kai arrested for possession with intent to supply cannabis. Mother "
      "spoken to by custody and not fit to act as appropriate adult (slurring). EDT arranged AA via the appropriate "
      "adult service; AA arrived 21:30.", "EDT - M. Coyle"),
    R("c_nrm", "2022-09-02", "11:00", KAI, "NRM Referral",
      "NRM referral submitted to the Single Competent Authority as first responder, based on the June missing "
      "episodes, arrest on 26/08 and information from RHIs.", "SW Grace Okafor"),
    R("c_found3", "2022-09-16", "09:00", KAI, "Missing Notification",
      "DS Whitlock rang - Kai was found at 07:30 this morning during a drugs warrant at a flat in Kestrel House, "
      "Northbridge, which police believe has been cuckooed. He was treated as a victim and taken home. Will discuss "
      "at MACE next week. Visit to be arranged today.", "SW Grace Okafor"),
    R("c_school_call", "2022-09-20", "13:30", KAI, "Telephone Call",
      "Call from Karen Daley, DSL. Kai has been given a 5 day suspension after swearing at and threatening a "
      "teacher this morning. School worried about him being out in the community all day. Agreed I would visit "
      "tomorrow and ask YJS about daytime activities.", "SW Grace Okafor"),
    R("c_mace", "2022-09-21", "14:00", KAI, "MACE",
      "Kai discussed at MACE panel. Police, school, YJS, CSC present. Risk graded significant for CCE. Police "
      "disruption plan in place for males linked to Kestrel House. Actions: school to look at reduced timetable "
      "with alternative provision, SW to chase NRM outcome.", "SW Grace Okafor"),
    R("c_cgm2", "2022-09-28", "15:30", BOTH, "Core Group Meeting",
      "Core group held at Ashcombe Park Academy. Present: mother, SW, DSL, CAMHS (Hannah Price), nursery manager. "
      "Mother has attended two Recovery sessions. Kai not attending CAMHS consistently. Nursery report Maisie's "
      "attendance has improved but she is often collected late.", "SW Grace Okafor"),
    R("c_carol1", "2022-10-03", "10:15", KAI, "Telephone Call",
      "Maternal grandmother Carol Brennan phoned. Worried that Kai is going out late and coming back with things. "
      "She says Leanne is drinking again and that Dean has been seen at the house. I thanked her and will raise "
      "this with mum.", "SW Grace Okafor"),
    R("c_carol2", "2022-10-03", "16:40", KAI, "Telephone Call",
      "Carol Brennan rang again. Said she did not want Leanne to know she had called this morning. Also told me "
      "Maisie stayed with her at the weekend because Leanne was 'in a state'. Advised her to call police if she is "
      "worried about Kai's safety.", "SW Grace Okafor"),
    R("c_yjs_jv", "2022-10-12", "16:00", KAI, "Joint Visit",
      "Joint home visit with Marcus Reid (YJS) to start the YCC intervention. Kai more relaxed with Marcus present, "
      "talked about wanting to do boxing. Mother sober. Discussed curfew-type agreement at home.", "SW Grace Okafor",
      rawd="12/10//2022", note=["mistyped date typed as text '12/10//2022' (read as 12/10/2022)"]),
    R("c_rcpc1", "2022-10-19", "10:00", BOTH, "Review Child Protection Conference",
      "RCPC. Attended: mother, SW, DSL, CAMHS, YJS, health visitor; police by phone. Both children remain subject "
      "to CP plans. Kai's plan updated to include extra-familial risk. Maisie: progress on nursery attendance, "
      "concerns remain re mother's drinking.", "SW Grace Okafor"),
    R("c_amb_ref", "2022-11-07", "09:30", KAI, "MASH Contact",
      "Safeguarding referral received from Westfold & Downs Ambulance Service: crew attended last night after Kai "
      "cut his forearm; conveyed to Westfold General. Crew noted mother intoxicated. Passed to allocated SW.",
      "MASH Screening - L. Barnes"),
    R("c_selfharm_visit", "2022-11-07", "11:00", KAI, "Home Visit",
      "Unannounced visit following the ambulance referral. Kai home from hospital, arm dressed. Said he did it "
      "because 'everything's pressure' and he owes money. Mother said she had 'a couple' last night. Safety plan "
      "agreed; remove blades from the house.", "SW Grace Okafor"),
    R("c_ppn2", "2022-11-23", "10:00", BOTH, "MASH Contact",
      "Police PPN: overnight DA incident, Dean Holt strangled Leanne and punched Kai in the eye when he intervened. "
      "Holt arrested. Both children subject to CP plans - passed straight to SW Okafor.", "MASH Screening - L. Barnes"),
    R("c_cgm3", "2022-11-30", "15:30", BOTH, "Core Group Meeting",
      "Core group: mother, SW, DSL, YJS (Marcus Reid), nursery. Reviewed the 23/11 incident - Holt on bail not to "
      "contact. Mother agreed to refuge outreach. Kai engaging well with YJS boxing sessions.", "SW Grace Okafor"),
    R("c_marac2", "2022-12-01", "10:00", BOTH, "MARAC",
      "Repeat MARAC for Leanne. SW attended. Police confirm Holt charged and on bail. IDVA has made contact and "
      "Leanne is engaging. Target hardening requested for the property.", "SW Grace Okafor"),
    R("c_mfh4_edt", "2023-01-10", "20:15", KAI, "EDT Record",
      "Police advise Kai reported missing by mother, did not come home from a college taster day. High risk given "
      "history. EDT checked with Carol Brennan - not with her.", "EDT - S. Lister"),
    R("c_rhi4", "2023-01-16", "13:00", KAI, "Return Home Interview",
      "RHI at school. Kai said he went to Northbridge because he was 'told to'. First time he has said this. Would "
      "not say who. Looked tired and had lost weight. Shared with police (intel) and SW.", "MCS - Jo Frith"),
    R("c_mfh5_edt", "2023-01-17", "23:10", KAI, "EDT Record",
      "Police advise Kai missing again tonight - left at 8pm. Reported by mum at 22:40. EDT to note; day team to "
      "review at 9am.", "EDT - M. Coyle"),
    R("c_pex", "2023-02-09", "16:10", KAI, "Email",
      "Email from Headteacher, Ashcombe Park Academy: Kai permanently excluded following a lock knife being found "
      "in his bag on 08/02. Governors' meeting to be arranged. Kai to be offered a place at Westfold PRU from the "
      "sixth day.", "SW Grace Okafor"),
    R("c_nursery", "2023-03-08", "09:50", MAI, "Telephone Call",
      "Call from Little Acorns nursery manager. Maisie arrived with a small bruise on her left cheek. Mother said she "
      "fell against the coffee table. Nursery also say Maisie was hungry and ate two breakfasts. Body map sent.",
      "SW Grace Okafor"),
    R("c_nrm_rg", "2023-03-20", "14:00", KAI, "NRM",
      "Positive reasonable grounds decision received from the Single Competent Authority for Kai (criminal "
      "exploitation). Shared with YJS and police.", "SW Grace Okafor"),
    R("c_maisie_visit", "2023-03-26", "12:00", MAI, "Home Visit",
      "Visit following notification that Maisie was taken to hospital by ambulance last night after swallowing some "
      "of mother's sertraline. Maisie discharged this morning, well. Mother says the box was left on the bedside "
      "table. Medication now in a locked box. Strategy discussion requested.", "SW (duty) - T. Nwosu"),
    R("c_strat_m", "2023-03-27", "10:30", MAI, "Strategy Discussion",
      "Strategy discussion re Maisie following ingestion of mother's medication on 25/03. Police (DS Whitlock), "
      "health (named nurse), SW. Agreed s47 single agency, paediatric opinion not required.", "TM Paul Hendry"),
    R("c_rcpc2", "2023-04-19", "10:00", BOTH, "Review Child Protection Conference",
      "Second RCPC. Kai now at Westfold PRU. CAMHS, YJS and police attended. Both children remain on CP plans. Kai "
      "has a positive RG decision. Maisie: ingestion incident and the bruise in March of concern.", "SW Grace Okafor"),
    R("c_court", "2023-06-14", None, KAI, "Court",
      "Attended Westfold Youth Court with Kai and his mum. Kai pleaded guilty to robbery. 9 month referral order. "
      "Defence raised NRM positive RG.", "SW Grace Okafor", rawt="unknown", note=["time recorded as 'unknown'"]),
    R("c_stab_edt", "2023-10-14", "23:25", KAI, "EDT Record",
      "Police (DS Whitlock) informed EDT that Kai was stabbed in the leg on Millfield Road at about 9.45pm and has "
      "been taken to Northbridge Royal. Mother with him. Maisie staying with maternal grandmother. Day team and "
      "manager to be informed.", "EDT - S. Lister"),
    R("c_hosp_visit", "2023-10-15", "14:00", KAI, "Hospital Visit",
      "Saw Kai on the ward at Northbridge Royal. Out of surgery, wound to left thigh. Very frightened, said 'they'll "
      "come back'. Mother at bedside. Discussed safety plans for discharge.", "SW Grace Okafor"),
    R("c_strat3", "2023-10-16", "11:00", KAI, "Strategy Discussion",
      "Strategy discussion following the stabbing. Police, YJS, hospital safeguarding, SW and TM. Section 47 to be "
      "completed. Kai cannot return to Larch Close on discharge due to retaliation risk - placement options.",
      "TM Paul Hendry"),
]
_i = [r["lab"] for r in C].index("c_hv1")
C.insert(_i + 1, copy_of(C[_i], "c_hv1_copy",
                         change=lambda r: r["cols"].__setitem__(2, r["cols"][2].replace("heavy nappy", "heavy nappy.")),
                         note="copy of the previous row (one extra full stop)"))

# ---------------------------------------------------------------------------
# 3. Ashcombe Park Academy - CPOMS export (xlsx, plain)
#    cols: student, categories, incident, action taken, reported by
# ---------------------------------------------------------------------------
S = [
    R("s_enc1", "2022-05-13", "08:25", "Kai Brennan (Y9)", "Operation Encompass; Domestic Abuse",
      "Encompass notification received from police. Incident at home last night, Kai present.",
      "KD informed Head of Year. Check-in with Kai at break. Logged on CPOMS.", "Karen Daley (DSL)"),
    R("s_withdrawn", "2022-05-13", "11:40", "Kai Brennan (Y9)", "Emotional Wellbeing",
      "Kai put his head down in Science and refused to work. Said he had no sleep. Sent to Inclusion.",
      "Spoke to him at lunch - did not want to talk. Will monitor.", "Mr Tom Singh (HoY9)"),
    R("s_attend1", "2022-05-27", "15:00", "Kai Brennan (Y9)", "Attendance",
      "Attendance now 84%. Several late marks, mostly Mondays.",
      "Letter home. Attendance officer to phone mum.", "Attendance Officer"),
    R("s_absence1", "2022-06-21", "08:40", "Kai Brennan (Y9)", "Attendance; Missing",
      "Mum phoned absence line - Kai didn't come home last night, she has reported him missing to police.",
      "Passed to KD.", "Reception"),
    R("s_police_call", "2022-06-21", "09:05", "Kai Brennan (Y9)", "Missing; Police",
      "PC Dawes phoned to check if Kai in school - he is not. Gave names of friends in his form when asked.",
      "Asked staff to alert KD if Kai arrives.", "Karen Daley (DSL)"),
    R("s_rhi1", "2022-06-23", "12:30", "Kai Brennan (Y9)", "Missing; Outside Agency",
      "Jo Frith (Missing Children Service) saw Kai in the medical room for his return home interview.",
      "Kai back to lessons after. HoY aware.", "Karen Daley (DSL)"),
    R("s_absence2", "2022-06-28", "08:50", "Kai Brennan (Y9)", "Attendance; Missing",
      "Kai not in. Mum says police brought him home in the early hours and he is asleep.",
      "Absence recorded as authorised illness per mum - KD queried.", "Reception"),
    R("s_strat1", "2022-06-29", "11:00", "Kai Brennan (Y9)", "Strategy Meeting; CCE",
      "KD attended strategy discussion on Teams with SW and police re Kai going missing and older males.",
      "S47 agreed. School to share attendance and behaviour data.", "Karen Daley (DSL)"),
    R("s_icpc", "2022-07-20", "10:00", "Kai Brennan (Y9)", "Child Protection",
      "KD attended ICPC at County Hall. Kai and sister now on CP plans.",
      "CP file opened. Key staff told on a need-to-know basis.", "Karen Daley (DSL)"),
    R("s_icpc_mins", "2022-08-03", "12:20", "Kai Brennan (Y9)", "Child Protection",
      "ICPC minutes and CP plan received by email from Conference and Review Service.",
      "Saved to CP file.", "Karen Daley (DSL)"),
    R("s_term", "2022-09-06", "09:30", "Kai Brennan (Y10)", "Behaviour",
      "Kai late on first day, no equipment, in tracksuit not uniform. Had a new phone, refused to hand it in.",
      "Phone confiscated to office, returned end of day.", "Mr Tom Singh (HoY10)"),
    R("s_absence3", "2022-09-15", "08:35", "Kai Brennan (Y10)", "Attendance; Missing",
      "Dean (mum's partner) phoned - Kai missing since last night, police know.",
      "KD informed.", "Reception"),
    R("s_incident", "2022-09-20", "10:45", "Kai Brennan (Y10)", "Behaviour; Exclusion",
      "Kai told Mr Adams to 'watch yourself after school' and swore repeatedly after being asked to move seat.",
      "Isolation. Head decided 5 day suspension.", "Mr Tom Singh (HoY10)"),
    R("s_susp_call", "2022-09-20", "13:30", "Kai Brennan (Y10)", "Exclusion; Social Care",
      "KD phoned SW Grace Okafor to tell her about Kai's 5 day suspension.",
      "SW to visit. Work to be sent home.", "Karen Daley (DSL)"),
    R("s_mace", "2022-09-21", "14:00", "Kai Brennan (Y10)", "CCE; Multi-agency Meeting",
      "KD attended MACE panel re Kai.", "School action - look into AP placement 2 days a week.",
      "Karen Daley (DSL)"),
    R("s_cgm2", "2022-09-28", "15:30", "Kai Brennan (Y10)", "Child Protection",
      "Core group meeting held in school (meeting room 2).", "Updated attendance figures given to SW.",
      "Karen Daley (DSL)"),
    R("s_rcpc1", "2022-10-19", "10:00", "Kai Brennan (Y10)", "Child Protection",
      "KD attended RCPC. Plan continues.", "Report was submitted 14/10.", "Karen Daley (DSL)"),
    R("s_selfharm", "2022-11-08", "09:10", "Kai Brennan (Y10)", "Self-harm; Emotional Wellbeing",
      "Kai back in school with his left forearm bandaged. Told Mr Singh he 'did something stupid' at the weekend.",
      "KD checked SW aware - yes. School nurse informed.", "Mr Tom Singh (HoY10)"),
    R("s_enc2", "2022-11-23", "08:30", "Kai Brennan (Y10)", "Operation Encompass; Domestic Abuse",
      "Encompass notification from police: DA incident at home overnight, Kai injured.",
      "KD to see Kai on arrival.", "Karen Daley (DSL)"),
    R("s_injury", "2022-11-23", "09:15", "Kai Brennan (Y10)", "Physical Injury; Domestic Abuse",
      "Kai arrived with a swollen, bruised left eye. Said Dean hit him when he got between him and mum.",
      "Body map completed. SW emailed.", "Karen Daley (DSL)"),
    R("s_cgm3", "2022-11-30", "15:30", "Kai Brennan (Y10)", "Child Protection",
      "KD attended core group at the family centre. YJS worker attends now too.", "Nothing new for school.",
      "Karen Daley (DSL)"),
    R("s_fight", "2022-12-09", "12:50", "Kai Brennan (Y10)", "Behaviour; Physical Violence",
      "Fight on the field at lunch with a Y11 boy. Kai said the boy 'disrespected' him online.",
      "Both to isolation. Parents phoned. Online issue passed to police schools officer.", "Mr Tom Singh (HoY10)"),
    R("s_absence4", "2023-01-11", None, "Kai Brennan (Y10)", "Attendance; Missing",
      "Kai absent, on the missing list from last night.", "", "Reception", note=["time blank"]),
    R("s_rhi4", "2023-01-16", "13:00", "Kai Brennan (Y10)", "Missing; Outside Agency",
      "RHI in school with Jo Frith (Missing Children Service).", "Kai very tired - let him rest in Inclusion after.",
      "Karen Daley (DSL)"),
    R("s_absence5", "2023-01-18", "08:45", "Kai Brennan (Y10)", "Attendance",
      "Mum rang - Kai 'came in late last night' and is not well enough for school.", "Authorised - KD informed.",
      "Reception"),
    R("s_blank", "2023-02-03", "14:10", "Kai Brennan (Y10)", "Behaviour", "",
      "", "Mr Tom Singh (HoY10)", exp="error", note=["empty incident text"]),
    R("s_knife", "2023-02-08", "11:20", "Kai Brennan (Y10)", "Weapons; Police",
      "Lock knife found in Kai's rucksack during search after a tip-off from another student. Police called.",
      "Knife secured in safe until police arrived. Mum and SW informed. Kai sent home.", "Mr Rob Ellis (Deputy Head)"),
    R("s_pex", "2023-02-09", "15:30", "Kai Brennan (Y10)", "Exclusion",
      "Headteacher decision - permanent exclusion. Letter to parent, copy to SW and YJS by email.",
      "Governors' panel to be arranged. PRU notified.", "Mrs Anne Fielding (Headteacher)"),
    R("s_govs", "2023-02-27", "16:00", "Kai Brennan (Y10)", "Exclusion",
      "Governors' panel met and upheld the permanent exclusion. Mum attended with Carol Brennan.",
      "Letter sent. Kai to come off roll.", "Clerk to Governors"),
    R("s_offroll", "2023-03-01", None, "Kai Brennan (Y10)", "Transfer",
      "Kai off roll - started at Westfold PRU today. CP file transferred securely.",
      "Receipt requested from PRU DSL.", "Karen Daley (DSL)", note=["time blank"]),
]
_i = [r["lab"] for r in S].index("s_fight")
S.insert(_i + 1, copy_of(S[_i], "s_fight_copy", note="exact copy of the previous row"))

# ---------------------------------------------------------------------------
# 4. Westfold & Downs Ambulance Service - ePCR extract (CSV, semicolon, UTF-8)
#    cols: incident no, pt, presenting complaint, clinical narrative, disposition, sfg ref
# ---------------------------------------------------------------------------
A = [
    R("a_da1", "2022-05-12", "23:52", "2205-12-4471", "F 34 (Leanne BRENNAN)", "Assault - facial injury",
      "Pt states pushed by partner into door frame approx 2330. 1cm lac upper lip, bleeding controlled. No LOC. "
      "GCS 15. ETOH ++. Obs WNL. Police on scene. 2x children in property. Pt declined conveyance - capacity "
      "assessed, worsening advice given.", "Non-conveyance - see & treat", "Adult + child - submitted",
      rawt="23:52:14"),
    R("a_leanne1", "2022-06-03", "01:17", "2206-03-0208", "F 34 (Leanne BRENNAN)", "Fall - ETOH",
      "Pt found on floor of lounge by son (14). Unable to get up. Nil head injury seen. GCS 14 - ETOH. Pt "
      "mobilised with assistance. Son to remain with pt. Toddler asleep upstairs.", "Non-conveyance",
      "Child - submitted", rawt="01:17:40"),
    R("a_dean1", "2022-07-16", "22:34", "2207-16-3905", "M 38 (Dean HOLT)", "Hand injury",
      "Pt punched a wall during argument. Swelling + deformity R 5th MC, ?boxer's #. NV intact. Pain 6/10. "
      "Entonox given. Address: Fern Road Dunmere.", "Conveyed - Westfold General ED", "Not required",
      rawt="22:34:02"),
    R("a_maisie1", "2022-08-30", "19:05", "2208-30-3311", "F 2 (Maisie HOLT)", "Pyrexia - child",
      "Mother reports temp 39.4, lethargic. On arrival child alert, playing. Temp 38.6, HR 140, RR 30, CRT <2s. "
      "No rash. Calpol given 17:00. Mother smelt of ETOH but appropriate. GP OOH appointment booked.",
      "Referred - GP OOH", "Not required", rawt="19:05:51"),
    R("a_leanne2", "2022-09-25", "03:48", "2209-25-0522", "F 34 (Leanne BRENNAN)", "Mental health - suicidal ideation",
      "Pt called stating 'can't do this any more'. No OD, no self-harm. ETOH ++. Spoke with MH crisis line via "
      "hub. Partner not present. Children asleep. Crisis team to call in AM.", "Referred - MH crisis team",
      "Child - submitted", rawt="03:48:20"),
    R("a_leanne_111", "2022-10-09", "14:20", "2210-09-H112", "F 34 (Leanne BRENNAN)", "111 transfer - low mood",
      "Clinical hub call back. Pt low mood, drinking daily. No immediate risk. Advised GP + Westfold Recovery "
      "self-referral. Hear & treat.", "Hear & treat", "Not required", rawt="14:20:03"),
    R("a_selfharm", "2022-11-06", "22:14", "2211-06-4102", "M 14 (Kai BRENNAN)", "Self-harm - lacerations L forearm",
      "Mother called. Pt has cut L forearm with a razor blade x6 superficial + 1 deep 3cm gaping lac. Bleeding "
      "controlled with dressing. Pt quiet, says 'leave me'. No OD reported. Mother ETOH. Sibling (2) in house.",
      "Conveyed - Westfold General ED", "Child - see separate", rawt="22:14:38"),
    R("a_sfg", "2022-11-07", "00:35", "2211-06-4102", "M 14 (Kai BRENNAN)", "Safeguarding referral",
      "Child safeguarding referral submitted via portal for pt (self-harm, mother intoxicated in charge of 2yr old). "
      "Ref WDAS-SG-22-8810.", "Referral - Local Authority", "Child - submitted", rawt="00:35:10"),
    R("a_leanne3", "2022-12-26", "20:40", "2212-26-4018", "F 35 (Leanne BRENNAN)", "Fall - head injury",
      "Pt fell down 3 stairs, ETOH. 4cm haematoma occiput, no LOC per son. GCS 15. On no anticoags. Conveyed for CT "
      "per head injury guidance. Son (14) and grandmother to care for toddler.", "Conveyed - Westfold General ED",
      "Child - submitted", rawt="20:40:27"),
    R("a_leanne4", "2023-01-28", "07:12", "2301-28-0955", "F 35 (Leanne BRENNAN)", "Seizure",
      "1st seizure, witnessed by son - tonic clonic approx 2 min. Pt reports stopped drinking 2 days ago. Post-ictal "
      "on arrival, GCS 13 improving to 15. BM 5.2. ?ETOH withdrawal.", "Conveyed - Westfold General ED",
      "Child - submitted", rawt="07:12:45"),
    R("a_dean2", "2023-02-19", "23:58", "2302-19-5120", "M 39 (Dean HOLT)", "Assault - head injury",
      "Pt assaulted outside pub Dunmere. Lac R eyebrow 2cm. GCS 15. ETOH +. Refused steristrips, abusive to crew. "
      "Police on scene.", "Non-conveyance - pt refused", "Not required", rawt="23:58:11"),
    R("a_maisie2", "2023-03-25", "18:42", "2303-25-3377", "F 3 (Maisie HOLT)", "Poisoning - accidental ingestion",
      "Mother found child with open blister pack of sertraline 50mg, ?up to 3 tabs missing. Child alert, GCS 15, "
      "HR 128, pupils equal. Toxbase via hub - conveyance advised. Mother anxious, no ETOH noted.",
      "Conveyed - Westfold General paeds ED", "Child - submitted", rawt="18:42:09"),
    R("a_leanne5", "2023-04-30", "02:05", "2304-30-0240", "F 35 (Leanne BRENNAN)", "Chest pain",
      "Pt c/o central chest pain after vomiting. ECG NSR, no ST changes. Obs WNL. ETOH ++. Pain settled. Advised GP.",
      "Non-conveyance", "Not required", rawt="02:05:33"),
    R("a_kai2", "2023-05-20", "16:27", "2305-20-2871", "M 15 (Kai BRENNAN)", "Assault - ?fracture nose",
      "Pt states hit in face by 'someone' at Ashcombe Rec. Epistaxis resolved, nasal deformity ?#. GCS 15. Pt "
      "would not give details, declined police. Grandmother (Carol) on scene.", "Conveyed - Westfold General ED",
      "Child - submitted", rawt="16:27:50"),
    R("a_carol", "2023-06-11", "10:02", "2306-11-1604", "F 61 (Carol BRENNAN)", "Dizziness",
      "Pt at grandson's address 14 Larch Close. Feeling dizzy, BP 182/104. Hx HTN, ran out of meds. Advised GP "
      "same day, meds via pharmacy.", "Referred - own GP", "Not required", rawt="10:02:24"),
    R("a_maisie3", "2023-07-09", "13:30", "2307-09-3013", "F 3 (Maisie HOLT)", "Burn - hand",
      "Child touched hair straighteners. Superficial partial thickness burn R palm approx 1%. Cooled 20 min by "
      "grandmother. Dressing applied. Mechanism consistent.", "Conveyed - Westfold General MIU",
      "Child - submitted", rawt="13:30:18"),
    R("a_leanne6", "2023-08-12", "02:31", "2308-12-0147", "F 35 (Leanne BRENNAN)", "Unconscious - ?OD + ETOH",
      "Son (15) called, mother unresponsive on kitchen floor. Empty vodka bottle + ?diazepam. GCS 8 on arrival "
      "improving to 11. Airway maintained, O2. Police requested for children. Grandmother attended.",
      "Conveyed - Westfold General ED (pre-alert)", "Child + adult - submitted", rawt="02:31:56"),
    R("a_leanne7", "2023-08-29", None, "2308-29-UNK", "F 35 (Leanne BRENNAN)", "Call cancelled",
      "Caller (pt) rang back stating not needed. Welfare call back by hub - no answer x2.", "Cancelled",
      "Not required", rawt="", note=["call time blank"]),
    R("a_dean3", "2023-09-16", "21:15", "2309-16-4402", "M 39 (Dean HOLT)", "Overdose - ETOH + cocaine",
      "Pt at Fern Road Dunmere, chest tightness after cocaine + ETOH. ECG sinus tachy 124. Obs otherwise stable. "
      "Conveyed for obs.", "Conveyed - Westfold General ED", "Not required", rawt="21:15:40"),
    R("a_stab", "2023-10-14", "21:47", "2310-14-4590", "M 15 (Kai BRENNAN)", "Stab wound - L thigh",
      "Caller (passer-by) reports young male stabbed Millfield Road. Police en route. On arrival pt supine on "
      "pavement, single stab wound L posterior thigh, active bleeding - tourniquet applied 21:58. GCS 15, HR 132, "
      "BP 98/60. TXA given. HEMS stood down. Trauma pre-alert.", "Conveyed - Northbridge Royal MTC",
      "Child - submitted", rawt="21:47:03"),
    R("a_stab_sfg", "2023-10-15", "00:20", "2310-14-4590", "M 15 (Kai BRENNAN)", "Safeguarding referral",
      "Child safeguarding referral submitted re stab wound, known CP plan per mother. Ref WDAS-SG-23-11907.",
      "Referral - Local Authority", "Child - submitted", rawt="00:20:44"),
    R("a_leanne8", "2023-10-21", "04:10", "2310-21-0388", "F 36 (Leanne BRENNAN)", "Mental health - distress",
      "Pt distressed re son in hospital. Superficial scratches L wrist, no OD. ETOH +. Crisis team contacted - "
      "agreed to see at home today. Daughter with grandmother.", "Referred - MH crisis team",
      "Adult - submitted", rawt="04:10:12"),
    R("a_kai_dis", "2023-10-27", "15:48", "2310-27-3377", "M 15 (Kai BRENNAN)", "Wound check - ?infection",
      "Pt discharged MTC 4 days ago, now at grandmother's address. Wound edges red, temp 38.1. Advised urgent "
      "review - conveyed.", "Conveyed - Westfold General ED", "Not required", rawt="15:48:30"),
    R("a_inter", "2023-10-30", "11:05", "2310-30-1920", "F 36 (Leanne BRENNAN)", "Inter-facility transfer",
      "Planned transfer Westfold General to Brookfield MH unit (informal admission). Pt settled.",
      "Transfer completed", "Not required", rawt="11:05:00"),
]
_i = [r["lab"] for r in A].index("a_maisie2")
A.insert(_i + 1, copy_of(A[_i], "a_maisie2_copy",
                         change=lambda r: r.__setitem__("rawt", "18:42:11"),
                         note="copy of the previous row; call time seconds differ (18:42:11)"))

# ---------------------------------------------------------------------------
# 5. CAMHS (Westfold Healthcare NHS Trust) - clinical record summary (docx table)
#    cols: contact type, clinician, clinical entry
# ---------------------------------------------------------------------------
M = [
    R("m_ref", "2022-07-13", "11:20", "Referral received (SPA)", "SPA Duty - N. Gill",
      "Referral received by email from Westfold Children's Services (SW G. Okafor). 14yo male, low mood, poor sleep, "
      "passive thoughts of not caring if he lives, risk-taking, missing episodes. Parental consent confirmed. "
      "RAG amber - for triage call."),
    R("m_ack", "2022-07-14", None, "Letter", "Admin",
      "Acknowledgement letters sent to mother and referrer. Copy GP.", rawt="tbc",
      note=["time recorded as 'tbc'"]),
    R("m_triage", "2022-07-19", "10:40", "Telephone - parent", "H. Price, CAMHS Practitioner",
      "Triage call with mother. She describes Kai as 'angry all the time' and not sleeping, out late. Mum disclosed "
      "own low mood and alcohol use, under GP. No known self-harm. Offered Choice appointment 08/08."),
    R("m_choice", "2022-08-08", "14:00", "Choice appointment (F2F)", "H. Price, CAMHS Practitioner",
      "Seen with mother, then alone. Kai engaged for approx 20 min. Low mood 'most days', poor sleep, reduced "
      "appetite. Thoughts that things would be easier if he wasn't here, no plan or intent, no self-harm. Protective: "
      "sister, boxing. Formulation: low mood in context of DA, parental alcohol use, extra-familial risk. Plan: "
      "partnership appointments x4."),
    R("m_call_sw", "2022-08-08", "16:00", "Telephone - professional", "H. Price, CAMHS Practitioner",
      "Call to SW Grace Okafor to feed back outcome of Choice. SW shared 2 missing episodes and CCE concerns, "
      "CP plan. Agreed I will attend core group."),
    R("m_gp_letter", "2022-08-10", None, "Letter", "H. Price, CAMHS Practitioner",
      "Clinic letter to GP and mother summarising Choice appointment.", rawt="tbc",
      note=["time recorded as 'tbc'"]),
    R("m_partner1", "2022-09-12", "16:30", "Partnership appointment 1", "H. Price, CAMHS Practitioner",
      "Kai attended with mum, 15 min late. Mood 3/10. Sleep 4 hrs. Completed RCADS - elevated depression "
      "subscale. Started mood diary. Reluctant to talk about where he goes."),
    R("m_cgm2", "2022-09-28", "15:30", "Professionals meeting", "H. Price, CAMHS Practitioner",
      "Attended CP core group at Ashcombe Park Academy. Fed back Kai has attended 1 of 2 appts. Mum agreed to text "
      "reminders."),
    R("m_dna1", "2022-10-10", "16:30", "DNA", "H. Price, CAMHS Practitioner",
      "Kai did not attend partnership appt 2. Mum said he refused to get in the car. Rebooked."),
    R("m_rcpc1", "2022-10-19", "10:00", "Professionals meeting", "H. Price, CAMHS Practitioner",
      "Attended RCPC. Report submitted. Kai remains on CP plan. CAMHS to continue partnership work; consider "
      "neurodevelopmental screen (school query ADHD)."),
    R("m_dna2", "2022-11-02", "16:30", "DNA", "H. Price, CAMHS Practitioner",
      "Second DNA. Phoned mum - no answer, text sent. Letter to offer final appointment."),
    R("m_crisis", "2022-11-07", "00:45", "Crisis liaison assessment (ED)", "Crisis Team - D. Moran",
      "Seen in Westfold General ED after self-harm (cut L forearm, sutured). Kai said he did it because of 'stuff "
      "with people', owes money, feels trapped. Denies intent to die. Mother present, smelt of alcohol. Risk: "
      "moderate. Discharged home with safety plan; 72-hour follow-up by community team."),
    R("m_72hr", "2022-11-10", "15:00", "72-hour follow-up (home visit)", "H. Price, CAMHS Practitioner",
      "72-hour follow-up at home. Wound healing. Kai calmer, talked about pressure from older boys. No further "
      "self-harm. Safety plan reviewed - blades removed. Mum sober."),
    R("m_partner2", "2022-11-24", "16:30", "Partnership appointment 2", "H. Price, CAMHS Practitioner",
      "Kai attended alone (mum unwell). Black eye - said his mum's partner hit him last night but 'it's sorted, he's "
      "gone'. Checked SW aware - yes, police involved."),
    R("m_mdt", "2022-12-07", "13:00", "MDT discussion", "CAMHS MDT",
      "Discussed at MDT. Agreed neurodevelopmental screening questionnaires to school and parent. Continue "
      "partnership. Consider trauma-focused work once safer."),
    R("m_partner3", "2023-01-05", "16:30", "Partnership appointment 3", "H. Price, CAMHS Practitioner",
      "Kai attended. More open - 'Christmas was alright'. Mood 5/10. Sleep still poor. Talked about wanting to "
      "leave Ashcombe."),
    R("m_dna3", "2023-01-19", "16:30", "DNA", "H. Price, CAMHS Practitioner",
      "DNA. Mum said Kai was missing on Tuesday night and is 'wiped out'."),
    R("m_call_mum", "2023-01-20", "09:30", "Telephone - parent", "H. Price, CAMHS Practitioner",
      "Call with mum - Kai refused to rebook, says CAMHS 'is pointless'. Offered to see him at school instead."),
    R("m_school_session", "2023-02-02", "11:00", "Session (school)", "H. Price, CAMHS Practitioner",
      "Saw Kai at school. Short session (20 min). Agreed to try 3 more sessions. ND questionnaires returned by "
      "school - inattention items high."),
    R("m_rcpc2", "2023-04-19", "10:00", "Professionals meeting", "H. Price, CAMHS Practitioner",
      "Attended 2nd RCPC. Kai at PRU. Seen twice at PRU since exclusion. Remains on CP plan."),
    R("m_pru", "2023-05-11", "13:30", "Session (PRU)", "H. Price, CAMHS Practitioner",
      "Session at PRU. Kai talked about court next month. Mood 'alright'. Agreed to end partnership work and refer "
      "on to ADHD assessment pathway."),
    R("m_adhd_ref", "2023-05-15", None, "Internal referral", "H. Price, CAMHS Practitioner",
      "Referred to neurodevelopmental pathway (ADHD assessment). Waiting time approx 18 months.", rawt="tbc",
      note=["time recorded as 'tbc'"]),
    R("m_dna4", "2023-07-27", "14:00", "DNA", "ND Pathway",
      "Did not attend ND pathway information session. Letter sent."),
    R("m_discharge", "2023-09-05", None, "Letter", "H. Price, CAMHS Practitioner",
      "Discharge letter from CAMHS community team to GP, mother and SW. Remains on ND waiting list.", rawt="tbc",
      note=["time recorded as 'tbc'"]),
    R("m_ward", "2023-10-17", "15:15", "Paediatric liaison (ward)", "Liaison - D. Moran",
      "Seen on ward at Northbridge Royal 3 days post-op (stab wound L thigh). Hypervigilant, poor sleep, flashbacks of "
      "the attack. Not suicidal. Re-referral to community CAMHS for trauma assessment."),
    R("m_reref", "2023-10-20", "09:00", "Referral received (SPA)", "SPA Duty - N. Gill",
      "Re-referral from paediatric liaison. Prioritised - trauma symptoms post-assault, CP plan. Allocated to "
      "H. Price."),
]

# ---------------------------------------------------------------------------
# 6. Westfold Youth Justice Service - case record extract (CSV, comma, Windows-1252)
#    cols: contact type, officer, case note
# ---------------------------------------------------------------------------
Y = [
    R("y_ref", "2022-09-08", "10:20", "Referral", "Duty - Lorna Price",
      "Referral from Westfold Police for out-of-court disposal assessment – PWITS class B, arrested 26/08/22. "
      "Kai already known to CSC (CP plan). Allocated to Marcus Reid."),
    R("y_oocd", "2022-09-23", "16:00", "Assessment – home visit", "Marcus Reid",
      "OOCD assessment at home with Kai and mum. Kai accepts he had the cannabis but says it wasn’t his – "
      "he was “holding it” for someone. Mum tearful. Asset+ screening started. Recommending YCC."),
    R("y_jdp", "2022-10-05", "10:00", "Joint Decision Panel", "Marcus Reid",
      "JDP with police. Agreed Youth Conditional Caution – 12 weeks, conditions: engage with YJS, attend "
      "substance misuse session. NRM referral noted – not a bar to YCC."),
    R("y_jv", "2022-10-12", "16:00", "Home visit (joint with SW)", "Marcus Reid",
      "Joint visit with Grace Okafor (SW). Went through the YCC conditions and the intervention plan. Kai keen on "
      "boxing – I’ll look into Ashcombe ABC. Mum sober and supportive."),
    R("y_rcpc1", "2022-10-19", "10:00", "Meeting – CP", "Marcus Reid",
      "Attended RCPC as YJS. Short report given. Kai remains on CP plan."),
    R("y_s1", "2022-10-26", "15:30", "Session", "Marcus Reid",
      "1:1 session at YJS office. Consequential thinking work. Kai quiet, engaged better when we walked to the shop. "
      "Spoke about owing “a few hundred” – would not say to whom."),
    R("y_s2", "2022-11-09", "15:30", "Session", "Marcus Reid",
      "Session. Kai showed me his arm – cut it on Sunday, says CAMHS have been out. Did boxing taster after. Good "
      "engagement."),
    R("y_cgm3", "2022-11-30", "15:30", "Meeting – CP", "Marcus Reid",
      "Core group at family centre. Fed back good engagement with YCC. Eye injury from 23/11 discussed."),
    R("y_s3", "2022-12-14", "15:30", "Session", "Marcus Reid",
      "Substance misuse session with Westfold Young People’s Drug Service worker (YCC condition). Kai uses cannabis "
      "“most days” – harm reduction advice."),
    R("y_ycc_end", "2023-01-04", "11:00", "Case closure (YCC)", "Marcus Reid",
      "YCC conditions complied with – 12 weeks complete. Voluntary support offered and accepted, fortnightly."),
    R("y_mfh_info", "2023-01-11", "09:20", "Information received", "Marcus Reid",
      "Email from MCS – Kai missing since Tuesday evening (4th episode). Cancelled today’s session."),
    R("y_pex", "2023-02-10", "09:00", "Information received", "Marcus Reid",
      "Email from Ashcombe Park Head (sent yesterday afternoon) – Kai permanently excluded after the knife on 08/02."),
    R("y_s4", "2023-02-22", "14:00", "Session", "Marcus Reid",
      "Session at home. Kai angry about exclusion – “they never wanted me there”. PRU start date 01/03. Talked about "
      "the knife – says it was for protection."),
    R("y_nrm_rg", "2023-03-20", "14:30", "Information received", "Marcus Reid",
      "SW confirmed positive reasonable grounds decision (NRM) today. Noted on case file and flagged for any future "
      "court proceedings (s45 MSA 2015)."),
    R("y_rcpc2", "2023-04-19", "10:00", "Meeting – CP", "Marcus Reid",
      "2nd RCPC attended. Plan continues. Raised robbery intel from police re older males."),
    R("y_custody", "2023-05-08", "10:00", "Information received", "Duty - Lorna Price",
      "Custody list: Kai charged with robbery on 06/05, bailed to Youth Court 14/06. Court report required."),
    R("y_psr", "2023-06-07", None, "Court report", "Marcus Reid",
      "Report for Youth Court completed – recommending referral order; NRM RG decision and s45 defence considered by "
      "defence solicitor.", note=["time blank"]),
    R("y_court", "2023-06-14", "11:30", "Court", "Marcus Reid",
      "Westfold Youth Court. Kai pleaded guilty to robbery. 9 month Referral Order. SW and mum present. Panel to be "
      "arranged."),
    R("y_panel", "2023-07-05", "17:00", "Referral Order panel", "Marcus Reid",
      "Initial panel. Contract agreed: reparation 10 hrs, boxing, victim awareness, education at PRU."),
    R("y_s5", "2023-07-19", "14:00", "Session", "Marcus Reid",
      "Victim awareness session. Kai said he “didn’t think” about the lad he robbed. Some reflection by end."),
    R("y_err", None, "10:00", "Session", "Marcus Reid",
      "Reparation session at Ashcombe community garden – 3 hrs completed.", rawd="31-Jun-2023",
      exp="error", note=["impossible date '31-Jun-2023'"]),
    R("y_missed", "2023-08-02", "14:00", "Missed appointment", "Marcus Reid",
      "Kai did not attend. Mum says he is staying at his nan’s. Text sent – first missed appointment."),
    R("y_s6", "2023-08-16", "14:00", "Session", "Marcus Reid",
      "Session at Carol Brennan’s. Kai says he’s staying there since mum’s overdose. Worried about his mum."),
    R("y_warning", "2023-09-06", "14:00", "Warning letter", "Marcus Reid",
      "Second missed appointment without acceptable reason. Formal warning letter issued."),
    R("y_s7", "2023-09-27", "14:00", "Session", "Marcus Reid",
      "Session. Kai said people are “looking for him” after a fall-out in Dunmere. Shared with SW and police "
      "(intel form) same day."),
    R("y_strat3", "2023-10-16", "11:00", "Strategy meeting", "Marcus Reid",
      "Strategy discussion following Kai’s stabbing on Saturday night. YJS: Kai had told me on 27/09 that people were "
      "looking for him. Referral order to be paused while in hospital."),
    R("y_hosp", "2023-10-18", "15:00", "Hospital visit", "Marcus Reid",
      "Visited Kai at Northbridge Royal. In pain, quiet. Said he is done with it all. Agreed to look at boxing "
      "club out of area."),
]
_i = [r["lab"] for r in Y].index("y_s1")
Y.insert(_i + 1, copy_of(Y[_i], "y_s1_copy",
                         change=lambda r: r["cols"].__setitem__(2, r["cols"][2] + " "),
                         note="copy of the previous row (trailing space)"))

# ---------------------------------------------------------------------------
# Same events, copies and hard negatives (by label)
# ---------------------------------------------------------------------------
SAME = [
    ("E01", "DA incident at 14 Larch Close; police and ambulance attend Leanne", ["p_da1", "a_da1"]),
    ("E02", "PPN for the 12/05 DA incident sent by police, received by MASH", ["p_ppn1", "c_ppn1"]),
    ("E03", "Operation Encompass notification (12/05 incident) sent and received", ["p_enc1", "s_enc1"]),
    ("E04", "First MARAC", ["p_marac1", "c_marac1"]),
    ("E05", "Kai reported missing (1st episode); police inform EDT", ["p_mfh1", "c_mfh1_edt"]),
    ("E06", "Police phone school to ask if Kai is in (missing 1)", ["p_schq1", "s_police_call"]),
    ("E07", "Kai found at Dunmere Retail Park (missing 1)", ["p_found1", "c_found1"]),
    ("E08", "Return home interview at school (missing 1)", ["c_rhi1", "s_rhi1"]),
    ("E09", "Kai found on Gorsey Lane (missing 2); EDT updated", ["p_found2", "c_found2_edt"]),
    ("E10", "Strategy discussion re CCE", ["c_strat1", "p_strat1", "s_strat1"]),
    ("E11", "CAMHS referral sent by SW and received by CAMHS SPA", ["c_camhs_ref", "m_ref"]),
    ("E12", "Initial child protection conference", ["c_icpc", "p_icpc1", "s_icpc"]),
    ("E13", "ICPC minutes emailed / received", ["c_icpc_mins", "s_icpc_mins"]),
    ("E14", "Phone call CAMHS practitioner to SW after Choice appointment", ["m_call_sw", "c_camhs_call"]),
    ("E15", "Custody sergeant's call to EDT re appropriate adult", ["p_edt_aa", "c_edt_aa"]),
    ("E16", "DSL's phone call to SW about the 5-day suspension", ["s_susp_call", "c_school_call"]),
    ("E17", "Kai found at Kestrel House cuckooed flat (missing 3)", ["p_found3", "c_found3"]),
    ("E18", "MACE panel", ["c_mace", "p_mace1", "s_mace"]),
    ("E19", "Core group meeting 2 at school", ["c_cgm2", "s_cgm2", "m_cgm2"]),
    ("E20", "Joint decision panel - youth conditional caution", ["y_jdp", "p_jdp"]),
    ("E21", "Joint home visit SW and YJS officer", ["y_jv", "c_yjs_jv"]),
    ("E22", "First review child protection conference", ["c_rcpc1", "s_rcpc1", "m_rcpc1", "y_rcpc1", "p_rcpc1"]),
    ("E23", "Kai self-harm: 999 call, conveyance and ED crisis assessment", ["a_selfharm", "m_crisis"]),
    ("E24", "Ambulance safeguarding referral sent and received by MASH", ["a_sfg", "c_amb_ref"]),
    ("E25", "Operation Encompass notification (23/11 incident)", ["p_enc2", "s_enc2"]),
    ("E26", "PPN for the 23/11 DA incident received by MASH", ["p_ppn2", "c_ppn2"]),
    ("E27", "Core group meeting 3 at family centre", ["c_cgm3", "s_cgm3", "y_cgm3"]),
    ("E28", "Second (repeat) MARAC", ["p_marac2", "c_marac2"]),
    ("E29", "Kai reported missing (4th episode); EDT informed", ["p_mfh4", "c_mfh4_edt"]),
    ("E30", "Return home interview at school (missing 4)", ["c_rhi4", "s_rhi4"]),
    ("E31", "Lock knife found in Kai's bag at school; police called", ["p_knife", "s_knife"]),
    ("E32", "Permanent exclusion letter/email to SW and YJS", ["s_pex", "c_pex", "y_pex"]),
    ("E33", "NRM positive reasonable grounds decision shared", ["c_nrm_rg", "y_nrm_rg"]),
    ("E34", "Strategy discussion re Maisie's ingestion", ["c_strat_m", "p_strat_m"]),
    ("E35", "Second review child protection conference", ["c_rcpc2", "m_rcpc2", "y_rcpc2", "p_rcpc2"]),
    ("E36", "Youth Court - referral order for robbery", ["y_court", "c_court"]),
    ("E37", "Leanne found unresponsive; ambulance and police attend", ["a_leanne6", "p_leanne"]),
    ("E38", "Kai stabbed on Millfield Road; 999 and police attendance", ["a_stab", "p_stab"]),
    ("E39", "Police inform CSC EDT of the stabbing", ["p_stab_edt", "c_stab_edt"]),
    ("E40", "Strategy discussion after the stabbing", ["c_strat3", "p_strat3", "y_strat3"]),
]
COPIES = [
    ("c1", "Police MFH report (2nd episode) pasted twice, trailing space", ["p_mfh2", "p_mfh2_copy"]),
    ("c2", "CSC home visit 24/05 pasted twice, extra full stop", ["c_hv1", "c_hv1_copy"]),
    ("c3", "School CPOMS fight entry exported twice", ["s_fight", "s_fight_copy"]),
    ("c4", "Ambulance Maisie ingestion row duplicated, seconds differ", ["a_maisie2", "a_maisie2_copy"]),
    ("c5", "YJS session 26/10 pasted twice, trailing space", ["y_s1", "y_s1_copy"]),
]
HARD = [
    ("h1", "Missing report 20/06 vs return home interview 23/06", ["p_mfh1", "c_rhi1"],
     "the report and, days later, the return home interview are different events"),
    ("h2", "Police missing report 27/06 vs EDT record of the 20/06 missing report", ["p_mfh2", "c_mfh1_edt"],
     "two missing episodes a week apart"),
    ("h3", "Found on Gorsey Lane 28/06 vs found at Dunmere 21/06", ["p_found2", "c_found1"],
     "two different returns a week apart"),
    ("h4", "School's record of the 09:05 police call vs police 'found' entry 14:30 same day", ["s_police_call", "p_found1"],
     "police made two different contacts that day"),
    ("h5", "SW's CAMHS referral 13/07 vs CAMHS acknowledgement letter 14/07", ["c_camhs_ref", "m_ack"],
     "a referral and its acknowledgement next day"),
    ("h6", "ICPC meeting 20/07 vs school's receipt of ICPC minutes 03/08", ["c_icpc", "s_icpc_mins"],
     "a meeting and an email about its minutes"),
    ("h7", "Core group 17/08 vs core group 28/09", ["c_cgm1", "s_cgm2"], "two core groups six weeks apart"),
    ("h8", "Kai's arrest 18:45 vs custody call to EDT 19:40", ["p_arrest_k", "c_edt_aa"],
     "arrest and later call about an appropriate adult are different contacts the same evening"),
    ("h9", "Grandmother's two calls to CSC on 03/10", ["c_carol1", "c_carol2"],
     "two calls from the same relative on the same day"),
    ("h10", "Grandmother's afternoon call to CSC vs her evening 101 call to police", ["c_carol2", "p_carol"],
     "same relative, different calls to different agencies"),
    ("h11", "999 call for self-harm at night vs SW home visit next morning", ["a_selfharm", "c_selfharm_visit"],
     "a 999 call at night and next day's social work visit about it"),
    ("h12", "Ambulance conveyance to ED 06/11 vs CAMHS 72-hour follow-up 10/11", ["a_selfharm", "m_72hr"],
     "an ED attendance and the CAMHS follow-up"),
    ("h13", "CAMHS crisis assessment in ED vs MASH receiving the ambulance referral, same day",
     ["m_crisis", "c_amb_ref"], "different contacts about the same self-harm"),
    ("h14", "Missing report 10/01 vs EDT record of the 17/01 missing report", ["p_mfh4", "c_mfh5_edt"],
     "two missing episodes a week apart"),
    ("h15", "RHI 16/01 vs next missing report 17/01", ["c_rhi4", "p_mfh5"],
     "return interview for one episode and the report of the next"),
    ("h16", "Encompass notification vs school's own record of Kai's eye injury that morning", ["p_enc2", "s_injury"],
     "school made two different entries that morning"),
    ("h17", "Core group 30/11 vs MARAC 01/12", ["c_cgm3", "p_marac2"], "different meetings on consecutive days"),
    ("h18", "PPN to MASH vs Encompass to school, same night (12/05)", ["p_ppn1", "s_enc1"],
     "two different notifications from the same incident"),
    ("h19", "Encompass to school vs PPN received by MASH (12/05)", ["p_enc1", "c_ppn1"],
     "two different notifications from the same incident"),
    ("h20", "CAMHS Choice appointment 14:00 vs SW's record of the CAMHS phone call 16:00", ["m_choice", "c_camhs_call"],
     "appointment and later phone call the same day"),
    ("h21", "Classroom incident 10:45 vs DSL's call to SW about the suspension 13:30", ["s_incident", "c_school_call"],
     "the incident and a later call about its consequence"),
    ("h22", "Second RHI 05/07 vs first RHI 23/06", ["c_rhi2", "s_rhi1"], "two different return home interviews"),
    ("h23", "Knife found at school 08/02 vs exclusion email 09/02", ["s_knife", "c_pex"],
     "incident and next day's exclusion notification"),
    ("h24", "Maisie's ingestion 999 call 25/03 vs SW visit 26/03", ["a_maisie2", "c_maisie_visit"],
     "a 999 call at night and next day's social work visit about it"),
    ("h25", "SW visit 26/03 vs strategy discussion 27/03", ["c_maisie_visit", "p_strat_m"],
     "visit and the following day's strategy discussion"),
    ("h26", "Stabbing 999 call 14/10 vs SW hospital visit 15/10", ["a_stab", "c_hosp_visit"],
     "incident and next day's visit"),
    ("h27", "Ambulance safeguarding referral after stabbing vs police EDT notification", ["a_stab_sfg", "c_stab_edt"],
     "the EDT entry records the police call, not the ambulance referral"),
    ("h28", "Police missing report 20/06 vs school absence call from mum 21/06", ["p_mfh1", "s_absence1"],
     "mother's call to the school is a different contact from her report to police"),
]

# ---------------------------------------------------------------------------
# Writers
# ---------------------------------------------------------------------------
FILES = {}


def iso2(d, fmt):
    return dt.date.fromisoformat(d).strftime(fmt)


def first7(text):
    return " ".join(text.split()[:7])


def register(fname, agency, fmt, rows, narr_idx, meta, columns):
    FILES[fname] = dict(agency=agency, fmt=fmt, rows=rows, narr_idx=narr_idx, meta=meta, columns=columns)


# police CSV
P_HEAD = ["SERIAL", "DATE", "TIME", "OCCURRENCE TYPE", "DETAILS", "OIC/AUTHOR"]
with open(os.path.join(HERE, "police_niche_extract.csv"), "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(P_HEAD)
    for r in P:
        serial, typ, det, oic = r["cols"]
        date = r["rawd"] or iso2(r["d"], "%d/%m/%Y")
        time = r["rawt"] if r["rawt"] is not None else (r["t"].replace(":", "") if r["t"] else "")
        w.writerow([serial, date, time, typ, det, oic])
register("police_niche_extract.csv", "Westfold Constabulary", "csv", P, [2],
         {"encoding": "utf-8", "delimiter": ",", "header_rows": [1]},
         {"date": "DATE", "time": "TIME", "narrative": ["DETAILS"], "type": "OCCURRENCE TYPE",
          "other": ["SERIAL", "OIC/AUTHOR"]})

# CSC xlsx with title block
C_HEAD = ["Date of Event", "Time", "Child", "Event Type", "Case Note", "Worker"]
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Chronology"
ws["A1"] = "Westfold County Council – Children's Services"
ws["A1"].font = Font(bold=True, size=14)
ws["A2"] = "Multi-agency chronology: Kai BRENNAN (ID 448213) and Maisie HOLT (ID 512907)"
ws["A3"] = "Extracted from LiquidLogic LCS 02/11/2023 for CSPR. Period 01/05/2022 – 31/10/2023. OFFICIAL-SENSITIVE"
ws.append([])
ws.append(C_HEAD)
for c in ws[5]:
    c.font = Font(bold=True)
for r in C:
    child, typ, note, worker = r["cols"]
    dv = r["rawd"] if r["rawd"] else dt.datetime.fromisoformat(r["d"])
    tv = r["rawt"] if r["rawt"] is not None else (r["t"] or "")
    ws.append([dv, tv, child, typ, note, worker])
    if not r["rawd"]:
        ws.cell(row=ws.max_row, column=1).number_format = "dd/mm/yyyy"
for col, wdt in zip("ABCDEF", [13, 9, 26, 30, 100, 26]):
    ws.column_dimensions[col].width = wdt
wb.save(os.path.join(HERE, "csc_liquidlogic_chronology.xlsx"))
register("csc_liquidlogic_chronology.xlsx", "Westfold County Council Children's Services", "xlsx", C, [2],
         {"sheet": "Chronology", "header_rows": [5]},
         {"date": "Date of Event", "time": "Time", "narrative": ["Case Note"], "type": "Event Type",
          "other": ["Child", "Worker"]})

# School xlsx plain
S_HEAD = ["Student", "Date", "Time", "Categories", "Incident", "Action Taken", "Reported By"]
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "CPOMS export"
ws.append(S_HEAD)
for r in S:
    student, cats, inc, action, rep = r["cols"]
    ws.append([student, dt.datetime.fromisoformat(r["d"]), r["t"] or None, cats, inc or None, action or None, rep])
    ws.cell(row=ws.max_row, column=2).number_format = "dd/mm/yyyy"
wb.save(os.path.join(HERE, "ashcombe_park_cpoms_export.xlsx"))
register("ashcombe_park_cpoms_export.xlsx", "Ashcombe Park Academy", "xlsx", S, [2],
         {"sheet": "CPOMS export", "header_rows": [1]},
         {"date": "Date", "time": "Time", "narrative": ["Incident"], "type": "Categories",
          "other": ["Student", "Action Taken", "Reported By"]})

# Ambulance CSV semicolon
A_HEAD = ["Incident No", "Call Date", "T0 Call", "Pt", "Presenting Complaint", "Clinical Narrative",
          "Disposition", "Sfg Referral"]
with open(os.path.join(HERE, "wdas_epcr_extract.csv"), "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, delimiter=";")
    w.writerow(A_HEAD)
    for r in A:
        inc, pt, pc, narr, disp, sfg = r["cols"]
        w.writerow([inc, r["d"], r["rawt"] if r["rawt"] is not None else r["t"], pt, pc, narr, disp, sfg])
register("wdas_epcr_extract.csv", "Westfold & Downs Ambulance Service NHS Trust", "csv", A, [2, 3],
         {"encoding": "utf-8", "delimiter": ";", "header_rows": [1]},
         {"date": "Call Date", "time": "T0 Call", "narrative": ["Presenting Complaint", "Clinical Narrative"],
          "type": None, "other": ["Incident No", "Pt", "Disposition", "Sfg Referral"]})

# CAMHS docx
M_HEAD = ["Date", "Time", "Contact Type", "Clinician", "Clinical Entry"]
d = docx.Document()
d.add_heading("Westfold Healthcare NHS Trust – CAMHS", level=1)
d.add_paragraph("Summary of clinical contacts for Child Safeguarding Practice Review")
d.add_paragraph("Patient: Kai BRENNAN   DOB 14/03/2008   NHS No. 943 221 0875")
d.add_paragraph("Source: RiO progress notes, summarised by Named Nurse for Safeguarding Children. "
                "Period 01/05/2022 – 31/10/2023.")
t = d.add_table(rows=1, cols=len(M_HEAD))
t.style = "Table Grid"
for i, h in enumerate(M_HEAD):
    t.rows[0].cells[i].text = h
for r in M:
    typ, clin, entry = r["cols"]
    cells = t.add_row().cells
    cells[0].text = r["rawd"] or iso2(r["d"], "%d.%m.%Y")
    cells[1].text = r["rawt"] if r["rawt"] is not None else (r["t"] or "")
    cells[2].text = typ
    cells[3].text = clin
    cells[4].text = entry
d.add_paragraph("End of summary. Compiled by L. Tranter, Named Nurse, 06/11/2023.")
d.save(os.path.join(HERE, "camhs_contacts_summary.docx"))
register("camhs_contacts_summary.docx", "Westfold Healthcare NHS Trust CAMHS", "docx", M, [2],
         {"header_rows": [1]},
         {"date": "Date", "time": "Time", "narrative": ["Clinical Entry"], "type": "Contact Type",
          "other": ["Clinician"]})

# YJS CSV cp1252
Y_HEAD = ["Date", "Time", "Contact Type", "Officer", "Case Note"]
with open(os.path.join(HERE, "yjs_case_record.csv"), "w", newline="", encoding="cp1252") as f:
    w = csv.writer(f)
    w.writerow(Y_HEAD)
    for r in Y:
        typ, off, note = r["cols"]
        date = r["rawd"] or iso2(r["d"], "%d-%b-%Y")
        w.writerow([date, r["rawt"] if r["rawt"] is not None else (r["t"] or ""), typ, off, note])
register("yjs_case_record.csv", "Westfold Youth Justice Service", "csv", Y, [2],
         {"encoding": "cp1252", "delimiter": ",", "header_rows": [1]},
         {"date": "Date", "time": "Time", "narrative": ["Case Note"], "type": "Contact Type",
          "other": ["Officer"]})

# ---------------------------------------------------------------------------
# Answer key
# ---------------------------------------------------------------------------
where = {}
for fname, info in FILES.items():
    for n, r in enumerate(info["rows"], 1):
        assert r["lab"] not in where, r["lab"]
        where[r["lab"]] = (fname, n, r)

for kind, items in (("same", SAME), ("copy", COPIES)):
    for gid, what, labs in items:
        for lab in labs:
            where[lab][2]["notes"].append(("same event " if kind == "same" else "within-file copy ") + gid)
for hid, what, labs, why in HARD:
    for lab in labs:
        where[lab][2]["notes"].append("hard negative " + hid)

for fname, info in FILES.items():
    rows_out = []
    for n, r in enumerate(info["rows"], 1):
        narr = " ".join(r["cols"][i] for i in info["narr_idx"])
        rows_out.append({"n": n, "date": r["d"], "time": r["t"], "snippet": first7(narr),
                         "expect": r["exp"], "notes": r["notes"]})
    out = {"file": fname, "agency": info["agency"], "format": info["fmt"],
           "header_rows": info["meta"]["header_rows"], "columns": info["columns"], "rows": rows_out}
    for k in ("encoding", "delimiter", "sheet"):
        if k in info["meta"]:
            out[k] = info["meta"][k]
    with open(os.path.join(EXP, fname + ".json"), "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1, ensure_ascii=False)


def member(lab):
    return {"file": where[lab][0], "n": where[lab][1]}


same_out = []
for gid, what, labs in SAME + COPIES:
    dates = sorted(where[l][2]["d"] for l in labs)
    same_out.append({"id": gid, "what": what, "date": dates[0], "members": [member(l) for l in labs],
                     "within_file": gid.startswith("c")})
with open(os.path.join(EXP, "same_events.json"), "w", encoding="utf-8") as f:
    json.dump(same_out, f, indent=1, ensure_ascii=False)

hard_out = [{"id": hid, "what": what, "dates": [where[l][2]["d"] for l in labs],
             "members": [member(l) for l in labs], "why": why} for hid, what, labs, why in HARD]
with open(os.path.join(EXP, "hard_negatives.json"), "w", encoding="utf-8") as f:
    json.dump(hard_out, f, indent=1, ensure_ascii=False)

for fname, info in FILES.items():
    print(f"{fname}: {len(info['rows'])} rows")
print(f"same-event groups: {len(SAME)}, copies: {len(COPIES)}, hard negatives: {len(HARD)}")
