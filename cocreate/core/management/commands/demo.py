"""``manage.py demo`` (and ``cocreate demo``): wipe the database and load the demo lab.

The lab is a Lynx/Axe co-creation program modelled on the report's Unilever case, written
through the real services inside one transaction, deterministic for a given ``--seed``. No
mail leaves during the load: notification rows are created as in real use, but their mail
tasks go to Django's dummy task backend."""

from __future__ import annotations

import time
import unicodedata

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from cocreate.accounts.models import User
from cocreate.core.demo import content as C
from cocreate.core.demo.builder import build_demo
from cocreate.core.demo.content import DEFAULT_SEED, PASSWORD
from cocreate.core.demo.wipe import wipe_database
from cocreate.organizations.models import Organization

QUIET_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def is_production() -> bool:
    return (getattr(settings, "SETTINGS_MODULE", "") or "").rsplit(".", 1)[-1] == "production"


def _width(text: str) -> int:
    """Columns a string takes in a terminal: Hangul and other wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(width - _width(text), 0)


class Command(BaseCommand):
    help = (
        "Wipe the database and load the demo lab: a Lynx/Axe co-creation program with 300 "
        "applicants, 18 partners, two missions, ideas in every state, scores, decisions and "
        "outcomes, plus a second organization. Prints a login per role."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                            help="random seed; the same seed loads the same lab (default: %(default)s)")
        parser.add_argument("--no-flush", action="store_true",
                            help="keep the existing data and add the lab beside it")
        parser.add_argument("--force", action="store_true",
                            help="run even though the settings say production")

    def handle(self, *args, seed: int, no_flush: bool, force: bool, verbosity: int = 1, **options):
        if is_production() and not force:
            raise CommandError(
                "운영(production) 설정에서는 데모를 불러오지 않습니다. 데이터베이스를 지우게 되니 "
                "정말 원하면 --force를 붙이세요. · Refusing to load the demo with production settings: "
                "it wipes the database. Add --force if you really mean it."
            )
        started = time.perf_counter()
        with override_settings(TASKS=QUIET_TASKS), transaction.atomic():
            if no_flush:
                self._refuse_if_loaded()
            else:
                wipe_database()
            result = build_demo(seed)
        elapsed = time.perf_counter() - started
        if verbosity >= 1:
            self._report(result, elapsed)

    def _refuse_if_loaded(self) -> None:
        slugs = [C.LYNX["slug"], C.BRICK["slug"]]
        emails = [s.email for s in C.LYNX_STAFF + C.BRICK_STAFF] + [p["email"] for p in C.PERSONAS.values()]
        loaded = Organization.objects.filter(slug__in=slugs).exists()
        if loaded or User.objects.filter(email__in=emails).exists():
            raise CommandError(
                "데모 랩이 이미 있습니다. --no-flush 없이 실행하면 지우고 다시 만듭니다. · The demo lab is "
                "already loaded; run without --no-flush to wipe and reload it."
            )

    def _report(self, result, elapsed: float) -> None:
        out = self.stdout
        c = result.counts
        states = ", ".join(f"{k.split('.', 1)[1]} {v}" for k, v in c.items() if k.startswith("ideas."))
        out.write("")
        out.write(self.style.SUCCESS(
            f"데모 랩을 {elapsed:.1f}초 만에 불러왔습니다 · "
            f"Demo lab loaded in {elapsed:.1f} s (seed {result.seed})"
        ))
        out.write(
            f"  조직 · organizations {c['organizations']} · 계정 · accounts {c['users']} · "
            f"지원서 · applications {c['applications']} (selected {c.get('applications.selected', 0)}, "
            f"declined {c.get('applications.declined', 0)}, "
            f"submitted {c.get('applications.submitted', 0)}) · "
            f"파트너 · partners {c['partners']} (agreement accepted {c['acceptances']})"
        )
        out.write(f"  아이디어 · ideas {c['ideas']}: {states}")
        out.write(
            f"  공감 · supports {c['supports']} · 댓글 · comments {c['comments']} · "
            f"점수 · scores {c['scores']} · "
            f"결정 · decisions {c['decisions']} · 진행 업데이트 · progress updates {c['progress_updates']} · "
            f"알림 · notifications {c['notifications']} · 감사 기록 · audit events {c['audit_events']}"
        )
        out.write(
            f"  모집 · R1: 2028 지원서 · 2028 applications {c['applications_2028']} "
            f"(withdrawn {c.get('applications.withdrawn', 0)}, anonymised {c['anonymised']}) · "
            f"라운드 · rounds {c['rounds']} · 리뷰 · reviews {c['reviews']} · 결과 · results "
            f"(advanced {c.get('round_results.advanced', 0)}, waitlisted {c.get('round_results.waitlisted', 0)}, "
            f"declined {c.get('round_results.declined', 0)}) · 할당량 · quotas {c['quotas']} · 선발안 · selections "
            f"(accepted {c.get('selections.accepted', 0)}, proposed {c.get('selections.proposed', 0)}) · "
            f"초대 · invitations (confirmed {c.get('invitations.confirmed', 0)}, "
            f"declined {c.get('invitations.declined', 0)}, expired {c.get('invitations.expired', 0)}) · "
            f"가져오기 · import {c['imports.created']} created, {c['imports.errors']} rows refused"
        )
        out.write(
            f"  상시 풀 · pool {c['pool_members']} (active {c.get('pool.active', 0)}, "
            f"resting {c.get('pool.resting', 0)}; from the open channel {c.get('pool_sources.open_channel', 0)}) · "
            f"풀 초대 · pool invitations (pending {c.get('pool_invitations.pending', 0)}, "
            f"accepted {c.get('pool_invitations.accepted', 0)}) · 2028 파트너 · 2028 partners {c['partners_2028']}"
        )
        out.write(
            f"  실현 · R4: 심사 배정 · judge assignments {c['judge_assignments']} · "
            f"거절 사유 · rejection reasons {c['rejection_reasons']} · 개념 · concepts {c['concepts']} "
            f"(ideas classified {c['classified']}) · 부서 전달 · forwardings {c['forwardings']} · "
            f"공개 대기 · staged {c['staged']} · 1:1 설명 · explanations {c['explanations']} · "
            f"이의 제기 · appeals {c['appeals']} · 재검토 · revived {c['revived_into']} · "
            f"아직 안 본 아이디어 · not yet looked at {c['unseen']}"
        )
        if result.tour:
            out.write("")
            out.write(self.style.MIGRATE_HEADING("새 기능 둘러보기 · Where to look (manager@)"))
            for (korean, english), url in result.tour:
                out.write(f"  {url}")
                out.write(f"      {korean} · {english}")
        out.write("")
        out.write(self.style.MIGRATE_HEADING(
            f"데모 로그인 · Demo logins — 비밀번호 · password: {PASSWORD}"
        ))
        headers = ("역할 · Role", "이메일 · Email", "먼저 해 볼 것 · Try first")
        rows = [(f"{login.role[0]} · {login.role[1]}", login.email, login) for login in result.logins]
        w1 = max(_width(h) for h in [headers[0], *(r[0] for r in rows)]) + 2
        w2 = max(_width(h) for h in [headers[1], *(r[1] for r in rows)]) + 2
        out.write(_pad(headers[0], w1) + _pad(headers[1], w2) + headers[2])
        out.write("-" * (w1 + w2 + 44))
        for role, email, login in rows:
            out.write(_pad(role, w1) + _pad(email, w2) + f"{login.url}  {login.hint[0]}")
            out.write(" " * (w1 + w2) + login.hint[1])
        out.write("")
