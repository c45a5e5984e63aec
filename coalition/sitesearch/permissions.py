"""Who may do what with site search, decided here and nowhere else.

- Anyone: search (the page, JSON and the OpenSearch description). Only public things
  are in the index: crawled public web pages, listed members, public campaigns,
  published events (and news or research as those apps publish them).
- Staff (with two-factor, enforced for /staff/ by the middleware): sources, crawls and
  their reports under /staff/search/.
"""

from coalition.core.permissions import staff_required

__all__ = ["staff_required"]
