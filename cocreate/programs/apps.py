from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "cocreate.programs"
    label = "programs"
