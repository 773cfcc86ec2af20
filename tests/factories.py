"""factory_boy factories for the whole suite."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone

from champions.models import ClinicalArea, Organisation, Profession, Profile, Skill, User
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


def _by_name(model, field: str):
    """A post-generation hook that sets a reference list by names: `teaches=["SPC charts"]`."""

    def hook(profile, create, extracted, **kwargs):
        if create and extracted:
            items = list(model.objects.filter(name__in=extracted))
            assert len(items) == len(extracted), f"unknown {model.__name__}: {extracted}"
            getattr(profile, field).set(items)

    return factory.post_generation(hook)


class ProfileFactory(factory.django.DjangoModelFactory):
    """A completed, listed profile. `teaches`, `learns` and `areas` take names."""

    class Meta:
        model = Profile
        django_get_or_create = ["user"]
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory, profile=False)
    kind = Profile.Kind.STAFF
    display_name = factory.Faker("name", locale="en_GB")
    organisation = factory.LazyFunction(lambda: Organisation.objects.get(short_name="LTHT"))
    profession = factory.LazyFunction(lambda: Profession.objects.get(name="Nursing"))
    job_title = "Staff nurse"
    completed_at = factory.LazyFunction(timezone.now)

    teaches = _by_name(Skill, "skills_to_teach")
    learns = _by_name(Skill, "skills_to_learn")
    areas = _by_name(ClinicalArea, "clinical_areas")
