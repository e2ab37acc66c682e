/* Ordering: move buttons instead of drag and drop; the key is the items' data-index in the right order. */
(function () {
  "use strict";

  var page = window.coursePage, grade = window.courseGrade;

  function updateMoveButtons(list) {
    var items = page.all(list, ".q-item");
    items.forEach(function (li, i) {
      li.querySelector(".q-up").disabled = i === 0;
      li.querySelector(".q-down").disabled = i === items.length - 1;
    });
  }

  function move(button, step) {
    var li = button.closest(".q-item");
    var list = li.parentNode;
    var items = page.all(list, ".q-item");
    var target = items.indexOf(li) + step;
    if (target < 0 || target >= items.length) { return; }
    if (step < 0) { list.insertBefore(li, items[target]); } else { list.insertBefore(items[target], li); }
    li.closest(".question").setAttribute("data-moved", "true");
    updateMoveButtons(list);
    if (button.disabled) { button = button.parentNode.querySelector(step < 0 ? ".q-down" : ".q-up"); }
    button.focus();
    var status = list.parentNode.querySelector(".q-feedback");
    status.textContent = page.say("moved", { item: li.querySelector(".q-item-text").textContent, n: target + 1, total: items.length });
  }

  grade.register("ordering", {
    grade: function (q, key, explicit) {
      // Untouched, the list is only the order it was shown in: "Check all" treats it as not
      // answered; pressing this question's own Check button means "this is my answer".
      if (!explicit && !q.hasAttribute("data-moved")) { return null; }
      var order = page.all(q, ".q-item").map(function (li) { return parseInt(li.getAttribute("data-index"), 10); });
      var right = order.filter(function (index, i) { return index === key.order[i]; }).length;
      var score = grade.partialScore(right, order.length, key.partial);
      return { score: score, when: right === order.length ? "correct" : "incorrect", response: order };
    },
    setup: function (q) {
      page.all(q, ".q-move").forEach(function (m) { m.hidden = false; });
      page.all(q, ".q-item").forEach(function (li, i) { li.setAttribute("data-shown", String(i)); });
      page.all(q, ".q-up").forEach(function (b) { b.addEventListener("click", function () { move(b, -1); }); });
      page.all(q, ".q-down").forEach(function (b) { b.addEventListener("click", function () { move(b, 1); }); });
    },
    reset: function (q, reshuffle, key) {
      q.removeAttribute("data-moved");
      var list = q.querySelector(".q-ordering");
      var items = page.all(list, ".q-item");
      var order = reshuffle ? page.shuffle(items.slice()) : items.sort(function (a, b) {  // the order the page was built with
        return a.getAttribute("data-shown") - b.getAttribute("data-shown");
      });
      // never the right order to start from
      if (order.every(function (li, i) { return li.getAttribute("data-index") === String(key.order[i]); })) { order.reverse(); }
      order.forEach(function (li) { list.appendChild(li); });
      updateMoveButtons(list);
    },
    openAnswer: true
  });
})();
