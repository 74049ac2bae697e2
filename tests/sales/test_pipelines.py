"""/api/sales/pipelines/ and the standard pipeline every workspace starts with."""

import importlib

from django.apps import apps

from accounts.models import Workspace
from accounts.services import workspace_create
from sales.models import Pipeline, Stage
from sales.services import STANDARD_STAGES
from tests.factories import UserFactory, WorkspaceFactory
from tests.helpers import ANY, assert_error

from .factories import OpportunityFactory, default_pipeline

URL = "/api/sales/pipelines/"
STANDARD = [
    {"id": ANY, "name": name, "position": position, "probability": probability, "kind": kind}
    for position, (name, probability, kind) in enumerate(STANDARD_STAGES, start=1)
]


def test_a_workspace_made_by_the_service_starts_with_the_standard_pipeline(db):
    workspace = workspace_create(name="Fresh", plan="free", owner=UserFactory())

    pipeline = Pipeline.objects.get(workspace=workspace)
    assert pipeline.is_default
    assert [s.name for s in pipeline.stages.order_by("position")] == [
        "Lead in",
        "Qualified",
        "Proposal sent",
        "Negotiation",
        "Won",
        "Lost",
    ]


def test_a_workspace_made_any_other_way_gets_it_too(db):
    workspace = Workspace.objects.create(name="Admin-made", slug="admin-made")

    assert Pipeline.objects.filter(workspace=workspace, is_default=True).count() == 1


def test_the_data_migration_fills_in_workspaces_that_had_no_pipeline(db):
    workspace = WorkspaceFactory()
    Pipeline.objects.filter(workspace=workspace).delete()
    migration = importlib.import_module("sales.migrations.0002_standard_pipelines")

    migration.create_standard_pipelines(apps, None)
    migration.create_standard_pipelines(apps, None)

    pipeline = Pipeline.objects.get(workspace=workspace)
    assert pipeline.stages.count() == len(STANDARD_STAGES)


def test_free_reads_the_standard_pipeline(free):
    response = free.client.get(URL)

    assert response.status_code == 200
    assert response.json()["results"] == [
        {
            "id": default_pipeline(free.workspace).pk,
            "name": "Sales pipeline",
            "description": "",
            "is_default": True,
            "stages": STANDARD,
            "created_at": ANY,
            "updated_at": ANY,
        }
    ]


def test_free_cannot_edit_a_pipeline(free):
    pipeline = default_pipeline(free.workspace)

    response = free.client.patch(f"{URL}{pipeline.pk}/", {"name": "Mine"})

    error = assert_error(response, 403, "feature_not_available")
    assert error["details"]["flag"] == "sales.custom_pipelines"


def test_a_new_pipeline_without_stages_gets_the_standard_ones(pro):
    response = pro.client.post(URL, {"name": "Renewals"})

    assert response.status_code == 201, response.content
    assert response.json()["stages"] == STANDARD
    assert response.json()["is_default"] is False


def test_a_new_pipeline_takes_its_stages_in_the_order_given(pro):
    response = pro.client.post(
        URL,
        {
            "name": "Partners",
            "stages": [
                {"name": "Intro", "probability": 20, "kind": "open"},
                {"name": "Signed", "probability": 100, "kind": "won"},
                {"name": "Dropped", "probability": 0, "kind": "lost", "position": 9},
            ],
        },
    )

    assert response.status_code == 201, response.content
    assert [(s["name"], s["position"]) for s in response.json()["stages"]] == [
        ("Intro", 1),
        ("Signed", 2),
        ("Dropped", 3),
    ]


def test_a_pipeline_without_a_won_or_lost_stage_is_a_400(pro):
    response = pro.client.post(
        URL, {"name": "Open only", "stages": [{"name": "A", "probability": 5, "kind": "open"}]}
    )

    error = assert_error(response, 400, "validation_error")
    assert list(error["details"]) == ["stages"]
    assert Pipeline.objects.filter(workspace=pro.workspace).count() == 1


def test_repeated_stage_names_are_a_400(pro):
    stages = [
        {"name": "Same", "probability": 5, "kind": "open"},
        {"name": "same", "probability": 100, "kind": "won"},
        {"name": "Lost", "probability": 0, "kind": "lost"},
    ]

    response = pro.client.post(URL, {"name": "Dupes", "stages": stages})

    assert_error(response, 400, "validation_error")


