"""The details of counts follow the Coop's age bands: under 12 and 12 to 17 become minors."""

from django.db import migrations

OLD = ("age_under_12", "age_12_17")


def merged(breakdown):
    if not isinstance(breakdown, dict) or not any(name in breakdown for name in OLD):
        return None
    result = {name: value for name, value in breakdown.items() if name not in OLD}
    result["age_minor"] = sum(int(breakdown.get(name) or 0) for name in OLD) + int(result.get("age_minor") or 0)
    return result


def merge_minors(apps, schema_editor):
    for model_name, field in (("IndicatorValue", "breakdown"), ("IndicatorValueChange", "previous_breakdown")):
        model = apps.get_model("measures", model_name)
        for row in model.objects.exclude(**{field: {}}).only("pk", field).iterator():
            new = merged(getattr(row, field))
            if new is not None:
                model.objects.filter(pk=row.pk).update(**{field: new})


class Migration(migrations.Migration):
    dependencies = [("measures", "0002_values_per_action"), ("activities", "0004_coop_vocabulary")]

    operations = [migrations.RunPython(merge_minors, migrations.RunPython.noop)]
