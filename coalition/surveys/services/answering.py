"""Answering a survey: its structure, the form for a page, show-if, and storing a response.

The structure (sections, questions, choices) is read once per survey change and kept
in the process (keyed by the survey's `updated` time), so a busy survey costs two
queries to answer: the survey row and the insert.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from coalition.core.forms import CoalitionForm
from coalition.lib.postcodes import MESSAGE as POSTCODE_MESSAGE
from coalition.lib.postcodes import normalise_postcode
from coalition.surveys import conditions
from coalition.surveys.models import Answer, Collector, Invitation, Question, Response, Survey

T = Question.Type
SEP = "__"


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


# --- forms -------------------------------------------------------------------------------------


class AnswerForm(CoalitionForm):
    """The fields of one page; `questions` are the questions it asks, in order."""

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            for name, form_field in fields_for(question):
                self.fields[name] = form_field

    def items(self):
        """(question, [bound fields]) in order, for the template."""
        for question in self.questions:
            if question.type in (T.MATRIX, T.RANKING):
                names = [n for n in self.fields if n.startswith(question.name + SEP)]
            else:
                names = [question.name]
            yield question, [self[n] for n in names]

    def answers(self) -> dict:
        """The cleaned answers (JSON-safe), for the fields that validated."""
        data = self.cleaned_data
        out = {}
        for question in self.questions:
            value = to_answer(question, data)
            if value not in (None, "", [], {}):
                out[question.name] = value
        return out

    def drop_hidden(self, earlier: dict) -> dict:
        """Evaluate show-if in order; forget the errors and answers of hidden questions."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        known = dict(earlier)
        given = self.answers()
        for question in self.questions:
            shown = conditions.evaluate(getattr(question, "section_tree", None), known)
            if shown and conditions.evaluate(question.tree, known):
                if question.name in given:
                    known[question.name] = given[question.name]
                continue
            for name in list(self.errors):
                if name == question.name or name.startswith(question.name + SEP):
                    del self._errors[name]
            known.pop(question.name, None)
        return {k: v for k, v in known.items() if k in given}


def _limits(question, kind: str) -> list:
    message = question.error_message or None
    validators = []

    def check_range(value):
        number = float(value)
        if question.min_value is not None and number < question.min_value:
            raise ValidationError(message or f"Enter a number of at least {question.min_value:g}.")
        if question.max_value is not None and number > question.max_value:
            raise ValidationError(message or f"Enter a number no more than {question.max_value:g}.")

    def check_length(value):
        if question.min_length and len(value) < question.min_length:
            raise ValidationError(message or f"Use at least {question.min_length} characters.")
        if question.max_length and len(value) > question.max_length:
            raise ValidationError(message or f"Use at most {question.max_length} characters.")

    def check_pattern(value):
        try:
            matched = re.fullmatch(question.pattern, value)
        except re.error:
            matched = True
        if not matched:
            raise ValidationError(message or "This answer is not in the form asked for.")

    if kind == "number" and (question.min_value is not None or question.max_value is not None):
        validators.append(check_range)
    if kind == "text":
        if question.min_length or question.max_length:
            validators.append(check_length)
        if question.pattern:
            validators.append(check_pattern)
    return validators


def _postcode(value):
    if value in (None, ""):
        return
    try:
        normalise_postcode(value)
    except ValueError:
        raise ValidationError(POSTCODE_MESSAGE) from None


