from allauth.account.signals import email_confirmed
from django.dispatch import receiver

from coalition.members.services import link_person_to_user


@receiver(email_confirmed)
def connect_person_on_verified_email(sender, request, email_address, **kwargs) -> None:
    link_person_to_user(email_address.user, email_address.email)
