/*
 * Lesson page: answers to reflection prompts are never lost silently.
 *
 * - "Mark as read and continue", and any block's "Save my answer", also send every other answer typed but not saved,
 *   as hidden fields "answer.<block id>"; the server keeps them before it marks the lesson read or saves the block.
 * - While an answer is unsaved, a note above the mark-read button says so, and leaving the page any other way (a
 *   link, closing the tab) asks the browser to confirm.
 *
 * Without JavaScript each "Save my answer" still saves its own block. Plain ES5, like quiz.js.
 */
(function () {
  "use strict";

  var boxes = document.querySelectorAll("textarea[data-reflection]");
  if (!boxes.length) {
    return;
  }
  var note = document.querySelector("[data-unsaved-note]");
  var isLeaving = false;

  function unsaved() {
    return Array.prototype.filter.call(boxes, function (box) {
      return box.value !== box.defaultValue;
    });
  }

  function sendUnsavedWith(form) {
    unsaved().forEach(function (box) {
      if (box.form === form) {
        return;
      }
      var field = document.createElement("input");
      field.type = "hidden";
      field.name = "answer." + box.getAttribute("data-reflection");
      field.value = box.value;
      form.appendChild(field);
    });
    isLeaving = true;
  }

  Array.prototype.forEach.call(boxes, function (box) {
    box.addEventListener("input", function () {
      if (note) {
        note.hidden = unsaved().length === 0;
      }
    });
    box.form.addEventListener("submit", function () {
      sendUnsavedWith(box.form);
    });
  });

  var readForm = document.querySelector("form.mark-read");
  if (readForm) {
    readForm.addEventListener("submit", function () {
      sendUnsavedWith(readForm);
    });
  }

  window.addEventListener("beforeunload", function (event) {
    if (!isLeaving && unsaved().length) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
