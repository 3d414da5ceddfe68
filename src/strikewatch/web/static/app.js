// Render every chart whose figure JSON sits in a data-fig attribute (no inline scripts: CSP).
// A click on a bar or point whose customdata is a night label (YYYY-MM-DD) opens that night.
(function () {
  var NIGHT = /^\d{4}-\d{2}-\d{2}$/;
  function render() {
    document.querySelectorAll("[data-fig]").forEach(function (el) {
      var fig = JSON.parse(el.getAttribute("data-fig"));
      var layout = fig.layout || {};
      layout.autosize = true;
      var narrow = window.innerWidth < 600;
      if (layout.height) {
        el.style.height = layout.height + (narrow ? 120 : 0) + "px";
        layout.height = layout.height + (narrow ? 120 : 0);
      }
      if (narrow) {
        if (layout.title && layout.title.text) {
          layout.title.font = Object.assign({}, layout.title.font || {}, {size: 12});
        }
        layout.margin = Object.assign({}, layout.margin || {}, {l: 46, r: 8});
        layout.font = Object.assign({}, layout.font || {}, {size: 11});
      }
      window.Plotly.newPlot(el, fig.data || [], layout, {
        responsive: true,
        displaylogo: false,
        displayModeBar: !narrow
      }).then(function (plot) {
        plot.on("plotly_click", function (ev) {
          var p = ev && ev.points && ev.points[0];
          if (p && typeof p.customdata === "string" && NIGHT.test(p.customdata)) {
            window.location.href = "/nights/" + p.customdata;
          }
        });
      });
    });
  }
  // After "load": styles and fonts are in, so each chart is sized once at its final width
  // (a first render at a transient width draws NaN paths that Chromium logs as errors).
  if (document.readyState === "complete") {
    render();
  } else {
    window.addEventListener("load", render);
  }
})();
