"""Writes the files of the test corpus, shaped like the files people really have.

    .venv/bin/python tests/corpus/build.py

The files are committed; this script says how each was made. The ODS files are converted by
LibreOffice itself (`soffice --headless`), as a user saving in LibreOffice would.
Session exports follow the layout of the Coop de la médiation numérique's activity export (a block
of export information and filters above the table, one line per beneficiary in a cell).
"""

from __future__ import annotations

import datetime
import shutil
import subprocess  # nosec B404 (LibreOffice, to convert our files as a user would)
import tempfile
from pathlib import Path

import openpyxl

HERE = Path(__file__).parent
COOP_HEADERS = [
    "Date",
    "Type",
    "Nombre de participants",
    "Bénéficiaire",
    "Canaux d’accompagnement",
    "Lieu",
    "Durée (min)",
    "Nom de l’atelier",
    "Matériel numérique utilisé",
    "Thématique(s) d’accompagnement",
    "Nom de la démarche administrative",
    "Niveau d’autonomie du bénéficiaire",
    "Niveau de l’atelier",
    "Le bénéficiaire est-il orienté vers une autre structure ?",
    "Structure de redirection",
    "Commune de résidence du bénéficiaire",
    "Genre du bénéficiaire",
    "Tranche d’âge du bénéficiaire",
    "Statut du bénéficiaire",
    "Notes supplémentaires",
]


