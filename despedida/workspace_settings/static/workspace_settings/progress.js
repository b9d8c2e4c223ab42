/* Long actions (import, assessing every client): while the form's request
   runs, disable its button, show its status line, and poll the progress
   URL to fill the bar. Without JavaScript the form still works. */
(function () {
  "use strict";

  function poll(url, status) {
    var bar = status.querySelector("progress");
    var text = status.querySelector("[data-progress-text]");
    function tick() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (report) {
          if (report && report.phase) {
            if (report.total) { bar.max = report.total; bar.value = report.done; }
            if (report.message) { text.textContent = report.message; }
          }
        })
        .catch(function () { /* the page is being replaced, or the network hiccuped */ })
        .finally(function () { window.setTimeout(tick, 1000); });
    }
    window.setTimeout(tick, 500);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-busy]") || event.defaultPrevented) { return; }
    var status = document.getElementById(form.getAttribute("data-busy"));
    var buttons = form.querySelectorAll("button[type=submit]");
    // Disable after the browser has collected the form's values.
    window.setTimeout(function () {
      buttons.forEach(function (button) { button.disabled = true; });
    }, 0);
    if (!status) { return; }
    status.hidden = false;
    var url = form.getAttribute("data-progress-url");
    if (url) { poll(url, status); }
  });
}());
