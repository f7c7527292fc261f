// Comments: the reader's part of a cached article page, and the live character counter.
// The public list is the same for everyone and cached. When the journos_signed_in cookie says someone may be
// signed in, the reader's panel (form with its CSRF token, their own comments) is fetched from the uncached
// endpoint in data-panel-url and put in place of the "Write a comment" link; their own comments get Edit and
// Delete instead of Report, and Reply opens the form in place. Without JavaScript every link opens a page.
(function () {
  "use strict";
  var MARKER = "journos_signed_in";

  // The live counter, for every comment box on the page (article, reply, edit pages).
  function updateCounter(textarea) {
    var form = textarea.closest("form");
    var counter = form && form.querySelector("[data-comment-counter]");
    var max = parseInt(textarea.getAttribute("maxlength"), 10);
    if (!counter || !max) return;
    var left = max - textarea.value.length;
    counter.textContent = left >= 0 ? left + " characters left" : -left + " characters too many";
    counter.classList.toggle("comment-form__counter--over", left < 20);
  }
  document.addEventListener("input", function (event) {
    if (event.target.matches("[data-comment-body]")) updateCounter(event.target);
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-comment-body]"), updateCounter);

  var section = document.querySelector("[data-comments]");
  if (!section) return;
  var slot = section.querySelector("[data-comment-panel]");
  var panelUrl = section.getAttribute("data-panel-url");
  var mine = { own: [], reported: [] };

  function link(href, text) {
    var node = document.createElement("a");
    node.href = href;
    node.textContent = text;
    return node;
  }

  // Controls of the reader's own comments, and "Reported" for those they reported.
  function decorate() {
    mine.own.forEach(function (item) {
      var actions = document.querySelector("#comment-" + item.id + " > .comment__item [data-comment-actions]");
      if (!actions || actions.hasAttribute("data-own")) return;
      actions.setAttribute("data-own", "");
      var report = actions.querySelector("[data-report-link]");
      if (report) report.remove();
      if (item.editable) actions.append(" ", link("/comments/" + item.id + "/edit/", "Edit"));
      actions.append(" ", link("/comments/" + item.id + "/delete/", "Delete"));
    });
    mine.reported.forEach(function (id) {
      var report = document.querySelector("#comment-" + id + " > .comment__item [data-report-link]");
      if (report) {
        var done = document.createElement("span");
        done.className = "comment__reported";
        done.textContent = "Reported";
        report.replaceWith(done);
      }
    });
  }

  // Reply opens a copy of the reader's form under the comment.
  section.addEventListener("click", function (event) {
    var replyLink = event.target.closest("[data-reply-link]");
    var form = slot.querySelector("[data-comment-form]");
    if (!replyLink || !form || event.button !== 0 || event.metaKey || event.ctrlKey) return;
    event.preventDefault();
    var item = replyLink.closest(".comment");
    var existing = item.querySelector(":scope > [data-reply-form]");
    if (existing) { existing.querySelector("textarea").focus(); return; }
    var copy = form.cloneNode(true);
    copy.setAttribute("data-reply-form", "");
    copy.removeAttribute("data-comment-form");
    copy.querySelector("input[name=parent]").value = item.getAttribute("data-comment-id");
    var textarea = copy.querySelector("textarea");
    textarea.value = "";
    textarea.id = "reply-body-" + item.getAttribute("data-comment-id");
    var label = copy.querySelector("label[for]");
    if (label) { label.setAttribute("for", textarea.id); label.textContent = "Your reply"; }
    copy.querySelector("button[type=submit]").textContent = "Post reply";
    item.querySelector(":scope > .comment__item").after(copy);
    updateCounter(textarea);
    textarea.focus();
  });

  var signedIn = document.cookie.split("; ").indexOf(MARKER + "=1") !== -1;
  if (!slot || !panelUrl || !signedIn) return;
  fetch(panelUrl, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
    .then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.text();
    })
    .then(function (html) {
      var panel = new DOMParser().parseFromString(html, "text/html").querySelector("[data-comment-panel-content]");
      if (!panel) return;
      slot.replaceChildren(document.importNode(panel, true));
      var own = slot.querySelector("[data-own]");
      if (own) mine = JSON.parse(own.getAttribute("data-own"));
      Array.prototype.forEach.call(slot.querySelectorAll("[data-comment-body]"), updateCounter);
      decorate();
      var list = document.getElementById("comment-list");
      if (list && window.MutationObserver) new MutationObserver(decorate).observe(list, { childList: true });
    })
    .catch(function () { /* offline or signed out: the "Write a comment" link still works */ });
})();
