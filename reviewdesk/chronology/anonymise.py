"""Names in chronology text, as a given viewer may see them.

Agencies write real names into every field of a chronology, free text included. ``Anonymiser``
replaces them with the one redactor every page uses (``reviewdesk.reviews.redaction``), which
knows every form a name takes (possessives, initials, nicknames, typos…):

* ``personalised=False`` (the anonymised view, and everyone who may not switch): every registered
  identity is replaced by its pseudonym or role label;
* ``personalised=True``: only the identities this viewer may not see (``Names.may_see``: staff
  for family-tier viewers) are replaced.

Pages and exports render text through this; edits are always made on the real text.
"""

from functools import cached_property

from django.db.models import prefetch_related_objects

from reviewdesk import access
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.names import Names
from reviewdesk.reviews.redaction import Redactor
from reviewdesk.reviews.register_file import entry_as_dict


def may_personalise(names: Names) -> bool:
    """Who may switch to the personalised view: those who may see the family's identities."""
    return access.sees_family_identities(names.tier)


class Anonymiser(Redactor):
    """The chronology's choice of view over the one redactor (``reviewdesk.reviews.redaction``):
    the anonymised view hides every identity that is not public, the personalised one those
    this viewer may not see, exactly as ``Names.redact`` does on every other page."""

    def __init__(self, review: Review, names: Names, *, personalised: bool = False):
        self.review = review
        self.names = names
        self.personalised = personalised and may_personalise(names)
        view = names.redactor if self.personalised else names.anonymised_redactor
        super().__init__(view.hidden)

    @cached_property
    def register(self) -> list[dict]:
        """The hidden entries as the register file holds them (their agencies fetched in one
        query): what the stored search text's fingerprint is taken of."""
        prefetch_related_objects([e for e in self.hidden if e.agency_id], "agency")
        return [entry_as_dict(e) for e in self.hidden]
