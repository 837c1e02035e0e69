//! Web push reminders (RFC 8030, 8291, 8292): the deployment's VAPID keys, devices' subscriptions,
//! the sender and the scheduler. A notification carries only a title, a sentence, an app path and
//! the reminder's kind — never a score, a dose, a medicine's name or a note — because a locked
//! phone's screen is public. Logs hold counts and outcomes, never endpoints or keys.

pub mod devices;
pub mod scheduler;
pub mod sender;
pub mod subscription;
pub mod vapid;

use std::sync::Arc;

use evenkeel_domain::error::ErrorCode;

use crate::config::PushArgs;
use crate::error::AppError;

/// What the API needs to know about push in this instance.
pub struct PushService {
    /// `None` when push is off (`EVENKEEL_PUSH=false`).
    pub sender: Option<Arc<sender::Sender>>,
    pub allow_localhost: bool,
}

impl PushService {
    pub fn sender(&self) -> Result<&Arc<sender::Sender>, AppError> {
        self.sender.as_ref().ok_or_else(|| {
            AppError::new(
                ErrorCode::PushOff,
                "Notifications are turned off on this server. Your reminders still show in the app.",
            )
        })
    }
}

/// The `sub` claim must be a `mailto:` or `https:` address (Apple refuses anything else).
pub fn contact(args: &PushArgs) -> anyhow::Result<String> {
    let contact = args.contact.as_deref().map(str::trim).unwrap_or_default();
    anyhow::ensure!(
        (contact.starts_with("mailto:") && contact.len() > "mailto:".len() && contact.contains('@'))
            || (contact.starts_with("https://") && contact.len() > "https://".len()),
        "push reminders are on, so EVENKEEL_PUSH_CONTACT must be a mailto: or https: address where push \
         services can reach whoever runs this server (for example mailto:practice@example.org). \
         Set EVENKEEL_PUSH=false to run without push."
    );
    Ok(contact.to_owned())
}
