// Draw the sales dashboard's charts from the figures the page carries as JSON.
(function () {
  "use strict";

  function draw() {
    var source = document.getElementById("dashboard-data");
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var common = { responsive: true, maintainAspectRatio: false, animation: false };

    new window.Chart(document.getElementById("sales-chart"), {
      data: {
        labels: data.labels,
        datasets: [
          { type: "bar", label: data.legend.revenue, data: data.revenue.map(Number), yAxisID: "money", backgroundColor: "#79aec8" },
          { type: "line", label: data.legend.orders, data: data.orders, yAxisID: "count", borderColor: "#417690", backgroundColor: "#417690" }
        ]
      },
      options: Object.assign({}, common, {
        scales: {
          money: { type: "linear", position: "left", beginAtZero: true },
          count: { type: "linear", position: "right", beginAtZero: true, grid: { drawOnChartArea: false }, ticks: { precision: 0 } }
        }
      })
    });

    [["products-chart", data.products], ["categories-chart", data.categories]].forEach(function (pair) {
      var canvas = document.getElementById(pair[0]);
      if (!canvas || pair[1].length === 0) {
        return;
      }
      new window.Chart(canvas, {
        type: "bar",
        data: {
          labels: pair[1].map(function (row) { return row[0]; }),
          datasets: [{ label: data.legend.revenue, data: pair[1].map(function (row) { return Number(row[1]); }), backgroundColor: "#79aec8" }]
        },
        options: Object.assign({}, common, { indexAxis: "y", plugins: { legend: { display: false } } })
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
