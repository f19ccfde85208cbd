"""Eastvale Police -- export from the records system pasted into a CSV.

Layout: comma CSV, UTF-8 (no BOM), CRLF, one header row. Date and time share
one cell ("Date/Time"); narratives may contain line breaks (quoted).
"""
import csv
from common import R

FILE = "Eastvale_Police_chronology_HOLLINS.csv"
AGENCY = "Eastvale Police"
FORMAT = "csv"
LAYOUT = ["Ref No", "Date/Time", "Occurrence Type", "Officer", "Summary",
          "Risk", "Action/Outcome"]
CELLS = ["Ref No", "Occurrence Type", "Officer", "Summary", "Risk",
         "Action/Outcome"]
DATE_COL = "Date/Time"
TIME_COL = "Date/Time"
NARR = ["Summary"]
TYPE_COL = "Occurrence Type"
HEADER_ROWS = [1]
EXTRA = {"encoding": "utf-8", "delimiter": ","}

ROWS = [
    R("2021-04-02", "14:12", "EV/21/036470", "Intelligence", "DC 4417 WILDE (MASH)",
      "Intel: Dean MARSH (30/11/1989) now believed to be residing at 14 Larch Close, Millbridge with partner Kerry HOLLINS (08/06/1994) and her 2 children. MARSH has DA history with previous partner 2017-2019 - 2x PPN and conviction for common assault (Oct 2019). Address not previously known to police.",
      "N/A", "Intel log submitted (B2)"),
    R("2021-04-25", "22:40", "EV/21/041188", "Domestic Incident", "Control Room",
      "999 call from neighbour at 16 Larch Close reporting shouting and banging from no.14, female heard screaming 'get out'. Caller does not know the occupants well. Graded Immediate.",
      "", "PC 2241 REDDY and PC 1893 LYLE deployed"),
    R("2021-04-25", "22:52", "EV/21/041188", "Domestic Incident", "PC 2241 REDDY",
      "Officers on scene. Verbal argument between Kerry HOLLINS and partner Dean MARSH re money and him going out drinking. No injuries seen or disclosed, no damage.\nBoth children in address - Maisie (2) asleep in cot, Tyler (7) awake on landing, appeared upset but said he was 'ok'.\nMARSH had been drinking but calm with police. Agreed to leave for the night to his mums address (Flat 9 Cornmarket Court, Eastvale). BWV recorded.",
      "Standard", "DASH completed - standard (4 ticks). No offences disclosed.", lab="pol_da1"),
    R("2021-04-25", "23:58", "EV/21/041188", "PPN", "PC 2241 REDDY",
      "PPN (child) submitted to MASH for both children - verbal DA witnessed, 7yr old awake and upset. Op Encompass notification for Brookfield Primary (Tyler) to go out for Monday morning.",
      "Standard", "PPN ref 21/PPN/08812", ev="E01"),
    R("2021-05-17", "", "", "MASH", "DC 4417 WILDE (MASH)",
      "Police MASH research requested by MASH SW (school referral, child disclosure re remote control thrown). Checks completed and shared with MASH: DA incident 25/04/21 at address as above, MARSH previous DA history x2 PPN + 2019 conviction common assault (ex partner Jade COOPER).",
      "N/A", "Shared with MASH", ev="E45"),
    R("2021-06-16", "23:50", "EV/21/058302", "Domestic Incident", "Control Room",
      "999 call from female at 14 Larch Close, screaming, male voice heard in background then line went dead. Call back x2 unanswered. Graded Immediate.",
      "", "PC 1893 LYLE / PC 2241 REDDY / PS 906 HESKETH deployed"),
    R("2021-06-16", "23:58", "EV/21/058302", "Domestic Incident", "PC 1893 LYLE",
      "On scene within 8 mins. IP Kerry HOLLINS in kitchen with cut to L eyebrow (bleeding) and swelling to L cheek. States MARSH slapped her then pushed her into the door frame during an argument about his phone.\nMaisie (2) was in the kitchen in her highchair at the time - IP says she had been holding her before MARSH pushed her. Tyler (7) came downstairs crying.\nMARSH still at address, aggressive towards officers, arrested 00:06 for assault (s39, ?s47). IP declined ambulance, said she would go to A&E in the morning with her mum.",
      "High", "MARSH arrested - conveyed Eastvale custody"),
    R("2021-06-17", "00:40", "EV/21/058302", "Call", "PS 906 HESKETH",
      "PS HESKETH rang EDT to advise children present at DA incident. MARSH in custody. IP and children remaining at address, maternal grandmother Linda HOLLINS coming over to stay. EDT SW (Colin) happy children are safe tonight, will pass to MASH in morning.",
      "High", "EDT informed", ev="E09"),
    R("2021-06-17", "03:30", "EV/21/058302", "PPN", "PC 1893 LYLE",
      "PPN submitted (adult + child). DASH HIGH - 16 ticks (injury, escalation, jealous/controlling re phone, alcohol, previous DA history of perp, separation talked about). MARAC referral to follow by OIC. Op Encompass to Brookfield Primary.",
      "High", "PPN ref 21/PPN/11930", ev="E10"),
    R("2021-06-17", "10:58", "EV/21/058302", "Referral", "DC 3310 FARRANT",
      "Referral to EDAS IDVA service (high risk) sent by secure email. MARAC referral form sent to MARAC co-ordinator for next MARAC 08/07.",
      "High", "IDVA + MARAC referrals done", ev="E11"),
    R("2021-06-17", "11:30", "EV/21/058302", "Enquiry", "DC 3310 FARRANT",
      "Attended EGH ED where IP being treated. IP gave first account consistent with initial account to officers. Photos taken of injury with consent (laceration L eyebrow approx 1.5cm - glued, bruising L cheek bone). IP undecided about making a statement, said 'he's not a bad person when he's not drinking'.",
      "High", "Photos uploaded. Re-visit with SW tomorrow", ev="E12", lab="pol_ed_jun"),
    R("2021-06-17", "14:00", "EV/21/058302", "Meeting", "DS 2790 PRENTICE",
      "Strategy discussion via Teams. DS PRENTICE for police, MASH SW Beth KINSELLA, allocated SW Priya NANDRA, HV Sarah PENHALIGON. Agreed s47 enquiries - joint with police. Joint visit to school (Tyler) and then home address tomorrow am.",
      "High", "s47 joint", ev="E13"),
    R("2021-06-17", "16:45", "EV/21/058302", "Custody", "DC 3310 FARRANT",
      "MARSH interviewed with duty solicitor - no comment. CPS authority - charged s39 common assault. Bailed to Eastvale Magistrates 12/07/21.\nConditions: not to contact Kerry HOLLINS directly or indirectly, not to enter Larch Close Millbridge.",
      "High", "Charged and bailed with conditions"),
    R("2021-06-18", "09:15", "EV/21/058302", "Visit", "DC 3310 FARRANT",
      "With SW P NANDRA at Brookfield Primary to speak to Tyler (7). Spoke with him in the library, DSL Mrs WHITBY present. T said he heard shouting and 'a bang' and came down and mummy was crying and had blood on her face. Said Dean 'shouts loads' and he doesnt like it when he drinks the beer. Did not indicate any physical harm to himself. ABE not required at this stage.",
      "High", "No further action re T at this stage", ev="E15"),
    R("2021-06-18", "11:00", "EV/21/058302", "Visit", "DC 3310 FARRANT",
      "Joint home visit 14 Larch Close with SW NANDRA. IP present with Maisie and MGM. Statement declined today - IP 'thinking about it'. Safety planning done, IP advised of bail conditions and to call 999 if he turns up. Home conditions fine, Maisie appeared well, clean, playing.",
      "High", "Re-contact IP re statement next week", raw="18 /06/2021 11:00",
      notes=["mistyped_date"], ev="E16"),
    R("2021-06-21", "19:20", "EV/21/059977", "Concern for Welfare", "PC 2241 REDDY",
      "Neighbour (no.16) called 101 - MARSH's car (silver Astra, part VRM EV09) parked in Larch Close for approx 20 mins. Area search by officers, no trace of vehicle or MARSH. IP not answering phone.",
      "High", "PCSO reassurance visit tomorrow", lab="pol_car"),
    R("2021-06-22", "am", "EV/21/059977", "Visit", "PCSO 7702 DYER",
      "Reassurance visit to IP. She said she has not seen MARSH and didnt know he had been outside. Crime prevention advice given, doorbell camera suggested.",
      "High", "Nil further"),
    R("2021-06-29", "15:10", "EV/21/058302", "Statement", "DC 3310 FARRANT",
      "IP attended Millbridge police station by appointment and provided VRI statement re assault 16/06.",
      "High", "File to CPS", lab="pol_vri"),
    R("2021-07-06", "13:30", "", "Meeting", "DC 3310 FARRANT",
      "ICPC attended via Teams. Police info shared - 2 DA incidents at address since April, MARSH charged, bail conditions in place, trial date awaited. Both children made subject to CP plans under category of emotional abuse.",
      "N/A", "Police actions: update core group re court", ev="E18"),
    R("2021-07-08", "10:00", "", "MARAC", "DC 3310 FARRANT",
      "MARAC - case 14 of 22, DC FARRANT presenting. Actions for police: DA marker on address (ICAD), bail compliance checks, update MARAC on court outcome.",
      "High", "Actions accepted", ev="E19"),
    R("2021-07-08", "12:05", "", "Intelligence", "DC 3310 FARRANT",
      "Warning marker added to ICAD for 14 Larch Close - MARAC high risk victim, children in household. Any call to be graded immediate.",
      "High", "Marker live", lab="icad1"),
    R("2021-07-08", "12:05", "", "Intelligence", "DC 3310 FARRANT",
      "Warning marker added to ICAD for 14 Larch Close - MARAC high risk victim, children in household. Any call to be graded immediate.",
      "High", "Marker live", copy="icad1"),
    R("2021-07-12", "--:--", "EV/21/058302", "Court", "DC 3310 FARRANT",
      "MARSH appeared Eastvale Mags - pleaded NOT guilty. Trial listed 04/10/2021. Bail conditions continue.",
      "High", "Witness warning to IP"),
    R("2021-09-02", "14:40", "EV/21/058302", "Call", "DC 3310 FARRANT",
      "Call from IP to DC FARRANT - wants to withdraw her statement, 'we've sorted things out and he's been on a course'. Advised her re implications and that CPS make the decision whether to go ahead. Asked if CSC know, she says she will tell her SW.",
      "High", "Retraction statement to be arranged"),
    R("2021-09-02", "15:05", "EV/21/058302", "Email", "DC 3310 FARRANT",
      "Email to SW P NANDRA informing her of IP's request to withdraw support for prosecution.",
      "High", "CSC informed", ev="E46"),
    R("2021-09-10", "11:00", "EV/21/058302", "Statement", "DC 3310 FARRANT",
      "Retraction statement taken from IP at Millbridge. IP says she was not pressured by MARSH. Says she still loves him but they are 'taking it slow'.",
      "High", "To CPS for review"),
    R("2021-09-27", "n/k", "EV/21/058302", "Court", "DC 3310 FARRANT",
      "CPS review - case discontinued, insufficient evidence without IP support (no independent witnesses, Tyler not ABE'd). MARSH informed via his solicitor. Bail conditions no longer apply.",
      "High", "Crime finalised"),
    R("2021-10-05", "10:00", "", "Meeting", "DS 2790 PRENTICE",
      "RCPC attended by DS PRENTICE (OIC on leave). Conference informed that prosecution discontinued. CP plans continued - emotional abuse.",
      "N/A", "Nil new police actions", ev="E22"),
    R("2021-11-14", "01:15", "EV/21/104465", "Concern for Welfare", "PC 2250 AKHTAR",
      "Call from Linda HOLLINS (MGM) stating she was at her daughter's house earlier in the evening and thinks MARSH is staying there - 'his boots are in the hall and his vape is on the side'. Officers attended 02:05, no answer at door, lights off, no noise heard. No offences disclosed.",
      "Medium", "Info to MASH"),
    R("2021-11-14", "02:40", "EV/21/104465", "PPN", "PC 2250 AKHTAR",
      "PPN (child - concern for welfare) submitted re above for info of allocated SW (children on CP plans).",
      "Medium", "PPN ref 21/PPN/19005", ev="E47"),
    R("2022-01-27", "21:15", "EV/22/009871", "Domestic Incident", "Control Room",
      "999 call from Kerry HOLLINS - ex partner Dean MARSH at her front door kicking it and shouting 'let me see my kid'. Caller with children inside, door chain on. Graded Immediate (ICAD marker).",
      "", "Units deployed"),
    R("2022-01-27", "21:31", "EV/22/009871", "Domestic Incident", "PC 2241 REDDY",
      "On scene - MARSH had left before arrival. Damage to front door (lower panel cracked). IP very frightened. States MARSH has been texting her all day - shown 40+ messages incl 'you'll regret this' and 'I know where your mum lives'. Children in bedroom with IP, Tyler awake.\nIP says she ended relationship before Christmas.",
      "High", "DASH HIGH (15). Area search neg."),
    R("2022-01-27", "23:55", "EV/22/009871", "PPN", "PC 2241 REDDY",
      "PPN submitted adult + child. MARAC re-referral (repeat within 12 months). Op Encompass - Brookfield Primary.",
      "High", "PPN ref 22/PPN/01460", ev="E28", lab="pol_ppn3"),
    R("2022-01-28", "07:10", "EV/22/009871", "Arrest", "PC 1893 LYLE",
      "MARSH arrested at his mothers address (Cornmarket Court) for criminal damage and harassment (s2 PHA 1997). Conveyed to custody.",
      "High", "In custody"),
    R("2022-01-28", "16:30", "EV/22/009871", "Custody", "DC 3310 FARRANT",
      "Interviewed - admits damage to door 'I just wanted to see Maisie'. Charged crim damage, harassment NFA by CPS. Bailed to court 03/03/22 with conditions not to contact IP or attend Larch Close.",
      "High", "Charged and bailed"),
    R("2022-02-10", "10:00", "", "MARAC", "PC 1893 LYLE",
      "MARAC repeat case. IP and children now in temporary accommodation (Kestrel House, Eastvale). Police to update markers, to seek restraining order on conviction.",
      "High", "Actions accepted", ev="E30"),
    R("2022-02-10", "11:45", "", "Intelligence", "PC 1893 LYLE",
      "ICAD marker updated: Room 6 Kestrel House, 22 Harbour Road, Eastvale. Larch Close marker removed (address vacated).",
      "High", "Marker live"),
    R("2022-03-03", "", "EV/22/009871", "Court", "DC 3310 FARRANT",
      "MARSH pleaded guilty crim damage at Eastvale Mags. Fined £200 + £150 compensation. Restraining order 12 months - not to contact Kerry HOLLINS except through solicitor re child arrangements, not to attend her address.",
      "High", "RO served at court", lab="pol_court"),
    R("2022-03-22", "13:00", "", "Meeting", "DC 3310 FARRANT",
      "RCPC attended by DC FARRANT. Police view - risk from MARSH remains, RO only 12 months. Conference decision: CP plans end, step down to CIN. Police disagreed and asked for this to be minuted.",
      "N/A", "Dissent recorded", ev="E32"),
    R("2022-07-18", "17:40", "EV/22/071233", "Crime - Harassment", "PC 2241 REDDY",
      "101 report from Kerry HOLLINS that MARSH has been messaging her on Facebook from a new account ('Deano M'). She has blocked it. Possible breach of RO. Crime raised. IP not wanting to make statement at this time.",
      "Medium", "OIC to contact IP"),
    R("2022-07-25", "10:20", "EV/22/071233", "Enquiry", "PC 2241 REDDY",
      "Attempted contact with IP x2 by phone, no answer. Text sent asking her to call.",
      "Medium", ""),
    R(None, "", "", "Intelligence", "PCSO 7702 DYER",
      "MARSH seen by PCSO on a number of occasions in Millbridge in the area of Mill Row / the Co-op. Not known at the time that IP living at Mill Row. Date(s) not recorded.",
      "N/A", "Intel", notes=["no_date"]),
    R("2022-08-05", "09:00", "EV/22/071233", "Crime", "PC 2241 REDDY",
      "Crime filed - victim does not support, no further lines of enquiry (Facebook account deleted).",
      "Medium", "Filed"),
    R("2022-09-17", "16:50", "EV/22/088410", "Call", "Control Room",
      "Call from EGH ED nurse in charge - 3yr old Maisie HOLLINS brought in by mother with head injury and bruising to arms and back, injuries not consistent with explanation given (fell down stairs at home, 2 Mill Row Millbridge). CAIT informed.",
      "High", "DC 2215 OSEI (CAIT) + PC REDDY to EGH", ev="E49"),
    R("2022-09-17", "17:45", "EV/22/088410", "Visit", "DC 2215 OSEI",
      "DC OSEI and PC REDDY at EGH ED. Spoke with mother. Account: M fell on the stairs while mum in kitchen. Mum states she was alone with the children. Maisie being admitted to paeds for CP medical tomorrow. PPO not needed - mum agreeing to stay on ward, MGM to have Tyler.",
      "High", "Home address to be visited", ev="E40", lab="pol_ed_sep"),
    R("2022-09-17", "19:30", "EV/22/088410", "Arrest", "PC 2241 REDDY",
      "Officers attended 2 Mill Row to secure/photograph stairs. MARSH found at address - in breach of restraining order. Arrested for breach of RO and on suspicion of GBH (child). Mens clothing and toiletries in main bedroom.",
      "High", "In custody"),
    R("2022-09-18", "11:00", "EV/22/088410", "Enquiry", "DC 2215 OSEI",
      "CP medical at EGH by Dr A MENSAH (consultant paediatrician), DC OSEI present for history. Findings: multiple bruises of different ages to back and upper arms, fingertip pattern to both upper arms, bruise L ear. Skull fracture (R parietal) on CT. Consistent with inflicted injury. Skeletal survey tomorrow.",
      "High", "Medical report requested", ev="E41"),
    R("2022-09-18", "16:00", "EV/22/088410", "Custody", "DC 2215 OSEI",
      "MARSH interviewed - denies harming Maisie, says he was only 'visiting' and was not there when she fell. Released under investigation for GBH. Charged breach of RO, remanded for court Monday.",
      "High", "RUI (GBH) / charged (RO)"),
    R("2022-09-19", "10:00", "EV/22/088410", "Meeting", "DS 2790 PRENTICE",
      "Strategy meeting via Teams chaired by TM G LOWE. Police DS PRENTICE + DC OSEI. Agreed s47 joint, ABE for Tyler Weds, Maisie to MGM on discharge (s20, mum agreeing), mum not to have unsupervised contact.",
      "High", "ABE booked 21/09", ev="E42"),
    R("2022-09-21", "10:00", "EV/22/088410", "ABE", "DC 2215 OSEI",
      "ABE interview of Tyler (9) at Eastvale ABE suite, DC OSEI with SW NANDRA monitoring. T disclosed Dean has been staying at Mill Row 'most nights' since the summer holidays and mum told him not to tell anyone. Said Dean 'squeezes' Maisie's arms when she cries and 'smacked her on the stairs'.",
      "High", "Disclosure - re-interview MARSH", ev="E44"),
    R("2022-09-21", "tbc", "EV/22/088410", "Enquiry", "DC 2215 OSEI",
      "Copy of ABE + medical summary to CPS for early investigative advice.",
      "High", ""),
    R("2022-09-26", "14:30", "EV/22/088410", "Enquiry", "DC 2215 OSEI",
      "Written skeletal survey report rec'd from EGH (result phoned 19/09) - healing fracture R 7th rib (posterior) approx 2-4 wks old. Timeline now covers period MARSH staying at address per T's ABE.",
      "High", "Re-arrest MARSH"),
]


def cell_date(r):
    if r.raw is not None:
        return r.raw
    if r.d is None:
        return ""
    y, m, d = r.d.split("-")
    s = "%s/%s/%s" % (d, m, y)
    return (s + " " + r.t) if r.t else s


def write(path):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(LAYOUT)
        for r in ROWS:
            c = dict(zip(CELLS, r.cells))
            c["Date/Time"] = cell_date(r)
            w.writerow([c[h] for h in LAYOUT])
