// The dashboard's charts with Chart.js: bars against the benchmark, the
// profile across the dimensions and the trend over waves. They draw the
// engine's displayed values (tenths) and colours; every chart has a text
// alternative and the same figures are in the tables.
import {
  BarController, BarElement, CategoryScale, Chart, Filler, Legend, LinearScale, LineController, LineElement,
  PointElement, RadarController, RadialLinearScale, Tooltip,
} from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, Filler, Legend, LinearScale, LineController, LineElement,
  PointElement, RadarController, RadialLinearScale, Tooltip);

// The engine's colour names as drawn (presentation only).
export const palette = { green: '#2e7d32', yellow: '#b58900', red: '#c62828', neutral: '#757575', none: '#bdbdbd' };
const benchmarkColour = '#1a237e';
const lineColours = ['#1565c0', '#6a1b9a', '#00838f', '#ef6c00', '#4e342e', '#ad1457', '#2e7d32', '#455a64', '#827717'];

/** @type {Chart[]} */
let live = [];

export function destroyCharts() {
  for (const chart of live) chart.destroy();
  live = [];
}

const base = { animation: /** @type {false} */ (false), responsive: true, maintainAspectRatio: false };

/** @param {number | null | undefined} tenths */
const value = (tenths) => (tenths === null || tenths === undefined ? null : tenths / 10);

/**
 * @param {HTMLCanvasElement} canvas
 * @param {any} report the engine's group report
 * @param {{score: string, benchmark: string}} labels
 */
export function barChart(canvas, report, labels) {
  const shown = report.dimensions;
  live.push(new Chart(canvas, {
    type: 'bar',
    data: {
      labels: shown.map((d) => d.title),
      datasets: [
        { label: labels.score, data: shown.map((d) => value(d.score?.tenths)),
          backgroundColor: shown.map((d) => palette[d.colour] ?? palette.none) },
        { label: labels.benchmark, data: shown.map((d) => value(d.benchmarkTenths)), backgroundColor: benchmarkColour },
      ],
    },
    options: { ...base, indexAxis: 'y', scales: { x: { min: 1, max: 5 } } },
  }));
}

/** @param {HTMLCanvasElement} canvas @param {any} report @param {{score: string, benchmark: string}} labels */
export function profileChart(canvas, report, labels) {
  const dims = report.dimensions;
  live.push(new Chart(canvas, {
    type: 'radar',
    data: {
      labels: dims.map((d) => d.title),
      datasets: [
        { label: labels.score, data: dims.map((d) => value(d.score?.tenths)), borderColor: '#1565c0',
          backgroundColor: 'rgba(21, 101, 192, 0.15)', fill: true },
        { label: labels.benchmark, data: dims.map((d) => value(d.benchmarkTenths)), borderColor: benchmarkColour,
          borderDash: [4, 4], fill: false },
      ],
    },
    options: { ...base, scales: { r: { min: 1, max: 5, ticks: { stepSize: 1 } } } },
  }));
}

/** @param {HTMLCanvasElement} canvas @param {any} trend the engine's trend @param {string[]} waveTitles */
export function trendChart(canvas, trend, waveTitles) {
  live.push(new Chart(canvas, {
    type: 'line',
    data: {
      labels: waveTitles,
      datasets: trend.dimensions.map((d, i) => ({
        label: d.title, data: d.points.map((p) => value(p.score?.tenths)),
        borderColor: lineColours[i % lineColours.length], backgroundColor: lineColours[i % lineColours.length],
        spanGaps: false,
      })),
    },
    options: { ...base, scales: { y: { min: 1, max: 5 } } },
  }));
}
