"""The identity register as a file: the JSON format the scanner and the data team use.

``{"entries": [{"kind", "name", "aliases", "role", "agency", "date_of_birth", "type",
"pseudonym", "public", "register_kind"}]}`` with ISO dates. ``kind`` is the scanner's coarse kind
(person, place, organisation, identifier); ``register_kind`` keeps Review Desk's finer one (child,
family, other_person, professional…) so an exported register imports back unchanged.

Importing (``parse_register`` then ``actions.import_register``) follows three rules, shown on the
import page and in the guide (docs/guide/identity-register.md):

* An entry is matched to the register by its pseudonym (ignoring capitals): a match is updated,
  anything else is added. Nothing is ever deleted. Identifiers and places may share a
  placeholder ('[phone number]'); one of them is matched by its placeholder and its value.
* A field left out of an entry keeps the register's value; a field given as empty (``null``,
  ``""`` or ``[]``) clears it. Files written by hand often leave fields out, and that must never
  wipe a date of birth the register already holds.
* A person without ``register_kind`` is added as a professional if the entry names an agency or
  is public, and as a family member otherwise; an existing person keeps their kind.
"""

import dataclasses
import json
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from reviewdesk.accounts.models import Agency, Partnership
from reviewdesk.reviews.models import IdentityEntry, Review

Kind = IdentityEntry.Kind
Type = IdentityEntry.IdentifierType
PERSON_KINDS = {Kind.CHILD, Kind.FAMILY, Kind.OTHER_PERSON, Kind.PROFESSIONAL}
# The file names vehicle registrations in full; the register's choice is shorter.
TYPE_TO_FILE = {Type.VEHICLE: "vehicle_registration"}
TYPE_FROM_FILE = {"vehicle_registration": Type.VEHICLE}
FILE_TYPES = ["nhs_number", "phone", "email", "ni_number", "vehicle_registration", "postcode",
              "other"]
COARSE_KINDS = ["person", "place", "organisation", "identifier"]
FIELDS = ["kind", "register_kind", "name", "pseudonym", "aliases", "role", "agency", "date_of_birth",
          "type", "public"]
# Register files are a few hundred entries at most; the limit keeps the confirmation step's
# copy of the file under Django's 2.5 MB limit on a posted form.
MAX_BYTES = 2 * 1024 * 1024


# The scanner's kinds whose entries may share a placeholder (IdentityEntry.SHARED_PLACEHOLDER_KINDS).
SHARED_PLACEHOLDER_KINDS = ("identifier", "place")


def coarse_kind(kind: str) -> str:
    if kind in PERSON_KINDS:
        return "person"
    return {Kind.PLACE: "place", Kind.ORGANISATION: "organisation"}.get(kind, "identifier")


def entry_as_dict(entry: IdentityEntry) -> dict:
    return {
        "kind": coarse_kind(entry.kind),
        "register_kind": entry.kind,
        "name": entry.real_name,
        "aliases": entry.alias_list,
        "role": entry.role_title,
        "agency": entry.agency.name if entry.agency_id else "",
        "date_of_birth": entry.date_of_birth.isoformat() if entry.date_of_birth else None,
        "type": TYPE_TO_FILE.get(entry.identifier_type, entry.identifier_type),
        "pseudonym": entry.pseudonym,
        "public": entry.is_public,
    }


def register_entries(review: Review) -> list[dict]:
    """Every entry of the review's register in the file format (what the scanner reads)."""
    return [entry_as_dict(e) for e in review.identities.select_related("agency").order_by("pk")]


def register_json(review: Review) -> str:
    """The whole register as a register file: every real name in the case."""
    return json.dumps({"entries": register_entries(review)}, indent=2, ensure_ascii=False) + "\n"


def export_filename(review: Review) -> str:
    return f"{review.reference}-identity-register.json"


# --- Reading a register file --------------------------------------------------------------------


def _quoted(items: list[str]) -> str:
    return ", ".join(items[:-1]) + " or " + items[-1]


def agencies_by_name(partnership: Partnership) -> dict[str, Agency]:
    """The partnership's agencies, looked up by name without regard to capitals."""
    return {a.name.casefold(): a for a in Agency.objects.filter(partnership=partnership)}


