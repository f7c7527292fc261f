// Error summaries: a form far down a long page failed, so its errors are listed at the top.
// The summary takes focus (screen readers read it, keyboard users start there), and each
// link moves focus into the field it names. Without this script the links still jump there.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) return;
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    var target = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!target) return;
    event.preventDefault();
    target.scrollIntoView({ block: "center" });
    target.focus({ preventScroll: true });
  });
})();
