"""Demo companies, their contacts, and notes about both."""

from datetime import timedelta

from django.utils.text import slugify

from ..models import Company, Contact, Note
from ..services import tags_set
from .vocabulary import (
    FIRST_NAMES,
    INDUSTRIES,
    LAST_NAMES,
    NAME_FIRST,
    NAME_SECOND,
    NOTE_TEXTS,
    PLACES,
    TITLES,
)


def _phone(rng) -> str:
    return "+33 1 " + " ".join(str(rng.randint(10, 99)) for _ in range(3))


def companies_write(workspace, owner, rng, count) -> list[Company]:
    names = rng.sample([f"{a} {b}" for a in NAME_FIRST for b in NAME_SECOND], k=count)
    companies = []
    for name in names:
        city, country = rng.choice(PLACES)
        companies.append(
            Company(
                workspace=workspace,
                owner=owner,
                name=name,
                domain=f"{slugify(name)}.example",
                industry=rng.choice(INDUSTRIES),
                size=rng.choice(["1-10", "11-50", "11-50", "51-200", "201-1000"]),
                city=city,
                country=country,
            )
        )
    companies = Company.objects.bulk_create(companies)
    for company in companies:
        tags = rng.sample(["Key account", "Partner", "Reseller", "Newsletter"], k=1)
        tags_set(instance=company, workspace=workspace, names=tags)
    return companies


def contacts_write(workspace, owner, rng, companies) -> list[Contact]:
    contacts = []
    for company in companies:
        for _ in range(rng.randint(1, 4)):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            local = slugify(f"{first} {last}").replace("-", ".")
            contacts.append(
                Contact(
                    workspace=workspace,
                    owner=owner,
                    first_name=first,
                    last_name=last,
                    email=f"{local}.{len(contacts)}@{company.domain}",
                    title=rng.choice(TITLES),
                    phone=_phone(rng),
                    company=company,
                    lifecycle_stage=rng.choice(["lead", "qualified", "customer", "customer"]),
                )
            )
    contacts = Contact.objects.bulk_create(contacts)
    links = Contact.companies.through
    links.objects.bulk_create(links(contact_id=c.pk, company_id=c.company_id) for c in contacts)
    return contacts


def notes_write(workspace, owner, rng, contacts, companies, now) -> None:
    subjects = rng.sample(contacts + companies, k=min(40, len(contacts)))
    notes = Note.objects.bulk_create(
        Note(
            workspace=workspace,
            author=owner,
            body=rng.choice(NOTE_TEXTS),
            **({"contact": subject} if isinstance(subject, Contact) else {"company": subject}),
        )
        for subject in subjects
    )
    for note in notes:
        note.created_at = now - timedelta(days=rng.randint(1, 700))
    Note.objects.bulk_update(notes, ["created_at"])
