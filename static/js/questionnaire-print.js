/*
 * The "Print the letter" button of a questionnaire link (hidden without scripts: the browser's
 * own Print command does the same, and the print stylesheet prints only the letter).
 */
(function () {
  "use strict";

  var button = document.querySelector("[data-print-letter]");
  if (!button) {
    return;
  }
  button.hidden = false;
  button.addEventListener("click", function () {
    window.print();
  });
})();
