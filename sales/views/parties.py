"""Companies and contacts."""

from simplycrm.api.views import WorkspaceModelViewSet

from .. import selectors
from ..filters import CompanyFilterSet, ContactFilterSet
from ..serializers import CompanySerializer, ContactSerializer
from ..services import company_create, company_update, contact_create, contact_update
from .common import SalesViewSetMixin


class CompanyViewSet(SalesViewSetMixin, WorkspaceModelViewSet):
    """Organisations the workspace sells to. A domain is unique in the workspace (409)."""

    resource = "sales.companies"
    queryset = selectors.company_queryset()
    serializer_class = CompanySerializer
    filterset_class = CompanyFilterSet
    search_fields = ["name", "domain", "phone"]
    ordering_fields = ["name", "created_at", "updated_at"]

    def perform_create(self, serializer):
        serializer.instance = company_create(
            workspace=self.workspace, actor=self.actor, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = company_update(
            company=serializer.instance, **serializer.validated_data
        )


class ContactViewSet(SalesViewSetMixin, WorkspaceModelViewSet):
    """People the workspace talks to. An email is unique in the workspace (409)."""

    resource = "sales.contacts"
    queryset = selectors.contact_queryset()
    serializer_class = ContactSerializer
    filterset_class = ContactFilterSet
    search_fields = ["first_name", "last_name", "email", "phone", "mobile"]
    ordering_fields = ["last_name", "created_at", "updated_at"]

    def perform_create(self, serializer):
        serializer.instance = contact_create(
            workspace=self.workspace, actor=self.actor, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = contact_update(
            contact=serializer.instance, **serializer.validated_data
        )
