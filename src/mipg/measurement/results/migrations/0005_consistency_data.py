"""Data written before the consistency fixes (issue 11 items 6 and 7):
- an action returned "no eficaz" was shown at 99 %: its percentage goes back to the execution its latest
  progress report states;
- the demo's synthetic results (imported with is_demo, from "DATOS SINTÉTICOS" workbooks) get the flag."""

from django.db import migrations


def forwards(apps, schema_editor):
    ImprovementAction = apps.get_model("results", "ImprovementAction")
    ActionProgress = apps.get_model("results", "ActionProgress")
    for action in ImprovementAction.objects.filter(status="not_effective"):
        latest = (
            ActionProgress.objects.filter(action=action).order_by("-reported_at", "-pk").first()
        )
        if latest is not None and latest.percent != action.progress:
            ImprovementAction.objects.filter(pk=action.pk).update(progress=latest.percent)
    apps.get_model("results", "ResultImport").objects.filter(is_demo=True).update(synthetic=True)
    apps.get_model("results", "ResultVersion").objects.filter(is_demo=True).update(synthetic=True)


class Migration(migrations.Migration):
    dependencies = [
        ("results", "0004_synthetic_results"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
