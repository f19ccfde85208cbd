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
    (r"designated safeguarding lead", "Designated Safeguarding Lead"),
    (r"designated doctor", "Designated Doctor"),
    (r"designated nurse", "Designated Nurse"),
    (r"named doctor", "Named Doctor"),
    (r"named nurse", "Named Nurse"),
    (r"named midwife", "Named Midwife"),
    (r"independent reviewing officer", "Independent Reviewing Officer"),
    (r"(independent|lead) reviewer|independent author", "Independent Reviewer"),
    (r"health visitor", "Health Visitor"),
    (r"school nurse", "School Nurse"),
    (r"practice nurse", "Practice Nurse"),
    (r"(community )?mental health nurse", "Mental Health Nurse"),
    (r"midwife|midwives", "Midwife"),
    (r"paediatrician|pediatrician|paediatric (consultant|registrar)", "Paediatrician"),
    (r"psychiatrist", "Psychiatrist"),
    (r"psychologist", "Psychologist"),
    (r"general practitioner", "GP"),
    (r"paramedic", "Paramedic"),
    (r"social worker", "Social Worker"),
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
    (r"(independent )?domestic (violence|abuse) advis[eo]r|domestic abuse (worker|advocate)",
     "Domestic Abuse Adviser"),
    (r"detective sergeant", "Detective Sergeant"),
    (r"(police )?sergeant", "Police Sergeant"),
    (r"(police|detective|detective chief|chief) inspector", "Police Inspector"),
    (r"police officer|police constable|detective constable|special constable",
     "Police Officer"),
    (r"head ?teacher|head of school", "Head Teacher"),
    (r"teaching assistant", "Teaching Assistant"),
    (r"teacher|tutor", "Teacher"),
    (r"safeguarding lead|lead for safeguarding", "Safeguarding Lead"),
    (r"nurse", "Nurse"),
    (r"doctor", "Doctor"),
]
_TABLE = [(re.compile(rf"\b(?:{pattern})\b"), word) for pattern, word in ROLE_WORDS]

# Abbreviations, trusted only as the whole title or its first word ("DS, Public Protection Unit",
# "GP"): found anywhere they misread other titles ("IT Support (PC) Technician" is no police
# officer, "PS Unit Administrator" no sergeant).
ABBREVIATIONS = {
    "dsl": "Designated Safeguarding Lead", "iro": "Independent Reviewing Officer",
    "hv": "Health Visitor", "cpn": "Mental Health Nurse", "gp": "GP", "sw": "Social Worker",
    "idva": "Domestic Abuse Adviser", "ds": "Detective Sergeant", "ps": "Police Sergeant",
    "pc": "Police Officer", "dc": "Police Officer",
}

MAX_LENGTH = 30  # a role word made from an unknown title: at most this many characters
# Words a label made from the start of a title must not end on ("Practitioner in", "Lead for").
_DANGLING = {"a", "an", "and", "at", "for", "in", "of", "on", "the", "to", "with"}


def role_word(title: str) -> str:
    """The short role word for a job title, e.g. "Social Worker" for "Senior Social Worker,
    Children in Care Team". "" for a title with no letters."""
    plain = " ".join(re.sub(r"[^a-z]+", " ", title.lower()).split())
    first_word = plain.split(" ", 1)[0]
    if first_word in ABBREVIATIONS:
        return ABBREVIATIONS[first_word]
    for pattern, word in _TABLE:
        if pattern.search(plain):
            return word
    # Not in the table: the title's first clause (before a comma, bracket or dash, where the team
    # or agency usually follows). The role is its last words in English ("Kirkvale Hospice
    # Outreach Coordinator"): a long clause keeps whole words from its end, dropping the place or
    # team in front.
    first = re.split(r"[,(/;:]| - | – ", title, maxsplit=1)[0]
    words = [raw[:1].upper() + raw[1:]  # keep a word's own capitals ("NHS"), raise the first
             for raw in re.sub(r"[^A-Za-z]", " ", first).split()]
    # "Practitioner in Perinatal Mental Health", "Officer for Children in Need": the role comes
    # before the first such word, what it is about after.
    for index, word in enumerate(words):
        if index and word.lower() in _DANGLING:
            words = words[:index]
            break
    kept: list[str] = []
    for word in reversed(words):
        if kept and len(" ".join([word, *kept])) > MAX_LENGTH:
            break
        kept.insert(0, word)  # a last word longer than the limit is kept whole, never cut
    while kept and kept[0].lower() in _DANGLING:
        kept.pop(0)
    return " ".join(kept)
