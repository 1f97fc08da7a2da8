//! The committed generated code is exactly what the generator makes from the pinned spec (the
//! same check as `cargo xtask codegen --check`), and generating twice gives the same bytes.
use codegen::workspace;

#[test]
fn committed_code_matches_the_generator() {
    let spec = intercom_tests::spec();
    let files = codegen::generate(&spec).expect("the pinned spec generates");
    let drift = workspace::check(&workspace::root(), &files).expect("generated files are readable");
    let report: Vec<String> = drift.iter().map(ToString::to_string).collect();
    assert!(
        drift.is_empty(),
        "{} generated files differ; run `cargo xtask codegen`:\n{}",
        drift.len(),
        report.join("\n")
    );
}

#[test]
fn generation_is_deterministic() {
    let spec = intercom_tests::spec();
    let first = codegen::generate(&spec).expect("generates");
    let second = codegen::generate(&spec).expect("generates again");
    assert_eq!(first.len(), second.len());
    for (a, b) in first.iter().zip(&second) {
        assert_eq!(a.path, b.path);
        assert!(
            a.contents == b.contents,
            "{} differs between two runs",
            a.path
        );
    }
}
