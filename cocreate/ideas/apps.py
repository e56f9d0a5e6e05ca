from django.apps import AppConfig


class IdeasConfig(AppConfig):
    name = "cocreate.ideas"
    label = "ideas"
