// Render every chart whose figure JSON sits in a data-fig attribute (no inline scripts: CSP).
(function () {
  function render() {
    document.querySelectorAll("[data-fig]").forEach(function (el) {
      var fig = JSON.parse(el.getAttribute("data-fig"));
      var layout = fig.layout || {};
      layout.autosize = true;
      window.Plotly.newPlot(el, fig.data || [], layout, {responsive: true, displaylogo: false});
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", render);
  } else {
    render();
  }
})();