def fields_for(question) -> list[tuple[str, forms.Field]]:
    common = {
        "label": question.label,
        "help_text": question.help_text,
        "required": question.required,
    }
    required_message = {"required": "Answer this question."}
    choices = getattr(question, "choice_list", None)
    if choices is None:
        choices = [(c.value, c.label) for c in question.choices.all()]
    kind = question.type
    if kind in (T.SHORT_TEXT, T.LONG_TEXT):
        widget = forms.Textarea(attrs={"rows": 5}) if kind == T.LONG_TEXT else forms.TextInput
        field = forms.CharField(
            widget=widget,
            max_length=10_000,
            validators=_limits(question, "text"),
            error_messages=required_message,
            **common,
        )
    elif kind == T.NUMBER:
        field = forms.FloatField(
            widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            validators=_limits(question, "number"),
            error_messages={**required_message, "invalid": "Enter a number, like 12 or 3.5."},
            **common,
        )
    elif kind == T.EMAIL:
        field = forms.EmailField(
            validators=_limits(question, "text"),
            error_messages={**required_message, "invalid": "Enter an email address."},
            **common,
        )
    elif kind == T.POSTCODE:
        field = forms.CharField(
            max_length=10,
            validators=[_postcode],
            widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
            error_messages=required_message,
            **common,
        )
    elif kind == T.DATE:
        field = forms.DateField(
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            error_messages={**required_message, "invalid": "Enter a date, like 2010-02-27."},
            **common,
        )
    elif kind == T.SINGLE:
        field = forms.ChoiceField(
            choices=choices,
            widget=forms.RadioSelect,
            error_messages={**required_message, "invalid_choice": "Choose one of the options."},
            **common,
        )
    elif kind == T.MULTIPLE:
        field = forms.MultipleChoiceField(
            choices=choices,
            widget=forms.CheckboxSelectMultiple,
            error_messages={**required_message, "invalid_choice": "Choose from the options."},
            **common,
        )
    elif kind == T.SCALE:
        field = forms.ChoiceField(
            choices=question.scale_points(),
            widget=forms.RadioSelect,
            error_messages={**required_message, "invalid_choice": "Choose a point on the scale."},
            **common,
        )
    elif kind == T.CONSENT:
        field = forms.BooleanField(
            error_messages={"required": "You need to agree to take part."}, **common
        )
    elif kind == T.MATRIX:
        points = question.scale_points()
        return [
            (
                f"{question.name}{SEP}{code}",
                forms.ChoiceField(
                    label=label,
                    choices=points,
                    widget=forms.RadioSelect,
                    required=question.required,
                    error_messages={"required": "Choose a point for this row."},
                ),
            )
            for code, label in question.matrix_rows()
        ]
    elif kind == T.RANKING:
        ranks = [("", "–")] + [(str(n), str(n)) for n in range(1, len(choices) + 1)]
        return [
            (
                f"{question.name}{SEP}{code}",
                forms.TypedChoiceField(
                    label=label,
                    choices=ranks,
                    coerce=int,
                    empty_value=None,
                    required=question.required,
                    error_messages={"required": "Give this item a rank."},
                ),
            )
            for code, label in choices
        ]
    else:  # pragma: no cover - every type is above
        raise ValueError(kind)
    return [(question.name, field)]


def to_answer(question, data: dict):
    kind = question.type
    if kind == T.MATRIX:
        return {
            code: data[f"{question.name}{SEP}{code}"]
            for code, _label in question.matrix_rows()
            if data.get(f"{question.name}{SEP}{code}")
        }
    if kind == T.RANKING:
        ranked = [
            (data[f"{question.name}{SEP}{code}"], code)
            for code, _label in question.choice_list
            if data.get(f"{question.name}{SEP}{code}")
        ]
        return [code for _rank, code in sorted(ranked)]
    value = data.get(question.name)
    if kind == T.POSTCODE and value:
        return normalise_postcode(value)
    if kind == T.DATE and isinstance(value, date):
        return value.isoformat()
    if kind == T.CONSENT:
        return "yes" if value else ""
    if kind == T.NUMBER and value is not None:
        return int(value) if float(value).is_integer() else value
    if kind == T.MULTIPLE:
        return list(value or [])
    return value


def initial_for(question, answers: dict) -> dict:
    """Form initial values from stored answers (resuming)."""
    value = answers.get(question.name)
    if value in (None, ""):
        return {}
    if question.type == T.MATRIX:
        return {f"{question.name}{SEP}{k}": v for k, v in value.items()}
    if question.type == T.RANKING:
        return {f"{question.name}{SEP}{code}": str(n) for n, code in enumerate(value, 1)}
    if question.type == T.CONSENT:
        return {question.name: value == "yes"}
    return {question.name: value}