class _Entry:
    """Checks one entry of the file, collecting every problem rather than stopping at the first."""

    def __init__(self, number: int, raw: dict, problems: list[str],
                 agencies: dict[str, Agency] | None):
        self.number, self.raw, self.problems, self.agencies = number, raw, problems, agencies
        self.found: list[tuple[int, str]] = []  # (the field's place in FIELDS, message)

    def problem(self, field: str, message: str) -> None:
        self.found.append((FIELDS.index(field), f"Entry {self.number}, {field}: {message}"))

    def text(self, field: str, *, max_length: int, required: str = "") -> str | None:
        """A string field, stripped: "" when absent or null, None when it is wrong."""
        value = self.raw.get(field)
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.problem(field, f"must be text in double quotes, not {json.dumps(value)}.")
            return None
        value = value.strip()
        if required and not value:
            self.problem(field, f"missing. {required}")
            return None
        if len(value) > max_length:
            self.problem(field, f"longer than {max_length} characters. Shorten it.")
            return None
        return value

    def check(self) -> dict | None:
        raw = self.raw
        for key in raw:
            if key not in FIELDS:
                self.problems.append(
                    f"Entry {self.number}: {json.dumps(key)} is not a field of a register entry. "
                    f"Correct or remove it; the fields are {', '.join(FIELDS)}.")
        kind = self.kind()
        register_kind = self.register_kind(kind)
        name = self.text("name", max_length=300, required="Give the real name or value.")
        role = self.text("role", max_length=200)
        agency = self.agency()
        public = self.public()
        aliases = self.aliases()
        date_of_birth = self.date_of_birth()
        identifier_type = self.identifier_type(kind)
        pseudonym = self.text("pseudonym", max_length=100)
        if pseudonym == "":
            # Public people (the lead reviewer) are named in the report, so files written for
            # the scanner often give them no pseudonym: their role is then the label.
            if public and role:
                pseudonym = role
            else:
                self.problem("pseudonym", "missing. Give the pseudonym or role label used in its "
                                          "place, for example Child A, Mother or Health Visitor 1.")
        if name and pseudonym and name.casefold() == pseudonym.casefold():
            self.problem("pseudonym", "the same as the name. Choose a pseudonym or role label "
                                      "that does not identify them.")
        if self.found:
            # In the order of the fields, as the guide lists them.
            self.problems.extend(message for _, message in sorted(self.found))
            return None
        out = {"kind": kind, "name": name, "pseudonym": pseudonym}
        for field, value in [("register_kind", register_kind), ("role", role), ("agency", agency),
                             ("public", public), ("aliases", aliases),
                             ("date_of_birth", date_of_birth), ("type", identifier_type)]:
            if field in raw:
                out[field] = value
        if not register_kind:
            out.pop("register_kind", None)
            if kind != "person":
                out["register_kind"] = kind  # place, organisation and identifier: one kind each
        return out

    def kind(self) -> str | None:
        value = self.raw.get("kind")
        if value is None:
            self.problem("kind", f"missing. Use {_quoted(COARSE_KINDS)}.")
        elif not isinstance(value, str) or value.strip().lower() not in COARSE_KINDS:
            self.problem("kind", f"{json.dumps(value)} is not a kind of entry. Use "
                                 f"{_quoted(COARSE_KINDS)}.")
        else:
            return value.strip().lower()
        return None

    def register_kind(self, kind: str | None) -> str | None:
        value = self.raw.get("register_kind")
        if value is None or value == "":
            return None
        if not isinstance(value, str) or value.strip().lower() not in Kind.values:
            self.problem("register_kind", f"{json.dumps(value)} is not a register kind. Use "
                                          f"{_quoted(list(Kind.values))}, or leave it out.")
            return None
        value = value.strip().lower()
        if kind and coarse_kind(value) != kind:
            fitting = [k for k in Kind.values if coarse_kind(k) == kind]
            self.problem("register_kind", f"{json.dumps(value)} does not fit kind "
                                          f"{json.dumps(kind)}. For a {kind} use "
                                          f"{_quoted(fitting) if len(fitting) > 1 else fitting[0]}.")
            return None
        return value

    def agency(self) -> str | None:
        value = self.text("agency", max_length=200)
        if not value or self.agencies is None:
            return value
        agency = self.agencies.get(value.casefold())
        if agency is None:
            names = sorted(a.name for a in self.agencies.values())
            known = f"Use one of {_quoted(names)}" if names else "This partnership has no agencies"
            self.problem("agency", f"{json.dumps(value)} is not an agency of this partnership. "
                                   f"{known}, or leave it empty.")
            return None
        return agency.name

    def public(self) -> bool:
        value = self.raw.get("public")
        if value is None:
            return False
        if not isinstance(value, bool):
            self.problem("public", f"must be true or false, without quotes, not "
                                   f"{json.dumps(value)}.")
            return False
        return value

    def aliases(self) -> list[str]:
        value = self.raw.get("aliases")
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem("aliases", f"must be a list of other names in square brackets, such as "
                                    f"[\"Kay\", \"K.M.\"], not {json.dumps(value)}.")
            return []
        out = []
        for n, alias in enumerate(value, start=1):
            if not isinstance(alias, str):
                self.problem("aliases", f"item {n} must be text in double quotes, not "
                                        f"{json.dumps(alias)}.")
            elif "\n" in alias.strip() or "\r" in alias.strip():
                self.problem("aliases", f"item {n} has a line break in it. Give each other name "
                                        "as its own item in the list.")
            elif alias.strip():  # an empty string names nobody
                out.append(alias.strip())
        return out

    def date_of_birth(self) -> str | None:
        value = self.raw.get("date_of_birth")
        if value is None or value == "":
            return None
        try:
            if not isinstance(value, str) or len(value.strip()) != 10:
                raise ValueError
            day = date.fromisoformat(value.strip())
        except ValueError:
            self.problem("date_of_birth", f"{json.dumps(value)} is not a date in the form "
                                          "YYYY-MM-DD. Write it like 2017-03-14 for 14 March 2017.")
            return None
        if day > timezone.localdate():
            self.problem("date_of_birth", f"{day.isoformat()} is in the future. Check the year.")
            return None
        return day.isoformat()

    def identifier_type(self, kind: str | None) -> str | None:
        value = self.raw.get("type")
        if value is None or value == "":
            if kind == "identifier":
                self.problem("type", "missing. Say what kind of identifier this is: "
                                     f"{_quoted(FILE_TYPES)}.")
            return ""
        if not isinstance(value, str) or value.strip().lower() not in FILE_TYPES:
            self.problem("type", f"{json.dumps(value)} is not an identifier type. Use "
                                 f"{_quoted(FILE_TYPES)}.")
            return None
        if kind and kind != "identifier":
            self.problem("type", f"only identifiers have a type, and this entry is a {kind}. "
                                 "Remove the type, or make the kind identifier.")
            return None
        return value.strip().lower()


