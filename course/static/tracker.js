/* tracker.js: the quiz engine tells trackers what the learner does; trackers keep or send it.

   The interface. A tracker is an object with any of these three methods:

     quizStarted(quiz)
       A new attempt begins (on opening the page, and on "Try again").
     questionAnswered(quiz, answer)
       One question was checked, by its own button or by "Check all".
     quizScored(quiz, score)
       "Check all" scored the attempt.

   What it is told (plain data, a copy of its own on every call):
     quiz   = {id, title, passMark (percent), lang, page (the page's address in the site),
               questions: [the ids of the questions shown in this attempt, in order]}
     answer = {id, type, interaction (its SCORM interaction type: "choice", "true-false", "fill-in",
               "numeric", "matching", "sequencing", "long-fill-in"), response (what the learner gave:
               option ids, a text, a number, [left, right] index pairs, item indexes in the learner's
               order), result (0..1 of the question's points, or null when it is not scored),
               correct (result === 1), skipped (checked by "Check all" without an answer), points}
     score  = {points (got), total, pct (0..100, rounded), passed, results: {question id: 0..1}}

   What it may return: quizScored may return the quiz's record as the tracker now holds it,
   {best, passed, last} (percent, boolean, percent); the page shows the best score of the first
   tracker that returns one (the local tracker is registered first). Anything else a tracker
   returns is ignored. Trackers are told in the order they were registered; one that throws is
   skipped for that call, so a tracker can never stop the quiz. A tracker must not wait on the
   network before returning: the learner's feedback does not wait for it.

   "local" (tracker-local.js) keeps scores in this browser. A SCORM or xAPI tracker registers
   itself the same way, from its own file in a bundle of its own (render/scripts.py). */
(function () {
  "use strict";

  var trackers = [];

  function copy(data) { return JSON.parse(JSON.stringify(data)); }

  function tell(method, args) {
    var first = null;
    trackers.forEach(function (entry) {
      if (typeof entry.tracker[method] !== "function") { return; }
      try {
        var returned = entry.tracker[method].apply(entry.tracker, args.map(copy));
        if (first === null && returned) { first = returned; }
      } catch (e) { /* a tracker's failure is its own */ }
    });
    return first;
  }

  window.courseTracker = {
    register: function (name, tracker) { trackers.push({ name: name, tracker: tracker }); },
    names: function () { return trackers.map(function (entry) { return entry.name; }); },
    quizStarted: function (quiz) { tell("quizStarted", [quiz]); },
    questionAnswered: function (quiz, answer) { tell("questionAnswered", [quiz, answer]); },
    quizScored: function (quiz, score) { return tell("quizScored", [quiz, score]); }
  };
})();
