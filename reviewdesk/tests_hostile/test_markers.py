"""No text a person typed is ever run: a marker in every free-text field of the access matrix's
world, then every page and download of the matrix visited by someone who may see it.

The marker is markup (``<script>``), template syntax (``{{7*7}}``, which a template engine would
turn into 49) and a formula start (``=``, which a spreadsheet would run). Pages must show it
escaped; Word and Excel files must hold it as escaped XML text; no spreadsheet cell may start
with the formula; e-mails (plain text) must carry ``{{7*7}}`` as typed: at least one does.
"""

import csv
import io
import re
import zipfile
from typing import Any

import openpyxl
import pytest
from django.apps import apps
from django.core import mail
from django.core.management import call_command
from django.db.models import CharField, F, TextField, Value
from django.db.models.functions import Concat, Left
from django.http import StreamingHttpResponse
from django.test import Client

from reviewdesk.notices.models import Notice
from reviewdesk.notices.tasks import deliver
from reviewdesk.reviews.models import Task
from reviewdesk.reviews.tests.test_access_matrix import (
    ANON,
    BM,
    EVERYONE,
    LEAD,
    MANAGER_P,
    PRACT,
    World,
)

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
MARKER = f"=HYPERLINK(1){SCRIPT}{{{{7*7}}}} "
# Fields that hold what the app wrote, not what a person typed (codes, keys, hashes, stored
# files, rendered templates' names), or that the app parses (a chronology's dates as typed).
NOT_TYPED = re.compile(
    r"(^|_)(key|code|codes|slug|sha256|hash|digest|token|reference|dedupe_key|event_type|"
    r"status|kind|stage|purpose|path|content_type|mime|filename|file|storage_name|uuid|"
    r"version|date|dates|raw_date|date_text|when|time|language|pseudonym|identifier|"
    r"search_text|text_search|postcode|phone|colour|format|mapping|source_hash|password|"
    r"secret|email)($|_)")
# Whole apps whose rows are the app's own record of what happened, never edited.
NOT_TYPED_APPS = {"audit", "sessions", "axes", "otp_totp", "otp_static", "django_tasks"}
# Template sources, not text: each is checked as a template when saved (notices.actions.
# save_template refuses a mistake), so a marker there is a state no one can make.
TEMPLATE_SOURCES = {"notices.NoticeTemplate"}
# The order people are tried in: the first whose matrix row expects a page (200) visits it.
VISITORS = [BM, LEAD, PRACT, MANAGER_P, *[p for p in EVERYONE if p not in {BM, LEAD, PRACT,
                                                                           MANAGER_P}]]
EVALUATED = re.compile(r"alert\(1\)(?:</|&lt;/|\\u003c/)script(?:>|&gt;|\\u003e)49")


def mark_every_typed_field() -> int:
    """Put MARKER before the text of every free-text field; the number of fields marked."""
    marked = 0
    for model in apps.get_models():
        if (not model.__module__.startswith("reviewdesk.") or model._meta.app_label in
                NOT_TYPED_APPS or not model._meta.managed
                or model._meta.label in TEMPLATE_SOURCES):
            continue
        for field in model._meta.concrete_fields:
            if (type(field) not in (CharField, TextField) or field.choices or field.unique
                    or field.primary_key or NOT_TYPED.search(field.name)
                    or (field.max_length or 10_000) < 60):
                continue
            value: Any = F(field.attname)
            if field.max_length:
                value = Left(value, field.max_length - len(MARKER))
            model._default_manager.exclude(**{field.attname: ""}).update(
                **{field.attname: Concat(Value(MARKER), value, output_field=field)})
            marked += 1
    return marked


def body(response: Any) -> bytes:
    if isinstance(response, StreamingHttpResponse):
        return b"".join(response)
    return bytes(response.content)


def problems_in(url: str, content: bytes, content_type: str) -> list[str]:
    found = []
    if content.startswith(b"PK"):  # Word or Excel
        with zipfile.ZipFile(io.BytesIO(content)) as package:
            for name in package.namelist():
                if name.endswith(".xml") and SCRIPT.encode() in package.read(name):
                    found.append(f"{url}: {name} holds the marker as markup")
        if "spreadsheet" in content_type:
            book = openpyxl.load_workbook(io.BytesIO(content))
            for sheet in book.worksheets:
                for row in sheet.iter_rows():
                    for cell in row:
                        # A cell typed as text shows "=…" as typed; a formula cell runs it.
                        if cell.data_type == "f" and "HYPERLINK(1)" in str(cell.value):
                            found.append(f"{url}: cell {sheet.title}!{cell.coordinate} is a "
                                         "formula")
        return found
    if content.startswith(b"%PDF"):
        return found
    text = content.decode(errors="replace")
    if "text/csv" in content_type:
        for line in csv.reader(io.StringIO(text)):
            found += [f"{url}: CSV cell {value[:30]!r} is a formula" for value in line
                      if value.startswith("=HYPERLINK(1)")]
        return found
    if "text/html" in content_type and SCRIPT in text:
        found.append(f"{url}: the marker's <script> is in the page unescaped")
    if EVALUATED.search(text):
        found.append(f"{url}: {{{{7*7}}}} was evaluated")
    return found


def test_typed_text_is_shown_as_text_in_every_page_download_and_e_mail(
        hostile_world: World) -> None:
    assert mark_every_typed_field() > 50
    here = hostile_world.here
    clients: dict[str, Client] = {}
    problems: list[str] = []
    visited = shown = 0
    for name, row in sorted(hostile_world.rows.items()):
        url, get_expected = row[:2]
        person = next((p for p in VISITORS if p != ANON and get_expected.get(p) == 200), None)
        if person is None:
            continue
        client = clients.setdefault(person, Client())
        user = here.people[person]
        assert user is not None
        client.force_login(user)
        response = client.get(url)
        visited += 1
        if response.status_code >= 500:
            problems.append(f"GET {name} as {person}: {response.status_code}")
            continue
        content = body(response)
        shown += b"alert(1)" in content or b"HYPERLINK(1)" in content
        problems += problems_in(f"{name} ({url})", content, response.get("Content-Type", ""))
    assert not problems, "\n".join(problems)
    # The marker did reach the pages (a rewrite that missed them would prove nothing).
    assert visited > 150 and shown > 40, (visited, shown)

    # E-mails: plain text, so the marker is sent as typed (a template filled in with it must
    # not read it as template syntax). Each open task's reminder on its day carries its marked
    # title; the notices queued are sent here, as the worker would.
    days = sorted(set(Task.objects.filter(
        done_on__isnull=True, review__stage__in=Task.OPEN_STAGES, owner__isnull=False,
        title__contains=MARKER).values_list("due_on", flat=True)))
    assert days, "no open task's title holds the marker"
    since = Notice.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    for due_on in days:
        call_command("send_reminders", f"--today={due_on}", stdout=io.StringIO())
    mail.outbox = []
    for notice in Notice.objects.filter(pk__gt=since):
        deliver(notice.pk)
    sent = [f"{message.subject}\n{message.body}" for message in mail.outbox]
    assert not [text for text in sent if EVALUATED.search(text)], sent
    assert any(f"{SCRIPT}{{{{7*7}}}}" in text for text in sent), (
        f"no e-mail carried the marker as typed: {sent}")
