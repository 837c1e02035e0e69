// Even Keel service worker: keeps the app shell on the phone so the app opens with no signal.
//
// - install:  fetch "/" (index.html), read the hashed JS/WASM/CSS file names Trunk wrote into it,
//             and cache them with the manifest and icons — plus the JS snippets the app's JS
//             imports (e.g. the IndexedDB helper), which index.html does not name.
// - activate: delete caches from older versions, take control of open pages.
// - fetch:    page loads (navigations) go to the network first and fall back to the cached "/",
//             so every route opens offline; other same-origin GETs come from the cache first;
//             /api/* is never cached (it is personal, and must be fresh).
//
// Bump VERSION when this file's behaviour changes; new builds are picked up anyway because the
// shell is re-read from "/" on every install and hashed names change with their contents.
const VERSION = "v2";
const CACHE = `evenkeel-shell-${VERSION}`;
const STATIC_FILES = [
  "/manifest.webmanifest",
  "/icons/icon-192.png",
  "/icons/icon-512.png",
  "/icons/icon-maskable-512.png",
  "/icons/apple-touch-icon.png",
  "/icons/favicon-32.png",
];

self.addEventListener("install", (event) => {
  event.waitUntil(precacheShell().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith("evenkeel-") && n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname === "/api" || url.pathname.startsWith("/api/")) return; // never cached

  if (request.mode === "navigate") {
    event.respondWith(networkFirstPage(request));
  } else {
    event.respondWith(cacheFirst(request));
  }
});

async function precacheShell() {
  const cache = await caches.open(CACHE);
  const response = await fetch("/", { cache: "no-cache" });
  if (!response.ok) throw new Error(`index.html answered ${response.status}`);
  const html = await response.clone().text();
  await cache.put("/", response);
  const assets = new Set(STATIC_FILES);
  // href/src attributes (quoted or not: Trunk minifies index.html), and the quoted
  // '/name-hash.js' / '_bg.wasm' paths in Trunk's inline start-up script.
  const pattern = /\b(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))|["'](\/[^"'\s]+\.(?:js|wasm|css))["']/g;
  for (const match of html.matchAll(pattern)) {
    const raw = match[1] || match[2] || match[3] || match[4];
    if (!raw) continue;
    const url = new URL(raw, self.location.origin);
    if (url.origin === self.location.origin && !url.pathname.startsWith("/api/")) assets.add(url.pathname);
  }
  // One missing optional file should not stop the rest from being cached.
  const imports = new Set();
  await Promise.all(
    [...assets].map((path) =>
      fetch(path, { cache: "no-cache" })
        .then(async (r) => {
          if (!r.ok) return;
          if (path.endsWith(".js")) {
            const text = await r.clone().text();
            for (const m of text.matchAll(/["'](\.{0,2}\/snippets\/[^"'\s]+\.js)["']/g)) {
              imports.add(new URL(m[1], new URL(path, self.location.origin)).pathname);
            }
          }
          await cache.put(path, r);
        })
        .catch(() => undefined),
    ),
  );
  await Promise.all(
    [...imports].map((path) =>
      fetch(path, { cache: "no-cache" })
        .then((r) => (r.ok ? cache.put(path, r) : undefined))
        .catch(() => undefined),
    ),
  );
}

async function networkFirstPage(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    // A gateway answering for a server that is down: the cached app is more use than its error page.
    if (response.status >= 502 && response.status <= 504) {
      const cached = await cache.match("/");
      if (cached) return cached;
    }
    // Every route is the same index.html: keep the newest copy as the offline shell.
    if (response.ok && (response.headers.get("content-type") || "").includes("text/html")) {
      cache.put("/", response.clone());
    }
    return response;
  } catch (error) {
    const cached = await cache.match("/");
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request, { ignoreSearch: true });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && response.type === "basic") cache.put(request, response.clone());
  return response;
}
