from django.urls import path

from .views import calls, cohorts, imports, rounds

app_name = "recruiting"
R = "o/<slug:organization_slug>/programs/<slug:program_slug>/recruitments/"
A = R + "<int:pk>/applications/<int:application_pk>/"
RD = R + "<int:pk>/rounds/<int:round_pk>/"
urlpatterns = [
    path("me/applications/", calls.my_applications, name="mine"),
    path("me/applications/<int:application_pk>/", calls.my_application, name="my_application"),
    path("me/applications/<int:application_pk>/withdraw/", calls.application_withdraw, name="withdraw"),
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
    path(RD + "reviewers/distribute/", rounds.reviewers_distribute, name="reviewers_distribute"),
    path(RD + "reviewers/<int:assignment_pk>/remove/", rounds.reviewer_unassign, name="reviewer_unassign"),
    path(RD + "applications/<int:application_pk>/move/", rounds.application_move, name="move"),
    path(RD + "review/", rounds.review_queue, name="review_queue"),
    path(RD + "review/<int:application_pk>/", rounds.review, name="review"),
    # Optimal, diverse selection: quotas, runs, acceptance and invitations (views/cohorts.py).
    path(R + "<int:pk>/selection/", cohorts.selection, name="selection"),
    path(R + "<int:pk>/selection/quotas/", cohorts.quotas, name="selection_quotas"),
    path(R + "<int:pk>/selection/<int:selection_pk>/", cohorts.selection_detail, name="selection_detail"),
    path(R + "<int:pk>/selection/<int:selection_pk>/accept/", cohorts.selection_accept, name="selection_accept"),
    path("me/invitations/<int:entry_pk>/respond/", cohorts.invitation_respond, name="invitation_respond"),
    # Applicant imports from an intermediary's export.
    path(R + "<int:pk>/imports/", imports.import_list, name="imports"),
    path(R + "<int:pk>/imports/new/", imports.import_upload, name="import_upload"),
    path(R + "<int:pk>/imports/<int:import_pk>/", imports.import_detail, name="import_detail"),
    path(R + "<int:pk>/imports/<int:import_pk>/mapping/", imports.import_mapping, name="import_mapping"),
    path(R + "<int:pk>/imports/<int:import_pk>/start/", imports.import_start, name="import_start"),
    path(R + "<int:pk>/imports/<int:import_pk>/errors.csv", imports.import_errors_csv, name="import_errors_csv"),
]
