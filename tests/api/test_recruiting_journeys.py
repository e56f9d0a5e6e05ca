"""The report's two recruiting cases end to end through /api/v1/ only, with the product's
general features: no code knows about either case.

4320 SYD (V Australia / Coca-Cola: three people ran a page for 4,320 minutes): a call with a
140-character answer, a number and a link; two screening rounds (written answers, then
interviews with reach on a log scale and usage taken from an answer); a proven-optimal cohort
under an opinion-leader quota; a decline refilled from the waitlist within the quota; the
confirmed become partners and join the organization's standing pool.

Unilever (18 partners for Lynx from an intermediary's 16-24 community): an intermediary's CSV
export imported with its bad rows reported and its duplicate skipped, then a lottery-only
cohort of 18 under gender, opinion-leader and region quotas."""

import csv
import io
import math
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cocreate.pool.models import PoolMember
from cocreate.programs.models import Partner
from cocreate.recruiting.enums import ApplicationStatus, EntryStatus, RoundStatus
from cocreate.recruiting.models import Application, ReviewerAssignment, SelectionEntry
from tests.api.helpers import BASE, program_url, recruitment_url
from tests.factories import UserFactory
from tests.recruiting.factories import make_round
from tests.roles import MANAGERS, ROLES, user_of

pytestmark = pytest.mark.django_db

WHY = "Why you? In 140 characters"
HOURS = "How many hours a day do you use Facebook?"
LINK = "Your Facebook profile link"


def call(title, questions, target_size):
    now = timezone.now()
    return {"title": title, "purpose": "Creative people to run our page.", "target_size": target_size,
            "consent_text": "We use your profile and answers to choose partners and delete them after a year.",
            "opens_at": (now - timedelta(hours=1)).isoformat(), "closes_at": (now + timedelta(days=14)).isoformat(),
            "status": "open", "questions": questions}


def reach(followers):
    """Followers on a 0–10 log scale, as documented for the followers_log source (cap 10⁶)."""
    return 10 * min(1.0, math.log10(1 + followers) / 6)


# (name, gender, region, followers, hours a day on Facebook, round 1 passion & writing, round 2 extroversion)
SYD = [
    ("Ava", "female", "Sydney", 12_000, 6, (4, 4), 1),
    ("Ben", "male", "Melbourne", 300, 3, (2, 1), None),
    ("Chloe", "female", "Sydney", 50, 9, (5, 5), 5),
    ("Dan", "male", "Perth", 2_500, 4, (4, 3), 2),
    ("Emma", "female", "Brisbane", 800, 2, (1, 2), None),
    ("Finn", "male", "Sydney", 150, 7, (5, 4), 4),
]


