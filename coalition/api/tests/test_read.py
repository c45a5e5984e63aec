"""Reading the API: lists, filters, cursors, one item, and errors in one shape."""

from datetime import timedelta

import pytest
from django.utils import timezone

from coalition.api.pagination import _encode
from coalition.campaigns.models import Participation
from coalition.campaigns.tests.factories import ActionFactory, CampaignFactory, ParticipationFactory
from coalition.events.models import Event
from coalition.events.tests.factories import EventFactory, in_days
from coalition.members.models import Organisation
from coalition.members.tests.factories import MembershipFactory, ThemeFactory
from coalition.news.models import NewsItem
from coalition.news.tests.factories import NewsItemFactory

pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    return [row.get("name") or row.get("title") for row in response.json()["results"]]


def test_organisations_page_through_with_cursors_without_gaps_or_repeats(client):
    for name in ["Adur Voluntary Action", "Brighton Unemployed Centre", "Croydon Voluntary Action"]:
        MembershipFactory(organisation__name=name)
    MembershipFactory(organisation__name="Former member", organisation__status="former")
    first = client.get("/api/organisations", {"limit": 2})
    assert first.status_code == 200
    assert names(first) == ["Adur Voluntary Action", "Brighton Unemployed Centre"]
    body = first.json()
    assert body["next"].startswith("http://testserver/api/organisations?")
    second = client.get("/api/organisations", {"limit": 2, "cursor": body["next_cursor"]})
    assert names(second) == ["Croydon Voluntary Action"]
    assert second.json()["next_cursor"] is None
    # A row added before the cursor does not shift the next page.
    MembershipFactory(organisation__name="Aardvark Trust")
    again = client.get("/api/organisations", {"limit": 2, "cursor": body["next_cursor"]})
    assert names(again) == ["Croydon Voluntary Action"]


def test_organisations_filter_by_theme_and_text(client):
    housing = ThemeFactory(slug="housing", name="Housing")
    found = MembershipFactory(organisation__name="Shelter Leeds").organisation
    found.themes.add(housing)
    MembershipFactory(organisation__name="Arts Together")
    assert names(client.get("/api/organisations", {"theme": "housing"})) == ["Shelter Leeds"]
    assert names(client.get("/api/organisations", {"q": "arts"})) == ["Arts Together"]
    detail = client.get(f"/api/organisations/{found.slug}").json()
    assert detail["themes"] == [{"slug": "housing", "name": "Housing"}]
    assert detail["url"] == f"http://testserver{found.get_absolute_url()}"


def test_errors_have_one_shape_and_stable_codes(client):
    missing = client.get("/api/organisations/nobody-here")
    assert missing.status_code == 404
    assert missing.json() == {
        "error": {
            "code": "not_found",
            "message": "No member organisation has this slug.",
            "fields": {},
        }
    }
    too_many = client.get("/api/organisations", {"limit": 1000})
    assert too_many.status_code == 400
    assert too_many.json()["error"]["code"] == "invalid"
    assert "limit" in too_many.json()["error"]["fields"]
    for cursor in ["not-a-cursor", _encode(["x", "y"]), "%%%", "e30"]:
        forged = client.get("/api/organisations", {"cursor": cursor})
        assert forged.status_code == 400, cursor
        assert forged.json()["error"]["code"] == "invalid_cursor"
    dates = client.get("/api/events", {"start": "not a date"})
    assert dates.status_code == 400 and "start" in dates.json()["error"]["fields"]


def test_former_members_are_not_in_the_api(client):
    former = MembershipFactory(organisation__status=Organisation.Status.FORMER).organisation
    assert client.get(f"/api/organisations/{former.slug}").status_code == 404


def test_events_list_published_events_to_come_soonest_first(client):
    later = EventFactory(title="Assembly", starts_at=in_days(60))
    soon = EventFactory(title="Workshop on commissioning")
    EventFactory(title="Draft", status=Event.Status.DRAFT)
    EventFactory(title="Waiting", status=Event.Status.SUBMITTED)
    response = client.get("/api/events")
    assert names(response) == [soon.title, later.title]
    row = response.json()["results"][0]
    assert row["dates"][0]["starts_at"]
    assert row["ical"].endswith(f"/events/{soon.slug}/calendar.ics")
    assert (
        client.get(f"/api/events/{EventFactory(status=Event.Status.DRAFT).slug}").status_code == 404
    )


