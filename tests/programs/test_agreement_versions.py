"""Versions of the agreement: material or not, the crowd vote's share, criteria that follow
submissions, the manager's acceptance overview (page, CSV, API) and the printable PDF."""

import csv
import io

import pytest

from cocreate.core.errors import DomainError
from cocreate.core.models import AuditEvent
from cocreate.evaluation.selectors import breakdown_for
from cocreate.evaluation.services import scores_submit
from cocreate.ideas.enums import IdeaState
from cocreate.ideas.models import Support
from cocreate.notifications.models import Notification
from cocreate.programs.enums import AgreementStatus
from cocreate.programs.models import AgreementAcceptance
from cocreate.programs.pdf import agreement_pdf
from cocreate.programs.services import agreement_accept, agreement_draft, agreement_publish, agreement_update
from tests import factories as f

pytestmark = pytest.mark.django_db


def page(lab, suffix=""):
    return f"/o/{lab.org.slug}/programs/{lab.program.slug}/{suffix}"


def api(lab, suffix=""):
    return f"/api/v1/organizations/{lab.org.slug}/programs/{lab.program.slug}/{suffix}"


def fresh(user):
    """The same person on a new request: per-request permission caches are empty."""
    return type(user).objects.get(pk=user.pk)


def v1_criteria(lab, **changes):
    rows = [{"name": c.name, "description": c.description, "weight": c.weight, "scale_max": c.scale_max,
             "is_crowd_vote": c.name == "Participant vote"} for c in lab.criteria]
    for row in rows:
        row.update(changes.get(row["name"], {}))
    return rows


# Material and non-material versions ------------------------------------------------------

def test_a_typo_fix_carries_acceptances_forward_and_records_it(lab, django_capture_on_commit_callbacks):
    manager, partner, pending = lab.users["program_manager"], lab.users["partner"], lab.users["partner_pending"]
    draft = agreement_update(agreement_draft(lab.program, actor=manager), actor=manager, is_material=False,
                             confidentiality="Until launch (typo fixed)")
    with django_capture_on_commit_callbacks(execute=True):
        agreement_publish(draft, actor=manager)
    carried = AgreementAcceptance.objects.get(agreement=draft)
    original = AgreementAcceptance.objects.get(agreement=lab.agreement)
    assert (carried.user, carried.version, carried.carried_from) == (partner, 2, original)
    assert AgreementAcceptance.objects.filter(agreement=draft).count() == 1  # not the pending partner
    event = AuditEvent.objects.get(verb="agreement.acceptances_carried")
    assert event.data == {"version": 2, "from_version": 1, "users": [partner.pk]}
    assert AuditEvent.objects.get(verb="agreement.published", target_id=draft.pk).data == {
        "version": 2, "material": False, "criteria_changed": False, "with_submissions": False}
    # Nobody is asked to accept again, and the partner keeps the confidential mission.
    assert Notification.objects.filter(kind="agreement_published").count() == 0
    assert fresh(partner).has_perm("missions.view_mission", lab.mission) is True
    assert fresh(pending).has_perm("missions.view_mission", lab.mission) is False


def test_a_material_version_asks_everyone_again(lab, django_capture_on_commit_callbacks):
    manager, partner = lab.users["program_manager"], lab.users["partner"]
    draft = agreement_update(agreement_draft(lab.program, actor=manager), actor=manager,
                             data_use="Names are kept for five years.")
    assert draft.is_material is True  # the safe default
    with django_capture_on_commit_callbacks(execute=True):
        agreement_publish(draft, actor=manager)
    assert AgreementAcceptance.objects.filter(agreement=draft).count() == 0
    assert Notification.objects.filter(kind="agreement_published").count() == 2
    assert fresh(partner).has_perm("missions.view_mission", lab.mission) is False
    agreement_accept(draft, user=partner)
    assert fresh(partner).has_perm("missions.view_mission", lab.mission) is True


