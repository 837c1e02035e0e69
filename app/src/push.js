// Notifications for the Reminders screen: what this browser can do, asking for permission, and
// the push subscription held by the service worker. Simplest (and smallest) from JavaScript.

/**
 * What the screen should offer: "unsupported", "ios-home-screen" (an iPhone Safari tab: push
 * works only once the app is on the Home Screen, iOS 16.4+), or the permission itself:
 * "default", "granted" or "denied".
 */
export function pushSupport() {
  const ios = /iPad|iPhone|iPod/.test(navigator.userAgent) || (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1);
  const standalone = navigator.standalone === true || !!(self.matchMedia && self.matchMedia("(display-mode: standalone)").matches);
  const supported = "serviceWorker" in navigator && "PushManager" in self && "Notification" in self;
  if (ios && !standalone) return "ios-home-screen";
  if (!supported) return "unsupported";
  return Notification.permission;
}

const SUBSCRIBE_TIMEOUT_MS = 15000;

/**
 * Asks for permission and subscribes; resolves to the subscription's JSON text. Call it straight
 * from the tap's handler: the permission request is its first, synchronous step, because Safari
 * refuses one that does not come from a tap.
 */
export function pushSubscribe(publicKey) {
  const asked = Notification.requestPermission();
  return asked.then(async (permission) => {
    if (permission !== "granted") throw new Error(permission);
    const registration = await navigator.serviceWorker.ready;
    const key = fromBase64Url(publicKey);
    let subscription = await registration.pushManager.getSubscription();
    if (subscription && !sameKey(subscription.options.applicationServerKey, key)) {
      // Made with another server key (a different deployment): replace it.
      await subscription.unsubscribe();
      subscription = null;
    }
    // A browser that cannot reach its push service never answers: give up after a while.
    subscription ||= await Promise.race([
      registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key }),
      new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), SUBSCRIBE_TIMEOUT_MS)),
    ]);
    return JSON.stringify(subscription.toJSON());
  });
}

/** Ends this browser's subscription (signing out, or turning notifications off here). */
export async function pushUnsubscribe() {
  if (!("serviceWorker" in navigator)) return;
  const registration = await navigator.serviceWorker.getRegistration();
  const subscription = registration && registration.pushManager && (await registration.pushManager.getSubscription());
  if (subscription) await subscription.unsubscribe();
}

/** This phone's IANA time zone ("Europe/London"), and every zone the browser knows. */
export function phoneTimeZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

export function timeZones() {
  return Intl.supportedValuesOf ? Intl.supportedValuesOf("timeZone") : [];
}

function fromBase64Url(text) {
  const base64 = (text + "=".repeat((4 - (text.length % 4)) % 4)).replace(/-/g, "+").replace(/_/g, "/");
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

function sameKey(buffer, key) {
  if (!buffer) return false;
  const a = new Uint8Array(buffer);
  return a.length === key.length && a.every((b, i) => b === key[i]);
}
