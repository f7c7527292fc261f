// "Load more": fetch the next page of a listing and append its items in
// place. Without JavaScript the link simply opens that page.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-load-more]");
    if (!link) return;
    var list = document.getElementById(link.getAttribute("data-load-more"));
    if (!list) return;
    event.preventDefault();
    link.setAttribute("aria-busy", "true");
    fetch(link.href, { headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var newList = doc.getElementById(list.id);
        var firstNew = null;
        Array.prototype.forEach.call(newList ? newList.children : [], function (item) {
          var node = document.importNode(item, true);
          firstNew = firstNew || node;
          list.appendChild(node);
        });
        var newLink = doc.querySelector('[data-load-more="' + list.id + '"]');
        var nav = link.closest(".pagination") || link;
        var newNav = newLink ? newLink.closest(".pagination") || newLink : null;
        if (newNav) nav.replaceWith(document.importNode(newNav, true));
        else nav.remove();
        var focusTarget = firstNew && (firstNew.querySelector(".card__title a") || firstNew.querySelector("a[href]"));
        if (focusTarget) focusTarget.focus();
      })
      .catch(function () { window.location.href = link.href; });
  });
})();
