"""Permission matrices for missions: every role, on its own organization and on another."""

from urllib.parse import urlencode

import pytest

from tests.roles import MANAGERS, ROLES, STAFF, assert_answer, status_as, user_of

pytestmark = pytest.mark.django_db


def page(lab, suffix=""):
    return f"/o/{lab.org.slug}/programs/{lab.program.slug}/missions/{lab.mission.pk}/{suffix}"


def assert_leads_to_agreement(lab, status, response, back):
    assert status == 302
    assert response["Location"] == (f"/o/{lab.org.slug}/programs/{lab.program.slug}/agreement/?"
                                    + urlencode({"next": back}))


@pytest.mark.parametrize("role", ROLES)
def test_view_confidential_mission(client, labs, role):
    lab, other = labs
    user = user_of(lab, role)
    # Only staff and partners who accepted the agreement in force see a confidential mission.
    expected = role in STAFF | {"partner"}
    assert user.has_perm("missions.view_mission", lab.mission) is expected
    assert user.has_perm("missions.view_mission", other.mission) is False
    status, response = status_as(client, user, page(lab))
    if role == "partner_pending":
        # A partner of the program who has not accepted the version in force is led to it.
        assert_leads_to_agreement(lab, status, response, page(lab))
    else:
        assert status == (200 if expected else 404)
    assert status_as(client, user, page(other))[0] == 404


@pytest.mark.parametrize("role", ROLES)
def test_view_open_mission(client, labs, role):
    lab, other = labs
    for owner in (lab, other):
        owner.mission.visibility = "public"
        owner.mission.save()
    user = user_of(lab, role)
    for owner in (lab, other):
        assert user.has_perm("missions.view_mission", owner.mission) is True
        assert status_as(client, user, page(owner))[0] == 200


@pytest.mark.parametrize("role", ROLES)
def test_submit_to_mission(client, labs, role):
    lab, other = labs
    user = user_of(lab, role)
    expected = role == "partner"
    assert user.has_perm("missions.submit_to_mission", lab.mission) is expected
    assert user.has_perm("missions.submit_to_mission", other.mission) is False
    for owner, allowed in ((lab, expected), (other, False)):
        status, response = status_as(client, user, page(owner, "ideas/new/"))
        if role == "partner_pending" and owner is lab:
            assert_leads_to_agreement(lab, status, response, page(lab, "ideas/new/"))
        else:
            assert_answer(role, status, response, allowed)


@pytest.mark.parametrize("role", ROLES)
def test_submit_to_an_open_not_confidential_mission_still_needs_the_agreement(client, labs, role):
    lab, _ = labs
    lab.mission.visibility = "public"
    lab.mission.save()
    user = user_of(lab, role)
    expected = role == "partner"
    assert user.has_perm("missions.submit_to_mission", lab.mission) is expected
    status, response = status_as(client, user, page(lab, "ideas/new/"))
    assert_answer(role, status, response, expected)


@pytest.mark.parametrize("role", ROLES)
def test_change_mission(client, labs, role):
    lab, other = labs
    user = user_of(lab, role)
    expected = role in MANAGERS
    assert user.has_perm("missions.change_mission", lab.mission) is expected
    assert user.has_perm("missions.change_mission", other.mission) is False
    assert user.has_perm("missions.add_mission", lab.program) is expected
    for owner, allowed in ((lab, expected), (other, False)):
        status, response = status_as(client, user, page(owner, "edit/"))
        assert_answer(role, status, response, allowed)
        new = f"/o/{owner.org.slug}/programs/{owner.program.slug}/missions/new/"
        status, response = status_as(client, user, new)
        assert_answer(role, status, response, allowed)


# Visibility levels ----------------------------------------------------------------------

def _expected_view(role, visibility):
    if role in STAFF:
        return True
    return {
        "public": True,  # the lab's program is public
        "pool": role in {"partner", "partner_pending", "pool"},
        "cohort": role in {"partner", "partner_pending"},
        "confidential": role == "partner",
    }[visibility]


@pytest.mark.parametrize("visibility", ["public", "pool", "cohort", "confidential"])
@pytest.mark.parametrize("role", [*ROLES, "pool"])
def test_visibility_matrix(labs, role, visibility):
    from cocreate.missions.selectors import missions_visible_to
    from cocreate.pool.models import PoolMember

    lab, other = labs
    for owner in (lab, other):
        owner.mission.visibility = visibility
        owner.mission.save()
    if role == "pool":
        from tests.factories import UserFactory
        user = UserFactory()
        PoolMember.objects.create(organization=lab.org, user=user, source="manager")
    else:
        user = user_of(lab, role)
    view = _expected_view(role, visibility)
    assert user.has_perm("missions.view_mission", lab.mission) is view
    assert (lab.mission in missions_visible_to(user, lab.program)) is view
    # Another organization's mission: only what is public to everyone.
    other_view = visibility == "public"
    assert user.has_perm("missions.view_mission", other.mission) is other_view
    assert (other.mission in missions_visible_to(user, other.program)) is other_view
    # Taking part: the people the mission is for (not staff), behind the agreement in force.
    take = view and role not in STAFF and role not in {"visitor", "partner_pending", "member", "pool"}
    assert user.has_perm("missions.take_part", lab.mission) is take
    assert user.has_perm("missions.submit_to_mission", lab.mission) is take  # the lab's mission is open
    assert user.has_perm("missions.take_part", other.mission) is False


def test_a_non_partner_takes_part_in_a_public_mission_after_accepting_the_agreement(lab):
    from tests.factories import AcceptanceFactory

    member = lab.users["member"]
    lab.mission.visibility = "public"
    lab.mission.save()
    assert member.has_perm("programs.accept_agreement", lab.agreement) is True
    assert member.has_perm("missions.take_part", lab.mission) is False
    AcceptanceFactory(agreement=lab.agreement, user=member)
    member = type(member).objects.get(pk=member.pk)
    assert member.has_perm("missions.take_part", lab.mission) is True


def test_without_an_open_mission_only_partners_accept_the_agreement(lab):
    assert lab.users["member"].has_perm("programs.accept_agreement", lab.agreement) is False
    assert lab.users["partner_pending"].has_perm("programs.accept_agreement", lab.agreement) is True


def test_submitting_waits_for_the_mission_to_start(lab):
    import datetime

    from django.utils import timezone
    lab.mission.starts_at = timezone.now() + datetime.timedelta(days=1)
    lab.mission.ends_at = timezone.now() + datetime.timedelta(days=2)
    lab.mission.save()
    partner = lab.users["partner"]
    assert partner.has_perm("missions.take_part", lab.mission) is True
    assert partner.has_perm("missions.submit_to_mission", lab.mission) is False
