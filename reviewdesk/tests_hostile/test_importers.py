"""Every importer, given anything: a file it cannot take is refused with a message (and nothing is
saved), a file it can take is taken, and no other exception escapes. What is saved fits its
columns (PostgreSQL refuses text past a column's limit with a server error; SQLite keeps it).

The importers: an agency's chronology file (chronology.checking / actions.upload_submission), the
identity register's file (reviews.register_file), a list of practitioners (staff.practitioner_file
and actions.add_practitioners) and a review in flight (commissioning.review_import).
"""

import csv
import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CharField
from django.db.models.functions import Length
from hypothesis import given
from hypothesis import strategies as st

from reviewdesk.accounts.models import User
from reviewdesk.chronology import actions as chronology_actions
from reviewdesk.chronology.checking import check_file
from reviewdesk.chronology.models import Submission
from reviewdesk.commissioning import review_import
from reviewdesk.lib.chronology_files.table import FileRefused
from reviewdesk.reviews import actions as review_actions
from reviewdesk.reviews import register_file
from reviewdesk.reviews.models import IdentityEntry, Review
from reviewdesk.reviews.tests.test_access_matrix import BM, World
from reviewdesk.staff import actions as staff_actions
from reviewdesk.staff import practitioner_file
from reviewdesk.staff.models import Practitioner
from reviewdesk.tests_hostile.test_forms import HOSTILE, ODD_STRINGS, TEXT

pytestmark = pytest.mark.django_db

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "import_review.json"
CELL = st.one_of(TEXT, st.sampled_from(["01/02/2024", "2024-02-30", "=1+1", "@SUM(A1)",
                                        "-2", "+44", "31/12/9999", "?/?/2023"]))


def overlong_rows() -> list[str]:
    """Every saved value longer than its column allows ("model.field pk"): none may be."""
    found = []
    for model in apps.get_models():
        if not model.__module__.startswith("reviewdesk."):
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, CharField) and field.max_length:
                rows = model._default_manager.annotate(_n=Length(field.attname)).filter(
                    _n__gt=field.max_length).values_list("pk", flat=True)[:3]
                found += [f"{model._meta.label}.{field.name} {pk}" for pk in rows]
    return found


def bm(world: World) -> User:
    user = world.here.people[BM]
    assert user is not None
    return user


# --- Chronology files ---------------------------------------------------------------------------

HEADER = ["Date of contact", "Details", "Worker", "Outcome"]


