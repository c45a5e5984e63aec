"""A member's directory entry shows its recent public activity, and nothing members-only."""

import pytest

from coalition.discussions.models import Thread
from coalition.discussions.tests.factories import PostFactory, ThreadFactory
from coalition.policy.models import Response, Signature
from coalition.policy.tests.factories import ResponseFactory

pytestmark = pytest.mark.django_db


def test_the_directory_entry_lists_threads_signatures_and_news(client, organisation):
    from coalition.news.tests.factories import NewsItemFactory

    public = ThreadFactory(title="Commissioning in West Sussex", organisation=organisation)
    PostFactory(thread=public, organisation=organisation)
    private = ThreadFactory(title="Members only talk", visibility=Thread.Visibility.MEMBERS)
    PostFactory(thread=private, organisation=organisation)
    published = ResponseFactory(
        title="Response to the White Paper", status=Response.Status.PUBLISHED
    )
    draft = ResponseFactory(title="A draft still")
    for joint in (published, draft):
        Signature.objects.create(response=joint, organisation=organisation)
    NewsItemFactory(organisation=organisation, title="Our annual report is out")
    page = client.get(organisation.get_absolute_url()).content.decode()
    assert "Recent activity" in page
    assert "Started a discussion" in page and "Commissioning in West Sussex" in page
    assert "Signed the joint response" in page and "Response to the White Paper" in page
    assert "Members only talk" not in page and "A draft still" not in page
    assert "Our annual report is out" in page
