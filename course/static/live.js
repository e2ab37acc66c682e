/* live.js: injected by `course serve` only. Reloads the page after a rebuild and shows
   the course's errors over the page until they are fixed. */
(function () {
  "use strict";
  var shownVersion = null;
  var overlay = null;

  function showErrors(errors) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "course-errors";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:0;z-index:99999;overflow:auto;background:rgba(20,20,20,.93);" +
        "color:#fff;font:15px/1.5 ui-monospace,Menlo,Consolas,monospace;padding:2rem;";
      document.body.appendChild(overlay);
    }
    overlay.innerHTML = "";
    var title = document.createElement("h1");
    title.textContent = "The course has " + errors.length + " error" + (errors.length === 1 ? "" : "s");
    title.style.cssText = "color:#ff8a80;font-size:1.3rem";
    overlay.appendChild(title);
    errors.forEach(function (line) {
      var p = document.createElement("p");
      p.className = "course-error";
      p.textContent = line;
      overlay.appendChild(p);
    });
    var note = document.createElement("p");
    note.textContent = "Fix the file and save it: this page reloads by itself.";
    note.style.color = "#bbb";
    overlay.appendChild(note);
  }

  var source = new EventSource("/__course/events");
  source.onmessage = function (event) {
    var state = JSON.parse(event.data);
    if (state.errors.length) { showErrors(state.errors); return; }
    if (shownVersion !== null && state.version !== shownVersion) { window.location.reload(); return; }
    if (overlay) { window.location.reload(); return; }
    shownVersion = state.version;
  };
})();
