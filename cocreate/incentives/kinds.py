"""What the incentive notifications say, rendered in the reader's language."""

from django.utils.translation import gettext_lazy as _

from cocreate.notifications.kinds import Kind

INCENTIVE_KINDS: dict[str, Kind] = {
    "incentive_promised": Kind(
        _("You earned “%(incentive)s” in “%(program)s”"),
        _("Thank you for your contribution to “%(program)s”. You earned “%(incentive)s” (%(reason)s). "
          "We will tell you when it is delivered; you can follow it under My incentives."),
    ),
    "incentive_delivered": Kind(
        _("“%(incentive)s” from “%(program)s” was delivered"),
        _("The reward we promised you in “%(program)s”, “%(incentive)s”, was delivered. Thank you again."),
    ),
    "incentive_cancelled": Kind(
        _("About “%(incentive)s” from “%(program)s”"),
        _("The reward “%(incentive)s” from “%(program)s” was cancelled. Reason: %(reason)s"),
    ),
}
