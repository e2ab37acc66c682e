/* notes.js: what the learner writes, kept on this device as it is typed: the notes a lesson asks
   for ([[note: id]], a textarea the build wrote) and the answers to reflection questions
   (questions/reflection.js). Each is stored under a stable key (store.js, NOTE_KEY), so a reload,
   "Try again" and an update of the course keep it. The "My notes" page (notes-page.js) lists
   them all. */
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

  window.courseNotes = {
    keep: keep,
    reflectionKey: reflectionKey,
    start: startLessonNotes
  };
})();
