from django.urls import path

from . import views

app_name = "retention"
urlpatterns = [
    path("o/<slug:organization_slug>/outcomes/", views.outcome_list, name="list"),
    path("o/<slug:organization_slug>/outcomes/<int:pk>/", views.outcome_detail, name="detail"),
]
