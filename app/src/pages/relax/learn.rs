//! Learn: short pages in our own words, readable offline (they are part of this part's code).
//! Calm, and clear that pain is real. No dose advice: medicines are planned with the GP.

use leptos::prelude::*;

use super::local;

/// (slug, title, one line for the list, paragraphs).
pub const PAGES: [(&str, &str, &str, &[&str]); 5] = [
    (
        "pacing",
        "Pacing and the over-activity trap",
        "Doing a bit, resting before you have to, and building up slowly.",
        &[
            "On a good day it is natural to do as much as you can. Then pain often flares, and the next days are spent recovering. This up-and-down is sometimes called boom and bust, or the over-activity trap. It isn't a failing: it's what happens when pain decides when we stop.",
            "Pacing turns this around: you decide when to stop, before pain or tiredness forces you to. Take a break part-way through a task, and switch between sitting, standing and moving.",
            "A way to start: time an activity on three ordinary days — a walk, gardening, standing at the sink. Take the average and use about 80% of it as your starting point, even on a good day. Then add a little, about 10% a week, if it's going well.",
            "Logging activity and rest on Today lets Patterns show how your days go. Your project worker can help you set starting points that fit your life.",
        ],
    ),
    (
        "flares",
        "Flares, and my flare plan",
        "What helps when pain flares, written down before you need it.",
        &[
            "A flare is a time when pain is much worse than usual, for hours or days. Flares are common with long-term pain, and they pass. They don't usually mean new damage, but if the pain is different, or you have new symptoms, talk to your GP or call NHS 111.",
            "In a flare it's hard to think clearly. That's why it helps to write a plan now, on a calmer day: what helps you, what to ease off, and who to call.",
            "Things many people find useful: a slower out-breath, a warm or cool pack, changing position often, gentle movement rather than none, cutting tasks into small pieces, and telling someone close to you what's happening.",
        ],
    ),
    (
        "sleep",
        "Sleep and pain",
        "Why they affect each other, and what can help.",
        &[
            "Pain makes sleep harder, and poor sleep makes pain feel worse the next day. Many people living with pain know this loop well.",
            "What helps most is usually regular times, a calm wind-down, a comfortable bed with pillows to support what hurts, and getting up for a while if you can't sleep, rather than lying there frustrated.",
            "The Sleep page has tips you can choose to try, one or two at a time, and shows your sleep window from your sleep diary. Keep logging Sleep last night on Today: it shows here and in Patterns.",
        ],
    ),
    (
        "medicines",
        "How the body gets used to opioid medicines",
        "What tolerance is, and what reducing can feel like.",
        &[
            "When opioid medicines are taken for a long time, the body adjusts to them. The same dose may seem to do less for the pain than it did at first. This is called tolerance. It is common in anyone who takes these medicines for a long time, and it says nothing about you as a person.",
            "The body also comes to rely on the medicine being there. If a dose is missed or the amount goes down quickly, people can feel unwell for a while: restless, sweaty, achy, with a runny nose, an upset stomach, poor sleep or low mood. Pain can feel worse for a time too.",
            "That's why any change to your medicines is planned with your GP, usually in small steps a few weeks apart, with a pause whenever it's needed. These feelings are unpleasant, but they pass.",
            "While a dose is coming down, the body's tolerance comes down too. Going back quickly to an earlier, higher dose can then be dangerous, so if you feel you need more, talk to your GP or pharmacist first.",
            "Never stop or change your medicines on your own. If you'd like to talk about it, your project worker and GP are there to plan it with you.",
        ],
    ),
    (
        "relaxation",
        "Relaxation",
        "Why a few calm minutes can change how pain feels.",
        &[
            "When pain goes on, the body stays on alert: muscles tighten, breathing gets shallow, and worry rises. All of that can turn the pain up.",
            "Relaxation doesn't take the pain away, but it can take the edge off and help you feel more in control. It's a skill: it gets easier with practice, a few minutes once or twice a day.",
            "Try the breathing pacer at any time, the body scan or muscle relaxation when you have a little longer, and the bedtime wind-down at night. If a position or a part of the body hurts, change it or skip it: there's no right way to do this.",
        ],
    ),
];

#[component]
pub fn LearnList(on_open: Callback<&'static str>) -> impl IntoView {
    view! {
        <ul class="track-list" id="learn-list">
            {PAGES
                .iter()
                .map(|&(slug, title, line, _)| view! {
                    <li class="track-card">
                        <button type="button" class="link-button learn-link" data-page=slug on:click=move |_| on_open.run(slug)>{title}</button>
                        <p class="track-text">{line}</p>
                    </li>
                })
                .collect_view()}
        </ul>
    }
}

#[component]
pub fn LearnPage(slug: &'static str, on_close: Callback<()>) -> impl IntoView {
    let Some(&(_, title, _, paragraphs)) = PAGES.iter().find(|p| p.0 == slug) else {
        return view! { <p>"That page isn't here."</p> }.into_any();
    };
    view! {
        <article class="learn-page" data-learn=slug>
            <button type="button" class="back-button" on:click=move |_| on_close.run(())>"‹ Relax"</button>
            <h1>{title}</h1>
            {paragraphs.iter().map(|p| view! { <p>{*p}</p> }).collect_view()}
            {(slug == "flares").then(|| view! { <FlarePlan/> })}
        </article>
    }
    .into_any()
}

/// The questions of the flare plan, each kept on the phone under its own line of the saved text.
const FLARE_QUESTIONS: [&str; 4] = [
    "What helps me in a flare",
    "What I'll ease off or put off",
    "Who I can tell, and their number",
    "When I'll call my GP or NHS 111",
];

#[component]
fn FlarePlan() -> impl IntoView {
    let saved: Vec<String> = local::get(local::FLARE_PLAN).split('\u{1e}').map(str::to_owned).collect();
    let answers = RwSignal::new(
        (0..FLARE_QUESTIONS.len()).map(|i| saved.get(i).cloned().unwrap_or_default()).collect::<Vec<_>>(),
    );
    view! {
        <section class="card" aria-labelledby="flare-plan-title">
            <h2 id="flare-plan-title">"My flare plan"</h2>
            <p class="hint">"Kept only on this phone. Show it to your project worker if you'd like to go through it together."</p>
            {FLARE_QUESTIONS
                .iter()
                .enumerate()
                .map(|(i, q)| {
                    let id = format!("flare-{i}");
                    view! {
                        <label class="field"><span>{*q}</span>
                        <textarea
                            id=id
                            rows="3"
                            prop:value=move || answers.with(|a| a[i].clone())
                            on:input=move |ev| {
                                answers.update(|a| a[i] = event_target_value(&ev));
                                local::set(local::FLARE_PLAN, &answers.with_untracked(|a| a.join("\u{1e}")));
                            }
                        ></textarea>
                        </label>
                    }
                })
                .collect_view()}
        </section>
    }
}
