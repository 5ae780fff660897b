/*
 * Batch print progress: asks the status URL every few seconds and updates the page, then
 * shows the download button when the PDF is ready. Without JavaScript the page still works:
 * its "Refresh" button reloads it.
 */
(function () {
  "use strict";

  var section = document.getElementById("batch-progress");
  if (!section || section.dataset.finished === "true") {
    return;
  }
  var url = section.dataset.statusUrl;
  var bar = section.querySelector("progress");
  var done = section.querySelector("[data-batch-done]");
  var status = section.querySelector("[data-batch-status]");
  var message = section.querySelector("[data-batch-message]");
  var download = section.querySelector("[data-batch-download]");
  var refresh = section.querySelector("[data-batch-refresh]");
  var delay = 1500;

  function show(state) {
    bar.max = state.total;
    bar.value = state.done;
    bar.textContent = state.percent + "%";
    done.textContent = state.done;
    status.textContent = state.status_label;
    if (message.textContent !== state.message) {
      message.textContent = state.message;
    }
    if (state.download_url) {
      download.href = state.download_url;
      download.hidden = false;
    }
    if (state.finished) {
      refresh.hidden = true;
    }
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("status " + response.status);
        }
        return response.json();
      })
      .then(function (state) {
        show(state);
        if (!state.finished) {
          delay = Math.min(delay * 1.3, 5000);
          window.setTimeout(poll, delay);
        }
      })
      .catch(function () {
        // Signed out or offline: leave the Refresh button to the user.
        refresh.hidden = false;
      });
  }

  window.setTimeout(poll, delay);
})();
