// The site's JavaScript: the NHS.UK frontend's components (header menu, error summary,
// notification banners, password reveal, ...). Loaded as a module, so only browsers that
// can run the frontend get the classes that switch its enhanced styles on.
import { initAll } from "../vendor/nhsuk-frontend.min.js";
import { initSimilarProjects } from "./similar-projects.js";

document.body.classList.add("js-enabled", "nhsuk-frontend-supported");
initAll();
initSimilarProjects();
