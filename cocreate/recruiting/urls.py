from django.urls import path

from . import views

app_name = "recruiting"
R = "o/<slug:organization_slug>/programs/<slug:program_slug>/recruitments/"
A = R + "<int:pk>/applications/<int:application_pk>/"
RD = R + "<int:pk>/rounds/<int:round_pk>/"
urlpatterns = [
    path("me/applications/", views.my_applications, name="mine"),
    path(R + "new/", views.recruitment_create, name="create"),
    path(R + "<int:pk>/", views.recruitment_detail, name="detail"),
    path(R + "<int:pk>/apply/", views.apply, name="apply"),
    path(R + "<int:pk>/status/", views.recruitment_status, name="status"),
    path(R + "<int:pk>/applications/", views.application_list, name="applications"),
    path(A, views.application_detail, name="application"),
    path(A + "select/", views.application_select, name="select"),
    path(A + "decline/", views.application_decline, name="decline"),
    path(R + "<int:pk>/rounds/new/", views.round_create, name="round_create"),
    path(RD, views.round_results, name="round_results"),
    path(RD + "status/", views.round_status, name="round_status"),
    path(RD + "reviewers/", views.reviewer_assign, name="reviewer_assign"),
    path(RD + "reviewers/<int:assignment_pk>/remove/", views.reviewer_unassign, name="reviewer_unassign"),
    path(RD + "applications/<int:application_pk>/move/", views.application_move, name="move"),
    path(RD + "review/", views.review_queue, name="review_queue"),
    path(RD + "review/<int:application_pk>/", views.review, name="review"),
]
