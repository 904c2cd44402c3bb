"""The studio's CSV pages: download the inventory, upload a sheet (checked first, then imported).

Thin views: the work is in :mod:`dala.catalog.inventory`.
"""

from __future__ import annotations

import io

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dala.accounts.models import ArtistProfile
from dala.core.errors import DomainError

from ..inventory import COLUMNS, MAX_BYTES, MAX_ROWS, ImportReport, decode_csv, export_inventory, import_inventory
from .studio import studio_view


class InventoryImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("CSV file"),
                           widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}))
    dry_run = forms.BooleanField(
        label=gettext_lazy("Dry run: check the file and save nothing"), required=False, initial=True,
        help_text=gettext_lazy("Untick this once the check finds no problems to import the works."),
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than %(limit)d MB; split it into parts.")
                                        % {"limit": MAX_BYTES // (1024 * 1024)})
        try:
            return decode_csv(upload.read())
        except DomainError as error:
            raise forms.ValidationError(str(error.message), code=error.code) from None


@studio_view
def export_csv(request: HttpRequest, artist: ArtistProfile) -> HttpResponse:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # so that spreadsheets open the file as UTF-8
    export_inventory(artist, buffer)
    filename = f"inventory-{artist.slug}-{timezone.localdate():%Y-%m-%d}.csv"
    response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@studio_view
def import_csv(request: HttpRequest, artist: ArtistProfile) -> HttpResponse:
    report: ImportReport | None = None
    if request.method == "POST":
        form = InventoryImportForm(request.POST, request.FILES)
        if form.is_valid():
            dry_run = form.cleaned_data["dry_run"]
            report = import_inventory(artist, io.StringIO(form.cleaned_data["file"]), dry_run=dry_run)
            counts = {"rows": report.rows, "created": report.created, "updated": report.updated}
            if report.saved:
                messages.success(request, _("Imported %(rows)d rows: %(created)d works added, %(updated)d updated.")
                                 % counts)
                return redirect("catalog:studio_import")
            if report.ok:
                messages.success(request, _("All %(rows)d rows are good: %(created)d works would be added and "
                                            "%(updated)d updated. Nothing was saved yet; untick “dry run” and "
                                            "upload the file again to import it.") % counts)
                form = InventoryImportForm(initial={"dry_run": False})
            else:
                messages.error(request, _("The file has %(count)d problems; nothing was saved. Correct them and "
                                          "upload the file again.") % {"count": len(report.errors)})
    else:
        form = InventoryImportForm()
    context = {"form": form, "report": report, "columns": COLUMNS, "max_rows": MAX_ROWS,
               "max_megabytes": MAX_BYTES // (1024 * 1024)}
    return render(request, "catalog/studio/import.html", context)
