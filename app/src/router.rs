//! Which of this part's screens the address shows, and moving between them. Our own, not
//! `leptos_router`: a part draws a handful of fixed paths (one with an id in it), and the general
//! router was a sizeable share of every part's download and of the first task on a phone
//! (BENCHMARKS.md, "Our own router").
//!
//! A tap on a link to one of this part's screens moves there without a page load; a link to any
//! other screen loads that part's page as a new history entry (`parts.js`, `follow_links`), from
//! the service worker's cache when it has it. Back and Forward move between screens of this part
//! the same way.

use leptos::prelude::*;
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::{Closure, wasm_bindgen};

use crate::components::shell::Shell;
use crate::pages::not_found::NotFound;

#[wasm_bindgen(module = "/src/parts.js")]
extern "C" {
    fn follow_links(is_here: &Closure<dyn Fn(String) -> bool>, moved: &Closure<dyn Fn()>);
}

/// A screen: it draws itself, reading what it needs from the context (a person's page takes their
/// id from [`Here::segment`]).
pub type Screen = fn() -> AnyView;

/// Where a path's screen is drawn.
#[derive(Clone, Copy)]
pub enum Route {
    /// Inside the frame (top bar, bottom navigation): every signed-in screen.
    Framed(Screen),
    /// On its own: creating an account.
    Alone(Screen),
}

impl Route {
    fn screen(self) -> Screen {
        match self {
            Route::Framed(screen) | Route::Alone(screen) => screen,
        }
    }
}

/// A part's screens: the route for a path given without its outer slashes (`""` is Today,
/// `"people/<id>"` a person's page), or `None` when the path is not this part's.
pub type Routes = fn(&str) -> Option<Route>;

/// Where this page is: the address's path and query, kept current as the person moves.
#[derive(Clone, Copy)]
pub struct Here {
    path: RwSignal<String>,
    search: RwSignal<String>,
    routes: Routes,
}

impl Here {
    /// Reads the address and starts following links, Back and Forward.
    pub fn provide(routes: Routes) -> Here {
        let here = Here { path: RwSignal::new(String::new()), search: RwSignal::new(String::new()), routes };
        here.read_address();
        let is_here = Closure::<dyn Fn(String) -> bool>::new(move |path: String| here.route_for(&path).is_some());
        let moved = Closure::<dyn Fn()>::new(move || here.read_address());
        follow_links(&is_here, &moved);
        // Both live as long as the page.
        is_here.forget();
        moved.forget();
        provide_context(here);
        here
    }

    pub fn expect() -> Here {
        expect_context()
    }

    /// The path, as the address has it (`/people/…`); tracked.
    pub fn path(self) -> String {
        self.path.get()
    }

    /// Whether the address is this path, ignoring a trailing slash; tracked.
    pub fn is(self, path: &str) -> bool {
        self.path.with(|here| trim(here) == trim(path))
    }

    /// The path's `n`th segment (`/people/<id>`: 0 is `people`, 1 the id); tracked.
    pub fn segment(self, n: usize) -> Option<String> {
        self.path.with(|path| trim(path).split('/').nth(n).filter(|s| !s.is_empty()).map(str::to_owned))
    }

    /// A value from the query (`/signup?invite=…`), decoded; not tracked (read once, on opening).
    pub fn query(self, key: &str) -> Option<String> {
        self.search.with_untracked(|search| {
            search.trim_start_matches('?').split('&').find_map(|pair| {
                let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                (name == key).then(|| decode(value))
            })
        })
    }

    /// Moves to `to` (a path, perhaps with a query): drawn here when it is this part's, else by
    /// loading its part's page. `replace` takes the place of the current history entry, so Back
    /// skips it (a move the app makes on the person's behalf, like sign-in to Today).
    pub fn go(self, to: &str, replace: bool) {
        let Some(window) = web_sys::window() else { return };
        let path = to.split(['?', '#']).next().unwrap_or(to);
        if self.route_for(path).is_none() {
            let location = window.location();
            let _ = if replace { location.replace(to) } else { location.assign(to) };
            return;
        }
        if let Ok(history) = window.history() {
            let _ = if replace {
                history.replace_state_with_url(&JsValue::NULL, "", Some(to))
            } else {
                history.push_state_with_url(&JsValue::NULL, "", Some(to))
            };
        }
        window.scroll_to_with_x_and_y(0.0, 0.0);
        self.read_address();
    }

    fn read_address(self) {
        let Some(location) = web_sys::window().map(|w| w.location()) else { return };
        let (path, search) = (location.pathname().unwrap_or_default(), location.search().unwrap_or_default());
        // Only a real change redraws.
        if self.path.with_untracked(|p| *p != path) {
            self.path.set(path);
        }
        if self.search.with_untracked(|s| *s != search) {
            self.search.set(search);
        }
    }

    /// The route for the address; tracked.
    fn route(self) -> Option<Route> {
        self.path.with(|path| self.route_for(path))
    }

    /// This part's route for a path, if it draws it.
    fn route_for(self, path: &str) -> Option<Route> {
        (self.routes)(trim(path))
    }
}

/// `/people/x/` → `people/x`; `/` → ``.
fn trim(path: &str) -> &str {
    path.trim_matches('/')
}

/// A query value as typed: `+` is a space, then %-escapes.
fn decode(value: &str) -> String {
    let spaced = value.replace('+', " ");
    js_sys::decode_uri_component(&spaced).ok().and_then(|s| s.as_string()).unwrap_or(spaced)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Frame {
    Framed,
    Alone,
    Elsewhere,
}

/// The page's screen: this part's screens in their frame (or alone), any other path by
/// [`Elsewhere`].
#[component]
pub fn Screens() -> impl IntoView {
    let here = Here::expect();
    // The frame is drawn again only when the kind of place changes, not on every move.
    let frame = Memo::new(move |_| match here.route() {
        Some(Route::Framed(_)) => Frame::Framed,
        Some(Route::Alone(_)) => Frame::Alone,
        None => Frame::Elsewhere,
    });
    move || match frame.get() {
        Frame::Framed => view! { <Shell/> }.into_any(),
        Frame::Alone => view! { <Outlet/> }.into_any(),
        Frame::Elsewhere => view! { <Elsewhere/> }.into_any(),
    }
}

/// The screen for the address, drawn again when the path changes.
#[component]
pub fn Outlet() -> impl IntoView {
    let here = Here::expect();
    let path = Memo::new(move |_| here.path());
    move || {
        let route = path.with(|path| here.route_for(path));
        untrack(|| route.map(|route| route.screen()()))
    }
}

/// A path that is not this part's: an address of another part loads that part's page (on a first
/// open, when the page that came was not that part's); a path no part knows is "not found".
#[component]
fn Elsewhere() -> impl IntoView {
    let Some(location) = web_sys::window().map(|w| w.location()) else { return ().into_any() };
    let path = location.pathname().unwrap_or_default();
    let here = expect_context::<crate::parts::ThisPart>().0;
    if evenkeel_domain::parts::Part::for_path(&path) == here {
        crate::parts::reveal();
        return view! { <NotFound/> }.into_any();
    }
    if let Ok(href) = location.href() {
        let _ = location.replace(&href);
    }
    view! {
        <main class="page starting" data-page="starting" aria-busy="true">
            <p>"Opening Even Keel…"</p>
        </main>
    }
    .into_any()
}
