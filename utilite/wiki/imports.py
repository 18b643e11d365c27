"""What a space takes in: a MediaWiki export (Special:Export, XML of any version from 0.3 to
0.11) with every revision of every page, authors matched to the network's people or kept as
names; or minutes written in Word (DOCX, through mammoth) or LibreOffice (ODT, through odfpy)
as a new page. All or nothing, with a French message when the file cannot be read."""

from __future__ import annotations

import datetime
import io
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import mwparserfromhell
from defusedxml import ElementTree
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import text as wikitext
from .models import Page, Space, WikiImport

if TYPE_CHECKING:
    from utilite.accounts.models import User

logger = logging.getLogger(__name__)

MAX_BYTES = 50 * 1024 * 1024
# Namespaces of a MediaWiki that are not articles (older exports have no <ns>).
OTHER_NAMESPACES = re.compile(
    r"^(Fichier|File|Image|Modèle|Template|Catégorie|Category|Utilisateur|User|Discussion|Talk|MediaWiki|Aide|Help|"
    r"Spécial|Special|Portail|Portal|Projet|Project|Module|[^:]* talk|Discussion [^:]*)\s*:",
    re.IGNORECASE,
)


class Unreadable(Exception):
    """The file cannot be taken in; the message says why, in French."""


@dataclass(frozen=True)
class Result:
    message: str
    page: Page | None = None


def run(job: WikiImport) -> WikiImport:
    """The background import: everything or nothing; the file as it came is deleted after."""
    from utilite.core import jobs

    with jobs.running(job):
        try:
            with job.file.open("rb") as handle:
                upload = io.BytesIO(handle.read())
            upload.name, upload.size = job.original_name, len(upload.getvalue())  # type: ignore[attr-defined]
            result = take_in(job.space, upload, user=job.created_by, progress=lambda share: jobs.advance(job, share))
        except Unreadable as error:
            logger.warning("wiki import %s refused: %s", job.pk, error, extra={"space": job.space_id})
            raise jobs.JobFailed(str(error)) from error
        jobs.succeed(job, message=result.message[:300], page=result.page)
    name = job.file.name
    if name:  # imported or refused, the file as it came is not kept
        job.file.storage.delete(name)
        WikiImport.objects.filter(pk=job.pk).update(file="")
    return job


def take_in(space: Space, upload: Any, *, user: User | None, progress: Any = None) -> Result:
    if upload.size and upload.size > MAX_BYTES:
        raise Unreadable(_("The file is too large (50 MB at most)."))
    head = upload.read(512)
    upload.seek(0)
    if head.lstrip().startswith(b"<"):
        return mediawiki(space, upload, user=user, progress=progress)
    if head.startswith(b"PK"):
        return document(space, upload, user=user)
    raise Unreadable(_("Send a MediaWiki export (XML), or a DOCX or ODT document."))


# --- MediaWiki -------------------------------------------------------------------------------


@dataclass
class _Revision:
    at: datetime.datetime
    author: str
    summary: str
    text: str


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(element: Any, name: str) -> Any:
    return next((child for child in element if _local(child.tag) == name), None)


def _text(element: Any, name: str) -> str:
    found = _child(element, name)
    return (found.text or "") if found is not None else ""


def _read_export(upload: Any) -> list[tuple[str, list[_Revision]]]:
    try:
        root = ElementTree.parse(upload).getroot()
    except ElementTree.ParseError as error:
        raise Unreadable(_("This file is not valid XML (%(error)s).") % {"error": error}) from error
    except Exception as error:  # defusedxml refuses entities and external references
        raise Unreadable(
            _("This XML file holds parts Utilité does not read (entities, external references).")
        ) from error
    if _local(root.tag) != "mediawiki":
        raise Unreadable(_("This XML file is not a MediaWiki export (Special:Export)."))
    pages = []
    for element in root:
        if _local(element.tag) != "page":
            continue
        title = " ".join(_text(element, "title").split())
        namespace = _text(element, "ns")
        if not title or (namespace and namespace != "0") or (not namespace and OTHER_NAMESPACES.match(title)):
            continue
        revisions = []
        for item in element:
            if _local(item.tag) != "revision":
                continue
            contributor = _child(item, "contributor")
            author = ""
            if contributor is not None:
                author = _text(contributor, "username") or _text(contributor, "ip")
            try:
                at = datetime.datetime.fromisoformat(_text(item, "timestamp").replace("Z", "+00:00"))
            except ValueError as error:
                raise Unreadable(
                    _("The page « %(title)s » has a revision without a valid date.") % {"title": title}
                ) from error
            revisions.append(_Revision(at, author, _text(item, "comment"), _text(item, "text")))
        if revisions:
            pages.append((title, sorted(revisions, key=lambda revision: revision.at)))
    if not pages:
        raise Unreadable(_("This MediaWiki export holds no article."))
    return pages


