"""The category tree of a workspace's catalogue."""

from django.core.exceptions import ValidationError
from django.db import models

from accounts.models import WorkspaceScopedModel


class Category(WorkspaceScopedModel):
    """A node of the workspace's category tree; a product belongs to at most one node."""

    name = models.CharField(max_length=120)
    # Unique per workspace; made from the name when a client leaves it out.
    slug = models.SlugField(max_length=140, allow_unicode=False)
    # Deleting a category that still has subcategories is refused rather than cascading.
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    # Order among siblings, smallest first.
    position = models.PositiveIntegerField(default=0)
    description = models.TextField(blank=True)

    class Meta:
        verbose_name_plural = "categories"
        ordering = ["position", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "slug"], name="catalog_category_slug_uniq")
        ]
        indexes = [
            models.Index(fields=["workspace", "name"], name="catalog_cat_ws_name_idx"),
            models.Index(fields=["workspace", "position"], name="catalog_cat_ws_position_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.parent_id is None:
            return
        if self.parent.workspace_id != self.workspace_id:
            raise ValidationError({"parent": "The parent belongs to another workspace."})
        parents = dict(
            Category.objects.filter(workspace_id=self.workspace_id).values_list("id", "parent_id")
        )
        if creates_cycle(category_id=self.pk, parent_id=self.parent_id, parents=parents):
            raise ValidationError({"parent": CYCLE_MESSAGE})


CYCLE_MESSAGE = "A category cannot be placed under itself or one of its own subcategories."


def creates_cycle(*, category_id: int | None, parent_id: int | None, parents: dict) -> bool:
    """Whether hanging `category_id` under `parent_id` would make it its own ancestor.

    `parents` maps each category id of the workspace to its parent id. A new category (no id
    yet) can never close a cycle. Walking stops on a node seen before, so even a tree already
    corrupted by a cycle cannot make this loop forever.
    """
    if category_id is None:
        return False
    seen: set[int] = set()
    node = parent_id
    while node is not None and node not in seen:
        if node == category_id:
            return True
        seen.add(node)
        node = parents.get(node)
    return False
