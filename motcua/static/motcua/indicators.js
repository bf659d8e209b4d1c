// Trend chart of the indicators dashboard (Chart.js, vendored): dossiers received per
// month (bars) with the online and on-time shares (lines, right axis).
(function () {
  var data = JSON.parse(document.getElementById("trend-data").textContent);
  var canvas = document.getElementById("trend-chart");
  if (!canvas || typeof Chart === "undefined") { return; }
  new Chart(canvas, {
    data: {
      labels: data.labels,
      datasets: [
        { type: "bar", label: "Hồ sơ tiếp nhận", data: data.received, backgroundColor: "#206bc4", yAxisID: "y" },
        { type: "line", label: "Trực tuyến (%)", data: data.online, borderColor: "#2fb344", yAxisID: "rate", spanGaps: true },
        { type: "line", label: "Đúng và trước hạn (%)", data: data.on_time, borderColor: "#f76707", yAxisID: "rate", spanGaps: true }
      ]
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: "index", intersect: false },
      scales: {
        y: { beginAtZero: true, position: "left" },
        rate: { min: 0, max: 100, position: "right", grid: { drawOnChartArea: false } }
      },
      plugins: { legend: { position: "bottom" } }
    }
  });
})();
