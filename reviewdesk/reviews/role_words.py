"""Role labels for staff: a short role word from a job title ("Health Visitor", "GP"), to which the
register adds a number per role ("Health Visitor 2").

Job titles are long and carry the team, the agency or the place ("Safeguarding lead, ambulance
service", "Specialist Health Visitor (Perinatal Mental Health), Kirkvale Community Health NHS
Trust"): a label cut from them at a fixed length ends mid-word, and the agency or team in it can
narrow down who the person is. The table below gives the role word of the titles reviews meet most;
any other title gives its first words, never cut within a word.
"""

import re

# (pattern, role word), most specific first: the first pattern found anywhere in the title wins.
# Patterns are matched as whole words, ignoring capitals and punctuation.
ROLE_WORDS: list[tuple[str, str]] = [
    (r"designated safeguarding lead|dsl", "Designated Safeguarding Lead"),
    (r"designated doctor", "Designated Doctor"),
    (r"designated nurse", "Designated Nurse"),
    (r"named doctor", "Named Doctor"),
    (r"named nurse", "Named Nurse"),
    (r"named midwife", "Named Midwife"),
    (r"independent reviewing officer|iro", "Independent Reviewing Officer"),
    (r"(independent|lead) reviewer|independent author", "Independent Reviewer"),
    (r"health visitor|hv", "Health Visitor"),
    (r"school nurse", "School Nurse"),
    (r"practice nurse", "Practice Nurse"),
    (r"(community )?mental health nurse|cpn", "Mental Health Nurse"),
    (r"midwife|midwives", "Midwife"),
    (r"paediatrician|pediatrician|paediatric (consultant|registrar)", "Paediatrician"),
    (r"psychiatrist", "Psychiatrist"),
    (r"psychologist", "Psychologist"),
    (r"general practitioner|gp", "GP"),
    (r"paramedic", "Paramedic"),
    (r"social worker|sw", "Social Worker"),
    (r"(deputy |assistant )?team manager|team leader", "Team Manager"),
    (r"service manager", "Service Manager"),
    (r"family support worker", "Family Support Worker"),
    (r"early help (worker|practitioner|officer|coordinator)", "Early Help Worker"),
    (r"(early years|nursery) (practitioner|worker|manager|teacher)", "Early Years Practitioner"),
    (r"youth (justice|offending) (officer|worker|practitioner)", "Youth Justice Worker"),
    (r"youth worker", "Youth Worker"),
    (r"probation (officer|practitioner|services officer)", "Probation Officer"),
    (r"housing (officer|support worker|worker)", "Housing Officer"),
    (r"(substance misuse|drug and alcohol|recovery) (worker|practitioner|nurse)",
     "Substance Misuse Worker"),
    (r"(independent )?domestic (violence|abuse) advis[eo]r|idva|domestic abuse (worker|advocate)",
     "Domestic Abuse Adviser"),
    (r"detective sergeant|ds", "Detective Sergeant"),
    (r"(police )?sergeant|ps", "Police Sergeant"),
    (r"(police|detective|detective chief|chief) inspector", "Police Inspector"),
    (r"police officer|police constable|detective constable|pc|dc|special constable",
     "Police Officer"),
    (r"head ?teacher|head of school", "Head Teacher"),
    (r"teaching assistant", "Teaching Assistant"),
    (r"teacher|tutor", "Teacher"),
    (r"safeguarding lead|lead for safeguarding", "Safeguarding Lead"),
    (r"nurse", "Nurse"),
    (r"doctor", "Doctor"),
]
_TABLE = [(re.compile(rf"\b(?:{pattern})\b"), word) for pattern, word in ROLE_WORDS]

MAX_LENGTH = 30  # a role word made from an unknown title: at most this many characters
# Words a label made from the start of a title must not end on ("Practitioner in", "Lead for").
_DANGLING = {"a", "an", "and", "at", "for", "in", "of", "on", "the", "to", "with"}


def role_word(title: str) -> str:
    """The short role word for a job title, e.g. "Social Worker" for "Senior Social Worker,
    Children in Care Team". "" for a title with no letters."""
    plain = " ".join(re.sub(r"[^a-z]+", " ", title.lower()).split())
    for pattern, word in _TABLE:
        if pattern.search(plain):
            return word
    # Not in the table: the title's first clause (before a comma, bracket or dash, where the team
    # or agency usually follows), cut after a whole word.
    first = re.split(r"[,(/;:]| - | – ", title, maxsplit=1)[0]
    kept: list[str] = []
    for raw in re.sub(r"[^A-Za-z]", " ", first).split():
        word = raw[:1].upper() + raw[1:]  # keep a word's own capitals ("NHS"), raise the first
        if kept and len(" ".join([*kept, word])) > MAX_LENGTH:
            break
        kept.append(word)  # a first word longer than the limit is kept whole, never cut
    while kept and kept[-1].lower() in _DANGLING:
        kept.pop()
    return " ".join(kept)
