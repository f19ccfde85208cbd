"""Seeded generator of the labelled evaluation set for the publication-safety scanner.

Standard library only. For a given seed and name pool the output is byte-for-byte the same.

    python bench/scanner/generate.py --seed 1 --out bench/scanner/data/seed1
    python bench/scanner/generate.py --seed 2 --names-from second --out bench/scanner/data/seed2

Each set holds, per case ``case-NN``:

* ``case-NN.txt``            a synthetic draft report in the style of a published English CSPR;
* ``case-NN.gold.json``      gold annotations: every planted identity (``spans``) and every
                             annotated hard negative (``hard_negatives``), offsets being Python
                             string indices into the .txt decoded as UTF-8;
* ``case-NN.register.json``  the case's identity register in the issue's format
                             (``{"entries": [...]}``);

and ``manifest.json`` with word counts and counts per category, form and registered/unregistered.
One case per set is clean: it names nobody and nothing real, though its register is full.

Name pools: ``first`` is a fixed list of invented-but-plausible British names written below;
``second`` composes first names, surnames, streets, towns, schools and surgeries from syllables
at run time, rejecting anything in the first pool, so the names of set two appear nowhere in the
repository's code or tests. ``--check-repo DIR`` reports any set-two name found in DIR's source
files (it never changes the output).

After writing, the generator re-reads every .txt and checks that each gold span's text equals
``text[start:end]`` and that every occurrence of a planted name is covered by a gold span.
"""

import argparse
import datetime as dt
import json
import pathlib
import random
import re
import sys

# ---------------------------------------------------------------------------------------------
# Name pools
# ---------------------------------------------------------------------------------------------

FIRST_POOL = {
    "boy": [
        "Kayden", "Tyler", "Mason", "Riley", "Callum", "Jayden", "Kieran", "Harvey", "Alfie",
        "Brandon", "Lewis", "Connor", "Reuben", "Ashton", "Declan", "Zayn", "Kacper", "Ibrahim",
        "Leon", "Finley", "Tobias", "Rhys", "Jenson", "Corey",
    ],
    "girl": [
        "Lacey", "Kiera", "Shannon", "Jade", "Chelsea", "Demi", "Tegan", "Aaliyah", "Maisie",
        "Leah", "Paige", "Skye", "Amelia", "Bethany", "Nadia", "Zofia", "Courtney", "Kirsty",
        "Jodie", "Hollie", "Ellie", "Imani", "Priya", "Natalie",
    ],
    # First names that are also ordinary words; lower-case uses of the same words are hard negatives.
    "word_girl": ["Summer", "Grace", "Hope", "Faith", "Rose", "Dawn", "Joy"],
    "adult_boy": [
        "Darren", "Lee", "Wayne", "Craig", "Dean", "Gary", "Jason", "Kevin", "Stuart", "Ryan",
        "Imran", "Tomasz", "Marcus", "Adrian", "Neil", "Scott", "Gavin", "Shane",
    ],
    "adult_girl": [
        "Kerry", "Leanne", "Gemma", "Stacey", "Donna", "Michelle", "Nicola", "Claire", "Hayley",
        "Samantha", "Aisha", "Agnieszka", "Jolene", "Tracey", "Lindsey", "Carly", "Rebecca", "Sian",
    ],
    "surname": [
        "Morris", "Thwaite", "Pennock", "Ashby", "Kerrow", "Hollins", "Dunmore", "Fairclough",
        "Brierley", "Cottam", "Haworth", "Ledger", "Marsden", "Nuttall", "Oldroyd", "Pickles",
        "Ramsden", "Sutcliffe", "Tattersall", "Whiteley", "Ackroyd", "Barraclough", "Crowther",
        "Dobson", "Eastwood", "Firth", "Greenhalgh", "Holroyd", "Illingworth", "Jagger", "Kenyon",
        "Lumb", "Mellor", "Naylor", "Ogden", "Priestley", "Rushworth", "Shackleton", "Tordoff",
        "Uttley", "Varley", "Wadsworth", "Yeadon", "Sandhu", "Begum", "Kowalczyk", "Okafor",
        "Mensah", "Hussain", "Nowak", "Campbell-Reid", "Fenwick", "Gledhill", "Hirst",
    ],
    "street_stem": [
        "Ashcombe", "Brackenfield", "Cawthorne", "Dunstall", "Elmfield", "Foxhill", "Gorsedale",
        "Hawksworth", "Ivydene", "Kirkstall", "Larchmont", "Moorside", "Netherfield", "Oakroyd",
        "Pinfold", "Quarry", "Redcote", "Sandbeds", "Thornleigh", "Upperwood", "Westfield",
        "Whinmoor", "Yewtree", "Beckside",
    ],
    "town": [
        "Hexley", "Brackwell", "Thornbury Vale", "Cawston Moor", "Eldersby", "Marlow Bridge",
        "Ravensholme", "Dunsworth", "Kettlebeck", "Stainmoor", "Holbeck Green", "Ashworth Heath",
    ],
    "school_stem": [
        "Fernhill", "Meadowbank", "St Aidan's", "Brookfield", "Hollybush", "Westgate", "Riverside",
        "Broadlea", "Greenmount", "Highcliffe", "Oakwood", "St Wilfrid's",
    ],
    "surgery_stem": [
        "Brookvale", "Marlow Street", "Parkside", "Beckfield", "Northgate", "Ashgrove", "Millbank",
        "Hillcrest", "Lowfield", "Station Road",
    ],
}

STREET_TYPES = ["Road", "Street", "Lane", "Avenue", "Close", "Grove", "Drive", "Terrace", "Crescent"]

# Syllables for the "second" pool. Combinations are chosen so that they read like British names
# while being unlikely to be real ones or to occur anywhere in the repository.
SYL = {
    "boy_a": ["Dar", "Bren", "Cor", "Jas", "Kel", "Lor", "Mar", "Ror", "Tam", "Wil", "Hal", "Fen",
              "Os", "Ced", "Al", "Ev", "Quin", "Gal", "Ner", "Tor"],
    "boy_b": ["ric", "wyn", "dell", "rin", "ton", "den", "vin", "mond", "stan", "lan", "bert",
              "ford", "win", "ley"],
    "girl_a": ["Tam", "Bry", "Ca", "El", "Ro", "Mi", "Je", "Lo", "Fe", "Ar", "Is", "No", "Wy",
               "Ke", "Da", "Sa", "Ha", "Lu", "Or", "Ve"],
    "girl_b": ["sin", "wenna", "rissa", "lyn", "della", "rina", "belle", "mony", "nora", "vette",
               "sella", "tania", "ria", "lise", "wen", "ndra"],
    "sur_a": ["Hollo", "Bram", "Kel", "Thorn", "Pen", "Wick", "Cal", "Dun", "Fen", "Gar", "Lan",
              "Brack", "Ord", "Ravel", "Cotter", "Mab", "Sel", "Tref", "Quar", "Yar", "Elm",
              "Dray", "Fal", "Harn", "Ing", "Lud", "Nor", "Pell", "Rud", "Scar"],
    "sur_b": ["well", "ridge", "combe", "thwaite", "hurst", "bourne", "stow", "garth", "leigh",
              "dane", "sett", "wray", "holme", "by", "wick", "mere", "croft", "ling", "rick",
              "ton"],
    "place_a": ["Brin", "Carr", "Dal", "Esk", "Fal", "Grin", "Hask", "Ket", "Lyn", "Mor", "Nidd",
                "Ock", "Pry", "Rath", "Sker", "Tad", "Ulm", "Wrax", "Yel", "Zan"],
    "place_b": ["ston", "dale", "worth", "field", "more", "bury", "thorpe", "ley", "cote",
                "wick", "by", "holm", "side", "wood", "gate", "stead"],
}

# Words used as ordinary words in the drafts; none of them may be planted as a name.
ORDINARY_NAME_WORDS = [
    "hope", "will", "may", "grace", "mark", "rose", "summer", "faith", "bill", "sue", "frank",
    "joy", "dawn", "amber", "patience", "carol", "ivy", "robin", "penny", "art",
]

NUMBER_WORDS = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
]
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]


def ordinal(n):
    if 11 <= n % 100 <= 13:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