def _decode(data: bytes | str) -> Any:
    if isinstance(data, bytes):
        if len(data) > MAX_BYTES:
            raise ValidationError(f"The register file is larger than {MAX_BYTES // (1024 * 1024)} "
                                  "MB. Check it is a register file; split a very large one in two.")
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError(f"The register file is not UTF-8 text (byte {exc.start} cannot be "
                                  "read). Save it as UTF-8 JSON and try again.") from None
    if not data.strip():
        raise ValidationError("The register file is empty. Choose the register file again.")
    try:
        document = json.loads(data)
    except json.JSONDecodeError as exc:
        raise ValidationError(
            f"The register file is not valid JSON: {exc.msg} at line {exc.lineno}, column "
            f"{exc.colno}. Correct it there, or download the register again.") from None
    except RecursionError:
        # Thousands of brackets inside each other: Python's parser gives up before we can look.
        raise ValidationError(_TOO_DEEP) from None
    if _depth(document) > MAX_DEPTH:
        # A few hundred levels parse, but would exhaust the stack later (quoting a value back
        # in a message is recursive too): refused here, before anything reads them.
        raise ValidationError(_TOO_DEEP)
    return document


# {"entries": [{"aliases": ["Kay"]}]} is four levels; a little room for a wrong but readable file.
MAX_DEPTH = 6
_TOO_DEEP = (f"The register file has lists or objects nested more than {MAX_DEPTH} deep. A "
             'register file is {"entries": [{"kind": …, "name": …, "pseudonym": …}, …]}: check it '
             "is one, or download the register again.")


