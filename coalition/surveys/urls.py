from django.urls import path

from coalition.surveys.views import audit, respond, results, share, staff

app_name = "surveys"

S = "staff/surveys/<int:pk>/"

urlpatterns = [
    path("surveys/", respond.survey_list, name="list"),
    path("surveys/my-links/", share.my_links, name="my_links"),
    path("surveys/c/<str:token>/", respond.collector_page, name="collector"),
    path("surveys/i/<str:token>/", respond.invitation_page, name="invitation"),
    path("surveys/r/<str:token>/", respond.resume_page, name="resume"),
    path("surveys/<slug:slug>/", respond.survey_page, name="survey"),
    path("surveys/<slug:slug>/thanks/", respond.thanks, name="thanks"),
    path("surveys/<slug:slug>/results/", results.public_results, name="public_results"),
    # The independence audit.
    path("independence-audit/", audit.start, name="audit"),
    path("independence-audit/take/", audit.take, name="audit_take"),
    path("independence-audit/history/", audit.history, name="audit_history"),
    path("independence-audit/r/<str:token>/", audit.result, name="audit_result"),
    path("independence-audit/r/<str:token>/report.pdf", audit.report_pdf, name="audit_pdf"),
    path(
        "independence-audit/r/<str:token>/contribute/",
        audit.contribute,
        name="audit_contribute",
    ),
    # Staff.
    path("staff/surveys/", staff.survey_list, name="staff_list"),
    path("staff/surveys/new/", staff.survey_new, name="staff_new"),
    path("staff/surveys/import/", staff.xlsform_import, name="staff_import"),
    path("staff/surveys/audit/", audit.staff_audit, name="staff_audit"),
    path(
        "staff/surveys/audit/questions/<int:question>/",
        audit.staff_audit_question,
        name="staff_audit_question",
    ),
    path(
        "staff/surveys/audit/sections/<int:section>/bands/",
        audit.staff_audit_bands,
        name="staff_audit_bands",
    ),
    path(S, staff.survey_detail, name="staff_survey"),
    path(S + "settings/", staff.survey_edit, name="staff_edit"),
    path(S + "status/", staff.survey_status, name="staff_status"),
    path(S + "new-version/", staff.survey_version, name="staff_version"),
    path(S + "preview/", staff.survey_preview, name="staff_preview"),
    path(S + "xlsform.xlsx", staff.xlsform_export, name="staff_xlsform"),
    path(S + "sections/new/", staff.section_new, name="staff_section_new"),
    path(S + "sections/<int:section>/", staff.section_edit, name="staff_section"),
    path(S + "sections/<int:section>/move/", staff.section_move, name="staff_section_move"),
    path(S + "sections/<int:section>/delete/", staff.section_delete, name="staff_section_delete"),
    path(S + "questions/new/", staff.question_new, name="staff_question_new"),
    path(S + "questions/<int:question>/", staff.question_edit, name="staff_question"),
    path(S + "questions/<int:question>/move/", staff.question_move, name="staff_question_move"),
    path(
        S + "questions/<int:question>/delete/",
        staff.question_delete,
        name="staff_question_delete",
    ),
    path(S + "collectors/", staff.collectors, name="staff_collectors"),
    path(S + "collectors/members/", staff.collectors_members, name="staff_collectors_members"),
    path(S + "invitations/", staff.invitations, name="staff_invitations"),
    path(S + "results/", results.staff_results, name="staff_results"),
    path(S + "results/publish/", results.staff_publish, name="staff_publish"),
    path(S + "export.csv", results.export_csv, name="staff_export_csv"),
    path(S + "export.xlsx", results.export_xlsx, name="staff_export_xlsx"),
    path(S + "export.sav", results.export_sav, name="staff_export_sav"),
]
