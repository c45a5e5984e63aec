"""The form for one page of a survey: its fields, validation and answers (JSON-safe).

The fields of a question are made once per question object (the structure cached by
answering.structure keeps them) and shared by forms that only validate.
"""

import copy
import re
from datetime import date

from django import forms
from django.core.exceptions import ValidationError

from coalition.core.forms import CoalitionForm
from coalition.lib.postcodes import MESSAGE as POSTCODE_MESSAGE
from coalition.lib.postcodes import normalise_postcode
from coalition.surveys import conditions
from coalition.surveys.models import Question

T = Question.Type
SEP = "__"


class AnswerForm(CoalitionForm):
    """The fields of one page; `questions` are the questions it asks, in order."""

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        # A form with data (an answer sent) validates with the question's own fields,
        # shared and only read; copies are made when there are errors to show (the
        # error annotation changes widgets) and for a form to render.
        self._shared = self.is_bound
        for question in self.questions:
            for name, form_field in _fields(question):
                self.fields[name] = form_field if self._shared else copy.deepcopy(form_field)

    def full_clean(self):
        if self._shared:
            forms.Form.full_clean(self)  # validation alone: nothing is changed
            if not self._errors:
                return
            self._shared = False
            self.fields = {name: copy.deepcopy(f) for name, f in self.fields.items()}
        super().full_clean()

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


def _fields(question) -> list[tuple[str, forms.Field]]:
    """The question's form fields, made once per question object (the cached structure
    keeps them); each form works on its own copies."""
    made = getattr(question, "_form_fields", None)
    if made is None:
        made = question._form_fields = fields_for(question)
    return made


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
