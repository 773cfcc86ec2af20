"""This app's providers for the personal-data registry (`core.personaldata`):
what "Download my data" contains about the account, the profile, learning conversations
and emails, and how "Delete my account" removes them. Registered in `ChampionsConfig.ready`.
"""

from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from champions.models import FORMER_MEMBER, ConversationRequest, Profile, User
from champions.selectors import conversations_for
from core import outbox, personaldata, roles
from core.models import OutgoingEmail


def _addresses(user: User) -> set[str]:
    return {user.email, *EmailAddress.objects.filter(user=user).values_list("email", flat=True)}


def export_account(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "date_joined": user.date_joined,
        "last_sign_in": user.last_login,
        "roles": sorted(roles.role_names(user)),
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "two_step_verification": sorted(
            Authenticator.objects.filter(user=user).values_list("type", flat=True)
        ),
    }


def export_profile(user: User) -> dict[str, Any] | None:
    profile = (
        Profile.objects.select_related("organisation", "profession")
        .prefetch_related("clinical_areas", "skills_to_teach", "skills_to_learn", "networks")
        .filter(user=user)
        .first()
    )
    if profile is None:
        return None
    return {
        "display_name": profile.display_name,
        "kind": profile.get_kind_display(),
        "organisation": profile.organisation.name if profile.organisation else None,
        "sector": profile.organisation.get_sector_display() if profile.organisation else None,
        "organisation_hidden_from_members": profile.hide_organisation,
        "profession": profile.profession.name if profile.profession else None,
        "job_title": profile.job_title,
        "bio": profile.bio,
        "clinical_areas": [area.name for area in profile.clinical_areas.all()],
        "skills_i_can_teach": [skill.name for skill in profile.skills_to_teach.all()],
        "skills_i_want_to_learn": [skill.name for skill in profile.skills_to_learn.all()],
        "networks": [
            {"network": membership.get_network_display(), "cohort_year": membership.cohort_year}
            for membership in profile.networks.all()
        ],
        "improvement_training": profile.get_trainings_display(),
        "digest_frequency": profile.get_digest_frequency_display(),
        "who_can_see_my_profile": profile.get_visibility_display(),
        "completed_at": profile.completed_at,
        "created_at": profile.created_at,
        "updated_at": profile.updated_at,
    }


def export_conversations(user: User) -> list[dict[str, Any]]:
    exported = []
    for conversation in conversations_for(user):
        sent = conversation.sender_id == user.pk
        other = conversation.recipient if sent else conversation.sender
        exported.append(
            {
                "direction": "sent" if sent else "received",
                "with": other.display_name,
                "their_email": other.email if conversation.is_accepted else None,
                "skill": conversation.skill.name if conversation.skill else None,
                "topic": conversation.topic,
                "message": conversation.message,
                "status": conversation.get_status_display(),
                "created_at": conversation.created_at,
                "answered_at": conversation.responded_at,
            }
        )
    return exported


def export_emails(user: User) -> list[dict[str, Any]]:
    return [
        {
            "to": email.to,
            "subject": email.subject,
            "kind": email.kind,
            "status": email.get_status_display(),
            "created_at": email.created_at,
            "sent_at": email.sent_at,
            "text": email.text,
        }
        for email in OutgoingEmail.objects.filter(to__in=_addresses(user)).order_by("created_at")
    ]


def erase_conversations(user: User) -> None:
    """Requests are private to the two members; both lose them, with the emails about them."""
    conversations = ConversationRequest.objects.filter(Q(sender=user) | Q(recipient=user))
    OutgoingEmail.objects.filter(
        outbox.related_to(ConversationRequest, conversations.values_list("pk", flat=True))
    ).delete()
    conversations.delete()


def erase_emails(user: User) -> None:
    OutgoingEmail.objects.filter(to__in=_addresses(user)).delete()


def erase_profile(user: User) -> None:
    """The profile (with its lists and networks), and the admin history's names for it."""
    profile_ids = [str(pk) for pk in Profile.objects.filter(user=user).values_list("pk", flat=True)]
    LogEntry.objects.filter(
        Q(content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk))
        | Q(content_type=ContentType.objects.get_for_model(Profile), object_id__in=profile_ids)
        | Q(object_repr__icontains=user.email)
    ).update(object_repr=FORMER_MEMBER)
    Profile.objects.filter(user=user).delete()


def register() -> None:
    personaldata.register_exporter("account", export_account)
    personaldata.register_exporter("profile", export_profile)
    personaldata.register_exporter("learning_conversations", export_conversations)
    personaldata.register_exporter("emails_sent_to_me", export_emails)
    personaldata.register_eraser("champions.learning_conversations", erase_conversations)
    personaldata.register_eraser("champions.emails", erase_emails)
    personaldata.register_eraser("champions.profile", erase_profile)
