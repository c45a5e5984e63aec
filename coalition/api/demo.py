"""The demo's API use: Community Matters' website has a token and has sent in, through the
API, news that waits in the staff's moderation queue, as a member's website would.

Idempotent: the token is found by name, the item by its Idempotency-Key. The token's
secret is not kept (only its hash ever is): to try the API, make a token on the
organisation's "API tokens" page while signed in as its representative.
"""

from datetime import date

from django.contrib.auth import get_user_model

from coalition.api.models import ApiToken, Submission
from coalition.api.services import prepare_news, record
from coalition.members.models import Organisation

REPRESENTATIVE_EMAIL = "david.tyler@example.org"
TOKEN_NAME = "Community Matters website"
NEWS = {
    "title": "Community Matters: our members' survey on contracts and grants",
    "summary": "Four in ten of our member groups have lost a grant that became a contract "
    "in the last two years. We asked them what changed.",
    "body": "Our annual members' survey asked community associations how **commissioning** "
    "has changed their funding.\n\n- 41% have lost a grant that became a contract.\n"
    "- Most could not bid: the contracts were too large.\n\n"
    "We will share the full results with the coalition's Planning Group.",
    "themes": ["funding-and-finance", "community-development"],
}


def load(today: date) -> str:
    organisation = Organisation.objects.filter(slug="community-matters").first()
    representative = get_user_model().objects.filter(email=REPRESENTATIVE_EMAIL).first()
    if organisation is None or representative is None:
        return "API: skipped (no Community Matters or its representative)"
    token = organisation.api_tokens.active().filter(name=TOKEN_NAME).first()
    if token is None:
        token, _secret = ApiToken.issue(organisation, TOKEN_NAME, representative)
    key = "demo-members-survey"
    if not Submission.objects.filter(token=token, idempotency_key=key).exists():
        themes = [t for t in NEWS["themes"] if _theme_exists(t)]
        record(token, Submission.Kind.NEWS, key, prepare_news(token, {**NEWS, "themes": themes}))
    return "API: a token for Community Matters, and its news sent through the API"


def _theme_exists(slug: str) -> bool:
    from coalition.core.models import Theme

    return Theme.objects.filter(slug=slug).exists()
