"""Request and response bodies of pipelines and their stages."""

from rest_framework import serializers

from simplycrm.api.serializers import StrictFieldsMixin, WorkspaceModelSerializer

from ..models import Pipeline, Stage


class StageSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    id = serializers.IntegerField(
        required=False, help_text="Send the id to keep (and change) a stage; omit it to add one."
    )

    class Meta:
        model = Stage
        fields = ["id", "name", "position", "probability", "kind"]
        read_only_fields = ["position"]
        extra_kwargs = {
            "probability": {
                "required": False,
                "help_text": "Chance in percent that a deal here is won; required for a new stage.",
            },
            "position": {"help_text": "1 for the first stage; stages keep the order listed."},
        }


class PipelineSerializer(WorkspaceModelSerializer):
    stages = StageSerializer(
        many=True,
        required=False,
        help_text="Every stage, in order. On create, omit it for the standard stages; on "
        "update, the list replaces the stages (those left out are removed).",
    )

    class Meta:
        model = Pipeline
        fields = ["id", "name", "description", "is_default", "stages", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]
