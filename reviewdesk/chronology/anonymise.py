"""Names in chronology text, as a given viewer may see them.

Agencies write real names into every field of a chronology, free text included. ``Anonymiser``
replaces them through the review's identity register with the identifier scanner's matcher, which
knows every form a name takes (possessives, initials, nicknames, typos…):

* ``personalised=False`` (the anonymised view, and everyone who may not switch): every registered
  identity is replaced by its pseudonym or role label;
* ``personalised=True``: only the identities this viewer may not see (``Names.may_see``: staff
  for family-tier viewers) are replaced.

Pages and exports render text through this; edits are always made on the real text.
"""

from functools import cached_property

from django.db.models import prefetch_related_objects

from reviewdesk.access import Tier
from reviewdesk.reviews.models import IdentityEntry, Review
from reviewdesk.reviews.names import Names
from reviewdesk.reviews.register_file import entry_as_dict
from reviewdesk.scanner.engine import replacement
from reviewdesk.scanner.matcher import RegisterMatcher


def may_personalise(names: Names) -> bool:
    """Who may switch to the personalised view: those who may see the family's identities."""
    return names.tier >= Tier.FAMILY


class Anonymiser:
    def __init__(self, review: Review, names: Names, *, personalised: bool = False):
        self.review = review
        self.names = names
        self.personalised = personalised and may_personalise(names)

    @cached_property
    def hidden(self) -> list[IdentityEntry]:
        # In the register's own order (by id), so the page and the stored search text
        # (search_text.py) build the same matcher and replace exactly the same words.
        entries = sorted(self.names.entries, key=lambda e: e.pk)
        if not self.personalised:
            return [e for e in entries if not e.is_public]
        return [e for e in entries if not self.names.may_see(e)]

    @cached_property
    def register(self) -> list[dict]:
        """The hidden entries as the matcher reads them (their agencies fetched in one query)."""
        prefetch_related_objects([e for e in self.hidden if e.agency_id], "agency")
        return [entry_as_dict(e) for e in self.hidden]

    @cached_property
    def _matcher(self) -> RegisterMatcher | None:
        return RegisterMatcher(self.register) if self.hidden else None

    def text(self, value: str | None) -> str:
        """The text with every identity this view hides replaced by its label."""
        if not value or self._matcher is None:
            return value or ""
        found = self._matcher.find(value)
        if not found:
            return value
        out, last = [], 0
        for f in found:  # sorted, not overlapping
            out.append(value[last:f.start])
            out.append(replacement(f.text, f.category, f.suggestion))
            last = f.end
        out.append(value[last:])
        return "".join(out)
