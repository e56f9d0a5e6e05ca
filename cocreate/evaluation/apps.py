from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "cocreate.evaluation"
    label = "evaluation"
