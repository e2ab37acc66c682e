/* tracker-local.js: the "local" tracker: a quiz's best and last score and each question's
   result, kept in this browser's progress store (store.js), where the home, framework and
   certificate pages read them. */
(function () {
  "use strict";

  var store = window.coursePage.store;

  window.courseTracker.register("local", {
    quizScored: function (quiz, score) {
      var data = store.load();
      var rec = window.coursePage.has(data.quizzes, quiz.id) ? data.quizzes[quiz.id] :
        { best: score.pct, passed: false, results: {} };
      rec.best = Math.max(rec.best, score.pct);
      rec.passed = rec.passed || score.passed;
      rec.last = score.pct;
      for (var qid in score.results) { rec.results[qid] = score.results[qid]; }  // questions not drawn keep theirs
      data.quizzes[quiz.id] = rec;
      store.save(data);
      return { best: rec.best, passed: rec.passed, last: rec.last };
    }
  });
})();
