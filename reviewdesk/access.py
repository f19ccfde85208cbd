"""The one place that decides who may see and do what.

* Who may see a review: partnership officers with oversight (business manager, safeguarding
  partners, independent scrutineer, CSPR subgroup), the executive group and the learning and
  development subgroup once a review reaches their part of it, and the review's own team. Anyone
  else gets 404, as if the review did not exist.
* Who may change what: ``can(user, review, Permission.X)``; a visible review the person may not
  change gives 403.
* Who may see real identities, in two tiers (the partnership's guide): family identities for team
  members who must recognise the case (agency authors, practitioners); staff identities as well
  only for the business manager, the review's subgroup members and its lead reviewer(s).
  Everyone else sees pseudonyms and role labels. One named exception: a practitioner's manager
  sees their own staff's names (``managed_staff_on``).
* What staff say and ask for (conversation notes, consent, areas raised, support) is read one
  record at a time by the roles ``STAFF_CONFIDENTIAL`` names, never in bulk or in any export.
"""

from dataclasses import dataclass
from datetime import date
from enum import IntEnum, StrEnum
from typing import Any, Protocol
from uuid import UUID

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from reviewdesk.accounts.models import Agency, PartnerFor, PartnershipRole, User
from reviewdesk.reviews.models import IdentityEntry, Review, ReviewMembership, ReviewRole, Stage


class Tier(IntEnum):
    NONE = 0  # pseudonyms and role labels only
    FAMILY = 1  # the child, relatives, addresses, dates of birth, NHS numbers
    ALL = 2  # family and staff identities


class Permission(StrEnum):
    VIEW = "view"
    VIEW_REGISTER = "view_register"
    EDIT_REGISTER = "edit_register"
    CHANGE_STAGE = "change_stage"
    UNDO_STAGE_MOVE = "undo_stage_move"
    MANAGE_TEAM = "manage_team"
    MANAGE_CLOCKS = "manage_clocks"
    ADD_CASE = "add_case"
    MANAGE_TASKS = "manage_tasks"
    VIEW_NOTICES = "view_notices"
    SEND_NOTICES = "send_notices"
    # The rapid review, the decision and commissioning.
    RECORD_NOTIFICATION = "record_notification"
    VIEW_RAPID_REVIEW = "view_rapid_review"
    MANAGE_RAPID_REVIEW = "manage_rapid_review"
    SIGN_OFF_RAPID_REVIEW = "sign_off_rapid_review"
    RECORD_PARTNER_DECISION = "record_partner_decision"
    RECORD_FINAL_DECISION = "record_final_decision"
    COMMISSION = "commission"
    DRAFT_TERMS_OF_REFERENCE = "draft_terms_of_reference"
    VIEW_TERMS_OF_REFERENCE = "view_terms_of_reference"
    # The publication check on draft reports.
    CHECK_DRAFTS = "check_drafts"
    VIEW_DRAFT_CHECKS = "view_draft_checks"
    # Agencies' chronologies: every agency's submissions and entries.
    VIEW_CHRONOLOGIES = "view_chronologies"
    ACCEPT_CHRONOLOGY = "accept_chronology"
    REOPEN_CHRONOLOGY = "reopen_chronology"
    # The merged chronology: the review's side reads and acts, oversight reads it anonymised.
    READ_MERGED_CHRONOLOGY = "read_merged_chronology"
    # The case-file checklist: in full, or an agency author's own agencies' lines.
    VIEW_CASE_FILES = "view_case_files"
    # The family's involvement: in full for the business manager, the lead reviewer(s) and the
    # review's subgroup members; a count and status for the partnership's oversight roles.
    VIEW_FAMILY = "view_family"
    MANAGE_FAMILY = "manage_family"
    VIEW_FAMILY_SUMMARY = "view_family_summary"
    # Parallel processes (police investigation, inquest, proceedings): everyone on the review
    # reads them (staff must know what is going on); the business manager records them.
    VIEW_PARALLEL_PROCESSES = "view_parallel_processes"
    MANAGE_PARALLEL_PROCESSES = "manage_parallel_processes"
    # Advice to staff because of a parallel process (a police investigation, an inquest…).
    MANAGE_ADVICE = "manage_advice"
    VIEW_ADVICE = "view_advice"
    ACKNOWLEDGE_ADVICE = "acknowledge_advice"
    # The staff side. Staff identities stay in the second tier: the list is read with
    # role labels by the partnership's oversight roles, with names by those at Tier.ALL.
    VIEW_PRACTITIONERS = "view_practitioners"
    MANAGE_PRACTITIONERS = "manage_practitioners"
    # Telling staff, the updates and progress they get: the business manager's.
    INFORM_STAFF = "inform_staff"
    # Learning events and briefings: the business unit and the lead reviewer(s) diarise them.
    MANAGE_MEETINGS = "manage_meetings"
    # The reviewer's conversations with staff and the areas staff raise: the lead reviewer(s)
    # only (a conversation's note reaches the business manager only if the reviewer shares it).
    MANAGE_CONVERSATIONS = "manage_conversations"
    READ_AREAS_RAISED = "read_areas_raised"
    # Support for staff: the business manager records offers and answers requests.
    MANAGE_SUPPORT = "manage_support"
    # A practitioner's own page: ask a question, raise an area, ask for support, answer an
    # invitation (each on their own record only).
    ACT_AS_PRACTITIONER = "act_as_practitioner"
    # A manager records a team support session (date, no content).
    RECORD_TEAM_SESSION = "record_team_session"
    # The report. Drafts as files: the business manager, the review's lead reviewer(s)
    # and subgroup members (Tier.ALL: a draft may hold names the check has found). As rendered
    # text through the reader's redactor: those, the three partners and, once the subgroup has
    # signed a version off, the executive group. Never practitioners, agency authors or managers.
    VIEW_REPORT_FILES = "view_report_files"
    READ_REPORT = "read_report"
    UPLOAD_REPORT = "upload_report"
    # Rounds, late comments, accepting a checklist item, regulation 14 requests: the business
    # manager's.
    MANAGE_REPORT = "manage_report"
    # Commenters: the review's subgroup members (agencies comment through them) and the partners.
    COMMENT_ON_REPORT = "comment_on_report"
    ANSWER_COMMENTS = "answer_comments"
    SIGN_OFF_FOR_SUBGROUP = "sign_off_for_subgroup"
    SIGN_OFF_FOR_EXECUTIVE = "sign_off_for_executive"
    APPROVE_REPORT_AS_PARTNER = "approve_report_as_partner"
    PRODUCE_FINAL_REPORT = "produce_final_report"
    # Publication: who reads the stage's records (holds, the advance copy, the harm assessment,
    # the final check, copies, requests), who acts on them, and a partner's agreement to remove
    # a report from the website early.
    VIEW_PUBLICATION = "view_publication"
    MANAGE_PUBLICATION = "manage_publication"
    AGREE_WITHDRAWAL = "agree_withdrawal"
    # The action plan. Read by the partnership's oversight roles, the review's lead reviewer(s)
    # and subgroup members, the executive group and the L&D subgroup (from publication). Findings,
    # recommendations, agreeing actions, revised due dates, accepting impact and closing actions:
    # the business manager and the CSPR subgroup. An action's owner updates their own actions
    # (owns_action below), whatever their part in the review.
    VIEW_ACTION_PLAN = "view_action_plan"
    MANAGE_ACTION_PLAN = "manage_action_plan"
    # Briefings for staff: the L&D subgroup and the business manager run them; the review's
    # side and oversight roles read them and the reflections (in aggregate, without names).
    VIEW_BRIEFINGS = "view_briefings"
    MANAGE_BRIEFINGS = "manage_briefings"


