"""Writes about members that span rows or send email."""

from datetime import datetime, timedelta
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date

from champions.models import ConversationRequest, Network, NetworkMembership, Profile, Skill, User
from core import personaldata
from core.errors import ServiceError
from core.outbox import outgoing_email_create_from_templates

REQUESTS_PER_DAY = 10

PROFILE_FIELDS = (
    "display_name",
    "kind",
    "organisation",
    "hide_organisation",
    "profession",
    "job_title",
    "bio",
    "trainings",
    "other_training",
    "digest_frequency",
    "visibility",
)
PROFILE_LISTS = ("clinical_areas", "skills_to_teach", "skills_to_learn")


def profile_update(*, user: User, data: dict[str, Any], networks: dict[str, int | None]) -> Profile:
    """Save the member's answers: the profile, its reference lists, and their networks
    (`{network: cohort_year}`). The first save marks the profile complete."""
    with transaction.atomic():
        profile, _ = Profile.objects.select_for_update().get_or_create(user=user)
        for name in PROFILE_FIELDS:
            setattr(profile, name, data[name])
        if profile.completed_at is None:
            profile.completed_at = timezone.now()
        profile.save()
        for name in PROFILE_LISTS:
            getattr(profile, name).set(data[name])
        profile.networks.exclude(network__in=list(networks)).delete()
        for network, cohort_year in networks.items():
            NetworkMembership.objects.update_or_create(
                profile=profile,
                network=network,
                defaults={"cohort_year": cohort_year if network == Network.PLCP else None},
            )
    return profile


def digest_frequency_update(*, profile: Profile, frequency: str) -> Profile:
    """How often the member gets the digest (the preferences page, or "never" from an
    unsubscribe link)."""
    profile.digest_frequency = frequency
    profile.save(update_fields=["digest_frequency", "updated_at"])
    return profile


def _absolute(url_name: str, *args: object) -> str:
    return settings.SITE_URL + reverse(url_name, args=args)


def _refuse_over_the_daily_limit(sender: User, now: datetime) -> None:
    recent = list(
        ConversationRequest.objects.filter(sender=sender, created_at__gt=now - timedelta(days=1))
        .order_by("created_at")
        .values_list("created_at", flat=True)
    )
    if len(recent) >= REQUESTS_PER_DAY:
        allowed_again = timezone.localtime(recent[-REQUESTS_PER_DAY] + timedelta(days=1))
        raise ServiceError(
            f"You have asked {len(recent)} people for a learning conversation in the last 24 "
            f"hours, which is the most the network allows. You can ask again after "
            f"{format_date(allowed_again, 'H:i \\o\\n l j F')}."
        )


def conversation_request_create(
    *, by: User, recipient: User, skill: Skill | None, topic: str, message: str
) -> ConversationRequest:
    """`by` asks `recipient` for a learning conversation, and they are emailed about it.

    Refused, with a message for the sender, when they already have an open request to
    the same person or have reached `REQUESTS_PER_DAY` in the last 24 hours.
    """
    if by.pk == recipient.pk:
        raise ServiceError("You cannot ask yourself for a learning conversation.")
    now = timezone.now()
    try:
        with transaction.atomic():
            # One request at a time per sender, so two at once cannot both slip under the limit.
            User.objects.select_for_update().filter(pk=by.pk).first()
            if ConversationRequest.objects.filter(
                sender=by, recipient=recipient, status=ConversationRequest.Status.OPEN
            ).exists():
                raise ServiceError(_already_asked(recipient))
            _refuse_over_the_daily_limit(by, now)
            conversation = ConversationRequest.objects.create(
                sender=by,
                recipient=recipient,
                skill=skill,
                topic=topic,
                message=message,
                created_at=now,
            )
            outgoing_email_create_from_templates(
                to=recipient.email,
                template="champions/emails/conversation_request",
                context={
                    "conversation": conversation,
                    "sender_name": by.display_name,
                    "recipient_name": recipient.display_name,
                    "conversations_url": _absolute("champions:conversations"),
                    "sender_url": _absolute("champions:profile", by.profile.pk),
                },
                kind="champions.conversation_request",
                related=conversation,
                idempotency_key=f"champions.conversation_request:{conversation.pk}",
            )
    except IntegrityError as error:  # the one-open-request constraint, in a race
        raise ServiceError(_already_asked(recipient)) from error
    return conversation


def _already_asked(recipient: User) -> str:
    return (
        f"You have already asked {recipient.display_name} for a learning conversation. "
        "You can ask again once they have answered."
    )


def conversation_request_answer(
    *, conversation: ConversationRequest, accept: bool
) -> ConversationRequest:
    """The recipient accepts or declines. On acceptance the sender is emailed the
    recipient's address, and each can see the other's from then on."""
    with transaction.atomic():
        locked = ConversationRequest.objects.select_for_update().get(pk=conversation.pk)
        if not locked.is_open:
            raise ServiceError(
                f"You have already {locked.get_status_display().lower()} this request."
            )
        locked.status = (
            ConversationRequest.Status.ACCEPTED if accept else ConversationRequest.Status.DECLINED
        )
        locked.responded_at = timezone.now()
        locked.save(update_fields=["status", "responded_at"])
        if accept:
            outgoing_email_create_from_templates(
                to=conversation.sender.email,
                template="champions/emails/conversation_accepted",
                context={
                    "conversation": locked,
                    "sender_name": conversation.sender.display_name,
                    "recipient_name": conversation.recipient.display_name,
                    "recipient_email": conversation.recipient.email,
                    "conversations_url": _absolute("champions:conversations"),
                },
                kind="champions.conversation_accepted",
                related=locked,
                idempotency_key=f"champions.conversation_accepted:{locked.pk}",
            )
    return locked


def account_delete(*, user: User) -> None:
    """Erase the member: every app's personal data (through the registry), then the
    account itself, which stays as an anonymised row so that shared contributions keep
    their author, shown as "Former member". See docs/security.md#data-export-and-erasure."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        personaldata.personal_data_erase(user)
        EmailAddress.objects.filter(user=user).delete()
        Authenticator.objects.filter(user=user).delete()
        _delete_sessions(user)
        user.groups.clear()
        user.user_permissions.clear()
        user.email = f"erased-member-{user.pk}"  # not an address: nothing can be sent to it
        user.set_unusable_password()
        user.is_active = user.is_staff = user.is_superuser = False
        user.last_login = None
        user.erased_at = timezone.now()
        user.save()


def _delete_sessions(user: User) -> None:
    """Sessions are signed blobs, so the member's are found by decoding the live ones."""
    member_id = str(user.pk)
    stale = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator(
            chunk_size=2000
        )
        if session.get_decoded().get("_auth_user_id") == member_id
    ]
    Session.objects.filter(pk__in=stale).delete()
