// Views and shares: tell the server that this article was read, or shared.
// The page itself stays cacheable: counting is a small anonymous POST (no
// cookie or token needed). Share links work without JavaScript; this only
// records the click, and makes "Copy link" copy to the clipboard.
(function () {
  "use strict";
  var counters = document.querySelector("[data-engagement-beacon]");
  if (!counters) return;
  var endpoint = counters.getAttribute("data-engagement-beacon");
  var article = counters.getAttribute("data-article");

  function send(event, network) {
    var body = new URLSearchParams({ article: article, event: event });
    if (network) body.set("network", network);
    if (navigator.sendBeacon && navigator.sendBeacon(endpoint, body)) return;
    fetch(endpoint, { method: "POST", body: body, keepalive: true, credentials: "omit" }).catch(function () {});
  }

  function recordView() {
    fetch(endpoint, {
      method: "POST",
      body: new URLSearchParams({ article: article, event: "view" }),
      keepalive: true,
      credentials: "omit",
    }).catch(function () {});
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
    send("share", network);
    if (network === "copy") {
      event.preventDefault();
      copyLink(link);
    }
  });
})();
