"""Who may open each policy page (read by tests/security/test_views_access.py)."""

from coalition.core.tests.access import EDITOR, SIGNED_IN, STAFF

PUBLIC = {
    "policy:index",
    "policy:deadlines",
    "policy:development",
    "policy:positions",
    "policy:position",
    "policy:monitoring",
    "policy:responses",
    "policy:response",
    "policy:response_pdf",
    "policy:section_history",
    "policy:publications",
    "policy:publication",
    "policy:publication_download",
}
PROTECTED = {
    "policy:digest": SIGNED_IN,
    "policy:sign": EDITOR,
    "policy:withdraw": EDITOR,
    "policy:comment": EDITOR,
    "policy:staff_home": STAFF,
    "policy:staff_new": STAFF,
    "policy:staff_edit": STAFF,
    "policy:staff_response": STAFF,
    "policy:staff_section_new": STAFF,
    "policy:staff_section": STAFF,
    "policy:staff_resolve": STAFF,
    "policy:staff_publish": STAFF,
    "policy:staff_outcome": STAFF,
}
POST_ONLY = {
    "policy:sign",
    "policy:withdraw",
    "policy:comment",
    "policy:staff_resolve",
    "policy:staff_publish",
    "policy:staff_outcome",
}
PUBLIC_STATUS = {}
STAFF_STATUS = {}


def url_kwargs(organisation) -> dict:
    from django.core.files.base import ContentFile

    from coalition.policy.models import Response
    from coalition.policy.tests.factories import (
        CommentFactory,
        DevelopmentFactory,
        PositionFactory,
        PublicationFactory,
        ResponseFactory,
        SectionFactory,
    )

    development = DevelopmentFactory(slug="access-development")
    published = ResponseFactory(development=development, status=Response.Status.PUBLISHED)
    published.pdf.save("access.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    published_section = SectionFactory(response=published)
    draft_section = SectionFactory(response=ResponseFactory(development=development))
    comment = CommentFactory(section=draft_section)
    publication = PublicationFactory(external_url="")
    publication.file.save("paper.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    position = PositionFactory()
    draft = draft_section.response
    return {
        "policy:development": {"slug": development.slug},
        "policy:position": {"slug": position.slug},
        "policy:response": {"slug": published.slug},
        "policy:response_pdf": {"slug": published.slug},
        "policy:section_history": {"slug": published.slug, "pk": published_section.pk},
        "policy:publication": {"slug": publication.slug},
        "policy:publication_download": {"slug": publication.slug},
        "policy:sign": {"slug": draft.slug},
        "policy:withdraw": {"slug": draft.slug},
        "policy:comment": {"slug": draft.slug, "pk": draft_section.pk},
        "policy:staff_new": {"kind": "developments"},
        "policy:staff_edit": {"kind": "developments", "pk": development.pk},
        "policy:staff_response": {"pk": draft.pk},
        "policy:staff_section_new": {"pk": draft.pk},
        "policy:staff_section": {"pk": draft_section.pk},
        "policy:staff_resolve": {"pk": comment.pk},
        "policy:staff_publish": {"pk": draft.pk},
        "policy:staff_outcome": {"pk": published.pk},
    }
