from allauth.account.adapter import DefaultAccountAdapter
from django.db import transaction


class AccountAdapter(DefaultAccountAdapter):
    """Send allauth's emails (verification, password reset) from a task, like all email."""

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        from coalition.core.tasks import send_email

        message = self.render_mail(template_prefix, email, context)
        html = next(
            (
                content
                for content, mimetype in getattr(message, "alternatives", [])
                if mimetype == "text/html"
            ),
            None,
        )
        text = message.body
        if message.content_subtype == "html":
            # allauth rendered only HTML; keep a plain-text part for every message.
            from django.utils.html import strip_tags

            html, text = message.body, strip_tags(message.body)
        payload = {"to": list(message.to), "subject": message.subject, "text": text, "html": html}
        transaction.on_commit(lambda: send_email.enqueue(**payload))
