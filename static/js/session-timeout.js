/*
 * Warns before the server-side idle timeout signs the user out, and offers to stay signed in.
 *
 * Reads data-session-idle-seconds, data-session-warning-seconds and data-session-status-url
 * from <body>. The server is the authority: before warning, and again at the deadline, the
 * script asks the status URL how long is left (asking does not count as activity), so work in
 * another tab keeps this one alive. "Stay signed in" posts the keep-alive form.
 */
(function () {
  "use strict";

  var body = document.body;
  var idleSeconds = parseInt(body.dataset.sessionIdleSeconds, 10);
  var warningSeconds = parseInt(body.dataset.sessionWarningSeconds, 10);
  var statusUrl = body.dataset.sessionStatusUrl;
  var dialog = document.getElementById("session-warning");
  if (!idleSeconds || !warningSeconds || !statusUrl || !dialog) {
    return;
  }
  var form = dialog.querySelector("form[data-session-keep-alive]");
  var countdown = dialog.querySelector("[data-session-countdown]");
  var button = form.querySelector("button");
  var timer = null;
  var ticker = null;
  var deadline = 0;

  function schedule(secondsLeft) {
    window.clearTimeout(timer);
    deadline = Date.now() + secondsLeft * 1000;
    var untilWarning = Math.max(0, secondsLeft - warningSeconds);
    timer = window.setTimeout(checkBeforeWarning, untilWarning * 1000);
  }

  function askServer() {
    return window
      .fetch(statusUrl, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        redirect: "manual",
        cache: "no-store",
      })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("signed out");
        }
        return response.json();
      })
      .then(function (data) {
        return data.idle_seconds_left;
      });
  }

  function signedOut() {
    // The server has ended the session: load this page again, which leads to the log-in
    // page with ?next= this page.
    window.location.assign(window.location.href);
  }

  function checkBeforeWarning() {
    askServer().then(function (left) {
      if (left > warningSeconds + 5) {
        hide();
        schedule(left);
      } else if (left <= 0) {
        signedOut();
      } else {
        show(left);
      }
    }, signedOut);
  }

  function describe(seconds) {
    if (seconds >= 60) {
      var minutes = Math.ceil(seconds / 60);
      return minutes + (minutes === 1 ? " minute" : " minutes");
    }
    return seconds + (seconds === 1 ? " second" : " seconds");
  }

  function show(left) {
    deadline = Date.now() + left * 1000;
    countdown.textContent = describe(left);
    if (dialog.hidden) {
      dialog.hidden = false;
      button.focus();
    }
    window.clearInterval(ticker);
    ticker = window.setInterval(function () {
      var remaining = Math.round((deadline - Date.now()) / 1000);
      if (remaining <= 0) {
        window.clearInterval(ticker);
        checkBeforeWarning();
        return;
      }
      // The dialog is announced when it opens; the countdown then updates quietly.
      countdown.textContent = describe(remaining);
    }, 1000);
  }

  function hide() {
    window.clearInterval(ticker);
    dialog.hidden = true;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    button.disabled = true;
    window
      .fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        redirect: "manual",
      })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("signed out");
        }
        return response.json();
      })
      .then(function (data) {
        hide();
        schedule(data.idle_seconds_left);
      }, signedOut)
      .then(function () {
        button.disabled = false;
      });
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !dialog.hidden) {
      form.requestSubmit();
    }
  });

  schedule(idleSeconds);
})();
