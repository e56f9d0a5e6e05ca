"""The XSS corpus in every user text field, every page that shows it rendered in Chromium.

The demo lab is built through the product's services (every model has rows; the few the demo
leaves empty are added here through their services), then ``fill_corpus`` overwrites every
user text field of every row with the corpus (tests/security/xss_corpus.py). Every GET page of
the URL conf is opened, with its URL filled from those objects, as eight people (member,
partner, reviewer, judge, program manager, executive, internal partner, org admin):

- on the server: no 500, the Content-Security-Policy header on every answer, and no corpus
  markup in the HTML unescaped;
- in headless Chromium: a ``securitypolicyviolation`` listener and the ``xss()`` detector
  installed before any page script, dialogs and console errors recorded, requests to
  ``/__xss__/`` counted; after load, no element the corpus carried (``[data-xss]``), no
  ``javascript:``/``data:`` link and no event-handler attribute in the DOM;
- the JSON API's GET routes answer JSON, never ``text/html``.

Screenshots of a few pages full of 10,000-character Hangul and emoji strings are written to
/tmp/xss-shots at 390 px and at desktop width, in Korean and English, and no page may scroll
sideways at 390 px."""

import io
import os
import re
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings
from django.urls import URLPattern, URLResolver, get_resolver

from cocreate.accounts.models import User
from cocreate.accounts.services import api_token_create
from cocreate.core.demo.builder import build_demo
from cocreate.evaluation.models import JudgeAssignment, VoteFlag
from cocreate.evaluation.services_judging import conflict_declare
from cocreate.ideas.attachments import attachments_store
from cocreate.ideas.models import Attachment, Idea
from cocreate.missions.models import Team
from cocreate.organizations.models import Organization
from tests.security.xss_corpus import (
    DETECTOR_JS,
    INSPECT_JS,
    PAYLOADS,
    fill_audit,
    fill_corpus,
    filled_fields,
    holds_corpus,
    label,
)

pytestmark = pytest.mark.django_db(transaction=True)

QUIET_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
SHOTS = Path(os.environ.get("XSS_SHOTS", "/tmp/xss-shots"))
ROLES = {
    "member": "member@example.com",
    "partner": "partner@example.com",
    "reviewer": "reviewer@lynx.example.com",
    "judge": "judge1@lynx.example.com",
    "manager": "manager@lynx.example.com",
    "executive": "executive@lynx.example.com",
    "internal_partner": "rnd@lynx.example.com",
    "org_admin": "admin@lynx.example.com",
}


class CorpusMarkup(HTMLParser):
    """Tags in an answer that came from the corpus (its ``data-xss`` attribute), event-handler
    attributes, and links that would run script: what a template that forgot to escape leaves."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            link = re.sub(r"[\x00-\x20]", "", value or "").lower()
            if (
                name == "data-xss"
                or name.startswith(("on", "hx-on"))
                or (name in ("href", "src", "action", "formaction") and link.startswith(("javascript:", "data:text")))
            ):
                self.found.append(f"<{tag} {name}={(value or '')[:40]!r}>")


def corpus_markup(html: str) -> list[str]:
    parser = CorpusMarkup()
    parser.feed(html)
    return parser.found


def png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), "#0b5cad").save(out, "PNG")
    return out.getvalue()


def build_lab():
    with override_settings(TASKS=QUIET_TASKS), transaction.atomic():
        build_demo()
        lynx = Organization.objects.get(slug="lynx-lab")
        member = User.objects.get(email=ROLES["member"])
        judge = User.objects.get(email=ROLES["judge"])
        # What the demo leaves empty, through the services.
        api_token_create(member, name="corpus")
        conflict_declare(organization=lynx, judge=judge, person=member, reason="corpus")
        idea = Idea.objects.filter(organization=lynx, mission__isnull=False).order_by("pk").first()
        attachments_store(idea, [SimpleUploadedFile("corpus.png", png(), "image/png")], uploaded_by=idea.author)
        VoteFlag.objects.create(
            organization=lynx, program=idea.program, idea=idea, kind="support", reason="corpus"
        )  # as evaluation.integrity opens one for a burst
        written = fill_corpus(link_fields=("accounts.User.social_links",))
        fill_audit()
    return lynx, written


def fields_without_corpus() -> list[str]:
    missing = []
    for field in filled_fields():
        values = field.model._base_manager.values_list(field.attname, flat=True)
        if not any(holds_corpus(v) for v in values.iterator()):
            missing.append(label(field))
    return missing


# --- the URL conf, filled ----------------------------------------------------------------------


def page_patterns():
    """(route name, pattern string) of every page outside /api/ and allauth's key links."""
    found = []

    def walk(resolver, prefix, namespace):
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                ns = ":".join(x for x in (namespace, p.namespace) if x)
                walk(p, prefix + str(p.pattern), ns)
            elif isinstance(p, URLPattern):
                name = ":".join(x for x in (namespace, p.name) if x)
                found.append((name, prefix + str(p.pattern)))

    walk(get_resolver(), "", "")
    return [(n, s) for n, s in found if not s.startswith(("api/", "admin/")) and "(?P<" not in s]


