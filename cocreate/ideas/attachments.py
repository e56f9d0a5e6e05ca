"""Files attached to a mission submission: what is accepted and how it is stored.

A file is recognised by its content, never by its name or the browser's content type: an
image must open with Pillow as PNG, JPEG, GIF or WebP, a PDF must start with ``%PDF-``. It is
stored under a random name (``models.attachment_path``); the uploader's file name is kept
only as data, for the download's suggested name."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from cocreate.core.errors import DomainError

MAX_FILES = 10
IMAGE_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "WEBP": "image/webp"}
PDF_TYPE = "application/pdf"


def max_bytes() -> int:
    return int(getattr(settings, "COCREATE_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024))


@dataclass(frozen=True)
class Sniffed:
    kind: str  # "image" or "pdf"
    content_type: str


def _read_head(upload, size: int) -> bytes:
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def sniff(upload) -> Sniffed | None:
    """What the file really is, from its bytes; None when it is nothing we accept."""
    if _read_head(upload, 5) == b"%PDF-":
        return Sniffed("pdf", PDF_TYPE)
    from PIL import Image, UnidentifiedImageError

    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image.verify()
            fmt = image.format
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    finally:
        upload.seek(0)
    if fmt in IMAGE_TYPES:
        return Sniffed("image", IMAGE_TYPES[fmt])
    return None


def _name(upload) -> str:
    name = (getattr(upload, "name", "") or "file").replace("\\", "/").rsplit("/", 1)[-1]
    return name[:200] or "file"


def attachment_problems(mission, files, *, existing: int = 0) -> list[DomainError]:
    """Every problem of these uploads for a submission to ``mission`` that already has
    ``existing`` files: the type must accept attachments, at most ``MAX_FILES`` in all, each
    within the size limit and of an accepted kind."""
    files = list(files)
    if not files:
        return []
    mtype = mission.type
    if not mtype.accepts_attachments:
        return [DomainError(_("This mission does not take attached files."), code="attachments_not_accepted",
                            params={"field": "files"})]
    problems = []
    if existing + len(files) > MAX_FILES:
        problems.append(DomainError(_("A submission can have at most %(limit)s files (now %(count)s)."),
                                    code="too_many_files",
                                    params={"field": "files", "limit": MAX_FILES, "count": existing + len(files)}))
    limit = max_bytes()
    kinds = set(mtype.attachment_kinds) or {"image", "pdf"}
    for upload in files:
        name = _name(upload)
        if upload.size > limit:
            problems.append(DomainError(
                _("“%(name)s” is %(size)s; files can be at most %(limit)s."), code="file_too_large",
                params={"field": "files", "name": name, "size": filesizeformat(upload.size),
                        "limit": filesizeformat(limit)}))
            continue
        sniffed = sniff(upload)
        if sniffed is None or sniffed.kind not in kinds:
            allowed = (_("images (PNG, JPEG, GIF, WebP) or PDF") if kinds >= {"image", "pdf"}
                       else _("images (PNG, JPEG, GIF, WebP)") if "image" in kinds else _("PDF"))
            problems.append(DomainError(_("“%(name)s” is not an accepted file: attach %(allowed)s."),
                                        code="file_type", params={"field": "files", "name": name,
                                                                  "allowed": allowed}))
    return problems


def attachments_store(idea, files, *, uploaded_by) -> list:
    """Store checked uploads with the idea (call ``attachment_problems`` first)."""
    from .models import Attachment

    stored = []
    for upload in files:
        sniffed = sniff(upload)
        if sniffed is None:  # checked before; a file that changed since is not stored
            raise DomainError(_("“%(name)s” is not an accepted file."), code="file_type",
                              params={"name": _name(upload)})
        upload.seek(0)
        attachment = Attachment(idea=idea, name=_name(upload), content_type=sniffed.content_type,
                                size=upload.size, uploaded_by=uploaded_by)
        attachment.file.save("upload", upload, save=False)
        attachment.save()
        stored.append(attachment)
    return stored


def is_inline(attachment) -> bool:
    """Images are shown in the page; everything else is downloaded."""
    return attachment.content_type in IMAGE_TYPES.values()
