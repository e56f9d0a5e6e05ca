from django.apps import AppConfig


class RecruitingConfig(AppConfig):
    name = "cocreate.recruiting"
    label = "recruiting"
