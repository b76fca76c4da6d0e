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
});

// Language picker: choosing a language applies it at once (the button does it without JS).
document.addEventListener("DOMContentLoaded", () => {
  const choice = document.getElementById("language-choice");
  if (choice) choice.addEventListener("change", () => choice.form.submit());
});
