from django.apps import AppConfig


class IncentivesConfig(AppConfig):
    name = "cocreate.incentives"
    label = "incentives"

    def ready(self):
        # Notification kinds are data; this app adds its own rather than editing the
        # notifications app, which stays unaware of incentives.
        from cocreate.notifications.kinds import KINDS

        from .kinds import INCENTIVE_KINDS

        KINDS.update(INCENTIVE_KINDS)
