/* The report index: rows arrive in chunks (data/reports-NNNN.js, loaded one after the other by
   <script> elements, which work from file://), are filtered in the browser and shown a page at a
   time. Every text is put into the page with textContent, never as HTML. */
(function () {
  "use strict";
  var PAGE = 100;
  var state = { meta: null, rows: [], loaded: 0, page: 0, filtered: [] };
  var F = {};

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (cls) { node.className = cls; }
    return node;
  }
  function bi(pair) {
    var span = el("span");
    span.appendChild(el("span", pair[0], "zh"));
    span.appendChild(el("span", pair[1], "en"));
    return span;
  }
  function option(select, value, label) {
    var node = el("option");
    node.value = value;
    if (Array.isArray(label)) { node.textContent = label[0] + " / " + label[1]; }
    else { node.textContent = label; }
    select.appendChild(node);
  }

  function setupFilters(meta) {
    var form = document.getElementById("filters");
    var facets = meta.facets;
    facets.province.forEach(function (p) { option(form.province, p, p); });
    facets.city.forEach(function (pc) { option(form.city, pc[1], pc[1]); });
    facets.level.forEach(function (l) { option(form.level, l, meta.level_labels[l] || [l, l]); });
    facets.year.forEach(function (y) { option(form.year, String(y), String(y)); });
    facets.status.forEach(function (s) { option(form.status, s, meta.status_labels[s] || [s, s]); });
    meta.rules.forEach(function (r) { option(form.rule, r[0], r[0]); });
    Array.prototype.forEach.call(form.elements, function (input) {
      input.addEventListener(input.tagName === "INPUT" ? "input" : "change", function () {
        state.page = 0; refresh();
      });
    });
  }

  function matches(row, f) {
    var i = F;
    if (f.province && row[i.province] !== f.province) { return false; }
    if (f.city && row[i.city] !== f.city) { return false; }
    if (f.level && row[i.level] !== f.level) { return false; }
    if (f.year && String(row[i.year]) !== f.year) { return false; }
    if (f.status && row[i.status] !== f.status) { return false; }
    if (f.rule && row[i.rules].split(" ").indexOf(f.rule) < 0) { return false; }
    if (f.q) {
      var text = (row[i.agency] + " " + row[i.file]).toLowerCase();
      if (text.indexOf(f.q) < 0) { return false; }
    }
    return true;
  }

  function current() {
    var form = document.getElementById("filters");
    return {
      province: form.province.value, city: form.city.value, level: form.level.value,
      year: form.year.value, status: form.status.value, rule: form.rule.value,
      q: form.q.value.trim().toLowerCase()
    };
  }

  function render() {
    var body = document.getElementById("rows");
    var meta = state.meta;
    var i = F;
    body.textContent = "";
    var start = state.page * PAGE;
    state.filtered.slice(start, start + PAGE).forEach(function (row) {
      var tr = el("tr", null, "st-" + row[i.status]);
      var name = el("td");
      var link = el("a", row[i.agency] || row[i.file]);
      link.href = "reports/" + encodeURIComponent(row[i.page]) + ".html";
      name.appendChild(link);
      tr.appendChild(name);
      tr.appendChild(el("td", row[i.year] || ""));
      tr.appendChild(el("td", row[i.province] + row[i.city] + row[i.county]));
      var level = el("td");
      if (row[i.level]) { level.appendChild(bi(meta.level_labels[row[i.level]] || [row[i.level], row[i.level]])); }
      tr.appendChild(level);
      var status = el("td");
      var badge = bi(meta.status_labels[row[i.status]] || [row[i.status], row[i.status]]);
      badge.className = "badge st-" + row[i.status];
      badge.setAttribute("data-status", row[i.status]);
      status.appendChild(badge);
      tr.appendChild(status);
      tr.appendChild(el("td", row[i.errors]));
      tr.appendChild(el("td", row[i.warnings]));
      tr.appendChild(el("td", row[i.unchecked]));
      var rules = el("td");
      (row[i.rules] ? row[i.rules].split(" ") : []).forEach(function (rule) {
        var a = el("a", rule, "rule");
        a.href = "rules/" + encodeURIComponent(rule) + ".html";
        rules.appendChild(a);
        rules.appendChild(document.createTextNode(" "));
      });
      if (row[i.reason_zh]) { rules.appendChild(bi([row[i.reason_zh], row[i.reason_en]])); }
      tr.appendChild(rules);
      tr.appendChild(el("td", row[i.file], "file"));
      body.appendChild(tr);
    });
    var pages = Math.max(1, Math.ceil(state.filtered.length / PAGE));
    var pager = document.getElementById("pager");
    pager.textContent = "";
    var from = Math.max(0, state.page - 5), to = Math.min(pages, state.page + 6);
    for (var p = from; p < to; p += 1) {
      var node = el(p === state.page ? "strong" : "a", p + 1);
      if (p !== state.page) {
        node.href = "#";
        node.setAttribute("data-page", p);
        node.addEventListener("click", function (event) {
          event.preventDefault();
          state.page = Number(this.getAttribute("data-page"));
          render();
        });
      }
      pager.appendChild(node);
    }
    pager.appendChild(el("span", " / " + pages));
    var shown = document.getElementById("shown");
    shown.textContent = "";
    shown.appendChild(bi(["符合条件 " + state.filtered.length + " 份（已加载 " + state.rows.length +
      " / " + meta.total + "）", state.filtered.length + " match (" + state.rows.length + " of " +
      meta.total + " loaded)"]));
  }

  function refresh() {
    var f = current();
    state.filtered = state.rows.filter(function (row) { return matches(row, f); });
    render();
  }

  function loadChunk(number) {
    var script = document.createElement("script");
    script.src = "data/reports-" + ("000" + number).slice(-4) + ".js";
    script.onerror = function () {
      document.getElementById("loading").textContent = "无法加载 / cannot load " + script.src;
    };
    document.body.appendChild(script);
  }

  window.XXGK = {
    setMeta: function (meta) {
      state.meta = meta;
      meta.fields.forEach(function (name, index) { F[name] = index; });
      setupFilters(meta);
      if (meta.chunks > 0) { loadChunk(0); return; }
      refresh();
      document.getElementById("loading").hidden = true;
      document.body.setAttribute("data-loaded", "true");
    },
    addReports: function (number, rows) {
      Array.prototype.push.apply(state.rows, rows);
      state.loaded = number + 1;
      document.getElementById("loaded").textContent = String(state.loaded);
      refresh();
      if (state.loaded < state.meta.chunks) { loadChunk(state.loaded); }
      else { document.getElementById("loading").hidden = true; document.body.setAttribute("data-loaded", "true"); }
    }
  };
})();
