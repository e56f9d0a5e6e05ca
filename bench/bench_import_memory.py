"""How much memory does a small but huge XLSX take to import?

The file of issue 12: 200,000 rows of one repeated applicant (so every row after the first is
refused as a repeated address), which zips to a few hundred KB but holds about 64 MB of XML.
Each scenario runs in a fresh process (peak RSS is a high-water mark) on a throw-away database
(bench/harness; SQLite by default, PostgreSQL with DATABASE_URL):

- ``default``: upload and start with the default caps (IMPORT_MAX_ROWS, IMPORT_MAX_ERRORS,
  IMPORT_MAX_UNCOMPRESSED_BYTES): the file is refused or stopped with a summary.
- ``lifted``: the row and size caps lifted, the error cap kept: every row is streamed.
- ``valid``: 200,000 distinct valid applicants with the caps lifted: the streaming import itself.

Prints, per scenario: the XLSX size, the job's outcome, rows processed, refused rows stored,
peak RSS (MB, and its growth from before the upload), the tracemalloc peak of the Python heap
and the seconds taken. ``python bench/bench_import_memory.py [ROWS] [SCENARIO,...]``."""

from __future__ import annotations

import io
import json
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 200_000
SCENARIOS = ("default", "lifted", "valid")


def xlsx(rows: int, *, distinct: bool) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["이메일", "이름", "출생연도", "성별", "지역", "관심사", "팔로워"])
    for i in range(rows):
        email = f"person{i}@example.com" if distinct else "same@example.com"
        sheet.append([email, "김민지", 2001, "여", "서울", "향수, 음악", 1200])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(scenario: str) -> dict:
    from harness import throwaway_database

    with throwaway_database(f"import_memory_{scenario}"):
        import logging

        logging.getLogger("django.tasks").setLevel(logging.WARNING)
        from datetime import timedelta

        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.test.utils import override_settings
        from django.utils import timezone
        from django_scopes import scope

        from cocreate.accounts.models import User
        from cocreate.core.errors import DomainError
        from cocreate.organizations.models import Organization
        from cocreate.programs.models import Program
        from cocreate.recruiting import imports
        from cocreate.recruiting.models import Recruitment

        data = xlsx(ROWS, distinct=scenario == "valid")
        org = Organization.objects.create(name="Bench Lab", slug="bench-lab")
        manager = User.objects.create_user("manager@example.com", name="Manager", language="en")
        lifted = {} if scenario == "default" else {"IMPORT_MAX_ROWS": 10 * ROWS,
                                                   "IMPORT_MAX_UNCOMPRESSED_BYTES": 1 << 34}
        with scope(organization=org), override_settings(**lifted):
            program = Program.objects.create(organization=org, title="P", slug="p", goal="Co-create",
                                             status="active")
            now = timezone.now()
            recruitment = Recruitment.objects.create(
                program=program, title="Call", purpose="16-24", consent_text="We use your profile.",
                opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=14), status="open")
            before = rss_mb()
            tracemalloc.start()
            started = time.perf_counter()
            outcome, processed, refused = "", 0, 0
            try:
                job = imports.import_upload(recruitment, actor=manager, file=SimpleUploadedFile("big.xlsx", data),
                                            source="Bench", consent_basis="Agreed.")
                imports.import_start(job, actor=manager)  # the immediate backend runs the task on commit
                job.refresh_from_db()
                processed = job.processed_rows
                refused = (job.row_errors.count() if hasattr(job, "row_errors")
                           else sum(1 for e in job.errors if e.get("row")))
                outcome = f"{job.status}" + (f" ({job.problem})" if getattr(job, "problem", "") else "")
            except DomainError as exc:
                outcome = f"refused at upload ({exc.code})"
            seconds = time.perf_counter() - started
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        return {"scenario": scenario, "xlsx_kb": len(data) / 1024, "outcome": outcome, "processed": processed,
                "refused": refused, "rss_mb": rss_mb(), "rss_growth_mb": rss_mb() - before,
                "tracemalloc_mb": peak / 2**20, "seconds": seconds}


def main() -> None:
    if len(sys.argv) > 3 and sys.argv[2] == "--child":
        print(json.dumps(run(sys.argv[3])))
        return
    chosen = sys.argv[2].split(",") if len(sys.argv) > 2 else SCENARIOS
    print(f"import memory · {ROWS:,} rows of XLSX · each scenario in a fresh process")
    print(f"{'scenario':<9} {'xlsx KB':>8}  {'outcome':<32} {'rows':>8} {'refused':>8} {'RSS MB':>7} "
          f"{'+RSS MB':>8} {'heap MB':>8} {'s':>7}")
    for scenario in chosen:
        out = subprocess.run([sys.executable, __file__, str(ROWS), "--child", scenario], capture_output=True, text=True,
                             env=os.environ.copy())
        if out.returncode:
            print(f"{scenario:<9} failed:\n{out.stderr[-2000:]}")
            continue
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{r['scenario']:<9} {r['xlsx_kb']:>8.0f}  {r['outcome']:<32} {r['processed']:>8,} {r['refused']:>8,} "
              f"{r['rss_mb']:>7.0f} {r['rss_growth_mb']:>8.0f} {r['tracemalloc_mb']:>8.1f} {r['seconds']:>7.1f}")


if __name__ == "__main__":
    main()
