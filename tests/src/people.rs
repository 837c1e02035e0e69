//! The people of a sharing test: patients, carers (signed up with a patient's invite), project
//! workers (made by a practice admin), an admin (made on the command line), and the links between
//! them. Plus PATCH and DELETE for the `Api` client.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::api::{Api, Reply};
use crate::server::{TestServer, binary};

pub const PASSWORD: &str = "kettle orchard blue";

#[derive(Debug, Clone)]
pub struct Person {
    pub id: String,
    pub email: String,
    pub token: String,
    pub name: String,
}

impl Person {
    fn from_auth(reply: &Reply, email: &str) -> Self {
        Self {
            id: reply.body["user"]["id"].as_str().unwrap_or_default().to_owned(),
            email: email.to_owned(),
            token: reply.access_token(),
            name: reply.body["user"]["display_name"].as_str().unwrap_or_default().to_owned(),
        }
    }
}

fn unique_email(prefix: &str) -> String {
    format!("{prefix}{}@example.com", uuid::Uuid::new_v4().simple())
}

impl Api {
    pub async fn patch(&self, path: &str, token: Option<&str>, body: &Value) -> Reply {
        self.send(Method::PATCH, path, token, None, Some(body)).await
    }

    pub async fn delete(&self, path: &str, token: Option<&str>, body: Option<&Value>) -> Reply {
        self.send(Method::DELETE, path, token, None, body).await
    }

    /// Registers with any extra fields (e.g. an invite code); returns the reply.
    pub async fn register_with(&self, email: &str, name: &str, extra: Value) -> Reply {
        let mut body =
            json!({"email": email, "password": PASSWORD, "display_name": name, "time_zone": "Europe/London"});
        if let (Some(body), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
            body.extend(extra.clone());
        }
        self.post("/api/auth/register", None, &body).await
    }

    pub async fn patient_named(&self, name: &str) -> Person {
        let email = unique_email("patient");
        let reply = self.register_with(&email, name, json!({})).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
        Person::from_auth(&reply, &email)
    }

    /// A code from `POST /api/invites`.
    pub async fn invite(&self, patient: &Person, relation: &str, scopes: &[&str]) -> String {
        let reply =
            self.post("/api/invites", Some(&patient.token), &json!({"relation": relation, "scopes": scopes})).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
        reply.body["code"].as_str().unwrap_or_default().to_owned()
    }

    /// A carer who signed up with the patient's invite for `scopes`.
    pub async fn carer_of(&self, patient: &Person, name: &str, scopes: &[&str]) -> Person {
        let code = self.invite(patient, "carer", scopes).await;
        let email = unique_email("carer");
        let reply = self.register_with(&email, name, json!({"invite_code": code})).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
        assert_eq!(reply.body["user"]["role"], "carer");
        Person::from_auth(&reply, &email)
    }

    /// The signed-in carer or worker accepts the patient's invite for `scopes`; returns the link.
    pub async fn link(&self, patient: &Person, member: &Person, relation: &str, scopes: &[&str]) -> Value {
        let code = self.invite(patient, relation, scopes).await;
        let reply = self.post("/api/invites/accept", Some(&member.token), &json!({"code": code})).await;
        assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
        reply.body
    }

    /// A worker account made by `admin`, signed in with its one-time password, which it then
    /// replaces with [`PASSWORD`].
    pub async fn worker(&self, admin: &Person, name: &str) -> Person {
        let email = unique_email("worker");
        let made =
            self.post("/api/admin/workers", Some(&admin.token), &json!({"email": email, "display_name": name})).await;
        assert_eq!(made.status, StatusCode::CREATED, "{:?}", made.body);
        let password = made.body["one_time_password"].as_str().unwrap_or_default().to_owned();
        let session = self.first_sign_in(&email, &password).await;
        Person::from_auth(&session, &email)
    }

    /// A practice-made account's first sign-in: with the one-time password, then choosing
    /// [`PASSWORD`] (nothing else is allowed before that). Returns the new session's reply, whose
    /// access token and refresh cookie work like a sign-in's.
    pub async fn first_sign_in(&self, email: &str, one_time_password: &str) -> Reply {
        let login = self.login(email, one_time_password).await;
        assert_eq!(login.status, StatusCode::OK, "{:?}", login.body);
        assert_eq!(login.body["user"]["must_change_password"], true, "{:?}", login.body);
        let changed = self.change_password(&login.access_token(), one_time_password, PASSWORD).await;
        assert_eq!(changed.status, StatusCode::OK, "{:?}", changed.body);
        changed
    }

    /// `person`'s "My data" download, file by file (`GET /api/me/export`).
    pub async fn export(&self, person: &Person) -> std::collections::BTreeMap<String, String> {
        let reply = self.http.get(format!("{}/api/me/export", self.base_url)).bearer_auth(&person.token).send().await;
        let reply = reply.expect("export");
        assert_eq!(reply.status(), StatusCode::OK);
        crate::unzip(&reply.bytes().await.expect("bytes"))
    }

    /// The link ids of `person`, with the other side's id, relation and state.
    pub async fn links(&self, person: &Person) -> Vec<Value> {
        let reply = self.get("/api/links", Some(&person.token)).await;
        assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
        reply.body.as_array().cloned().unwrap_or_default()
    }

    /// Every row of the patient's "Who has looked", newest first, read page by page.
    pub async fn audit(&self, patient: &Person) -> Vec<Value> {
        let mut rows = Vec::new();
        let mut path = "/api/audit?limit=500".to_owned();
        loop {
            let reply = self.get(&path, Some(&patient.token)).await;
            assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
            rows.extend(reply.body["rows"].as_array().cloned().expect("a page of rows"));
            match reply.body["next_before"].as_str() {
                Some(next) => path = format!("/api/audit?limit=500&before={next}"),
                None => return rows,
            }
        }
    }
}

/// Runs `evenkeel admin <command>` (create-admin, create-worker) on a database and returns the
/// one-time password it prints.
pub fn create_staff(database_url: &str, command: &str, email: &str, name: &str) -> String {
    let output = std::process::Command::new(binary())
        .args(["admin", command, "--email", email, "--name", name])
        .env("DATABASE_URL", database_url)
        .env("RUST_LOG", "warn")
        .output()
        .expect("run evenkeel admin");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}{}", String::from_utf8_lossy(&output.stderr));
    stdout
        .lines()
        .find_map(|l| l.split_once("One-time password").map(|(_, rest)| rest))
        .and_then(|rest| rest.rsplit(": ").next())
        .expect("a one-time password line")
        .trim()
        .to_owned()
}

/// A practice admin made with `evenkeel admin create-admin` on the running server's database,
/// signed in, with the one-time password replaced by [`PASSWORD`].
pub async fn admin(server: &TestServer, api: &Api) -> Person {
    let email = unique_email("admin");
    let password = create_staff(&server.home.database_url, "create-admin", &email, "Practice Admin");
    Person::from_auth(&api.first_sign_in(&email, &password).await, &email)
}
