"""The identity register as a file: the JSON format the scanner and the data team use.

``{"entries": [{"kind", "name", "aliases", "role", "agency", "date_of_birth", "type",
"pseudonym", "public", "register_kind"}]}`` with ISO dates. ``kind`` is the scanner's coarse kind
(person, place, organisation, identifier); ``register_kind`` keeps Review Desk's finer one (child,
family, other_person, professional…) so an exported register imports back unchanged.
"""

from reviewdesk.reviews.models import IdentityEntry

Kind = IdentityEntry.Kind
PERSON_KINDS = {Kind.CHILD, Kind.FAMILY, Kind.OTHER_PERSON, Kind.PROFESSIONAL}
# The file names vehicle registrations in full; the register's choice is shorter.
TYPE_TO_FILE = {IdentityEntry.IdentifierType.VEHICLE: "vehicle_registration"}


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


def register_entries(review) -> list[dict]:
    """Every entry of the review's register in the file format (what the scanner reads)."""
    return [entry_as_dict(e) for e in review.identities.select_related("agency").order_by("pk")]
