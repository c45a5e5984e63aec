"""The JSON API: one NinjaAPI, its routers, and its errors.

The OpenAPI 3 document is served at /api/openapi.json and read by the reference page
at /api/ (coalition/api/views.py) and by schemathesis in CI.
"""

from ninja import NinjaAPI

from coalition.api import errors
from coalition.api.endpoints import (
    campaigns,
    events,
    news,
    organisations,
    research,
    surveys,
)

DESCRIPTION = """\
The coalition's public data as JSON: member organisations, events, news, campaigns with
their action counts, the research library, and published survey results. Reading needs
no token. Member organisations write news and events with a token made by their
representative (they enter moderation, as on the site).

Errors are `{"error": {"code", "message", "fields"}}` with a stable `code`: `invalid`,
`invalid_cursor`, `unauthorized`, `forbidden`, `not_found`, `conflict`, `rate_limited`.
Lists are paged with `limit` (1–100) and the opaque `next_cursor` (or the `next` URL).
"""

api = NinjaAPI(
    title="Coalition API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    docs_url=None,
    openapi_url="/openapi.json",
)
errors.install(api)
for module in (organisations, events, news, campaigns, research, surveys):
    api.add_router("/", module.router)
