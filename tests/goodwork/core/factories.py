import factory

from goodwork.core.models import AuditEvent, SiteSettings, User

PASSWORD = "a-Long-test-passw0rd"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save(update_fields=["password"])

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        """Allauth needs a verified address to let the user log in."""
        if create and extracted is not False:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class CouncilAdminFactory(UserFactory):
    is_staff = True
    is_superuser = True


class SiteSettingsFactory(factory.django.DjangoModelFactory):
    """The one settings row (id 1), set to the values given; moderation off by default."""

    class Meta:
        model = SiteSettings

    moderation_enabled = False
    alert_digest_max_jobs = 10

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        kwargs.pop("id", None)
        obj, _ = model_class.objects.update_or_create(id=1, defaults=kwargs)
        return obj


class ModerationOnSiteSettingsFactory(SiteSettingsFactory):
    moderation_enabled = True


class AuditEventFactory(factory.django.DjangoModelFactory):
    """A work coach opening a resident's record."""

    class Meta:
        model = AuditEvent

    class Params:
        resident = factory.SubFactory("tests.residents.factories.OfflineResidentFactory")

    actor = factory.SubFactory(UserFactory)
    actor_label = factory.SelfAttribute("actor.email")
    action = AuditEvent.Action.VIEW
    subject_type = "residents.resident"
    subject_id = factory.LazyAttribute(lambda o: str(o.resident.pk))
    resident_id = factory.LazyAttribute(lambda o: o.resident.pk)
    detail = "Viewed the resident's record"


class ExportAuditEventFactory(factory.django.DjangoModelFactory):
    """A council officer exporting a list from the admin: about no one resident."""

    class Meta:
        model = AuditEvent

    actor = factory.SubFactory(CouncilAdminFactory)
    actor_label = factory.SelfAttribute("actor.email")
    action = AuditEvent.Action.EXPORT
    subject_type = "jobs.vacancy"
    subject_id = "export"
    resident_id = None
    detail = "Exported 3 as CSV: 1, 2, 3"