def test_changed_criteria_are_never_a_typo_fix(lab):
    manager = lab.users["program_manager"]
    draft = agreement_update(agreement_draft(lab.program, actor=manager), actor=manager, is_material=False,
                             criteria=v1_criteria(lab, Creativity={"weight": 40}, Usefulness={"weight": 10}))
    with pytest.raises(DomainError) as exc:
        agreement_publish(draft, actor=manager)
    assert exc.value.code == "criteria_material"
    assert exc.value.text == ("The evaluation criteria changed, so this is a material change: every partner "
                              "must accept it again.")
    draft.refresh_from_db()
    assert draft.status == AgreementStatus.DRAFT
    lab.agreement.refresh_from_db()
    assert lab.agreement.status == AgreementStatus.PUBLISHED


def test_the_first_version_is_always_material(lab):
    program = f.ProgramFactory(organization=lab.org)
    manager = lab.users["program_manager"]
    draft = agreement_update(agreement_draft(program, actor=manager), actor=manager, is_material=False,
                             evaluators="E", method="M", ip_ownership="I", confidentiality="C",
                             criteria=[{"name": "All", "weight": 100}])
    with pytest.raises(DomainError) as exc:
        agreement_publish(draft, actor=manager)
    assert exc.value.code == "first_not_material"


def test_crowd_vote_share_is_the_weight_of_the_vote_criteria(lab):
    manager = lab.users["program_manager"]
    draft = agreement_update(agreement_draft(lab.program, actor=manager), actor=manager,
                             criteria=v1_criteria(lab, **{"Participant vote": {"weight": 40},
                                                          "Creativity": {"weight": 10}}))
    assert draft.crowd_vote_share == 40
    assert lab.agreement.crowd_vote_share == 0  # the lab's v1 marks no criterion as the vote
    agreement_publish(draft, actor=manager)
    draft = agreement_draft(lab.program, actor=manager)  # v3 copies the mark
    assert (draft.version, draft.crowd_vote_share) == (3, 40)


def test_agreement_page_explains_the_crowd_vote_and_new_terms(client, lab):
    manager = lab.users["program_manager"]
    draft = agreement_update(agreement_draft(lab.program, actor=manager), actor=manager,
                             criteria=v1_criteria(lab), rejection_process="We say why within 14 days.",
                             data_use="Names are kept for five years.")
    agreement_publish(draft, actor=manager)
    text = client.get(page(lab, "agreement/")).text
    assert "The participants' vote counts for 25% of the final score." in text
    assert "<dt>Rejection process</dt><dd>We say why within 14 days.</dd>" in text
    assert "<dt>Use of data</dt><dd>Names are kept for five years.</dd>" in text
    assert f'href="{page(lab, "agreement/v2.pdf")}"' in text
    assert "Who accepted which version" not in text  # a visitor


# Criteria once ideas are submitted -------------------------------------------------------

def submitted_idea(lab):
    return f.IdeaFactory(organization=lab.org, channel="mission", program=lab.program, mission=lab.mission,
                         state=IdeaState.SUBMITTED, author=lab.users["partner"])


def test_pages_say_criteria_change_only_by_a_new_version_once_ideas_are_submitted(client, lab):
    client.force_login(lab.users["program_manager"])
    notice = "Ideas were already submitted to this program."
    assert notice not in client.get(page(lab, "agreement/")).text
    assert notice not in client.get(page(lab, "agreement/edit/")).text
    submitted_idea(lab)
    assert notice in client.get(page(lab, "agreement/")).text
    assert notice in client.get(page(lab, "agreement/edit/")).text


