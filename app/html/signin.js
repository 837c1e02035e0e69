// The sign-in page's only script. Sign-in is a static page so that it works within the first few
// kilobytes on a slow phone; the app itself (WebAssembly) starts on the page it leads to.
// The same page answers /signin/forgot, /signin/reset (a reset code, or the token of an emailed
// link in the #fragment, which never reaches a server log or a Referer) and /signin/confirm-email.
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

const view = { "/signin/forgot": "forgot", "/signin/reset": "reset", "/signin/confirm-email": "confirm-email" }[
  location.pathname.replace(/\/$/, "")
] || "signin";
if (view !== "signin") {
  document.getElementById("view-signin").hidden = true;
  document.getElementById(`view-${view}`).hidden = false;
}
const fragmentToken = new URLSearchParams(location.hash.slice(1)).get("token");

// Already signed in on this phone: go straight on (the app signs them out if the server disagrees).
const known = remembered();
if (view === "signin" && known && known.role) location.replace(homeFor(known));

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
const signing = busy(submit, "Sign in", "Signing in…");

function revealing(button, input) {
  button.addEventListener("click", () => {
    const show = input.type === "password";
    input.type = show ? "text" : "password";
    button.textContent = show ? "Hide" : "Show";
    button.setAttribute("aria-pressed", String(show));
  });
}
revealing(reveal, password);

function fieldError(input, message) {
  document.getElementById(`${input.id}-error`).textContent = message || "";
  if (message) input.setAttribute("aria-invalid", "true");
  else input.removeAttribute("aria-invalid");
  return Boolean(message);
}

// POSTs JSON; answers the parsed reply, or throws an Error whose message is for the person.
async function post(path, body) {
  let response;
  try {
    response = await fetch(path, {
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
  return data;
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  if (signing.on) return;
  const noEmail = fieldError(email, email.value.trim() ? "" : "Please enter your email address.");
  const noPassword = fieldError(password, password.value ? "" : "Please enter your password.");
  if (noEmail) return email.focus();
  if (noPassword) return password.focus();
  signing.set(true);
  formError.textContent = "";
  try {
    signedIn(await post("/api/auth/login", { email: email.value.trim(), password: password.value }));
  } catch (error) {
    signing.set(false);
    formError.textContent = error.message;
  }
});

// Remembers who signed in (as the app does) and opens their first screen.
function signedIn(data) {
  if (!data || !data.user) throw new Error(UNEXPECTED);
  const user = data.user;
  const profile = {
    display_name: user.display_name,
    role: user.role,
    time_zone: user.time_zone,
    must_change_password: Boolean(user.must_change_password),
    text_size: user.text_size,
    theme: user.theme,
  };
  try {
    localStorage.removeItem(SIGNED_OUT_KEY);
    localStorage.setItem(PROFILE_KEY, JSON.stringify(profile));
  } catch {
    // Storage full or disabled: the app still signs in from the cookie, it just can't open offline.
  }
  location.replace(homeFor(profile));
}

// A button that says it is busy and ignores taps until the request is answered.
function busy(button, idle, working) {
  let on = false;
  return {
    get on() {
      return on;
    },
    set(value) {
      on = value;
      button.textContent = value ? working : idle;
      if (value) button.setAttribute("aria-disabled", "true");
      else button.removeAttribute("aria-disabled");
    },
  };
}

// Forgot: the email way only where the server sends email; the practice's way always.
if (view === "forgot") {
  fetch("/api/auth/recovery", { headers: { Accept: "application/json" } })
    .then((r) => r.json())
    .then((options) => {
      document.getElementById("forgot-email").hidden = !options.email;
    })
    .catch(() => undefined);
  const address = document.getElementById("forgot-address");
  const error = document.getElementById("forgot-error");
  const state = busy(document.getElementById("forgot-submit"), "Email me a link", "Sending…");
  document.getElementById("forgot-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    if (state.on) return;
    if (fieldError(address, address.value.trim() ? "" : "Please enter your email address.")) return address.focus();
    state.set(true);
    error.textContent = "";
    try {
      await post("/api/auth/forgot", { email: address.value.trim() });
      document.getElementById("forgot-form").hidden = true;
      document.getElementById("forgot-sent").hidden = false;
    } catch (e) {
      error.textContent = e.message;
    }
    state.set(false);
  });
}

// Reset: with a code typed in, or the token of the emailed link (then no code is asked for).
if (view === "reset") {
  const code = document.getElementById("reset-code");
  const newPassword = document.getElementById("reset-password");
  const error = document.getElementById("reset-error");
  const state = busy(document.getElementById("reset-submit"), "Save and sign in", "Saving…");
  revealing(document.getElementById("reset-reveal"), newPassword);
  if (fragmentToken) {
    document.getElementById("reset-code-field").hidden = true;
    document.querySelector("#view-reset .back-row").hidden = true;
  }
  document.getElementById("reset-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    if (state.on) return;
    const noCode = !fragmentToken && fieldError(code, code.value.trim() ? "" : "Please enter the reset code.");
    const short = newPassword.value.length < 10;
    const noPassword = fieldError(newPassword, short ? "Please choose a password of at least 10 characters." : "");
    if (noCode) return code.focus();
    if (noPassword) return newPassword.focus();
    state.set(true);
    error.textContent = "";
    const body = fragmentToken ? { token: fragmentToken } : { code: code.value };
    try {
      signedIn(await post("/api/auth/reset", { ...body, new_password: newPassword.value }));
    } catch (e) {
      state.set(false);
      error.textContent = e.message;
    }
  });
}

if (view === "confirm-email") {
  const status = document.getElementById("confirm-status");
  post("/api/auth/confirm-email", { token: fragmentToken || "" })
    .then(() => {
      status.textContent = "Done: use your new email address next time you sign in.";
    })
    .catch((e) => {
      status.textContent = e.message;
    });
}
