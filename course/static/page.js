/* page.js: what every part of the page's script shares: which course and page this is, the
   learner's progress store (one per page, so a storage failure is noticed once), the interface
   strings the build wrote into the page (#course-ui), and a few DOM helpers. */
(function () {
  "use strict";

  var body = document.body;
  var courseId = body.getAttribute("data-course") || "course";
  var strings = {};
  try { strings = JSON.parse(document.getElementById("course-ui").textContent); } catch (e) { strings = {}; }

  function has(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }

  var plural = window.coursePlural;
  var rule = function (n) { return n === 1 ? 0 : 1; };  // English's, should the page's be unreadable
  try { rule = plural.compile(strings["@plural"] || "n != 1"); } catch (e) { /* English's */ }

  function say(key, values) {
    var text = has(strings, key) ? strings[key] : key;  // "" is a valid string
    // a string that changes with a number has a list of forms; the catalog's Plural-Forms picks one
    if (Object.prototype.toString.call(text) === "[object Array]") {
      text = plural.choose(text, rule, values && values.n);
    }
    for (var name in values || {}) {
      text = text.split("{" + name + "}").join(String(values[name]));
    }
    return text;
  }

  function all(root, selector) { return Array.prototype.slice.call(root.querySelectorAll(selector)); }

  function shuffle(list) {
    for (var i = list.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1));
      var tmp = list[i]; list[i] = list[j]; list[j] = tmp;
    }
    return list;
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;" }[c];
    });
  }

  window.coursePage = {
    courseId: courseId,
    url: body.getAttribute("data-page") || "index.html",
    store: window.courseStore.open("course:" + courseId),
    strings: strings,
    has: has,
    say: say,
    all: all,
    shuffle: shuffle,
    escapeHtml: escapeHtml
  };
})();
