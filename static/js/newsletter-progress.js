// The newsletter dispatch page: while an issue is sending, refresh its progress bar every few seconds.
// Without JavaScript the page shows the numbers as they were when it loaded (reload to follow).
(function () {
  "use strict";
  var EVERY = 3000;

  function refresh(box) {
    var url = box.getAttribute("data-newsletter-progress");
    fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector(".newsletter-progress");
        if (!fresh) return;
        box.innerHTML = fresh.innerHTML;
        if (fresh.hasAttribute("data-newsletter-progress")) {
          setTimeout(function () { refresh(box); }, EVERY);
        } else {
          window.location.reload(); // finished: the page's report and buttons change too
        }
      })
      .catch(function () { setTimeout(function () { refresh(box); }, EVERY * 3); });
  }

  document.querySelectorAll("[data-newsletter-progress]").forEach(function (box) {
    setTimeout(function () { refresh(box); }, EVERY);
  });
})();