def test_evaluation_uses_the_version_in_force_and_keeps_scores_across_versions(lab):
    manager, judge = lab.users["program_manager"], lab.users["judge"]
    idea = submitted_idea(lab)
    scores_submit(idea, judge=judge, values={c.pk: 10 if c.name == "Creativity" else 0 for c in lab.criteria})
    assert breakdown_for(idea).total == 25.0
    draft = agreement_update(agreement_draft(lab.program, actor=manager), actor=manager,
                             criteria=v1_criteria(lab, Creativity={"weight": 70}, Usefulness={"weight": 10},
                                                  **{"Brand impact": {"weight": 10},
                                                     "Participant vote": {"weight": 10}}))
    agreement_publish(draft, actor=manager)
    lab.agreement.refresh_from_db()
    assert lab.agreement.criteria.filter(scores__isnull=False).count() == 0  # nothing left behind
    breakdown = breakdown_for(idea)
    # Version 2 marks "Participant vote" as the crowd vote: its value comes from the supports
    # (none yet), never from the judges' scores, so the total is over the other 90 %.
    assert [(r.criterion.name, r.criterion.weight, r.mean) for r in breakdown.criteria] == [
        ("Creativity", 70, 10.0), ("Usefulness", 10, 0.0), ("Brand impact", 10, 0.0),
        ("Participant vote", 10, None)]
    assert {r.criterion.id for r in breakdown.criteria} == set(draft.criteria.values_list("id", flat=True))
    assert (breakdown.total, breakdown.complete) == (77.78, False)
    Support.objects.create(idea=idea, user=lab.users["member"])  # the most supported idea: full weight
    breakdown = breakdown_for(idea)
    assert (breakdown.criteria[3].mean, breakdown.total, breakdown.complete) == (10.0, 80.0, True)
    assert AuditEvent.objects.get(verb="agreement.scores_carried").data == {
        "version": 2, "from_version": 1, "scores": 4}
    assert AuditEvent.objects.get(verb="agreement.published", target_id=draft.pk).data == {
        "version": 2, "material": True, "criteria_changed": True, "with_submissions": True}


# The manager's acceptance overview -------------------------------------------------------

def carry_v2(lab):
    manager = lab.users["program_manager"]
    draft = agreement_update(agreement_draft(lab.program, actor=manager), actor=manager, is_material=False)
    return agreement_publish(draft, actor=manager)


def test_overview_lists_each_partner_version_and_who_is_behind(client, lab):
    late = f.PartnerFactory(program=lab.program, user=f.UserFactory(name="Late partner")).user
    agreement_accept(lab.agreement, user=late)
    carry_v2(lab)  # partner and late carried to v2
    manager = lab.users["program_manager"]
    v3 = agreement_publish(agreement_update(agreement_draft(lab.program, actor=manager), actor=manager,
                                            method="Changed"), actor=manager)
    agreement_accept(v3, user=lab.users["partner"])
    client.force_login(manager)
    text = client.get(page(lab, "agreement/acceptances/")).text
    assert "2 partners have not accepted version 3, the version in force." in text
    assert text.count("Up to date") == 1 and text.count(">Behind<") == 2
    assert text.count("carried forward") == 1  # the late partner's last acceptance is the carried v2
    rows = list(csv.reader(io.StringIO(client.get(page(lab, "agreement/acceptances/?format=csv"))
                                       .content.decode("utf-8-sig"))))
    assert rows[0] == ["Partner", "Email", "Joined", "Accepted version", "Accepted at", "Carried forward",
                       "Current version", "Up to date"]
    assert [(r[0], r[3], r[5], r[6], r[7]) for r in rows[1:]] == [
        ("Partner", "3", "no", "3", "yes"),
        ("Pending partner", "", "no", "3", "no"),
        ("Late partner", "2", "yes", "3", "no"),
    ]


def test_overview_query_count_does_not_grow(client, lab, django_assert_max_num_queries):
    client.force_login(lab.users["program_manager"])
    for _ in range(3):
        f.AcceptanceFactory(agreement=lab.agreement, user=f.PartnerFactory(program=lab.program).user)
    for suffix in ("agreement/acceptances/", "agreement/acceptances/?format=csv"):
        with django_assert_max_num_queries(14) as small:
            client.get(page(lab, suffix))
        counts = len(small.captured_queries)
        for _ in range(30):
            f.AcceptanceFactory(agreement=lab.agreement, user=f.PartnerFactory(program=lab.program).user)
        with django_assert_max_num_queries(counts):
            assert client.get(page(lab, suffix)).status_code == 200


def test_overview_api(client, lab):
    carry_v2(lab)
    client.force_login(lab.users["program_manager"])
    body = client.get(api(lab, "agreement/acceptances")).json()
    assert body["count"] == 2
    assert [(r["user"]["name"], r["accepted_version"], r["carried_forward"], r["up_to_date"])
            for r in body["items"]] == [("Partner", 2, True, True), ("Pending partner", None, False, False)]


