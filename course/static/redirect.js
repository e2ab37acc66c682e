/* redirect.js: build/index.html opens the language the learner last read in, else the
   browser's, else the course's first. A file, not an inline script: the page's policy
   runs only the site's own script files. */
(function () {
  "use strict";
  var script = document.currentScript;
  var langs = (script.getAttribute("data-languages") || "").split(" ").filter(Boolean);
  var pick = null;
  try {
    pick = (JSON.parse(window.localStorage.getItem("course:" + script.getAttribute("data-course"))) || {}).lang;
  } catch (e) { pick = null; }  // storage off or the entry corrupt: the browser's language decides
  if (langs.indexOf(pick) < 0) {
    pick = null;
    (navigator.languages || [navigator.language || ""]).forEach(function (want) {
      langs.forEach(function (code) {
        if (!pick && want && want.toLowerCase().split("-")[0] === code.toLowerCase().split("-")[0]) { pick = code; }
      });
    });
  }
  if (langs.length) { window.location.replace((pick || langs[0]) + "/index.html"); }
})();
