"""Contrast that axe-core does not measure (issue 11.16, checked by hand before): every focus indicator
reached with the Tab key has 3:1 against the background around it (WCAG 2.4.7/1.4.11), and the charts'
series colours have 3:1 and their axis, legend and radar labels 4.5:1 against the white chart."""

import pytest

from mipg.organizations.models import Entity

from .test_chart_numbers import admin_page  # noqa: F401 (the demo, signed in as its administrator)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CONTRAST = """
window.__contrast = (a, b) => {
  const lum = (c) => {
    const [r, g, b] = c.map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
};
window.__rgb = (text) => {
  if (text.startsWith("#")) {
    const hex = text.length === 4 ? text.slice(1).split("").map((c) => c + c).join("") : text.slice(1, 7);
    return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
  }
  return (text.match(/[\\d.]+/g) || []).slice(0, 3).map(Number);
};
"""


# The focused element's outline colour against the first opaque background around it (the outline is
# drawn outside the element, 2px off, on that background).
RING = """
() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  let around = "rgb(255, 255, 255)";
  for (let node = el.parentElement; node; node = node.parentElement) {
    const colour = getComputedStyle(node).backgroundColor;
    const parts = colour.match(/[\\d.]+/g) || [];
    if (parts.length === 3 || Number(parts[3]) > 0.5) { around = colour; break; }
  }
  const visible = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
  const ring = visible ? style.outlineColor : null;
  const name = el.tagName + " " + (el.textContent || el.name || el.id || "").trim().slice(0, 30);
  return { name, ring, around,
           ratio: ring ? window.__contrast(window.__rgb(ring), window.__rgb(around)) : 0 };
}
"""


def test_every_focus_indicator_has_3_to_1_against_its_background(admin_page):  # noqa: F811
    page = admin_page
    page.add_init_script(CONTRAST)
    checked = 0
    for path in ("/", "/cuenta/clave/", "/operacion/"):
        page.goto(path)
        for _ in range(45):
            page.keyboard.press("Tab")
            ring = page.evaluate(RING)
            if ring["name"].startswith("BODY"):
                break
            assert ring["ring"], (path, ring)
            assert ring["ratio"] >= 3, (path, ring)
            checked += 1
    assert checked > 40


CHART_COLOURS = """
() => {
  const out = {};
  for (const id of ["chart-policies", "chart-radar", "chart-evolution"]) {
    const option = echarts.getInstanceByDom(document.getElementById(id)).getOption();
    const white = [255, 255, 255];
    const ratio = (c) => window.__contrast(window.__rgb(c), white);
    out[id] = {
      series: option.color.map(ratio),
      labels: [
        ...(option.xAxis || []).map((a) => a.axisLabel.color),
        ...(option.yAxis || []).map((a) => a.axisLabel.color),
        ...(option.legend || []).map((l) => l.textStyle.color),
        ...(option.radar || []).map((r) => r.axisName.color),
      ].filter(Boolean).map(ratio),
    };
  }
  return out;
}
"""


def test_chart_series_and_labels_meet_their_contrast(admin_page):  # noqa: F811
    page = admin_page
    page.add_init_script(CONTRAST)
    ugg = Entity.objects.get(acronym="MDN-UGG")
    page.goto(f"/tableros/entidad/{ugg.pk}/")
    page.wait_for_selector("#chart-evolution canvas")
    found = page.evaluate(CHART_COLOURS)
    for chart, ratios in found.items():
        assert ratios["series"] and min(ratios["series"]) >= 3, (chart, ratios)
        assert ratios["labels"] and min(ratios["labels"]) >= 4.5, (chart, ratios)
