// The progress page of a workbook import: asks the app (any of its servers) for the upload's
// progress every second and moves the bars; once the work has ended, the page is loaded again
// to show the result (errors, or the confirmation, or what was imported).
(function () {
  "use strict";
  const box = document.getElementById("upload-progress");
  if (!box) return;
  const language = document.documentElement.lang || "vi";
  const number = (value) => value.toLocaleString(language);

  function show(id, value, max) {
    const bar = document.getElementById(id);
    bar.max = Math.max(max, 1);
    bar.value = value;
    document.getElementById(id + "-text").textContent = number(value) + " / " + number(max);
  }

  async function poll() {
    try {
      const response = await fetch(box.dataset.url, { headers: { Accept: "application/json" } });
      if (response.ok) {
        const progress = await response.json();
        document.getElementById("upload-state").textContent = progress.state_label;
        document.getElementById("upload-waiting").hidden = !progress.waiting;
        show("rows-checked", progress.rows_checked, progress.rows_total);
        show("rows-written", progress.rows_written, progress.rows_to_write);
        if (!progress.running) {
          window.location.reload();
          return;
        }
      }
    } catch (error) {
      // A server restarting or the network gone for a moment: try again.
    }
    window.setTimeout(poll, 1000);
  }

  window.setTimeout(poll, 1000);
})();
