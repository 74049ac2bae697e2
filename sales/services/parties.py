"""Writes for companies and contacts."""

import logging
import re
from typing import Any

from django.db import transaction

from accounts.models import Workspace

from ..models import Company, Contact
from .common import Actor, apply_fields, require_same_workspace, save_unique, tags_set

logger = logging.getLogger(__name__)

_DOMAIN_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def normalize_domain(value: str) -> str:
    """The bare host of a domain or URL ("https://www.Example.com/x" -> "example.com").

    Raises ValueError when what remains is not a domain name.
    """
    text = value.strip().lower()
    if not text:
        return ""
    text = re.sub(r"^[a-z][a-z0-9+.-]*://", "", text)
    text = text.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    text = text.rsplit("@", 1)[-1].split(":", 1)[0].rstrip(".")
    text = text.removeprefix("www.")
    try:
        text = text.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise ValueError("Enter a domain name such as example.com.") from exc
    labels = text.split(".")
    if len(text) > 253 or len(labels) < 2 or not all(_DOMAIN_LABEL.match(x) for x in labels):
        raise ValueError("Enter a domain name such as example.com.")
    return text


def _save_company(company: Company) -> None:
    company.domain = normalize_domain(company.domain)
    company.country = company.country.upper()
    save_unique(company, field="domain", label="company")


@transaction.atomic
def company_create(
    *, workspace: Workspace, actor: Actor, tags: list[str] | None = None, **fields: Any
) -> Company:
    """A new company; the domain, when given, must be new to the workspace (else 409)."""
    fields.setdefault("owner", actor.user)
    company = Company(workspace=workspace, **fields)
    _save_company(company)
    if tags:
        tags_set(instance=company, workspace=workspace, names=tags)

    logger.info(
        "sales.company_created", extra={"workspace_id": workspace.pk, "object_id": company.pk}
    )
    return company


@transaction.atomic
def company_update(*, company: Company, tags: list[str] | None = None, **fields: Any) -> Company:
    apply_fields(company, fields)
    _save_company(company)
    if tags is not None:
        tags_set(instance=company, workspace=company.workspace, names=tags)

    logger.info(
        "sales.company_updated",
        extra={"workspace_id": company.workspace_id, "object_id": company.pk},
    )
    return company


def _link_companies(contact: Contact, companies: list[Company] | None) -> None:
    """Keep the primary company among the linked ones; `None` leaves the links as they are."""
    if companies is not None:
        linked = list(dict.fromkeys(companies))
        if contact.company is not None and contact.company not in linked:
            linked.insert(0, contact.company)
        contact.companies.set(linked)
    elif contact.company is not None:
        contact.companies.add(contact.company)


def _save_contact(contact: Contact) -> None:
    contact.email = contact.email.strip().lower()
    save_unique(contact, field="email", label="contact")


@transaction.atomic
def contact_create(
    *,
    workspace: Workspace,
    actor: Actor,
    companies: list[Company] | None = None,
    tags: list[str] | None = None,
    **fields: Any,
) -> Contact:
    """A new contact; the email, when given, must be new to the workspace (else 409)."""
    require_same_workspace(workspace, company=fields.get("company"), companies=companies)
    fields.setdefault("owner", actor.user)
    if fields.get("company") is None and companies:
        fields["company"] = companies[0]
    contact = Contact(workspace=workspace, **fields)
    _save_contact(contact)
    _link_companies(contact, companies)
    if tags:
        tags_set(instance=contact, workspace=workspace, names=tags)

    logger.info(
        "sales.contact_created", extra={"workspace_id": workspace.pk, "object_id": contact.pk}
    )
    return contact


@transaction.atomic
def contact_update(
    *,
    contact: Contact,
    companies: list[Company] | None = None,
    tags: list[str] | None = None,
    **fields: Any,
) -> Contact:
    require_same_workspace(contact.workspace, company=fields.get("company"), companies=companies)
    apply_fields(contact, fields)
    _save_contact(contact)
    _link_companies(contact, companies)
    if tags is not None:
        tags_set(instance=contact, workspace=contact.workspace, names=tags)

    logger.info(
        "sales.contact_updated",
        extra={"workspace_id": contact.workspace_id, "object_id": contact.pk},
    )
    return contact
