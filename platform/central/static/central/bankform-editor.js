/* The block editor of a bank form (central site, new form version page).

   Progressive: the page works without it (the body is a JSON textarea, checked by the server).
   With it, the textarea is hidden and each block of the JSON list is a small form (type,
   text, alignment, table rows as "label | value" lines, signature lines), with buttons to add,
   move and remove blocks and to insert a {field}. Every change is written back to the
   textarea as JSON, which is what the form posts; the server checks it as before.
   Labels come from the page (json_script "bankform-editor-labels"), fields from
   "bankform-editor-fields". No inline scripts or styles (the Content-Security-Policy). */
(function () {
  "use strict";

  var TYPES = ["heading", "paragraph", "table", "signature", "space"];
  var ALIGNS = ["", "left", "center", "right", "justify"];

  function data(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }

  function start(textarea) {
    var labels = data("bankform-editor-labels");
    var fields = data("bankform-editor-fields") || [];
    var blocks;
    try {
      blocks = JSON.parse(textarea.value);
    } catch (error) {
      return; // not JSON: the officer keeps the textarea, and the server says what is wrong
    }
    if (!Array.isArray(blocks)) return;

    var editor = el("div", { class: "block-editor", "data-block-editor-root": "" });
    var lastText = null; // the text box a {field} is inserted into
    var toggle = el("button", { type: "button", class: "link-button", text: labels.edit_json });
    textarea.parentNode.insertBefore(toggle, textarea);
    textarea.parentNode.insertBefore(editor, textarea);
    textarea.hidden = true;

    toggle.addEventListener("click", function () {
      if (textarea.hidden) {
        textarea.hidden = false;
        editor.hidden = true;
        toggle.textContent = labels.edit_blocks;
      } else {
        try {
          var parsed = JSON.parse(textarea.value);
          if (!Array.isArray(parsed)) throw new Error("not a list");
          blocks = parsed;
        } catch (error) {
          window.alert(labels.bad_json);
          return;
        }
        textarea.hidden = true;
        editor.hidden = false;
        toggle.textContent = labels.edit_json;
        draw();
      }
    });

    function save() {
      textarea.value = JSON.stringify(blocks, null, 2);
    }

    function textBox(block, key, label, multiline) {
      var id = "block-" + blocks.indexOf(block) + "-" + key;
      var box = multiline
        ? el("textarea", { id: id, rows: "3" })
        : el("input", { id: id, type: "text" });
      box.value = block[key] || "";
      box.addEventListener("input", function () {
        if (box.value) block[key] = box.value;
        else delete block[key];
        save();
      });
      box.addEventListener("focus", function () { lastText = box; });
      return [el("label", { for: id, text: label }), box];
    }

    function rowsBox(block) {
      var id = "block-" + blocks.indexOf(block) + "-rows";
      var box = el("textarea", { id: id, rows: String(Math.max(3, (block.rows || []).length)) });
      box.value = (block.rows || []).map(function (row) { return row.join(" | "); }).join("\n");
      box.addEventListener("input", function () {
        block.rows = box.value.split("\n").filter(function (line) { return line.trim(); })
          .map(function (line) {
            var at = line.indexOf("|");
            return at < 0 ? [line.trim(), ""] : [line.slice(0, at).trim(), line.slice(at + 1).trim()];
          });
        save();
      });
      box.addEventListener("focus", function () { lastText = box; });
      return [el("label", { for: id, text: labels.rows }), box];
    }

    function alignBox(block) {
      var id = "block-" + blocks.indexOf(block) + "-align";
      var select = el("select", { id: id });
      ALIGNS.forEach(function (align) {
        var option = el("option", { value: align, text: align ? labels.aligns[align] : "–" });
        if ((block.align || "") === align) option.selected = true;
        select.appendChild(option);
      });
      select.addEventListener("change", function () {
        if (select.value) block.align = select.value;
        else delete block.align;
        save();
      });
      return [el("label", { for: id, text: labels.align }), select];
    }

    function blockForm(block, index) {
      var legend = el("legend", { text: labels.block + " " + (index + 1) + ": " + labels.types[block.type] });
      var parts = [legend];
      if (block.type === "heading" || block.type === "paragraph") {
        parts = parts.concat(textBox(block, "text", labels.text, true), alignBox(block));
        if (block.type === "paragraph") {
          var indent = el("input", { type: "checkbox" });
          indent.checked = !!block.indent;
          indent.addEventListener("change", function () {
            if (indent.checked) block.indent = true;
            else delete block.indent;
            save();
          });
          parts.push(el("label", {}, [indent, document.createTextNode(" " + labels.indent)]));
        }
      } else if (block.type === "table") {
        parts = parts.concat(rowsBox(block));
      } else if (block.type === "signature") {
        ["closing", "caption", "name", "position"].forEach(function (key) {
          parts = parts.concat(textBox(block, key, labels[key], false));
        });
      } else if (block.type === "space") {
        var id = "block-" + index + "-lines";
        var lines = el("input", { id: id, type: "number", min: "1", max: "10" });
        lines.value = block.lines || 1;
        lines.addEventListener("input", function () {
          block.lines = parseInt(lines.value, 10) || 1;
          save();
        });
        parts.push(el("label", { for: id, text: labels.lines }), lines);
      }
      var tools = el("div", { class: "block-editor__tools" });
      [["up", -1], ["down", 1]].forEach(function (pair) {
        var button = el("button", { type: "button", class: "secondary outline", text: labels[pair[0]] });
        button.disabled = index + pair[1] < 0 || index + pair[1] >= blocks.length;
        button.addEventListener("click", function () {
          blocks.splice(index + pair[1], 0, blocks.splice(index, 1)[0]);
          save();
          draw();
        });
        tools.appendChild(button);
      });
      var remove = el("button", { type: "button", class: "secondary outline", text: labels.remove });
      remove.addEventListener("click", function () {
        blocks.splice(index, 1);
        save();
        draw();
      });
      tools.appendChild(remove);
      parts.push(tools);
      return el("fieldset", { class: "block-editor__block" }, parts);
    }

    function adder() {
      var select = el("select", { "aria-label": labels.new_block_type });
      TYPES.forEach(function (type) {
        select.appendChild(el("option", { value: type, text: labels.types[type] }));
      });
      var add = el("button", { type: "button", class: "secondary", text: labels.add });
      add.addEventListener("click", function () {
        var block = { type: select.value };
        if (select.value === "table") block.rows = [["", ""]];
        else if (select.value === "signature") block.caption = "";
        else if (select.value !== "space") block.text = "";
        blocks.push(block);
        save();
        draw();
      });
      var field = el("select", { "aria-label": labels.insert_field });
      field.appendChild(el("option", { value: "", text: labels.insert_field }));
      fields.forEach(function (pair) {
        field.appendChild(el("option", { value: pair[0], text: pair[1] + " {" + pair[0] + "}" }));
      });
      field.addEventListener("change", function () {
        if (!field.value || !lastText) return;
        var at = lastText.selectionStart || lastText.value.length;
        var inserted = "{" + field.value + "}";
        lastText.value = lastText.value.slice(0, at) + inserted + lastText.value.slice(lastText.selectionEnd || at);
        lastText.dispatchEvent(new Event("input"));
        lastText.focus();
        field.value = "";
      });
      return el("div", { class: "block-editor__adder" }, [select, add, field]);
    }

    function draw() {
      editor.replaceChildren();
      blocks.forEach(function (block, index) {
        editor.appendChild(typeof block === "object" && block && labels.types[block.type]
          ? blockForm(block, index)
          : el("p", { text: labels.block + " " + (index + 1) + ": " + JSON.stringify(block) }));
      });
      editor.appendChild(adder());
    }

    draw();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var textarea = document.querySelector("textarea[data-block-editor]");
    if (textarea) start(textarea);
  });
})();
