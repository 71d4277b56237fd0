//! The settings of the commit and image rules, held by the policy (the Kubernetes and OpenAPI
//! rules' settings are fields of [`crate::Settings`]).

pub mod commit;
pub mod image;
