"""Who may open each page: the words each app's `tests/access.py` uses.

Every app with URLs describes them in `coalition/<app>/tests/access.py`:

    PUBLIC = {"events:calendar", ...}          # anonymous visitors get a page
    PROTECTED = {"events:queue": STAFF, ...}   # everyone else, with who may
    POST_ONLY = {"events:approve", ...}        # views that change something refuse GET
    # Optional:
    PUBLIC_STATUS = {"events:cancel_done": 302}  # an anonymous GET answers this, not 200
    STAFF_STATUS = {"events:something": 302}    # a staff GET answers this, not 200

    def url_kwargs(organisation) -> dict:
        # Real objects for the app's URL arguments, by URL name:
        # {"events:event": {"slug": event.slug}, ...}

tests/security/test_views_access.py reads them all and tests every persona.
"""

STAFF = "staff only"
EDITOR = "the organisation's representatives, and staff"
SIGNED_IN = "anyone signed in"
