"""The IBM Jam pattern entirely through /api/v1/, in Korean and English: hundreds of
open-channel ideas from many people walked on the board with the keyset cursor until every one
was looked at; concepts suggested by a real clustering run whose progress is polled, accepted,
renamed and merged; the ideas no suggestion kept, and one that arrived afterwards, classified
until every idea is in a concept; then a whole concept accepted, forwarded to a department with
an owner and a due date, acknowledged there, and followed by an author as their idea's
hand-off. Answers carry text in the language the client asks for (Accept-Language)."""

import random
from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from cocreate.ideas.enums import IdeaState
from cocreate.ideas.models import Idea
from cocreate.realization.forwarding import forward_ideas
from cocreate.realization.models import Concept, Forwarding
from tests import factories as f
from tests.browser.helpers import T
from tests.realization.jam import THEMES, jam_ideas, jam_text, purity

from .helpers import ROLES, STAFF, idea_url, org_url, person

pytestmark = pytest.mark.django_db

IDEAS = 240


def concept_themes(org, themes) -> dict[int | None, Counter]:
    out: dict[int | None, Counter] = {}
    for concept_id, idea_id in Idea.objects.filter(organization=org).values_list("concept_id", "pk"):
        out.setdefault(concept_id, Counter())[themes[idea_id]] += 1
    return out


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_an_ibm_jam_through_the_api(api, lab, lang, django_capture_on_commit_callbacks):
    org, department, partner = lab.org, lab.department, lab.users["internal_partner"]
    base = org_url(lab)
    jam = jam_ideas(org, count=IDEAS, authors=60, language=lang)
    api.headers["Accept-Language"] = lang  # kept by as_user: every answer in the journey's language
    api.as_user(lab.users["executive"])

    # 1. The board counts what nobody has looked at yet.
    body = api.get(f"{base}/board", {"unseen": True, "limit": 1}).json()
    assert (body["count"], body["count_more"], body["items"][0]["new"]) == (IDEAS, False, True)

    # 2. The executive walks the whole board with the keyset cursor, marking each page as
    # looked at; marking does not move anything, so the walk sees every idea exactly once.
    cursor, walked, pages = "", [], 0
    while True:
        body = api.get(f"{base}/board", {"limit": 50, "cursor": cursor}).json()
        pages += 1
        ids = [i["id"] for i in body["items"]]
        assert all(i["new"] and i["first_seen_at"] is None for i in body["items"])
        assert api.post(f"{base}/board/seen", {"ids": ids}).json() == {"marked": len(ids)}
        walked += ids
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert pages == 5 and sorted(walked) == sorted(jam.themes) and len(set(walked)) == IDEAS
    assert api.get(f"{base}/board", {"unseen": True}).json()["count"] == 0
    assert api.post(f"{base}/board/seen", {"ids": walked[:10]}).json() == {"marked": 0}  # the first look stays
    seen = api.get(f"{base}/board", {"limit": 100}).json()["items"]
    assert all(not i["new"] and i["first_seen_at"] for i in seen)
    assert set(Idea.objects.filter(organization=org).values_list("first_seen_by", flat=True)) == {
        lab.users["executive"].pk
    }

    # 3. A clustering run: queued when the request commits, then the task runs for real (the
    # test settings' ImmediateBackend, handed the callback the commit would have run) while
    # the client polls its progress.
    with django_capture_on_commit_callbacks() as queued:
        started = api.post(f"{base}/clustering-runs", {"clusters": 12})
    assert started.status_code == 202
    run_url = f"{base}/clustering-runs/{started.json()['id']}"
    polled = api.get(run_url).json()
    assert (polled["status"], polled["progress"], polled["suggestions"]) == ("queued", 0, [])
    again = api.post(f"{base}/clustering-runs", {"clusters": 12})
    assert again.status_code == 400
    assert again.json()["detail"] == T(lang, "A clustering run is already in progress.")
    assert len(queued) == 1
    queued[0]()  # the worker picks the task up
    polled = api.get(run_url).json()
    assert (polled["status"], polled["progress"], polled["idea_count"]) == ("done", 100, IDEAS)
    suggestions = polled["suggestions"]
    assert len(suggestions) == 12 and sorted(i for s in suggestions for i in s["idea_ids"]) == sorted(walked)
    assert purity([s["idea_ids"] for s in suggestions], jam.themes) >= 0.9

    # 4. Every suggestion but the smallest is accepted under its terms; the smallest is
    # dismissed, its ideas classified by hand below.
    smallest = min(suggestions, key=lambda s: (s["size"], s["id"]))
    names = set()
    for n, s in enumerate(suggestions):
        if s is smallest:
            assert api.post(f"{base}/concept-suggestions/{s['id']}/dismiss").status_code == 204
            continue
        name = " · ".join(s["terms"][:3])
        name = f"{name} ({n + 1})" if name.lower() in names else name
        names.add(name.lower())
        accepted = api.post(f"{base}/concept-suggestions/{s['id']}/accept", {"name": name})
        assert accepted.status_code == 201 and accepted.json()["idea_count"] == s["size"]
    concepts = api.get(f"{base}/concepts", {"limit": 100}).json()
    assert concepts["count"] == 11
    assert sum(c["idea_count"] for c in concepts["items"]) == IDEAS - smallest["size"]

    # 5. The ideas of the dismissed suggestion go, in one request per theme, to the concept
    # holding most of their theme.
    by_concept = concept_themes(org, jam.themes)
    home = {t: max((pk for pk in by_concept if pk), key=lambda pk: (by_concept[pk][t], -pk)) for t in THEMES}
    left = Counter(jam.themes[i] for i in smallest["idea_ids"])
    for theme in left:
        ids = [i for i in smallest["idea_ids"] if jam.themes[i] == theme]
        classified = api.post(f"{base}/concept-assignments", {"idea_ids": ids, "concept_id": home[theme]})
        assert classified.json() == {"count": len(ids)}
    assert not Idea.objects.filter(organization=org, concept__isnull=True).exists()

    # 6. A theme found twice (once per language) is named and its two concepts merged.
    by_concept = concept_themes(org, jam.themes)
    spread = Counter(t for counts in by_concept.values() for t in counts)
    theme = next(
        (t for t in THEMES if spread[t] == 2 and all(len(c) == 1 for c in by_concept.values() if t in c)), None
    )
    assert theme is not None, by_concept
    keep, merge = sorted((pk for pk, c in by_concept.items() if theme in c), key=lambda pk: -by_concept[pk][theme])
    name = f"{theme.title()} · {'한국어와 영어' if lang == 'ko' else 'Korean and English'}"
    renamed = api.patch(f"{base}/concepts/{keep}", {"name": name, "description": "IBM Jam"})
    assert renamed.status_code == 200 and renamed.json()["name"] == name
    taken = api.patch(f"{base}/concepts/{merge}", {"name": name.upper()})
    assert taken.status_code == 400
    assert taken.json()["detail"] == T(lang, "A concept with this name already exists.")
    merged = api.post(f"{base}/concepts/{merge}/merge/{keep}")
    theme_ids = sorted(pk for pk, t in jam.themes.items() if t == theme)
    assert merged.status_code == 200 and merged.json()["idea_count"] == len(theme_ids)
    assert not Concept.objects.filter(pk=merge).exists()
    assert sorted(Idea.objects.filter(concept_id=keep).values_list("pk", flat=True)) == theme_ids

    # 7. The jam goes on: a participant posts one more idea; the board shows it as new, the
    # executive looks at it and classifies it.
    late_author = jam.authors[0]
    title, text = jam_text(theme, lang == "ko", random.Random(lang))
    api.as_user(late_author)
    created = api.post(f"{base}/ideas", {"title": f"{title} (+)", "body": text, "submit": True})
    assert created.status_code == 201 and created.json()["state"] == IdeaState.SUBMITTED
    late = created.json()["id"]
    api.as_user(lab.users["executive"])
    fresh = api.get(f"{base}/board", {"unseen": True}).json()
    assert [i["id"] for i in fresh["items"]] == [late] and fresh["items"][0]["concept"] is None
    assert api.post(f"{base}/board/seen", {"ids": [late]}).json() == {"marked": 1}
    assert api.post(f"{base}/concept-assignments", {"idea_ids": [late], "concept_id": keep}).json() == {"count": 1}
    assert api.get(f"{base}/board", {"unseen": True}).json()["count"] == 0
    assert not Idea.objects.filter(organization=org, concept__isnull=True).exists()
    concepts = api.get(f"{base}/concepts", {"limit": 100}).json()["items"]
    assert len(concepts) == 10 and sum(c["idea_count"] for c in concepts) == IDEAS + 1

    # 8. The smallest other concept is accepted, idea by idea, for the department.
    forwarded = min((c for c in concepts if c["id"] != keep), key=lambda c: (c["idea_count"], c["id"]))
    members = sorted(Idea.objects.filter(concept_id=forwarded["id"]).values_list("pk", flat=True))
    assert len(members) == forwarded["idea_count"] > 0
    for pk in members:
        decided = api.post(f"{base}/ideas/{pk}/decision", {"kind": "accept", "department_id": department.pk})
        assert decided.status_code == 201
        assert decided.json()["kind_label"] == T(lang, "Accept", "decision")
    assert set(Idea.objects.filter(pk__in=members).values_list("state", flat=True)) == {IdeaState.ACCEPTED}

    # 9. The whole concept is forwarded with an owner and a due date (a date in the past is
    # refused, in the client's language; forwarding twice sends nothing twice).
    due = timezone.localdate() + timedelta(days=10)
    order = {
        "concept_id": forwarded["id"],
        "department_id": department.pk,
        "owner_id": partner.pk,
        "due_on": due.isoformat(),
        "note": "IBM Jam: plan a pilot in one region.",
    }
    past = api.post(f"{base}/forwardings", order | {"due_on": (timezone.localdate() - timedelta(days=1)).isoformat()})
    assert past.status_code == 400 and past.json()["detail"] == T(lang, "The due date cannot be in the past.")
    sent = api.post(f"{base}/forwardings", order)
    assert sent.status_code == 201
    assert sorted(fw["idea_id"] for fw in sent.json()) == members
    assert {
        (fw["concept_id"], fw["department"]["id"], fw["owner"]["id"], fw["due_on"], fw["acknowledged_at"])
        for fw in sent.json()
    } == {(forwarded["id"], department.pk, partner.pk, due.isoformat(), None)}
    assert api.post(f"{base}/forwardings", order).json() == []

    # Before the department answers, the author sees the idea waiting there.
    idea = Idea.objects.get(pk=members[0])
    api.as_user(idea.author)
    waiting = api.get(idea_url(lab, idea, "/hand-offs")).json()
    assert [(h["department"]["name"], h["status"], h["status_label"]) for h in waiting] == [
        (department.name, "waiting", T(lang, "waiting for the department to acknowledge receipt"))
    ]

    # 10. The department's internal partner sees what arrived and acknowledges each idea.
    api.as_user(partner)
    arrived = api.get(f"{base}/forwardings", {"department": department.pk, "open": True}).json()
    assert sorted(fw["idea_id"] for fw in arrived) == members and not any(fw["late"] for fw in arrived)
    for fw in arrived:
        answer = api.post(f"{base}/forwardings/{fw['id']}/acknowledge")
        assert answer.status_code == 200 and answer.json()["acknowledged_at"]
    assert api.get(f"{base}/forwardings", {"department": department.pk, "open": True}).json() == []
    rows = Forwarding.objects.filter(concept_id=forwarded["id"])
    assert set(rows.values_list("acknowledged_by", flat=True)) == {partner.pk}

    # 11. The author follows the hand-off as their idea's progress; others see nothing of it.
    api.as_user(idea.author)
    hand_offs = api.get(idea_url(lab, idea, "/hand-offs")).json()
    assert [(h["department"]["id"], h["status"], h["status_label"]) for h in hand_offs] == [
        (department.pk, "acknowledged", T(lang, "receipt acknowledged"))
    ]
    assert hand_offs[0]["acknowledged_at"] and "owner" not in hand_offs[0] and "note" not in hand_offs[0]
    detail = api.get(idea_url(lab, idea)).json()
    assert detail["state"] == IdeaState.ACCEPTED
    assert detail["decisions"][0]["department"] == {"id": department.pk, "name": department.name}
    stranger = next(a for a in jam.authors if a.pk != idea.author_id)
    assert api.as_user(stranger).get(idea_url(lab, idea, "/hand-offs")).status_code == 404
    assert api.as_user(None).get(idea_url(lab, idea, "/hand-offs")).status_code == 401


@pytest.mark.parametrize("role", [*ROLES, "author"])
def test_hand_offs_role_matrix(api, labs, role):
    """An idea's hand-off is read by its author and the organization's staff; anyone else,
    and the staff of another organization asking through their own address, get 404."""
    lab, other = labs
    idea = f.IdeaFactory(organization=lab.org, state=IdeaState.ACCEPTED)
    forward_ideas(
        [idea],
        department=lab.department,
        owner=lab.users["internal_partner"],
        due_on=timezone.localdate(),
        actor=lab.users["executive"],
    )
    user = idea.author if role == "author" else person(lab, role)
    api.as_user(user if user.is_authenticated else None)
    answer = api.get(idea_url(lab, idea, "/hand-offs"))
    if role in STAFF or role == "author":
        assert answer.status_code == 200 and [h["department"]["id"] for h in answer.json()] == [lab.department.pk]
    else:
        assert answer.status_code == (401 if role == "visitor" else 404)
    if role != "visitor" and role != "author":
        api.as_user(person(other, role))
        assert api.get(f"{org_url(other)}/ideas/{idea.pk}/hand-offs").status_code == 404
