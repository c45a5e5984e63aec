"""Who may open each work programme page (read by tests/security/test_views_access.py)."""

from coalition.core.tests.access import STAFF

PUBLIC: set = set()
PROTECTED = {
    "programme:home": STAFF,
    "programme:project_new": STAFF,
    "programme:project": STAFF,
    "programme:funders": STAFF,
    "programme:funder": STAFF,
    "programme:application_new": STAFF,
    "programme:application": STAFF,
    "programme:report_received": STAFF,
    "programme:income": STAFF,
    "programme:import_subscriptions": STAFF,
    "programme:dashboard": STAFF,
    "programme:tenders": STAFF,
    "programme:tender_new": STAFF,
    "programme:tender": STAFF,
    "programme:export": STAFF,
}
POST_ONLY = {"programme:report_received", "programme:import_subscriptions"}
PUBLIC_STATUS: dict = {}
STAFF_STATUS: dict = {}


def url_kwargs(organisation) -> dict:
    from coalition.programme.tests.factories import (
        GrantReportFactory,
        ProjectFactory,
        TenderFactory,
    )

    report = GrantReportFactory()
    return {
        "programme:project": {"pk": ProjectFactory().pk},
        "programme:funder": {"pk": report.application.funder_id},
        "programme:application": {"pk": report.application_id},
        "programme:report_received": {"pk": report.pk},
        "programme:tender": {"pk": TenderFactory().pk},
        "programme:export": {"what": "income", "fmt": "csv"},
    }
