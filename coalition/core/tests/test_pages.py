import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_home_shows_vision_mission_aims_and_values(client, demo):
    response = client.get("/")
    content = response.content.decode()
    assert "empowered, valued and active in local democracy" in content
    assert "credible and authoritative independent voice" in content
    assert "To deliver a programme of research and learning" in content
    for value in ["Inclusive", "Diverse", "Transparent", "Independent", "Enabling", "Credible"]:
        assert value in content


def test_about_shows_the_executive_group_and_staff(client, demo):
    content = client.get("/about/").content.decode()
    assert "David Tyler" in content and "Chair" in content
    assert "Naomi Alexander" in content and "John Routledge" in content
    assert "What is the community sector?" in content


def test_the_demo_is_idempotent(demo):
    from coalition.members.models import Membership, Organisation, Person, Subscription

    counts = [m.objects.count() for m in (Organisation, Person, Membership, Subscription)]
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert [m.objects.count() for m in (Organisation, Person, Membership, Subscription)] == counts
    assert counts[0] == 29


def test_main_pages_stay_within_their_query_budget(
    client, demo, staff, django_assert_max_num_queries
):
    for url in ["/", "/about/", "/members/", "/members/community-matters/", "/join/"]:
        with django_assert_max_num_queries(15):
            assert client.get(url).status_code == 200
    client.force_login(staff)
    # The members' lists (13), plus each app's dashboard panels the first time (campaigns
    # 4, events 4, news 2, mailings 2, surveys 1, search, research, policy, discussions
    # ...); then the panels come from the cache, rendered, for every member of staff
    # (core/dashboard.py).
    with django_assert_max_num_queries(40):
        assert client.get("/staff/").status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get("/staff/").status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get("/staff/applications/").status_code == 200


def test_the_dashboard_shows_what_needs_attention(client, demo, staff):
    client.force_login(staff)
    content = client.get("/staff/").content.decode()
    assert "Adur Voluntary Action" in content
    assert "Overdue subscriptions" in content
    assert "applications waiting" in content


def test_staff_see_the_audit_history_of_a_record(client, demo, superuser):
    from coalition.members.models import Organisation

    organisation = Organisation.objects.get(slug="community-matters")
    organisation.description = "Changed for the audit test"
    organisation.save()
    client.force_login(superuser)
    response = client.get(f"/admin/members/organisation/{organisation.pk}/auditlog/")
    assert response.status_code == 200
    assert b"Changed for the audit test" in response.content


def test_the_dashboard_shows_the_first_overdue_and_links_to_the_rest(client, staff):
    from datetime import timedelta

    from django.utils import timezone

    from coalition.members.tests.factories import SubscriptionFactory

    for _ in range(13):
        SubscriptionFactory(due_date=timezone.localdate() - timedelta(days=3))
    client.force_login(staff)
    response = client.get("/staff/")
    assert len(response.context["overdue"]) == 10
    assert response.context["overdue_count"] == 13
    assert "All 13 overdue" in response.content.decode()
