//! Suggestions of relaxation practice: a project worker holding the patient's `relaxation` scope
//! suggests a track or a Learn page (through the gate, audited); the patient and those they share
//! relaxation with see the open ones; only the patient dismisses.

use evenkeel_domain::relax_suggestions::{SuggestionKind, SuggestionRequest, SuggestionView, learn_page_title};
use evenkeel_domain::sharing::Scope;
use uuid::Uuid;

use crate::access::{Grant, Need};
use crate::auth::caller::Caller;
use crate::db::relax_suggestions::{self, SuggestionRow};
use crate::db::{self, DbConn, audio_tracks};
use crate::error::{AppError, AppResult};

fn view(conn: &mut DbConn, row: &SuggestionRow, by_name: String) -> AppResult<SuggestionView> {
    let kind = SuggestionKind::parse(&row.item_kind).unwrap_or(SuggestionKind::Page);
    let title = match kind {
        SuggestionKind::Track => audio_tracks::find(conn, &row.item_id)?.map(|t| t.title),
        SuggestionKind::Page => learn_page_title(&row.item_id).map(str::to_owned),
    };
    Ok(SuggestionView {
        id: Uuid::parse_str(&row.id).map_err(AppError::internal)?,
        item_kind: kind,
        item_id: row.item_id.clone(),
        title: title.unwrap_or_else(|| "Something no longer here".to_owned()),
        by_name,
        created_at: row.created_at.and_utc(),
    })
}

/// The open suggestions (`Need::Read(Scope::Relaxation)`).
pub fn list(conn: &mut DbConn, grant: &Grant) -> AppResult<Vec<SuggestionView>> {
    relax_suggestions::open_for(conn, grant.patient())?.into_iter().map(|(row, name)| view(conn, &row, name)).collect()
}

/// A worker's suggestion (`Need::Suggest`): a track still listed, or a Learn page.
pub fn suggest(conn: &mut DbConn, grant: &Grant, req: &SuggestionRequest) -> AppResult<SuggestionView> {
    grant.covers(Need::Suggest(Scope::Relaxation))?;
    let known = match req.item_kind {
        SuggestionKind::Track => audio_tracks::find(conn, req.item_id.trim())?.is_some_and(|t| t.retired_at.is_none()),
        SuggestionKind::Page => learn_page_title(req.item_id.trim()).is_some(),
    };
    if !known {
        return Err(AppError::invalid_input(match req.item_kind {
            SuggestionKind::Track => "That track isn't in the list any more. Please choose another.",
            SuggestionKind::Page => "That Learn page isn't in the app. Please choose another.",
        }));
    }
    let row = SuggestionRow {
        id: db::new_id(),
        patient_id: grant.patient_id().to_owned(),
        worker_id: grant.actor_id().to_owned(),
        item_kind: req.item_kind.as_str().to_owned(),
        item_id: req.item_id.trim().to_owned(),
        created_at: db::now(),
        dismissed_at: None,
    };
    relax_suggestions::insert(conn, grant.patient(), &row)?;
    let name = crate::db::users::by_id(conn, grant.actor_id())?.map(|u| u.display_name).unwrap_or_default();
    view(conn, &row, name)
}

/// The patient dismisses one of their suggestions.
pub fn dismiss(conn: &mut DbConn, caller: &Caller, id: &str) -> AppResult<()> {
    let me = crate::access::own_patient(conn, caller, "POST /api/me/relax-suggestions/{id}/dismiss")?;
    if relax_suggestions::dismiss(conn, id, me.patient(), db::now())? {
        Ok(())
    } else {
        Err(AppError::new(evenkeel_domain::error::ErrorCode::NotFound, "That suggestion isn't here any more."))
    }
}
