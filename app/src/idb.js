// Even Keel's local store in IndexedDB: the few promise-returning calls the Rust side needs
// (app/src/store.rs). Values cross the boundary as JSON text, so the Rust types stay the only
// definition of what an entry or an outbox item looks like.
//
// Stores: `entries` (the local copy of every entry, keyed by id), `outbox` (changes not yet
// acknowledged by the server, keyed by entry id, each the exact version to send) and `meta`
// (the sync cursor and whose diary this is).

const DB_NAME = "evenkeel";
const DB_VERSION = 1;
let opening = null;
/** The transaction making the stores, while a first open is making them. */
let upgrading = null;
/** Set when this page left in the middle of making the stores (see `pagehide` below). */
let leftMidUpgrade = false;
/** Between `pagehide` and `pageshow`: nothing opens the store, so nothing starts making it again. */
let hidden = false;

function open() {
  if (hidden) return new Promise((resolve) => addEventListener("pageshow", resolve, { once: true })).then(open);
  if (opening) return opening;
  opening = new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = () => {
      upgrading = request.transaction;
      const db = request.result;
      if (!db.objectStoreNames.contains("entries")) db.createObjectStore("entries", { keyPath: "id" });
      if (!db.objectStoreNames.contains("outbox")) db.createObjectStore("outbox", { keyPath: "id" });
      if (!db.objectStoreNames.contains("meta")) db.createObjectStore("meta", { keyPath: "key" });
    };
    request.onsuccess = () => {
      upgrading = null;
      const db = request.result;
      // Another tab upgrading the database: step aside and reopen next time.
      db.onversionchange = () => { db.close(); opening = null; };
      resolve(db);
    };
    request.onerror = () => { upgrading = null; opening = null; reject(request.error); };
    request.onblocked = () => { opening = null; reject(new Error("blocked")); };
  });
  return opening;
}

// Chrome keeps a page the person leaves in its back/forward cache, frozen with the IndexedDB work
// it had open. A page frozen while it was making the stores is not evicted, and every later open
// waits for it: the next screen stayed on "Opening your diary…" for good (tests/e2e
// patterns_browser.rs, `leaving_today_while_it_makes_the_store…`). So a page that leaves stops
// making them (the next page makes them instead), lets its connection go and opens nothing more
// until it is shown again (a sync answer arriving meanwhile waits). Chrome then no longer
// keeps the page; a browser that shows it again from its cache gets it reloaded when its stores
// were never made, else it reopens its connection when next used.
addEventListener("pagehide", () => {
  hidden = true;
  if (upgrading) {
    try {
      upgrading.abort();
      leftMidUpgrade = true;
    } catch (_) { /* it had just finished */ }
    upgrading = null;
  }
  if (opening) {
    opening.then((db) => db.close(), () => {});
    opening = null;
  }
});
addEventListener("pageshow", (event) => {
  hidden = false;
  if (event.persisted && leftMidUpgrade) location.reload();
});

function all(store) {
  return new Promise((resolve, reject) => {
    const r = store.getAll();
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

/** Everything, as JSON text: {entries: [...], outbox: [...], meta: [{key, value}]}. */
export async function idbLoad() {
  const db = await open();
  const tx = db.transaction(["entries", "outbox", "meta"], "readonly");
  const [entries, outbox, meta] = await Promise.all([
    all(tx.objectStore("entries")),
    all(tx.objectStore("outbox")),
    all(tx.objectStore("meta")),
  ]);
  return JSON.stringify({ entries, outbox, meta });
}

/**
 * Applies a list of operations in ONE transaction, so an entry and its outbox item are always
 * written together. Resolves once the transaction has committed (the data is on the phone).
 *   {put_entry: row} · {put_outbox: item} · {meta: {key, value}} · {clear: true}
 *   {ack: {id, version}}     drop the outbox item only if it is still that version; mark the entry synced
 *   {reject: {id, version, message}}  keep the item, with the server's message
 *   {drop_outbox: {id, version}}      drop the item if still that version (a newer version arrived)
 */
export async function idbCommit(opsJson) {
  const ops = JSON.parse(opsJson);
  const db = await open();
  const tx = db.transaction(["entries", "outbox", "meta"], "readwrite");
  const entries = tx.objectStore("entries");
  const outbox = tx.objectStore("outbox");
  const meta = tx.objectStore("meta");
  const done = new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error || new Error("aborted"));
  });
  for (const op of ops) {
    if (op.clear) {
      entries.clear();
      outbox.clear();
      meta.clear();
    } else if (op.put_entry) {
      entries.put(op.put_entry);
    } else if (op.put_outbox) {
      outbox.put(op.put_outbox);
    } else if (op.meta) {
      meta.put(op.meta);
    } else if (op.ack || op.drop_outbox) {
      const { id, version } = op.ack || op.drop_outbox;
      const marks = !!op.ack;
      outbox.get(id).onsuccess = (e) => {
        const item = e.target.result;
        if (item && item.client_updated_at === version) outbox.delete(id);
      };
      if (marks) {
        entries.get(id).onsuccess = (e) => {
          const row = e.target.result;
          if (row && row.client_updated_at === version && !row.synced) {
            row.synced = true;
            entries.put(row);
          }
        };
      }
    } else if (op.reject) {
      const { id, version, message } = op.reject;
      outbox.get(id).onsuccess = (e) => {
        const item = e.target.result;
        if (item && item.client_updated_at === version) {
          item.error = message;
          outbox.put(item);
        }
      };
    }
  }
  return done;
}
