import re
from datetime import date, datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.text import slugify

from coalition.core.forms import CoalitionForm, CoalitionModelForm
from coalition.core.models import Region, Theme
from coalition.events.models import Event, Occurrence, Registration
from coalition.events.models.events import RESERVED_SLUGS
from coalition.events.services.moderation import capacity_problems, occurrence_capacity_problem
from coalition.events.services.series import REPEAT_RULES, build_rrule, describe_rrule
from coalition.lib.postcodes import normalise_postcode
from coalition.members.models import Organisation

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def datetime_input():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT)


class EventForm(CoalitionModelForm):
    """The event form for staff and for member representatives (who pick one of their orgs)."""

    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Themes",
    )
    ends_at = forms.DateTimeField(
        label="Ends",
        widget=datetime_input(),
        help_text="For an all-day event, the last day (any time).",
    )
    repeat = forms.ChoiceField(label="Repeats", choices=list(REPEAT_RULES.items()), required=False)
    repeat_count = forms.IntegerField(
        label="Number of dates",
        required=False,
        min_value=2,
        max_value=200,
        help_text="For a repeating event: how many dates in all. Or give a last date instead.",
    )
    repeat_until = forms.DateField(
        label="Last date",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="For a repeating event with no number of dates. Empty for both: no end.",
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "summary",
            "description",
            "event_type",
            "organiser",
            "themes",
            "region",
            "starts_at",
            "ends_at",
            "all_day",
            "attendance",
            "venue",
            "address",
            "postcode",
            "online_url",
            "online_details",
            "step_free_access",
            "accessible_toilets",
            "hearing_loop",
            "bsl_interpretation",
            "quiet_room",
            "access_notes",
            "access_contact_name",
            "access_contact_email",
            "access_contact_phone",
            "registration_enabled",
            "capacity",
            "waitlist_enabled",
            "registration_opens",
            "registration_closes",
            "contact_email",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 8}),
            "address": forms.Textarea(attrs={"rows": 3}),
            "online_details": forms.Textarea(attrs={"rows": 3}),
            "access_notes": forms.Textarea(attrs={"rows": 3}),
            "attendance": forms.RadioSelect,
            "starts_at": datetime_input(),
            "registration_opens": datetime_input(),
            "registration_closes": datetime_input(),
        }
        labels = {"region": "Region", "organiser": "Organiser"}
        help_texts = {"starts_at": "Date and time, UK time."}

    def __init__(self, *args, organisations=None, staff=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.staff = staff
        organiser = self.fields["organiser"]
        if staff:
            organiser.queryset = Organisation.objects.listed()
            organiser.empty_label = "The coalition"
            organiser.required = False
        else:
            organiser.queryset = Organisation.objects.filter(
                pk__in=[o.pk for o in organisations or []]
            )
            organiser.required = True
            organiser.empty_label = None
            organiser.help_text = "The member organisation running the event."
        self.fields["region"].empty_label = "Not in one region"
        self.fields["capacity"].widget.attrs["min"] = 0
        rule = self.instance.rrule if self.instance.pk else ""
        if rule:
            choice = describe_rrule(rule)
            if not choice:
                self.fields["repeat"].choices = [
                    ("keep", f"Keep the current rule ({rule})"),
                    *REPEAT_RULES.items(),
                ]
                choice = "keep"
            self.initial["repeat"] = choice
            parts = dict(p.split("=", 1) for p in rule.split(";") if "=" in p)
            if "COUNT" in parts:
                self.initial["repeat_count"] = int(parts["COUNT"])
            if "UNTIL" in parts:
                until = datetime.strptime(parts["UNTIL"][:8], "%Y%m%d").date()
                self.initial["repeat_until"] = until
        if self.instance.pk and self.instance.all_day and self.instance.ends_at:
            last_day = timezone.localtime(self.instance.ends_at) - timedelta(minutes=1)
            self.initial["ends_at"] = last_day.replace(hour=0, minute=0)

    def clean_postcode(self) -> str:
        value = self.cleaned_data.get("postcode", "")
        if not value:
            return ""
        try:
            return normalise_postcode(value)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None

    def clean_capacity(self):
        capacity = self.cleaned_data.get("capacity")
        problems = capacity_problems(self.instance, capacity)
        if problems:
            raise forms.ValidationError(problems[0])
        return capacity

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if data.get("all_day") and starts:
            zone = timezone.get_current_timezone()
            first = timezone.localtime(starts).date()
            last = timezone.localtime(ends).date() if ends else first
            if last < first:
                self.add_error("ends_at", "The last day must not be before the first day.")
            else:
                data["starts_at"] = timezone.make_aware(datetime.combine(first, time()), zone)
                data["ends_at"] = timezone.make_aware(
                    datetime.combine(last + timedelta(days=1), time()), zone
                )
        elif starts and not ends:
            self.add_error("ends_at", "Enter when the event ends.")
        elif starts and ends and ends <= starts:
            self.add_error("ends_at", "The event must end after it starts.")
        attendance = data.get("attendance")
        if attendance in (Event.Attendance.IN_PERSON, Event.Attendance.HYBRID):
            if not (data.get("venue") or data.get("address")):
                self.add_error("venue", "Say where the event takes place, or choose “Online”.")
        repeat = data.get("repeat")
        if repeat and repeat != "keep":
            until = data.get("repeat_until")
            if (
                until
                and data.get("starts_at")
                and until < timezone.localtime(data["starts_at"]).date()
            ):
                self.add_error("repeat_until", "The last date must be after the first.")
        if data.get("repeat_count") and data.get("repeat_until"):
            self.add_error("repeat_until", "Give a number of dates or a last date, not both.")
        opens, closes = data.get("registration_opens"), data.get("registration_closes")
        if opens and closes and closes <= opens:
            self.add_error("registration_closes", "Registration must close after it opens.")
        return data

    def save(self, commit=True):
        event = super().save(commit=False)
        repeat = self.cleaned_data.get("repeat")
        if repeat != "keep":
            event.rrule = build_rrule(
                repeat or "",
                timezone.localtime(event.starts_at, event.zone),
                self.cleaned_data.get("repeat_count"),
                self.cleaned_data.get("repeat_until"),
            )
        if not event.slug:
            event.slug = unique_slug(event.title, event.starts_at)
        if commit:
            event.save()
            self.save_m2m()
        return event


def unique_slug(title: str, starts_at: datetime) -> str:
    base = slugify(title)[:150] or "event"
    if base in RESERVED_SLUGS or Event.objects.filter(slug=base).exists():
        base = f"{base}-{timezone.localtime(starts_at):%Y-%m-%d}"
    slug, number = base, 2
    while Event.objects.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


class OccurrenceForm(CoalitionModelForm):
    class Meta:
        model = Occurrence
        fields = ["starts_at", "ends_at", "capacity", "note"]
        widgets = {"starts_at": datetime_input(), "ends_at": datetime_input()}
        help_texts = {"starts_at": "Date and time, UK time."}

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", "This date must end after it starts.")
        if "capacity" in data:
            problem = occurrence_capacity_problem(self.instance, data.get("capacity"))
            if problem:
                self.add_error("capacity", problem)
        return data


class ReasonForm(CoalitionForm):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text="Sent to the people concerned. Be clear about what they should do next.",
    )


