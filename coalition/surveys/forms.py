import re

from django import forms
from django.conf import settings
from django.utils.text import slugify

from coalition.core.forms import CoalitionForm, CoalitionModelForm
from coalition.members.models import Organisation
from coalition.surveys import conditions
from coalition.surveys.models import Collector, Question, Section, Survey
from coalition.surveys.services import building
from coalition.surveys.services.invitations import parse_emails

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def datetime_input():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT)


class SurveyForm(CoalitionModelForm):
    class Meta:
        model = Survey
        fields = [
            "title",
            "slug",
            "intro",
            "thanks",
            "mode",
            "layout",
            "is_listed",
            "opens_at",
            "closes_at",
            "response_limit",
            "reminder_days",
            "identifiers_keep_days",
        ]
        widgets = {
            "opens_at": datetime_input(),
            "closes_at": datetime_input(),
            "intro": forms.Textarea(attrs={"rows": 4}),
            "thanks": forms.Textarea(attrs={"rows": 3}),
            "mode": forms.RadioSelect,
            "layout": forms.RadioSelect,
        }
        labels = {"slug": "Web address"}
        help_texts = {"slug": "The end of the survey's address, like commissioning-2010."}

    def __init__(self, *args, locked=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.locked = locked
        if locked:
            # Answers already received were given anonymously or not: that cannot change.
            self.fields["mode"].disabled = True

    def clean_slug(self):
        slug = self.cleaned_data.get("slug") or slugify(self.cleaned_data.get("title", ""))[:120]
        if not slug:
            raise forms.ValidationError("Enter a web address.")
        return slug

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", "The survey must close after it opens.")
        return data


class SectionForm(CoalitionModelForm):
    class Meta:
        model = Section
        fields = ["title", "description", "show_if"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey

    def clean_show_if(self):
        text = self.cleaned_data.get("show_if", "").strip()
        if text:
            instance = self.instance if self.instance.pk else None
            known = building.names_before(self.survey, section=instance)
            try:
                conditions.check(text, known)
            except conditions.ConditionError as error:
                raise forms.ValidationError(str(error)) from None
        return text


class QuestionForm(CoalitionModelForm):
    choices_text = forms.CharField(
        label="Choices",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="For single choice, multiple choice and ranking: one a line, as code|label "
        "(or just the label).",
    )

    class Meta:
        model = Question
        fields = [
            "section",
            "type",
            "label",
            "name",
            "help_text",
            "required",
            "show_if",
            "min_value",
            "max_value",
            "min_length",
            "max_length",
            "pattern",
            "error_message",
            "scale_min",
            "scale_max",
            "scale_min_label",
            "scale_max_label",
            "rows",
            "is_public",
        ]
        widgets = {"rows": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.fields["section"].queryset = survey.sections.all()
        self.fields["section"].empty_label = None
        self.fields["name"].required = False
        if self.instance.pk and not self.is_bound:
            self.initial["choices_text"] = "\n".join(
                f"{c.value}|{c.label}" for c in self.instance.choices.all()
            )

    def clean_name(self):
        name = self.cleaned_data.get("name") or ""
        if not name:
            name = slugify(self.cleaned_data.get("label", ""))[:40].replace("-", "_") or "question"
            base, n = name, 2
            while self.survey.questions.filter(name=name).exclude(pk=self.instance.pk).exists():
                name, n = f"{base}_{n}", n + 1
        if not re.fullmatch(r"[A-Za-z_][\w-]*", name):
            raise forms.ValidationError("Start with a letter; use letters, digits and _ only.")
        if self.survey.questions.filter(name=name).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("Another question in this survey has this code.")
        return name

    def clean_pattern(self):
        pattern = self.cleaned_data.get("pattern", "")
        if pattern:
            try:
                re.compile(pattern)
            except re.error as error:
                raise forms.ValidationError(f"This is not a valid pattern: {error}.") from None
        return pattern

    def clean(self):
        data = super().clean()
        kind = data.get("type")
        try:
            self.parsed_choices = building.parse_choices(data.get("choices_text", ""))
        except ValueError as error:
            self.add_error("choices_text", str(error))
            self.parsed_choices = []
        if kind in Question.CHOICE_TYPES and len(self.parsed_choices) < 2 and not self.errors:
            self.add_error("choices_text", "Give at least two choices.")
        if kind == Question.Type.MATRIX and not (data.get("rows") or "").strip():
            self.add_error("rows", "Give the matrix at least one row.")
        if kind in (Question.Type.SCALE, Question.Type.MATRIX):
            low, high = data.get("scale_min"), data.get("scale_max")
            if low is not None and high is not None and not (high > low and high - low <= 10):
                self.add_error("scale_max", "The scale needs 2 to 11 points, smallest first.")
        low, high = data.get("min_value"), data.get("max_value")
        if low is not None and high is not None and low > high:
            self.add_error("max_value", "The largest number must not be below the smallest.")
        text = (data.get("show_if") or "").strip()
        if text and data.get("section"):
            probe = self.instance
            if not probe.pk:
                probe = Question(
                    survey=self.survey, section=data["section"], order=10_000, pk=10**9
                )
            else:
                probe.section = data["section"]
            try:
                conditions.check(text, building.names_before(self.survey, question=probe))
            except conditions.ConditionError as error:
                self.add_error("show_if", str(error))
        return data


class CollectorForm(CoalitionModelForm):
    class Meta:
        model = Collector
        fields = ["name", "organisation"]
        help_texts = {"organisation": "The member sharing this link (leave empty for your own)."}

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.fields["organisation"].queryset = Organisation.objects.listed().order_by("name")
        self.fields["organisation"].required = False

    def clean_organisation(self):
        organisation = self.cleaned_data.get("organisation")
        if organisation and self.survey.collectors.filter(organisation=organisation).exists():
            raise forms.ValidationError("This member already has a link for this survey.")
        return organisation


class InvitationForm(CoalitionForm):
    emails = forms.CharField(
        label="Email addresses",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Separated by commas, spaces or new lines.",
    )
    file = forms.FileField(
        label="Or a file of addresses",
        required=False,
        help_text="A .csv or .txt file; every address in it is used.",
    )

    def clean(self):
        data = super().clean()
        text = data.get("emails", "")
        upload = data.get("file")
        if upload:
            if upload.size > 5 * 1024 * 1024:
                self.add_error("file", "The file is too big (5 MB at most).")
                return data
            try:
                text += "\n" + upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                self.add_error("file", "The file must be text (CSV) in UTF-8.")
                return data
        valid, invalid = parse_emails(text)
        if not valid and not invalid:
            self.add_error("emails", "Enter at least one email address.")
        elif invalid:
            shown = ", ".join(invalid[:5]) + ("…" if len(invalid) > 5 else "")
            self.add_error(
                "emails" if not upload else "file",
                f"{len(invalid)} of these are not email addresses: {shown}",
            )
        elif len(valid) > settings.SURVEY_MAX_INVITATIONS:
            self.add_error(
                "emails", f"At most {settings.SURVEY_MAX_INVITATIONS:,} addresses at once."
            )
        data["addresses"] = valid
        return data


class ImportForm(CoalitionForm):
    file = forms.FileField(label="XLSForm file (.xlsx)")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError("The file is too big (5 MB at most).")
        head = upload.read(4)
        upload.seek(0)
        if head != b"PK\x03\x04":
            raise forms.ValidationError("This is not an .xlsx workbook.")
        return upload


class PublishForm(CoalitionForm):
    results_public = forms.BooleanField(label="Publish the results page", required=False)
    questions = forms.MultipleChoiceField(
        label="Questions shown on it",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Only questions whose answers are counted (choices and scales). Groups of "
        "fewer than 5 responses are never broken down.",
    )

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questions"].choices = [
            (str(q.pk), q.label) for q in survey.questions.all() if q.is_counted
        ]


class AuditTakeForm(CoalitionForm):
    organisation_name = forms.CharField(
        label="Your organisation's name",
        required=False,
        max_length=200,
        help_text="Only printed on your own report; never shared.",
    )
    contribute = forms.BooleanField(
        label="Add my scores, anonymously, to the sector benchmark",
        required=False,
        help_text="Only the section scores are shared, never your name or answers.",
    )

    def __init__(self, *args, sections, **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = sections
        for section in sections:
            for question in section.question_list:
                self.fields[f"q{question.pk}"] = forms.TypedChoiceField(
                    label=question.text,
                    help_text=question.help_text,
                    choices=[(o.pk, o.label) for o in question.options.all()],
                    coerce=int,
                    widget=forms.RadioSelect,
                    error_messages={"required": "Choose the answer closest to your situation."},
                )

    def grouped(self):
        for section in self.sections:
            yield section, [self[f"q{q.pk}"] for q in section.question_list]

    def answers(self) -> dict[int, int]:
        return {
            int(name[1:]): value
            for name, value in self.cleaned_data.items()
            if name.startswith("q") and name[1:].isdigit()
        }


class AuditQuestionForm(CoalitionForm):
    text = forms.CharField(label="Question", max_length=500)
    help_text = forms.CharField(label="Help text", max_length=500, required=False)
    options = forms.CharField(
        label="Answers and their scores",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One a line, as score|answer, like 3|Fully.",
    )

    def clean_options(self):
        parsed = []
        for line in self.cleaned_data["options"].splitlines():
            if not line.strip():
                continue
            score, bar, label = line.partition("|")
            if not bar or not score.strip().isdigit() or not label.strip():
                raise forms.ValidationError(f"“{line.strip()}” is not like 3|Fully.")
            parsed.append((int(score), label.strip()[:300]))
        if len(parsed) < 2:
            raise forms.ValidationError("Give at least two answers.")
        return parsed


class AuditBandsForm(CoalitionForm):
    bands = forms.CharField(
        label="Bands",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="One a line, as lowest percent|name|guidance, like 40|Holding on|Write down…",
    )

    def clean_bands(self):
        parsed = []
        for line in self.cleaned_data["bands"].splitlines():
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|", 2)]
            if len(parts) != 3 or not parts[0].isdigit() or int(parts[0]) > 100 or not parts[1]:
                raise forms.ValidationError(f"“{line.strip()[:40]}” is not like 40|Name|Guidance.")
            parsed.append((int(parts[0]), parts[1][:100], parts[2]))
        if not parsed or min(p[0] for p in parsed) != 0:
            raise forms.ValidationError("One band must start at 0.")
        return sorted(parsed)
