"""How fast does an intermediary's export of applicants import?

cocreate.recruiting.imports end to end on 5,000 and 50,000 generated rows (a Korean UTF-8
CSV with email, name, birth year, gender, region, interests, followers, SNS links and the
answer to one question): upload (read the header, guess the columns), then start, which runs
the task at once (the immediate backend) and imports the rows in batches. One row in ten is a
person who already has an account (half of them applied already), one in fifty is refused (a
bad email, a birth year out of range, an unknown gender or a repeated address). Into a
throw-away database (bench/harness): SQLite by default, PostgreSQL with DATABASE_URL.
Prints seconds and rows per second."""

from __future__ import annotations

import csv
import io
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import throwaway_database  # noqa: E402

SIZES = tuple(int(n) for n in sys.argv[1:]) or (5_000, 50_000)
QUESTION = "우리 브랜드와 함께하고 싶은 이유"
HEADER = ["이메일", "이름", "출생연도", "성별", "지역", "관심사", "팔로워", "SNS", QUESTION]
REGIONS = ["서울", "부산", "대구", "인천", "광주", "대전", "제주"]
INTERESTS = ["향수", "음악", "디자인", "운동", "사진", "요리", "게임"]
SURNAMES = "김이박최정강조윤장임"
GIVEN = ["민지", "서준", "하은", "도윤", "지우", "예준", "수아", "시우"]


def export(rng: random.Random, n: int, tag: str, existing: list[str]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for i in range(n):
        email = existing[i // 10] if i % 10 == 0 and i // 10 < len(existing) else f"{tag}-{i}@example.com"
        birth_year, gender = str(rng.randint(2000, 2010)), rng.choice(["남", "여", "M", "F", "female"])
        if i % 50 == 7:
            kind = rng.randrange(4)
            if kind == 0:
                email = f"{tag}-{i}-at-example.com"
            elif kind == 1:
                birth_year = "1850"
            elif kind == 2:
                gender = "?"
            else:
                email = f"{tag}-{i - 1}@example.com"
        writer.writerow([email, rng.choice(SURNAMES) + rng.choice(GIVEN), birth_year, gender, rng.choice(REGIONS),
                         ", ".join(rng.sample(INTERESTS, 2)), f"{rng.randint(0, 50_000):,}",
                         f"https://instagram.com/{tag}{i}", "제가 만든 영상을 보여드리고 싶어요."])
    return out.getvalue().encode("utf-8")


def main() -> None:
    with throwaway_database("import") as description:
        import logging

        logging.getLogger("django.tasks").setLevel(logging.WARNING)  # one line per task run otherwise
        from datetime import timedelta

        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.utils import timezone
        from django_scopes import scope

        from cocreate.accounts.models import User
        from cocreate.organizations.models import Membership, Organization
        from cocreate.programs.models import Program
        from cocreate.recruiting.imports import import_start, import_upload
        from cocreate.recruiting.models import Application, Question, Recruitment

        rng = random.Random(865)
        org = Organization.objects.create(name="Bench Lab", slug="bench-lab")
        manager = User.objects.create_user("manager@example.com", name="Manager", language="en")
        Membership.objects.create(organization=org, user=manager, role="program_manager")
        print(f"import · {description} · one row in 10 an existing member (half of them applied already), "
              "one in 50 refused")
        print(f"{'rows':>8}  {'MB':>5}  {'upload s':>9}  {'import s':>9}  {'rows/s':>8}  {'created':>8}  "
              f"{'dupl.':>6}  {'refused':>8}")
        with scope(organization=org):
            for size in SIZES:
                tag = f"r{size}"
                program = Program.objects.create(organization=org, title=f"Program {size}", slug=f"p-{size}",
                                                 goal="Co-create", status="active")
                now = timezone.now()
                recruitment = Recruitment.objects.create(
                    program=program, title=f"Call {size}", purpose="16-24", consent_text="We use your profile.",
                    opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=14), status="open")
                Question.objects.create(recruitment=recruitment, text=QUESTION, max_length=500)
                existing = [f"{tag}-member{i}@example.com" for i in range(size // 10)]
                members = User.objects.bulk_create(User(email=e, name="Member") for e in existing)
                # Half of them applied on the site already: their rows are duplicates.
                Application.objects.bulk_create(
                    Application(recruitment=recruitment, applicant=m, profile=m.profile_snapshot(),
                                consent_text="We use your profile.", consented_at=now) for m in members[::2])
                data = export(rng, size, tag, existing)
                started = time.perf_counter()
                job = import_upload(recruitment, actor=manager, file=SimpleUploadedFile("명단.csv", data),
                                    source="Youth Lab 16-24", consent_basis="Agreed when joining the community.")
                uploaded = time.perf_counter() - started
                started = time.perf_counter()
                import_start(job, actor=manager)  # the immediate backend runs the task on commit
                seconds = time.perf_counter() - started
                job.refresh_from_db()
                assert job.status == "done" and job.processed_rows == size, job.status
                refused = sum(1 for e in job.errors if e.get("row"))
                print(f"{size:>8,}  {len(data) / 1e6:>5.1f}  {uploaded:>9.2f}  {seconds:>9.2f}  "
                      f"{size / seconds:>8,.0f}  {job.created_count:>8,}  {job.duplicate_count:>6,}  {refused:>8,}")


if __name__ == "__main__":
    main()
