// Counts a search in the site's search-term log (for editors' reports and
// promoted results) with a beacon, so the results page itself stays cacheable.
(function () {
  "use strict";
  var summary = document.querySelector("[data-search-hit]");
  if (!summary || !navigator.sendBeacon) return;
  var body = new URLSearchParams({ q: summary.getAttribute("data-search-hit") });
  navigator.sendBeacon(summary.getAttribute("data-search-hit-url"), body);
})();
