// Browser APIs the Relax part uses that are simplest (and smallest) from JavaScript: the kept-audio
// cache, the screen wake lock, the lock-screen controls, soft tones and vibration. Each one is
// optional in some browser, so each fails quietly where it is missing.

// Outlives app versions (the service worker deletes only caches named "evenkeel-…"), so a track
// kept on the phone stays kept after an update. public/sw.js answers from it, Range included.
const KEPT = "kept-audio";

export async function keepTrack(audioUrl, transcriptUrl) {
  const cache = await caches.open(KEPT);
  await cache.addAll([audioUrl, transcriptUrl]);
}

export async function forgetTrack(audioUrl, transcriptUrl) {
  const cache = await caches.open(KEPT);
  await Promise.all([cache.delete(audioUrl), cache.delete(transcriptUrl)]);
}

/** The paths of the kept files. */
export async function keptPaths() {
  if (!("caches" in self)) return [];
  const cache = await caches.open(KEPT);
  return (await cache.keys()).map((r) => new URL(r.url).pathname);
}

/** A kept transcript, or null. */
export async function keptText(url) {
  if (!("caches" in self)) return null;
  const hit = await (await caches.open(KEPT)).match(url);
  return hit ? hit.text() : null;
}

export function prefersReducedMotion() {
  return !!(self.matchMedia && self.matchMedia("(prefers-reduced-motion: reduce)").matches);
}

export async function wakeLock() {
  try {
    return navigator.wakeLock ? await navigator.wakeLock.request("screen") : null;
  } catch {
    return null; // refused (battery saver, hidden page): the pacer works without it
  }
}

export function releaseWakeLock(lock) {
  if (lock) lock.release().catch(() => {});
}

/** Lock-screen and headphone controls for the playing track. */
export function mediaSession(title, onPlay, onPause, onBack) {
  if (!("mediaSession" in navigator)) return;
  navigator.mediaSession.metadata = new MediaMetadata({
    title,
    artist: "Even Keel",
    album: "Relax",
    artwork: [{ src: "/icons/icon-512.png", sizes: "512x512", type: "image/png" }],
  });
  navigator.mediaSession.setActionHandler("play", onPlay);
  navigator.mediaSession.setActionHandler("pause", onPause);
  navigator.mediaSession.setActionHandler("seekbackward", onBack);
}

let audioContext = null;

/** A soft tone gliding from one pitch to another over `seconds`, fading in and out. */
export function tone(from, to, seconds) {
  try {
    audioContext = audioContext || new AudioContext();
    const now = audioContext.currentTime;
    const osc = audioContext.createOscillator();
    const gain = audioContext.createGain();
    osc.type = "sine";
    osc.frequency.setValueAtTime(from, now);
    osc.frequency.linearRampToValueAtTime(to, now + seconds);
    gain.gain.setValueAtTime(0, now);
    gain.gain.linearRampToValueAtTime(0.08, now + Math.min(1, seconds / 3));
    gain.gain.linearRampToValueAtTime(0, now + seconds);
    osc.connect(gain).connect(audioContext.destination);
    osc.start(now);
    osc.stop(now + seconds);
  } catch {
    // No Web Audio: the pacer is silent, as it is by default.
  }
}

export function vibrate(ms) {
  if (navigator.vibrate) navigator.vibrate(ms);
}
