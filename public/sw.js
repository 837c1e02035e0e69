// Even Keel service worker: keeps the app's parts on the phone, so that after the first visit no
// app code comes from the network and every screen the person has opens with no signal.
//
// `MANIFEST` (written above this file by evenkeel-bundler) lists this build's parts: each part's
// page and files, the files every part shares, and which paths each part answers.
//
// - install:  cache this build's sign-in page and patient core, plus every part the previous
//             version had kept — all or nothing, so a half-fetched update never replaces a whole
//             old one. Then take over: every page load after that uses this build (a page that is
//             already open keeps the code it started with; parts are whole pages, never mixed).
// - message:  {type: "keep", parts}: a signed-in page asks for the rest of its person's parts,
//             fetched in the background, so the whole app works offline after the first visit.
// - activate: delete older versions' caches.
// - fetch:    a page load is answered from the cache (the browser checks for a new sw.js on its
//             own; a new build is fetched in the background and used on the next open). A part
//             never fetched, while offline, gets "This part needs a connection once". Other
//             same-origin files come from the cache first. /api/* is never cached, except the
//             relaxation tracks a person chose to keep on the phone ("kept-audio", filled by the
//             Relax screen): those answer from that cache, a Range request with a 206 slice, because
//             a cached 200 breaks <audio> seeking in Chromium and Safari.
// - push:     a reminder (title, sentence, app path and kind; never health details) is always
//             shown: browsers revoke a subscription whose pushes show nothing (Safari after three).
//             One notification per kind (tag): a newer one replaces an older one, never a pile.
// - notificationclick: opens the app on the reminder's screen, or focuses it there if it is open.

const CACHE = `evenkeel-${MANIFEST.build}`;
const AT_INSTALL = ["signin", "patient"];
// Not "evenkeel-…": kept tracks outlive app updates (activate deletes only older app caches).
const KEPT_AUDIO = "kept-audio";
const TRACK_FILE = /^\/api\/relaxation\/tracks\/[0-9a-f-]{36}\/(audio|transcript)$/;

self.addEventListener("install", (event) => {
  event.waitUntil(
    partsKeptBefore()
      .then((before) => keep([...new Set([...AT_INSTALL, ...before])], { strict: true }))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith("evenkeel-") && n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "keep" && Array.isArray(data.parts)) {
    event.waitUntil(keep(data.parts.filter((p) => MANIFEST.parts[p]), { strict: false }));
  }
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (TRACK_FILE.test(url.pathname)) {
    event.respondWith(keptTrack(request));
    return;
  }
  if (url.pathname === "/api" || url.pathname.startsWith("/api/")) return; // never cached

  if (request.mode === "navigate") {
    event.respondWith(page(request, url));
  } else {
    event.respondWith(cacheFirst(request));
  }
});

self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    // Unreadable: still show something, so the subscription stays alive.
  }
  const title = typeof data.title === "string" ? data.title : "Even Keel";
  const body = typeof data.body === "string" ? data.body : "You have a reminder.";
  // Checked again when tapped (appUrl): only the app's own screens open.
  const url = typeof data.url === "string" ? data.url : "/";
  const kind = typeof data.kind === "string" ? data.kind : "reminder";
  event.waitUntil(
    self.registration.showNotification(title, {
      body,
      tag: `evenkeel-${kind}`,
      renotify: true,
      icon: "/icons/icon-192.png",
      badge: "/icons/icon-192.png",
      data: { url, kind },
    }),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = appUrl(event.notification.data && event.notification.data.url);
  event.waitUntil(
    self.clients.matchAll({ type: "window" }).then(async (windows) => {
      // The app is open (a window this worker controls): bring it forward first, while the tap
      // still allows it, then take it to the reminder's screen.
      const open = windows[0];
      if (open) {
        const focused = await open.focus().catch(() => open);
        if (focused.url === url) return focused;
        const moved = await focused.navigate(url).catch(() => null);
        if (moved) return moved;
      }
      return self.clients.openWindow(url);
    }),
  );
});

/** The app's own address for a path; anything that would lead to another site opens Today. */
function appUrl(path) {
  try {
    const url = new URL(typeof path === "string" ? path : "/", self.location.origin);
    if (url.origin === self.location.origin) return url.href;
  } catch {}
  return new URL("/", self.location.origin).href;
}

