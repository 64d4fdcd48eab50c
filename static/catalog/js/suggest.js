// Fills the <datalist> of each text box marked data-suggest with names matching what has been typed.
(function () {
  "use strict";
  const DELAY_MS = 150;

  function attach(input) {
    const list = document.getElementById(input.getAttribute("list"));
    let timer = null;
    let latest = "";
    input.addEventListener("input", function () {
      clearTimeout(timer);
      const query = input.value.trim();
      if (query.length < 2 || query === latest) {
        return;
      }
      timer = setTimeout(async function () {
        latest = query;
        const url = new URL(input.dataset.suggest, window.location.href);
        url.searchParams.set("q", query);
        try {
          const response = await fetch(url, { headers: { Accept: "application/json" } });
          if (!response.ok || query !== input.value.trim()) {
            return;
          }
          const data = await response.json();
          list.replaceChildren(
            ...data.results.map(function (person) {
              const option = document.createElement("option");
              option.value = person.name;
              return option;
            })
          );
        } catch (error) {
          // Suggestions are a convenience: typing a full name still works.
        }
      }, DELAY_MS);
    });
  }

  document.querySelectorAll("input[data-suggest]").forEach(attach);
})();
