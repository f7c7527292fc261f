// Live blogs: check the page's updates JSON every poll interval and offer
// "N new updates" rather than moving the page; the button puts them on top.
// Without JavaScript the page says to reload it, which shows every update.
(function () {
  "use strict";
  var section = document.querySelector("[data-live-blog]");
  if (!section || !window.fetch) return;
  var list = section.querySelector("[data-live-entries]");
  var button = section.querySelector("[data-live-new]");
  var hint = section.querySelector("[data-live-refresh]");
  if (!list || !button) return;
  var url = section.getAttribute("data-updates-url");
  var seconds = Math.max(1, Number(section.getAttribute("data-poll-seconds")) || 20);
  var pending = [];
  var reloadInstead = false;
  var timer = null;

  if (hint) hint.textContent = "Coverage is live: new updates appear here as they are published.";

  function shownIds() {
    var ids = {};
    Array.prototype.forEach.call(list.querySelectorAll("[data-entry-id]"), function (entry) {
      ids[entry.getAttribute("data-entry-id")] = true;
    });
    return ids;
  }

  function check() {
    if (document.hidden) return;
    fetch(url, { cache: "no-cache", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) {
        var ids = shownIds();
        var shownCount = Object.keys(ids).length;
        pending = data.entries.filter(function (entry) {
          return !ids[String(entry.id)];
        });
        // More new updates than the JSON carries: the button reloads the page instead.
        reloadInstead = pending.length > 0 && data.total - shownCount > pending.length;
        var count = reloadInstead ? data.total - shownCount : pending.length;
        if (count > 0) {
          button.textContent = count === 1 ? "1 new update" : count + " new updates";
          button.hidden = false;
        }
        if (!data.live) stop();
      })
      .catch(function () {
        // Offline or a passing error: the next check tries again.
      });
  }

  function stop() {
    if (timer) window.clearInterval(timer);
    timer = null;
  }

  button.addEventListener("click", function () {
    if (reloadInstead) {
      window.location.reload();
      return;
    }
    var first = null;
    pending
      .slice()
      .reverse()
      .forEach(function (entry) {
        var template = document.createElement("template");
        template.innerHTML = entry.html.trim();
        var node = template.content.firstElementChild;
        if (!node) return;
        list.insertBefore(node, list.firstElementChild);
        first = node;
      });
    var empty = list.querySelector("[data-live-empty]");
    if (empty) empty.remove();
    pending = [];
    button.hidden = true;
    if (first) {
      first.setAttribute("tabindex", "-1");
      first.focus();
    }
  });

  timer = window.setInterval(check, seconds * 1000);
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden && timer) check();
  });
})();