# Partnership roles that oversee every review in the partnership.
OVERSIGHT_ROLES = {
    PartnershipRole.BUSINESS_MANAGER,
    PartnershipRole.SAFEGUARDING_PARTNER,
    PartnershipRole.INDEPENDENT_SCRUTINEER,
    PartnershipRole.SUBGROUP_MEMBER,
}
# The executive group signs off reports; the L&D subgroup runs briefings after a review.
EXECUTIVE_STAGES = {Stage.REPORT, Stage.PUBLICATION, Stage.ACTION_PLAN, Stage.CLOSED}
LEARNING_STAGES = {Stage.PUBLICATION, Stage.ACTION_PLAN, Stage.CLOSED}


def _signed_in(user: User) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_business_manager(user: User) -> bool:
    return _signed_in(user) and user.role == PartnershipRole.BUSINESS_MANAGER


def may_manage_people(user: User) -> bool:
    return is_business_manager(user)


def may_manage_agencies(user: User) -> bool:
    """The partnership's list of agencies: add, change, merge, deactivate, delete."""
    return is_business_manager(user)


def may_record_incident(user: User) -> bool:
    return is_business_manager(user)


def may_view_audit(user: User) -> bool:
    return _signed_in(user) and user.role in {
        PartnershipRole.BUSINESS_MANAGER, PartnershipRole.INDEPENDENT_SCRUTINEER
    }


def may_edit_notice_templates(user: User) -> bool:
    return is_business_manager(user)


def is_business_manager_of(user: User, review: Review) -> bool:
    """The business manager of the review's own partnership."""
    return is_business_manager(user) and user.partnership_id == review.partnership_id


def shows_name_in_audit(viewer: User, person: User) -> bool:
    """The audit trail names partnership officers, and the viewer themself; other review
    participants only to the business manager (staff identities, at Tier.ALL)."""
    return is_business_manager(viewer) or bool(person.role) or person.pk == viewer.pk


def may_change_clock_rules(user: User) -> bool:
    """The lengths of the deadlines the partnership sets itself: the business manager's."""
    return is_business_manager(user)


def may_view_dashboard(user: User) -> bool:
    return _signed_in(user) and user.role in OVERSIGHT_ROLES


def may_monitor_actions(user: User) -> bool:
    """The subgroup's monitoring view of every open action across the partnership's reviews."""
    return _signed_in(user) and user.role in OVERSIGHT_ROLES


def may_view_learning(user: User) -> bool:
    """The learning dashboard, similar reviews and the yearly report figures: the oversight
    roles, the executive group and the L&D subgroup (each sees only what they may)."""
    return _signed_in(user) and user.role in OVERSIGHT_ROLES | {
        PartnershipRole.EXECUTIVE_MEMBER, PartnershipRole.LEARNING_DEVELOPMENT}


def may_manage_themes(user: User) -> bool:
    """The partnership's list of themes: the business manager's."""
    return is_business_manager(user)


def owns_action(user: User, action: Any) -> bool:
    """An action's named owner, while their sign-in is active: they update it from their page."""
    return _signed_in(user) and action.owner_id == user.pk and (
        user.partnership_id in (None, action.review.partnership_id))


def active_memberships(user: User) -> QuerySet[ReviewMembership]:
    return ReviewMembership.objects.filter(person=user, ended_at__isnull=True)


def roles_ever_held(user: User) -> frozenset[str]:
    """Every role the person has held on any review, ended or not (one query, kept on the user
    object for the request). Home's providers skip a query that needs a role not in it: such a
    query can find nothing, and a page that asks twenty of them pays for each."""
    held = user.__dict__.get("_roles_ever_held")
    if held is None:
        held = frozenset(ReviewMembership.objects.filter(person=user).values_list(
            "role", flat=True).distinct()) if _signed_in(user) else frozenset()
        user.__dict__["_roles_ever_held"] = held
    return held


def reviews_in_role(user: User, *roles: str) -> QuerySet[ReviewMembership, Any]:
    """The ids of the reviews the person is on now in one of these roles (in any role if none
    is named), to filter with ``review__in=``. A filter through ``review__memberships__person``
    joins every member's row, so the query needs a DISTINCT over all its columns; this
    subquery repeats no row (home's conversations query: 25 ms to 9 ms)."""
    memberships = ReviewMembership.objects.filter(person=user, ended_at__isnull=True)
    if roles:
        memberships = memberships.filter(role__in=roles)
    return memberships.values("review_id")


def reviews_visible_to(user: User) -> QuerySet[Review]:
    """Every review this person may know exists."""
    if not _signed_in(user):
        return Review.objects.none()
    member_of = Q(pk__in=reviews_in_role(user))
    if user.partnership_id is None:
        return Review.objects.filter(member_of).distinct()
    in_partnership = Q(partnership_id=user.partnership_id)
    if user.role in OVERSIGHT_ROLES:
        return Review.objects.filter(in_partnership)
    if user.role == PartnershipRole.EXECUTIVE_MEMBER:
        return Review.objects.filter((in_partnership & Q(stage__in=EXECUTIVE_STAGES)) | member_of
                                     ).distinct()
    if user.role == PartnershipRole.LEARNING_DEVELOPMENT:
        return Review.objects.filter((in_partnership & Q(stage__in=LEARNING_STAGES)) | member_of
                                     ).distinct()
    return Review.objects.filter(member_of).distinct()


def reviews_at_group_stages(user: User) -> QuerySet[Review]:
    """The reviews the executive group or the L&D subgroup see because of their part in them
    (the report and after; publication and after), for their home page; none for anyone else."""
    if not _signed_in(user) or user.partnership_id is None:
        return Review.objects.none()
    if user.role == PartnershipRole.EXECUTIVE_MEMBER:
        stages = EXECUTIVE_STAGES
    elif user.role == PartnershipRole.LEARNING_DEVELOPMENT:
        stages = LEARNING_STAGES
    else:
        return Review.objects.none()
    return Review.objects.filter(partnership_id=user.partnership_id, stage__in=stages)


