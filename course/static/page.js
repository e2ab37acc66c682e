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

  function say(key, values) {
    // a string with a form for one ("over 1 quiz") has it under key_one, in every language
    if (values && values.n === 1 && has(strings, key + "_one")) { key += "_one"; }
    var text = has(strings, key) ? strings[key] : key;  // "" is a valid string
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
