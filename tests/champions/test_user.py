import pytest
from django.contrib.auth import authenticate, get_user_model
from django.db import IntegrityError

pytestmark = pytest.mark.django_db

User = get_user_model()


def test_email_is_the_sign_in_name_and_there_is_no_username():
    assert User.USERNAME_FIELD == "email"
    assert not any(field.name == "username" for field in User._meta.get_fields())


def test_addresses_are_stored_lower_cased_and_sign_in_ignores_case():
    user = User.objects.create_user("  Asha.Patel@NHS.net ", "a-long-enough-passphrase")
    assert user.email == "asha.patel@nhs.net"
    assert authenticate(email="ASHA.PATEL@nhs.net", password="a-long-enough-passphrase") == user


def test_the_same_address_in_another_case_cannot_register_twice():
    User.objects.create_user("asha@example.org")
    with pytest.raises(IntegrityError):
        User.objects.create_user("ASHA@example.org")


def test_the_database_refuses_a_mixed_case_address_written_around_the_manager():
    with pytest.raises(IntegrityError):
        User.objects.bulk_create([User(email="Mixed@Example.org")])


def test_superuser_is_staff():
    admin = User.objects.create_superuser("admin@example.org", "a-long-enough-passphrase")
    assert admin.is_staff
    assert admin.is_superuser


def test_an_address_is_required():
    with pytest.raises(ValueError, match="email address is required"):
        User.objects.create_user("")


@pytest.mark.django_db
def test_is_listed_agrees_with_the_listed_queryset():
    from champions.models import Profile
    from tests.factories import UserFactory

    listed = UserFactory().profile
    hidden = UserFactory(profile__visibility=Profile.Visibility.HIDDEN).profile
    unfinished = UserFactory().profile
    unfinished.completed_at = None
    unfinished.save(update_fields=["completed_at"])
    inactive = UserFactory(is_active=False).profile
    for profile in (listed, hidden, unfinished, inactive):
        profile.refresh_from_db()
        expected = Profile.objects.listed().filter(pk=profile.pk).exists()
        assert profile.is_listed is expected, profile
    assert listed.is_listed
