/*
 * "Copy the link" buttons: a button with data-copy="<id>" copies that field's text and says so on the button.
 * The button stays hidden where the Clipboard API is missing (plain http other than localhost); the field is
 * read-only text that can still be selected and copied by hand. Plain ES5.
 */
(function () {
  "use strict";

  if (!navigator.clipboard) {
    return;
  }
  Array.prototype.forEach.call(document.querySelectorAll("button[data-copy]"), function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    var label = button.innerHTML; // keeps a visually hidden name, if the button has one
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        button.textContent = button.getAttribute("data-copied");
        window.setTimeout(function () {
          button.innerHTML = label;
        }, 3000);
      });
    });
  });
})();
