"""Answering a survey: its structure, show-if, and storing a response (the form for a
page is in answer_form.py).

The structure (sections, questions, choices) is read once per survey change and kept
in the process (keyed by the survey's `updated` time). On PostgreSQL an answer to a busy
survey's own page costs one query: the insert, which also checks the survey row (see
_insert_in_one_statement and views/respond.py).
"""

import json
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from coalition.surveys import conditions
from coalition.surveys.models import Answer, Collector, Invitation, Question, Response, Survey
from coalition.surveys.services.answer_form import (  # noqa: F401 (used by the views)
    SEP,
    AnswerForm,
    fields_for,
    initial_for,
    to_answer,
    validate_ranking,
)

T = Question.Type


class Stale(Exception):
    """The survey changed since it was read (a remembered copy): read it again and retry."""


class Refused(Exception):
    """The answer cannot be taken: `reason` is 'used', 'closed', 'full', 'not_open' or 'draft'."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class Structure:
    survey: Survey
    sections: list = field(default_factory=list)
    questions: list = field(default_factory=list)

    @property
    def by_name(self) -> dict:
        return {q.name: q for q in self.questions}

    def section(self, pk) -> object | None:
        return next((s for s in self.sections if s.pk == pk), None)


_CACHE: dict[int, tuple] = {}


def structure(survey: Survey, cached: bool = True) -> Structure:
    key = (survey.updated, survey.status)
    hit = _CACHE.get(survey.pk)
    if cached and hit and hit[0] == key:
        result = hit[1]
        result.survey = survey
        return result
    sections = list(survey.sections.all())
    questions = list(
        Question.objects.filter(survey=survey)
        .prefetch_related("choices")
        .order_by("section__order", "section_id", "order", "pk")
    )
    by_section = {s.pk: s for s in sections}
    for section in sections:
        section.items = []
        section.tree = _parse(section.show_if)
    for question in questions:
        question.choice_list = [(c.value, c.label) for c in question.choices.all()]
        question.tree = _parse(question.show_if)
        question.section_tree = by_section[question.section_id].tree
        by_section[question.section_id].items.append(question)
    sections.sort(key=lambda s: (s.order, s.pk))
    ordered = [q for s in sections for q in s.items]
    result = Structure(survey=survey, sections=sections, questions=ordered)
    if cached:
        if len(_CACHE) > 200:
            _CACHE.clear()
        _CACHE[survey.pk] = (key, result)
    return result


def _parse(text):
    try:
        return conditions.parse(text)
    except conditions.ConditionError:
        return None


def visible_sections(struct: Structure, answers: dict) -> list:
    return [s for s in struct.sections if conditions.evaluate(s.tree, answers)]


def visible_questions(struct: Structure, answers: dict) -> list:
    shown = []
    for section in visible_sections(struct, answers):
        shown += [q for q in section.items if conditions.evaluate(q.tree, answers)]
    return shown


def only_visible(struct: Structure, answers: dict) -> dict:
    """The answers to questions still shown; answers to hidden ones are discarded."""
    kept: dict = {}
    for section in struct.sections:
        if not conditions.evaluate(section.tree, kept):
            continue
        for question in section.items:
            if question.name in answers and conditions.evaluate(question.tree, kept):
                kept[question.name] = answers[question.name]
    return kept


# --- storing ----------------------------------------------------------------------------------


def answer_values(struct: Structure, answers: dict):
    """(question id, row, code, number, text) for each Answer row of these answers."""
    for question in struct.questions:
        value = answers.get(question.name)
        if value in (None, "", [], {}):
            continue
        kind, pk = question.type, question.pk
        if kind == T.MULTIPLE:
            for code in value:
                yield pk, 0, code, None, ""
        elif kind == T.MATRIX:
            positions = {code: n for n, (code, _l) in enumerate(question.matrix_rows(), 1)}
            for code, point in value.items():
                yield pk, positions.get(code, 0), str(point), float(point), ""
        elif kind == T.RANKING:
            for rank, code in enumerate(value, 1):
                yield pk, rank, code, float(rank), ""
        elif kind == T.SCALE:
            yield pk, 0, str(value), float(value), ""
        elif kind in (T.SINGLE, T.CONSENT):
            yield pk, 0, str(value), None, ""
        elif kind == T.NUMBER:
            yield pk, 0, "", float(value), str(value)
        else:
            yield pk, 0, "", None, str(value)


def answer_rows(struct: Structure, response_id: int, answers: dict) -> list[Answer]:
    survey_id = struct.survey.pk
    return [
        Answer(
            response_id=response_id,
            survey_id=survey_id,
            question_id=question_id,
            row=row,
            code=code,
            number=number,
            text=text,
        )
        for question_id, row, code, number, text in answer_values(struct, answers)
    ]


def guarded_insert(survey: Survey) -> bool:
    """Whether a new complete answer to this survey is stored by the busy path: one
    statement that also checks the survey row (see _insert_in_one_statement)."""
    return (
        connection.vendor == "postgresql"
        and survey.response_limit is None
        and survey.mode == Survey.Mode.ANONYMOUS
    )


def check_open(survey: Survey, now=None) -> None:
    state = survey.availability(now)
    if state != "open":
        raise Refused(state)


def submit(
    struct: Structure,
    collector: Collector,
    answers: dict,
    *,
    invitation: Invitation | None = None,
    response: Response | None = None,
    request=None,
) -> Response:
    """Store a complete response and its Answer rows, all or nothing.

    Refused('used') when the invitation has been used meanwhile, Refused('full') when the
    response limit was reached, Refused('closed') etc. when the survey is not open; Stale
    (busy path) when the survey row is no longer the one the answers were checked against.
    """
    survey = struct.survey
    answers = only_visible(struct, answers)
    now = timezone.now()
    if invitation is None and response is None and guarded_insert(survey):
        state = survey.availability(now, count=0)
        if state != "open":
            raise Refused(state)
        return _insert_in_one_statement(struct, collector, answers, timezone.localdate(now), now)
    with transaction.atomic():
        if survey.response_limit is not None:
            locked = Survey.objects.select_for_update().get(pk=survey.pk)
            state = locked.availability(now)
        else:
            state = survey.availability(now, count=0)
        if state != "open":
            raise Refused(state)
        if invitation is not None:
            claimed = Invitation.objects.filter(pk=invitation.pk, used_at__isnull=True).update(
                used_at=now
            )
            if not claimed:
                raise Refused("used")
        identified = survey.mode == Survey.Mode.IDENTIFIED
        values = {
            "status": Response.Status.COMPLETE,
            "data": answers,
            "submitted_on": timezone.localdate(now),
            "resume_token": None,
            "collector": collector,
            "survey": survey,
            "submitted_at": now if identified else None,
            "invitation": invitation if identified else None,
            "user": None,
            "ip_address": None,
            "user_agent": "",
        }
        if identified and request is not None:
            if request.user.is_authenticated:
                values["user"] = request.user
            from coalition.lib.ratelimit import client_key

            try:
                values["ip_address"] = client_key(request)
            except Exception:  # noqa: BLE001 - an odd address is not a reason to lose an answer
                values["ip_address"] = None
            values["user_agent"] = request.headers.get("User-Agent", "")[:300]
        if response is None:
            response = Response.objects.create(**values)
        else:
            if not Response.objects.filter(pk=response.pk, status=Response.Status.PARTIAL).update(
                **{k: v for k, v in values.items() if k not in ("survey",)}
            ):
                raise Refused("used")
            response.refresh_from_db()
        insert_answers(struct, response.pk, answers)
    return response


def insert_answers(struct: Structure, response_id: int, answers: dict) -> None:
    """The response's Answer rows, in one executemany (no model instances)."""
    rows = [(response_id, struct.survey.pk, *values) for values in answer_values(struct, answers)]
    if not rows:
        return
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {Answer._meta.db_table} (response_id, survey_id, question_id, "  # nosec B608 (table names from the models)
            "row, code, number, text) VALUES (%s, %s, %s, %s, %s, %s, %s)",
            rows,
        )


