"""How an import row becomes a record: each target writes through its own module's services.

Rows are validated by the target's API serializer and then written by the same service the API
uses, so an import enforces every rule (unique SKUs, unique emails, price history) the API does.
Each writer takes the serializer's validated data and the importing user (None for a key).
"""

from typing import Any

from accounts.models import User, Workspace


def product_create(*, workspace: Workspace, data: dict[str, Any], user: User | None):
    from catalog.actors import ChangeActor, ChangeSource
    from catalog.services import product_create as create

    actor = ChangeActor(user=user, source=ChangeSource.IMPORT)
    return create(workspace=workspace, actor=actor, **data)


def product_update(*, instance, data: dict[str, Any], user: User | None):
    from catalog.actors import ChangeActor, ChangeSource
    from catalog.services import product_update as update

    return update(
        product=instance, data=data, actor=ChangeActor(user=user, source=ChangeSource.IMPORT)
    )


def company_create(*, workspace: Workspace, data: dict[str, Any], user: User | None):
    from sales.services import Actor
    from sales.services import company_create as create

    return create(workspace=workspace, actor=Actor(user=user), **data)


def company_update(*, instance, data: dict[str, Any], user: User | None):
    from sales.services import company_update as update

    return update(company=instance, **data)


def contact_create(*, workspace: Workspace, data: dict[str, Any], user: User | None):
    from sales.services import Actor
    from sales.services import contact_create as create

    return create(workspace=workspace, actor=Actor(user=user), **data)


def contact_update(*, instance, data: dict[str, Any], user: User | None):
    from sales.services import contact_update as update

    return update(contact=instance, **data)


def opportunity_create(*, workspace: Workspace, data: dict[str, Any], user: User | None):
    from sales.services import Actor
    from sales.services import opportunity_create as create

    return create(workspace=workspace, actor=Actor(user=user), **data)


def opportunity_update(*, instance, data: dict[str, Any], user: User | None):
    from sales.services import opportunity_update as update

    return update(opportunity=instance, **data)
