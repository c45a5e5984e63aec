import factory

from coalition.sitesearch.models import Source


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    name = factory.Sequence(lambda n: f"Research library {n}")
    origin = Source.Origin.STAFF
    start_urls = "https://www.example.org/"
    max_pages = 100
