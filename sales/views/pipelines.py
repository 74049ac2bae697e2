"""Pipelines and their stages."""

from simplycrm.api.views import WorkspaceModelViewSet

from .. import selectors
from ..filters import PipelineFilterSet
from ..serializers import PipelineSerializer
from ..services import pipeline_create, pipeline_delete, pipeline_update
from .common import SalesViewSetMixin


def _stage_specs(data: dict) -> None:
    if "stages" in data:
        data["stages"] = [dict(stage) for stage in data["stages"]]


class PipelineViewSet(SalesViewSetMixin, WorkspaceModelViewSet):
    """Sales processes and their ordered stages; every workspace has a default one.

    A pipeline needs at least one open, one won and one lost stage. Stages holding deals
    cannot be removed, nor can the default pipeline or one holding deals (409).
    """

    resource = "sales.pipelines"
    queryset = selectors.pipeline_queryset()
    serializer_class = PipelineSerializer
    filterset_class = PipelineFilterSet
    search_fields = ["name"]
    ordering_fields = ["created_at"]
    ordering = ["created_at", "id"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        _stage_specs(data)
        serializer.instance = pipeline_create(workspace=self.workspace, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        _stage_specs(data)
        pipeline = pipeline_update(pipeline=serializer.instance, **data)
        serializer.instance = self.get_queryset().get(pk=pipeline.pk)

    def perform_destroy(self, instance):
        pipeline_delete(pipeline=instance)
