"""Who may see and change members' profiles and learning-conversation requests.

Every view gets these objects through `get_profile_for_user` or
`get_conversation_for_user`, so a member gets 404 for what they may not see and 403 for
what they may see but not change (docs/security.md#permissions-404-and-403).
"""

from django.http import HttpRequest

from champions.models import ConversationRequest, Profile
from champions.selectors import conversations_between
from core.access import get_object_for_user


def can_view_profile(user, profile: Profile) -> bool:
    """Its owner; every member, when it is listed; and, whatever its visibility, the
    members its owner has a learning conversation with (asked, or was asked)."""
    if not user.is_authenticated:
        return False
    if profile.user_id == user.pk:
        return True
    if not profile.user.is_active:
        return False
    if profile.is_listed:
        return True
    return conversations_between(user, profile.user_id).exists()


def can_change_profile(user, profile: Profile) -> bool:
    return profile.user_id == user.pk


def get_profile_for_user(request: HttpRequest, pk: int, *, write: bool = False) -> Profile:
    return get_object_for_user(
        Profile.objects.select_related("user", "organisation", "profession"),
        user=request.user,
        can_view=can_view_profile,
        can_change=can_change_profile,
        write=write,
        pk=pk,
    )


def can_view_conversation(user, conversation: ConversationRequest) -> bool:
    return user.pk in (conversation.sender_id, conversation.recipient_id)


def can_answer_conversation(user, conversation: ConversationRequest) -> bool:
    return user.pk == conversation.recipient_id


def get_conversation_for_user(
    request: HttpRequest, pk: int, *, write: bool = False
) -> ConversationRequest:
    return get_object_for_user(
        ConversationRequest.objects.select_related("sender__profile", "recipient__profile"),
        user=request.user,
        can_view=can_view_conversation,
        can_change=can_answer_conversation,
        write=write,
        pk=pk,
    )
