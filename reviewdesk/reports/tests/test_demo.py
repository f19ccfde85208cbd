"""The demo's checked draft: a Word document whose names hide in the text and in a comment,
checked at once so the demo opens with findings."""

from types import SimpleNamespace

from reviewdesk.accounts.models import User
from reviewdesk.reports import demo
from reviewdesk.reviews.models import Review


def test_the_demo_draft_is_checked_and_its_hidden_names_are_found(registered: Review,
                                                                  lead_reviewer: User) -> None:
    demo.load(SimpleNamespace(reviews={9: registered}, people={"lead.reviewer": lead_reviewer}))
    check = registered.draft_checks.get()
    assert (check.status, check.kind, check.uploaded_by) == ("done", "docx", lead_reviewer)
    assert check.findings.filter(part="comment", text="Dana", entry__pseudonym="Mother").exists()
    assert check.findings.filter(text="Kayden Moorcroft", entry__pseudonym="Child A").exists()
    # The lead reviewer is named in published reports: never raised.
    assert not check.findings.filter(text__contains="Ellery").exists()
