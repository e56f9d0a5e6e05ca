from django.urls import path

from . import views

app_name = "evaluation"
urlpatterns = [
    path("o/<slug:organization_slug>/evaluation/", views.queue, name="queue"),
    path("o/<slug:organization_slug>/ideas/<int:pk>/score/", views.score, name="score"),
    path("o/<slug:organization_slug>/ideas/<int:pk>/send-to-board/", views.send_to_board,
         name="send_to_board"),
]
