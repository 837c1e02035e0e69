//! Pieces shared by several screens, one per file.

pub mod activity_form;
pub mod bottom_nav;
pub mod charts;
pub mod coming_soon;
pub mod crisis_support;
pub mod dose_form;
pub mod draft;
pub mod editor;
pub mod entry_list;
pub mod help_link;
pub mod icon;
pub mod local_time;
pub mod mood_form;
pub mod offline_banner;
pub mod pain_form;
pub mod qr;
pub mod role_home;
pub mod scopes;
pub mod score_buttons;
pub mod session_notes;
pub mod shell;
pub mod sleep_form;
pub mod text_field;
pub mod top_bar;
pub mod undo_toast;
pub mod when_field;