@transaction.atomic
def mediawiki(space: Space, upload: Any, *, user: User | None, progress: Any = None) -> Result:
    from utilite.accounts.models import User

    from .services import write_revision

    pages = _read_export(upload)
    taken = set(
        Page.objects.filter(space=space, slug__in=[wikitext.page_slug(title) for title, _r in pages]).values_list(
            "title", flat=True
        )
    )
    if taken:
        raise Unreadable(
            _("These pages already exist in the space: %(titles)s. Rename them first.")
            % {"titles": ", ".join(sorted(taken))}
        )
    people = list(User.objects.filter(memberships__organisation__network_id=space.network_id).distinct())
    names = {wikitext.fold(str(person.full_name)): person for person in people}
    names.update({wikitext.fold(person.email.split("@")[0]): person for person in people})
    count = 0
    for done, (title, revisions) in enumerate(pages):
        if progress is not None and done % 20 == 0:
            progress(10 + 89 * done // len(pages))
        page = Page.objects.create(
            space=space, title=title[:150], slug=wikitext.page_slug(title), updated_at=timezone.now()
        )
        for revision in revisions:
            author = names.get(wikitext.fold(revision.author))
            write_revision(
                page,
                title=title[:150],
                text=to_markdown(revision.text),
                user=author,
                author_name=revision.author if author is None else "",
                summary=revision.summary or _("Imported from MediaWiki"),
                at=revision.at,
            )
            count += 1
    logger.info("wiki space %s: %s MediaWiki pages imported", space.pk, len(pages), extra={"space": space.pk})
    message = ngettext(
        "%(pages)s page imported with its %(revisions)s revisions.",
        "%(pages)s pages imported with their %(revisions)s revisions.",
        len(pages),
    ) % {"pages": len(pages), "revisions": count}
    return Result(message)


def to_markdown(source: str) -> str:
    """Wikitext as Markdown: headings, bold and italics, lists, links between pages (the same
    `[[…]]`), external links; templates and comments are dropped."""
    markers = {"*": "\x01", "#": "\x02"}

    def convert(nodes: Any) -> str:
        out = []
        for node in nodes:
            kind = type(node).__name__
            if kind == "Heading":
                out.append("#" * min(node.level, 6) + " " + convert(node.title.nodes).strip())
            elif kind == "Wikilink":
                target = str(node.title).strip()
                if OTHER_NAMESPACES.match(target):
                    continue
                words = convert(node.text.nodes).strip() if node.text else ""
                out.append(f"[[{target}|{words}]]" if words and words != target else f"[[{target}]]")
            elif kind == "ExternalLink":
                words = convert(node.title.nodes).strip() if node.title else ""
                out.append(f"[{words}]({node.url})" if words else str(node.url))
            elif kind == "Tag":
                markup = str(node.wiki_markup or "")
                inner = convert(node.contents.nodes) if node.contents else ""
                if markup == "'''":
                    out.append(f"**{inner}**")
                elif markup == "''":
                    out.append(f"*{inner}*")
                elif markup in markers:
                    out.append(markers[markup])
                elif markup == "----":
                    out.append("---")
                elif str(node.tag).lower() in {"br"}:
                    out.append("  \n")
                else:
                    out.append(inner)
            elif kind in {"Template", "Comment"}:
                continue
            elif kind == "HTMLEntity":
                out.append(node.normalize())
            else:
                out.append(str(node))
        return "".join(out)

    lines = []
    for line in convert(mwparserfromhell.parse(source or "").nodes).split("\n"):
        match = re.match(r"^([\x01\x02]+)\s*(.*)$", line)
        if match:
            depth = len(match.group(1))
            marker = "- " if match.group(1)[-1] == "\x01" else "1. "
            line = "   " * (depth - 1) + marker + match.group(2)
        lines.append(line.rstrip())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


# --- Word and LibreOffice --------------------------------------------------------------------


@transaction.atomic
def document(space: Space, upload: Any, *, user: User | None) -> Result:
    import zipfile

    from .enums import PageKind
    from .services import Refused, create_page

    data = upload.read()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype").strip() if "mimetype" in names else b""
    except zipfile.BadZipFile as error:
        raise Unreadable(_("This file is damaged: open it in your word processor and save it again.")) from error
    if mimetype == b"application/vnd.oasis.opendocument.text":
        markdown = _odt(data)
    elif "word/document.xml" in names:
        import mammoth

        markdown = mammoth.convert_to_markdown(io.BytesIO(data)).value
        markdown = re.sub(r"\\([.()\-!])", r"\1", markdown)  # mammoth escapes more than needed
    else:
        raise Unreadable(_("Send a DOCX (Word) or ODT (LibreOffice) document."))
    title = Path(getattr(upload, "name", "") or "").stem.replace("_", " ").strip() or _("Imported document")
    heading = re.search(r"^#+\s+(.+)$", markdown, re.MULTILINE)
    if heading:
        title = heading.group(1).strip("* ")
    kind = PageKind.MINUTES if re.search(r"compte[- ]rendu|r[ée]union", wikitext.fold(title)) else PageKind.PAGE
    try:
        page = create_page(
            space=space,
            title=title[:150],
            kind=kind,
            text=markdown.strip() + "\n",
            user=user,
            summary=_("Imported from %(name)s") % {"name": getattr(upload, "name", "")},
        )
    except Refused as refusal:
        raise Unreadable(str(refusal)) from refusal
    return Result(_("The document is now a page of the space: read it again, then save."), page)


def _odt(data: bytes) -> str:
    from odf import teletype
    from odf.namespaces import TEXTNS
    from odf.opendocument import load

    try:
        document = load(io.BytesIO(data))
    except Exception as error:  # odfpy raises many kinds for a damaged file
        raise Unreadable(_("This file is damaged: open it in your word processor and save it again.")) from error
    out: list[str] = []

    def walk(element: Any, depth: int = 0) -> None:
        for child in element.childNodes:
            qname = getattr(child, "qname", None)
            if qname == (TEXTNS, "h"):
                level = int(child.getAttribute("outlinelevel") or 1)
                out.extend([f"{'#' * min(level + 1, 6)} {teletype.extractText(child).strip()}", ""])
            elif qname == (TEXTNS, "p"):
                text = teletype.extractText(child).strip()
                if text and depth:
                    out.append("   " * (depth - 1) + "- " + text)
                elif text:
                    out.extend([text, ""])
            elif qname == (TEXTNS, "list"):
                walk(child, depth + 1)
                out.append("")
            elif getattr(child, "childNodes", None):
                walk(child, depth)

    walk(document.text)
    return "\n".join(out)
