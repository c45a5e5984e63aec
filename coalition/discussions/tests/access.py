"""Who may open each discussions page (read by tests/security/test_views_access.py)."""

from coalition.core.tests.access import EDITOR, SIGNED_IN, STAFF

PUBLIC = {"discussions:index", "discussions:thread"}
PROTECTED = {
    "discussions:new": EDITOR,
    "discussions:reply": EDITOR,
    "discussions:edit": EDITOR,
    "discussions:follow": SIGNED_IN,
    "discussions:report": SIGNED_IN,
    "discussions:preferences": SIGNED_IN,
    "discussions:staff_home": STAFF,
    "discussions:staff_thread": STAFF,
    "discussions:staff_post": STAFF,
}
POST_ONLY = {"discussions:reply", "discussions:staff_post"}
PUBLIC_STATUS = {}
# Only a post's author may edit it: for anyone else, staff included, it is not there.
STAFF_STATUS = {"discussions:edit": 404}


def url_kwargs(organisation) -> dict:
    from coalition.discussions.tests.factories import PostFactory

    post = PostFactory()
    thread = post.thread
    return {
        "discussions:thread": {"pk": thread.pk},
        "discussions:reply": {"pk": thread.pk},
        "discussions:follow": {"pk": thread.pk},
        "discussions:report": {"pk": post.pk},
        "discussions:edit": {"pk": post.pk},
        "discussions:staff_thread": {"pk": thread.pk},
        "discussions:staff_post": {"pk": post.pk},
    }
