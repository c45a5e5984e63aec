import pytest
from django.core.management import call_command
from django.urls import reverse

from coalition.surveys.demo import SLUG
from coalition.surveys.models import AuditResult, Response, Survey
from coalition.surveys.services import audit

pytestmark = pytest.mark.django_db


def test_the_demo_survey_and_audit(client):
    call_command("load_demo", verbosity=0)
    survey = Survey.objects.get(slug=SLUG)
    members = survey.collectors.filter(organisation__isnull=False)
    assert members.count() >= 3
    assert members.filter(organisation__slug="community-matters").exists()
    assert 300 <= Response.objects.filter(survey=survey, status="complete").count() <= 400
    used = Response.objects.filter(survey=survey).values("collector").distinct().count()
    assert used >= 4
    assert "West Sussex" in survey.intro
    # Deterministic and idempotent.
    first = sorted(
        Response.objects.filter(survey=survey).values_list("data", flat=True)[:5], key=str
    )
    call_command("load_demo", verbosity=0)
    assert Response.objects.filter(survey=survey).count() == 320
    assert (
        sorted(Response.objects.filter(survey=survey).values_list("data", flat=True)[:5], key=str)
        == first
    )
    contributed = AuditResult.objects.filter(contributed=True).count()
    assert contributed >= 5
    assert audit.benchmark(audit.load(audit.current_version())) is not None
    assert client.get(reverse("surveys:list")).status_code == 200
    assert client.get(reverse("surveys:survey", args=[SLUG])).status_code == 200
    public = client.get(reverse("surveys:public_results", args=[SLUG]))
    assert public.status_code == 200 and "<svg" in public.content.decode()
