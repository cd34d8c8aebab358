// Draws the dashboard's charts (Apache ECharts, vendored) from the JSON the page embeds;
// the tables beside them hold the same rows, for keyboards, screen readers and printing.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("chart-data").textContent);
  var palette = ["#0b5cad", "#1d7a3a", "#b42318", "#8a5a00", "#6941c6", "#0e7490",
                 "#c11574", "#4d7c0f", "#9a3412", "#334155"];

  function chartOn(element) {
    var chart = echarts.init(element, null, { renderer: "canvas" });
    window.addEventListener("resize", function () { chart.resize(); });
    return chart;
  }

  function drawMap(element) {
    fetch(element.dataset.mapUrl).then(function (response) {
      if (!response.ok) { throw new Error("map " + response.status); }
      return response.json();
    }).then(function (geo) {
      echarts.registerMap("world", geo);
      var names = {};
      data.countries.forEach(function (row) { names[row.code] = row.name; });
      var most = data.countries.reduce(function (m, row) { return Math.max(m, row.value); }, 1);
      chartOn(element).setOption({
        aria: { enabled: true },
        tooltip: { trigger: "item", formatter: function (p) {
          return p.name + (isNaN(p.value) ? "" : ": " + p.value);
        } },
        visualMap: { min: 0, max: most, left: "left", bottom: 10, calculable: true,
                     inRange: { color: ["#dbe9f7", "#0b5cad"] } },
        series: [{
          type: "map", map: "world", roam: true, nameMap: names,
          itemStyle: { areaColor: "#eef1f4", borderColor: "#9aa5b1", borderWidth: 0.5 },
          emphasis: { label: { show: false } },
          data: data.countries.map(function (row) { return { name: row.name, value: row.value }; })
        }]
      });
    }).catch(function (error) { element.dataset.error = String(error); });
  }

  function drawGraph(element) {
    var most = data.nodes.reduce(function (m, node) { return Math.max(m, node.pagerank); }, 0) || 1;
    var chart = chartOn(element);
    chart.setOption({
      aria: { enabled: true },
      tooltip: { formatter: function (p) { return p.dataType === "node" ? p.data.name : ""; } },
      series: [{
        type: "graph", layout: "force", roam: true, draggable: true,
        force: { repulsion: 120, edgeLength: [30, 120], gravity: 0.08 },
        label: { show: false },
        lineStyle: { color: "source", opacity: 0.5, curveness: 0.1 },
        emphasis: { focus: "adjacency" },
        data: data.nodes.map(function (node) {
          return {
            id: node.id, name: node.name, value: node.pagerank,
            symbolSize: 6 + 24 * Math.sqrt(node.pagerank / most),
            itemStyle: { color: palette[(node.community || 0) % palette.length] }
          };
        }),
        links: data.edges.map(function (edge) {
          return { source: edge.source, target: edge.target,
                   lineStyle: { width: Math.min(1 + edge.weight, 6) } };
        })
      }]
    });
    chart.on("click", function (p) {
      if (p.dataType === "node") { window.location.href = "../organizations/" + p.data.id + "/"; }
    });
  }

  function drawBars(element) {
    var rows = (data.bars[element.id] || []).slice().reverse();  // the first row on top
    chartOn(element).setOption({
      aria: { enabled: true },
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: rows.map(function (row) { return row.name; }),
               axisLabel: { width: 220, overflow: "truncate" } },
      series: [{ type: "bar", data: rows.map(function (row) { return row.value; }),
                 itemStyle: { color: palette[0] }, label: { show: true, position: "right" } }]
    });
  }

  document.querySelectorAll("[data-chart]").forEach(function (element) {
    if (element.dataset.chart === "bar") { drawBars(element); }
    if (element.dataset.chart === "map") { drawMap(element); }
    if (element.dataset.chart === "graph") { drawGraph(element); }
  });
})();
