"""H6: forwarding accepted ideas to departments, acknowledgements, the author's view."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django.utils.html import escape
from django_scopes import scopes_disabled

from cocreate.core.errors import DomainError
from cocreate.ideas.enums import IdeaState
from cocreate.notifications.models import Notification
from cocreate.realization import forwarding as services
from cocreate.realization.models import Concept, Forwarding
from tests import factories as f
from tests.roles import ROLES, assert_answer, status_as, user_of

pytestmark = pytest.mark.django_db


def due():
    return timezone.localdate() + timedelta(days=7)


def accepted(lab, **kw):
    return f.IdeaFactory(organization=lab.org, state=IdeaState.ACCEPTED, **kw)


def test_forward_notifies_owner_and_partners_and_skips_repeats(lab):
    idea = accepted(lab)
    owner = lab.users["program_manager"]
    with scopes_disabled():
        [fw] = services.forward_ideas([idea], department=lab.department, owner=owner, due_on=due(),
                                      note="Please cost it", actor=lab.users["executive"])
        assert services.forward_ideas([idea], department=lab.department, owner=owner, due_on=due(),
                                      actor=lab.users["executive"]) == []
        users = set(Notification.objects.filter(kind="forwarding_assigned").values_list("user", flat=True))
    assert users == {owner.pk, lab.users["internal_partner"].pk}
    assert fw.note == "Please cost it" and fw.acknowledged_at is None


@pytest.mark.parametrize("change, code", [
    ({"state": IdeaState.SUBMITTED}, "not_accepted"),
    ({"owner": "stranger"}, "owner_not_member"),
    ({"due_on": "past"}, "due_in_past"),
    ({"department": "foreign"}, "department_unknown"),
])
def test_forward_refusals(lab, change, code):
    idea = accepted(lab) if "state" not in change else f.IdeaFactory(organization=lab.org, state=change["state"])
    owner = f.UserFactory() if change.get("owner") else lab.users["internal_partner"]
    day = timezone.localdate() - timedelta(days=1) if change.get("due_on") else due()
    department = f.DepartmentFactory() if change.get("department") else lab.department
    with scopes_disabled(), pytest.raises(DomainError) as e:
        services.forward_ideas([idea], department=department, owner=owner, due_on=day, actor=lab.users["executive"])
    assert e.value.code == code


def test_forward_a_concept_and_acknowledge_once(lab):
    concept = Concept.objects.create(organization=lab.org, name="Refills")
    a, b = accepted(lab, concept=concept), accepted(lab, concept=concept)
    f.IdeaFactory(organization=lab.org, concept=concept)  # not accepted: stays
    with scopes_disabled():
        created = services.forward_concept(concept, department=lab.department, owner=lab.users["internal_partner"],
                                           due_on=due(), actor=lab.users["executive"])
        assert {fw.idea_id for fw in created} == {a.pk, b.pk} and all(fw.concept == concept for fw in created)
        fw = created[0]
        services.acknowledge(fw, actor=lab.users["internal_partner"])
        first = fw.acknowledged_at
        services.acknowledge(fw, actor=lab.users["executive"])
        assert fw.acknowledged_at == first and fw.acknowledged_by == lab.users["internal_partner"]
        assert Notification.objects.filter(kind="forwarding_acknowledged", user=fw.idea.author).count() == 1


def test_forward_page_and_author_sees_progress(client, lab):
    idea = accepted(lab, title="Sea can")
    client.force_login(lab.users["executive"])
    page = f"/o/{lab.org.slug}/ideas/{idea.pk}/forward/"
    assert client.get(page).status_code == 200
    response = client.post(page, {"department": lab.department.pk, "owner": lab.users["internal_partner"].pk,
                                  "due_on": (timezone.localdate() - timedelta(days=1)).isoformat()})
    assert response.status_code == 200 and not Forwarding.objects.exists()  # kept what was typed
    response = client.post(page, {"department": lab.department.pk, "owner": lab.users["internal_partner"].pk,
                                  "due_on": due().isoformat(), "note": "Go"})
    assert response.status_code == 302
    client.force_login(idea.author)
    with translation.override("en"):
        text = client.get(f"/o/{lab.org.slug}/ideas/{idea.pk}/").text
    assert f"Forwarded to {escape(lab.department.name)}" in text and "waiting for the department" in text


def test_forwarded_page_and_acknowledge_roles(client, lab):
    idea = accepted(lab)
    with scopes_disabled():
        [fw] = services.forward_ideas([idea], department=lab.department, owner=lab.users["program_manager"],
                                      due_on=timezone.localdate(), actor=lab.users["executive"])
    Forwarding.objects.filter(pk=fw.pk).update(due_on=timezone.localdate() - timedelta(days=2))
    client.force_login(lab.users["internal_partner"])
    with translation.override("en"):
        text = client.get(f"/o/{lab.org.slug}/forwarded/").text
    assert idea.title in text and "Overdue" in text and "Acknowledge receipt" in text
    ack = f"/o/{lab.org.slug}/forwarded/{fw.pk}/acknowledge/"
    client.force_login(lab.users["judge"])
    assert client.post(ack).status_code == 404
    client.force_login(lab.users["program_manager"])  # the owner
    assert client.post(ack).status_code == 302
    fw.refresh_from_db()
    assert fw.acknowledged_by == lab.users["program_manager"]


@pytest.mark.parametrize("role", ROLES)
def test_forwarding_pages_role_matrix(client, labs, role):
    lab, other = labs
    idea, foreign = accepted(lab), accepted(other)
    user = user_of(lab, role)
    status, response = status_as(client, user, f"/o/{lab.org.slug}/ideas/{idea.pk}/forward/")
    assert_answer(role, status, response, role == "executive")
    status, response = status_as(client, user, f"/o/{lab.org.slug}/forwarded/")
    assert_answer(role, status, response, role in {"executive", "org_admin", "internal_partner"})
    if user.is_authenticated:
        assert status_as(client, user, f"/o/{lab.org.slug}/ideas/{foreign.pk}/forward/")[0] == 404


def test_forwarded_page_query_count_is_constant(client, lab, django_assert_max_num_queries):
    client.force_login(lab.users["executive"])

    def add(n):
        with scopes_disabled():
            services.forward_ideas([accepted(lab) for _ in range(n)], department=lab.department,
                                   owner=lab.users["internal_partner"], due_on=due(), actor=lab.users["executive"])

    add(2)
    with django_assert_max_num_queries(30) as small:
        client.get(f"/o/{lab.org.slug}/forwarded/")
    add(15)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(f"/o/{lab.org.slug}/forwarded/")


def test_my_ideas_shows_the_hand_off(client, lab):
    idea = accepted(lab, title="Sea can")
    with scopes_disabled():
        services.forward_ideas([idea], department=lab.department, owner=lab.users["internal_partner"],
                               due_on=due(), actor=lab.users["executive"])
    client.force_login(idea.author)
    with translation.override("en"):
        text = client.get("/me/ideas/").text
    assert f"Forwarded to {escape(lab.department.name)}" in text
