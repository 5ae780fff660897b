/* The running PHQ-9 and GAD-7 totals on the mental health page.
 *
 * Each instrument's items sit in a fieldset marked data-instrument; its running total (written
 * by the server from what was posted or stored) is updated here as items are chosen: the sum of
 * the answers chosen so far and how many items are answered. A visually hidden live region
 * announces the total once every item is answered. Without this script the page shows the total
 * as it was when the page was made; the score saved is always the server's.
 */
(function () {
  "use strict";
  var fieldsets = document.querySelectorAll("fieldset[data-instrument]");

  function update(fieldset, announce) {
    var box = fieldset.querySelector("[data-running-total]");
    if (!box) {
      return;
    }
    var count = parseInt(box.getAttribute("data-item-count"), 10);
    var total = 0;
    var answered = 0;
    Array.prototype.forEach.call(
      fieldset.querySelectorAll('input[type="radio"]:checked'),
      function (input) {
        var value = parseInt(input.value, 10);
        if (!isNaN(value)) {
          total += value;
          answered += 1;
        }
      }
    );
    box.querySelector("[data-running-sum]").textContent = String(total);
    box.querySelector("[data-running-answered]").textContent = String(answered);
    var live = fieldset.querySelector("[data-running-announce]");
    if (announce && live && answered === count) {
      live.textContent = box.textContent;
    }
  }

  Array.prototype.forEach.call(fieldsets, function (fieldset) {
    update(fieldset, false);
    fieldset.addEventListener("change", function () {
      update(fieldset, true);
    });
  });
})();
