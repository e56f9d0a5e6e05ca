from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("me/notifications/", views.notification_list, name="list"),
    path("me/notifications/read/", views.notification_mark_all_read, name="mark_all_read"),
    path("me/notifications/<int:pk>/", views.notification_open, name="open"),
]
