/* live.js: injected by `course serve` only. Reloads the page after a rebuild and shows
   the course's errors over the page until they are fixed. */
(function () {
  "use strict";
  var shownVersion = null;
  var overlay = null;
  var zh = /^zh/i.test(document.documentElement.lang || "");
  var text = zh ? {
    title: function (n) { return "课程中有 " + n + " 处错误"; },
    note: "改好文件并保存后，本页会自动刷新。"
  } : {
    title: function (n) { return "The course has " + n + " error" + (n === 1 ? "" : "s"); },
    note: "Fix the file and save it: this page reloads by itself."
  };

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
    title.textContent = text.title(errors.length);
    title.style.cssText = "color:#ff8a80;font-size:1.3rem";
    overlay.appendChild(title);
    errors.forEach(function (line) {
      var p = document.createElement("p");
      p.className = "course-error";
      p.textContent = line;
      overlay.appendChild(p);
    });
    var note = document.createElement("p");
    note.textContent = text.note;
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
