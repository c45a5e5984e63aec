"""Who may open each events page (read by tests/security/test_views_access.py)."""

from coalition.core.tests.access import EDITOR, SIGNED_IN, STAFF

PUBLIC = {
    "events:calendar",
    "events:feed",
    "events:event",
    "events:event_ics",
    "events:register",
    "events:registration",
    "events:registration_cancel",
    "events:registration_claim",
    "events:registration_ics",
    "events:my_feed",
}
PROTECTED = {
    "events:my_events": SIGNED_IN,
    "events:my_feed_link": SIGNED_IN,
    "events:organise": EDITOR,
    "events:organise_new": EDITOR,
    "events:organise_event": EDITOR,
    "events:organise_submit": EDITOR,
    "events:attendees": EDITOR,
    "events:attendees_csv": EDITOR,
    "events:attendance": EDITOR,
    "events:staff_events": STAFF,
    "events:staff_event_new": STAFF,
    "events:staff_event": STAFF,
    "events:staff_event_approve": STAFF,
    "events:staff_event_reject": STAFF,
    "events:staff_event_publish": STAFF,
    "events:staff_event_cancel": STAFF,
    "events:staff_occurrence": STAFF,
    "events:staff_occurrence_cancel": STAFF,
}
POST_ONLY = {
    "events:registration_cancel",
    "events:registration_claim",
    "events:organise_submit",
    "events:attendance",
    "events:staff_event_approve",
    "events:staff_event_reject",
    "events:staff_event_publish",
    "events:staff_event_cancel",
    "events:staff_occurrence_cancel",
}
PUBLIC_STATUS = {"events:registration_cancel": 405, "events:registration_claim": 405}
STAFF_STATUS = {}


def url_kwargs(organisation) -> dict:
    from coalition.events.models import PersonalFeed, Registration
    from coalition.events.tests.factories import EventFactory
    from coalition.members.tests.factories import UserFactory

    event = EventFactory(organiser=organisation, status="draft")
    public = EventFactory(slug="access-event")
    occurrence = event.occurrences.get()
    registration = Registration.objects.create(
        occurrence=public.occurrences.get(),
        event=public,
        name="Sam",
        email="sam@example.org",
        status=Registration.Status.CONFIRMED,
    )
    mine = Registration.objects.create(
        occurrence=occurrence,
        event=event,
        name="Ali",
        email="ali@example.org",
        status=Registration.Status.CONFIRMED,
    )
    feed = PersonalFeed.objects.create(user=UserFactory())
    own = {"pk": event.pk}
    return {
        "events:event": {"slug": public.slug},
        "events:event_ics": {"slug": public.slug},
        "events:register": {"slug": public.slug},
        "events:registration": {"token": registration.token},
        "events:registration_cancel": {"token": registration.token},
        "events:registration_claim": {"token": registration.token},
        "events:registration_ics": {"token": registration.token},
        "events:my_feed": {"token": feed.token},
        "events:organise_event": own,
        "events:organise_submit": own,
        "events:attendees": own,
        "events:attendees_csv": own,
        "events:attendance": {"pk": event.pk, "registration": mine.pk},
        "events:staff_event": own,
        "events:staff_event_approve": own,
        "events:staff_event_reject": own,
        "events:staff_event_publish": own,
        "events:staff_event_cancel": own,
        "events:staff_occurrence": {"pk": event.pk, "occurrence": occurrence.pk},
        "events:staff_occurrence_cancel": {"pk": event.pk, "occurrence": occurrence.pk},
    }
