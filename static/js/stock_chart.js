// Draw a SKU's daily sales, its forecast and its reorder point on the stock admin page.
(function () {
  "use strict";

  function draw() {
    var canvas = document.getElementById("stock-chart");
    var source = document.getElementById("stock-chart-data");
    if (!canvas || !source || typeof Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var datasets = [
      { label: canvas.dataset.salesLabel, data: data.sales, type: "bar", backgroundColor: "#79aec8" },
      { label: canvas.dataset.forecastLabel, data: data.forecast, borderColor: "#e67e22", pointRadius: 0 },
    ];
    if (data.reorder_point !== null) {
      datasets.push({
        label: canvas.dataset.reorderLabel,
        data: data.labels.map(function () { return data.reorder_point; }),
        borderColor: "#ba2121",
        borderDash: [6, 4],
        pointRadius: 0,
      });
    }
    new Chart(canvas, {
      type: "line",
      data: { labels: data.labels, datasets: datasets },
      options: {
        maintainAspectRatio: false,
        animation: false,
        scales: { y: { beginAtZero: true } },
      },
    });
  }

  document.addEventListener("DOMContentLoaded", draw);
})();
