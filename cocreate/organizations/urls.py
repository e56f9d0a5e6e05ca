from django.urls import path

from . import views

app_name = "organizations"
urlpatterns = [
    path("o/<slug:organization_slug>/", views.organization_detail, name="detail"),
    path("o/<slug:organization_slug>/audit/", views.audit_log, name="audit"),
    path("o/<slug:organization_slug>/settings/", views.organization_settings, name="settings"),
    path("o/<slug:organization_slug>/members/", views.members, name="members"),
    path("o/<slug:organization_slug>/members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("o/<slug:organization_slug>/departments/", views.department_add, name="department_add"),
]
