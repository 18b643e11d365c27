"""The network's wiki as its people use it: a working group of two structures co-writes minutes
(edits merged, or the second writer sees both texts), keeps every revision, restores one,
tracks the actions of its minutes, searches without accents; outsiders get 404 everywhere."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import client_for
from tests.wiki.conftest import url
from utilite.wiki import reads, services
from utilite.wiki import text as wikitext
from utilite.wiki.models import ActionItem, Page, Revision, WikiExport

pytestmark = pytest.mark.django_db


MINUTES = """**Date :** 03/12/2026

## Ordre du jour

1. Le repas partagé

## Décisions

- On le fait le premier jeudi du mois.

## Actions

- [ ] Anne Autre : réserver la salle (pour le 15/12/2026)
- [ ] Bérénice Admin : écrire aux bénévoles
"""


def test_two_members_co_write_minutes_merged_or_resolved_and_nothing_is_lost(world, group):
    page = services.create_page(space=group, title="Réunion du 3 décembre", kind="minutes", user=world.admin_b)
    assert "## Ordre du jour" in page.text  # the template of minutes
    anne, berenice = client_for(world.member_a), client_for(world.admin_b)
    edit = url("edit", group, page.slug)
    assert (
        berenice.post(edit, {"title": page.title, "text": MINUTES, "base": 1, "summary": "Trame"}).status_code == 302
    )
    # Both open revision 2; Bérénice saves first, Anne changes another line: both edits are kept.
    berenice.post(
        edit, {"title": page.title, "text": MINUTES.replace("Le repas partagé", "Le repas de janvier"), "base": 2}
    )
    mine = MINUTES.replace("On le fait le premier jeudi du mois.", "On le fait le premier jeudi, à midi.")
    response = anne.post(edit, {"title": page.title, "text": mine, "base": 2}, follow=True)
    assert "avec les modifications de Bérénice Admin" in response.content.decode()
    page.refresh_from_db()
    assert "Le repas de janvier" in page.text
    assert "à midi" in page.text
    # Now both change the same line: the second writer sees both texts, nothing is saved.
    base = page.version
    berenice.post(
        edit, {"title": page.title, "text": page.text.replace("## Décisions", "## Décisions prises"), "base": base}
    )
    conflict = anne.post(
        edit, {"title": page.title, "text": page.text.replace("## Décisions", "## Ce qu'on a décidé"), "base": base}
    )
    assert conflict.status_code == 409
    text = conflict.content.decode()
    assert "## Décisions prises" in text
    assert "Ce qu&#x27;on a décidé" in text
    page.refresh_from_db()
    assert "Ce qu'on a décidé" not in page.text
    assert f'name="base" value="{page.version}"' in text  # saving again now goes through
    resolved = page.text.replace("## Décisions prises", "## Décisions prises ensemble")
    assert anne.post(edit, {"title": page.title, "text": resolved, "base": page.version}).status_code == 302
    page.refresh_from_db()
    assert "Décisions prises ensemble" in page.text
    history = berenice.get(url("history", group, page.slug)).content.decode()
    assert "Anne Autre" in history
    assert "Bérénice Admin" in history
    assert sorted(Revision.objects.filter(page=page).values_list("number", flat=True)) == list(
        range(1, page.version + 1)
    )


def test_edits_of_different_lines_merge_and_the_same_line_conflicts():
    base = "un\ndeux\ntrois\nquatre\n"
    assert (
        wikitext.merge(base, "UN\ndeux\ntrois\nquatre\n", "un\ndeux\ntrois\nQUATRE\n") == "UN\ndeux\ntrois\nQUATRE\n"
    )
    assert wikitext.merge(base, "un\nDEUX\ntrois\nquatre\n", "un\nZWEI\ntrois\nquatre\n") is None


def test_restoring_revision_1_writes_a_new_revision_and_the_comparison_is_word_by_word(world, group):
    page = services.create_page(space=group, title="Projet jardin", text="Un jardin partagé.\n", user=world.admin_b)
    services.save_page(page, text="Un grand jardin partagé, ouvert le samedi.\n", base=1, user=world.member_a)
    client = client_for(world.member_a)
    compare = client.get(url("compare", group, page.slug), {"de": 1, "a": 2}).content.decode()
    assert re.search(r"<ins>[^<]*grand[^<]*</ins>", compare)
    assert "<del>" not in compare.split('class="wiki-compare"')[1].split("</div>")[0]
    assert client.post(url("restore", group, page.slug, 1)).status_code == 302
    page.refresh_from_db()
    assert (page.version, page.text) == (3, "Un jardin partagé.\n")
    assert page.revisions.get(number=3).summary == "Révision 1 rétablie"


def test_links_to_missing_pages_create_them_in_one_click(world, group):
    services.create_page(space=group, title="Charte du groupe", text="", user=world.admin_b)
    page = services.create_page(
        space=group,
        title="Accueil",
        text="Lire [[Charte du groupe]] et [[Repas partagé|le repas]].\n",
        user=world.admin_b,
    )
    html = str(reads.page_html(page))
    assert f'href="{url("page", group, "charte-du-groupe")}"' in html
    assert f'href="{url("new_page", group)}?titre=Repas partagé"' in html
    assert "wikilink--missing" in html
    client = client_for(world.member_a)
    form = client.get(url("new_page", group), {"titre": "Repas partagé"}).content.decode()
    assert 'value="Repas partagé"' in form
    assert client.post(url("new_page", group), {"title": "Repas partagé", "kind": "page"}).status_code == 302
    assert "wikilink--missing" not in str(reads.page_html(page))


def test_actions_of_minutes_are_tracked_and_ticking_one_off_is_in_the_history(world, group):
    page = services.create_page(
        space=group, title="Réunion de décembre", kind="minutes", text=MINUTES, user=world.admin_b
    )
    actions = {action.who: action for action in ActionItem.objects.all()}
    assert actions["Anne Autre"].assignee == world.member_a
    assert actions["Anne Autre"].due == datetime.date(2026, 12, 15)
    assert actions["Anne Autre"].what == "réserver la salle"
    listing = client_for(world.member_a).get(url("actions", group)).content.decode()
    assert "réserver la salle" in listing
    assert "écrire aux bénévoles" in listing
    home = client_for(world.member_a).get(reverse("home:home")).content.decode()
    assert "réserver la salle" in home  # on the home page of the person who has to do it
    client_for(world.member_a).post(url("tick", group, page.slug, actions["Anne Autre"].pk), {"retour": "actions"})
    page.refresh_from_db()
    assert "- [x] Anne Autre : réserver la salle" in page.text
    assert page.revisions.first().summary == "Action faite : réserver la salle"
    assert ActionItem.objects.get(who="Anne Autre").done
    assert "réserver la salle" not in client_for(world.member_a).get(url("actions", group)).content.decode()


def test_search_ignores_accents_and_case(world, group):
    services.create_page(
        space=group, title="Réunion de l'équipe", text="On parle du Café numérique.\n", user=world.admin_b
    )
    services.create_page(space=group, title="Autre chose", text="Rien à voir.\n", user=world.admin_b)
    found = reads.search(reads_spaces(world, group), "reunion EQUIPE")
    assert [page.title for page in found] == ["Réunion de l'équipe"]
    assert [page.title for page in reads.search(reads_spaces(world, group), "cafe")] == ["Réunion de l'équipe"]
    page = client_for(world.member_a).get(url("space", group), {"q": "réunion"}).content.decode()
    assert "Réunion de l&#x27;équipe" in page
    outsider = client_for(world.outsider).get(reverse("wiki:index", args=[world.network.slug]), {"q": "reunion"})
    assert outsider.status_code == 404


def reads_spaces(world, group):
    from utilite.wiki.models import Space

    return Space.objects.filter(pk=group.pk)


def test_minutes_validated_show_what_changed_after(world, group):
    page = services.create_page(space=group, title="Réunion", kind="minutes", text=MINUTES, user=world.admin_b)
    client = client_for(world.admin_b)
    client.post(url("validate", group, page.slug))
    services.save_page(page, text=MINUTES + "\nAjout après coup.\n", base=1, user=world.admin_b)
    shown = client.get(url("page", group, page.slug)).content.decode()
    assert "Validé le" in shown
    assert "ce qui a changé après la validation" in shown


def test_the_timeline_counts_the_work_month_by_month_by_structure(world, group):
    services.create_page(space=group, title="Réunion", kind="minutes", text=MINUTES, user=world.admin_b)
    page = services.create_page(space=group, title="Projet", kind="project", user=world.member_a)
    services.save_page(page, text="Un projet.\n", base=1, user=world.member_a)
    services.tick(ActionItem.objects.get(who="Anne Autre"), user=world.member_a)
    [month] = reads.timeline(group)
    assert (month.pages, month.minutes, month.revisions, month.actions_opened, month.actions_done) == (2, 1, 4, 2, 1)
    assert month.by_structure == {"Structure A": 3, "Structure B": 1}
    assert "Structure A (3)" in client_for(world.admin_b).get(url("timeline", group)).content.decode()


def test_a_member_outside_the_space_gets_404_everywhere(world, group):
    page = services.create_page(space=group, title="Réunion", text="Secret du groupe.\n", user=world.admin_b)
    from django.core.files.base import ContentFile

    attachment = services.attach(
        page,
        upload=ContentFile(b"%PDF-1.4 test", name="cr.pdf"),
        name="cr.pdf",
        content_type="application/pdf",
        user=world.admin_b,
    )
    export = WikiExport.objects.create(space=group, format="zip", name="w.zip", file=ContentFile(b"PK", name="w.zip"))
    urls = [
        url("space", group),
        url("page", group, page.slug),
        url("edit", group, page.slug),
        url("history", group, page.slug),
        url("compare", group, page.slug) + "?de=1&a=1",
        url("revision", group, page.slug, 1),
        url("attachment", group, page.slug, attachment.pk),
        url("export_page", group, page.slug, "md"),
        url("export_page", group, page.slug, "odt"),
        url("export_status", group, export.pk),
        url("export_download", group, export.pk),
        url("actions", group),
        url("timeline", group),
    ]
    stranger = client_for(world.membership_b.user)  # of structure B, but not of the group
    for address in urls:
        assert stranger.get(address).status_code == 404, address
    assert stranger.post(url("export_space", group)).status_code == 404
    assert stranger.post(url("export_pdf", group, page.slug)).status_code == 404
    assert client_for(world.member_a).get(urls[1]).status_code == 200
    assert client_for(world.coordinator).get(urls[1]).status_code == 200  # the network's coordinators run its groups
    public = reverse("wiki_public:page", args=[world.network.slug, group.slug, page.slug])
    assert client_for(None).get(public).status_code == 404
    services.set_public(page, public=True, licence="CC-BY-SA-4.0")
    assert "Secret du groupe." in client_for(None).get(public).content.decode()


def test_the_page_history_and_search_run_the_same_queries_at_10_and_1000_pages(
    world, group, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    page = services.create_page(space=group, title="Réunion", kind="minutes", text=MINUTES, user=world.admin_b)
    client = client_for(world.member_a)

    def counts():
        result = []
        for address in (
            url("space", group),
            url("page", group, page.slug),
            url("history", group, page.slug),
            url("space", group) + "?q=reunion",
            url("actions", group),
            url("changes", group),
            reverse("wiki:index", args=[world.network.slug]),
        ):
            client.get(address)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(address).status_code == 200
            result.append(len(queries))
        return result

    for number in range(9):
        services.create_page(space=group, title=f"Page {number}", text="Réunion.\n", user=world.admin_b)
    small = counts()
    for number in range(500):
        services.save_page(page, text=MINUTES + f"\nLigne {number}\n", base=page.version, user=world.admin_b)
        page.refresh_from_db()
    now = page.updated_at
    made = Page.objects.bulk_create(
        Page(
            space=group,
            title=f"Page en masse {number}",
            slug=f"masse-{number}",
            text="Réunion.",
            search_text="reunion.",
            updated_at=now,
        )
        for number in range(990)
    )
    Revision.objects.bulk_create(
        Revision(page=item, space=group, number=1, title=item.title, text=item.text, created_at=now) for item in made
    )
    assert Page.objects.count() == 1000
    assert page.revisions.count() > 500
    assert counts() == small


def test_followers_get_a_daily_digest_without_their_own_changes(world, group, mailoutbox):
    from utilite.wiki.digest import send_digests

    page = services.create_page(space=group, title="Réunion", text="Début.\n", user=world.admin_b)
    services.watch(world.member_a, group)
    services.watch(world.admin_b, group, page)
    services.save_page(page, text="Suite.\n", base=1, user=world.member_a, summary="Ajout de la suite")
    assert send_digests() == 2
    by_person = {message.to[0]: message for message in mailoutbox}
    anne = by_person[world.member_a.email].body
    assert "Réunion (Isolement social) · Bérénice Admin" in anne  # her own change is left out
    assert "Ajout de la suite" not in anne
    assert "Ajout de la suite" in by_person[world.admin_b.email].body
    assert f"/reseaux/{world.network.slug}/wiki/isolement-social/p/reunion/" in anne
    services.remove_member(group, world.member_a)
    mailoutbox.clear()
    send_digests()
    assert world.member_a.email not in {message.to[0] for message in mailoutbox}  # no longer in the group


def test_the_networks_evaluation_shows_the_work_of_the_wiki(world, group):
    services.create_page(space=group, title="Réunion", kind="minutes", text=MINUTES, user=world.admin_b)
    page = client_for(world.coordinator).get(reverse("commons:evaluation", args=[world.network.slug])).content.decode()
    assert "Le travail écrit dans le wiki cette année" in page


def test_the_timeline_of_a_space_becomes_an_annex_of_a_fiche_and_stays_in_its_published_version(world, group):
    from utilite.fiches import services as fiches
    from utilite.fiches.models import Fiche

    services.create_page(space=group, title="Réunion", kind="minutes", text=MINUTES, user=world.admin_b)
    today = timezone.localdate()
    mine = fiches.create_fiche(
        organisation=world.org_b,
        user=world.admin_b,
        title="Bilan de l'année",
        period_start=today.replace(month=1, day=1),
        period_end=today.replace(month=12, day=31),
    )
    theirs = fiches.create_fiche(
        organisation=world.org_a,
        user=world.member_a,
        title="Bilan de A",
        period_start=today.replace(month=1, day=1),
        period_end=today.replace(month=12, day=31),
    )
    timeline = url("timeline", group)
    berenice = client_for(world.admin_b)
    page = berenice.get(timeline).content.decode()
    assert "Bilan de l&#x27;année" in page
    assert "Bilan de A" not in page  # only the fiches of one's own structures
    assert berenice.post(timeline, {"fiche": theirs.pk}).status_code == 200
    assert berenice.post(timeline, {"fiche": mine.pk}).status_code == 302
    shown = berenice.get(reverse("fiches:detail", args=[world.org_b.slug, mine.pk])).content.decode()
    assert "Chronologie du travail · Isolement social" in shown
    assert "Structure B (1)" in shown
    published = fiches.publish(Fiche.objects.get(pk=mine.pk), world.admin_b)
    [annex] = published.snapshot["annexes"]
    assert annex["rows"][0][2] == "1"  # one minutes, frozen in the published version
