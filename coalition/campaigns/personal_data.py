"""Personal data in campaigns: supporters' signatures, letters and pledges."""

from coalition.privacy.registry import (
    EMAIL,
    ERASED,
    ERASED_NAME,
    Collects,
    Table,
    by_email,
    eraser,
    exporter,
    related,
)

COLLECTS = [
    Collects(
        what="Supporters who sign a petition, write to a decision-maker or make a pledge: "
        "name, email address, postcode, organisation, the consent to further contact they "
        "chose and the words they saw, and any letter they wrote",
        why="To count each person once, confirm it was them (by email), send their letter, "
        "report totals by region and partner, and contact them only if they agreed",
        kept="Unconfirmed actions are deleted after {PRIVACY_UNCONFIRMED_DAYS} days; "
        "confirmed ones for the campaign's life; erased on request (the totals stay)",
    ),
]

TABLES = [
    Table(
        "campaigns.Letter",
        match=related("participation", user_field=None),
        erase={"subject": ERASED, "body": ERASED},
    ),
    # Rows stay (status and confirmation time) so every total and chart stays true;
    # the postcode's district and area stay for the regional counts.
    Table(
        "campaigns.Participation",
        match=by_email("email", "email_normalised"),
        erase={
            "name": ERASED_NAME,
            "email": EMAIL,
            "email_normalised": lambda row: f"erased-{row.pk}@erased.invalid",
            "postcode": "",
            "contact_by_coalition": False,
            "contact_by_partner": False,
        },
    ),
]
SCRUB = ["campaigns.DecisionMaker"]

export = exporter(TABLES)
erase = eraser(TABLES)