def fmt_date(d, style):
    if style == "slash":
        return f"{d.day:02d}/{d.month:02d}/{d.year}"
    if style == "ordinal":
        return f"{ordinal(d.day)} {MONTHS[d.month - 1]} {d.year}"
    if style == "long":
        return f"{d.day} {MONTHS[d.month - 1]} {d.year}"
    if style == "dotted":
        return f"{d.day}.{d.month}.{d.year % 100:02d}"
    if style == "day_month":
        return f"{d.day} {MONTHS[d.month - 1]}"
    if style == "ordinal_day_month":
        return f"{ordinal(d.day)} {MONTHS[d.month - 1]}"
    if style == "month_year":
        return f"{MONTHS[d.month - 1]} {d.year}"
    raise ValueError(style)


# ---------------------------------------------------------------------------------------------
# Identifiers
# ---------------------------------------------------------------------------------------------


def nhs_check_digit(nine):
    """Mod-11 check digit for the first nine digits of an NHS number, or None if invalid (10)."""
    total = sum(int(c) * (10 - i) for i, c in enumerate(nine))
    check = 11 - total % 11
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def nhs_valid(number):
    digits = re.sub(r"\D", "", number)
    return len(digits) == 10 and nhs_check_digit(digits[:9]) == int(digits[9])


