"""Survey / poll missions."""

from django.utils.translation import gettext_lazy as _

from .base import MissionType, register


@register
class Survey(MissionType):
    key = "survey"
    label = _("Survey / poll")
