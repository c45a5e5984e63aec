from django_tasks import task

from coalition.lib.email import send_message


@task()
def send_email(
    to: list[str],
    subject: str,
    text: str,
    html: str | None = None,
    reply_to: str = "",
    attachments: list[list[str]] | None = None,
) -> None:
    send_message(
        to=to,
        subject=subject,
        text=text,
        html=html,
        reply_to=reply_to,
        attachments=[tuple(attachment) for attachment in attachments or ()],
    )
