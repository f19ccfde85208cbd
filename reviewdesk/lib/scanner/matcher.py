"""Register-driven matcher: finds a review's registered identities in every form they take.

``RegisterMatcher(entries).find(text)`` returns non-overlapping ``Finding`` objects with Python
string offsets into ``text``. Entries use the register JSON format (see the issue): ``kind``
(person, place, organisation, identifier), ``name``, ``aliases``, ``role``, ``date_of_birth``,
``type``, ``pseudonym`` and ``public``.

Speed: every literal variant (names, aliases, initials, places, organisations, identifiers,
dates of birth) goes into one compiled alternation; typo checking only looks at capitalised
tokens of five or more letters that nothing else matched.
"""

import dataclasses
import datetime as dt
import functools
import re

from dateutil.relativedelta import relativedelta
from rapidfuzz.distance import OSA

MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]

# Ordinary words never taken as typos of a name, even capitalised.
STOP_WORDS = frozenset(
    """about above after again agency agencies among april august began being below bring
    brought could early email every faith first found further given grace great health
    hence house later learn least march maybe might money never night other panel place
    plans point police quite range rather reason right rose since small social staff still
    summer their there these thing think those three times today under until where which
    while whole would years young local legal lower upper shall share shane heard hears
    heart hoped hopes carer carers cared cares child class clear close court
    """.split()
)

# Parts of hyphenated first names spelt more than one way, each group one name: in a compound
# with its other part spelt right, any spelling of the group is the registered person's.
SPELLINGS = {spelling: group for group, spellings in enumerate((
    "leigh lee lea leah", "mae may mai", "anne ann", "marie maree mari", "lou lu",
    "jayne jane", "lyn lynn lynne", "rae ray", "louise louisa", "belle bell", "jo joe",
    "rose rosa", "grace gracie", "jay jai")) for spelling in spellings.split()}
# Titles written before a registered name, never a first name of their own.
TITLES = frozenset("dr mr mrs ms miss mx prof professor rev revd sir dame lady lord".split())
MONTHS_SAID = re.compile(
    r"\b(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven)[\s-]+months?\b", re.I)
NUMBER_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve").split()
AGE_WORDS = re.compile(r"\b(?:turned|turns|turning|birthday|aged?|born|years?\s+old)\b", re.I)
BIRTHDAY_WORDS = re.compile(r"\b(?:turned|turns|turning|birthday|birth)\b", re.I)
# Just before a month and year that are a date of birth: "born in March 2019", "DOB: March 2019".
BIRTH_BEFORE = re.compile(r"\b(?:born|birth|d\.?o\.?b\.?)(?:\s+(?:in|on|during))?[\s:,]*$", re.I)
# A person named like a month ("May", "June") is not flagged where the word is part of a date:
# a day number before it, or a day or year after it ("3 May", "June 2024", "April 12th").
DAY_BEFORE = re.compile(r"(?<!\d)\d{1,2}(?:st|nd|rd|th)?(?:\s+of)?\s+$", re.I)
DAY_OR_YEAR_AFTER = re.compile(r",?\s+(?:\d{1,2}(?:st|nd|rd|th)?|\d{4}|'\d{2})(?!\w)", re.I)
MONTH_WORDS = frozenset(m.lower() for m in MONTHS) | frozenset(m[:3].lower() for m in MONTHS) | {"sept"}
UK_POSTCODE = re.compile(r"(?<![A-Za-z0-9])[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}(?![A-Za-z0-9])", re.I)
HOUSE_NUMBER = re.compile(r"^\d+[a-zA-Z]?,?\s+(.+)$")
FLAT = re.compile(r"^(?:flat|apartment|unit)\s+\w+$", re.I)
# A street without its house number, named in a one-line address ("Larch Close, Ashby").
STREET_END = re.compile(
    r"\b(?:Street|Road|Avenue|Lane|Drive|Close|Crescent|Grove|Way|Court|Place|Gardens|Terrace|"
    r"Walk|Rise|Row|Square|Hill|Mews|View|Parade|Green|Vale|Croft|Park|Gate|Chase|Yard)$", re.I)
