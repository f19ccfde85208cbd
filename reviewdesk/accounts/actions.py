"""Getting people in and out, without the Django admin. Every change is audited."""

from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice

from reviewdesk.accounts.models import Agency, Partnership, User
from reviewdesk.accounts.selectors import merge_clashes, move_records, records_of
from reviewdesk.accounts.tasks import send_email
from reviewdesk.audit.services import record
from reviewdesk.versioning import UNCHECKED, bump, claim


def set_password_link(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.SITE_URL + reverse("accounts:set_password", args=[uid, token])


def _send_link(user: User, subject: str, opening: str) -> None:
    two_factor = (
        " You will then set up two-factor sign-in with an authenticator app."
        if settings.TWO_FACTOR_REQUIRED else ""
    )
    body = (
        f"Dear {user.display_name},\n\n{opening}\n\n"
        f"Choose your password here (the link works once, for 7 days):\n{set_password_link(user)}\n\n"
        f"Sign in with this e-mail address: {user.email}.{two_factor}\n\n"
        "If you were not expecting this message, tell your partnership's business unit.\n"
    )
    transaction.on_commit(partial(send_email.enqueue, [user.email], subject, body))


@transaction.atomic
def invite_person(
    partnership: Partnership, *, by: User, email: str, full_name: str, job_title: str = "",
    agency: Agency | None = None, role: str = "", partner_for: str = "",
    send_invitation: bool = True,
) -> User:
    """A new sign-in, and (unless ``send_invitation`` is False) the e-mail with the link to
    choose a password. Without it (``import_review`` adds people a partnership already works
    with) the person has no usable password until the business manager resets their access."""
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": "Someone with this e-mail address already has a sign-in: "
                               "find them in the list of people instead."})
    if role == "safeguarding_partner" and not partner_for:
        raise ValidationError({"partner_for": "Choose which of the three safeguarding partners this "
                               "person represents."})
    user = User.objects.create_user(
        email, None, full_name=full_name.strip(), job_title=job_title.strip(),
        partnership=partnership, agency=agency, role=role,
        partner_for=partner_for if role == "safeguarding_partner" else "",
        invited_at=timezone.now() if send_invitation else None,
    )
    if not send_invitation:
        record("person.added", actor=by, partnership_id=partnership.pk,
               summary="Added a person without inviting them",
               data={"person": user.pk, "role": role})
        return user
    _send_link(user, "You have been invited to Review Desk",
               f"{partnership.name} has invited you to Review Desk, where it runs its child "
               "safeguarding practice reviews and learning reviews.")
    record("person.invited", actor=by, partnership_id=partnership.pk, summary="Invited a person",
           data={"person": user.pk, "role": role})
    return user


@transaction.atomic
def reset_access(person: User, *, by: User) -> User:
    """A forgotten password or a lost phone: a new set-password link, two-factor set up again."""
    if not person.is_active:
        raise ValidationError("This person's access is deactivated: reactivate them first.")
    person.set_unusable_password()
    person.save(update_fields=["password"])
    TOTPDevice.objects.filter(user=person).delete()
    _unlock(person)
    _send_link(person, "Your Review Desk access has been reset",
               "Your partnership's business unit has reset your access to Review Desk.")
    record("person.access_reset", actor=by, partnership_id=person.partnership_id,
           summary="Reset a person's access", data={"person": person.pk})
    return person


@transaction.atomic
def deactivate_person(person: User, *, by: User, reason: str) -> User:
    """A leaver: they can no longer sign in. Their records and review history are kept."""
    if person.pk == by.pk:
        raise ValidationError("You cannot deactivate your own access: ask another business manager.")
    if not person.is_active:
        raise ValidationError("This person's access is already deactivated.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why, for example 'Left the agency in March'."})
    person.is_active = False
    person.deactivated_at = timezone.now()
    person.save(update_fields=["is_active", "deactivated_at"])
    record("person.deactivated", actor=by, partnership_id=person.partnership_id,
           summary="Deactivated a person's access", data={"person": person.pk, "reason": reason})
    return person


@transaction.atomic
def reactivate_person(person: User, *, by: User) -> User:
    if person.is_active:
        raise ValidationError("This person's access is already active.")
    person.is_active = True
    person.deactivated_at = None
    person.save(update_fields=["is_active", "deactivated_at"])
    record("person.reactivated", actor=by, partnership_id=person.partnership_id,
           summary="Reactivated a person's access", data={"person": person.pk})
    return reset_access(person, by=by)


def _unlock(person: User) -> None:
    from axes.utils import reset

    reset(username=person.email)


# --- Agencies (Settings → Agencies) ----------------------------------------------------------

AGENCY_FIELDS = ("name", "short_name", "kind", "email", "subgroup_representative",
                 "staff_support", "is_active")