# The model behind `<int:pk>`, by the path segment before it.
PK_MODELS = {
    "tokens": "accounts.ApiToken",
    "notifications": "notifications.Notification",
    "members": "organizations.Membership",
    "ideas": "ideas.Idea",
    "recruitments": "recruiting.Recruitment",
    "missions": "missions.Mission",
    "conflicts": "evaluation.JudgeConflict",
    "flags": "evaluation.VoteFlag",
    "forwarded": "realization.Forwarding",
    "decisions": "realization.Decision",
    "rejection-reasons": "realization.RejectionReason",
    "explanations": "realization.ExplanationRequest",
    "appeals": "realization.Appeal",
    "concepts": "realization.Concept",
    "runs": "realization.ClusteringRun",
    "suggestions": "realization.ConceptSuggestion",
    "outcomes": "retention.Outcome",
    "pool": "pool.PoolMember",
    "invitations": "pool.PoolInvitation",
    "incentives": "incentives.Incentive",
    "ledger": "incentives.Grant",
}


def objects_for(model_label, lab, user, parents):
    from django.apps import apps

    model = apps.get_model(model_label)
    qs = model._base_manager.order_by("pk")
    names = {f.name for f in model._meta.get_fields()}
    if "organization" in names:
        qs = qs.filter(organization=lab)
    if "program" in names and "program" in parents:
        qs = qs.filter(program=parents["program"])
    if "recruitment" in names and "recruitment" in parents:
        qs = qs.filter(recruitment=parents["recruitment"])
    if "mission" in names and "mission" in parents and model_label != "ideas.Idea":
        qs = qs.filter(mission=parents["mission"])
    if model_label == "ideas.Idea":
        return interesting_ideas(lab, user, parents)
    if model_label in ("missions.Mission", "recruiting.Recruitment"):
        return list(qs)
    mine = {"notifications.Notification": "user", "pool.PoolInvitation": "member__user"}
    if parents.get("personal") and model_label in mine:
        qs = qs.filter(**{mine[model_label]: user})
    if parents.get("personal") and model_label == "pool.PoolMember":
        qs = qs.filter(user=user)
    return list(qs[:1])


def interesting_ideas(lab, user, parents):
    ideas = Idea.objects.filter(organization=lab).order_by("pk")
    if "mission" in parents:
        return list(ideas.filter(mission=parents["mission"])[:1])
    picks = [
        ideas.filter(appeal__isnull=False).first(),
        ideas.filter(outcome__isnull=False).first(),
        ideas.filter(attachments__isnull=False).first(),
        ideas.filter(author=user).first(),
        Idea.objects.filter(pk__in=JudgeAssignment.objects.filter(judge=user).values("idea")).first(),
        ideas.filter(revived_from__isnull=False).first(),
        *[
            ideas.filter(mission__kind=kind).first()
            for kind in ideas.exclude(mission=None).values_list("mission__kind", flat=True).distinct().order_by()
        ],
    ]
    seen, out = set(), []
    for idea in picks:
        if idea is not None and idea.pk not in seen:
            seen.add(idea.pk)
            out.append(idea)
    return out