SHARED_SURNAME = "[family surname]"
# A person named like a season is not flagged before a year: 'Summer 2022' is a time.
SEASONS_BEFORE_YEAR = re.compile(r"(?i:spring|summer|autumn|winter)['’]?s?\s+(?:of\s+)?\d{4}")

GENERIC_ORG_TAILS = (
    "primary school", "junior school", "infant school", "high school", "school", "academy",
    "surgery", "health centre", "medical centre", "medical practice", "practice", "nursery",
    "college", "children's centre", "family centre",
)

# Initials that, written without full stops, are more often a word or an abbreviation than
# someone: two- and three-letter English words and the abbreviations reports use.
INITIALS_NOT_ALONE = frozenset(
    """ad ah am an as at aw be by do eh go ha he hi ho id if in is it me my no of oh ok on or ow
    ox pa so to uh um up us we ye yo
    ace act add age ago aid aim air all and ant any ape apt arc are ark arm art ash ask ate bad
    bag ban bar bat bay bed bee bet bid big bin bit bob bog bow box boy bud bug bun bus but buy
    cab can cap car cat cob cod cog cop cot cow cry cub cup cut dab dad dam day den dew did die
    dig dim din dip doe dog don dot dry dub due dug dye ear eat ebb egg ego elf elk elm end era
    eve ewe eye fad fan far fat fax fed fee few fib fig fin fir fit fix fly foe fog for fox fry
    fun fur gap gas gel gem get gig gin god got gum gun gut guy gym had ham has hat hay hen her
    hew hid him hip his hit hob hog hop hot how hub hue hug hum hut ice icy ill imp ink inn ion
    its ivy jab jam jar jaw jet jig job jog jot joy jug jut keg key kid kin kit lab lad lag lap
    law lay led leg let lid lie lip lit log lot low mad man map mat may men met mix mob mop mud
    mug mum nab nag nap net new nib nil nip nit nod nor not now nun nut oak oar oat odd off oft
    oil old one opt orb ore our out owe owl own pad pal pan par pat paw pay pea peg pen pep per
    pet pew pie pig pin pit ply pod pop pot pro pry pub pun pup put rag ram ran rap rat raw ray
    red rib rid rig rim rip rob rod rot row rub rug rum run rut sad sag sap sat saw say sea see
    set sew she shy sin sip sir sit six ski sky sly sob sod son sop sow soy spa spy sty sub sue
    sum sun tab tag tan tap tar tax tea ten the tie tin tip toe ton too top tot tow toy try tub
    tug two urn use van vat vet vex via vow wag war was wax way web wed wet who why wig win wit
    woe wok won woo wow yak yam yes yet you zip zoo
    ae am bm cp cs dc ds dv ed ep gp hr hv ii iv la mp ns nw pc pm po rr se sw tv uk us vi wm
    abe asb bmi cae cin cmo cpc cps cso dob dsl edt ehc ehe fgm fii gcs hmp icb icpc iro lac
    lado mash nfa nhs npc nps pcc pcso pep pla psr rcpc rhs sen sgo tac uas ypp yos yot
    """.split()
)

# Written in a log's lower case, units too: 'mg', 'wt', 'hr'.
LOWER_INITIALS_NOT_ALONE = INITIALS_NOT_ALONE | frozenset(
    "kg mg ml cm mm km wt ht hr yr yrs wk wks mo ft lb oz st mins hrs".split())

_POSS = r"(?:['’]s)?"


def _overlaps(start, end, spans):
    return any(s < end and start < e for s, e in spans)


@dataclasses.dataclass(frozen=True)
class Finding:
    start: int
    end: int
    text: str
    category: str
    reason: str
    entry_name: str
    suggestion: str
    entry_index: int = -1  # position of the matched entry in the entries given to the matcher
    form: str = ""  # how it was written: full, first, surname, alias, initials, typo, dob...


@dataclasses.dataclass(frozen=True)
class _Variant:
    entry: dict
    category: str
    form: str
    case_sensitive: bool = False  # initials must be upper-case as written
    loose_case: bool = False  # identifiers and emails: any case
    suggestion: str = ""  # instead of the entry's pseudonym (a postcode within an address)
    shared: tuple[str, ...] = ()  # a surname several people share: their names


def _suggestion(entry):
    return entry.get("pseudonym") or entry.get("role") or f"[{entry.get('kind', 'identity')}]"