def test_4320_syd_two_rounds_an_opinion_leader_quota_a_refill_and_new_partners(api, lab, token):
    manager, reviewer = lab.users["program_manager"], lab.users["reviewer"]
    recruitments = program_url(lab) + "/recruitments"

    # The manager opens the call with a 140-character answer, a number from 0 to 24 and a link.
    api.with_token(token(manager))
    response = api.post(recruitments, call("4320 SYD", [
        {"text": WHY, "kind": "short", "max_length": 140},
        {"text": HOURS, "kind": "number", "min_value": 0, "max_value": 24},
        {"text": LINK, "kind": "link"},
    ], target_size=2))
    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["is_open"], body["target_size"]) == ("open", True, 2)
    assert [(q["text"], q["kind"], q["max_length"], q["min_value"], q["max_value"]) for q in body["questions"]] == [
        (WHY, "short", 140, None, None), (HOURS, "number", None, 0.0, 24.0), (LINK, "link", None, None, None)]
    recruitment_id = body["id"]
    q_why, q_hours, q_link = (q["id"] for q in body["questions"])
    base = f"{recruitments}/{recruitment_id}"

    # Six people apply. Ava's first try is one character too long, Ben's link is not a link and
    # his hours do not fit in a day: each is refused with every reason, and nothing is stored.
    people, apps = {}, {}
    for name, gender, region, followers, _hours, _r1, _r2 in SYD:
        people[name] = UserFactory(name=name, email=f"{name.lower()}@example.com", gender=gender, region=region,
                                   follower_count=followers)

    def answers(name, why=None, hours=None, link=None):
        row = next(r for r in SYD if r[0] == name)
        return {"consent": True, "answers": [
            {"question_id": q_why, "text": why if why is not None else f"{name} tweets the harbour every minute."},
            {"question_id": q_hours, "text": str(row[4]) if hours is None else hours},
            {"question_id": q_link, "text": link or f"https://facebook.com/{name.lower()}"}]}

    api.as_user(people["Ava"])
    too_long = api.post(base + "/applications", answers("Ava", why="x" * 141))
    assert too_long.status_code == 400
    assert too_long.json() == {"detail": f"“{WHY}” can be at most 140 characters long (now 141).",
                               "code": "answer_too_long"}
    api.as_user(people["Ben"])
    bad = api.post(base + "/applications", answers("Ben", hours="25", link="facebook.com/ben"))
    assert bad.status_code == 400
    assert [e["code"] for e in bad.json()["errors"]] == ["out_of_bounds", "not_a_link"]
    assert not Application.objects.filter(recruitment_id=recruitment_id).exists()
    for name, *_rest in SYD:
        api.as_user(people[name])
        why = "y" * 140 if name == "Ava" else None  # exactly 140 characters is fine
        response = api.post(base + "/applications", answers(name, why=why))
        assert response.status_code == 201, response.json()
        apps[name] = response.json()["id"]
    assert len(Application.objects.get(pk=apps["Ava"]).answers.get(question_id=q_why).text) == 140

    # Round 1 "Written answers": passion (willingness) and writing (capability), scored by hand.
    api.with_token(token(manager))
    response = api.post(base + "/rounds", {"name": "Written answers", "status": "open", "criteria": [
        {"name": "Passion", "weight": 50, "kind": "willingness"},
        {"name": "Writing", "weight": 50, "kind": "capability"}]})
    assert response.status_code == 201
    round1 = response.json()
    passion, writing = (c["id"] for c in round1["criteria"])
    r1 = f"{base}/rounds/{round1['id']}"
    assigned = api.post(r1 + "/reviewers", {"reviewer_id": reviewer.pk})
    assert assigned.status_code == 201
    assert (assigned.json()["reviewer"]["id"], assigned.json()["application_ids"]) == (reviewer.pk, [])
    assert api.post(r1 + "/reviewers", {"reviewer_id": lab.users["partner"].pk}).status_code == 404

    api.with_token(token(reviewer))
    for name, *_rest, (p, w), _r2 in SYD:
        response = api.put(f"{r1}/applications/{apps[name]}/review",
                            {"scores": [{"criterion_id": passion, "value": p}, {"criterion_id": writing, "value": w}]})
        assert response.status_code == 200
    assert api.get(r1 + "/standings").status_code == 404  # reviewers see the combined scores once it closes

    # The manager closes the round, advances the best four and declines the other two.
    api.with_token(token(manager))
    closed = api.post(r1 + "/status", {"status": "closed"})
    assert (closed.status_code, closed.json()["status"]) == (200, "closed")
    standings = api.get(r1 + "/standings").json()
    by_id = {v: k for k, v in apps.items()}
    assert [(by_id[s["application_id"]], s["score"]) for s in standings] == [
        ("Chloe", 100.0), ("Finn", 87.5), ("Ava", 75.0), ("Dan", 62.5), ("Ben", 12.5), ("Emma", 12.5)]
    for s in standings:
        outcome = "advanced" if s["score"] > 50 else "declined"
        response = api.post(f"{r1}/applications/{s['application_id']}/move", {"outcome": outcome})
        assert (response.status_code, response.json()["outcome"]) == (200, outcome)
    api.with_token(token(reviewer))
    assert len(api.get(r1 + "/standings").json()) == 6  # closed: now the reviewer sees them too
    api.as_user(people["Ben"])
    mine = api.get(f"/me/applications/{apps['Ben']}").json()
    assert (mine["status"], [(o["round"], o["outcome"]) for o in mine["outcomes"]]) == (
        "declined", [("Written answers", "declined")])

    # Round 2 "Interviews": extroversion by hand; followers on a log scale and the hours a day
    # given in the answer are computed.
    api.with_token(token(manager))
    response = api.post(base + "/rounds", {"name": "Interviews", "status": "open", "criteria": [
        {"name": "Extroversion", "weight": 40, "kind": "willingness"},
        {"name": "Followers", "weight": 30, "source": "followers_log", "scale_min": 0, "scale_max": 10},
        {"name": "Facebook use", "weight": 30, "kind": "willingness", "source": "answer", "question": q_hours,
         "scale_min": 0, "scale_max": 24}]})
    assert response.status_code == 201
    round2 = response.json()
    assert (round2["order"], [c["source"] for c in round2["criteria"]]) == (2, ["manual", "followers_log", "answer"])
    extroversion = round2["criteria"][0]["id"]
    r2 = f"{base}/rounds/{round2['id']}"
    assert api.post(r2 + "/reviewers", {"reviewer_id": reviewer.pk}).status_code == 201
    api.with_token(token(reviewer))
    # Only the four advanced are interviewed; Ben is not part of this round.
    refused = api.put(f"{r2}/applications/{apps['Ben']}/review",
                      {"scores": [{"criterion_id": extroversion, "value": 3}]})
    assert refused.status_code == 404
    for name, *_rest, e in SYD:
        if e is not None:
            response = api.put(f"{r2}/applications/{apps[name]}/review",
                               {"scores": [{"criterion_id": extroversion, "value": e}]})
            assert response.status_code == 200
    api.with_token(token(manager))
    assert api.post(r2 + "/status", {"status": "closed"}).json()["status"] == "closed"
    expected = {name: 40 * (e - 1) / 4 + 30 * reach(followers) / 10 + 30 * hours / 24
                for name, _g, _r, followers, hours, _r1, e in SYD if e is not None}
    standings = api.get(r2 + "/standings").json()
    assert [by_id[s["application_id"]] for s in standings] == ["Chloe", "Finn", "Dan", "Ava"]
    for s in standings:
        assert s["score"] == pytest.approx(expected[by_id[s["application_id"]]], abs=1e-4)

    # At least one opinion leader (1,000 followers or more: Ava and Dan), a cohort of 2.
    quotas = api.put(base + "/quotas", {"quotas": [{"attribute": "opinion_leader", "value": "yes", "minimum": 1}]})
    assert [(q["attribute"], q["value"], q["minimum"], q["maximum"]) for q in quotas.json()] == [
        ("opinion_leader", "yes", 1, None)]
    response = api.post(base + "/selections", {"size": 2, "round_id": round2["id"], "seed": 4320})
    assert response.status_code == 201
    run = response.json()
    assert (run["status"], run["size"], run["seed"], run["pool_size"]) == ("proposed", 2, 4320, 4)
    assert [(by_id[e["application_id"]], e["role"], e["rank"], e["status"]) for e in run["entries"]] == [
        ("Chloe", "chosen", 1, "proposed"), ("Dan", "chosen", 2, "proposed"),
        ("Finn", "waitlist", 1, "proposed"), ("Ava", "waitlist", 2, "proposed")]
    # The price of diversity: Finn's better score gives way to an opinion leader.
    assert run["unconstrained_total"] == pytest.approx(expected["Chloe"] + expected["Finn"], abs=0.01)
    assert run["total"] == pytest.approx(expected["Chloe"] + expected["Dan"], abs=0.01)
    assert run["price_of_diversity"] == pytest.approx(expected["Finn"] - expected["Dan"], abs=0.02)
    assert run["price_of_diversity"] > 0
    assert [(q["attribute"], q["count"], q["eligible"], q["state"]) for q in run["quotas"]] == [
        ("opinion_leader", 1, 2, "at_min")]
    selection = f"{base}/selections/{run['id']}"
    accepted = api.post(selection + "/accept", {"confirm_days": 3})
    assert accepted.status_code == 200
    assert [(by_id[e["application_id"]], e["status"]) for e in accepted.json()["entries"]] == [
        ("Chloe", "invited"), ("Dan", "invited"), ("Finn", "waiting"), ("Ava", "waiting")]

    # Dan declines: the seat goes to Ava, the next opinion leader, not to Finn who scored higher,
    # because the cohort must keep its opinion leader.
    api.as_user(people["Dan"])
    [invitation] = api.get("/me/invitations").json()
    assert (invitation["recruitment"], invitation["status"]) == ("4320 SYD", "invited")
    declined = api.post(f"/me/invitations/{invitation['id']}/respond", {"accept": False})
    assert (declined.status_code, declined.json()["status"]) == (200, "declined")
    assert SelectionEntry.objects.get(application_id=apps["Ava"]).status == EntryStatus.INVITED
    assert SelectionEntry.objects.get(application_id=apps["Finn"]).status == EntryStatus.WAITING

    # Chloe and Ava confirm and become partners of the program and members of the pool.
    for name in ("Chloe", "Ava"):
        api.as_user(people[name])
        [invitation] = api.get("/me/invitations").json()
        confirmed = api.post(f"/me/invitations/{invitation['id']}/respond", {"accept": True})
        assert (confirmed.status_code, confirmed.json()["status"]) == (200, "confirmed")
        assert api.get(f"/me/applications/{apps[name]}").json()["status"] == "selected"

    api.with_token(token(manager))
    board = api.get(selection).json()
    assert [(by_id[e["application_id"]], e["status"]) for e in board["entries"]] == [
        ("Chloe", "confirmed"), ("Dan", "declined"), ("Finn", "waiting"), ("Ava", "confirmed")]
    partners = api.get(program_url(lab) + "/partners", {"limit": 100}).json()
    assert {"Chloe", "Ava"} <= {p["user"]["name"] for p in partners["items"]}
    assert not {"Ben", "Dan", "Emma", "Finn"} & {p["user"]["name"] for p in partners["items"]}
    pool = api.get(f"/organizations/{lab.org.slug}/pool", {"limit": 100}).json()
    in_pool = {m["user"]["name"]: (m["source"], m["source_program"]) for m in pool["items"]}
    assert in_pool["Chloe"] == in_pool["Ava"] == ("selected", lab.program.slug)
    assert not {"Ben", "Dan", "Emma", "Finn"} & set(in_pool)
    assert dict(Application.objects.filter(recruitment_id=recruitment_id).values_list("applicant__name", "status")) == {
        "Ava": ApplicationStatus.SELECTED, "Ben": ApplicationStatus.DECLINED, "Chloe": ApplicationStatus.SELECTED,
        "Dan": ApplicationStatus.SUBMITTED, "Emma": ApplicationStatus.DECLINED, "Finn": ApplicationStatus.SUBMITTED}
    assert Partner.objects.filter(program=lab.program, user__in=[people["Chloe"], people["Ava"]]).count() == 2
    assert PoolMember.objects.filter(organization=lab.org, user__in=[people["Chloe"], people["Ava"]]).count() == 2


