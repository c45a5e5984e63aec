"""Writing with a token: news and events enter moderation exactly as from the site.

The site's own forms check what is sent (the same rules and messages); the item is saved
as the token's organisation's and submitted for review by whoever made the token. An
`Idempotency-Key` makes a retry safe: the same key from the same token returns the first
item instead of making a second.

    make = prepare_news(token, {"title": ..., "summary": ..., "themes": ["funding"]})
    item_id = record(token, Submission.Kind.NEWS, key, make)
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from ninja import Status

from coalition.api.endpoints.common import form_data, refuse_form, region_id, theme_ids
from coalition.api.errors import ApiError
from coalition.api.models import Submission

MAX_KEY = 100


def idempotency_key(request) -> str:
    key = request.headers.get("Idempotency-Key", "").strip()
    if len(key) > MAX_KEY:
        message = f"At most {MAX_KEY} characters."
        raise ApiError(400, "invalid", "See fields.", {"Idempotency-Key": [message]})
    return key


def earlier(token, kind: str, key: str) -> int | None:
    """The id of what an earlier request with this key made, or None."""
    if not key:
        return None
    found = Submission.objects.filter(token=token, idempotency_key=key).first()
    if found is None:
        return None
    if found.kind != kind:
        raise ApiError(409, "conflict", "This Idempotency-Key was used for something else.")
    return found.object_id


def record(token, kind: str, key: str, make) -> int:
    """Run `make()` (which saves and returns the new object's id) once per key."""
    try:
        with transaction.atomic():
            object_id = make()
            Submission.objects.create(
                token=token, kind=kind, object_id=object_id, idempotency_key=key
            )
            return object_id
    except IntegrityError:
        # The same key arrived twice at once: the other request won; answer with its object.
        object_id = earlier(token, kind, key)
        if object_id is None:
            raise
        return object_id


def prepare_news(token, values: dict):
    """Check a news item; returns the function that saves and submits it."""
    from coalition.news.forms import NewsItemForm
    from coalition.news.models import NewsItem
    from coalition.news.services.moderation import save_item, submit_item

    values = {**values, "themes": theme_ids(values.get("themes", []))}
    values["organisation"] = token.organisation_id
    form = NewsItemForm(form_data(values), organisations=[token.organisation])
    if not form.is_valid():
        refuse_form(form)

    def make() -> int:
        item = form.save(commit=False)
        item.status = NewsItem.Status.DRAFT
        item.submitted_by = token.created_by
        save_item(item, form)
        submit_item(item, token.created_by)
        return item.pk

    return make


def uk_time(value) -> str:
    """A time with an offset, in UK time; one without is taken to be UK time already."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%Y-%m-%dT%H:%M")


def prepare_event(token, values: dict):
    """Check an event; returns the function that saves and submits it."""
    from coalition.events.forms import EventForm
    from coalition.events.models import Event
    from coalition.events.services.moderation import save_event, submit_event

    values = {**values, "themes": theme_ids(values.get("themes", []))}
    values["region"] = region_id(values.get("region"))
    values["organiser"] = token.organisation_id
    for name in ("starts_at", "ends_at"):  # the form reads UK time, as typed on the site
        values[name] = uk_time(values[name])
    form = EventForm(form_data(values), organisations=[token.organisation])
    if not form.is_valid():
        refuse_form(form)

    def make() -> int:
        event = form.save(commit=False)
        event.status = Event.Status.DRAFT
        event.submitted_by = token.created_by
        save_event(event, form)
        submit_event(event, token.created_by)
        return event.pk

    return make


def submitted(found) -> dict:
    """The answer to a submission (news item or event)."""
    return {
        "id": found.pk,
        "status": found.status,
        "title": found.title,
        "message": "Received: the coalition's staff will review it before it is published.",
    }


def submit(request, kind: str, model, prepare, payload) -> Status:
    """The whole of a POST: a retry answers 200 with the first item, a new one 201."""
    token = request.auth
    key = idempotency_key(request)
    if (existing := earlier(token, kind, key)) is not None:
        return Status(200, submitted(model.objects.get(pk=existing)))
    make = prepare(token, payload.dict())
    return Status(201, submitted(model.objects.get(pk=record(token, kind, key, make))))
