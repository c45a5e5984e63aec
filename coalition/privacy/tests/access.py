"""Who may open each privacy page (read by tests/security/test_views_access.py)."""

from coalition.core.tests.access import EDITOR, SIGNED_IN, STAFF

PUBLIC = {"privacy:notice"}
PROTECTED = {
    "privacy:my_data": SIGNED_IN,
    # Only the person who asked for the export: everyone else (staff too) gets 404.
    "privacy:download": EDITOR,
    "privacy:staff_home": STAFF,
    "privacy:staff_export": STAFF,
    "privacy:staff_erase": STAFF,
}
POST_ONLY = {"privacy:staff_export"}
STAFF_STATUS = {"privacy:download": 404}


def url_kwargs(organisation) -> dict:
    from coalition.members.tests.factories import UserFactory
    from coalition.privacy.models import ExportRequest

    export = ExportRequest.objects.create(
        email="someone@example.org", requested_by=UserFactory(), status="ready"
    )
    return {"privacy:download": {"public_id": export.public_id}}
