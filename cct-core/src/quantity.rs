//! Numbers written as Kubernetes quantities (`500m`, `2Gi`, `1e3`): read by the kube rules and the custom rules' ranges.

use crate::document::Node;

/// A node's numeric value: a number, a numeric string, or a Kubernetes quantity (`500m`, `2Gi`, `1e3`).
pub fn number(node: &Node) -> Option<f64> {
    if let Some(x) = node.as_f64() {
        return Some(x);
    }
    quantity(node.as_str()?)
}

/// A number or a Kubernetes quantity (`500m`, `2Gi`, `1e3`) written as text.
pub fn quantity(text: &str) -> Option<f64> {
    let text = text.trim();
    if let Ok(x) = text.parse::<f64>() {
        return x.is_finite().then_some(x);
    }
    const SUFFIXES: &[(&str, f64)] = &[
        ("Ki", 1024.0),
        ("Mi", 1_048_576.0),
        ("Gi", 1_073_741_824.0),
        ("Ti", 1_099_511_627_776.0),
        ("Pi", 1_125_899_906_842_624.0),
        ("Ei", 1_152_921_504_606_846_976.0),
        ("n", 1e-9),
        ("u", 1e-6),
        ("m", 1e-3),
        ("k", 1e3),
        ("M", 1e6),
        ("G", 1e9),
        ("T", 1e12),
        ("P", 1e15),
        ("E", 1e18),
    ];
    SUFFIXES.iter().find_map(|(suffix, factor)| {
        let digits = text.strip_suffix(suffix)?;
        digits
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .map(|x| x * factor)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{load_text, Limits};

    fn node(text: &str) -> Node {
        load_text(text, &Limits::default()).unwrap().remove(0).root
    }

    #[test]
    fn quantities_and_numbers() {
        assert_eq!(number(&node("500m")), Some(0.5));
        assert_eq!(number(&node("2Gi")), Some(2.0 * 1_073_741_824.0));
        assert_eq!(number(&node("'42'")), Some(42.0));
        assert_eq!(number(&node("7")), Some(7.0));
        assert_eq!(number(&node("lots")), None);
    }
}
