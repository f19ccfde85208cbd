# Report E: Baby K (Southby). Heading 1 sections without numbers, Heading 2 finding titles, no paragraph numbers.
# Mixed acronym handling: some expanded in text, some glossary only, some neither. Bulleted recommendations, mixed addressees.
import docx

D = docx.Document()
D.add_paragraph("Southby Safeguarding Children Partnership", style="Subtitle")
from docx.shared import Pt
_t = D.add_paragraph().add_run("Local Child Safeguarding Practice Review: Baby K"); _t.bold = True; _t.font.size = Pt(18)
D.add_paragraph("Author: Dr Alan Pryce, independent reviewer. Status: draft for comment.")

D.add_heading("Purpose of the review", 1)
D.add_paragraph("Baby K was born in June 2025. At four months old Baby K was taken to hospital with a skull fracture and bleeding on the brain.")
D.add_paragraph("The Southby Safeguarding Children Partnership notified the national Child Safeguarding Practice Review Panel and held a rapid review in October 2025. The partnership then commissioned this local review.")
D.add_paragraph("The review aims to understand how agencies worked together before and after Baby K\u2019s birth, and what the partnership can learn.")

D.add_heading("Scope and methodology", 1)
D.add_paragraph("The review looks at the period from the first antenatal booking in November 2024 until Baby K\u2019s admission to hospital in October 2025.")
D.add_paragraph("Information was gathered from agency reports, a practitioner workshop and conversations with Mother and Father, who both chose to take part, and the lead reviewer also read the relevant records held by the hospital and by the local authority.")

D.add_heading("Family background", 1)
D.add_paragraph("Mother is 19. She was a care leaver and had a personal adviser from the leaving care team until she turned 18.")
D.add_paragraph("Father is 24. He has a diagnosis of depression and had been seen by his General Practitioner (GP) several times in the year before Baby K was born.")
D.add_paragraph("The couple lived together in a one-bedroom flat. Money was tight and Father had recently lost his job.")

D.add_heading("Narrative of events", 1)
D.add_paragraph("Mother booked with the midwife at 14 weeks. The midwife noted that Mother was a care leaver and made a referral to the MASH for a pre-birth assessment.")
D.add_paragraph("The referral was screened and was passed to the Early Help team, as it was felt that the threshold for a pre-birth assessment by children\u2019s social care was not met given that there was no history of harm to children.")
D.add_paragraph("The Early Help worker visited twice before the birth. Father was not present on either visit and the worker did not ask about him.")
D.add_paragraph("Baby K was born at 39 weeks. The Health Visitor (HV) completed the new birth visit at 12 days. She recorded that Father seemed \u201clow and quiet\u201d.")
D.add_paragraph("In August 2025 Father told his GP that he was not sleeping and was finding the baby\u2019s crying hard to cope with. The GP increased his medication. The GP did not record that there was a baby in the household or tell the HV.")
D.add_paragraph("In September 2025 Baby K was seen in the ED with a small bruise to the ear; the explanation given was that Baby K had rolled against the cot bars, and although the department\u2019s policy on bruising in non-mobile babies required a referral to children\u2019s social care, none was made.")
D.add_paragraph("Two weeks later Baby K was admitted to hospital with a skull fracture. Father later admitted shaking Baby K. A strategy discussion was held and an ICPC was arranged.")

D.add_heading("Findings and analysis", 1)
D.add_heading("Fathers were not part of the picture", 2)
D.add_paragraph("Father was rarely seen and his mental health was not connected to his role as a parent. Agencies were not sighted on the risks this posed going forward.")
D.add_paragraph("This is a theme that has been identified in many national reviews, including the Panel\u2019s 2021 report on men and non-mobile babies, and practitioners should be supported to engage fathers as a matter of routine rather than as an exception.")
D.add_heading("Bruising in a baby who cannot move", 2)
D.add_paragraph("A bruise on a baby who is not yet mobile is rare and must always be taken seriously. The policy was clear. It was not followed.")
D.add_paragraph("Staff told the review that the department was very busy that night. This was a missed opportunity.")
D.add_heading("Care leavers as parents", 2)
D.add_paragraph("Being a care leaver is not on it\u2019s own a reason for a statutory assessment. However, the decision to step down the referral to Early Help was made without speaking to Mother\u2019s former personal adviser.")

D.add_heading("Good practice", 1)
D.add_paragraph("The midwife identified Mother\u2019s care history early and made a prompt referral.")
D.add_paragraph("The HV recorded her obsevations of Father clearly, which helped this review.")
D.add_paragraph("Once Baby K was admitted, the hospital and police worked together well and the strategy discussion took place within hours.")

D.add_heading("Recommendations", 1)
for txt in [
    "Southby Children\u2019s Services and the ICB should develop joint guidance for practitioners on assessing fathers and other male carers.",
    "The ICB should seek assurance from Southby General Hospital that the bruising protocol is followed in the ED.",
    "GPs should routinely ask adult patients with mental health needs whether they live with or care for children.",
    "Consideration should be given to including care leavers\u2019 personal advisers in pre-birth planning.",
    "The Partnership should share the learning from this review through a 7-minute briefing going forward.",
]:
    D.add_paragraph(txt, style="List Bullet")

D.add_heading("Glossary", 1)
for g in ["ED: Emergency Department", "GP: General Practitioner", "HV: Health Visitor",
          "MASH: Multi-Agency Safeguarding Hub",
          "Personal adviser: a worker who supports a young person leaving care"]:
    D.add_paragraph(g)

D.save("baby-k.docx")
