//! Opens the right form for a quick log or for editing an entry, with a way back. Today and the
//! Diary both use it, so every form is written once.

use evenkeel_domain::diary::{ActivityKind, EntryData, EntryKind};
use leptos::prelude::*;

use crate::components::activity_form::ActivityForm;
use crate::components::dose_form::DoseForm;
use crate::components::mood_form::MoodForm;
use crate::components::pain_form::PainForm;
use crate::components::sleep_form::SleepForm;
use crate::store::Row;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogKind {
    Pain,
    Dose,
    Activity,
    Rest,
    Mood,
    Sleep,
}

impl LogKind {
    pub const QUICK: [(LogKind, &'static str, &'static str); 6] = [
        (LogKind::Pain, "Pain now", "log-pain"),
        (LogKind::Dose, "Took a dose", "log-dose"),
        (LogKind::Activity, "Activity", "log-activity"),
        (LogKind::Rest, "Rest", "log-rest"),
        (LogKind::Mood, "Mood", "log-mood"),
        (LogKind::Sleep, "Sleep last night", "log-sleep"),
    ];

    /// The form an existing entry is edited with.
    pub fn for_row(row: &Row) -> Option<Self> {
        Some(match row.kind {
            EntryKind::Pain => Self::Pain,
            EntryKind::Dose => Self::Dose,
            EntryKind::Activity => match row.entry() {
                Some(EntryData::Activity(a)) if a.kind == ActivityKind::Rest => Self::Rest,
                _ => Self::Activity,
            },
            EntryKind::Mood => Self::Mood,
            EntryKind::Sleep => Self::Sleep,
            // Medicines have their own screen; practice is logged by the player and the pacer;
            // a check-in on how reducing feels is made on My plan.
            EntryKind::Medication | EntryKind::Relaxation | EntryKind::Withdrawal => return None,
        })
    }
}

/// What is open: a form, and the entry it edits (None: a new one).
pub type Open = Option<(LogKind, Option<Row>)>;

/// [`Editor`] as a plain function, for a part that gets it from a second-stage module
/// (`components::quick_forms`).
pub type EditorFn = fn(LogKind, Option<Row>, &'static str, Callback<()>) -> AnyView;

pub fn editor_view(kind: LogKind, editing: Option<Row>, back_label: &'static str, on_done: Callback<()>) -> AnyView {
    view! { <Editor kind=kind editing=editing back_label=back_label on_done=on_done/> }.into_any()
}

#[component]
pub fn Editor(kind: LogKind, editing: Option<Row>, back_label: &'static str, on_done: Callback<()>) -> impl IntoView {
    let form = match kind {
        LogKind::Pain => view! { <PainForm editing=editing on_done=on_done/> }.into_any(),
        LogKind::Dose => view! { <DoseForm editing=editing on_done=on_done/> }.into_any(),
        LogKind::Activity => view! { <ActivityForm rest=false editing=editing on_done=on_done/> }.into_any(),
        LogKind::Rest => view! { <ActivityForm rest=true editing=editing on_done=on_done/> }.into_any(),
        LogKind::Mood => view! { <MoodForm editing=editing on_done=on_done/> }.into_any(),
        LogKind::Sleep => view! { <SleepForm editing=editing on_done=on_done/> }.into_any(),
    };
    view! {
        <div class="editor">
            <button id="editor-back" type="button" class="back-button" on:click=move |_| on_done.run(())>
                {format!("‹ {back_label}")}
            </button>
            {form}
        </div>
    }
}
