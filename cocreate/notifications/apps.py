from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "cocreate.notifications"
    label = "notifications"
