/* lianxi site: the roster's as-of date and the duty search, in the page, offline.
   Data values are only ever set as text (textContent), never parsed as HTML. */
(function () {
  "use strict";

  function norm(text) {
    return (text || "").normalize("NFKC").replace(/\s+/g, "").toLowerCase();
  }

  function cnDate(iso) {
    var p = iso.split("-");
    return Number(p[0]) + "年" + Number(p[1]) + "月" + Number(p[2]) + "日";
  }

  function param(name) {
    var match = new RegExp("[?&#]" + name + "=([^&#]*)").exec(window.location.search + window.location.hash);
    return match ? decodeURIComponent(match[1].replace(/\+/g, " ")) : null;
  }

  /* ---- roster as of a date */
  var embedded = document.getElementById("roster-data");
  if (embedded) {
    var seats = JSON.parse(embedded.textContent);
    var input = document.getElementById("as-of");
    var status = document.getElementById("as-of-status");
    var rows = Array.prototype.slice.call(document.querySelectorAll("#roster tr[data-seat]"));

    var covers = function (holder, day) {
      if (holder.start && day < holder.start) { return false; }
      return !holder.end || day <= holder.end;
    };

    var show = function (day) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) { return; }
      rows.forEach(function (row) {
        var found = null;
        var holders = seats[row.getAttribute("data-seat")] || [];
        holders.forEach(function (holder) {
          if (covers(holder, day)) { found = holder; }
        });
        row.querySelector(".name").textContent = found ? found.name : (holders.length ? "空缺" : "未载明");
        row.querySelector(".post").textContent = found ? found.post : "";
        row.querySelector(".term").textContent = found ? found.term : "";
        row.classList.toggle("vacant", !found);
      });
      status.textContent = "截至 " + cnDate(day) + "的在任人员";
    };

    input.addEventListener("change", function () { show(input.value); });
    input.addEventListener("input", function () { show(input.value); });
    document.getElementById("as-of-reset").addEventListener("click", function () {
      input.value = input.getAttribute("data-default");
      show(input.value);
    });
    var asked = param("date");
    if (asked && /^\d{4}-\d{2}-\d{2}$/.test(asked)) {
      input.value = asked;
      show(asked);
    }
  }

  /* ---- duty search: duty text, department and unit names, pinyin and initials */
  var box = document.getElementById("duty-search");
  if (box) {
    var cards = Array.prototype.slice.call(document.querySelectorAll("#departments .department"));
    var count = document.getElementById("duty-count");
    var none = document.getElementById("duty-none");
    cards.forEach(function (card) {
      card.querySelectorAll(".duties li").forEach(function (li) { li.setAttribute("data-text", li.textContent); });
    });

    var mark = function (li, words) {
      var text = li.getAttribute("data-text");
      while (li.firstChild) { li.removeChild(li.firstChild); }
      var at = 0;
      var hit = false;
      while (at < text.length) {
        var best = -1;
        var size = 0;
        words.forEach(function (word) {
          var i = text.indexOf(word, at);
          if (i >= 0 && (best < 0 || i < best)) { best = i; size = word.length; }
        });
        if (best < 0) { break; }
        li.appendChild(document.createTextNode(text.slice(at, best)));
        var m = document.createElement("mark");
        m.textContent = text.slice(best, best + size);
        li.appendChild(m);
        at = best + size;
        hit = true;
      }
      li.appendChild(document.createTextNode(text.slice(at)));
      return hit;
    };

    /* pinyin typed as a run of whole syllables from a syllable's start (gongan, anquan), the
       last one perhaps unfinished (xiaof); never a string across two (ga is not fa·gai, fang·an) */
    var fromSyllable = function (word, syllables, at) {
      var rest = word;
      var whole = 0;
      for (var i = at; rest && i < syllables.length; i++) {
        var s = syllables[i];
        if (rest.indexOf(s) === 0) {
          rest = rest.slice(s.length);
          whole += 1;
        } else if (s.indexOf(rest) === 0 && (whole > 0 || rest.length >= 3)) {
          rest = "";
        } else {
          return false;
        }
      }
      return rest === "";
    };

    var spelt = function (word, text) {
      var syllables = text.split("-");
      for (var at = 0; at < syllables.length; at++) {
        if (fromSyllable(word, syllables, at)) { return true; }
      }
      return false;
    };

    var search = function () {
      var words = box.value.split(/\s+/).map(norm).filter(Boolean);
      var shown = 0;
      cards.forEach(function (card) {
        var items = Array.prototype.slice.call(card.querySelectorAll(".duties li"));
        var text = norm(card.getAttribute("data-names") + items.map(function (li) {
          return li.getAttribute("data-text");
        }).join(""));
        var pinyin = card.getAttribute("data-pinyin").split(" ");
        var initials = card.getAttribute("data-initials").split(" ");
        var ok = words.every(function (word) {
          if (text.indexOf(word) >= 0) { return true; }
          if (!/^[a-z']+$/.test(word)) { return false; }
          word = word.replace(/'/g, "");
          return pinyin.some(function (p) { return word.length >= 2 && spelt(word, p); }) ||
            initials.some(function (p) { return p === word || (word.length >= 2 && p.indexOf(word) === 0); });
        });
        card.hidden = !ok;
        items.forEach(function (li) {
          var hit = mark(li, ok ? words.filter(function (w) { return !/^[a-z']+$/.test(w); }) : []);
          li.classList.toggle("hit", hit);
        });
        if (ok) { shown += 1; }
      });
      count.textContent = words.length ? "找到 " + shown + " 个部门" : "共 " + cards.length + " 个部门";
      none.hidden = shown > 0;
    };

    box.addEventListener("input", search);
    var asked = param("q");
    if (asked) {
      box.value = asked;
      search();
    }
  }
}());
