from django import forms

from coalition.sitesearch.index import KINDS
from coalition.sitesearch.models import Source, lines
from coalition.sitesearch.services import check_address
from coalition.sitesearch.urlnorm import normalise


class SourceForm(forms.ModelForm):
    class Meta:
        model = Source
        fields = [
            "name",
            "organisation",
            "start_urls",
            "allowed_hosts",
            "path_prefixes",
            "excluded_patterns",
            "max_pages",
            "recrawl_hours",
            "enabled",
        ]
        widgets = {
            "start_urls": forms.Textarea(attrs={"rows": 3}),
            "allowed_hosts": forms.Textarea(attrs={"rows": 2}),
            "path_prefixes": forms.Textarea(attrs={"rows": 2}),
            "excluded_patterns": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].required = False
        self.fields["max_pages"].min_value = 1
        self.fields["max_pages"].max_value = 100_000
        self.fields["max_pages"].widget.attrs.update(min=1, max=100_000)
        self.fields["recrawl_hours"].min_value = 1
        self.fields["recrawl_hours"].widget.attrs.update(min=1)
        if self.instance.pk and self.instance.origin == Source.Origin.MEMBER:
            self.fields[
                "start_urls"
            ].help_text += " Changing it stops following the organisation's website address."

    def clean_start_urls(self):
        urls = lines(self.cleaned_data["start_urls"])
        if not urls:
            raise forms.ValidationError("Enter at least one address to start from.")
        if len(urls) > 20:
            raise forms.ValidationError("Enter at most 20 start addresses.")
        problems = []
        normalised = []
        for url in urls:
            normal = normalise(url)
            if normal is None:
                problems.append(f"“{url[:100]}” is not a web address starting http:// or https://.")
                continue
            problem = check_address(normal)
            if problem:
                problems.append(f"{normal} cannot be crawled: {problem}")
            normalised.append(normal)
        if problems:
            raise forms.ValidationError(problems)
        return "\n".join(normalised)

    def clean_allowed_hosts(self):
        hosts = [h.lower().strip("/") for h in lines(self.cleaned_data["allowed_hosts"])]
        for host in hosts:
            if "/" in host or " " in host or not host:
                raise forms.ValidationError(
                    f"“{host[:100]}” is not a host name: write www.example.org, without http://."
                )
        return "\n".join(hosts)

    def clean_path_prefixes(self):
        prefixes = lines(self.cleaned_data["path_prefixes"])
        for prefix in prefixes:
            if not prefix.startswith("/"):
                raise forms.ValidationError(f"“{prefix[:100]}” must start with /, e.g. /reports/.")
        return "\n".join(prefixes)

    def clean(self):
        data = super().clean()
        start = data.get("start_urls")
        hosts = data.get("allowed_hosts")
        if start and hosts:
            from urllib.parse import urlsplit

            outside = [u for u in start.splitlines() if urlsplit(u).netloc not in hosts.split()]
            if outside:
                self.add_error(
                    "allowed_hosts",
                    f"The start address {outside[0]} is not on an allowed host. Add its host.",
                )
        return data

    def save(self, commit=True):
        source = super().save(commit=False)
        if source.origin == Source.Origin.MEMBER and "start_urls" in self.changed_data:
            source.follows_website = False
        if source.next_crawl_at is None:
            from django.utils import timezone

            source.next_crawl_at = timezone.now()
        if commit:
            source.save()
        return source


class SearchForm(forms.Form):
    """Never invalid: a value that makes no sense is dropped, not reported."""

    q = forms.CharField(label="Search for", required=False, strip=True)
    kind = forms.ChoiceField(label="Type", required=False)
    organisation = forms.CharField(required=False)
    theme = forms.CharField(required=False)

    def __init__(self, data=None):
        super().__init__(data)
        self.fields["kind"].choices = [("", "Any type"), *KINDS.items()]

    def params(self) -> dict:
        self.is_valid()
        data = self.cleaned_data
        organisation = (self.data.get("organisation") or "").strip()
        return {
            "q": (self.data.get("q") or "")[:2000],
            "kind": data.get("kind") or "",
            "organisation": organisation
            if organisation.isdigit() and len(organisation) < 12
            else "",
            "theme": (self.data.get("theme") or "")[:80].strip(),
        }
