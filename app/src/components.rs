//! Pieces shared by several screens, one per file.

pub mod bottom_nav;
pub mod coming_soon;
pub mod help_link;
pub mod icon;
pub mod offline_banner;
pub mod shell;
pub mod text_field;
pub mod top_bar;
