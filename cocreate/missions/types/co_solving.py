"""Co-solving / beta test missions."""

from django.utils.translation import gettext_lazy as _

from .base import MissionType, register


@register
class CoSolving(MissionType):
    key = "co_solving"
    label = _("Co-solving / beta test")
