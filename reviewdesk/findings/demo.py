"""The demo's findings and recommendations (``manage.py load_demo``), through the actions, in
words that fit each review's story; a second run adds nothing.

Reviews 10 (a national review), 14, 15 and 16 reach publication in the demo, and 17 and 18 go on
to the action plan: their findings and recommendations are recorded, with their themes, on the
day each moves to publication, when the subgroup signed the report off (``before_step``), so the
action plan's demo, which loads before this one, has recommendations to agree actions against.
Any other review at publication, the action plan or closed after a review (``load``) gets its own
the same way. The lead reviewer
records them; the business manager tags the review's themes.
"""

from datetime import date
from typing import Any

from django.utils import timezone

from reviewdesk.action_plan.models import Finding, Theme
from reviewdesk.findings import actions
from reviewdesk.reviews import demo_stories
from reviewdesk.reviews.models import Review, ReviewKind, ReviewRole, Stage

TO_PUBLICATION = {10, 14, 15, 16, 17, 18}
AFTER_THE_REPORT = (Stage.PUBLICATION, Stage.ACTION_PLAN, Stage.CLOSED)

# Each story's findings (words, themes) and recommendations (words, addressed to, the findings
# it answers by number, themes). "{setting}" and "{health}" are the child's nursery or school
# and health visitor or school nurse (demo_stories.words_for).
Finding_ = tuple[str, tuple[str, ...]]
Recommendation_ = tuple[str, str, tuple[int, ...], tuple[str, ...]]
PLANS: dict[str, tuple[list[Finding_], list[Recommendation_]]] = {
    "alcohol": ([
        ("Agencies saw Mother's drinking but not what it meant for the child's day: no "
         "assessment recorded what the child ate, when they slept or who looked after them.",
         ("Parental substance use", "Voice of the child")),
        ("The {setting}'s concerns about the child's hunger and tiredness did not reach "
         "children's social care: staff did not know whom to tell or thought someone else "
         "already had.", ("Information sharing", "Neglect")),
        ("When the family did not engage, the case was closed rather than escalated; nobody "
         "used the partnership's escalation policy.", ("Escalation", "Professional curiosity")),
    ], [
        ("Every assessment of a family where a parent misuses alcohol records what the child's "
         "day is like, in the child's own words where they can give them.",
         "Kirkvale Children's Social Care", (1,), ("Parental substance use",)),
        ("Schools and early years settings have one route to share a concern about a parent's "
         "drinking, and are told what happened to it.", "Kirkvale Schools and Learning",
         (2,), ("Information sharing",)),
        ("The partnership re-launches its escalation policy and audits its use after six months.",
         "Kirkvale Safeguarding Children Partnership", (3,), ("Escalation",)),
    ]),
    "teen": ([
        ("Going missing was treated as the young person's choice, not as a sign of "
         "exploitation; return home interviews did not ask who they had been with.",
         ("Child exploitation", "Adolescents and risk outside the home")),
        ("Police and children's social care held different pieces of information about the "
         "adults involved and did not put them together.", ("Information sharing",)),
        ("The young person's own account of feeling unsafe was recorded but not acted on.",
         ("Voice of the child",)),
    ], [
        ("Return home interviews ask about the people a young person was with and are shared "
         "with the exploitation panel within five working days.", "West Kirkvale Police",
         (1, 2), ("Child exploitation",)),
        ("A multi-agency meeting is held whenever a young person goes missing three times in "
         "three months.", "Kirkvale Children's Social Care", (1,),
         ("Adolescents and risk outside the home",)),
        ("Practitioners are trained to record and act on what a young person says about their "
         "own safety.", "Kirkvale Safeguarding Children Partnership", (3,),
         ("Voice of the child",)),
    ]),
    "baby": ([
        ("Safe sleep advice was given at the new-birth visit but not repeated when the family's "
         "circumstances changed.", ("Sudden unexpected death in infancy / safe sleep",)),
        ("Father was not seen by the {health} and his drinking was not asked about.",
         ("Men in the household", "Parental substance use")),
        ("The hospital and the {health} did not share what each knew about the home.",
         ("Information sharing",)),
    ], [
        ("Safe sleep advice is repeated at every contact where the family's circumstances have "
         "changed, including to fathers and partners.", "Kirkvale Community Health NHS Trust",
         (1, 2), ("Sudden unexpected death in infancy / safe sleep",)),
        ("Every assessment of a baby's home names and sees each adult who lives there or cares "
         "for the baby.", "Kirkvale Children's Social Care", (2,),
         ("Men in the household",)),
        ("The hospital's discharge summary for a baby reaches the {health} within two working "
         "days.", "Kirkvale Hospitals NHS Foundation Trust", (3,), ("Information sharing",)),
    ]),
}
STORY_PLAN = {demo_stories.ALCOHOL: "alcohol", demo_stories.TEEN_MISSING: "teen",
              demo_stories.TEEN_DEATH: "teen", demo_stories.BABY_DEATH: "baby",
              demo_stories.INFANT_INJURY: "baby", demo_stories.YOUNG_DEATH: "baby"}


def _plan(index: int | None) -> str:
    if index is not None and 0 <= index < len(demo_stories.CASES):
        return STORY_PLAN.get(demo_stories.CASES[index][3], "alcohol")
    return "alcohol"


def _by(command: Any, review: Review) -> Any:
    membership = review.memberships.filter(
        role=ReviewRole.LEAD_REVIEWER, ended_at__isnull=True).select_related("person").first()
    return membership.person if membership is not None else command.bm


def record(command: Any, review: Review, index: int | None, on: date) -> list[Finding]:
    """The story's findings, recommendations and themes on ``review``, unless it has some."""
    review = Review.objects.get(pk=review.pk)
    if Finding.objects.filter(review=review).exists():
        return []
    on = min(on, timezone.localdate())
    words = demo_stories.words_for(review)
    fill = {"setting": words.setting, "health": words.health}
    themes = {t.name: t for t in Theme.objects.filter(partnership=review.partnership)}
    found, recs = PLANS[_plan(index)]
    by = _by(command, review)
    made = []
    for number, (text, tags) in enumerate(found, start=1):
        made.append(actions.add_finding(
            review, by=by, number=number, text=text.format(**fill), agreed_on=on,
            themes=[themes[t] for t in tags if t in themes]))
    for number, (text, to, answers, tags) in enumerate(recs, start=1):
        actions.add_recommendation(
            review, by=by, number=number, text=text.format(**fill), addressed_to=to,
            findings=[made[n - 1] for n in answers], agreed_on=on,
            themes=[themes[t] for t in tags if t in themes])
    review_tags = sorted({t for _, tags in found for t in tags})
    actions.set_review_themes(review, by=command.bm, tagged_on=on,
                              themes=[themes[t] for t in review_tags if t in themes])
    return made


def before_step(command: Any, index: int, review: Review, name: str, on: date,
                **details: Any) -> None:
    if index in TO_PUBLICATION and name == "approve_publication":
        record(command, review, index, on)


def load(command: Any) -> None:
    for index, review in command.reviews.items():
        review = Review.objects.get(pk=review.pk)
        # Not a case the partners decided not to review: it has no report.
        if review.stage in AFTER_THE_REPORT and review.kind not in {"", ReviewKind.RAPID_REVIEW_ONLY}:
            record(command, review, index, review.stage_since or timezone.localdate())
