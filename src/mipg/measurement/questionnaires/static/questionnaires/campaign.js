/* Campaign page: progress and internal estimate by module (ECharts). The data come from the
   `module-chart-data` json_script element and the series names from data- attributes of the chart,
   so that no script is written inline (Content-Security-Policy: script-src 'self'). */
(function () {
  "use strict";
  var source = document.getElementById("module-chart-data");
  var node = document.getElementById("module-chart");
  if (!window.echarts || !source || !node) { return; }
  var data = JSON.parse(source.textContent);
  if (!data.labels || !data.labels.length) { return; }
  var progress = node.dataset.labelProgress, estimate = node.dataset.labelEstimate;
  var chart = window.echarts.init(node);
  chart.setOption({
    // Percentages as the table shows them ("62,5 %", core/echarts-theme.js).
    tooltip: { trigger: "axis", renderMode: "richText", valueFormatter: window.mipgCifras.percent },
    legend: { data: [progress, estimate] },
    grid: { left: 200, right: 20 },
    xAxis: { type: "value", max: 100, axisLabel: { formatter: window.mipgCifras.tick } },
    yAxis: { type: "category", data: data.labels, inverse: true },
    series: [
      { name: progress, type: "bar", data: data.progress },
      { name: estimate, type: "bar", data: data.estimate }
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