def get_review_for(user: User, review_uuid: UUID | str) -> Review:
    """Fetch a review and check the person may see it: outsiders get 404, not 403."""
    try:
        return reviews_visible_to(user).select_related("partnership").get(uuid=review_uuid)
    except (Review.DoesNotExist, ValueError) as exc:
        raise Http404("No such review") from exc


def review_roles(user: User, review: Review) -> set[str]:
    """The person's active roles on this review (cached on the review object per request)."""
    cache = review.__dict__.setdefault("_roles_cache", {})
    if user.pk not in cache:
        cache[user.pk] = set(
            ReviewMembership.objects.filter(
                review=review, person=user, ended_at__isnull=True
            ).values_list("role", flat=True)
        )
    return cache[user.pk]


# On a review as staff only: a practitioner, or a practitioner's manager (who sees what a
# practitioner sees, and their own staff's names).
PRACTITIONER_PAGE_ROLES = {ReviewRole.PRACTITIONER, ReviewRole.MANAGER}


def is_practitioner_only(user: User, review: Review) -> bool:
    """A practitioner (or a practitioner's manager) with no other standing sees only their own
    involvement."""
    roles = review_roles(user, review)
    return (not user.role or user.role not in OVERSIGHT_ROLES) and bool(roles) and (
        roles <= PRACTITIONER_PAGE_ROLES)


# --- A manager knows their own staff (docs/decisions/0053) --------------------------------------
# The named exception to the staff-identity tier: a practitioner's line manager on the review (a
# ``ReviewRole.MANAGER`` membership, named as the manager on the practitioner's record) sees the
# names of their own staff on it — they know who they are — and no other staff identity. They see
# nothing else of the review beyond what a practitioner sees (``is_practitioner_only``,
# ``Tier.FAMILY``). Read through ``review.practitioners`` (the staff app's records; access imports
# no stage app).

@dataclass(frozen=True)
class ManagedStaff:
    """A manager's own staff on one review: their sign-ins and their identity register entries."""

    people: frozenset[int]
    identities: frozenset[int]


NO_STAFF = ManagedStaff(frozenset(), frozenset())


def managed_staff_on(user: User, review: Review) -> ManagedStaff:
    """The practitioners on this review (still on it) whose line manager this person is, while
    they are on the review as a manager; none for anyone else. One query, cached on the review
    object per request (like ``review_roles``); none for those not on the review as a manager."""
    if not _signed_in(user) or ReviewRole.MANAGER not in review_roles(user, review):
        return NO_STAFF
    cache = review.__dict__.setdefault("_managed_staff_cache", {})
    if user.pk not in cache:
        rows = list(review.practitioners.filter(
            manager=user, membership__ended_at__isnull=True).values_list("person_id",
                                                                          "identity_id"))
        cache[user.pk] = ManagedStaff(frozenset(p for p, _ in rows),
                                      frozenset(i for _, i in rows))
    found: ManagedStaff = cache[user.pk]
    return found


def managed_staff(user: User, review: Review) -> set[int]:
    """The person ids of this manager's own staff on the review (``managed_staff_on``)."""
    return set(managed_staff_on(user, review).people)


def manager_sees_staff_entry(user: User, review: Review, entry: IdentityEntry) -> bool:
    """Whether a staff identity is one of this manager's own staff on the review: the only staff
    identity a manager sees (Names.may_see asks this for staff entries it would otherwise hide)."""
    staff = managed_staff_on(user, review)
    return bool(staff.people or staff.identities) and (
        entry.pk in staff.identities or (entry.person_id is not None
                                         and entry.person_id in staff.people))


def _managed_people(user: User) -> QuerySet[User]:
    """Everyone this person manages on any review where they are still a manager, for
    ``people_visible_to`` (search finds them by name)."""
    on_as_manager = active_memberships(user).filter(role=ReviewRole.MANAGER).values("review_id")
    return User.objects.filter(
        practitioner_roles__manager=user, practitioner_roles__membership__ended_at__isnull=True,
        practitioner_roles__review__in=on_as_manager)


def oversees(user: User, review: Review) -> bool:
    """A partnership officer with oversight of every review in the review's partnership."""
    return (_signed_in(user) and user.role in OVERSIGHT_ROLES
            and user.partnership_id == review.partnership_id)


def sees_family_identities(tier: Tier) -> bool:
    """The child, relatives, addresses: agency authors and practitioners, and those below."""
    return tier >= Tier.FAMILY


def sees_staff_identities(tier: Tier) -> bool:
    """Every identity, staff included: the business manager, subgroup members, lead reviewers."""
    return tier >= Tier.ALL


# The review roles that see every identity (staff too), and those that see the family's only.
ALL_IDENTITIES_ROLES = {ReviewRole.LEAD_REVIEWER, ReviewRole.SUBGROUP_MEMBER}
FAMILY_IDENTITIES_ROLES = {ReviewRole.AGENCY_AUTHOR, ReviewRole.PRACTITIONER, ReviewRole.MANAGER}


def identity_tier(user: User, review: Review) -> Tier:
    if not _signed_in(user):
        return Tier.NONE
    if user.role == PartnershipRole.BUSINESS_MANAGER and user.partnership_id == review.partnership_id:
        return Tier.ALL
    roles = review_roles(user, review)
    if roles & ALL_IDENTITIES_ROLES:
        return Tier.ALL
    if roles & FAMILY_IDENTITIES_ROLES:
        return Tier.FAMILY
    return Tier.NONE


def reviews_at_tier(user: User, tier: Tier) -> QuerySet[Review]:
    """The reviews on which this person's ``identity_tier`` is at least ``tier``, as one query
    (search finds a review by a name only where its reader may see that name)."""
    visible = reviews_visible_to(user)
    if tier <= Tier.NONE:
        return visible
    partnership_id = user.partnership_id
    if is_business_manager(user) and partnership_id is not None:
        return visible.filter(partnership_id=partnership_id)
    roles = ALL_IDENTITIES_ROLES | (FAMILY_IDENTITIES_ROLES if tier <= Tier.FAMILY else set())
    return visible.filter(pk__in=active_memberships(user).filter(role__in=roles).values(
        "review_id"))


def may_search(user: User) -> bool:
    """Everyone signed in searches what they may see (an outsider finds only the partnership's
    officers)."""
    return _signed_in(user)


