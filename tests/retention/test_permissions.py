"""retention.update_outcome: every role, on an outcome of its own organization and of
another, through has_perm and through the update form (302 vs 404)."""

import pytest

from cocreate.ideas.enums import IdeaState
from cocreate.retention.models import Outcome, OutcomeUpdate
from tests import factories as f
from tests.evaluation.factories import mission_idea
from tests.roles import ROLES_AND_AUTHOR as ROLES
from tests.roles import login, who

pytestmark = pytest.mark.django_db



@pytest.mark.parametrize("own", [True, False], ids=["own-org", "other-org"])
@pytest.mark.parametrize("role", ROLES)
def test_update_outcome(client, labs, role, own):
    home, other = labs
    target = home if own else other
    idea = mission_idea(target, state=IdeaState.ACCEPTED)
    outcome = Outcome.objects.create(idea=idea, department=target.department)
    user = who(home, role, idea) if own else who(home, role, mission_idea(home))
    allowed = user.has_perm("retention.update_outcome", outcome)
    assert allowed is (own and role in {"internal_partner", "program_manager", "org_admin", "executive"})
    login(client, user)
    url = f"/o/{target.org.slug}/outcomes/{outcome.pk}/"
    response = client.post(url, {"text": "Tooling ordered.", "progress": 20})
    assert response.status_code == (302 if allowed else 404)
    assert OutcomeUpdate.objects.count() == (1 if allowed else 0)


@pytest.mark.parametrize("role", ROLES)
def test_internal_partner_of_another_department_cannot_update(client, labs, role):
    home, _other = labs
    marketing = f.DepartmentFactory(organization=home.org)
    outcome = Outcome.objects.create(idea=mission_idea(home, state=IdeaState.ACCEPTED), department=marketing)
    user = who(home, role, outcome.idea)
    assert user.has_perm("retention.update_outcome", outcome) is (
        role in {"program_manager", "org_admin", "executive"})
