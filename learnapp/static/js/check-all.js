/*
 * An "all" checkbox (data-check-all="<field name>") ticks or clears every checkbox of that name. Without
 * JavaScript the server reads a ticked "all" as every choice, so the form works the same. Plain ES5.
 */
(function () {
  "use strict";

  Array.prototype.forEach.call(document.querySelectorAll("input[data-check-all]"), function (all) {
    var boxes = document.querySelectorAll('input[type="checkbox"][name="' + all.getAttribute("data-check-all") + '"]');
    all.addEventListener("change", function () {
      Array.prototype.forEach.call(boxes, function (box) {
        box.checked = all.checked;
      });
    });
    Array.prototype.forEach.call(boxes, function (box) {
      box.addEventListener("change", function () {
        if (!box.checked) {
          all.checked = false;
        }
      });
    });
  });
})();
