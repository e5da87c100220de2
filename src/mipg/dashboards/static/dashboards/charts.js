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
    var chart = echarts.init(node);
    window.addEventListener("resize", function () { chart.resize(); });
    return chart;
  }
  var charts = read("chart-data");
  if (charts) {
    var bar = mount("chart-policies");
    if (bar) {
      bar.setOption({
        tooltip: { trigger: "axis", renderMode: "richText" }, legend: { data: ["Entidad", "Mediana del grupo par"] },
        grid: { left: 40, right: 10, bottom: 60 },
        xAxis: { type: "category", data: charts.policies.labels, axisLabel: { rotate: 60 } },
        yAxis: { type: "value", min: 0, max: 100 },
        series: [
          { name: "Entidad", type: "bar", data: charts.policies.own },
          { name: "Mediana del grupo par", type: "bar", data: charts.policies.median }
        ]
      });
    }
    var radar = mount("chart-radar");
    if (radar) {
      radar.setOption({
        tooltip: { renderMode: "richText" }, legend: { data: ["Entidad", "Mediana del grupo par"], bottom: 0 },
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
        tooltip: { trigger: "axis", renderMode: "richText" }, legend: { data: names },
        grid: { left: 40, right: 10 },
        xAxis: { type: "category", data: charts.evolution.years },
        yAxis: { type: "value", min: 0, max: 100 },
        series: names.map(function (n) { return { name: n, type: "line", data: charts.evolution.series[n], connectNulls: false }; })
      });
    }
  }
  var heat = read("heatmap-data");
  if (heat) {
    var hm = mount("chart-heatmap");
    if (hm) {
      hm.setOption({
        tooltip: { position: "top", renderMode: "richText" },
        grid: { left: 120, right: 10, bottom: 70, top: 10 },
        xAxis: { type: "category", data: heat.policies, axisLabel: { rotate: 60 } },
        yAxis: { type: "category", data: heat.entities, inverse: true },
        visualMap: { min: 0, max: 100, calculable: true, orient: "horizontal", left: "center", bottom: 0,
                     inRange: { color: ["#b2182b", "#f4a582", "#fddbc7", "#d1e5f0", "#2166ac"] } },
        series: [{ type: "heatmap", data: heat.cells, label: { show: false } }]
      });
    }
    var rk = mount("chart-ranking");
    if (rk) {
      rk.setOption({
        tooltip: { trigger: "axis", renderMode: "richText" }, grid: { left: 120, right: 20 },
        xAxis: { type: "value", min: 0, max: 100 },
        yAxis: { type: "category", data: heat.ranking.map(function (r) { return r[0]; }), inverse: true },
        series: [{ type: "bar", data: heat.ranking.map(function (r) { return r[1]; }) }]
      });
    }
  }
})();
