import factory

from coalition.discussions.models import Post, Thread
from coalition.members.tests.factories import ThemeFactory


class ThreadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Thread

    title = factory.Sequence(lambda n: f"How are you finding commissioning? {n}")
    theme = factory.SubFactory(ThemeFactory)
    visibility = Thread.Visibility.PUBLIC


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    thread = factory.SubFactory(ThreadFactory)
    author_name = "Urban Forum"
    body = "Our members report contracts replacing grants."