class RegistrationForm(CoalitionModelForm):
    occurrence = forms.ModelChoiceField(
        queryset=Occurrence.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        label="Which date",
    )

    class Meta:
        model = Registration
        fields = ["occurrence", "name", "email", "access_needs", "dietary_needs"]
        labels = {
            "access_needs": "Access needs",
            "dietary_needs": "Dietary needs",
        }
        help_texts = {
            "email": "We send your confirmation here, with a link to cancel if you can’t come.",
            "access_needs": "Anything that would help you take part: a BSL interpreter, "
            "step-free access, large print, a quiet space, breaks. Only the organisers see it.",
            "dietary_needs": "Allergies, vegetarian, vegan, halal, kosher…",
        }
        widgets = {
            "access_needs": forms.Textarea(attrs={"rows": 3}),
            "dietary_needs": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, occurrences=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["occurrence"]
        field.queryset = Occurrence.objects.filter(pk__in=[o.pk for o in occurrences])
        field.label_from_instance = occurrence_label
        self.single = len(occurrences) == 1
        if self.single:
            field.widget = forms.HiddenInput()
            self.initial["occurrence"] = occurrences[0].pk
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"


def occurrence_label(occurrence: Occurrence) -> str:
    start = occurrence.local_start
    text = f"{start:%A %-d %B %Y}"
    if not occurrence.event.all_day:
        text += f", {start:%H:%M}–{occurrence.local_end:%H:%M}"
    state = occurrence.registration_state()
    if state == "full":
        text += " (full: join the waitlist)"
    return text


# --- calendar filters -------------------------------------------------------------------------

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class CalendarFilterForm(forms.Form):
    """Reads the calendar's and the feeds' query parameters. Bad values answer 400."""

    VIEWS = [("list", "List"), ("month", "Month")]
    WHEN = [("upcoming", "Upcoming"), ("past", "Past events")]
    MODES = [("", "Online or in person"), ("in-person", "In person"), ("online", "Online")]

    type = forms.ChoiceField(
        label="Type of event", required=False, choices=[("", "Any type"), *Event.Type.choices]
    )
    theme = forms.ModelChoiceField(
        queryset=Theme.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="Any theme",
        label="Theme",
    )
    region = forms.ModelChoiceField(
        queryset=Region.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="Anywhere",
        label="Region",
    )
    mode = forms.ChoiceField(label="Online or in person", required=False, choices=MODES)
    organiser = forms.CharField(label="Organiser", required=False, max_length=200)
    view = forms.ChoiceField(required=False, choices=VIEWS)
    month = forms.CharField(required=False, max_length=7)
    day = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
    when = forms.ChoiceField(required=False, choices=WHEN)

    FILTERS = ("type", "theme", "region", "mode", "organiser")

    def clean_month(self) -> date | None:
        value = self.cleaned_data.get("month")
        if not value:
            return None
        match = MONTH.match(value)
        if not match or not (1 <= int(match[2]) <= 12) or not (1900 <= int(match[1]) <= 2999):
            raise forms.ValidationError("Give the month as YYYY-MM, e.g. 2026-03.")
        return date(int(match[1]), int(match[2]), 1)

    def clean_organiser(self):
        value = self.cleaned_data.get("organiser")
        if not value or value == "coalition":
            return value
        organisation = Organisation.objects.filter(slug=value).first()
        if organisation is None:
            raise forms.ValidationError("There is no organiser with this name.")
        return organisation

    @property
    def active_filters(self) -> dict:
        if not hasattr(self, "cleaned_data"):
            return {}
        return {k: self.cleaned_data[k] for k in self.FILTERS if self.cleaned_data.get(k)}

    def filter_occurrences(self, occurrences):
        return apply_filters(occurrences, self.active_filters, prefix="event__")

    def filter_events(self, events):
        return apply_filters(events, self.active_filters, prefix="")


def apply_filters(queryset, filters: dict, prefix: str):
    if event_type := filters.get("type"):
        queryset = queryset.filter(**{f"{prefix}event_type": event_type})
    if theme := filters.get("theme"):
        queryset = queryset.filter(**{f"{prefix}themes": theme})
    if region := filters.get("region"):
        queryset = queryset.filter(**{f"{prefix}region": region})
    if mode := filters.get("mode"):
        modes = (
            [Event.Attendance.ONLINE, Event.Attendance.HYBRID]
            if mode == "online"
            else [Event.Attendance.IN_PERSON, Event.Attendance.HYBRID]
        )
        queryset = queryset.filter(**{f"{prefix}attendance__in": modes})
    if organiser := filters.get("organiser"):
        if organiser == "coalition":
            queryset = queryset.filter(**{f"{prefix}organiser__isnull": True})
        else:
            queryset = queryset.filter(**{f"{prefix}organiser": organiser})
    return queryset
