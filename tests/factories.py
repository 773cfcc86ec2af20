"""factory_boy factories for the whole suite."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from champions.models import Organisation, Profession, Profile, User
from leedsquality.core import roles

PASSWORD = "a-long-enough-passphrase"


class UserFactory(factory.django.DjangoModelFactory):
    """A verified member with a profile: a champion unless `roles=[...]` says otherwise."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"member{n}@example.org")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)

    @factory.post_generation
    def roles(user, create, extracted, **kwargs):
        if not create:
            return
        names = [roles.CHAMPION] if extracted is None else extracted
        user.groups.add(*Group.objects.filter(name__in=names))

    @factory.post_generation
    def profile(user, create, extracted, **kwargs):
        if create and extracted is not False:
            ProfileFactory(user=user, **kwargs)


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile
        django_get_or_create = ["user"]

    user = factory.SubFactory(UserFactory, profile=False)
    kind = Profile.Kind.STAFF
    display_name = factory.Faker("name", locale="en_GB")
    organisation = factory.LazyFunction(lambda: Organisation.objects.get(short_name="LTHT"))
    profession = factory.LazyFunction(lambda: Profession.objects.get(name="Nursing"))
    job_title = "Staff nurse"
