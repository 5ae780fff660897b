/*
 * A questionnaire on a clinic tablet: the page goes to the hand-back page after the idle limit
 * (the server ends the session then too, whatever this script does). A minute before, it asks
 * "Are you still here?"; the answer saves the page's answers and starts the clock again.
 *
 * Reads data-kiosk-idle-seconds, data-kiosk-warning-seconds and data-kiosk-hand-back-url from
 * <body>. Without scripts, a <noscript> refresh sends the page to the hand-back page instead.
 */
(function () {
  "use strict";

  var body = document.body;
  var idleSeconds = parseInt(body.dataset.kioskIdleSeconds, 10);
  var warningSeconds = parseInt(body.dataset.kioskWarningSeconds, 10);
  var handBackUrl = body.dataset.kioskHandBackUrl;
  var dialog = document.getElementById("kiosk-warning");
  if (!idleSeconds || !handBackUrl || !dialog) {
    return;
  }
  var countdown = dialog.querySelector("[data-kiosk-countdown]");
  var button = dialog.querySelector("[data-kiosk-continue]");
  var deadline = Date.now() + idleSeconds * 1000;
  var ticker = null;

  function secondsLeft() {
    return Math.max(0, Math.round((deadline - Date.now()) / 1000));
  }

  function describe(seconds) {
    if (seconds >= 60) {
      var minutes = Math.round(seconds / 60);
      return minutes === 1 ? "1 minute" : minutes + " minutes";
    }
    return seconds === 1 ? "1 second" : seconds + " seconds";
  }

  function tick() {
    var left = secondsLeft();
    if (left <= 0) {
      window.location.replace(handBackUrl);
      return;
    }
    countdown.textContent = describe(left);
  }

  function warn() {
    dialog.hidden = false;
    tick();
    ticker = window.setInterval(tick, 1000);
    button.focus();
  }

  function stay() {
    window.clearInterval(ticker);
    var form = document.querySelector("form[data-kiosk-keep]");
    if (!form) {
      window.location.reload();
      return;
    }
    var action = document.createElement("input");
    action.type = "hidden";
    action.name = "action";
    action.value = "stay";
    form.appendChild(action);
    form.submit();
  }

  button.addEventListener("click", stay);
  window.setTimeout(warn, Math.max(0, idleSeconds - (warningSeconds || 60)) * 1000);
  window.setTimeout(tick, idleSeconds * 1000);
})();