def _insert_in_one_statement(struct, collector, answers: dict, day, now) -> Response:
    """The busy path (an anonymous answer on PostgreSQL): the response and its Answer rows
    in one INSERT statement (a data-modifying WITH), so one round trip and one commit.

    The insert is made only if the survey row is still the one read (same `updated`, so
    the same questions and settings), open, anonymous and without a limit: a view may
    answer from a remembered copy of the survey and skip reading it. Otherwise Stale."""
    rows = [dict(zip("qrcnt", values, strict=True)) for values in answer_values(struct, answers)]
    response_table = Response._meta.db_table
    answer_table = Answer._meta.db_table
    survey = struct.survey
    sql = (
        f"WITH s AS (SELECT id FROM {Survey._meta.db_table} WHERE id = %s AND updated = %s "  # nosec B608 (table names from the models)
        "AND status = 'open' AND mode = 'anonymous' AND response_limit IS NULL "
        "AND (opens_at IS NULL OR opens_at <= %s) AND (closes_at IS NULL OR closes_at > %s)), "
        f"r AS (INSERT INTO {response_table} (survey_id, collector_id, status, page, "
        "data, submitted_on, user_agent, fold_batch) "
        "SELECT s.id, %s, 'complete', 0, %s::jsonb, %s, '', 0 FROM s RETURNING id)"
    )
    params: list = [survey.pk, survey.updated, now, now]
    params += [collector.pk, json.dumps(answers), day]
    if rows:
        # The answer rows as one JSON parameter: a short statement to send and parse.
        sql += (
            f", a AS (INSERT INTO {answer_table} "  # nosec B608 (table names from the models)
            "(response_id, survey_id, question_id, row, code, number, text) "
            "SELECT r.id, %s, v.q, v.r, v.c, v.n, v.t FROM r, jsonb_to_recordset(%s::jsonb) "
            "AS v(q int, r smallint, c text, n float8, t text) RETURNING 1)"
        )
        params += [struct.survey.pk, json.dumps(rows)]
    sql += " SELECT id FROM r"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        raise Stale
    pk = row[0]
    return Response(
        pk=pk,
        survey=struct.survey,
        collector=collector,
        status=Response.Status.COMPLETE,
        data=answers,
        submitted_on=day,
    )


def save_partial(
    struct: Structure,
    collector: Collector,
    answers: dict,
    page: int,
    *,
    invitation: Invitation | None = None,
    response: Response | None = None,
) -> Response:
    """Keep what has been answered so far, to resume later by the response's link."""
    from coalition.surveys.models.responses import new_token

    if response is None:
        return Response.objects.create(
            survey=struct.survey,
            collector=collector,
            status=Response.Status.PARTIAL,
            resume_token=new_token(),
            data=answers,
            page=page,
            invitation=invitation,
        )
    Response.objects.filter(pk=response.pk, status=Response.Status.PARTIAL).update(
        data=answers, page=page
    )
    response.data, response.page = answers, page
    return response


def complete_count(survey: Survey) -> int:
    return survey.responses.filter(status=Response.Status.COMPLETE).count()