def make_nhs(rng):
    while True:
        nine = str(rng.randint(4, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(8))
        check = nhs_check_digit(nine)
        if check is not None:
            digits = nine + str(check)
            assert nhs_valid(digits)
            return digits


def fmt_nhs(digits, style):
    if style == "spaced":
        return f"{digits[:3]} {digits[3:6]} {digits[6:]}"
    if style == "dashed":
        return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    return digits


NI_FIRST = "ABCEGHJKLMNOPRSTWXYZ"
NI_SECOND = "ABCEGHJKLMNPRSTWXYZ"
NI_BAD = {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}


def make_ni(rng, style):
    while True:
        prefix = rng.choice(NI_FIRST) + rng.choice(NI_SECOND)
        if prefix not in NI_BAD:
            break
    digits = "".join(str(rng.randint(0, 9)) for _ in range(6))
    suffix = rng.choice("ABCD")
    if style == "spaced":
        return f"{prefix} {digits[:2]} {digits[2:4]} {digits[4:]} {suffix}"
    return f"{prefix}{digits}{suffix}"


def make_phone(rng, style):
    """Numbers from Ofcom's ranges reserved for drama, in the ways drafts write them."""
    if style == "mobile":
        return f"07700 900{rng.randint(0, 999):03d}"
    if style == "mobile_nospace":
        return f"07700900{rng.randint(0, 999):03d}"
    if style == "mobile_intl":
        return f"+44 7700 900{rng.randint(0, 999):03d}"
    area = rng.choice(["0113 496", "0114 496", "0116 496", "0117 496", "0121 496", "0161 496"])
    return f"{area} 0{rng.randint(0, 999):03d}"


VRN_LETTERS = "ABCDEFGHJKLMNOPRSTUVWXY"


def make_vrn(rng, style):
    age = rng.choice([f"{n:02d}" for n in list(range(2, 24)) + list(range(51, 74))])
    mem = rng.choice(VRN_LETTERS) + rng.choice(VRN_LETTERS)
    rnd = "".join(rng.choice(VRN_LETTERS) for _ in range(3))
    return f"{mem}{age} {rnd}" if style == "spaced" else f"{mem}{age}{rnd}"


POSTCODE_AREAS = [
    "LS", "BD", "HX", "NE", "DH", "SR", "TS", "YO", "HU", "DN", "S", "M", "OL", "BL", "WN", "PR",
    "BB", "LA", "CA", "NG", "DE", "LE", "CV", "B", "WS", "WV", "ST", "BS", "BA", "GL", "EX", "PL",
    "NR", "IP", "PE", "ME", "CT", "BN", "PO", "SO", "RG", "OX", "MK", "LU", "SG", "CM", "SS", "CO",
]


def make_postcode(rng):
    outward = rng.choice(POSTCODE_AREAS) + str(rng.randint(1, 29))
    inward = str(rng.randint(0, 9)) + "".join(rng.choice("ABDEFGHJLNPQRSTUWXYZ") for _ in range(2))
    return outward, inward


# ---------------------------------------------------------------------------------------------
# Entities
# ---------------------------------------------------------------------------------------------


class Person:
    def __init__(self, key, first, surname, label, *, registered=True, gender="f", role="",
                 agency="", dob=None, alias=None, title=None, public=False):
        self.key, self.first, self.surname, self.label = key, first, surname, label
        self.registered, self.gender, self.role, self.agency = registered, gender, role, agency
        self.dob, self.alias, self.public = dob, alias, public
        self.title = title or ("Mr" if gender == "m" else "Ms")

    @property
    def full(self):
        return f"{self.first} {self.surname}"

    def tokens(self):
        out = [self.first] + re.split(r"[- ]", self.surname)
        if self.alias:
            out.append(self.alias)
        return out


class Names:
    """Draws distinct names for one set from the chosen pool."""

    def __init__(self, rng, pool, forbidden_words):
        self.rng, self.pool = rng, pool
        self.used = set()
        self.forbidden = {w.lower() for w in forbidden_words}
        self.first_pool_all = {n.lower() for k, v in FIRST_POOL.items() for n in v}
        for v in FIRST_POOL.values():
            for n in v:
                self.first_pool_all.update(p.lower() for p in re.split(r"[- ']", n) if p)

    def _ok(self, name, allow_words=False):
        low = name.lower()
        parts = [p for p in re.split(r"[- ']", low) if p]
        if low in self.used or (not allow_words and any(p in self.forbidden for p in parts)):
            return False
        if self.pool == "second" and any(p in self.first_pool_all for p in parts):
            return False
        return True

    def _take(self, maker, allow_words=False):
        for _ in range(500):
            name = maker()
            if self._ok(name, allow_words):
                self.used.add(name.lower())
                return name
        raise RuntimeError("name pool exhausted")

    def _syl(self, a, b):
        return self.rng.choice(SYL[a]) + self.rng.choice(SYL[b])

    def first(self, kind):
        """kind: boy, girl, word_girl, adult_boy, adult_girl."""
        if self.pool == "first":
            return self._take(lambda: self.rng.choice(FIRST_POOL[kind]), kind == "word_girl")
        if kind == "word_girl":
            kind = "girl"
        sex = "boy" if kind.endswith("boy") else "girl"
        return self._take(lambda: self._syl(f"{sex}_a", f"{sex}_b"))

    def surname(self, hyphenated=False):
        if hyphenated:
            a = self.surname()
            b = self.surname()
            return self._take(lambda: f"{a}-{b}")
        if self.pool == "first":
            return self._take(lambda: self.rng.choice([s for s in FIRST_POOL["surname"] if "-" not in s]))
        return self._take(lambda: self._syl("sur_a", "sur_b"))

    def place(self, kind):
        if self.pool == "first":
            return self._take(lambda: self.rng.choice(FIRST_POOL[kind]))
        if kind == "school_stem" and self.rng.random() < 0.25:
            return self._take(lambda: "St " + self._syl("girl_a", "place_b") + "'s")
        return self._take(lambda: self._syl("place_a", "place_b"))


# ---------------------------------------------------------------------------------------------
# Templates. {slot} is filled by an entity; <<text|kind>> is an annotated hard negative;
# "planted || clean" paragraphs have a clean twin used in the clean report.
# ---------------------------------------------------------------------------------------------

INTRO = [
    "1. Introduction",
    "1.1 This Child Safeguarding Practice Review was commissioned by the Safeguarding Children "
    "Partnership after a serious incident notification was made to <<Ofsted|national_body>> and "
    "to the <<Child Safeguarding Practice Review Panel|national_body>> on {later}. The rapid review "
    "was completed within fifteen working days and the <<National Panel|national_body>> agreed "
    "with the Partnership that the case met the criteria for a local review as set out in "
    "<<Working Together to Safeguard Children 2023|national_body>>.",
    "1.2 The review was led by an independent lead reviewer, {reviewer}, who has had no "
    "involvement with any of the agencies that worked with the family. {reviewer_short} was "
    "supported by a review panel of senior managers from Children's Social Care, the police, the "
    "Integrated Care Board, the community health provider, education and the local hospital "
    "trust. The panel met on {later}, {later} and {later}.",
    "1.3 The child at the centre of this review is referred to throughout as {child.label}, "
    "and other family members are referred to by their relationship to {child.label}. "
    "Practitioners are referred to by their role. This is to protect the privacy of the family "
    "and it is the Partnership's <<hope|ordinary_word>> that it allows the learning to be shared "
    "widely without causing further harm.",
    "1.4 The purpose of the review is not to apportion blame. It is to identify what happened, "
    "why it happened, and what agencies <<will|ordinary_word>> do differently so that children "
    "in similar circumstances are better protected. The Partnership is grateful to the "
    "practitioners who gave their time to the review and who spoke with candour about their "
    "work, and to the family members who contributed.",
    "1.5 The review considered the period from {period_start} to {period_end}. Each agency provided a "
    "chronology and a short report describing its involvement and its own reflections. A "
    "practitioner learning event was held on {later} and was attended by twenty-two "
    "practitioners and first-line managers. The lead reviewer also spoke individually with "
    "{sw}, {hv} and the designated safeguarding lead at {school}.",
    "1.6 The key lines of enquiry agreed by the panel were: how well agencies understood "
    "{child's} lived experience; whether the risks presented by adults in and around the "
    "household were understood and shared; how effective the response to neglect had been; "
    "and whether escalation processes were used when practitioners disagreed.",
]

BACKGROUND = [
    "2. Background and family context",
    "2.1 {child} lived with {mother}, {partner} and {his} younger sibling, {sibling}, at "
    "{home.full}. || 2.1 {child} lived with {mother}, {partner} and {his} younger sibling, "
    "{sibling}, in privately rented accommodation in the Partnership's area.",
    "2.2 {child} was born on {child.dob}. {mother} was {mother.age} at the time and had "
    "herself been known to Children's Social Care as a child. {mother} has described a difficult "
    "relationship with {mother's} own mother and periods of living with relatives. || "
    "2.2 {mother} was in her early twenties when {child} was born and had herself been known to "
    "Children's Social Care as a child. {mother} has described a difficult relationship with "
    "her own mother and periods of living with relatives.",
    "2.3 {father} has not lived with the family since {child} was a baby but kept in "
    "intermittent contact. {partner} moved into the household in {month}. Agencies knew little "
    "about {partner} at that time, and the review found that most of what was recorded came "
    "from what {mother} told practitioners.",
    "2.4 {child} attended {school}, and the family were registered with {gp}. {child} was "
    "described by staff at {school} as a bright, funny child who loved drawing and football, "
    "and who would seek out adults {he} trusted when {he} was worried.",
    "2.5 The family's circumstances were often precarious. There were rent arrears and an "
    "unpaid council tax <<bill|ordinary_word>> led to a court summons; {mother} told {hv} that "
    "she had threatened to <<sue|ordinary_word>> the landlord over damp in the children's bedroom. "
    "The family moved twice during the period under review.",
    "2.6 {child's} voice is heard throughout this report where it was recorded. What {child} "
    "said, drew and did, and how {he} presented, is central to understanding what life was like "
    "for {him} in {the_family}.",
    "2.7 Records from {gp} list {child} with NHS number {child.nhs}, and the referral form "
    "completed by {school} gave a contact number of {mother.phone} and an email address of "
    "{mother.email} for {mother}. || 2.7 The referral form completed by the school gave a "
    "contact number and an email address for {mother}, both of which were later found to be "
    "out of date.",
]

JOURNEY_HEAD = "3. The child's journey through services"
JOURNEY_INTRO = (
    "3.1 This section summarises the significant contacts that agencies had with {child} and "
    "{the_family} during the period under review. It is not a complete chronology; the full "
    "integrated chronology was considered by the panel."
)

# Events for the journey; each starts a numbered paragraph. Marked "plant" when the event
# carries identifiers that only appear in the non-clean reports (clean twin after ||).
EVENTS = [
    "On {date}, {hv} completed a developmental review at the family home. {child} was "
    "described as quiet and watchful. {mother} said she was coping but seemed tired, and "
    "{hv} offered a follow-up visit which was not taken up.",
    "On {date}, {mother} took {child} to {gp} with a cough and a rash. {gp_doc} noted that "
    "{child} appeared underweight and asked {mother} to return for a weight check in two weeks. "
    "There is no record of that appointment being made or of follow-up when it was missed.",
    "On {date}, police attended the household after a neighbour reported shouting. {police} "
    "spoke with {mother} and {partner}. Both denied that anything had happened. A DASH risk "
    "assessment was completed and graded as standard, and a notification was shared with "
    "Children's Social Care the next day.",
    "On {date}, a multi-agency screening decision was made that the police notification did not "
    "meet the threshold for a statutory assessment. Information was passed to the Early Help "
    "service, and {mother} was sent a letter offering support.",
    "On {date}, {teacher} recorded that {child} had arrived at school hungry and wearing the same "
    "clothes for the third day. {child} told {teacher} that {partner} \"shouts when he's had a "
    "drink\". A concern form was completed and passed to the designated safeguarding lead.",
    "On {date}, the designated safeguarding lead at {school} telephoned the Front Door and "
    "made a referral. The call handler recorded the concerns about neglect but not {child's} "
    "account of {partner's} drinking.",
    "On {date}, {sw} was allocated and began a child and family assessment. {sw} visited the "
    "home and saw {child} alone in {his} bedroom. {child} said {he} liked living there and "
    "that {sibling} was {his} best friend.",
    "On {date}, {child} was taken to the Emergency Department with a burn to {his} forearm. "
    "{mother} explained that {child} had knocked a hot drink off the kitchen table. The "
    "explanation was accepted and a routine notification was sent to {hv} and to {gp}.",
    "On {date}, a strategy discussion was held between Children's Social Care, the police and "
    "health. The decision was to continue the child and family assessment rather than to start "
    "enquiries under section 47. Education was not invited to the discussion.",
    "On {date}, {teacher} saw {child} being collected from school by {adult}, a man {teacher} "
    "did not recognise. {adult_first} drove away in a silver hatchback, registration "
    "{adult.vrn}, which was noted by a member of staff on duty at the gate. || On {date}, "
    "{teacher} saw {child} being collected from school by an adult man the teacher did not "
    "recognise, who drove away in a silver hatchback.",
    "On {date}, a neighbour, {neighbour}, telephoned the police non-emergency line to say that "
    "{child} had been seen late at night outside a flat at {adult.address}, {adult.postcode}, "
    "which she believed was used by {adult}. She gave her own number as {neighbour.phone}. || "
    "On {date}, a neighbour telephoned the police non-emergency line to say that {child} had "
    "been seen late at night outside a flat believed to be used by an adult man known to "
    "police.",
    "On {date}, police intelligence linked {adult} to the supply of drugs in the area. The "
    "intelligence record held {adult_surname}'s National Insurance number, {adult.ni}, a mobile "
    "number of {adult.phone}, and an email account, {adult.email}, used to arrange meetings, "
    "and a hospital discharge letter attached to it gave {adult_surname}'s NHS number as "
    "{adult.nhs}. The record was not shared with Children's Social Care. || On {date}, police "
    "intelligence "
    "linked the man seen with {child} to the supply of drugs in the area. This intelligence "
    "was not shared with Children's Social Care.",
    "On {date}, the child and family assessment was completed. It recommended a child in need "
    "plan. The assessment described {mother} as protective and did not analyse the risk from "
    "{partner} or from {adult}. || On {date}, the child and family assessment was completed. "
    "It recommended a child in need plan. The assessment described {mother} as protective and "
    "did not analyse the risk from {partner} or from adults outside the home.",
    "On {date}, the first child in need meeting was held. {hv}, {teacher} and {sw} attended; "
    "{mother} attended with {sibling}. The plan focused on school attendance, a referral to a "
    "parenting programme and support with housing. Actions were not time-limited.",
    "On {date}, {child} did not attend school. {teacher} phoned {mother}, who said {child} had "
    "a stomach bug. This was the fourth unexplained absence in a month. Attendance fell to 71 "
    "per cent over the term.",
    "On {date}, {hv} visited to see {sibling} and noted that the home was cold and that there "
    "was little food in the kitchen. {hv} shared this with {sw} by email. {sw} was on leave and "
    "the email was not picked up for eleven days.",
    "On {date}, {father} contacted Children's Social Care to say he was worried about {child} "
    "and about {partner}. {father} asked for {child} to live with him. He was told he would need "
    "to seek legal advice. His concerns were recorded but not explored.",
    "On {date}, a second child in need meeting took place. {mother} did not attend. {sw} "
    "reported that {mother} had engaged well and that the plan was progressing. {teacher} "
    "disagreed but did not feel able to challenge the decision at the meeting.",
    "On {date}, {child} disclosed to {teacher} that {he} had been given money and a new phone "
    "by \"a friend of {partner's}\". The school made a referral and a contextual safeguarding "
    "screening tool was completed. The score placed {child} at medium risk of exploitation.",
    "On {date}, {child} was reported missing by {mother} at 23:40 and was found by police the "
    "following morning. At the return home interview {child} did not want to talk about where "
    "{he} had been. The interviewer noted that {child} seemed frightened.",
    "On {date}, a health assessment was completed by {gp_doc} at {gp}. {child's} weight had "
    "fallen from the 25th to the 9th centile. A referral to the paediatric clinic was made; "
    "the first appointment offered was not attended.",
    "On {date}, a child protection conference was convened. {child} and {sibling} were made "
    "subject to child protection plans under the category of neglect. {father} was not invited. "
    "{mother} told the conference that {partner} had now left the household.",
    "On {date}, {sw} made an unannounced visit and found {partner} at the property. {mother} "
    "said he was only collecting his things. {sw} discussed this with a manager and it was "
    "agreed to review the written agreement at the next core group.",
    "On {date}, the core group met. {teacher} reported that {child's} attendance had improved "
    "but that {he} was withdrawn and had stopped playing football at break time. Nobody "
    "asked {child} what had changed.",
    "On {date}, the police stopped {partner's} car, registration {father.vrn}, in the town "
    "centre late at night with {child} in the back seat. {partner} was arrested for driving "
    "while unfit through drink. {child} was taken home to {mother}. || On {date}, the police "
    "stopped a car being driven by {partner} late at night with {child} in the back seat. "
    "{partner} was arrested for driving while unfit through drink and {child} was taken home.",
    "On {date}, a review child protection conference noted limited progress. The chair "
    "recorded the <<frank|ordinary_word>> view of {teacher} that things at home had got worse, "
    "and asked for a legal planning meeting to be convened.",
    "On {date}, {child} was admitted to hospital with injuries that led to this review.",
]

ANALYSIS = [
    "4. Analysis and learning",
    "4.1 The voice of the child. {child} told practitioners on several occasions what life at "
    "home was like. {He} spoke about {partner's} drinking, about being hungry, and later about "
    "the \"friend\" who gave {him} money. These accounts were recorded but were rarely "
    "analysed, and they did not change the plan. Practitioners at the learning event spoke of "
    "the need to <<mark|ordinary_word>> such disclosures clearly in records so that they are "
    "not lost.",
    "4.2 Professional curiosity about adults in the household. Agencies knew very little about "
    "{partner}. Checks were not made with the police or with probation, and the assessment "
    "relied on {mother's} account. The review found that the same pattern applied to {adult}, "
    "whose links with {child} were known in part to three agencies but were never put together. "
    "|| 4.2 Professional curiosity about adults in the household. Agencies knew very little "
    "about {partner}. Checks were not made with the police or with probation, and the "
    "assessment relied on {mother's} account. The same pattern applied to the adult man seen "
    "with {child}, whose links with the child were known in part to three agencies.",
    "4.3 Neglect and its cumulative impact. Each concern about {child's} weight, clothing and "
    "attendance was responded to as a single episode. The cumulative picture, which was clear in "
    "{hv's} and {teacher's} records, was not brought together until the child protection "
    "conference, by which time {child} had lived with neglect for more than two years.",
    "4.4 Information sharing. Important information was held by single agencies and not shared: "
    "the police intelligence, the burn seen at the Emergency Department, and the email from "
    "{hv}. Practitioners said they had assumed that someone else would pass the information on. "
    "The Partnership's information sharing guidance is clear that this is everyone's "
    "responsibility.",
    "4.5 Escalation. {teacher} disagreed with the decision to keep the case at child in need "
    "level but did not use the escalation policy. At the learning event practitioners from "
    "schools said they were unsure how to escalate and worried about damaging relationships "
    "with social workers. Several said they had the <<will|ordinary_word>> to challenge but not "
    "the confidence.",
    "4.6 Working with fathers. {father} was known to agencies and asked to be involved, but was "
    "not invited to meetings and was not assessed as a possible source of safety for {child}. "
    "This reflects a finding of the <<National Panel|national_body>> in its thematic review of "
    "the role of men in children's lives.",
    "4.7 Exploitation outside the home. The response to {child's} missing episode and "
    "disclosure followed procedure, but the contextual safeguarding screening tool was treated "
    "as the end of the process rather than the start. There was no plan to disrupt the adults "
    "involved and no consideration of the places where {child} was at risk.",
    "4.8 Supervision and workload. {sw} held thirty-one cases at the time and had three changes "
    "of manager during the period. Supervision records show that {child's} case was discussed "
    "but that discussion focused on tasks rather than on analysis of risk. Practitioners "
    "described a culture in which there was little room for reflection and where staff felt "
    "they had to keep going with <<grace|ordinary_word>> under pressure.",
    "4.9 Health. {hv} and {gp_doc} each saw part of the picture. The health visiting record "
    "did not include the Emergency Department attendance, and {gp_doc} did not know that "
    "{child} was subject to a child in need plan. This mirrors findings in national reviews "
    "by the <<NSPCC|national_body>> and by <<the Care Quality Commission|national_body>>.",
    "4.10 Good practice. There was also good practice. {teacher} knew {child} well and recorded "
    "{his} words carefully. {police} completed a thorough return home interview referral, and "
    "the conference chair's decision to seek legal advice was timely.",
]

RECOMMENDATIONS = [
    "5. Recommendations",
    "5.1 The Partnership should seek assurance that assessments routinely include checks on all "
    "adults in the household, including new partners, and that the outcome of those checks is "
    "analysed and not simply recorded.",
    "5.2 Children's Social Care and the police should review how intelligence about adults who "
    "pose a risk to children is shared with the Front Door, and report to the Partnership within "
    "six months.",
    "5.3 The Partnership should relaunch its escalation policy with schools, with a short guide "
    "and a named contact in each locality, and audit its use after a year.",
    "5.4 Health partners should ensure that Emergency Department attendances by children open to "
    "Children's Social Care are shared with the allocated social worker and the health visitor "
    "or school nurse within one working day.",
    "5.5 All agencies should use the Partnership's neglect toolkit at the start of any plan "
    "where neglect is a concern, and at each review, so that the cumulative impact is visible.",
    "5.6 The Partnership should work with the Youth Justice Service and the police to develop "
    "a multi-agency response to exploitation that includes plans to disrupt adults and to "
    "make places safer.",
    "5.7 Agencies should report to the Partnership on how they involve fathers and male carers "
    "in assessments and plans, drawing on the learning published by the "
    "<<Child Safeguarding Practice Review Panel|national_body>>.",
    "5.8 The Partnership should share this report with the Department for Education and with "
    "<<Ofsted|national_body>> as required, and publish it in the <<summer|ordinary_word>> "
    "alongside a seven-minute briefing for practitioners.",
]

CLOSING = [
    "6. Family contribution",
    "6.1 The lead reviewer met {mother} and {father}. {mother} said she <<may|ordinary_word>> "
    "not have always told professionals the truth because she was frightened of losing the "
    "children, and that she wished someone had asked her directly about {partner}. {father} said "
    "he had tried to raise the alarm and felt that nobody listened.",
    "6.2 Both parents said they wanted the review to make a difference for other children. The "
    "Partnership thanks them for their contribution and for the <<faith|ordinary_word>> they "
    "have shown in the process.",
    "Report author: {reviewer}, independent lead reviewer. Presented to the Partnership's "
    "executive on {later}.",
]

TEMPLATE_TEXT = " ".join(INTRO + BACKGROUND + [JOURNEY_HEAD, JOURNEY_INTRO] + EVENTS + ANALYSIS
                         + RECOMMENDATIONS + CLOSING)
TEMPLATE_WORDS = {w.lower() for w in re.findall(r"[A-Za-z]+", TEMPLATE_TEXT)}

SLOT_RE = re.compile(r"\{([a-z_]+)(?:\.([a-z_]+))?('s)?\}|<<([^|>]+)\|([a-z_]+)>>|\{([A-Z][a-z]+)\}")

# Person-slot forms. Required forms are planted at least once in every non-clean report.
CHILD_FORMS = ["full", "first", "first", "first", "alias", "initials", "capitals", "typo",
               "line_break", "line_break_hyphen", "hyphen_part"]
MOTHER_FORMS = ["full", "first", "surname", "typo", "capitals", "initials", "line_break",
                "hyphen_part", "hyphen_part"]
ADULT_FORMS = {"father": ["full", "first", "surname"], "partner": ["full", "first", "alias"],
               "sibling": ["first", "full"]}


# ---------------------------------------------------------------------------------------------
# One case
# ---------------------------------------------------------------------------------------------


class Case:
    def __init__(self, rng, names, index, clean):
        self.rng, self.index, self.clean = rng, index, clean
        names.used.clear()  # names are distinct within a case; cases may share them
        r = rng
        self.review_start = dt.date(r.randint(2018, 2021), r.randint(1, 12), 1)
        self.review_end = self.review_start + dt.timedelta(days=r.randint(540, 900))
        child_gender = r.choice("mf")
        child_age = r.randint(5, 14)
        self.child_dob = self._dob(self.review_end.year - child_age)
        # Hyphenated surname: the child's in half the cases, the mother's in the others.
        child_hyph = r.random() < 0.5
        child_first = names.first("boy" if child_gender == "m" else "girl")
        father_surname = names.surname(hyphenated=child_hyph)
        letter = r.choice([c for c in "ABCDEFGHJKLMNPRSTWXYZ" if c not in child_first[0] + father_surname[0]])
        self.child = Person("child", child_first, father_surname, f"Child {letter}",
                            gender=child_gender, role="Subject child", dob=self.child_dob,
                            alias=self._nickname(child_first, names))
        mother_first = names.first("word_girl" if r.random() < 0.3 else "adult_girl")
        self.mother = Person("mother", mother_first, names.surname(hyphenated=not child_hyph),
                             "Mother", role="Mother", dob=self._dob(self.child_dob.year - r.randint(19, 30)))
        self.father = Person("father", names.first("adult_boy"), father_surname.split("-")[0]
                             if child_hyph else father_surname, "Father", gender="m", role="Father",
                             dob=self._dob(self.child_dob.year - r.randint(20, 33)))
        partner_first = names.first("adult_boy")
        self.partner = Person("partner", partner_first, names.surname(), "Mother's partner",
                              gender="m", role="Mother's partner",
                              alias=self._nickname(partner_first, names, adult=True))
        sib_gender = r.choice("mf")
        sib_kind = "boy" if sib_gender == "m" else ("word_girl" if r.random() < 0.3 else "girl")
        self.sibling = Person("sibling", names.first(sib_kind), father_surname, "Sibling 1",
                              gender=sib_gender, role="Sibling",
                              dob=self._dob(self.child_dob.year + r.randint(1, 4)))
        g = lambda: r.choice("mf")  # noqa: E731
        prac = []
        for key, label, role, agency, title in [
            ("hv", "Health Visitor 1", "Health visitor", "Community health services", None),
            ("sw", "Social Worker 1", "Social worker", "Children's Social Care", None),
            ("teacher", "Class Teacher", "Class teacher", "Education", None),
            ("gp_doc", "GP 1", "General practitioner", "Primary care", "Dr"),
            ("police", "Police Officer 1", "Police constable", "Police", None),
        ]:
            gender = g()
            first = names.first("adult_boy" if gender == "m" else "adult_girl")
            title = title or ("Mr" if gender == "m" else "Ms") if key != "police" else "PC"
            prac.append(Person(key, first, names.surname(), label, gender=gender, role=role,
                               agency=agency, title=title))
        self.practitioners = prac
        rev_first = names.first("adult_girl")
        self.reviewer = Person("reviewer", rev_first, names.surname(), "Lead reviewer",
                               role="Independent lead reviewer", public=True)
        # Unregistered people.
        adult_first = names.first("adult_boy")
        self.adult = Person("adult", adult_first, names.surname(), "Adult A", registered=False,
                            gender="m")
        nb_first = names.first("adult_girl")
        self.neighbour = Person("neighbour", nb_first, names.surname(), "a neighbour",
                                registered=False)
        # Places and organisations.
        stem = names.place("street_stem")
        self.street = f"{stem} {r.choice(STREET_TYPES)}"
        self.house = r.randint(2, 140)
        self.town = names.place("town")
        self.postcode = make_postcode(r)
        school_type = "Primary School" if child_age <= 11 else "Academy"
        self.school = f"{names.place('school_stem')} {school_type}"
        self.school_short = self.school.rsplit(" School", 1)[0].rsplit(" Academy", 1)[0]
        surgery = names.place("surgery_stem")
        self.gp = f"{surgery} {r.choice(['Surgery', 'Medical Centre', 'Health Centre'])}"
        self.gp_short = f"{surgery} practice"
        adult_stem = names.place("street_stem")
        self.adult_address = f"{r.randint(1, 60)} {adult_stem} {r.choice(STREET_TYPES)}"
        self.adult_postcode = make_postcode(r)
        # Identifiers.
        self.child_nhs = make_nhs(r)
        self.mother_phone = make_phone(r, "mobile")
        self.mother_email = self._email(self.mother)
        self.vrn = make_vrn(r, "spaced")
        self.adult_phone = make_phone(r, r.choice(["mobile", "mobile_nospace", "mobile_intl"]))
        self.adult_email = self._email(self.adult)
        self.adult_vrn = make_vrn(r, r.choice(["spaced", "nospace"]))
        self.adult_nhs = make_nhs(r)
        self.adult_ni = make_ni(r, r.choice(["spaced", "nospace"]))
        self.neighbour_phone = make_phone(r, "landline")
        self.people = [self.child, self.mother, self.father, self.partner, self.sibling] + prac
        self.meeting_dates = []

    # -- helpers ------------------------------------------------------------------------------

    def _dob(self, year):
        return dt.date(year, self.rng.randint(1, 12), self.rng.randint(1, 28))

    def _nickname(self, first, names, adult=False):
        r = self.rng
        if len(first) <= 3:
            stem = first
        else:
            stem = first[:3] if first[2].lower() not in "aeiou" else first[:2] + first[3]
        for cand in ([stem + "y", stem + "ie", stem + "o", first[:4]] if not adult
                     else [stem + "o", stem + "sy", stem + "ie"]):
            if (cand.lower() != first.lower() and cand.lower() not in TEMPLATE_WORDS
                    and cand.lower() not in ORDINARY_NAME_WORDS and len(cand) >= 3
                    and cand.lower() not in names.used and r.random() < 0.7):
                names.used.add(cand.lower())
                return cand
        cand = first[0] + first[-1].upper() if not adult else "Big " + first[0]
        names.used.add(cand.lower())
        return cand

    def _email(self, person):
        r = self.rng
        first = person.first.lower()
        sur = person.surname.lower().replace("-", "")
        local = r.choice([f"{first}.{sur}", f"{first[0]}{sur}{r.randint(1, 99)}",
                          f"{first}{sur[:3]}{r.randint(80, 99)}", f"{sur}.{first}"])
        return f"{local}@{r.choice(['example.com', 'example.co.uk', 'example.org', 'example.net'])}"

    def meeting_date(self):
        r = self.rng
        span = (self.review_end - self.review_start).days
        dobs = {(p.dob.day, p.dob.month) for p in self.people if p.dob}
        while True:
            d = self.review_start + dt.timedelta(days=r.randint(0, span))
            if (d.day, d.month) not in dobs:
                return d

    def register(self):
        entries = []
        for p in self.people + [self.reviewer]:
            e = {"kind": "person", "name": p.full, "aliases": [p.alias] if p.alias else [],
                 "role": p.role, "agency": p.agency, "pseudonym": p.label, "public": p.public}
            if p.dob:
                e["date_of_birth"] = p.dob.isoformat()
            if p.public:
                e["pseudonym"] = None
            entries.append(e)
        entries += [
            {"kind": "place", "name": f"{self.house} {self.street}", "aliases": [self.street],
             "pseudonym": "the family home", "public": False},
            {"kind": "place", "name": self.town, "aliases": [], "pseudonym": "the town",
             "public": False},
            {"kind": "identifier", "type": "postcode", "name": " ".join(self.postcode),
             "aliases": [], "pseudonym": "[postcode]", "public": False},
            {"kind": "organisation", "name": self.school, "aliases": [self.school_short],
             "pseudonym": "the school", "public": False},
            {"kind": "organisation", "name": self.gp, "aliases": [self.gp_short],
             "pseudonym": "the GP practice", "public": False},
            {"kind": "identifier", "type": "nhs_number", "name": fmt_nhs(self.child_nhs, "spaced"),
             "aliases": [], "pseudonym": "[NHS number]", "role": "Child's NHS number",
             "public": False},
            {"kind": "identifier", "type": "phone", "name": self.mother_phone, "aliases": [],
             "pseudonym": "[phone number]", "role": "Mother's mobile", "public": False},
            {"kind": "identifier", "type": "email", "name": self.mother_email, "aliases": [],
             "pseudonym": "[email address]", "role": "Mother's email", "public": False},
            {"kind": "identifier", "type": "vehicle_registration", "name": self.vrn, "aliases": [],
             "pseudonym": "[vehicle registration]", "role": "Mother's partner's car",
             "public": False},
        ]
        return {"entries": entries}


# ---------------------------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------------------------


class Builder:
    def __init__(self):
        self.parts, self.pos, self.spans, self.negatives = [], 0, [], []

    def add(self, text, span=None, negative=None):
        if span is not None:
            self.spans.append({"start": self.pos, "end": self.pos + len(text), "text": text, **span})
        if negative is not None:
            self.negatives.append({"start": self.pos, "end": self.pos + len(text), "text": text,
                                   "kind": negative})
        self.parts.append(text)
        self.pos += len(text)

    def text(self):
        return "".join(self.parts)


def typo(rng, word, forbidden):
    """One edit that keeps the first letter: a vowel swapped, a letter doubled, dropped or two
    neighbours transposed."""
    for _ in range(100):
        op = rng.choice(["vowel", "double", "drop", "swap"])
        i = rng.randint(1, len(word) - 1)
        if op == "vowel" and word[i] in "aeiouy":
            out = word[:i] + rng.choice([v for v in "aeiouy" if v != word[i]]) + word[i + 1:]
        elif op == "double":
            out = word[:i] + word[i] + word[i:]
        elif op == "drop" and len(word) > 4:
            out = word[:i] + word[i + 1:]
        elif op == "swap" and i < len(word) - 1 and word[i] != word[i + 1]:
            out = word[:i] + word[i + 1] + word[i] + word[i + 2:]
        else:
            continue
        if out != word and out.lower() not in forbidden:
            return out
    raise RuntimeError(f"no typo for {word}")


class Renderer:
    PERSON_KEYS = ("child", "mother", "father", "partner", "sibling", "hv", "sw", "teacher",
                   "gp_doc", "police", "adult", "neighbour")

    def __init__(self, case, rng, forbidden_typos):
        self.case, self.rng, self.forbidden = case, rng, forbidden_typos
        self.people = {p.key: p for p in case.people + [case.adult, case.neighbour]}
        self.plan = {}  # (slot index) -> form
        self.slot_counter = 0

    # -- planning -----------------------------------------------------------------------------

    def plan_forms(self, paragraphs):
        """Decide which person slots carry a planted form; the rest use the label."""
        slots = []  # (index, key, possessive)
        idx = 0
        for para in paragraphs:
            for m in SLOT_RE.finditer(para):
                key, attr, poss = m.group(1), m.group(2), m.group(3)
                if key in self.PERSON_KEYS and attr is None:
                    slots.append((idx, key, bool(poss)))
                if m.group(1) or m.group(6):
                    idx += 1
        if self.case.clean:
            return
        r = self.rng
        by_key = {}
        for i, key, poss in slots:
            by_key.setdefault(key, {"noun": [], "poss": []})["poss" if poss else "noun"].append(i)
        required = {"child": CHILD_FORMS, "mother": MOTHER_FORMS, **ADULT_FORMS}
        for key, groups in by_key.items():
            person = self.people[key]
            nouns, posses = groups["noun"][:], groups["poss"][:]
            r.shuffle(nouns)
            r.shuffle(posses)
            forms = list(required.get(key, []))
            if key in ("hv", "sw", "teacher", "gp_doc", "police"):
                forms = r.sample(["full", "surname", "first"], r.randint(1, 2))
            if key in ("adult", "neighbour"):
                forms = ["full", "first", "surname"] if key == "adult" else ["full"]
                # Most mentions of unregistered people carry their name in the planted reports.
                forms += ["full" if key == "neighbour" else r.choice(["first", "surname", "full"])
                          for _ in range(max(0, len(nouns) - len(forms) - 1))]
            if "-" not in person.surname:
                forms = [f for f in forms if f != "hyphen_part"]
            if not person.alias:
                forms = [f for f in forms if f != "alias"]
            for f in forms:
                if nouns:
                    self.plan[nouns.pop()] = f
            if posses and key in ("child", "mother", "partner"):
                self.plan[posses.pop()] = "possessive"
                if posses and key == "child":
                    self.plan[posses.pop()] = "possessive_curly"
            # A few more first-name slips for the family.
            for i in nouns:
                if key in ("child", "mother") and r.random() < 0.12:
                    self.plan[i] = "first"

    # -- rendering ----------------------------------------------------------------------------

    def render(self, paragraphs):
        # Chronology dates run forwards; the last event is the incident at the end of the period.
        n_jdates = sum(p.count("{jdate}") for p in paragraphs)
        self.journey_dates = sorted(self.case.meeting_date() for _ in range(n_jdates - 1))
        self.journey_dates.append(self.case.review_end)
        b = Builder()
        idx = 0
        for n, para in enumerate(paragraphs):
            if n:
                b.add("\n\n")
            pos = 0
            for m in SLOT_RE.finditer(para):
                b.add(para[pos:m.start()])
                pos = m.end()
                if m.group(4):
                    b.add(m.group(4), negative=m.group(5))
                    continue
                if m.group(6):  # capitalised pronoun {He}, {His}
                    b.add(self.pronoun(m.group(6).lower()).capitalize())
                    idx += 1
                    continue
                self.slot(b, m.group(1), m.group(2), bool(m.group(3)), idx)
                idx += 1
            b.add(para[pos:])
        b.add("\n")
        return b

    def pronoun(self, word):
        male = self.case.child.gender == "m"
        return {"he": "he" if male else "she", "his": "his" if male else "her",
                "him": "him" if male else "her"}[word]

    def slot(self, b, key, attr, poss, idx):
        c, r = self.case, self.rng
        if key in ("he", "his", "him"):
            b.add(self.pronoun(key))
            return
        if key == "date":
            d = c.meeting_date()
            b.add(fmt_date(d, r.choice(["slash", "ordinal", "long", "long", "dotted"])),
                  negative="meeting_date")
            return
        if key == "jdate":
            d = self.journey_dates.pop(0)
            b.add(fmt_date(d, r.choice(["slash", "ordinal", "long", "long", "dotted"])),
                  negative="meeting_date")
            return
        if key in ("period_start", "period_end", "later"):
            d = {"period_start": c.review_start, "period_end": c.review_end}.get(key)
            if d is None:
                d = c.review_end + dt.timedelta(days=r.randint(10, 300))
                while any((d.day, d.month) == (p.dob.day, p.dob.month) for p in c.people if p.dob):
                    d += dt.timedelta(days=1)
            b.add(fmt_date(d, r.choice(["long", "long", "ordinal", "slash"])),
                  negative="meeting_date")
            return
        if key == "month":
            b.add(fmt_date(c.meeting_date(), "month_year"), negative="meeting_date")
            return
        if key == "reviewer":
            b.add(c.reviewer.full, negative="public_person")
            return
        if key == "reviewer_short":
            b.add("Ms ")
            b.add(c.reviewer.surname, negative="public_person")
            return
        if key == "the_family":
            if c.clean or r.random() < 0.5:
                b.add("the family")
            else:
                b.add("the ")
                self.person_span(b, c.child, c.child.surname, "surname")
                b.add(" family")
            return
        if key == "school":
            if c.clean or r.random() < 0.45:
                b.add("the school", negative="generic_role")
            else:
                self.org(b, c.school, c.school_short, "school")
            return
        if key == "gp":
            if c.clean or r.random() < 0.45:
                b.add("the GP practice", negative="generic_role")
            else:
                self.org(b, c.gp, c.gp_short, "gp")
            return
        if key in ("adult_first", "adult_surname"):
            which = key.split("_")[1]
            self.person_span(b, c.adult, getattr(c.adult, which), which)
            return
        person = self.people.get(key)
        if attr is None:
            form = self.plan.get(idx)
            if form is None:
                label = person.label
                kind = "pseudonym" if key == "child" else "role_label"
                if key == "adult":
                    label, kind = ("an adult man known to police", "generic_role")
                b.add(label + ("'s" if poss else ""), negative=kind)
                return
            self.person_form(b, person, form, poss)
            return
        self.attribute(b, person, key, attr)

    def org(self, b, full, short, which):
        form = self.rng.choice(["full", "full", "short"])
        text = full if form == "full" else short
        reg = self.case.school if which == "school" else self.case.gp
        b.add(text, span={"category": "organisation", "registered": True, "register_name": reg,
                          "form": form})

    def person_span(self, b, person, text, form):
        span = {"category": "person", "registered": person.registered, "form": form}
        if person.registered:
            span["register_name"] = person.full
        b.add(text, span=span)

    def person_form(self, b, p, form, poss):
        r = self.rng
        adult = p.key not in ("child", "sibling")
        if form in ("possessive", "possessive_curly"):
            assert poss
            apos = "\u2019" if form == "possessive_curly" else "'"
            name = p.first
            suffix = apos if name.endswith("s") and r.random() < 0.5 else apos + "s"
            self.person_span(b, p, name + suffix, "possessive")
            return
        assert not poss
        if form == "full":
            self.person_span(b, p, p.full, "full")
        elif form == "first":
            self.person_span(b, p, p.first, "first")
        elif form == "surname":
            b.add(f"{p.title} ")
            self.person_span(b, p, p.surname, "surname")
        elif form == "alias":
            self.person_span(b, p, p.alias, "alias")
        elif form == "initials":
            sep = r.choice([".", ". "])
            text = f"{p.first[0]}{sep}{p.surname[0]}."
            self.person_span(b, p, text, "initials")
        elif form == "capitals":
            text = r.choice([p.full, p.full, p.first]).upper()
            if p.key == "child" and r.random() < 0.5:
                text = f"{p.first[0]}. {p.surname.upper()}"
            self.person_span(b, p, text, "capitals")
        elif form == "typo":
            which = r.choice(["first", "surname"])
            part = p.first if which == "first" else re.split(r"-", p.surname)[-1]
            bad = typo(r, part, self.forbidden)
            text = bad if which == "first" else (p.surname.replace(part, bad) if adult else bad)
            if which == "surname" and adult:
                b.add(f"{p.title} ")
            elif which == "surname":
                text = f"{p.first} {p.surname.replace(part, bad)}"
            self.person_span(b, p, text, "typo")
        elif form == "line_break":
            if "-" in p.surname and r.random() < 0.5:
                a, c = p.surname.split("-", 1)
                text = f"{p.first} {a}-\n{c}"
            else:
                text = f"{p.first}\n{p.surname}"
            self.person_span(b, p, text, "line_break")
        elif form == "line_break_hyphen":
            cut = max(2, len(p.first) // 2)
            self.person_span(b, p, f"{p.first[:cut]}-\n{p.first[cut:]}", "line_break")
        elif form == "hyphen_part":
            a, c = p.surname.split("-", 1)
            if r.random() < 0.5:
                self.person_span(b, p, f"{p.first} {a}", "hyphen_part")
            else:
                b.add(f"{p.title} ")
                self.person_span(b, p, c, "hyphen_part")
        else:
            raise ValueError(form)

    def attribute(self, b, p, key, attr):
        c, r = self.case, self.rng
        if attr == "label":
            b.add(p.label, negative="pseudonym")
        elif attr == "age":
            b.add(str(c.child_dob.year - p.dob.year))
        elif attr == "dob":
            self.dob_forms(b)
        elif attr == "nhs":
            b.add(fmt_nhs(c.child_nhs, r.choice(["spaced", "plain", "dashed"])),
                  span={"category": "nhs_number", "registered": True,
                        "register_name": fmt_nhs(c.child_nhs, "spaced"), "form": "nhs"})
        elif attr == "phone" and key == "mother":
            b.add(c.mother_phone, span={"category": "phone", "registered": True,
                                        "register_name": c.mother_phone, "form": "phone"})
        elif attr == "email" and key == "mother":
            b.add(c.mother_email, span={"category": "email", "registered": True,
                                        "register_name": c.mother_email, "form": "email"})
        elif attr == "vrn" and key == "father":
            b.add(c.vrn, span={"category": "vehicle_registration", "registered": True,
                               "register_name": c.vrn, "form": "vehicle_registration"})
        elif attr == "full" and key == "home":
            reg = f"{c.house} {c.street}"
            b.add(reg, span={"category": "address", "registered": True, "register_name": reg,
                             "form": "street_address"})
            b.add(", ")
            b.add(c.town, span={"category": "address", "registered": True,
                                "register_name": c.town, "form": "town"})
            b.add(", ")
            self.postcode(b, c.postcode, True)
            b.add(". The family had moved there from another part of ")
            b.add(c.town, span={"category": "address", "registered": True,
                                "register_name": c.town, "form": "town"})
            b.add(" shortly before, and the street itself, ")
            b.add(c.street, span={"category": "address", "registered": True, "register_name": reg,
                                  "form": "street"})
            b.add(", was later described by police as a place where young people gathered")
        elif key == "adult" and attr == "address":
            b.add(c.adult_address, span={"category": "address", "registered": False,
                                         "form": "street_address"})
        elif key == "adult" and attr == "postcode":
            self.postcode(b, c.adult_postcode, False)
        elif key == "adult" and attr == "vrn":
            b.add(c.adult_vrn, span={"category": "vehicle_registration", "registered": False,
                                     "form": "vehicle_registration"})
        elif key == "adult" and attr == "nhs":
            b.add(fmt_nhs(c.adult_nhs, r.choice(["spaced", "plain", "dashed"])),
                  span={"category": "nhs_number", "registered": False, "form": "nhs"})
        elif key == "adult" and attr == "ni":
            b.add(c.adult_ni, span={"category": "ni_number", "registered": False, "form": "ni_number"})
        elif key == "adult" and attr == "phone":
            b.add(c.adult_phone, span={"category": "phone", "registered": False, "form": "phone"})
        elif key == "adult" and attr == "email":
            b.add(c.adult_email, span={"category": "email", "registered": False, "form": "email"})
        elif key == "neighbour" and attr == "phone":
            b.add(c.neighbour_phone, span={"category": "phone", "registered": False, "form": "phone"})
        else:
            raise ValueError((key, attr))

    def postcode(self, b, pc, registered):
        spaced = self.rng.random() < 0.6
        text = " ".join(pc) if spaced else "".join(pc)
        span = {"category": "postcode", "registered": registered,
                "form": "postcode_spaced" if spaced else "postcode_nospace"}
        if registered:
            span["register_name"] = " ".join(pc)
        b.add(text, span=span)

    def dob_forms(self, b):
        """The child's date of birth in one format, then a sentence with the others."""
        c, r = self.case, self.rng
        d = c.child_dob
        reg = c.child.full
        styles = ["slash", "ordinal", "long", "dotted"]
        r.shuffle(styles)

        def put(style):
            b.add(fmt_date(d, style), span={"category": "date_of_birth", "registered": True,
                                            "register_name": reg, "form": f"dob_{style}"})

        put(styles[0])
        b.add(" at the local maternity unit; the birth notification gives the date as ")
        put(styles[1])
        b.add(", the health visiting record as ")
        put(styles[2])
        b.add(" and the school admission form as ")
        put(styles[3])
        age = r.randint(2, max(2, c.review_end.year - d.year - 1))
        b.add(f". {self.pronoun('he').capitalize()} turned {NUMBER_WORDS[age]} on ")
        b.add(fmt_date(d, r.choice(["day_month", "ordinal_day_month"])),
              span={"category": "date_of_birth", "registered": True, "register_name": reg,
                    "form": "age_birthday"})
        b.add(" while the family were living in temporary accommodation")


# ---------------------------------------------------------------------------------------------
# Document assembly
# ---------------------------------------------------------------------------------------------


def choose(paragraphs, clean):
    out = []
    for p in paragraphs:
        if " || " in p:
            planted, twin = p.split(" || ", 1)
            out.append(twin if clean else planted)
        else:
            out.append(p)
    return out


def build_case(rng, names, index, clean, forbidden):
    case = Case(rng, names, index, clean)
    target = rng.randint(1700, 2800)
    for _attempt in range(50):
        events = [e.replace("On {date}", "On {jdate}") for e in EVENTS]
        required = [i for i, e in enumerate(events[:-1]) if " || " in e]
        optional = [i for i, e in enumerate(events[:-1]) if " || " not in e]
        picked = sorted(required + rng.sample(optional, rng.randint(8, len(optional))))
        journey = [JOURNEY_HEAD, JOURNEY_INTRO] + [
            f"3.{k + 2} " + events[i] for k, i in enumerate(picked)]
        journey.append(f"3.{len(picked) + 2} " + events[-1])
        analysis = [ANALYSIS[0]] + rng.sample(ANALYSIS[1:], rng.randint(6, len(ANALYSIS) - 1))
        recs = [RECOMMENDATIONS[0]] + sorted(rng.sample(RECOMMENDATIONS[1:], rng.randint(5, 7)))
        title = [f"Child Safeguarding Practice Review: {case.child.label}",
                 "Draft for the Partnership's review panel. Not for circulation."]
        paragraphs = choose(title + INTRO + BACKGROUND + journey + analysis + recs + CLOSING, clean)
        estimate = len(" ".join(paragraphs).split())
        if abs(estimate - target) < 350 or 1550 <= estimate <= 2900:
            break
    renderer = Renderer(case, rng, forbidden)
    renderer.plan_forms(paragraphs)
    b = renderer.render(paragraphs)
    return case, b


def check_document(text, gold, case):
    for s in gold["spans"] + gold["hard_negatives"]:
        assert text[s["start"]:s["end"]] == s["text"], (s, text[s["start"]:s["end"]])
    if case.clean:
        assert not gold["spans"], "the clean report has planted spans"
    # Every case-sensitive whole-word occurrence of a planted name lies inside a gold span.
    covered = [(s["start"], s["end"]) for s in gold["spans"]]
    tokens = set()
    for p in case.people + [case.adult, case.neighbour]:
        tokens.update(t for t in p.tokens() if len(t) > 1)
    tokens.update([case.town, case.street, case.school, case.gp, case.school_short])
    for tok in sorted(tokens):
        for m in re.finditer(r"(?<![A-Za-z])" + re.escape(tok) + r"(?![A-Za-z])", text):
            assert any(a <= m.start() and m.end() <= z for a, z in covered), (
                f"unannotated {tok!r} at {m.start()}: {text[max(0, m.start() - 40):m.end() + 40]!r}")
    # The public reviewer's name is never planted.
    assert not any(case.reviewer.surname in s["text"] for s in gold["spans"])


def generate(seed, pool, out, n_docs):
    rng = random.Random(f"review-desk-scanner/{seed}/{pool}")
    forbidden = set(TEMPLATE_WORDS) | set(ORDINARY_NAME_WORDS)
    names = Names(rng, pool, forbidden)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("case-*"):
        old.unlink()
    clean_index = rng.randint(1, n_docs)
    manifest = {"seed": seed, "names_from": pool, "documents": [], "totals": {}}
    totals = {"documents": 0, "words": 0, "spans": 0, "registered": 0, "unregistered": 0,
              "hard_negatives": 0, "by_category": {}, "by_form": {}, "by_negative_kind": {}}
    second_names = set()
    for i in range(1, n_docs + 1):
        case, b = build_case(rng, names, i, i == clean_index, forbidden)
        text = b.text()
        stem = f"case-{i:02d}"
        words = len(text.split())
        gold = {"document": f"{stem}.txt", "register": f"{stem}.register.json",
                "clean": case.clean, "words": words, "spans": b.spans,
                "hard_negatives": b.negatives}
        (out / f"{stem}.txt").write_text(text, encoding="utf-8", newline="")
        (out / f"{stem}.gold.json").write_text(json.dumps(gold, indent=1, ensure_ascii=False) + "\n",
                                               encoding="utf-8")
        (out / f"{stem}.register.json").write_text(
            json.dumps(case.register(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        # Self-check against what is on disk.
        reread = (out / f"{stem}.txt").read_bytes().decode("utf-8")
        check_document(reread, json.loads((out / f"{stem}.gold.json").read_text("utf-8")), case)
        counts = count(b.spans, b.negatives)
        manifest["documents"].append({"id": stem, "text": gold["document"],
                                      "gold": f"{stem}.gold.json", "register": gold["register"],
                                      "clean": case.clean, "words": words, **counts})
        totals["documents"] += 1
        totals["words"] += words
        totals["spans"] += len(b.spans)
        totals["hard_negatives"] += len(b.negatives)
        for s in b.spans:
            totals["registered" if s["registered"] else "unregistered"] += 1
            for field, key in (("by_category", s["category"]), ("by_form", s["form"])):
                totals[field][key] = totals[field].get(key, 0) + 1
        for nneg in b.negatives:
            totals["by_negative_kind"][nneg["kind"]] = totals["by_negative_kind"].get(nneg["kind"], 0) + 1
        for p in case.people + [case.adult, case.neighbour, case.reviewer]:
            second_names.update(t for t in p.tokens() if len(t) > 2)
        second_names.update([case.town] + case.street.split()[:1] + case.school.split()[:1]
                            + case.gp.split()[:1])
    for field in ("by_category", "by_form", "by_negative_kind"):
        totals[field] = dict(sorted(totals[field].items()))
    manifest["totals"] = totals
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return manifest, sorted(second_names)


def count(spans, negatives):
    out = {"spans": len(spans), "registered": sum(s["registered"] for s in spans),
           "unregistered": sum(not s["registered"] for s in spans),
           "hard_negatives": len(negatives), "by_category": {}, "by_form": {}}
    for s in spans:
        out["by_category"][s["category"]] = out["by_category"].get(s["category"], 0) + 1
        out["by_form"][s["form"]] = out["by_form"].get(s["form"], 0) + 1
    out["by_category"] = dict(sorted(out["by_category"].items()))
    out["by_form"] = dict(sorted(out["by_form"].items()))
    return out


def check_repo(root, names, out):
    """Report names of this set that occur in the repository's code, tests or docs."""
    root = pathlib.Path(root).resolve()
    out = out.resolve()
    skip = {".venv", "node_modules", ".git", "var", "__pycache__"}
    hits = {}
    patterns = [(n, re.compile(r"(?<![A-Za-z])" + re.escape(n) + r"(?![A-Za-z])")) for n in names]
    for path in root.rglob("*"):
        if (not path.is_file() or any(part in skip for part in path.relative_to(root).parts)
                or out in path.parents or path.suffix not in {".py", ".html", ".md", ".txt",
                                                             ".json", ".js", ".toml", ".cfg"}):
            continue
        try:
            text = path.read_text("utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        if path.parent.parent == out.parent and path.parent.name.startswith("seed"):
            continue  # the other generated set
        for n, pat in patterns:
            if pat.search(text):
                hits.setdefault(n, []).append(str(path.relative_to(root)))
    return hits


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--names-from", choices=["first", "second"], default="first")
    ap.add_argument("--out", type=pathlib.Path, required=True)
    ap.add_argument("-n", "--documents", type=int, default=12)
    ap.add_argument("--check-repo", metavar="DIR",
                    help="report generated names found in DIR's source files (no effect on output)")
    args = ap.parse_args(argv)
    manifest, generated_names = generate(args.seed, args.names_from, args.out, args.documents)
    t = manifest["totals"]
    print(f"{t['documents']} documents, {t['words']} words, {t['spans']} planted spans "
          f"({t['registered']} registered, {t['unregistered']} unregistered), "
          f"{t['hard_negatives']} annotated hard negatives -> {args.out}")
    print("by category:", json.dumps(t["by_category"]))
    print("by form:", json.dumps(t["by_form"]))
    if args.check_repo:
        hits = check_repo(args.check_repo, generated_names, args.out)
        for n, paths in sorted(hits.items()):
            print(f"name {n!r} also occurs in: {', '.join(paths[:5])}")
        if hits and args.names_from == "second":
            return 1
        print(f"check-repo: {len(generated_names) - len(hits)}/{len(generated_names)} names "
              "occur nowhere else in the repository")
    return 0


if __name__ == "__main__":
    sys.exit(main())
