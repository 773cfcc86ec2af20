import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from champions.models import User
from core import roles
from core.access import get_object_for_user, role_required

pytestmark = pytest.mark.django_db


def test_the_roles_exist_as_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Champion", "Facilitator", "System leader",
    }  # fmt: skip


def test_role_helpers(champion, facilitator, system_leader):
    assert roles.is_champion(champion)
    assert not roles.is_facilitator(champion)
    assert roles.is_facilitator(facilitator)
    assert not roles.is_system_leader(facilitator)
    assert roles.is_system_leader(system_leader)


def test_role_names_are_loaded_once_per_user(champion, django_assert_num_queries):
    user = User.objects.get(pk=champion.pk)
    with django_assert_num_queries(1):
        roles.is_champion(user)
        roles.is_facilitator(user)
        roles.is_system_leader(user)


def test_anonymous_visitors_have_no_roles():
    from django.contrib.auth.models import AnonymousUser

    assert roles.role_names(AnonymousUser()) == frozenset()


def test_granting_a_role(champion):
    roles.grant_role(champion, roles.FACILITATOR)
    assert roles.is_facilitator(champion)
    with pytest.raises(ValueError, match="Unknown role"):
        roles.grant_role(champion, "Overlord")


def can_view(user, obj):
    return obj.pk == user.pk or roles.is_facilitator(user)


def can_change(user, obj):
    return obj.pk == user.pk


def test_access_helper_gives_404_to_those_who_may_not_see(champion, other_champion):
    with pytest.raises(Http404):
        get_object_for_user(User, user=other_champion, can_view=can_view, pk=champion.pk)


def test_access_helper_gives_403_to_those_who_may_see_but_not_change(champion, facilitator):
    assert (
        get_object_for_user(User, user=facilitator, can_view=can_view, pk=champion.pk) == champion
    )
    with pytest.raises(PermissionDenied):
        get_object_for_user(
            User, user=facilitator, can_view=can_view, can_change=can_change, write=True,
            pk=champion.pk,
        )  # fmt: skip


def test_access_helper_returns_the_object_to_its_owner(champion):
    found = get_object_for_user(
        User.objects.all(), user=champion, can_view=can_view, can_change=can_change, write=True,
        pk=champion.pk,
    )  # fmt: skip
    assert found == champion


def test_access_helper_404s_for_a_missing_object(champion):
    with pytest.raises(Http404):
        get_object_for_user(User, user=champion, can_view=can_view, pk=999_999)


@role_required(roles.FACILITATOR)
def facilitators_page(request):
    return HttpResponse("ok")


@role_required(roles.SYSTEM_LEADER, roles.FACILITATOR, hide=True)
def leaders_page(request):
    return HttpResponse("ok")


def request_as(user):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/somewhere/")
    request.user = user or AnonymousUser()
    return request


def test_role_required(champion, facilitator, system_leader):
    assert facilitators_page(request_as(facilitator)).status_code == 200
    with pytest.raises(PermissionDenied):
        facilitators_page(request_as(champion))
    response = facilitators_page(request_as(None))
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/somewhere/"


def test_role_required_can_hide_the_page(champion, system_leader, facilitator):
    assert leaders_page(request_as(system_leader)).status_code == 200
    assert leaders_page(request_as(facilitator)).status_code == 200
    with pytest.raises(Http404):
        leaders_page(request_as(champion))


def test_role_required_refuses_unknown_roles():
    with pytest.raises(ValueError, match="Unknown roles"):
        role_required("Wizard")
