"""Open data: the published common référentiel (JSON, CSV, XLSX, PDF) and the territory's
aggregates as a Frictionless Data Package — never an individual answer, never a figure counting
fewer than 5 people."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from typing import Any

import tablib
from django.template.loader import render_to_string
from django.utils.text import slugify

from utilite.fiches.enums import LICENCE_URLS, Licence

from .models import CommonReferentiel
from .synthesis import Filters, Synthesis, dimensions_of

HEADERS = [
    "dimension",
    "critere",
    "indicateur",
    "niveau",
    "type",
    "unite",
    "agregation",
    "definition",
    "identifiant",
]


def citation(referentiel: CommonReferentiel, url: str) -> str:
    year = referentiel.published_at.year if referentiel.published_at else ""
    return f"{referentiel.network.name}, « {referentiel.title} », version {referentiel.version}, {year}. {url}"


def as_dict(referentiel: CommonReferentiel) -> dict[str, Any]:
    licence = Licence(referentiel.licence)
    return {
        "title": referentiel.title,
        "network": referentiel.network.name,
        "version": referentiel.version,
        "published_at": referentiel.published_at.date().isoformat() if referentiel.published_at else None,
        "licence": {"code": referentiel.licence, "label": str(licence.label), "url": LICENCE_URLS.get(licence, "")},
        "summary": referentiel.summary,
        "dimensions": [
            {
                "uid": str(dimension.uid),
                "title": dimension.title,
                "description": dimension.description,
                "criteria": [
                    {
                        "uid": str(criterion.uid),
                        "title": criterion.title,
                        "description": criterion.description,
                        "indicators": [
                            {
                                "uid": str(indicator.uid),
                                "title": indicator.title,
                                "level": indicator.level,
                                "kind": indicator.indicator_kind,
                                "unit": indicator.unit,
                                "aggregation": indicator.aggregation,
                                "counts_people": indicator.counts_people,
                                "definition": indicator.definition,
                            }
                            for indicator in criterion.indicators.all()
                        ],
                    }
                    for criterion in dimension.criteria.all()
                ],
            }
            for dimension in dimensions_of(referentiel)
        ],
    }


def as_json(referentiel: CommonReferentiel) -> str:
    return json.dumps(as_dict(referentiel), ensure_ascii=False, indent=2)


def as_dataset(referentiel: CommonReferentiel) -> tablib.Dataset:
    dataset = tablib.Dataset(headers=HEADERS, title="referentiel-commun")
    for dimension in dimensions_of(referentiel):
        for criterion in dimension.criteria.all():
            for indicator in criterion.indicators.all():
                dataset.append(
                    [
                        dimension.title,
                        criterion.title,
                        indicator.title,
                        indicator.get_level_display(),
                        indicator.get_indicator_kind_display(),
                        indicator.unit,
                        indicator.get_aggregation_display(),
                        indicator.definition,
                        str(indicator.uid),
                    ]
                )
    return dataset


def document_html(referentiel: CommonReferentiel, url: str) -> str:
    context = {
        "referentiel": referentiel,
        "dimensions": dimensions_of(referentiel),
        "licence_url": LICENCE_URLS.get(Licence(referentiel.licence), ""),
        "citation": citation(referentiel, url),
    }
    return render_to_string("commons/document.html", context)


def file_stem(referentiel: CommonReferentiel) -> str:
    return f"referentiel-commun-{slugify(referentiel.network.name)}-v{referentiel.version}"


# --- Data package ----------------------------------------------------------------------------


def _csv(headers: list[str], rows: list[list[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if cell is None else cell for cell in row])
    return out.getvalue().encode("utf-8")


def _field(name: str, kind: str, description: str) -> dict[str, str]:
    return {"name": name, "type": kind, "description": description}


def data_package(synthesis: Synthesis, filters: Filters, *, network_name: str) -> bytes:
    """A zip holding `datapackage.json` and its CSV resources (Frictionless Data Package v1)."""
    start, end = filters.start.isoformat(), filters.end.isoformat()
    figures, coverage = [], []
    for summary in synthesis.dimensions:
        coverage.append(
            [
                summary.dimension.title,
                summary.structures,
                summary.criteria_covered,
                summary.criteria_total,
                summary.testimonies,
            ]
        )
        for figure in summary.figures:
            shown = figure.shown
            figures.append(
                [
                    summary.dimension.title,
                    figure.indicator.criterion.title,
                    figure.indicator.title,
                    str(figure.indicator.uid),
                    figure.indicator.unit,
                    figure.indicator.aggregation,
                    start,
                    end,
                    figure.structures,
                    figure.value if shown else None,
                    figure.lowest if shown else None,
                    figure.median if shown else None,
                    figure.highest if shown else None,
                ]
            )
    resources = [
        (
            "indicateurs-communs",
            "Valeurs des indicateurs communs, agrégées sur les structures dont l'unité correspond",
            [
                _field("dimension", "string", "Dimension du référentiel commun"),
                _field("critere", "string", "Critère commun"),
                _field("indicateur", "string", "Indicateur commun"),
                _field("identifiant", "string", "Identifiant stable de l'indicateur commun"),
                _field("unite", "string", "Unité"),
                _field("agregation", "string", "sum, mean ou distribution"),
                _field("debut", "date", "Début de la période"),
                _field("fin", "date", "Fin de la période"),
                _field("structures", "integer", "Nombre de structures dont la valeur est agrégée"),
                _field("valeur", "number", "Somme ou moyenne ; vide sous 5 personnes"),
                _field("plus_basse", "number", "Plus basse valeur d'une structure ; vide sous 5 personnes"),
                _field("mediane", "number", "Médiane des structures ; vide sous 5 personnes"),
                _field("plus_haute", "number", "Plus haute valeur d'une structure ; vide sous 5 personnes"),
            ],
            figures,
        ),
        (
            "couverture",
            "Nombre de structures et de critères communs couverts par dimension",
            [
                _field("dimension", "string", "Dimension du référentiel commun"),
                _field("structures", "integer", "Structures ayant au moins un élément dans la dimension"),
                _field("criteres_couverts", "integer", "Critères communs couverts"),
                _field("criteres_total", "integer", "Critères communs de la dimension"),
                _field("temoignages", "integer", "Témoignages publiables rattachés à la dimension"),
            ],
            coverage,
        ),
        (
            "personnes-touchees",
            "Participations aux séances, comptées anonymement",
            [
                _field("debut", "date", "Début de la période"),
                _field("fin", "date", "Fin de la période"),
                _field("structures", "integer", "Structures participantes"),
                _field("participations", "integer", "Participations ; vide sous 5 personnes"),
            ],
            [[start, end, synthesis.structures, synthesis.people]],
        ),
    ]
    descriptor: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": slugify(f"utilite-sociale-{network_name}"),
        "title": f"Utilité sociale de la médiation numérique · {network_name}",
        "licenses": [{"name": "CC-BY-SA-4.0", "path": "https://creativecommons.org/licenses/by-sa/4.0/"}],
        "resources": [],
    }
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as package:
        for name, title, fields, rows in resources:
            path = f"{name}.csv"
            package.writestr(path, _csv([f["name"] for f in fields], rows))
            descriptor["resources"].append(
                {
                    "name": name,
                    "path": path,
                    "title": title,
                    "profile": "tabular-data-resource",
                    "format": "csv",
                    "mediatype": "text/csv",
                    "encoding": "utf-8",
                    "schema": {"fields": fields, "missingValues": [""]},
                }
            )
        package.writestr("datapackage.json", json.dumps(descriptor, ensure_ascii=False, indent=2))
    return archive.getvalue()
