//! Email, for the two messages Even Keel ever sends: a password reset link and a link confirming a
//! new email address. Only when the practice sets `EVENKEEL_SMTP_URL`; without it, people get back
//! in through a reset code from the practice. Messages say nothing about health.

use anyhow::Context;
use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::{Message, SmtpTransport, Transport};

use crate::security::PublicOrigin;

/// SMTP settings (see the README's configuration table).
#[derive(Debug, Clone, clap::Args)]
pub struct MailArgs {
    /// EVENKEEL_SMTP_URL: where to send email, e.g. `smtps://user:password@smtp.example:465`,
    /// `smtp://smtp.example:587?tls=required`, or `smtp://127.0.0.1:2525` (no TLS: only on the
    /// same machine). Unset: no email; reset codes from the practice only.
    #[arg(long, env = "EVENKEEL_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// EVENKEEL_MAIL_FROM: the sender, e.g. `Even Keel <no-reply@practice.example>`.
    #[arg(long, env = "EVENKEEL_MAIL_FROM")]
    pub mail_from: Option<String>,
}

/// Sends email. Links in it start with the public origin, never with a request's `Host` header,
/// which a stranger could set to their own site.
pub struct Mailer {
    transport: SmtpTransport,
    from: Mailbox,
    origin: String,
}

/// A message to send.
pub struct Mail {
    pub to: String,
    pub subject: &'static str,
    pub body: String,
}

impl Mailer {
    /// `Ok(None)` when no SMTP URL is set; an error naming the missing setting when the rest is
    /// incomplete, so a half-configured server does not start.
    pub fn from_args(args: &MailArgs, origin: Option<&PublicOrigin>) -> anyhow::Result<Option<Self>> {
        let Some(url) = args.smtp_url.as_deref().filter(|u| !u.trim().is_empty()) else {
            return Ok(None);
        };
        let from = args
            .mail_from
            .as_deref()
            .context("EVENKEEL_SMTP_URL is set, so EVENKEEL_MAIL_FROM must be too (e.g. Even Keel <no-reply@practice.example>)")?
            .parse::<Mailbox>()
            .context("EVENKEEL_MAIL_FROM must be an address such as Even Keel <no-reply@practice.example>")?;
        let origin = origin.context(
            "EVENKEEL_SMTP_URL is set, so EVENKEEL_PUBLIC_ORIGIN must be too: the links in emails start with it",
        )?;
        // The URL may hold a password: never echo it.
        let transport = SmtpTransport::from_url(url)
            .map_err(|_| anyhow::anyhow!("EVENKEEL_SMTP_URL is not an smtp:// or smtps:// address"))?
            .build();
        Ok(Some(Self { transport, from, origin: origin.as_str().to_owned() }))
    }

    /// A link into the app, e.g. `link("/signin/reset#token=…")`.
    pub fn link(&self, path: &str) -> String {
        format!("{}{path}", self.origin)
    }

    /// Sends one message (blocking: call it on a blocking thread).
    pub fn send(&self, mail: &Mail) -> anyhow::Result<()> {
        let message = Message::builder()
            .from(self.from.clone())
            .to(mail.to.parse().context("the recipient is not an email address")?)
            .subject(mail.subject)
            .header(ContentType::TEXT_PLAIN)
            .body(mail.body.clone())?;
        self.transport.send(&message).context("the SMTP server refused the message")?;
        Ok(())
    }
}