@functools.lru_cache(maxsize=256)
def _date_regex(d):
    """One day's date as it is written: '19/09/2022', '19.9.22', '19th September 2022',
    'September 19, 2022'."""
    month = MONTHS[d.month - 1]
    mname = rf"(?:{month}|{month[:3]}\.?{'|Sept' if d.month == 9 else ''})"
    dd = rf"0?{d.day}(?:st|nd|rd|th)?"
    years = rf"(?:{d.year}|'?{d.year % 100:02d})"
    return re.compile(rf"(?<![\w/.])(?:0?{d.day}\s?[/.\-]\s?0?{d.month}\s?[/.\-]\s?{years}"
                      rf"|{dd}\s+(?:of\s+)?{mname},?\s+{years}|{mname}\s+{dd},?\s+{years})"
                      rf"(?![\w/])", re.I)


def _digits_pattern(digits):
    return r"[\s.\-]?".join(re.escape(d) for d in digits)


def _norm(s):
    return re.sub(r"\s+", " ", s.replace("’", "'")).strip().lower()


def _literal_source(key):
    """A normalised text as a regex: any spacing between its words, either apostrophe."""
    return r"\s+".join(re.escape(w).replace("'", "['’]") for w in key.split(" "))


def _words_of(entry):
    """An entry's name, aliases and each word and hyphenated part of them, normalised."""
    out = set()
    for text in [entry.get("name") or "", *(entry.get("aliases") or [])]:
        key = _norm(text)
        if key:
            out.add(key)
            for word in key.split(" "):
                out.add(word)
                out.update(p for p in word.split("-") if p)
    return out


