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
    first = app_panels(today)
    assert [panel.title for panel in first] == ["Campaign actions", "Events"]
    with django_assert_num_queries(0):
        assert [panel.title for panel in app_panels(today)] == ["Campaign actions", "Events"]
    with commit():
        bump_generation()  # what saving a campaign or an event does
    with CaptureQueriesContext(connection) as counted_again:
        app_panels(today)
    assert len(counted_again) > 0
