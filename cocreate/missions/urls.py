from django.urls import path

from .views import missions, participation, submissions, workspace

app_name = "missions"
M = "o/<slug:organization_slug>/programs/<slug:program_slug>/missions/"
urlpatterns = [
    # Setting missions up and reading them
    path(M + "new/", missions.mission_create, name="create"),
    path(M + "<int:pk>/", missions.mission_detail, name="detail"),
    path(M + "<int:pk>/edit/", missions.mission_edit, name="edit"),
    # A participant's submissions
    path(M + "<int:pk>/ideas/new/", submissions.mission_submit, name="submit"),
    path(M + "<int:pk>/submissions/<int:idea_pk>/edit/", submissions.submission_edit, name="submission_edit"),
    path(M + "<int:pk>/submissions/autosave/", submissions.submission_autosave, name="autosave"),
    path(M + "<int:pk>/review/", submissions.mission_review, name="review"),
    path(M + "<int:pk>/review/export.csv", submissions.mission_review_csv, name="review_csv"),
    # Sub-missions and teams
    path(M + "<int:pk>/join/", participation.participation_join, name="join"),
    path(M + "<int:pk>/leave/", participation.participation_leave, name="leave"),
    path(M + "<int:pk>/sub-missions/choose/", participation.sub_mission_choose, name="choose"),
    path(M + "<int:pk>/sub-missions/preferences/", participation.preferences, name="preferences"),
    path(M + "<int:pk>/sub-missions/assign/", participation.assignment_run, name="assign"),
    path(M + "<int:pk>/coverage/", participation.coverage, name="coverage"),
    path(M + "<int:pk>/teams/new/", participation.team_create, name="team_create"),
    path(M + "<int:pk>/teams/<int:team_pk>/", participation.team_detail, name="team"),
    path(M + "<int:pk>/teams/<int:team_pk>/respond/", participation.team_respond, name="team_respond"),
    path(M + "<int:pk>/teams/<int:team_pk>/leave/", participation.team_leave, name="team_leave"),
    # The participant's workspace
    path("me/missions/", workspace.my_missions, name="workspace"),
]