def csv_file(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([HEADER, *rows])
    return out.getvalue().encode("utf-8", errors="surrogatepass")


def xlsx_file(rows: list[list[str]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [HEADER, *rows]:
        # openpyxl refuses control characters a workbook cannot hold; such a file cannot exist.
        sheet.append([openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE.sub("", c)[:32_000] for c in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


ROWS = st.lists(st.lists(CELL, min_size=0, max_size=6), min_size=0, max_size=4)


def test_a_chronology_file_is_checked_or_refused_never_anything_else(hostile_world: World) -> None:
    review = hostile_world.here.review

    @HOSTILE
    @given(st.one_of(
        st.tuples(st.just("hostile.csv"), ROWS.map(csv_file)),
        st.tuples(st.just("hostile.xlsx"), ROWS.map(xlsx_file)),
        st.tuples(st.sampled_from(["x.csv", "x.xlsx", "x.docx", "x", "x.exe", "../x.csv"]),
                  st.binary(max_size=3000))))
    def check(named: tuple[str, bytes]) -> None:
        name, data = named
        try:
            result = check_file(review, data, name)
        except FileRefused as refused:
            assert str(refused)
        else:
            assert result.rows is not None

    check()


def test_a_chronology_file_refused_at_upload_saves_nothing(hostile_world: World) -> None:
    review = hostile_world.here.review
    agency = review.incidents.get().agencies.get(kind="police")

    @HOSTILE
    @given(st.binary(max_size=2000), st.sampled_from(["x.csv", "x.xlsx", "x.docx"]))
    def upload(data: bytes, name: str) -> None:
        before = Submission.objects.count()
        try:
            with transaction.atomic():
                chronology_actions.upload_submission(review, agency, by=bm(hostile_world),
                                                     data=data, filename=name)
                transaction.set_rollback(True)
        except (FileRefused, ValidationError):
            assert Submission.objects.count() == before

    upload()


# --- The identity register's file --------------------------------------------------------------

JSON_VALUE = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-(10**30), 10**30), st.floats(), TEXT),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(TEXT, inner, max_size=3)), max_leaves=10)
ENTRY = st.fixed_dictionaries(
    {"kind": st.one_of(st.sampled_from(["person", "child", "family", "professional", "agency",
                                        "place", "identifier", "organisation"]), TEXT),
     "name": TEXT, "pseudonym": TEXT},
    optional={"aliases": st.lists(TEXT, max_size=3), "date_of_birth": CELL, "role": TEXT,
              "type": TEXT, "agency": TEXT, "is_public": JSON_VALUE, "extra": JSON_VALUE})


def register_bytes(value: Any) -> bytes:
    return json.dumps(value).encode()


def test_a_register_file_is_imported_or_refused_with_nothing_saved(hostile_world: World) -> None:
    review = hostile_world.here.review

    @HOSTILE
    @given(st.one_of(
        st.binary(max_size=2000),
        JSON_VALUE.map(register_bytes),
        st.lists(ENTRY, max_size=4).map(lambda entries: register_bytes({"entries": entries}))))
    def load(data: bytes) -> None:
        before = IdentityEntry.objects.filter(review=review).count()
        try:
            entries = register_file.parse_register(data, partnership=review.partnership)
        except ValidationError as refused:
            assert refused.messages
            return
        try:
            with transaction.atomic():
                review_actions.import_register(review, entries, by=bm(hostile_world))
                assert not overlong_rows()
                transaction.set_rollback(True)
        except ValidationError:
            assert IdentityEntry.objects.filter(review=review).count() == before

    load()


# --- A list of practitioners -------------------------------------------------------------------

def test_a_list_of_practitioners_is_added_or_refused_with_nothing_saved(
        hostile_world: World) -> None:
    review = hostile_world.here.review
    agency = review.incidents.get().agencies.get(kind="health").name
    line = st.lists(st.one_of(CELL, st.just(agency), st.just("someone@example.test")),
                    max_size=7).map(lambda cells: ",".join(f'"{c}"' for c in cells))

    @HOSTILE
    @given(st.one_of(st.binary(max_size=2000),
                     st.lists(line, max_size=4).map(lambda lines: "\n".join(lines).encode(
                         "utf-8", errors="surrogatepass"))))
    def add(data: bytes) -> None:
        parsed = practitioner_file.parse(practitioner_file.decode(data))
        if parsed.problems:
            return
        before = Practitioner.objects.filter(review=review).count()
        try:
            with transaction.atomic():
                staff_actions.add_practitioners(review, parsed.rows, by=bm(hostile_world))
                assert not overlong_rows()
                transaction.set_rollback(True)
        except ValidationError:
            assert Practitioner.objects.filter(review=review).count() == before

    add()


# --- A review in flight --------------------------------------------------------------------------

def leaves(value: Any, path: tuple = ()) -> list[tuple]:
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in leaves(v, (*path, k))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in leaves(v, (*path, i))]
    return [path]


def replaced(document: Any, path: tuple, value: Any) -> Any:
    copy = json.loads(json.dumps(document))
    target = copy
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return copy


def test_a_review_file_is_imported_or_refused_with_nothing_saved(hostile_world: World) -> None:
    partnership = hostile_world.here.review.partnership
    example = json.loads(EXAMPLE.read_text())
    paths = leaves(example)

    @HOSTILE
    @given(st.one_of(
        st.binary(max_size=2000).map(lambda data: ("bytes", data)),
        st.lists(st.tuples(st.sampled_from(paths), st.one_of(JSON_VALUE, st.sampled_from(
            ODD_STRINGS), st.text(min_size=300, max_size=400))), min_size=1, max_size=3).map(
            lambda changes: ("json", changes))))
    def load(given_file: tuple[str, Any]) -> None:
        kind, value = given_file
        if kind == "bytes":
            try:
                raw = review_import.parse_json(value)
            except ValueError:
                return
        else:
            raw = example
            for path, new in value:
                raw = replaced(raw, path, new)
        reviews = Review.objects.count()
        plan, problems = review_import.check(raw, partnership)
        if problems:
            return
        try:
            with transaction.atomic():
                review_import.create(plan, partnership, by=bm(hostile_world), sha256="0" * 64)
                assert not overlong_rows()
                transaction.set_rollback(True)
        except review_import.ImportRefused:
            assert Review.objects.count() == reviews

    load()
