// Views and shares: tell the server that this article was read, or shared.
// The page itself stays cacheable: counting is a small anonymous POST (no
// cookie or token needed), and its answer brings the current totals, shown in
// place of the numbers in the cached HTML. Share links work without
// JavaScript; this only records the click, and makes "Copy link" copy.
(function () {
  "use strict";
  var counters = document.querySelector("[data-engagement-beacon]");
  if (!counters) return;
  var endpoint = counters.getAttribute("data-engagement-beacon");
  var article = counters.getAttribute("data-article");

  function fields(event, network) {
    var body = new URLSearchParams({ article: article, event: event });
    if (network) body.set("network", network);
    return body;
  }

  // 1234 → "1.2K", as the server writes it (rounded down).
  function compact(number) {
    var sizes = [[1e9, "B"], [1e6, "M"], [1e3, "K"]];
    for (var i = 0; i < sizes.length; i++) {
      if (number >= sizes[i][0]) {
        return (Math.floor((number * 10) / sizes[i][0]) / 10).toString() + sizes[i][1];
      }
    }
    return String(number);
  }

  function show(kind, number) {
    var item = counters.querySelector('[data-counter="' + kind + '"]');
    if (!item || typeof number !== "number") return;
    var unit = number === 1 ? kind.slice(0, -1) : kind;
    item.querySelector("[data-count]").textContent = compact(number);
    item.querySelector("[data-unit]").textContent = unit;
    item.title = number + " " + unit;
  }

  function recordView() {
    fetch(endpoint, { method: "POST", body: fields("view"), credentials: "omit" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (totals) {
        if (!totals) return;
        show("views", totals.views);
        show("shares", totals.shares);
      })
      .catch(function () {});
  }

  // Count a view once the page is actually shown (not for a tab opened in the background).
  if (document.visibilityState === "visible") {
    recordView();
  } else {
    document.addEventListener("visibilitychange", function onVisible() {
      if (document.visibilityState !== "visible") return;
      document.removeEventListener("visibilitychange", onVisible);
      recordView();
    });
  }

  // A share may leave the page at once: sendBeacon still delivers it.
  function recordShare(network) {
    var body = fields("share", network);
    if (navigator.sendBeacon && navigator.sendBeacon(endpoint, body)) return;
    fetch(endpoint, { method: "POST", body: body, keepalive: true, credentials: "omit" }).catch(function () {});
  }

  function copyLink(link) {
    var status = document.querySelector("[data-share-status]");
    function say(text) { if (status) status.textContent = text; }
    if (!navigator.clipboard) { say("Copy the address from your browser's address bar."); return; }
    navigator.clipboard.writeText(link.href).then(
      function () { say("Link copied."); },
      function () { say("Could not copy the link; copy it from the address bar."); }
    );
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-share]");
    if (!link) return;
    var network = link.getAttribute("data-share");
    recordShare(network);
    if (network === "copy") {
      event.preventDefault();
      copyLink(link);
    }
  });
})();
