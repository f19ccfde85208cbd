"""A review at the action plan stage with its final report (no LibreOffice), a mother in its
identity register, and a way to give the final report the words of any Word document."""

import io
from collections.abc import Callable

import pytest
from django.core.files.base import ContentFile

from reviewdesk.accounts.models import User
from reviewdesk.action_plan.testing import at_action_plan
from reviewdesk.reports.models import FinalReport
from reviewdesk.reviews import actions as review_actions
from reviewdesk.reviews.models import IdentityEntry, Review

CHILD = "Kayden Moorcroft"  # the review fixture's child, 'Child A'
MOTHER = "Jolene Moorcroft"

FinalWith = Callable[[bytes], FinalReport]


@pytest.fixture
def final(review: Review, business_manager: User) -> FinalReport:
    """The review at the action plan stage; its final report is the walk's short clean one."""
    made = at_action_plan(review, by=business_manager)
    review.refresh_from_db()
    review_actions.save_identity(review, by=business_manager, kind=IdentityEntry.Kind.FAMILY,
                                 real_name=MOTHER, pseudonym="Mother", role_title="Mother")
    return made


@pytest.fixture
def planned(final: FinalReport) -> Review:
    review = final.review
    review.refresh_from_db()
    return review


@pytest.fixture
def final_with(final: FinalReport) -> FinalWith:
    """The final report's Word document replaced by ``data`` (as if the report said that)."""

    def give(data: bytes) -> FinalReport:
        final.docx.save("report.docx", ContentFile(data), save=True)
        return final

    return give


def docx(*blocks: object) -> bytes:
    """A Word document: a string is a paragraph, (text, level) a heading, (text, "style") a
    paragraph in that style, and a list of rows a table."""
    from docx import Document

    document = Document()
    for block in blocks:
        if isinstance(block, list):
            table = document.add_table(rows=0, cols=len(block[0]))
            for row in block:
                cells = table.add_row().cells
                for cell, text in zip(cells, row, strict=True):
                    cell.text = text
        elif isinstance(block, tuple) and isinstance(block[1], int):
            document.add_heading(block[0], block[1])
        elif isinstance(block, tuple):
            document.add_paragraph(block[0], style=block[1])
        else:
            document.add_paragraph(str(block))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
