import pytest

from tests import factories as f

from .helpers import org_url

pytestmark = pytest.mark.django_db


def test_visitors_list_organizations(api, labs):
    body = api.get("/organizations").json()
    assert body["count"] == 2 and [o["slug"] for o in body["items"]] == sorted(lab.org.slug for lab in labs)


def test_organization_detail_tells_my_roles(api, lab):
    assert api.get(org_url(lab)).json()["my_roles"] == []
    body = api.as_user(lab.users["judge"]).get(org_url(lab)).json()
    assert body["name"] == lab.org.name and body["my_roles"] == ["judge"]


def test_unknown_organization_is_404(api, lab):
    assert api.get("/organizations/nope").status_code == 404


def test_departments_for_staff_only(api, labs):
    lab, other = labs
    f.DepartmentFactory(organization=lab.org, name="Marketing")
    body = api.as_user(lab.users["executive"]).get(f"{org_url(lab)}/departments").json()
    assert [d["name"] for d in body["items"]] == ["Marketing", lab.department.name]
    # Staff of one organization are nobody in another; members are nobody anywhere.
    assert api.get(f"{org_url(other)}/departments").status_code == 404
    assert api.as_user(lab.users["member"]).get(f"{org_url(lab)}/departments").status_code == 404
