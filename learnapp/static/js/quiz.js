/*
 * Quiz page enhancements; the page works fully without them.
 *
 * - Autosave: answers are posted in the background a few seconds after a change (and again every 30 seconds while
 *   something is unsaved), to the same URL as the form, asking for JSON: {saved_at, remaining_seconds,
 *   answered_text}; the "N answered" counter takes the new text. A 409 means the attempt is closed (time up or
 *   already submitted): the page goes to the review.
 * - Countdown: when the quiz has a time limit, a visible countdown, and a polite live region that speaks only at
 *   meaningful moments (every five minutes, the last minute, time up), never every second. At zero the form is
 *   submitted; the server still decides, with its own clock and a short grace.
 *
 * Written as plain ES5 so that it runs on old phones; every message comes from the page, already translated.
 */
(function () {
  "use strict";

  var form = document.querySelector("form[data-quiz]");
  if (!form) {
    return;
  }
  var timerBox = document.querySelector("[data-remaining]");
  var savedNote = form.querySelector("[data-saved]");
  var announcer = document.querySelector("[data-announcer]");
  var submitButton = form.querySelector("[data-submit]");
  var answeredCount = document.querySelector("[data-answered-count]");
  var SAVE_DELAY_MS = 3000;
  var RESAVE_EVERY_MS = 30000;
  var isDirty = false;
  var isSaving = false;
  var isLeaving = false;
  var saveTimer = null;
  var endAt = null;

  function text(name) {
    return form.getAttribute("data-text-" + name) || "";
  }

  function announce(message) {
    if (announcer) {
      announcer.textContent = message;
    }
  }

  function clockTime(iso) {
    var date = new Date(iso);
    var lang = document.documentElement.lang || undefined;
    return isNaN(date.getTime()) ? "" : date.toLocaleTimeString(lang, { hour: "2-digit", minute: "2-digit" });
  }

  /* ---- autosave ---- */

  function onSaved(response) {
    if (response.status === 409) {
      return response.json().then(function (data) {
        isLeaving = true;
        window.location.assign(data.review_url);
      });
    }
    if (!response.ok) {
      throw new Error("save failed: " + response.status);
    }
    return response.json().then(function (data) {
      if (savedNote) {
        savedNote.textContent = text("saved").replace("{time}", clockTime(data.saved_at));
      }
      if (typeof data.remaining_seconds === "number") {
        setRemaining(data.remaining_seconds);
      }
      if (answeredCount && data.answered_text) {
        answeredCount.textContent = data.answered_text;
      }
    });
  }

  function onSaveFailed() {
    isDirty = true;
    if (savedNote) {
      savedNote.textContent = text("save-failed");
    }
    announce(text("save-failed"));
  }

  function save() {
    saveTimer = null;
    if (isSaving || isLeaving || !isDirty) {
      return;
    }
    isSaving = true;
    isDirty = false;
    var csrf = form.querySelector("input[name=csrf_token]");
    window.fetch(form.getAttribute("action"), {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": csrf ? csrf.value : "" }
    }).then(onSaved).catch(onSaveFailed).then(function () {
      isSaving = false;
    });
  }

  function scheduleSave() {
    isDirty = true;
    if (saveTimer) {
      window.clearTimeout(saveTimer);
    }
    saveTimer = window.setTimeout(save, SAVE_DELAY_MS);
  }

  if (window.fetch && window.FormData) {
    form.addEventListener("change", scheduleSave);
    form.addEventListener("input", scheduleSave);
    window.setInterval(save, RESAVE_EVERY_MS);
  }
  form.addEventListener("submit", function () {
    isLeaving = true;
    if (saveTimer) {
      window.clearTimeout(saveTimer);
    }
  });

  /* ---- countdown ---- */

  function two(number) {
    return (number < 10 ? "0" : "") + number;
  }

  function clock(seconds) {
    var hours = Math.floor(seconds / 3600);
    var minutes = Math.floor((seconds % 3600) / 60);
    var rest = two(minutes) + ":" + two(seconds % 60);
    return hours ? hours + ":" + rest : rest;
  }

  function setRemaining(seconds) {
    endAt = Date.now() + seconds * 1000;
  }

  function submitForGrading() {
    isLeaving = true;
    var confirm = document.createElement("input");
    confirm.type = "hidden";
    confirm.name = "confirm";
    confirm.value = "1";
    form.appendChild(confirm);
    form.setAttribute("action", submitButton.getAttribute("formaction"));
    form.submit();
  }

  function announceCrossing(before, now) {
    if (before > 60 && now <= 60) {
      announce(text("one-minute"));
    } else if (now > 60 && Math.ceil(before / 300) > Math.ceil(now / 300)) {
      announce(text("minutes").replace("{n}", String(Math.ceil(now / 300) * 5)));
    }
  }

  function startCountdown() {
    var countdown = timerBox.querySelector("[data-countdown]");
    var staticLeft = timerBox.querySelector("[data-static-left]");
    var previous = null;
    setRemaining(parseInt(timerBox.getAttribute("data-remaining"), 10) || 0);
    countdown.hidden = false;
    if (staticLeft) {
      staticLeft.hidden = true;
    }
    function tick() {
      var left = Math.max(0, Math.round((endAt - Date.now()) / 1000));
      countdown.textContent = text("countdown").replace("{time}", clock(left));
      if (previous !== null) {
        announceCrossing(previous, left);
      }
      if (left === 0) {
        if (!isLeaving) {
          announce(text("time-up"));
          submitForGrading();
        }
        return;
      }
      previous = left;
      window.setTimeout(tick, 1000);
    }
    tick();
  }

  if (timerBox && submitButton) {
    startCountdown();
  }
})();
