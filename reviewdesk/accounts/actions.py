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
from reviewdesk.accounts.tasks import send_email
from reviewdesk.audit.services import record


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
    agency: Agency | None = None, role: str = "", partner_for: str = "", request: Any = None,
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
               data={"person": user.pk, "role": role}, request=request)
        return user
    _send_link(user, "You have been invited to Review Desk",
               f"{partnership.name} has invited you to Review Desk, where it runs its child "
               "safeguarding practice reviews and learning reviews.")
    record("person.invited", actor=by, partnership_id=partnership.pk, summary="Invited a person",
           data={"person": user.pk, "role": role}, request=request)
    return user


@transaction.atomic
def add_agency(partnership: Partnership, *, by: User, name: str, kind: str,
               request: Any = None) -> Agency:
    """An agency the partnership works with (``import_review`` adds those a file names)."""
    name = " ".join(name.split())
    if kind not in Agency.Kind.values:
        raise ValidationError({"kind": "Choose the kind of agency."})
    if Agency.objects.filter(partnership=partnership, name__iexact=name).exists():
        raise ValidationError({"name": f"The partnership already has an agency called {name}."})
    agency = Agency.objects.create(partnership=partnership, name=name, kind=kind)
    record("agency.added", actor=by, partnership_id=partnership.pk, summary="Added an agency",
           data={"agency": agency.pk, "kind": kind}, request=request)
    return agency


@transaction.atomic
def reset_access(person: User, *, by: User, request: Any = None) -> User:
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
           summary="Reset a person's access", data={"person": person.pk}, request=request)
    return person


@transaction.atomic
def deactivate_person(person: User, *, by: User, reason: str, request: Any = None) -> User:
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
           summary="Deactivated a person's access", data={"person": person.pk, "reason": reason},
           request=request)
    return person


@transaction.atomic
def reactivate_person(person: User, *, by: User, request: Any = None) -> User:
    if person.is_active:
        raise ValidationError("This person's access is already active.")
    person.is_active = True
    person.deactivated_at = None
    person.save(update_fields=["is_active", "deactivated_at"])
    record("person.reactivated", actor=by, partnership_id=person.partnership_id,
           summary="Reactivated a person's access", data={"person": person.pk}, request=request)
    return reset_access(person, by=by, request=request)


def _unlock(person: User) -> None:
    from axes.utils import reset

    reset(username=person.email)
