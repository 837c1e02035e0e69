// The page's side of the service worker (public/sw.js), for service_worker.rs.

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
