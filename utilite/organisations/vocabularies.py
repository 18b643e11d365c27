"""Reference lists (sectors, publics) live in version-controlled CSV files under `data/`."""

import csv
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"
FILES = {"Sector": DATA_DIR / "sectors.csv", "PublicGroup": DATA_DIR / "publics.csv"}


def rows(model_name: str) -> list[dict[str, Any]]:
    with FILES[model_name].open(encoding="utf-8", newline="") as handle:
        return [{**row, "position": index} for index, row in enumerate(csv.DictReader(handle))]


def load(apps: Any, schema_editor: Any = None) -> None:
    """Create or update every entry; used by the data migration and `manage.py load_vocabularies`."""
    for model_name in FILES:
        model = apps.get_model("organisations", model_name)
        for row in rows(model_name):
            model.objects.update_or_create(
                slug=row["slug"], defaults={"name": row["name"], "position": row["position"]}
            )
