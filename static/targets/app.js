// Moment picker: choosing another term starts from its latest quarter (the year and quarter of
// the previous term would be outside it). Without JavaScript the form still works.
document.addEventListener("DOMContentLoaded", () => {
  const term = document.getElementById("pick-term");
  if (!term) return;
  term.addEventListener("change", () => {
    const form = term.form;
    form.querySelector("#pick-year").disabled = true;
    form.querySelector("#pick-quarter").disabled = true;
    form.submit();
  });
  // A term reports from its start quarter (a ward from 2025 Q4): in its first year the
  // quarters before it are not offered, and a quarter chosen before it moves to it.
  const year = document.getElementById("pick-year");
  const quarter = document.getElementById("pick-quarter");
  if (!year || !quarter) return;
  year.addEventListener("change", () => {
    const first = Number(year.selectedOptions[0]?.dataset.firstQuarter || 1);
    for (const option of quarter.options) option.disabled = Number(option.value) < first;
    if (Number(quarter.value) < first) quarter.value = String(first);
  });
});

// Language picker: choosing a language applies it at once (the button does it without JS).
document.addEventListener("DOMContentLoaded", () => {
  const choice = document.getElementById("language-choice");
  if (choice) choice.addEventListener("change", () => choice.form.submit());
});

// Overview: a search box that keeps only the committees whose name contains what is typed,
// accents and case ignored ("tay ho" finds "Tây Hồ").
document.addEventListener("DOMContentLoaded", () => {
  const search = document.getElementById("overview-search");
  const table = document.getElementById("overview-table");
  if (!search || !table) return;
  const plain = (text) =>
    text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase().trim();
  // The table's rows, and the heat map's, which list the same committees.
  const bodies = [table, document.getElementById("heat-map")].filter(Boolean).map((t) => t.tBodies[0]);
  const rows = bodies.flatMap((body) => Array.from(body.rows)).map((row) => [row, plain(row.dataset.name || "")]);
  const total = table.tBodies[0].rows.length;
  const count = document.getElementById("overview-search-count");
  const template = count ? count.dataset.template || "" : "";
  const apply = () => {
    const wanted = plain(search.value);
    let shown = 0;
    for (const [row, name] of rows) {
      const match = !wanted || name.includes(wanted);
      row.hidden = !match;
      if (match && table.contains(row)) shown += 1;
    }
    if (count) count.textContent = wanted ? template.replace("{shown}", shown).replace("{total}", total) : "";
  };
  search.addEventListener("input", apply);
  apply();
});
