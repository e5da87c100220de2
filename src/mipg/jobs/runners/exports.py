"""Export of a whole vigencia of official results (CSV, JSON or xlsx) to a stored file: the same wide
rows and writers as the API's streamed export (`/api/v1/results/export/`), reporting progress by entity."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from . import Outcome

FORMATS = ("csv", "json", "xlsx")
STEP = 200  # entities between two progress lines
# The xlsx names its identity columns as the CSV of the same export does.
XLSX_IDENTITY = [
    "codigo_sigep",
    "entidad",
    "naturaleza_juridica",
    "departamento",
    "municipio",
    "grupo_par",
    "tipo_formulario",
]


def _counted(rows, total: int, progress):
    done = 0
    for row in rows:
        yield row
        done += 1
        if done % STEP == 0 and total:
            progress(
                5 + int(85 * done / total),
                _("%(done)s de %(total)s entidades escritas.")
                % {
                    "done": done,
                    "total": total,
                },
            )


def _number(cell):
    """A score cell of `exporter.wide_rows` as a number, or empty ("no aplica" or not measured)."""
    return float(cell) if isinstance(cell, str) else None


def vigencia_export(*, job, progress) -> Outcome:
    from mipg.core.db_router import reading_from_replica
    from mipg.core.xlsx import build_workbook
    from mipg.measurement.results import exporter
    from mipg.measurement.results.models import Score
    from mipg.measurement.results.selectors import synthetic_vigencias

    vigencia, fmt = int(job.params["vigencia"]), job.params["fmt"]
    if fmt not in FORMATS:
        raise ValidationError(_("Formato no soportado: use csv, json o xlsx."))
    with reading_from_replica():  # as the API's export: the replica, when there is one
        scores = Score.objects.filter(vigencia=vigencia)
        codes = exporter.vigencia_codes(vigencia)
        if not codes:
            raise ValidationError(
                _("No hay resultados importados para la vigencia %(year)s.") % {"year": vigencia}
            )
        total = scores.values("subject_id").distinct().count()
        progress(5, _("%(n)s entidades y %(c)s índices por exportar.") % {"n": total, "c": len(codes)})
        rows = _counted(exporter.wide_rows(vigencia, codes), total, progress)
        synthetic = vigencia in synthetic_vigencias()
        if fmt == "csv":
            content = "".join(exporter.csv_stream(codes, rows, synthetic=synthetic)).encode("utf-8")
        elif fmt == "json":
            content = "".join(exporter.json_stream(vigencia, codes, rows, synthetic=synthetic)).encode(
                "utf-8"
            )
        else:
            headers = [*XLSX_IDENTITY, *codes, "datos_sinteticos"]
            flag = "si" if synthetic else "no"
            # Scores come as the database's text ("80.0"); the workbook keeps them as numbers.
            body = ([*identity, *[_number(cell) for cell in cells], flag] for identity, cells in rows)
            content = build_workbook([(str(vigencia), headers, body)])
    progress(95, _("Archivo listo (%(kb)s KB).") % {"kb": max(1, len(content) // 1024)})
    return Outcome(
        summary=_("Vigencia %(year)s: %(n)s entidades, %(c)s índices, formato %(fmt)s.")
        % {"year": vigencia, "n": total, "c": len(codes), "fmt": fmt.upper()},
        file_name=f"resultados-{vigencia}.{fmt}",
        content=content,
    )
