/* Dashboard charts (Apache ECharts from our static files). Every chart has a table twin in the page.
   Tooltips use renderMode "richText" (drawn in the canvas): ECharts' HTML tooltips carry style=""
   attributes, which the Content-Security-Policy (style-src 'self') refuses. */
(function () {
  "use strict";
  function read(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }
  function mount(id) {
    var node = document.getElementById(id);
    if (!node || typeof echarts === "undefined") { return null; }
    // Height grows with the rows (data-min-height, in px); set through the DOM, which the CSP allows.
    if (node.dataset.minHeight) { node.style.minHeight = node.dataset.minHeight + "px"; }
    // One row per entity (data-rows): 26 px a row plus room for the axis labels.
    if (node.dataset.rows) { node.style.height = (Number(node.dataset.rows) * 26 + Number(node.dataset.extra || 60)) + "px"; }
    var chart = echarts.init(node);
    window.addEventListener("resize", function () { chart.resize(); });
    return chart;
  }
  // es-CO figures with the tables' decimals (core/echarts-theme.js): "79,3" in ticks, tooltips and labels.
  var cifras = window.mipgCifras;
  var score = cifras.score;
  var scoreLabel = function (params) { return score(params.value); };
  var scoreAxis = function () { return { type: "value", min: 0, max: 100, axisLabel: { formatter: cifras.tick } }; };
  var charts = read("chart-data");
  if (charts) {
    var bar = mount("chart-policies");
    if (bar) {
      bar.setOption({
        tooltip: { trigger: "axis", renderMode: "richText", valueFormatter: score },
        legend: { data: ["Entidad", "Mediana del grupo par"] },
        grid: { left: 40, right: 10, bottom: 60 },
        xAxis: { type: "category", data: charts.policies.labels, axisLabel: { rotate: 60 } },
        yAxis: scoreAxis(),
        series: [
          { name: "Entidad", type: "bar", data: charts.policies.own },
          { name: "Mediana del grupo par", type: "bar", data: charts.policies.median }
        ]
      });
    }
    var radar = mount("chart-radar");
    if (radar) {
      radar.setOption({
        tooltip: { renderMode: "richText", valueFormatter: score },
        legend: { data: ["Entidad", "Mediana del grupo par"], bottom: 0 },
        radar: { indicator: charts.radar.labels.map(function (l) { return { name: l, max: 100 }; }) },
        series: [{ type: "radar", data: [
          { name: "Entidad", value: charts.radar.own },
          { name: "Mediana del grupo par", value: charts.radar.median }
        ] }]
      });
    }
    var line = mount("chart-evolution");
    if (line) {
      var names = Object.keys(charts.evolution.series);
      line.setOption({
        tooltip: { trigger: "axis", renderMode: "richText", valueFormatter: score }, legend: { data: names },
        grid: { left: 40, right: 10 },
        xAxis: { type: "category", data: charts.evolution.years },
        yAxis: scoreAxis(),
        series: names.map(function (n) { return { name: n, type: "line", data: charts.evolution.series[n], connectNulls: false }; })
      });
    }
  }
  var heat = read("heatmap-data");
  if (heat) {
    // Band colours come from the legend swatches (dashboards.css), so chart, legend and table agree.
    var bandColour = function (band, fallback) {
      var swatch = document.querySelector(".heat-legend .swatch.band-" + band);
      return swatch ? window.getComputedStyle(swatch).backgroundColor : fallback;
    };
    var narrow = function (node) { return node.clientWidth < 520; };
    // Label width for entity names: whole names on a desk, shortened on a phone (the table has them all).
    var labelWidth = function (node) { return Math.max(90, Math.min(260, Math.round(node.clientWidth * 0.38))); };
    var hm = mount("chart-heatmap");
    if (hm) {
      var hmNode = document.getElementById("chart-heatmap");
      hm.setOption({
        tooltip: { position: "top", renderMode: "richText",
                   formatter: function (p) {
                     return heat.entities[p.value[1]] + " · " + heat.policies[p.value[0]] + ": " +
                       (p.value[2] === "-" ? "no aplica" : score(p.value[2]));
                   } },
        // containLabel keeps long names (e.g. HOTEL TEQUENDAMA) inside the chart; the legend is the HTML
        // list under the chart, so nothing overlaps the axis labels.
        grid: { left: 8, right: 8, bottom: 8, top: 8, containLabel: true },
        xAxis: { type: "category", data: heat.policies, position: "top",
                 axisLabel: { rotate: narrow(hmNode) ? 90 : 45, interval: 0 } },
        yAxis: { type: "category", data: heat.entities, inverse: true,
                 axisLabel: { interval: 0, width: labelWidth(hmNode), overflow: "truncate" } },
        visualMap: { show: false, type: "piecewise", dimension: 2,
                     pieces: [
                       { min: 85, max: 100, color: bandColour("high", "#b7e1cd") },
                       { min: 70, lt: 85, color: bandColour("good", "#d9ead3") },
                       { min: 50, lt: 70, color: bandColour("mid", "#fce8b2") },
                       { min: 0, lt: 50, color: bandColour("low", "#f4c7c3") }
                     ],
                     outOfRange: { color: bandColour("na", "#eeeeee") } },
        series: [{ type: "heatmap", data: heat.cells.map(function (c) { return [c[0], c[1], c[2] === null ? "-" : c[2]]; }),
                   itemStyle: { borderColor: "#ffffff", borderWidth: 1 },
                   label: { show: !narrow(hmNode), color: "#1b1b1b", fontSize: 10,
                            formatter: function (p) { return p.value[2] === "-" ? "-" : score(p.value[2]); } } }]
      });
    }
    var rk = mount("chart-ranking");
    if (rk) {
      var rkNode = document.getElementById("chart-ranking");
      rk.setOption({
        tooltip: { trigger: "axis", renderMode: "richText", valueFormatter: score },
        grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
        xAxis: scoreAxis(),
        // interval 0: every entity name is shown (the chart's height grows with the rows)
        yAxis: { type: "category", data: heat.ranking.map(function (r) { return r[0]; }), inverse: true,
                 axisLabel: { interval: 0, width: labelWidth(rkNode), overflow: "truncate" } },
        series: [{ type: "bar", data: heat.ranking.map(function (r) { return r[1]; }),
                   itemStyle: { color: "#1f5f99" }, label: { show: true, position: "right", formatter: scoreLabel } }]
      });
    }
  }
})();
