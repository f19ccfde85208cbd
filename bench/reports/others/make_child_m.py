# Report A: Child M (Kirkvale). Formal style: Heading 1/2, typed paragraph numbers, acronyms expanded, glossary.
import docx
from docx.shared import Pt
d = docx.Document()
p = d.add_paragraph(); r = p.add_run("Kirkvale Safeguarding Children Partnership"); r.bold = True; r.font.size = Pt(16)
p = d.add_paragraph(); r = p.add_run("Child Safeguarding Practice Review: Child M"); r.bold = True; r.font.size = Pt(14)
d.add_paragraph("DRAFT v0.3 – not for circulation. Lead reviewer: Helen Marsh")

def para(n, t): d.add_paragraph(f"{n} {t}")

d.add_heading("1. Introduction", 1)
para("1.1", "This review was commissioned by Kirkvale Safeguarding Children Partnership following a serious incident notification made to the Child Safeguarding Practice Review Panel on 14 March 2026.")
para("1.2", "Child M, who was aged 3 years and 4 months at the time of the incident, was admitted to hospital with a head injury and bruising to the torso, and subsequent medical investigations identified older healing fractures that had not previously been identified by any agency.")
para("1.3", "The rapid review was held on 28 March 2026 and safeguarding partners agreed that the criteria for a local review were met.")
para("1.4", "The review was asked to consider the period from January 2024 to March 2026.")

d.add_heading("2. Methodology", 1)
para("2.1", "The review has been carried out in line with Working Together to Safeguard Children 2023, and a systems approach was adopted in which agencies were tasked with providing chronologies and reflective practitioner accounts to the lead reviewer.")
para("2.2", "A practitioner learning event was held on 12 June 2026 and was attended by 14 practioners from health, education, police and children's social care.")
para("2.3", "Mother and Father were invited to contribute. Mother met with the lead reviewer and her views are included at section 5. Father declined to take part.")

d.add_heading("3. Background", 1)
para("3.1", "Child M lived with Mother and her partner (referred to as Mr A) in privately rented accommodation. Child M has an older half-sibling, Sibling 1, aged 9, who lived with the family for most of the period under review.")
para("3.2", "Mother had been known to Children's Social Care (CSC) as a child herself. She had a history of low mood, and her General Practitioner (GP) had prescribed antidepressants in 2023.")
para("3.3", "Mr A had previous convictions for assault against a former partner. Agencies did not know this until after the incident.")

d.add_heading("4. Summary of events", 1)
para("4.1", "In February 2025 Child M attended the Emergency Department (ED) with a burn to the hand. Mother said Child M had touched a hair straightener. The explanation was accepted and no referral was made.")
para("4.2", "In April 2025 the nursery made a referral to the Multi-Agency Safeguarding Hub (MASH) after Child M arrived with a bruise to the cheek, and following a strategy discussion it was agreed that a Child and Family Assessment would be undertaken by CSC.")
para("4.3", "The assessment concluded that Child M was a Child in Need (CIN) and a CIN plan was put in place.")
para("4.4", "Between May and September 2025 there were six CIN meetings. Mr A did not attend any of them. The social worker did not visit the home when Mr A was present.")
para("4.5", "In October 2025 the case was stepped down to Early Help because it was felt that the threshold for statutory intervention was no longer met and Mother was engaging well with the plan at that time.")
para("4.6", "In January 2026 Health Visitor 1 noted that Child M appeared withdrawn and had lost weight. A referral was made to the GP.")
para("4.7", "On 11 March 2026 Child M was brought to A&E by ambulance.")

d.add_heading("5. Analysis", 1)
d.add_heading("Professional curiosity about the men in the household", 2)
para("5.1", "Practitioners did not show sufficient professional curiosity about Mr A. He was described in records as \u201cMum's partner\u201d and no checks were completed on him.")
para("5.2", "It is recognised that practitioners are working under considerable pressure, however safeguarding partners were sighted on the national learning about \u201cinvisible men\u201d and going forward it will be important that this learning is embedded across the workforce in a timely manner.")
d.add_heading("Responding to injuries", 2)
para("5.3", "The burn in February 2025 was not discussed with the health visiting service. Had the information been shared, the bruise in April 2025 may have been seen as part of a pattern.")
para("5.4", "Mother told the reviewer: \u201cNobody asked me about him. If they had asked, I might have told them.\u201d")
d.add_heading("Step down", 2)
para("5.5", "The decision to step down was made at a supervision meeting without the views of the nursery or the health visitor being sought, and the Early Help practitioner recieved a transfer summary that did not mention the earlier bruising or the burn.")

d.add_heading("6. Good practice", 1)
para("6.1", "The nursery acted quickly when it saw the bruise in April 2025 and its referral was clear and detailed.")
para("6.2", "Health Visitor 1 continued to visit after the step down and recorded her concerns carefully.")

d.add_heading("7. Recommendations", 1)
d.add_paragraph("Recommendation 1: Kirkvale Children's Social Care should ensure that all assessments identify and include every adult living in or regularly visiting the household.")
d.add_paragraph("Recommendation 2: The Integrated Care Board (ICB) should work with the Emergency Department to ensure that injuries to children under five are shared with the health visiting service.")
d.add_paragraph("Recommendation 3: The Partnership should review its step down procedure so that partner agencies are consulted before a CIN plan is closed.")
d.add_paragraph("Recommendation 4: Consideration should be given to a multi-agency briefing on the learning from this review.")

d.add_heading("8. Glossary", 1)
for t in ["A&E – Accident and Emergency", "CIN – Child in Need", "CSC – Children's Social Care",
          "ED – Emergency Department", "GP – General Practitioner", "ICB – Integrated Care Board",
          "MASH – Multi-Agency Safeguarding Hub",
          "Early Help – support offered to families below the threshold for statutory services"]:
    d.add_paragraph(t)
d.save("child-m.docx")
