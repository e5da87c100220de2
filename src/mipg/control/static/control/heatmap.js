/* Heat maps of Control interno drawn with the bundled ECharts from data given by json_script;
   every chart has the same data as an accessible table on the page. */
(function () {
  function draw(el) {
    if (!window.echarts) { return; }
    var all = JSON.parse(document.getElementById(el.dataset.source).textContent);
    var data = all[el.dataset.which];
    var chart = window.echarts.init(el);
    chart.setOption({
      tooltip: { formatter: function (p) { return data.probabilities[p.value[1]] + " × " + data.impacts[p.value[0]] + ": " + p.value[2]; } },
      grid: { containLabel: true, left: 10, right: 10, top: 10, bottom: 30 },
      xAxis: { type: "category", data: data.impacts, name: el.dataset.xlabel, nameLocation: "middle", nameGap: 28 },
      yAxis: { type: "category", data: data.probabilities },
      series: [{
        type: "heatmap",
        data: data.cells.map(function (c) { return { value: [c[0], c[1], c[2]], itemStyle: { color: c[3], borderColor: "#fff", borderWidth: 2 } }; }),
        label: { show: true, color: "#fff", fontWeight: "bold" }
      }]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-heatmap]").forEach(draw);
  });
})();
