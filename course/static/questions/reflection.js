/* Reflection: not scored; checking shows the model answer beside what the learner wrote. What
   they write is kept on this device as they type (notes.js), across reloads and "Try again". */
(function () {
  "use strict";

  function notes() { return window.courseNotes; }

  window.courseGrade.register("reflection", {
    grade: function (q) {
      return { score: null, when: null, response: q.querySelector("textarea").value };
    },
    setup: function (q) {
      notes().keep(q.querySelector("textarea"), notes().reflectionKey(q), null);
    },
    reset: function (q) {  // a new attempt: the learner's own words stay
      q.querySelector("textarea").value = window.coursePage.store.note(notes().reflectionKey(q));
    }
  });
})();
