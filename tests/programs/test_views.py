import re

import pytest
from django.utils.html import escape

from cocreate.programs.enums import AgreementStatus
from cocreate.programs.models import Agreement, AgreementAcceptance, Program
from cocreate.programs.services import agreement_draft, agreement_publish
from tests import factories as f

pytestmark = pytest.mark.django_db


def page(lab, suffix="", program=None):
    program = program or lab.program
    return f"/o/{lab.org.slug}/programs/{program.slug}/{suffix}"


# List and create -------------------------------------------------------------------------

def test_list_shows_visible_programs(client, lab):
    f.ProgramFactory(organization=lab.org, title="Hidden draft", status="draft")
    response = client.get(f"/o/{lab.org.slug}/programs/")
    assert response.status_code == 200
    assert lab.program.title in response.text and "Hidden draft" not in response.text
    assert "New program" not in response.text


def test_list_query_count_does_not_grow(client, lab, django_assert_max_num_queries):
    client.force_login(lab.users["program_manager"])
    for _ in range(3):
        f.ProgramFactory(organization=lab.org)
    with django_assert_max_num_queries(12) as small:
        client.get(f"/o/{lab.org.slug}/programs/")
    for _ in range(30):
        f.ProgramFactory(organization=lab.org)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(f"/o/{lab.org.slug}/programs/")


def test_manager_creates_a_program(client, lab):
    client.force_login(lab.users["program_manager"])
    assert client.get(f"/o/{lab.org.slug}/programs/new/").status_code == 200
    response = client.post(f"/o/{lab.org.slug}/programs/new/", {
        "title": "Lynx scent", "goal": "A new scent with 18 partners", "scope": "Deodorants",
        "is_pilot": "on", "is_public": "on", "status": "active",
        "recruiting_starts": "2030-01-01", "recruiting_ends": "2030-01-31",
    })
    program = Program.objects.get(title="Lynx scent")
    assert response.status_code == 302 and response["Location"] == page(lab, program=program)
    assert (program.slug, program.is_pilot, program.organization) == ("lynx-scent", True, lab.org)
    assert str(program.recruiting_ends) == "2030-01-31"


def test_timeline_out_of_order_is_explained_and_kept(client, lab):
    client.force_login(lab.users["program_manager"])
    response = client.post(f"/o/{lab.org.slug}/programs/new/", {
        "title": "Backwards", "goal": "Careful goal text", "status": "draft",
        "recruiting_starts": "2030-02-01", "recruiting_ends": "2030-01-01",
    })
    assert response.status_code == 200
    assert "Recruiting ends before it starts." in response.text
    assert "Careful goal text" in response.text and 'value="2030-02-01"' in response.text
    assert not Program.objects.filter(title="Backwards").exists()


def test_manager_edits_a_program(client, lab):
    client.force_login(lab.users["org_admin"])
    response = client.get(page(lab, "edit/"))
    assert f'value="{lab.program.title}"' in response.text
    data = {"title": "Renamed", "goal": lab.program.goal, "status": "active", "is_public": "on"}
    response = client.post(page(lab, "edit/"), data)
    assert response.status_code == 302
    lab.program.refresh_from_db()
    assert lab.program.title == "Renamed"


# Detail ----------------------------------------------------------------------------------

def test_detail_shows_goal_timeline_and_public_agreement_to_a_visitor(client, lab):
    import datetime

    lab.program.scope = "Deodorant for 16-24"
    lab.program.is_pilot = True
    lab.program.recruiting_starts = datetime.date(2020, 1, 1)
    lab.program.recruiting_ends = datetime.date(2020, 2, 1)
    lab.program.rr_starts = datetime.date(2020, 3, 1)
    lab.program.save()
    response = client.get(page(lab))
    assert response.status_code == 200
    text = response.text
    assert lab.program.goal in text and "Deodorant for 16-24" in text and "Pilot (small start)" in text
    assert re.search(r'class="stage past".*Recruiting', text, re.S)
    current = r'class="stage current" aria-current="step">\s*<strong>Roles &amp; responsibilities'
    assert re.search(current, text)
    # Coca-Cola style: the criteria and their weights are public.
    for name in ("Creativity", "Usefulness", "Brand impact", "Participant vote"):
        assert f'<th scope="row">{name}</th><td>—</td><td>25%</td>' in text
    assert "Log in to apply" in text
    assert lab.mission.title not in text  # confidential


def test_detail_asks_a_pending_partner_to_accept(client, lab):
    client.force_login(lab.users["partner_pending"])
    text = client.get(page(lab)).text
    assert "Please accept the program agreement" in text
    assert "1 confidential mission is waiting for you." in text
    assert lab.mission.title not in text
    assert f'href="{page(lab, "agreement/")}"' in text


def test_detail_shows_missions_to_a_partner_who_accepted(client, lab):
    client.force_login(lab.users["partner"])
    text = client.get(page(lab)).text
    assert lab.mission.title in text
    assert "Please accept the program agreement" not in text
    assert "accepted version 1 of its agreement" in text


