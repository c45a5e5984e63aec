import factory

from coalition.enquiries.models import Enquiry, Introduction


class EnquiryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enquiry

    topic = Enquiry.Topic.FUNDING
    subject = factory.Sequence(lambda n: f"Question {n}")
    message = "How do we respond to a commissioning consultation?"
    name = "Sam Okafor"
    email = factory.Sequence(lambda n: f"asker{n}@example.org")
    consent = True


class IntroductionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Introduction

    requester_name = "Dr Rosa Lind"
    requester_email = "rosa@example.ac.uk"
    requester_role = "researcher"
    reason = "Evidence on commissioning in West Sussex."
    requester_consent = True
