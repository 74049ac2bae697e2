"""Give every workspace that existed before the sales module its standard pipeline.

Workspaces created from now on get it from a signal (see sales.apps). The stage list is frozen
here on purpose: a migration must keep doing what it did when it was written.
"""

from django.db import migrations

STAGES = (
    ("Lead in", 10, "open"),
    ("Qualified", 25, "open"),
    ("Proposal sent", 50, "open"),
    ("Negotiation", 75, "open"),
    ("Won", 100, "won"),
    ("Lost", 0, "lost"),
)


def create_standard_pipelines(apps, schema_editor):
    Workspace = apps.get_model("accounts", "Workspace")
    Pipeline = apps.get_model("sales", "Pipeline")
    Stage = apps.get_model("sales", "Stage")

    with_default = Pipeline.objects.filter(is_default=True).values("workspace_id")
    for workspace in Workspace.objects.exclude(pk__in=with_default).iterator():
        pipeline = Pipeline.objects.create(
            workspace=workspace, name="Sales pipeline", is_default=True
        )
        Stage.objects.bulk_create(
            Stage(
                workspace=workspace,
                pipeline=pipeline,
                name=name,
                position=position,
                probability=probability,
                kind=kind,
            )
            for position, (name, probability, kind) in enumerate(STAGES, start=1)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("sales", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_standard_pipelines, migrations.RunPython.noop),
    ]