def test_detail_offers_members_to_apply_and_then_shows_their_application(client, lab):
    member = lab.users["member"]
    client.force_login(member)
    apply_url = f"/o/{lab.org.slug}/programs/{lab.program.slug}/recruitments/{lab.recruitment.pk}/apply/"
    assert f'href="{apply_url}"' in client.get(page(lab)).text
    from cocreate.recruiting.models import Application

    Application.objects.create(recruitment=lab.recruitment, applicant=member, profile={}, consent_text="x",
                               consented_at=lab.recruitment.opens_at)
    text = client.get(page(lab)).text
    assert f'href="{apply_url}"' not in text and "Your application: Submitted" in text


def test_detail_query_count_does_not_grow_with_missions_and_recruitments(
    client, lab, django_assert_max_num_queries,
):
    client.force_login(lab.users["partner"])
    for _ in range(3):
        f.TaskFactory(mission=f.MissionFactory(program=lab.program))
        f.RecruitmentFactory(program=lab.program)
    with django_assert_max_num_queries(25) as small:
        client.get(page(lab))
    for _ in range(30):
        f.TaskFactory(mission=f.MissionFactory(program=lab.program))
        f.RecruitmentFactory(program=lab.program)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(page(lab))


def test_detail_query_count_does_not_grow_with_missions_of_every_visibility(
    client, lab, django_assert_max_num_queries,
):
    from cocreate.pool.models import PoolMember

    visibilities = ["public", "pool", "cohort", "confidential"]

    def add(n):
        for i in range(n):
            mission = f.MissionFactory(program=lab.program, visibility=visibilities[i % 4], title=f"Mission {i}",
                                       kind=["co_development", "co_marketing", "mystery_shopping"][i % 3],
                                       capacity=3 if i % 2 else None)
            f.TaskFactory(mission=mission)
            f.DeliverableFactory(mission=mission)
            f.SubMissionFactory(mission=mission)
            f.ParticipationFactory(mission=mission)

    PoolMember.objects.create(organization=lab.org, user=lab.users["member"], status="active", source="manager")
    for role in ("partner", "member", "program_manager", "visitor"):
        lab.mission.program.missions.exclude(pk=lab.mission.pk).delete()
        client.logout()
        if lab.users[role]:
            client.force_login(lab.users[role])
        add(1)  # one mission (and the lab's confidential one)
        with django_assert_max_num_queries(30) as small:
            assert client.get(page(lab)).status_code == 200
        add(8)  # eight more, of every visibility and several types
        with django_assert_max_num_queries(len(small.captured_queries), info=role):
            text = client.get(page(lab)).text
        assert ("Mission 3" in text) is (role in ("partner", "program_manager"))  # confidential


# Agreement -------------------------------------------------------------------------------

def test_partner_accepts_the_agreement_and_sees_when(client, lab):
    pending = lab.users["partner_pending"]
    client.force_login(pending)
    text = client.get(page(lab, "agreement/")).text
    assert "I accept version 1" in text
    response = client.post(page(lab, "agreement/"), {"version": "1"}, follow=True)
    acceptance = AgreementAcceptance.objects.get(user=pending)
    assert acceptance.version == 1
    assert "You accepted version 1 on " in response.text and "I accept version 1" not in response.text
    # Accepting twice changes nothing.
    client.post(page(lab, "agreement/"), {"version": "1"})
    assert AgreementAcceptance.objects.filter(user=pending).count() == 1
    # And the confidential mission opens up.
    assert client.get(page(lab, f"missions/{lab.mission.pk}/")).status_code == 200


def test_accepting_a_version_one_did_not_read_is_refused(client, lab):
    manager, pending = lab.users["program_manager"], lab.users["partner_pending"]
    agreement_publish(agreement_draft(lab.program, actor=manager), actor=manager)  # version 2 now in force
    client.force_login(pending)
    response = client.post(page(lab, "agreement/"), {"version": "1"}, follow=True)
    assert "The agreement changed while you were reading it. Please read version 2" in response.text
    assert not AgreementAcceptance.objects.filter(user=pending).exists()


def test_member_reads_but_cannot_accept(client, lab):
    client.force_login(lab.users["member"])
    text = client.get(page(lab, "agreement/")).text
    assert "Who evaluates" in text and escape(lab.agreement.evaluators) in text
    assert "I accept" not in text


def criteria_post(weights, initial=4, **texts):
    """What the edit page posts: ``initial`` rows came filled from the server (the version in
    force has four criteria); a weight of None ticks "Delete" on that row."""
    data = {"criteria-TOTAL_FORMS": str(len(weights)), "criteria-INITIAL_FORMS": str(initial),
            "criteria-MIN_NUM_FORMS": "0", "criteria-MAX_NUM_FORMS": "1000",
            "evaluators": "Judges", "method": "Scores", "ip_ownership": "Company",
            "confidentiality": "Secret"}
    for i, w in enumerate(weights):
        data |= {f"criteria-{i}-name": f"Criterion {i}", f"criteria-{i}-weight": "" if w is None else str(w),
                 f"criteria-{i}-scale_max": "10", f"criteria-{i}-description": ""}
        if w is None:
            data[f"criteria-{i}-DELETE"] = "on"
    return data | texts