function partFor(pathname) {
  const found = MANIFEST.routes.find(([prefix]) => pathname === prefix || pathname.startsWith(`${prefix}/`));
  return found ? found[1] : MANIFEST.default_part;
}

function filesOf(part) {
  const { page, files } = MANIFEST.parts[part];
  return [page, ...files];
}

// Caches what these parts need that the cache lacks. Strict (install): any failure fails the whole
// install, and the old version stays. Otherwise each part is kept or skipped on its own.
async function keep(parts, { strict }) {
  const cache = await caches.open(CACHE);
  const fetchInto = async (path) => {
    if (await cache.match(path)) return;
    const response = await fetch(path, { cache: "no-cache" });
    if (!response.ok) throw new Error(`${path} answered ${response.status}`);
    await cache.put(path, response);
  };
  const all = (paths) => Promise.all(paths.map(fetchInto));
  if (strict) {
    await all([...MANIFEST.shared, ...parts.flatMap(filesOf)]);
    return;
  }
  await all(MANIFEST.shared).catch(() => undefined);
  await Promise.all(parts.map((part) => all(filesOf(part)).catch(() => undefined)));
}

// The parts whose page an older version's cache holds: the update keeps them too.
async function partsKeptBefore() {
  const kept = new Set();
  for (const name of await caches.keys()) {
    if (!name.startsWith("evenkeel-") || name === CACHE) continue;
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const path = new URL(request.url).pathname;
      for (const [part, { page }] of Object.entries(MANIFEST.parts)) {
        if (path === page || (path === "/" && page === "/index.html")) kept.add(part);
      }
    }
  }
  return [...kept];
}

async function page(request, url) {
  const cache = await caches.open(CACHE);
  const part = partFor(url.pathname);
  const path = MANIFEST.parts[part].page;
  const cached = await cache.match(path);
  if (cached) return cached;
  try {
    const response = await fetch(request);
    // A gateway answering for a server that is down is no more use than no signal.
    if (response.status >= 502 && response.status <= 504) return needsConnection(url);
    if (response.ok && (response.headers.get("content-type") || "").includes("text/html")) {
      // The first visit to this part: keep it (its files are kept as the page fetches them).
      cache.put(path, response.clone()).then(() => keep([part], { strict: false }));
    }
    return response;
  } catch {
    return needsConnection(url);
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

// Offline, for a part this phone has never opened: a plain page, never a blank one.
function needsConnection(url) {
  const css = MANIFEST.shared.find((path) => path.endsWith(".css"));
  const html = `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Even Keel: needs a connection</title>
<link rel="stylesheet" href="${css}"></head>
<body><main class="page needs-connection" data-page="needs-connection">
<h1>This part needs a connection once</h1>
<p>Even Keel keeps each part of the app on your phone after it first opens. This part hasn't been
opened on this phone yet, so it needs signal or Wi-Fi this one time.</p>
<p>Nothing you have logged is affected: it is saved on this phone.</p>
<p><a class="button primary" href="${url.pathname}${url.search}">Try again</a></p>
<p><a class="button secondary" href="/">Go to Today</a></p>
<p><a href="/help">Need help now?</a></p>
</main></body></html>`;
  return new Response(html, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } });
}

// A kept track's file, whole or the slice a Range header asks for (RFC 9110: bytes=a-b, a-, -n);
// anything not kept goes to the network as usual.
async function keptTrack(request) {
  const kept = await (await caches.open(KEPT_AUDIO)).match(request.url);
  if (!kept) return fetch(request);
  const range = request.headers.get("range");
  if (!range) return kept;
  const blob = await kept.blob();
  const size = blob.size;
  const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  let start = 0;
  let end = size - 1;
  if (m && m[1] === "" && m[2] !== "") {
    start = Math.max(0, size - Number(m[2]));
  } else if (m && m[1] !== "") {
    start = Number(m[1]);
    if (m[2] !== "") end = Math.min(Number(m[2]), size - 1);
  }
  if (!m) return kept; // several ranges, or another unit: the whole file is a valid answer
  if (start >= size || end < start) {
    return new Response(null, { status: 416, headers: { "Content-Range": `bytes */${size}` } });
  }
  return new Response(blob.slice(start, end + 1), {
    status: 206,
    headers: {
      "Content-Type": kept.headers.get("Content-Type") || "audio/mpeg",
      "Content-Range": `bytes ${start}-${end}/${size}`,
      "Content-Length": String(end - start + 1),
      "Accept-Ranges": "bytes",
    },
  });
}
