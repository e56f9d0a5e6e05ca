"""Reviving a parked or rejected idea into a later program or mission: a new idea with its
lineage, the original's authors credited and told, the original kept as it was."""

import pytest

from cocreate.core.errors import DomainError
from cocreate.ideas.enums import Channel, IdeaState
from cocreate.ideas.models import Credit, Idea
from cocreate.notifications.models import Notification
from cocreate.realization.revival import idea_revive_into, lineage
from cocreate.realization.services import idea_decide
from tests import factories as f
from tests.evaluation.factories import mission_idea
from tests.roles import ROLES_AND_AUTHOR, expected_status, login, who

pytestmark = pytest.mark.django_db


def parked(lab, **kwargs):
    idea = mission_idea(lab, state=IdeaState.IN_EXECUTIVE_REVIEW, **kwargs)
    idea_decide(idea, actor=lab.users["executive"], kind="park", revisit_condition="When cans are cheaper")
    return idea


def revive_url(lab, idea):
    return f"/o/{lab.org.slug}/ideas/{idea.pk}/revive-into/"


def test_revived_into_a_later_mission_with_lineage_and_credits(client, lab):
    idea = parked(lab, title="Sea can", body="Smells of the sea.")
    teammate = f.UserFactory()
    Credit.objects.create(idea=idea, user=idea.author)
    Credit.objects.create(idea=idea, user=teammate)
    later = f.ProgramFactory(organization=lab.org, title="Spring 2027")
    mission = f.MissionFactory(program=later, title="Summer scents")
    Notification.objects.all().delete()
    client.force_login(lab.users["executive"])
    response = client.post(revive_url(lab, idea), {"program": later.pk, "mission": mission.pk,
                                                   "note": "Cans got cheaper"})
    new = Idea.objects.get(revived_from=idea)
    assert response.status_code == 302 and response["Location"] == f"/o/{lab.org.slug}/ideas/{new.pk}/"
    assert (new.title, new.body, new.program, new.mission, new.channel, new.state, new.author) == (
        "Sea can", "Smells of the sea.", later, mission, Channel.MISSION, IdeaState.SUBMITTED, idea.author)
    assert set(new.credits.values_list("user", flat=True)) == {idea.author_id, teammate.pk}
    assert set(Notification.objects.filter(kind="idea_revived").values_list("user", flat=True)) == {
        idea.author_id, teammate.pk}
    idea.refresh_from_db()
    assert idea.state == IdeaState.PARKED  # the original stays, with its history
    assert lineage(new) == [idea]
    assert "Revived from" in client.get(f"/o/{lab.org.slug}/ideas/{new.pk}/decide/").text
    client.force_login(idea.author)
    assert f'href="/o/{lab.org.slug}/ideas/{idea.pk}/">Sea can</a>' in client.get(
        f"/o/{lab.org.slug}/ideas/{new.pk}/").text


def test_revived_into_a_program_without_mission(lab):
    idea = mission_idea(lab, state=IdeaState.IN_EXECUTIVE_REVIEW)
    idea_decide(idea, actor=lab.users["executive"], kind="reject", reason="Not now")
    new = idea_revive_into(idea, actor=lab.users["program_manager"], program=lab.program)
    assert (new.channel, new.mission, new.program) == (Channel.OPEN, None, lab.program)


def test_revival_rules(lab):
    idea = mission_idea(lab, state=IdeaState.IN_EXECUTIVE_REVIEW)
    with pytest.raises(DomainError) as error:
        idea_revive_into(idea, actor=lab.users["executive"], program=lab.program)
    assert error.value.code == "not_revivable"
    idea = parked(lab)
    with pytest.raises(DomainError) as error:
        idea_revive_into(idea, actor=lab.users["executive"], program=f.ProgramFactory())
    assert error.value.code == "wrong_organization"
    with pytest.raises(DomainError) as error:
        idea_revive_into(idea, actor=lab.users["executive"], program=lab.program,
                         mission=f.MissionFactory(program=f.ProgramFactory(organization=lab.org)))
    assert error.value.code == "wrong_program"


def test_the_form_refuses_a_mission_of_another_program(client, lab):
    idea = parked(lab)
    other_mission = f.MissionFactory(program=f.ProgramFactory(organization=lab.org))
    client.force_login(lab.users["executive"])
    response = client.post(revive_url(lab, idea), {"program": lab.program.pk, "mission": other_mission.pk})
    assert response.status_code == 200 and "That mission belongs to another program." in response.text
    assert not Idea.objects.filter(revived_from=idea).exists()


@pytest.mark.parametrize("own", [True, False], ids=["own-org", "other-org"])
@pytest.mark.parametrize("role", ROLES_AND_AUTHOR)
def test_revive_into_matrix(client, labs, role, own):
    home, other = labs
    target = home if own else other
    idea = parked(target)
    user = who(home, role, idea) if own else who(home, role, parked(home))
    allowed = user.has_perm("realization.revive_into", idea)
    assert allowed is (own and role in {"executive", "program_manager", "org_admin"})
    login(client, user)
    assert client.get(revive_url(target, idea)).status_code == expected_status(role, allowed)


def test_the_original_shows_where_it_went_to_those_who_may_open_it(client, lab):
    """The original's page links to the idea revived from it, but only for people who may open
    the new one: a partner of the first program who is not one of the later program sees no link."""
    idea = parked(lab, title="Sea can")
    later = f.ProgramFactory(organization=lab.org, title="Spring 2027")
    mission = f.MissionFactory(program=later, title="Summer scents")  # confidential: its partners only
    new = idea_revive_into(idea, actor=lab.users["executive"], program=later, mission=mission)
    link = f'href="/o/{lab.org.slug}/ideas/{new.pk}/"'
    for person in (lab.users["executive"], idea.author):
        client.force_login(person)
        page = client.get(f"/o/{lab.org.slug}/ideas/{idea.pk}/").content.decode()
        assert 'class="meta revivals"' in page and link in page and "Spring 2027 · Summer scents" in page
    client.force_login(lab.users["partner"])  # accepted the first program's agreement only
    response = client.get(f"/o/{lab.org.slug}/ideas/{idea.pk}/")
    page = response.content.decode()
    assert response.status_code == 200 and idea.title in page
    assert link not in page and 'class="meta revivals"' not in page
