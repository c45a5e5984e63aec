"""Who may do what with mailings, decided here and nowhere else.

- Anyone: sign up at /subscribe/ (double opt-in), confirm by the emailed link, manage
  their lists and unsubscribe by the signed links in every message (no account needed),
  and read the archive of sent bulletins.
- Signed-in people: the same choices for their account's address, on their account.
- The bounce webhook: whoever holds MAILINGS_BOUNCE_WEBHOOK_SECRET (the mail service).
- Staff (with two-factor, enforced for /staff/ by the middleware): lists, subscribers,
  imports and exports, the suppression list, composing, testing and sending bulletins.
"""

from coalition.core.permissions import staff_required

__all__ = ["staff_required", "can_edit_bulletin"]


def can_edit_bulletin(bulletin) -> bool:
    """Drafts and scheduled bulletins change; once sending starts, the message is frozen."""
    return bulletin.is_editable
