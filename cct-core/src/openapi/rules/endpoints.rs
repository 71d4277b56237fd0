//! Self-describing supervision endpoints (EX25): `/health` in problem+json, `/metrics` in Prometheus text.

use crate::document::{pointer_join, Node};
use crate::locate::Locate;
use crate::sink::RuleSink;

use super::operations::media_is;
use crate::openapi::{Api, Operation};

/// Whether a path template serves health (`/health`, `/api/v1/health`, `/health/ready`).
/// Templated paths (`/repos/{id}/health`) are business resources, not the service's probe.
pub fn is_health_path(template: &str) -> bool {
    !template.contains('{')
        && template
            .split('/')
            .any(|s| s.eq_ignore_ascii_case("health"))
}

/// Segments that may stand before `metrics` in the path of the Prometheus endpoint
/// (`/api/v1/metrics`, `/actuator/metrics`, `/internal/metrics`).
fn is_infrastructure_segment(segment: &str) -> bool {
    let s = segment.to_ascii_lowercase();
    matches!(
        s.as_str(),
        "api" | "internal" | "actuator" | "monitoring" | "management" | "private" | "_" | "-"
    ) || s
        .strip_prefix('v')
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

/// Whether a path template serves metrics (`/metrics`, `/api/metrics`): a fixed path ending in
/// `metrics` under infrastructure segments only. Templated paths (`/orgs/{org}/metrics`) and
/// business paths (`/metadata/metrics`) are resources of the API, not the Prometheus endpoint.
pub fn is_metrics_path(template: &str) -> bool {
    let segments: Vec<&str> = template
        .trim_end_matches('/')
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    match segments.split_last() {
        Some((last, before)) => {
            last.eq_ignore_ascii_case("metrics")
                && before.iter().all(|s| is_infrastructure_segment(s))
        }
        None => false,
    }
}

/// The media type keys of the responses of `op` whose code passes `keep`, references followed.
fn response_media<'a>(api: &Api<'a>, op: &Operation<'a>, keep: fn(&str) -> bool) -> Vec<String> {
    let mut out = Vec::new();
    let responses_ptr = pointer_join(&op.ptr, "responses");
    for (key, response) in op
        .node
        .get("responses")
        .map(Node::entries)
        .unwrap_or_default()
    {
        let Some(code) = key.scalar_text() else {
            continue;
        };
        if !keep(&code) {
            continue;
        }
        let Some(resolved) = api.deref(response, &pointer_join(&responses_ptr, &code)) else {
            continue;
        };
        for (media, _) in resolved
            .node
            .get("content")
            .map(Node::entries)
            .unwrap_or_default()
        {
            if let Some(m) = media.as_str() {
                out.push(m.to_owned());
            }
        }
    }
    out
}

/// `openapi/health-endpoint`: a `GET /health` operation answers `application/problem+json`.
pub fn health_endpoint(api: &Api<'_>, sink: &mut RuleSink<'_, '_>) {
    let health: Vec<&Operation<'_>> = api
        .operations()
        .iter()
        .filter(|op| op.method == "get" && is_health_path(op.template))
        .collect();
    if health.is_empty() {
        sink.report(
            api.locate("/paths/~1health"),
            Some(api.object()),
            "the API exposes no `GET /health` operation; the platform's supervision cannot probe it",
            None,
        );
        return;
    }
    for op in &health {
        let media = response_media(api, op, |_| true);
        if !media
            .iter()
            .any(|m| media_is(m, "application/problem+json"))
        {
            let found = describe_media(&media);
            sink.report(
                api.locate(&pointer_join(&op.ptr, "responses")),
                Some(op.object()),
                format!(
                    "health operation {} answers {found}, not `application/problem+json`",
                    op.display()
                ),
                None,
            );
        }
    }
}

/// The media types an operation answers, for a message (`no body` when none).
fn describe_media(media: &[String]) -> String {
    if media.is_empty() {
        return "no body".to_owned();
    }
    media
        .iter()
        .map(|m| format!("`{m}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether a media type key is the Prometheus text format or OpenMetrics.
fn is_prometheus(media: &str) -> bool {
    if media_is(media, "application/openmetrics-text") {
        return true;
    }
    if !media_is(media, "text/plain") {
        return false;
    }
    // `text/plain` alone, or with `version=0.0.4`.
    media
        .split(';')
        .skip(1)
        .filter_map(|p| p.split_once('='))
        .filter(|(k, _)| k.trim().eq_ignore_ascii_case("version"))
        .all(|(_, v)| v.trim().trim_matches('"') == "0.0.4")
}

/// `openapi/metrics-endpoint`: a `GET /metrics` operation answers Prometheus text.
pub fn metrics_endpoint(api: &Api<'_>, sink: &mut RuleSink<'_, '_>) {
    let metrics: Vec<&Operation<'_>> = api
        .operations()
        .iter()
        .filter(|op| op.method == "get" && is_metrics_path(op.template))
        .collect();
    if metrics.is_empty() {
        sink.report(
            api.locate("/paths/~1metrics"),
            Some(api.object()),
            "the API exposes no `GET /metrics` operation; the platform's supervision cannot scrape it",
            None,
        );
        return;
    }
    for op in &metrics {
        let media = response_media(api, op, |c| c.starts_with('2'));
        if !media.iter().any(|m| is_prometheus(m)) {
            let found = describe_media(&media);
            sink.report(
                api.locate(&pointer_join(&op.ptr, "responses")),
                Some(op.object()),
                format!("metrics operation {} answers {found}, not Prometheus text (`text/plain; version=0.0.4` or `application/openmetrics-text`)", op.display()),
                None,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prometheus_media_types() {
        assert!(is_prometheus("text/plain; version=0.0.4"));
        assert!(is_prometheus("text/plain;version=0.0.4; charset=utf-8"));
        assert!(is_prometheus("text/plain"));
        assert!(is_prometheus("application/openmetrics-text; version=1.0.0"));
        assert!(!is_prometheus("text/plain; version=1.0"));
        assert!(!is_prometheus("application/json"));
    }

    #[test]
    fn monitoring_paths() {
        assert!(is_health_path("/health"));
        assert!(is_health_path("/api/v1/health/ready"));
        assert!(!is_health_path("/healthcare"));
        assert!(is_metrics_path("/metrics"));
        assert!(!is_metrics_path("/metrics-summary"));
        assert!(!is_metrics_path("/orgs/{org}/copilot/metrics"));
        assert!(!is_metrics_path("/metrics/summary"));
        assert!(!is_health_path("/repos/{id}/health"));
        assert!(is_metrics_path("/api/v1/metrics"));
        assert!(is_metrics_path("/actuator/metrics"));
        assert!(!is_metrics_path("/metadata/metrics"));
    }
}
