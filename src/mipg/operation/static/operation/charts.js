/* Bar/line charts of Operación drawn with the bundled ECharts; every chart also has a table on the page.
   Tooltips are drawn in the canvas (renderMode "richText"): HTML tooltips need inline styles the CSP refuses. */
(function () {
  function draw(el) {
    if (!window.echarts) { return; }
    var data = JSON.parse(document.getElementById(el.dataset.source).textContent);
    var chart = window.echarts.init(el);
    var series;
    if (el.dataset.kind === "indicator") {
      series = [
        { name: data.labels.value, type: "line", data: data.values, connectNulls: true, symbolSize: 8 },
        { name: data.labels.target, type: "line", data: data.targets, connectNulls: true, lineStyle: { type: "dashed" } }
      ];
      // Figures as Colombians read them (1.250,5), like the table below the chart (core/echarts-theme.js).
      var number = window.mipgCifras.number;
      chart.setOption({ tooltip: { trigger: "axis", renderMode: "richText", valueFormatter: number }, legend: {},
        xAxis: { type: "category", data: data.periods },
        yAxis: { type: "value", axisLabel: { formatter: number } }, series: series });
    } else {
      series = [
        { name: data.labels.progress, type: "bar", data: data.progress },
        { name: data.labels.expected, type: "bar", data: data.expected }
      ];
      chart.setOption({ tooltip: { trigger: "axis", renderMode: "richText", valueFormatter: window.mipgCifras.percent },
        legend: {}, grid: { containLabel: true },
        xAxis: { type: "category", data: data.names, axisLabel: { interval: 0, rotate: data.names.length > 8 ? 45 : 0 } },
        yAxis: { type: "value", max: 100, axisLabel: { formatter: window.mipgCifras.tick } }, series: series });
    }
    window.addEventListener("resize", function () { chart.resize(); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-chart]").forEach(draw);
  });
})();
