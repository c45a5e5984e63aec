"""Building a survey: what may change once answers exist, order, new versions, collectors."""

from django.db import transaction
from django.db.models import Max

from coalition.members.models import Organisation
from coalition.surveys import conditions
from coalition.surveys.models import Choice, Collector, Question, Section, Survey

LOCKED_MESSAGE = (
    "This survey already has answers, so this change would break them. "
    "Make a new version of the survey to change its questions."
)
PUBLIC_COLLECTOR = "Public page"


class Locked(Exception):
    """A breaking change to a survey with answers (the view answers 409)."""


def is_locked(survey: Survey) -> bool:
    return survey.has_answers()


def ensure_unlocked(survey: Survey) -> None:
    if is_locked(survey):
        raise Locked(LOCKED_MESSAGE)


def breaking_changes(question: Question, new: dict, new_choices: list[tuple[str, str]]) -> list:
    """The changes to a question that would break answers already received."""
    problems = []
    if new.get("type", question.type) != question.type:
        problems.append("its type")
    if new.get("name", question.name) != question.name:
        problems.append("its code")
    if question.type in Question.CHOICE_TYPES:
        old_codes = {c.value for c in question.choices.all()}
        if not old_codes <= {code for code, _ in new_choices}:
            problems.append("the codes of its choices")
    if question.type in (Question.Type.SCALE, Question.Type.MATRIX):
        for key in ("scale_min", "scale_max"):
            if key in new and new[key] != getattr(question, key):
                problems.append("its scale")
                break
    if question.type == Question.Type.MATRIX and "rows" in new:
        old_rows = [code for code, _ in question.matrix_rows()]
        new_rows = [line.partition("|")[0].strip() for line in new["rows"].splitlines() if line]
        if new_rows[: len(old_rows)] != old_rows:
            problems.append("its matrix rows")
    return problems


def parse_choices(text: str) -> list[tuple[str, str]]:
    """Lines of `code|label` (or just a label: its code is made from it)."""
    from django.utils.text import slugify

    choices, seen = [], set()
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        code, bar, label = line.partition("|")
        if not bar:
            label, code = line, slugify(line)[:60].replace("-", "_")
        code, label = code.strip()[:60], label.strip()
        if not code or code in seen:
            raise ValueError(f"Each choice needs its own code (“{code or line}” is repeated).")
        seen.add(code)
        choices.append((code, label or code))
    return choices


def set_choices(question: Question, choices: list[tuple[str, str]]) -> None:
    existing = {c.value: c for c in question.choices.all()}
    keep = []
    for order, (code, label) in enumerate(choices):
        choice = existing.get(code)
        if choice is None:
            choice = Choice.objects.create(question=question, value=code, label=label, order=order)
        elif choice.label != label or choice.order != order:
            choice.label, choice.order = label, order
            choice.save(update_fields=["label", "order"])
        keep.append(choice.pk)
    question.choices.exclude(pk__in=keep).delete()


def names_before(survey: Survey, question: Question | None = None, section=None) -> set[str]:
    """Codes of the questions asked before this question (or before this section)."""
    names = []
    for q in Question.objects.filter(survey=survey).select_related("section"):
        names.append(((q.section.order, q.section_id, q.order, q.pk), q.name))
    names.sort()
    if question is not None and question.pk:
        key = (question.section.order, question.section_id, question.order, question.pk)
        return {name for k, name in names if k < key}
    if section is not None and section.pk:
        return {name for k, name in names if (k[0], k[1]) < (section.order, section.pk)}
    return {name for _, name in names}


def check_condition(text: str, known: set[str]) -> None:
    conditions.check(text, known)


def touch(survey: Survey) -> None:
    """Mark the survey changed (its cached structure is read again)."""
    survey.save(update_fields=["updated"])


def next_order(queryset) -> int:
    return (queryset.aggregate(m=Max("order"))["m"] or 0) + 1


def move(obj, siblings, direction: str) -> None:
    """Swap with the neighbour above or below; orders are renumbered 1..n first."""
    items = list(siblings)
    for number, item in enumerate(items, 1):
        if item.order != number:
            type(item).objects.filter(pk=item.pk).update(order=number)
            item.order = number
    index = next(i for i, item in enumerate(items) if item.pk == obj.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(items):
        a, b = items[index], items[other]
        type(a).objects.filter(pk=a.pk).update(order=b.order)
        type(b).objects.filter(pk=b.pk).update(order=a.order)


def public_collector(survey: Survey) -> Collector:
    collector, _ = Collector.objects.get_or_create(
        survey=survey, organisation=None, name=PUBLIC_COLLECTOR, is_invitations=False
    )
    return collector


def invitations_collector(survey: Survey) -> Collector:
    collector, _ = Collector.objects.get_or_create(
        survey=survey, organisation=None, name="Email invitations", is_invitations=True
    )
    return collector


def collectors_for_members(survey: Survey, organisations=None) -> int:
    """One collector link per member organisation (those without one already). Returns made."""
    if organisations is None:
        organisations = Organisation.objects.listed()
    have = set(
        Collector.objects.filter(survey=survey, organisation__isnull=False).values_list(
            "organisation_id", flat=True
        )
    )
    new = [
        Collector(survey=survey, organisation=org, name=org.name)
        for org in organisations
        if org.pk not in have
    ]
    Collector.objects.bulk_create(new)
    return len(new)


@transaction.atomic
def new_version(survey: Survey) -> Survey:
    """A draft copy with every section, question and choice, to change freely."""
    base = survey.slug.rsplit("-v", 1)[0] if survey.version > 1 else survey.slug
    version = survey.version + 1
    slug = f"{base}-v{version}"
    while Survey.objects.filter(slug=slug).exists():
        version += 1
        slug = f"{base}-v{version}"
    copy = Survey.objects.create(
        title=survey.title,
        slug=slug,
        intro=survey.intro,
        thanks=survey.thanks,
        mode=survey.mode,
        layout=survey.layout,
        is_listed=survey.is_listed,
        response_limit=survey.response_limit,
        reminder_days=survey.reminder_days,
        identifiers_keep_days=survey.identifiers_keep_days,
        version=version,
        previous=None if Survey.objects.filter(previous=survey).exists() else survey,
    )
    for section in survey.sections.all():
        questions = list(section.questions.prefetch_related("choices"))
        section.pk = None
        section.survey = copy
        section.save()
        for question in questions:
            choices = list(question.choices.all())
            question.pk = None
            question.survey = copy
            question.section = section
            question.save()
            Choice.objects.bulk_create(
                Choice(question=question, value=c.value, label=c.label, order=c.order)
                for c in choices
            )
    return copy


def delete_section(section: Section) -> None:
    section.delete()
