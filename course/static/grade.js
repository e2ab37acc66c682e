/* grade.js: how answers are compared, written once, and the table of question types.

   The answer key is the page's own: each quiz carries it as JSON (<script type="application/json"
   id="quiz-ID-key">, written by the build from course/questions/), and each type's grader in
   questions/<type>.js reads it. A grader registers what its type does:

     courseGrade.register(type, {
       grade: function (q, key, explicit) {...},  // q: the question's fieldset; key: its entry of
         // the answer key; explicit: the learner pressed this question's own Check button.
         // Returns null when there is no answer yet; {unreadable: stringKey} when the answer
         // cannot be read (the learner is asked again, never marked wrong for its form); else
         // {score: 0..1, or null when not scored; when: which result feedback to show, or null;
         //  response: the answer as data, for trackers; picked: option elements whose feedback to
         //  show; marks: [[element, right]] to colour once checked}. It changes nothing on the page:
         //  "Check all" asks it first whether each question is answered.
       setup: function (q) {},         // optional: once, when the quiz starts (wire its controls)
       reset: function (q, reshuffle, key) {},  // optional: a new attempt (a new order); marks are cleared for it
       reveal: function (q, key) {},   // optional: after a wrong answer, mark the right one (class is-answer)
       openAnswer: true                // optional: after a wrong answer, open "Show answer"
     });
*/
(function () {
  "use strict";

  // The same class as SPACE in course/questions/base.py: what separates words, listed rather than
  // left to each language's own idea of a space (tests/test_normalise.py holds the two together).
  var SPACE = /[\t\n\u000b\u000c\r \u001c-\u001f\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+/g;

  // normalise_answer() of course/questions/base.py: compatibility forms unified (NFKC: full-width
  // ５ and ％ as 5 and %), spacing collapsed and trimmed, lower case unless the question says not.
  // The key's accepted texts are already normalised by the build; what the learner types is here.
  function normalise(text, caseSensitive) {
    text = String(text);
    if (text.normalize) { text = text.normalize("NFKC"); }
    text = text.replace(SPACE, " ").replace(/^ | $/g, "");
    return caseSensitive ? text : text.toLowerCase();
  }

  // The share of the points for right of total parts: all or nothing unless the key allows partial credit.
  function partialScore(right, total, partial) {
    return right === total ? 1 : (partial ? right / total : 0);
  }

  var types = {};

  window.courseGrade = {
    normalise: normalise,
    partialScore: partialScore,
    types: types,
    register: function (type, behaviour) { types[type] = behaviour; }
  };
})();