def _depth(value: Any) -> int:
    """How deeply lists and objects nest, counted without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            if level > MAX_DEPTH:
                return level
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, level + 1) for child in children)
    return deepest


def parse_register(data: bytes | str, *, partnership: Partnership | None = None) -> list[dict]:
    """Check a register file and return its entries, each in the format of ``entry_as_dict``
    with only the fields the file gives (plus ``register_kind`` for non-people), values cleaned.

    Raises ValidationError listing every problem, each with its entry number and field. With
    ``partnership``, agency names must be that partnership's (and come back as it spells them).
    """
    document = _decode(data)
    if not isinstance(document, dict) or not isinstance(document.get("entries"), list):
        raise ValidationError('The register file must be a JSON object with a list of entries: '
                              '{"entries": [{"kind": "person", "name": …, "pseudonym": …}, …]}.')
    extra = [k for k in document if k != "entries"]
    problems: list[str] = [f"{json.dumps(k)} is not part of a register file: it holds only "
                           '"entries". Remove it.' for k in extra]
    agencies = agencies_by_name(partnership) if partnership is not None else None
    entries: list[dict] = []
    first_use: dict[str, int] = {}
    first_kind: dict[str, str] = {}
    for number, raw in enumerate(document["entries"], start=1):
        if not isinstance(raw, dict):
            problems.append(f"Entry {number} is not an entry: write each one in curly brackets, "
                            '{"kind": …, "name": …, "pseudonym": …}.')
            continue
        entry = _Entry(number, raw, problems, agencies).check()
        if entry is None:
            continue
        key = entry["pseudonym"].casefold()
        shares = entry["kind"] in SHARED_PLACEHOLDER_KINDS
        if key in first_use and not (shares and first_kind[key] in SHARED_PLACEHOLDER_KINDS):
            problems.append(f"Entry {number}, pseudonym: {json.dumps(entry['pseudonym'])} is "
                            f"already used by entry {first_use[key]}. Give each person and "
                            "organisation its own pseudonym; only identifiers and places may "
                            "share a placeholder such as [phone number].")
            continue
        first_use.setdefault(key, number)
        first_kind.setdefault(key, entry["kind"])
        entries.append(entry)
    if problems:
        raise ValidationError(problems)
    return entries


# --- Planning an import -------------------------------------------------------------------------

LABELS = {
    "kind": "Kind", "real_name": "Real name or value", "pseudonym": "Pseudonym or role label",
    "aliases": "Other names", "date_of_birth": "Date of birth", "role_title": "Role or relationship",
    "identifier_type": "Identifier type", "agency": "Agency", "is_public": "Named in public",
}


@dataclasses.dataclass
class PlannedEntry:
    number: int  # the entry's place in the file, from 1
    values: dict[str, Any]  # IdentityEntry field -> new value
    existing: IdentityEntry | None = None
    changes: list[tuple[str, str, str]] = dataclasses.field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return Kind(self.values.get("kind") or self.existing.kind).label

    @property
    def details(self) -> list[str]:
        """A new entry's other details, as the preview lists them."""
        return [f"{LABELS[f]}: {_shown(f, v)}" for f, v in self.values.items()
                if f not in {"kind", "real_name", "pseudonym"} and v not in (None, "", False)]


@dataclasses.dataclass
class ImportPlan:
    added: list[PlannedEntry]
    changed: list[PlannedEntry]
    unchanged: list[PlannedEntry]

    @property
    def counts(self) -> dict[str, int]:
        return {"added": len(self.added), "changed": len(self.changed),
                "unchanged": len(self.unchanged)}

    @property
    def summary(self) -> str:
        c = self.counts
        return f"{c['added']} added, {c['changed']} changed, {c['unchanged']} already the same"


