from django.urls import path

from . import views

app_name = "recruiting"
R = "o/<slug:organization_slug>/programs/<slug:program_slug>/recruitments/"
A = R + "<int:pk>/applications/<int:application_pk>/"
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
]
