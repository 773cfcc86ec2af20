// "Has anyone in Leeds already worked on this?" While a member types the title and aim of
// a new project, similar projects are shown beside the form. Without JavaScript the same
// list is the next step of the form.
const DELAY_MS = 500;

export function initSimilarProjects(root = document) {
  const form = root.querySelector("form[data-similar-projects]");
  if (!form) return;
  const title = form.querySelector("[name=title]");
  const aim = form.querySelector("[name=aim]");
  const region = form.querySelector(".app-similar-live");
  const results = form.querySelector(".app-similar-live__results");
  if (!title || !aim || !region || !results) return;
  let timer;
  let latest = 0;

  async function look() {
    if (!title.value.trim() || !aim.value.trim()) return;
    const request = ++latest;
    const query = new URLSearchParams({ title: title.value, aim: aim.value });
    try {
      const response = await fetch(`${form.dataset.similarProjects}?${query}`, {
        headers: { Accept: "text/html" },
        credentials: "same-origin",
      });
      if (!response.ok || request !== latest) return;
      const fragment = document.createRange().createContextualFragment(await response.text());
      results.replaceChildren(fragment);
      region.hidden = false;
    } catch {
      // The form's next step shows the same list, so nothing is lost.
    }
  }

  for (const field of [title, aim]) {
    field.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(look, DELAY_MS);
    });
  }
}
