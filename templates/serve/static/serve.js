// Small enhancements of `readiness serve`; every page works without them.
// - the profile form is checked as you type (the engine's findings next to each field);
// - an "I don't know" box follows its input; print buttons print.
(function () {
  "use strict";
  function anchor(name) {
    if (name === "") return "top";
    if (name.indexOf("section:") === 0) return "s-" + name.slice(8);
    return "f-" + name.replace(/[._]/g, "-");
  }
  function note(n) {
    var p = document.createElement("p");
    p.className = "note " + n.severity;
    var code = document.createElement("span");
    code.className = "code";
    code.textContent = n.code;
    p.appendChild(code);
    p.appendChild(document.createTextNode(" " + n.message));
    if (n.hint) {
      var hint = document.createElement("span");
      hint.className = "hint";
      hint.textContent = " (" + n.hint + ")";
      p.appendChild(hint);
    }
    return p;
  }
  var form = document.getElementById("profile-form");
  if (form && window.fetch && window.FormData) {
    var timer = null, running = false, again = false;
    form.addEventListener("input", function (e) {
      var el = e.target;
      if (!el.name || el.type === "checkbox" || el.type === "radio") return;
      var box = form.querySelector('input[type=checkbox][name="' + el.name + '~"]');
      if (box && el.value !== "") box.checked = false;
      schedule();
    });
    form.addEventListener("change", function (e) {
      var el = e.target;
      if (el.type === "checkbox" && /~$/.test(el.name) && el.checked) {
        var input = form.querySelector('[name="' + el.name.slice(0, -1) + '"]');
        if (input) input.value = "";
      }
      schedule();
    });
    function schedule() { clearTimeout(timer); timer = setTimeout(check, 500); }
    form.addEventListener("submit", function () { clearTimeout(timer); });   // the page's own post wins
    function check() {
      if (running) { again = true; return; }
      running = true;
      var data = new FormData(form);
      fetch(form.getAttribute("action") + "/check", {
        method: "POST", body: data, credentials: "same-origin",
        headers: {"X-CSRF-Token": data.get("csrf")}
      }).then(function (r) { return r.ok ? r.json() : null; }).then(function (body) {
        if (body) show(body);
      }).catch(function () {}).then(function () {
        running = false;
        if (again) { again = false; check(); }
      });
    }
    function show(body) {
      form.parentNode.querySelectorAll(".notes").forEach(function (slot) { slot.textContent = ""; });
      form.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
      Object.keys(body.notes).forEach(function (name) {
        var id = anchor(name), slot = document.getElementById("e-" + id);
        if (!slot) slot = document.getElementById("e-top");
        body.notes[name].forEach(function (n) { slot.appendChild(note(n)); });
        var input = document.getElementById(id);
        if (input && body.notes[name].some(function (n) { return n.severity === "error"; })) {
          input.setAttribute("aria-invalid", "true");
        }
      });
    }
  }
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
