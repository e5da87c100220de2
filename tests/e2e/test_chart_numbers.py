"""Charts print figures as Colombians read them, with the decimals of the tables next to them (issue 11.2):
axis ticks, value labels, tooltips and the heat map's cells say "79,3", never "79.3". The texts are read
from what ECharts actually drew (its display list), after a tooltip is shown."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from mipg.organizations.models import Entity

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Every text drawn in a chart (axis labels, value labels, legend, the richText tooltip) once a tooltip shows.
DRAWN_TEXTS = """
async ([id, series]) => {
  const chart = echarts.getInstanceByDom(document.getElementById(id));
  chart.dispatchAction({ type: "showTip", seriesIndex: series, dataIndex: 0 });
  await new Promise((resolve) => setTimeout(resolve, 400));
  const texts = [];
  const collect = (element) => {
    if (element.style && element.style.text !== undefined && element.style.text !== null) {
      texts.push(String(element.style.text));
    }
    if (element.childrenRef) { element.childrenRef().forEach(collect); }
  };
  chart.getZr().storage.getDisplayList(true).forEach(collect);
  return texts;
}
"""
ENGLISH_DECIMAL = re.compile(r"\d\.\d")
COLOMBIAN_DECIMAL = re.compile(r"\d,\d")


@pytest.fixture
def admin_page(browser, live_server, monkeypatch):
    monkeypatch.setenv("MIPG_ADMIN_PASSWORD", "Clave-Demo-Prueba-1")
    call_command("demo", stdout=io.StringIO())
    client = Client()
    client.force_login(get_user_model().objects.get(username="admin"))
    context = browser.new_context(
        locale="es-CO", base_url=live_server.url, viewport={"width": 1280, "height": 900}
    )
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    context.set_default_timeout(15000)
    yield context.new_page()
    context.close()


def drawn(page, chart_id: str, series: int = 0) -> list[str]:
    page.wait_for_selector(f"#{chart_id} canvas")
    page.wait_for_timeout(900)  # the entry animation
    return page.evaluate(DRAWN_TEXTS, [chart_id, series])


def assert_es_co(texts: list[str], chart_id: str) -> None:
    english = [text for text in texts if ENGLISH_DECIMAL.search(text)]
    assert english == [], (chart_id, english)
    assert any(COLOMBIAN_DECIMAL.search(text) for text in texts), (chart_id, texts[:40])


def test_dashboard_charts_print_es_co_figures_with_the_tables_decimals(admin_page):
    page = admin_page
    ugg = Entity.objects.get(acronym="MDN-UGG")
    page.goto(f"/tableros/entidad/{ugg.pk}/")
    for chart_id in ("chart-policies", "chart-radar", "chart-evolution"):
        texts = drawn(page, chart_id)
        assert_es_co(texts, chart_id)
    # The value axis ticks are whole numbers without decimals ("20", not "20,0").
    assert {"0", "20", "40", "60", "80", "100"} <= set(drawn(page, "chart-policies"))

    page.goto(f"/tableros/sector/{ugg.sector_id}/")
    heat = drawn(page, "chart-heatmap")
    assert_es_co(heat, "chart-heatmap")
    # The first cell of the table and of the chart print the same figure.
    first_cell = (
        page.locator("table.heat tbody tr").first.locator("td").first.inner_text().split("\n")[0].strip()
    )
    if COLOMBIAN_DECIMAL.search(first_cell):
        assert first_cell in heat
    ranking = drawn(page, "chart-ranking")
    assert_es_co(ranking, "chart-ranking")
    top = page.evaluate("JSON.parse(document.getElementById('heatmap-data').textContent).ranking[0][1]")
    expected = f"{top:.1f}".replace(".", ",")
    assert expected in ranking, "the ranking's label shows the score with one decimal"
