"""Request and response bodies of deals, their stage moves and their timeline."""

from rest_framework import serializers

from simplycrm.api.serializers import (
    StrictSerializer,
    WorkspaceModelSerializer,
    WorkspaceRelatedField,
)

from ..models import Company, Contact, Opportunity, Pipeline, Stage, StageChange
from .common import (
    ActorField,
    CurrencyField,
    CustomFieldsField,
    MoneyField,
    TagListField,
    WorkspaceMemberField,
    check_money,
)


class StageChangeSerializer(serializers.ModelSerializer):
    from_stage = serializers.IntegerField(source="from_stage_id", read_only=True, allow_null=True)
    to_stage = serializers.IntegerField(source="to_stage_id", read_only=True, allow_null=True)
    amount = MoneyField(read_only=True)
    changed_by = ActorField("changed_by")

    class Meta:
        model = StageChange
        fields = [
            "id",
            "from_stage",
            "from_stage_name",
            "to_stage",
            "to_stage_name",
            "status",
            "amount",
            "currency",
            "changed_at",
            "changed_by",
        ]
        read_only_fields = fields


class OpportunitySerializer(WorkspaceModelSerializer):
    pipeline = WorkspaceRelatedField(
        queryset=Pipeline.objects.all(),
        required=False,
        help_text="Set on create (default: the default pipeline, or the stage's); then fixed.",
    )
    stage = WorkspaceRelatedField(
        queryset=Stage.objects.all(),
        required=False,
        help_text="Set on create (default: the pipeline's first open stage); afterwards "
        "change it with the move action, which records the history.",
    )
    stage_name = serializers.CharField(source="stage.name", read_only=True)
    company = WorkspaceRelatedField(queryset=Company.objects.all(), required=False, allow_null=True)
    contacts = WorkspaceRelatedField(queryset=Contact.objects.all(), many=True, required=False)
    owner = WorkspaceMemberField(required=False, allow_null=True)
    currency = CurrencyField(required=False)
    probability = serializers.IntegerField(
        min_value=0,
        max_value=100,
        required=False,
        allow_null=True,
        help_text="Percent. Reads the deal's own value, else its stage's; write null to "
        "follow the stage again.",
    )
    amount = MoneyField(required=False)
    weighted_amount = MoneyField(read_only=True)
    tags = TagListField()
    custom_fields = CustomFieldsField()
    stage_history = StageChangeSerializer(many=True, read_only=True)

    class Meta:
        model = Opportunity
        fields = [
            "id",
            "name",
            "pipeline",
            "stage",
            "stage_name",
            "status",
            "amount",
            "currency",
            "probability",
            "weighted_amount",
            "owner",
            "company",
            "contacts",
            "expected_close_date",
            "lost_reason",
            "source",
            "description",
            "tags",
            "custom_fields",
            "stage_entered_at",
            "won_at",
            "lost_at",
            "stage_history",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "status",
            "stage_entered_at",
            "won_at",
            "lost_at",
            "created_at",
            "updated_at",
        ]

    def to_representation(self, instance: Opportunity) -> dict:
        data = super().to_representation(instance)
        data["probability"] = instance.effective_probability
        return data

    def validate(self, attrs: dict) -> dict:
        check_money(attrs, self.instance, ("amount",))
        deal = self.instance
        # Sending back the stage's probability, as read, keeps the deal following its stage.
        follows_stage = deal is not None and deal.probability is None
        if follows_stage and attrs.get("probability", -1) == deal.stage.probability:
            attrs.pop("probability")
        if deal is not None:
            # Sending back what was read is fine; a different stage goes through `move`.
            if "stage" in attrs and attrs.pop("stage") != deal.stage:
                raise serializers.ValidationError(
                    {"stage": ["Change the stage with POST .../move/, which records it."]}
                )
            if "pipeline" in attrs and attrs.pop("pipeline") != deal.pipeline:
                raise serializers.ValidationError({"pipeline": ["A deal stays in its pipeline."]})
        return attrs


class OpportunityMoveSerializer(StrictSerializer):
    stage = WorkspaceRelatedField(
        queryset=Stage.objects.all(), help_text="A stage of the deal's own pipeline."
    )
    lost_reason = serializers.CharField(
        max_length=255,
        required=False,
        allow_blank=True,
        help_text="Why the deal was lost; only with a move to a lost stage.",
    )


class TimelineEntrySerializer(StrictSerializer):
    """One entry of a deal's timeline; `data` is the entry in its own resource's shape."""

    type = serializers.ChoiceField(choices=["stage_change", "note", "file", "activity"])
    at = serializers.DateTimeField()
    id = serializers.IntegerField()
    data = serializers.DictField()


class TimelinePageSerializer(StrictSerializer):
    next = serializers.URLField(allow_null=True)
    results = TimelineEntrySerializer(many=True)
