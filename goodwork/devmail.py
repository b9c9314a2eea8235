"""A development email backend: every message sent becomes one readable .eml file.

`make run` selects it (settings' EMAIL banner, with DJANGO_DEBUG on and no EMAIL_BACKEND in
the environment), so the demo's alerts, reminders and sign-up emails land in `.local/outbox/`
instead of scrolling through the terminal. Open a file in any mail client or text editor.

Why not Django's filebased backend: it opens one file per *connection* and appends every
message sent through it, so a task that sends a batch of alerts over one connection produces
a single file of many messages separated by dashes, which no mail client opens. This backend
writes one RFC 5322 message per file instead, named so that `ls` lists them in the order sent.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.utils.text import slugify


class OutboxEmailBackend(BaseEmailBackend):
    """Write each message to `<EMAIL_FILE_PATH>/<time>-<subject>-<id>.eml`."""

    def __init__(self, *args, file_path: str | os.PathLike | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        path = file_path or getattr(settings, "EMAIL_FILE_PATH", None)
        if not path:
            raise ImproperlyConfigured("OutboxEmailBackend needs EMAIL_FILE_PATH.")
        self.directory = Path(path).resolve()
        if self.directory.exists() and not self.directory.is_dir():
            raise ImproperlyConfigured(f"EMAIL_FILE_PATH {self.directory} is not a directory.")

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        sent = 0
        for message in email_messages:
            if not message.recipients():
                continue
            try:
                self.write(message)
            except Exception:
                if not self.fail_silently:
                    raise
            else:
                sent += 1
        return sent

    def write(self, message: EmailMessage) -> Path:
        """Write one message as a .eml file and return its path."""
        mime = message.message()
        if message.bcc:
            # Django leaves Bcc out of the headers it sends; here it shows who would get a copy.
            mime["Bcc"] = ", ".join(message.bcc)
        data = mime.as_bytes(linesep="\n")
        self.directory.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
        subject = slugify(message.subject)[:60] or "no-subject"
        target = self.directory / f"{stamp}-{subject}-{uuid.uuid4().hex[:8]}.eml"
        # Written under a temporary name and renamed, so a reader never sees half a message;
        # the web server and the worker's processes may write at the same moment.
        fd, partial = tempfile.mkstemp(dir=self.directory, prefix=".", suffix=".part")
        try:
            with os.fdopen(fd, "wb") as stream:
                stream.write(data)
            os.chmod(partial, 0o644)
            os.replace(partial, target)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
        return target
