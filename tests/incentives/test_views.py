"""The incentive pages: portfolio with its balance warning, forms, ledger with filters and
CSV, and the person's own incentives. Query counts do not grow with the rows."""

from decimal import Decimal

import pytest

from cocreate.ideas.enums import IdeaState
from cocreate.incentives.models import Grant, Incentive
from tests import factories as f

from .helpers import grant_of, incentive_of

pytestmark = pytest.mark.django_db


def url(lab, suffix=""):
    return f"/o/{lab.org.slug}/programs/{lab.program.slug}/incentives/{suffix}"


def test_portfolio_shows_balance_and_warns_when_extrinsic_dominates(client, lab):
    client.force_login(lab.users["partner"])
    incentive_of(lab.program, "cash", title="Prize money", budget=Decimal("6000"))
    page = client.get(url(lab)).content.decode()
    assert "Prize money" in page and 'id="balance-warning"' in page and "6,000 USD" in page and "6000.00" not in page
    assert "Grant what is earned now" not in page  # partners only read
    incentive_of(lab.program, "name_credit", title="Name on the label")
    page = client.get(url(lab)).content.decode()
    assert 'id="balance-warning"' not in page and 'value="50"' in page


def test_program_page_links_the_portfolio_for_partners_and_managers(client, lab):
    link = url(lab)
    for role, shown in (("partner", True), ("program_manager", True), ("member", False)):
        client.force_login(lab.users[role])
        assert (link in client.get(f"/o/{lab.org.slug}/programs/{lab.program.slug}/").content.decode()) is shown


def test_manager_creates_edits_and_awards(client, lab):
    client.force_login(lab.users["program_manager"])
    response = client.post(url(lab, "new/"), {"kind": "invitation", "title": "Visit HQ", "condition": "manual",
                                              "invitation_to": "headquarters"})
    assert response.status_code == 302
    incentive = Incentive.objects.get()
    assert (incentive.nature, incentive.invitation_to) == ("intrinsic", "headquarters")
    response = client.post(url(lab, "new/"), {"kind": "cash", "title": "Money", "condition": "manual"})
    assert response.status_code == 200 and "Cash and prizes need an amount per person." in response.content.decode()
    response = client.post(url(lab, f"{incentive.pk}/"), {"kind": "invitation", "title": "Award night",
                                                          "condition": "manual", "invitation_to": "award_ceremony"})
    assert response.status_code == 302
    incentive.refresh_from_db()
    assert (incentive.title, incentive.invitation_to) == ("Award night", "award_ceremony")
    partner = lab.users["partner"]
    for _ in range(2):  # a double click awards once
        response = client.post(url(lab, f"{incentive.pk}/grant/"), {"user": partner.pk, "reason": "Great ideas"})
        assert response.status_code == 302
    assert list(Grant.objects.values_list("user", "reason", "status")) == [(partner.pk, "Great ideas", "promised")]
    # Only partners of the program can be chosen.
    response = client.post(url(lab, f"{incentive.pk}/grant/"), {"user": lab.users["member"].pk, "reason": "x"})
    assert response.status_code == 200 and Grant.objects.count() == 1


def test_evaluate_button_grants_and_reports(client, lab):
    client.force_login(lab.users["program_manager"])
    f.IdeaFactory(organization=lab.org, program=lab.program, state=IdeaState.ACCEPTED)
    incentive_of(lab.program, "title", condition="winners")
    response = client.post(url(lab, "evaluate/"), follow=True)
    assert "1 new grant; 0 granted before." in response.content.decode()
    response = client.post(url(lab, "evaluate/"), follow=True)
    assert "0 new grants; 1 granted before." in response.content.decode()


def test_ledger_filters_and_csv(client, lab):
    client.force_login(lab.users["program_manager"])
    cash, title = incentive_of(lab.program, "cash", title="Cash"), incentive_of(lab.program, "title", title="Title")
    ann, bob = f.UserFactory(name="Ann Lee"), f.UserFactory(name="Bob Kim")
    grant_of(cash, ann)
    grant_of(title, bob, status="delivered")
    names = lambda r: [g.user.name for g in r.context["grants"]]  # noqa: E731
    assert sorted(names(client.get(url(lab, "ledger/")))) == ["Ann Lee", "Bob Kim"]
    assert names(client.get(url(lab, "ledger/"), {"status": "delivered"})) == ["Bob Kim"]
    assert names(client.get(url(lab, "ledger/"), {"incentive": cash.pk})) == ["Ann Lee"]
    assert names(client.get(url(lab, "ledger/"), {"q": "ann"})) == ["Ann Lee"]
    response = client.get(url(lab, "ledger/"), {"status": "promised", "format": "csv"})
    rows = b"".join(response.streaming_content).decode().lstrip("\ufeff").splitlines()
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert rows[0].startswith("ID,Incentive,Kind,Nature,Person,Email,Why,Status")
    assert len(rows) == 2 and ",Cash,Cash,Extrinsic,Ann Lee," in rows[1]


def test_my_incentives_shows_only_my_own(client, labs):
    lab, other = labs
    me = lab.users["partner"]
    grant_of(incentive_of(lab.program, "cash", title="Mine here"), me)
    grant_of(incentive_of(other.program, "title", title="Mine there"), me, status="delivered")
    grant_of(incentive_of(lab.program, "product", title="Someone else's"), lab.users["partner_pending"])
    client.force_login(me)
    page = client.get("/me/incentives/").content.decode()
    assert "Mine here" in page and "Mine there" in page and "Someone else&#x27;s" not in page
    assert "Someone else" not in page


def _fill(lab, n):
    for k in range(n):
        i = incentive_of(lab.program, ["cash", "title", "product"][k % 3], title=f"I{k}",
                         condition="mission_complete" if k % 2 else "manual",
                         mission=lab.mission if k % 2 else None)
        grant_of(i, f.UserFactory())
        grant_of(i, lab.users["partner"], status="delivered")


@pytest.mark.parametrize("page", ["", "ledger/"])
def test_query_count_does_not_grow(client, lab, django_assert_max_num_queries, page):
    client.force_login(lab.users["program_manager"])
    _fill(lab, 3)
    with django_assert_max_num_queries(40) as small:
        assert client.get(url(lab, page)).status_code == 200
    _fill(lab, 27)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url(lab, page)).status_code == 200


def test_my_incentives_query_count_does_not_grow(client, lab, django_assert_max_num_queries):
    me = lab.users["partner"]
    client.force_login(me)
    for k in range(3):
        grant_of(incentive_of(lab.program, "title", title=f"T{k}"), me)
    with django_assert_max_num_queries(40) as small:
        client.get("/me/incentives/")
    for k in range(27):
        grant_of(incentive_of(f.ProgramFactory(), "title", title=f"U{k}"), me)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get("/me/incentives/").status_code == 200
