from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "cocreate.retention"
    label = "retention"
