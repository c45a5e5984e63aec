from datetime import timedelta

import factory
from django.utils import timezone

from coalition.events.models import Event, Registration
from coalition.events.services.series import sync_occurrences


def in_days(days: float, hour: int = 10):
    moment = timezone.localtime() + timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


class EventFactory(factory.django.DjangoModelFactory):
    """A published one-day workshop in a fortnight, with dates made as the app makes them."""

    class Meta:
        model = Event
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Community workshop {n}")
    slug = factory.Sequence(lambda n: f"community-workshop-{n}")
    summary = "A workshop for community groups."
    description = "We will talk about **funding**."
    event_type = Event.Type.WORKSHOP
    starts_at = factory.LazyFunction(lambda: in_days(14))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=3))
    attendance = Event.Attendance.IN_PERSON
    venue = "Riverside Community Centre"
    address = "1 High Street\nLeeds"
    postcode = "LS1 1AA"
    capacity = 10
    contact_email = "events@example.org"
    status = Event.Status.PUBLISHED

    @factory.post_generation
    def dates(obj, create, extracted, **kwargs):
        if create:
            sync_occurrences(obj)


def register_people(occurrence, count, status=Registration.Status.CONFIRMED, start=0):
    return [
        Registration.objects.create(
            occurrence=occurrence,
            event=occurrence.event,
            name=f"Person {n}",
            email=f"person{n}@example.org",
            status=status,
        )
        for n in range(start, start + count)
    ]
