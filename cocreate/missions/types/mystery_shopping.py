"""Mystery shopping missions."""

from django.utils.translation import gettext_lazy as _

from .base import MissionType, register


@register
class MysteryShopping(MissionType):
    key = "mystery_shopping"
    label = _("Mystery shopping")
