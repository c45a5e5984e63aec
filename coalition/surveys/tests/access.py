"""Who may open each surveys page (read by tests/security/test_views_access.py)."""

from coalition.core.tests.access import SIGNED_IN, STAFF

PUBLIC = {
    "surveys:list",
    "surveys:collector",
    "surveys:invitation",
    "surveys:resume",
    "surveys:survey",
    "surveys:thanks",
    "surveys:public_results",
    "surveys:audit",
    "surveys:audit_take",
    "surveys:audit_result",
    "surveys:audit_pdf",
    "surveys:audit_contribute",
}
STAFF_ONLY = [
    "staff_list",
    "staff_new",
    "staff_import",
    "staff_audit",
    "staff_audit_question",
    "staff_audit_bands",
    "staff_survey",
    "staff_edit",
    "staff_status",
    "staff_version",
    "staff_preview",
    "staff_xlsform",
    "staff_section_new",
    "staff_section",
    "staff_section_move",
    "staff_section_delete",
    "staff_question_new",
    "staff_question",
    "staff_question_move",
    "staff_question_delete",
    "staff_collectors",
    "staff_collectors_members",
    "staff_invitations",
    "staff_results",
    "staff_publish",
    "staff_export_csv",
    "staff_export_xlsx",
    "staff_export_sav",
]
PROTECTED = {
    "surveys:my_links": SIGNED_IN,
    "surveys:audit_history": SIGNED_IN,
    **{f"surveys:{name}": STAFF for name in STAFF_ONLY},
}
POST_ONLY = {
    "surveys:audit_contribute",
    "surveys:staff_status",
    "surveys:staff_version",
    "surveys:staff_section_move",
    "surveys:staff_section_delete",
    "surveys:staff_question_move",
    "surveys:staff_question_delete",
    "surveys:staff_collectors_members",
}
PUBLIC_STATUS = {"surveys:audit_contribute": 405}
STAFF_STATUS = {}


def url_kwargs(organisation) -> dict:
    from coalition.surveys.models import Collector, Invitation, Response
    from coalition.surveys.services import audit
    from coalition.surveys.tests.factories import make_survey

    survey = make_survey(slug="access-survey", results_public=True)
    paged = make_survey(slug="access-paged", layout="paged")
    collector = Collector.objects.create(
        survey=survey, name=organisation.name, organisation=organisation
    )
    invitation = Invitation.objects.create(
        survey=survey, collector=survey.collectors.first(), email="invited@example.org"
    )
    partial = Response.objects.create(
        survey=paged,
        collector=paged.collectors.first(),
        status=Response.Status.PARTIAL,
        resume_token="access-resume",
        data={},
    )
    version = audit.current_version()
    sections = audit.load(version)
    result = audit.AuditResult.objects.create(version=version, scores={}, answers={})
    section = sections[0]
    question = section.question_list[0]
    own = {"pk": survey.pk}
    section_pk = survey.sections.first().pk
    question_pk = survey.questions.first().pk
    del partial
    return {
        "surveys:collector": {"token": collector.token},
        "surveys:invitation": {"token": invitation.token},
        "surveys:resume": {"token": "access-resume"},
        "surveys:survey": {"slug": survey.slug},
        "surveys:thanks": {"slug": survey.slug},
        "surveys:public_results": {"slug": survey.slug},
        "surveys:audit_result": {"token": result.token},
        "surveys:audit_pdf": {"token": result.token},
        "surveys:audit_contribute": {"token": result.token},
        "surveys:staff_audit_question": {"question": question.pk},
        "surveys:staff_audit_bands": {"section": section.pk},
        **{
            f"surveys:{name}": own
            for name in STAFF_ONLY
            if name
            not in (
                "staff_list",
                "staff_new",
                "staff_import",
                "staff_audit",
                "staff_audit_question",
                "staff_audit_bands",
            )
        },
        "surveys:staff_section": {"pk": survey.pk, "section": section_pk},
        "surveys:staff_section_move": {"pk": survey.pk, "section": section_pk},
        "surveys:staff_section_delete": {"pk": survey.pk, "section": section_pk},
        "surveys:staff_question": {"pk": survey.pk, "question": question_pk},
        "surveys:staff_question_move": {"pk": survey.pk, "question": question_pk},
        "surveys:staff_question_delete": {"pk": survey.pk, "question": question_pk},
    }
