from django.apps import AppConfig


class PoolConfig(AppConfig):
    name = "cocreate.pool"
    label = "pool"