def fill(pattern, lab, user):
    """Every URL of ``pattern`` worth opening as ``user`` (a few for detail pages)."""
    from django.apps import apps

    parts = re.split(r"(<[^>]+>)", pattern)
    urls = [("/", {"personal": pattern.startswith("me/")})]
    for part in parts:
        if not part.startswith("<"):
            urls = [(u + part, p) for u, p in urls]
            continue
        name = part.strip("<>").split(":")[-1]
        nxt = []
        for url, parents in urls:
            segment = url.rstrip("/").rsplit("/", 1)[-1]
            if name == "organization_slug":
                values = [(lab.slug, {})]
            elif name == "program_slug":
                values = [(p.slug, {"program": p}) for p in lab.programs.order_by("pk")]
                if "recruitments" not in pattern and "missions" not in pattern:
                    values = values[:1]
            elif name == "version":
                values = [(str(parents["program"].agreements.order_by("pk").first().version), {})]
            elif name == "step":
                values = [("assign", {})]
            else:
                model_label = {
                    "application_pk": "recruiting.Application",
                    "round_pk": "recruiting.Round",
                    "assignment_pk": "recruiting.ReviewerAssignment",
                    "selection_pk": "recruiting.Selection",
                    "import_pk": "recruiting.ImportJob",
                    "idea_pk": "ideas.Idea",
                    "team_pk": "missions.Team",
                    "attachment_pk": "ideas.Attachment",
                    "entry_pk": "recruiting.SelectionEntry",
                }.get(name) or PK_MODELS.get(segment)
                assert model_label, f"no objects known for <{name}> after '{segment}' in {pattern}"
                extra = {}
                if name == "application_pk" and parents.get("personal"):
                    extra = {"applicant": user}
                if name == "entry_pk":
                    extra = {"application__applicant": user}
                if name == "attachment_pk":
                    objs = list(Attachment.objects.filter(idea=parents["idea"]))
                elif extra:
                    objs = list(apps.get_model(model_label)._base_manager.filter(**extra).order_by("pk")[:1])
                else:
                    objs = objects_for(model_label, lab, user, parents)
                key = model_label.split(".")[1].lower()
                values = [(str(o.pk), {key: o}) for o in objs]
                if model_label == "missions.Mission" and "team_pk" in pattern:
                    values = [(str(t.mission_id), {"mission": t.mission}) for t in Team.objects.order_by("pk")[:1]]
            nxt += [
                (url + v, parents | extra_parents) for url, parents in [(url, parents)] for v, extra_parents in values
            ]
        urls = nxt
    limit = 8 if pattern.endswith(("ideas/<int:pk>/", "missions/<int:pk>/")) else 2
    return [u for u, _ in urls][:limit]


# --- the test ------------------------------------------------------------------------------------

# Pages that echo what is typed into a search box or pick a format from the query string.
QUERY_URLS = [
    "/o/{slug}/ideas/?q=%3Cscript%3Exss(1)%3C%2Fscript%3E",
    "/o/{slug}/archive/?q=%22%3E%3Csvg%2Fonload%3Dxss(2)%3E",
    "/o/{slug}/board/?q=%27%3E%3Cimg+src%3Dx+onerror%3Dxss(3)%3E",
    "/o/{slug}/pool/?q=%3Cscript%3Exss(4)%3C%2Fscript%3E",
    "/o/{slug}/evaluation/conflicts/?q=%3Cscript%3Exss(5)%3C%2Fscript%3E",
    "/o/{slug}/ideas/similar/?title=%3Cscript%3Exss(6)%3C%2Fscript%3E&body=%7B%7B7*7%7D%7D",
    "/o/{slug}/programs/{program}/results/?format=csv",
    "/o/{slug}/programs/{program}/results/?format=xlsx",
    "/o/{slug}/board.csv?q=%3D1%2B2",
    "/o/{slug}/ideas/?next=javascript:xss(7)",
]


def test_the_corpus_never_runs_anywhere(browser, live_server):
    started = time.monotonic()
    lab, written = build_lab()
    program = lab.programs.order_by("pk").first()
    print(f"lab built and filled in {time.monotonic() - started:.0f} s")
    assert fields_without_corpus() == []
    assert min(written.values()) >= 1

    failures, html_pages, seen_pages = [], {}, 0
    for role, email in ROLES.items():
        user = User.objects.get(email=email)
        client = Client(raise_request_exception=False)
        client.force_login(user)
        urls = sorted(
            {u for _name, pattern in page_patterns() for u in fill(pattern, lab, user)}
            | {u.format(slug=lab.slug, program=program.slug) for u in QUERY_URLS}
        )
        for url in urls:
            response = client.get(url)
            seen_pages += 1
            if response.status_code >= 500:
                failures.append(f"{role} {url}: {response.status_code}")
                continue
            if "Content-Security-Policy" not in response.headers:
                failures.append(f"{role} {url}: no CSP header")
            kind = response.headers.get("Content-Type", "")
            if response.status_code == 200 and kind.startswith("text/html"):
                markup = corpus_markup(response.content.decode())
                if markup:
                    failures.append(f"{role} {url}: unescaped corpus {markup[:3]}")
                html_pages.setdefault(role, []).append(url)
    print(f"{seen_pages} answers checked on the server at {time.monotonic() - started:.0f} s")
    assert "\n".join(failures) == ""
    assert "\n".join(api_answers_as_html(lab)) == ""
    print(f"API checked at {time.monotonic() - started:.0f} s")

    # Every role's HTML was parsed above; Chromium opens each address once, as the first role
    # that may read it, to keep the run to a few minutes.
    render_failures, rendered = [], set()
    for role, urls in html_pages.items():
        mine = [u for u in urls if u not in rendered]
        rendered.update(mine)
        render_failures += render_in_chromium(browser, live_server, ROLES[role], mine, role)
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / "failures.txt").write_text("\n".join(render_failures))
    take_screenshots(browser, live_server, lab)
    print(f"{len(rendered)} pages rendered at {time.monotonic() - started:.0f} s")
    assert "\n".join(render_failures) == ""


