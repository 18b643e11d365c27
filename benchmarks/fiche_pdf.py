"""PDF of a fiche at about 4 and about 40 pages: seconds per page, and the rendering process's
peak memory (quality bar P5: ≤ 0.3 s a page, flat with size, ≤ 300 MB at 40 pages).

    DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python -m benchmarks.fiche_pdf

The fiche is rendered exactly as in production: our template, WeasyPrint in a limited child
process forked from a warm fork server (`utilite.core.pdf.html_to_pdf_isolated`).
Writes benchmarks/results/fiche_pdf.txt.
"""

import multiprocessing
import os
import resource
import time
from pathlib import Path
from typing import Any

import django

RESULTS = Path(__file__).resolve().parent / "results"
MONTHS = [f"{month:02d}/2026" for month in range(1, 13)]


def snapshot(indicators: int) -> dict[str, Any]:
    """A fiche's snapshot with `indicators` indicators of twelve monthly values each."""
    per_criterion = 3
    registres = []
    for r in range(max(1, indicators // (per_criterion * 3))):
        criteria = []
        for c in range(3):
            rows = []
            for i in range(per_criterion):
                number = (r * 3 + c) * per_criterion + i
                if number >= indicators:
                    break
                points = [
                    {"period": month, "value": str(10 + (number + m) % 30), "text": ""}
                    for m, month in enumerate(MONTHS)
                ]
                rows.append(
                    {
                        "title": f"Indicateur {number + 1} : personnes venues seules et revenues",
                        "level": "Résultat",
                        "kind": "count",
                        "unit": "personnes",
                        "source": "Fiche de séance",
                        "frequency": "Mensuelle",
                        "target": "40",
                        "computed": False,
                        "points": points,
                        "latest": points[-1],
                        "progress": 75,
                    }
                )
            if rows:
                criteria.append({"title": f"Critère {r + 1}.{c + 1}", "uid": f"c{r}-{c}", "indicators": rows})
        registres.append({"title": f"Registre {r + 1}", "criteria": criteria})
    text = "<p>" + "Les ateliers créent du lien entre les participants du quartier. " * 8 + "</p>"
    narrative = [
        {"key": key, "title": title, "html": text}
        for key, title in (
            ("activities", "Activités évaluées et moyens"),
            ("stakes", "Enjeux et objectifs"),
            ("stakeholders", "Parties prenantes"),
            ("uses", "Utilisations prévues"),
            ("lessons", "Difficultés et enseignements"),
        )
    ]
    return {
        "schema": 1,
        "version": 1,
        "generated_on": "2026-12-01",
        "generated_label": "1 décembre 2026",
        "title": "Bilan 2026",
        "licence": {"code": "CC-BY-SA-4.0", "label": "CC BY-SA 4.0", "url": ""},
        "period": {"start": "2026-01-01", "end": "2026-12-31", "label": "du 1 janvier au 31 décembre 2026"},
        "organisation": {"name": "Structure de mesure", "kind": "Association", "district": "", "description": ""},
        "action": None,
        "narrative": narrative,
        "referentiel": {"version": 1, "registres": registres},
        "public": {"total": 0, "breakdowns": []},
        "questionnaires": [],
        "testimonies": [],
    }


def peak_memory_mb(html: str) -> float:
    from utilite.core.pdf_worker import html_to_pdf

    html_to_pdf(html)
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    django.setup()
    from utilite.core.pdf import html_to_pdf_isolated
    from utilite.fiches.rendering import document_html
    from utilite.fiches.snapshot import for_display

    def render(indicators: int) -> tuple[int, float]:
        html = document_html(for_display(snapshot(indicators)), for_print=True)
        started = time.perf_counter()
        _content, pages = html_to_pdf_isolated(html)
        return pages, time.perf_counter() - started

    started = time.perf_counter()
    render(1)  # the fork server imports WeasyPrint once per worker process: measured apart
    lines = [f"first document of a worker (fork server starting): {time.perf_counter() - started:.2f} s"]
    for wanted in (4, 40):
        # About one indicator (values table included) a page: aim, then adjust.
        indicators = max(1, (wanted - 3) * 2)
        for _attempt in range(3):
            pages, _seconds = render(indicators)
            if abs(pages - wanted) <= 1:
                break
            indicators = max(1, round(indicators * (wanted - 3) / max(1, pages - 3)))
        timings = [render(indicators) for _ in range(3)]
        pages = timings[0][0]
        best = min(seconds for _pages, seconds in timings)
        lines.append(
            f"{pages} pages ({indicators} indicators): {best:.2f} s, {best / pages:.3f} s per page (target <= 0.3)"
        )
        per_page = best / pages
        if wanted == 4:
            small = per_page
        else:
            lines.append(f"per-page ratio 40 / 4 pages: {per_page / small:.2f} (flat: about 1 or less)")
            largest = document_html(for_display(snapshot(indicators)), for_print=True)
    # Peak memory of a whole rendering process, WeasyPrint's import included: an upper bound for
    # a forked child, which shares that import with its fork server.
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        peak = pool.apply(peak_memory_mb, (largest,))
    lines.append(f"peak memory of a process rendering the largest: {peak:.0f} MB (target <= 300)")
    RESULTS.mkdir(exist_ok=True)
    report = "\n".join(lines) + "\n"
    (RESULTS / "fiche_pdf.txt").write_text(report, encoding="utf-8")
    print(report, end="")


if __name__ == "__main__":
    main()
