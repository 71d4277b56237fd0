//! One date test serves every front end: a date that is not on the calendar is refused by the
//! configuration, by the facade the bindings call, and by the image rules alike.

use cct_core::api::{check_text, CheckOptions, ErrorCode};
use cct_core::image::date::{today, NoDate};
use cct_core::Policy;

const NOT_A_DAY: &str = "2023-02-30";

#[test]
fn the_configuration_refuses_a_day_not_on_the_calendar() {
    let config = format!("today: \"{NOT_A_DAY}\"\n");
    assert!(Policy::from_config_str(&config, "cct.yaml").is_err());
    assert!(Policy::from_config_str("today: \"2024-02-29\"\n", "cct.yaml").is_ok());
}

#[test]
fn the_facade_refuses_it_too() {
    let opts = CheckOptions {
        today: Some(NOT_A_DAY.to_owned()),
        ..CheckOptions::default()
    };
    let err = check_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n",
        &opts,
    )
    .expect_err("an impossible date is an invalid option");
    assert_eq!(err.code, ErrorCode::InvalidOptions);
}

#[test]
fn and_so_do_the_image_rules() {
    assert_eq!(
        today(Some(NOT_A_DAY)),
        Err(NoDate::Invalid(NOT_A_DAY.to_owned()))
    );
    assert_eq!(today(Some("2024-02-29")), Ok("2024-02-29".to_owned()));
}
