//! The breathing pacer's patterns and clock (`domain.md` §7): which phase a session is in after so
//! many milliseconds, and the count the screen shows ("Breathe in… 3"). Pure, so the pacer's timing
//! is tested here rather than by waiting in a browser.
//!
//! Decisions:
//! - A session ends at the end of the breath during which its length is reached, never mid-breath.
//! - 4-7-8 is offered for one minute only: the source gives 4–5 rounds (about 76–95 s), and one
//!   minute rounds up to 4 rounds.
//! - The count goes up (1, 2, 3…), as in the NHS "count from 1 to 5".

use serde::{Deserialize, Serialize};

use crate::diary::medication::word_enum;

word_enum!(
    /// The four patterns the pacer offers.
    BreathingPattern, PATTERN_WORDS {
        Relaxed => "relaxed", ExtendedExhale => "extended_exhale", Box => "box", FourSevenEight => "four_seven_eight",
    }
);

/// One part of a breath.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    In,
    /// Holding with the lungs full.
    HoldIn,
    Out,
    /// Resting with the lungs empty (box breathing's fourth side).
    HoldOut,
}

impl Phase {
    /// What the screen says, before the count.
    pub fn words(self) -> &'static str {
        match self {
            Self::In => "Breathe in",
            Self::HoldIn | Self::HoldOut => "Hold",
            Self::Out => "Breathe out",
        }
    }

    /// How big the pacer's shape is at the end of this phase, as a share of its full size: it grows
    /// while breathing in and shrinks while breathing out.
    pub fn scale_at_end(self) -> f64 {
        match self {
            Self::In | Self::HoldIn => 1.0,
            Self::Out | Self::HoldOut => SMALLEST,
        }
    }
}

/// The shape's size with empty lungs.
pub const SMALLEST: f64 = 0.55;

impl BreathingPattern {
    pub const ALL: [BreathingPattern; 4] = [Self::Relaxed, Self::ExtendedExhale, Self::Box, Self::FourSevenEight];

    /// The phases of one breath, each with its length in seconds.
    pub fn phases(self) -> &'static [(Phase, u32)] {
        match self {
            // NHS relaxed breathing: in for 5, out for 5, no holding.
            Self::Relaxed => &[(Phase::In, 5), (Phase::Out, 5)],
            // Out-breath longer than the in-breath: 4 in, 6 out.
            Self::ExtendedExhale => &[(Phase::In, 4), (Phase::Out, 6)],
            Self::Box => &[(Phase::In, 4), (Phase::HoldIn, 4), (Phase::Out, 4), (Phase::HoldOut, 4)],
            Self::FourSevenEight => &[(Phase::In, 4), (Phase::HoldIn, 7), (Phase::Out, 8)],
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Relaxed => "Relaxed breathing",
            Self::ExtendedExhale => "Longer out-breath",
            Self::Box => "Box breathing",
            Self::FourSevenEight => "4-7-8 breathing",
        }
    }

    /// A plain description for the person choosing.
    pub fn description(self) -> &'static str {
        match self {
            Self::Relaxed => {
                "In through your nose for 5, out through your mouth for 5, with no holding. A gentle place to start, any time of day."
            }
            Self::ExtendedExhale => {
                "In for 4 and out for 6. A longer out-breath helps the body settle. A hand on your belly can help you feel it."
            }
            Self::Box => {
                "In for 4, hold for 4, out for 4, hold for 4. If 4 feels long, it's fine to breathe a little sooner."
            }
            Self::FourSevenEight => {
                "In through your nose for 4, hold for 7, then a slow \"whoosh\" out through your mouth for 8. A few rounds is enough."
            }
        }
    }

    /// The session lengths offered, in minutes.
    pub fn lengths(self) -> &'static [u32] {
        match self {
            Self::FourSevenEight => &[1],
            _ => &[1, 3, 5],
        }
    }

    /// One breath, in milliseconds.
    pub fn breath_ms(self) -> u64 {
        self.phases().iter().map(|(_, s)| u64::from(*s) * 1000).sum()
    }

    /// How long a session chosen as `minutes` lasts: whole breaths, at least `minutes` long.
    pub fn session_ms(self, minutes: u32) -> u64 {
        let breath = self.breath_ms();
        (u64::from(minutes) * 60_000).div_ceil(breath) * breath
    }

    /// Where a session is `elapsed_ms` after it started, or `None` once it has ended.
    pub fn at(self, minutes: u32, elapsed_ms: u64) -> Option<Moment> {
        if elapsed_ms >= self.session_ms(minutes) {
            return None;
        }
        let mut into_breath = elapsed_ms % self.breath_ms();
        for (index, &(phase, seconds)) in self.phases().iter().enumerate() {
            let length = u64::from(seconds) * 1000;
            if into_breath < length {
                return Some(Moment {
                    breath: (elapsed_ms / self.breath_ms()) as u32,
                    index,
                    phase,
                    count: (into_breath / 1000) as u32 + 1,
                    seconds,
                });
            }
            into_breath -= length;
        }
        None
    }
}

