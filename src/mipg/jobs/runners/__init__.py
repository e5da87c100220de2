"""What each kind of job runs. A runner is `run(*, job, progress) -> Outcome`: it calls the same code the
page used to run during the request (services stay the one place of the rules and of the transaction that
makes the work all-or-nothing), reports `progress(percent, line)` between steps, and returns what the
user gets: a file, a summary and/or a link."""

from dataclasses import dataclass

RUNNERS = {
    "resultados": "mipg.jobs.runners.imports.confirm_staged",
    "recomendaciones": "mipg.jobs.runners.imports.confirm_staged",
    "exportacion_vigencia": "mipg.jobs.runners.exports.vigencia_export",
    "informe_sector": "mipg.jobs.runners.documents.sector_pdf",
    "campana_sectorial": "mipg.jobs.runners.campaigns.sector_campaign",
    "acta_pdf": "mipg.jobs.runners.documents.acta_pdf",
}


@dataclass
class Outcome:
    summary: str = ""
    file_name: str = ""
    content: bytes | None = None
    url: str = ""
