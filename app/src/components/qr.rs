//! A QR code drawn as one SVG path (the `qrcode` crate without its image support), so a code can be
//! scanned from one phone with another instead of typed. The code itself is always shown in words
//! beside it: the QR is a shortcut, never the only way.

use leptos::prelude::*;
#[cfg(feature = "qr")]
use qrcode::{Color, EcLevel, QrCode};

/// Blank modules around the code, as the QR standard asks.
#[cfg(feature = "qr")]
const QUIET: usize = 4;

/// The SVG path of the dark modules and the side length (modules, quiet zone included). `None`
/// without the `qr` feature: the code in words is then the only way, which always works.
#[cfg(not(feature = "qr"))]
pub fn qr_path(_text: &str) -> Option<(String, usize)> {
    None
}

/// The SVG path of the dark modules and the side length (modules, quiet zone included).
#[cfg(feature = "qr")]
pub fn qr_path(text: &str) -> Option<(String, usize)> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()?;
    let width = code.width();
    let colors = code.to_colors();
    let mut d = String::with_capacity(colors.len() * 6);
    for (i, color) in colors.iter().enumerate() {
        if *color == Color::Dark {
            let (x, y) = (i % width + QUIET, i / width + QUIET);
            d.push_str(&format!("M{x} {y}h1v1h-1z"));
        }
    }
    Some((d, width + 2 * QUIET))
}

#[component]
pub fn QrCodeImage(
    /// What the code holds (e.g. a link that opens sign-up with the code filled in).
    #[prop(into)]
    text: String,
    /// Read out by screen readers.
    #[prop(into)]
    label: String,
) -> impl IntoView {
    qr_path(&text).map(|(d, size)| {
        view! {
            <svg class="qr" viewBox=format!("0 0 {size} {size}") role="img" aria-label=label
                shape-rendering="crispEdges" xmlns="http://www.w3.org/2000/svg">
                <rect width=size.to_string() height=size.to_string() class="qr-light"/>
                <path d=d class="qr-dark"/>
            </svg>
        }
    })
}

/// `https://this.site/signup?invite=ABCDEFGH`: opening it fills the code in.
pub fn join_link(param: &str, code: &str) -> String {
    let origin = web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
    let compact: String = code.chars().filter(|c| *c != '-').collect();
    format!("{origin}/signup?{param}={compact}")
}
