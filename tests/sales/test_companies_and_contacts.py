"""/api/sales/companies/ and /api/sales/contacts/: the records, their uniqueness and search."""

import pytest

from sales.models import Company, Contact, Tag
from tests.helpers import ANY, assert_error

from .factories import CompanyFactory, ContactFactory, make_order

COMPANIES = "/api/sales/companies/"
CONTACTS = "/api/sales/contacts/"


def test_a_company_is_created_with_its_owner_tags_and_custom_fields(free):
    response = free.client.post(
        COMPANIES,
        {
            "name": "Northwind",
            "domain": "https://www.Northwind.example/about",
            "size": "51-200",
            "country": "fr",
            "tags": ["Key account"],
            "custom_fields": {"erp_id": "NW-17", "vat_exempt": False},
        },
    )

    assert response.status_code == 201, response.content
    assert response.json() == {
        "id": ANY,
        "name": "Northwind",
        "domain": "northwind.example",
        "industry": "",
        "size": "51-200",
        "phone": "",
        "website": "",
        "city": "",
        "country": "FR",
        "description": "",
        "owner": free.membership.user.pk,
        "tags": ["Key account"],
        "custom_fields": {"erp_id": "NW-17", "vat_exempt": False},
        "created_at": ANY,
        "updated_at": ANY,
    }


def test_a_domain_already_in_the_workspace_is_a_409_naming_the_field(free):
    existing = CompanyFactory(workspace=free.workspace, domain="acme.example")

    response = free.client.post(COMPANIES, {"name": "Acme again", "domain": "WWW.ACME.example"})

    error = assert_error(response, 409, "conflict")
    assert error["details"] == {
        "field": "domain",
        "value": "acme.example",
        "existing_id": existing.pk,
    }
    assert Company.objects.filter(workspace=free.workspace).count() == 1


def test_the_same_domain_in_another_workspace_is_fine(free, other_workspace):
    CompanyFactory(workspace=other_workspace.workspace, domain="acme.example")

    response = free.client.post(COMPANIES, {"name": "Acme", "domain": "acme.example"})

    assert response.status_code == 201


def test_changing_a_domain_to_another_companys_is_a_409(free):
    CompanyFactory(workspace=free.workspace, domain="taken.example")
    company = CompanyFactory(workspace=free.workspace, domain="mine.example")

    response = free.client.patch(f"{COMPANIES}{company.pk}/", {"domain": "taken.example"})

    assert_error(response, 409, "conflict")
    company.refresh_from_db()
    assert company.domain == "mine.example"


@pytest.mark.parametrize("domain", ["not a domain", "localhost", "-bad-.example", "a..b"])
def test_a_malformed_domain_is_a_400(free, domain):
    response = free.client.post(COMPANIES, {"name": "X", "domain": domain})

    error = assert_error(response, 400, "validation_error")
    assert list(error["details"]) == ["domain"]


@pytest.mark.parametrize(
    "custom_fields",
    [[1, 2], {"1st": "x"}, {"nested": {"a": 1}}, {f"k{n}": n for n in range(51)}],
)
def test_custom_fields_are_a_flat_object_of_short_keys(free, custom_fields):
    response = free.client.post(COMPANIES, {"name": "X", "custom_fields": custom_fields})

    error = assert_error(response, 400, "validation_error")
    assert list(error["details"]) == ["custom_fields"]
    assert not Company.objects.exists()


def test_an_unknown_field_is_a_400_rather_than_ignored(free):
    response = free.client.post(COMPANIES, {"name": "X", "domian": "typo.example"})

    error = assert_error(response, 400, "validation_error")
    assert error["details"] == {"domian": ["Unknown field."]}


def test_companies_are_searched_by_name_domain_and_phone(free):
    CompanyFactory(workspace=free.workspace, name="Blue Harbour", domain="bh.example")
    CompanyFactory(workspace=free.workspace, name="Red Lake", phone="+33 1 23 45")

    by_name = free.client.get(COMPANIES, {"search": "harbour"}).json()["results"]
    by_domain = free.client.get(COMPANIES, {"search": "bh.example"}).json()["results"]
    by_phone = free.client.get(COMPANIES, {"search": "23 45"}).json()["results"]

    assert [c["name"] for c in by_name] == ["Blue Harbour"]
    assert [c["name"] for c in by_domain] == ["Blue Harbour"]
    assert [c["name"] for c in by_phone] == ["Red Lake"]


