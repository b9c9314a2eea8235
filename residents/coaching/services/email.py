from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def send_coaching_email(*, template: str, to: str, context: dict) -> None:
    """Send templates/coaching/email/<template>_subject.txt, .txt and .html as one message."""
    context = {**context, "site_url": settings.SITE_URL, "service_name": settings.SERVICE_NAME}
    base = f"coaching/email/{template}"
    subject = " ".join(render_to_string(f"{base}_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{base}.txt", context),
        to=[to],
    )
    message.attach_alternative(render_to_string(f"{base}.html", context), "text/html")
    message.send()
