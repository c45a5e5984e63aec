"""Personal data in members: people who represent organisations, applicants, invitations."""

from coalition.privacy.registry import (
    EMAIL,
    ERASED,
    ERASED_NAME,
    Collects,
    Table,
    by_email,
    by_user,
    contains,
    either,
    eraser,
    exporter,
    related,
)

COLLECTS = [
    Collects(
        what="Representatives' names, email addresses, telephone numbers and roles at their "
        "organisations; Executive Group seats and staff roles",
        why="To run the membership: who represents each member, who may edit its profile, "
        "who receives renewal reminders (legitimate interests; the membership contract)",
        kept="While the person represents a member; erased on request",
    ),
    Collects(
        what="Applications to join: the applicant's name, email address and role",
        why="To decide the application and contact the applicant",
        kept="With the application's record; erased on request",
    ),
]

# The person's own row goes last: the others are found through it.
TABLES = [
    Table("members.Affiliation", match=related("person")),
    Table("members.ExecutiveSeat", match=related("person")),
    Table("members.StaffRole", match=related("person")),
    Table("members.Invitation", match=related("person"), delete=True),
    Table(
        "members.Application",
        match=by_email("contact_email"),
        erase={"contact_name": ERASED_NAME, "contact_email": EMAIL, "contact_role": ERASED},
    ),
    Table("members.RenewalReminder", match=contains("sent_to")),
    Table(
        "members.Person",
        match=either(by_email("email"), by_user("user")),
        erase={
            "name": ERASED_NAME,
            "email": EMAIL,
            "phone": "",
            "user": None,
            "listed_publicly": False,
        },
    ),
]
# Text columns searched for the address after erasure (besides TABLES').
SCRUB = ["members.Organisation"]

export = exporter(TABLES)
erase = eraser(TABLES)