def test_tags_are_shared_case_insensitively_and_filterable(free):
    free.client.post(COMPANIES, {"name": "One", "tags": ["VIP"]})
    free.client.post(COMPANIES, {"name": "Two", "tags": ["vip", "Partner"]})
    free.client.post(COMPANIES, {"name": "Three"})

    tagged = free.client.get(COMPANIES, {"tag": "Vip"}).json()["results"]

    assert sorted(c["name"] for c in tagged) == ["One", "Two"]
    assert sorted(Tag.objects.values_list("name", flat=True)) == ["Partner", "VIP"]


def test_a_company_with_orders_cannot_be_deleted(pro):
    order = make_order(pro.workspace)

    response = pro.client.delete(f"{COMPANIES}{order.company_id}/")

    error = assert_error(response, 409, "conflict")
    assert error["details"] == {"referenced_by": ["orders"]}
    assert Company.objects.filter(pk=order.company_id).exists()


def test_a_contact_is_created_linked_to_its_companies(free):
    main, other = CompanyFactory.create_batch(2, workspace=free.workspace)

    response = free.client.post(
        CONTACTS,
        {
            "first_name": "Grace",
            "last_name": "Hopper",
            "email": "Grace@Navy.example",
            "company": main.pk,
            "companies": [other.pk],
        },
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["email"] == "grace@navy.example"
    assert body["full_name"] == "Grace Hopper"
    assert body["company"] == main.pk
    assert sorted(body["companies"]) == sorted([main.pk, other.pk])


def test_an_email_already_in_the_workspace_is_a_409_naming_the_field(free):
    existing = ContactFactory(workspace=free.workspace, email="ada@example.com")

    response = free.client.post(CONTACTS, {"first_name": "Ada", "email": "ADA@example.com"})

    error = assert_error(response, 409, "conflict")
    assert error["details"]["field"] == "email"
    assert error["details"]["existing_id"] == existing.pk
    assert Contact.objects.count() == 1


def test_a_contact_needs_a_name_or_an_email(free):
    response = free.client.post(CONTACTS, {"title": "Mystery"})

    error = assert_error(response, 400, "validation_error")
    assert list(error["details"]) == ["first_name"]


def test_a_company_of_another_workspace_on_a_contact_is_a_400(free, other_workspace):
    foreign = CompanyFactory(workspace=other_workspace.workspace)

    response = free.client.post(CONTACTS, {"first_name": "X", "companies": [foreign.pk]})

    error = assert_error(response, 400, "validation_error")
    assert list(error["details"]) == ["companies"]
    assert not Contact.objects.exists()


def test_an_owner_who_is_not_a_member_is_a_400(free, other_workspace):
    response = free.client.post(
        CONTACTS, {"first_name": "X", "owner": other_workspace.membership.user.pk}
    )

    error = assert_error(response, 400, "validation_error")
    assert list(error["details"]) == ["owner"]


def test_a_contact_made_with_a_key_has_no_owner(make_api_key):
    key = make_api_key(["sales.write"])

    response = key.client.post(CONTACTS, {"email": "bot@example.com"})

    assert response.status_code == 201
    assert response.json()["owner"] is None


def test_contacts_are_searched_by_name_email_and_phone_and_filtered_by_company(free):
    company = CompanyFactory(workspace=free.workspace)
    ContactFactory(
        workspace=free.workspace, first_name="Linus", email="linus@kernel.example"
    ).companies.add(company)
    ContactFactory(workspace=free.workspace, first_name="Ken", phone="555-0101")

    def names(**query):
        return [c["first_name"] for c in free.client.get(CONTACTS, query).json()["results"]]

    assert names(search="linus") == ["Linus"]
    assert names(search="kernel.example") == ["Linus"]
    assert names(search="555-01") == ["Ken"]
    assert names(company=company.pk) == ["Linus"]


def test_other_workspaces_contacts_are_never_listed(free, other_workspace):
    ContactFactory(workspace=other_workspace.workspace)
    mine = ContactFactory(workspace=free.workspace)

    listed = free.client.get(CONTACTS).json()["results"]

    assert [c["id"] for c in listed] == [mine.pk]
