/* The rich-text editor for case presentations and decisions. No build step, no inline
   script (the CSP allows only files from the site).

   A <textarea data-rich-text='{"bold": "Fed", ...}'> gets a small toolbar and an editable
   area in its place; every change (typing, pasting, a toolbar button) is written back into
   the (hidden) textarea, which is what the form posts, and the textarea's own "input" event
   is fired, so autosave (htmx, with the textarea's own trigger and delay) sees it; leaving
   the area fires its "change". The area takes over what the textarea had for people: its
   name (aria-labelledby the label, whose click now focuses the area), its description
   (the "Gemt kl." status), its language (lang="da" in the English interface).
   Without JavaScript the plain textarea is there and works.

   Pasted HTML (Word, web pages) is reduced here to the tags the server keeps, so the editor
   shows what will be saved; Word's list paragraphs keep their list marks as data-mso-list
   attributes, from which the server builds real <ol>/<ul> (udsatteraad/lib/wordhtml.py). The
   server sanitises again whatever arrives: this file makes pasting pleasant, not safe. */
(function () {
  "use strict";

  var KEEP = ["P", "BR", "STRONG", "B", "EM", "I", "UL", "OL", "LI", "A", "H1", "H2", "H3",
    "H4", "H5", "H6", "TABLE", "THEAD", "TBODY", "TR", "TH", "TD"];
  var DROP = ["SCRIPT", "STYLE", "HEAD", "TITLE", "META", "LINK", "XML", "NOSCRIPT",
    "TEMPLATE", "IFRAME", "OBJECT", "EMBED", "IMG", "SVG", "VIDEO", "AUDIO", "CANVAS"];
  var WORD_ITEM = /mso-list:\s*(l\d+\s+level\d+(?:\s+lfo\d+)?)/i;
  var WORD_MARKER = /mso-list:\s*ignore/i;
  var SAFE_LINK = /^(https?:|mailto:|#|\/)/i;

  function cleanInto(source, target) {
    Array.prototype.forEach.call(source.childNodes, function (node) {
      if (node.nodeType === 3) {
        target.appendChild(document.createTextNode(node.nodeValue));
        return;
      }
      if (node.nodeType !== 1) {
        return; // comments, Word's conditional comments
      }
      var tag = node.nodeName.toUpperCase();
      if (DROP.indexOf(tag) >= 0 || tag.indexOf(":") >= 0) {
        return; // <o:p>, <v:shape>, style sheets: not text
      }
      var style = node.getAttribute("style") || "";
      if (WORD_MARKER.test(style)) {
        var marker = document.createElement("span");
        marker.setAttribute("data-mso-list", "Ignore");
        marker.textContent = node.textContent;
        target.appendChild(marker);
        return;
      }
      if (KEEP.indexOf(tag) < 0) {
        cleanInto(node, target); // spans, fonts, divs: keep the text, lose the wrapper
        return;
      }
      var copy = document.createElement(tag);
      var href = node.getAttribute("href");
      if (tag === "A" && href && SAFE_LINK.test(href.trim())) {
        copy.setAttribute("href", href.trim());
      }
      ["colspan", "rowspan"].forEach(function (name) {
        var value = node.getAttribute(name);
        if ((tag === "TD" || tag === "TH") && value && /^\d+$/.test(value)) {
          copy.setAttribute(name, value);
        }
      });
      var item = WORD_ITEM.exec(style);
      if (item) {
        copy.setAttribute("data-mso-list", item[1]);
      }
      cleanInto(node, copy);
      target.appendChild(copy);
    });
  }

  function cleanFragment(html) {
    var parsed = new DOMParser().parseFromString(html, "text/html"); // inert: runs nothing
    var fragment = document.createDocumentFragment();
    cleanInto(parsed.body, fragment);
    return fragment;
  }

  function looksLikeHtml(text) {
    return /<\/?(p|br|ul|ol|li|strong|em|b|i|h[1-6]|table|a)\b/i.test(text);
  }

  function insertAtCaret(editor, fragment) {
    var selection = window.getSelection();
    var range = selection.rangeCount ? selection.getRangeAt(0) : null;
    if (!range || !editor.contains(range.commonAncestorContainer)) {
      editor.appendChild(fragment);
      return;
    }
    var last = fragment.lastChild;
    range.deleteContents();
    range.insertNode(fragment);
    if (last) {
      range.setStartAfter(last);
      range.collapse(true);
      selection.removeAllRanges();
      selection.addRange(range);
    }
  }

  function setUp(textarea) {
    var labels = {};
    try {
      labels = JSON.parse(textarea.getAttribute("data-rich-text") || "{}");
    } catch (e) {
      return; // leave the plain textarea
    }
    var label = document.querySelector('label[for="' + textarea.id + '"]');
    if (label && !label.id) {
      label.id = textarea.id + "-label";
    }

    var toolbar = document.createElement("div");
    toolbar.className = "rte-toolbar";
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", labels.toolbar || "Formatering");
    toolbar.setAttribute("aria-controls", textarea.id + "-editor");

    var editor = document.createElement("div");
    editor.id = textarea.id + "-editor";
    editor.className = "rte-editor";
    editor.contentEditable = "true";
    editor.setAttribute("role", "textbox");
    editor.setAttribute("aria-multiline", "true");
    if (label) {
      editor.setAttribute("aria-labelledby", label.id);
    }
    var described = textarea.getAttribute("aria-describedby");
    if (described) {
      editor.setAttribute("aria-describedby", described);
    }
    var lang = textarea.getAttribute("lang");
    if (lang) {
      editor.setAttribute("lang", lang);
    }
    if (textarea.getAttribute("aria-invalid")) {
      editor.setAttribute("aria-invalid", textarea.getAttribute("aria-invalid"));
    }
    var value = textarea.value;
    if (looksLikeHtml(value)) {
      editor.appendChild(cleanFragment(value));
    } else {
      value.split(/\n\s*\n/).forEach(function (block) {
        if (block.trim()) {
          var p = document.createElement("p");
          p.textContent = block.trim();
          editor.appendChild(p);
        }
      });
    }

    function sync() {
      textarea.value = editor.innerHTML;
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    }

    function command(name, argument) {
      editor.focus();
      document.execCommand(name, false, argument);
      sync();
    }

    var buttons = [
      ["bold", "B", function () { command("bold"); }],
      ["italic", "I", function () { command("italic"); }],
      ["heading", "H", function () {
        var block = document.queryCommandValue("formatBlock").toLowerCase();
        command("formatBlock", block === "h3" ? "p" : "h3");
      }],
      ["bullets", "•", function () { command("insertUnorderedList"); }],
      ["numbers", "1.", function () { command("insertOrderedList"); }],
      ["link", "🔗", function () {
        var address = window.prompt(labels.link_prompt || "Adresse (https://...)", "https://");
        if (address && SAFE_LINK.test(address.trim())) {
          command("createLink", address.trim());
        }
      }],
      ["undo", "↶", function () { command("undo"); }],
    ];
    buttons.forEach(function (spec) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "rte-button rte-" + spec[0];
      button.textContent = labels[spec[0]] || spec[1];
      button.addEventListener("mousedown", function (event) {
        event.preventDefault(); // keep the selection in the editor
      });
      button.addEventListener("click", spec[2]);
      toolbar.appendChild(button);
    });

    editor.addEventListener("input", sync);
    editor.addEventListener("blur", function () {
      textarea.dispatchEvent(new Event("change", { bubbles: true }));
    });
    editor.addEventListener("paste", function (event) {
      var data = event.clipboardData;
      var html = data && data.getData("text/html");
      if (!html) {
        return; // plain text: the browser pastes it as text
      }
      event.preventDefault();
      insertAtCaret(editor, cleanFragment(html));
      sync();
    });
    if (label) {
      // The label's `for` names the hidden textarea, whose focus would go nowhere: a click on
      // the label puts the caret at the end of the editable area instead.
      label.addEventListener("click", function (event) {
        event.preventDefault();
        editor.focus();
        var range = document.createRange();
        range.selectNodeContents(editor);
        range.collapse(false);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
      });
    }
    textarea.hidden = true;
    textarea.parentNode.insertBefore(toolbar, textarea);
    textarea.parentNode.insertBefore(editor, textarea);
  }

  function start() {
    try {
      document.execCommand("defaultParagraphSeparator", false, "p");
    } catch (e) { /* older browsers: <div> paragraphs, which the server keeps as text */ }
    Array.prototype.forEach.call(document.querySelectorAll("textarea[data-rich-text]"), setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