def people_visible_to(user: User) -> QuerySet[User]:
    """The people this person may see by name: the business manager every person in the
    partnership; everyone else themselves, the partnership's officers (who act under their own
    names), staff on reviews where they see staff identities (``Tier.ALL``), those named in
    published reports (a lead reviewer) on reviews they see, and a manager their own staff on the
    reviews they are on as a manager (``managed_staff_on``). Never anyone of another partnership
    except through a review they share."""
    if not _signed_in(user):
        return User.objects.none()
    if user.partnership_id is not None and may_manage_people(user):
        return User.objects.filter(partnership_id=user.partnership_id)
    staff_seen = IdentityEntry.objects.filter(
        review__in=reviews_at_tier(user, Tier.ALL), person__isnull=False).values("person_id")
    public = IdentityEntry.objects.filter(
        review__in=reviews_visible_to(user), is_public=True, person__isnull=False).values(
        "person_id")
    officers = (Q(partnership_id=user.partnership_id, is_active=True) & ~Q(role="")
                if user.partnership_id is not None else Q(pk__in=[]))
    # A manager knows their own staff (managed_staff_on): them, and no other staff.
    managed = _managed_people(user).values("pk")
    return User.objects.filter(Q(pk=user.pk) | officers | Q(pk__in=staff_seen)
                               | Q(pk__in=public) | Q(pk__in=managed))


def can(user: User, review: Review, permission: Permission) -> bool:
    if not _signed_in(user):
        return False
    bm = is_business_manager_of(user, review)
    roles = review_roles(user, review)
    match permission:
        case Permission.VIEW:
            return reviews_visible_to(user).filter(pk=review.pk).exists()
        case Permission.VIEW_REGISTER:
            # Practitioners (and their managers) see only their own involvement, never the
            # register.
            return bm or bool(roles - PRACTITIONER_PAGE_ROLES) or (
                user.role in OVERSIGHT_ROLES and user.partnership_id == review.partnership_id
            )
        case Permission.EDIT_REGISTER:
            return bm or ReviewRole.LEAD_REVIEWER in roles
        case Permission.VIEW_RAPID_REVIEW:
            # The partners decide on it; the review's reviewers and subgroup members read it.
            return bm or bool(roles & {ReviewRole.LEAD_REVIEWER, ReviewRole.SUBGROUP_MEMBER}) or (
                user.role in OVERSIGHT_ROLES and user.partnership_id == review.partnership_id
            )
        case Permission.RECORD_PARTNER_DECISION | Permission.SIGN_OFF_RAPID_REVIEW:
            # A partner records their own decision and sign-off; the business unit may type
            # them for the partner.
            return bm or (user.role == PartnershipRole.SAFEGUARDING_PARTNER
                          and bool(user.partner_for)
                          and user.partnership_id == review.partnership_id)
        case Permission.RECORD_NOTIFICATION:
            # The local authority submits the Panel notification: its safeguarding partner
            # records it, or the business manager on their behalf.
            return bm or (user.role == PartnershipRole.SAFEGUARDING_PARTNER
                          and user.partner_for == PartnerFor.LOCAL_AUTHORITY
                          and user.partnership_id == review.partnership_id)
        case Permission.RECORD_FINAL_DECISION:
            return bm or (user.role == PartnershipRole.INDEPENDENT_SCRUTINEER
                          and user.partnership_id == review.partnership_id)
        case Permission.DRAFT_TERMS_OF_REFERENCE:
            return bm or ReviewRole.SUBGROUP_MEMBER in roles
        case Permission.VIEW_TERMS_OF_REFERENCE:
            return reviews_visible_to(user).filter(pk=review.pk).exists()
        case Permission.VIEW_NOTICES:
            # Notices carry pseudonyms only; the partnership's officers and the review's
            # reviewers and subgroup members may read them.
            return bm or bool(roles & {ReviewRole.LEAD_REVIEWER, ReviewRole.SUBGROUP_MEMBER}) or (
                user.role in OVERSIGHT_ROLES and user.partnership_id == review.partnership_id
            )
        case Permission.CHECK_DRAFTS:
            # Upload drafts, mark false alarms, download: only those who may see every identity
            # (the same people as Tier.ALL), since a draft holds the real names.
            return bm or bool(roles & {ReviewRole.LEAD_REVIEWER, ReviewRole.SUBGROUP_MEMBER})
        case Permission.VIEW_DRAFT_CHECKS:
            # Those, plus the partnership's oversight roles and, from the report stage, the
            # executive group who sign the report off; they see role labels, not identities.
            same = user.partnership_id == review.partnership_id
            return bm or bool(roles & {ReviewRole.LEAD_REVIEWER, ReviewRole.SUBGROUP_MEMBER}) or (
                same and user.role in OVERSIGHT_ROLES) or (
                same and user.role == PartnershipRole.EXECUTIVE_MEMBER
                and review.stage in EXECUTIVE_STAGES)
        case Permission.VIEW_CHRONOLOGIES:
            # Every agency's chronology: the business manager and the review's lead reviewer(s)
            # and subgroup members. An agency's author sees only their own agency's (below).
            return bm or bool(roles & {ReviewRole.LEAD_REVIEWER, ReviewRole.SUBGROUP_MEMBER})
        case Permission.ACCEPT_CHRONOLOGY:
            # The business manager's or a lead reviewer's decision, never the author's own.
            return bm or ReviewRole.LEAD_REVIEWER in roles
        case Permission.READ_MERGED_CHRONOLOGY:
            # Those who see every agency's chronology (personalised, and they act on it), and
            # the partnership's oversight roles (anonymised, read only: merged_chronology_reader).
            return can(user, review, Permission.VIEW_CHRONOLOGIES) or oversees(user, review)
        case Permission.VIEW_CASE_FILES:
            # Where records are held and who confirmed: the partnership's oversight roles and the
            # review's reviewers and subgroup members in full, agency authors their own agencies'
            # lines (case_file_agencies). Not practitioners, the executive group or L&D.
            return oversees(user, review) or bool(roles & (CASE_FILE_ROLES | {
                ReviewRole.AGENCY_AUTHOR}))
        case Permission.VIEW_FAMILY:
            # Who the family are, how they were approached and what they said: the guide keeps
            # it to the business manager, the lead reviewer(s) and the review's subgroup members.
            # Never practitioners or agency authors, whose work the family may talk about.
            return bm or bool(roles & FAMILY_ROLES)
        case Permission.MANAGE_FAMILY:
            # The lead reviewer runs the family's involvement; the business unit may type for them.
            return bm or ReviewRole.LEAD_REVIEWER in roles
        case Permission.VIEW_FAMILY_SUMMARY:
            # Partners and the partnership's other officers see how many were considered,
            # approached and contributed: never who, or what they said.
            return can(user, review, Permission.VIEW_FAMILY) or oversees(user, review)
        case Permission.VIEW_PARALLEL_PROCESSES:
            # Everyone who may see the review: what is open shapes what staff may discuss. The
            # cheap answers first, since every page of the review shows the processes open now.
            return bm or oversees(user, review) or bool(roles) or reviews_visible_to(
                user).filter(pk=review.pk).exists()
        case Permission.MANAGE_PARALLEL_PROCESSES:
            # The business unit records them, often for the senior investigating officer.
            return bm
        case Permission.VIEW_ADVICE:
            # Everyone on the review is held to the advice, so everyone on it reads it; the
            # partnership's oversight roles read it too. Not the executive group or L&D, who
            # see the review later without a part in it.
            return bm or bool(roles) or oversees(user, review)
        case Permission.ACKNOWLEDGE_ADVICE:
            # The people the advice is for: the review's team, each in their own name.
            return bool(roles)
        case Permission.MANAGE_ADVICE:
            # Set and lifted by the business manager, often at the senior investigating
            # officer's request (recorded on their behalf).
            return bm
        case Permission.VIEW_PRACTITIONERS:
            # The list of staff on the review: with names for those at Tier.ALL (the business
            # manager, the review's lead reviewer(s) and subgroup members), with role labels for
            # the partnership's oversight roles.
            return bm or bool(roles & STAFF_SIDE_ROLES) or oversees(user, review)
        case Permission.MANAGE_PRACTITIONERS:
            return bm or bool(roles & STAFF_SIDE_ROLES)
        case Permission.MANAGE_MEETINGS:
            return bm or ReviewRole.LEAD_REVIEWER in roles
        case Permission.MANAGE_CONVERSATIONS | Permission.READ_AREAS_RAISED:
            # Never in bulk to anyone else, the business manager included: the review is not a
            # disciplinary process (STAFF_CONFIDENTIAL below).
            return ReviewRole.LEAD_REVIEWER in roles
        case Permission.ACT_AS_PRACTITIONER:
            return ReviewRole.PRACTITIONER in roles
        case Permission.RECORD_TEAM_SESSION:
            return ReviewRole.MANAGER in roles
        case Permission.VIEW_REPORT_FILES:
            return bm or bool(roles & REPORT_FILE_ROLES)
        case Permission.READ_REPORT:
            return bm or bool(roles & REPORT_FILE_ROLES) or is_partner_of(user, review) or (
                user.role == PartnershipRole.EXECUTIVE_MEMBER
                and user.partnership_id == review.partnership_id
                and review.stage in EXECUTIVE_STAGES and subgroup_has_signed_off(review))
        case Permission.UPLOAD_REPORT | Permission.ANSWER_COMMENTS | Permission.PRODUCE_FINAL_REPORT:
            # The lead reviewer's; the business unit may do it for them (on their behalf).
            return bm or ReviewRole.LEAD_REVIEWER in roles
        case Permission.COMMENT_ON_REPORT:
            return bm or ReviewRole.SUBGROUP_MEMBER in roles or is_partner_of(user, review)
        case Permission.SIGN_OFF_FOR_SUBGROUP:
            return bm or ReviewRole.SUBGROUP_MEMBER in roles
        case Permission.SIGN_OFF_FOR_EXECUTIVE:
            return bm or (user.role == PartnershipRole.EXECUTIVE_MEMBER
                          and user.partnership_id == review.partnership_id)
        case Permission.APPROVE_REPORT_AS_PARTNER | Permission.AGREE_WITHDRAWAL:
            return bm or is_partner_of(user, review)
        case Permission.VIEW_PUBLICATION:
            # The partnership's oversight roles, the review's lead reviewer(s) and subgroup
            # members, and the executive group who agreed to publish.
            return bm or oversees(user, review) or bool(roles & REPORT_FILE_ROLES) or (
                user.role == PartnershipRole.EXECUTIVE_MEMBER
                and user.partnership_id == review.partnership_id
                and review.stage in EXECUTIVE_STAGES)
        case Permission.VIEW_ACTION_PLAN:
            same = user.partnership_id == review.partnership_id
            return bm or oversees(user, review) or bool(roles & REPORT_FILE_ROLES) or (
                same and user.role == PartnershipRole.EXECUTIVE_MEMBER
                and review.stage in EXECUTIVE_STAGES) or (
                same and user.role == PartnershipRole.LEARNING_DEVELOPMENT
                and review.stage in LEARNING_STAGES)
        case Permission.MANAGE_ACTION_PLAN:
            return bm or ReviewRole.SUBGROUP_MEMBER in roles or (
                user.role == PartnershipRole.SUBGROUP_MEMBER
                and user.partnership_id == review.partnership_id)
        case Permission.MANAGE_BRIEFINGS:
            return bm or (user.role == PartnershipRole.LEARNING_DEVELOPMENT
                          and user.partnership_id == review.partnership_id
                          and review.stage in LEARNING_STAGES)
        case Permission.VIEW_BRIEFINGS:
            return can(user, review, Permission.MANAGE_BRIEFINGS) or oversees(user, review) or (
                bool(roles & REPORT_FILE_ROLES))
        case (Permission.CHANGE_STAGE | Permission.UNDO_STAGE_MOVE | Permission.MANAGE_TEAM
              | Permission.MANAGE_CLOCKS
              | Permission.ADD_CASE | Permission.MANAGE_TASKS | Permission.SEND_NOTICES
              | Permission.MANAGE_RAPID_REVIEW
              | Permission.COMMISSION | Permission.REOPEN_CHRONOLOGY
              | Permission.INFORM_STAFF | Permission.MANAGE_SUPPORT | Permission.MANAGE_REPORT
              | Permission.MANAGE_PUBLICATION):
            return bm
    return False