# Versions over the API -------------------------------------------------------------------

def test_versions_api_and_non_material_draft(client, lab):
    client.force_login(lab.users["program_manager"])
    response = client.put(api(lab, "agreement/draft"), {"is_material": False, "method": "Typo fixed",
                                                        "publish": True}, content_type="application/json")
    assert response.status_code == 200
    body = response.json()
    assert (body["version"], body["status"], body["is_material"], body["crowd_vote_share"]) == (
        2, "published", False, 0)
    assert (body["rejection_process"], body["data_use"]) == ("", "")
    versions = client.get(api(lab, "agreement/versions")).json()
    assert [(v["version"], v["status"], v["is_material"]) for v in versions] == [
        (2, "published", False), (1, "superseded", True)]
    old = client.get(api(lab, "agreement/versions/1")).json()
    assert (old["version"], old["method"], [c["weight"] for c in old["criteria"]]) == (
        1, lab.agreement.method, [25, 25, 25, 25])
    assert client.get(api(lab, "agreement/versions/9")).status_code == 404
    pdf = client.get(api(lab, "agreement/versions/1/pdf"))
    assert (pdf.status_code, pdf["Content-Type"], pdf.content[:5]) == (200, "application/pdf", b"%PDF-")


def test_a_visitor_reads_only_the_version_in_force(client, lab):
    carry_v2(lab)
    assert [v["version"] for v in client.get(api(lab, "agreement/versions")).json()] == [2]
    assert client.get(api(lab, "agreement/versions/1")).status_code == 404
    assert client.get(page(lab, "agreement/v1.pdf")).status_code == 404
    assert client.get(page(lab, "agreement/v2.pdf")).status_code == 200


# PDF ------------------------------------------------------------------------------------

@pytest.mark.parametrize("language", ["en", "ko"])
def test_pdf_of_a_version_in_the_readers_language(client, lab, language):
    lab.program.title = "향수 공동 창작"
    lab.program.save()
    lab.criteria[0].name = "창의성"
    lab.criteria[0].save()
    response = client.get(page(lab, "agreement/v1.pdf"), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'inline; filename="agreement-{lab.program.slug}-v1-{language}.pdf"')
    body = response.content
    assert body.startswith(b"%PDF-")
    assert f"/Subject ({lab.program.slug} v1)".encode() in body
    assert f"/Lang ({language})".encode() in body
    assert b"/HYGothic-Medium" in body


def test_pdf_function_names_the_version(lab):
    manager = lab.users["program_manager"]
    agreement_publish(agreement_draft(lab.program, actor=manager), actor=manager)
    body = agreement_pdf(lab.program.agreements.get(version=2), language="en")
    assert body.startswith(b"%PDF-") and f"/Subject ({lab.program.slug} v2)".encode() in body


def test_edit_page_marks_a_typo_fix_and_refuses_it_for_changed_criteria(client, lab):
    from tests.programs.test_views import criteria_post

    client.force_login(lab.users["program_manager"])
    assert "Not a material change (a typo fixed): carry the acceptances forward" in client.get(
        page(lab, "agreement/edit/")).text
    response = client.post(page(lab, "agreement/edit/"),
                           criteria_post([25, 25, 25, 25]) | {"not_material": "on", "publish": "1"})
    assert response.status_code == 200
    assert "The evaluation criteria changed, so this is a material change" in response.text
    data = criteria_post([25, 25, 25, 25]) | {"not_material": "on", "publish": "1"}
    for i, c in enumerate(lab.criteria):
        data[f"criteria-{i}-name"] = c.name
    response = client.post(page(lab, "agreement/edit/"), data)
    assert response.status_code == 302
    current = lab.program.agreements.get(status=AgreementStatus.PUBLISHED)
    assert (current.version, current.is_material) == (2, False)
    assert list(current.acceptances.values_list("user__name", "carried_from__version")) == [("Partner", 1)]