# Unilever ------------------------------------------------------------------------------------

REGIONS = ("Seoul", "Busan", "Daegu", "Gwangju")
IDEA = "What would you change about Lynx?"


def community_export(n):
    """The intermediary's export: ``n`` members aged 16-24, Korean-style cells where the
    community writes them so ("여", "1.2k"), every fifth with many followers, every seventh a
    moderator."""
    rows = [["Email", "Name", "Gender", "Age", "Region", "Followers", "Community role", IDEA]]
    for i in range(n):
        rows.append([f"member{i:03}@headbox.example", f"Member {i:03}", ("여", "M", "female", "남")[i % 4],
                     str(16 + i % 9), REGIONS[i % len(REGIONS)], "1.2k" if i % 5 == 0 else str(10 * i),
                     "moderator" if i % 7 == 0 else "", f"A scent for night swims, take {i}."])
    return rows


def csv_file(rows, name="headbox-export.csv"):
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode("utf-8-sig"), content_type="text/csv")


def test_unilever_imports_a_community_and_selects_18_under_quotas(api, lab, token,
                                                                  django_capture_on_commit_callbacks):
    manager = lab.users["program_manager"]
    recruitments = program_url(lab) + "/recruitments"
    api.with_token(token(manager))
    response = api.post(recruitments, call("Lynx co-creation", [{"text": IDEA, "kind": "long"}], target_size=18))
    assert response.status_code == 201
    recruitment_id, q_idea = response.json()["id"], response.json()["questions"][0]["id"]
    base = f"{recruitments}/{recruitment_id}"

    # Two people of the community are members already: one applied through the open call.
    applied = UserFactory(name="Open Caller", email="member001@headbox.example", gender="male", region="Busan")
    known = UserFactory(name="Known Member", email="member002@headbox.example", gender="female", region="")
    api.as_user(applied)
    assert api.post(base + "/applications", {"consent": True, "answers": [
        {"question_id": q_idea, "text": "I applied myself."}]}).status_code == 201

    rows = community_export(80)
    rows.insert(12, ["not-an-email", "Broken Row", "F", "19", "Seoul", "10", "", "No address."])
    rows.insert(40, ["member900@headbox.example", "Unknown Gender", "x", "abc", "Daegu", "lots", "", "Three faults."])
    api.with_token(token(manager))
    response = api.client.post(BASE + base + "/imports", {
        "file": csv_file(rows), "source": "headbox 16-24 community",
        "consent_basis": "Members agreed in headbox's terms to be put forward for brand projects."},
        headers=api.headers)
    assert response.status_code == 201
    job = response.json()
    assert (job["status"], job["original_name"]) == ("uploaded", "headbox-export.csv")
    guessed = [c["target"] for c in job["columns"]]
    assert guessed == ["email", "name", "gender", "age", "region", "follower_count", "community_roles",
                       f"question:{q_idea}"]
    path = f"{base}/imports/{job['id']}"
    mapping = {str(i): t for i, t in enumerate(guessed)}
    assert api.put(path + "/mapping", {"mapping": mapping}).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        started = api.post(path + "/start")
    assert (started.status_code, started.json()["status"]) == (202, "queued")
    done = api.get(path).json()
    assert {k: done[k] for k in ("status", "total_rows", "processed_rows", "created_count", "duplicate_count",
                                 "error_count")} == {
        "status": "done", "total_rows": 82, "processed_rows": 82, "created_count": 79, "duplicate_count": 1,
        "error_count": 2}
    assert [(e["row"], e["codes"]) for e in done["errors"]] == [
        (13, ["email_invalid"]), (41, ["age_invalid", "gender_unknown", "followers_invalid"])]
    assert done["errors"][0]["errors"] == ["“not-an-email” is not a valid email address."]

    imported = Application.objects.filter(recruitment_id=recruitment_id, source="headbox 16-24 community")
    assert imported.count() == 79
    assert Application.objects.filter(recruitment_id=recruitment_id).count() == 80  # with the open-call one
    known_application = imported.get(applicant=known)
    # The member's own profile wins; blanks are filled from the export.
    assert (known_application.profile["name"], known_application.profile["gender"],
            known_application.profile["region"]) == ("Known Member", "female", "Daegu")
    assert Application.objects.get(recruitment_id=recruitment_id, applicant=applied).source == ""

    # Quotas: at least 7 of each gender, 4 opinion leaders, 3 from each region but Seoul, at most 6 from Seoul.
    quotas = [{"attribute": "gender", "value": "female", "minimum": 7},
              {"attribute": "gender", "value": "male", "minimum": 7},
              {"attribute": "opinion_leader", "value": "yes", "minimum": 4},
              {"attribute": "region", "value": "Busan", "minimum": 3},
              {"attribute": "region", "value": "Daegu", "minimum": 3},
              {"attribute": "region", "value": "Gwangju", "minimum": 3},
              {"attribute": "region", "value": "Seoul", "maximum": 6}]
    assert api.put(base + "/quotas", {"quotas": quotas}).status_code == 200
    response = api.post(base + "/selections", {"size": 18, "seed": 18})
    assert response.status_code == 201
    run = response.json()
    assert (run["size"], run["pool_size"], run["round_id"], run["total"], run["price_of_diversity"]) == (
        18, 80, None, 0.0, 0.0)
    chosen = [e["application_id"] for e in run["entries"] if e["role"] == "chosen"]
    assert len(chosen) == 18 and len(run["entries"]) == 80

    # The counts the run reports are the cohort's, and every quota holds.
    profiles = [a.profile for a in Application.objects.filter(pk__in=chosen)]
    leaders = sum(1 for p in profiles if (p.get("follower_count") or 0) >= 1000 or p.get("community_roles"))
    actual = {("gender", "female"): sum(p.get("gender") == "female" for p in profiles),
              ("gender", "male"): sum(p.get("gender") == "male" for p in profiles),
              ("opinion_leader", "yes"): leaders,
              **{("region", r): sum(p.get("region") == r for p in profiles) for r in REGIONS}}
    for q in run["quotas"]:
        count = actual[(q["attribute"], q["value"])]
        assert q["count"] == count
        assert q["minimum"] <= count and (q["maximum"] is None or count <= q["maximum"])
    assert actual[("gender", "female")] >= 7 and actual[("gender", "male")] >= 7 and leaders >= 4
    assert actual[("region", "Seoul")] <= 6

    accepted = api.post(f"{base}/selections/{run['id']}/accept", {"confirm_days": 7})
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    statuses = [e["status"] for e in accepted.json()["entries"]]
    assert (statuses.count("invited"), statuses.count("waiting")) == (18, 62)
    assert SelectionEntry.objects.filter(selection_id=run["id"], status=EntryStatus.INVITED,
                                         application_id__in=chosen).count() == 18


