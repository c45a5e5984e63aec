from django import forms

from coalition.core.forms import CoalitionForm, CoalitionModelForm
from coalition.core.models import Theme
from coalition.discussions.models import NotificationPreference, Thread

BODY_HELP = (
    "Markdown: a blank line between paragraphs, **bold**, - for a list. "
    "Name a member organisation with @ and its web name (e.g. @urban-forum) to tell them."
)


class ThreadForm(CoalitionModelForm):
    body = forms.CharField(
        label="Your first post",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=BODY_HELP,
        error_messages={"required": "Write the first post of the discussion."},
    )

    class Meta:
        model = Thread
        fields = ["title", "theme", "visibility", "development", "campaign", "priority"]
        error_messages = {
            "title": {"required": "Give the discussion a title."},
            "theme": {"required": "Choose the theme it belongs to."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visibility"].widget = forms.RadioSelect(choices=Thread.Visibility.choices)
        self.fields["development"].help_text = "If it is about a policy development."
        self.fields["campaign"].help_text = "If it is about a campaign."
        self.fields[
            "priority"
        ].help_text = "If it is about a proposed priority for collective action."
        self.fields["campaign"].queryset = self.fields["campaign"].queryset.filter(
            status__in=("active", "won")
        )


class ReplyForm(CoalitionForm):
    body = forms.CharField(
        label="Your reply",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=BODY_HELP,
        error_messages={"required": "Write your reply before sending it."},
    )
    quoted = forms.IntegerField(widget=forms.HiddenInput, required=False)


class EditPostForm(CoalitionForm):
    body = forms.CharField(
        label="Your post",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=BODY_HELP + " Readers see that the post was edited, and when.",
        error_messages={"required": "A post cannot be empty. Ask staff to remove it instead."},
    )


class ReportForm(CoalitionForm):
    reason = forms.CharField(
        label="What is wrong with this post?",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Tell us what is wrong, so staff can judge."},
    )


class PreferenceForm(CoalitionModelForm):
    class Meta:
        model = NotificationPreference
        fields = ["mode"]
        labels = {"mode": "Email me about discussions I follow"}
        widgets = {"mode": forms.RadioSelect}


class ThreadModerationForm(CoalitionForm):
    action = forms.ChoiceField(
        label="What to do",
        widget=forms.RadioSelect,
        choices=[
            ("lock", "Lock: no more replies"),
            ("unlock", "Unlock"),
            ("move", "Move to another theme"),
            ("remove", "Remove the thread"),
            ("restore", "Restore the thread"),
        ],
        error_messages={"required": "Choose what to do with the thread."},
    )
    theme = forms.ModelChoiceField(
        queryset=Theme.objects.all(), required=False, label="Move to theme"
    )
    reason = forms.CharField(
        max_length=250,
        help_text="Kept in the audit log.",
        error_messages={"required": "Give a reason: it is kept in the audit log."},
    )

    def clean(self):
        data = super().clean()
        if data.get("action") == "move" and not data.get("theme"):
            self.add_error("theme", "Choose the theme to move the thread to.")
        return data


class PostReviewForm(CoalitionForm):
    decision = forms.ChoiceField(
        choices=[("keep", "Keep it (show it again)"), ("remove", "Remove it")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to keep or remove the post."},
    )
    reason = forms.CharField(
        max_length=250,
        help_text="Kept in the audit log.",
        error_messages={"required": "Give a reason: it is kept in the audit log."},
    )
