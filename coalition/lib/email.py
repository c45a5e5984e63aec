"""Build email from templates and send it from a background task.

Every message has a plain-text part; an HTML part is added when the template
exists. Sending is queued after the current transaction commits, so an email
never goes out for a change that was rolled back.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string


def render_email(template_prefix: str, context: dict) -> tuple[str, str, str | None]:
    """Render `<prefix>_subject.txt`, `<prefix>_body.txt` and, if present, `<prefix>_body.html`."""
    context = {"site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
    text = render_to_string(f"{template_prefix}_body.txt", context)
    try:
        html = render_to_string(f"{template_prefix}_body.html", context)
    except TemplateDoesNotExist:
        html = None
    return subject, text, html


def send_message(
    to: list[str],
    subject: str,
    text: str,
    html: str | None = None,
    reply_to: str = "",
    attachments: list[tuple[str, str, str]] | None = None,
) -> None:
    """Send now, in this process. Called by the send_email task.

    `attachments` are (filename, text content, MIME type), e.g. an event's .ics file.
    """
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        reply_to=[reply_to] if reply_to else None,
    )
    if html:
        message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments or ():
        message.attach(filename, content, mimetype)
    message.send()


def queue_email(
    to: str | list[str],
    template_prefix: str,
    context: dict,
    reply_to: str = "",
    attachments: list[tuple[str, str, str]] | None = None,
) -> None:
    """Render now, send from a task once the transaction commits.

    Everything the task needs travels as JSON-safe arguments (attachments as text).
    """
    from coalition.core.tasks import send_email

    recipients = [to] if isinstance(to, str) else list(to)
    subject, text, html = render_email(template_prefix, context)
    files = [list(attachment) for attachment in attachments or ()]
    transaction.on_commit(
        lambda: send_email.enqueue(
            to=recipients,
            subject=subject,
            text=text,
            html=html,
            reply_to=reply_to,
            attachments=files,
        )
    )
