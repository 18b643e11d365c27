"""An import becomes a background job (core.Job): the old table is renamed, a child table of
core_job is made, each import is copied with its status and timings, then the old table goes."""

import django.db.models.deletion
from django.db import migrations, models


def copy_imports(apps, schema_editor):
    Legacy = apps.get_model("activities", "LegacyImportJob")
    ImportJob = apps.get_model("activities", "ImportJob")
    for old in Legacy.objects.order_by("pk").iterator():
        new = ImportJob.objects.create(
            kind="activities.import",
            status=old.status,
            progress=100 if old.status in {"done", "failed"} else 0,
            created_by_id=old.created_by_id,
            started_at=old.created_at,
            finished_at=old.finished_at,
            organisation_id=old.organisation_id,
            file=old.file.name,
            original_name=old.original_name,
            total_rows=old.total_rows,
            processed_rows=old.processed_rows,
            imported_rows=old.imported_rows,
            errors=old.errors,
            error_count=old.error_count,
        )
        # auto_now_add: the dates are set after the row exists
        ImportJob.objects.filter(pk=new.pk).update(created_at=old.created_at, updated_at=old.updated_at)


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0004_coop_vocabulary"),
        ("core", "0001_initial"),
        ("organisations", "0002_load_vocabularies"),
    ]

    operations = [
        migrations.RenameModel("ImportJob", "LegacyImportJob"),
        migrations.AlterField(
            model_name="legacyimportjob",
            name="organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="organisations.organisation"
            ),
        ),
        migrations.CreateModel(
            name="ImportJob",
            fields=[
                (
                    "job_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to="core.job",
                    ),
                ),
                ("file", models.FileField(upload_to="imports/%Y/")),
                ("original_name", models.CharField(max_length=200)),
                ("total_rows", models.PositiveIntegerField(default=0)),
                ("processed_rows", models.PositiveIntegerField(default=0)),
                ("imported_rows", models.PositiveIntegerField(default=0)),
                ("errors", models.JSONField(blank=True, default=list)),
                ("error_count", models.PositiveIntegerField(default=0)),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="activity_imports",
                        to="organisations.organisation",
                    ),
                ),
            ],
            options={
                "verbose_name": "activity import",
                "verbose_name_plural": "activity imports",
                "ordering": ["-created_at"],
            },
            bases=("core.job",),
        ),
        migrations.RunPython(copy_imports, migrations.RunPython.noop),
        migrations.DeleteModel("LegacyImportJob"),
    ]
