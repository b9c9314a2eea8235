"""Where the nightly Find a job file goes: a small adapter, chosen by FINDAJOB_EXPORT_TARGET.

    folder:/var/exports/findajob     written there (atomically: a reader never sees half a file)
    sftp://user@host/upload/path     sent with OpenSSH's sftp in batch mode, with the key and
                                     known_hosts its configuration names
"""

from __future__ import annotations

import os
import subprocess  # noqa: S404 - OpenSSH's sftp, with arguments from settings, never input
import tempfile
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

SFTP_TIMEOUT_SECONDS = 120


class ExportTarget(Protocol):
    def send(self, *, name: str, content: bytes) -> str: ...


class FolderTarget:
    def __init__(self, path: str) -> None:
        self.path = Path(path)

    def send(self, *, name: str, content: bytes) -> str:
        self.path.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=self.path, delete=False, suffix=".part") as part:
            part.write(content)
        final = self.path / name
        os.replace(part.name, final)
        return str(final)


class SftpTarget:
    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        host = str(parts.hostname)
        self.destination = f"{parts.username}@{host}" if parts.username else host
        self.port = str(parts.port or 22)
        self.folder = parts.path or "/"

    def command(self) -> list[str]:
        return ["sftp", "-b", "-", "-P", self.port, "-o", "BatchMode=yes", self.destination]

    def send(self, *, name: str, content: bytes) -> str:
        with tempfile.NamedTemporaryFile(suffix=".xml") as local:
            local.write(content)
            local.flush()
            remote = f"{self.folder.rstrip('/')}/{name}"
            batch = f'put "{local.name}" "{remote}.part"\nrename "{remote}.part" "{remote}"\n'
            subprocess.run(  # noqa: S603
                self.command(), input=batch.encode(), check=True, timeout=SFTP_TIMEOUT_SECONDS,
                capture_output=True,
            )
        return f"sftp://{self.destination}{remote}"


def export_target(setting: str) -> ExportTarget:
    if setting.startswith("sftp://"):
        return SftpTarget(setting)
    if setting.startswith("folder:"):
        return FolderTarget(setting.removeprefix("folder:"))
    raise ValueError(f"FINDAJOB_EXPORT_TARGET must start with folder: or sftp://, not {setting!r}")
