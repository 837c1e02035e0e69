// The page's side of the app's parts (parts.rs, service_worker.rs): links to another part's
// screens, and the service worker (public/sw.js) that keeps the parts on the phone.

const BUILD_KEY = "evenkeel.build";

// Registers the service worker and asks it to look for a new build now: browsers also check on
// page loads, but only once the worker is idle, which an app in use may never be.
export function register() {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker
    .register("/sw.js")
    .then((registration) => registration.update())
    .catch((error) => console.warn("Even Keel: offline support is unavailable:", error));
}

// Asks the service worker to keep these parts for offline use. It fetches in the background
// whatever it does not have yet; nothing happens without a service worker.
export function keep_for_offline(parts) {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker.ready
    .then((registration) => registration.active && registration.active.postMessage({ type: "keep", parts }))
    .catch(() => undefined);
}

// True once, on the first open of a new version of the app on this phone (not on the very first).
export function build_changed() {
  const meta = document.querySelector('meta[name="evenkeel-build"]');
  const build = meta && meta.content;
  if (!build) return false;
  try {
    const before = localStorage.getItem(BUILD_KEY);
    localStorage.setItem(BUILD_KEY, build);
    return before !== null && before !== build;
  } catch {
    return false;
  }
}

// Signing out: this phone stops getting the person's reminders. The server forgets the device
// (its id was kept when notifications were turned on, on the Reminders screen) and the browser
// ends the subscription. Best effort: sign-out never waits for it.
export function forget_push(token) {
  const KEY = "evenkeel.push-subscription";
  let id = null;
  try {
    id = localStorage.getItem(KEY);
    localStorage.removeItem(KEY);
  } catch {}
  if (id && token) {
    fetch(`/api/push/subscriptions/${encodeURIComponent(id)}`, { method: "DELETE", headers: { Authorization: `Bearer ${token}` } }).catch(() => undefined);
  }
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker
      .getRegistration()
      .then((r) => r && r.pushManager && r.pushManager.getSubscription())
      .then((s) => s && s.unsubscribe())
      .catch(() => undefined);
  }
}

// Links, Back and Forward (router.rs). A tap on a link to one of this part's screens moves there
// without a page load: the address changes, the page goes to its top and `moved` tells the router.
// A link to any other screen loads that part's page as a new history entry, so Back returns to
// where the person was. Taken in the capture phase, before anything else sees the click.
export function follow_links(is_here, moved) {
  addEventListener(
    "click",
    (event) => {
      if (event.defaultPrevented || event.button !== 0) return;
      if (event.metaKey || event.altKey || event.ctrlKey || event.shiftKey) return;
      const link = event.target instanceof Element && event.target.closest("a[href]");
      if (!link || (link.target && link.target !== "_self") || link.hasAttribute("download")) return;
      const url = new URL(link.href, location.href);
      if (url.origin !== location.origin) return;
      const samePage = url.pathname === location.pathname && url.search === location.search;
      if (samePage && url.hash) return; // the browser goes to the anchor
      event.preventDefault();
      if (!is_here(url.pathname)) {
        location.assign(url.href);
        return;
      }
      if (url.href !== location.href) history.pushState(null, "", url.href);
      scrollTo(0, 0);
      moved();
    },
    true,
  );
  addEventListener("popstate", () => moved());
}
