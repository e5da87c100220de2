/* The charts' look, shared by every page that draws with the bundled ECharts (load it right after
   vendor/echarts/echarts.min.js). WCAG 2.1 AA 1.4.11: every series colour has at least 3:1 against the
   white chart background (the table twin next to each chart gives the exact figures), and every axis,
   legend and radar label is text of at least 4.5:1. Charts created without a theme get this one. */
(function () {
  "use strict";
  // Figures as Colombians read them, with the decimals of the tables next to the charts (mipg.core.numbers:
  // scores and percentages one decimal, "79,3"; axis ticks without trailing zeros, "20"; thousands with a
  // point, "1.250,5"). Charts use window.mipgCifras for axis labels, tooltips and value labels.
  var grouping = { useGrouping: "always" };
  var formats = {};
  function format(decimals, fixed) {
    var key = decimals + (fixed ? "f" : "");
    if (!formats[key]) {
      formats[key] = new Intl.NumberFormat("es-CO", Object.assign({
        maximumFractionDigits: decimals, minimumFractionDigits: fixed ? decimals : 0 }, grouping));
    }
    return formats[key];
  }
  function isNumber(value) { return typeof value === "number" && isFinite(value); }
  function valueOf(value) {  // ECharts hands over a number, or an array whose last item is the value
    return Array.isArray(value) ? value[value.length - 1] : value;
  }
  window.mipgCifras = {
    score: function (value) { value = valueOf(value); return isNumber(value) ? format(1, true).format(value) : "—"; },
    percent: function (value) {
      value = valueOf(value); return isNumber(value) ? format(1, true).format(value) + " %" : "—";
    },
    number: function (value) { value = valueOf(value); return isNumber(value) ? format(2).format(value) : "—"; },
    tick: function (value) { return isNumber(value) ? format(1).format(value) : value; }
  };
  if (typeof echarts === "undefined") { return; }
  var ink = "#1b1f24", muted = "#4a5562", line = "#69778a", grid = "#c9d1da";
  // Contrast on white: 9.3, 4.8, 5.3, 6.9, 7.5, 5.7, 5.4, 4.9 : 1; alternating hues so neighbours differ.
  var palette = ["#004884", "#b35900", "#1e7b45", "#7b3fa0", "#a3231f", "#00727a", "#3366cc", "#8a6d00"];
  var axis = {
    axisLine: { lineStyle: { color: line } }, axisTick: { lineStyle: { color: line } },
    axisLabel: { color: muted }, splitLine: { lineStyle: { color: grid } }, nameTextStyle: { color: muted }
  };
  echarts.registerTheme("mipg", {
    color: palette,
    textStyle: { color: ink },
    title: { textStyle: { color: ink } },
    legend: { textStyle: { color: ink } },
    categoryAxis: axis, valueAxis: axis, timeAxis: axis, logAxis: axis,
    radar: { axisName: { color: ink }, axisLine: { lineStyle: { color: line } },
             splitLine: { lineStyle: { color: grid } }, splitArea: { show: false } },
    visualMap: { textStyle: { color: ink } },
    line: { symbolSize: 7, lineStyle: { width: 3 } }
  });
  var init = echarts.init;
  echarts.init = function (dom, theme, options) { return init.call(echarts, dom, theme || "mipg", options); };
})();
