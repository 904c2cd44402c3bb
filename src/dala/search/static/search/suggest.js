// Suggestions while typing: fills the search box's <datalist> from /api/v1/search/suggest. Without this
// script the form works the same, only without suggestions.
(function () {
  "use strict";
  const input = document.querySelector("input[data-suggest]");
  if (!input || !input.list) return;
  const list = input.list;
  let timer = null;
  let controller = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(async function () {
      const text = input.value;
      if (text.trim().length < 2) { list.replaceChildren(); return; }
      if (controller) controller.abort();
      controller = new AbortController();
      try {
        const url = input.dataset.suggest + "?q=" + encodeURIComponent(text);
        const response = await fetch(url, { signal: controller.signal, headers: { "Accept": "application/json" } });
        if (!response.ok) return;
        const suggestions = await response.json();
        list.replaceChildren(...suggestions.map(function (s) {
          const option = document.createElement("option");
          option.value = s.label;
          option.label = s.other_script ? s.label + " · " + s.other_script : s.label;
          return option;
        }));
      } catch (error) {
        if (error.name !== "AbortError") throw error;
      }
    }, 150);
  });
})();
