//! Derogations: accepted non-conformities, recorded in `cct.yaml` or on a Kubernetes object.
//!
//! The CCT (« Gestion des non-conformités, dérogations ») asks that a
//! non-conformity be covered by a motivated derogation request, granted by a
//! notified decision, temporarily or permanently. A derogation in cct names
//! what it covers (a rule or a requirement, narrowed by path, namespace and
//! object), why (`justification`), who decided (`granted_by`) and until when
//! (`expires`). Derogations are applied after evaluation: a covered finding
//! stays in the report, marked with its derogation, and stops failing the
//! check; once the expiry date has passed it counts again and says since when.
//!
//! On a Kubernetes object, the annotation `cct.io/ignore: "<rule>: <reason>"`
//! (several entries separated by `;` or new lines) covers that object's
//! findings of that rule. The reason is required.

mod apply;
mod spec;

pub use apply::{apply, unused};
pub use spec::{compile_glob, DerogationSpec, Suppression, IGNORE_ANNOTATION, NEVER};
