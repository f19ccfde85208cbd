"""The one redactor: free text as one viewer may see it (docs/decisions/0025).

People write real names into every free-text field (a summary, a reason, a task's title, a
chronology entry), and not only as the register spells them: "Kayden was hurt", "K.M.",
"Kaydens's mum", a nickname, a typo. Every rendering of free text, on a page, in an export of any
format, in an e-mail, a notice or an audit summary, goes through a ``Redactor``, which replaces
each identity the viewer may not see with its pseudonym or role label using the identifier
scanner's ``RegisterMatcher`` (full names, first names, surnames, possessives, initials,
aliases, typos, dates of birth, postcodes).

Which identities are hidden is the caller's: ``Names.redactor`` hides those the viewer's tier
(``reviewdesk.access.identity_tier``) may not see; ``Names.anonymised_redactor`` hides every
identity that is not public (the anonymised chronology, notices, what leaves the partnership).

Building a matcher compiles one large regular expression, so matchers are kept per register:
the key is the hidden entries exactly as the matcher reads them, so any change to the register
(a form, a register file, the admin) gives a new key and the old matcher is never used again.
"""

import json
import re
from functools import cached_property, lru_cache

from reviewdesk.lib.scanner.engine import replacement
from reviewdesk.lib.scanner.matcher import RegisterMatcher
from reviewdesk.reviews.models import IdentityEntry
from reviewdesk.reviews.register_file import TYPE_TO_FILE, coarse_kind

# Matchers kept per process: a review's register in a few forms (each tier's hidden set), for
# the reviews people are working on.
CACHED_MATCHERS = 256
# Full names and aliases are hidden in any case ("zorbex quintrell"), as they always were: the
# matcher leaves lower-case words alone, since a first name may be an ordinary word.
MIN_EXACT = 2
FILE_TYPES: dict[str, str] = {str(key): value for key, value in TYPE_TO_FILE.items()}


def matcher_entry(entry: IdentityEntry) -> dict:
    """An identity as the matcher reads it (the register file's format without the agency,
    which the matcher does not read, so no query is needed for it)."""
    return {
        "kind": coarse_kind(entry.kind),
        "name": entry.real_name,
        "aliases": entry.alias_list,
        "role": entry.role_title,
        "date_of_birth": entry.date_of_birth.isoformat() if entry.date_of_birth else None,
        "type": FILE_TYPES.get(entry.identifier_type, entry.identifier_type),
        "pseudonym": entry.pseudonym,
        "public": entry.is_public,
    }


class _Engine:
    """One register's matcher and exact-name pattern, shared by every request that hides the
    same identities."""

    def __init__(self, register: list[dict]):
        self.matcher = RegisterMatcher(register)
        labels: dict[str, str] = {}
        for d in register:
            for name in [d["name"], *d["aliases"]]:
                name = " ".join((name or "").split())
                if len(name) >= MIN_EXACT:
                    labels.setdefault(name.lower(), d["pseudonym"] or d["role"] or "[identity]")
        self.labels = labels
        self.exact = re.compile(
            r"(?<!\w)(" + "|".join(re.escape(n).replace(r"\ ", r"\s+")
                                   for n in sorted(labels, key=len, reverse=True))
            + r")(?:['’]s)?(?!\w)", re.IGNORECASE) if labels else None

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, replacement) for every hidden identity in ``text``, in order."""
        spans = [(f.start, f.end, replacement(f.text, f.category, f.suggestion))
                 for f in self.matcher.find(text)]
        if self.exact is not None:
            extra = []
            for m in self.exact.finditer(text):
                if any(s < m.end() and m.start() < e for s, e, _ in spans):
                    continue
                label = self.labels[" ".join(m.group(1).split()).lower()]
                extra.append((m.start(), m.end(), replacement(m.group(0), "person", label)))
            if extra:
                spans = sorted(spans + extra)
        return spans


@lru_cache(maxsize=CACHED_MATCHERS)
def _engine(key: str) -> _Engine:
    return _Engine(json.loads(key))


class Redactor:
    """Free text with the given identities replaced by their pseudonyms or role labels."""

    def __init__(self, hidden: list[IdentityEntry]):
        # In the register's own order (by id): the same identities give the same matcher, and
        # the chronology's stored search text replaces exactly the words its page does.
        self.hidden = sorted(hidden, key=lambda e: e.pk or 0)

    @cached_property
    def _engine(self) -> _Engine | None:
        if not self.hidden:
            return None
        key = json.dumps([matcher_entry(e) for e in self.hidden], sort_keys=True)
        return _engine(key)

    def text(self, value: str | None) -> str:
        """``value`` with every hidden identity replaced by its label."""
        if not value or self._engine is None:
            return value or ""
        spans = self._engine.spans(value)
        if not spans:
            return value
        out, last = [], 0
        for start, end, label in spans:  # sorted, not overlapping
            out.append(value[last:start])
            out.append(label)
            last = end
        out.append(value[last:])
        return "".join(out)
