"""The staff dashboard shows the policy and discussions panels."""

import pytest
from django.urls import reverse

from coalition.discussions.tests.factories import PostFactory
from coalition.policy.tests.factories import CommentFactory, DevelopmentFactory

pytestmark = pytest.mark.django_db


def test_the_dashboard_shows_deadlines_open_comments_and_posts_to_review(client, staff):
    DevelopmentFactory(title="Compact consultation")
    comment = CommentFactory()
    PostFactory(is_hidden=True, author_name="Urban Forum")
    client.force_login(staff)
    page = client.get(reverse("core:staff_dashboard")).content.decode()
    assert "Compact consultation" in page
    assert comment.section.response.title in page
    assert "open comments on joint responses" in page
    assert "Urban Forum in" in page and "discussion posts waiting for review" in page
