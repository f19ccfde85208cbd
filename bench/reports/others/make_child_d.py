# Report C: Child D (Westbrook). Dense, passive, jargon-heavy. Headings are bold Normal paragraphs (no Heading styles).
# Chronology table. NO good practice section, NO glossary. Acronyms never expanded. Bulleted recommendations.
import docx
from docx.shared import Pt

doc = docx.Document()

def head(text):
    p = doc.add_paragraph()
    run = p.add_run(text)
    run.bold = True
    return p

def body(text):
    return doc.add_paragraph(text)

t = doc.add_paragraph(); rr = t.add_run("Westbrook Local Safeguarding Children Partnership \u2013 Rapid Review / LCSPR \u2013 Child D \u2013 draft 2"); rr.bold = True; rr.font.size = Pt(13)

head("Reason for the review")
body("Child D, a seven year old boy living with Mother and Stepfather, was found by ambulance staff on 3 November 2025 to have sustained significant injuries consistent with non-accidental trauma and was subsequently transferred to a specialist paediatric unit where he remained for several weeks.")
body("The case was notified to the National Panel and a rapid review was convened, following which it was agreed by the safeguarding partners that a local child safeguarding practice review should be undertaken in line with statutory guidance.")
body("Stepfather has been charged and criminal proceedings are ongoing.")

head("Approach")
body("A hybrid methodology was utilised, drawing on elements of the SCIE Learning Together model alongside single agency chronologies, and a reflective session was facilitated with practitioners and first line managers from the agencies involved.")
body("Family members were contacted but it has not been possible to involve them due to the ongoing criminal proceedings.")

head("Background")
body("Mother is 26 and has three children. Child D is the eldest. Stepfather moved into the household in 2024.")
body("There was historic CSC involvement in 2021 when Child D was subject to a CP plan under the category of neglect, which was ended in early 2022 with a step down to Early Help and no further involvement.")
body("Police held records of domestic abuse by Stepfather in a previous relationship.")

head("Chronology of key events")
body("The key episodes are summarised in the table below.")
rows = [
    ("Date", "Agency", "Event", "Outcome"),
    ("Jan 2025", "School", "Child D told his teacher that Stepfather \u201chits me with a belt\u201d. DSL informed.", "Referral to MASH"),
    ("Jan 2025", "MASH", "Strategy discussion held; S47 enquiry agreed.", "Single agency police investigation"),
    ("Feb 2025", "Police", "Child D interviewed; retracted allegation.", "NFA"),
    ("Mar 2025", "CSC", "Assessment completed.", "NFA \u2013 case closed"),
    ("Jun 2025", "A&E", "Attended with fractured wrist; said he fell off a trampoline.", "No referral"),
    ("Sep 2025", "School", "Mother alleged a teaching assistant had grabbed Child D by the arm.", "LADO referral; no further action"),
    ("Nov 2025", "Ambulance / hospital", "Child D found with serious injuries at home.", "Strategy discussion; police investigation"),
]
tbl = doc.add_table(rows=len(rows), cols=4)
tbl.style = "Table Grid"
for i, row in enumerate(rows):
    for j, val in enumerate(row):
        cell = tbl.cell(i, j)
        cell.text = val
        if i == 0:
            cell.paragraphs[0].runs[0].bold = True

body("Following the retraction the matter was NFA'd by police and the case was subsequently closed by CSC without the assessment having explored the relationship between Child D and Stepfather or the reasons why the allegation had been withdrawn.")
body("The A&E attendance in June 2025 was not flagged to the school or to CSC as there was no open case at that time.")
body("The LADO referral in September 2025 was managed appropriately in terms of process but the allegation made by Mother against the teaching assistant was not considered by any agency in the context of the earlier disclosure about Stepfather.")

head("Findings")
body("Finding 1 \u2013 Retraction. It is well established in research that children frequently retract disclosures of abuse, particularly where the alleged perpetrator remains in the household, and the threshold for further enquiry should not have been considered to be unmet solely on the basis of the retraction.")
body("Finding 2 \u2013 Professional curiosity. There was a lack of professional curiosity across agencies about the role of Stepfather. Practitioners were not sighted on his history.")
body("Finding 3 \u2013 Information sharing. Health information about the fractured wrist was not shared with partner agencies in a timely manner, and the absence of an open case was seen as a barrier to sharing, which reflects a misunderstanding of information sharing guidance that has been identified in previous reviews in Westbrook.")
body("Finding 4 \u2013 The DSL role. The DSL made an appropriate referral but was not informed of the outcome. Going forward, schools need to be included in feedback loops.")

head("Recommendations")
for r in [
    "Consideration should be given to the development of multi-agency guidance on responding to retracted disclosures.",
    "Consideration should be given to how health information is shared where there is no open case to CSC.",
    "Westbrook Police should ensure that the outcome of investigations is fed back to the referring agency.",
    "The LSCP should seek assurance that learning about professional curiosity is embedded in a timely manner.",
    "Consideration should be given to a themed audit.",
]:
    doc.add_paragraph(r, style="List Bullet")

doc.save("child-d.docx")
