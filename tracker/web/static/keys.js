// The editors' keyboard: j/k move, a approve, r reject (asks a reason), h hold, / search,
// Enter open. Decision forms marked data-async are sent with fetch() so the queue keeps its
// place; every form also works without this script. A lay summary not yet saved is not lost
// by leaving its page unasked.
(function () {
  "use strict";

  var rows = Array.prototype.slice.call(document.querySelectorAll("[data-row]"));
  var current = -1;
  var token = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";

  // moved: the editor moved the selection (scroll to it, and remember it in the address so
  // Back returns to it); at load only the highlight is set, so the page opens at its top.
  function select(index, moved) {
    if (!rows.length) return;
    index = Math.max(0, Math.min(rows.length - 1, index));
    if (current >= 0 && rows[current]) {
      rows[current].classList.remove("selected");
      rows[current].removeAttribute("aria-current");
    }
    current = index;
    var row = rows[current];
    row.classList.add("selected");
    row.setAttribute("aria-current", "true");
    if (!moved) return;
    // focus left in the row the editor moved away from goes along (a Tab, or the window's
    // focus coming back, would put the selection back there, and the keys would act on it)
    var focused = document.activeElement;
    var there = focused && focused.closest && focused.closest("[data-row]");
    if (there && there !== row) {
      var link = row.querySelector(".title a");
      if (link) link.focus({ preventScroll: true }); else focused.blur();
    }
    if (row.scrollIntoView) row.scrollIntoView({ block: "nearest" });
    remember(row);
  }

  // in the address, so that Back returns to the paper the editor was on
  function remember(row) {
    if (row.id && history.replaceState) history.replaceState(null, "", "#" + row.id);
  }

  // The paper the editor is on is the one the keys act on: moving there with Tab (or a click)
  // selects its row. (The keys decided the highlighted row while focus was on another.)
  document.addEventListener("focusin", function (event) {
    var row = event.target.closest && event.target.closest("[data-row]");
    var index = rows.indexOf(row);
    if (index >= 0 && index !== current) {
      select(index, false);
      remember(row);
    }
  });

  function typing(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  function follow(id) {
    var link = document.getElementById(id);
    if (link) window.location.href = link.href;
    return !!link;
  }

  function submitAction(row, action) {
    var form = row && row.querySelector('form[data-action="' + action + '"]');
    if (form && !form.closest("[hidden]")) {
      if (form.requestSubmit) form.requestSubmit(); else form.submit();
    } else if (row) {  // a key that does nothing here says so ("a" on a paper approved already)
      var status = row.querySelector("[data-status]");
      say(row, "Nothing to do: " + (status ? "this paper is " + status.textContent.trim() : "not offered here") + ".", "");
    }
  }

  function askReason(row) {
    var details = row && row.querySelector("details.reject");
    if (!details || details.hidden) return;
    details.open = true;
    var input = details.querySelector('input[name="reason"]');
    if (input) input.focus();
  }

  function say(row, text, kind) {
    var out = row.querySelector(".row-msg");
    if (!out) return;
    out.textContent = text;
    out.className = "row-msg " + (kind || "");
  }

  // After a decision: show the new status, let the next decision carry the new `expected`,
  // offer the other decisions, and move on to the next paper.
  function decided(row, form, data) {
    var action = form.getAttribute("data-action");
    row.className = row.className.replace(/\bstatus-\S+/, "status-" + data.status) + " decided";
    row.removeAttribute("data-sent");  // out of the e-mailed edition now (or back in it: the page says)
    var status = row.querySelector("[data-status]");
    if (status) status.textContent = data.status + (data.edition ? " (" + data.edition + ")" : "");
    row.querySelectorAll('input[name="expected"]').forEach(function (input) {
      input.value = data.last_decision;
    });
    row.querySelectorAll("form[data-action], details.reject").forEach(function (el) {
      var which = el.matches("details") ? "reject" : el.getAttribute("data-action");
      el.hidden = which === action || which === "reopen";
    });
    var details = row.querySelector("details.reject");
    if (details) details.open = false;
    say(row, data.message, "ok");
    if (rows[current] === row) select(current + 1, true);
  }

  function send(form) {
    var row = form.closest("[data-row]");
    var button = form.querySelector('button[type="submit"]');
    if (button) button.disabled = true;
    // getAttribute: form.action would be the input named "action", not the URL.
    fetch(form.getAttribute("action"), {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": token },
    }).then(function (response) {
      return response.json().catch(function () {
        return { ok: false, error: "The server answered " + response.status + "." };
      }).then(function (data) {
        if (response.ok && data.ok) {
          decided(row, form, data);
        } else if (response.status === 401) {
          say(row, data.error || "Log in again.", "error");
          window.location.href = (data.login || "/login") + "?next=" + encodeURIComponent(location.pathname + location.search);
        } else {
          row.classList.toggle("conflict", response.status === 409);
          var shown = row.querySelector("[data-status]");
          if (data.newer && shown) {  // what the paper is now, as the message says
            shown.textContent = data.newer.to_status + (data.newer.edition ? " (" + data.newer.edition + ")" : "");
          }
          say(row, data.error || "Not recorded.", "error");
        }
      });
    }).catch(function () {
      say(row, "Could not reach the server; nothing was recorded.", "error");
    }).then(function () {
      if (button) button.disabled = false;
      if (document.activeElement && form.contains(document.activeElement)) document.activeElement.blur();
    });
  }

  // A lay summary typed and not saved (or sent back by a conflict) is not left behind without a
  // question: another form on the page, a link, a key or closing the tab asks first; saving it does not.
  var drafts = Array.prototype.slice.call(document.querySelectorAll("form.summary-form"));
  var saving = null;
  function unsaved(form) {
    return form.hasAttribute("data-unsaved") || Array.prototype.some.call(form.elements, function (el) {
      return (el.tagName === "TEXTAREA" || (el.tagName === "INPUT" && el.type !== "hidden")) && el.value !== el.defaultValue;
    });
  }
  window.addEventListener("beforeunload", function (event) {
    if (drafts.some(function (form) { return form !== saving && unsaved(form); })) {
      event.preventDefault();
      event.returnValue = "";  // the browser asks "Leave site? Changes you made may not be saved."
    }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.matches("form.summary-form")) saving = form;
    // Taking a paper out of an edition already e-mailed (a key pressed, a button) asks first: its
    // page goes at the next build, and the e-mails' link to it then leads nowhere.
    var holder = form.closest("[data-sent]");
    if (holder && /^(hold|reject|reopen)$/.test(form.getAttribute("data-action") || "") && !window.confirm(
        "This paper is in edition " + holder.getAttribute("data-sent") + ", which was e-mailed. Taking it out " +
        "takes its page down at the next build, and the link to it in those e-mails then leads nowhere. Take it out?")) {
      event.preventDefault();
      return;
    }
    if (form.matches("form.filters")) {
      // Leave empty filters out of the address: /?q=ketamine rather than /?q=ketamine&topic=&...
      form.querySelectorAll("input, select").forEach(function (field) {
        if (!field.value) field.disabled = true;
      });
      return;
    }
    if (!form.matches("form[data-async]") || !window.fetch) return;
    event.preventDefault();
    send(form);
  });

  window.addEventListener("pageshow", function () {  // back from the results: usable again
    saving = null;
    document.querySelectorAll("form.filters [disabled]").forEach(function (field) { field.disabled = false; });
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var row = rows[current];
    if (typing(document.activeElement)) {
      if (event.key === "Escape") {
        var details = document.activeElement.closest("details");
        if (details) details.open = false;
        document.activeElement.blur();
      }
      return;
    }
    if (event.key === "Enter" && /^(A|BUTTON|SUMMARY)$/.test(document.activeElement.tagName)) return;
    switch (event.key) {
      case "j":
        if (current === rows.length - 1 && follow("next-page")) break;
        select(current + 1, true);
        break;
      case "k":
        if (current <= 0 && document.getElementById("prev-page")) {
          window.location.href = document.getElementById("prev-page").href + "#last";
          break;
        }
        select(current - 1, true);
        break;
      case "a": submitAction(row, "approve"); break;
      case "h": submitAction(row, "hold"); break;
      case "r": askReason(row); break;
      case "/":
        var search = document.getElementById("q");
        if (!search) return;
        search.focus();
        search.select();
        break;
      case "Enter":
        if (row && row.getAttribute("data-href") && !row.hasAttribute("data-single")) {
          window.location.href = row.getAttribute("data-href");
          break;
        }
        return;
      default:
        return;
    }
    event.preventDefault();
  });

  // A message after a save that opens the page at its section (#summary, #checks) is shown
  // there, not at the top of the page, out of view; and said again, so that a screen reader
  // announces it (a status region's text present at load is not).
  var messages = document.querySelector(".messages");
  var section = location.hash && document.getElementById(location.hash.slice(1));
  if (messages && section && section.tagName === "SECTION") {
    var said = messages.firstElementChild;
    section.insertBefore(messages, section.firstElementChild ? section.firstElementChild.nextSibling : null);
    messages.removeChild(said);
    setTimeout(function () { messages.appendChild(said); }, 50);
  }

  // Start on the row named in the address (#p-12, or #last from the previous page), else the first.
  if (rows.length) {
    var start = 0;
    if (location.hash === "#last") start = rows.length - 1;
    else if (location.hash) {
      rows.forEach(function (row, i) { if ("#" + row.id === location.hash) start = i; });
    }
    select(start, start !== 0);
  }
})();
