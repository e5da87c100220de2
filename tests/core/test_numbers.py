"""The one es-CO number parser and formatter, the range validators and the figures shown to people."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.utils import formats, translation
from openpyxl import load_workbook

from mipg.core.numbers import (
    CountField,
    DecimalField,
    format_number,
    format_percent,
    format_score,
    parse_count,
    parse_decimal,
)
from mipg.core.validators import reasonable_date, reasonable_year
from mipg.core.xlsx import build_workbook


@pytest.mark.parametrize(
    "text,expected",
    [
        ("1.250", Decimal("1250")),
        ("1250", Decimal("1250")),
        ("1.250,5", Decimal("1250.5")),
        ("1250,5", Decimal("1250.5")),
        ("3.200", Decimal("3200")),
        ("70,5", Decimal("70.5")),
        ("1.250.000,25", Decimal("1250000.25")),
        ("0,5", Decimal("0.5")),
        ("-3,2", Decimal("-3.2")),
        ("  12 ", Decimal("12")),
        ("", None),
        (None, None),
    ],
)
def test_parser_reads_what_colombians_type(text, expected):
    assert parse_decimal(text) == expected


@pytest.mark.parametrize(
    "text",
    ["1,250.5", "1.25", "12.50,3", "1..2", "1,2,3", "abc", "1.2.3", "1250.5", "1,", ",5", "--1", "1e5"],
)
def test_parser_refuses_ambiguous_or_malformed_text_in_spanish(text):
    with pytest.raises(ValidationError) as info:
        parse_decimal(text)
    assert "no es un número válido" in info.value.messages[0]
    assert "1.250,5" in info.value.messages[0]


def test_numbers_stay_numbers_and_counts_refuse_decimals():
    assert parse_decimal(1250.5) == Decimal("1250.5")
    assert parse_decimal(Decimal("3.2")) == Decimal("3.2")
    assert parse_count("1.250") == 1250
    with pytest.raises(ValidationError, match="entero"):
        parse_count("1250,5")
    with pytest.raises(ValidationError, match="entero"):
        parse_count(1250.5)
    with pytest.raises(ValidationError, match="negativo"):
        parse_count("-3")
    with pytest.raises(ValidationError, match="como máximo 2 decimales"):
        parse_decimal("1,255", decimals=2)
    with pytest.raises(ValidationError, match="menor o igual a 100"):
        parse_decimal("100,5", maximum=100)
    with pytest.raises(ValidationError, match="«Peso»: "):
        parse_decimal("x", label="Peso")
    with pytest.raises(ValidationError):
        parse_decimal(True)


def test_formatter_writes_es_co_with_one_number_of_decimals_per_kind():
    assert format_number(Decimal("1250.50")) == "1.250,5"
    assert format_number(Decimal("1250.5"), 2) == "1.250,50"
    assert format_number(-1234567.891, 2) == "-1.234.567,89"
    assert format_score(69) == "69,0"
    assert format_score(Decimal("2.35"), sign=True) == "+2,4"
    assert format_score(Decimal("-1.0"), sign=True) == "-1,0"
    assert format_score(0, sign=True) == "0,0"
    assert format_percent(Decimal("62.5")) == "62,5 %"


def test_template_filters_show_figures_in_es_co():
    template = Template(
        "{% load cifras %}{{ a|numero }}|{{ b|puntaje }}|{{ c|cambio }}|{{ none|puntaje:'no aplica' }}|"
        "{{ d|conteo }}|{{ e|porcentaje }}|{{ none|numero }}"
    )
    rendered = template.render(
        Context({"a": Decimal("1250.50"), "b": 69.0, "c": Decimal("3.0"), "none": None, "d": 1250, "e": 99})
    )
    assert rendered == "1.250,5|69,0|+3,0|no aplica|1.250|99,0 %|—"


def test_form_fields_are_text_inputs_that_say_the_format():
    field = DecimalField(label="Valor", decimals=2, min_value=0)
    html = field.widget.render("valor", Decimal("1250.5"))
    assert 'type="text"' in html and 'inputmode="decimal"' in html and 'placeholder="1.250,5"' in html
    assert "1.250,5" in str(field.help_text)
    assert field.clean("1.250,5") == Decimal("1250.5")
    with pytest.raises(ValidationError):
        field.clean("1,250.5")
    count = CountField(label="Personas")
    assert 'inputmode="numeric"' in count.widget.render("n", None)
    assert count.clean("1.250") == 1250
    with pytest.raises(ValidationError, match="entero"):
        count.clean("1250,5")


@pytest.mark.parametrize(
    "value,ok",
    [
        (datetime.date(1, 1, 1), False),
        (datetime.date(9999, 12, 31), False),
        (datetime.date(1999, 12, 31), False),
        (datetime.date(2000, 1, 1), True),
        (datetime.date(2100, 12, 31), True),
    ],
)
def test_reasonable_dates_and_years(value, ok, settings):
    if ok:
        reasonable_date(value)
        reasonable_year(value.year)
    else:
        with pytest.raises(ValidationError, match="entre los años 2000 y 2100"):
            reasonable_date(value)
        with pytest.raises(ValidationError):
            reasonable_year(value.year)
    settings.MIPG_YEAR_RANGE = (1990, 2200)
    reasonable_date(datetime.date(1999, 12, 31))


def test_month_names_are_lower_case():
    with translation.override("es-co"):
        assert formats.localize(datetime.date(2026, 11, 27)) == "27 de noviembre de 2026"
        assert formats.date_format(datetime.date(2026, 3, 2), "l j \\d\\e F") == "lunes 2 de marzo"


def test_xlsx_exports_keep_numbers_and_dates_typed():
    content = build_workbook(
        [("Hoja", ["a", "b", "c", "d"], [[Decimal("1250.5"), datetime.date(2026, 11, 27), 2026, 69.0]])]
    )
    sheet = load_workbook(io.BytesIO(content)).active
    number, day, year, score = (cell for cell in sheet[2])
    assert number.value == 1250.5 and number.number_format == "#,##0.0"
    assert day.value.date() == datetime.date(2026, 11, 27) and day.number_format == "dd/mm/yyyy"
    assert year.value == 2026 and year.number_format == "General"
    assert score.value == 69.0 and score.number_format == "#,##0"


def test_every_numeric_input_of_the_app_uses_the_one_parser():
    """No form field of the app reads numbers with Django's own fields (which take "1.250" as 1,25), and
    no template has an <input type="number"> (which browsers read with their own locale rules)."""
    import importlib
    import inspect
    from pathlib import Path

    from django import forms

    import mipg

    root = Path(mipg.__file__).parent
    offenders = []
    for path in root.rglob("forms.py"):
        module = importlib.import_module("mipg." + ".".join(path.relative_to(root).with_suffix("").parts))
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                for field_name, field in cls.base_fields.items():
                    if isinstance(field, (forms.IntegerField, forms.DecimalField, forms.FloatField)):
                        offenders.append(f"{module.__name__}.{name}.{field_name}")
    for path in root.rglob("templates/**/*.html"):
        if 'type="number"' in path.read_text(encoding="utf-8"):
            offenders.append(str(path.relative_to(root)))
    assert offenders == []
