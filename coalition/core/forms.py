from django import forms
from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Render every form with the design system's error summary and field partials."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


class AccessibleFormMixin:
    """Point each invalid input at its error message, so screen readers announce it."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            bound = self[name]
            described = [f"{bound.auto_id}_error"]
            if self.fields[name].help_text:
                described.append(f"{bound.auto_id}_helptext")
            self.fields[name].widget.attrs["aria-describedby"] = " ".join(described)


class CoalitionForm(AccessibleFormMixin, forms.Form):
    pass


class CoalitionModelForm(AccessibleFormMixin, forms.ModelForm):
    pass
