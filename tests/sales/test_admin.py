"""The sales admin: every model is listed, searchable and opens, and deals show their history."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from sales import models
from sales.services import Actor, attachment_create, note_create, opportunity_move, tags_set
from tests.factories import PASSWORD, UserFactory

from .factories import (
    ContactFactory,
    DealActivityFactory,
    OpportunityFactory,
    make_invoice,
    pdf_upload,
    stage_named,
)

SALES_MODELS = list(apps.get_app_config("sales").get_models())


@pytest.fixture
def staff(db, client):
    user = UserFactory(is_staff=True, is_superuser=True)
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def one_of_everything(enterprise):
    ws = enterprise.workspace
    deal = OpportunityFactory(workspace=ws, name="Harbour refit")
    opportunity_move(opportunity=deal, stage=stage_named(ws, "Won"), actor=Actor())
    contact = ContactFactory(workspace=ws)
    tags_set(instance=contact, workspace=ws, names=["vip"])
    note_create(workspace=ws, actor=Actor(), body="Hello", opportunity=deal)
    attachment_create(workspace=ws, actor=Actor(), upload=pdf_upload(), contact=contact)
    DealActivityFactory(workspace=ws, opportunity=deal)
    make_invoice(ws, issued=True)
    return deal


def test_every_sales_model_is_registered():
    unregistered = [model.__name__ for model in SALES_MODELS if not admin.site.is_registered(model)]

    assert len(SALES_MODELS) == 14
    assert unregistered == []


@pytest.mark.parametrize("model", SALES_MODELS, ids=lambda model: model.__name__)
def test_each_list_and_change_page_opens_and_searches(staff, one_of_everything, model):
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    row = model.objects.first()

    listed = staff.get(changelist)
    searched = staff.get(changelist, {"q": "a"})
    changed = staff.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk]))

    assert listed.status_code == 200
    assert searched.status_code == 200
    assert changed.status_code == 200


def test_a_deal_shows_its_stage_history_inline(staff, one_of_everything):
    url = reverse("admin:sales_opportunity_change", args=[one_of_everything.pk])

    page = staff.get(url).content.decode()

    assert "Lead in" in page
    assert "Won" in page
    assert models.StageChange.objects.filter(opportunity=one_of_everything).count() == 2
