from django.urls import path

from . import views

app_name = "missions"
M = "o/<slug:organization_slug>/programs/<slug:program_slug>/missions/"
urlpatterns = [
    path(M + "new/", views.mission_create, name="create"),
    path(M + "<int:pk>/", views.mission_detail, name="detail"),
    path(M + "<int:pk>/edit/", views.mission_edit, name="edit"),
    path(M + "<int:pk>/ideas/new/", views.mission_submit, name="submit"),
]
