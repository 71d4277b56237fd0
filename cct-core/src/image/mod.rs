//! Container image evaluator (OCI image configs, `docker inspect`, layouts and archives).

use crate::check::{Input, Loaded};
use crate::report::{InputError, InputSummary};
use crate::sink::Sink;

/// Evaluates image documents (configs, manifests, `docker inspect` output).
pub fn evaluate(_inputs: &[Loaded<'_>], _sink: &mut Sink<'_>) {}

/// Evaluates a binary image input (a tar archive); `None` when the input is not one.
pub fn evaluate_binary(
    _input: &Input<'_>,
    _sink: &mut Sink<'_>,
    _summaries: &mut Vec<InputSummary>,
    _errors: &mut Vec<InputError>,
) -> Option<()> {
    None
}