class RegisterMatcher:
    def __init__(self, entries):
        if isinstance(entries, dict):
            entries = entries.get("entries", [])
        self.entries = list(entries)
        self._index = {id(e): i for i, e in enumerate(self.entries)}
        self._literal = {}  # normalised text -> _Variant
        self._patterns = []  # (regex source, _Variant) for non-literal variants
        self._name_tokens = {}  # name token -> entry (typo checking)
        self._blockers = set()  # normalised pseudonyms, role labels and public names
        self._owners = {}  # normalised surname -> the non-public people who have it
        self._private = set()  # every normalised name and name word of a non-public entry
        self._public_words = set()  # words of public people's names (not typos of anyone)
        self._shared = {}  # normalised surname several people share -> its _Variant
        self._compounds = {}  # number of parts -> [(lower-case parts, entry)] (typo checking)
        self._births = []  # (entry, date of birth): dates some months after it (find)
        for entry in self.entries:
            if not entry.get("public"):
                self._private |= _words_of(entry)
        for entry in self.entries:
            self._add_entry(entry)
        self._share_surnames()
        self._build()

    # -- building --------------------------------------------------------------------------

    def _lit(self, text, entry, category, form, **kw):
        text = text.strip()
        if len(text) < 2:
            return
        key = _norm(text)
        if key in self._literal and self._literal[key].form in ("full", "alias"):
            return
        self._literal[key] = _Variant(entry, category, form, **kw)

    def _block(self, text):
        """Leave ``text`` alone wherever it is written, unless a non-public entry uses it."""
        key = _norm(text)
        if key and key not in self._private:
            self._blockers.add(key)

    def _add_entry(self, entry):
        for label in (entry.get("pseudonym"), entry.get("role")):
            if label:
                self._block(label)
        name = (entry.get("name") or "").strip()
        if not name:
            return
        kind = entry.get("kind", "person")
        if entry.get("public"):
            # Only the public person's own name: their surname or first name alone may be
            # someone else's ('Ms Moorcroft' the mother, when the lead reviewer is a Moorcroft).
            # A surname nobody else has is no register variant, so needs no blocking; spelt
            # right, it is not taken for a misspelling of someone else's either.
            for text in [name, *(entry.get("aliases") or [])]:
                self._block(text)
            if kind == "person":
                self._public_words |= {_norm(p) for p in name.split()} - self._private
            return
        aliases = [a for a in entry.get("aliases") or [] if a and a.strip()]
        if kind == "person":
            self._add_person(entry, name, aliases)
        elif kind == "identifier":
            self._add_identifier(entry, name, aliases)
        elif kind == "organisation":
            self._lit(name, entry, "organisation", "full")
            for a in aliases:
                self._lit(a, entry, "organisation", "alias")
            low = name.lower()
            for tail in GENERIC_ORG_TAILS:
                if low.endswith(" " + tail):
                    short = name[: len(name) - len(tail)].strip()
                    if len(short) >= 4:
                        self._lit(short, entry, "organisation", "short")
                    if tail.startswith("primary") or tail.startswith("junior"):
                        self._lit(short + " " + tail.split()[0].title(), entry, "organisation",
                                  "short")
                    break
        else:
            self._add_place(entry, name, aliases)
        dob = entry.get("date_of_birth")
        if dob:
            try:
                self._add_dob(entry, dt.date.fromisoformat(dob))
            except ValueError:
                pass

    def _add_place(self, entry, name, aliases):
        """An address as one line ("14 Larch Close, Ashby, KV9 4QT"): the whole of it, the street
        with and without its house number, and the postcode; never the town alone, since the
        partnership's own area is named throughout a report."""
        self._lit(name, entry, "address", "full")
        for a in aliases:
            self._lit(a, entry, "address", "alias")
        parts = [p.strip() for p in name.split(",") if p.strip()]
        if parts and FLAT.match(parts[0]) and len(parts) > 1:
            parts = parts[1:]  # "Flat 2, 7 Larch Close": the street is what follows
        if len(parts) > 1 and parts[0].isdigit():
            parts = [f"{parts[0]} {parts[1]}", *parts[2:]]  # "14, Larch Close"
        street = parts[0] if parts else ""
        street = UK_POSTCODE.sub("", street).strip()
        numbered = HOUSE_NUMBER.match(street)
        if numbered:
            self._lit(street, entry, "address", "street_address")
            self._lit(numbered.group(1), entry, "address", "street")
        elif len(parts) > 1 and STREET_END.search(street):
            self._lit(street, entry, "address", "street")
        for m in UK_POSTCODE.finditer(name):
            compact = re.sub(r"\s+", "", m.group(0))
            self._patterns.append((r"\s?".join(re.escape(c) for c in compact), _Variant(
                entry, "postcode", "postcode", loose_case=True, suggestion="[postcode]")))

    def _add_person(self, entry, name, aliases):
        self._lit(name, entry, "person", "full")
        parts = name.split()
        # 'Dr Tomasz Wren': the title is not his first name ('Dr' alone is every doctor).
        while len(parts) > 2 and parts[0].rstrip(".").lower() in TITLES:
            parts = parts[1:]
        if len(parts) < len(name.split()):
            self._lit(" ".join(parts), entry, "person", "full")
        first, surname = parts[0], parts[-1]
        for a in aliases:
            # A handle written in lower case ('casp3r.tg') is found as written, in any case.
            self._lit(a, entry, "person", "alias", loose_case=not any(c.isupper() for c in a))
            if len(a) >= 5:
                self._name_tokens.setdefault(a, entry)
        if len(parts) > 1:
            self._lit(first, entry, "person", "first")
            self._lit(surname, entry, "person", "surname")
            self._own(surname, entry)
            self._lit(f"{first[0]}. {surname}", entry, "person", "initial_surname")
            self._lit(f"{first[0]} {surname}", entry, "person", "initial_surname",
                      case_sensitive=True)
            if len(parts) > 2:
                self._lit(f"{first} {surname}", entry, "person", "full")
            sur_parts = [p for p in surname.split("-") if p]
            if len(sur_parts) > 1:
                for p in sur_parts:
                    if len(p) >= 3:
                        self._lit(p, entry, "person", "hyphen_part")
                        self._own(p, entry)
                        self._lit(f"{first} {p}", entry, "person", "hyphen_part")
            first_parts = [p for p in first.split("-") if p]
            firsts = {first[0], "".join(p[0] for p in first_parts)}
            lasts = {surname[0], "".join(p[0] for p in sur_parts)}
            initials = {f + s for f in firsts for s in lasts}
            if len(first_parts) > 1:
                # 'Mary-Jane' alone: 'MJ', 'M.J.', 'M-J'.
                initials.add("".join(p[0] for p in first_parts))
                self._patterns.append((
                    re.escape(first_parts[0][0].upper()) + r"\.?-" + re.escape(
                        first_parts[1][0].upper()) + r"\.?",
                    _Variant(entry, "person", "initials", case_sensitive=True)))
            for ini in initials:
                self._add_initials(entry, ini.upper())
            if len(sur_parts) > 1:
                # A double-barrelled surname's initials keep its hyphen: 'S D-R', 'J. O-S.'.
                hyphened = r"\.?-".join(re.escape(p[0].upper()) for p in sur_parts) + r"\.?"
                self._patterns.append((re.escape(first[0].upper()) + r"\.?\s?" + hyphened,
                                       _Variant(entry, "person", "initials", case_sensitive=True)))
            if len(first_parts) > 1:
                for p in first_parts:
                    if len(p) >= 4:
                        self._lit(p, entry, "person", "hyphen_part")
            for tok in [first, surname, *sur_parts]:
                if len(tok) >= 5:
                    self._name_tokens.setdefault(tok, entry)
        elif len(first) >= 5:
            self._name_tokens.setdefault(first, entry)
        for word in [*parts, *aliases]:
            compound = [p.lower() for p in word.split("-")]
            if len(compound) > 1 and all(compound):
                self._compounds.setdefault(len(compound), []).append((compound, entry))

    def _add_initials(self, entry, ini):
        """Initials as people write them: 'J.W.', 'J. W.', 'J.W', 'J W', 'JW' and, in a log's
        lower case, 'jw'. Written without full stops, initials that spell a word or a common
        abbreviation ('AM', 'SW' for a social worker, 'GP') are left alone: they would be found
        wherever the word is."""
        variant = _Variant(entry, "person", "initials", case_sensitive=True)
        dotted = r"\s?".join(re.escape(c) + r"\." for c in ini[:-1]) + r"\s?" + re.escape(ini[-1])
        # One group for every upper-case form: the matcher's regex compiles per document, and
        # its time grows with the number of groups.
        forms = [dotted + r"\.", dotted + r"(?!\.)", " ".join(re.escape(c) for c in ini)]
        if ini.lower() not in INITIALS_NOT_ALONE:
            forms.append(f"(?-i:{re.escape(ini)})")
        self._patterns.append(("(?:" + "|".join(forms) + ")", variant))
        if ini.lower() not in LOWER_INITIALS_NOT_ALONE:
            self._patterns.append((f"(?-i:{re.escape(ini.lower())})", _Variant(
                entry, "person", "initials_lower", loose_case=True)))

    def _own(self, surname, entry):
        owners = self._owners.setdefault(_norm(surname), [])
        if not any(e is entry for e in owners):
            owners.append(entry)

    def _share_surnames(self):
        """A surname several people in the register have says nothing about which of them is
        meant: it gets a neutral replacement, not the pseudonym of whoever was added last."""
        for key, owners in self._owners.items():
            variant = self._literal.get(key)
            if len(owners) < 2 or variant is None or variant.form not in ("surname", "hyphen_part"):
                continue
            self._shared[key] = self._literal[key] = _Variant(
                owners[0], "person", "surname", suggestion=SHARED_SURNAME,
                shared=tuple(e["name"] for e in owners))

    def _add_identifier(self, entry, name, aliases):
        typ = (entry.get("type") or "").lower()
        for value in [name, *aliases]:
            digits = re.sub(r"\D", "", value)
            if typ == "email" or "@" in value:
                self._lit(value, entry, "email", "email", loose_case=True)
            elif typ in ("nhs_number", "nhs") and len(digits) == 10:
                self._patterns.append(
                    (_digits_pattern(digits), _Variant(entry, "nhs_number", "nhs", loose_case=True)))
            elif typ == "phone" or (digits and len(digits) >= 9 and not re.search(r"[A-Za-z]", value)):
                rest = digits[1:] if digits.startswith("0") else (
                    digits[2:] if digits.startswith("44") else digits)
                src = r"(?:\(?0\)?|\+\s?44\s?(?:\(0\))?\s?)" + r"[\s.\-]?" + r"\)?[\s.\-]?".join(
                    re.escape(d) for d in rest)
                self._patterns.append((src, _Variant(entry, "phone", "phone", loose_case=True)))
            else:  # postcodes, vehicle registrations and anything else: optional inner spaces
                compact = re.sub(r"\s+", "", value)
                category = "postcode" if typ == "postcode" else (typ or "identifier")
                src = r"\s?".join(re.escape(c) for c in compact)
                self._patterns.append((src, _Variant(entry, category, typ or "identifier",
                                                     loose_case=True)))

    def _add_dob(self, entry, d):
        day, mon, yr = d.day, d.month, d.year
        month = MONTHS[mon - 1]
        mname = rf"(?:{month}|{month[:3]}\.?{'|Sept' if mon == 9 else ''})"
        dd = rf"0?{day}(?:st|nd|rd|th)?"
        years = rf"(?:{yr}|'?{yr % 100:02d})"
        variant = _Variant(entry, "date_of_birth", "dob", loose_case=True)
        self._patterns += [
            (rf"0?{day}\s?[/.\-]\s?0?{mon}\s?[/.\-]\s?{years}", variant),
            (rf"{yr}\s?[/.\-]\s?0?{mon}\s?[/.\-]\s?0?{day}", variant),  # ISO: 2019-03-14
            (rf"{mname},?\s+{yr}",
             _Variant(entry, "date_of_birth", "born_month_year", loose_case=True)),
            (rf"{dd}\s+(?:of\s+)?{mname},?\s+{years}", variant),
            (rf"{mname}\s+{dd},?\s+{years}", variant),
            (rf"{dd}\s+(?:of\s+)?{mname}(?!,?\s+\d)",
             _Variant(entry, "date_of_birth", "age_birthday", loose_case=True)),
            (rf"{mname}\s+{dd}(?!,?\s+\d)(?!\w)",
             _Variant(entry, "date_of_birth", "age_birthday", loose_case=True)),
        ]
        # The birthday in another year gives the date of birth away too, next to words about
        # a birthday ('on 14 March 2021, her fifth birthday'; 'turned two on 14.3.18').
        other_year = rf"(?!(?:{yr}|'?{yr % 100:02d})(?!\d))(?:\d{{4}}|'?\d{{2}})(?!\d)"
        birthday = _Variant(entry, "date_of_birth", "birthday", loose_case=True)
        self._patterns += [
            (rf"0?{day}\s?[/.\-]\s?0?{mon}\s?[/.\-]\s?{other_year}", birthday),
            (rf"{dd}\s+(?:of\s+)?{mname},?\s+{other_year}", birthday),
            (rf"{mname}\s+{dd},?\s+{other_year}", birthday),
        ]

        self._births.append((entry, d))

    def _build(self):
        alts = []
        self._group_variant = {}
        for i, (src, variant) in enumerate(self._patterns):
            name = f"p{i}"
            self._group_variant[name] = variant
            alts.append((len(src), f"(?P<{name}>{src})"))
        keys = sorted(self._literal, key=len, reverse=True)
        lit_src = "|".join(_literal_source(k) for k in keys)
        body = "|".join(a for _, a in sorted(alts, reverse=True))
        if lit_src:
            body = f"(?P<lit>{lit_src}){_POSS}" + ("|" + body if body else "")
        # Not inside a date or a reference ('14/03/2016', 'TP/23/0127'); 'MF/team manager' is
        # initials and a role.
        self._regex = re.compile(rf"(?<![\w@.\-/])(?:{body})(?![\w@]|[.\-]\w|/\d)", re.I) if body else None
        self._blocker_regex = None
        if self._blockers:
            src = "|".join(_literal_source(b) for b in sorted(self._blockers, key=len, reverse=True))
            self._blocker_regex = re.compile(rf"(?<!\w)(?:{src}){_POSS}(?!\w)", re.I)
        by_len = {}
        for tok, entry in self._name_tokens.items():
            by_len.setdefault(len(tok), []).append((tok, entry))
        self._tokens_by_len = by_len

    def forms_of(self, entry):
        """The written forms this matcher finds ``entry`` by, normalised (lower case, single
        spaces), longest first: the name, aliases, first name, own surname, hyphenated parts,
        initial and surname. A surname several people share is left out (it does not say which
        of them is meant), and so is a form another entry's name or alias took."""
        forms = {key for key, v in self._literal.items() if v.entry is entry and not v.shared}
        return sorted(forms, key=lambda key: (-len(key), key))

    # -- scanning --------------------------------------------------------------------------

    def find(self, text):
        found = []
        if self._regex is not None:
            for m in self._regex.finditer(text):
                f = self._from_match(text, m)
                if f is not None:
                    found.append(f)
        found += self._broken_words(text)
        found += self._months_after_birth(text)
        found = self._resolve(found)
        found += self._typos(text, found)
        found = self._drop_blocked(text, self._resolve(found))
        return found

    def _months_after_birth(self, text):
        """A date a whole number of months after a registered birth, where the text says so
        ('19th September 2022, three months to the day after her son was born'; 'aged six
        months on 4 May 2019'): it gives the date of birth away. Looked for only around the
        few 'N months' a text has, not by a pattern per month in the matcher's regex."""
        out = []
        for m in MONTHS_SAID.finditer(text) if self._births else ():
            n = int(m[1]) if m[1].isdigit() else NUMBER_WORDS.index(m[1].lower())
            lo, hi = max(0, m.start() - 120), m.end() + 120
            if not 0 < n < 12 or not AGE_WORDS.search(text, lo, hi):
                continue
            for entry, born in self._births:
                later = born + relativedelta(months=n)
                if later.day != born.day:
                    continue  # 31 January has no day a month on: no 'to the day'
                variant = _Variant(entry, "date_of_birth", f"{n} months after birth",
                                   loose_case=True)
                for d in _date_regex(later).finditer(text, lo, hi):
                    out.append(self._finding(d.start(), d.end(), d.group(0), variant,
                                             variant.form))
        return out

    def _from_match(self, text, m):
        s = m.group(0)
        if "lit" in m.re.groupindex and m.group("lit"):
            variant = self._literal.get(_norm(m.group("lit")))
            if variant is None:
                return None
        else:
            variant = self._group_variant[m.lastgroup]
        if not variant.loose_case:
            first_letter = next((c for c in s if c.isalpha()), "A")
            if not first_letter.isupper():
                return None  # ordinary word written in lower case
            if variant.case_sensitive and s != s.upper() and variant.form == "initials":
                return None
            if variant.case_sensitive and not s.split()[0].isupper():
                return None
        if variant.form == "age_birthday":
            window = text[max(0, m.start() - 100): m.end() + 40]
            if not AGE_WORDS.search(window):
                return None
        elif variant.form == "birthday":
            window = text[max(0, m.start() - 60): m.end() + 60]
            if not BIRTHDAY_WORDS.search(window):
                return None  # the same day and month in another year is any date
        elif variant.form == "born_month_year":
            if not BIRTH_BEFORE.search(text[max(0, m.start() - 25):m.start()]):
                return None  # a month and year with no birth word is any date: a meeting's
        elif variant.category == "person" and SEASONS_BEFORE_YEAR.match(text, m.start()):
            return None
        elif variant.category == "person" and _norm(re.sub(r"['’]s$", "", s)) in MONTH_WORDS:
            if (DAY_BEFORE.search(text[max(0, m.start() - 12):m.start()])
                    or DAY_OR_YEAR_AFTER.match(text, m.end())):
                return None  # 'June' in '3 June 2024' is the month, not the aunt
        start = m.start()
        if variant.category == "phone" and s.startswith("(") and ")" not in s:
            # '(07700 900 215)': the bracket opens the aside, not an area code ('(01632) 960…');
            # replacing it would leave the closing one on its own.
            start, s = start + 1, s[1:]
        return self._finding(start, m.end(), s, variant, variant.form)

    def _finding(self, start, end, s, variant, how):
        entry = variant.entry
        who = entry["name"]
        if variant.shared:
            who = " / ".join(variant.shared)
            how = f"{how}, a shared surname" if how.startswith("typo of ") else "shared surname"
        return Finding(start, end, s, variant.category, f"register: {who} ({how})",
                       entry["name"], variant.suggestion or _suggestion(entry),
                       self._index.get(id(entry), -1), variant.form)

    def _broken_words(self, text):
        out = []
        if "-\n" not in text:
            return out
        for m in re.finditer(r"(?<!\w)([A-Z][A-Za-z]*)-\n[ \t]*([a-z]+)(?:['’]s)?(?!\w)", text):
            variant = self._literal.get(_norm(m.group(1) + m.group(2)))
            if variant is not None and variant.category == "person":
                out.append(self._finding(m.start(), m.end(), m.group(0), variant, "line_break"))
        return out

    def _compound_typos(self, text, taken):
        """A hyphenated first name or double-barrelled surname with one part spelt right and
        one part one edit away ('Lilly-Mae' for Lily-Mae, 'Fenwik-Orley' for Fenwick-Orley) or
        spelt another common way ('Kadie-Lee' for Kadie-Leigh, SPELLINGS): however short the
        other part, the right part says who is meant."""
        out = []
        for m in re.finditer(r"(?<![\w'’-])[A-Z][A-Za-z]*(?:-[A-Za-z]+)+(?![\w-])", text):
            if _overlaps(m.start(), m.end(), taken):
                continue
            words = m.group(0).lower().split("-")
            for parts, entry in self._compounds.get(len(words), ()):
                wrong = [(w, p) for w, p in zip(words, parts, strict=True) if w != p]
                if len(wrong) == 1 and len(wrong[0][1]) >= 3 and (
                        OSA.distance(*wrong[0], score_cutoff=1) <= 1
                        or SPELLINGS.get(wrong[0][1]) == SPELLINGS.get(wrong[0][0], "")):
                    end = m.end()
                    poss = re.match(r"['’]s(?!\w)", text[end:end + 3])
                    end += poss.end() if poss else 0
                    word = "-".join(p.title() for p in parts)
                    variant = self._shared.get(_norm(word)) or _Variant(entry, "person", "typo")
                    out.append(self._finding(m.start(), end, text[m.start():end], variant,
                                             f"typo of {word}"))
                    break
        return out

    def _typos(self, text, found):
        if not self._tokens_by_len and not self._compounds:
            return []
        taken = sorted((f.start, f.end) for f in found)
        out = self._compound_typos(text, taken) if self._compounds else []
        taken = sorted(taken + [(f.start, f.end) for f in out])
        lower_words = None
        idx = 0
        for m in re.finditer(r"(?<![\w'’])[A-Z][a-z]{3,}|(?<![\w'’])[A-Z]{4,}(?![a-z])", text):
            word = m.group(0)
            while idx < len(taken) and taken[idx][1] <= m.start():
                idx += 1
            if idx < len(taken) and taken[idx][0] < m.end():
                continue
            w = word.lower()
            if w in STOP_WORDS or w in self._public_words:
                continue  # ordinary words; a public person's name spelt right
            best = None
            for n in (len(word) - 1, len(word), len(word) + 1):
                for tok, entry in self._tokens_by_len.get(n, ()):
                    if OSA.distance(w, tok.lower(), score_cutoff=1) <= 1:
                        best = (tok, entry)
                        break
                if best:
                    break
            if best is None:
                continue
            if lower_words is None:
                lower_words = set(re.findall(r"(?<![\w'’])[a-z]{4,}", text))
            if w in lower_words:
                continue  # the same word written in lower case elsewhere: an ordinary word
            end = m.end()
            poss = re.match(r"['’]s(?!\w)", text[end:end + 3])
            if poss:
                end += poss.end()
            variant = self._shared.get(_norm(best[0])) or _Variant(best[1], "person", "typo")
            out.append(self._finding(m.start(), end, text[m.start():end], variant,
                                     f"typo of {best[0]}"))
        return out

    @staticmethod
    def _resolve(found):
        found.sort(key=lambda f: (f.start, -(f.end - f.start)))
        out = []
        for f in found:
            if out and f.start < out[-1].end:
                continue
            out.append(f)
        return out

    def labelled_spans(self, text):
        """Where the register's pseudonyms, role labels and public names are written in ``text``
        ('Mr P', 'Uncle', 'Adult 2', '[phone number]'): nothing inside one is ever a finding,
        whichever layer found it (the engine applies it to the unregistered layer too)."""
        if self._blocker_regex is None:
            return []
        return [(m.start(), m.end()) for m in self._blocker_regex.finditer(text)]

    def _drop_blocked(self, text, found):
        if not found:
            return found
        blocks = self.labelled_spans(text)
        return [f for f in found if not any(s <= f.start and f.end <= e for s, e in blocks)]
