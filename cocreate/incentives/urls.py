from django.urls import path

from . import views

app_name = "incentives"
P = "o/<slug:organization_slug>/programs/<slug:program_slug>/incentives/"
urlpatterns = [
    path(P, views.portfolio, name="portfolio"),
    path(P + "new/", views.incentive_create, name="create"),
    path(P + "evaluate/", views.evaluate, name="evaluate"),
    path(P + "ledger/", views.ledger, name="ledger"),
    path(P + "ledger/<int:pk>/deliver/", views.grant_deliver, name="deliver"),
    path(P + "ledger/<int:pk>/cancel/", views.grant_cancel, name="cancel"),
    path(P + "<int:pk>/", views.incentive_edit, name="edit"),
    path(P + "<int:pk>/grant/", views.incentive_grant, name="grant"),
    path("me/incentives/", views.my_incentives, name="mine"),
]