# --- The report ---------------------------------------------------------------------------------
# Who gets the drafts as files (a draft may still hold names the publication check has found).
REPORT_FILE_ROLES = {ReviewRole.LEAD_REVIEWER, ReviewRole.SUBGROUP_MEMBER}


def is_partner_of(user: User, review: Review) -> bool:
    """One of the three safeguarding partners of the review's partnership."""
    return (_signed_in(user) and user.role == PartnershipRole.SAFEGUARDING_PARTNER
            and bool(user.partner_for) and user.partnership_id == review.partnership_id)


def subgroup_has_signed_off(review: Review) -> bool:
    """Whether the subgroup's sign-off of a version stands (not withdrawn by a later version):
    the executive group's step, from which its members read the report. Through the review's own
    relation (access imports no stage app); cached on the review object per request."""
    cache = review.__dict__
    if "_subgroup_signed_off" not in cache:
        cache["_subgroup_signed_off"] = review.report_approvals.filter(
            step="subgroup", withdrawn_at__isnull=True).exists()
    return bool(cache["_subgroup_signed_off"])


def require(user: User, review: Review, permission: Permission) -> None:
    if not can(user, review, permission):
        raise PermissionDenied(f"You may not {permission.value.replace('_', ' ')} on this review.")


def require_partnership(check: bool, what: str) -> None:
    if not check:
        raise PermissionDenied(f"Only the business unit may {what}.")


def of_own_partnership[M: Model](user: User, objects: QuerySet[M]) -> QuerySet[M]:
    """The objects (people, agencies, reviewers…) of the viewer's own partnership; none for
    someone signed out or in no partnership."""
    if not _signed_in(user) or user.partnership_id is None:
        return objects.none()
    return objects.filter(partnership_id=user.partnership_id)


