"""Three short reports written by hand, each in a habit reviewers have (every name fictional).
A string is a paragraph, (text, level) a heading, as ``reports.tests.helpers.report_docx`` takes
them. The partnership is the test fixture's: Testshire Safeguarding Children Partnership (TS),
with agencies "Testshire Police", "Testshire Children's social care" and so on.
"""

Block = str | tuple[str, int]

# Numbered "1.1" paragraphs, plain and short, with a glossary and every section; recommendations
# numbered and each addressed.
NUMBERED: list[Block] = [
    ("1. Reason for the review", 1),
    "1.1 This review looks at the help given to Child A and her family in the year before she "
    "was hurt at home in March 2026.",
    "1.2 The partnership decided to carry out a local review because agencies could have worked "
    "together better.",
    ("2. How the review was carried out", 1),
    "2.1 The reviewer read the records of each agency. She met the staff who knew the family "
    "and talked to Child A's mother.",
    ("3. Child A and her family", 1),
    "3.1 Child A is six. She lives with her mother and her baby brother. Her mother told us "
    "that money was short and that she felt alone.",
    ("4. What happened", 1),
    "4.1 The health visitor saw the baby in May. She noticed that Child A was thin and tired. "
    "She told the GP the same day.",
    "4.2 The school raised a concern with the Multi-Agency Safeguarding Hub (MASH) in June. "
    "The MASH shared it with Testshire Police.",
    ("5. Analysis", 1),
    "5.1 Each agency knew part of the story. No one brought the parts together, so no one saw "
    "how hard things had become at home.",
    ("6. Good practice", 1),
    "6.1 The health visitor acted quickly and wrote down what she saw. The school knew Child A "
    "well and listened to her.",
    ("7. Recommendations", 1),
    "7.1 Testshire Police should tell the school what happens after a concern is shared.",
    "7.2 The partnership should check, within six months, that agencies share what they know "
    "about a family at one meeting.",
    ("8. Glossary", 1),
    "MASH: the Multi-Agency Safeguarding Hub, where agencies decide together what to do about "
    "a concern.",
]

# "Background", "Key findings" and "Learning" headings, no numbers; a passive habit, a long
# sentence, recommendations with "Recommendation 1" headings; no glossary, no good practice.
BACKGROUND: list[Block] = [
    ("Introduction", 1),
    "This review was commissioned by the Testshire Safeguarding Children Partnership after "
    "Child B was admitted to hospital.",
    ("Methodology", 1),
    "Records were requested from each agency and were analysed by the lead reviewer. "
    "Practitioners were invited to a learning event.",
    ("Background", 1),
    "Child B was born in 2022 and was living with his father when the incident occurred. "
    "His father had been known to adult services for several years.",
    ("Summary of events", 1),
    "In January a referral was made by the nursery because Child B had been seen with a "
    "bruise on his arm, and although the referral was received and screened by children's "
    "social care on the same day it was not passed to the assessment team until the following "
    "week, by which time the bruise had faded and the nursery had not been told what was "
    "being done about it.",
    "A strategy discussion was held in February. It was decided that no further action "
    "would be taken.",
    ("Key findings", 1),
    "Information was not shared between the nursery and children's social care. The father's "
    "needs were not considered by those working with Child B.",
    ("Learning", 1),
    "Concerns raised by a nursery should be followed up with the nursery.",
    ("Recommendations", 1),
    ("Recommendation 1", 2),
    "Testshire Children's social care should tell a referrer what will happen within three "
    "working days.",
    ("Recommendation 2", 2),
    "Agencies should think about the needs of a parent who is caring alone.",
]

# No heading styles at all (short lines in bold, as a reviewer types them), acronyms with no
# glossary, the partnership's jargon, and recommendations without numbers.
MESSY: list[Block] = [
    "Introduction",
    "Going forward, this review sought to utilise the learning from the CSPR process in order "
    "to facilitate robust multi-agency working across the KSCP footprint.",
    "What happened",
    "Child C was discussed at an ICPC and a CIN plan was agreed. The SW and the HV did not "
    "touch base prior to the RHI, and the case was stepped down to EH in excess of the "
    "threshold.",
    "Findings",
    "There was evidence of silo working and disguised compliance, which meant that the lived "
    "experience of Child C was not understood by the professionals around him.",
    "Notwithstanding the considerable organisational complexity inherent in contemporaneous "
    "multi-agency safeguarding arrangements, the effectiveness of interprofessional "
    "communication was demonstrably compromised by insufficiently articulated escalation "
    "expectations and by inconsistent documentation of professional decision-making rationale "
    "across the partnership.",
    "Recommendations",
    "Agencies should make sure that staff understand thresholds.",
    "Testshire Police should review its domestic abuse training.",
]
