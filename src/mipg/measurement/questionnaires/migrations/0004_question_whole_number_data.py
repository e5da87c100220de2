"""Numeric questions already loaded that count things ("¿Cuántos…?", "número de…") take whole numbers only,
as the importer now decides for new questionnaires."""

from django.db import migrations


def forwards(apps, schema_editor):
    from mipg.measurement.questionnaires.scoring import looks_count

    Question = apps.get_model("questionnaires", "Question")
    numeric = Question.objects.filter(qtype__in=["abierta_numerica", "seleccion_multiple_numerica"])
    counting = [pk for pk, text in numeric.values_list("pk", "text") if looks_count(text)]
    Question.objects.filter(pk__in=counting).update(whole_number=True)


class Migration(migrations.Migration):
    dependencies = [("questionnaires", "0003_question_whole_number")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
