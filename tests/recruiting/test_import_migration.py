"""recruiting 0005 moves each import's JSON list of refused rows into rows of their own and a
file-level failure into the job's ``problem``; migrating back puts the list together again."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("recruiting", "0004_anonymised_applicant_unlinked")]
AFTER = [("recruiting", "0005_import_row_errors")]
ERRORS = [
    {"row": 3, "errors": [{"code": "email_missing", "params": {}}]},
    {"row": 7, "errors": [{"code": "email_invalid", "params": {"value": "x"}}, {"code": "gender_unknown",
                                                                               "params": {"value": "?"}}]},
    {"row": None, "errors": [{"code": "file", "params": {"problem": "bad_csv"}}]},
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("flushable_audit_log")
def test_refused_rows_move_out_of_the_json_list_and_back():
    from tests import factories as f

    lab = f.make_lab()
    try:
        old = migrate(BEFORE)
        Job = old.get_model("recruiting", "ImportJob")
        now = timezone.now()
        kwargs = {"recruitment_id": lab.recruitment.pk, "file": "x.csv", "original_name": "x.csv", "source": "s",
                  "consent_basis": "c"}
        failed = Job.objects.create(errors=ERRORS, finished_at=now, **kwargs)
        clean = Job.objects.create(errors=[], **kwargs)

        new = migrate(AFTER)
        Job, Row = new.get_model("recruiting", "ImportJob"), new.get_model("recruiting", "ImportRowError")
        assert list(Job.objects.order_by("pk").values_list("error_count", "problem")) == [(2, "bad_csv"), (0, "")]
        assert list(Row.objects.filter(job_id=failed.pk).order_by("row").values_list("row", "reasons")) == [
            (3, ERRORS[0]["errors"]), (7, ERRORS[1]["errors"])]
        assert not Row.objects.filter(job_id=clean.pk).exists()

        Job = migrate(BEFORE).get_model("recruiting", "ImportJob")
        assert list(Job.objects.order_by("pk").values_list("errors", flat=True)) == [ERRORS, []]
    finally:
        migrate(AFTER)
