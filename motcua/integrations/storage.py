"""File storage behind Django's storage API (django-storages for S3-compatible object
stores), with the two properties every dossier file needs:

* **content-addressed**: a file is stored under ``<folder>/<sha256><ext>``; the same bytes
  in the same folder are one file, and a name, once written, always holds the same bytes,
  so nothing is ever overwritten;
* **never half-written**: on disk a file is written to a temporary name and linked into
  place only when complete (``AtomicFileSystemStorage``); an S3 object appears only when
  its upload completed. A record is written after its file, so an upload interrupted
  halfway leaves no record pointing at a missing or truncated file.

Knows no app: callers choose the folder (the dossiers use one folder per dossier, so that
a record never points at a file of another dossier).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from typing import Any

from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.utils.deconstruct import deconstructible

CHUNK = 64 * 1024


@deconstructible
class AtomicFileSystemStorage(FileSystemStorage):
    """``FileSystemStorage`` whose files appear complete or not at all: the content goes
    to a temporary file in the target folder, which is then hard-linked to the final name
    (``os.link`` fails rather than replace an existing file) and unlinked."""

    def _save(self, name: str, content: Any) -> str:
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        os.makedirs(directory, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=".part-")
        try:
            with os.fdopen(handle, "wb") as out:
                if hasattr(content, "seek"):
                    try:
                        content.seek(0)
                    except (OSError, ValueError):
                        pass
                for chunk in content.chunks() if hasattr(content, "chunks") else [content.read()]:
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            if self.file_permissions_mode is not None:
                os.chmod(temporary, self.file_permissions_mode)
            while True:
                try:
                    os.link(temporary, full_path)
                    break
                except FileExistsError:
                    name = self.get_available_name(name)
                    full_path = self.path(name)
        finally:
            try:
                os.unlink(temporary)
            except FileNotFoundError:
                pass
        return str(name).replace("\\", "/")


def default_storage_backend() -> Storage:
    return storages["default"]


@dataclass(frozen=True)
class Blob:
    """A stored file: its name in the storage, its digest and size; ``created`` is False
    when the same bytes were already there."""

    name: str
    sha256: str
    size: int
    created: bool


def digest_of(content: Any) -> tuple[str, int]:
    """SHA-256 and size of a Django ``File`` (or bytes), read in chunks."""
    if isinstance(content, bytes | bytearray):
        return hashlib.sha256(content).hexdigest(), len(content)
    digest = hashlib.sha256()
    size = 0
    content.seek(0)
    for chunk in content.chunks(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    content.seek(0)
    return digest.hexdigest(), size


def blob_name(folder: str, sha256: str, extension: str) -> str:
    extension = extension.lower() if extension.startswith(".") else ""
    return f"{folder.strip('/')}/{sha256}{extension[:10]}"


def save_blob(
    folder: str,
    content: Any,
    extension: str,
    *,
    storage: Storage | None = None,
    sha256: str = "",
) -> Blob:
    """Store ``content`` (bytes or a Django ``File``) content-addressed in ``folder``. The
    same bytes already there are not written again; a name is never overwritten."""
    storage = storage or default_storage_backend()
    if isinstance(content, bytes | bytearray):
        content = ContentFile(bytes(content))
    elif not isinstance(content, File):
        content = File(content)
    digest, size = digest_of(content)
    if sha256 and sha256 != digest:
        raise ValueError("the content changed while it was being stored")
    name = blob_name(folder, digest, extension)
    if storage.exists(name):
        return Blob(name, digest, size, created=False)
    content.seek(0)
    saved = storage.save(name, content)
    if saved != name:
        # Another request stored the same bytes at the same moment: theirs is the file,
        # ours (under a variant name) goes.
        storage.delete(saved)
        return Blob(name, digest, size, created=False)
    return Blob(name, digest, size, created=True)


def copy_blob(source_name: str, folder: str, *, storage: Storage | None = None) -> Blob:
    """The file ``source_name`` stored again, content-addressed, in ``folder`` (a reused
    document gets its own copy in its own dossier's folder)."""
    storage = storage or default_storage_backend()
    extension = os.path.splitext(source_name)[1]
    with storage.open(source_name, "rb") as handle:
        data = handle.read()
    return save_blob(folder, data, extension, storage=storage)


def read_blob(name: str, *, storage: Storage | None = None) -> bytes:
    storage = storage or default_storage_backend()
    with storage.open(name, "rb") as handle:
        return bytes(handle.read())
