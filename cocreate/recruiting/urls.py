from django.urls import path

from .views import calls, rounds

app_name = "recruiting"
R = "o/<slug:organization_slug>/programs/<slug:program_slug>/recruitments/"
A = R + "<int:pk>/applications/<int:application_pk>/"
RD = R + "<int:pk>/rounds/<int:round_pk>/"
urlpatterns = [
    path("me/applications/", calls.my_applications, name="mine"),
    path(R + "new/", calls.recruitment_create, name="create"),
    path(R + "<int:pk>/", calls.recruitment_detail, name="detail"),
    path(R + "<int:pk>/apply/", calls.apply, name="apply"),
    path(R + "<int:pk>/status/", calls.recruitment_status, name="status"),
    path(R + "<int:pk>/applications/", calls.application_list, name="applications"),
    path(A, calls.application_detail, name="application"),
    path(A + "select/", calls.application_select, name="select"),
    path(A + "decline/", calls.application_decline, name="decline"),
    path(R + "<int:pk>/rounds/new/", rounds.round_create, name="round_create"),
    path(RD, rounds.round_results, name="round_results"),
    path(RD + "status/", rounds.round_status, name="round_status"),
    path(RD + "reviewers/", rounds.reviewer_assign, name="reviewer_assign"),
    path(RD + "reviewers/<int:assignment_pk>/remove/", rounds.reviewer_unassign, name="reviewer_unassign"),
    path(RD + "applications/<int:application_pk>/move/", rounds.application_move, name="move"),
    path(RD + "review/", rounds.review_queue, name="review_queue"),
    path(RD + "review/<int:application_pk>/", rounds.review, name="review"),
]