def test_manager_edit_page_starts_from_the_version_in_force_without_writing(client, lab):
    client.force_login(lab.users["program_manager"])
    response = client.get(page(lab, "agreement/edit/"))
    assert response.status_code == 200
    assert 'value="Creativity"' in response.text and escape(lab.agreement.evaluators) in response.text
    assert not Agreement.objects.filter(program=lab.program, status=AgreementStatus.DRAFT).exists()


def test_publishing_weights_that_do_not_add_up_shows_the_error_and_keeps_the_values(client, lab):
    client.force_login(lab.users["program_manager"])
    response = client.post(page(lab, "agreement/edit/"), criteria_post([25, 25, 25, 24]) | {"publish": "1"})
    assert response.status_code == 200
    assert "The criteria weights add up to 99; they must add up to 100." in response.text
    assert 'value="24"' in response.text and 'value="Criterion 3"' in response.text
    assert "Your draft was saved, but it is not published yet." in response.text
    lab.agreement.refresh_from_db()
    assert lab.agreement.status == AgreementStatus.PUBLISHED  # version 1 still in force
    draft = Agreement.objects.get(program=lab.program, status=AgreementStatus.DRAFT)
    assert sorted(draft.criteria.values_list("weight", flat=True)) == [24, 25, 25, 25]


def test_manager_publishes_a_new_version_and_partners_accept_again(client, lab):
    client.force_login(lab.users["program_manager"])
    response = client.post(page(lab, "agreement/edit/"), criteria_post([25, 25, 25, 25]) | {"publish": "1"})
    assert response.status_code == 302 and response["Location"] == page(lab, "agreement/")
    new = Agreement.objects.get(program=lab.program, status=AgreementStatus.PUBLISHED)
    assert new.version == 2 and new.evaluators == "Judges"
    mission_url = f"/o/{lab.org.slug}/programs/{lab.program.slug}/missions/{lab.mission.pk}/"
    client.force_login(lab.users["partner"])
    assert client.get(mission_url)["Location"].startswith(page(lab, "agreement/?next="))  # led to version 2
    assert "1 confidential mission is waiting for you." in client.get(page(lab)).text
    client.post(page(lab, "agreement/"), {"version": "2"})
    assert client.get(mission_url).status_code == 200


def test_save_draft_then_publish_from_the_agreement_page(client, lab):
    client.force_login(lab.users["program_manager"])
    response = client.post(page(lab, "agreement/edit/"), criteria_post([60, 30, None, None]) | {"save": "1"})
    assert response.status_code == 302
    text = client.get(page(lab, "agreement/")).text
    assert "Draft of version 2" in text and "Publish version 2" in text
    response = client.post(page(lab, "agreement/publish/"), follow=True)
    assert response.redirect_chain[-1][0] == page(lab, "agreement/edit/")
    assert "The criteria weights add up to 90; they must add up to 100." in response.text
    assert 'value="60"' in response.text  # the saved draft is what the manager sees
    client.post(page(lab, "agreement/edit/"), criteria_post([70, 30], initial=2) | {"save": "1"})
    response = client.post(page(lab, "agreement/publish/"))
    assert response.status_code == 302 and response["Location"] == page(lab, "agreement/")
    assert Agreement.objects.get(program=lab.program, status=AgreementStatus.PUBLISHED).version == 2


def test_a_deleted_or_blank_criterion_row_is_left_out(client, lab):
    client.force_login(lab.users["program_manager"])
    data = criteria_post([50, 50, None, None]) | {"criteria-TOTAL_FORMS": "5", "criteria-4-name": "",
                                                   "criteria-4-weight": "", "criteria-4-scale_max": "10",
                                                   "publish": "1"}
    response = client.post(page(lab, "agreement/edit/"), data)
    assert response.status_code == 302
    agreement = Agreement.objects.get(program=lab.program, status=AgreementStatus.PUBLISHED)
    kept = list(agreement.criteria.values_list("name", "weight"))
    assert kept == [("Criterion 0", 50), ("Criterion 1", 50)]


# Partners --------------------------------------------------------------------------------

def test_partners_page_shows_who_accepted(client, lab):
    client.force_login(lab.users["program_manager"])
    text = client.get(page(lab, "partners/")).text
    assert "Pending partner" in text and "Partner" in text
    assert text.count("Not yet") == 1


def test_partners_page_query_count_does_not_grow(client, lab, django_assert_max_num_queries):
    client.force_login(lab.users["program_manager"])
    for _ in range(3):
        f.AcceptanceFactory(agreement=lab.agreement, user=f.PartnerFactory(program=lab.program).user)
    with django_assert_max_num_queries(12) as small:
        client.get(page(lab, "partners/"))
    for _ in range(30):
        f.AcceptanceFactory(agreement=lab.agreement, user=f.PartnerFactory(program=lab.program).user)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(page(lab, "partners/"))
