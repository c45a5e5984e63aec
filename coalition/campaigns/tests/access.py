"""Who may open each campaigns page: the actions' URLs and the campaign pages' URLs."""

from coalition.campaigns.tests import access_actions, access_pages

PUBLIC = access_actions.PUBLIC | access_pages.PUBLIC
PROTECTED = access_actions.PROTECTED | access_pages.PROTECTED
POST_ONLY = access_actions.POST_ONLY | access_pages.POST_ONLY
PUBLIC_STATUS = access_actions.PUBLIC_STATUS | access_pages.PUBLIC_STATUS
STAFF_STATUS = access_actions.STAFF_STATUS | access_pages.STAFF_STATUS


def url_kwargs(organisation) -> dict:
    return access_actions.url_kwargs(organisation) | access_pages.url_kwargs(organisation)
