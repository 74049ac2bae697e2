"""/api/catalog/categories/: the tree, its unique slugs, and refused cycles."""

import pytest

from catalog.models import Category
from tests.helpers import ANY, assert_constant_list_queries, assert_error

from .factories import CategoryFactory, ProductFactory

URL = "/api/catalog/categories/"


def detail(category) -> str:
    return f"{URL}{category.pk}/"


def test_a_category_gets_a_slug_from_its_name(pro):
    parent = CategoryFactory(workspace=pro.workspace)

    response = pro.client.post(
        URL, {"name": "Pots & Pans", "parent": parent.pk, "position": 2}, format="json"
    )

    assert response.status_code == 201, response.content
    assert response.json() == {
        "id": ANY,
        "name": "Pots & Pans",
        "slug": "pots-pans",
        "parent": parent.pk,
        "position": 2,
        "description": "",
        "created_at": ANY,
        "updated_at": ANY,
    }


def test_categories_are_listed_on_the_free_plan_with_root_and_parent_filters(free):
    root = CategoryFactory(workspace=free.workspace)
    child = CategoryFactory(workspace=free.workspace, parent=root)

    roots = free.client.get(URL, {"is_root": "true"}).json()["results"]
    children = free.client.get(URL, {"parent": root.pk}).json()["results"]

    assert [row["id"] for row in roots] == [root.pk]
    assert [row["id"] for row in children] == [child.pk]


def test_the_list_costs_the_same_queries_for_any_page_size(free):
    root = CategoryFactory(workspace=free.workspace)

    assert_constant_list_queries(
        free.client,
        URL,
        lambda count: CategoryFactory.create_batch(count, workspace=free.workspace, parent=root),
    )


def test_a_duplicate_slug_is_a_400_and_writes_nothing(pro):
    CategoryFactory(workspace=pro.workspace, slug="kitchen")

    response = pro.client.post(URL, {"name": "Kitchen"}, format="json")

    error = assert_error(response, 400, "validation_error")
    assert error["details"] == {"slug": ["Another category of this workspace uses 'kitchen'."]}
    assert Category.objects.count() == 1


def test_the_same_slug_in_another_workspace_is_fine(pro, other_workspace):
    CategoryFactory(workspace=other_workspace.workspace, slug="kitchen")

    assert pro.client.post(URL, {"name": "Kitchen"}, format="json").status_code == 201


@pytest.mark.parametrize("depth", [0, 1, 3])
def test_a_category_cannot_move_under_itself_or_a_descendant(pro, depth):
    top = CategoryFactory(workspace=pro.workspace)
    node = top
    for _ in range(depth):
        node = CategoryFactory(workspace=pro.workspace, parent=node)

    response = pro.client.patch(detail(top), {"parent": node.pk}, format="json")

    error = assert_error(response, 400, "validation_error")
    assert list(error["details"]) == ["parent"]
    top.refresh_from_db()
    assert top.parent_id is None


def test_a_category_can_move_to_another_branch(pro):
    a, b = CategoryFactory(workspace=pro.workspace), CategoryFactory(workspace=pro.workspace)
    leaf = CategoryFactory(workspace=pro.workspace, parent=a)

    response = pro.client.patch(detail(leaf), {"parent": b.pk}, format="json")

    assert response.status_code == 200
    assert response.json()["parent"] == b.pk


def test_another_workspaces_parent_is_a_400(pro, other_workspace):
    theirs = CategoryFactory(workspace=other_workspace.workspace)

    response = pro.client.post(URL, {"name": "Sneaky", "parent": theirs.pk}, format="json")

    error = assert_error(response, 400, "validation_error")
    assert list(error["details"]) == ["parent"]
    assert Category.objects.filter(workspace=pro.workspace).count() == 0


def test_a_name_without_letters_needs_a_slug(pro):
    error = assert_error(pro.client.post(URL, {"name": "???"}, format="json"), 400, ANY)

    assert list(error["details"]) == ["slug"]


def test_an_unknown_field_is_a_400(pro):
    error = assert_error(
        pro.client.post(URL, {"name": "Garden", "colour": "green"}, format="json"), 400, ANY
    )

    assert error["details"] == {"colour": ["Unknown field."]}
    assert Category.objects.count() == 0


@pytest.mark.parametrize("content", ["subcategory", "product"])
def test_a_category_that_is_not_empty_cannot_be_deleted(pro, content):
    category = CategoryFactory(workspace=pro.workspace)
    if content == "subcategory":
        CategoryFactory(workspace=pro.workspace, parent=category)
    else:
        ProductFactory(workspace=pro.workspace, category=category)

    error = assert_error(pro.client.delete(detail(category)), 409, "conflict")

    assert error["details"] == {
        "subcategories": int(content == "subcategory"),
        "products": int(content == "product"),
    }
    assert Category.objects.filter(pk=category.pk).exists()
