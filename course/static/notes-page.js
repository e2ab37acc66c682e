/* notes-page.js: the "My notes" page: every note and reflection answer written on this device,
   under its lesson or quiz and its prompt (the build lists them all; only those written are
   shown), to print or to download as one text file for a trainer. Loaded by that page only
   (assets/learner.js), after the page's own script. */
(function () {
  "use strict";

  var page = window.coursePage;
  var all = page.all;

  // ---- the "My notes" page ----
  function notesPageEntries() {
    var data = page.store.load();
    var written = 0;
    all(document, ".learner-notes-group").forEach(function (group) {
      var shown = 0;
      all(group, ".learner-notes-entry[data-note-key]").forEach(function (entry) {
        var key = entry.getAttribute("data-note-key");
        var text = page.has(data.notes, key) ? data.notes[key].text : "";
        entry.querySelector(".learner-notes-answer").textContent = text;  // as text: never as HTML
        entry.hidden = !text;
        if (text) { shown++; }
      });
      group.hidden = !shown;
      written += shown;
    });
    return written;
  }

  function plainText(el) { return (el.textContent || "").replace(/\s+/g, " ").trim(); }

  // One text file a trainer opens on any machine: UTF-8 with a byte-order mark (old Windows
  // editors then read Chinese right) and Windows line ends.
  function notesFile(info) {
    var lines = [info.course, document.querySelector("h1").textContent,
      info.date.split("{date}").join(window.courseStore.formatDay(window.courseStore.today(), window.coursePage.strings["@date"])), ""];
    all(document, ".learner-notes-group").forEach(function (group) {
      if (group.hidden) { return; }
      lines.push("", "== " + plainText(group.querySelector("h2")) + " ==");
      all(group, ".learner-notes-entry").forEach(function (entry) {
        if (entry.hidden) { return; }
        lines.push("");
        if (entry.getAttribute("data-kind") === "reflection") { lines.push("[" + info.reflection + "]"); }
        lines.push(plainText(entry.querySelector(".learner-notes-prompt")), "");
        entry.querySelector(".learner-notes-answer").textContent.split(/\r\n|\r|\n/).forEach(function (line) {
          lines.push("    " + line);
        });
      });
    });
    return "\ufeff" + lines.join("\r\n") + "\r\n";
  }

  function startNotesPage() {
    var list = document.querySelector(".learner-notes");
    var file = document.getElementById("learner-notes-file");
    if (!list || !file) { return; }
    var info = JSON.parse(file.textContent);
    var written = notesPageEntries();
    document.querySelector(".learner-notes-empty").hidden = written > 0;
    var actions = document.querySelector(".learner-notes-actions");
    actions.hidden = written === 0;
    actions.querySelector(".learner-notes-print").addEventListener("click", function () { window.print(); });
    actions.querySelector(".learner-notes-download").addEventListener("click", function () {
      window.courseTransfer.download(info.id + "-notes-" + window.courseStore.today() + ".txt", notesFile(info), "text/plain;charset=utf-8");
    });
  }

  window.courseNotesPage = { start: startNotesPage };
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", startNotesPage); } else { startNotesPage(); }
})();