def get_partnership_object[M: Model](user: User, objects: QuerySet[M], *, allowed: bool,
                                     what: str, **lookup: Any) -> M:
    """One object of the viewer's own partnership, for a page only some roles may use. It is
    looked up before the role is checked: another partnership's object is 404 to everyone, as
    if it did not exist (a 403 would tell them it does); their own is 403 unless ``allowed``."""
    try:
        found = of_own_partnership(user, objects).get(**lookup)
    except (ObjectDoesNotExist, ValueError) as exc:
        raise Http404("Not found") from exc
    require_partnership(allowed, what)
    return found


def prime_roles(user: User, reviews: list[Review]) -> None:
    """Fetch the person's roles on many reviews in one query (for list pages)."""
    by_review: dict[int, set[str]] = {r.pk: set() for r in reviews}
    rows = ReviewMembership.objects.filter(
        person=user, ended_at__isnull=True, review__in=[r.pk for r in reviews]
    ).values_list("review_id", "role")
    for review_id, role in rows:
        by_review[review_id].add(role)
    for review in reviews:
        review.__dict__.setdefault("_roles_cache", {})[user.pk] = by_review[review.pk]


def may_confirm_case_files(user: User, review: Review, agency_id: int) -> bool:
    """The business manager for any agency, or that agency's author on this review."""
    if can(user, review, Permission.COMMISSION):
        return True
    return ReviewMembership.objects.filter(
        review=review, person=user, role=ReviewRole.AGENCY_AUTHOR, ended_at__isnull=True,
        agency_id=agency_id).exists()


def is_chronology_author(user: User, review: Review, agency_id: int) -> bool:
    """The agency's named chronology author on this review, still on the review's team."""
    if not _signed_in(user):
        return False
    # Through the review's own relation: access sits below the stage apps and imports none.
    return review.chronology_authors.filter(agency_id=agency_id, person=user).exists() and (
        ReviewRole.AGENCY_AUTHOR in review_roles(user, review))


def may_submit_chronology(user: User, review: Review, agency: Agency) -> bool:
    """Upload, correct, accept or withdraw an agency's chronology and type its entries: the
    business manager, or that agency's named chronology author on this review."""
    if can(user, review, Permission.COMMISSION):
        return True
    return is_chronology_author(user, review, agency.pk)


def may_view_agency_chronology(user: User, review: Review, agency: Agency) -> bool:
    """Those who see every agency's chronology, and the agency's own author; an author never
    sees another agency's."""
    return can(user, review, Permission.VIEW_CHRONOLOGIES) or may_submit_chronology(
        user, review, agency)


def merged_chronology_reader(user: User, review: Review, *, act: bool = False) -> bool:
    """Whether this person reads the merged chronology on the review's side (True: may
    personalise and act) or as an oversight reader (False: anonymised, read only); 403 for
    everyone else, and for oversight readers when ``act``."""
    if can(user, review, Permission.VIEW_CHRONOLOGIES):
        return True
    if not act and can(user, review, Permission.READ_MERGED_CHRONOLOGY):
        return False
    raise PermissionDenied("Only the business manager and the review's lead reviewers and "
                           "subgroup members may use the merged chronology"
                           + ("." if act else "; the partnership's officers may read it "
                                              "anonymised."))


# --- Commissioning ------------------------------------------------------------------------------
# The staff involved: practitioners and agency authors.
STAFF_ROLES = {ReviewRole.PRACTITIONER, ReviewRole.AGENCY_AUTHOR}
# Who reads the whole case-file checklist besides the partnership's oversight roles.
CASE_FILE_ROLES = {ReviewRole.LEAD_REVIEWER, ReviewRole.SUBGROUP_MEMBER}


# Those who read only the terms of reference shared with them: the staff involved, and a
# practitioner's manager (who sees no more than a practitioner does).
SHARED_TERMS_ONLY_ROLES = STAFF_ROLES | {ReviewRole.MANAGER}


def sees_shared_terms_of_reference_only(user: User, review: Review) -> bool:
    """The staff involved (practitioners and agency authors with no other role on the review, and
    no oversight role in the partnership) and practitioners' managers read only the terms of
    reference shared with them: not the drafts, the version history or the sharing log."""
    roles = review_roles(user, review)
    return bool(roles) and roles <= SHARED_TERMS_ONLY_ROLES and user.role not in OVERSIGHT_ROLES


def case_file_agencies(user: User, review: Review) -> set[int] | None:
    """Whose lines of the case-file checklist this person reads in full: ``None`` for every
    agency's (the business manager, the partnership's oversight roles, the review's lead
    reviewers and subgroup members); an agency author the ids of their own agencies; anyone else
    (practitioners, the executive group, the L&D subgroup) gets PermissionDenied."""
    if not can(user, review, Permission.VIEW_CASE_FILES):
        raise PermissionDenied("The case-file checklist is for the business unit, the review's "
                               "reviewers and subgroup members, and the agencies' authors.")
    if oversees(user, review) or review_roles(user, review) & CASE_FILE_ROLES:
        return None
    return authored_agencies(user, review)


def authored_agencies(user: User, review: Review) -> set[int]:
    """The agencies this person is an agency author for on this review (their own lines)."""
    return set(review.memberships.filter(
        person=user, role=ReviewRole.AGENCY_AUTHOR, ended_at__isnull=True,
        agency_id__isnull=False).values_list("agency_id", flat=True))


# --- The staff side -----------------------------------------------------------------------------
# Who runs the staff side of a review besides the business manager: its lead reviewer(s) and
# subgroup members (who see staff identities).
STAFF_SIDE_ROLES = {ReviewRole.LEAD_REVIEWER, ReviewRole.SUBGROUP_MEMBER}
# Separate from discipline (the guide): conversation notes, areas raised, support records and
# consent are read only by the roles named here, one record at a time, and never appear in an
# export, a search, a count outside the review's own pages, or any page of anyone else.
STAFF_CONFIDENTIAL = (
    "Conversation notes: the lead reviewer(s); a note also the business manager once the "
    "reviewer shares it. Consent: the lead reviewer(s) and the practitioner who gave it. Areas "
    "raised: the lead reviewer(s) and the practitioner who raised "
    "them. Support offers and requests: the business manager and the practitioner concerned "
    "(an escalated request also the partnership's senior contact, that request only)."
)


def may_read_conversation_note(user: User, conversation: "ConversationNote") -> bool:
    """One conversation's note (separate from discipline): the review's lead
    reviewer(s) always; the business manager of the review's partnership only once the reviewer
    has shared that note. Nobody else — not the review's subgroup members, the partners, the
    practitioner's manager or the practitioner — since what staff say to the reviewer must never
    be read as evidence about them (docs/decisions/0051)."""
    if not _signed_in(user):
        return False
    review = conversation.review
    if ReviewRole.LEAD_REVIEWER in review_roles(user, review):
        return True
    return bool(conversation.note_shared_with_business_manager) and is_business_manager_of(
        user, review)


