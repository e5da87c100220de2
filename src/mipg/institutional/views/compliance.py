"""The compliance page: sessions held against the required frequency, and open commitments."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from mipg.core.xlsx import xlsx_response

from .. import selectors


@login_required
def compliance(request):
    today = timezone.localdate()
    year_param = request.GET.get("anio", "")
    valid = year_param.isascii() and year_param.isdigit() and 2000 <= int(year_param) <= today.year + 1
    year = int(year_param) if valid else today.year
    rows = selectors.compliance(request.user, year)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            f"cumplimiento-comites-{year}.xlsx",
            [
                (
                    f"Cumplimiento {year}",
                    [
                        "Entidad",
                        "Comité",
                        "Frecuencia",
                        "Sesiones requeridas en el año",
                        "Esperadas a la fecha",
                        "Sesiones realizadas",
                        "Compromisos abiertos",
                        "Compromisos vencidos",
                    ],
                    (
                        [
                            r.committee.entity.name,
                            r.committee.name,
                            r.committee.get_sessions_per_year_display(),
                            r.required_year,
                            r.expected_to_date,
                            r.held,
                            r.open_commitments,
                            r.overdue_commitments,
                        ]
                        for r in rows
                    ),
                )
            ],
        )
    return render(request, "institutional/compliance.html", {"rows": rows, "year": year})
