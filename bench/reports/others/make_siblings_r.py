# Report D: Child R and Child S (Eastfield). Heading 2 used for main sections, Heading 3 for episodes.
# Body paragraphs use Word auto-numbering (List Number style) - numbers are NOT typed.
# Recommendations are a separate Word auto-numbered list (List Number 2). Abbreviations in a 2-column table.
from docx import Document

document = Document()
document.add_heading("Eastfield Safeguarding Children Partnership", level=1)
document.add_paragraph("Local Child Safeguarding Practice Review concerning Child R and Child S. Second draft, prepared by independent reviewer Priya Lindqvist.")

def n(text, lead=None):
    p = document.add_paragraph(style="List Number")
    if lead:
        r = p.add_run(lead + " ")
        r.bold = True
    p.add_run(text)
    return p

document.add_heading("Introduction", level=2)
n("This review concerns two brothers, Child R and Child S, who lived with Mother in Eastfield.")
n("In May 2026 Child R, then aged 15, was stabbed near a park close to his home. He survived but needed surgery.")
n("The Eastfield Safeguarding Children Partnership decided to undertake a local review because both boys were known to several agencies and there were worries about criminal exploitation.")

document.add_heading("Methodology and scope", level=2)
n("The review covers the period from September 2024 to May 2026. Agencies provided chronologies and the lead reviewer spoke to 9 practitioners individually.")
n("Child R agreed to speak to the reviewer. Child S and Mother did not wish to take part.")
n("A draft of this report was shared with practitioners before it was finalised.")

document.add_heading("Pen picture of Child R and Child S", level=2)
n("Child R is described by those who know him as funny, loyal and good at football. He wanted to be a mechanic.")
n("Child S is quieter. He loves gaming and is close to his grandmother.")
n("Mother brought the boys up mostly on her own. She worked long shifts in a warehouse and told practitioners she often did not know where the boys were in the evenings.")
n("Child R told the reviewer: \u201cI didn\u2019t think of it as being groomed. They were just older lads who looked out for me.\u201d")

document.add_heading("Key practice episodes", level=2)
document.add_heading("Episode 1: Exclusion from school (November 2024)", level=3)
n("Child R was permanently excluded from his secondary school in November 2024 after bringing a knife into school, and although the DSL made a referral to the MASH on the same day, the referral was NFA'd because the threshold for a statutory assessment was not met.")
n("Child R moved to alternative provision. He attended for 40% of sessions.")
document.add_heading("Episode 2: Missing episodes (January to March 2025)", level=3)
n("Child R was reported missing four times. Return home interviews were offered on each occasion but Child R only took part in one.")
n("Police found Child R in another town with \u00a3300 in cash and two phones. No referral was made to the exploitation panel.")
document.add_heading("Episode 3: CIN plan and step down (April to December 2025)", level=3)
n("A Child and Family Assessment led to a CIN plan for both boys. The plan focused on school attendance and on Mother\u2019s supervision in the evenings.")
n("In December 2025 the plan was stepped down to Early Help on the basis that Child R had not been missing for three months, although the PRU and the youth offending team both said at the closing meeting that they were still worried about who he was spending time with.")
document.add_heading("Episode 4: Child S", level=3)
n("During 2025 Child S\u2019s attendance also dropped. Child S was seen by the school nurse, who noted he was tired and anxious.")
n("Child S\u2019s needs were considered mainly in the context of his brother\u2019s, and no separate assessment of his own vulnerability to exploitation was completed.")
n("In May 2026 Child R was stabbed. Child S was with him at the time.")

document.add_heading("Learning", level=2)
n("Exclusion from school is a known risk factor for criminal exploitation. The referral at the point of exclusion was an opportunity to bring agencies together, and it was missed.", lead="Learning 1: Exclusion as a trigger.")
n("Practitioners did not always apply professional curiosity to the cash and phones. These are well-known signs of county lines involvement.", lead="Learning 2: Missing episodes.")
n("Stepping down a case on the basis that missing episodes have stopped can give false reassurance, because young people who are being exploited may stop going missing when they are more deeply controlled by those exploiting them.", lead="Learning 3: Step down decisions.")
n("Child S was not seen as a child in his own right.", lead="Learning 4: Siblings.")

document.add_heading("What went well", level=2)
n("The police officer who found Child R in March 2025 spoke to him with kindness and took him home herself.")
n("The alternative provision kept in close contact with Mother and shared information quickly.")
n("The ED staff who treated Child R in May 2026 made a referral to the MASH within an hour.")

document.add_heading("Recommendations", level=2)
for rec in [
    "Eastfield Children\u2019s Social Care should ensure that any child excluded from school for carrying a weapon is considered at the exploitation panel within five working days.",
    "Eastfield Police should make a referral to the exploitation panel whenever a missing child is found with unexplained cash or phones.",
    "The Partnership should revise its step down guidance so that the views of all agencies at the closing meeting are recorded and considered.",
    "Assessments of siblings should consider each child\u2019s individual vulnerability.",
]:
    document.add_paragraph(rec, style="List Number 2")

document.add_heading("Abbreviations used", level=2)
abbrev = [("CIN", "Child in Need"), ("DSL", "Designated Safeguarding Lead"), ("ED", "Emergency Department"),
          ("MASH", "Multi-Agency Safeguarding Hub"), ("NFA", "No Further Action")]
table = document.add_table(rows=0, cols=2)
table.style = "Light List Accent 1"
for a, b in abbrev:
    cells = table.add_row().cells
    cells[0].text = a
    cells[1].text = b

document.save("siblings-r.docx")
