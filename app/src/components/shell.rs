//! The frame around every signed-in screen: the top bar with "Need help now?", the page, and the
//! bottom navigation. It also guards the screens: a signed-out person is sent to sign in — except
//! on the help page, which anyone can open at any time — and someone who signed in with a one-time
//! password is kept on "Choose your password" (or help) until they have chosen their own. The
//! server refuses them everything else anyway (403 `password_change_required`); this spares them
//! screens that could only fail.

use leptos::prelude::*;

use crate::components::bottom_nav::BottomNav;
use crate::components::notice::NoticeToast;
use crate::components::role_home::RoleHome;
use crate::components::top_bar::TopBar;
use crate::components::undo_toast::UndoToast;
use crate::router::{Here, Outlet};
use crate::session::{Session, Status};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    SignedIn,
    /// Signed in with a one-time password, on the password page (or help): no navigation.
    ChoosingPassword {
        on_help: bool,
    },
    /// Signed in with a one-time password, somewhere else: on the way to the password page.
    ToPassword,
    /// The help page while signed out: no bottom navigation, a way back to sign in.
    PublicHelp,
    Starting,
    Leaving,
}

#[component]
pub fn Shell() -> impl IntoView {
    let session = Session::expect();
    let here = Here::expect();

    let mode = Memo::new(move |_| {
        let on_help = here.is("/help");
        let on_password = here.is("/password");
        match session.status() {
            Status::SignedIn if session.must_change_password() => {
                if on_help || on_password {
                    Mode::ChoosingPassword { on_help }
                } else {
                    Mode::ToPassword
                }
            }
            Status::SignedIn => Mode::SignedIn,
            _ if on_help => Mode::PublicHelp,
            Status::Starting => Mode::Starting,
            Status::SignedOut => Mode::Leaving,
        }
    });

    // The page's placeholder (already in the shape of the screen) stays until there is a screen.
    Effect::new(move |_| {
        if mode.get() != Mode::Starting {
            crate::parts::reveal();
        }
    });

    Effect::new(move |_| {
        let to = match mode.get() {
            Mode::Leaving => "/signin",
            Mode::ToPassword => "/password",
            _ => return,
        };
        here.go(to, true);
    });

    view! {
        <div class="shell">
            <TopBar/>
            {move || match mode.get() {
                Mode::SignedIn => {
                    view! { <RoleHome/> <Outlet/> <UndoToast/> <NoticeToast/> <BottomNav/> }.into_any()
                }
                Mode::ChoosingPassword { on_help: false } => view! { <Outlet/> }.into_any(),
                Mode::ChoosingPassword { on_help: true } => {
                    view! {
                        <Outlet/>
                        <p class="back-link"><a href="/password">"Back to choosing your password"</a></p>
                    }
                        .into_any()
                }
                Mode::PublicHelp => {
                    view! {
                        <Outlet/>
                        <p class="back-link"><a href="/signin">"Back to sign in"</a></p>
                    }
                        .into_any()
                }
                Mode::Starting | Mode::Leaving | Mode::ToPassword => {
                    view! {
                        <main class="page starting" data-page="starting" aria-busy="true">
                            <p>"Opening Even Keel…"</p>
                        </main>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}
