import pytest

from cocreate.programs.enums import ProgramStatus
from cocreate.programs.models import AgreementAcceptance, Program
from tests import factories as f

from .helpers import org_url, program_url

pytestmark = pytest.mark.django_db


def test_visitors_see_public_started_programs_only(api, lab):
    f.ProgramFactory(organization=lab.org, title="Draft", status=ProgramStatus.DRAFT)
    f.ProgramFactory(organization=lab.org, title="Private", is_public=False)
    body = api.get(f"{org_url(lab)}/programs").json()
    assert [p["title"] for p in body["items"]] == [lab.program.title]
    staff = api.as_user(lab.users["reviewer"]).get(f"{org_url(lab)}/programs").json()
    assert {p["title"] for p in staff["items"]} == {lab.program.title, "Draft", "Private"}


def test_program_detail_with_timeline(api, lab):
    body = api.as_user(lab.users["partner"]).get(program_url(lab)).json()
    assert body["slug"] == lab.program.slug and body["is_partner"] is True and body["can_change"] is False
    assert [row["stage"] for row in body["timeline"]] == [
        "recruiting",
        "rr",
        "reinforcement",
        "realization",
        "retention",
    ]


def test_program_of_another_organization_is_404(api, labs):
    lab, other = labs
    api.as_user(lab.users["org_admin"])
    assert api.get(f"{org_url(lab)}/programs/{other.program.slug}").status_code == 404
    hidden = f.ProgramFactory(organization=other.org, status=ProgramStatus.DRAFT)
    assert api.get(f"{org_url(other)}/programs/{hidden.slug}").status_code == 404


def test_manager_creates_and_changes_a_program(api, lab):
    api.as_user(lab.users["program_manager"])
    response = api.post(
        f"{org_url(lab)}/programs",
        {
            "title": "Axe scent lab",
            "goal": "A new scent with 18 partners.",
            "is_pilot": True,
            "recruiting_starts": "2027-01-01",
            "recruiting_ends": "2027-01-31",
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert body["slug"] == "axe-scent-lab" and body["status"] == "draft" and body["is_pilot"] is True
    program = Program.objects.get(slug="axe-scent-lab")
    response = api.patch(
        f"{org_url(lab)}/programs/{program.slug}", {"status": "active", "rr_starts": "2027-02-01"}
    )
    assert response.status_code == 200
    program.refresh_from_db()
    assert program.status == ProgramStatus.ACTIVE and str(program.rr_starts) == "2027-02-01"
    assert program.title == "Axe scent lab"


def test_program_dates_out_of_order_are_refused(api, lab):
    api.as_user(lab.users["program_manager"])
    response = api.patch(program_url(lab), {"rr_starts": "2027-01-10", "recruiting_ends": "2027-01-31"})
    assert response.status_code == 400 and response.json()["code"] == "stage_order"


def test_members_cannot_create_or_change_programs(api, lab):
    api.as_user(lab.users["partner"])
    assert api.post(f"{org_url(lab)}/programs", {"title": "X", "goal": "Y"}).status_code == 404
    assert api.patch(program_url(lab), {"title": "Renamed"}).status_code == 404
    assert api.as_user(None).post(f"{org_url(lab)}/programs", {"title": "X", "goal": "Y"}).status_code == 401


def test_agreement_is_readable_with_its_criteria(api, lab):
    body = api.get(program_url(lab) + "/agreement").json()
    assert body["version"] == 1 and body["status"] == "published"
    assert [(c["name"], c["weight"]) for c in body["criteria"]] == [
        ("Creativity", 25),
        ("Usefulness", 25),
        ("Brand impact", 25),
        ("Participant vote", 25),
    ]
    assert body["accepted_at"] is None and body["can_accept"] is False


def test_partner_accepts_the_agreement_once(api, lab):
    pending = lab.users["partner_pending"]
    api.as_user(pending)
    assert api.get(program_url(lab) + "/agreement").json()["can_accept"] is True
    first = api.post(program_url(lab) + "/agreement/accept")
    assert first.status_code == 200 and first.json()["version"] == 1
    again = api.post(program_url(lab) + "/agreement/accept")
    assert again.json() == first.json()
    assert AgreementAcceptance.objects.filter(user=pending).count() == 1
    assert api.get(program_url(lab) + "/agreement").json()["accepted_at"] == first.json()["accepted_at"]


def test_non_partners_cannot_accept(api, labs):
    lab, other = labs
    api.as_user(lab.users["member"])
    assert api.post(program_url(lab) + "/agreement/accept").status_code == 404
    # A partner of one program is nobody in another organization's program.
    api.as_user(lab.users["partner_pending"])
    assert api.post(program_url(other) + "/agreement/accept").status_code == 404


def test_manager_drafts_and_publishes_a_new_agreement_version(api, lab):
    api.as_user(lab.users["program_manager"])
    url = program_url(lab) + "/agreement/draft"
    assert api.get(url).status_code == 404
    criteria = [{"name": "Creativity", "weight": 60}, {"name": "Feasibility", "weight": 30}]
    refused = api.put(url, {"method": "Two rounds.", "criteria": criteria, "publish": True})
    assert refused.status_code == 400
    assert refused.json() == {
        "detail": "The criteria weights add up to 90; they must add up to 100.",
        "code": "weights_sum",
    }
    # Nothing typed was lost: the draft kept it.
    draft = api.get(url).json()
    assert draft["version"] == 2 and draft["status"] == "draft" and draft["method"] == "Two rounds."
    assert [c["weight"] for c in draft["criteria"]] == [60, 30]
    criteria[1]["weight"] = 40
    published = api.put(url, {"criteria": criteria, "publish": True})
    assert published.status_code == 200 and published.json()["status"] == "published"
    current = api.get(program_url(lab) + "/agreement").json()
    assert current["version"] == 2 and current["method"] == "Two rounds."
    # The partner who accepted version 1 must accept again.
    assert api.as_user(lab.users["partner"]).get(program_url(lab) + "/agreement").json()["can_accept"] is True


def test_agreement_drafts_are_for_managers(api, labs):
    lab, other = labs
    assert (
        api.as_user(lab.users["executive"]).put(program_url(lab) + "/agreement/draft", {}).status_code == 404
    )
    api.as_user(lab.users["program_manager"])
    assert api.put(program_url(other) + "/agreement/draft", {}).status_code == 404


def test_staff_list_the_cohort_with_acceptances(api, labs):
    lab, other = labs
    body = api.as_user(lab.users["reviewer"]).get(program_url(lab) + "/partners").json()
    accepted = {p["user"]["name"]: p["accepted_at"] is not None for p in body["items"]}
    assert accepted == {"Partner": True, "Pending partner": False}
    assert api.as_user(lab.users["partner"]).get(program_url(lab) + "/partners").status_code == 404
    assert api.as_user(lab.users["reviewer"]).get(program_url(other) + "/partners").status_code == 404
