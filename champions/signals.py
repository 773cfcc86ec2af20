from allauth.account.signals import email_confirmed
from django.dispatch import receiver

from core import roles


@receiver(email_confirmed)
def make_verified_members_champions(sender, request, email_address, **kwargs) -> None:
    """Every verified member is a champion."""
    roles.grant_role(email_address.user, roles.CHAMPION)
