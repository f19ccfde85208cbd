"""The comment log as .xlsx and .docx: every comment with its paragraph, commenter, date, late
flag and answer, typed words through the downloader's redactor; each download audited."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse

from reviewdesk.accounts.models import User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.comments import actions
from reviewdesk.comments.tests.conftest import PARAGRAPHS, block_of
from reviewdesk.reports.models import Comment, CommentRound
from reviewdesk.reports.tests.helpers import version_of
from reviewdesk.testing import ClientFor

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(round_: CommentRound, subgroup_member: User, partner: User, lead_reviewer: User,
             business_manager: User, today_is) -> CommentRound:
    anchored = actions.make_comment(round_, by=subgroup_member, block=block_of(round_.version,
                                                                                "1.1"),
                                    text="Say what Dana Moorcroft told the school.")
    general = actions.make_comment(round_, by=partner, text="=HYPERLINK(\"x\") Clear overall.")
    today_is(round_.closes_on + timedelta(days=1))
    actions.make_comment(round_, by=business_manager, author=subgroup_member,
                         text="A late point.", late_reason="Sent to the wrong address.")
    second = version_of(round_.review, lead_reviewer, *PARAGRAPHS, scan=False)
    actions.answer_comment(anchored, by=lead_reviewer, answer=Comment.Answer.CHANGED,
                           changed_in=second)
    actions.answer_comment(general, by=lead_reviewer, answer=Comment.Answer.NOT_CHANGED,
                           answer_text="Dee asked us not to.")
    return round_


def rows_of_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]


def docx_text(data: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def log_url(round_: CommentRound, kind: str) -> str:
    return reverse("comments:download_log", args=[round_.review.uuid, round_.number, kind])


def test_the_spreadsheet_holds_every_comment_and_answer(
        client_for: ClientFor, answered: CommentRound, subgroup_member: User) -> None:
    response = client_for(subgroup_member).get(log_url(answered, "xlsx"))
    assert response["Content-Disposition"].endswith('comments-round-1.xlsx"')
    head, *rows = rows_of_xlsx(response.content)
    assert head[:3] == ["No.", "Paragraph", "Commenter"]
    by_text = {row[6]: row for row in rows}
    anchored = by_text["Say what Dana Moorcroft told the school."]
    assert anchored[1:3] == ["1.1", "Sue Subgroup"] and anchored[7:9] == ["Changed", "Version 2"]
    general = by_text["=HYPERLINK(\"x\") Clear overall."]  # kept as text, never a formula
    assert general[1] == "General" and general[7] == "Not changed"
    assert general[9] == "Dee asked us not to."
    assert "Safeguarding partner" in general[3]
    late = by_text["A late point."]
    assert late[5] == "Late: accepted by Bea Manager because Sent to the wrong address."
    assert late[7] == "Not answered yet"
    event = AuditEvent.objects.get(event_type="comments.log_downloaded")
    assert event.actor == subgroup_member and event.data["kind"] == "xlsx"


def test_the_word_document_reads_through_the_partners_redactor(
        client_for: ClientFor, answered: CommentRound, partner: User) -> None:
    response = client_for(partner).get(log_url(answered, "docx"))
    assert response.status_code == 200
    words = docx_text(response.content)
    assert "Say what Mother told the school." in words and "Moorcroft" not in words
    assert "Mother asked us not to." in words and "Dee" not in words
    assert "Late: accepted by Bea Manager" in words
    assert AuditEvent.objects.filter(event_type="comments.log_downloaded", actor=partner).exists()


def test_another_kind_of_file_is_not_found(client_for: ClientFor, answered: CommentRound,
                                           subgroup_member: User) -> None:
    assert client_for(subgroup_member).get(log_url(answered, "pdf")).status_code == 404
