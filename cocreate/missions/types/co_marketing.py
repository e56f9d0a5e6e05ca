"""Co-marketing missions."""

from django.utils.translation import gettext_lazy as _

from .base import MissionType, register


@register
class CoMarketing(MissionType):
    key = "co_marketing"
    label = _("Co-marketing")