# The two calls the journeys needed that the API lacked: assigning a reviewer, opening and closing.

@pytest.mark.parametrize("role", ROLES)
def test_assigning_reviewers_and_opening_or_closing_a_round_is_for_the_programs_managers(api, labs, role):
    lab, other = labs
    rounds = {o.org.pk: make_round(o, reviewers=(), applications=1) for o in labs}
    user = user_of(lab, role)
    api.as_user(user if user.is_authenticated else None)
    denied = 401 if role == "visitor" else 404
    for owner in (lab, other):
        round = rounds[owner.org.pk]
        path = recruitment_url(owner, f"/rounds/{round.pk}")
        allowed = role in MANAGERS and owner is lab
        assigned = api.post(path + "/reviewers", {"reviewer_id": owner.users["reviewer"].pk})
        assert assigned.status_code == (201 if allowed else denied)
        closed = api.post(path + "/status", {"status": "closed"})
        assert closed.status_code == (200 if allowed else denied)
        round.refresh_from_db()
        assert round.status == (RoundStatus.CLOSED if allowed else RoundStatus.OPEN)
        assert ReviewerAssignment.objects.filter(round=round).count() == (1 if allowed else 0)
    if role in MANAGERS:
        path = recruitment_url(lab, f"/rounds/{rounds[lab.org.pk].pk}")
        # Only the organization's reviewers and managers review; another organization's are unknown here.
        assert api.post(path + "/reviewers", {"reviewer_id": lab.users["judge"].pk}).status_code == 404
        assert api.post(path + "/reviewers", {"reviewer_id": other.users["reviewer"].pk}).status_code == 404
        refused = api.post(path + "/status", {"status": "draft"})
        assert refused.status_code == 400 and refused.json()["code"] == "transition_not_allowed"
        assert api.post(path + "/status", {"status": "open"}).json()["status"] == "open"
