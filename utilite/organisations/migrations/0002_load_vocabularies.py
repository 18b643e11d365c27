from django.db import migrations

from utilite.organisations import vocabularies


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]

    operations = [migrations.RunPython(vocabularies.load, migrations.RunPython.noop)]
