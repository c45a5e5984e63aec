"""Discussions: start, reply, quote, follow, email and digest, mentions, visibility."""

import pytest
from django.core import mail
from django.urls import reverse

from coalition.discussions.jobs import daily_digest
from coalition.discussions.models import (
    Follow,
    Mention,
    NotificationPreference,
    PendingNotification,
    Post,
    Thread,
)
from coalition.discussions.tests.factories import PostFactory, ThreadFactory
from coalition.members.tests.factories import (
    AffiliationFactory,
    PersonFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_representative(other_organisation):
    user = UserFactory()
    AffiliationFactory(
        person=PersonFactory(email=user.email, user=user),
        organisation=other_organisation,
        is_representative=True,
    )
    return user


def start(client, theme, **extra):
    data = {"title": "Commissioning in West Sussex", "theme": theme.pk, "visibility": "members"}
    data.update({"body": "Our members report contracts replacing grants."} | extra)
    return client.post(reverse("discussions:new"), data)


def test_a_member_starts_a_discussion_another_replies_and_the_first_is_emailed(
    client, representative, organisation, other_representative, commit
):
    theme = ThemeFactory(name="Funding")
    client.force_login(representative)
    response = start(client, theme)
    thread = Thread.objects.get()
    assert response.url == thread.get_absolute_url()
    assert thread.organisation == organisation and thread.post_count == 1
    assert Follow.objects.filter(thread=thread, user=representative).exists()

    client.force_login(other_representative)
    with commit():
        response = client.post(
            reverse("discussions:reply", args=[thread.pk]),
            {"body": "Same in Nottingham.", "quoted": thread.posts.get().pk},
        )
    assert response.status_code == 302
    reply = Post.objects.latest("pk")
    assert reply.quoted is not None
    assert [m.to for m in mail.outbox] == [[representative.email]]
    assert "Same in Nottingham." in mail.outbox[0].body
    assert reply.get_absolute_url() in mail.outbox[0].body
    thread.refresh_from_db()
    assert thread.post_count == 2
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "wrote:" in page and "Same in Nottingham." in page


def test_bad_input_is_refused_beside_the_field(client, representative):
    client.force_login(representative)
    response = client.post(reverse("discussions:new"), {"title": "", "body": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Give the discussion a title." in page and "Write the first post" in page
    thread = ThreadFactory()
    response = client.post(reverse("discussions:reply", args=[thread.pk]), {"body": ""})
    assert response.status_code == 400
    assert "Write your reply before sending it." in response.content.decode()


def test_posts_are_sanitised(client, representative):
    thread = ThreadFactory()
    client.force_login(representative)
    client.post(
        reverse("discussions:reply", args=[thread.pk]),
        {"body": "**Bold** <img src=x onerror=alert(1)> [x](javascript:alert(1))"},
    )
    html = Post.objects.get().body_html
    assert "<strong>Bold</strong>" in html
    assert "onerror" not in html and "javascript:" not in html and "<img" not in html


def test_members_only_threads_are_hidden_from_others(client, outsider):
    thread = ThreadFactory(visibility=Thread.Visibility.MEMBERS, title="Private matters")
    assert client.get(thread.get_absolute_url()).status_code == 404
    client.force_login(outsider)
    assert client.get(thread.get_absolute_url()).status_code == 404
    assert "Private matters" not in client.get(reverse("discussions:index")).content.decode()


def test_people_who_are_not_members_cannot_post(client, outsider):
    thread = ThreadFactory()
    client.force_login(outsider)
    assert (
        client.post(reverse("discussions:reply", args=[thread.pk]), {"body": "x"}).status_code
        == 404
    )
    assert not Post.objects.exists()


def test_the_daily_digest_option(client, representative, other_representative, commit):
    thread = ThreadFactory()
    Follow.objects.create(thread=thread, user=representative)
    NotificationPreference.objects.create(user=representative, mode="daily")
    client.force_login(other_representative)
    with commit():
        client.post(reverse("discussions:reply", args=[thread.pk]), {"body": "First news."})
        client.post(reverse("discussions:reply", args=[thread.pk]), {"body": "Second news."})
    assert mail.outbox == []
    assert PendingNotification.objects.count() == 2
    with commit():
        daily_digest()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [representative.email]
    assert "First news." in mail.outbox[0].body and "Second news." in mail.outbox[0].body
    assert not PendingNotification.objects.exists()
    with commit():
        daily_digest()
    assert len(mail.outbox) == 1  # nothing sent twice


def test_email_choices_and_unfollowing(client, representative, other_representative, commit):
    thread = ThreadFactory()
    client.force_login(representative)
    client.post(reverse("discussions:follow", args=[thread.pk]), {"follow": "1"})
    assert Follow.objects.filter(user=representative).exists()
    response = client.post(reverse("discussions:preferences"), {"mode": "off"})
    assert response.status_code == 302
    client.force_login(other_representative)
    with commit():
        client.post(reverse("discussions:reply", args=[thread.pk]), {"body": "Hello."})
    assert mail.outbox == []
    client.force_login(representative)
    client.post(reverse("discussions:follow", args=[thread.pk]), {"follow": "0"})
    assert not Follow.objects.filter(user=representative).exists()
    assert client.post(reverse("discussions:preferences"), {"mode": "never"}).status_code == 400


def test_mentioning_an_organisation_links_it_and_tells_its_representatives(
    client, representative, other_organisation, other_representative, commit
):
    thread = ThreadFactory()
    client.force_login(representative)
    with commit():
        client.post(
            reverse("discussions:reply", args=[thread.pk]),
            {"body": f"@{other_organisation.slug} ran a workshop on this; @nobody-here did not."},
        )
    post = Post.objects.get()
    assert Mention.objects.filter(post=post, organisation=other_organisation).exists()
    assert f'href="/members/{other_organisation.slug}/"' in post.body_html
    assert "@nobody-here" in post.body_html
    assert [m.to for m in mail.outbox] == [[other_representative.email]]
    assert "was mentioned" in mail.outbox[0].subject


def test_a_thread_can_be_attached_to_a_policy_development(client, representative):
    from coalition.policy.tests.factories import DevelopmentFactory

    development = DevelopmentFactory()
    client.force_login(representative)
    form = client.get(reverse("discussions:new"), {"development": development.pk})
    assert f'value="{development.pk}" selected' in form.content.decode()
    start(client, ThemeFactory(), development=development.pk, visibility="public")
    thread = Thread.objects.get()
    assert thread.development == development
    page = client.get(development.get_absolute_url()).content.decode()
    assert thread.title in page


def test_a_long_thread_is_paged_and_a_post_link_opens_its_page(client, settings):
    settings.DISCUSSIONS_POSTS_PER_PAGE = 5
    thread = ThreadFactory()
    posts = [PostFactory(thread=thread, body=f"Post number {n}") for n in range(12)]
    Thread.objects.filter(pk=thread.pk).update(post_count=12)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Post number 0" in page and "Post number 5" not in page
    page = client.get(thread.get_absolute_url(), {"post": posts[11].pk}).content.decode()
    assert "Post number 11" in page and "Post number 0<" not in page


def test_the_reply_notification_really_leaves_through_smtp(
    client, representative, other_representative, smtp_server, commit
):
    thread = ThreadFactory(title="Grants or contracts?")
    Follow.objects.create(thread=thread, user=representative)
    client.force_login(other_representative)
    with commit():
        client.post(reverse("discussions:reply", args=[thread.pk]), {"body": "Grants, please."})
    message = smtp_server.last_to(representative.email)
    from email.header import decode_header, make_header

    assert str(make_header(decode_header(message["Subject"]))) == (
        "New post in “Grants or contracts?”"
    )
    body = smtp_server.text(message)
    assert "Grants, please." in body
    assert "?post=" in smtp_server.link_in(message, "http")


def test_authors_edit_their_own_posts_and_only_new_mentions_are_told(
    client, representative, other_representative, other_organisation, commit
):
    thread = ThreadFactory()
    client.force_login(representative)
    with commit():
        client.post(
            reverse("discussions:reply", args=[thread.pk]),
            {"body": f"Contracts replaced our grants. @{other_organisation.slug} saw it too."},
        )
    post = Post.objects.get()
    mail.outbox.clear()
    page = client.get(thread.get_absolute_url()).content.decode()
    edit_url = reverse("discussions:edit", args=[post.pk])
    assert f'href="{edit_url}"' in page and "(edited" not in page

    empty = client.post(edit_url, {"body": ""})
    assert empty.status_code == 400 and "A post cannot be empty" in empty.content.decode()
    post.refresh_from_db()
    assert post.body.startswith("Contracts replaced") and post.edited is None

    with commit():
        response = client.post(
            edit_url, {"body": f"Contracts replaced two grants. @{other_organisation.slug}"}
        )
    assert response.status_code == 302 and response.url == post.get_absolute_url()
    post.refresh_from_db()
    assert "two grants" in post.body_html and post.edited is not None
    assert mail.outbox == []  # the mentioned organisation was told the first time
    assert "(edited " in client.get(thread.get_absolute_url()).content.decode()

    # Someone else, however trusted, cannot: the post is not theirs.
    client.force_login(other_representative)
    assert client.get(edit_url).status_code == 404
    assert client.post(edit_url, {"body": "Rewritten by another."}).status_code == 404
    assert f'href="{edit_url}"' not in client.get(thread.get_absolute_url()).content.decode()
    post.refresh_from_db()
    assert "two grants" in post.body

    # Once the thread is locked, the author cannot change it either.
    Thread.objects.filter(pk=thread.pk).update(is_locked=True)
    client.force_login(representative)
    locked = client.post(edit_url, {"body": "Too late."})
    assert locked.status_code == 409 and "locked" in locked.content.decode()
    post.refresh_from_db()
    assert "two grants" in post.body
