//! The `plan` part of the app (see `evenkeel_app::parts`).

fn main() {
    evenkeel_app::parts::start(evenkeel_app::parts::plan::App);
}
