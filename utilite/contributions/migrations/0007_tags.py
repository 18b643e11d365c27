"""Keywords become a table of the network (a filter of the public site, on every database),
instead of a list in each contribution."""

from django.db import migrations, models
from django.utils.text import slugify


def move_keywords(apps, schema_editor):
    contribution_model = apps.get_model("contributions", "Contribution")
    tag_model = apps.get_model("contributions", "Tag")
    for contribution in contribution_model.objects.exclude(old_tags=[]).select_related("organisation"):
        for name in contribution.old_tags or []:
            slug = slugify(str(name))[:50]
            if slug:
                tag, _created = tag_model.objects.get_or_create(
                    network_id=contribution.organisation.network_id, slug=slug, defaults={"name": str(name)[:40]}
                )
                contribution.tags.add(tag)


class Migration(migrations.Migration):
    dependencies = [
        ("contributions", "0006_media_progress"),
        ("networks", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="Tag",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=40, verbose_name="keyword")),
                ("slug", models.SlugField(max_length=50)),
                (
                    "network",
                    models.ForeignKey(
                        on_delete=models.deletion.CASCADE, related_name="+", to="networks.network"
                    ),
                ),
            ],
            options={
                "ordering": ["name", "pk"],
                "constraints": [models.UniqueConstraint(fields=("network", "slug"), name="contributions_tag_unique")],
            },
        ),
        migrations.RenameField("contribution", "tags", "old_tags"),
        migrations.AddField(
            model_name="contribution",
            name="tags",
            field=models.ManyToManyField(
                blank=True, related_name="contributions", to="contributions.tag", verbose_name="keywords"
            ),
        ),
        migrations.RunPython(move_keywords, migrations.RunPython.noop),
        migrations.RemoveField("contribution", "old_tags"),
    ]