class ConversationNote(Protocol):
    """A conversation as ``may_read_conversation_note`` reads it (access imports no stage app)."""

    @property
    def review(self) -> Review: ...

    @property
    def note_shared_with_business_manager(self) -> bool: ...


def may_see_support_request(user: User, support_request: Any) -> bool:
    """The partnership's senior contact for support, on a request escalated to them: they see
    that one request (and may note what they did), nothing else of the review — the review's
    pages stay 404 to them unless they see it for another reason. Anyone else (the business
    manager and the practitioner read it through their own pages) is refused here."""
    return (_signed_in(user) and support_request.escalated_on is not None
            and support_request.escalated_to_id == user.pk
            and user.partnership_id == support_request.review.partnership_id)


def owns_practitioner_record(user: User, practitioner: Any) -> bool:
    """A practitioner's own support, questions and requests are theirs alone among the staff on
    the review: the practitioner record must be the viewer's own, and still on the review."""
    return (_signed_in(user) and practitioner.person_id == user.pk
            and can(user, practitioner.review, Permission.ACT_AS_PRACTITIONER))


def is_invitee(user: User, invitation: Any) -> bool:
    """A calendar invitation to a meeting with staff is read, answered and downloaded by the
    person invited and nobody else (``Permission.ACT_AS_PRACTITIONER`` first): another's is 404,
    as if it did not exist, since an invitation would tell its reader who else is involved."""
    return _signed_in(user) and invitation.person_id == user.pk


# A practitioner's question goes to their agency's CSPR subgroup representative on the review (or,
# where there is none, the business manager), who answers it or brings in the lead reviewer. The
# question is the practitioner's own words about the review: only the person it was routed to (while
# still on the review), the business manager (who answers where there is no representative and
# oversees the staff side) and, once brought in, the review's lead reviewer(s) read and answer it.
QUESTION_ROUTED_ROLES = {ReviewRole.SUBGROUP_MEMBER}


def may_answer_staff_question(user: User, review: Review, question: Any) -> bool:
    """``question``: a staff.Question of this review (access imports no app above it)."""
    if not _signed_in(user) or question.review_id != review.pk:
        return False
    if is_business_manager_of(user, review):
        return True
    roles = review_roles(user, review)
    if question.routed_to_id == user.pk and roles & QUESTION_ROUTED_ROLES:
        return True
    return question.lead_reviewer_asked_at is not None and ReviewRole.LEAD_REVIEWER in roles


def may_bring_in_lead_reviewer(user: User, review: Review, question: Any) -> bool:
    """The person the question went to (or the business manager) brings the lead reviewer in;
    a lead reviewer already brought in has nobody to bring."""
    if not _signed_in(user) or question.review_id != review.pk:
        return False
    return is_business_manager_of(user, review) or (
        question.routed_to_id == user.pk
        and bool(review_roles(user, review) & QUESTION_ROUTED_ROLES))


def may_read_staff_questions(user: User, review: Review) -> bool:
    """The list of questions: those who may answer some question on the review (each then sees
    only the questions ``may_answer_staff_question`` allows them)."""
    return is_business_manager_of(user, review) or bool(
        review_roles(user, review) & (QUESTION_ROUTED_ROLES | {ReviewRole.LEAD_REVIEWER}))


# The rule above as predicates (with ``may_read_conversation_note`` above), asked by the staff
# side's pages for one record at a time (one record's page, or one practitioner's own page).
# Nothing else reads these records: no export, search, dashboard, audit summary, list of many
# practitioners or count outside the review's own pages, and no role in bulk. They take the staff
# app's records by their shape (access imports no stage app).

class _OnAReview(Protocol):
    @property
    def review(self) -> Review: ...


class _StaffRecord(_OnAReview, Protocol):
    """A practitioner's record on a review (``staff.Practitioner``)."""

    @property
    def person_id(self) -> int: ...


class _ConversationRecord(_OnAReview, Protocol):
    """The lead reviewer's conversation with one practitioner (``staff.Conversation``)."""

    @property
    def note_shared_with_business_manager(self) -> bool: ...


class _AboutAPractitioner(_OnAReview, Protocol):
    """A record about one practitioner: an area raised, a support offer or request."""

    @property
    def practitioner(self) -> _StaffRecord: ...


class _SupportRequestRecord(_AboutAPractitioner, Protocol):
    @property
    def escalated_to_id(self) -> int | None: ...


def _is_lead_reviewer(user: User, review: Review) -> bool:
    return _signed_in(user) and ReviewRole.LEAD_REVIEWER in review_roles(user, review)


def _is_the_practitioner(user: User, practitioner: _StaffRecord) -> bool:
    """The practitioner themself, while still on the review as a practitioner."""
    return (_signed_in(user) and practitioner.person_id == user.pk
            and ReviewRole.PRACTITIONER in review_roles(user, practitioner.review))


def may_read_consent(user: User, conversation: _ConversationRecord,
                     practitioner: _StaffRecord) -> bool:
    """How a practitioner agreed their contribution may be used: the lead reviewer(s), who use
    it, and the practitioner who gave it."""
    return _is_lead_reviewer(user, conversation.review) or _is_the_practitioner(user,
                                                                                practitioner)


def may_read_area_raised(user: User, area: _AboutAPractitioner) -> bool:
    """What a practitioner asked the reviewer to consider, and the reply: the lead reviewer(s)
    and the practitioner who raised it. Not the business manager, nor their manager."""
    return _is_lead_reviewer(user, area.review) or _is_the_practitioner(user, area.practitioner)


def may_read_support_record(user: User, practitioner: _StaffRecord) -> bool:
    """A practitioner's support offers and requests: the business manager of the review's
    partnership, who records them, and the practitioner concerned. Not the lead reviewer, the
    subgroup or their manager (who offers their own support, and records only that a team
    session took place)."""
    return is_business_manager_of(user, practitioner.review) or _is_the_practitioner(
        user, practitioner)


def may_read_support_request(user: User, request: _SupportRequestRecord) -> bool:
    """One "I can't get the support I need" request: as ``may_read_support_record``, and the
    partnership's senior contact once it is escalated to them (that request only: they do not
    see the review)."""
    return may_read_support_record(user, request.practitioner) or (
        _signed_in(user) and request.escalated_to_id is not None
        and request.escalated_to_id == user.pk)


# --- The family's involvement -------------------------------------------------------------------
# The review's roles that see the family's involvement in full, besides the business manager.
FAMILY_ROLES = {ReviewRole.LEAD_REVIEWER, ReviewRole.SUBGROUP_MEMBER}


# --- On whose behalf a decision is recorded -----------------------------------------------------