def _shown(field: str, value: Any) -> str:
    """A field's value as the preview shows it."""
    if value in (None, "", []):
        return "(none)"
    if field == "kind":
        return Kind(value).label
    if field == "identifier_type":
        return Type(value).label
    if field == "is_public":
        return "Yes" if value else "No"
    if field == "date_of_birth":
        return f"{value:%-d %B %Y}"
    if field == "aliases":
        return ", ".join(value.splitlines())
    return str(value)


def _values(entry: dict, existing: IdentityEntry | None, agencies: dict[str, Agency]) -> dict:
    """The IdentityEntry fields the file sets: all of them for a new entry, only those given
    for an existing one."""
    new = existing is None
    values: dict[str, Any] = {"real_name": entry["name"], "pseudonym": entry["pseudonym"]}
    kind = entry.get("register_kind")
    if kind is None and new:
        # A new person without register_kind: staff come with an agency, or are named in public.
        # An existing person keeps their kind (a child stays a child).
        kind = Kind.PROFESSIONAL if entry.get("agency") or entry.get("public") else Kind.FAMILY
    if kind:
        values["kind"] = kind
    given = {"aliases": ("aliases", lambda v: "\n".join(v), ""),
             "role": ("role_title", lambda v: v or "", ""),
             "agency": ("agency", lambda v: agencies[v.casefold()] if v else None, None),
             "date_of_birth": ("date_of_birth", lambda v: date.fromisoformat(v) if v else None,
                               None),
             "type": ("identifier_type", lambda v: TYPE_FROM_FILE.get(v, v or ""), ""),
             "public": ("is_public", bool, False)}
    for key, (field, convert, default) in given.items():
        if key in entry:
            values[field] = convert(entry[key])
        elif new:
            values[field] = default
    return values


def plan_import(review: Review, entries: list[dict]) -> ImportPlan:
    """What importing these parsed entries would do to the review's register; nothing is saved.

    Raises ValidationError when an entry cannot be imported: its pseudonym belongs to an entry
    of another kind, or it names an agency this partnership does not have.
    """
    agencies = agencies_by_name(review.partnership)
    rows = list(review.identities.select_related("agency"))
    existing = {e.pseudonym.casefold(): e for e in rows if not e.may_share_pseudonym}
    # An identifier or a place sharing a placeholder is the same entry only with the same value.
    shared = {(e.pseudonym.casefold(), e.real_name.casefold()): e for e in rows
              if e.may_share_pseudonym}
    placeholders = {key for key, _ in shared}
    problems: list[str] = []
    plan = ImportPlan([], [], [])
    for number, entry in enumerate(entries, start=1):
        if entry.get("agency") and entry["agency"].casefold() not in agencies:
            problems.append(f"Entry {number}, agency: {json.dumps(entry['agency'])} is not an "
                            "agency of this partnership. Correct it, or leave it empty.")
            continue
        key = entry["pseudonym"].casefold()
        if entry["kind"] in SHARED_PLACEHOLDER_KINDS and key not in existing:
            match = shared.get((key, entry["name"].casefold()))
        else:
            match = existing.get(key)
            if match is None and key in placeholders:
                match = next(e for (k, _), e in shared.items() if k == key)
        if match is not None and coarse_kind(match.kind) != entry["kind"]:
            problems.append(
                f"Entry {number}, kind: the entry is a {entry['kind']}, but this register's "
                f"{json.dumps(match.pseudonym)} is a {coarse_kind(match.kind)} "
                f"({match.get_kind_display().lower()}). Give the entry its own pseudonym, or "
                "correct its kind.")
            continue
        planned = PlannedEntry(number, _values(entry, match, agencies), match)
        if match is None:
            plan.added.append(planned)
            continue
        for field, value in planned.values.items():
            old = getattr(match, field)
            if old != value:
                planned.changes.append((LABELS[field], _shown(field, old), _shown(field, value)))
        (plan.changed if planned.changes else plan.unchanged).append(planned)
    if problems:
        raise ValidationError(problems)
    return plan


def register_version(review: Review) -> str:
    """Changes whenever the register does: the import's confirmation step refuses to apply a
    preview made before someone else changed the register."""
    rows = review.identities.order_by("pk").values_list("pk", "updated_at")
    return ";".join(f"{pk}@{updated:%Y%m%d%H%M%S%f}" for pk, updated in rows)
