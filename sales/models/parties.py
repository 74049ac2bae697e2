"""The people and organisations a workspace sells to."""

from django.db import models

from accounts.models import WorkspaceScopedModel

from .common import Tag, user_by


class CompanySize(models.TextChoices):
    MICRO = "1-10", "1-10 employees"
    SMALL = "11-50", "11-50 employees"
    MEDIUM = "51-200", "51-200 employees"
    LARGE = "201-1000", "201-1,000 employees"
    ENTERPRISE = "1001-5000", "1,001-5,000 employees"
    HUGE = "5000+", "More than 5,000 employees"


class Company(WorkspaceScopedModel):
    """An organisation: a customer, a prospect or a partner."""

    name = models.CharField(max_length=200)
    # Kept bare and lower-case ("example.com"), so one organisation is entered only once.
    domain = models.CharField(max_length=253, blank=True)
    industry = models.CharField(max_length=100, blank=True)
    size = models.CharField(max_length=20, choices=CompanySize.choices, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    website = models.URLField(blank=True)
    city = models.CharField(max_length=100, blank=True)
    # ISO 3166-1 alpha-2 code, upper-case.
    country = models.CharField(max_length=2, blank=True)
    description = models.TextField(blank=True)
    owner = user_by()
    tags = models.ManyToManyField(Tag, blank=True, related_name="companies")
    # Free-form fields the workspace defines for itself: short keys to plain values.
    custom_fields = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name_plural = "companies"
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "domain"],
                condition=~models.Q(domain=""),
                name="sales_company_unique_domain",
            ),
        ]
        indexes = [
            models.Index(fields=["workspace", "name"]),
            models.Index(fields=["workspace", "updated_at"]),
        ]

    def __str__(self) -> str:
        return self.name


class LifecycleStage(models.TextChoices):
    SUBSCRIBER = "subscriber", "Subscriber"
    LEAD = "lead", "Lead"
    QUALIFIED = "qualified", "Qualified lead"
    CUSTOMER = "customer", "Customer"
    FORMER_CUSTOMER = "former_customer", "Former customer"


class Contact(WorkspaceScopedModel):
    """A person at a company (or on their own) that the team talks to."""

    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    # Stored lower-case: two spellings of one address are one contact.
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    mobile = models.CharField(max_length=40, blank=True)
    title = models.CharField(max_length=150, blank=True)
    lifecycle_stage = models.CharField(
        max_length=20, choices=LifecycleStage.choices, default=LifecycleStage.LEAD
    )
    source = models.CharField(max_length=100, blank=True)
    # The company the person mainly works for; also one of `companies`.
    company = models.ForeignKey(
        Company, on_delete=models.SET_NULL, null=True, blank=True, related_name="primary_contacts"
    )
    companies = models.ManyToManyField(Company, blank=True, related_name="contacts")
    owner = user_by()
    tags = models.ManyToManyField(Tag, blank=True, related_name="contacts")
    custom_fields = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "email"],
                condition=~models.Q(email=""),
                name="sales_contact_unique_email",
            ),
            models.CheckConstraint(
                condition=~models.Q(first_name="", last_name="", email=""),
                name="sales_contact_has_a_name_or_email",
            ),
        ]
        indexes = [
            models.Index(fields=["workspace", "last_name", "first_name"]),
            models.Index(fields=["workspace", "updated_at"]),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()
