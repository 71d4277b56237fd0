//! Checks an image archive and prints the report; or generates a test archive.
//!
//! ```text
//! cargo run --release -p cct-core --example image_scan -- generate big.tar 512   # one 512 MiB layer (gzip)
//! cargo run --release -p cct-core --example image_scan -- check big.tar
//! cargo run --release -p cct-core --example image_scan -- check-dir big-oci/   # a layout folder, streamed from disk
//! ```
//! Used to measure peak memory with `/usr/bin/time -v` (see docs/image.md).

use cct_core::{check, Input, Policy};

#[path = "../../benches/support/archive.rs"]
mod archive;
use archive::generate;

#[path = "../../cct-fs/src/layout.rs"]
#[allow(dead_code)]
mod image_dir;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("generate") => {
            let path = args.get(2).expect("output path");
            let mib: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(256);
            std::fs::write(path, generate(mib)).expect("write archive");
        }
        Some("check") => {
            let path = args.get(2).expect("archive path");
            let bytes = std::fs::read(path).expect("read archive");
            let started = std::time::Instant::now();
            let report = check(&[Input::new(path.clone(), bytes)], &Policy::default());
            let elapsed = started.elapsed();
            println!("{}", report.to_json());
            eprintln!("checked in {:.3} s", elapsed.as_secs_f64());
        }
        Some("check-dir") => {
            let path = args.get(2).expect("layout folder");
            let source = image_dir::DirSource::new(path);
            let started = std::time::Instant::now();
            let report = cct_core::check_image_layout(&source, path, &Policy::default());
            let elapsed = started.elapsed();
            println!("{}", report.to_json());
            eprintln!("checked in {:.3} s", elapsed.as_secs_f64());
        }
        _ => eprintln!("usage: image_scan generate <out.tar> <MiB> | check <archive.tar> | check-dir <layout-folder>"),
    }
}
