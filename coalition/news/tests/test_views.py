"""News pages with each persona: submitting, moderating, the public list, filters, bad input."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coalition.core.models import Theme
from coalition.news.models import NewsItem
from coalition.news.tests.factories import MemberFeedEntryFactory, NewsItemFactory

pytestmark = pytest.mark.django_db


def png() -> bytes:
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (4, 3), "teal").save(buffer, "PNG")
    return buffer.getvalue()


def submission(organisation, **extra):
    return {
        "title": "Our new community hub opens",
        "summary": "After two years of fundraising our hub opens its doors in March.",
        "body": "Come and see us. **Everyone** is welcome.",
        "organisation": organisation.pk,
        "action": "submit",
        **extra,
    }


def test_a_representative_submits_news_and_staff_are_told(
    signed_in, representative, organisation, commit, settings
):
    from coalition.core.models import CoalitionProfile

    CoalitionProfile.objects.update_or_create(
        pk=1, defaults={"name": "CSC", "email": "office@example.org"}
    )
    client = signed_in(representative)
    assert client.get(reverse("news:submit")).status_code == 200
    with commit():
        response = client.post(reverse("news:submit"), submission(organisation))
    item = NewsItem.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "news:my_item", args=[item.pk]
    )
    assert item.status == NewsItem.Status.SUBMITTED and item.organisation == organisation
    assert item.slug == "our-new-community-hub-opens" and item.submitted_by == representative
    assert any(m.to == ["office@example.org"] for m in mail.outbox)
    listing = client.get(reverse("news:my_news")).content.decode()
    assert "Our new community hub opens" in listing and "Waiting for review" in listing
    # Not public until approved.
    assert client.get(reverse("news:item", args=[item.slug])).status_code == 404


def test_a_draft_can_be_saved_and_sent_later(signed_in, representative, organisation):
    client = signed_in(representative)
    client.post(reverse("news:submit"), submission(organisation, action="draft"))
    item = NewsItem.objects.get()
    assert item.status == NewsItem.Status.DRAFT
    client.post(reverse("news:my_item", args=[item.pk]), submission(organisation))
    item.refresh_from_db()
    assert item.status == NewsItem.Status.SUBMITTED


def test_bad_submissions_are_refused_with_messages_and_nothing_saved(
    signed_in, representative, organisation, other_organisation
):
    client = signed_in(representative)
    response = client.post(reverse("news:submit"), {"title": "", "summary": "", "action": "submit"})
    assert response.status_code == 400
    content = response.content.decode()
    assert "There is a problem" in content and "This field is required" in content
    # Someone else's organisation is not a choice.
    response = client.post(reverse("news:submit"), submission(other_organisation))
    assert response.status_code == 400
    # A "picture" that is not one, whatever its name says.
    fake = SimpleUploadedFile("photo.png", b"MZ\x90\x00 not an image", content_type="image/png")
    response = client.post(
        reverse("news:submit"), submission(organisation, image=fake, image_alt="Our hub")
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Upload a valid image" in content or "not one we accept" in content
    # A real picture needs a description.
    picture = SimpleUploadedFile("hub.png", png(), content_type="image/png")
    response = client.post(reverse("news:submit"), submission(organisation, image=picture))
    assert response.status_code == 400
    assert "Describe the picture" in response.content.decode()
    assert not NewsItem.objects.exists()


def test_a_picture_checked_by_its_content_is_kept(signed_in, representative, organisation, staff):
    client = signed_in(representative)
    picture = SimpleUploadedFile("hub.png", png(), content_type="image/png")
    response = client.post(
        reverse("news:submit"), submission(organisation, image=picture, image_alt="The new hub")
    )
    assert response.status_code == 302
    item = NewsItem.objects.get()
    assert item.image.name.endswith(".png")
    item.status, item.published_at = "published", item.created
    item.save()
    page = client.get(item.get_absolute_url()).content.decode()
    assert 'alt="The new hub"' in page


def test_representatives_see_only_their_own_organisations_news(
    signed_in, representative, other_organisation
):
    theirs = NewsItemFactory(organisation=other_organisation, status="submitted", published_at=None)
    client = signed_in(representative)
    assert client.get(reverse("news:my_item", args=[theirs.pk])).status_code == 404
    response = client.post(
        reverse("news:my_item", args=[theirs.pk]), submission(other_organisation)
    )
    assert response.status_code == 404
    assert theirs.title not in client.get(reverse("news:my_news")).content.decode()


def test_published_news_is_not_edited_by_members(signed_in, representative, organisation):
    item = NewsItemFactory(organisation=organisation)
    client = signed_in(representative)
    page = client.get(reverse("news:my_item", args=[item.pk])).content.decode()
    assert "is published" in page and '<form method="post" enctype' not in page
    response = client.post(reverse("news:my_item", args=[item.pk]), submission(organisation))
    assert response.status_code == 409
    item.refresh_from_db()
    assert item.title != "Our new community hub opens"


def test_staff_moderation_queue_approve_and_reject_with_reason(
    signed_in, staff, representative, organisation, commit
):
    waiting = NewsItemFactory(
        organisation=organisation,
        status="submitted",
        published_at=None,
        submitted_by=representative,
    )
    other = NewsItemFactory(
        organisation=organisation,
        status="submitted",
        published_at=None,
        submitted_by=representative,
    )
    client = signed_in(staff)
    queue = client.get(reverse("news:staff_news")).content.decode()
    assert waiting.title in queue and other.title in queue
    # Rejecting without a reason is refused.
    response = client.post(reverse("news:staff_item_reject", args=[other.pk]), {"reason": ""})
    assert response.status_code == 400
    other.refresh_from_db()
    assert other.status == NewsItem.Status.SUBMITTED
    with commit():
        response = client.post(
            reverse("news:staff_item_reject", args=[other.pk]),
            {"reason": "This reads as an advert; tell us what changed for your members."},
        )
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.status == NewsItem.Status.REJECTED
    assert mail.outbox[-1].to == [representative.email]
    assert "reads as an advert" in mail.outbox[-1].body
    with commit():
        assert client.post(reverse("news:staff_item_approve", args=[waiting.pk])).status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == NewsItem.Status.PUBLISHED
    assert "published" in mail.outbox[-1].subject
    # A second decision is a conflict and changes nothing.
    assert client.post(reverse("news:staff_item_approve", args=[waiting.pk])).status_code == 409
    assert client.post(reverse("news:staff_item_publish", args=[waiting.pk])).status_code == 409
    # The member sees the reason and may send it again.
    page = signed_in(representative).get(reverse("news:my_item", args=[other.pk])).content.decode()
    assert "reads as an advert" in page


def test_staff_write_edit_and_publish_news(signed_in, staff):
    theme = Theme.objects.create(name="Funding and finance", slug="funding-and-finance")
    client = signed_in(staff)
    response = client.post(
        reverse("news:staff_item_new"),
        {
            "title": "A grant for our work",
            "summary": "We have been granted £3,300.",
            "body": "Thank you.",
            "themes": [theme.pk],
            "action": "publish",
        },
    )
    item = NewsItem.objects.get()
    assert response.status_code == 302 and item.status == NewsItem.Status.PUBLISHED
    assert item.organisation is None and list(item.themes.all()) == [theme]
    response = client.post(
        reverse("news:staff_item", args=[item.pk]),
        {"title": "A grant for our work", "summary": "Changed.", "slug": item.slug, "themes": []},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.summary == "Changed." and not item.themes.exists()
    response = client.post(
        reverse("news:staff_item", args=[item.pk]),
        {"title": "A grant", "summary": "x", "slug": "feed"},
    )
    assert response.status_code == 400 and "used by the news pages" in response.content.decode()
    draft = NewsItemFactory(status="draft", published_at=None)
    assert client.post(reverse("news:staff_item_publish", args=[draft.pk])).status_code == 302
    draft.refresh_from_db()
    assert draft.is_public


def test_the_public_list_filters_by_theme_and_organisation(client, organisation):
    theme = Theme.objects.create(name="Rural communities", slug="rural-communities")
    rural = NewsItemFactory(title="Village halls", organisation=organisation)
    rural.themes.add(theme)
    NewsItemFactory(title="From the coalition")
    NewsItemFactory(title="Not yet", status="submitted", published_at=None)
    content = client.get(reverse("news:list")).content.decode()
    assert "Village halls" in content and "From the coalition" in content
    assert "Not yet" not in content
    content = client.get(reverse("news:list"), {"theme": theme.slug}).content.decode()
    assert "Village halls" in content and "From the coalition" not in content
    content = client.get(reverse("news:list"), {"organisation": "coalition"}).content.decode()
    assert "Village halls" not in content and "From the coalition" in content
    content = client.get(reverse("news:list"), {"organisation": organisation.slug}).content.decode()
    assert "Village halls" in content and "From the coalition" not in content
    # The filtered list advertises the filtered feed too.
    assert reverse("news:organisation_feed_rss", args=[organisation.slug]) in content


@pytest.mark.parametrize(
    "query", [{"theme": "no-such-theme"}, {"organisation": "nobody"}, {"theme": "x" * 300}]
)
def test_a_bad_filter_answers_400_with_a_message(client, query):
    response = client.get(reverse("news:list"), query)
    assert response.status_code == 400
    assert "This address has a mistake" in response.content.decode()


def test_pages_advertise_their_feeds_in_the_head(client, organisation):
    item = NewsItemFactory(organisation=organisation)
    for url in [reverse("news:list"), item.get_absolute_url(), reverse("news:member_entries"), "/"]:
        head = client.get(url).content.decode().split("</head>")[0]
        assert 'rel="alternate" type="application/rss+xml"' in head, url
        assert 'type="application/atom+xml"' in head, url
    head = client.get(item.get_absolute_url()).content.decode().split("</head>")[0]
    assert reverse("news:organisation_feed_atom", args=[organisation.slug]) in head


def test_from_our_members_links_to_the_originals(client, organisation):
    entry = MemberFeedEntryFactory(feed__organisation=organisation, title="Our spring fair")
    for url in [reverse("news:list"), reverse("news:member_entries"), "/"]:
        content = client.get(url).content.decode()
        assert "Our spring fair" in content and f'href="{entry.link}"' in content, url


def test_the_home_page_shows_the_latest_news(client):
    NewsItemFactory(title="Planning Group agrees priorities")
    content = client.get("/").content.decode()
    assert "Latest news" in content and "Planning Group agrees priorities" in content


def test_the_cache_is_emptied_when_news_is_published(client, staff, commit):
    from coalition.news.services.moderation import publish_item

    item = NewsItemFactory(status="draft", published_at=None, title="Fresh news")
    assert "Fresh news" not in client.get(reverse("news:list")).content.decode()
    assert client.get(reverse("news:list"))["X-Page-Cache"] == "hit"
    with commit():
        publish_item(item, staff)
    assert "Fresh news" in client.get(reverse("news:list")).content.decode()


def test_a_published_item_always_keeps_a_publication_time(signed_in, staff):
    item = NewsItemFactory()
    data = {"title": item.title, "summary": item.summary, "slug": item.slug, "published_at": ""}
    assert signed_in(staff).post(item.get_staff_url(), data).status_code == 302
    item.refresh_from_db()
    assert item.published_at and item.is_public


def test_a_paused_feed_disappears_from_the_site(
    signed_in, representative, organisation, client, commit
):
    entry = MemberFeedEntryFactory(feed__organisation=organisation, title="Paused post")
    assert "Paused post" in client.get(reverse("news:member_entries")).content.decode()
    url = reverse("news:my_feed", args=[organisation.slug])
    with commit():
        response = signed_in(representative).post(url, {"url": entry.feed.url})  # unticked
    assert response.status_code == 302
    entry.feed.refresh_from_db()
    assert not entry.feed.is_active
    assert "Paused post" not in client.get(reverse("news:member_entries")).content.decode()
