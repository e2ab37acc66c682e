/* notes.js: what the learner writes, kept on this device as it is typed: the notes a lesson asks
   for ([[note: id]], a textarea the build wrote) and the answers to reflection questions
   (questions/reflection.js). Each is stored under a stable key (store.js, NOTE_KEY), so a reload,
   "Try again" and an update of the course keep it. The "My notes" page lists them all, to print
   or to download as one text file for a trainer. */
(function () {
  "use strict";

  var page = window.coursePage;
  var say = page.say, all = page.all;
  var WAIT = 400;  // ms after the last key press: a save per pause, not per letter

  // Saves field's text under key while the learner types, and once more when they leave it.
  function keep(field, key, status) {
    var timer = null;
    function save() {
      timer = null;
      page.store.setNote(key, field.value);
      if (status) { status.textContent = say("note_saved"); }
    }
    field.addEventListener("input", function () {
      if (timer) { window.clearTimeout(timer); }
      if (status) { status.textContent = ""; }
      timer = window.setTimeout(save, WAIT);
    });
    function flush() { if (timer) { window.clearTimeout(timer); save(); } }
    field.addEventListener("blur", flush);
    window.addEventListener("pagehide", flush);
  }

  function lessonKey(id) { return page.url.replace(/\.html$/, "") + "#" + id; }

  function reflectionKey(q) {
    var quiz = q.closest("section.quiz[data-quiz]");
    return (quiz ? quiz.getAttribute("data-quiz") : "") + "/" + q.getAttribute("data-qid");
  }

  function startLessonNotes() {
    all(document, ".learner-note[data-note]").forEach(function (box) {
      var field = box.querySelector("textarea");
      var key = lessonKey(box.getAttribute("data-note"));
      if (!field || !window.courseStore.NOTE_KEY.test(key)) { return; }
      field.value = page.store.note(key);
      keep(field, key, box.querySelector(".learner-note-saved"));
    });
  }

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
      info.date.split("{date}").join(window.courseStore.formatDay(window.courseStore.today(), document.documentElement.lang)), ""];
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

  function download(name, text, type) {
    var url = window.URL.createObjectURL(new Blob([text], { type: type }));
    var a = document.createElement("a");
    a.href = url;
    a.download = name;
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    window.setTimeout(function () { window.URL.revokeObjectURL(url); }, 1000);
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
      download(info.id + "-notes-" + window.courseStore.today() + ".txt", notesFile(info), "text/plain;charset=utf-8");
    });
  }

  window.courseNotes = {
    keep: keep,
    reflectionKey: reflectionKey,
    download: download,
    start: function () {
      startLessonNotes();
      startNotesPage();
    }
  };
})();
