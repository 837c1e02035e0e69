//! Means and medians over diary numbers. Kept tiny and exact, and always summed in entry order, so the
//! same entries give the same figures on the phone and on the server.

/// A running sum for a mean.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Acc {
    pub sum: f64,
    pub n: u32,
}

impl Acc {
    pub fn add(&mut self, value: f64) {
        self.sum += value;
        self.n += 1;
    }

    pub fn add_opt(&mut self, value: Option<f64>) {
        if let Some(v) = value {
            self.add(v);
        }
    }

    pub fn mean(&self) -> Option<f64> {
        (self.n > 0).then(|| self.sum / f64::from(self.n))
    }
}

/// The middle value (the mean of the two middle ones for an even count). Sorts in place.
pub(crate) fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len() % 2 == 1 { values[mid] } else { (values[mid - 1] + values[mid]) / 2.0 })
}

/// Counts of 0–10 scores, one slot per score: pain is a whole number, so a day's scores fit in 11
/// counters and a rolling median over days costs 11 steps, not a sort.
pub(crate) type ScoreCounts = [u32; 11];

/// The median of scores given as counts per score.
pub(crate) fn counts_median(counts: &ScoreCounts) -> Option<f64> {
    let n: u32 = counts.iter().sum();
    if n == 0 {
        return None;
    }
    // The k-th smallest score (0-based).
    let kth = |k: u32| {
        let mut seen = 0;
        for (score, count) in counts.iter().enumerate() {
            seen += count;
            if seen > k {
                return score as f64;
            }
        }
        10.0
    };
    Some(if n % 2 == 1 { kth(n / 2) } else { (kth(n / 2 - 1) + kth(n / 2)) / 2.0 })
}

/// Rounded for showing and for the numbers behind a finding (2 decimals are plenty for a diary).
pub(crate) fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn medians() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [3.0]), Some(3.0));
        assert_eq!(median(&mut [5.0, 1.0, 3.0]), Some(3.0));
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 10.0]), Some(3.5));
        let mut counts = [0; 11];
        assert_eq!(counts_median(&counts), None);
        counts[4] = 2; // 4, 4, 7 → 4
        counts[7] = 1;
        assert_eq!(counts_median(&counts), Some(4.0));
        counts[9] = 1; // 4, 4, 7, 9 → 5.5
        assert_eq!(counts_median(&counts), Some(5.5));
    }

    proptest! {
        #[test]
        fn counts_median_equals_sorting_median(scores in proptest::collection::vec(0u8..=10, 0..40)) {
            let mut counts = [0; 11];
            for s in &scores {
                counts[usize::from(*s)] += 1;
            }
            let mut values: Vec<f64> = scores.iter().map(|s| f64::from(*s)).collect();
            prop_assert_eq!(counts_median(&counts), median(&mut values));
        }
    }
}
