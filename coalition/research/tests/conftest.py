import pytest
from django.test import Client


@pytest.fixture
def signed_in():
    def make(user):
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def researcher_user(db):
    from coalition.research.tests.factories import ResearcherFactory

    return ResearcherFactory().user
