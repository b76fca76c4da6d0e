// Charts of the overview and the target detail, from data the page embeds with json_script.
// Numbers in tooltips and axes follow the page's language (12.993,5 in Vietnamese).
(() => {
  "use strict";
  const locale = document.documentElement.lang === "vi" ? "vi-VN" : "en-GB";
  // Two decimals at most on axes and in tooltips: the tables beside the charts are exact.
  const numberFormat = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const formatNumber = (value) => (value === null || value === undefined ? "–" : numberFormat.format(value));

  function readData(id) {
    const element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  function overviewChart() {
    const data = readData("overview-chart-data");
    const canvas = document.getElementById("overview-chart");
    if (!data || !canvas) return;
    const box = document.getElementById("overview-chart-box");
    // One bar per committee: give each about 22 px so that 136 committees stay readable.
    box.style.height = `${Math.max(240, data.labels.length * 22 + 80)}px`;
    const percent = canvas.dataset.unitPercent;
    const targetsWord = canvas.dataset.unitTargets;
    const chart = new Chart(canvas, {
      type: "bar",
      data: { labels: data.labels, datasets: data.annual },
      options: {
        indexAxis: "y",
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: {
            stacked: true,
            max: 100,
            ticks: { callback: (value) => `${formatNumber(value)} %` },
            title: { display: true, text: percent },
          },
          y: { stacked: true },
        },
        plugins: {
          legend: { position: "top" },
          tooltip: {
            callbacks: {
              // "vượt: 5/25 chỉ tiêu (20 %)": the count behind each share.
              label: (item) => {
                const count = item.dataset.counts[item.dataIndex];
                const total = data.targets[item.dataIndex];
                return `${item.dataset.label}: ${formatNumber(count)}/${formatNumber(total)} ${targetsWord} (${formatNumber(item.raw)} %)`;
              },
            },
          },
        },
      },
    });
    document.querySelectorAll("input[name=chart-part]").forEach((input) => {
      input.addEventListener("change", () => {
        chart.data.datasets = data[input.value];
        chart.update();
      });
    });
  }

  function lineDataset(series, colour) {
    return {
      type: series.type || "line",
      label: series.label,
      data: series.data,
      borderColor: colour,
      backgroundColor: series.type === "bar" ? "rgba(86, 180, 233, 0.6)" : colour,
      borderDash: series.dashed ? [6, 4] : [],
      stepped: series.stepped ? "middle" : false,
      spanGaps: true,
      pointRadius: series.type === "bar" ? 0 : 2,
      order: series.type === "bar" ? 2 : 1,
    };
  }

  // Okabe–Ito colours, one per series.
  const COLOURS = ["#56b4e9", "#0072b2", "#009e73", "#d55e00", "#cc79a7", "#e69f00"];

  function targetCharts() {
    const data = readData("target-chart-data");
    if (!data) return;
    for (const part of ["year", "term"]) {
      const canvas = document.getElementById(`target-chart-${part}`);
      if (!canvas) continue;
      const offset = part === "year" ? 0 : 1;
      new Chart(canvas, {
        type: "line",
        data: {
          labels: data.labels,
          datasets: data[part].map((series, index) => lineDataset(series, COLOURS[(index + offset) % COLOURS.length])),
        },
        options: {
          maintainAspectRatio: false,
          animation: false,
          interaction: { mode: "index", intersect: false },
          scales: {
            x: { title: { display: Boolean(data.quarters), text: data.quarters } },
            y: { ticks: { callback: formatNumber }, title: { display: Boolean(data.unit), text: data.unit } },
          },
          plugins: {
            tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${formatNumber(item.raw)}` } },
          },
        },
      });
    }
  }

  // The share achieved quarter by quarter (overview and dashboard): two lines, 0 to 100 %.
  function trendChart() {
    const data = readData("trend-chart-data");
    const canvas = document.getElementById("trend-chart");
    if (!data || !canvas) return;
    new Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: data.series.map((series, index) => lineDataset(series, COLOURS[(index * 2 + 1) % COLOURS.length])),
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: "index", intersect: false },
        scales: {
          x: { title: { display: true, text: data.quarters } },
          y: {
            min: 0,
            max: 100,
            ticks: { callback: (value) => `${formatNumber(value)} %` },
            title: { display: true, text: data.unit },
          },
        },
        plugins: {
          tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${formatNumber(item.raw)} %` } },
        },
      },
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    overviewChart();
    targetCharts();
    trendChart();
  });
})();