def _check_agency(partnership_id: int, values: dict[str, Any], agency: Agency | None) -> None:
    """The rules a form cannot check alone: unique names, a representative of the partnership."""
    others = Agency.objects.filter(partnership_id=partnership_id)
    if agency is not None:
        others = others.exclude(pk=agency.pk)
    name, short = values.get("name", ""), values.get("short_name", "")
    errors: dict[str, str] = {}
    if others.filter(name__iexact=name).exists():
        errors["name"] = (f"There is already an agency called {name}: find it in the list (it "
                          "may be inactive) or choose a different name.")
    if short and others.filter(short_name__iexact=short).exists():
        errors["short_name"] = (f"Another agency already has the short name {short}: choose a "
                                "different one.")
    rep = values.get("subgroup_representative")
    if rep is not None and (rep.partnership_id != partnership_id or not rep.is_active):
        errors["subgroup_representative"] = ("Choose an active person of your partnership as "
                                             "the CSPR subgroup representative.")
    if errors:
        raise ValidationError(errors)


def _clean_agency_values(values: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in values.items() if k in AGENCY_FIELDS}
    for key in ("name", "short_name", "email", "staff_support"):
        if key in out:
            out[key] = " ".join((out[key] or "").split()) if key != "staff_support" else (
                (out[key] or "").strip())
    return out


def _agency_data(agency: Agency, **more: Any) -> dict[str, Any]:
    # No names in the audit trail, which can never be corrected: a school's or a nursery's name
    # identifies a child (decision record 0013). The agency's id says which one.
    return {"agency": agency.pk, "kind": agency.kind, **more}


@transaction.atomic
def add_agency(partnership: Partnership, *, by: User,
               **values: Any) -> Agency:
    values = _clean_agency_values(values)
    values.setdefault("is_active", True)
    _check_agency(partnership.pk, values, None)
    agency = Agency.objects.create(partnership=partnership, **values)
    record("agency.added", actor=by, partnership_id=partnership.pk,
           summary="Added an agency", data=_agency_data(agency))
    return agency


@transaction.atomic
def change_agency(agency: Agency, *, by: User,
                  version: int | None = UNCHECKED, **values: Any) -> Agency:
    """Change an agency from the ``version`` its page showed: a save made from an older one is
    refused (``StaleEdit``, decision 0023) unless it changes nothing."""
    values = _clean_agency_values(values)
    _check_agency(agency.partnership_id, values, agency)
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    changed = [k for k, v in values.items() if getattr(agency, k) != v]
    if not changed:
        return agency
    claim(agency, version, thing="this agency", by=by)
    for key in changed:
        setattr(agency, key, values[key])
    agency.save(update_fields=changed)
    record("agency.changed", actor=by, partnership_id=agency.partnership_id,
           summary="Changed an agency",
           data=_agency_data(agency, fields=changed))
    return agency


@transaction.atomic
def deactivate_agency(agency: Agency, *, by: User) -> Agency:
    """Kept on every record it is on; no longer offered for new work."""
    if not agency.is_active:
        raise ValidationError(f"{agency.name} is already inactive.")
    agency.is_active = False
    agency.save(update_fields=["is_active"])
    bump(agency, by=by)  # a change page opened before would make it active again
    record("agency.deactivated", actor=by, partnership_id=agency.partnership_id,
           summary="Made an agency inactive", data=_agency_data(agency))
    return agency


@transaction.atomic
def delete_agency(agency: Agency, *, by: User) -> None:
    """Only an agency nothing points to (added by mistake): the records of a review must keep
    the agency they were made with, so one with records is deactivated instead."""
    # Lock it: a request naming it cannot slip in between the check and the delete.
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    found = records_of(agency)
    if found:
        listed = "; ".join(f"{label}: {n}" for label, n in found)
        raise ValidationError(f"{agency.name} cannot be deleted because records point to it "
                              f"({listed}). Deactivate it instead: it then stays on those "
                              "records but is not offered for new work.")
    data, partnership_id = _agency_data(agency), agency.partnership_id
    agency.delete()
    record("agency.deleted", actor=by, partnership_id=partnership_id,
           summary="Deleted an agency with no records", data=data)


def merge_problems(duplicate: Agency, keep: Agency) -> list[str]:
    """Why these two cannot be merged, in words for the business manager; empty if they can."""
    if duplicate.pk == keep.pk:
        return ["Choose two different agencies: an agency cannot be merged into itself."]
    if duplicate.partnership_id != keep.partnership_id:
        return ["Both agencies must belong to your partnership."]
    return merge_clashes(duplicate, keep)


@transaction.atomic
def merge_agencies(duplicate: Agency, keep: Agency, *, by: User) -> list[tuple[str, int]]:
    """Move every record of ``duplicate`` to ``keep``, in one transaction: the duplicate is then
    deactivated (never deleted: audit rows and old notices name it) and its names become aliases
    of the kept agency, so the publication scanner still knows them. Returns what moved."""
    duplicate, keep = (Agency.objects.select_for_update().get(pk=a.pk) for a in (duplicate, keep))
    problems = merge_problems(duplicate, keep)
    if problems:
        raise ValidationError(problems)
    moved = move_records(duplicate, keep)
    known = {n.casefold() for n in keep.names}
    aliases = keep.alias_list + [n for n in duplicate.names if n.casefold() not in known]
    keep.aliases = "\n".join(aliases)
    keep.save(update_fields=["aliases"])
    duplicate.is_active = False
    duplicate.save(update_fields=["is_active"])
    record("agency.merged", actor=by, partnership_id=keep.partnership_id,
           summary="Merged two agencies recorded twice",
           data={"duplicate": duplicate.pk, "kept": keep.pk, "moved": dict(moved)})
    return moved
