/* Lab result rows: offer only the units the catalogue accepts for the chosen analyte.
 *
 * The accepted units come from the form's data-analyte-units attribute (written by the server
 * from the lab catalogue). Before an analyte is chosen no unit is offered. When the analyte
 * changes, a unit that does not fit is cleared (a single accepted unit is chosen); a unit shown
 * with an error from the server is left alone. Without this script every unit stays on offer and
 * the server checks the unit on saving whatever this script does.
 */
(function () {
  "use strict";
  var form = document.querySelector("form[data-analyte-units]");
  if (!form) {
    return;
  }
  var units;
  try {
    units = JSON.parse(form.getAttribute("data-analyte-units"));
  } catch (error) {
    return;
  }

  function filterRow(row, adjust) {
    var analyte = row.querySelector('select[name$="-analyte"]');
    var unit = row.querySelector('select[name$="-unit"]');
    if (!analyte || !unit) {
      return;
    }
    var allowed = analyte.value === "" ? [] : units[analyte.value] || null;
    Array.prototype.forEach.call(unit.options, function (option) {
      var hide = allowed !== null && option.value !== "" && allowed.indexOf(option.value) === -1;
      if (option.selected && !adjust) {
        hide = false; /* keep a value the server is explaining an error about */
      }
      option.hidden = hide;
      option.disabled = hide;
    });
    if (!adjust) {
      return;
    }
    if (allowed !== null && unit.value !== "" && allowed.indexOf(unit.value) === -1) {
      unit.value = "";
    }
    if (allowed !== null && allowed.length === 1 && unit.value === "") {
      unit.value = allowed[0];
    }
  }

  Array.prototype.forEach.call(form.querySelectorAll("[data-lab-row]"), function (row) {
    filterRow(row, false);
    var analyte = row.querySelector('select[name$="-analyte"]');
    if (analyte) {
      analyte.addEventListener("change", function () {
        filterRow(row, true);
      });
    }
  });
})();