# The model behind an API path parameter.
API_PARAMS = {
    "recruitment_id": "recruiting.Recruitment",
    "application_id": "recruiting.Application",
    "round_id": "recruiting.Round",
    "import_id": "recruiting.ImportJob",
    "selection_id": "recruiting.Selection",
    "mission_id": "missions.Mission",
    "idea_id": "ideas.Idea",
    "explanation_id": "realization.ExplanationRequest",
    "appeal_id": "realization.Appeal",
    "run_id": "realization.ClusteringRun",
    "pk": "realization.Forwarding",
    "outcome_id": "retention.Outcome",
    "member_id": "pool.PoolMember",
}


def api_answers_as_html(lab):
    """Every GET operation of the OpenAPI document, as a member and as a manager: whatever the
    status, the answer is never HTML (JSON, or the PDF and exports it documents)."""
    from django.apps import apps

    from config.api import api

    program = lab.programs.order_by("pk").first()
    values = {
        "slug": lab.slug,
        "program_slug": program.slug,
        "version": str(program.agreements.order_by("pk").first().version),
    }
    for param, model_label in API_PARAMS.items():
        values[param] = str(apps.get_model(model_label)._base_manager.order_by("pk").first().pk)
    found = []
    for role in ("member", "manager"):
        client = Client()
        client.force_login(User.objects.get(email=ROLES[role]))
        for path, operations in api.get_openapi_schema()["paths"].items():
            if "get" not in operations:
                continue
            url = re.sub(r"{(\w+)}", lambda m: values[m.group(1)], path)
            response = client.get(url)
            kind = response.headers.get("Content-Type", "")
            if (
                response.status_code >= 500
                or kind.startswith("text/html")
                or not (kind.startswith("application/json") or path.endswith(("/pdf", "/export")))
            ):
                found.append(f"{role} {url}: {response.status_code} {kind}")
    return found


def take_screenshots(browser, live_server, lab):
    """A few pages full of long Hangul and emoji, at 390 px and desktop, in both languages,
    for a person to look at (the overflow itself is asserted on every page above)."""
    executive = User.objects.get(email=ROLES["executive"])
    idea = interesting_ideas(lab, executive, {})[0]
    pages = {
        "idea": f"/o/{lab.slug}/ideas/{idea.pk}/",
        "board": f"/o/{lab.slug}/board/",
        "outcomes": f"/o/{lab.slug}/outcomes/",
        "appeals": f"/o/{lab.slug}/appeals/",
    }
    SHOTS.mkdir(parents=True, exist_ok=True)
    for lang in ("ko", "en"):
        User.objects.filter(pk=executive.pk).update(language=lang)
        client = Client()
        client.force_login(executive)
        for width in (390, 1280):
            context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": 900})
            context.add_cookies(
                [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
            )
            page = context.new_page()
            for name, url in pages.items():
                page.goto(url, wait_until="load")
                page.screenshot(path=SHOTS / f"{name}-{lang}-{width}.png")
            context.close()


def render_in_chromium(browser, live_server, email, urls, role):
    client = Client()
    client.force_login(User.objects.get(email=email))
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    context.add_init_script(DETECTOR_JS)
    hits = []
    context.route("**/__xss__/**", lambda route: (hits.append(route.request.url), route.abort()))
    page = context.new_page()
    page.set_default_timeout(30_000)
    events = []
    page.on("dialog", lambda d: (events.append(f"dialog {d.message[:80]}"), d.dismiss()))
    page.on("pageerror", lambda e: events.append(f"pageerror {e}"))
    page.on("console", lambda m: m.type == "error" and events.append(f"console {m.text[:160]}"))
    failures = []
    for url in urls:
        events.clear()
        hits.clear()
        page.goto(url, wait_until="load")
        result = page.evaluate(INSPECT_JS)
        problems = result["found"] + [f"{r['kind']} {r['detail']}" for r in result["report"]] + events + hits
        if result["overflow"] > 0:
            problems.append(f"scrolls sideways by {result['overflow']} px at 390 px: {result['wide']}")
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=SHOTS / f"overflow-{role}-{re.sub(r'[^a-z0-9]+', '-', url)[:80]}.png")
        if problems:
            failures.append(f"{role} {url}: {problems[:6]}")
    context.close()
    return failures


def test_payload_ids_are_unique():
    ids = [i for i, _ in PAYLOADS]
    assert len(ids) == len(set(ids))
