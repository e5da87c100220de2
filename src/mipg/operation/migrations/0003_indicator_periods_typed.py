"""Indicator periods were free text; they become typed values (the canonical code of the indicator's
frequency: 2026-03, 2026-T1, 2026-S1 or 2026). What can be read is rewritten ("2026 T1", "T1-2026",
"I trimestre 2026", "marzo 2026"); what cannot be read, or would collide with a period already stored, is
left as it was and listed in the output so that planeación corrects it on the indicator's page."""

from django.core.exceptions import ValidationError
from django.db import migrations


def forwards(apps, schema_editor):
    from mipg.operation.periods import parse_period

    unread = []
    for model_name in ("IndicatorTarget", "IndicatorMeasurement"):
        model = apps.get_model("operation", model_name)
        rows = model.objects.select_related("indicator").order_by("indicator_id", "pk")
        taken = set(rows.values_list("indicator_id", "period"))
        for row in rows:
            try:
                code = parse_period(row.period, row.indicator.frequency, lenient=True).code
            except ValidationError:
                unread.append(f"{model_name} {row.pk}: {row.period!r}")
                continue
            if code == row.period:
                continue
            if (row.indicator_id, code) in taken:
                unread.append(f"{model_name} {row.pk}: {row.period!r} (duplicates {code})")
                continue
            taken.discard((row.indicator_id, row.period))
            taken.add((row.indicator_id, code))
            row.period = code
            row.save(update_fields=["period"])
    if unread:
        print("\n  Indicator periods left as free text (correct them on the indicator page):")
        for line in unread:
            print(f"    {line}")


class Migration(migrations.Migration):
    dependencies = [("operation", "0002_ranges_and_typed_values")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
