//! Ids for what a phone makes: diary entries, medicines, goals, requests.

use uuid::Uuid;

/// A new id: a UUID of version 7, whose first 48 bits are the time in milliseconds, so an id made
/// later sorts after one made earlier, as bytes and as text. The database indexes rows by id, and
/// random ids (version 4) put each new row on its own page of that index, where ids in time order
/// share the last page or two: commits of 20 entries into a copy of the schema holding 200,000
/// wrote 45.7 pages each with random ids, 21.3 with ids in time order (BENCHMARKS.md, Sync). The
/// rest is random: a counter that starts at random each millisecond (keeping one phone's ids in
/// order) and random bits, so two phones never make the same id.
pub fn new_id() -> Uuid {
    Uuid::now_v7()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_made_later_sort_after_earlier_ones_as_text_too() {
        let ids: Vec<String> = (0..1000).map(|_| new_id().to_string()).collect();
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "in the order made");
        assert!(ids.iter().all(|id| id.as_bytes()[14] == b'7'), "version 7");
    }
}