def _save(book: openpyxl.Workbook, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def _to_ods(source: Path, target: Path) -> None:
    """LibreOffice converts the file, as a user opening it and saving as ODS would."""
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(  # nosec B603
            ["soffice", "--headless", "--convert-to", "ods", "--outdir", out, str(source)],
            check=True,
            capture_output=True,
            timeout=120,
        )
        shutil.move(Path(out) / f"{source.stem}.ods", target)


def _coop_header_block(sheet, total: int) -> None:
    sheet.append(["Informations export"])
    for row in (
        ["Nom", "Le Goff"],
        ["Prénom", "Maëlle"],
        ["Rôle", "Médiateur numérique"],
        ["Total", total],
        ["Date d’export", "03/12/2026"],
        ["Heure d’export", "09:12"],
        [],
        ["Filtres"],
        ["Période", "01/09/2026 - 30/11/2026"],
        ["Type", "-"],
        [],
    ):
        sheet.append(row)


def coop_export_2026() -> None:
    """The current Coop export: 4 sessions, themes on separate lines, one line per person."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Activités"
    rows = [
        [
            datetime.datetime(2026, 9, 15),
            "Accompagnement individuel",
            1,
            "Anonyme",
            "Lieu d’activité",
            "Médiathèque des Capucins, 29200 Brest",
            20,
            "",
            "Téléphone",
            "E-mail\nPrévention en sécurité numérique",
            "",
            "2/3",
            "",
            "Non",
            "",
            "29200 Brest",
            "Féminin",
            "70 ans ou plus",
            "Retraité(e)",
            "Elle revient la semaine prochaine.",
        ],
        [
            datetime.datetime(2026, 9, 22),
            "Atelier collectif",
            4,
            "Anonyme\nAnonyme\nAnonyme\nAnonyme",
            "Lieu d’activité",
            "Maison de quartier de Bellevue, 29200 Brest",
            90,
            "Découvrir la tablette",
            "Tablette",
            "Prendre en main du matériel\nNavigation sur internet\nCulture numérique",
            "",
            "",
            "1/3",
            "",
            "",
            "-\n-\n-\n-",
            "Féminin\nFéminin\nMasculin\nNon communiqué",
            "60 - 69 ans\n70 ans ou plus\n70 ans ou plus\nNon communiqué",
            "Retraité(e)\nRetraité(e)\nRetraité(e)\nNon communiqué ou hétérogène",
            "",
        ],
        [
            datetime.datetime(2026, 10, 3),
            "Accompagnement individuel",
            1,
            "Anonyme",
            "À distance",
            "",
            45,
            "",
            "Ordinateur",
            "Aide aux démarches administratives\nLogement\nArgent - Impôts",
            "Déclaration de revenus",
            "1/3",
            "",
            "Oui",
            "France services",
            "-",
            "Masculin",
            "40 - 59 ans",
            "Sans emploi",
            "",
        ],
        [
            datetime.datetime(2026, 11, 28),
            "Atelier collectif",
            6,
            "Anonyme\nAnonyme\nAnonyme\nAnonyme\nAnonyme\nAnonyme",
            "Autre lieu",
            "Collège Penn ar C’hleuz, 29200 Brest",
            120,
            "Réseaux sociaux et harcèlement",
            "Ordinateur\nTéléphone",
            "Réseaux sociaux communication\nParentalité\nIntelligence artificielle (IA)",
            "",
            "",
            "2/3",
            "",
            "",
            "-\n-\n-\n-\n-\n-",
            "Féminin\nFéminin\nFéminin\nMasculin\nMasculin\nMasculin",
            "Mineur(e)\nMineur(e)\nMineur(e)\nMineur(e)\nMineur(e)\n25 - 39 ans",
            "Scolarisé(e)\nScolarisé(e)\nScolarisé(e)\nScolarisé(e)\nScolarisé(e)\nEn emploi",
            "",
        ],
    ]
    _coop_header_block(sheet, len(rows))
    sheet.append(COOP_HEADERS)
    for row in rows:
        sheet.append(row)
    for cell in sheet["A"][13:]:
        cell.number_format = "dd/mm/yyyy"
    path = _save(book, HERE / "sessions" / "coop-activites-2026.xlsx")
    _to_ods(path, HERE / "sessions" / "coop-activites-2026-libreoffice.ods")


def coop_export_2024() -> None:
    """An older Coop export: the third type "Démarche administrative", older labels, dates as text."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Activités"
    _coop_header_block(sheet, 3)
    headers = [h for h in COOP_HEADERS if h not in {"Niveau de l’atelier", "Nom de l’atelier"}]
    sheet.append(headers)
    base = dict.fromkeys(headers, "")
    for values in (
        {
            "Date": "12/03/2024",
            "Type": "Démarche administrative",
            "Nombre de participants": 1,
            "Canaux d’accompagnement": "Lieu d’activité",
            "Durée (min)": "1h30",
            "Matériel numérique utilisé": "Ordinateur",
            "Thématique(s) d’accompagnement": "Papiers - Élections - Citoyenneté",
            "Niveau d’autonomie du bénéficiaire": "Entièrement accompagné",
            "Genre du bénéficiaire": "Non communiqué",
            "Tranche d’âge du bénéficiaire": "Non communiqué",
            "Statut du bénéficiaire": "Non communiqué ou hétérogène",
        },
        {
            "Date": "19/03/2024",
            "Type": "Accompagnement individuel",
            "Nombre de participants": 1,
            "Canaux d’accompagnement": "À domicile",
            "Durée (min)": "30",
            "Matériel numérique utilisé": "Tablette",
            "Thématique(s) d’accompagnement": "Prise en main du matériel\nSécurité numérique",
            "Niveau d’autonomie du bénéficiaire": "Partiellement autonome",
            "Genre du bénéficiaire": "Féminin",
            "Tranche d’âge du bénéficiaire": "70 ans et plus",
            "Statut du bénéficiaire": "Retraité",
        },
        {
            "Date": "21/03/2024",
            "Type": "Atelier collectif",
            "Nombre de participants": 3,
            "Canaux d’accompagnement": "Lieu d’activité",
            "Durée (min)": "60",
            "Matériel numérique utilisé": "Pas de matériel",
            "Thématique(s) d’accompagnement": "Culture numérique",
            "Genre du bénéficiaire": "Masculin\nMasculin\nFéminin",
            "Tranche d’âge du bénéficiaire": "18 - 24 ans\n25 - 39 ans\n25 - 39 ans",
            "Statut du bénéficiaire": "Sans emploi\nEn emploi\nScolarisé",
        },
    ):
        sheet.append([{**base, **values}[header] for header in headers])
    _save(book, HERE / "sessions" / "coop-activites-2024.xlsx")


def excel_fr_csv() -> None:
    """What French Excel saves as "CSV (séparateur : point-virgule)": Windows-1252, dd/mm/yyyy."""
    lines = [
        "Suivi des permanences - Résidence Kerbernier;;;;;;",
        "date;durée;type;participants;thèmes;femmes;hommes",
        "02/10/2026;1h30;collectif;8;Santé, E-mail;5;2",
        "09/10/2026;30 min;individuel;1;Aide aux démarches administratives;1;",
        "16/10/2026;45;Atelier collectif;6;Créer avec le numérique | Culture numérique;;",
        ";;;;;;",
    ]
    path = HERE / "sessions" / "excel-fr-point-virgule.csv"
    path.write_bytes("\r\n".join(lines).encode("cp1252") + b"\r\n")


def broken_sessions() -> None:
    """A spreadsheet with broken rows: an impossible date, an unknown theme, too many women."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Date", "Durée (min)", "Type", "Nombre de participants", "Thématiques", "Femmes"])
    sheet.append([datetime.date(2026, 10, 2), 60, "Atelier collectif", 4, "Bureautique", 2])
    sheet.append(["31/02/2026", 60, "Atelier collectif", 4, "", ""])
    sheet.append([datetime.date(2026, 10, 9), 60, "Atelier collectif", 4, "Astrologie", ""])
    sheet.append([datetime.date(2026, 10, 16), 60, "Atelier collectif", 2, "", 3])
    _save(book, HERE / "sessions" / "lignes-cassees.xlsx")


def referentiel_merged() -> None:
    """A référentiel typed by hand: a title row, merged registre and criterion cells, few columns."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Feuille1"
    sheet.append(["Référentiel d’utilité sociale — Association Ty Numérik (2026)"])
    sheet.merge_cells("A1:E1")
    sheet.append([])
    sheet.append(["Registre", "Critère", "Indicateur", "Niveau", "Source"])
    rows = [
        [
            "Lien social",
            "Rompre l’isolement",
            "Nombre de participants aux ateliers",
            "Réalisation",
            "Feuille d’émargement",
        ],
        ["", "", "Part des participants qui se sentent moins seuls", "Résultat", "Questionnaire"],
        ["", "Créer des liens entre habitants", "Rencontres hors atelier", "Impact", "Entretiens"],
        ["Autonomie", "Faire seul ses démarches", "Démarches faites sans aide", "Résultat", "Suivi"],
        ["", "", "Personnes revenues aider les autres", "Impact", ""],
    ]
    for row in rows:
        sheet.append(row)
    sheet.merge_cells("A4:A6")
    sheet.merge_cells("B4:B5")
    sheet.merge_cells("A7:A8")
    sheet.merge_cells("B7:B8")
    path = _save(book, HERE / "referentiels" / "saisi-a-la-main.xlsx")
    _to_ods(path, HERE / "referentiels" / "saisi-a-la-main-libreoffice.ods")
    text = ["Registre;Critère;Indicateur;Niveau"]
    text += [";".join(row[:4]) for row in rows]
    (HERE / "referentiels" / "excel-fr.csv").write_bytes("\r\n".join(text).encode("cp1252"))


def _form(
    name: str, survey: list[list[str]], choices: list[list[str]] | None, settings: list[list[str]] | None
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "survey"
    for row in survey:
        sheet.append(row)
    if choices is not None:
        choice_sheet = book.create_sheet("choices")
        for row in choices:
            choice_sheet.append(row)
    if settings is not None:
        settings_sheet = book.create_sheet("settings")
        for row in settings:
            settings_sheet.append(row)
    _save(book, HERE / "xlsforms" / name)


def xlsforms() -> None:
    kobo_meta = [["start", "start", ""], ["end", "end", ""], ["today", "today", ""], ["deviceid", "deviceid", ""]]
    # 1. KoboToolbox, two languages, groups written with a space, metadata, a note
    _form(
        "kobo-bilingue.xlsx",
        [
            ["type", "name", "label::Français (fr)", "label::English (en)", "hint::Français (fr)", "required"],
            *[[t, n, "", "", "", ""] for t, n, _l in kobo_meta],
            ["note", "intro", "Merci de votre participation.", "Thank you.", "", ""],
            ["begin group", "usages", "Vos usages", "Your uses", "", ""],
            ["select_one oui_non", "ordinateur", "Avez-vous un ordinateur ?", "Do you own a computer?", "", "true"],
            ["integer", "heures", "Combien d’heures par semaine ?", "How many hours a week?", "En tout", ""],
            ["end group", "", "", "", "", ""],
            ["text", "remarque", "Une remarque ?", "Any comment?", "", ""],
        ],
        [
            ["list_name", "name", "label::Français (fr)", "label::English (en)"],
            ["oui_non", "1", "Oui", "Yes"],
            ["oui_non", "0", "Non", "No"],
        ],
        [["form_title", "form_id", "default_language"], ["Usages numériques", "usages", "Français (fr)"]],
    )
    # 2. ODK, English first, French second and no default language: French is chosen
    _form(
        "odk-anglais-puis-francais.xlsx",
        [
            ["type", "name", "label::English", "label::French"],
            ["begin_group", "g1", "About you", "À propos de vous"],
            ["decimal", "distance", "Distance to the place (km)", "Distance jusqu’au lieu (km)"],
            ["end_group", "", "", ""],
        ],
        None,
        None,
    )
    # 3. No choices sheet at all: only free answers
    _form(
        "sans-feuille-choices.xlsx",
        [
            ["type", "name", "label"],
            ["text", "prenom_du_lieu", "Quel lieu fréquentez-vous ?"],
            ["integer", "visites", "Visites ce mois-ci"],
        ],
        None,
        [["form_title"], ["Fréquentation"]],
    )
    # 4. or_other
    _form(
        "choix-ou-autre.xlsx",
        [["type", "name", "label"], ["select_one appareils or_other", "appareil", "Quel appareil utilisez-vous ?"]],
        [
            ["list_name", "name", "label"],
            ["appareils", "telephone", "Téléphone"],
            ["appareils", "ordinateur", "Ordinateur"],
        ],
        None,
    )
    # 5. Types we cannot keep: geopoint, image, date, repeat, calculate
    _form(
        "types-non-pris.xlsx",
        [
            ["type", "name", "label", "calculation"],
            ["begin repeat", "enfants", "Vos enfants", ""],
            ["integer", "age_enfant", "Âge de l’enfant", ""],
            ["end repeat", "", "", ""],
            ["geopoint", "position", "Où êtes-vous ?", ""],
            ["image", "photo", "Une photo ?", ""],
            ["date", "naissance", "Date de naissance", ""],
            ["calculate", "total", "", "${age_enfant} * 2"],
            ["select_one_from_file communes.csv", "commune", "Votre commune", ""],
            ["text", "avis", "Votre avis", ""],
        ],
        None,
        None,
    )
    # 6. Extra columns every real form has: relevant, constraint, appearance, choice_filter
    _form(
        "colonnes-odk.xlsx",
        [
            ["type", "name", "label", "relevant", "constraint", "appearance", "choice_filter", "required_message"],
            ["select_one pays", "pays", "Pays", "", "", "minimal", "", ""],
            ["select_one ville", "ville", "Ville", "${pays} != ''", "", "", "pays=${pays}", ""],
            ["integer", "age", "Âge", "", ". > 0 and . < 120", "", "", "Un âge entre 1 et 119"],
        ],
        [
            ["list_name", "name", "label", "pays"],
            ["pays", "fr", "France", ""],
            ["pays", "be", "Belgique", ""],
            ["ville", "brest", "Brest", "fr"],
            ["ville", "liege", "Liège", "be"],
        ],
        None,
    )
    # 7. A Likert scale 1 to 5 and a yes/no
    _form(
        "echelle-likert.xlsx",
        [
            ["type", "name", "label"],
            ["select_one accord", "confiance", "J’ai confiance en moi face à un écran"],
            ["select_one oui_non", "revenir", "Reviendrez-vous ?"],
        ],
        [
            ["list_name", "name", "label"],
            *[
                ["accord", str(i), label]
                for i, label in enumerate(["Pas du tout", "Plutôt pas", "Moyen", "Plutôt", "Tout à fait"], 1)
            ],
            ["oui_non", "1", "Oui"],
            ["oui_non", "0", "Non"],
        ],
        None,
    )
    # 8. An older form: "list name" with a space, capitalised sheet names and headers
    _form(
        "ancien-list-name.xlsx",
        [["Type", "Name", "Label"], ["select_multiple sujets", "sujets", "Ce qui vous intéresse"]],
        [["list name", "name", "label"], ["sujets", "mail", "Le courriel"], ["sujets", "photos", "Les photos"]],
        None,
    )
    # 9. Only metadata and notes: nothing to keep (refused)
    _form(
        "que-des-metadonnees.xlsx",
        [["type", "name", "label"], *kobo_meta, ["note", "fin", "Merci !"]],
        None,
        None,
    )
    # 10. Broken choices: duplicates, missing labels, a missing list
    _form(
        "choix-abimes.xlsx",
        [
            ["type", "name", "label"],
            ["select_one frequence", "frequence", "À quelle fréquence venez-vous ?"],
            ["select_one inexistante", "autre", "Une liste qui manque"],
            ["text", "nom.avec.points", "Un nom avec des points"],
            ["text", "nom.avec.points", "Le même nom encore"],
        ],
        [
            ["list_name", "name", "label"],
            ["frequence", "semaine", "Chaque semaine"],
            ["frequence", "semaine", "Chaque semaine (doublon)"],
            ["frequence", "mois", ""],
            ["", "annee", "Chaque année"],
        ],
        None,
    )
    # 11. Range and a note before a question (kept as its help)
    _form(
        "range-et-note.xlsx",
        [
            ["type", "name", "label", "parameters"],
            ["note", "consigne", "Répondez sans réfléchir trop longtemps.", ""],
            ["range", "aise", "Votre aisance de 1 à 10", "start=1 end=10 step=1"],
        ],
        None,
        None,
    )


if __name__ == "__main__":
    coop_export_2026()
    coop_export_2024()
    excel_fr_csv()
    broken_sessions()
    referentiel_merged()
    xlsforms()
    print("\n".join(sorted(str(path.relative_to(HERE)) for path in HERE.rglob("*.*") if path.suffix != ".py")))
