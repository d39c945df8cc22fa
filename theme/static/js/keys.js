// Keyboard shortcuts: j/k next or previous item in a list, n/p next or previous page or article, / search,
// g then h home, ? the help. The help (templates/partials/keyboard_help.html) holds every word shown;
// this script only shows it. Nothing on the site needs this script to work.
(() => {
  "use strict";

  // The links that j and k move between: an item's title in lists, the entries of index pages.
  const ITEM_LINKS = "main .item-title a, main .compact li > a, main .source-index li > a, main .tag-index a";
  // How long after "g" the second key of a sequence may come.
  const SEQUENCE_MS = 1500;
  const TYPING = "input, textarea, select, [contenteditable]:not([contenteditable='false'])";

  const help = document.getElementById("keyboard-help");
  const helpButton = document.querySelector(".keyboard-help-open");
  let awaiting = null;
  let awaitingSince = 0;

  function isShown(element) {
    return element.getClientRects().length > 0;
  }

  function moveThroughItems(step) {
    const links = [...document.querySelectorAll(ITEM_LINKS)].filter(isShown);
    if (!links.length) return false;
    const current = links.indexOf(document.activeElement);
    const next = current < 0 ? (step > 0 ? 0 : links.length - 1) : Math.min(Math.max(current + step, 0), links.length - 1);
    links[next].focus();
    links[next].scrollIntoView({ block: "nearest" });
    return true;
  }

  function follow(selector) {
    const link = document.querySelector(selector);
    if (!link) return false;
    location.href = link.href;
    return true;
  }

  function relation(name) {
    return `link[rel~="${name}"][href], a[rel~="${name}"][href]`;
  }

  function goToSearch() {
    const box = document.querySelector("main input[type='search']");
    if (box && isShown(box)) {
      box.focus();
      return true;
    }
    return follow(relation("search"));
  }

  function toggleHelp() {
    if (!help || typeof help.showModal !== "function") return false;
    if (help.open) help.close();
    else help.showModal();
    return true;
  }

  const ACTIONS = {
    j: () => moveThroughItems(1),
    k: () => moveThroughItems(-1),
    n: () => follow(relation("next")),
    p: () => follow(`${relation("prev")}, ${relation("previous")}`),
    "/": goToSearch,
    "?": toggleHelp,
  };
  const SEQUENCES = { g: { h: () => follow("a.site-name[href]") } };

  function onKey(event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    if (event.target instanceof Element && event.target.closest(TYPING)) return;
    const sequence = awaiting && Date.now() - awaitingSince < SEQUENCE_MS ? SEQUENCES[awaiting] : null;
    awaiting = null;
    if (!sequence && SEQUENCES[event.key]) {
      awaiting = event.key;
      awaitingSince = Date.now();
      return;
    }
    if (help && help.open && event.key !== "?") return;
    const action = sequence ? sequence[event.key] : ACTIONS[event.key];
    if (action && action()) event.preventDefault();
  }

  if (helpButton && help && typeof help.showModal === "function") {
    helpButton.hidden = false;
    helpButton.querySelector("button").addEventListener("click", toggleHelp);
  }
  document.addEventListener("keydown", onKey);
})();
