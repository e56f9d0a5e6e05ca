"""Refused import rows move from one JSON list on the job to rows of their own (a file with
200,000 bad rows made the job page answer 24 MB); a file-level failure becomes the job's
``problem``. Also the job's task id, to tell a stuck import from a busy one."""

import django.db.models.deletion
from django.db import migrations, models


BATCH = 1000


def move_errors_to_rows(apps, schema_editor):
    ImportJob = apps.get_model("recruiting", "ImportJob")
    ImportRowError = apps.get_model("recruiting", "ImportRowError")
    for job in ImportJob.objects.exclude(errors=[]).only("pk", "errors", "problem").iterator(chunk_size=100):
        rows, seen = [], set()
        for entry in job.errors or []:
            if entry.get("row") is None:
                # A file-level failure: keep its code as the job's problem.
                for reason in entry.get("errors", []):
                    if reason.get("code") == "file":
                        job.problem = str(reason.get("params", {}).get("problem", "unexpected"))[:32]
            elif entry["row"] not in seen:
                seen.add(entry["row"])
                rows.append(ImportRowError(job_id=job.pk, row=entry["row"], reasons=entry.get("errors", [])))
        for start in range(0, len(rows), BATCH):
            ImportRowError.objects.bulk_create(rows[start:start + BATCH])
        ImportJob.objects.filter(pk=job.pk).update(error_count=len(rows), problem=job.problem)
    if schema_editor.connection.vendor == "postgresql":
        # Check the new rows' foreign keys now: PostgreSQL refuses to alter a table (the
        # column removed next) while deferred checks are pending.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def move_rows_to_errors(apps, schema_editor):
    ImportJob = apps.get_model("recruiting", "ImportJob")
    ImportRowError = apps.get_model("recruiting", "ImportRowError")
    for job in ImportJob.objects.all().iterator(chunk_size=100):
        errors = [{"row": e.row, "errors": e.reasons} for e in ImportRowError.objects.filter(job_id=job.pk)
                  .order_by("row")]
        if job.problem:
            errors.append({"row": None, "errors": [{"code": "file", "params": {"problem": job.problem}}]})
        ImportJob.objects.filter(pk=job.pk).update(errors=errors)


class Migration(migrations.Migration):

    dependencies = [
        ('recruiting', '0004_anonymised_applicant_unlinked'),
    ]

    operations = [
        migrations.AddField(
            model_name='importjob',
            name='error_count',
            field=models.PositiveIntegerField(default=0, verbose_name='rows with errors'),
        ),
        migrations.AddField(
            model_name='importjob',
            name='problem',
            field=models.CharField(blank=True, max_length=32, verbose_name='problem'),
        ),
        migrations.AddField(
            model_name='importjob',
            name='task_id',
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.CreateModel(
            name='ImportRowError',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('row', models.PositiveIntegerField(verbose_name='row')),
                ('reasons', models.JSONField(default=list, verbose_name='reasons')),
                ('job', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='row_errors', to='recruiting.importjob')),
            ],
            options={
                'verbose_name': 'refused import row',
                'verbose_name_plural': 'refused import rows',
                'ordering': ['job', 'row'],
                'constraints': [models.UniqueConstraint(fields=('job', 'row'), name='recruiting_import_row_error_once')],
            },
        ),
        migrations.RunPython(move_errors_to_rows, move_rows_to_errors),
        migrations.RemoveField(
            model_name='importjob',
            name='errors',
        ),
    ]
