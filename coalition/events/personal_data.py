"""Personal data in events: registrations (with access and dietary needs), calendar links."""

from coalition.privacy.registry import (
    EMAIL,
    ERASED_NAME,
    Collects,
    Table,
    by_email,
    by_user,
    either,
    eraser,
    exporter,
)

COLLECTS = [
    Collects(
        what="People who register for an event: name, email address, account if signed in, "
        "access and dietary needs they tell us, attendance",
        why="To hold their place, run the waitlist, send reminders and changes, and meet "
        "their access needs (access needs are shared only with the event's organiser)",
        kept="With the event's record; erased on request (attendance counts stay)",
    ),
    Collects(
        what="Organisers' contact and access-contact details on events they submit",
        why="So people can ask about the event",
        kept="While the event is listed",
    ),
]

TABLES = [
    Table(
        "events.Registration",
        match=either(by_email("email"), by_user("user")),
        erase={
            "name": ERASED_NAME,
            "email": EMAIL,
            "user": None,
            "access_needs": "",
            "dietary_needs": "",
        },
    ),
    Table("events.PersonalFeed", match=by_user("user"), delete=True),
    Table(
        "events.Event",
        match=either(by_email("contact_email", "access_contact_email"), by_user("submitted_by")),
    ),
]

export = exporter(TABLES)
erase = eraser(TABLES)
