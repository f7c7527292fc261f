// Accounts: the header's signed-in state and the login dialog.
// Public pages are cached and the same for everyone, so they hold nothing about
// the reader. The signed-in state comes from the status endpoint, asked only
// when the journos_signed_in cookie says someone may be signed in; the dialog
// fetches its forms (which carry a CSRF token) when it opens. Without this
// script, "Log in" simply goes to the login page.
(function () {
  "use strict";
  var MARKER = "journos_signed_in";
  var script = document.currentScript;
  var statusUrl = script && script.getAttribute("data-status-url");
  var slot = document.querySelector("[data-account-slot]");
  var dialog = document.querySelector("[data-login-dialog]");
  var FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled])';

  // Signed-in state in the header
  function hasMarker() {
    return document.cookie.split("; ").indexOf(MARKER + "=1") !== -1;
  }

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text) node.textContent = text;
    return node;
  }

  function showSignedIn(status) {
    var logout = element("form", { method: "post", action: status.logout_url, class: "topbar__logout" });
    logout.append(
      element("input", { type: "hidden", name: "csrfmiddlewaretoken", value: status.csrf_token }),
      element("input", { type: "hidden", name: "next", value: window.location.pathname }),
      element("button", { type: "submit", class: "topbar__logout-button" }, "Log out")
    );
    slot.replaceChildren(element("a", { href: status.account_url, "data-account-link": "" }, status.name), " ", logout);
  }

  if (slot && statusUrl && hasMarker()) {
    fetch(statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (status) {
        if (status && status.authenticated) {
          showSignedIn(status);
        } else if (status) {
          document.cookie = MARKER + "=; Max-Age=0; Path=/; SameSite=Lax";  // the session has ended
        }
      })
      .catch(function () { /* offline: keep the "Log in" link */ });
  }

  // The login dialog
  var loginLink = slot && slot.querySelector("[data-login-link]");
  if (!dialog || !loginLink || typeof dialog.showModal !== "function") return;
  var opener = null;
  var formsLoaded = null;

  function panels() { return dialog.querySelectorAll("[data-dialog-panel]"); }

  function showPanel(name) {
    Array.prototype.forEach.call(panels(), function (panel) {
      var active = panel.getAttribute("data-dialog-panel") === name;
      panel.hidden = !active;
      if (active) dialog.setAttribute("aria-labelledby", panel.getAttribute("data-dialog-title"));
    });
  }

  function focusables() {
    return Array.prototype.filter.call(dialog.querySelectorAll(FOCUSABLE), function (node) {
      return node.getClientRects().length > 0;  // skips the hidden panel
    });
  }

  function focusFirstField() {
    var panel = dialog.querySelector("[data-dialog-panel]:not([hidden])");
    var field = panel.querySelector("input:not([type=hidden]):not([type=checkbox])") || focusables()[0];
    if (field) field.focus();
  }

  function loadForms() {
    if (!formsLoaded) {
      var next = window.location.pathname + window.location.search;
      var url = dialog.getAttribute("data-forms-url") + "?" + new URLSearchParams({ next: next });
      formsLoaded = fetch(url, { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.text();
        })
        .then(function (html) {
          var fragment = new DOMParser().parseFromString(html, "text/html");
          ["login", "reset"].forEach(function (name) {
            var form = fragment.querySelector('[data-form="' + name + '"]');
            dialog.querySelector('[data-dialog-form="' + name + '"]').replaceChildren(document.importNode(form, true));
          });
        });
    }
    return formsLoaded;
  }

  function open(trigger) {
    opener = trigger;
    showPanel("login");
    dialog.showModal();
    loadForms().then(focusFirstField, function () {
      window.location.href = loginLink.href;  // the full page works without the dialog
    });
  }

  loginLink.addEventListener("click", function (event) {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    open(loginLink);
  });

  dialog.addEventListener("click", function (event) {
    var switcher = event.target.closest("[data-dialog-switch]");
    if (switcher) {
      event.preventDefault();
      showPanel(switcher.getAttribute("data-dialog-switch"));
      focusFirstField();
    } else if (event.target.closest("[data-dialog-close]") || event.target === dialog) {
      dialog.close();  // the close button, or a click on the backdrop
    }
  });

  // Keep Tab and Shift+Tab inside the dialog while it is open.
  dialog.addEventListener("keydown", function (event) {
    if (event.key !== "Tab") return;
    var items = focusables();
    if (!items.length) return;
    var first = items[0];
    var last = items[items.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  });

  // Escape closes a modal <dialog> natively; focus goes back where it was.
  dialog.addEventListener("close", function () {
    if (opener) opener.focus();
  });
})();
