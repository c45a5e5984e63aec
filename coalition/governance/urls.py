from django.urls import path

from coalition.governance.views import priorities, public, staff

app_name = "governance"

urlpatterns = [
    path("decisions/", public.decisions, name="decisions"),
    path("decisions/minutes/", public.minutes_list, name="minutes_list"),
    path("meetings/<int:pk>/", public.meeting_detail, name="meeting"),
    path("meetings/papers/<int:pk>/", public.paper, name="paper"),
    path("meetings/my-actions/", public.my_actions, name="my_actions"),
    path("meetings/actions/<int:pk>/status/", public.action_status, name="action_status"),
    path("priorities/", priorities.priorities, name="priorities"),
    path("priorities/<slug:slug>/", priorities.round_detail, name="round"),
    path("priorities/<slug:slug>/propose/", priorities.propose, name="propose"),
    path("priorities/<slug:slug>/vote/", priorities.vote, name="vote"),
    path(
        "priorities/<slug:slug>/proposals/<int:pk>/comment/",
        priorities.comment,
        name="comment",
    ),
    path("staff/governance/", staff.staff_home, name="staff_home"),
    path("staff/governance/bodies/new/", staff.staff_body_new, name="staff_body_new"),
    path("staff/governance/bodies/<int:pk>/", staff.staff_body, name="staff_body"),
    path(
        "staff/governance/bodies/<int:pk>/members/<int:member>/remove/",
        staff.staff_body_member_remove,
        name="staff_body_member_remove",
    ),
    path("staff/governance/meetings/new/", staff.staff_meeting_new, name="staff_meeting_new"),
    path("staff/governance/meetings/<int:pk>/", staff.staff_meeting, name="staff_meeting"),
    path(
        "staff/governance/meetings/<int:pk>/publish/",
        staff.staff_meeting_publish,
        name="staff_meeting_publish",
    ),
    path(
        "staff/governance/meetings/<int:pk>/agenda/new/",
        staff.staff_agenda_item_new,
        name="staff_agenda_item_new",
    ),
    path(
        "staff/governance/meetings/<int:pk>/agenda/<int:item>/",
        staff.staff_agenda_item,
        name="staff_agenda_item",
    ),
    path(
        "staff/governance/papers/<int:pk>/delete/",
        staff.staff_paper_delete,
        name="staff_paper_delete",
    ),
    path(
        "staff/governance/meetings/<int:pk>/attendance/",
        staff.staff_attendance,
        name="staff_attendance",
    ),
    path("staff/governance/meetings/<int:pk>/minutes/", staff.staff_minutes, name="staff_minutes"),
    path(
        "staff/governance/meetings/<int:pk>/approve-minutes/",
        staff.staff_minutes_approve,
        name="staff_minutes_approve",
    ),
    path(
        "staff/governance/meetings/<int:pk>/actions/new/",
        staff.staff_action_new,
        name="staff_action_new",
    ),
    path("staff/governance/actions/<int:pk>/", staff.staff_action, name="staff_action"),
    path(
        "staff/governance/meetings/<int:pk>/decisions/new/",
        staff.staff_decision_new,
        name="staff_decision_new",
    ),
    path("staff/governance/decisions/<int:pk>/", staff.staff_decision, name="staff_decision"),
    path("staff/governance/rounds/new/", staff.staff_round_new, name="staff_round_new"),
    path("staff/governance/rounds/<int:pk>/", staff.staff_round, name="staff_round"),
    path(
        "staff/governance/rounds/<int:pk>/close/",
        staff.staff_round_close,
        name="staff_round_close",
    ),
    path(
        "staff/governance/rounds/<int:pk>/publish/",
        staff.staff_round_publish,
        name="staff_round_publish",
    ),
    path("staff/governance/proposals/<int:pk>/", staff.staff_proposal, name="staff_proposal"),
]