def test_news_only_published_newest_first(client):
    now = timezone.now()
    old = NewsItemFactory(
        title="Adur Voluntary Action report", published_at=now - timedelta(days=2)
    )
    newer = NewsItemFactory(title="Grant from the Network for Social Change")
    NewsItemFactory(title="Tomorrow", published_at=now + timedelta(days=1))
    NewsItemFactory(title="Queued", status=NewsItem.Status.SUBMITTED)
    response = client.get("/api/news")
    assert names(response) == [newer.title, old.title]
    since = client.get("/api/news", {"since": (now - timedelta(days=1)).isoformat()})
    assert names(since) == [newer.title]
    item = client.get(f"/api/news/{newer.slug}").json()
    assert "<strong>news</strong>" in item["body_html"]
    assert client.get("/api/news/tomorrow").status_code == 404


def test_campaigns_carry_their_actions_with_the_number_who_took_part(client):
    campaign = CampaignFactory(status="active", title="Fair funding for community groups")
    action = ActionFactory(campaign=campaign, status="open")
    ParticipationFactory.create_batch(3, action=action, status=Participation.Status.CONFIRMED)
    ParticipationFactory(action=action)  # not confirmed: not counted
    ActionFactory(campaign=campaign, status="draft", slug="hidden")
    CampaignFactory(status="draft", title="Not yet")
    response = client.get("/api/campaigns")
    assert names(response) == ["Fair funding for community groups"]
    actions = response.json()["results"][0]["actions"]
    assert [(a["slug"], a["count"], a["is_open"]) for a in actions] == [(action.slug, 3, True)]


def test_research_lists_published_items_with_their_findings(client):
    from coalition.research.models import ResearchItem
    from coalition.research.tests.factories import ResearchItemFactory

    item = ResearchItemFactory(
        title="Independence under contract", year=2009, key_findings="One\nTwo"
    )
    ResearchItemFactory(title="Waiting", status=ResearchItem.Status.SUBMITTED)
    ResearchItemFactory(title="Older", year=2004)
    assert names(client.get("/api/research", {"year": 2009})) == ["Independence under contract"]
    detail = client.get(f"/api/research/{item.slug}").json()
    assert detail["key_findings"] == ["One", "Two"]
    assert "Waiting" not in names(client.get("/api/research"))
    rows = client.get("/open-data/research.csv")
    assert b"Independence under contract" in b"".join(rows.streaming_content)


def test_published_survey_results_match_the_public_page_and_hide_small_groups(client):
    from coalition.surveys.models import Question
    from coalition.surveys.tests.factories import GOOD, make_survey

    survey = make_survey(results_public=True)
    hidden = make_survey(title="Not published")
    chosen = ["funding", "worries", "ratings", "priorities"]
    survey.questions.filter(name__in=chosen).update(is_public=True)
    answer_url = survey.get_absolute_url()
    for _ in range(4):
        assert client.post(answer_url, GOOD).status_code == 303

    listed = client.get("/api/surveys").json()["results"]
    assert [row["slug"] for row in listed] == [survey.slug]
    url = f"/api/surveys/{survey.slug}/results"
    small = client.get(url).json()
    assert small["responses"] == 4 and small["suppressed"] is True
    assert small["questions"] == []

    assert client.post(answer_url, {**GOOD, "funding": "grants"}).status_code == 303
    body = client.get(url).json()
    assert body["responses"] == 5 and body["suppressed"] is False
    by_name = {q["name"]: q for q in body["questions"]}
    assert list(by_name) == chosen  # only the published questions, in survey order
    funding = {o["code"]: o["n"] for o in by_name["funding"]["options"]}
    assert funding["contracts"] == 4 and funding["grants"] == 1
    assert by_name["worries"]["options"][0]["percent"] is not None
    voice = by_name["ratings"]["rows"][0]
    assert voice["label"] == "Our voice" and voice["answered"] == 4 and voice["mean"] == 2.0
    assert by_name["priorities"]["rows"][0] == {
        "label": dict(Question.objects.get(survey=survey, name="priorities").options())["grants"],
        "answered": 4,
        "mean": 1.0,
        "counts": [],
    }
    # A region narrows to its members' links: none here, so nothing is shown.
    from coalition.core.models import Region

    Region.objects.get_or_create(slug="london", defaults={"name": "London"})
    assert client.get(url, {"region": "london"}).json()["suppressed"] is True
    assert client.get(url, {"region": "atlantis"}).json()["error"]["code"] == "invalid"
    assert client.get(f"/api/surveys/{hidden.slug}/results").status_code == 404
