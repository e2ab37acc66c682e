/* tracker-local.js: the "local" tracker: a quiz's best and last score, its attempts, the day it
   was first passed and each question's result, kept in this browser's progress store (store.js), where the home, framework and
   certificate pages read them. */
(function () {
  "use strict";

  var store = window.coursePage.store;

  window.courseTracker.register("local", {
    quizScored: function (quiz, score) {
      var data = store.load();
      var rec = window.courseStore.recordAttempt(window.coursePage.has(data.quizzes, quiz.id) ? data.quizzes[quiz.id] : null,
        score.pct, score.passed);
      for (var qid in score.results) { rec.results[qid] = score.results[qid]; }  // questions not drawn keep theirs
      data.quizzes[quiz.id] = rec;
      store.save(data);
      return { best: rec.best, passed: rec.passed, last: rec.last };
    }
  });
})();
