from django.urls import path

from . import views

app_name = "realization"
urlpatterns = [
    path("o/<slug:organization_slug>/board/", views.board, name="board"),
    path("o/<slug:organization_slug>/board.csv", views.board_csv, name="board_csv"),
    path("o/<slug:organization_slug>/ideas/<int:pk>/decide/", views.decide, name="decide"),
    path("o/<slug:organization_slug>/ideas/<int:pk>/revive/", views.revive, name="revive"),
]
