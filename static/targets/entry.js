// Quarterly entry: warns before leaving with unsaved changes, and spreads a column pasted from a
// spreadsheet over the figure boxes from the one pasted into downwards. Without JavaScript the
// page works the same, without these two helps.
(() => {
  const form = document.getElementById("entry-form");
  if (!form || !form.dataset.decimal) return; // read-only: nothing to lose, nothing to paste

  const decimalMark = form.dataset.decimal;

  // The one place the browser reads a number, by the rules of targets.workbook.parse_number:
  // "1.075,5" and "1075,5" on Vietnamese pages ("1,075.5" on English ones); spaces ignored; a
  // dot alone is not a decimal mark there ("14.84" is refused, not taken for 1484). Returns
  // null for text that is not a number; the server gives the message beside the box.
  function readFigure(text) {
    let plain = String(text).replace(/[\s\u00a0\u202f]/g, "");
    if (decimalMark === ".") plain = plain.replace(/[.,]/g, (mark) => (mark === "." ? "," : "."));
    if (/^[+-]?[0-9]{1,3}(\.[0-9]{3})+(,[0-9]+)?$/.test(plain)) plain = plain.replace(/\./g, "");
    else if (!/^[+-]?[0-9]+(,[0-9]+)?$/.test(plain)) return null;
    return Number(plain.replace(",", "."));
  }

  function mark(box) {
    const bad = box.value.trim() !== "" && readFigure(box.value) === null;
    box.classList.toggle("is-invalid", bad);
    if (bad) box.setAttribute("aria-invalid", "true");
    else box.removeAttribute("aria-invalid");
    return !bad;
  }

  // Unsaved changes: the browser asks before the page is left, except by saving or submitting.
  let unsaved = false;
  form.addEventListener("input", () => { unsaved = true; });
  form.addEventListener("change", (event) => {
    unsaved = true;
    if (event.target.matches("input[data-figure]")) mark(event.target);
  });
  form.addEventListener("submit", () => { unsaved = false; });
  window.addEventListener("beforeunload", (event) => {
    if (!unsaved) return;
    event.preventDefault();
    event.returnValue = ""; // older browsers need it set to show the question
  });

  // A column pasted into one box: one line per box, downwards in the page's order; a line of
  // several cells (tab-separated) gives its first cell.
  const status = document.getElementById("paste-status");
  const say = (template, count) => template.replace("{count}", String(count));
  form.addEventListener("paste", (event) => {
    const box = event.target;
    if (!box.matches("input[data-figure]")) return;
    const text = (event.clipboardData || window.clipboardData).getData("text");
    const lines = text.replace(/\r\n?/g, "\n").replace(/\n+$/, "").split("\n");
    if (lines.length < 2 && !lines[0].includes("\t")) return; // one value: the usual paste
    event.preventDefault();
    const boxes = Array.from(form.querySelectorAll("input[data-figure]:not([disabled])"));
    const start = boxes.indexOf(box);
    const cells = lines.map((line) => line.split("\t")[0].trim());
    let pasted = 0;
    let notNumbers = 0;
    cells.forEach((cell, offset) => {
      const target = boxes[start + offset];
      if (!target) return;
      target.value = cell;
      if (!mark(target)) notNumbers += 1;
      pasted += 1;
    });
    unsaved = true;
    const parts = [say(form.dataset.pasted, pasted)];
    if (cells.length > pasted) parts.push(say(form.dataset.leftOut, cells.length - pasted));
    if (notNumbers) parts.push(say(form.dataset.notNumbers, notNumbers));
    if (status) status.textContent = parts.join(" ");
  });
})();