def test_updating_stages_renames_reorders_adds_and_removes_them(pro):
    pipeline = default_pipeline(pro.workspace)
    stages = {s.name: s for s in pipeline.stages.all()}

    response = pro.client.patch(
        f"{URL}{pipeline.pk}/",
        {
            "stages": [
                {"id": stages["Qualified"].pk, "name": "Discovery"},
                {"id": stages["Lead in"].pk},
                {"name": "Trial", "probability": 60, "kind": "open"},
                {"id": stages["Won"].pk},
                {"id": stages["Lost"].pk, "name": "Lost"},
            ]
        },
    )

    assert response.status_code == 200, response.content
    assert [(s["name"], s["position"], s["probability"]) for s in response.json()["stages"]] == [
        ("Discovery", 1, 25),
        ("Lead in", 2, 10),
        ("Trial", 3, 60),
        ("Won", 4, 100),
        ("Lost", 5, 0),
    ]
    assert not Stage.objects.filter(name__in=["Proposal sent", "Negotiation"]).exists()


def test_two_stages_may_swap_names_in_one_edit(pro):
    pipeline = default_pipeline(pro.workspace)
    stages = list(pipeline.stages.order_by("position"))
    listed = [{"id": s.pk} for s in stages]
    listed[0]["name"], listed[1]["name"] = stages[1].name, stages[0].name

    response = pro.client.patch(f"{URL}{pipeline.pk}/", {"stages": listed})

    assert response.status_code == 200, response.content
    assert [s["name"] for s in response.json()["stages"]][:2] == ["Qualified", "Lead in"]


def test_removing_a_stage_that_holds_deals_is_a_409_and_changes_nothing(pro):
    pipeline = default_pipeline(pro.workspace)
    OpportunityFactory(workspace=pro.workspace)  # at "Lead in"
    kept = [{"id": s.pk} for s in pipeline.stages.exclude(name="Lead in")]

    response = pro.client.patch(f"{URL}{pipeline.pk}/", {"name": "Renamed", "stages": kept})

    error = assert_error(response, 409, "conflict")
    assert error["details"] == {"stages": ["Lead in"]}
    pipeline.refresh_from_db()
    assert pipeline.name == "Sales pipeline"
    assert pipeline.stages.count() == len(STANDARD_STAGES)


def test_a_stage_of_another_pipeline_in_the_list_is_a_400(pro):
    other = pro.client.post(URL, {"name": "Other"}).json()
    pipeline = default_pipeline(pro.workspace)
    listed = [{"id": s.pk} for s in pipeline.stages.all()] + [{"id": other["stages"][0]["id"]}]

    response = pro.client.patch(f"{URL}{pipeline.pk}/", {"stages": listed})

    error = assert_error(response, 400, "validation_error")
    assert list(error["details"]) == ["stages"]


def test_making_another_pipeline_the_default_moves_the_flag(pro):
    first = default_pipeline(pro.workspace)
    second = pro.client.post(URL, {"name": "Second"}).json()

    response = pro.client.patch(f"{URL}{second['id']}/", {"is_default": True})
    refused = pro.client.patch(f"{URL}{second['id']}/", {"is_default": False})

    assert response.json()["is_default"] is True
    first.refresh_from_db()
    assert first.is_default is False
    error = assert_error(refused, 400, "validation_error")
    assert list(error["details"]) == ["is_default"]


def test_new_deals_enter_the_default_pipeline(pro):
    second = pro.client.post(URL, {"name": "Second", "is_default": True}).json()

    deal = pro.client.post("/api/sales/opportunities/", {"name": "Routed"}).json()

    assert deal["pipeline"] == second["id"]


def test_the_default_pipeline_and_one_with_deals_cannot_be_deleted(pro):
    default = default_pipeline(pro.workspace)
    other = pro.client.post(URL, {"name": "Busy"}).json()
    pro.client.post("/api/sales/opportunities/", {"name": "In it", "pipeline": other["id"]})

    assert_error(pro.client.delete(f"{URL}{default.pk}/"), 409, "conflict")
    assert_error(pro.client.delete(f"{URL}{other['id']}/"), 409, "conflict")
    assert Pipeline.objects.filter(workspace=pro.workspace).count() == 2


def test_other_workspaces_pipelines_are_never_listed(free, other_workspace):
    listed = free.client.get(URL).json()["results"]

    assert [p["id"] for p in listed] == [default_pipeline(free.workspace).pk]
