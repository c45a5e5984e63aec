"""Who is calling: a member organisation's token (for writing), and how often.

Reading needs no token. Limits count per client address (API_RATE_LIMIT), per token
(API_TOKEN_RATE_LIMIT) and per token for submissions (API_WRITE_RATE_LIMIT), with the
site's own counters (coalition/lib/ratelimit.py: atomic, and the client address read
with the same proxy settings as sign-in).
"""

from django.conf import settings
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle

from coalition.api.models import ApiToken
from coalition.lib import ratelimit


class TokenAuth(HttpBearer):
    openapi_description = (
        "A token made by a member organisation's representative on the “API tokens” page "
        "of My organisation. Send it as `Authorization: Bearer coa_…`."
    )

    def authenticate(self, request, token):
        found = ApiToken.find(token)
        if found is not None:
            found.touch()
        return found


class Limit(BaseThrottle):
    """One rate from settings, counted per address, or per token when `per_token`.

    Nothing is kept on the throttle object itself (ninja shares it between requests):
    the seconds to wait go on the request, where the 429 handler reads them.
    """

    def __init__(self, action: str, setting: str, per_token: bool = False):
        self.action, self.setting, self.per_token = action, setting, per_token

    def allow_request(self, request) -> bool:
        rate = getattr(settings, self.setting)
        identity = ""
        if self.per_token:
            token = getattr(request, "auth", None)
            if not isinstance(token, ApiToken):
                return True
            identity = f"api-token:{token.pk}"
        if ratelimit.consume(request, self.action, rate, identity):
            return True
        wait = ratelimit.retry_after(request, self.action, rate, identity)
        request.api_retry_after = max(getattr(request, "api_retry_after", 0), wait)
        return False


READ_LIMITS = [
    Limit("api", "API_RATE_LIMIT"),
    Limit("api-token", "API_TOKEN_RATE_LIMIT", per_token=True),
]
WRITE_LIMITS = [*READ_LIMITS, Limit("api-write", "API_WRITE_RATE_LIMIT", per_token=True)]