def validate_ranking(form: AnswerForm) -> None:
    """Two items cannot share a rank."""
    for question in form.questions:
        if question.type != T.RANKING:
            continue
        seen = {}
        for name in [n for n in form.fields if n.startswith(question.name + SEP)]:
            rank = form.cleaned_data.get(name)
            if rank is None:
                continue
            if rank in seen:
                form.add_error(name, f"Rank {rank} is already given to another item.")
            seen[rank] = name


# --- storing ----------------------------------------------------------------------------------


def answer_rows(struct: Structure, response_id: int, answers: dict) -> list[Answer]:
    rows = []
    survey_id = struct.survey.pk
    for question in struct.questions:
        value = answers.get(question.name)
        if value in (None, "", [], {}):
            continue
        kind = question.type

        def add(code="", number=None, text="", row=0, q=question):
            rows.append(
                Answer(
                    response_id=response_id,
                    survey_id=survey_id,
                    question_id=q.pk,
                    row=row,
                    code=code,
                    number=number,
                    text=text,
                )
            )

        if kind == T.MULTIPLE:
            for code in value:
                add(code=code)
        elif kind == T.MATRIX:
            positions = {code: n for n, (code, _l) in enumerate(question.matrix_rows(), 1)}
            for code, point in value.items():
                add(code=str(point), number=float(point), row=positions.get(code, 0))
        elif kind == T.RANKING:
            for rank, code in enumerate(value, 1):
                add(code=code, row=rank, number=float(rank))
        elif kind == T.SCALE:
            add(code=str(value), number=float(value))
        elif kind in (T.SINGLE, T.CONSENT):
            add(code=str(value))
        elif kind == T.NUMBER:
            add(number=float(value), text=str(value))
        else:
            add(text=str(value))
    return rows


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
    response limit was reached, Refused('closed') etc. when the survey is not open.
    """
    survey = struct.survey
    answers = only_visible(struct, answers)
    now = timezone.now()
    if (
        connection.vendor == "postgresql"
        and invitation is None
        and response is None
        and survey.response_limit is None
        and survey.mode == Survey.Mode.ANONYMOUS
    ):
        state = survey.availability(now, count=0)
        if state != "open":
            raise Refused(state)
        return _insert_in_one_statement(struct, collector, answers, timezone.localdate(now))
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
        Answer.objects.bulk_create(answer_rows(struct, response.pk, answers))
    return response


def _insert_in_one_statement(struct, collector, answers: dict, day) -> Response:
    """The busy path (an anonymous answer on PostgreSQL): the response and its Answer rows
    in one INSERT statement (a data-modifying WITH), so one round trip and one commit."""
    import json

    rows = answer_rows(struct, 0, answers)
    response_table = Response._meta.db_table
    answer_table = Answer._meta.db_table
    sql = (
        f"WITH r AS (INSERT INTO {response_table} (survey_id, collector_id, status, page, "  # nosec B608 (table names from the models)
        "data, submitted_on, user_agent, fold_batch) "
        "VALUES (%s, %s, 'complete', 0, %s::jsonb, %s, '', 0) RETURNING id)"
    )
    params: list = [struct.survey.pk, collector.pk, json.dumps(answers), day]
    if rows:
        values = ", ".join(["(%s::int, %s::int, %s::smallint, %s, %s::float8, %s)"] * len(rows))
        sql += (
            f", a AS (INSERT INTO {answer_table} "  # nosec B608 (table names from the models)
            "(response_id, survey_id, question_id, row, code, number, text) "
            "SELECT r.id, v.* FROM r, (VALUES " + values + ") "
            "AS v(survey_id, question_id, row, code, number, text) RETURNING 1)"
        )
        for row in rows:
            params += [row.survey_id, row.question_id, row.row, row.code, row.number, row.text]
    sql += " SELECT id FROM r"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        pk = cursor.fetchone()[0]
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
