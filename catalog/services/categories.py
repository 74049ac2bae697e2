"""Writes of the category tree."""

import logging
from typing import Any

from django.db import transaction
from django.utils.text import slugify
from rest_framework.exceptions import ValidationError

from accounts.models import Workspace
from catalog.models import Category, creates_cycle
from catalog.models.categories import CYCLE_MESSAGE
from catalog.selectors import category_parents
from simplycrm.api.errors import Conflict

from ._checks import require_workspace

logger = logging.getLogger(__name__)

_FIELDS = ("name", "slug", "parent", "position", "description")


def _slug_for(name: str) -> str:
    slug = slugify(name)[:140]
    if not slug:
        raise ValidationError({"slug": ["The name has no letters or digits; give a slug."]})
    return slug


def _ensure_slug_free(*, workspace: Workspace, slug: str, category: Category | None) -> None:
    taken = Category.objects.for_workspace(workspace).filter(slug=slug)
    if category is not None:
        taken = taken.exclude(pk=category.pk)
    if taken.exists():
        raise ValidationError({"slug": [f"Another category of this workspace uses {slug!r}."]})


def _ensure_no_cycle(*, category: Category, parent: Category | None) -> None:
    if parent is None:
        return
    parents = category_parents(workspace=category.workspace, lock=True)
    if creates_cycle(category_id=category.pk, parent_id=parent.pk, parents=parents):
        raise ValidationError({"parent": [CYCLE_MESSAGE]})


@transaction.atomic
def category_create(
    *,
    workspace: Workspace,
    name: str,
    slug: str = "",
    parent: Category | None = None,
    position: int = 0,
    description: str = "",
) -> Category:
    """A new category, at the top of the tree or under `parent`."""
    require_workspace(parent, workspace, "parent")
    slug = slug or _slug_for(name)
    _ensure_slug_free(workspace=workspace, slug=slug, category=None)

    category = Category.objects.create(
        workspace=workspace,
        name=name,
        slug=slug,
        parent=parent,
        position=position,
        description=description,
    )

    logger.info(
        "catalog.category_created",
        extra={"workspace_id": workspace.pk, "category_id": category.pk, "slug": slug},
    )
    return category


@transaction.atomic
def category_update(*, category: Category, data: dict[str, Any]) -> Category:
    """Change the given fields; moving a category under its own subtree is refused."""
    workspace = category.workspace
    if "parent" in data:
        require_workspace(data["parent"], workspace, "parent")
        if data["parent"] != category.parent:
            _ensure_no_cycle(category=category, parent=data["parent"])
    if data.get("slug") is not None and data["slug"] != category.slug:
        _ensure_slug_free(workspace=workspace, slug=data["slug"], category=category)

    changed = [field for field in _FIELDS if field in data]
    for field in changed:
        setattr(category, field, data[field])
    if not category.slug:
        category.slug = _slug_for(category.name)
        _ensure_slug_free(workspace=workspace, slug=category.slug, category=category)
    category.save()

    logger.info(
        "catalog.category_updated",
        extra={"workspace_id": workspace.pk, "category_id": category.pk, "fields": changed},
    )
    return category


@transaction.atomic
def category_delete(*, category: Category) -> None:
    """Delete an empty category; one still holding subcategories or products is a conflict."""
    children = category.children.count()
    products = category.products.count()
    if children or products:
        raise Conflict(
            "Move or delete this category's subcategories and products first.",
            details={"subcategories": children, "products": products},
        )

    category_id = category.pk
    category.delete()
    logger.info(
        "catalog.category_deleted",
        extra={"workspace_id": category.workspace_id, "category_id": category_id},
    )
