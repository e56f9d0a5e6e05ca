from django.apps import AppConfig


class MissionsConfig(AppConfig):
    name = "cocreate.missions"
    label = "missions"
