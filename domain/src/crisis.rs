//! UK crisis contacts (`domain.md` §8), shown at once when a screen suggests someone may be at risk,
//! and always reachable from the app. Even Keel is not monitored 24/7 and must say so.
//!
//! Routes in Scotland, Wales and Northern Ireland differ [UNCONFIRMED]; these are England's.

/// One way to get help now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CrisisContact {
    pub name: &'static str,
    /// How to reach them: "Call" or "Text".
    pub how: &'static str,
    /// The number, and anything to say or press.
    pub detail: &'static str,
    /// Who it is for and when it is open.
    pub note: &'static str,
}

/// Said next to the contacts, so nobody waits for the app to answer.
pub const NOT_MONITORED: &str =
    "Even Keel is not watched around the clock. If you need help now, please contact one of these.";

pub const UK_CRISIS_CONTACTS: &[CrisisContact] = &[
    CrisisContact { name: "Emergency services", how: "Call", detail: "999", note: "When a life is at risk." },
    CrisisContact {
        name: "NHS 111 mental health crisis line",
        how: "Call",
        detail: "111, then option 2",
        note: "24 hours a day, in England.",
    },
    CrisisContact { name: "Samaritans", how: "Call", detail: "116 123", note: "Free, 24 hours a day." },
    CrisisContact { name: "Shout", how: "Text", detail: "85258", note: "Support by text message." },
    CrisisContact { name: "Papyrus", how: "Call", detail: "0800 068 4141", note: "For people under 35." },
    CrisisContact { name: "Childline", how: "Call", detail: "0800 1111", note: "For children and young people." },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_match_the_domain_reference() {
        let details: Vec<_> = UK_CRISIS_CONTACTS.iter().map(|c| c.detail).collect();
        for number in ["999", "111, then option 2", "116 123", "85258", "0800 068 4141", "0800 1111"] {
            assert!(details.iter().any(|d| d.contains(number)), "{number}");
        }
    }
}
