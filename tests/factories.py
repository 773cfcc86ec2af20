"""factory_boy factories for the whole suite."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone

from champions.models import ClinicalArea, Organisation, Profession, Profile, Skill, User
from core import roles

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


class ProjectFactory(factory.django.DjangoModelFactory):
    """A network project led by `lead` (default: its creator), with its search vector
    and cross-boundary flag kept as projects.services keeps them."""

    class Meta:
        model = "projects.Project"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Improvement project {n}")
    summary = "Testing changes to make care safer"
    problem = "People wait too long, and some come to harm while they wait."
    aim = "Reduce waiting by 20% by March 2027"
    visibility = "network"
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def lead(project, create, extracted, **kwargs):
        if create:
            from projects.models import TeamMember

            TeamMember.objects.create(
                project=project, user=extracted or project.created_by, role="lead",
                status="active",
            )  # fmt: skip

    @factory.post_generation
    def organisations(project, create, extracted, **kwargs):
        if create and extracted:
            from projects.services import project_cross_boundary_refresh

            project.organisations.set(extracted)
            project_cross_boundary_refresh(project_ids=[project.pk])
            project.refresh_from_db(fields=["is_cross_boundary"])

    @factory.post_generation
    def searchable(project, create, extracted, **kwargs):
        if create:
            from projects.services import project_search_refresh

            project_search_refresh(project_ids=[project.pk])
