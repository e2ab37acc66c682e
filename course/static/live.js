/* live.js: injected by `course serve` only. Reloads the page after a rebuild; shows the course's
   errors over the page until they are fixed, and its warnings in a panel that can be hidden, each
   with the lines of its file around it and the column marked. Everything is written as text. */
(function () {
  "use strict";
  var shownVersion = null;
  var overlay = null;
  var panel = null;
  var zh = /^zh/i.test(document.documentElement.lang || "");
  var text = zh ? {
    title: function (n) { return "课程中有 " + n + " 处错误"; },
    warnings: function (n) { return "课程中有 " + n + " 条警告"; },
    alsoWarnings: function (n) { return "另有 " + n + " 条警告"; },
    more: function (n) { return "还有 " + n + " 条未列出，请看终端。"; },
    note: "改好文件并保存后，本页会自动刷新。",
    warningNote: "警告不会中断生成，但学员看到的页面可能和你预想的不一样。",
    hide: "收起"
  } : {
    title: function (n) { return "The course has " + n + " error" + (n === 1 ? "" : "s"); },
    warnings: function (n) { return "The course has " + n + " warning" + (n === 1 ? "" : "s"); },
    alsoWarnings: function (n) { return "and " + n + " warning" + (n === 1 ? "" : "s"); },
    more: function (n) { return n + " more are listed in the terminal."; },
    note: "Fix the file and save it: this page reloads by itself.",
    warningNote: "Warnings do not stop the build, but the page may not look as you meant.",
    hide: "Hide"
  };
  var COLOURS = {error: "#ff8a80", warning: "#ffd54f"};

  function element(tag, className, content, css) {
    var e = document.createElement(tag);
    if (className) { e.className = className; }
    if (content) { e.textContent = content; }
    if (css) { e.style.cssText = css; }
    return e;
  }

  // One problem: its line of text, then its file's lines around it, the line itself marked and a
  // caret under the column.
  function problem(p) {
    var box = element("div", "course-problem course-" + p.severity, "",
      "margin:0 0 1.25rem;border-left:4px solid " + COLOURS[p.severity] + ";padding-left:.75rem");
    box.appendChild(element("p", "course-" + p.severity + "-text", p.text,
      "margin:0 0 .35rem;color:" + COLOURS[p.severity]));
    if (p.context && p.context.length) {
      var source = element("pre", "course-source", "",
        "margin:0;padding:.5rem;background:rgba(255,255,255,.07);color:#eee;overflow:auto;white-space:pre;tab-size:4");
      var width = String(p.context[p.context.length - 1][0]).length;
      p.context.forEach(function (entry) {
        var here = entry[0] === p.line;
        var number = String(entry[0]);
        while (number.length < width) { number = " " + number; }
        var row = element("span", here ? "course-source-line course-here" : "course-source-line",
          (here ? "> " : "  ") + number + " | " + entry[1] + "\n", here ? "color:#fff;font-weight:700" : "color:#aaa");
        source.appendChild(row);
        if (here) {
          var pad = "";
          for (var i = 0; i < width; i++) { pad += " "; }
          source.appendChild(element("span", "course-caret", "  " + pad + " | " + p.caret + "^\n",
            "color:" + COLOURS[p.severity] + ";font-weight:700"));
        }
      });
      box.appendChild(source);
    }
    return box;
  }

  function fill(into, problems, more) {
    problems.forEach(function (p) { into.appendChild(problem(p)); });
    if (more > 0) { into.appendChild(element("p", "", text.more(more), "color:#bbb")); }
  }

  function showErrors(state) {
    if (!overlay) {
      overlay = element("div", "", "", "position:fixed;inset:0;z-index:99999;overflow:auto;" +
        "background:rgba(20,20,20,.95);color:#fff;font:15px/1.5 ui-monospace,Menlo,Consolas,monospace;padding:2rem;");
      overlay.id = "course-errors";
      overlay.setAttribute("role", "alert");
      document.body.appendChild(overlay);
    }
    overlay.textContent = "";
    if (panel) { panel.hidden = true; }  // the overlay lists the warnings too
    var problems = state.problems || [];
    var errors = problems.filter(function (p) { return p.severity === "error"; });
    var warnings = problems.filter(function (p) { return p.severity !== "error"; });
    overlay.appendChild(element("h1", "", text.title(state.errors.length), "color:" + COLOURS.error + ";font-size:1.3rem"));
    if (!problems.length) {  // an older server: the lines of text alone
      state.errors.forEach(function (line) { overlay.appendChild(element("p", "course-error", line)); });
    }
    fill(overlay, errors, state.errors.length - errors.length);
    if (warnings.length) {
      overlay.appendChild(element("h2", "", text.alsoWarnings(warnings.length), "color:" + COLOURS.warning + ";font-size:1.1rem"));
      fill(overlay, warnings, 0);
    }
    overlay.appendChild(element("p", "", text.note, "color:#bbb"));
  }

  function showWarnings(state) {
    var warnings = (state.problems || []).filter(function (p) { return p.severity !== "error"; });
    if (!warnings.length || panel) { return; }
    panel = element("aside", "", "", "position:fixed;left:0;right:0;bottom:0;z-index:99998;max-height:40vh;" +
      "overflow:auto;background:#2b2410;color:#fff;border-top:4px solid " + COLOURS.warning + ";" +
      "font:14px/1.45 ui-monospace,Menlo,Consolas,monospace;padding:1rem 1.5rem;");
    panel.id = "course-warnings";
    panel.setAttribute("aria-label", text.warnings(warnings.length));
    var hide = element("button", "", text.hide, "float:right;font:inherit;padding:.3rem .8rem;cursor:pointer");
    hide.type = "button";
    hide.addEventListener("click", function () { panel.hidden = true; });
    panel.appendChild(hide);
    panel.appendChild(element("h2", "", text.warnings(warnings.length), "margin:0 0 .5rem;color:" + COLOURS.warning + ";font-size:1.05rem"));
    panel.appendChild(element("p", "", text.warningNote, "margin:0 0 .75rem;color:#ddd"));
    fill(panel, warnings, 0);
    document.body.appendChild(panel);
  }

  var source = new EventSource("/__course/events");
  source.onmessage = function (event) {
    var state = JSON.parse(event.data);
    if (state.errors.length) { showErrors(state); return; }
    if (shownVersion !== null && state.version !== shownVersion) { window.location.reload(); return; }
    if (overlay) { window.location.reload(); return; }
    shownVersion = state.version;
    showWarnings(state);
  };
})();
