"""The incentive notifications are registered kinds, rendered in the reader's language."""

import pytest
from django.utils import translation

from cocreate.incentives import services
from cocreate.notifications.kinds import KINDS, render
from cocreate.notifications.models import Notification

from .helpers import incentive_of

pytestmark = pytest.mark.django_db


def test_kinds_are_registered():
    assert {"incentive_promised", "incentive_delivered", "incentive_cancelled"} <= KINDS.keys()


@pytest.mark.parametrize("language", ["en", "ko"])
def test_each_notification_renders_with_the_parameters_the_services_store(lab, language):
    partner = lab.users["partner"]
    incentive = incentive_of(lab.program, "name_credit", title="Your name on the label")
    grant = services.incentive_grant(incentive, user=partner, actor=None, reason="Winning design")
    services.incentive_cancel(grant, actor=None, reason="Duplicate entry")
    other = services.incentive_grant(incentive, user=partner, actor=None, reason="Second design", source="2")
    services.incentive_deliver(other, actor=None)
    with translation.override(language):
        rendered = {n.kind: render(n.kind, n.params) for n in Notification.objects.filter(user=partner)}
    assert set(rendered) == {"incentive_promised", "incentive_cancelled", "incentive_delivered"}
    if language == "en":
        assert rendered["incentive_cancelled"] == (
            f"About “Your name on the label” from “{lab.program.title}”",
            f"The reward “Your name on the label” from “{lab.program.title}” was cancelled. Reason: Duplicate entry")
        assert rendered["incentive_promised"][0] == f"You earned “Your name on the label” in “{lab.program.title}”"
