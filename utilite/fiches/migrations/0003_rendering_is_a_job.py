"""A rendering becomes a background job (core.Job): the old table is renamed, a child table of
core_job is made, each rendering is copied with its status, error and file, then the old table goes."""

import django.db.models.deletion
from django.db import migrations, models

import utilite.fiches.models


def copy_renderings(apps, schema_editor):
    Legacy = apps.get_model("fiches", "LegacyRendering")
    Rendering = apps.get_model("fiches", "Rendering")
    for old in Legacy.objects.order_by("pk").iterator():
        new = Rendering.objects.create(
            kind="fiches.rendering",
            status=old.status,
            progress=old.progress,
            error=old.error,
            created_by_id=old.created_by_id,
            started_at=old.created_at,
            finished_at=old.updated_at if old.status in {"done", "failed"} else None,
            fiche_id=old.fiche_id,
            version_id=old.version_id,
            format=old.format,
            funding_pack=old.funding_pack,
            file=old.file.name,
            pages=old.pages,
        )
        Rendering.objects.filter(pk=new.pk).update(created_at=old.created_at, updated_at=old.updated_at)


class Migration(migrations.Migration):
    dependencies = [
        ("fiches", "0002_funding_template_author"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.RenameModel("Rendering", "LegacyRendering"),
        migrations.AlterField(
            model_name="legacyrendering",
            name="fiche",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="fiches.fiche"),
        ),
        migrations.CreateModel(
            name="Rendering",
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
                (
                    "format",
                    models.CharField(
                        choices=[("pdf", "PDF"), ("odt", "ODT (LibreOffice)"), ("docx", "DOCX (Word)")], max_length=10
                    ),
                ),
                ("funding_pack", models.BooleanField(default=False)),
                ("file", models.FileField(blank=True, upload_to=utilite.fiches.models.rendering_path)),
                ("pages", models.PositiveIntegerField(blank=True, null=True)),
                (
                    "fiche",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="renderings", to="fiches.fiche"
                    ),
                ),
                (
                    "version",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="fiches.publishedversion",
                    ),
                ),
            ],
            options={"verbose_name": "rendering", "verbose_name_plural": "renderings", "ordering": ["-created_at"]},
            bases=("core.job",),
        ),
        migrations.RunPython(copy_renderings, migrations.RunPython.noop),
        migrations.DeleteModel("LegacyRendering"),
    ]
