/* Runs in <head> before the stylesheets: a theme the learner chose (localStorage "dojo-theme")
   applies from the first paint. Without a choice <html> has no data-theme and the stylesheet
   follows the operating system's light or dark preference. */
try {
  var chosen = localStorage.getItem("dojo-theme");
  if (chosen === "light" || chosen === "dark") document.documentElement.setAttribute("data-theme", chosen);
} catch (e) { /* storage disabled: follow the OS */ }
document.documentElement.classList.add("js");
