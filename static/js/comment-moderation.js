// The comment moderation queue: a "choose all on this page" box (the queue works without it).
(function () {
  "use strict";
  const all = document.querySelector("[data-select-all]");
  if (!all) return;
  const boxes = Array.from(document.querySelectorAll('input[name="comment"][type="checkbox"]'));
  all.closest("label").hidden = false;
  all.addEventListener("change", function () {
    boxes.forEach(function (box) {
      box.checked = all.checked;
    });
  });
  boxes.forEach(function (box) {
    box.addEventListener("change", function () {
      all.checked = boxes.every(function (b) { return b.checked; });
    });
  });
})();
