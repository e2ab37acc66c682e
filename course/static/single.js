/* single.js: the pages of `course export single-html`, all in one file. Every page of every
   language sits in the head as an inert <template data-page="en/basics/reading.html">; the
   address's hash names the one shown (#en/basics/reading.html, or #en/basics/reading.html#heading
   for a place in it). Showing a page puts its body in the document's and runs the site's own
   script again (window.courseRun, the whole of course.js), just as opening the page would. The
   build rewrote links between pages to such hashes; a link to a place in the page (#main) and
   one the page's script writes later (the "resume" link) are turned into one when followed. */
(function () {
  "use strict";

  var root = document.documentElement;
  var languages = (root.getAttribute("data-languages") || "").split(" ").filter(Boolean);
  var courseId = root.getAttribute("data-course") || "course";
  var pages = {};
  Array.prototype.forEach.call(document.querySelectorAll("head > template[data-page]"), function (t) {
    pages[t.getAttribute("data-page")] = t;
  });
  var shown = null;

  function isPage(key) { return Object.prototype.hasOwnProperty.call(pages, key); }

  // The language the learner last read in (the site's root page does the same), else the first.
  function home() {
    var lang = languages[0];
    try {
      var data = JSON.parse(window.localStorage.getItem("course:" + courseId));
      if (data && languages.indexOf(data.lang) >= 0) { lang = data.lang; }
    } catch (e) { /* no storage, or not JSON: the first language */ }
    return lang + "/index.html";
  }

  function wanted() {
    var hash = window.location.hash.slice(1);
    try { hash = decodeURIComponent(hash); } catch (e) { /* a malformed escape: taken as written */ }
    var cut = hash.indexOf("#");
    return { page: cut < 0 ? hash : hash.slice(0, cut), anchor: cut < 0 ? "" : hash.slice(cut + 1) };
  }

  function show() {
    var target = wanted();
    if (!isPage(target.page)) {
      target = { page: home(), anchor: "" };
      try { window.history.replaceState(null, "", "#" + target.page); } catch (e) { /* the address stays */ }
    }
    var changed = target.page !== shown;
    if (changed) {
      var template = pages[target.page];
      var body = document.body;
      root.lang = template.getAttribute("data-lang");
      document.title = template.getAttribute("data-title");
      body.setAttribute("data-page", template.getAttribute("data-url"));
      body.setAttribute("data-lang", template.getAttribute("data-lang"));
      while (body.firstChild) { body.removeChild(body.firstChild); }
      body.appendChild(document.importNode(template.content, true));
      shown = target.page;
      window.courseRun();
    }
    var place = target.anchor && document.getElementById(target.anchor);
    if (place) {
      place.scrollIntoView();
      if (place.hasAttribute("tabindex")) { place.focus({ preventScroll: true }); }  // the skip link's #main
    } else if (changed) {
      window.scrollTo(0, 0);
      var main = document.getElementById("main");
      if (main && document.readyState !== "loading") { main.focus({ preventScroll: true }); }  // as a new page would
    }
  }

  // "../index.html" from "en/basics/reading.html" -> "en/index.html"
  function resolve(from, href) {
    var parts = from.split("/").slice(0, -1);
    href.split("/").forEach(function (part) {
      if (part === "..") { parts.pop(); } else if (part !== "." && part !== "") { parts.push(part); }
    });
    return parts.join("/");
  }

  document.addEventListener("click", function (event) {
    var link = event.target && event.target.closest ? event.target.closest("a[href]") : null;
    if (!link || !shown) { return; }
    var href = link.getAttribute("href");
    if (href.charAt(0) === "#") {
      // a place in this page (#main, a heading): kept in the address after the page's own name
      if (href.length > 1 && !isPage(href.slice(1).split("#")[0])) {
        event.preventDefault();
        window.location.hash = shown + href;
      }
      return;
    }
    if (/^([A-Za-z][A-Za-z0-9+.-]*:|\/)/.test(href)) { return; }  // another site, or a file
    var cut = href.indexOf("#");
    var page = resolve(shown, cut < 0 ? href : href.slice(0, cut));
    if (page === "index.html") { page = home(); }
    if (!isPage(page)) { return; }
    event.preventDefault();
    window.location.hash = page + (cut < 0 ? "" : href.slice(cut));
  });
  window.addEventListener("hashchange", show);
  show();
})();
