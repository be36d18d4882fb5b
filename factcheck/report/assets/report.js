/* factcheck report: evidence panel, verdict filters and keyboard navigation.
   The page works without this script (figures link to their evidence cards);
   the script only adds the side panel, filters and shortcuts. */
(function () {
  "use strict";
  var body = document.body;
  var panel = document.getElementById("panel");
  var panelBody = document.getElementById("panel-body");
  var closeButton = document.getElementById("panel-close");
  var current = null;
  var restoring = false;

  function visibleFigures() {
    return Array.prototype.filter.call(document.querySelectorAll("a.fig"), function (fig) {
      return !body.classList.contains("hide-" + fig.getAttribute("data-status"));
    });
  }

  function show(fig, moveFocus) {
    var card = document.getElementById(fig.getAttribute("data-claim"));
    if (!card || !panel) { return; }
    var copy = card.cloneNode(true);
    copy.removeAttribute("id");
    copy.removeAttribute("tabindex");
    Array.prototype.forEach.call(copy.querySelectorAll("[id]"), function (el) { el.removeAttribute("id"); });
    while (panelBody.firstChild) { panelBody.removeChild(panelBody.firstChild); }
    panelBody.appendChild(copy);
    panel.classList.remove("idle");
    panel.setAttribute("data-claim", fig.getAttribute("data-claim"));
    if (current && current !== fig) { current.classList.remove("current"); current.removeAttribute("aria-current"); }
    current = fig;
    fig.classList.add("current");
    fig.setAttribute("aria-current", "true");
    if (moveFocus) { panel.focus({ preventScroll: true }); }
    keepAboveSheet(fig);
  }

  /* On a phone the panel is a bottom sheet: keep the figure visible above it. */
  function keepAboveSheet(fig) {
    if (window.getComputedStyle(panel).position !== "fixed") { return; }
    var sheetTop = panel.getBoundingClientRect().top;
    var box = fig.getBoundingClientRect();
    if (box.bottom > sheetTop - 8 || box.top < 0) {
      window.scrollBy(0, box.top - Math.max(16, (sheetTop - box.height) / 3));
    }
  }

  function hide() {
    if (!panel) { return; }
    panel.classList.add("idle");
    while (panelBody.firstChild) { panelBody.removeChild(panelBody.firstChild); }
    var hint = document.createElement("p");
    hint.className = "panel-hint";
    hint.textContent = panel.getAttribute("data-hint") || "";
    panelBody.appendChild(hint);
    if (current) {
      var fig = current;
      current = null;
      fig.classList.remove("current");
      fig.removeAttribute("aria-current");
      restoring = true;
      fig.focus();
      restoring = false;
    }
  }

  document.addEventListener("click", function (event) {
    var fig = event.target.closest ? event.target.closest("a.fig") : null;
    if (!fig) { return; }
    event.preventDefault();
    show(fig, true);
  });

  document.addEventListener("focusin", function (event) {
    var fig = event.target;
    if (!restoring && fig.matches && fig.matches("a.fig")) { show(fig, false); }
  });

  if (closeButton) { closeButton.addEventListener("click", hide); }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    var target = event.target;
    if (target.matches && target.matches("input, textarea, select")) {
      if (event.key !== "Escape") { return; }
    }
    if (event.key === "Escape") {
      if (panel && !panel.classList.contains("idle")) { event.preventDefault(); hide(); }
      return;
    }
    var forward = event.key === "j" || event.key === "n";
    var backward = event.key === "k" || event.key === "p";
    if (!forward && !backward) { return; }
    var figures = visibleFigures();
    if (!figures.length) { return; }
    var i = figures.indexOf(document.activeElement);
    if (i < 0 && current) { i = figures.indexOf(current); }
    var next = forward ? (i + 1) % figures.length : (i <= 0 ? figures.length - 1 : i - 1);
    event.preventDefault();
    figures[next].focus();
  });

  function applyFilter(box) {
    var status = box.getAttribute("data-filter");
    body.classList.toggle("hide-" + status, !box.checked);
    Array.prototype.forEach.call(document.querySelectorAll("a.fig[data-status='" + status + "']"), function (fig) {
      if (box.checked) { fig.removeAttribute("tabindex"); } else { fig.setAttribute("tabindex", "-1"); }
    });
    if (!box.checked && current && current.getAttribute("data-status") === status) { hide(); }
  }

  Array.prototype.forEach.call(document.querySelectorAll("input[data-filter]"), function (box) {
    box.addEventListener("change", function () { applyFilter(box); });
    applyFilter(box);
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-needs-script]"), function (el) { el.hidden = false; });
})();
