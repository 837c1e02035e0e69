//! Diary: every entry, day by day (newest first), in plain words, each with where it is. Filter by
//! kind; edit with the same forms as Today; delete with Undo. Days and times are the phone's wall
//! clock at the moment of logging, so "8 am" stays 8 am after a trip or a clock change.

use chrono::NaiveDate;
use evenkeel_domain::diary::EntryKind;
use leptos::prelude::*;

use crate::components::editor::{Editor, LogKind, Open};
use crate::components::entry_list::EntryList;
use crate::store::describe;
use crate::store::{Row, Store, clock};

const FILTERS: [(&str, &[EntryKind]); 7] = [
    ("All", &[]),
    ("Pain", &[EntryKind::Pain]),
    ("Doses", &[EntryKind::Dose]),
    ("Activity & rest", &[EntryKind::Activity]),
    ("Mood", &[EntryKind::Mood]),
    ("Sleep", &[EntryKind::Sleep]),
    ("Relaxation", &[EntryKind::Relaxation]),
];

#[component]
pub fn Diary() -> impl IntoView {
    let store = Store::expect();
    let filter = RwSignal::new(0usize);
    let open = RwSignal::new(None as Open);
    let meds = Memo::new(move |_| describe::medicines(&store.live(&[EntryKind::Medication])));

    let days = Memo::new(move |_| {
        let kinds = FILTERS[filter.get()].1;
        let all: &[EntryKind] = &[
            EntryKind::Pain,
            EntryKind::Dose,
            EntryKind::Activity,
            EntryKind::Mood,
            EntryKind::Sleep,
            EntryKind::Relaxation,
        ];
        let kinds = if kinds.is_empty() { all } else { kinds };
        let mut dated: Vec<(NaiveDate, String, Row)> = store
            .live(kinds)
            .into_iter()
            .filter_map(|row| {
                let entry = row.entry()?;
                Some((describe::day_of(&entry)?, describe::when(&entry)?.to_rfc3339(), row))
            })
            .collect();
        dated.sort_by(|a, b| (b.0, &b.1).cmp(&(a.0, &a.1)));
        let mut days: Vec<(NaiveDate, Vec<Row>)> = Vec::new();
        for (day, _, row) in dated {
            match days.last_mut() {
                Some((d, rows)) if *d == day => rows.push(row),
                _ => days.push((day, vec![row])),
            }
        }
        days
    });
    let close = Callback::new(move |()| open.set(None));
    let on_edit = Callback::new(move |row: Row| open.set(LogKind::for_row(&row).map(|k| (k, Some(row)))));

    view! {
        <main class="page diary" data-page="diary">
            {move || match open.get() {
                Some((kind, editing)) => view! { <Editor kind=kind editing=editing back_label="Back to Diary" on_done=close/> }.into_any(),
                None => view! {
                    <h1>"Diary"</h1>
                    <div class="chips filters" role="group" aria-label="Show">
                        {FILTERS
                            .iter()
                            .enumerate()
                            .map(|(i, (label, _))| view! {
                                <button type="button" class="chip" data-filter=i aria-pressed=move || (filter.get() == i).to_string()
                                    on:click=move |_| filter.set(i)>{*label}</button>
                            })
                            .collect_view()}
                    </div>
                    {move || {
                        if !store.loaded() {
                            return view! { <p class="empty">"Opening your diary…"</p> }.into_any();
                        }
                        if days.with(Vec::is_empty) {
                            return view! {
                                <p class="empty">"Nothing here yet. Entries you log on Today will appear here, day by day."</p>
                            }
                                .into_any();
                        }
                        days.get()
                            .into_iter()
                            .map(|(day, rows)| {
                                let heading = clock::day_heading(day);
                                view! {
                                    <section class="day" data-day=day.to_string()>
                                        <h2>{heading}</h2>
                                        <EntryList rows=Signal::stored(rows) meds=meds on_edit=on_edit/>
                                    </section>
                                }
                            })
                            .collect_view()
                            .into_any()
                    }}
                }
                    .into_any(),
            }}
        </main>
    }
}
