"""Who may open each API page and endpoint (read by tests/security/test_views_access.py).

The JSON endpoints that write need a token, not a session: they are tested in
test_write.py; here an anonymous GET of /api/me answers 401.
"""

from coalition.core.tests.access import EDITOR

PUBLIC = {
    "api:reference",
    "api:openapi-json",
    "api:organisations",
    "api:organisation",
    "api:themes",
    "api:regions",
    "api:events",
    "api:event",
    "api:news",
    "api:news_item",
    "api:campaigns",
    "api:campaign",
    "api:research",
    "api:research_item",
    "api:surveys",
    "api:survey_results",
    "api:me",
    "api:open_data",
    "api:open_data_csv",
    # The same addresses as the lists and the reference page (ninja names each operation).
    "api:submit_news",
    "api:submit_event",
    "api:api-root",
}
PUBLIC_STATUS = {"api:me": 401}
PROTECTED = {"api:tokens": EDITOR, "api:revoke": EDITOR}
POST_ONLY = {"api:revoke"}
# The JSON API authenticates writes with a bearer token, never with the session cookie,
# so a forged cross-site request has nothing to ride on: no CSRF token is asked for
# (test_write.py shows a signed-in session cannot write without a token).
CSRF_EXEMPT = {
    "api:openapi-json",
    "api:organisations",
    "api:organisation",
    "api:themes",
    "api:regions",
    "api:events",
    "api:event",
    "api:news",
    "api:news_item",
    "api:campaigns",
    "api:campaign",
    "api:research",
    "api:research_item",
    "api:surveys",
    "api:survey_results",
    "api:me",
    "api:submit_news",
    "api:submit_event",
}


def url_kwargs(organisation) -> dict:
    from coalition.api.models import ApiToken
    from coalition.campaigns.tests.factories import CampaignFactory
    from coalition.events.tests.factories import EventFactory
    from coalition.news.tests.factories import NewsItemFactory
    from coalition.research.tests.factories import ResearchItemFactory
    from coalition.surveys.tests.factories import SurveyFactory

    token, _ = ApiToken.issue(organisation, "Website", None)
    return {
        "api:organisation": {"slug": organisation.slug},
        "api:event": {"slug": EventFactory().slug},
        "api:news_item": {"slug": NewsItemFactory().slug},
        "api:campaign": {"slug": CampaignFactory(status="active").slug},
        "api:research_item": {"slug": ResearchItemFactory().slug},
        "api:survey_results": {"slug": SurveyFactory(results_public=True).slug},
        "api:open_data_csv": {"name": "organisations"},
        "api:tokens": {"slug": organisation.slug},
        "api:revoke": {"slug": organisation.slug, "pk": token.pk},
    }