/// A moment in a pacer session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moment {
    /// Which breath, from 0.
    pub breath: u32,
    /// Which phase of the breath, from 0 (a new value means a new phase, even if it has the same
    /// words as the one before).
    pub index: usize,
    pub phase: Phase,
    /// The count shown, from 1 to `seconds`.
    pub count: u32,
    /// How long this phase lasts.
    pub seconds: u32,
}

impl Moment {
    /// What the screen shows: "Breathe in… 3".
    pub fn words(&self) -> String {
        format!("{}… {}", self.phase.words(), self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relaxed_breathing_counts_five_in_and_five_out() {
        let p = BreathingPattern::Relaxed;
        let at = |ms| p.at(1, ms).unwrap();
        assert_eq!(at(0).words(), "Breathe in… 1");
        assert_eq!(at(4_999).words(), "Breathe in… 5");
        assert_eq!(at(5_000).words(), "Breathe out… 1");
        assert_eq!(at(10_000).words(), "Breathe in… 1");
        assert_eq!(at(10_000).breath, 1);
    }

    #[test]
    fn box_breathing_holds_twice_and_each_hold_is_its_own_phase() {
        let p = BreathingPattern::Box;
        let phases: Vec<(usize, Phase)> =
            (0..4).map(|i| p.at(1, i * 4_000)).map(|m| m.map(|m| (m.index, m.phase)).unwrap()).collect();
        assert_eq!(phases, vec![(0, Phase::In), (1, Phase::HoldIn), (2, Phase::Out), (3, Phase::HoldOut)]);
        assert_eq!(p.at(1, 4_000).unwrap().words(), "Hold… 1");
    }

    #[test]
    fn a_session_ends_after_whole_breaths() {
        // 60 s of 10 s breaths: exactly six.
        assert_eq!(BreathingPattern::Relaxed.session_ms(1), 60_000);
        assert_eq!(BreathingPattern::Relaxed.at(1, 59_999).map(|m| m.phase), Some(Phase::Out));
        assert_eq!(BreathingPattern::Relaxed.at(1, 60_000), None);
        // 4-7-8: 19 s breaths, so one minute is four of them (76 s), as the source suggests.
        assert_eq!(BreathingPattern::FourSevenEight.session_ms(1), 76_000);
        assert_eq!(BreathingPattern::FourSevenEight.at(1, 75_000).map(|m| m.words()), Some("Breathe out… 8".into()));
        // Box: 16 s breaths; 3 minutes is twelve breaths (192 s).
        assert_eq!(BreathingPattern::Box.session_ms(3), 192_000);
    }

    #[test]
    fn the_shape_grows_in_and_shrinks_out() {
        assert_eq!(Phase::In.scale_at_end(), 1.0);
        assert_eq!(Phase::HoldIn.scale_at_end(), 1.0);
        assert_eq!(Phase::Out.scale_at_end(), SMALLEST);
    }

    #[test]
    fn every_pattern_has_words_and_lengths() {
        for p in BreathingPattern::ALL {
            assert_eq!(BreathingPattern::parse(p.as_str()), Some(p));
            assert!(!p.lengths().is_empty() && !p.description().is_empty());
            assert!(p.phases().iter().all(|(_, s)| *s > 0));
        }
    }
}
