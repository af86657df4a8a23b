/*
 * Studio editor enhancements; the editor works fully without them (Save and "Save and preview" buttons).
 *
 * - Line numbers follow the text as it is typed and scroll with it.
 * - Autosave: a few seconds after the last change, and when the page is hidden or left, the form is posted in the
 *   background to its own URL asking for JSON: {revision, errors, warnings}. The new revision is kept, so the next
 *   save is not mistaken for a stale one. A 409 means another author saved the file meanwhile: autosave stops and
 *   the status asks for an explicit Save, which shows the conflict page with both texts.
 * - Live preview (lessons): after each autosave, the lesson preview is fetched and its article shown below the
 *   editor. The HTML comes from the server's renderer and sanitiser; framing is forbidden by the CSP, so no iframe.
 *   Its headings are moved two levels down (the lesson title becomes an h3 under "Live preview", an h2), so the page
 *   keeps one h1 and an unbroken outline; data-level keeps their original look (app.css).
 * - Leaving the page with unsaved text asks for confirmation.
 *
 * Plain ES5, no inline script (the CSP forbids it); every message comes from the page, already translated.
 */
(function () {
  "use strict";

  var form = document.querySelector("form.editor");
  if (!form) {
    return;
  }
  var area = form.querySelector("textarea[name=text]");
  var gutter = form.querySelector(".gutter");
  var revision = form.querySelector("input[name=revision]");
  var status = form.querySelector(".autosave-status");
  var preview = document.querySelector(".live-preview");
  var previewUrl = form.getAttribute("data-preview-url");
  var SAVE_DELAY_MS = 3000;
  var isDirty = false;
  var isSaving = false;
  var isStopped = false;
  var isSubmitting = false;
  var saveTimer = null;

  if (!area || area.readOnly) {
    return;
  }

  function text(name) {
    return form.getAttribute("data-text-" + name) || "";
  }

  function say(message) {
    if (status) {
      status.textContent = message;
    }
  }

  function renumber() {
    if (!gutter) {
      return;
    }
    var count = area.value.split("\n").length;
    var have = gutter.children.length;
    var index;
    for (index = have; index < count; index += 1) {
      var line = document.createElement("span");
      line.id = "line-" + (index + 1);
      line.textContent = String(index + 1);
      gutter.appendChild(line);
      gutter.appendChild(document.createTextNode("\n"));
    }
    while (gutter.children.length > count) {
      var last = gutter.lastElementChild;
      if (last.nextSibling) {
        gutter.removeChild(last.nextSibling);
      }
      gutter.removeChild(last);
    }
  }

  function demoteHeadings(root) {
    var headings = root.querySelectorAll("h1, h2, h3, h4, h5, h6");
    var index;
    for (index = 0; index < headings.length; index += 1) {
      var old = headings[index];
      var level = Number(old.tagName.charAt(1));
      var heading = document.createElement("h" + Math.min(level + 2, 6));
      var attribute;
      for (attribute = 0; attribute < old.attributes.length; attribute += 1) {
        heading.setAttribute(old.attributes[attribute].name, old.attributes[attribute].value);
      }
      heading.setAttribute("data-level", String(level));
      while (old.firstChild) {
        heading.appendChild(old.firstChild);
      }
      old.parentNode.replaceChild(heading, old);
    }
    return root;
  }

  function showPreview() {
    if (!preview || !previewUrl || !window.fetch || !window.DOMParser) {
      return;
    }
    fetch(previewUrl, { credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.text() : null;
      })
      .then(function (html) {
        if (!html) {
          return;
        }
        var found = new DOMParser().parseFromString(html, "text/html").querySelector("article.lesson");
        var holder = preview.querySelector(".preview-body");
        if (found && holder) {
          holder.innerHTML = "";
          holder.appendChild(demoteHeadings(document.importNode(found, true)));
          preview.hidden = false;
        }
      })
      .catch(function () {});
  }

  function save(keepalive) {
    if (!isDirty || isSaving || isStopped || !window.fetch || !window.FormData) {
      return;
    }
    isSaving = true;
    isDirty = false;
    say(text("saving"));
    var data = new FormData(form);
    data.append("save", "1");
    fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      keepalive: !!keepalive,
      headers: { Accept: "application/json" }
    })
      .then(function (response) {
        if (response.status === 409) {
          isStopped = true;
          isDirty = true;
          say(text("conflict"));
          return null;
        }
        if (!response.ok) {
          isDirty = true;
          say(text("failed"));
          return null;
        }
        return response.json();
      })
      .then(function (result) {
        isSaving = false;
        if (!result) {
          return;
        }
        revision.value = String(result.revision);
        say(result.errors ? text("saved-problems") : text("saved"));
        showPreview();
        if (isDirty) {
          schedule();
        }
      })
      .catch(function () {
        isSaving = false;
        isDirty = true;
        say(text("failed"));
      });
  }

  function schedule() {
    if (saveTimer) {
      window.clearTimeout(saveTimer);
    }
    saveTimer = window.setTimeout(function () {
      save(false);
    }, SAVE_DELAY_MS);
  }

  area.addEventListener("input", function () {
    isDirty = true;
    renumber();
    schedule();
  });
  area.addEventListener("scroll", function () {
    if (gutter) {
      gutter.scrollTop = area.scrollTop;
    }
  });
  form.addEventListener("submit", function () {
    isSubmitting = true;
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      save(true);
    }
  });
  window.addEventListener("beforeunload", function (event) {
    if (isDirty && !isSubmitting) {
      save(true);
      event.preventDefault();
      event.returnValue = text("unsaved");
      return event.returnValue;
    }
    return undefined;
  });
  renumber();
})();
