// Draws each measure the page lists (its figures are in #measures-data and in the table under
// the chart) with uPlot: a line over the weeks, with a dashed target where there is one, or bars.
(function () {
  if (!window.uPlot) {
    return;
  }
  var measures = JSON.parse(document.getElementById('measures-data').textContent);
  measures.forEach(function (measure) {
    var place = document.getElementById('chart-' + measure.id);
    if (!place || measure.values.length === 0) {
      return;
    }
    var xs = measure.labels.map(function (label, i) { return i; });
    var bars = measure.kind === 'bars';
    var series = [{}, {
      label: measure.unit === '%' ? 'Per cent' : 'Figure', stroke: '#005eb8', width: bars ? 1 : 3,
      fill: bars ? 'rgba(0, 94, 184, 0.7)' : undefined,
      paths: bars ? uPlot.paths.bars({ size: [0.6, 80] }) : undefined,
      points: { show: !bars, size: 8 }
    }];
    var data = [xs, measure.values];
    if (measure.target !== null) {
      series.push({ label: measure.targetLabel, stroke: '#d5281b', dash: [8, 4], width: 2, points: { show: false } });
      data.push(xs.map(function () { return measure.target; }));
    }
    new uPlot({
      width: Math.max(280, place.clientWidth), height: 260, series: series,
      scales: { x: { time: false, range: [-0.5, xs.length - 0.5] }, y: { range: function (u, min, max) {
        return [0, Math.max(max || 0, measure.target || 0) * 1.1 || 10];
      } } },
      axes: [{ splits: function () { return xs; }, values: function (u, splits) {
        return splits.map(function (i) { return (measure.labels[i] || '').replace('Week to ', ''); });
      } }, { label: measure.unit === '%' ? 'Per cent' : '' }]
    }, data, place);
  });
})();
