// Live search in the header: the search field becomes an ARIA combobox
// (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/) whose listbox shows up
// to five results from /search/live/ as the reader types. Without JavaScript
// the form simply opens the results page.
(function () {
  "use strict";
  var MIN_LENGTH = 2;
  var PAUSE_MS = 250;

  var form = document.querySelector("[data-live-search]");
  if (!form || !window.fetch) return;
  var input = form.querySelector("input[name=q]");
  var popup = form.querySelector(".live-search");
  var listbox = popup.querySelector("[role=listbox]");
  var status = form.querySelector("[data-live-search-status]");
  var endpoint = form.getAttribute("data-live-search");
  var cache = {};
  var timer = null;
  var wanted = "";
  var activeIndex = -1;

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", listbox.id);

  function options() {
    return Array.prototype.slice.call(listbox.querySelectorAll("[role=option]:not([aria-disabled=true])"));
  }

  function setActive(index) {
    var items = options();
    items.forEach(function (item, i) { item.setAttribute("aria-selected", String(i === index)); });
    activeIndex = index;
    if (index >= 0 && items[index]) {
      input.setAttribute("aria-activedescendant", items[index].id);
      items[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function open() {
    if (!listbox.children.length) return;
    popup.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function close() {
    popup.hidden = true;
    input.setAttribute("aria-expanded", "false");
    setActive(-1);
  }

  function option(id, href, className) {
    var item = document.createElement("li");
    item.id = "header-search-option-" + id;
    item.className = "live-search__option " + (className || "");
    item.setAttribute("role", "option");
    item.setAttribute("aria-selected", "false");
    if (href) item.setAttribute("data-href", href);
    return item;
  }

  function text(tag, className, content) {
    var node = document.createElement(tag);
    node.className = className;
    node.textContent = content;
    return node;
  }

  function render(data) {
    listbox.textContent = "";
    data.results.forEach(function (result, i) {
      var item = option(i, result.url);
      if (result.pinned) item.appendChild(text("span", "live-search__pick", "Editors’ pick"));
      item.appendChild(text("span", "live-search__title", result.title));
      var meta = [result.section, result.date_display].filter(Boolean).join(" · ");
      if (meta) item.appendChild(text("span", "live-search__meta", meta));
      listbox.appendChild(item);
    });
    if (!data.results.length) {
      var empty = option("empty", null, "live-search__empty");
      empty.setAttribute("aria-disabled", "true");
      empty.textContent = "No Result";
      listbox.appendChild(empty);
    }
    var all = option("all", data.all_results_url, "live-search__all");
    all.textContent = "View All Results";
    listbox.appendChild(all);
    setActive(-1);
    open();
    var count = data.results.length;
    status.textContent = count
      ? count + (count === 1 ? " result" : " results") + " for " + data.query + ". Use the up and down arrow keys to review them."
      : "No Result for " + data.query + ".";
  }

  // The spelling the server keeps one cached answer for (journos.search.selectors.canonical_query):
  // asking for it directly saves a redirect, and "Walrus" and "walrus " share one answer.
  function canonical(query) {
    return query.toLowerCase().replace(/\s+/g, " ").trim();
  }

  function showRefusal(message) {
    listbox.textContent = "";
    var item = option("busy", null, "live-search__empty");
    item.setAttribute("aria-disabled", "true");
    item.textContent = message;
    listbox.appendChild(item);
    setActive(-1);
    open();
    status.textContent = message;
  }

  function search(typed) {
    var query = canonical(typed);
    wanted = query;
    if (cache[query]) { render(cache[query]); return; }
    fetch(endpoint + "?q=" + encodeURIComponent(query).replace(/%20/g, "+"), {
      credentials: "omit",  // no cookies: the answer is the same for everyone and may be cached
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        if (response.ok) return response.json();
        // Too many searches (429) or search busy (503): the answer says so; nothing is kept.
        return response.json().then(function (data) { throw { refusal: data.error }; });
      })
      .then(function (data) {
        cache[query] = data;
        if (query === wanted && document.activeElement === input) render(data);
      })
      .catch(function (error) {
        // The form still submits to the results page.
        var shown = query === wanted && document.activeElement === input;
        if (shown && error && error.refusal) showRefusal(error.refusal);
      });
  }

  function follow(item) {
    var href = item && item.getAttribute("data-href");
    if (href) window.location.href = href;
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    var query = input.value.trim();
    if (query.length < MIN_LENGTH) {
      wanted = "";
      close();
      listbox.textContent = "";
      status.textContent = "";
      return;
    }
    timer = setTimeout(function () { search(query); }, PAUSE_MS);
  });

  input.addEventListener("keydown", function (event) {
    var items = options();
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!items.length) {
        // Arrowed before the pause was over: search at once.
        var query = input.value.trim();
        if (query.length >= MIN_LENGTH) { clearTimeout(timer); search(query); }
        return;
      }
      if (popup.hidden) { open(); }
      var step = event.key === "ArrowDown" ? 1 : -1;
      var start = activeIndex === -1 && step === -1 ? items.length : activeIndex;
      setActive((start + step + items.length) % items.length);
    } else if (event.key === "Enter" && !popup.hidden && activeIndex >= 0) {
      event.preventDefault();
      follow(items[activeIndex]);
    } else if (event.key === "Escape" && !popup.hidden) {
      event.preventDefault();
      close();
    }
  });

  // Keep focus in the field while clicking an option, then follow it.
  listbox.addEventListener("mousedown", function (event) { event.preventDefault(); });
  listbox.addEventListener("click", function (event) {
    follow(event.target.closest("[role=option]"));
  });

  form.addEventListener("focusout", function (event) {
    if (!form.contains(event.relatedTarget)) close();
  });
  input.addEventListener("focus", function () {
    if (input.value.trim().length >= MIN_LENGTH && listbox.children.length) open();
  });
})();
