//! One goal as a card: what, why and the first step, how often, and a calm row of the last weeks
//! (done, partly, not this week, or nothing said — each equally fine: no streaks, no red). The
//! patient's My plan adds its own buttons below (`children`); a carer or worker sees it as is.

use chrono::NaiveDate;
use evenkeel_domain::plan::goals::{CheckinOutcome, GoalStatus, GoalView, week_start, weeks_to_show};
use leptos::prelude::*;

use crate::store::clock;

/// "Mon 3 Nov": a week by its Monday.
fn week_label(week: NaiveDate) -> String {
    format!("{} {}", &clock::long_date(week)[..3], week.format("%-d %b"))
}

/// The symbol shown for a week (the words are beside it for screen readers).
fn mark(outcome: Option<CheckinOutcome>) -> &'static str {
    match outcome {
        Some(CheckinOutcome::Done) => "●",
        Some(CheckinOutcome::Partly) => "◐",
        Some(CheckinOutcome::NotThisWeek) => "○",
        None => "·",
    }
}

fn how_often(days: u8) -> String {
    match days {
        1 => "Once a week".into(),
        7 => "Every day".into(),
        n => format!("{n} days a week"),
    }
}

#[component]
pub fn GoalCard(
    goal: GoalView,
    #[prop(optional)] waiting: bool,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let today = clock::today();
    let this_week = week_start(today);
    let weeks = weeks_to_show(goal.created_at.date_naive(), today);
    let status = goal.status;
    let row = (status != GoalStatus::Proposed).then(|| {
        let cells = weeks
            .iter()
            .map(|week| {
                let outcome = goal.checkin_for(*week).map(|c| c.outcome);
                let said = outcome.map_or("nothing noted", CheckinOutcome::label);
                let label = if *week == this_week { "This week".to_owned() } else { format!("Week of {}", week_label(*week)) };
                view! {
                    <li class="week" class:this-week=*week == this_week data-outcome=outcome.map_or("none", CheckinOutcome::as_str)>
                        <span class="week-mark" aria-hidden="true">{mark(outcome)}</span>
                        <span class="visually-hidden">{format!("{label}: {said}")}</span>
                    </li>
                }
            })
            .collect_view();
        view! {
            <div class="weeks">
                <ul class="week-row" aria-label="The last weeks">{cells}</ul>
                <p class="hint week-key" aria-hidden="true">"● done · ◐ partly · ○ not this week"</p>
            </div>
        }
    });
    let latest_note = goal.checkins.iter().find(|c| !c.note.is_empty()).map(|c| (c.week_start, c.note.clone()));
    view! {
        <article class="card goal" data-goal=goal.id.to_string() data-status=status.as_str()>
            <h3 class="goal-what">{goal.words.what.clone()}</h3>
            {(!goal.words.why.is_empty()).then(|| view! { <p class="goal-why">"Why it matters: "{goal.words.why.clone()}</p> })}
            {(!goal.words.first_step.is_empty()).then(|| view! { <p class="goal-step">"First step: "{goal.words.first_step.clone()}</p> })}
            <p class="goal-meta">
                {how_often(goal.words.days_per_week)}
                {(status != GoalStatus::Active).then(|| format!(" · {}", status.label()))}
                {goal.words.review_on.map(|d| format!(" · look again on {}", clock::long_date(d)))}
            </p>
            {goal.proposed_by.clone().map(|by| view! { <p class="hint">{format!("Suggested by {by}")}</p> })}
            {row}
            {latest_note.map(|(week, note)| view! {
                <p class="goal-note">{format!("Week of {}: “{note}”", week_label(week))}</p>
            })}
            {waiting.then(|| view! { <p class="sync-state local" data-sync="waiting">"Saved on this phone"</p> })}
            {children.map(|c| c())}
        </article>
    }
}
