"""The PDF of a published version is made by a background job (core.Job): a failure is kept."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("commons", "0002_item_revision"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="commonreferentiel",
            name="pdf_job",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="core.job"
            ),
        ),
    ]
