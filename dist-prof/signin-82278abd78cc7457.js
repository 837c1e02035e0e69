// The sign-in page's only script. Sign-in is a static page so that it works within the first few
// kilobytes on a slow phone; the app itself (WebAssembly) starts on the page it leads to.
//
// It keeps the same promises as the app: the same messages, the same remembered profile in
// localStorage (`evenkeel.profile`, nothing about health) so the app opens offline afterwards, and
// the refresh cookie set by the server carries the session to the next page.

const PROFILE_KEY = "evenkeel.profile";
const SIGNED_OUT_KEY = "evenkeel.signed_out";
const UNREACHABLE = "We couldn't reach Even Keel just now. Please check your signal or Wi-Fi and try again.";
const UNEXPECTED = "Something went wrong on our side. Please try again in a moment.";

// Where each role starts (the same as `role_home::home_for` in the app).
function homeFor(profile) {
  if (profile.must_change_password) return "/password";
  return { carer: "/people", worker: "/caseload", admin: "/admin" }[profile.role] || "/";
}

function remembered() {
  try {
    if (localStorage.getItem(SIGNED_OUT_KEY)) return null;
    return JSON.parse(localStorage.getItem(PROFILE_KEY) || "null");
  } catch {
    return null;
  }
}

// Already signed in on this phone: go straight on (the app signs them out if the server disagrees).
const known = remembered();
if (known && known.role) location.replace(homeFor(known));

// After the page has loaded, so the form never waits for it: the service worker then fetches the
// app's patient core in the background while the person types.
if ("serviceWorker" in navigator) {
  addEventListener("load", () =>
    navigator.serviceWorker.register("/sw.js").then((r) => r.update()).catch(() => undefined),
  );
}

const form = document.getElementById("signin-form");
const email = document.getElementById("signin-email");
const password = document.getElementById("signin-password");
const submit = document.getElementById("signin-submit");
const formError = document.getElementById("form-error");
const reveal = document.getElementById("signin-reveal");
let pending = false;

reveal.addEventListener("click", () => {
  const show = password.type === "password";
  password.type = show ? "text" : "password";
  reveal.textContent = show ? "Hide" : "Show";
  reveal.setAttribute("aria-pressed", String(show));
});

function fieldError(input, message) {
  document.getElementById(`${input.id}-error`).textContent = message || "";
  if (message) input.setAttribute("aria-invalid", "true");
  else input.removeAttribute("aria-invalid");
  return Boolean(message);
}

function setPending(on) {
  pending = on;
  submit.textContent = on ? "Signing in…" : "Sign in";
  if (on) submit.setAttribute("aria-disabled", "true");
  else submit.removeAttribute("aria-disabled");
}

async function signIn(body) {
  let response;
  try {
    response = await fetch("/api/auth/login", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
    });
  } catch {
    throw new Error(UNREACHABLE);
  }
  // A proxy answering for a server that is down: the same as no signal.
  if (response.status >= 502 && response.status <= 504) throw new Error(UNREACHABLE);
  const data = await response.json().catch(() => null);
  if (!response.ok) throw new Error((data && data.message) || UNEXPECTED);
  if (!data || !data.user) throw new Error(UNEXPECTED);
  return data.user;
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  if (pending) return;
  const noEmail = fieldError(email, email.value.trim() ? "" : "Please enter your email address.");
  const noPassword = fieldError(password, password.value ? "" : "Please enter your password.");
  if (noEmail) return email.focus();
  if (noPassword) return password.focus();
  setPending(true);
  formError.textContent = "";
  try {
    const user = await signIn({ email: email.value.trim(), password: password.value });
    const profile = {
      display_name: user.display_name,
      role: user.role,
      time_zone: user.time_zone,
      must_change_password: Boolean(user.must_change_password),
    };
    try {
      localStorage.removeItem(SIGNED_OUT_KEY);
      localStorage.setItem(PROFILE_KEY, JSON.stringify(profile));
    } catch {
      // Storage full or disabled: the app still signs in from the cookie, it just can't open offline.
    }
    location.replace(homeFor(profile));
  } catch (error) {
    setPending(false);
    formError.textContent = error.message;
  }
});
