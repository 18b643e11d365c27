"""The panorama's PDF is made by a background job (core.Job) instead of a status of its own."""

import django.db.models.deletion
from django.db import migrations, models


def copy_status(apps, schema_editor):
    Workshop = apps.get_model("workshops", "Workshop")
    Job = apps.get_model("core", "Job")
    for workshop in Workshop.objects.exclude(panorama_status="").iterator():
        job = Job.objects.create(kind="workshops.panorama", status=workshop.panorama_status)
        Workshop.objects.filter(pk=workshop.pk).update(panorama_job=job)


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0003_card_photo"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="workshop",
            name="panorama_job",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="core.job"
            ),
        ),
        migrations.RunPython(copy_status, migrations.RunPython.noop),
        migrations.RemoveField(model_name="workshop", name="panorama_status"),
    ]
