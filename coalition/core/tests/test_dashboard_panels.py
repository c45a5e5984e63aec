import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coalition.core.cache import bump_generation
from coalition.core.dashboard import app_panels


@pytest.mark.django_db
def test_panels_are_counted_once_for_everyone_until_content_changes(
    django_assert_num_queries, commit
):
    today = timezone.localdate()
    titles = [panel.title for panel in app_panels(today)]
    # Each app's panels, in the order of INSTALLED_APPS, rendered once.
    assert titles[:3] == ["Campaign actions", "Events", "News"]
    with django_assert_num_queries(0):
        again = app_panels(today)
    assert [panel.title for panel in again] == titles
    assert all(panel.html and not panel.context for panel in again)
    with commit():
        bump_generation()  # what saving a campaign or an event does
    with CaptureQueriesContext(connection) as counted_again:
        app_panels(today)
    assert len(counted_again) > 0
