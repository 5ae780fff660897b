/* The running ACR 2016 result on the pain page.
 *
 * Sends the pain form (with its CSRF token) to the preview endpoint whenever a box is ticked or
 * a number typed, and writes the words it gets back into the ACR box; a visually hidden live
 * region announces the new result. All scoring happens on the server (workup.rules): this
 * script only shows what it is told. Without it, the box shows the saved result.
 */
(function () {
  "use strict";
  var form = document.querySelector("form[data-acr-preview-url]");
  var box = document.querySelector("[data-acr-box]");
  if (!form || !box || !window.fetch || !window.FormData) {
    return;
  }
  var url = form.getAttribute("data-acr-preview-url");
  var announce = box.querySelector("[data-acr-announce]");
  var timer = null;
  var lastSummary = "";

  function show(result) {
    var fields = result.fields || {};
    Object.keys(fields).forEach(function (key) {
      var element = box.querySelector('[data-acr-field="' + key + '"]');
      if (element) {
        element.textContent = fields[key];
      }
    });
    var status = box.querySelector('[data-acr-field="status_text"]');
    if (status && result.status_text) {
      status.textContent = result.status_text;
    }
    if (announce && result.summary && result.summary !== lastSummary) {
      lastSummary = result.summary;
      announce.textContent = result.summary;
    }
  }

  function update() {
    fetch(url, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("preview unavailable");
        }
        return response.json();
      })
      .then(show)
      .catch(function () {
        /* Keep the last result shown: saving the form still gives the exact one. */
      });
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(update, 250);
  }

  form.addEventListener("change", schedule);
  form.addEventListener("input", schedule);
})();