def is_partner_for(person: User | None, partner_for: str, review: Review) -> bool:
    """The named person is the review's partnership's safeguarding partner for that agency (the
    business unit may record a partner's decision or sign-off only on that partner's behalf)."""
    return bool(person and person.is_active and person.partnership_id == review.partnership_id
                and person.role == PartnershipRole.SAFEGUARDING_PARTNER
                and person.partner_for == partner_for)


def is_scrutineer_of(person: User | None, review: Review) -> bool:
    """The named person is the independent scrutineer of the review's partnership."""
    return bool(person and person.is_active and person.partnership_id == review.partnership_id
                and person.role == PartnershipRole.INDEPENDENT_SCRUTINEER)


# --- Chronology entries restricted by advice ----------------------------------------------------
# While a police investigation or proceedings run, the business manager's advice may restrict the
# chronology entries of a date range (and, optionally, of one agency) to named roles: the lead
# reviewer(s), the business manager, and the users of chosen agencies. For everyone else they
# are absent: not shown, counted, suggested or exported. The restrictions are read through
# ``review.chronology_restrictions`` (the parallel app's records; access imports no stage app).
#
# "A chosen agency's users" are the review's agency authors and practitioners whose membership is
# for that agency (or, where the membership names none, who work there): the people on the
# review for it. The agency that wrote an entry is no
# exception: its people see the entry only if their agency is named. Nobody else is reached by an
# agency being named — not partners, the scrutineer or subgroup members (who are on the review
# for their role, not their agency), nor the executive group or L&D (docs/decisions/0043).

RESTRICTED_AGENCY_ROLES = {ReviewRole.AGENCY_AUTHOR, ReviewRole.PRACTITIONER}


@dataclass(frozen=True)
class ChronologyRestriction:
    """One restriction in force, as access reads it (the parallel app's record, flattened)."""

    pk: int
    date_from: date
    date_to: date
    agency_id: int | None
    lead_reviewers_see: bool
    business_manager_sees: bool
    agencies_see: frozenset[int]


def chronology_restrictions(review: Review) -> list[ChronologyRestriction]:
    """The review's chronology restrictions in force: neither lifted nor their advice lifted or
    replaced. One query, cached on the review object for the request (so every view, count and
    export of one request reads the same ones; the next request sees a lift at once)."""
    cached = review.__dict__.get("_chronology_restrictions")
    if cached is not None:
        return cached
    rows: dict[int, dict[str, Any]] = {}
    # One row per agency named (LEFT JOIN through the many-to-many): one query, not one a rule.
    for pk, date_from, date_to, agency_id, leads, bm, named in (
            review.chronology_restrictions.filter(
                lifted_at__isnull=True, advice__ended_at__isnull=True)
            .values_list("pk", "date_from", "date_to", "agency_id", "lead_reviewers_see",
                         "business_manager_sees", "agencies_see").order_by("pk")):
        rule = rows.setdefault(pk, {"pk": pk, "date_from": date_from, "date_to": date_to,
                                    "agency_id": agency_id, "lead_reviewers_see": leads,
                                    "business_manager_sees": bm, "agencies_see": set()})
        if named is not None:
            rule["agencies_see"].add(named)
    found = [ChronologyRestriction(**(r | {"agencies_see": frozenset(r["agencies_see"])}))
             for r in rows.values()]
    review.__dict__["_chronology_restrictions"] = found
    return found


def _restricted_agency_memberships(user: User, review: Review) -> set[int]:
    """The agencies this person is on the review for as an agency author or practitioner: the
    membership's agency, or where it names none their own (cached on the review object per
    request, like ``review_roles``)."""
    if not review_roles(user, review) & RESTRICTED_AGENCY_ROLES:
        return set()  # no query for those on the review in no such role (the merged page's)
    cache = review.__dict__.setdefault("_restricted_agency_cache", {})
    if user.pk not in cache:
        rows = review.memberships.filter(
            person=user, role__in=RESTRICTED_AGENCY_ROLES, ended_at__isnull=True
        ).values_list("agency_id", "person__agency_id")
        cache[user.pk] = {agency or own for agency, own in rows if agency or own}
    return cache[user.pk]


def may_see_restricted_entries(user: User | None, review: Review,
                               restriction: ChronologyRestriction) -> bool:
    """Whether this person is one of the roles the restriction names. ``None`` (the data team's
    command, run without naming a permitted person) is not."""
    if user is None or not _signed_in(user):
        return False
    if restriction.business_manager_sees and is_business_manager_of(user, review):
        return True
    if restriction.lead_reviewers_see and ReviewRole.LEAD_REVIEWER in review_roles(user, review):
        return True
    return bool(restriction.agencies_see) and bool(
        restriction.agencies_see & _restricted_agency_memberships(user, review))


def restricted_chronology_entries(user: User | None, review: Review, *,
                                  prefix: str = "") -> Q | None:
    """The chronology entries of this review that this person may not see, as a condition on
    the entries' ``date`` and ``agency`` to exclude (``prefix`` for a relation, e.g.
    ``"entries__"`` in a count of a submission's entries); ``None`` when nothing is hidden from
    them. An entry is in a restriction's range by the date it is filed under (a month-only entry
    on the 1st of its month). Both columns are in the merged order's covering index, so the
    page's ids are still read from the index alone."""
    hidden: Q | None = None
    for rule in chronology_restrictions(review):
        if may_see_restricted_entries(user, review, rule):
            continue
        one = Q(**{f"{prefix}date__gte": rule.date_from, f"{prefix}date__lte": rule.date_to})
        if rule.agency_id is not None:
            one &= Q(**{f"{prefix}agency_id": rule.agency_id})
        hidden = one if hidden is None else hidden | one
    return hidden


def chronology_entries_for[M: Model](user: User | None, review: Review,
                                     entries: QuerySet[M]) -> QuerySet[M]:
    """``entries`` (chronology entries of this review) without those restricted from this
    person: every read of entries for a person goes through here."""
    hidden = restricted_chronology_entries(user, review)
    return entries if hidden is None else entries.exclude(hidden)


def chronology_entry_hidden(user: User | None, review: Review, day: date,
                            agency_id: int) -> bool:
    """One entry (or a file's row not yet an entry) dated ``day`` from that agency: restricted
    from this person? The same rule as ``restricted_chronology_entries``, for rows in hand."""
    return any(rule.date_from <= day <= rule.date_to
               and rule.agency_id in (None, agency_id)
               and not may_see_restricted_entries(user, review, rule)
               for rule in chronology_restrictions(review))


def chronology_entry_restricted(review: Review, day: date, agency_id: int) -> bool:
    """Whether an entry is in a restriction in force at all: shown to those who may still see
    it, tagged, so they know not to share it (on a screen in a meeting, say)."""
    return any(rule.date_from <= day <= rule.date_to and rule.agency_id in (None, agency_id)
               for rule in chronology_restrictions(review))
