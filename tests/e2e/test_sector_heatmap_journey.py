"""The sector heat map and ranking in a real browser (issue 11.15), on the demo sector as the Minister
(`presidente`, president of the Comité Sectorial, who sees the whole sector: issue 11.9): chart cells take
the colour of the legend and of the table's bands, the legend sits below the chart, long names such as
"HOTEL TEQUENDAMA" fit, the ranking names every entity and the phone view (375 px) does not scroll
sideways. Screenshots go to MIPG_SCREENSHOTS (a directory) when it is set."""

import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command

from mipg.organizations.models import Entity

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "Clave-Demo-Prueba-1"

# For each heat-map cell drawn: the pixel colour near its corner and the band colour of the same cell in the
# table (entities and policies in the same order as the chart's axes).
CELL_COLOURS = """
() => {
  const node = document.getElementById("chart-heatmap");
  const chart = echarts.getInstanceByDom(node);
  const data = JSON.parse(document.getElementById("heatmap-data").textContent);
  const canvas = node.querySelector("canvas");
  const ratio = canvas.width / canvas.clientWidth;
  const context = canvas.getContext("2d");
  const rows = document.querySelectorAll("table.heat tbody tr");
  const out = [];
  const [x0, y0] = chart.convertToPixel({ seriesIndex: 0 }, [0, 0]);
  const [x1, y1] = chart.convertToPixel({ seriesIndex: 0 }, [1, 1]);
  for (const [x, y, value] of data.cells) {
    const [cx, cy] = chart.convertToPixel({ seriesIndex: 0 }, [x, y]);
    // a point near the cell's corner, away from the printed value
    const px = cx - (x1 - x0) * 0.35, py = cy - (y1 - y0) * 0.3;
    const pixel = context.getImageData(Math.round(px * ratio), Math.round(py * ratio), 1, 1).data;
    const cell = rows[y].querySelectorAll("td")[x];
    const want = getComputedStyle(cell).backgroundColor.match(/\\d+/g).slice(0, 3).map(Number);
    out.push({ value, got: [pixel[0], pixel[1], pixel[2]], want });
  }
  return out;
}
"""

LABEL_ROOM = """
(id) => {
  const node = document.getElementById(id);
  const chart = echarts.getInstanceByDom(node);
  const option = chart.getOption();
  const names = option.yAxis[0].data;
  const plotLeft = chart.convertToPixel({ gridIndex: 0 }, [0, 0])[0];
  const context = document.createElement("canvas").getContext("2d");
  context.font = "12px sans-serif";
  const widest = Math.max(...names.map((n) => context.measureText(n).width));
  return { names, plotLeft, widest, interval: option.yAxis[0].axisLabel.interval,
           height: node.clientHeight };
}
"""


@pytest.fixture
def minister(page, monkeypatch, sign_in):
    monkeypatch.setenv("MIPG_ADMIN_PASSWORD", PASSWORD)
    call_command("demo", stdout=io.StringIO())
    sign_in("presidente", PASSWORD)
    return page


def _shot(page, name):
    folder = os.environ.get("MIPG_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / name), full_page=True)


def _wait_for_charts(page):
    for selector in ("#chart-heatmap canvas", "#chart-ranking canvas"):
        page.wait_for_selector(selector)
    page.wait_for_timeout(800)  # ECharts' entry animation


def test_sector_heat_map_reads_well_on_a_desk_and_on_a_phone(minister):
    page = minister
    sector_id = Entity.objects.get(acronym="MDN-UGG").sector_id
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/tableros/sector/{sector_id}/")
    _wait_for_charts(page)
    _shot(page, "sector-desk.png")
    html = page.content()
    assert "Su acceso cubre" not in html  # the Minister sees the whole sector

    cells = page.evaluate(CELL_COLOURS)
    assert len(cells) > 100
    for cell in cells:  # chart, table and legend share the band colours (anti-aliasing aside)
        assert all(abs(g - w) <= 6 for g, w in zip(cell["got"], cell["want"], strict=True)), cell

    chart_box = page.locator("#chart-heatmap").bounding_box()
    legend_box = page.locator(".heat-legend").bounding_box()
    assert legend_box["y"] >= chart_box["y"] + chart_box["height"]  # the legend never covers labels

    for chart_id in ("chart-heatmap", "chart-ranking"):
        room = page.evaluate(LABEL_ROOM, chart_id)
        assert "HOTEL TEQUENDAMA" in room["names"]
        assert room["interval"] == 0  # every entity named
        assert room["plotLeft"] >= room["widest"]  # the longest name fits left of the plot
        assert room["height"] >= 20 * len(room["names"])

    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"/tableros/sector/{sector_id}/")
    _wait_for_charts(page)
    _shot(page, "sector-phone.png")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # no sideways page scroll
    for chart_id in ("chart-heatmap", "chart-ranking"):
        room = page.evaluate(LABEL_ROOM, chart_id)
        assert room["interval"] == 0 and room["height"] >= 20 * len(room["names"])
        assert room["plotLeft"] <= 375 * 0.5  # the plot keeps at least half the phone's width
