from django.apps import AppConfig


class RealizationConfig(AppConfig):
    name = "cocreate.realization"
    label = "realization"
