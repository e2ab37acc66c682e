/* start.js: the page's start-up, run once the page is parsed (the bundle is loaded with defer). */
(function () {
  "use strict";

  var page = window.coursePage, progress = window.courseProgress;

  function init() {
    document.documentElement.classList.add("js");  // the page's own answer key steps aside: see course.css
    var nav = document.querySelector(".nav-toggle");
    // The menu is folded in the page as built (a phone sees the lesson first, even before this
    // script arrives on a slow line); on a wide screen it opens beside the text.
    if (nav && window.matchMedia && !window.matchMedia("(max-width: 56rem)").matches) { nav.open = true; }
    page.store.onProblem = progress.showStoreNotice;  // from the first read on: the learner hears it before any quiz
    var data = page.store.load();
    data.visited[page.url] = 1;
    if (page.url.indexOf("/") > 0) { data.last = page.url; }  // a module, lesson or quiz page
    data.lang = document.documentElement.lang;  // build/index.html opens this language next time
    page.store.save(data);
    var resume = document.querySelector("[data-resume]");
    if (resume && data.last) {  // the store keeps only a page address here
      resume.setAttribute("href", data.last);
      if (page.strings.resume) { resume.textContent = page.strings.resume; }
    }
    page.all(document, "section.quiz[data-quiz]").forEach(function (section) {
      try { window.courseQuiz.start(section); } catch (e) { /* one broken quiz must not stop the others */ }
    });
    progress.showStatus(data);
    progress.showPartResults(data);
    progress.showCertificate(data);
    window.courseNotes.start();  // the notes this page asks for
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
