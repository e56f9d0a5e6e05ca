from django.db import models
from django.utils.translation import pgettext_lazy


class DecisionKind(models.TextChoices):
    ACCEPT = "accept", pgettext_lazy("decision", "Accept")
    PARK = "park", pgettext_lazy("decision", "Park")
    REJECT = "reject", pgettext_lazy("decision", "Reject")
