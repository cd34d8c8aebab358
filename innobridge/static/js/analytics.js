// Draws the dashboard's charts (Apache ECharts, vendored) from the JSON the page embeds;
// the tables beside them hold the same rows, for screen readers and printing. A focused
// chart is walked with the arrow keys (Home and End jump to the ends): each step shows the
// item's tooltip and says it in a polite live region; Enter opens a network member's page.
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

  function speaker(element) {
    var live = document.createElement("p");
    live.className = "visually-hidden";
    live.setAttribute("aria-live", "polite");
    element.insertAdjacentElement("afterend", live);
    return live;
  }

  // items() gives the current [{name, text}] the keys walk; onEnter(index) is optional.
  function keyboardTour(element, chart, items, onEnter) {
    var live = speaker(element);
    var at = -1;
    element.addEventListener("keydown", function (event) {
      var list = items();
      if (!list.length) { return; }
      var step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
      if (event.key === "Home") { at = 0; } else if (event.key === "End") { at = list.length - 1; }
      else if (step) { at = at < 0 ? 0 : (at + step + list.length) % list.length; }
      else if (event.key === "Enter" && onEnter && at >= 0) { onEnter(at); return; }
      else if (event.key === "Escape") { chart.dispatchAction({ type: "hideTip" }); return; }
      else { return; }
      event.preventDefault();
      chart.dispatchAction({ type: "downplay", seriesIndex: 0 });
      chart.dispatchAction({ type: "highlight", seriesIndex: 0, dataIndex: list[at].index });
      chart.dispatchAction({ type: "showTip", seriesIndex: 0, dataIndex: list[at].index });
      live.textContent = list[at].text;
    });
    element.addEventListener("blur", function () { chart.dispatchAction({ type: "hideTip" }); });
  }

  function countryValue(row, kind) { return kind ? (row.types[kind] || 0) : row.value; }

  function drawMap(element) {
    fetch(element.dataset.mapUrl).then(function (response) {
      if (!response.ok) { throw new Error("map " + response.status); }
      return response.json();
    }).then(function (geo) {
      echarts.registerMap("world", geo);
      var names = {};
      data.countries.forEach(function (row) { names[row.code] = row.name; });
      var chart = chartOn(element);
      var kindSelect = document.querySelector('[data-map-kind="' + element.id + '"]');
      var shown = [];
      function draw() {
        var kind = kindSelect ? kindSelect.value : "";
        shown = data.countries.filter(function (row) { return countryValue(row, kind) > 0; });
        var most = shown.reduce(function (m, row) { return Math.max(m, countryValue(row, kind)); }, 1);
        chart.setOption({
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
            data: shown.map(function (row) { return { name: row.name, value: countryValue(row, kind) }; })
          }]
        }, { replaceMerge: ["series"] });
        element.dataset.shown = String(shown.length);
      }
      draw();
      if (kindSelect) { kindSelect.addEventListener("change", draw); }
      keyboardTour(element, chart, function () {
        var kind = kindSelect ? kindSelect.value : "";
        return shown.map(function (row, index) {
          return { index: index, text: row.name + ": " + countryValue(row, kind) };
        });
      });
      element.dataset.drawn = "1";
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
    function open(id) { window.location.href = "../organizations/" + id + "/"; }
    chart.on("click", function (p) { if (p.dataType === "node") { open(p.data.id); } });
    keyboardTour(element, chart, function () {
      return data.nodes.map(function (node, index) { return { index: index, text: node.name }; });
    }, function (at) { open(data.nodes[at].id); });
  }

  function drawBars(element) {
    var rows = (data.bars[element.id] || []).slice().reverse();  // the first row on top
    var chart = chartOn(element);
    keyboardTour(element, chart, function () {  // from the top row down, as the table reads
      return rows.map(function (row, index) {
        return { index: index, text: row.name + ": " + row.value };
      }).reverse();
    });
    chart.setOption({
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
