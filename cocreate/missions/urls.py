from django.urls import path

from .views import missions, submissions

app_name = "missions"
M = "o/<slug:organization_slug>/programs/<slug:program_slug>/missions/"
urlpatterns = [
    # Setting missions up and reading them
    path(M + "new/", missions.mission_create, name="create"),
    path(M + "<int:pk>/", missions.mission_detail, name="detail"),
    path(M + "<int:pk>/edit/", missions.mission_edit, name="edit"),
    # A participant's submissions
    path(M + "<int:pk>/ideas/new/", submissions.mission_submit, name="submit"),
    # Sub-missions and teams
    # The participant's workspace
]
