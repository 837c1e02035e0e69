use actix_web::{HttpResponse, get, web};

/// The OpenAPI document, built once at start-up from the registered routes.
pub struct OpenApiJson(pub String);

/// This API's OpenAPI 3 description: every endpoint with its request and response schemas.
#[utoipa::path(tag = "system", responses((status = 200, description = "OpenAPI 3 document", content_type = "application/json")))]
#[get("/openapi.json")]
pub async fn openapi_json(doc: web::Data<OpenApiJson>) -> HttpResponse {
    HttpResponse::Ok().content_type("application/json").body(doc.0.clone())
}
