//! Commit message evaluator.

use crate::check::Input;
use crate::report::{InputError, InputSummary};
use crate::sink::Sink;

/// Evaluates an input forced to the commit kind (a commit message).
pub fn evaluate_input(
    _input: &Input<'_>,
    _sink: &mut Sink<'_>,
    _summaries: &mut Vec<InputSummary>,
    _errors: &mut Vec<InputError>,
) {
}
