"""Co-development missions."""

from django.utils.translation import gettext_lazy as _

from .base import MissionType, register


@register
class CoDevelopment(MissionType):
    key = "co_development"
    label = _("Co-development")
