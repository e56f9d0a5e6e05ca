"""Purchase intent (1–5) on mission ideas whose type asks for it: one answer per person,
never the author's, counts and mean for staff and on the idea page."""

import pytest

from cocreate.core.errors import DomainError
from cocreate.ideas.models import PurchaseIntent
from cocreate.ideas.selectors import purchase_intent_summary
from cocreate.ideas.services import purchase_intent_set
from tests import factories as f
from tests.roles import ROLES, user_of

pytestmark = pytest.mark.django_db


def mission_idea(lab, **kwargs):
    return f.IdeaFactory(organization=lab.org, channel="mission", program=lab.program, mission=lab.mission,
                         author=lab.users["partner"], **kwargs)


def peer(lab):
    user = f.UserFactory()
    f.PartnerFactory(program=lab.program, user=user)
    f.AcceptanceFactory(agreement=lab.agreement, user=user)
    return user


def test_one_answer_per_person_updated_on_repeat(lab):
    idea = mission_idea(lab)
    someone = peer(lab)
    purchase_intent_set(idea, user=someone, value=2)
    purchase_intent_set(idea, user=someone, value=5)
    purchase_intent_set(idea, user=lab.users["reviewer"], value=2)
    assert PurchaseIntent.objects.filter(idea=idea).count() == 2
    assert purchase_intent_summary(idea) == {"count": 2, "mean": 3.5,
                                             "per_value": [(1, 0), (2, 1), (3, 0), (4, 0), (5, 1)]}


@pytest.mark.parametrize("value", [0, 6, -1, True])
def test_values_outside_one_to_five_are_refused(lab, value):
    with pytest.raises(DomainError) as err:
        purchase_intent_set(mission_idea(lab), user=lab.users["reviewer"], value=value)
    assert err.value.code == "out_of_range"


def test_the_author_cannot_rate_their_own(lab):
    with pytest.raises(DomainError) as err:
        purchase_intent_set(mission_idea(lab), user=lab.users["partner"], value=5)
    assert err.value.code == "own_idea"


@pytest.mark.parametrize("role", [*ROLES, "peer"])
def test_permission_matrix(lab, role):
    idea = mission_idea(lab)
    user = peer(lab) if role == "peer" else user_of(lab, role)
    expected = role in {"org_admin", "program_manager", "reviewer", "judge", "executive", "internal_partner",
                        "peer"}
    assert user.has_perm("ideas.state_purchase_intent", idea) is expected


def test_only_where_the_type_enables_it_and_never_on_drafts(lab):
    idea = mission_idea(lab)
    lab.mission.kind = "co_solving"
    lab.mission.save()
    idea.refresh_from_db()
    assert not lab.users["reviewer"].has_perm("ideas.state_purchase_intent", idea)
    draft = mission_idea(lab, state="draft", submitted_at=None)
    assert not lab.users["reviewer"].has_perm("ideas.state_purchase_intent", draft)
    assert not lab.users["member"].has_perm("ideas.state_purchase_intent", f.IdeaFactory(organization=lab.org))


def test_the_idea_page_shows_the_control_and_the_results(client, lab):
    idea = mission_idea(lab)
    someone = peer(lab)
    client.force_login(someone)
    page = f"/o/{lab.org.slug}/ideas/{idea.pk}/"
    assert 'name="value"' in client.get(page).text
    response = client.post(page + "purchase-intent/", {"value": "4"})
    assert response.status_code == 302
    text = client.get(page).text
    assert "Your answer: 4 of 5." in text and "1 answer, mean 4.0 of 5." in text
    htmx = client.post(page + "purchase-intent/", {"value": "2"}, headers={"HX-Request": "true"})
    assert "Your answer: 2 of 5." in htmx.text and "<html" not in htmx.text
    client.force_login(lab.users["partner"])  # the author sees the results, not the control
    text = client.get(page).text
    assert "1 answer, mean 2.0 of 5." in text and 'name="value"' not in text
    client.force_login(lab.users["member"])
    assert client.post(page + "purchase-intent/", {"value": "3"}).status_code == 404
