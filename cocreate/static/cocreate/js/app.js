/* Cocreate: the little JavaScript the pages need.
 *
 * The Content Security Policy forbids inline script and style, so behaviour hangs on data
 * attributes that templates set:
 *   data-confirm="Question?"   on a button, link or form: ask before going on
 *   data-autosave="key"        on a form: keep what is typed in localStorage until it is sent
 *   data-autosave-clear="key"  on any element of a page: that draft was saved, forget it
 *   data-autosave-forget       on a form (logout): forget every draft of this person
 *   data-nav-toggle            on the button that opens the header menu on small screens
 * Translated texts come from data-msg-* attributes on <body>; data-user on <body> keeps one
 * person's drafts apart from another's, and class="error-page" on <body> tells that a submit
 * did not go through (its draft is kept). Every page works without this file; it only adds
 * comfort and safety.
 */
(function () {
  "use strict";

  var doc = document;
  var body = doc.body;
  doc.documentElement.classList.add("js");

  function message(name, fallback) {
    return (body && body.getAttribute("data-msg-" + name)) || fallback;
  }

  /* Live region ------------------------------------------------------------------------- */

  var statusTimer = null;
  function announce(text, kind) {
    var region = doc.getElementById("live-status");
    if (!region) return;
    region.textContent = text;
    region.className = "toast is-visible" + (kind ? " toast-" + kind : "");
    window.clearTimeout(statusTimer);
    statusTimer = window.setTimeout(function () {
      region.className = "toast";
      region.textContent = "";
    }, 6000);
  }

  /* CSRF for htmx ----------------------------------------------------------------------- */

  function csrfToken() {
    var meta = doc.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  doc.addEventListener("htmx:configRequest", function (event) {
    var token = csrfToken();
    if (token) event.detail.headers["X-CSRFToken"] = token;
  });

  doc.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    announce(status === 403 || status === 404 ? message("forbidden", "Not available.") :
             message("error", "Something went wrong. Please try again."), "error");
  });
  doc.addEventListener("htmx:sendError", function () {
    announce(message("offline", "The server could not be reached. Check your connection."), "error");
  });

  /* Confirmation ------------------------------------------------------------------------ */

  function confirmed(el) {
    return window.confirm(el.getAttribute("data-confirm") || message("confirm", "Are you sure?"));
  }

  // Capture phase: runs before htmx's own listeners, so a "no" stops an hx-post as well.
  doc.addEventListener("click", function (event) {
    var el = event.target.closest("[data-confirm]");
    if (!el || el.tagName === "FORM") return;
    if (!confirmed(el)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    } else if (el.form) {
      el.form.setAttribute("data-confirmed", "");
    }
  }, true);

  doc.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-confirm")) return;
    if (form.hasAttribute("data-confirmed")) {
      form.removeAttribute("data-confirmed");
      return;
    }
    if (!confirmed(form)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  /* Autosave ---------------------------------------------------------------------------- */

  var PREFIX = "cocreate:autosave:";
  var PENDING = "cocreate:autosave:pending";
  var MAX_AGE_MS = 30 * 24 * 3600 * 1000;
  var SKIP_TYPES = { password: 1, hidden: 1, file: 1, submit: 1, button: 1, reset: 1, image: 1 };

  function store(kind) {
    try {
      var s = window[kind];
      s.setItem(PREFIX + "probe", "1");
      s.removeItem(PREFIX + "probe");
      return s;
    } catch (e) {
      return null; // private mode or storage disabled: forms still work, only without drafts
    }
  }
  var local = store("localStorage");
  var session = store("sessionStorage");

  // Drafts belong to one person: a second account on the same browser never sees them.
  function storageKey(key) {
    return PREFIX + ((body && body.getAttribute("data-user")) || "anon") + ":" + key;
  }

  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      if (!el.name || el.disabled || el.name === "csrfmiddlewaretoken") return false;
      if (el.hasAttribute("data-autosave-skip")) return false;
      // A hidden field marked data-autosave-keep (a submission's client key) is restored with
      // the text, so the server keeps updating the same draft after a reload.
      if (el.type === "hidden" && el.hasAttribute("data-autosave-keep")) return true;
      if (el.tagName === "TEXTAREA" || el.tagName === "SELECT") return true;
      return el.tagName === "INPUT" && !SKIP_TYPES[el.type];
    });
  }

  function snapshot(form) {
    var data = {};
    fields(form).forEach(function (el) {
      var list = data[el.name] || (data[el.name] = []);
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked) list.push(el.value);
      } else if (el.tagName === "SELECT" && el.multiple) {
        Array.prototype.forEach.call(el.options, function (o) { if (o.selected) list.push(o.value); });
      } else {
        list.push(el.value);
      }
    });
    return data;
  }

  function apply(form, data) {
    var seen = {};
    fields(form).forEach(function (el) {
      if (!Object.prototype.hasOwnProperty.call(data, el.name)) return;
      var values = data[el.name];
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = values.indexOf(el.value) !== -1;
      } else if (el.tagName === "SELECT" && el.multiple) {
        Array.prototype.forEach.call(el.options, function (o) { o.selected = values.indexOf(o.value) !== -1; });
      } else {
        var i = seen[el.name] || 0;
        seen[el.name] = i + 1;
        if (i < values.length) el.value = values[i];
      }
    });
  }

  function same(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }

  // Error pages (404.html, 403.html, 500.html) carry class="error-page" on <body>: a submit
  // that ends there did not go through, so its draft is kept.
  function isErrorPage() {
    return !!body && (body.classList.contains("error-page") || body.hasAttribute("data-page-error"));
  }

  function hasErrors(form) {
    return !!form.querySelector(".errorlist, [aria-invalid='true']");
  }

  function readDraft(key) {
    if (!local) return null;
    try {
      var draft = JSON.parse(local.getItem(storageKey(key)) || "null");
      if (draft && Date.now() - draft.savedAt < MAX_AGE_MS) return draft;
    } catch (e) { /* a damaged entry is dropped below */ }
    local.removeItem(storageKey(key));
    return null;
  }

  function clearDraft(key) {
    if (local) local.removeItem(storageKey(key));
  }

  function save(form) {
    if (!local || !form.__autosave) return;
    var data = snapshot(form);
    if (same(data, form.__autosave.initial)) {
      clearDraft(form.__autosave.key); // back to what the server sent: nothing to keep
      return;
    }
    try {
      local.setItem(storageKey(form.__autosave.key), JSON.stringify({ savedAt: Date.now(), data: data }));
    } catch (e) { /* storage full: keep the page working */ }
  }

  var timers = {};
  function scheduleSave(form) {
    var key = form.__autosave.key;
    window.clearTimeout(timers[key]);
    timers[key] = window.setTimeout(function () { save(form); }, 300);
  }

  function showRestored(form, initial) {
    var note = doc.createElement("p");
    note.className = "notice notice-info autosave-note";
    note.setAttribute("role", "status");
    note.textContent = message("restored", "We restored what you typed here earlier and had not sent.") + " ";
    var discard = doc.createElement("button");
    discard.type = "button";
    discard.className = "btn-link";
    discard.textContent = message("discard", "Discard it");
    discard.addEventListener("click", function () {
      apply(form, initial);
      clearDraft(form.__autosave.key);
      note.remove();
    });
    note.appendChild(discard);
    form.insertBefore(note, form.firstChild);
  }

  function initAutosave(form) {
    if (form.__autosave) return;
    var key = form.getAttribute("data-autosave");
    if (!key) return;
    var initial = snapshot(form);
    form.__autosave = { key: key, initial: initial };

    // Coming back from a plain submit of this form: shown again without errors means the
    // server took it (a page that keeps a fresh form below, such as comments).
    if (session && session.getItem(PENDING) === key) {
      session.removeItem(PENDING);
      if (!hasErrors(form) && !isErrorPage()) {
        clearDraft(key);
        return;
      }
    }
    var draft = readDraft(key);
    if (draft && !same(draft.data, initial)) {
      apply(form, draft.data);
      showRestored(form, initial);
    }
  }

  // The page that answered a plain submit does not show that form again: unless it is an
  // error page, the submit went through (typically a redirect to the saved object).
  function settlePending() {
    var key = session && session.getItem(PENDING);
    if (!key) return;
    session.removeItem(PENDING);
    if (!isErrorPage()) clearDraft(key);
  }

  function initAll(root) {
    if (root.matches && root.matches("form[data-autosave]")) initAutosave(root);
    if (root.querySelectorAll) {
      Array.prototype.forEach.call(root.querySelectorAll("form[data-autosave]"), initAutosave);
      Array.prototype.forEach.call(root.querySelectorAll("[data-autosave-clear]"), function (el) {
        clearDraft(el.getAttribute("data-autosave-clear"));
      });
    }
  }

  function autosaveForm(el) {
    var form = el && el.form ? el.form : el && el.closest ? el.closest("form[data-autosave]") : null;
    return form && form.__autosave ? form : null;
  }

  doc.addEventListener("input", function (event) {
    var form = autosaveForm(event.target);
    if (form) scheduleSave(form);
  });
  doc.addEventListener("change", function (event) {
    var form = autosaveForm(event.target);
    if (form) save(form);
  });
  window.addEventListener("pagehide", function () {
    Array.prototype.forEach.call(doc.querySelectorAll("form[data-autosave]"), save);
  });

  doc.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute("data-autosave-forget") && local) {
      for (var i = local.length - 1; i >= 0; i--) {
        var k = local.key(i);
        if (k && k.indexOf(PREFIX) === 0) local.removeItem(k);
      }
    }
    if (!form.__autosave) return;
    save(form); // the very last keystrokes too
    // htmx cancels the browser's submit and sends the form itself (handled below); a plain
    // submit leaves the page, and the next page settles the draft (see settlePending).
    if (!event.defaultPrevented && session) session.setItem(PENDING, form.__autosave.key);
  });

  // htmx submits: a 2xx answer that does not bring the form back with errors means saved.
  var htmxPending = [];
  doc.addEventListener("htmx:afterRequest", function (event) {
    var form = autosaveForm(event.detail.elt);
    if (form && event.detail.successful) htmxPending.push(form.__autosave.key);
  });
  doc.addEventListener("htmx:afterSettle", function () {
    htmxPending.splice(0).forEach(function (key) {
      var again = doc.querySelector('form[data-autosave="' + key.replace(/["\\]/g, "\\$&") + '"]');
      if (again && hasErrors(again)) return;
      clearDraft(key);
      if (again && again.__autosave) again.__autosave.initial = snapshot(again);
    });
  });

  doc.addEventListener("htmx:load", function (event) { initAll(event.detail.elt); });

  /* Header menu on small screens -------------------------------------------------------- */

  function setMenu(button, open) {
    var nav = doc.getElementById(button.getAttribute("aria-controls"));
    if (!nav) return;
    button.setAttribute("aria-expanded", open ? "true" : "false");
    nav.classList.toggle("is-open", open);
  }

  doc.addEventListener("click", function (event) {
    var button = event.target.closest("[data-nav-toggle]");
    if (button) setMenu(button, button.getAttribute("aria-expanded") !== "true");
  });
  doc.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var button = doc.querySelector('[data-nav-toggle][aria-expanded="true"]');
    if (button) {
      setMenu(button, false);
      button.focus();
    }
  });

  initAll(doc);
  settlePending();
})();
