"""Who may open each enquiries page (read by tests/security/test_views_access.py)."""

from coalition.core.tests.access import STAFF

PUBLIC = {
    "enquiries:contact",
    "enquiries:contact_thanks",
    "enquiries:introduction_request",
    "enquiries:introduction_agree",
    "enquiries:inbound",
}
PROTECTED = {
    "enquiries:inbox": STAFF,
    "enquiries:ages": STAFF,
    "enquiries:enquiry": STAFF,
    "enquiries:enquiry_reply": STAFF,
    "enquiries:enquiry_note": STAFF,
    "enquiries:enquiry_update": STAFF,
    "enquiries:introductions": STAFF,
    "enquiries:introduction": STAFF,
    "enquiries:introduction_ask": STAFF,
    "enquiries:introduction_make": STAFF,
}
POST_ONLY = {
    "enquiries:inbound",
    "enquiries:enquiry_reply",
    "enquiries:enquiry_note",
    "enquiries:enquiry_update",
    "enquiries:introduction_ask",
    "enquiries:introduction_make",
}
PUBLIC_STATUS = {"enquiries:inbound": 405}
STAFF_STATUS: dict = {}


def url_kwargs(organisation) -> dict:
    from coalition.enquiries.tests.factories import EnquiryFactory, IntroductionFactory

    enquiry = EnquiryFactory()
    introduction = IntroductionFactory(organisation=organisation)
    return {
        "enquiries:enquiry": {"pk": enquiry.pk},
        "enquiries:enquiry_reply": {"pk": enquiry.pk},
        "enquiries:enquiry_note": {"pk": enquiry.pk},
        "enquiries:enquiry_update": {"pk": enquiry.pk},
        "enquiries:introduction": {"pk": introduction.pk},
        "enquiries:introduction_ask": {"pk": introduction.pk},
        "enquiries:introduction_make": {"pk": introduction.pk},
        "enquiries:introduction_agree": {"token": introduction.consent_token},
    }
