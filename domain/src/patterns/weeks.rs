//! A week's summary (7 local days ending on a given day), for "this week against last week" and for
//! the caseload flags.

use chrono::{Days, NaiveDate};

use super::index::Index;
use super::stats::Acc;

#[derive(Debug, Clone, Default)]
pub(crate) struct Week {
    pub days_with_entries: u32,
    /// Daily mean pain, averaged over days with pain logged.
    pub pain: Acc,
    pub stress: Acc,
    pub doses: u32,
    pub withdrawal_doses: u32,
    pub withdrawal_checkins: u32,
    /// Daily OME over days with a converted total.
    pub ome: Acc,
    pub ome_high_days: u32,
    pub ome_max: Option<f64>,
    pub active: Acc,
    pub sleep: Acc,
}

impl Week {
    pub fn ending(ix: &Index, end: NaiveDate) -> Self {
        let mut w = Week::default();
        for day in &ix.days[ix.week_ending(end)] {
            if day.entries > 0 {
                w.days_with_entries += 1;
            }
            w.pain.add_opt(day.pain_mean());
            w.stress.add_opt(day.stress.mean());
            w.doses += day.doses;
            w.withdrawal_doses += day.withdrawal_doses;
            w.withdrawal_checkins += day.withdrawal_checkins;
            if let Some(mg) = day.ome() {
                w.ome.add(mg);
                if mg >= crate::ome::HIGH_DOSE_OME_MG_PER_DAY {
                    w.ome_high_days += 1;
                }
                w.ome_max = Some(w.ome_max.map_or(mg, |m: f64| m.max(mg)));
            }
            w.active.add_opt(day.active().map(f64::from));
            w.sleep.add_opt(day.sleep_efficiency.mean());
        }
        w
    }

    /// Doses per day with any entry: a day with nothing logged is unknown, not a day without doses.
    pub fn doses_per_day(&self) -> Option<f64> {
        (self.days_with_entries > 0).then(|| f64::from(self.doses) / f64::from(self.days_with_entries))
    }
}

/// The day a week before.
pub(crate) fn week_before(end: NaiveDate) -> NaiveDate {
    end.checked_sub_days(Days::new(7)).unwrap_or(end)
}
